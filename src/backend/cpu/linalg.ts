/**
 * The reference kernels of the linear-algebra primitives (the oracle the WebGPU kernels are
 * checked against). Each works on a batch of matrices stored row-major one after another; every
 * matrix is copied into a Float64Array, factored there in float64 whatever the dtype, and written
 * back in the output's dtype. The algorithms are the ones the WGSL kernels run (compiler/
 * linalg-kernels.ts), step for step, so both backends pick the same signs and orderings:
 *
 * - cholesky: the column-by-column Cholesky–Banachiewicz loop on the lower triangle; a matrix that
 *   is not positive definite gives all-NaN (as JAX).
 * - triangular_solve: forward / back substitution on op(a) = a or aᵀ, reading one triangle.
 * - lu: Doolittle with partial pivoting (LAPACK getrf's pivots and a permutation); a zero pivot
 *   skips its column, so a singular matrix has an exact 0 on U's diagonal.
 * - qr: Householder reflections (v₀ = x₀ − α, α = −sign(x₀)‖x‖), Q accumulated in full.
 * - eigh: cyclic two-sided Jacobi, eigenvalues ascending; each eigenvector's largest-magnitude
 *   component is made positive.
 * - svd: one-sided (Hestenes) Jacobi on the taller orientation, singular values descending; each
 *   right singular vector's largest-magnitude component is made positive.
 */
import { TypedArray } from '../../core/dtype.js';

/** Jacobi stops after this many sweeps even if float roundoff keeps it from meeting its tolerance. */
export const MAX_SWEEPS = 40;

const matrices = (len: number, per: number): number => (per === 0 ? 0 : len / per);

export function cholesky(a: TypedArray, out: TypedArray, n: number, batch: number): void {
  const L = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    L.fill(0);
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      let d = a[o + j * n + j];
      for (let k = 0; k < j; k++) d -= L[j * n + k] * L[j * n + k];
      if (!(d > 0)) { ok = false; break; }
      const ljj = Math.sqrt(d);
      L[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[o + i * n + j];
        for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
        L[i * n + j] = s / ljj;
      }
    }
    for (let i = 0; i < n * n; i++) out[o + i] = ok ? L[i] : NaN;
  }
}

export interface TriangularOptions { leftSide: boolean; lower: boolean; transposeA: boolean; unitDiagonal: boolean }

/**
 * Solves op(a)·x = b (leftSide) or x·op(a) = b for every matrix of the batch; a is k×k, b m×n
 * (k = m on the left, n on the right). x·op(a) = b is op(a)ᵀ·xᵀ = bᵀ, so both sides run the same
 * substitution over T = op(a) or op(a)ᵀ, whose lower-triangularity is `lower` flipped once per
 * transpose.
 */
export function triangularSolve(a: TypedArray, b: TypedArray, out: TypedArray, m: number, n: number, o: TriangularOptions): void {
  const k = o.leftSide ? m : n;
  const batch = matrices(b.length, m * n);
  const flip = o.transposeA !== !o.leftSide; // T = aᵀ exactly when one transpose is applied
  const lowerT = o.lower !== flip;
  // The right-hand sides: the columns of b (left) or the rows of b (right), each of length k.
  const count = o.leftSide ? n : m;
  const x = new Float64Array(k);
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * k * k, bo = bi * m * n;
    const T = (i: number, j: number) => (flip ? a[ao + j * k + i] : a[ao + i * k + j]);
    const at = (r: number, i: number) => (o.leftSide ? bo + i * n + r : bo + r * n + i);
    for (let r = 0; r < count; r++) {
      for (let step = 0; step < k; step++) {
        const i = lowerT ? step : k - 1 - step;
        let s = b[at(r, i)];
        if (lowerT) for (let j = 0; j < i; j++) s -= T(i, j) * x[j];
        else for (let j = i + 1; j < k; j++) s -= T(i, j) * x[j];
        x[i] = o.unitDiagonal ? s : s / T(i, i);
      }
      for (let i = 0; i < k; i++) out[at(r, i)] = x[i];
    }
  }
}

/**
 * LU with partial pivoting of m×n matrices (k = min(m, n) steps): packed L\U (m×n), LAPACK's
 * pivots (k) and the row permutation (m).
 */
export function lu(a: TypedArray, luOut: TypedArray, pivots: TypedArray, perm: TypedArray, m: number, n: number, batch: number): void {
  const A = new Float64Array(m * n), k = Math.min(m, n);
  for (let b = 0; b < batch; b++) {
    const o = b * m * n;
    for (let i = 0; i < m * n; i++) A[i] = a[o + i];
    for (let i = 0; i < m; i++) perm[b * m + i] = i;
    for (let j = 0; j < k; j++) {
      let p = j, best = Math.abs(A[j * n + j]);
      for (let i = j + 1; i < m; i++) { const v = Math.abs(A[i * n + j]); if (v > best) { best = v; p = i; } }
      pivots[b * k + j] = p;
      if (p !== j) {
        for (let c = 0; c < n; c++) { const t = A[j * n + c]; A[j * n + c] = A[p * n + c]; A[p * n + c] = t; }
        const t = perm[b * m + j]; perm[b * m + j] = perm[b * m + p]; perm[b * m + p] = t;
      }
      const d = A[j * n + j];
      if (d === 0) continue; // singular column: nothing to eliminate with (LAPACK's info > 0)
      for (let i = j + 1; i < m; i++) {
        const l = A[i * n + j] / d;
        A[i * n + j] = l;
        for (let c = j + 1; c < n; c++) A[i * n + c] -= l * A[j * n + c];
      }
    }
    for (let i = 0; i < m * n; i++) luOut[o + i] = A[i];
  }
}

/** Householder QR of m×n matrices: Q (m×qc) and R (rr×n), with qc = rr = m (full) or min(m, n). */
export function qr(a: TypedArray, qOut: TypedArray, rOut: TypedArray, m: number, n: number, batch: number, full: boolean): void {
  const k = Math.min(m, n), qc = full ? m : k, rr = full ? m : k;
  const R = new Float64Array(m * n), Q = new Float64Array(m * m), v = new Float64Array(m);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < m * n; i++) R[i] = a[b * m * n + i];
    Q.fill(0);
    for (let i = 0; i < m; i++) Q[i * m + i] = 1;
    for (let j = 0; j < Math.min(m - 1, n); j++) {
      let norm2 = 0;
      for (let i = j; i < m; i++) norm2 += R[i * n + j] * R[i * n + j];
      const x0 = R[j * n + j];
      const alpha = -(x0 >= 0 ? 1 : -1) * Math.sqrt(norm2);
      let vn = 0;
      for (let i = j; i < m; i++) { v[i] = R[i * n + j] - (i === j ? alpha : 0); vn += v[i] * v[i]; }
      if (vn === 0) continue;
      for (let c = 0; c < n; c++) { // R ← (I − 2vvᵀ/vᵀv) R
        let s = 0;
        for (let i = j; i < m; i++) s += v[i] * R[i * n + c];
        s = (2 * s) / vn;
        for (let i = j; i < m; i++) R[i * n + c] -= s * v[i];
      }
      for (let r = 0; r < m; r++) { // Q ← Q (I − 2vvᵀ/vᵀv)
        let s = 0;
        for (let i = j; i < m; i++) s += Q[r * m + i] * v[i];
        s = (2 * s) / vn;
        for (let i = j; i < m; i++) Q[r * m + i] -= s * v[i];
      }
    }
    for (let r = 0; r < m; r++) for (let c = 0; c < qc; c++) qOut[b * m * qc + r * qc + c] = Q[r * m + c];
    for (let r = 0; r < rr; r++) for (let c = 0; c < n; c++) rOut[b * rr * n + r * n + c] = r < m && c >= r ? R[r * n + c] : 0;
  }
}

/** Makes the largest-magnitude entry of column `c` of the n×cols matrix M (row-major, stride `cols`) positive. */
function signOfColumn(M: Float64Array, rows: number, cols: number, c: number): number {
  let best = 0, at = 0;
  for (let i = 0; i < rows; i++) { const v = Math.abs(M[i * cols + c]); if (v > best) { best = v; at = i; } }
  return M[at * cols + c] < 0 ? -1 : 1;
}

/** Symmetric eigendecomposition of n×n matrices read from the lower (or upper) triangle: V (columns) and ascending w. */
export function eigh(a: TypedArray, vOut: TypedArray, wOut: TypedArray, n: number, batch: number, lower: boolean, eps: number): void {
  const A = new Float64Array(n * n), V = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    const o = b * n * n;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      const lo = i >= j ? [i, j] : [j, i];
      const [r, c] = lower ? lo : [lo[1], lo[0]];
      A[i * n + j] = a[o + r * n + c];
    }
    V.fill(0);
    for (let i = 0; i < n; i++) V[i * n + i] = 1;
    let total = 0;
    for (let i = 0; i < n * n; i++) total += A[i] * A[i];
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let off = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) off += A[i * n + j] * A[i * n + j];
      if (off <= eps * eps * total) break;
      for (let p = 0; p < n - 1; p++) for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q];
        if (apq === 0) continue;
        const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) { // A ← A J
          const kp = A[k * n + p], kq = A[k * n + q];
          A[k * n + p] = c * kp - s * kq; A[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) { // A ← Jᵀ A
          const pk = A[p * n + k], qk = A[q * n + k];
          A[p * n + k] = c * pk - s * qk; A[q * n + k] = s * pk + c * qk;
        }
        for (let k = 0; k < n; k++) { // V ← V J
          const kp = V[k * n + p], kq = V[k * n + q];
          V[k * n + p] = c * kp - s * kq; V[k * n + q] = s * kp + c * kq;
        }
      }
    }
    // Ascending by selection with swaps (the WGSL kernel's order, ties included).
    for (let d = 0; d < n; d++) {
      let src = d;
      for (let i = d + 1; i < n; i++) if (A[i * n + i] < A[src * n + src]) src = i;
      if (src !== d) {
        const t = A[d * n + d]; A[d * n + d] = A[src * n + src]; A[src * n + src] = t;
        for (let i = 0; i < n; i++) { const x = V[i * n + d]; V[i * n + d] = V[i * n + src]; V[i * n + src] = x; }
      }
    }
    for (let d = 0; d < n; d++) {
      wOut[b * n + d] = A[d * n + d];
      const sg = signOfColumn(V, n, n, d);
      for (let i = 0; i < n; i++) vOut[o + i * n + d] = sg * V[i * n + d];
    }
  }
}

/**
 * Thin SVD of m×n matrices: s (k, descending), U (m×k), Vᵀ (k×n), k = min(m, n). One-sided
 * Jacobi orthogonalises the columns of W = A (m ≥ n) or Aᵀ (m < n) by rotations accumulated in
 * V; then s are the column norms and U the normalised columns. A zero singular value leaves a
 * zero column of U (documented in lax.linalg.svd).
 */
export function svd(a: TypedArray, sOut: TypedArray, uOut: TypedArray, vtOut: TypedArray, m: number, n: number, batch: number, eps: number): void {
  const tall = m >= n, R = tall ? m : n, C = tall ? n : m; // W is R×C, R ≥ C
  const W = new Float64Array(R * C), V = new Float64Array(C * C), norms = new Float64Array(C);
  for (let b = 0; b < batch; b++) {
    const o = b * m * n;
    for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) W[i * C + j] = tall ? a[o + i * n + j] : a[o + j * n + i];
    V.fill(0);
    for (let i = 0; i < C; i++) V[i * C + i] = 1;
    for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      let rotated = false;
      for (let p = 0; p < C - 1; p++) for (let q = p + 1; q < C; q++) {
        let al = 0, be = 0, ga = 0;
        for (let i = 0; i < R; i++) { const x = W[i * C + p], y = W[i * C + q]; al += x * x; be += y * y; ga += x * y; }
        if (ga === 0 || Math.abs(ga) <= eps * Math.sqrt(al) * Math.sqrt(be)) continue;
        rotated = true;
        const zeta = (be - al) / (2 * ga);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t), s = c * t;
        for (let i = 0; i < R; i++) { const x = W[i * C + p], y = W[i * C + q]; W[i * C + p] = c * x - s * y; W[i * C + q] = s * x + c * y; }
        for (let i = 0; i < C; i++) { const x = V[i * C + p], y = V[i * C + q]; V[i * C + p] = c * x - s * y; V[i * C + q] = s * x + c * y; }
      }
      if (!rotated) break;
    }
    for (let j = 0; j < C; j++) { let s = 0; for (let i = 0; i < R; i++) s += W[i * C + j] * W[i * C + j]; norms[j] = Math.sqrt(s); }
    // Descending by selection with swaps (the WGSL kernel's order, ties included).
    for (let d = 0; d < C; d++) {
      let src = d;
      for (let j = d + 1; j < C; j++) if (norms[j] > norms[src]) src = j;
      if (src !== d) {
        const t = norms[d]; norms[d] = norms[src]; norms[src] = t;
        for (let i = 0; i < R; i++) { const x = W[i * C + d]; W[i * C + d] = W[i * C + src]; W[i * C + src] = x; }
        for (let i = 0; i < C; i++) { const x = V[i * C + d]; V[i * C + d] = V[i * C + src]; V[i * C + src] = x; }
      }
    }
    const k = C;
    for (let d = 0; d < C; d++) {
      const sv = norms[d];
      sOut[b * k + d] = sv;
      const sg = signOfColumn(V, C, C, d);
      // W's column / s is the left vector of W = A or Aᵀ; V's column is its right vector.
      for (let i = 0; i < R; i++) {
        const w = sv > 0 ? (sg * W[i * C + d]) / sv : 0;
        if (tall) uOut[b * m * k + i * k + d] = w; else vtOut[b * k * n + d * n + i] = w;
      }
      for (let i = 0; i < C; i++) {
        const v = sg * V[i * C + d];
        if (tall) vtOut[b * k * n + d * n + i] = v; else uOut[b * m * k + i * k + d] = v;
      }
    }
  }
}
