/**
 * More of JAX's lax vocabulary as compositions of the primitives: selectN, sliceInDim,
 * indexInDim, indexTake, zerosLikeArray, broadcastToRank, collapse, batchMatmul,
 * optimizationBarrier, cumlogsumexp, and scatterMul / scatterMax / scatterMin (the scatter_nd
 * primitive's combining ops in lax.scatterAdd's form). JAX's names and argument orders; lax's
 * contract (no broadcasting or promotion); named errors.
 */
import { gatherFillValue, isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { ScatterOp } from '../core/primitive.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { sameType, tensor } from './lax-args.js';

/**
 * cases[which] elementwise (JAX's lax.select_n): `which` is bool (false → cases[0], true →
 * cases[1]) or int32 in [0, cases.length), a scalar or of the cases' shape.
 * @example lax.selectN(np.array([0, 2, 1], 'int32'), np.array([1, 2, 3]), np.array([4, 5, 6]), np.array([7, 8, 9])); // → [1, 8, 6]
 */
export function selectN(which: Tensor, ...cases: Tensor[]): Tensor {
  const op = 'lax.selectN';
  const w = tensor(op, which, 'which');
  if (cases.length === 0) throw new ArgumentError(`${op}: give at least one case.`);
  cases.forEach((c, i) => tensor(op, c, `case ${i}`));
  sameType(op, cases);
  const shape = cases[0].shape;
  if (w.dtype !== 'bool' && w.dtype !== 'int32') throw new DTypeError(`${op}: which must be bool or int32, got ${w.aval}.`);
  if (w.dtype === 'bool' && cases.length > 2) throw new ArgumentError(`${op}: a bool which selects between 2 cases, got ${cases.length}; use an int32 which.`);
  if (w.ndim !== 0 && w.shape.join() !== shape.join()) throw new ShapeError(`${op}: which ${w.aval} must be a scalar or have the cases' shape [${shape.join(', ')}].`);
  const sel = w.ndim === 0 ? lax.broadcastInDim(w, shape, []) : w;
  if (sel.dtype === 'bool') return cases.length === 1 ? cases[0] : lax.where(sel, cases[1], cases[0]);
  let out = cases[0];
  for (let i = 1; i < cases.length; i++) out = lax.where(lax.compare(sel, lax.full(shape, i, 'int32'), 'eq'), cases[i], out);
  return out;
}

/** A static index on an axis of length n: negative counts from the end (Python's rule). */
const canonical = (n: number, i: number): number => (i < 0 ? i + n : i);

/**
 * x[start:limit:stride] along `axis` (JAX's lax.slice_in_dim); negative indices count from the
 * end, null start/limit mean the ends.
 * @example lax.sliceInDim(np.arange(10), 1, 8, 3); // → [1, 4, 7]
 */
export function sliceInDim(operand: Tensor, startIndex: number | null, limitIndex: number | null, stride = 1, axis = 0): Tensor {
  const op = 'lax.sliceInDim';
  const x = tensor(op, operand, 'the operand');
  const a = validate.axis(op, axis, x.ndim);
  const n = x.shape[a];
  const s = canonical(n, validate.integer(op, 'startIndex', startIndex ?? 0));
  const e = canonical(n, validate.integer(op, 'limitIndex', limitIndex ?? n));
  const st = validate.integer(op, 'stride', stride, { min: 1 });
  if (s < 0 || e > n || s > e) throw new ShapeError(`${op}: [${startIndex}, ${limitIndex}) is not a slice of axis ${a} of ${x.aval}.`);
  const start = x.shape.map(() => 0), limit = [...x.shape];
  start[a] = s; limit[a] = e;
  const piece = lax.slice(x, start, limit);
  if (st === 1) return piece;
  const m = Math.ceil((e - s) / st);
  return lax.gather(piece, lax.mul(lax.iota([m], 0, 'int32'), lax.full([m], st, 'int32')), a);
}

/**
 * x[index] along `axis`, keeping it as length 1 unless keepdims is false (JAX's
 * lax.index_in_dim); a negative index counts from the end.
 * @example lax.indexInDim(np.array([[1, 2], [3, 4]]), -1, 1, false); // → [2, 4]
 */
export function indexInDim(operand: Tensor, index: number, axis = 0, keepdims = true): Tensor {
  const op = 'lax.indexInDim';
  const x = tensor(op, operand, 'the operand');
  const a = validate.axis(op, axis, x.ndim);
  const i = canonical(x.shape[a], validate.integer(op, 'index', index));
  if (i < 0 || i >= x.shape[a]) throw new ShapeError(`${op}: index ${index} is out of range for axis ${a} of ${x.aval}.`);
  const r = sliceInDim(x, i, i + 1, 1, a);
  return keepdims ? r : lax.reshape(r, x.shape.filter((_, d) => d !== a));
}

/**
 * src at the points (idxs[0][…], idxs[1][…], …) on `axes` (JAX's lax.index_take): the result
 * has the index arrays' shape, then src's other axes; out-of-range points read the fill value
 * (NaN for floats), as JAX's default gather mode.
 * @example lax.indexTake(np.array([[1, 2], [3, 4]]), [np.array([1, 0], 'int32'), np.array([0, 1], 'int32')], [0, 1]); // → [3, 2]
 */
export function indexTake(src: Tensor, idxs: readonly Tensor[], axes: readonly number[]): Tensor {
  const op = 'lax.indexTake';
  const x = tensor(op, src, 'src');
  if (!Array.isArray(idxs) || idxs.length === 0 || idxs.length !== axes.length) {
    throw new ArgumentError(`${op}: give one index array per axis (${axes.length} axes, ${Array.isArray(idxs) ? idxs.length : validate.describe(idxs)} index arrays).`);
  }
  idxs.forEach((t, i) => tensor(op, t, `index array ${i}`));
  sameType(op, idxs);
  const ax = validate.axes(op, [...axes], x.ndim, 'axes');
  const shape = idxs[0].shape;
  const stacked = lax.concatenate(idxs.map((t) => lax.reshape(t, [...shape, 1])), shape.length);
  return lax.gatherNd(x, stacked, ax, 'fill', gatherFillValue(x.dtype));
}

/** Zeros of x's shape and dtype (JAX's lax.zeros_like_array). @example lax.zerosLikeArray(np.array([[1, 2]], 'int32')); // → [[0, 0]] */
export const zerosLikeArray = (x: Tensor): Tensor => lax.zerosLike(tensor('lax.zerosLikeArray', x, 'x'));

/**
 * x with leading length-1 axes added up to `rank` (JAX's lax.broadcast_to_rank).
 * @example lax.broadcastToRank(np.array([1, 2]), 3).shape; // → [1, 1, 2]
 */
export function broadcastToRank(x: Tensor, rank: number): Tensor {
  const op = 'lax.broadcastToRank';
  const t = tensor(op, x, 'x');
  const r = validate.integer(op, 'rank', rank, { min: 0 });
  if (r < t.ndim) throw new ShapeError(`${op}: ${t.aval} already has rank ${t.ndim} > ${r}.`);
  return lax.reshape(t, [...new Array<number>(r - t.ndim).fill(1), ...t.shape]);
}

/**
 * x with axes [startDimension, stopDimension) merged into one (JAX's lax.collapse; stop
 * defaults to the rank, negative dimensions count from the end).
 * @example lax.collapse(np.ones([2, 3, 4]), 1).shape; // → [2, 12]
 */
export function collapse(operand: Tensor, startDimension: number, stopDimension: number | null = null): Tensor {
  const op = 'lax.collapse';
  const x = tensor(op, operand, 'the operand');
  const s = canonical(x.ndim, validate.integer(op, 'startDimension', startDimension));
  const e = canonical(x.ndim, validate.integer(op, 'stopDimension', stopDimension ?? x.ndim));
  if (s < 0 || e > x.ndim || s > e) throw new ShapeError(`${op}: [${startDimension}, ${stopDimension}) is not a range of the axes of ${x.aval}.`);
  const merged = x.shape.slice(s, e).reduce((p, d) => p * d, 1);
  return lax.reshape(x, [...x.shape.slice(0, s), merged, ...x.shape.slice(e)]);
}

/**
 * Matrix products batched over the leading axes: lhs [..., m, k] · rhs [..., k, n] with equal
 * batch shapes (JAX's lax.batch_matmul). @example lax.batchMatmul(np.ones([2, 1, 3]), np.ones([2, 3, 2])).shape; // → [2, 1, 2]
 */
export function batchMatmul(lhs: Tensor, rhs: Tensor): Tensor {
  const op = 'lax.batchMatmul';
  const [a, b] = [tensor(op, lhs, 'lhs'), tensor(op, rhs, 'rhs')];
  const nd = a.ndim;
  if (nd < 2 || b.ndim !== nd || a.shape.slice(0, nd - 2).join() !== b.shape.slice(0, nd - 2).join() || a.shape[nd - 1] !== b.shape[nd - 2] || a.dtype !== b.dtype) {
    throw new ShapeError(`${op}: expects lhs [..., m, k] and rhs [..., k, n] of one dtype and the same batch axes, got ${a.aval} and ${b.aval}.`);
  }
  const batch = a.shape.slice(0, nd - 2).map((_, i) => i);
  return lax.dotGeneral(a, b, [[nd - 1], [nd - 2]], [batch, batch]);
}

/**
 * Its operand, unchanged (JAX's lax.optimization_barrier, which stops XLA moving work across
 * it; fluxion's compiler does no such motion, so here it is the identity on any pytree).
 * @example lax.optimizationBarrier(np.array([1, 2])); // → [1, 2]
 */
export const optimizationBarrier = <T>(operand: T): T => operand;

/**
 * log(cumsum(exp(x))) along `axis` without overflow or underflow (JAX's lax.cumlogsumexp): an
 * associative scan of logaddexp; from the end when `reverse`.
 * @example lax.cumlogsumexp(np.array([0, 0, Math.log(2)])); // → [0, Math.log(2), Math.log(4)]
 */
export function cumlogsumexp(operand: Tensor, axis = 0, reverse = false): Tensor {
  const op = 'lax.cumlogsumexp';
  const x = tensor(op, operand, 'the operand');
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: expected a floating-point array, got ${x.aval}; cast it with astype('float32').`);
  if (x.ndim === 0) throw new ShapeError(`${op}: the operand ${x.aval} is a scalar; a scan needs an axis.`);
  return lax.associativeScan(logaddexp, x, { axis: validate.axis(op, axis, x.ndim), reverse: validate.boolean(op, 'reverse', reverse) });
}

/** log(eᵃ + eᵇ) = max + log1p(e^−|a−b|); −∞ with −∞ stays −∞, NaN stays NaN. */
function logaddexp(a: Tensor, b: Tensor): Tensor {
  const m = lax.max(a, b);
  const bothInf = lax.compare(a, b, 'eq');
  const d = lax.where(bothInf, lax.zerosLike(a), lax.neg(lax.abs(lax.sub(a, b))));
  return lax.add(m, lax.log1p(lax.exp(d)));
}

/** x with `upd` combined by `opName` at the indices along `axis`, as lax.scatterAdd lays them out. */
function scatterAlong(name: string, opName: ScatterOp, operand: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor {
  const x = tensor(name, operand, 'the operand'), idx = tensor(name, indices, 'indices'), upd = tensor(name, updates, 'updates');
  const a = validate.axis(name, axis, x.ndim);
  const want = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  if (upd.shape.join() !== want.join() || upd.dtype !== x.dtype) {
    throw new ShapeError(`${name}: updates must be ${x.dtype}[${want.join(',')}] (x's axes with axis ${a} replaced by the indices' shape), got ${upd.aval}.`);
  }
  // Axis a first: scatter_nd then takes the indices as its batch, the rest of x as the slices.
  const perm = [a, ...x.shape.map((_, d) => d).filter((d) => d !== a)];
  const ni = idx.ndim;
  const updPerm = [...Array.from({ length: ni }, (_, i) => a + i), ...upd.shape.map((_, d) => d).filter((d) => d < a || d >= a + ni)];
  const out = lax.scatterNd(lax.transpose(x, perm), lax.reshape(idx, [...idx.shape, 1]), lax.transpose(upd, updPerm), [0], opName, 'drop');
  const inv = perm.map((_, i) => perm.indexOf(i));
  return lax.transpose(out, inv);
}

/**
 * x with each update multiplied in at its index along `axis` (JAX's lax.scatter_mul, in
 * lax.scatterAdd's form: updates shaped like x with `axis` replaced by the indices' shape;
 * out-of-range indices are dropped). @example lax.scatterMul(np.ones([3]), np.array([0, 0, 2], 'int32'), np.array([2, 3, 5]), 0); // → [6, 1, 5]
 */
export const scatterMul = (operand: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor =>
  scatterAlong('lax.scatterMul', 'mul', operand, indices, updates, axis);
/** x with the larger of it and each update at its index along `axis` (JAX's lax.scatter_max). @example lax.scatterMax(np.zeros([3]), np.array([0, 0, 2], 'int32'), np.array([2, -3, -5]), 0); // → [2, 0, 0] */
export const scatterMax = (operand: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor =>
  scatterAlong('lax.scatterMax', 'max', operand, indices, updates, axis);
/** x with the smaller of it and each update at its index along `axis` (JAX's lax.scatter_min). @example lax.scatterMin(np.zeros([3]), np.array([0, 0, 2], 'int32'), np.array([2, -3, 5]), 0); // → [-3, 0, 0] */
export const scatterMin = (operand: Tensor, indices: Tensor, updates: Tensor, axis: number): Tensor =>
  scatterAlong('lax.scatterMin', 'min', operand, indices, updates, axis);
