/**
 * Set operations with static output shapes: unique and numpy 2's unique_values / unique_counts /
 * unique_inverse / unique_all, setdiff1d, intersect1d, union1d and setxor1d (each with a static
 * `size`, as jnp's under jit), and isin. Compositions of sort, a running count (np.nonzero),
 * gathers and comparisons.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { argsort, cumsum, sort } from './sorting.js';
import { resultDtype } from './broadcast.js';
import { nonzero } from './nonzero.js';

/** Options of unique: the static output length and the value of the slots past the count. */
export interface UniqueOptions { size?: number; fillValue?: number }

/**
 * The sorted distinct values of the flattened array, as `jnp.unique(a, size=…, fill_value=…)`:
 * `size` (required: the count depends on the data, and output shapes must be static) slots, the
 * ones past the number of distinct values holding `fillValue` (default: the smallest value).
 * NaNs count as one value (NumPy's and JAX's default `equal_nan=True`).
 * @example np.unique(np.array([3, 1, 3, 2]), { size: 4, fillValue: -1 }); // → [1, 2, 3, -1]
 */
export function unique(a: ArrayLike, opts?: UniqueOptions): Tensor {
  return uniqueParts('np.unique', a, opts).values;
}

/** The static `size` of a set function's result: required, because the count depends on the values. */
function staticSize(op: string, size: unknown): number {
  if (size === undefined) {
    throw new ArgumentError(`${op}: needs a static { size }: the number of distinct values depends on the data, and every ` +
      `output shape must be known before anything runs (as jnp.${JNP_NAMES[op] ?? op.slice(3)} under jit). Pass an upper bound, e.g. { size: x.size }.`);
  }
  return validate.integer(op, 'size', size, { min: 0, max: validate.MAX_ELEMENTS });
}
const JNP_NAMES: Record<string, string> = {
  'np.uniqueValues': 'unique_values', 'np.uniqueCounts': 'unique_counts', 'np.uniqueInverse': 'unique_inverse', 'np.uniqueAll': 'unique_all',
};

/** Where each run of equal values starts in the sorted 1-D `s` (NaNs, sorted last, count as one value: equal_nan). */
function runStarts(s: Tensor): Tensor {
  const n = s.shape[0];
  const first = lax.full([1], 1, 'bool');
  if (n === 1) return first;
  const cur = lax.slice(s, [1], [n]), prev = lax.slice(s, [0], [n - 1]);
  const differ = lax.where(lax.compare(prev, prev, 'ne'), lax.full([n - 1], 0, 'bool'), lax.compare(cur, prev, 'ne'));
  return lax.concatenate([first, differ], 0);
}

/**
 * The first `size` entries of the sorted `s` where `keep` holds, then `fillValue` (default: the
 * smallest kept value, or 0 when none is kept); also the positions picked and how many were kept.
 */
function pickKept(op: string, s: Tensor, keep: Tensor, size: number, fillValue: unknown): { values: Tensor; pos: Tensor; count: Tensor } {
  const [pos] = nonzero(keep, { size });
  const count = lax.reduceSum(lax.cast(keep, 'int32'), [0]);
  const vals = lax.gather(s, pos, 0);
  const used = lax.compare(lax.iota([size], 0, 'int32'), lax.broadcastInDim(count, [size], []), 'lt');
  let fill: Tensor;
  if (fillValue !== undefined) fill = lax.full([size], validate.number(op, 'fillValue', fillValue), s.dtype);
  else {
    const firstKept = lax.reshape(lax.slice(vals, [0], [1]), []);
    const some = lax.compare(count, lax.full([], 0, 'int32'), 'gt');
    fill = lax.broadcastInDim(lax.where(some, firstKept, lax.full([], 0, s.dtype)), [size], []);
  }
  return { values: lax.where(used, vals, fill), pos, count };
}

/** Everything unique_all returns, from one sort of the flattened array. */
function uniqueParts(op: string, a: ArrayLike, opts: unknown): { values: Tensor; indices: Tensor; inverseIndices: Tensor; counts: Tensor } {
  const o = validate.options<UniqueOptions>(op, opts ?? {}, ['size', 'fillValue'], '{ size: 10, fillValue: 0 }');
  const size = staticSize(op, o.size);
  const x = operandTensor(op, a);
  const n = x.size;
  if (n === 0) {
    if (o.fillValue === undefined && size > 0) throw new ShapeError(`${op}: the array is empty, so there is no smallest value to fill ${size} slots with; give fillValue.`);
    const zeros = lax.full([size], 0, 'int32');
    return { values: lax.full([size], o.fillValue ?? 0, x.dtype), indices: zeros, inverseIndices: lax.full(x.shape, 0, 'int32'), counts: zeros };
  }
  const flat = lax.reshape(x, [n]);
  // A stable argsort: the first of each run is the value's first occurrence.
  const perm = argsort(flat, 0);
  const s = lax.gather(flat, perm, 0);
  const starts = runStarts(s);
  const { values, pos, count } = pickKept(op, s, starts, size, o.fillValue);
  const slot = lax.iota([size], 0, 'int32');
  const used = lax.compare(slot, lax.broadcastInDim(count, [size], []), 'lt');
  const zeros = lax.full([size], 0, 'int32');
  const indices = size === 0 ? zeros : lax.where(used, lax.gather(perm, pos, 0), zeros);
  // A run's count: the next run's start (n after the last) minus its own.
  const nextStart = size === 0 ? zeros : lax.concatenate([lax.slice(pos, [1], [size]), lax.full([1], n, 'int32')], 0);
  const isLast = lax.compare(lax.add(slot, lax.full([size], 1, 'int32')), lax.broadcastInDim(count, [size], []), 'ge');
  const counts = lax.where(used, lax.sub(lax.where(isLast, lax.full([size], n, 'int32'), nextStart), pos), zeros);
  // Each element's run, put back in the input's order.
  const runId = lax.sub(cumsum(lax.cast(starts, 'int32'), 0), lax.full([n], 1, 'int32'));
  const inverse = lax.scatterAdd(lax.full([n], 0, 'int32'), perm, runId, 0);
  return { values, indices, inverseIndices: lax.reshape(inverse, x.shape), counts };
}

/**
 * The sorted distinct values of the flattened array (numpy 2's unique_values, as jnp's with a
 * static `size`, required; the slots past the count hold `fillValue`, default the smallest value).
 * @example np.uniqueValues(np.array([3, 1, 3, 2]), { size: 4, fillValue: 0 }); // → [1, 2, 3, 0]
 */
export function uniqueValues(x: ArrayLike, opts?: UniqueOptions): Tensor {
  return uniqueParts('np.uniqueValues', x, opts).values;
}

/**
 * The distinct values and how often each occurs (numpy 2's unique_counts, with jnp's static `size`;
 * counts are 0 in the padding slots).
 * @example np.uniqueCounts(np.array([3, 1, 3, 3]), { size: 3, fillValue: -1 }); // → { values: [1, 3, -1], counts: [1, 3, 0] }
 */
export function uniqueCounts(x: ArrayLike, opts?: UniqueOptions): { values: Tensor; counts: Tensor } {
  const { values, counts } = uniqueParts('np.uniqueCounts', x, opts);
  return { values, counts };
}

/**
 * The distinct values and, for each element of x (in x's shape), the index of its value among
 * them (numpy 2's unique_inverse, with jnp's static `size`): `values.get(inverseIndices)` is x.
 * @example np.uniqueInverse(np.array([5, 2, 5]), { size: 2 }); // → { values: [2, 5], inverseIndices: [1, 0, 1] }
 */
export function uniqueInverse(x: ArrayLike, opts?: UniqueOptions): { values: Tensor; inverseIndices: Tensor } {
  const { values, inverseIndices } = uniqueParts('np.uniqueInverse', x, opts);
  return { values, inverseIndices };
}

/**
 * The distinct values, the index of each one's first occurrence, the inverse indices and the counts
 * (numpy 2's unique_all, with jnp's static `size`; NaNs count as one value, as jnp's equal_nan;
 * indices and counts are 0 in the padding slots).
 * @example np.uniqueAll(np.array([2, 1, 2]), { size: 2 }); // → { values: [1, 2], indices: [1, 0], inverseIndices: [1, 0, 1], counts: [1, 2] }
 */
export function uniqueAll(x: ArrayLike, opts?: UniqueOptions): { values: Tensor; indices: Tensor; inverseIndices: Tensor; counts: Tensor } {
  return uniqueParts('np.uniqueAll', x, opts);
}

/** The flattened, sorted operand of a set function, in `dtype`. */
function sortedFlat(t: Tensor, dtype: DType): Tensor {
  return sort(lax.reshape(lax.cast(t, dtype), [t.size]), 0);
}

/** A set function's two operands and the dtype they meet in. */
function setOperands(op: string, a: ArrayLike, b: ArrayLike): [Tensor, Tensor, DType] {
  const x = operandTensor(op, a, undefined, 'the first array'), y = operandTensor(op, b, x.dtype, 'the second array');
  return [x, y, resultDtype(op, x, y)];
}

/** The distinct values of the sorted `s` where `pred` holds, `size` of them. */
function setResult(op: string, s: Tensor, pred: Tensor | undefined, o: Partial<UniqueOptions>): Tensor {
  const size = staticSize(op, o.size);
  if (s.size === 0) return lax.full([size], o.fillValue === undefined ? 0 : validate.number(op, 'fillValue', o.fillValue), s.dtype);
  const starts = runStarts(s);
  return pickKept(op, s, pred ? lax.where(starts, pred, starts) : starts, size, o.fillValue).values;
}

const setOptions = (op: string, opts: unknown) => validate.options<UniqueOptions>(op, opts ?? {}, ['size', 'fillValue'], '{ size: 10, fillValue: 0 }');

/**
 * The sorted distinct values of `a` that are not in `b` (numpy's setdiff1d, with jnp's static
 * `size`, required; the slots past the count hold `fillValue`, default the smallest value found).
 * @example np.setdiff1d(np.array([1, 2, 3, 2, 4, 1]), np.array([3, 4, 5, 6]), { size: 3, fillValue: 0 }); // → [1, 2, 0]
 */
export function setdiff1d(a: ArrayLike, b: ArrayLike, opts?: UniqueOptions): Tensor {
  const op = 'np.setdiff1d';
  const o = setOptions(op, opts);
  const x = operandTensor(op, a, undefined, 'the first array'), y = operandTensor(op, b, x.dtype, 'the second array');
  const s = sortedFlat(x, x.dtype);
  return setResult(op, s, s.size === 0 ? undefined : isin(s, y, { invert: true }), o);
}

/**
 * The sorted distinct values found in both arrays (numpy's intersect1d, with jnp's static `size`).
 * @example np.intersect1d(np.array([1, 3, 4, 3]), np.array([3, 1, 2, 1]), { size: 3, fillValue: -1 }); // → [1, 3, -1]
 */
export function intersect1d(a: ArrayLike, b: ArrayLike, opts?: UniqueOptions): Tensor {
  const op = 'np.intersect1d';
  const o = setOptions(op, opts);
  const [x, y, dt] = setOperands(op, a, b);
  const s = sortedFlat(x, dt);
  return setResult(op, s, s.size === 0 ? undefined : isin(s, lax.cast(y, dt)), o);
}

/**
 * The sorted distinct values found in either array (numpy's union1d, with jnp's static `size`).
 * @example np.union1d(np.array([-1, 0, 1]), np.array([-2, 0, 2]), { size: 5 }); // → [-2, -1, 0, 1, 2]
 */
export function union1d(a: ArrayLike, b: ArrayLike, opts?: UniqueOptions): Tensor {
  const op = 'np.union1d';
  const o = setOptions(op, opts);
  const [x, y, dt] = setOperands(op, a, b);
  const s = sort(lax.concatenate([lax.reshape(lax.cast(x, dt), [x.size]), lax.reshape(lax.cast(y, dt), [y.size])], 0), 0);
  return setResult(op, s, undefined, o);
}

/**
 * The sorted distinct values found in exactly one of the arrays (numpy's setxor1d, with jnp's
 * static `size`). A NaN appears once when either array holds one (numpy lists one per array).
 * @example np.setxor1d(np.array([1, 2, 3, 2, 4]), np.array([2, 3, 5, 7, 5]), { size: 4 }); // → [1, 4, 5, 7]
 */
export function setxor1d(a: ArrayLike, b: ArrayLike, opts?: UniqueOptions): Tensor {
  const op = 'np.setxor1d';
  const o = setOptions(op, opts);
  const [x, y, dt] = setOperands(op, a, b);
  const xa = lax.reshape(lax.cast(x, dt), [x.size]), yb = lax.reshape(lax.cast(y, dt), [y.size]);
  const s = sort(lax.concatenate([xa, yb], 0), 0);
  if (s.size === 0) return setResult(op, s, undefined, o);
  const inA = isin(s, xa), inB = isin(s, yb);
  const nan = lax.compare(s, s, 'ne');
  return setResult(op, s, lax.where(nan, nan, lax.compare(inA, inB, 'ne')), o);
}

/**
 * Whether each element of `element` occurs in `testElements` (bool, element's shape), as
 * `numpy.isin`; `invert` negates.
 * @example np.isin(np.array([1, 2, 3]), np.array([3, 1])); // [true, false, true]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, opts?: { invert?: boolean }): Tensor {
  const op = 'np.isin';
  const o = validate.options<{ invert?: boolean }>(op, opts ?? {}, ['invert'], '{ invert: true }');
  const invert = o.invert === undefined ? false : validate.boolean(op, 'invert', o.invert);
  const e = operandTensor(op, element, undefined, 'the elements');
  let t = operandTensor(op, testElements, e.dtype, 'the test elements');
  const dt = e.dtype === t.dtype ? e.dtype : (e.dtype === 'float64' || t.dtype === 'float64') ? 'float64' : 'float32';
  t = lax.reshape(lax.cast(t, dt), [t.size]);
  const m = t.size, shape = [...e.shape, m];
  const eq = lax.compare(lax.broadcastInDim(lax.cast(e, dt), shape, e.shape.map((_, i) => i)), lax.broadcastInDim(t, shape, [e.ndim]), 'eq');
  const hits = lax.reduceSum(lax.cast(eq, 'int32'), [e.ndim]);
  return lax.compare(hits, lax.full(e.shape, 0, 'int32'), invert ? 'eq' : 'gt');
}
