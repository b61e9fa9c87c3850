/**
 * The rest of jnp.linalg: matrixRank, cond, svdvals, multiDot, tensorinv, tensorsolve, and the
 * array API's linalg names (diagonal and trace over the last two axes, outer of vectors, matmul,
 * tensordot, vecdot, matrixTranspose, cross). Compositions of the SVD, inv, solve and products,
 * so batched where jnp batches and differentiable where the pieces are.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { inv, solve, svd } from './linalg-decomp.js';
import { matrixNorm, type MatrixOrd } from './norm.js';
import { diagonal as npDiagonal, trace as npTrace } from './matrix.js';
import { matmul as npMatmul, outer as npOuter } from './linalg.js';
import { tensordot as npTensordot } from './extras.js';
import { matrixTranspose as npMatrixTranspose, vecdot as npVecdot } from './array-api.js';
import { cross as npCross } from './products.js';
import { max, min } from './reductions.js';

const EPS = { float32: 1.1920929e-7, float64: 2.220446049250313e-16 } as const;

function floatMatrix(op: string, a: ArrayLike): Tensor {
  const x0 = operandTensor(op, a);
  const x = isFloat(x0.dtype) ? x0 : lax.cast(x0, 'float32');
  if (x.ndim < 2) throw new ShapeError(`${op}: expected a matrix or a batch of matrices (rank ≥ 2), got ${x.aval}; reshape a vector to [n, 1] or [1, n].`);
  return x;
}
const lastAxis = (x: Tensor) => [x.ndim - 1];
function tolerance(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !(v >= 0)) throw new ArgumentError(`${op}: ${name} must be a number ≥ 0, got ${validate.describe(v)}.`);
  return v;
}

/**
 * The singular values of matrices, largest first (jnp.linalg.svdvals), batched over leading axes.
 * @example np.linalg.svdvals(np.array([[3, 0], [0, -4]])); // → [4, 3]
 */
export function svdvals(a: ArrayLike): Tensor {
  return svd(floatMatrix('np.linalg.svdvals', a), { computeUv: false });
}

/**
 * The rank of matrices: the number of singular values above `rtol`·max(s) (default
 * max(m, n)·eps, as JAX), or above an absolute `tol`. An int32 per matrix.
 * @example np.linalg.matrixRank(np.array([[1, 2], [2, 4]])); // → 1
 */
export function matrixRank(a: ArrayLike, options?: { rtol?: number; tol?: number }): Tensor {
  const op = 'np.linalg.matrixRank';
  const x = floatMatrix(op, a);
  const o = validate.options<{ rtol?: number; tol?: number }>(op, options ?? {}, ['rtol', 'tol'], '{ rtol: 1e-5 }');
  if (o.rtol !== undefined && o.tol !== undefined) throw new ArgumentError(`${op}: give rtol (relative to the largest singular value) or tol (absolute), not both.`);
  const s = svdvals(x);
  const [m, n] = x.shape.slice(-2);
  const batch = s.shape.slice(0, -1), bdims = batch.map((_, i) => i);
  let cutoff: Tensor;
  if (o.tol !== undefined) cutoff = lax.full(s.shape, tolerance(op, 'tol', o.tol), s.dtype);
  else {
    const r = o.rtol === undefined ? Math.max(m, n) * EPS[s.dtype as 'float32' | 'float64'] : tolerance(op, 'rtol', o.rtol);
    const sMax = s.shape[s.ndim - 1] === 0 ? lax.full(batch, 0, s.dtype) : lax.reduceMax(s, lastAxis(s));
    cutoff = lax.broadcastInDim(lax.mul(sMax, lax.full(batch, r, s.dtype)), s.shape, bdims);
  }
  return lax.reduceSum(lax.cast(lax.compare(s, cutoff, 'gt'), 'int32'), lastAxis(s));
}

/**
 * The condition number of matrices in the norm `p` (jnp.linalg.cond): with p null or ±2 the
 * ratio of extreme singular values (any shape), otherwise ‖a‖ₚ·‖a⁻¹‖ₚ for square matrices ('fro',
 * 'nuc', 1, −1, ∞, −∞). A singular matrix gives ∞ for every p (JAX: a NaN result becomes ∞ where
 * the matrix itself has no NaN).
 * @example np.linalg.cond(np.array([[2, 0], [0, 0.5]])); // → 4
 */
export function cond(a: ArrayLike, p: MatrixOrd = null): Tensor {
  const op = 'np.linalg.cond';
  const x = floatMatrix(op, a);
  const [m, n] = x.shape.slice(-2);
  if (x.size === 0) throw new ShapeError(`${op}: input array must not be empty, got ${x.aval}; the condition number needs at least one element per matrix.`);
  let r: Tensor;
  if (p === null || p === 2 || p === -2) {
    const s = svdvals(x);
    const hi = max(s, -1), lo = min(s, -1);
    r = p === -2 ? lax.div(lo, hi) : lax.div(hi, lo);
  } else {
    if (m !== n) throw new ShapeError(`${op}: the norm ${String(p)} condition number needs square matrices, got ${x.aval}; use p = null (2-norm) for non-square ones.`);
    r = lax.mul(matrixNorm(x, { ord: p }), matrixNorm(inv(x), { ord: p }));
  }
  // NaN (from ∞·0 or ∞ − ∞ in the inverse of a singular matrix) → ∞ where x holds no NaN.
  const xNan = lax.reduceOr(lax.compare(x, x, 'ne'), [x.ndim - 2, x.ndim - 1]);
  const rNan = lax.compare(r, r, 'ne');
  return lax.where(lax.where(rNan, xNan, rNan), r, lax.where(rNan, lax.full(r.shape, Infinity, r.dtype), r));
}

/**
 * The product of a chain of matrices, multiplied in the cheapest order (jnp.linalg.multi_dot):
 * the first may be a vector (a row), the last a vector (a column).
 * @example np.linalg.multiDot([np.ones([1, 10]), np.ones([10, 100]), np.ones([100, 2])]); // → [[1000, 1000]]
 */
export function multiDot(arrays: readonly ArrayLike[]): Tensor {
  const op = 'np.linalg.multiDot';
  if (!Array.isArray(arrays) || arrays.length < 2) throw new ArgumentError(`${op}: expected a list of at least two arrays, got ${validate.describe(arrays)}.`);
  const xs = arrays.map((a, i) => operandTensor(op, a, undefined, `array ${i}`));
  const firstVec = xs[0].ndim === 1, lastVec = xs[xs.length - 1].ndim === 1;
  const mats = xs.map((x, i) => {
    if (x.ndim === 1 && (i === 0 || i === xs.length - 1)) return lax.reshape(x, i === 0 ? [1, x.shape[0]] : [x.shape[0], 1]);
    if (x.ndim !== 2) throw new ShapeError(`${op}: array ${i} is ${x.aval}; the inner arrays must be matrices (only the first and last may be vectors).`);
    return x;
  });
  for (let i = 0; i + 1 < mats.length; i++) {
    if (mats[i].shape[1] !== mats[i + 1].shape[0]) {
      throw new ShapeError(`${op}: arrays ${i} ${fmtShape(xs[i].shape)} and ${i + 1} ${fmtShape(xs[i + 1].shape)} do not chain: inner sizes ${mats[i].shape[1]} and ${mats[i + 1].shape[0]} differ.`);
    }
  }
  // Classic matrix-chain dynamic programme over the static shapes: best[i][j] multiplications.
  const dims = [mats[0].shape[0], ...mats.map((m) => m.shape[1])];
  const k = mats.length;
  const best = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const split = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let len = 1; len < k; len++) {
    for (let i = 0; i + len < k; i++) {
      const j = i + len;
      best[i][j] = Infinity;
      for (let s = i; s < j; s++) {
        const cost = best[i][s] + best[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
        if (cost < best[i][j]) { best[i][j] = cost; split[i][j] = s; }
      }
    }
  }
  const chain = (i: number, j: number): Tensor => (i === j ? mats[i] : npMatmul(chain(i, split[i][j]), chain(split[i][j] + 1, j)));
  let out = chain(0, k - 1);
  if (firstVec && lastVec) out = lax.reshape(out, []);
  else if (firstVec) out = lax.reshape(out, [out.shape[1]]);
  else if (lastVec) out = lax.reshape(out, [out.shape[0]]);
  return out;
}

/**
 * The inverse of a tensor seen as a matrix: its first `ind` axes against the rest (whose sizes
 * must multiply to the same number), as jnp.linalg.tensorinv; tensordot(tensorinv(a), a, ind)
 * is the identity.
 * @example np.linalg.tensorinv(np.eye(4).mul(2).reshape([4, 2, 2]), 1).shape; // → [2, 2, 4]
 */
export function tensorinv(a: ArrayLike, ind = 2): Tensor {
  const op = 'np.linalg.tensorinv';
  const x = operandTensor(op, a);
  validate.integer(op, 'ind', ind, { min: 1 });
  if (ind > x.ndim) throw new ArgumentError(`${op}: ind ${ind} must be at most the rank ${x.ndim} of ${x.aval}.`);
  const rows = x.shape.slice(0, ind), cols = x.shape.slice(ind);
  const r = rows.reduce((p, d) => p * d, 1), c = cols.reduce((p, d) => p * d, 1);
  if (r !== c) throw new ShapeError(`${op}: the first ${ind} axes of ${x.aval} hold ${r} elements and the rest ${c}; they must be equal for an inverse.`);
  return lax.reshape(inv(lax.reshape(x, [r, c])), [...cols, ...rows]);
}

/**
 * Solves tensordot(a, x, x.ndim) = b for x (jnp.linalg.tensorsolve): x has the shape of a's
 * trailing axes that b does not cover. `axes` first moves those axes of a to the end.
 * @example np.linalg.tensorsolve(np.eye(6).reshape([2, 3, 6]).mul(2), np.ones([2, 3])).shape; // → [6]
 */
export function tensorsolve(a: ArrayLike, b: ArrayLike, axes?: readonly number[] | null): Tensor {
  const op = 'np.linalg.tensorsolve';
  let x = operandTensor(op, a, undefined, 'a');
  const y = operandTensor(op, b, undefined, 'b');
  if (axes !== undefined && axes !== null) {
    const moved = axes.map((ax) => validate.axis(op, ax, x.ndim));
    const rest = x.shape.map((_, i) => i).filter((i) => !moved.includes(i));
    x = lax.transpose(x, [...rest, ...moved]);
  }
  const bShape = x.shape.slice(0, y.ndim);
  if (y.ndim > x.ndim || bShape.some((d, i) => d !== y.shape[i])) {
    throw new ShapeError(`${op}: b ${y.aval} must match the leading axes of a ${x.aval}.`);
  }
  const xShape = x.shape.slice(y.ndim);
  const m = y.size, n = xShape.reduce((p, d) => p * d, 1);
  if (m !== n) throw new ShapeError(`${op}: a ${x.aval} seen as a ${m}×${n} matrix against b ${y.aval} is not square; the solution's elements must match b's.`);
  return lax.reshape(solve(lax.reshape(x, [m, n]), lax.reshape(y, [m])), xShape);
}

/**
 * The diagonals of the last two axes (the array API's linalg.diagonal; np.diagonal's defaults
 * are the first two axes).
 * @example np.linalg.diagonal(np.arange(8).reshape([2, 2, 2])); // → [[0, 3], [4, 7]]
 */
export function diagonal(a: ArrayLike, options?: { offset?: number }): Tensor {
  const op = 'np.linalg.diagonal';
  const o = validate.options<{ offset?: number }>(op, options ?? {}, ['offset'], '{ offset: 1 }');
  return npDiagonal(a, o.offset ?? 0, -2, -1);
}

/**
 * The traces of the last two axes (the array API's linalg.trace).
 * @example np.linalg.trace(np.arange(8).reshape([2, 2, 2])); // → [3, 11]
 */
export function trace(a: ArrayLike, options?: { offset?: number }): Tensor {
  const op = 'np.linalg.trace';
  const o = validate.options<{ offset?: number }>(op, options ?? {}, ['offset'], '{ offset: 1 }');
  return npTrace(a, o.offset ?? 0, -2, -1);
}

/**
 * The outer product of two vectors (the array API's linalg.outer: 1-D only, unlike np.outer,
 * which flattens).
 * @example np.linalg.outer(np.array([1, 2]), np.array([3, 4, 5])); // → [[3, 4, 5], [6, 8, 10]]
 */
export function outer(a: ArrayLike, b: ArrayLike): Tensor {
  const op = 'np.linalg.outer';
  const x = operandTensor(op, a, undefined, 'a'), y = operandTensor(op, b, undefined, 'b');
  if (x.ndim !== 1 || y.ndim !== 1) throw new ShapeError(`${op}: expects two vectors, got ${x.aval} and ${y.aval}; np.outer flattens other shapes.`);
  return npOuter(x, y);
}

// The array API's other linalg names are np's functions themselves (same defaults).
export { npMatmul as matmul, npTensordot as tensordot, npVecdot as vecdot, npMatrixTranspose as matrixTranspose, npCross as cross };
