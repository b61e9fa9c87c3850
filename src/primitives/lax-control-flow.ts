/**
 * The user API of control flow (re-exported from lax): scan, map, foriLoop, whileLoop, cond,
 * switch. Each traces the user's functions to Jaxprs once (pytrees of carries, xs and ys
 * flattened to leaves) and binds one control-flow primitive (primitives/control-flow.ts), so the
 * loop is a single equation that grad, vmap and jit transform as a whole.
 */
import { isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { Jaxpr } from '../core/jaxpr.js';
import { ShapedArray } from '../core/shape.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import { TreeDef, treeDefEqual, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { joinBranches, requireSameAvals, sliceAval } from './control-flow.js';
import * as lax from './lax.js';

/** A leaf of a carry / xs / operand: a tensor, or a JS number (float32) or boolean. */
function leafOf(op: string, what: string, x: unknown): Tensor {
  if (isTensor(x)) return x;
  if (typeof x === 'number') return lax.scalar(x, 'float32');
  if (typeof x === 'boolean') return lax.scalar(x ? 1 : 0, 'bool');
  throw new ArgumentError(`${op}: ${what} must be a pytree of arrays (Tensors, numbers, booleans), got a leaf ${validate.describe(x)}.`);
}

function flatten(op: string, what: string, tree: unknown): { leaves: Tensor[]; def: TreeDef } {
  const { leaves, def } = treeFlatten(tree);
  return { leaves: leaves.map((l) => leafOf(op, what, l)), def };
}

/** Traces `fn` on leaves of these types; the Jaxpr takes its captured constants first. */
function trace(fn: (...xs: Tensor[]) => Tensor[], avals: ShapedArray[], name: string): { jaxpr: Jaxpr; consts: Tensor[] } {
  const { jaxpr, consts } = traceToJaxpr(fn, avals, name);
  return { jaxpr: constsAsInputs(jaxpr), consts };
}

/** Requires a returned pytree to have the structure `want` (the carry of a loop). */
function sameStructure(op: string, what: string, got: TreeDef, want: TreeDef): void {
  if (!treeDefEqual(got, want)) {
    throw new ShapeError(`${op}: ${what} has structure ${treeDefToString(got)} but ${treeDefToString(want)} is expected; ` +
      'return the carry with the structure of the initial value.');
  }
}

export interface ScanOptions {
  /** The number of iterations; required when xs is null, else must equal xs's leading size. */
  length?: number;
  /** Iterate from the last slice to the first (ys are still stored at their slice's index). */
  reverse?: boolean;
  /** A hint: how many iterations a backend may fuse into one body (values are unchanged). Default 1. */
  unroll?: number | boolean;
}

/**
 * Loops `f(carry, x) → [carry, y]` over the leading axis of `xs`, returning the final carry and
 * the stacked ys (JAX's lax.scan). Carries, xs and ys are pytrees; the carry must keep its
 * shapes and dtypes. The loop is one `scan` primitive: jit compiles it once, grad and vmap
 * transform it as a whole.
 * @example
 * const [total, partial] = lax.scan((c, x) => [c.add(x), c.add(x)], np.array(0), np.arange(1, 5).astype('float32'));
 * // total = 10, partial = [1, 3, 6, 10]
 */
export function scan<C, X, Y>(f: (carry: C, x: X) => readonly [C, Y], init: C, xs: X, options: ScanOptions = {}): [C, Y] {
  const op = 'lax.scan';
  validate.fn(op, f);
  const opts = validate.options<ScanOptions>(op, options, ['length', 'reverse', 'unroll'], '{ length: 10, reverse: false }');
  const reverse = opts.reverse === undefined ? false : validate.boolean(op, 'reverse', opts.reverse);
  const unroll = opts.unroll === undefined || opts.unroll === false ? 1 : opts.unroll === true ? Number.MAX_SAFE_INTEGER
    : validate.integer(op, 'unroll', opts.unroll, { min: 1 });
  const c = flatten(op, 'the initial carry', init);
  const x = flatten(op, 'xs', xs);
  let length = opts.length === undefined ? undefined : validate.integer(op, 'length', opts.length, { min: 0 });
  for (const [i, leaf] of x.leaves.entries()) {
    if (leaf.ndim === 0) throw new ShapeError(`${op}: xs leaf ${i} is a scalar (${leaf.aval}); scan iterates over axis 0, so every xs leaf needs one.`);
    if (length === undefined) length = leaf.shape[0];
    else if (leaf.shape[0] !== length) {
      throw new ShapeError(`${op}: xs leaf ${i} (${leaf.aval}) has ${leaf.shape[0]} along axis 0 but the scan has length ${length} ` +
        `(${opts.length !== undefined ? 'the length option' : 'from an earlier xs leaf'}); every xs leaf must have the same leading size.`);
    }
  }
  if (length === undefined) throw new ArgumentError(`${op}: xs is empty (${treeDefToString(x.def)}), so give the number of iterations: scan(f, init, null, { length: n }).`);
  const nc = c.leaves.length;
  let yDef: TreeDef | undefined;
  const body = trace((...leaves) => {
    const carry = treeUnflatten<C>(c.def, leaves.slice(0, nc));
    const slice = treeUnflatten<X>(x.def, leaves.slice(nc));
    const out = f(carry, slice);
    if (!Array.isArray(out) || out.length !== 2) {
      throw new ArgumentError(`${op}: the body must return [carry, y] (y may be null), got ${validate.describe(out)}.`);
    }
    const nc2 = flatten(op, 'the carry the body returns', out[0]);
    sameStructure(op, 'the carry the body returns', nc2.def, c.def);
    requireSameAvals(op, 'the carry the body returns differs from the initial carry', nc2.leaves.map((l) => l.aval), c.leaves.map((l) => l.aval),
      'A scan carry must keep its shape and dtype in every iteration: cast or reshape inside the body (e.g. give the initial carry as float32 when the body adds floats).');
    const y = flatten(op, 'y', out[1]);
    yDef = y.def;
    return [...nc2.leaves, ...y.leaves];
  }, [...c.leaves.map((l) => l.aval), ...x.leaves.map((l) => sliceAval(l.aval))], 'scan');
  const outs = bind('scan', [...body.consts, ...c.leaves, ...x.leaves],
    { jaxpr: body.jaxpr, numConsts: body.consts.length, numCarry: nc, length, reverse, unroll });
  return [treeUnflatten<C>(c.def, outs.slice(0, nc)), treeUnflatten<Y>(yDef!, outs.slice(nc))];
}

/** Options of lax.map (JAX's batch_size). */
export interface MapOptions {
  /** Map this many slices at a time (a vmap of `f` inside the loop): a sequential loop over chunks, the remainder after it. */
  batchSize?: number;
}

/**
 * vmap, for lax.map's batchSize: the transforms layer sits above this one, so it registers its
 * vmap here when it loads (as it registers the higher-order rules).
 */
type VmapOne = <X, Y>(f: (x: X) => Y) => (x: X) => Y;
let vmapForMap: VmapOne | undefined;
export function registerMapVmap(v: VmapOne): void { vmapForMap = v; }

/**
 * Maps `f` over the leading axis of `xs` as one sequential loop (JAX's lax.map): the memory of
 * one slice at a time, where vmap would batch them all. With `{ batchSize: b }`, `b` slices at a
 * time (a scan over chunks of a vmap of `f`; a remainder of n mod b slices after it), as JAX.
 * @example
 * const squares = lax.map((x) => x.mul(x), np.arange(4).astype('float32')); // → [0, 1, 4, 9]
 * lax.map((x) => x.mul(x), np.arange(5).astype('float32'), { batchSize: 2 }); // → [0, 1, 4, 9, 16]
 */
export function map<X, Y>(f: (x: X) => Y, xs: X, options?: MapOptions): Y {
  const op = 'lax.map';
  validate.fn(op, f);
  const { batchSize } = options === undefined ? {} : validate.options<MapOptions>(op, options, ['batchSize'], '{ batchSize: 8 }');
  if (batchSize === undefined) return scan((c: null, x: X) => [c, f(x)] as const, null, xs)[1];
  const b = validate.integer(op, 'batchSize', batchSize, { min: 1 });
  const x = flatten(op, 'xs', xs);
  if (x.leaves.length === 0 || x.leaves.some((l) => l.ndim === 0 || l.shape[0] !== x.leaves[0].shape[0])) {
    // No leading axis to chunk: scan's own error says what is wrong.
    return scan((c: null, v: X) => [c, f(v)] as const, null, xs)[1];
  }
  if (!vmapForMap) throw new ArgumentError(`${op}: batchSize needs the transformations: import from "fluxion", not from its internal modules.`);
  const vf = vmapForMap(f);
  const n = x.leaves[0].shape[0], chunks = Math.floor(n / b), rem = n - chunks * b;
  const rows = (l: Tensor, from: number, to: number) => lax.slice(l, [from, ...l.shape.slice(1).map(() => 0)], [to, ...l.shape.slice(1)]);
  const parts: { leaves: Tensor[]; def: TreeDef }[] = [];
  if (chunks > 0) {
    const scanXs = x.leaves.map((l) => lax.reshape(rows(l, 0, chunks * b), [chunks, b, ...l.shape.slice(1)]));
    const ys = flatten(op, 'the output of f', scan((c: null, v: X) => [c, vf(v)] as const, null, treeUnflatten<X>(x.def, scanXs))[1]);
    parts.push({ leaves: ys.leaves.map((y) => lax.reshape(y, [chunks * b, ...y.shape.slice(2)])), def: ys.def });
  }
  if (rem > 0) parts.push(flatten(op, 'the output of f', vf(treeUnflatten<X>(x.def, x.leaves.map((l) => rows(l, chunks * b, n))))));
  if (parts.length === 1) return treeUnflatten<Y>(parts[0].def, parts[0].leaves);
  return treeUnflatten<Y>(parts[0].def, parts[0].leaves.map((y, i) => lax.concatenate([y, parts[1].leaves[i]], 0)));
}

/**
 * `for (i = lower; i < upper; i++) val = body(i, val)` (JAX's lax.fori_loop); `i` is an int32
 * scalar. With JS-number bounds the trip count is static and the loop is a scan (so it can be
 * differentiated in reverse mode); with array bounds it is a whileLoop.
 * @example const x = lax.foriLoop(0, 3, (i, x) => x.mul(2), np.array(1)); // → 8
 */
export function foriLoop<C>(lower: number | Tensor, upper: number | Tensor, body: (i: Tensor, val: C) => C, init: C): C {
  const op = 'lax.foriLoop';
  validate.fn(op, body);
  if (typeof lower === 'number' && typeof upper === 'number') {
    const lo = validate.integer(op, 'lower', lower), hi = validate.integer(op, 'upper', upper);
    const [[, out]] = scan(([i, v]: [Tensor, C]) => [[lax.add(i, lax.scalar(1, 'int32')), body(i, v)] as [Tensor, C], null] as const,
      [lax.scalar(lo, 'int32'), init] as [Tensor, C], null, { length: Math.max(0, hi - lo) });
    return out;
  }
  const bound = (b: number | Tensor, name: string): Tensor => {
    const t = typeof b === 'number' ? lax.scalar(validate.integer(op, name, b), 'int32') : leafOf(op, name, b);
    if (t.ndim !== 0 || t.dtype !== 'int32') throw new DTypeError(`${op}: ${name} must be an int32 scalar or a JS integer, got ${t.aval}; cast it with astype('int32').`);
    return t;
  };
  const lo = bound(lower, 'lower'), hi = bound(upper, 'upper');
  const [, , out] = whileLoop(([i, n]: [Tensor, Tensor, C]) => lax.compare(i, n, 'lt'),
    ([i, n, v]: [Tensor, Tensor, C]) => [lax.add(i, lax.scalar(1, 'int32')), n, body(i, v)] as [Tensor, Tensor, C],
    [lo, hi, init] as [Tensor, Tensor, C]);
  return out;
}

export interface WhileLoopOptions {
  /**
   * On a backend that cannot read the predicate without waiting (WebGPU), run this many
   * predicated iterations on the device instead (iterations after the predicate turns false
   * leave the carry unchanged). Raises no error if the loop would need more: set it to a true bound.
   */
  maxIterations?: number;
}

/**
 * `while (condFn(val)) val = body(val)` (JAX's lax.while_loop); condFn returns a bool scalar and
 * the body keeps the carry's shapes and dtypes. Forward-mode differentiable and vmappable;
 * reverse mode (grad) raises an error, as in JAX: use foriLoop with static bounds or scan.
 * @example const x = lax.whileLoop((x) => x.lt(10), (x) => x.mul(2), np.array(1)); // → 16
 */
export function whileLoop<C>(condFn: (val: C) => Tensor | boolean, body: (val: C) => C, init: C, options: WhileLoopOptions = {}): C {
  const op = 'lax.whileLoop';
  validate.fn(op, condFn, 'condFn');
  validate.fn(op, body, 'the body');
  const opts = validate.options<WhileLoopOptions>(op, options, ['maxIterations'], '{ maxIterations: 1000 }');
  const c = flatten(op, 'the initial carry', init);
  const avals = c.leaves.map((l) => l.aval);
  const condJ = trace((...leaves) => {
    const p = leafOf(op, 'what condFn returns', condFn(treeUnflatten<C>(c.def, leaves)));
    if (p.ndim !== 0 || p.dtype !== 'bool') {
      throw new DTypeError(`${op}: condFn must return a bool scalar, got ${p.aval}; compare (x.lt(n)) and reduce arrays with np.any / np.all.`);
    }
    return [p];
  }, avals, 'while_cond');
  const bodyJ = trace((...leaves) => {
    const out = flatten(op, 'the carry the body returns', body(treeUnflatten<C>(c.def, leaves)));
    sameStructure(op, 'the carry the body returns', out.def, c.def);
    requireSameAvals(op, 'the carry the body returns differs from the initial carry', out.leaves.map((l) => l.aval), avals,
      'A whileLoop carry must keep its shape and dtype in every iteration: cast or reshape inside the body.');
    return out.leaves;
  }, avals, 'while_body');
  if (opts.maxIterations !== undefined) {
    // A bounded loop: a scan of predicated iterations, which any backend runs without reading the predicate.
    const n = validate.integer(op, 'maxIterations', opts.maxIterations, { min: 0 });
    const [out] = scan((v: Tensor[]) => {
      const [go] = bind('jit', [...condJ.consts, ...v], { jaxpr: condJ.jaxpr, name: 'while_cond' });
      const next = bind('jit', [...bodyJ.consts, ...v], { jaxpr: bodyJ.jaxpr, name: 'while_body' });
      return [v.map((old, i) => lax.where(old.ndim === 0 ? go : lax.broadcastInDim(go, old.shape, []), next[i], old)), null] as const;
    }, c.leaves, null, { length: n });
    return treeUnflatten<C>(c.def, out);
  }
  const outs = bind('while', [...condJ.consts, ...bodyJ.consts, ...c.leaves],
    { cond: condJ.jaxpr, body: bodyJ.jaxpr, condNumConsts: condJ.consts.length, bodyNumConsts: bodyJ.consts.length });
  return treeUnflatten<C>(c.def, outs);
}

/**
 * Applies `branches[index](...operands)` (JAX's lax.switch); the index is clamped into range.
 * Every branch must return the same pytree of shapes and dtypes. Under vmap with a batched
 * index every branch runs and the results are selected per element.
 * @example const y = lax.switch(np.array(1, { dtype: 'int32' }), [(x) => x.neg(), (x) => x.mul(2)], np.array(3)); // → 6
 */
export function switch_(index: Tensor | number, branches: readonly ((...operands: never[]) => unknown)[], ...operands: unknown[]): unknown {
  const op = 'lax.switch';
  if (!Array.isArray(branches) || branches.length === 0) {
    throw new ArgumentError(`${op}: branches must be a non-empty array of functions, got ${validate.describe(branches)}.`);
  }
  branches.forEach((b, i) => validate.fn(op, b, `branch ${i}`));
  let idx = typeof index === 'number' ? lax.scalar(validate.integer(op, 'index', index), 'int32') : leafOf(op, 'the index', index);
  if (idx.ndim !== 0 || (!isInteger(idx.dtype) && idx.dtype !== 'bool')) {
    throw new DTypeError(`${op}: the index must be an integer scalar, got ${idx.aval}; cast it with astype('int32').`);
  }
  idx = lax.cast(idx, 'int32');
  const n = branches.length;
  idx = lax.max(lax.min(idx, lax.scalar(n - 1, 'int32')), lax.scalar(0, 'int32'));
  return condFlat(op, idx, branches, operands);
}

function condFlat(op: string, idx: Tensor, branches: readonly ((...operands: never[]) => unknown)[], operands: unknown[]): unknown {
  const ops = flatten(op, 'the operands', operands);
  const avals = ops.leaves.map((l) => l.aval);
  let outDef: TreeDef | undefined, outAvals: ShapedArray[] = [];
  const traced = branches.map((b, i) => trace((...leaves) => {
    const out = flatten(op, `what branch ${i} returns`, b(...treeUnflatten<never[]>(ops.def, leaves)));
    const oa = out.leaves.map((l) => l.aval);
    if (outDef === undefined) { outDef = out.def; outAvals = oa; } else {
      if (!treeDefEqual(out.def, outDef)) {
        throw new ShapeError(`${op}: branch ${i} returns structure ${treeDefToString(out.def)} but branch 0 returns ${treeDefToString(outDef)}; every branch must return the same pytree.`);
      }
      requireSameAvals(op, `branch ${i} returns other types than branch 0`, oa, outAvals,
        'Every branch must return the same shapes and dtypes: cast, reshape or broadcast the branch outputs to agree.');
    }
    return out.leaves;
  }, avals, `branch_${i}`));
  const { branches: branchJaxprs, consts } = joinBranches(traced);
  const outs = bind('cond', [idx, ...consts, ...ops.leaves], { branches: branchJaxprs });
  return treeUnflatten(outDef!, outs);
}

/**
 * `pred ? trueFn(...operands) : falseFn(...operands)` as one primitive (JAX's lax.cond); pred is
 * a bool (or integer: non-zero is true) scalar. Both branches are traced and must return the same
 * pytree of shapes and dtypes; only the chosen one runs (except under vmap with a batched pred,
 * where both run and the results are selected per element, as in JAX).
 * @example const x = np.array(3); lax.cond(x.gt(0), (v) => v.mul(2), (v) => v.neg(), x); // → 6
 */
export function cond<R>(pred: Tensor | boolean, trueFn: (...operands: never[]) => R, falseFn: (...operands: never[]) => R, ...operands: unknown[]): R {
  const op = 'lax.cond';
  validate.fn(op, trueFn, 'trueFn');
  validate.fn(op, falseFn, 'falseFn');
  const p = leafOf(op, 'the predicate', pred);
  if (p.ndim !== 0) throw new ShapeError(`${op}: the predicate must be a scalar, got ${p.aval}; reduce it (np.any / np.all), or use np.where for an elementwise choice.`);
  const idx = p.dtype === 'bool' ? lax.cast(p, 'int32') : lax.cast(lax.compare(p, lax.full([], 0, p.dtype), 'ne'), 'int32');
  return condFlat(op, idx, [falseFn, trueFn], operands) as R;
}
