/**
 * scipy.linalg (jax.scipy.linalg names in camelCase): solveTriangular with scipy's arguments,
 * Cholesky (upper by default, as scipy) and the choFactor / choSolve pair, the luFactor / luSolve
 * pair with LAPACK-style pivots, the matrix exponential expm (scaling and squaring with a Padé
 * approximant, as JAX: differentiable by composition), blockDiag, and det / inv / solve. Matrices
 * may be batched over leading axes; integer inputs promote to float32.
 */
import { isFloat, promoteTypes, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { eyeLike, mm, mT, permutationMatrix } from '../primitives/linalg.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';
import { solve as npSolve } from '../numpy/linalg-decomp.js';
import { floatDtype, k } from './args.js';

export { det, inv } from '../numpy/linalg-decomp.js';

function floatMatrix(op: string, a: ArrayLike, role: string, square = true): Tensor {
  const t = operandTensor(op, a, undefined, role);
  const x = isFloat(t.dtype) ? t : lax.cast(t, 'float32');
  if (x.ndim < 2) throw new ShapeError(`${op}: ${role} must be a matrix or a batch of matrices (rank ≥ 2), got ${x.aval}; reshape a vector to [n, 1] or [1, n].`);
  const [m, n] = x.shape.slice(-2);
  if (square && m !== n) throw new ShapeError(`${op}: ${role} must be square in its last two axes, got ${x.aval} (${m}×${n}).`);
  return x;
}

/** a [..., n, n] and b ([n] or [..., n, k]) in one dtype, b as matrices with a's batch (broadcast); `vector` marks a 1-D b. */
function systemArgs(op: string, a: Tensor, b: ArrayLike): { A: Tensor; B: Tensor; vector: boolean } {
  const bt = operandTensor(op, b, undefined, 'b');
  const dt = floatDtype(op, [a, bt]);
  let B = lax.cast(bt, dt);
  const A0 = lax.cast(a, dt);
  const n = A0.shape[A0.ndim - 1];
  const vector = B.ndim === 1;
  if (vector) B = lax.reshape(B, [B.shape[0], 1]);
  if (B.ndim < 2 || B.shape[B.ndim - 2] !== n) {
    throw new ShapeError(`${op}: a ${a.aval} needs b with ${n} rows: a vector [${n}] or matrices [..., ${n}, k], got ${bt.aval}.`);
  }
  const batch = broadcastShapes(op, A0.shape.slice(0, -2), B.shape.slice(0, -2));
  return { A: broadcastTo(A0, [...batch, n, n], op), B: broadcastTo(B, [...batch, n, B.shape[B.ndim - 1]], op), vector };
}

const unvector = (x: Tensor, vector: boolean): Tensor => (vector ? lax.reshape(x, x.shape.slice(0, -1)) : x);

/** scipy's trans argument: 0 / 'N' (a), 1 / 'T' (aᵀ), 2 / 'C' (aᴴ = aᵀ for real a). */
function transArg(op: string, trans: unknown): boolean {
  if (trans === undefined || trans === 0 || trans === 'N') return false;
  if (trans === 1 || trans === 2 || trans === 'T' || trans === 'C') return true;
  throw new ArgumentError(`${op}: trans must be 0, 1, 2 or 'N', 'T', 'C' (solve a·x = b, aᵀ·x = b, aᴴ·x = b), got ${validate.describe(trans)}.`);
}

type Trans = 0 | 1 | 2 | 'N' | 'T' | 'C';

/** The options of {@link solveTriangular}. */
export interface SolveTriangularOptions {
  /** 0 / 'N': a·x = b (default); 1 / 'T': aᵀ·x = b; 2 / 'C': aᴴ·x = b (aᵀ for real a). */
  trans?: Trans;
  /** Read a's lower triangle (default false: the upper one). */
  lower?: boolean;
  /** Take a's diagonal as ones (not read). */
  unitDiagonal?: boolean;
}

/**
 * Solves a·x = b (or aᵀ·x = b) for triangular a, reading one triangle (jax.scipy.linalg.solve_triangular;
 * scipy's defaults: upper, no transpose). b is a vector [n] or matrices [..., n, k].
 * @example scipy.linalg.solveTriangular(np.array([[2, 0], [1, 1]]), np.array([2, 3]), { lower: true }); // → [1, 2]
 */
export function solveTriangular(a: ArrayLike, b: ArrayLike, options?: SolveTriangularOptions): Tensor {
  const op = 'scipy.linalg.solveTriangular';
  const o = validate.options<SolveTriangularOptions>(op, options, ['trans', 'lower', 'unitDiagonal'], "{ lower: true, trans: 'T' }");
  const transposeA = transArg(op, o.trans);
  const lower = o.lower === undefined ? false : validate.boolean(op, 'lower', o.lower);
  const unitDiagonal = o.unitDiagonal === undefined ? false : validate.boolean(op, 'unitDiagonal', o.unitDiagonal);
  const { A, B, vector } = systemArgs(op, floatMatrix(op, a, 'a'), b);
  return unvector(lax.linalg.triangularSolve(A, B, { leftSide: true, lower, transposeA, unitDiagonal }), vector);
}

/**
 * The Cholesky factor of symmetric positive-definite matrices: upper U with Uᵀ·U = a by default
 * (scipy's default, unlike np.linalg), lower L with `lower: true`; NaN where a is not positive definite.
 * @example scipy.linalg.cholesky(np.array([[4, 2], [2, 5]])); // → [[2, 1], [0, 2]]
 */
export function cholesky(a: ArrayLike, options?: { lower?: boolean }): Tensor {
  const op = 'scipy.linalg.cholesky';
  const o = validate.options<{ lower?: boolean }>(op, options, ['lower'], '{ lower: true }');
  const lower = o.lower === undefined ? false : validate.boolean(op, 'lower', o.lower);
  const L = lax.linalg.cholesky(floatMatrix(op, a, 'a'));
  return lower ? L : mT(L);
}

/**
 * [c, lower]: the Cholesky factor of a (upper by default; the other triangle is zero) and which
 * triangle it is, for {@link choSolve} (jax.scipy.linalg.cho_factor).
 * @example scipy.linalg.choFactor(np.array([[4, 2], [2, 5]]), { lower: true }); // → [[[2, 0], [1, 2]], true]
 */
export function choFactor(a: ArrayLike, options?: { lower?: boolean }): [Tensor, boolean] {
  const op = 'scipy.linalg.choFactor';
  const o = validate.options<{ lower?: boolean }>(op, options, ['lower'], '{ lower: true }');
  const lower = o.lower === undefined ? false : validate.boolean(op, 'lower', o.lower);
  const L = lax.linalg.cholesky(floatMatrix(op, a, 'a'));
  return [lower ? L : mT(L), lower];
}

/**
 * Solves a·x = b from choFactor's [c, lower] (jax.scipy.linalg.cho_solve); b is a vector [n] or
 * matrices [..., n, k].
 * @example
 * const cf = scipy.linalg.choFactor(np.array([[4, 2], [2, 5]]));
 * scipy.linalg.choSolve(cf, np.array([8, 9])); // → [1.375, 1.25]
 */
export function choSolve(cAndLower: readonly [Tensor, boolean], b: ArrayLike): Tensor {
  const op = 'scipy.linalg.choSolve';
  if (!Array.isArray(cAndLower) || cAndLower.length !== 2 || !isTensor(cAndLower[0]) || typeof cAndLower[1] !== 'boolean') {
    throw new ArgumentError(`${op}: the first argument must be choFactor's [c, lower] pair, got ${validate.describe(cAndLower)}.`);
  }
  const [c, lower] = cAndLower;
  const { A, B, vector } = systemArgs(op, floatMatrix(op, c, 'c'), b);
  // lower: a = L·Lᵀ; upper: a = Uᵀ·U.
  const y = lax.linalg.triangularSolve(A, B, { leftSide: true, lower, transposeA: !lower });
  return unvector(lax.linalg.triangularSolve(A, y, { leftSide: true, lower, transposeA: lower }), vector);
}

/**
 * [lu, piv]: the LU factorisation with partial pivoting, L (unit lower, below the diagonal) and U
 * packed in lu, and LAPACK-style 0-based pivots (row i was swapped with row piv[i]), as
 * jax.scipy.linalg.lu_factor; for {@link luSolve}.
 * @example
 * const [lu, piv] = scipy.linalg.luFactor(np.array([[1, 2], [3, 4]]));
 * lu; // → [[3, 4], [1 / 3, 2 / 3]]
 * piv; // → [1, 1]
 */
export function luFactor(a: ArrayLike): [Tensor, Tensor] {
  const [lu, piv] = lax.linalg.lu(floatMatrix('scipy.linalg.luFactor', a, 'a'));
  return [lu, piv];
}

/** The row permutation that LAPACK pivots describe (swap i with piv[i], i = 0, 1, …), as int32 [..., n]. */
function permutationOfPivots(piv: Tensor, n: number): Tensor {
  const shape = [...piv.shape.slice(0, -1), n];
  const iota = lax.iota(shape, shape.length - 1, 'int32');
  let perm = iota;
  const last = shape.length - 1;
  for (let i = 0; i < piv.shape[last]; i++) {
    const start = shape.map(() => 0), limit = [...shape];
    start[last] = i; limit[last] = i + 1;
    const p = lax.broadcastInDim(lax.reshape(lax.slice(piv, start, [...piv.shape.slice(0, -1), i + 1]), shape.slice(0, -1)), shape, shape.slice(0, -1).map((_, j) => j));
    const vi = lax.broadcastInDim(lax.reshape(lax.slice(perm, start, limit), shape.slice(0, -1)), shape, shape.slice(0, -1).map((_, j) => j));
    // perm[piv[i]] as a masked sum (one-hot over the last axis).
    const atP = lax.compare(iota, p, 'eq');
    const vp = lax.broadcastInDim(lax.reduceSum(lax.where(atP, perm, lax.fullLike(perm, 0)), [last]), shape, shape.slice(0, -1).map((_, j) => j));
    perm = lax.where(lax.compare(iota, lax.fullLike(iota, i), 'eq'), vp, lax.where(atP, vi, perm));
  }
  return perm;
}

/**
 * Solves a·x = b (trans 0) or aᵀ·x = b (trans 1 or 2) from luFactor's [lu, piv]
 * (jax.scipy.linalg.lu_solve); b is a vector [n] or matrices [..., n, k].
 * @example
 * const f = scipy.linalg.luFactor(np.array([[1, 2], [3, 4]]));
 * scipy.linalg.luSolve(f, np.array([5, 11])); // → [1, 2]
 * scipy.linalg.luSolve(f, np.array([7, 10]), { trans: 1 }); // → [1, 2]
 */
export function luSolve(luAndPiv: readonly [Tensor, Tensor], b: ArrayLike, options?: { trans?: Trans }): Tensor {
  const op = 'scipy.linalg.luSolve';
  if (!Array.isArray(luAndPiv) || luAndPiv.length !== 2 || !isTensor(luAndPiv[0]) || !isTensor(luAndPiv[1])) {
    throw new ArgumentError(`${op}: the first argument must be luFactor's [lu, piv] pair, got ${validate.describe(luAndPiv)}.`);
  }
  const o = validate.options<{ trans?: Trans }>(op, options, ['trans'], '{ trans: 1 }');
  const trans = transArg(op, o.trans);
  const [lu, piv] = luAndPiv;
  const a = floatMatrix(op, lu, 'lu');
  const n = a.shape[a.ndim - 1];
  if (piv.dtype !== 'int32' || piv.ndim !== a.ndim - 1 || piv.shape[piv.ndim - 1] !== n || piv.shape.slice(0, -1).some((d, i) => d !== a.shape[i])) {
    throw new ShapeError(`${op}: piv must be int32 [..., ${n}] matching lu ${a.aval}, got ${piv.aval}; pass luFactor's output unchanged.`);
  }
  const { A, B, vector } = systemArgs(op, a, b);
  const batch = A.shape.slice(0, -2);
  const perm = permutationOfPivots(broadcastTo(piv, [...batch, n], op), n);
  const P = permutationMatrix(perm, A.dtype);
  let x: Tensor;
  if (!trans) {
    // P·a = L·U: x = U⁻¹·L⁻¹·P·b.
    const y = lax.linalg.triangularSolve(A, mm(P, B), { leftSide: true, lower: true, unitDiagonal: true });
    x = lax.linalg.triangularSolve(A, y, { leftSide: true, lower: false });
  } else {
    // aᵀ = Uᵀ·Lᵀ·P: x = Pᵀ·L⁻ᵀ·U⁻ᵀ·b.
    const y = lax.linalg.triangularSolve(A, B, { leftSide: true, lower: false, transposeA: true });
    const z = lax.linalg.triangularSolve(A, y, { leftSide: true, lower: true, transposeA: true, unitDiagonal: true });
    x = mm(mT(P), z);
  }
  return unvector(x, vector);
}

/**
 * Solves a·x = b (jax.scipy.linalg.solve): `assumeA: 'pos'` uses the Cholesky factor (a symmetric
 * positive definite, `lower` picks the triangle read), anything else ('gen', 'sym', 'her') LU with
 * partial pivoting, as JAX. b is a vector [n] or matrices [..., n, k].
 * @example scipy.linalg.solve(np.array([[3, 1], [1, 2]]), np.array([9, 8]), { assumeA: 'pos' }); // → [2, 3]
 */
export function solve(a: ArrayLike, b: ArrayLike, options?: { assumeA?: 'gen' | 'sym' | 'her' | 'pos'; lower?: boolean }): Tensor {
  const op = 'scipy.linalg.solve';
  const o = validate.options<{ assumeA?: string; lower?: boolean }>(op, options, ['assumeA', 'lower'], "{ assumeA: 'pos' }");
  const assumeA = o.assumeA === undefined ? 'gen' : validate.oneOf(op, 'assumeA', o.assumeA, ['gen', 'sym', 'her', 'pos'] as const);
  const lower = o.lower === undefined ? false : validate.boolean(op, 'lower', o.lower);
  const A = floatMatrix(op, a, 'a');
  if (assumeA !== 'pos') return npSolve(A, b);
  const { A: A2, B, vector } = systemArgs(op, A, b);
  // Only the `lower` (or upper) triangle is read, as LAPACK's posv.
  const tri = lower ? A2 : mT(A2);
  const L = lax.linalg.cholesky(tri, { symmetrizeInput: false });
  const y = lax.linalg.triangularSolve(L, B, { leftSide: true, lower: true });
  return unvector(lax.linalg.triangularSolve(L, y, { leftSide: true, lower: true, transposeA: true }), vector);
}

// Padé coefficients b_j of exp (Higham 2005), degrees 7 and 13, and the 1-norm bounds θ below which
// they reach unit roundoff (float32 uses degree 7 with its float32 bound, float64 degree 13).
const PADE7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];
const PADE13 = [64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
  10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1];
const THETA = { float32: 3.925724783138660, float64: 5.371920351148152 } as const;
const MAX_SQUARINGS = 16;

/**
 * The matrix exponential e^A = Σ Aᵏ/k! (jax.scipy.linalg.expm): scaling and squaring with a Padé
 * approximant (degree 13 in float64, 7 in float32), the number of squarings chosen from A's 1-norm
 * at run time (up to 16, so it jits); differentiable by composition.
 * @example scipy.linalg.expm(np.array([[0, 1], [0, 0]])); // → [[1, 1], [0, 1]]
 */
export function expm(A: ArrayLike): Tensor {
  const op = 'scipy.linalg.expm';
  const a = floatMatrix(op, A, 'A');
  if (a.dtype !== 'float32' && a.dtype !== 'float64') {
    throw new ArgumentError(`${op}: A must be float32 or float64, got ${a.aval}; convert it with astype('float32').`);
  }
  const batchAxes = a.shape.slice(0, -2).map((_, i) => i);
  const scalarBack = (s: Tensor) => lax.broadcastInDim(s, a.shape, batchAxes);
  // s = max(0, ⌈log2(‖A‖₁/θ)⌉), a constant to the derivative.
  const norm1 = lax.stopGradient(lax.reduceMax(lax.reduceSum(lax.abs(a), [a.ndim - 2]), [a.ndim - 2]));
  const theta = THETA[a.dtype];
  const positive = lax.compare(norm1, k(norm1, 0), 'gt');
  const logs = lax.div(lax.log(lax.div(lax.where(positive, norm1, k(norm1, 1)), k(norm1, theta))), k(norm1, Math.LN2));
  const s = lax.min(lax.max(lax.ceil(logs), k(norm1, 0)), k(norm1, MAX_SQUARINGS));
  const scaled = lax.div(a, scalarBack(lax.pow(k(s, 2), s)));
  const I = lax.cast(eyeLike(a.shape, a.dtype), a.dtype);
  const b = a.dtype === 'float64' ? PADE13 : PADE7;
  const c = (v: number, x: Tensor) => lax.mul(x, k(x, v));
  let U: Tensor, V: Tensor;
  const A2 = mm(scaled, scaled), A4 = mm(A2, A2), A6 = mm(A4, A2);
  if (a.dtype === 'float64') {
    const u1 = mm(A6, lax.add(lax.add(c(b[13], A6), c(b[11], A4)), c(b[9], A2)));
    U = mm(scaled, lax.add(lax.add(lax.add(lax.add(u1, c(b[7], A6)), c(b[5], A4)), c(b[3], A2)), c(b[1], I)));
    const v1 = mm(A6, lax.add(lax.add(c(b[12], A6), c(b[10], A4)), c(b[8], A2)));
    V = lax.add(lax.add(lax.add(lax.add(v1, c(b[6], A6)), c(b[4], A4)), c(b[2], A2)), c(b[0], I));
  } else {
    U = mm(scaled, lax.add(lax.add(lax.add(c(b[7], A6), c(b[5], A4)), c(b[3], A2)), c(b[1], I)));
    V = lax.add(lax.add(lax.add(c(b[6], A6), c(b[4], A4)), c(b[2], A2)), c(b[0], I));
  }
  // r = (V − U)⁻¹(V + U), then squared s times.
  let R = npSolve(lax.sub(V, U), lax.add(V, U));
  for (let i = 0; i < MAX_SQUARINGS; i++) {
    const more = scalarBack(lax.compare(k(s, i), s, 'lt'));
    R = lax.where(more, mm(R, R), R);
  }
  return R;
}

/**
 * The block-diagonal matrix of the arguments (jax.scipy.linalg.block_diag): 2-D arrays, 1-D ones
 * as rows, scalars as 1×1; the result has their promoted dtype.
 * @example scipy.linalg.blockDiag(np.array([[1, 2]]), np.array(3)); // → [[1, 2, 0], [0, 0, 3]]
 */
export function blockDiag(...arrs: ArrayLike[]): Tensor {
  const op = 'scipy.linalg.blockDiag';
  if (arrs.length === 0) return lax.full([1, 0], 0, 'float32');
  // JS numbers are weakly typed: they take the arrays' dtype (float32 when every block is a number).
  const given = arrs.map((a, i) => (typeof a === 'number' ? undefined : operandTensor(op, a, undefined, `argument ${i}`)));
  let dt: DType | undefined;
  for (const t of given) {
    if (!t) continue;
    const p: DType | undefined = dt === undefined ? t.dtype : promoteTypes(dt, t.dtype);
    if (!p) throw new DTypeError(`${op}: cannot combine ${dt} and ${t.dtype} blocks (no common dtype); cast them with astype().`);
    dt = p;
  }
  const dtype: DType = dt ?? 'float32';
  const ts = arrs.map((a, i) => {
    if (typeof a !== 'number') return given[i]!;
    validate.operand(op, a, `argument ${i}`);
    return lax.scalar(a, dtype);
  });
  const mats = ts.map((t, i) => {
    if (t.ndim > 2) throw new ShapeError(`${op}: argument ${i} ${t.aval} has rank ${t.ndim}; blockDiag takes matrices, vectors (rows) and scalars.`);
    const m = t.ndim === 2 ? t : lax.reshape(t, t.ndim === 1 ? [1, t.shape[0]] : [1, 1]);
    return lax.cast(m, dtype);
  });
  const width = mats.reduce((w, m) => w + m.shape[1], 0);
  let col = 0;
  const rows = mats.map((m) => {
    const padded = lax.pad(m, [0, col], [0, width - col - m.shape[1]]);
    col += m.shape[1];
    return padded;
  });
  return lax.concatenate(rows, 0);
}
