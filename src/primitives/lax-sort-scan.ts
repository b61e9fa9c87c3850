/**
 * lax's sorting and scanning functions (JAX names and semantics): sort, sortKeyVal, topK,
 * cumsum, cumprod, cummax, cummin, and associativeScan. They check their arguments here, where
 * the user's names (dimension, numKeys, k) are known, and bind the primitives.
 */
import { highestValue } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind, bind1 } from '../core/trace.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { positions } from './take-along.js';

export { associativeScan } from './associative-scan.js';

function tensorArg(op: string, x: unknown, role = 'the operand'): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${role} must be an array, got ${validate.describe(x)}; wrap host data with np.array(...).`);
  return x;
}

export interface SortOptions {
  /** The axis to sort along (default -1, the last). */
  dimension?: number;
  /** Accepted for JAX compatibility: fluxion's sort is always stable (ties keep their input order). */
  isStable?: boolean;
  /** How many leading operands are keys, compared lexicographically (default 1). */
  numKeys?: number;
}

/**
 * Sorts `operand` along `dimension` — or several same-shape operands together, ordered by the
 * first `numKeys` of them (JAX's lax.sort). Stable; floats in JAX's order: -0 equals +0, NaN last.
 * @example lax.sort(np.array([3, 1, 2])); // → [1, 2, 3]
 * @example lax.sort([np.array([2, 1, 2]), np.array([10, 20, 30])]); // → [[1, 2, 2], [20, 10, 30]] — keys, then values
 */
export function sort(operand: Tensor, opts?: SortOptions): Tensor;
export function sort(operands: readonly Tensor[], opts?: SortOptions): Tensor[];
export function sort(operand: Tensor | readonly Tensor[], opts: SortOptions = {}): Tensor | Tensor[] {
  const single = !Array.isArray(operand);
  const list = (single ? [operand] : operand) as unknown[];
  if (list.length === 0) throw new ArgumentError('lax.sort: give at least one operand.');
  const xs = list.map((x, i) => tensorArg('lax.sort', x, single ? 'the operand' : `operand ${i}`));
  if (opts === null || typeof opts !== 'object') {
    throw new ArgumentError(`lax.sort: options must be an object such as { dimension: 0, numKeys: 1 }, got ${validate.describe(opts)}.`);
  }
  if (xs[0].ndim === 0) throw new ShapeError(`lax.sort: cannot sort a scalar (${xs[0].aval}); reshape it to [1] first.`);
  const dimension = validate.axis('lax.sort', opts.dimension ?? -1, xs[0].ndim, 'dimension');
  const numKeys = validate.integer('lax.sort', 'numKeys', opts.numKeys ?? 1, { min: 1, max: xs.length });
  if (opts.isStable !== undefined && typeof opts.isStable !== 'boolean') {
    throw new ArgumentError(`lax.sort: isStable must be true or false, got ${validate.describe(opts.isStable)}.`);
  }
  const outs = bind('sort', xs, { dimension, numKeys });
  return single ? outs[0] : outs;
}

/**
 * Sorts `keys` along `dimension` and permutes `values` the same way (JAX's lax.sort_key_val).
 * @example lax.sortKeyVal(np.array([3, 1, 2]), np.array([0, 1, 2])); // → [[1, 2, 3], [1, 2, 0]]
 */
export function sortKeyVal(keys: Tensor, values: Tensor, dimension = -1): [Tensor, Tensor] {
  const [k, v] = sort([tensorArg('lax.sortKeyVal', keys, 'keys'), tensorArg('lax.sortKeyVal', values, 'values')], { dimension, numKeys: 1 });
  return [k, v];
}

/**
 * Keys whose ascending sort is `x`'s descending order with NaN first (the mirror of the ascending
 * order, NaN last): for floats [not NaN, -x], for integers an order-reversing bijection (~x, or
 * 2³²-1-x). Sorting by them, stably, keeps equal elements in input order — as JAX's stable
 * descending argsort does — with no gather afterwards (a gather's transpose is an O(n²) scatter on
 * WebGPU; a sort's is a sort).
 */
export function descendingKeys(x: Tensor): Tensor[] {
  switch (x.dtype) {
    case 'float32': case 'float64': case 'float16': case 'bfloat16': {
      const nan = lax.compare(x, x, 'ne');
      return [lax.cast(lax.compare(nan, lax.full(x.shape, 0, 'bool'), 'eq'), 'int32'), lax.where(nan, lax.zerosLike(x), lax.neg(x))];
    }
    case 'int32': case 'int8': case 'int16': return [lax.sub(lax.full(x.shape, -1, x.dtype), x)];
    case 'uint32': case 'uint8': case 'uint16': return [lax.sub(lax.full(x.shape, highestValue(x.dtype), x.dtype), x)];
    case 'bool': return [lax.compare(x, lax.full(x.shape, 0, 'bool'), 'eq')];
  }
}

/** The stable sorting permutation of `x` along `axis` (int32); ties keep their input order in both directions. */
export function sortPermutation(x: Tensor, axis: number, descending = false): Tensor {
  const keys = descending ? descendingKeys(x) : [x];
  return bind('sort', [...keys, positions(x.shape, axis)], { dimension: axis, numKeys: keys.length }).at(-1)!;
}

/**
 * `x` sorted descending along `axis`, as jnp.sort(descending=True) — the ascending stable sort
 * reversed, so equal elements (-0 and 0) come in reverse input order: a third key, the reversed
 * position, orders them that way.
 */
export function sortDescending(x: Tensor, axis: number): Tensor {
  const keys = descendingKeys(x);
  const n = x.shape[axis];
  const back = lax.sub(lax.full(x.shape, n - 1, 'int32'), positions(x.shape, axis));
  return bind('sort', [...keys, back, x], { dimension: axis, numKeys: keys.length + 1 }).at(-1)!;
}

/**
 * The `k` largest entries along the last axis and their indices (int32), largest first; among
 * equal values the lower index comes first, and NaN counts as the largest (JAX's lax.top_k).
 * @example lax.topK(np.array([1, 5, 3, 5]), 2); // → [[5, 5], [1, 3]] — values, then indices
 */
export function topK(operand: Tensor, k: number): [Tensor, Tensor] {
  const x = tensorArg('lax.topK', operand);
  if (x.ndim === 0) throw new ShapeError(`lax.topK: the operand ${x.aval} is a scalar; topK needs at least one axis.`);
  const axis = x.ndim - 1, n = x.shape[axis];
  validate.integer('lax.topK', 'k', k, { min: 0, max: n });
  // One sort by the descending keys carries the values and their positions (no gather: its
  // gradient is a sort too).
  const keys = descendingKeys(x);
  const outs = bind('sort', [...keys, x, positions(x.shape, axis)], { dimension: axis, numKeys: keys.length });
  const start = x.shape.map(() => 0), limit = [...x.shape];
  limit[axis] = k;
  return [lax.slice(outs[keys.length], start, limit), lax.slice(outs[keys.length + 1], start, limit)];
}

type CumulativeOptions = { axis?: number; reverse?: boolean };

function cumulative(prim: 'cumsum' | 'cumprod' | 'cummax' | 'cummin') {
  const op = `lax.${prim}`;
  return (operand: Tensor, axisOrOpts: number | CumulativeOptions = 0, reverse = false): Tensor => {
    const x = tensorArg(op, operand);
    const o: CumulativeOptions = typeof axisOrOpts === 'object' && axisOrOpts !== null ? axisOrOpts : { axis: axisOrOpts, reverse };
    if (x.ndim === 0) throw new ShapeError(`${op}: the operand ${x.aval} is a scalar; a scan needs an axis (reshape it to [1]).`);
    const axis = validate.axis(op, o.axis ?? 0, x.ndim);
    const rev_ = o.reverse ?? false;
    if (typeof rev_ !== 'boolean') throw new ArgumentError(`${op}: reverse must be true or false, got ${validate.describe(rev_)}.`);
    return bind1(prim, [x], { axis, reverse: rev_ });
  };
}

/**
 * Inclusive cumulative sum along `axis` (default 0), from the end when `reverse` (JAX's lax.cumsum).
 * @example lax.cumsum(np.array([1, 2, 3])); // → [1, 3, 6]
 * @example lax.cumsum(np.array([1, 2, 3]), 0, true); // → [6, 5, 3]
 */
export const cumsum = cumulative('cumsum');
/**
 * Inclusive cumulative product along `axis` (JAX's lax.cumprod).
 * @example lax.cumprod(np.array([1, 2, 3])); // → [1, 2, 6]
 */
export const cumprod = cumulative('cumprod');
/**
 * Running maximum along `axis`; NaN propagates (JAX's lax.cummax).
 * @example lax.cummax(np.array([1, 3, 2])); // → [1, 3, 3]
 */
export const cummax = cumulative('cummax');
/**
 * Running minimum along `axis`; NaN propagates (JAX's lax.cummin).
 * @example lax.cummin(np.array([3, 1, 2])); // → [3, 1, 1]
 */
export const cummin = cumulative('cummin');
