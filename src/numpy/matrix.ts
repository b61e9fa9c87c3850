/**
 * Triangles and diagonals: tril, triu, diag, diagonal, trace. Masks are iota comparisons (fused,
 * no constant buffers); a diagonal is a gather of the flattened last two axes at stride B + 1.
 */
import { ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';

/** col − row (k) compared with k over the last two axes of `x`, as a mask of x's shape. */
function band(x: Tensor, k: number, cmp: 'le' | 'ge'): Tensor {
  const m = x.shape.slice(-2) as [number, number];
  const d = lax.sub(lax.iota(m, 1, 'int32'), lax.iota(m, 0, 'int32'));
  const mask = lax.compare(d, lax.full(m, k, 'int32'), cmp);
  return lax.broadcastInDim(mask, x.shape, [x.ndim - 2, x.ndim - 1]);
}

function matrixOperand(op: string, a: ArrayLike, k: number): Tensor {
  const x = operandTensor(op, a);
  validate.integer(op, 'k', k);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2 (it works on the last two axes), got ${x.aval}.`);
  return x;
}

/**
 * The lower triangle: elements with column − row ≤ k kept, the rest zero (over the last two axes).
 * @example np.tril(np.ones([3, 3])); // → [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export function tril(a: ArrayLike, k = 0): Tensor {
  const x = matrixOperand('np.tril', a, k);
  return lax.where(band(x, k, 'le'), x, lax.zerosLike(x));
}

/**
 * The upper triangle: elements with column − row ≥ k kept, the rest zero (over the last two axes).
 * @example np.triu(np.ones([3, 3]), 1); // → [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 */
export function triu(a: ArrayLike, k = 0): Tensor {
  const x = matrixOperand('np.triu', a, k);
  return lax.where(band(x, k, 'ge'), x, lax.zerosLike(x));
}

/**
 * The diagonal at `offset` of the matrices in axes (axis1, axis2), as a new last axis (numpy's
 * order: the remaining axes first).
 * @example np.diagonal(np.array([[1, 2], [3, 4]])); // → [1, 4]
 * @example np.diagonal(np.array([[1, 2], [3, 4]]), 1); // → [2]
 */
export function diagonal(a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  const op = 'np.diagonal';
  const x = operandTensor(op, a);
  validate.integer(op, 'offset', offset);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2, got ${x.aval}.`);
  const i = validate.axis(op, axis1, x.ndim, 'axis1'), j = validate.axis(op, axis2, x.ndim, 'axis2');
  if (i === j) throw new ShapeError(`${op}: axis1 and axis2 are both axis ${i} of ${x.aval}; they must differ.`);
  const rest = x.shape.map((_, d) => d).filter((d) => d !== i && d !== j);
  const t = lax.transpose(x, [...rest, i, j]);
  const lead = rest.map((d) => x.shape[d]);
  const A = x.shape[i], B = x.shape[j];
  const r0 = offset >= 0 ? 0 : -offset, c0 = offset >= 0 ? offset : 0;
  const len = Math.max(0, Math.min(A - r0, B - c0));
  const flat = lax.reshape(t, [...lead, A * B]);
  if (len === 0) return lax.reshape(lax.slice(flat, [...lead.map(() => 0), 0], [...lead, 0]), [...lead, 0]);
  const idx = lax.add(lax.mul(lax.iota([len], 0, 'int32'), lax.full([len], B + 1, 'int32')), lax.full([len], r0 * B + c0, 'int32'));
  return lax.gather(flat, idx, lead.length);
}

/**
 * A 1-D array's values placed on diagonal `k` of a square matrix, or a 2-D array's diagonal `k`.
 * @example np.diag(np.array([1, 2])); // → [[1, 0], [0, 2]]
 * @example np.diag(np.array([[1, 2], [3, 4]]), 1); // → [2]
 */
export function diag(a: ArrayLike, k = 0): Tensor {
  const op = 'np.diag';
  const v = operandTensor(op, a);
  validate.integer(op, 'k', k);
  if (v.ndim === 2) return diagonal(v, k);
  if (v.ndim !== 1) throw new ShapeError(`${op}: expected a 1-D array (to place on a diagonal) or a 2-D one (to read it), got ${v.aval}.`);
  const n = v.shape[0], m = n + Math.abs(k);
  // Row i holds v[i] when k ≥ 0 (column i + k); column j holds v[j] when k < 0 (row j − k).
  const vp = lax.pad(v, [0], [Math.abs(k)]);
  const spread = lax.broadcastInDim(vp, [m, m], [k >= 0 ? 0 : 1]);
  const d = lax.sub(lax.iota([m, m], 1, 'int32'), lax.iota([m, m], 0, 'int32'));
  return lax.where(lax.compare(d, lax.full([m, m], k, 'int32'), 'eq'), spread, lax.zerosLike(spread));
}

/**
 * The sum along diagonal `offset` of the matrices in axes (axis1, axis2); bool counts as int32.
 * @example np.trace(np.array([[1, 2], [3, 4]])); // → 5
 */
export function trace(a: ArrayLike, offset = 0, axis1 = 0, axis2 = 1): Tensor {
  let x = operandTensor('np.trace', a);
  if (x.dtype === 'bool') x = lax.cast(x, 'int32');
  const d = diagonal(x, offset, axis1, axis2);
  return lax.reduceSum(d, [d.ndim - 1]);
}
