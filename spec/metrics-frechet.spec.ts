/**
 * metrics.frechetDistance: known answers (diagonal Gaussians: Σ (μ₁ − μ₂)² + (σ₁ − σ₂)²), rotation
 * invariance for full covariances, zero for identical sets, and the Jacobi eigen-solver's A·v = λ·v.
 */
import { describe, expect, it } from 'vitest';
import { errors, metrics, np, random } from '../src/index.js';

const d = 5;
const diag = (s: number[]) => { const m = new Float64Array(d * d); s.forEach((v, i) => { m[i * d + i] = v * v; }); return m; };
/** A fixed orthogonal matrix: Householder reflection I − 2uuᵀ/uᵀu. */
const Q = (() => {
  const u = [1, -2, 0.5, 3, 1], uu = u.reduce((s, v) => s + v * v, 0), q = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) q[i * d + j] = (i === j ? 1 : 0) - (2 * u[i] * u[j]) / uu;
  return q;
})();
const rotate = (m: Float64Array) => { // Q M Qᵀ
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
    let s = 0;
    for (let k = 0; k < d; k++) for (let l = 0; l < d; l++) s += Q[i * d + k] * m[k * d + l] * Q[j * d + l];
    out[i * d + j] = s;
  }
  return out;
};

describe('metrics.frechetDistance', () => {
  const s1 = [1, 2, 0.5, 3, 1.5], s2 = [2, 1, 0.5, 1, 0.25];
  const mu1 = Float64Array.from([0, 1, 2, 3, 4]), mu2 = Float64Array.from([1, 1, 0, 3, 4.5]);
  const want = [...mu1].reduce((s, v, i) => s + (v - mu2[i]) ** 2, 0) + s1.reduce((s, v, i) => s + (v - s2[i]) ** 2, 0);

  it('equals Σ (μ₁ − μ₂)² + (σ₁ − σ₂)² for diagonal Gaussians', () => {
    expect(metrics.frechetFromMoments(mu1, diag(s1), mu2, diag(s2))).toBeCloseTo(want, 10);
  });

  it('is invariant under a common rotation (full covariances, non-commuting in general)', () => {
    const rot = (m: Float64Array) => Float64Array.from({ length: d }, (_, i) => { let s = 0; for (let k = 0; k < d; k++) s += Q[i * d + k] * m[k]; return s; });
    expect(metrics.frechetFromMoments(rot(mu1), rotate(diag(s1)), rot(mu2), rotate(diag(s2)))).toBeCloseTo(want, 9);
    // One side rotated only: Σ₁ and Σ₂ no longer commute; the distance is then at least the diagonal
    // one with matched eigenvalues' ordering lost, and must differ from it.
    expect(Math.abs(metrics.frechetFromMoments(mu1, rotate(diag(s1)), mu2, diag(s2)) - want)).toBeGreaterThan(1e-3);
  });

  it('symmetricEigen returns A·v = λ·v', () => {
    const a = rotate(diag(s1));
    const { values, vectors } = metrics.symmetricEigen(a, d);
    for (let k = 0; k < d; k++) for (let i = 0; i < d; i++) {
      let av = 0;
      for (let j = 0; j < d; j++) av += a[i * d + j] * vectors[j * d + k];
      expect(av).toBeCloseTo(values[k] * vectors[i * d + k], 10);
    }
    expect([...values].sort((x, y) => x - y)).toEqual(s1.map((v) => v * v).sort((x, y) => x - y).map((v) => expect.closeTo(v, 10)));
  });

  it('is ~0 for a set against itself, grows with a shift, and refuses mismatched widths', async () => {
    const x = random.normal(random.key(0), [500, 8]);
    expect(await metrics.frechetDistance(x, x)).toBeLessThan(1e-8);
    expect(await metrics.frechetDistance(x, x.add(1))).toBeCloseTo(8, 6); // the shift alone: ‖1‖² = 8
    await expect(metrics.frechetDistance(x, np.zeros([4, 3]))).rejects.toThrow(errors.ShapeError);
  });
});
