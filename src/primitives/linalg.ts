/**
 * The linear-algebra primitives (JAX's lax.linalg): cholesky, triangular_solve, lu, qr, eigh and
 * svd. Each works on the last two axes and is batched over the leading ones (the same leading
 * shape on every operand: the numpy layer broadcasts). Everything else in np.linalg (det, slogdet,
 * inv, solve, lstsq, pinv, matrixPower, the spectral norms) composes these.
 *
 * jvp rules are JAX's (each is linear in the input tangent, with coefficients from the primal
 * outputs, so linearize/transpose give the vjp):
 *  - cholesky (Murray 2016): L̇ = L·Φ(L⁻¹ȦL⁻ᵀ), Φ = lower triangle with the diagonal halved.
 *  - triangular_solve: linear in b (its transpose solves with op(a)ᵀ); in a, ẋ = −op(a)⁻¹op(ȧ)x.
 *  - lu (m×n, L and U padded to square with the identity): L⁻¹PȦU⁻¹ split into its strict lower (→ L̇ = L·tril) and upper (→ U̇ = triu·U) parts.
 *  - qr (m ≥ n, reduced): Townsend's rule, dQ = Q(Ω − QᵀȦR⁻¹) + ȦR⁻¹, dR = (QᵀȦR⁻¹ − Ω)R.
 *  - eigh: ẇ = diag(VᵀȦV), V̇ = V(F ∘ VᵀȦV) with F_ij = 1/(w_j − w_i) off the diagonal. With
 *    repeated eigenvalues the eigenvectors are not unique and V̇ is infinite/NaN (as in JAX);
 *    ẇ and functions of the eigenspaces' sums stay right.
 *  - svd (thin): JAX's rule (Townsend's for U and V, plus the projections for m ≠ n); repeated
 *    singular values make U̇, V̇ undefined as for eigh, and a zero singular value with m ≠ n too.
 * The primitives read one triangle where the mathematics does (cholesky and eigh the lower one
 * by default, triangular_solve the one it is told), and their jvps symmetrise/mask the tangent
 * the same way, so they are the exact derivatives of what is computed.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { Params } from '../core/primitive.js';
import { ShapedArray, fmtShape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import { allocate } from '../core/dtype.js';
import * as k from '../backend/cpu/linalg.js';
import * as lax from './lax.js';
import { moveBatchAxis } from './helpers.js';
import { UndefinedPrimal, type BatchDim, type FirstOrderRules, type Tangent } from './rules.js';

// --- matrix helpers the rules are written with (all over the last two axes) -------------------

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
/** x·y over the last two axes, batched over the leading ones (equal on both). */
export const mm = (x: Tensor, y: Tensor): Tensor => {
  const nb = x.ndim - 2, bd = range(nb);
  return lax.dotGeneral(x, y, [[nb + 1], [nb]], [bd, bd]);
};
/** The transpose of the last two axes. */
export const mT = (x: Tensor): Tensor => lax.transpose(x, [...range(x.ndim - 2), x.ndim - 1, x.ndim - 2]);
const rowsCols = (shape: readonly number[]): [Tensor, Tensor] => [lax.iota(shape, shape.length - 2), lax.iota(shape, shape.length - 1)];
/** Keeps the entries with col − row ≤ kDiag (lower) or ≥ kDiag (upper), zeros elsewhere. */
export function tri(x: Tensor, lower: boolean, kDiag = 0): Tensor {
  const [r, c] = rowsCols(x.shape);
  const rk = lax.add(r, lax.full(x.shape, kDiag, 'int32'));
  return lax.where(lax.compare(c, rk, lower ? 'le' : 'ge'), x, lax.zerosLike(x));
}
/** The identity of the last two axes of `shape` (broadcast over the leading ones). */
export function eyeLike(shape: readonly number[], dtype: Tensor['dtype']): Tensor {
  const [r, c] = rowsCols(shape);
  return lax.cast(lax.compare(r, c, 'eq'), dtype);
}
/** The diagonal [..., n] of square matrices [..., n, n]. */
export const diagonalOf = (x: Tensor): Tensor => lax.reduceSum(lax.mul(x, eyeLike(x.shape, x.dtype)), [x.ndim - 1]);
/** Rows broadcast: v [..., n] as [..., m, n] with every row equal to v. */
export const asRows = (v: Tensor, m: number): Tensor =>
  lax.broadcastInDim(v, [...v.shape.slice(0, -1), m, v.shape[v.ndim - 1]], [...range(v.ndim - 1), v.ndim]);
/** Columns broadcast: v [..., m] as [..., m, n] with every column equal to v. */
export const asCols = (v: Tensor, n: number): Tensor =>
  lax.broadcastInDim(v, [...v.shape, n], range(v.ndim));
/** The symmetric matrix whose lower (or upper) triangle is x's. */
const symmetricFrom = (x: Tensor, lower: boolean): Tensor => lax.add(tri(x, lower), mT(tri(x, lower, lower ? -1 : 1)));

export interface TriangularSolveParams { leftSide: boolean; lower: boolean; transposeA: boolean; unitDiagonal: boolean }
export const triangularSolveBind = (a: Tensor, b: Tensor, p: TriangularSolveParams): Tensor => bind('triangular_solve', [a, b], p)[0];

// --- shape checks ------------------------------------------------------------------------------

function floatMatrix(op: string, a: ShapedArray, what = 'the operand'): void {
  if (a.ndim < 2) throw new ShapeError(`${op}: ${what} must be a matrix or a batch of matrices (rank ≥ 2), got ${a}; reshape a vector to [n, 1] or [1, n].`);
  if (!isFloat(a.dtype)) throw new DTypeError(`${op}: ${what} must be floating-point, got ${a}; convert it first, e.g. x.astype('float32').`);
}
function square(op: string, a: ShapedArray, what = 'the operand'): number {
  floatMatrix(op, a, what);
  const [m, n] = a.shape.slice(-2);
  if (m !== n) throw new ShapeError(`${op}: ${what} must be square in its last two axes, got ${a} (${m}×${n}); use lstsq/pinv for non-square systems.`);
  return n;
}
const batchOf = (a: ShapedArray): number[] => a.shape.slice(0, -2);
const count = (a: ShapedArray): number => batchOf(a).reduce((x, y) => x * y, 1);

/** vmap of a one-operand linalg primitive: the batch axis first, then every output batched at 0. */
const leadingVmap = <P extends 'cholesky' | 'lu' | 'qr' | 'eigh' | 'svd'>(prim: P) =>
  ([x]: Tensor[], [d]: BatchDim[], params: Params<P>, size: number): [Tensor[], BatchDim[]] => {
    const outs = bind(prim, [moveBatchAxis(x, d, 0, size)], params);
    return [outs, outs.map(() => 0)];
  };

// --- cholesky ------------------------------------------------------------------------------------

export const cholesky: FirstOrderRules<'cholesky'> = {
  abstractEval: ([a]) => { square('cholesky', a); return [a]; },
  jvp: ([a], [t]) => {
    const [L] = bind('cholesky', [a], {});
    if (t === null) return [[L], [null]];
    const s = symmetricFrom(t, true);
    const tmp = triangularSolveBind(L, s, { leftSide: false, lower: true, transposeA: true, unitDiagonal: false });
    const m = triangularSolveBind(L, tmp, { leftSide: true, lower: true, transposeA: false, unitDiagonal: false });
    const phi = lax.sub(tri(m, true), lax.mul(lax.full(m.shape, 0.5, m.dtype), lax.mul(m, eyeLike(m.shape, m.dtype))));
    return [[L], [mm(L, phi)]];
  },
  vmap: leadingVmap('cholesky'),
  cpu: ([a], _p, [out]) => {
    const o = allocate(out.dtype, out.size);
    const n = out.shape[out.ndim - 1];
    k.cholesky(a.data, o, n, count(out));
    return [o];
  },
};

// --- triangular_solve --------------------------------------------------------------------------

export const triangular_solve: FirstOrderRules<'triangular_solve'> = {
  abstractEval: ([a, b], p) => {
    const op = 'triangular_solve';
    const n = square(op, a, 'a');
    floatMatrix(op, b, 'b');
    const bb = batchOf(b), ab = batchOf(a);
    if (a.dtype !== b.dtype) throw new DTypeError(`${op}: a and b must have one dtype, got ${a} and ${b}; cast one of them.`);
    if (bb.length !== ab.length || bb.some((d, i) => d !== ab[i])) {
      throw new ShapeError(`${op}: a ${a} and b ${b} must have the same batch shape (${fmtShape(ab)} vs ${fmtShape(bb)}); broadcast them first (np.linalg functions do).`);
    }
    const [m, nb] = b.shape.slice(-2);
    const need = p.leftSide ? m : nb;
    if (need !== n) {
      throw new ShapeError(`${op}: a is ${n}×${n} but b ${b} has ${need} ${p.leftSide ? 'rows' : 'columns'}; with leftSide ${p.leftSide} a must match b's ${p.leftSide ? 'rows (op(a)·x = b)' : 'columns (x·op(a) = b)'}.`);
    }
    return [b];
  },
  jvp: ([a, b], [ta, tb], p) => {
    const x = triangularSolveBind(a, b, p);
    let out: Tangent = tb === null ? null : triangularSolveBind(a, tb, p);
    if (ta !== null) {
      let g = lax.neg(tri(ta, p.lower, p.unitDiagonal ? (p.lower ? -1 : 1) : 0));
      if (p.transposeA) g = mT(g);
      const term = triangularSolveBind(a, p.leftSide ? mm(g, x) : mm(x, g), p);
      out = out === null ? term : lax.add(out, term);
    }
    return [[x], [out]];
  },
  transpose: ([ct], [a, b], p) => {
    if (a instanceof UndefinedPrimal || !(b instanceof UndefinedPrimal)) {
      throw new Error('triangular_solve: transpose is linear in b only, with a known (fluxion bug: please report).');
    }
    return [null, ct === null ? null : triangularSolveBind(a, ct, { ...p, transposeA: !p.transposeA })];
  },
  vmap: ([a, b], [da, db], p, size) => [[triangularSolveBind(moveBatchAxis(a, da, 0, size), moveBatchAxis(b, db, 0, size), p)], [0]],
  cpu: ([a, b], p, [out]) => {
    const o = allocate(out.dtype, out.size);
    const [m, n] = out.shape.slice(-2);
    k.triangularSolve(a.data, b.data, o, m, n, p);
    return [o];
  },
};

// --- lu ------------------------------------------------------------------------------------------

/** Row-permutation matrices P (P·a = a[perm]) of int32 permutations [..., n]. */
export function permutationMatrix(perm: Tensor, dtype: Tensor['dtype']): Tensor {
  const n = perm.shape[perm.ndim - 1];
  const cols = lax.iota([...perm.shape, n], perm.ndim);
  return lax.cast(lax.compare(asCols(perm, n), cols, 'eq'), dtype);
}

export const lu: FirstOrderRules<'lu'> = {
  abstractEval: ([a]) => {
    floatMatrix('lu', a);
    const [m, n] = a.shape.slice(-2);
    return [a, new ShapedArray([...batchOf(a), Math.min(m, n)], 'int32'), new ShapedArray([...batchOf(a), m], 'int32')];
  },
  jvp: ([a], [t]) => {
    const [packed, pivots, perm] = bind('lu', [a], {});
    if (t === null) return [[packed, pivots, perm], [null, null, null]];
    // JAX's rule: L (m×m, unit lower, padded with the identity) and U (n×n, padded likewise).
    const [m, n] = a.shape.slice(-2), kk = Math.min(m, n), b = batchOf(a.aval);
    const zeros = b.map(() => 0);
    const lk = tri(lax.slice(packed, [...zeros, 0, 0], [...b, m, kk]), true, -1);
    const L = lax.add(lax.pad(lk, [...zeros, 0, 0], [...zeros, 0, m - kk]), eyeLike([...b, m, m], a.dtype));
    const uk = tri(lax.slice(packed, [...zeros, 0, 0], [...b, kk, n]), false);
    const eyeN = eyeLike([...b, n, n], a.dtype);
    const tail = lax.where(lax.compare(lax.iota(eyeN.shape, eyeN.ndim - 2), lax.full(eyeN.shape, kk, 'int32'), 'ge'), eyeN, lax.zerosLike(eyeN));
    const U = lax.add(lax.pad(uk, [...zeros, 0, 0], [...zeros, n - kk, 0]), tail);
    const x = mm(permutationMatrix(perm, a.dtype), t);
    const la = triangularSolveBind(L, x, { leftSide: true, lower: true, transposeA: false, unitDiagonal: true });
    const lau = triangularSolveBind(U, la, { leftSide: false, lower: false, transposeA: false, unitDiagonal: false });
    const dot = lax.add(mm(L, tri(lau, true, -1)), mm(tri(lau, false), U));
    return [[packed, pivots, perm], [dot, null, null]];
  },
  vmap: leadingVmap('lu'),
  cpu: ([a], _p, outs) => {
    const [o, piv, perm] = outs.map((x) => allocate(x.dtype, x.size));
    const [m, n] = a.aval.shape.slice(-2);
    k.lu(a.data, o, piv, perm, m, n, count(a.aval));
    return [o, piv, perm];
  },
};

// --- qr ------------------------------------------------------------------------------------------

export const qr: FirstOrderRules<'qr'> = {
  abstractEval: ([a], { fullMatrices }) => {
    floatMatrix('qr', a);
    const [m, n] = a.shape.slice(-2), kk = Math.min(m, n), b = batchOf(a);
    const c = fullMatrices ? m : kk;
    return [new ShapedArray([...b, m, c], a.dtype), new ShapedArray([...b, c, n], a.dtype)];
  },
  jvp: ([a], [t], p) => {
    const [q, r] = bind('qr', [a], p);
    if (t === null) return [[q, r], [null, null]];
    const [m, n] = a.shape.slice(-2);
    if (m < n || (p.fullMatrices && m !== n)) {
      throw new ArgumentError(`qr: the derivative is defined for m ≥ n with reduced matrices (as in JAX), got ${a.aval} with fullMatrices ${p.fullMatrices}; ` +
        `differentiate the reduced QR (fullMatrices: false) of a tall or square matrix, or of its transpose ` +
        `(np.linalg.svd with fullMatrices completes u or vh by a full QR: pass fullMatrices: false to differentiate it).`);
    }
    const dxRinv = triangularSolveBind(r, t, { leftSide: false, lower: false, transposeA: false, unitDiagonal: false });
    const qtdx = mm(mT(q), dxRinv);
    const low = tri(qtdx, true, -1);
    const omega = lax.sub(low, mT(low));
    const dq = lax.add(mm(q, lax.sub(omega, qtdx)), dxRinv);
    const dr = mm(lax.sub(qtdx, omega), r);
    return [[q, r], [dq, dr]];
  },
  vmap: leadingVmap('qr'),
  cpu: ([a], { fullMatrices }, [qa, ra]) => {
    const q = allocate(qa.dtype, qa.size), r = allocate(ra.dtype, ra.size);
    const [m, n] = a.aval.shape.slice(-2);
    k.qr(a.data, q, r, m, n, count(a.aval), fullMatrices);
    return [q, r];
  },
};

// --- eigh ----------------------------------------------------------------------------------------

/** Relative off-diagonal tolerance of the float64 Jacobi iterations (a few ulps times n). */
export const jacobiEps = (n: number): number => 4 * Math.max(n, 1) * 2.220446049250313e-16;

export const eigh: FirstOrderRules<'eigh'> = {
  abstractEval: ([a]) => {
    const n = square('eigh', a);
    return [a, new ShapedArray([...batchOf(a), n], a.dtype)];
  },
  jvp: ([a], [t], p) => {
    const [v, w] = bind('eigh', [a], p);
    if (t === null) return [[v, w], [null, null]];
    const n = a.shape[a.ndim - 1];
    const vtav = mm(mT(v), mm(symmetricFrom(t, p.lower), v));
    const eye = eyeLike(a.shape, a.dtype);
    // F_ij = 1/(w_j − w_i) off the diagonal, 0 on it (the eye keeps the diagonal finite).
    const diff = lax.add(eye, lax.sub(asRows(w, n), asCols(w, n)));
    const F = lax.sub(lax.div(lax.fullLike(diff, 1), diff), eye);
    return [[v, w], [mm(v, lax.mul(F, vtav)), diagonalOf(vtav)]];
  },
  vmap: leadingVmap('eigh'),
  cpu: ([a], { lower }, [va, wa]) => {
    const v = allocate(va.dtype, va.size), w = allocate(wa.dtype, wa.size);
    const n = va.shape[va.ndim - 1];
    k.eigh(a.data, v, w, n, count(va), lower, jacobiEps(n));
    return [v, w];
  },
};

// --- svd -----------------------------------------------------------------------------------------

export const svd: FirstOrderRules<'svd'> = {
  abstractEval: ([a]) => {
    floatMatrix('svd', a);
    const [m, n] = a.shape.slice(-2), kk = Math.min(m, n), b = batchOf(a);
    return [new ShapedArray([...b, kk], a.dtype), new ShapedArray([...b, m, kk], a.dtype), new ShapedArray([...b, kk, n], a.dtype)];
  },
  jvp: ([a], [t]) => {
    const [s, u, vt] = bind('svd', [a], {});
    if (t === null) return [[s, u, vt], [null, null, null]];
    const [m, n] = a.shape.slice(-2), kk = Math.min(m, n);
    const v = mT(vt), ut = mT(u);
    const dS = mm(mm(ut, t), v);
    const ds = diagonalOf(dS);
    const sRow = asRows(s, kk), sCol = asCols(s, kk);
    const diffs = lax.mul(lax.add(sRow, sCol), lax.sub(sRow, sCol)); // s_j² − s_i²
    const zero = lax.cast(lax.compare(diffs, lax.zerosLike(diffs), 'eq'), a.dtype);
    const F = lax.sub(lax.div(lax.fullLike(diffs, 1), lax.add(diffs, zero)), zero);
    const dSS = lax.mul(sRow, dS), SdS = lax.mul(sCol, dS);
    // (The ½(dS − dSᴴ)·diag(1/s) term of JAX's rule vanishes for real matrices.)
    let dU = mm(u, lax.mul(F, lax.add(dSS, mT(dSS))));
    let dV = mm(v, lax.mul(F, lax.add(SdS, mT(SdS))));
    if (m > n) {
      const dAV = mm(t, v);
      dU = lax.add(dU, lax.div(lax.sub(dAV, mm(u, mm(ut, dAV))), asRows(s, m)));
    }
    if (n > m) {
      const dAU = mm(mT(t), u);
      dV = lax.add(dV, lax.div(lax.sub(dAU, mm(v, mm(vt, dAU))), asRows(s, n)));
    }
    return [[s, u, vt], [ds, dU, mT(dV)]];
  },
  vmap: leadingVmap('svd'),
  cpu: ([a], _p, [sa, ua, vta]) => {
    const s = allocate(sa.dtype, sa.size), u = allocate(ua.dtype, ua.size), vt = allocate(vta.dtype, vta.size);
    const [m, n] = a.aval.shape.slice(-2);
    k.svd(a.data, s, u, vt, m, n, count(a.aval), jacobiEps(Math.max(m, n)));
    return [s, u, vt];
  },
};
