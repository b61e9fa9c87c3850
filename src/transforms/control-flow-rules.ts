/**
 * The transformation rules of scan, while and cond (lax.scan / whileLoop / switch), after JAX's
 * control_flow rules, written on fluxion's machinery. Each is a transformation of the bodies:
 *  - jvp: the body's jvp, tangents as extra carries / operands / ys; which carries have a
 *    non-zero tangent is found by a fixed point (a carry whose tangent the body makes non-zero
 *    gets one from the start);
 *  - vmap: the body vmapped, batched carries found by a fixed point; a batched cond predicate
 *    turns into a select of every branch, a batched while predicate into "run while any lane is
 *    true, finished lanes keep their carry";
 *  - partial evaluation (what linearize/grad need): the body split into a known part, run now,
 *    and an unknown (tangent) part, staged; a scan's residuals come out of the known scan stacked
 *    per iteration (residuals that are loop constants are passed as constants instead);
 *  - transpose of scan: a scan in the opposite direction over the cotangents (carries), with the
 *    cotangents of linear constants accumulated as extra carries; of cond: each branch
 *    transposed. A while loop has no transpose (its trip count is unknown), so grad through it
 *    raises a named error, as in JAX.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { Jaxpr, Var, evalJaxpr } from '../core/jaxpr.js';
import type { CondParams, ScanParams, WhileParams } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor, Tracer } from '../core/tensor.js';
import { bind, withTrace } from '../core/trace.js';
import {
  condAbstractEval, joinBranches, scanAbstractEval, sliceAval, stackedAval, whileAbstractEval,
} from '../primitives/control-flow.js';
import { moveBatchAxis } from '../primitives/helpers.js';
import * as lax from '../primitives/lax.js';
import { UndefinedPrimal, type BatchDim, type Rules, type Tangent } from '../primitives/rules.js';
import { jvpFlat } from './jvp.js';
import { PartialEvalTrace, partialEvalJaxpr, partialEvalRules } from './partial-eval.js';
import { backwardPass } from './transpose.js';
import { BatchTracer, vmapFlat } from './vmap.js';

interface Closed { jaxpr: Jaxpr; consts: Tensor[] }

const close = (fn: (...xs: Tensor[]) => Tensor[], avals: ShapedArray[], name: string): Closed => {
  const { jaxpr, consts } = traceToJaxpr(fn, avals, name);
  return { jaxpr: constsAsInputs(jaxpr), consts };
};

const pick = <T>(xs: readonly T[], mask: readonly boolean[]): T[] => xs.filter((_, i) => mask[i]);
const or = (a: readonly boolean[], b: readonly boolean[]): boolean[] => a.map((x, i) => x || b[i]);
const sameMask = (a: readonly boolean[], b: readonly boolean[]): boolean => a.every((x, i) => x === b[i]);
const zeros = (a: ShapedArray): Tensor => lax.zerosLike(a);
const batchedAval = (a: ShapedArray, size: number): ShapedArray => new ShapedArray([size, ...a.shape], a.dtype);

/**
 * Derived bodies are cached per (body, masks), as jit caches its derived programs: an eager grad
 * or vmap of a loop called every step then re-uses the same Jaxprs (and, on WebGPU, their compiled
 * programs). Not cached when a derived body captured a tracer of an enclosing transformation.
 */
const derivedCache = new WeakMap<Jaxpr, Map<string, Closed & { outNz?: boolean[]; outB?: boolean[] }>>();
function memo<T extends Closed>(j: Jaxpr, key: string, make: () => T): T {
  let m = derivedCache.get(j);
  if (!m) derivedCache.set(j, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit as T;
  const made = make();
  if (!made.consts.some((c) => c instanceof Tracer)) m.set(key, made);
  return made;
}
const maskKey = (...ms: boolean[][]): string => ms.map((m) => m.map(Number).join('')).join('|');

/**
 * The jvp of a closed body: (primals, tangents of `nzIn`) → (outputs, tangents of the outputs in
 * `outNz`), where outNz is every output with a non-zero float tangent, plus `force`d float ones.
 */
function jvpBody(j: Jaxpr, nzIn: boolean[], force: boolean[], name: string): Closed & { outNz: boolean[] } {
  return memo(j, `jvp|${maskKey(nzIn, force)}`, () => jvpBodyUncached(j, nzIn, force, name));
}
function jvpBodyUncached(j: Jaxpr, nzIn: boolean[], force: boolean[], name: string): Closed & { outNz: boolean[] } {
  const outNz = j.outs.map(() => false);
  const c = close((...xs) => {
    const primals = xs.slice(0, j.inVars.length);
    let k = j.inVars.length;
    const tangents = nzIn.map((nz) => (nz ? xs[k++] : null));
    const [outs, outTs] = jvpFlat((...ps) => evalJaxpr(j, ps), primals, tangents);
    outs.forEach((o, i) => { outNz[i] = isFloat(o.dtype) && (outTs[i] !== null || force[i]); });
    return [...outs, ...outs.flatMap((o, i) => (outNz[i] ? [outTs[i] ?? lax.zerosLike(o)] : []))];
  }, [...j.inAvals, ...pick(j.inAvals, nzIn)], name);
  return { ...c, outNz };
}

/** The body vmapped: inputs batched at 0 where `inB`; outputs batched at 0 where batched or `force`d. */
function vmapBody(j: Jaxpr, inB: boolean[], force: boolean[], size: number, name: string): Closed & { outB: boolean[] } {
  return memo(j, `vmap|${size}|${maskKey(inB, force)}`, () => vmapBodyUncached(j, inB, force, size, name));
}
function vmapBodyUncached(j: Jaxpr, inB: boolean[], force: boolean[], size: number, name: string): Closed & { outB: boolean[] } {
  const outB = j.outs.map(() => false);
  const c = close((...xs) => {
    let outs: Tensor[] = [];
    return vmapFlat((...ys) => {
      outs = evalJaxpr(j, ys);
      outs.forEach((o, i) => { outB[i] = o instanceof BatchTracer || force[i]; });
      return outs;
    }, xs, inB.map((b) => (b ? 0 : null)), size, () => outB.map((b) => (b ? 0 : null)));
  }, j.inAvals.map((a, i) => (inB[i] ? batchedAval(a, size) : a)), name);
  return { ...c, outB };
}

/** The same program with its inputs (after the first `lead`) and outputs in another order. */
function permuted(j: Jaxpr, lead: number, inOrder: number[], outOrder: number[]): Jaxpr {
  const rest = j.inVars.slice(lead);
  return new Jaxpr([...j.inVars.slice(0, lead), ...inOrder.map((i) => rest[i])], j.eqns, outOrder.map((i) => j.outs[i]));
}

/** Positions 0..n-1 grouped: for layout [a, b] → [a', b'] given group sizes. */
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

// ---------------------------------------------------------------------------------------------
// scan

function splitScan<T>(xs: readonly T[], p: ScanParams): [T[], T[], T[]] {
  return [xs.slice(0, p.numConsts), xs.slice(p.numConsts, p.numConsts + p.numCarry), xs.slice(p.numConsts + p.numCarry)];
}

const scanJvp: Rules<'scan'>['jvp'] = (primals, tangents, p) => {
  const { jaxpr, numConsts: C, numCarry: K } = p;
  const X = jaxpr.inVars.length - C - K;
  const nz = tangents.map((t, i) => t !== null && isFloat(primals[i].dtype));
  const [nzC, , nzX] = splitScan(nz, p);
  let nzK = nz.slice(C, C + K);
  let d: ReturnType<typeof jvpBody>;
  for (;;) {
    d = jvpBody(jaxpr, [...nzC, ...nzK, ...nzX], [...nzK, ...jaxpr.outs.slice(K).map(() => false)], 'jvp_scan');
    const outK = d.outNz.slice(0, K);
    if (sameMask(or(outK, nzK), nzK)) break;
    nzK = or(nzK, outK);
  }
  const nC = nzC.filter(Boolean).length, nK = nzK.filter(Boolean).length, nX = nzX.filter(Boolean).length;
  const Y = jaxpr.outs.length - K, nY = d.outNz.slice(K).filter(Boolean).length;
  // jvpBody's layout is (primals: C K X, tangents: nC nK nX) → (outs: K Y, tangents: nK nY); the scan's
  // is (consts C nC, carry K nK, xs X nX) → (carry K nK, ys Y nY).
  const P = C + K + X;
  const inOrder = [...range(0, C), ...range(P, nC), ...range(C, K), ...range(P + nC, nK), ...range(C + K, X), ...range(P + nC + nK, nX)];
  const outOrder = [...range(0, K), ...range(K + Y, nK), ...range(K, Y), ...range(K + Y + nK, nY)];
  const body = permuted(d.jaxpr, d.consts.length, inOrder, outOrder);
  const [c, k, x] = splitScan(primals, p);
  const [tc, tk, tx] = splitScan(tangents, p);
  const args = [...d.consts, ...c, ...pick(tc, nzC) as Tensor[], ...k,
    ...tk.flatMap((t, i) => (nzK[i] ? [t ?? zeros(k[i].aval)] : [])), ...x, ...pick(tx, nzX) as Tensor[]];
  const outs = bind('scan', args, { ...p, jaxpr: body, numConsts: d.consts.length + C + nC, numCarry: K + nK });
  const carry = outs.slice(0, K), carryT = outs.slice(K, K + nK), ys = outs.slice(K + nK, K + nK + Y), ysT = outs.slice(K + nK + Y);
  let a = 0, b = 0;
  return [[...carry, ...ys], [...nzK.map((n) => (n ? carryT[a++] : null)), ...d.outNz.slice(K).map((n) => (n ? ysT[b++] : null))]];
};

const scanVmap: Rules<'scan'>['vmap'] = (args, dims, p, size) => {
  const { jaxpr, numConsts: C, numCarry: K } = p;
  const b = dims.map((d) => d !== null);
  const [bC, , bX] = splitScan(b, p);
  let bK = b.slice(C, C + K);
  let d: ReturnType<typeof vmapBody>;
  for (;;) {
    d = vmapBody(jaxpr, [...bC, ...bK, ...bX], [...bK, ...jaxpr.outs.slice(K).map(() => false)], size, 'vmap_scan');
    const outK = d.outB.slice(0, K);
    if (sameMask(or(outK, bK), bK)) break;
    bK = or(bK, outK);
  }
  const [c, k, x] = splitScan(args, p);
  const [dc, dk, dx] = splitScan(dims, p);
  const moved = [
    ...c.map((v, i) => (dc[i] === null ? v : moveBatchAxis(v, dc[i], 0, size))),
    ...k.map((v, i) => (bK[i] ? moveBatchAxis(v, dk[i], 0, size) : v)),
    // The scan runs over axis 0 of xs, so their batch axis goes to 1 (a slice is then batched at 0).
    ...x.map((v, i) => (dx[i] === null ? v : moveBatchAxis(v, dx[i], 1, size))),
  ];
  const outs = bind('scan', [...d.consts, ...moved], { ...p, jaxpr: d.jaxpr, numConsts: d.consts.length + C });
  return [outs, [...bK.map((bb) => (bb ? 0 : null)), ...d.outB.slice(K).map((bb) => (bb ? 1 : null))]];
};

/**
 * Partial evaluation of a scan: the known part runs now as a scan over the known inputs, giving
 * the known outputs and the residuals (stacked per iteration); the unknown part is staged as a
 * scan over the residuals and the unknown inputs.
 */
function scanPartialEval(trace: PartialEvalTrace, args: Tensor[], params: unknown): Tensor[] {
  const p = params as ScanParams;
  const { jaxpr, numConsts: C, numCarry: K } = p;
  const unknown = args.map((a) => trace.isUnknown(a));
  const [uC, , uX] = splitScan(unknown, p);
  let uK = unknown.slice(C, C + K);
  let split: ReturnType<typeof partialEvalJaxpr>;
  for (;;) {
    split = partialEvalJaxpr(jaxpr, [...uC, ...uK, ...uX]);
    const outK = split.outUnknown.slice(0, K);
    if (sameMask(or(outK, uK), uK)) break;
    uK = or(uK, outK);
  }
  const outU = split.outUnknown;
  // Carries unknown on entry whose new value the known part computes ("forced"): the known scan
  // stacks those values and the unknown body returns them.
  const forced = uK.map((u, i) => u && !outU[i]);
  const known = split.known;
  const nKnownOuts = known.outs.length - split.numResiduals;
  const knownOuts = known.outs.slice(0, nKnownOuts), residuals = known.outs.slice(nKnownOuts);
  // Map each known output (original order, unknown ones skipped) to its original index.
  const knownIdx = outU.flatMap((u, i) => (u ? [] : [i]));
  const realCarry: number[] = [], forcedOut: number[] = [], knownYs: number[] = [];
  knownIdx.forEach((orig, pos) => {
    if (orig < K) (forced[orig] ? forcedOut : realCarry).push(pos); else knownYs.push(pos);
  });
  // Residuals that are constants of the known body (a weight matrix, ...) go in as constants, not stacked.
  const nKC = split.knownConsts.length, nKnownConstIns = nKC + pick(uC, uC.map((u) => !u)).length;
  const constRes: number[] = [], stackedRes: number[] = [];
  residuals.forEach((r, i) => {
    const at = r instanceof Var ? known.inVars.indexOf(r) : -1;
    (at >= 0 && at < nKnownConstIns ? constRes : stackedRes).push(i);
  });
  const knownBody = new Jaxpr(known.inVars, known.eqns,
    [...realCarry.map((i) => knownOuts[i]), ...knownYs.map((i) => knownOuts[i]), ...forcedOut.map((i) => knownOuts[i]), ...stackedRes.map((i) => residuals[i])]);
  const [c, k, x] = splitScan(args, p);
  const notU = (m: boolean[]) => m.map((u) => !u);
  const kConsts = pick(c, notU(uC)), kCarry = pick(k, notU(uK)), kXs = pick(x, notU(uX));
  const knownRes = withTrace(trace.parent!, () => bind('scan', [...split.knownConsts, ...kConsts, ...kCarry, ...kXs],
    { ...p, jaxpr: knownBody, numConsts: nKC + kConsts.length, numCarry: kCarry.length }));
  let q = 0;
  const kCarryOut = knownRes.slice(q, (q += realCarry.length));
  const kYsOut = knownRes.slice(q, (q += knownYs.length));
  const forcedStacked = knownRes.slice(q, (q += forcedOut.length));
  const resStacked = knownRes.slice(q);
  // The known-body inputs that constRes residuals are: their values, from the known scan's inputs.
  const knownIns = [...split.knownConsts, ...kConsts];
  const constResVals = constRes.map((i) => knownIns[known.inVars.indexOf(residuals[i] as Var)]);

  // The unknown scan: consts (constRes, unknown consts), carry (unknown carries), xs (stacked residuals, forced values, unknown xs).
  const uCArgs = pick(c, uC), uKArgs = pick(k, uK), uXArgs = pick(x, uX);
  const resAvals = residuals.map((r) => r.aval);
  const forcedAvals = forcedOut.map((i) => knownOuts[i].aval);
  const unknownBody = close((...xs) => {
    let o = 0;
    const cr = xs.slice(o, (o += constRes.length)), uc = xs.slice(o, (o += uCArgs.length)), uk = xs.slice(o, (o += uKArgs.length));
    const sr = xs.slice(o, (o += stackedRes.length)), fv = xs.slice(o, (o += forcedOut.length)), ux = xs.slice(o);
    const res: Tensor[] = new Array(residuals.length);
    constRes.forEach((ri, j) => { res[ri] = cr[j]; });
    stackedRes.forEach((ri, j) => { res[ri] = sr[j]; });
    const outs = evalJaxpr(split.unknown, [...res, ...uc, ...uk, ...ux]);
    // outs: unknown outputs in original order (carries then ys).
    const uIdx = outU.flatMap((u, i) => (u ? [i] : []));
    const byOrig = new Map(uIdx.map((orig, j) => [orig, outs[j]] as const));
    let f = 0;
    const carryOut = uK.flatMap((u, i) => (!u ? [] : [outU[i] ? byOrig.get(i)! : fv[f++]]));
    const ysOut = uIdx.filter((i) => i >= K).map((i) => byOrig.get(i)!);
    return [...carryOut, ...ysOut];
  }, [...constRes.map((i) => resAvals[i]), ...uCArgs.map((a) => a.aval), ...uKArgs.map((a) => a.aval),
    ...stackedRes.map((i) => resAvals[i]), ...forcedAvals, ...uXArgs.map((a) => sliceAval(a.aval))], 'scan_lin');
  const unknownOuts = trace.stageEqn('scan', [...unknownBody.consts, ...constResVals, ...uCArgs, ...uKArgs, ...resStacked, ...forcedStacked, ...uXArgs], {
    ...p, jaxpr: unknownBody.jaxpr, numConsts: unknownBody.consts.length + constRes.length + uCArgs.length, numCarry: uKArgs.length,
  });
  const nUK = uKArgs.length;
  let kc = 0, ky = 0, ukc = 0, uky = 0;
  return jaxpr.outs.map((_, i) => {
    if (i < K) return uK[i] ? unknownOuts[ukc++] : kCarryOut[kc++];
    return outU[i] ? unknownOuts[nUK + uky++] : kYsOut[ky++];
  });
}

/**
 * Transpose of a linear scan: carries are linear (a known initial carry — a zero tangent made
 * concrete — is treated as linear too: its cotangent is dropped), constants and xs may be either.
 * The transposed scan runs the other way with carries (accumulated constant cotangents, carry
 * cotangents) over xs (non-linear xs, output cotangents), and stacks the xs cotangents.
 */
const scanTranspose: NonNullable<Rules<'scan'>['transpose']> = (cts, args, p) => {
  const { jaxpr, numConsts: C, numCarry: K, length } = p;
  const [c, k, x] = splitScan(args, p);
  const linC = c.map((a) => a instanceof UndefinedPrimal), linX = x.map((a) => a instanceof UndefinedPrimal);
  const inAvals = jaxpr.inAvals;
  const [cAvals, kAvals, xAvals] = splitScan(inAvals, p);
  const nlC = c.filter((a): a is Tensor => !(a instanceof UndefinedPrimal));
  const nlX = x.filter((a): a is Tensor => !(a instanceof UndefinedPrimal));
  const yAvals = jaxpr.outAvals.slice(K);
  const linCAvals = pick(cAvals, linC), linXAvals = pick(xAvals, linX);
  const body = memo(jaxpr, `T|${C}|${K}|${maskKey(linC, linX)}`, () => close((...xs) => {
    let o = 0;
    const nc = xs.slice(o, (o += nlC.length)), acc = xs.slice(o, (o += linCAvals.length)), ctK = xs.slice(o, (o += K));
    const nx = xs.slice(o, (o += nlX.length)), ctY = xs.slice(o);
    let a = 0, b = 0;
    const bodyArgs = [
      ...cAvals.map((av, i) => (linC[i] ? new UndefinedPrimal(av) : nc[a++])),
      ...kAvals.map((av) => new UndefinedPrimal(av)),
      ...xAvals.map((av, i) => (linX[i] ? new UndefinedPrimal(av) : nx[b++])),
    ];
    const inCts = backwardPass(jaxpr, bodyArgs, [...ctK, ...ctY]);
    const [ctc, ctk, ctx] = splitScan(inCts, p);
    let m = 0;
    const newAcc = ctc.flatMap((t, i) => (linC[i] ? [t === null ? acc[m++] : lax.add(acc[m++], t)] : []));
    return [...newAcc, ...ctk.map((t, i) => t ?? zeros(kAvals[i])), ...ctx.flatMap((t, i) => (linX[i] ? [t ?? zeros(xAvals[i])] : []))];
  }, [...nlC.map((t) => t.aval), ...linCAvals, ...kAvals, ...nlX.map((t) => sliceAval(t.aval)), ...yAvals], 'transpose_scan'));
  const ctCarry = cts.slice(0, K).map((t, i) => t ?? zeros(kAvals[i]));
  const ctYs = cts.slice(K).map((t, i) => t ?? zeros(stackedAval(yAvals[i], length)));
  const outs = bind('scan', [...body.consts, ...nlC, ...linCAvals.map(zeros), ...ctCarry, ...nlX, ...ctYs], {
    ...p, jaxpr: body.jaxpr, numConsts: body.consts.length + nlC.length, numCarry: linCAvals.length + K, reverse: !p.reverse,
  });
  const accOut = outs.slice(0, linCAvals.length), ctInit = outs.slice(linCAvals.length, linCAvals.length + K), ctXs = outs.slice(linCAvals.length + K);
  let a = 0, b = 0;
  return [
    ...linC.map((l) => (l ? accOut[a++] : null)),
    ...k.map((arg, i) => (arg instanceof UndefinedPrimal ? ctInit[i] : null)),
    ...linX.map((l) => (l ? ctXs[b++] : null)),
  ];
};

export const scanRules: Rules<'scan'> = {
  abstractEval: scanAbstractEval,
  jvp: scanJvp,
  vmap: scanVmap,
  transpose: scanTranspose,
};

// ---------------------------------------------------------------------------------------------
// cond (switch)

const condJvp: Rules<'cond'>['jvp'] = ([index, ...ops], [, ...ts], p) => {
  const nz = ts.map((t, i) => t !== null && isFloat(ops[i].dtype));
  const nOut = p.branches[0].outs.length;
  let force = new Array<boolean>(nOut).fill(false);
  let ds = p.branches.map((b, i) => jvpBody(b, nz, force, `jvp_branch_${i}`));
  const union = ds.reduce((m, d) => or(m, d.outNz), force);
  if (ds.some((d) => !sameMask(d.outNz, union))) {
    force = union;
    ds = p.branches.map((b, i) => jvpBody(b, nz, force, `jvp_branch_${i}`));
  }
  const { branches, consts } = joinBranches(ds);
  const outs = bind('cond', [index, ...consts, ...ops, ...pick(ts, nz) as Tensor[]], { branches });
  let k = nOut;
  return [outs.slice(0, nOut), union.map((u) => (u ? outs[k++] : null))];
};

const condVmap: Rules<'cond'>['vmap'] = ([index, ...ops], [di, ...dims], p, size) => {
  const n = p.branches.length;
  if (di !== null) {
    // A batched index: every branch runs on the whole batch, and each element takes its branch's result.
    const idx = moveBatchAxis(index, di, 0, size);
    const outs = p.branches.map((b) => vmapFlat((...xs) => evalJaxpr(b, xs), ops, dims, size, 0));
    const res = outs[0].map((_, j) => {
      let acc = outs[n - 1][j];
      for (let k = n - 2; k >= 0; k--) {
        const hit = lax.compare(idx, lax.full([size], k, 'int32'), 'eq');
        acc = lax.where(lax.broadcastInDim(hit, acc.shape, [0]), outs[k][j], acc);
      }
      return acc;
    });
    return [res, res.map(() => 0)];
  }
  const inB = dims.map((d) => d !== null);
  const moved = ops.map((v, i) => (dims[i] === null ? v : moveBatchAxis(v, dims[i], 0, size)));
  let force = p.branches[0].outs.map(() => false);
  let ds = p.branches.map((b, i) => vmapBody(b, inB, force, size, `vmap_branch_${i}`));
  const union = ds.reduce((m, d) => or(m, d.outB), force);
  if (ds.some((d) => !sameMask(d.outB, union))) {
    force = union;
    ds = p.branches.map((b, i) => vmapBody(b, inB, force, size, `vmap_branch_${i}`));
  }
  const { branches, consts } = joinBranches(ds);
  const outs = bind('cond', [index, ...consts, ...moved], { branches });
  return [outs, union.map((u) => (u ? 0 : null))];
};

/** Partial evaluation of cond: a known cond (known outputs and every branch's residuals) and a staged unknown one. */
function condPartialEval(trace: PartialEvalTrace, args: Tensor[], params: unknown): Tensor[] {
  const p = params as CondParams;
  const [index, ...ops] = args;
  if (trace.isUnknown(index)) return trace.stageEqn('cond', args, p);
  const uIn = ops.map((a) => trace.isUnknown(a));
  const splits = p.branches.map((b) => partialEvalJaxpr(b, uIn));
  const outU = splits.reduce((m, s) => or(m, s.outUnknown), p.branches[0].outs.map(() => false));
  // Residual slots: each branch's residuals, then the outputs it knows that others do not (forced).
  const resAvals: ShapedArray[][] = splits.map((s, b) => [
    ...s.unknown.inAvals.slice(0, s.numResiduals),
    ...p.branches[b].outAvals.filter((_, i) => outU[i] && !s.outUnknown[i]),
  ]);
  const allRes = resAvals.flat();
  const offset = resAvals.map((_, b) => resAvals.slice(0, b).reduce((n, r) => n + r.length, 0));
  const kOps = ops.filter((_, i) => !uIn[i]);
  const knownBranches = splits.map((s, b) => close((...xs) => {
    const outs = evalJaxpr(s.known, [...s.knownConsts, ...xs]);
    const nKnown = outs.length - s.numResiduals;
    const kIdx = s.outUnknown.flatMap((u, i) => (u ? [] : [i]));
    const byOrig = new Map(kIdx.map((orig, j) => [orig, outs[j]] as const));
    const own = [...outs.slice(nKnown), ...p.branches[b].outs.flatMap((_, i) => (outU[i] && !s.outUnknown[i] ? [byOrig.get(i)!] : []))];
    const res = allRes.map((a, r) => (r >= offset[b] && r < offset[b] + own.length ? own[r - offset[b]] : zeros(a)));
    return [...p.branches[b].outs.flatMap((_, i) => (outU[i] ? [] : [byOrig.get(i)!])), ...res];
  }, kOps.map((a) => a.aval), `branch_${b}_known`));
  const kj = joinBranches(knownBranches);
  const knownRes = withTrace(trace.parent!, () => bind('cond', [index, ...kj.consts, ...kOps], { branches: kj.branches }));
  const nKnownOut = outU.filter((u) => !u).length;
  const knownOuts = knownRes.slice(0, nKnownOut), res = knownRes.slice(nKnownOut);
  const uOps = ops.filter((_, i) => uIn[i]);
  const unknownBranches = splits.map((s, b) => close((...xs) => {
    const r = xs.slice(0, allRes.length), u = xs.slice(allRes.length);
    const own = r.slice(offset[b], offset[b] + resAvals[b].length);
    const outs = evalJaxpr(s.unknown, [...own.slice(0, s.numResiduals), ...u]);
    const uIdx = s.outUnknown.flatMap((un, i) => (un ? [i] : []));
    const byOrig = new Map(uIdx.map((orig, j) => [orig, outs[j]] as const));
    let f = s.numResiduals;
    return p.branches[b].outs.flatMap((_, i) => (!outU[i] ? [] : [s.outUnknown[i] ? byOrig.get(i)! : own[f++]]));
  }, [...allRes, ...uOps.map((a) => a.aval)], `branch_${b}_lin`));
  const uj = joinBranches(unknownBranches);
  const unknownOuts = trace.stageEqn('cond', [index, ...uj.consts, ...res, ...uOps], { branches: uj.branches });
  let a = 0, b = 0;
  return outU.map((u) => (u ? unknownOuts[a++] : knownOuts[b++]));
}

const condTranspose: NonNullable<Rules<'cond'>['transpose']> = (cts, [index, ...ops], p) => {
  if (index instanceof UndefinedPrimal) throw new ArgumentError('lax.switch: the branch index cannot be linear (fluxion bug: please report).');
  const lin = ops.map((a) => a instanceof UndefinedPrimal);
  const nl = ops.filter((a): a is Tensor => !(a instanceof UndefinedPrimal));
  const outAvals = p.branches[0].outAvals;
  const inAvals = p.branches[0].inAvals;
  const ts = p.branches.map((br, bi) => close((...xs) => {
    const n = xs.slice(0, nl.length), ct = xs.slice(nl.length);
    let k = 0;
    const bArgs = inAvals.map((av, i) => (lin[i] ? new UndefinedPrimal(av) : n[k++]));
    const inCts = backwardPass(br, bArgs, ct);
    return inCts.flatMap((t, i) => (lin[i] ? [t ?? zeros(inAvals[i])] : []));
  }, [...nl.map((t) => t.aval), ...outAvals], `transpose_branch_${bi}`));
  const j = joinBranches(ts);
  const outs = bind('cond', [index, ...j.consts, ...nl, ...cts.map((t, i) => t ?? zeros(outAvals[i]))], { branches: j.branches });
  let k = 0;
  return [null, ...lin.map((l) => (l ? outs[k++] : null))];
};

export const condRules: Rules<'cond'> = {
  abstractEval: condAbstractEval,
  jvp: condJvp,
  vmap: condVmap,
  transpose: condTranspose,
};

// ---------------------------------------------------------------------------------------------
// while

function splitWhile<T>(xs: readonly T[], p: WhileParams): [T[], T[], T[]] {
  const a = p.condNumConsts, b = a + p.bodyNumConsts;
  return [xs.slice(0, a), xs.slice(a, b), xs.slice(b)];
}

/** A Jaxpr that also takes (and ignores) inputs of these types after its own. */
const withUnusedInputs = (j: Jaxpr, avals: ShapedArray[]): Jaxpr =>
  new Jaxpr([...j.inVars, ...avals.map((a) => new Var(a))], j.eqns, j.outs);

const whileJvp: Rules<'while'>['jvp'] = (primals, tangents, p) => {
  const { body, cond } = p;
  const nz = tangents.map((t, i) => t !== null && isFloat(primals[i].dtype));
  const [, nzB, nzK0] = splitWhile(nz, p);
  const K = nzK0.length, B = nzB.length;
  let nzK = nzK0;
  let d: ReturnType<typeof jvpBody>;
  for (;;) {
    d = jvpBody(body, [...nzB, ...nzK], nzK, 'jvp_while_body');
    if (sameMask(or(d.outNz, nzK), nzK)) break;
    nzK = or(nzK, d.outNz);
  }
  const nB = nzB.filter(Boolean).length, nK = nzK.filter(Boolean).length;
  // jvpBody: (B K, nB nK) → (K, nK); the loop wants (B nB, K nK) → (K nK).
  const P = B + K;
  const bodyJ = permuted(d.jaxpr, d.consts.length, [...range(0, B), ...range(P, nB), ...range(B, K), ...range(P + nB, nK)], range(0, K + nK));
  const [cc, bc, k] = splitWhile(primals, p);
  const [, tb, tk] = splitWhile(tangents, p);
  const kT = tk.flatMap((t, i) => (nzK[i] ? [t ?? zeros(k[i].aval)] : []));
  const condJ = withUnusedInputs(cond, kT.map((t) => t.aval));
  const outs = bind('while', [...cc, ...d.consts, ...bc, ...pick(tb, nzB) as Tensor[], ...k, ...kT],
    { cond: condJ, body: bodyJ, condNumConsts: cc.length, bodyNumConsts: d.consts.length + B + nB });
  let a = K;
  return [outs.slice(0, K), nzK.map((n) => (n ? outs[a++] : null))];
};

const anyTrue = (pred: Tensor): Tensor =>
  lax.compare(lax.reduceMax(lax.cast(pred, 'int32'), pred.shape.map((_, i) => i)), lax.scalar(0, 'int32'), 'gt');

const whileVmap: Rules<'while'>['vmap'] = (args, dims, p, size) => {
  const { cond, body } = p;
  const b = dims.map((d) => d !== null);
  const [bCC, bBC] = splitWhile(b, p);
  let bK = splitWhile(b, p)[2];
  const K = bK.length;
  let db: ReturnType<typeof vmapBody>, dc: ReturnType<typeof vmapBody>;
  for (;;) {
    dc = vmapBody(cond, [...bCC, ...bK], [false], size, 'vmap_while_cond');
    // A batched predicate: every lane's carry is batched (finished lanes keep theirs).
    if (dc.outB[0]) bK = bK.map(() => true);
    db = vmapBody(body, [...bBC, ...bK], bK, size, 'vmap_while_body');
    if (sameMask(or(db.outB, bK), bK)) break;
    bK = or(bK, db.outB);
  }
  const [cc, bc, k] = splitWhile(args, p);
  const [dcc, dbc, dk] = splitWhile(dims, p);
  const mv = (v: Tensor, d: BatchDim) => (d === null ? v : moveBatchAxis(v, d, 0, size));
  const mcc = cc.map((v, i) => mv(v, dcc[i])), mbc = bc.map((v, i) => mv(v, dbc[i]));
  const mk = k.map((v, i) => (bK[i] ? moveBatchAxis(v, dk[i], 0, size) : v));
  if (!dc.outB[0]) {
    const outs = bind('while', [...dc.consts, ...mcc, ...db.consts, ...mbc, ...mk],
      { cond: dc.jaxpr, body: db.jaxpr, condNumConsts: dc.consts.length + cc.length, bodyNumConsts: db.consts.length + bc.length });
    return [outs, bK.map((bb) => (bb ? 0 : null))];
  }
  const kAvals = mk.map((t) => t.aval);
  const ccAvals = [...dc.consts, ...mcc].map((t) => t.aval), bcAvals = [...db.consts, ...mbc].map((t) => t.aval);
  const condAny = close((...xs) => [anyTrue(evalJaxpr(dc.jaxpr, xs)[0])], [...ccAvals, ...kAvals], 'while_any');
  const bodySel = close((...xs) => {
    const c1 = xs.slice(0, ccAvals.length), b1 = xs.slice(ccAvals.length, ccAvals.length + bcAvals.length), kk = xs.slice(ccAvals.length + bcAvals.length);
    const [pred] = evalJaxpr(dc.jaxpr, [...c1, ...kk]);
    const next = evalJaxpr(db.jaxpr, [...b1, ...kk]);
    return next.map((nv, i) => lax.where(lax.broadcastInDim(pred, nv.shape, [0]), nv, kk[i]));
  }, [...ccAvals, ...bcAvals, ...kAvals], 'while_select');
  const outs = bind('while', [...condAny.consts, ...dc.consts, ...mcc, ...bodySel.consts, ...dc.consts, ...mcc, ...db.consts, ...mbc, ...mk], {
    cond: condAny.jaxpr, body: bodySel.jaxpr,
    condNumConsts: condAny.consts.length + ccAvals.length, bodyNumConsts: bodySel.consts.length + ccAvals.length + bcAvals.length,
  });
  return [outs, outs.map(() => 0)];
};

/**
 * Partial evaluation of while (as JAX): the carries that depend only on known values (with a
 * known predicate) run now in a loop of their own; the unknown ones are staged as the whole loop,
 * which recomputes the known part. That staged loop has no transpose, so grad raises there.
 */
function whilePartialEval(trace: PartialEvalTrace, args: Tensor[], params: unknown): Tensor[] {
  const p = params as WhileParams;
  const unknown = args.map((a) => trace.isUnknown(a));
  const [uCC, uBC, uK0] = splitWhile(unknown, p);
  let uK = uK0;
  for (;;) {
    const s = partialEvalJaxpr(p.body, [...uBC, ...uK]);
    if (sameMask(or(s.outUnknown, uK), uK)) break;
    uK = or(uK, s.outUnknown);
  }
  const condSplit = partialEvalJaxpr(p.cond, [...uCC, ...uK]);
  const staged = trace.stageEqn('while', args, p);
  if (condSplit.outUnknown[0] || uK.every(Boolean)) return staged;
  const bodySplit = partialEvalJaxpr(p.body, [...uBC, ...uK]);
  // The known body's outputs are the known carries in order, some of them unknown on entry (forced): keep the others.
  const knownIdx = bodySplit.outUnknown.flatMap((u, i) => (u ? [] : [i]));
  const bj = bodySplit.known;
  const knownBody = new Jaxpr(bj.inVars, bj.eqns, knownIdx.flatMap((orig, pos) => (uK[orig] ? [] : [bj.outs[pos]])));
  const cj = condSplit.known;
  const [cc, bc, k] = splitWhile(args, p);
  const kcc = cc.filter((_, i) => !uCC[i]), kbc = bc.filter((_, i) => !uBC[i]), kk = k.filter((_, i) => !uK[i]);
  const known = withTrace(trace.parent!, () => bind('while', [...condSplit.knownConsts, ...kcc, ...bodySplit.knownConsts, ...kbc, ...kk], {
    cond: new Jaxpr(cj.inVars, cj.eqns, cj.outs.slice(0, 1)), body: knownBody,
    condNumConsts: condSplit.knownConsts.length + kcc.length, bodyNumConsts: bodySplit.knownConsts.length + kbc.length,
  }));
  let a = 0;
  return uK.map((u, i) => (u ? staged[i] : known[a++]));
}

const whileTranspose: NonNullable<Rules<'while'>['transpose']> = () => {
  throw new ArgumentError('lax.whileLoop: reverse-mode differentiation (grad, vjp) does not work for a while loop, whose trip count is ' +
    'not known in advance (as in JAX). Use lax.foriLoop with JS-number bounds or lax.scan (a static trip count), or lax.whileLoop ' +
    'with forward mode (jvp, jacfwd).');
};

export const whileRules: Rules<'while'> = {
  abstractEval: whileAbstractEval,
  jvp: whileJvp,
  vmap: whileVmap,
  transpose: whileTranspose,
};

partialEvalRules.set('scan', scanPartialEval);
partialEvalRules.set('cond', condPartialEval);
partialEvalRules.set('while', whilePartialEval);
