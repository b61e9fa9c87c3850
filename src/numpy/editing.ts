/**
 * Editing arrays functionally, as jnp does (every function returns a new array; jnp's
 * `inplace=False`): append, insert and delete at static positions, resize, vander, the diagonal
 * and triangle index helpers (diagIndices, diagIndicesFrom, trilIndicesFrom, triuIndicesFrom),
 * fillDiagonal, putAlongAxis, put, choose, and compress / extract with a static `size` (their
 * result length depends on the values otherwise). Positions are static, so each is a gather
 * (or a scatter) with constant indices: they differentiate, jit and vmap.
 *
 * numpy's `delete` is exported under its own name (a reserved word in JS, so it is reached as
 * `np.delete`):
 * @example np.delete(np.array([1, 2, 3, 4]), [0, -1]); // → [2, 3]
 * @example np.delete(np.array([[1, 2, 3], [4, 5, 6]]), 1, { axis: 1 }); // → [[1, 3], [4, 6]]
 */
import { isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastShapes, broadcastTo, resultDtype } from './broadcast.js';
import { concatenate } from './shape.js';
import { at } from './indexing.js';
import { nonzero } from './nonzero.js';
import { trilIndices, triuIndices } from './extras.js';

type A = ArrayLike;

/** Elements of `x` along `axis` at the static positions `idx` (a constant int32 gather). */
function pick(op: string, x: Tensor, axis: number, idx: readonly number[]): Tensor {
  if (idx.length === 0) return lax.full(x.shape.map((d, i) => (i === axis ? 0 : d)), 0, x.dtype);
  return lax.gather(x, arrayFor(op, Int32Array.from(idx)), axis);
}

/** The array and axis of the editing functions: axis null/undefined flattens, as numpy. */
function arrayAndAxis(op: string, a: A, axis: unknown): [Tensor, number] {
  const x = operandTensor(op, a);
  if (axis === undefined || axis === null) return [lax.reshape(x, [x.size]), 0];
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar, which has no axis ${axis}; omit the axis to work on the flattened array.`);
  return [x, validate.axis(op, axis, x.ndim)];
}

/** Static positions: one integer or a list of them (Tensors are traced values, so refused). */
function staticPositions(op: string, obj: unknown, what: string): { list: number[]; scalar: boolean } {
  if (isTensor(obj)) {
    throw new ArgumentError(`${op}: ${what} is an array; they must be static numbers (a number or a list of numbers), because ` +
      `the result's shape depends on them (jnp requires concrete positions too). Read them with await x.toArray() first.`);
  }
  if (typeof obj === 'number') return { list: [validate.integer(op, what, obj)], scalar: true };
  if (Array.isArray(obj)) {
    if (obj.some((v) => typeof v === 'boolean')) {
      throw new ArgumentError(`${op}: ${what} is a list of booleans; give integer positions (np.nonzero turns a mask into them).`);
    }
    return { list: obj.map((v) => validate.integer(op, `each of ${what}`, v)), scalar: false };
  }
  throw new ArgumentError(`${op}: ${what} is ${validate.describe(obj)}; give an integer position or a list of them.`);
}

/** `{ axis }` options of append / insert / delete. */
export interface EditAxisOptions { axis?: number | null }

/**
 * The values put at the end of the array along `axis`; without an axis both are flattened first
 * (numpy's append). With an axis the shapes must agree except along it.
 * @example np.append(np.array([1, 2]), [3, 4]); // → [1, 2, 3, 4]
 * @example np.append(np.array([[1, 2]]), np.array([[3, 4]]), { axis: 0 }); // → [[1, 2], [3, 4]]
 */
export function append(arr: A, values: A, opts?: EditAxisOptions): Tensor {
  const op = 'np.append';
  const o = validate.options<EditAxisOptions>(op, opts, ['axis'], '{ axis: 0 }');
  const x = operandTensor(op, arr, undefined, 'the array'), v = operandTensor(op, values, x.dtype, 'the values');
  if (o.axis === undefined || o.axis === null) return concatenate([lax.reshape(x, [x.size]), lax.reshape(v, [v.size])], 0);
  if (x.ndim !== v.ndim) {
    throw new ShapeError(`${op}: the array ${x.aval} and the values ${v.aval} have different ranks; with an axis they must have ` +
      `the same rank (numpy does not broadcast here). Reshape the values, or omit the axis to flatten both.`);
  }
  return concatenate([x, v], validate.axis(op, o.axis, x.ndim));
}

/**
 * The array with `values` inserted before the static position(s) `obj` along `axis` (flattened
 * when there is none), as numpy's insert: one position inserts the values as a block (an axis of
 * their own length), a list inserts one slice per position; values are cast to the array's dtype.
 * @example np.insert(np.array([1, 2, 3]), 1, 9); // → [1, 9, 2, 3]
 * @example np.insert(np.array([1, 2, 3]), [0, 3], [7, 8]); // → [7, 1, 2, 3, 8]
 * @example np.insert(np.array([[1, 2], [3, 4]]), 1, [5, 6], { axis: 1 }); // → [[1, 5, 2], [3, 6, 4]]
 */
export function insert(arr: A, obj: number | readonly number[], values: A, opts?: EditAxisOptions): Tensor {
  const op = 'np.insert';
  const o = validate.options<EditAxisOptions>(op, opts, ['axis'], '{ axis: 0 }');
  const [x, axis] = arrayAndAxis(op, arr, o.axis);
  const { list, scalar } = staticPositions(op, obj, 'the positions');
  const n = x.shape[axis];
  const pos = list.map((p) => {
    if (p < -n || p > n) throw new ArgumentError(`${op}: position ${p} is out of range for axis ${axis} of ${x.aval} (size ${n}); use one in [${-n}, ${n}].`);
    return p < 0 ? p + n : p;
  });
  let v = lax.cast(operandTensor(op, values, x.dtype, 'the values'), x.dtype);
  if (v.ndim > x.ndim) throw new ShapeError(`${op}: the values ${v.aval} have more axes than the array ${x.aval}.`);
  // numpy: the values get leading axes up to the array's rank; one position moves their first axis to `axis`.
  v = lax.reshape(v, [...Array(x.ndim - v.ndim).fill(1), ...v.shape]);
  if (scalar) v = lax.transpose(v, moveFirst(x.ndim, axis));
  const k = scalar ? v.shape[axis] : pos.length;
  const target = x.shape.map((d, i) => (i === axis ? k : d));
  try {
    v = broadcastTo(v, target, op);
  } catch {
    throw new ShapeError(`${op}: the values ${v.aval} (as numpy arranges them) do not broadcast to ${fmtShape(target)}, the block ` +
      `inserted into ${x.aval} along axis ${axis}.`);
  }
  // Where each inserted slice lands: its position plus the number of slices inserted before it (a stable order).
  const inserted = scalar ? Array.from({ length: k }, (_, j) => pos[0] + j)
    : (() => {
      const order = pos.map((p, j) => [p, j]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, j]) => j);
      const out = new Array<number>(k);
      order.forEach((j, rank) => { out[j] = pos[j] + rank; });
      return out;
    })();
  const src = new Array<number>(n + k).fill(-1);
  inserted.forEach((p, j) => { src[p] = n + j; });
  let next = 0;
  for (let i = 0; i < src.length; i++) if (src[i] < 0) src[i] = next++;
  return pick(op, lax.concatenate([x, v], axis), axis, src);
}

/** The permutation that moves axis 0 to `axis`. */
function moveFirst(ndim: number, axis: number): number[] {
  const perm = Array.from({ length: ndim }, (_, i) => i).slice(1);
  perm.splice(axis, 0, 0);
  return perm;
}

/** numpy's delete: the array without the static position(s) `obj` along `axis` (flattened when there is none). */
function deleteAt(arr: A, obj: number | readonly number[], opts?: EditAxisOptions): Tensor {
  const op = 'np.delete';
  const o = validate.options<EditAxisOptions>(op, opts, ['axis'], '{ axis: 0 }');
  const [x, axis] = arrayAndAxis(op, arr, o.axis);
  const n = x.shape[axis];
  const gone = new Set(staticPositions(op, obj, 'the positions').list.map((p) => {
    if (p < -n || p >= n) throw new ArgumentError(`${op}: position ${p} is out of range for axis ${axis} of ${x.aval} (size ${n}); use one in [${-n}, ${n - 1}].`);
    return p < 0 ? p + n : p;
  }));
  return pick(op, x, axis, Array.from({ length: n }, (_, i) => i).filter((i) => !gone.has(i)));
}
export { deleteAt as delete };

/**
 * An array of `newShape` filled with the flattened array's elements, repeated from the start as
 * often as needed (numpy's resize; an empty array gives zeros).
 * @example np.resize(np.array([1, 2, 3]), [2, 4]); // → [[1, 2, 3, 1], [2, 3, 1, 2]]
 */
export function resize(a: A, newShape: number | readonly number[]): Tensor {
  const op = 'np.resize';
  const x = operandTensor(op, a);
  const s = validate.shape(op, newShape as number[], 'the new shape');
  const total = s.reduce((p, q) => p * q, 1);
  if (x.size === 0) return lax.full(s, 0, x.dtype);
  const flat = lax.reshape(x, [x.size]);
  return lax.reshape(pick(op, flat, 0, Array.from({ length: total }, (_, i) => i % x.size)), s);
}

/** Options of vander: ascending powers instead of numpy's default descending ones. */
export interface VanderOptions { increasing?: boolean }

/**
 * The Vandermonde matrix of the 1-D `x`: columns x^(N−1), …, x, 1 (N defaults to len(x);
 * `increasing` reverses them), as numpy's vander.
 * @example np.vander(np.array([1, 2, 3]), 3); // → [[1, 1, 1], [4, 2, 1], [9, 3, 1]]
 * @example np.vander(np.array([2, 3]), 3, { increasing: true }); // → [[1, 2, 4], [1, 3, 9]]
 */
export function vander(x: A, n?: number | null, opts?: VanderOptions): Tensor {
  const op = 'np.vander';
  const o = validate.options<VanderOptions>(op, opts, ['increasing'], '{ increasing: true }');
  const increasing = o.increasing === undefined ? false : validate.boolean(op, 'increasing', o.increasing);
  const t = operandTensor(op, x);
  if (t.ndim !== 1) throw new ShapeError(`${op}: x must be 1-D, got ${t.aval}.`);
  const cols = n === undefined || n === null ? t.shape[0] : validate.integer(op, 'N', n, { min: 0 });
  const m = t.shape[0];
  const powers: Tensor[] = [];
  let p = lax.full([m], 1, t.dtype === 'bool' ? 'int32' : t.dtype);
  const base = lax.cast(t, p.dtype);
  for (let j = 0; j < cols; j++) { powers.push(lax.reshape(p, [m, 1])); p = lax.mul(p, base); }
  if (!increasing) powers.reverse();
  return cols === 0 ? lax.full([m, 0], 0, p.dtype) : lax.concatenate(powers, 1);
}

/**
 * The indices of the main diagonal of an n×…×n array of rank `ndim` (default 2): `ndim` copies of
 * 0..n−1 (int32), as numpy's diag_indices.
 * @example np.diagIndices(3); // → [[0, 1, 2], [0, 1, 2]]
 */
export function diagIndices(n: number, ndim = 2): Tensor[] {
  const op = 'np.diagIndices';
  const k = validate.integer(op, 'n', n, { min: 0 });
  const d = validate.integer(op, 'ndim', ndim, { min: 1 });
  return Array.from({ length: d }, () => lax.iota([k], 0, 'int32'));
}

/**
 * The indices of the main diagonal of `arr`, whose axes must all have one length (numpy's diag_indices_from).
 * @example np.diagIndicesFrom(np.ones([2, 2, 2])).length; // → 3
 */
export function diagIndicesFrom(arr: A): Tensor[] {
  const op = 'np.diagIndicesFrom';
  const t = operandTensor(op, arr);
  if (t.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2, got ${t.aval}.`);
  if (t.shape.some((d) => d !== t.shape[0])) throw new ShapeError(`${op}: all axes of ${t.aval} must have the same length.`);
  return diagIndices(t.shape[0], t.ndim);
}

function matrixOf(op: string, arr: A): Tensor {
  const t = operandTensor(op, arr);
  if (t.ndim !== 2) throw new ShapeError(`${op}: needs a 2-D array, got ${t.aval}.`);
  return t;
}

/**
 * The [rows, cols] indices (int32) of the lower triangle of the 2-D `arr` (column − row ≤ k),
 * as numpy's tril_indices_from.
 * @example np.trilIndicesFrom(np.ones([2, 3])); // → [[0, 1, 1], [0, 0, 1]]
 */
export function trilIndicesFrom(arr: A, k = 0): Tensor[] {
  const t = matrixOf('np.trilIndicesFrom', arr);
  return trilIndices(t.shape[0], validate.integer('np.trilIndicesFrom', 'k', k), t.shape[1]);
}

/**
 * The [rows, cols] indices (int32) of the upper triangle of the 2-D `arr` (column − row ≥ k),
 * as numpy's triu_indices_from.
 * @example np.triuIndicesFrom(np.ones([3, 2]), 1); // → [[0], [1]]
 */
export function triuIndicesFrom(arr: A, k = 0): Tensor[] {
  const t = matrixOf('np.triuIndicesFrom', arr);
  return triuIndices(t.shape[0], validate.integer('np.triuIndicesFrom', 'k', k), t.shape[1]);
}

/** Rejects `inplace: true` (arrays are immutable; jnp raises there too). */
function functionalOnly(op: string, inplace: unknown): void {
  if (inplace !== undefined && validate.boolean(op, 'inplace', inplace)) {
    throw new ArgumentError(`${op}: inplace: true is impossible: fluxion's arrays are immutable (as JAX's). The function returns ` +
      `the new array; pass inplace: false or omit it, and use the result.`);
  }
}

/** Options of fillDiagonal: numpy's `wrap` for tall matrices, and jnp's `inplace` (false only). */
export interface FillDiagonalOptions { wrap?: boolean; inplace?: boolean }

/**
 * A copy of `a` with its main diagonal set to `val` (repeated along the diagonal when it has
 * several values), as jnp.fill_diagonal with inplace=False; all axes of a rank > 2 array must have
 * one length. `wrap` continues down a tall matrix after a blank row, as numpy.
 * @example np.fillDiagonal(np.zeros([3, 3]), 5); // → [[5, 0, 0], [0, 5, 0], [0, 0, 5]]
 * @example np.fillDiagonal(np.zeros([2, 3]), [1, 2]); // → [[1, 0, 0], [0, 2, 0]]
 */
export function fillDiagonal(a: A, val: A, opts?: FillDiagonalOptions): Tensor {
  const op = 'np.fillDiagonal';
  const o = validate.options<FillDiagonalOptions>(op, opts, ['wrap', 'inplace'], '{ wrap: true }');
  functionalOnly(op, o.inplace);
  const wrap = o.wrap === undefined ? false : validate.boolean(op, 'wrap', o.wrap);
  const x = operandTensor(op, a);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2, got ${x.aval}.`);
  if (x.ndim > 2 && x.shape.some((d) => d !== x.shape[0])) throw new ShapeError(`${op}: all axes of ${x.aval} must have the same length (numpy's rule beyond 2-D).`);
  // numpy: flat positions 0, step, 2·step, … below `end`.
  let step = 1, prod = 1;
  for (let i = 0; i < x.ndim - 1; i++) { prod *= x.shape[i + 1]; step += prod; }
  if (x.ndim === 2) step = x.shape[1] + 1;
  const end = x.ndim === 2 && !wrap ? Math.min(x.size, x.shape[1] * x.shape[1]) : x.size;
  const positions: number[] = [];
  for (let p = 0; p < end; p += step) positions.push(p);
  const v = lax.cast(operandTensor(op, val, x.dtype, 'the value'), x.dtype);
  if (v.size === 0) throw new ShapeError(`${op}: the value ${v.aval} is empty; give at least one value.`);
  const vals = lax.reshape(v, [v.size]);
  const from = new Array<number>(x.size).fill(-1);
  positions.forEach((p, j) => { from[p] = j % v.size; });
  const mask = arrayFor(op, from.map((f) => f >= 0), { shape: x.shape });
  const spread = lax.reshape(pick(op, vals, 0, from.map((f) => Math.max(f, 0))), x.shape);
  return lax.where(mask, spread, x);
}

/** Options of putAlongAxis and put: jnp's `inplace` (false only) and the out-of-range mode. */
export interface PutOptions { inplace?: boolean; mode?: 'drop' | 'clip' | 'wrap' }

/**
 * A copy of `arr` with `values` written at `indices` along `axis` (null: of the flattened array),
 * the inverse of np.takeAlongAxis, as jnp.put_along_axis with inplace=False: the values broadcast
 * to the indices' shape, negative indices count from the end, out-of-range ones are dropped
 * ('clip' clamps); with repeated indices the last write wins.
 * @example np.putAlongAxis(np.zeros([2, 3]), np.array([[2], [0]], 'int32'), 7, 1); // → [[0, 0, 7], [7, 0, 0]]
 */
export function putAlongAxis(arr: A, indices: A, values: A, axis: number | null, opts?: Omit<PutOptions, 'mode'> & { mode?: 'drop' | 'clip' }): Tensor {
  const op = 'np.putAlongAxis';
  const o = validate.options<PutOptions>(op, opts, ['inplace', 'mode'], "{ mode: 'clip' }");
  functionalOnly(op, o.inplace);
  const mode = o.mode === undefined ? 'drop' : validate.oneOf(op, 'mode', o.mode, ['drop', 'clip'] as const);
  const x0 = operandTensor(op, arr, undefined, 'the array');
  const idx = intIndices(op, indices);
  if (axis === undefined) throw new ArgumentError(`${op}: give the axis (a number, or null for the flattened array), as numpy requires.`);
  const x = axis === null ? lax.reshape(x0, [x0.size]) : x0;
  if (axis === null && idx.ndim !== 1) throw new ShapeError(`${op}: with axis null the indices must be 1-D, got ${idx.aval}.`);
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar; it has no axis to put along.`);
  const ax = validate.axis(op, axis ?? 0, x.ndim);
  if (idx.ndim !== x.ndim) {
    throw new ShapeError(`${op}: indices ${idx.aval} must have the rank of the array ${x.aval} (${x.ndim}); add axes of size 1 (np.expandDims).`);
  }
  // The other axes of the indices broadcast against the array's (numpy's put_along_axis).
  const others = broadcastShapes(op, x.shape.filter((_, d) => d !== ax), idx.shape.filter((_, d) => d !== ax));
  if (others.some((d, i) => d !== x.shape.filter((_, j) => j !== ax)[i])) {
    throw new ShapeError(`${op}: indices ${idx.aval} do not broadcast against ${x.aval} outside axis ${ax}.`);
  }
  const full = x.shape.map((d, i) => (i === ax ? idx.shape[ax] : d));
  const ib = broadcastTo(idx, full, op);
  const grid = full.map((_, d) => (d === ax ? ib : lax.iota(full, d, 'int32')));
  const v = broadcastTo(lax.cast(operandTensor(op, values, x.dtype, 'the values'), x.dtype), full, op);
  const r = at(x, ...grid).set(v, { mode });
  return axis === null ? lax.reshape(r, x0.shape) : r;
}

function intIndices(op: string, indices: A): Tensor {
  const t = isTensor(indices) ? indices : arrayFor(op, indices, { dtype: 'int32' });
  if (t.dtype === 'int32') return t;
  if (isInteger(t.dtype)) return lax.cast(t, 'int32');
  throw new DTypeError(`${op}: indices must be integers, got ${t.aval}; cast them with astype('int32').`);
}

/**
 * A copy of `a` with the flat positions `ind` set to `v` (numpy's put, as jnp.put with
 * inplace=False): `v` repeats cyclically to the number of indices; negative indices count from
 * the end, out-of-range ones are dropped ('clip' clamps, 'wrap' wraps around; as in jnp, 'clip'
 * reads −1 as the last element, where numpy clamps it to the first); the last of repeated indices wins.
 * @example np.put(np.array([[1, 2], [3, 4]]), [0, 3], [9, 8]); // → [[9, 2], [3, 8]]
 * @example np.put(np.zeros([3]), [4, -1], 1, { mode: 'wrap' }); // → [0, 1, 1]
 */
export function put(a: A, ind: A, v: A, opts?: PutOptions): Tensor {
  const op = 'np.put';
  const o = validate.options<PutOptions>(op, opts, ['inplace', 'mode'], "{ mode: 'clip' }");
  functionalOnly(op, o.inplace);
  if ((o.mode as string) === 'raise') {
    throw new ArgumentError(`${op}: mode 'raise' cannot be honoured: the indices may be traced values, which cannot be checked ` +
      `before the program runs (jnp.put does not support it either). Use 'drop' (default), 'clip' or 'wrap'.`);
  }
  const mode = o.mode === undefined ? 'drop' : validate.oneOf(op, 'mode', o.mode, ['drop', 'clip', 'wrap'] as const);
  const x = operandTensor(op, a, undefined, 'the array');
  const ind0 = intIndices(op, ind);
  let idx = lax.reshape(ind0, [ind0.size]);
  const m = idx.shape[0];
  const vals = lax.cast(operandTensor(op, v, x.dtype, 'the values'), x.dtype);
  if (m === 0) return x;
  if (vals.size === 0) throw new ShapeError(`${op}: the values ${vals.aval} are empty; give at least one value.`);
  const flatV = pick(op, lax.reshape(vals, [vals.size]), 0, Array.from({ length: m }, (_, i) => i % vals.size));
  const n = x.size;
  if (mode === 'wrap') {
    const nn = lax.full([m], n, 'int32');
    idx = lax.rem(lax.add(lax.rem(idx, nn), nn), nn);
  }
  const flat = at(lax.reshape(x, [n]), idx).set(flatV, { mode: mode === 'wrap' ? 'drop' : mode });
  return lax.reshape(flat, x.shape);
}

/** Options of choose: what an index outside [0, n) does ('raise' cannot be checked on traced indices). */
export interface ChooseOptions { mode?: 'clip' | 'wrap' }

/**
 * Picks, elementwise, `choices[a]` (numpy's choose): `a` is an integer array, the choices are
 * broadcast with it. Out-of-range indices are clamped ('clip', default) or wrapped ('wrap');
 * numpy's default 'raise' cannot check traced values, so it is refused.
 * @example np.choose(np.array([0, 1, 2, 1], 'int32'), [[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23]]); // → [0, 11, 22, 13]
 * @example np.choose(np.array([3, -1], 'int32'), [np.array([0, 0]), np.array([1, 1])], { mode: 'wrap' }); // → [1, 1]
 */
export function choose(a: A, choices: readonly A[], opts?: ChooseOptions): Tensor {
  const op = 'np.choose';
  const o = validate.options<ChooseOptions>(op, opts, ['mode'], "{ mode: 'wrap' }");
  if ((o.mode as string) === 'raise') {
    throw new ArgumentError(`${op}: mode 'raise' cannot be honoured: the index array may be traced, so its values cannot be checked ` +
      `before the program runs. Use 'clip' (default) or 'wrap'.`);
  }
  const mode = o.mode === undefined ? 'clip' : validate.oneOf(op, 'mode', o.mode, ['clip', 'wrap'] as const);
  const idx0 = intIndices(op, a);
  if (!Array.isArray(choices) || choices.length === 0) {
    throw new ArgumentError(`${op}: choices must be a non-empty list of arrays, got ${validate.describe(choices)}.`);
  }
  const cs = choices.map((c, i) => operandTensor(op, c, undefined, `choice ${i}`));
  let dt = cs[0].dtype;
  for (const c of cs.slice(1)) dt = resultDtype(op, lax.full([], 0, dt), c);
  const shape = broadcastShapes(op, idx0.shape, ...cs.map((c) => c.shape));
  const k = cs.length;
  let idx = broadcastTo(idx0, shape, op);
  const kk = lax.full(shape, k, 'int32');
  idx = mode === 'wrap' ? lax.rem(lax.add(lax.rem(idx, kk), kk), kk)
    : lax.max(lax.min(idx, lax.full(shape, k - 1, 'int32')), lax.full(shape, 0, 'int32'));
  let out = broadcastTo(lax.cast(cs[0], dt), shape, op);
  for (let i = 1; i < k; i++) out = lax.where(lax.compare(idx, lax.full(shape, i, 'int32'), 'eq'), broadcastTo(lax.cast(cs[i], dt), shape, op), out);
  return out;
}

/** Options of compress and extract: the static result length and the value of unused slots. */
export interface CompressOptions { axis?: number | null; size?: number; fillValue?: number }

function needSize(op: string, size: unknown): number {
  if (size === undefined) {
    throw new ArgumentError(`${op}: needs a static { size }: how many entries the condition selects depends on its values, and ` +
      `every output shape must be known before anything runs (as jnp.${op === 'np.compress' ? 'compress' : 'extract'} under jit). ` +
      'Pass an upper bound, e.g. { size: x.size }; the slots past the count hold fillValue (default 0).');
  }
  return validate.integer(op, 'size', size, { min: 0, max: validate.MAX_ELEMENTS });
}

/** The first `size` selected slices of `x` along `axis`, the rest `fill`. */
function selectAlong(cond: Tensor, x: Tensor, axis: number, size: number, fill: number): Tensor {
  const c = cond.dtype === 'bool' ? cond : lax.compare(cond, lax.zerosLike(cond), 'ne');
  const [pos] = nonzero(c, { size });
  const count = lax.reduceSum(lax.cast(c, 'int32'), [0]);
  const shape = x.shape.map((d, i) => (i === axis ? size : d));
  if (size === 0) return lax.full(shape, 0, x.dtype);
  if (x.shape[axis] === 0) return lax.full(shape, fill, x.dtype);
  const got = lax.gather(x, pos, axis);
  const used = lax.compare(lax.iota(shape, axis, 'int32'), lax.broadcastInDim(count, shape, []), 'lt');
  return lax.where(used, got, lax.full(shape, fill, x.dtype));
}

/**
 * The slices of `a` along `axis` (flattened when there is none) where the 1-D `condition` is true,
 * as jnp.compress with a static `size` (required): the first `size` selected slices, then
 * `fillValue` (default 0). A condition shorter than the axis counts as false beyond its end.
 * @example np.compress(np.array([true, false, true]), np.array([[1, 2, 3], [4, 5, 6]]), { axis: 1, size: 2 }); // → [[1, 3], [4, 6]]
 * @example np.compress(np.array([false, true]), np.array([5, 6, 7]), { size: 2, fillValue: -1 }); // → [6, -1]
 */
export function compress(condition: A, a: A, opts?: CompressOptions): Tensor {
  const op = 'np.compress';
  const o = validate.options<CompressOptions>(op, opts, ['axis', 'size', 'fillValue'], '{ axis: 0, size: 4 }');
  const size = needSize(op, o.size);
  const fill = o.fillValue === undefined ? 0 : validate.number(op, 'fillValue', o.fillValue);
  const c = operandTensor(op, condition, undefined, 'the condition');
  if (c.ndim !== 1) throw new ShapeError(`${op}: the condition must be 1-D, got ${c.aval}.`);
  const [x, axis] = arrayAndAxis(op, a, o.axis);
  const n = x.shape[axis];
  if (c.shape[0] > n) {
    throw new ShapeError(`${op}: the condition has ${c.shape[0]} entries but axis ${axis} of ${x.aval} has ${n}; it may be shorter, not longer.`);
  }
  const cond = c.shape[0] < n ? lax.pad(c.dtype === 'bool' ? c : lax.compare(c, lax.zerosLike(c), 'ne'), [0], [n - c.shape[0]]) : c;
  return selectAlong(cond, x, axis, size, fill);
}

/**
 * The elements of `arr` where `condition` (of the same size) is true, flattened, as jnp.extract
 * with a static `size` (required): the first `size` of them, then `fillValue` (default 0).
 * @example np.extract(np.array([[true, false], [false, true]]), np.array([[1, 2], [3, 4]]), { size: 3 }); // → [1, 4, 0]
 */
export function extract(condition: A, arr: A, opts?: Omit<CompressOptions, 'axis'>): Tensor {
  const op = 'np.extract';
  const o = validate.options<CompressOptions>(op, opts, ['size', 'fillValue'], '{ size: 4 }');
  const size = needSize(op, o.size);
  const fill = o.fillValue === undefined ? 0 : validate.number(op, 'fillValue', o.fillValue);
  const c = operandTensor(op, condition, undefined, 'the condition'), x = operandTensor(op, arr, undefined, 'the array');
  if (c.size !== x.size) throw new ShapeError(`${op}: the condition ${c.aval} and the array ${x.aval} must have the same number of elements.`);
  return selectAlong(lax.reshape(c, [c.size]), lax.reshape(x, [x.size]), 0, size, fill);
}

