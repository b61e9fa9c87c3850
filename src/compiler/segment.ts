/**
 * Programs with control flow on WebGPU. The kernel compiler handles first-order primitives; a
 * `jit` body that contains scan / while / cond is split into segments: each maximal run of
 * first-order equations becomes a nested `jit` (compiled to fused kernels as usual) and the
 * control-flow equations stay between them, run by their evaluation rule (primitives/
 * control-flow.ts), which calls each loop body as a compiled `jit` per iteration.
 */
import { Atom, Eqn, Jaxpr, Var } from '../core/jaxpr.js';
import { cse, dce, inlineCalls } from './passes/index.js';
import { hasBodies } from './passes/control-flow.js';

const segmented = new WeakMap<Jaxpr, Jaxpr | null>();

/** True when the program (calls inlined) has a control-flow equation at its top level. */
const hasControlFlow = (j: Jaxpr): boolean => j.eqns.some(hasBodies);

/**
 * The program as (first-order segments as `jit` calls, control-flow equations), or null when it
 * has no control flow (compile it whole). Cached per Jaxpr.
 */
export function segmentControlFlow(source: Jaxpr): Jaxpr | null {
  const hit = segmented.get(source);
  if (hit !== undefined) return hit;
  const flat = inlineCalls(source);
  let result: Jaxpr | null = null;
  if (hasControlFlow(flat)) {
    const j = dce(cse(flat));
    const eqns: Eqn[] = [];
    let run: Eqn[] = [];
    // Which variables are read after position i (or returned): a segment's outputs.
    const lastUse = new Map<Var, number>();
    j.eqns.forEach((e, i) => e.inputs.forEach((a) => { if (a instanceof Var) lastUse.set(a, i); }));
    j.outs.forEach((a) => { if (a instanceof Var) lastUse.set(a, Infinity); });
    const flush = (end: number) => {
      if (run.length === 0) return;
      const bound = new Set<Var>(run.flatMap((e) => e.outs));
      const ins: Var[] = [];
      const seen = new Set<Var>();
      for (const e of run) {
        for (const a of e.inputs) {
          if (a instanceof Var && !bound.has(a) && !seen.has(a)) { seen.add(a); ins.push(a); }
        }
      }
      const outs = [...bound].filter((v) => (lastUse.get(v) ?? -1) >= end);
      if (outs.length > 0) {
        const inner = new Jaxpr(ins, run, outs as Atom[]);
        eqns.push({ prim: 'jit', inputs: ins, params: { jaxpr: inner, name: 'segment' }, outs });
      }
      run = [];
    };
    j.eqns.forEach((e, i) => {
      if (hasBodies(e)) { flush(i); eqns.push(e); } else run.push(e);
    });
    flush(j.eqns.length);
    result = new Jaxpr(j.inVars, eqns, j.outs, j.numConsts);
  }
  segmented.set(source, result);
  return result;
}
