/**
 * np.linalg's factorisations and solvers (jnp.linalg names and semantics, camelCase): cholesky,
 * qr, eigh, eigvalsh, svd, det, slogdet, solve, inv, lstsq, pinv, matrixPower. Compositions of
 * the lax.linalg primitives (cholesky, triangular_solve, lu, qr, eigh, svd), so they are batched
 * over leading axes and differentiate, vmap and jit through those primitives' rules. Integer and
 * boolean inputs are promoted to float32, as JAX does.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { diagonalOf, eyeLike, mm, mT, permutationMatrix, triangularSolveBind } from '../primitives/linalg.js';
import { customJvp } from '../transforms/custom-jvp.js';
import { broadcastShapes, broadcastTo } from './broadcast.js';
import { ArrayLike, operandTensor } from './creation.js';

const EPS = { float32: 1.1920929e-7, float64: 2.220446049250313e-16 } as const;

function floatArg(op: string, a: ArrayLike, role = 'the operand'): Tensor {
  const x = operandTensor(op, a, undefined, role);
  return isFloat(x.dtype) ? x : lax.cast(x, 'float32');
}
function matrixArg(op: string, a: ArrayLike, role = 'the operand'): Tensor {
  const x = floatArg(op, a, role);
  if (x.ndim < 2) throw new ShapeError(`${op}: ${role} must be a matrix or a batch of matrices (rank ≥ 2), got ${x.aval}; reshape a vector to [n, 1] or [1, n].`);
  return x;
}
function squareArg(op: string, a: ArrayLike, role = 'the operand'): Tensor {
  const x = matrixArg(op, a, role);
  const [m, n] = x.shape.slice(-2);
  if (m !== n) throw new ShapeError(`${op}: ${role} must be square in its last two axes, got ${x.aval} (${m}×${n}); use np.linalg.lstsq or np.linalg.pinv for non-square matrices.`);
  return x;
}
function opts<K extends string>(op: string, o: unknown, allowed: readonly K[], example: string): Partial<Record<K, unknown>> {
  return validate.options<Record<K, unknown>>(op, o ?? {}, allowed, example);
}
const last = (x: Tensor, axis = -1) => x.shape[x.ndim + axis];

/**
 * The Cholesky factor of symmetric positive-definite matrices: lower L with L·Lᵀ = a (or upper
 * U = Lᵀ with `upper`); NaN for a matrix that is not positive definite.
 * @example np.linalg.cholesky(np.array([[4, 2], [2, 5]])); // → [[2, 0], [1, 2]]
 */
export function cholesky(a: ArrayLike, options?: { upper?: boolean; symmetrizeInput?: boolean }): Tensor {
  const op = 'np.linalg.cholesky';
  const x = squareArg(op, a);
  const o = opts(op, options, ['upper', 'symmetrizeInput'], '{ upper: true }');
  const upper = o.upper === undefined ? false : validate.boolean(op, 'upper', o.upper);
  const sym = o.symmetrizeInput === undefined ? true : validate.boolean(op, 'symmetrizeInput', o.symmetrizeInput);
  const L = lax.linalg.cholesky(x, { symmetrizeInput: sym });
  return upper ? mT(L) : L;
}

/**
 * QR decomposition: [q, r] with q·r = a; mode 'reduced' (default: q m×k, r k×n, k = min(m, n)),
 * 'complete' (q m×m, r m×n) or 'r' (r alone, reduced).
 * @example const [q, r] = np.linalg.qr(np.array([[1, 2], [3, 4], [5, 6]])); // q [3,2], r [2,2]
 */
export function qr(a: ArrayLike, mode?: 'reduced' | 'complete'): [Tensor, Tensor];
export function qr(a: ArrayLike, mode: 'r'): Tensor;
export function qr(a: ArrayLike, mode: 'reduced' | 'complete' | 'r' = 'reduced'): Tensor | [Tensor, Tensor] {
  const op = 'np.linalg.qr';
  const x = matrixArg(op, a);
  const m = validate.oneOf(op, 'mode', mode, ['reduced', 'complete', 'r'] as const);
  const [q, r] = lax.linalg.qr(x, { fullMatrices: m === 'complete' });
  return m === 'r' ? r : [q, r];
}

/**
 * Eigenvalues (ascending) and eigenvectors of symmetric matrices: [w, v], a·v = v·diag(w), as
 * jnp.linalg.eigh. UPLO 'L' (default) or 'U' names the triangle read when symmetrizeInput is false.
 * @example const [w, v] = np.linalg.eigh(np.array([[2, 1], [1, 2]])); // w [1, 3]
 */
export function eigh(a: ArrayLike, options?: { UPLO?: 'L' | 'U'; symmetrizeInput?: boolean }): [Tensor, Tensor] {
  const op = 'np.linalg.eigh';
  const x = squareArg(op, a);
  const o = opts(op, options, ['UPLO', 'symmetrizeInput'], "{ UPLO: 'U' }");
  const uplo = o.UPLO === undefined ? 'L' : validate.oneOf(op, 'UPLO', o.UPLO, ['L', 'U'] as const);
  const sym = o.symmetrizeInput === undefined ? true : validate.boolean(op, 'symmetrizeInput', o.symmetrizeInput);
  const [v, w] = lax.linalg.eigh(x, { lower: uplo === 'L', symmetrizeInput: sym });
  return [w, v];
}

/**
 * The eigenvalues of symmetric matrices, ascending.
 * @example np.linalg.eigvalsh(np.array([[2, 1], [1, 2]])); // → [1, 3]
 */
export function eigvalsh(a: ArrayLike, options?: { UPLO?: 'L' | 'U' }): Tensor {
  return eigh(a, options)[0];
}

/**
 * Singular value decomposition: [u, s, vh] with a = u·diag(s)·vh, s descending (fullMatrices,
 * default true: u m×m, vh n×n; false: u m×k, vh k×n); s alone with computeUv false.
 * @example const [u, s, vh] = np.linalg.svd(np.array([[3, 0], [0, -4]])); // s [4, 3]
 * @example np.linalg.svd(np.array([[1, 2], [3, 4]]), { computeUv: false }); // → [5.4649857, 0.3659662]
 */
export function svd(a: ArrayLike, options: { fullMatrices?: boolean; computeUv: false }): Tensor;
export function svd(a: ArrayLike, options?: { fullMatrices?: boolean; computeUv?: true }): [Tensor, Tensor, Tensor];
export function svd(a: ArrayLike, options?: { fullMatrices?: boolean; computeUv?: boolean }): Tensor | [Tensor, Tensor, Tensor] {
  const op = 'np.linalg.svd';
  const x = matrixArg(op, a);
  const o = opts(op, options, ['fullMatrices', 'computeUv'], '{ fullMatrices: false }');
  const full = o.fullMatrices === undefined ? true : validate.boolean(op, 'fullMatrices', o.fullMatrices);
  const uv = o.computeUv === undefined ? true : validate.boolean(op, 'computeUv', o.computeUv);
  return uv ? lax.linalg.svd(x, { fullMatrices: full }) : lax.linalg.svd(x, { computeUv: false });
}

/** The product of the last axis (a running product's last entry: exact with zeros, differentiable). */
function prodLast(x: Tensor): Tensor {
  const n = last(x);
  if (n === 0) return lax.full(x.shape.slice(0, -1), 1, x.dtype);
  const c = lax.cumprod(x, x.ndim - 1);
  return lax.reshape(lax.slice(c, [...x.shape.slice(0, -1).map(() => 0), n - 1], x.shape), x.shape.slice(0, -1));
}

/** LU pieces: U's diagonal and the permutation's sign (−1 per row swap). */
function luParts(x: Tensor): { packed: Tensor; perm: Tensor; diag: Tensor; parity: Tensor } {
  const [packed, pivots, perm] = lax.linalg.lu(x);
  const swaps = lax.reduceSum(lax.cast(lax.compare(pivots, lax.iota(pivots.shape, pivots.ndim - 1), 'ne'), 'int32'), [pivots.ndim - 1]);
  const odd = lax.compare(lax.rem(swaps, lax.full(swaps.shape, 2, 'int32')), lax.full(swaps.shape, 1, 'int32'), 'eq');
  const parity = lax.where(odd, lax.full(swaps.shape, -1, x.dtype), lax.full(swaps.shape, 1, x.dtype));
  return { packed, perm, diag: diagonalOf(packed), parity };
}

/** det(x) = parity·Π diag(U) from the LU factorisation. */
function detPlain(x: Tensor): Tensor {
  const { diag, parity } = luParts(x);
  return lax.mul(parity, prodLast(diag));
}

/**
 * [det(x), adj(x)·b] for square x [..., n, n] and b [..., n, k], well defined at singular x (JAX's
 * `_cofactor_solve`). With P·x = L·U, adj(x)·b = det(x)·U⁻¹·L⁻¹·P·b. At rank n − 1 partial
 * pivoting leaves the zero pivot in U's corner, so U's corner is replaced by 1/d′ (d′ = parity·the
 * product of the other pivots): U′⁻¹ then carries d′ on its last row, the other rows are scaled by
 * det(x) explicitly, and nothing divides by the zero pivot. Where U′ is still singular (rank < n − 1,
 * or a zero pivot left elsewhere) the adjugate of that LU is taken as 0.
 */
function cofactorSolve(x: Tensor, b: Tensor): [Tensor, Tensor] {
  const n = last(x), batch = x.shape.slice(0, -2);
  if (n === 1) return [lax.reshape(x, batch), b]; // adj of a 1×1 matrix is [1]
  const { packed, perm, diag, parity } = luParts(x);
  const bd = batch.map((_, i) => i);
  const partial = lax.mul(lax.broadcastInDim(parity, diag.shape, bd), lax.cumprod(diag, diag.ndim - 1));
  const at = (v: Tensor, i: number) => lax.reshape(lax.slice(v, [...batch.map(() => 0), i], [...batch, i + 1]), batch);
  const det = at(partial, n - 1), rest = at(partial, n - 2);
  const isLast = (axis: number) => lax.compare(lax.iota(x.shape, axis), lax.full(x.shape, n - 1, 'int32'), 'eq');
  const rowLast = isLast(x.ndim - 2), corner = lax.where(rowLast, isLast(x.ndim - 1), rowLast);
  const u = lax.where(corner, lax.broadcastInDim(lax.div(lax.fullLike(rest, 1), rest), x.shape, bd), packed);
  const upper = { leftSide: true, lower: false, transposeA: false, unitDiagonal: false };
  const probe = triangularSolveBind(u, lax.full([...batch, n, 1], 1, x.dtype), upper);
  const finite = lax.compare(lax.abs(probe), lax.full(probe.shape, Infinity, x.dtype), 'lt');
  const ok = lax.reduceAnd(lax.reshape(finite, [...batch, n]), [batch.length]);
  const y = triangularSolveBind(packed, mm(permutationMatrix(perm, x.dtype), b), { leftSide: true, lower: true, transposeA: false, unitDiagonal: true });
  const lastRow = lax.compare(lax.iota(y.shape, y.ndim - 2), lax.full(y.shape, n - 1, 'int32'), 'eq');
  const scaled = lax.where(lastRow, y, lax.mul(y, lax.broadcastInDim(det, y.shape, bd)));
  // Where U′ is singular, solve with the identity instead: the value is replaced by 0 below, and
  // the transposed solve (reverse mode) then never multiplies a zero cotangent by ∞.
  const uSafe = lax.where(lax.broadcastInDim(ok, x.shape, bd), u, eyeLike(x.shape, x.dtype));
  const z = triangularSolveBind(uSafe, scaled, upper);
  return [det, lax.where(lax.broadcastInDim(ok, z.shape, bd), z, lax.zerosLike(z))];
}

/** det with JAX's derivative: d det = tr(adj(x)·dx), finite for singular x (0 at rank < n − 1). */
const detWithJvp = customJvp(detPlain, ([x], [dx]) => {
  const [d, z] = cofactorSolve(x, dx as Tensor);
  return [d, lax.reduceSum(diagonalOf(z), [z.ndim - 2])];
}, 'det');

/**
 * The determinant of square matrices (LU with partial pivoting): exactly 0 for a matrix with an
 * exactly zero pivot. Its derivative is JAX's, tr(adj(a)·da): the adjugate (transposed cofactors)
 * even where a is singular, so the gradient of det at a rank n − 1 matrix is finite.
 * @example np.linalg.det(np.array([[1, 2], [3, 4]])); // → -2
 */
export function det(a: ArrayLike): Tensor {
  const x = squareArg('np.linalg.det', a);
  return last(x) === 0 ? detPlain(x) : detWithJvp(x);
}

/**
 * [sign, logabsdet] of the determinant of square matrices: det = sign·exp(logabsdet), without
 * overflow; sign 0 and logabsdet −∞ for a singular matrix.
 * @example const [sign, logdet] = np.linalg.slogdet(np.array([[1, 2], [3, 4]])); // -1, log 2
 */
export function slogdet(a: ArrayLike): [Tensor, Tensor] {
  const x = squareArg('np.linalg.slogdet', a);
  const { diag, parity } = luParts(x);
  const sign = lax.mul(parity, prodLast(lax.sign(diag)));
  return [sign, lax.reduceSum(lax.log(lax.abs(diag)), [diag.ndim - 1])];
}

/** x = a⁻¹·b for b of the same batch: P·a = L·U, so x = U⁻¹·L⁻¹·P·b. */
function luSolve(x: Tensor, b: Tensor): Tensor {
  const { packed, perm } = luParts(x);
  const pb = mm(permutationMatrix(perm, x.dtype), b);
  const y = triangularSolveBind(packed, pb, { leftSide: true, lower: true, transposeA: false, unitDiagonal: true });
  return triangularSolveBind(packed, y, { leftSide: true, lower: false, transposeA: false, unitDiagonal: false });
}

/**
 * Solves a·x = b for square a [..., n, n]: b is a vector [n] (1-D) or matrices [..., n, k]
 * whose leading axes broadcast against a's.
 * @example np.linalg.solve(np.array([[3, 1], [1, 2]]), np.array([9, 8])); // → [2, 3]
 */
export function solve(a: ArrayLike, b: ArrayLike): Tensor {
  const op = 'np.linalg.solve';
  const x = squareArg(op, a, 'a');
  let y = floatArg(op, b, 'b');
  const n = last(x);
  const dt = x.dtype === 'float64' || y.dtype === 'float64' ? 'float64' : 'float32';
  const X0 = lax.cast(x, dt);
  y = lax.cast(y, dt);
  const vector = y.ndim === 1;
  if (vector) y = lax.reshape(y, [y.shape[0], 1]);
  if (y.ndim < 2 || y.shape[y.ndim - 2] !== n) {
    throw new ShapeError(`np.linalg.solve: a ${x.aval} needs b with ${n} rows: a vector [${n}] or matrices [..., ${n}, k], got ${floatArg(op, b).aval}.`);
  }
  const batch = broadcastShapes(op, x.shape.slice(0, -2), y.shape.slice(0, -2));
  const X = broadcastTo(X0, [...batch, n, n], op), Y = broadcastTo(y, [...batch, n, y.shape[y.ndim - 1]], op);
  const out = luSolve(X, Y);
  return vector ? lax.reshape(out, out.shape.slice(0, -1)) : out;
}

/**
 * The inverse of square matrices (LU solve against the identity); ±inf/NaN for singular ones.
 * @example np.linalg.inv(np.array([[2, 0], [0, 4]])); // → [[0.5, 0], [0, 0.25]]
 */
export function inv(a: ArrayLike): Tensor {
  const x = squareArg('np.linalg.inv', a);
  return luSolve(x, lax.cast(eyeLike(x.shape, x.dtype), x.dtype));
}

/** v·diag(1/s where s > cutoff, else 0)·uᵀ from the thin SVD: the pseudo-inverse. */
function pinvOf(x: Tensor, rtol: Tensor | number | undefined): { p: Tensor; s: Tensor; keep: Tensor } {
  const [m, n] = x.shape.slice(-2);
  const [u, s, vt] = lax.linalg.svd(x, { fullMatrices: false });
  const k = last(s);
  const r = rtol === undefined ? 10 * Math.max(m, n) * EPS[x.dtype as 'float32' | 'float64'] : rtol;
  const sMax = k === 0 ? lax.zerosLike({ shape: s.shape.slice(0, -1), dtype: s.dtype }) : lax.reduceMax(s, [s.ndim - 1]);
  const rt = typeof r === 'number' ? lax.full(sMax.shape, r, s.dtype) : lax.cast(broadcastTo(r, sMax.shape, 'np.linalg.pinv'), s.dtype);
  const cutoff = lax.broadcastInDim(lax.mul(rt, sMax), s.shape, s.shape.slice(0, -1).map((_, i) => i));
  const keep = lax.compare(s, cutoff, 'gt');
  const safe = lax.where(keep, s, lax.fullLike(s, 1));
  const sInv = lax.where(keep, lax.div(lax.fullLike(s, 1), safe), lax.zerosLike(s));
  const scaled = lax.mul(mT(vt), lax.broadcastInDim(sInv, [...s.shape.slice(0, -1), n, k], [...s.shape.slice(0, -1).map((_, i) => i), s.ndim]));
  return { p: mm(scaled, mT(u)), s, keep };
}

/**
 * The Moore–Penrose pseudo-inverse from the SVD; singular values ≤ rtol·max(s) count as zero
 * (default rtol 10·max(m, n)·eps, as JAX).
 * @example np.linalg.pinv(np.array([[1, 0], [0, 0]])); // → [[1, 0], [0, 0]]
 */
export function pinv(a: ArrayLike, options?: { rtol?: number | Tensor }): Tensor {
  const op = 'np.linalg.pinv';
  const x = matrixArg(op, a);
  const o = opts(op, options, ['rtol'], '{ rtol: 1e-6 }');
  if (o.rtol !== undefined && typeof o.rtol !== 'number' && !(o.rtol instanceof Tensor)) {
    throw new ArgumentError(`${op}: rtol must be a number or an array, got ${validate.describe(o.rtol)}.`);
  }
  return pinvOf(x, o.rtol as number | Tensor | undefined).p;
}

/**
 * Least squares: the x minimising ‖a·x − b‖ (the minimum-norm one when a is rank-deficient), for
 * a 2-D [m, n] and b [m] or [m, k]. Returns [x, residuals, rank, s] as jnp.linalg.lstsq: the
 * residual sums of squares (shape [k], or [1] for a vector b as JAX — always computed, JAX's default),
 * the effective rank (int32) and the singular values. rcond (default eps·max(m, n)) is the
 * relative cutoff below which singular values count as zero.
 * @example np.linalg.lstsq(np.array([[1, 0], [0, 1], [1, 1]]), np.array([1, 1, 2]))[0]; // → [1, 1]
 */
export function lstsq(a: ArrayLike, b: ArrayLike, options?: { rcond?: number }): [Tensor, Tensor, Tensor, Tensor] {
  const op = 'np.linalg.lstsq';
  const x = matrixArg(op, a, 'a');
  if (x.ndim !== 2) throw new ShapeError(`${op}: a must be 2-D [m, n], got ${x.aval}; use vmap for a batch of systems.`);
  let y = floatArg(op, b, 'b');
  const o = opts(op, options, ['rcond'], '{ rcond: 1e-6 }');
  const [m, n] = x.shape;
  if ((y.ndim !== 1 && y.ndim !== 2) || y.shape[0] !== m) {
    throw new ShapeError(`${op}: b must be [${m}] or [${m}, k] to match a ${x.aval}, got ${y.aval}.`);
  }
  const dt = x.dtype === 'float64' || y.dtype === 'float64' ? 'float64' : 'float32';
  const X = lax.cast(x, dt);
  y = lax.cast(y, dt);
  const rcond = o.rcond === undefined ? EPS[dt] * Math.max(m, n) : validate.number(op, 'rcond', o.rcond);
  const { p, s, keep } = pinvOf(X, rcond);
  const vector = y.ndim === 1;
  const Y = vector ? lax.reshape(y, [m, 1]) : y;
  const sol = mm(p, Y);
  const r = lax.sub(mm(X, sol), Y);
  const resid = lax.reduceSum(lax.mul(r, r), [0]);
  const rank = lax.reduceSum(lax.cast(keep, 'int32'), [0]);
  return vector ? [lax.reshape(sol, [n]), resid, rank, s] : [sol, resid, rank, s];
}

/**
 * a raised to the integer power n by repeated squaring (n < 0: of the inverse; n = 0: identity).
 * @example np.linalg.matrixPower(np.array([[1, 1], [0, 1]]), 3); // → [[1, 3], [0, 1]]
 */
export function matrixPower(a: ArrayLike, n: number): Tensor {
  const op = 'np.linalg.matrixPower';
  const x0 = operandTensor(op, a);
  if (x0.ndim < 2 || x0.shape[x0.ndim - 1] !== x0.shape[x0.ndim - 2]) {
    throw new ShapeError(`${op}: the operand must be square matrices [..., n, n], got ${x0.aval}.`);
  }
  const p = validate.integer(op, 'n', n);
  if (p === 0) return lax.cast(eyeLike(x0.shape, 'float32'), x0.dtype);
  let x = p < 0 ? inv(x0) : x0;
  let e = Math.abs(p), acc: Tensor | undefined;
  for (;;) {
    if (e & 1) acc = acc === undefined ? x : mm(acc, x);
    e >>>= 1;
    if (e === 0) break;
    x = mm(x, x);
  }
  return acc!;
}
