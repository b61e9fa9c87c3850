/**
 * The Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (mean,
 * covariance): ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½ — FID's formula, here on any
 * features (the MNIST study uses its classifier's penultimate layer). Computed on the host in
 * float64 with a cyclic Jacobi eigen-solver (feature widths of a few hundred at most).
 */
import { ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { fmtShape } from '../core/shape.js';

/** Eigenvalues and eigenvectors (columns of v, row-major d×d) of a symmetric matrix, by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a), v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < d; k++) { // columns p, q
          const akp = m[k * d + p], akq = m[k * d + q];
          m[k * d + p] = c * akp - s * akq; m[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) { // rows p, q
          const apk = m[p * d + k], aqk = m[q * d + k];
          m[p * d + k] = c * apk - s * aqk; m[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p], vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq; v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => m[i * d + i]), vectors: v };
}

/** Mean and (unbiased) covariance of n rows of width d. */
function moments(x: ArrayLike<number>, n: number, d: number) {
  const mu = new Float64Array(d), cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mu[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const a = x[i * d + j] - mu[j];
      for (let k = j; k < d; k++) cov[j * d + k] += (a * (x[i * d + k] - mu[k])) / (n - 1);
    }
  }
  for (let j = 0; j < d; j++) for (let k = 0; k < j; k++) cov[j * d + k] = cov[k * d + j];
  return { mu, cov };
}

/** Fréchet distance between Gaussians (μ₁, Σ₁) and (μ₂, Σ₂) given as float64 arrays (Σ row-major d×d). */
export function frechetFromMoments(mu1: Float64Array, cov1: Float64Array, mu2: Float64Array, cov2: Float64Array): number {
  const d = mu1.length;
  // Σ₁^½ from Σ₁'s eigen-decomposition (negative rounding-level eigenvalues clamped to 0).
  const e1 = symmetricEigen(cov1, d);
  const root = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += e1.vectors[i * d + k] * Math.sqrt(Math.max(e1.values[k], 0)) * e1.vectors[j * d + k];
    root[i * d + j] = s;
  }
  // M = Σ₁^½ Σ₂ Σ₁^½ is symmetric PSD; tr M^½ = Σ √λ(M).
  const tmp = new Float64Array(d * d), mm = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { let s = 0; for (let k = 0; k < d; k++) s += root[i * d + k] * cov2[k * d + j]; tmp[i * d + j] = s; }
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) { let s = 0; for (let k = 0; k < d; k++) s += tmp[i * d + k] * root[k * d + j]; mm[i * d + j] = s; }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) { const a = (mm[i * d + j] + mm[j * d + i]) / 2; mm[i * d + j] = a; mm[j * d + i] = a; }
  const traceRoot = symmetricEigen(mm, d).values.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  let dist = 0, tr = 0;
  for (let i = 0; i < d; i++) { dist += (mu1[i] - mu2[i]) ** 2; tr += cov1[i * d + i] + cov2[i * d + i]; }
  return Math.max(0, dist + tr - 2 * traceRoot);
}

/**
 * The Fréchet distance between feature sets a [n, d] and b [m, d] (FID's formula on any features).
 * @example await metrics.frechetDistance(featuresOfSamples, featuresOfHeldOut); // 0 for identical sets
 */
export async function frechetDistance(a: Tensor, b: Tensor): Promise<number> {
  if (a.ndim !== 2 || b.ndim !== 2 || a.shape[1] !== b.shape[1] || a.shape[0] < 2 || b.shape[0] < 2) {
    throw new ShapeError(`metrics.frechetDistance: expected two feature sets [n, d] and [m, d] with the same d and at least 2 rows each, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}.`);
  }
  const d = a.shape[1];
  const [x, y] = [await a.data(), await b.data()] as ArrayLike<number>[];
  const ma = moments(x, a.shape[0], d), mb = moments(y, b.shape[0], d);
  return frechetFromMoments(ma.mu, ma.cov, mb.mu, mb.cov);
}
