/**
 * numpy's sorting, searching and cumulative functions with JAX's semantics: sort, argsort
 * (stable), searchsorted, takeAlongAxis, cumsum, cumprod, cummax, cummin. Built on the sort and
 * cumulative primitives and on gather, so each has jvp, vmap and a WebGPU lowering.
 */
import { DType, gatherFillValue, isFloat, isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind, bind1 } from '../core/trace.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { sortDescending, sortPermutation } from '../primitives/lax-sort-scan.js';
import { stored, takeAlong } from '../primitives/take-along.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastShapes, resultDtype } from './broadcast.js';

function optionsOf<T extends object>(op: string, o: unknown, example: string): T {
  if (o === undefined) return {} as T;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${op}: options must be an object such as ${example}, got ${validate.describe(o)}.`);
  }
  return o as T;
}

/** numpy's `axis` argument for sorts and scans: a number, null (flatten), or inside the options object. */
function axisAndOptions<T extends { axis?: number | null }>(op: string, axisOrOpts: number | null | T | undefined, opts: T | undefined, dflt: number | null, example: string): [number | null, T] {
  if (typeof axisOrOpts === 'object' && axisOrOpts !== null) {
    if (opts !== undefined) throw new ArgumentError(`${op}: give the axis either positionally or in the options, not both.`);
    const o = optionsOf<T>(op, axisOrOpts, example);
    return [o.axis === undefined ? dflt : o.axis, o];
  }
  return [axisOrOpts === undefined ? dflt : axisOrOpts, optionsOf<T>(op, opts, example)];
}

/** The array and the resolved axis; axis null flattens (numpy). A scalar has no axis to sort. */
function prepareAxis(op: string, a: ArrayLike, axis: number | null): [Tensor, number] {
  let x = operandTensor(op, a);
  if (axis === null) x = lax.reshape(x, [x.size]);
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar, which has no axis to work along; reshape it to [1] or pass axis: null.`);
  return [x, validate.axis(op, axis ?? 0, x.ndim)];
}

function boolOption(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ArgumentError(`${op}: ${name} must be true or false, got ${validate.describe(v)}.`);
  return v;
}

export interface SortOptions {
  axis?: number | null;
  /** Accepted for JAX compatibility: the sort is always stable. */
  stable?: boolean;
  /** Largest first; equal elements still keep their input order. */
  descending?: boolean;
}

/**
 * A sorted copy of `a` along `axis` (default -1; null sorts the flattened array). Stable, NaN last,
 * -0 and +0 equal (kept in input order), as jnp.sort.
 * @example np.sort(np.array([3, NaN, 1, 2])); // → [1, 2, 3, NaN]
 * @example np.sort(np.array([[3, 1], [0, 2]]), 0); // → [[0, 1], [3, 2]]
 */
export function sort(a: ArrayLike, axisOrOpts?: number | null | SortOptions, opts?: SortOptions): Tensor {
  const op = 'np.sort';
  const [ax, o] = axisAndOptions<SortOptions>(op, axisOrOpts, opts, -1, '{ axis: -1, descending: true }');
  const [x, axis] = prepareAxis(op, a, ax);
  boolOption(op, 'stable', o.stable, true);
  if (boolOption(op, 'descending', o.descending, false)) return sortDescending(x, axis);
  return bind('sort', [x], { dimension: axis, numKeys: 1 })[0];
}

/**
 * The indices (int32) that sort `a` along `axis` (default -1; null: of the flattened array),
 * stable: equal elements keep their input order, also when `descending` (jnp.argsort).
 * @example np.argsort(np.array([3, 1, 2, 1])); // → [1, 3, 2, 0]
 * @example np.argsort(np.array([3, 1, 2, 1]), { descending: true }); // → [0, 2, 1, 3]
 */
export function argsort(a: ArrayLike, axisOrOpts?: number | null | SortOptions, opts?: SortOptions): Tensor {
  const op = 'np.argsort';
  const [ax, o] = axisAndOptions<SortOptions>(op, axisOrOpts, opts, -1, '{ axis: -1, descending: true }');
  const [x, axis] = prepareAxis(op, a, ax);
  boolOption(op, 'stable', o.stable, true);
  return sortPermutation(x, axis, boolOption(op, 'descending', o.descending, false));
}

function intIndices(op: string, indices: ArrayLike): Tensor {
  const t = isTensor(indices) ? indices : arrayFor(op, indices, { dtype: 'int32' });
  if (t.dtype === 'int32') return t;
  if (isInteger(t.dtype)) return lax.cast(t, 'int32');
  throw new DTypeError(`${op}: indices must be integers, got ${t.aval}; cast them with astype('int32').`);
}


export interface TakeAlongAxisOptions {
  /** 'fill' (default, as JAX): an index outside [-n, n) gives `fillValue`; 'clip': clamped into range. */
  mode?: 'fill' | 'clip';
  /** The value of out-of-range indices in 'fill' mode (default NaN; for integers the lowest int32 / largest uint32; true). */
  fillValue?: number;
}

/**
 * `out[..., j, ...] = arr[..., indices[..., j, ...], ...]` along `axis` (null: the flattened
 * array), as jnp.take_along_axis: negative indices count from the end, the other axes broadcast.
 * @example np.takeAlongAxis(np.array([[10, 30, 20]]), np.array([[0, 2, 1]], 'int32'), 1); // → [[10, 20, 30]]
 */
export function takeAlongAxis(arr: ArrayLike, indices: ArrayLike, axis: number | null, opts?: TakeAlongAxisOptions): Tensor {
  const op = 'np.takeAlongAxis';
  const o = optionsOf<TakeAlongAxisOptions>(op, opts, "{ mode: 'clip' }");
  const mode = o.mode ?? 'fill';
  if (mode !== 'fill' && mode !== 'clip') throw new ArgumentError(`${op}: mode must be 'fill' or 'clip', got ${validate.describe(mode)}.`);
  let x = operandTensor(op, arr);
  let idx = intIndices(op, indices);
  if (axis === null) {
    x = lax.reshape(x, [x.size]);
    if (idx.ndim !== 1) throw new ShapeError(`${op}: with axis null the indices must be 1-D, got ${idx.aval}.`);
  }
  if (axis === undefined) throw new ArgumentError(`${op}: give the axis (a number, or null for the flattened array), as numpy requires.`);
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar; it has no axis to take along.`);
  const ax = validate.axis(op, axis, x.ndim);
  if (idx.ndim !== x.ndim) {
    throw new ShapeError(`${op}: indices ${idx.aval} must have the rank of the array ${x.aval} (${x.ndim}); add axes of size 1 (np.expandDims).`);
  }
  const n = x.shape[ax];
  // The other axes broadcast against each other.
  const others = broadcastShapes(op, x.shape.filter((_, d) => d !== ax), idx.shape.filter((_, d) => d !== ax));
  const withAxis = (len: number) => { const s = [...others]; s.splice(ax, 0, len); return s; };
  const bcast = (t: Tensor, shape: number[]) => (t.shape.every((d, i) => d === shape[i])
    ? t : lax.broadcastInDim(lax.reshape(t, t.shape.filter((d) => d !== 1)), shape, t.shape.map((d, i) => (d === 1 ? -1 : i)).filter((d) => d >= 0)));
  x = bcast(x, withAxis(n));
  idx = bcast(idx, withAxis(idx.shape[ax]));
  if (n === 0) {
    if (idx.size > 0 && mode === 'clip') throw new ShapeError(`${op}: axis ${ax} of ${x.aval} is empty, so no index can be clipped into it.`);
    return lax.full(idx.shape, gatherFillValue(x.dtype), x.dtype);
  }
  const zero = lax.full(idx.shape, 0, 'int32');
  const wrapped = lax.where(lax.compare(idx, zero, 'lt'), lax.add(idx, lax.full(idx.shape, n, 'int32')), idx);
  const got = takeAlong(x, wrapped, ax);
  if (mode === 'clip') return got;
  const inRange = lax.where(lax.compare(wrapped, zero, 'ge'), lax.compare(wrapped, lax.full(idx.shape, n, 'int32'), 'lt'), lax.full(idx.shape, 0, 'bool'));
  return lax.where(inRange, got, lax.full(idx.shape, o.fillValue ?? gatherFillValue(x.dtype), x.dtype));
}

export interface SearchSortedOptions {
  /** 'left' (default): the first position where v fits; 'right': the last. */
  side?: 'left' | 'right';
  /** Indices that sort `a` (int32), when `a` is not sorted itself. */
  sorter?: ArrayLike;
}

/**
 * Where each of `v` would be inserted into the sorted 1-D `a` to keep it sorted (int32, shape of
 * `v`), as jnp.searchsorted: 'left' counts the elements < v, 'right' those ≤ v, in the sort's
 * order (NaN last). A binary search: ⌈log₂(n+1)⌉ gathers of `a`, O(m log n).
 * @example np.searchsorted(np.array([1, 2, 2, 3]), np.array([2, 0, 5])); // → [1, 0, 4]
 * @example np.searchsorted(np.array([1, 2, 2, 3]), 2, { side: 'right' }); // → 3
 */
export function searchsorted(a: ArrayLike, v: ArrayLike, opts?: SearchSortedOptions): Tensor {
  const op = 'np.searchsorted';
  const o = optionsOf<SearchSortedOptions>(op, opts, "{ side: 'right' }");
  const side = o.side ?? 'left';
  if (side !== 'left' && side !== 'right') throw new ArgumentError(`${op}: side must be 'left' or 'right', got ${validate.describe(side)}.`);
  let sorted = operandTensor(op, a, undefined, 'the sorted array');
  if (sorted.ndim !== 1) throw new ShapeError(`${op}: the sorted array must be 1-D, got ${sorted.aval}; vmap over the leading axes for batches.`);
  if (o.sorter !== undefined) sorted = takeAlongAxis(sorted, intIndices(op, o.sorter), 0, { mode: 'clip' });
  const dtype = resultDtype(op, sorted, v);
  const x = lax.cast(sorted, dtype);
  const values = lax.cast(operandTensor(op, v, dtype, 'the values'), dtype);
  const n = x.shape[0], shape = values.shape;
  let pos = lax.full(shape, 0, 'int32');
  if (n === 0) return pos;
  const isNan = (t: Tensor) => (isFloat(t.dtype) ? lax.compare(t, t, 'ne') : lax.full(t.shape, 0, 'bool'));
  const and = (p: Tensor, q: Tensor) => lax.where(p, q, lax.full(p.shape, 0, 'bool'));
  const or = (p: Tensor, q: Tensor) => lax.where(p, lax.full(p.shape, 1, 'bool'), q);
  /** p < q in the sort's total order (NaN after everything). */
  const less = (p: Tensor, q: Tensor) => or(lax.compare(p, q, 'lt'), and(lax.compare(isNan(p), lax.full(p.shape, 1, 'bool'), 'ne'), isNan(q)));
  let step = 1;
  while (step * 2 <= n) step *= 2;
  // pos = how many leading elements of `sorted` go before v: grow it by halving powers of two.
  for (; step >= 1; step /= 2) {
    const cand = lax.add(pos, lax.full(shape, step, 'int32'));
    const fits = lax.compare(cand, lax.full(shape, n, 'int32'), 'le');
    const at = lax.gather(x, lax.min(lax.sub(cand, lax.full(shape, 1, 'int32')), lax.full(shape, n - 1, 'int32')), 0);
    const before = side === 'left' ? less(at, values) : lax.compare(less(values, at), lax.full(shape, 0, 'bool'), 'eq');
    pos = lax.where(and(fits, before), cand, pos);
    // Stored after each step: inlined, every step would repeat all the steps before it, three times over.
    pos = stored(pos);
  }
  return pos;
}

export interface CumulativeOptions {
  axis?: number | null;
  /** The result's dtype (default: the input's; bool sums and products count in int32). */
  dtype?: DType;
  /** Scan from the end of the axis (lax.cumsum's `reverse`). */
  reverse?: boolean;
}

function cumulative(prim: 'cumsum' | 'cumprod' | 'cummax' | 'cummin') {
  const op = `np.${prim}`;
  return (a: ArrayLike, axisOrOpts?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor => {
    const [ax, o] = axisAndOptions<CumulativeOptions>(op, axisOrOpts, opts, null, '{ axis: 0, reverse: true }');
    let [x, axis] = prepareAxis(op, a, ax);
    const reverse = boolOption(op, 'reverse', o.reverse, false);
    const want = o.dtype === undefined ? undefined : validate.dtype(op, o.dtype);
    if (want !== undefined) x = lax.cast(x, want);
    if (x.dtype === 'bool') {
      // Sums and products of bools count (int32); a running max/min of bools is a bool.
      const counted = bind1(prim, [lax.cast(x, 'int32')], { axis, reverse });
      return prim === 'cumsum' || prim === 'cumprod' ? counted : lax.cast(counted, 'bool');
    }
    return bind1(prim, [x], { axis, reverse });
  };
}

/**
 * Cumulative sum along `axis` (default: of the flattened array), as jnp.cumsum; bool counts as int32.
 * @example np.cumsum(np.array([[1, 2], [3, 4]])); // → [1, 3, 6, 10]
 * @example np.cumsum(np.array([[1, 2], [3, 4]]), 0); // → [[1, 2], [4, 6]]
 * @example np.cumsum(np.array([1, 2, 3]), { axis: 0, reverse: true }); // → [6, 5, 3]
 */
export const cumsum = cumulative('cumsum');
/**
 * Cumulative product along `axis` (default: of the flattened array), as jnp.cumprod.
 * @example np.cumprod(np.array([1, 2, 3, 4])); // → [1, 2, 6, 24]
 */
export const cumprod = cumulative('cumprod');
/**
 * Running maximum along `axis` (default: of the flattened array); NaN propagates.
 * @example np.cummax(np.array([1, 3, 2, 5])); // → [1, 3, 3, 5]
 */
export const cummax = cumulative('cummax');
/**
 * Running minimum along `axis` (default: of the flattened array); NaN propagates.
 * @example np.cummin(np.array([4, 3, 5, 1])); // → [4, 3, 3, 1]
 */
export const cummin = cumulative('cummin');

/** The array and axis of partition / argpartition, and kth checked against the axis length. */
function partitionArgs(op: string, a: ArrayLike, kth: unknown, axis: unknown): [Tensor, number] {
  if (Array.isArray(kth) || isTensor(kth)) {
    throw new ArgumentError(`${op}: kth must be one integer (jnp.${op.slice(3).toLowerCase()} takes a single kth); ` +
      `for several order statistics, sort with np.sort and take the positions you need.`);
  }
  if (axis !== null && axis !== undefined && typeof axis !== 'number') {
    throw new ArgumentError(`${op}: axis must be an integer or null (the flattened array), got ${validate.describe(axis)}.`);
  }
  const [x, ax] = prepareAxis(op, a, axis === undefined ? -1 : axis);
  const n = x.shape[ax];
  const k = validate.integer(op, 'kth', kth);
  if (k < -n || k >= n) throw new ShapeError(`${op}: kth = ${k} is out of range for axis ${ax} of ${x.aval} (length ${n}); use one in [${-n}, ${n - 1}].`);
  return [x, ax];
}

/**
 * The array with the kth element along `axis` (default −1; null: the flattened array) in its
 * sorted place, the smaller ones before it and the larger ones after (numpy's partition). The
 * answer here is the full stable sort (NaN last), which is one valid partition; jnp's top_k
 * answer orders the two sides differently, and numpy's leaves them in no promised order.
 * @example np.partition(np.array([3, 4, 2, 1]), 2); // → [1, 2, 3, 4]
 */
export function partition(a: ArrayLike, kth: number, axis: number | null = -1): Tensor {
  const [x, ax] = partitionArgs('np.partition', a, kth, axis);
  return bind('sort', [x], { dimension: ax, numKeys: 1 })[0];
}

/**
 * Indices (int32) that partition `a` around its kth element along `axis` (numpy's argpartition):
 * here the stable argsort, one valid answer (see {@link partition}).
 * @example np.argpartition(np.array([3, 4, 2, 1]), 1); // → [3, 2, 0, 1]
 */
export function argpartition(a: ArrayLike, kth: number, axis: number | null = -1): Tensor {
  const [x, ax] = partitionArgs('np.argpartition', a, kth, axis);
  return sortPermutation(x, ax, false);
}

/**
 * The indices (int32) that sort by several keys, the last key first (numpy's lexsort): the keys
 * are a list of same-shape arrays, or the rows of one array; stable, NaN last within each key.
 * @example np.lexsort([np.array([1, 5, 1, 4]), np.array([0, 1, 1, 0])]); // → [0, 3, 2, 1]
 */
export function lexsort(keys: readonly ArrayLike[] | Tensor, axis = -1): Tensor {
  const op = 'np.lexsort';
  let ks: Tensor[];
  if (isTensor(keys)) {
    if (keys.ndim === 0) throw new ShapeError(`${op}: the keys ${keys.aval} are a scalar; give a list of arrays or an array whose rows are the keys.`);
    ks = Array.from({ length: keys.shape[0] }, (_, i) =>
      lax.reshape(lax.slice(keys, keys.shape.map((_d, j) => (j === 0 ? i : 0)), keys.shape.map((d, j) => (j === 0 ? i + 1 : d))), keys.shape.slice(1)));
  } else if (Array.isArray(keys)) {
    ks = keys.map((k, i) => operandTensor(op, k, undefined, `key ${i}`));
  } else {
    throw new ArgumentError(`${op}: keys must be a list of arrays or one array of keys, got ${validate.describe(keys)}.`);
  }
  if (ks.length === 0) throw new ArgumentError(`${op}: needs at least one key.`);
  ks.forEach((k, i) => {
    if (k.ndim !== ks[0].ndim || k.shape.some((d, j) => d !== ks[0].shape[j])) {
      throw new ShapeError(`${op}: key ${i} is ${k.aval} but key 0 is ${ks[0].aval}; all keys must have one shape.`);
    }
  });
  if (ks[0].ndim === 0) throw new ShapeError(`${op}: the keys are scalars; each key needs an axis to sort along.`);
  const ax = validate.axis(op, axis, ks[0].ndim);
  // The last key is the primary one: sort by the keys reversed, carrying the positions along.
  const positions = lax.iota(ks[0].shape, ax, 'int32');
  const outs = bind('sort', [...ks.slice().reverse(), positions], { dimension: ax, numKeys: ks.length });
  return outs[outs.length - 1];
}
