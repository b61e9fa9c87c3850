/**
 * lax.linalg (JAX names and semantics): cholesky, triangularSolve, lu, qr, eigh, svd — the
 * primitives of primitives/linalg.ts, with their arguments checked where the user's names are
 * known. Operands are float matrices or batches of them (leading axes); see np.linalg for the
 * NumPy-style functions built on these.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { isFloat } from '../core/dtype.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { mT, triangularSolveBind } from './linalg.js';

function matrixArg(op: string, x: unknown, role = 'the operand'): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${role} must be an array, got ${validate.describe(x)}; wrap host data with np.array(...).`);
  if (x.ndim < 2) throw new ShapeError(`${op}: ${role} must be a matrix or a batch of matrices (rank ≥ 2), got ${x.aval}; reshape a vector to [n, 1] or [1, n].`);
  if (!isFloat(x.dtype)) throw new ArgumentError(`${op}: ${role} must be floating-point, got ${x.aval}; convert it first, e.g. x.astype('float32').`);
  return x;
}

function squareArg(op: string, x: unknown, role = 'the operand'): Tensor {
  const t = matrixArg(op, x, role);
  const [m, n] = t.shape.slice(-2);
  if (m !== n) throw new ShapeError(`${op}: ${role} must be square in its last two axes, got ${t.aval} (${m}×${n}); factor a square matrix, or use qr/svd/lstsq for rectangular ones.`);
  return t;
}

function flags<K extends string>(op: string, opts: unknown, defaults: Record<K, boolean>, example: string): Record<K, boolean> {
  const allowed = Object.keys(defaults) as K[];
  const o = validate.options<Record<K, boolean>>(op, opts ?? {}, allowed, example);
  const out = { ...defaults };
  for (const key of allowed) if (o[key] !== undefined) out[key] = validate.boolean(op, key, o[key]);
  return out;
}

/** (x + xᵀ)/2 over the last two axes: what JAX's symmetrize_input does before cholesky and eigh. */
const symmetrize = (x: Tensor): Tensor => lax.mul(lax.add(x, mT(x)), lax.fullLike(x, 0.5));

/**
 * The lower Cholesky factor L of symmetric positive-definite matrices (L·Lᵀ = x); NaN everywhere
 * for a matrix that is not positive definite. `symmetrizeInput` (default true) uses (x + xᵀ)/2,
 * so the gradient is symmetric; with false only the lower triangle is read.
 * @example lax.linalg.cholesky(np.array([[4, 2], [2, 5]])); // → [[2, 0], [1, 2]]
 */
export function cholesky(x: Tensor, opts?: { symmetrizeInput?: boolean }): Tensor {
  const op = 'lax.linalg.cholesky';
  const a = squareArg(op, x);
  const { symmetrizeInput } = flags(op, opts, { symmetrizeInput: true }, '{ symmetrizeInput: false }');
  return bind('cholesky', [symmetrizeInput ? symmetrize(a) : a], {})[0];
}

export interface TriangularSolveOptions {
  /** Solve op(a)·x = b (true) or x·op(a) = b (false, the default, as JAX). */
  leftSide?: boolean;
  /** Read a's lower (true) or upper (false, the default) triangle; the other is ignored. */
  lower?: boolean;
  /** op(a) = aᵀ instead of a. */
  transposeA?: boolean;
  /** Accepted for JAX compatibility: real matrices have nothing to conjugate. */
  conjugateA?: boolean;
  /** Take a's diagonal as ones (it is not read). */
  unitDiagonal?: boolean;
}

/**
 * Solves a triangular system: op(a)·x = b (leftSide) or x·op(a) = b, op(a) = a or aᵀ, reading
 * one triangle of a (JAX's lax.linalg.triangular_solve, same defaults: right side, upper).
 * a is [..., k, k]; b is [..., m, n] with the same leading axes.
 * @example lax.linalg.triangularSolve(np.array([[2, 0], [1, 1]]), np.array([[2], [3]]), { leftSide: true, lower: true }); // → [[1], [2]]
 */
export function triangularSolve(a: Tensor, b: Tensor, opts?: TriangularSolveOptions): Tensor {
  const op = 'lax.linalg.triangularSolve';
  const A = squareArg(op, a, 'a'), B = matrixArg(op, b, 'b');
  const f = flags(op, opts, { leftSide: false, lower: false, transposeA: false, conjugateA: false, unitDiagonal: false }, '{ leftSide: true, lower: true }');
  if (A.dtype !== B.dtype) throw new ArgumentError(`${op}: a ${A.aval} and b ${B.aval} must have one dtype; cast one of them with astype().`);
  const ab = A.shape.slice(0, -2), bb = B.shape.slice(0, -2);
  if (ab.length !== bb.length || ab.some((d, i) => d !== bb[i])) {
    throw new ShapeError(`${op}: a ${A.aval} and b ${B.aval} have different batch shapes [${ab}] and [${bb}]; broadcast them to one (np.broadcastTo) first.`);
  }
  const k = A.shape[A.ndim - 1], [m, n] = B.shape.slice(-2);
  if ((f.leftSide ? m : n) !== k) {
    throw new ShapeError(`${op}: a ${A.aval} is ${k}×${k} but b ${B.aval} has ${f.leftSide ? m : n} ${f.leftSide ? 'rows' : 'columns'}; ` +
      `with leftSide ${f.leftSide} a must match b's ${f.leftSide ? 'rows' : 'columns'} (set leftSide to solve on the other side).`);
  }
  return triangularSolveBind(A, B, { leftSide: f.leftSide, lower: f.lower, transposeA: f.transposeA, unitDiagonal: f.unitDiagonal });
}

/**
 * LU decomposition with partial pivoting: [lu, pivots, permutation] as JAX — for x [..., m, n],
 * lu [..., m, n] packs L (unit lower, below the diagonal, m×k) and U (k×n), k = min(m, n);
 * pivots [..., k]: row i was swapped with row pivots[i]; permutation [..., m]: the rows' order,
 * so x[permutation] = L·U.
 * @example const [lu, piv, perm] = lax.linalg.lu(np.array([[1, 2], [3, 4]])); // lu [[3, 4], [1/3, 2/3]], piv [1, 1], perm [1, 0]
 */
export function lu(x: Tensor): [Tensor, Tensor, Tensor] {
  const a = matrixArg('lax.linalg.lu', x);
  const [p, piv, perm] = bind('lu', [a], {});
  return [p, piv, perm];
}

/**
 * Householder QR: [q, r] with q·r = x, q with orthonormal columns, r upper triangular (diagonal
 * of either sign). fullMatrices (default true, as JAX) gives q m×m and r m×n; false gives the
 * reduced q m×k, r k×n (k = min(m, n)). Differentiable for reduced (or square) factors of m ≥ n.
 * @example const [q, r] = lax.linalg.qr(np.array([[3, 1], [4, 2]])); // r[0][0] = -5
 */
export function qr(x: Tensor, opts?: { fullMatrices?: boolean }): [Tensor, Tensor] {
  const op = 'lax.linalg.qr';
  const a = matrixArg(op, x);
  const { fullMatrices } = flags(op, opts, { fullMatrices: true }, '{ fullMatrices: false }');
  const [q, r] = bind('qr', [a], { fullMatrices });
  return [q, r];
}

/**
 * Eigendecomposition of symmetric matrices: [v, w] as JAX — eigenvalues w ascending, v's columns
 * the orthonormal eigenvectors (each with its largest-magnitude entry positive), x·v = v·diag(w).
 * `symmetrizeInput` (default true) uses (x + xᵀ)/2; with false only the `lower` (default) or
 * upper triangle is read. Derivatives of v are infinite where eigenvalues repeat (as in JAX).
 * @example const [v, w] = lax.linalg.eigh(np.array([[2, 1], [1, 2]])); // w [1, 3]
 */
export function eigh(x: Tensor, opts?: { lower?: boolean; symmetrizeInput?: boolean }): [Tensor, Tensor] {
  const op = 'lax.linalg.eigh';
  const a = squareArg(op, x);
  const { lower, symmetrizeInput } = flags(op, opts, { lower: true, symmetrizeInput: true }, '{ lower: false }');
  const [v, w] = bind('eigh', [symmetrizeInput ? symmetrize(a) : a], { lower });
  return [v, w];
}

/**
 * Singular value decomposition by one-sided Jacobi: [u, s, vh] with x = u·diag(s)·vh, s
 * descending; or s alone with computeUv false. fullMatrices (default true) completes u to m×m and
 * vh to n×n (by a Householder QR of the thin factor); false gives u m×k, vh k×n. A zero singular
 * value leaves a zero column in the thin u. Derivatives are JAX's (thin factors only).
 * @example lax.linalg.svd(np.array([[3, 0], [0, -4]]), { computeUv: false }); // → [4, 3]
 */
export function svd(x: Tensor, opts: { fullMatrices?: boolean; computeUv: false }): Tensor;
export function svd(x: Tensor, opts?: { fullMatrices?: boolean; computeUv?: true }): [Tensor, Tensor, Tensor];
export function svd(x: Tensor, opts?: { fullMatrices?: boolean; computeUv?: boolean }): Tensor | [Tensor, Tensor, Tensor] {
  const op = 'lax.linalg.svd';
  const a = matrixArg(op, x);
  const { fullMatrices, computeUv } = flags(op, opts, { fullMatrices: true, computeUv: true }, '{ fullMatrices: false }');
  const [s, u, vt] = bind('svd', [a], {});
  if (!computeUv) return s;
  const [m, n] = a.shape.slice(-2);
  if (!fullMatrices || m === n) return [u, s, vt];
  return m > n ? [complete(u), s, vt] : [u, s, mT(complete(mT(vt)))];
}

/**
 * An m×m orthogonal matrix whose first k columns are u's (m×k, orthonormal columns): the full
 * Householder Q of u, with each of its first k columns' sign set to match u's (Q·diag(sign rᵢᵢ)).
 */
function complete(u: Tensor): Tensor {
  const [q, r] = bind('qr', [u], { fullMatrices: true });
  const m = u.shape[u.ndim - 2], k = u.shape[u.ndim - 1];
  const rk = lax.slice(r, r.shape.map(() => 0), [...r.shape.slice(0, -2), k, k]);
  const d = lax.sign(lax.reduceSum(lax.mul(rk, lax.cast(lax.compare(lax.iota(rk.shape, rk.ndim - 2), lax.iota(rk.shape, rk.ndim - 1), 'eq'), rk.dtype)), [rk.ndim - 1]));
  // Signs per column: the first k from r's diagonal (±1), the rest 1.
  const ones = lax.full([...d.shape.slice(0, -1), m - k], 1, d.dtype);
  const signs = lax.concatenate([d, ones], d.ndim - 1);
  return lax.mul(q, lax.broadcastInDim(signs, q.shape, [...d.shape.slice(0, -1).map((_, i) => i), q.ndim - 1]));
}
