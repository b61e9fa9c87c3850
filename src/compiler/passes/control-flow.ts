/**
 * Dead-code elimination inside control flow (scan, while, cond), which dce.ts calls for an
 * equation with some outputs live: outputs nobody reads are dropped from the bodies, and so are
 * carries that no live value depends on, and inputs no body reads any more (JAX's
 * dce_jaxpr rules for scan / while / cond). A carry is only dropped together with its output and
 * only when no live output, ys, or the predicate of a while reads it, directly or through other
 * carries over later iterations (a fixed point); so the values of the live outputs are unchanged.
 */
import { Atom, Eqn, Jaxpr } from '../../core/jaxpr.js';
import type { ScanParams } from '../../core/primitive.js';

/** `j` restricted to the outputs in `keep`, with dead equations removed; which inputs it still reads. */
function prune(j: Jaxpr, keep: readonly boolean[], dce: (j: Jaxpr) => Jaxpr): { jaxpr: Jaxpr; used: boolean[] } {
  const pruned = dce(new Jaxpr(j.inVars, j.eqns, j.outs.filter((_, i) => keep[i]), j.numConsts));
  const read = new Set<Atom>();
  for (const e of pruned.eqns) e.inputs.forEach((a) => read.add(a));
  pruned.outs.forEach((a) => read.add(a));
  return { jaxpr: pruned, used: j.inVars.map((v) => read.has(v)) };
}

const withInputs = (j: Jaxpr, keep: readonly boolean[]): Jaxpr => new Jaxpr(j.inVars.filter((_, i) => keep[i]), j.eqns, j.outs);
const count = (m: readonly boolean[]): number => m.filter(Boolean).length;

export function pruneControlFlow(e: Eqn, live: readonly boolean[], dce: (j: Jaxpr) => Jaxpr): Eqn {
  if (e.prim === 'scan') {
    const p = e.params;
    const { numConsts: C, numCarry: K } = p;
    const liveK = live.slice(0, K);
    const liveY = live.slice(K);
    let r: ReturnType<typeof prune>;
    for (;;) {
      r = prune(p.jaxpr, [...liveK, ...liveY], dce);
      const usedK = r.used.slice(C, C + K);
      if (usedK.every((u, i) => !u || liveK[i])) break;
      usedK.forEach((u, i) => { if (u) liveK[i] = true; });
    }
    const keepIn = [...r.used.slice(0, C), ...liveK, ...r.used.slice(C + K)];
    const jaxpr = withInputs(r.jaxpr, keepIn);
    const params: ScanParams = { ...p, jaxpr, numConsts: count(r.used.slice(0, C)), numCarry: count(liveK) };
    const keepOut = [...liveK, ...liveY];
    return { prim: 'scan', inputs: e.inputs.filter((_, i) => keepIn[i]), params, outs: e.outs.filter((_, i) => keepOut[i]) };
  }
  if (e.prim === 'cond') {
    const p = e.params;
    const rs = p.branches.map((b) => prune(b, live, dce));
    const used = p.branches[0].inVars.map((_, i) => rs.some((r) => r.used[i]));
    const branches = rs.map((r) => withInputs(r.jaxpr, used));
    return { prim: 'cond', inputs: [e.inputs[0], ...e.inputs.slice(1).filter((_, i) => used[i])], params: { branches }, outs: e.outs.filter((_, i) => live[i]) };
  }
  if (e.prim === 'while') {
    const p = e.params;
    const CC = p.condNumConsts, BC = p.bodyNumConsts;
    const condUsed = prune(p.cond, [true], dce).used;
    const liveK = live.map((l, i) => l || condUsed[CC + i]);
    let r: ReturnType<typeof prune>;
    for (;;) {
      r = prune(p.body, liveK, dce);
      const usedK = r.used.slice(BC);
      if (usedK.every((u, i) => !u || liveK[i])) break;
      usedK.forEach((u, i) => { if (u) liveK[i] = true; });
    }
    const cond = withInputs(p.cond, [...p.cond.inVars.slice(0, CC).map(() => true), ...liveK]);
    const body = withInputs(r.jaxpr, [...r.jaxpr.inVars.slice(0, BC).map(() => true), ...liveK]);
    const keepIn = [...e.inputs.slice(0, CC + BC).map(() => true), ...liveK];
    return { prim: 'while', inputs: e.inputs.filter((_, i) => keepIn[i]), params: { ...p, cond, body }, outs: e.outs.filter((_, i) => liveK[i]) };
  }
  return e;
}

/** Control-flow equations whose bodies another pass should clean too. */
export const hasBodies = (e: Eqn): boolean => e.prim === 'scan' || e.prim === 'while' || e.prim === 'cond';

/** The equation with `f` applied to each of its bodies (calling convention unchanged). */
export function mapBodies(e: Eqn, f: (j: Jaxpr) => Jaxpr): Eqn {
  if (e.prim === 'scan') return { ...e, params: { ...e.params, jaxpr: f(e.params.jaxpr) } };
  if (e.prim === 'while') return { ...e, params: { ...e.params, cond: f(e.params.cond), body: f(e.params.body) } };
  if (e.prim === 'cond') return { ...e, params: { branches: e.params.branches.map(f) } };
  return e;
}

