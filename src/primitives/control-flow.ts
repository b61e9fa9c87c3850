/**
 * The control-flow primitives scan, while and cond (lax.switch): higher-order primitives whose
 * params hold Jaxprs (constants as leading inputs), as in JAX. This file has what needs no
 * transformation machinery: the abstract evaluation (type rules, with named errors) and the
 * reference evaluation, which runs the bodies one iteration at a time through `jit` calls, so a
 * backend that compiles `jit` (WebGPU) runs each body as one compiled program. Their jvp, vmap,
 * partial evaluation and transpose rules are transformations of the bodies, so they live in
 * transforms/control-flow-rules.ts (as jit's do).
 */
import { BackendError, DTypeError, ShapeError } from '../core/errors.js';
import { Jaxpr as JaxprClass, Var, type Jaxpr } from '../core/jaxpr.js';
import type { CondParams, ScanParams, WhileParams } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { ConcreteArray, Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as lax from './lax.js';

const list = (as: readonly ShapedArray[]): string => `(${as.join(', ')})`;

/** Throws a ShapeError or DTypeError when `got` and `want` differ, naming which entry and both types. */
export function requireSameAvals(op: string, what: string, got: readonly ShapedArray[], want: readonly ShapedArray[], fix: string): void {
  if (got.length !== want.length) {
    throw new ShapeError(`${op}: ${what}: ${got.length} value(s) ${list(got)} where ${want.length} ${list(want)} are expected. ${fix}`);
  }
  got.forEach((g, i) => {
    if (g.equals(want[i])) return;
    const shapeDiffers = g.shape.length !== want[i].shape.length || g.shape.some((d, k) => d !== want[i].shape[k]);
    throw new (shapeDiffers ? ShapeError : DTypeError)(`${op}: ${what}: entry ${i} is ${g} but ${want[i]} is expected ` +
      `(all: ${list(got)} vs ${list(want)}). ${fix}`);
  });
}

/** The type of one slice along axis 0 (what a scan body sees of each xs). */
export const sliceAval = (a: ShapedArray): ShapedArray => new ShapedArray(a.shape.slice(1), a.dtype);
/** The type of `length` stacked slices of `a`. */
export const stackedAval = (a: ShapedArray, length: number): ShapedArray => new ShapedArray([length, ...a.shape], a.dtype);

export function scanAbstractEval(avals: ShapedArray[], p: ScanParams): ShapedArray[] {
  const { jaxpr, numConsts, numCarry, length } = p;
  const op = 'lax.scan';
  if (avals.length !== jaxpr.inVars.length) {
    throw new ShapeError(`${op}: ${avals.length} inputs given to a body of ${jaxpr.inVars.length} inputs (fluxion bug: please report).`);
  }
  const ins = jaxpr.inAvals;
  requireSameAvals(op, 'constants', avals.slice(0, numConsts), ins.slice(0, numConsts), '(fluxion bug: please report).');
  requireSameAvals(op, 'the initial carry', avals.slice(numConsts, numConsts + numCarry), ins.slice(numConsts, numConsts + numCarry),
    'The initial carry must have the types the body was traced for.');
  avals.slice(numConsts + numCarry).forEach((x, i) => {
    const want = stackedAval(ins[numConsts + numCarry + i], length);
    if (!x.equals(want)) {
      throw new ShapeError(`${op}: xs entry ${i} is ${x} but the scan of length ${length} expects ${want} (every xs leaf needs ${length} along axis 0).`);
    }
  });
  const outs = jaxpr.outAvals;
  requireSameAvals(op, 'the body returns a carry that differs from the carry it was given',
    outs.slice(0, numCarry), ins.slice(numConsts, numConsts + numCarry),
    'A scan carry must keep its shape and dtype in every iteration: cast or reshape inside the body (e.g. init as float32 when the body adds floats).');
  return [...outs.slice(0, numCarry), ...outs.slice(numCarry).map((y) => stackedAval(y, length))];
}

export function whileAbstractEval(avals: ShapedArray[], p: WhileParams): ShapedArray[] {
  const { cond, body, condNumConsts, bodyNumConsts } = p;
  const op = 'lax.whileLoop';
  const carry = avals.slice(condNumConsts + bodyNumConsts);
  requireSameAvals(op, 'cond constants', avals.slice(0, condNumConsts), cond.inAvals.slice(0, condNumConsts), '(fluxion bug: please report).');
  requireSameAvals(op, 'body constants', avals.slice(condNumConsts, condNumConsts + bodyNumConsts), body.inAvals.slice(0, bodyNumConsts), '(fluxion bug: please report).');
  requireSameAvals(op, 'the carry given to condFn', carry, cond.inAvals.slice(condNumConsts), 'condFn must be traced for the carry types.');
  requireSameAvals(op, 'the carry given to the body', carry, body.inAvals.slice(bodyNumConsts), 'The body must be traced for the carry types.');
  const c = cond.outAvals;
  if (c.length !== 1 || c[0].dtype !== 'bool' || c[0].ndim !== 0) {
    throw new DTypeError(`${op}: condFn must return one bool scalar, got ${list(c)}; compare to make it one (e.g. i < n), and reduce with np.any/np.all for arrays.`);
  }
  requireSameAvals(op, 'the body returns a carry that differs from the carry it was given', body.outAvals, carry,
    'A whileLoop carry must keep its shape and dtype in every iteration: cast or reshape inside the body.');
  return carry;
}

export function condAbstractEval(avals: ShapedArray[], p: CondParams): ShapedArray[] {
  const op = 'lax.switch';
  const [index, ...ops] = avals;
  if (index.ndim !== 0 || index.dtype !== 'int32') {
    throw new DTypeError(`${op}: the branch index must be an int32 scalar, got ${index}; lax.cond takes a bool scalar predicate.`);
  }
  if (p.branches.length === 0) throw new ShapeError(`${op}: needs at least one branch.`);
  const out0 = p.branches[0].outAvals;
  p.branches.forEach((b, i) => {
    requireSameAvals(op, `the operands of branch ${i}`, ops, b.inAvals, '(fluxion bug: please report).');
    requireSameAvals(op, `branch ${i} returns other types than branch 0`, b.outAvals, out0,
      'Every branch must return the same pytree of shapes and dtypes: cast, reshape or broadcast the branch outputs to agree.');
  });
  return out0;
}

// ---------------------------------------------------------------------------------------------
// Reference evaluation (any backend: the bodies run as `jit` calls, which a backend compiles).

/** Runs a closed body as one `jit` call under the current trace. */
export const callBody = (jaxpr: Jaxpr, args: Tensor[], name: string): Tensor[] => bind('jit', args, { jaxpr, name });

/** Slice i of x along axis 0, without that axis. */
export const indexAxis0 = (x: Tensor, i: number): Tensor => {
  const start = x.shape.map((_, d) => (d === 0 ? i : 0));
  const limit = x.shape.map((n, d) => (d === 0 ? i + 1 : n));
  return lax.reshape(lax.slice(x, start, limit), x.shape.slice(1));
};

/** The pieces stacked along a new axis 0 (an empty stack of `aval` when there are none). */
export const stack0 = (pieces: Tensor[], aval: ShapedArray): Tensor => {
  if (pieces.length === 0) return lax.full([0, ...aval.shape], 0, aval.dtype);
  const rows = pieces.map((p) => lax.reshape(p, [1, ...p.shape]));
  return rows.length === 1 ? rows[0] : lax.concatenate(rows, 0);
};

export function scanImpl(args: Tensor[], p: ScanParams): Tensor[] {
  const { jaxpr, numConsts, numCarry, length, reverse } = p;
  const consts = args.slice(0, numConsts);
  let carry = args.slice(numConsts, numConsts + numCarry);
  const xs = args.slice(numConsts + numCarry);
  const yAvals = jaxpr.outAvals.slice(numCarry);
  const ys: Tensor[][] = yAvals.map(() => new Array<Tensor>(length));
  for (let k = 0; k < length; k++) {
    const i = reverse ? length - 1 - k : k;
    const outs = callBody(jaxpr, [...consts, ...carry, ...xs.map((x) => indexAxis0(x, i))], 'scan_body');
    carry = outs.slice(0, numCarry);
    outs.slice(numCarry).forEach((y, j) => { ys[j][i] = y; });
  }
  return [...carry, ...ys.map((pieces, j) => stack0(pieces, yAvals[j]))];
}

/** Reads a scalar now, or undefined where the backend cannot read without waiting (WebGPU). */
function readScalarNow(x: Tensor): number | undefined {
  if (!(x instanceof ConcreteArray) || !x.store.readSync) return undefined;
  return Number(x.store.readSync.call(x.store)[0]);
}

/**
 * A while loop on concrete arrays: the predicate is read on the host before each iteration. That
 * needs a backend that reads without waiting (the CPU). On WebGPU a read is asynchronous
 * (mapAsync) while primitives run synchronously, so a host round trip per check (option b of
 * issue 12) is only open to an async caller (bench/control-flow.ts measures it as a user-level
 * `while (await cond(x).data())` loop); the library's choice is option a, a bounded loop with
 * device-side predication (whileLoop's `maxIterations`: a scan of predicated iterations, one
 * device loop, one submit). Without maxIterations a WebGPU while loop raises a BackendError
 * saying so. See bench/RESULTS-control-flow.md for the measurements behind the choice.
 */
export function whileImpl(args: Tensor[], p: WhileParams): Tensor[] {
  const { cond, body, condNumConsts, bodyNumConsts } = p;
  const cc = args.slice(0, condNumConsts), bc = args.slice(condNumConsts, condNumConsts + bodyNumConsts);
  let carry = args.slice(condNumConsts + bodyNumConsts);
  for (;;) {
    const [pred] = callBody(cond, [...cc, ...carry], 'while_cond');
    const go = readScalarNow(pred);
    if (go === undefined) {
      throw new BackendError('lax.whileLoop: this backend cannot read the loop predicate without waiting for the device; ' +
        'pass { maxIterations: N } to whileLoop (the loop then runs N predicated iterations on the device), or use ' +
        'foriLoop/scan with a static trip count, or FLUXION_BACKEND=cpu.');
    }
    if (!go) return carry;
    carry = callBody(body, [...bc, ...carry], 'while_body');
  }
}

export function condImpl(args: Tensor[], p: CondParams): Tensor[] {
  const [index, ...ops] = args;
  const n = p.branches.length;
  const clamp = (i: number) => Math.min(Math.max(i, 0), n - 1);
  const i = readScalarNow(index);
  if (i !== undefined) return callBody(p.branches[clamp(i)], ops, `branch_${clamp(i)}`);
  // The index is on the device: compute every branch and select (values are the same: branches are pure).
  const outs = p.branches.map((b, k) => callBody(b, ops, `branch_${k}`));
  const idx = lax.max(lax.min(index, lax.scalar(n - 1, 'int32')), lax.scalar(0, 'int32'));
  return outs[0].map((_, j) => {
    let acc = outs[n - 1][j];
    for (let k = n - 2; k >= 0; k--) {
      const hit = lax.compare(idx, lax.scalar(k, 'int32'), 'eq');
      const mask = acc.ndim === 0 ? hit : lax.broadcastInDim(hit, acc.shape, []);
      acc = lax.where(mask, outs[k][j], acc);
    }
    return acc;
  });
}

export type ControlFlow = 'scan' | 'while' | 'cond';
export const isControlFlow = (p: string): p is ControlFlow => p === 'scan' || p === 'while' || p === 'cond';

/** How a backend's executor runs a control-flow primitive on concrete arrays. */
export function runControlFlow(prim: ControlFlow, args: Tensor[], params: unknown): Tensor[] {
  if (prim === 'scan') return scanImpl(args, params as ScanParams);
  if (prim === 'while') return whileImpl(args, params as WhileParams);
  return condImpl(args, params as CondParams);
}

/**
 * Gives every branch one input list: (all branches' constants, operands), each branch ignoring
 * the others' constants (fresh unused variables stand for them). Each entry's Jaxpr takes its
 * own constants first, then the operands.
 */
export function joinBranches(traced: readonly { jaxpr: Jaxpr; consts: Tensor[] }[]): { branches: Jaxpr[]; consts: Tensor[] } {
  const consts = traced.flatMap((t) => t.consts);
  const branches = traced.map((t, i) => {
    const inVars: Var[] = [];
    traced.forEach((u, k) => {
      const cv = u.jaxpr.inVars.slice(0, u.consts.length);
      inVars.push(...(k === i ? cv : cv.map((v) => new Var(v.aval))));
    });
    inVars.push(...t.jaxpr.inVars.slice(t.consts.length));
    return new JaxprClass(inVars, t.jaxpr.eqns, t.jaxpr.outs);
  });
  return { branches, consts };
}
