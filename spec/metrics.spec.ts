/**
 * metrics: each against a closed form or a plain-JS reference — 1-D W2 by hand, SW2 of shifted
 * Gaussians = |δ|/√d, MMD² against an O(n²) double loop, paired error of a constant offset, mode
 * coverage of full and half rings — plus the same/different-distribution sanity checks.
 */
import { describe, it, expect } from 'vitest';
import { np, random, data, metrics, Tensor, ConcreteArray } from '../src/index.js';

/** Host values (specs run on the CPU backend, where reads are synchronous). */
const host = (t: Tensor) => (t as ConcreteArray).dataSync();

const gaussian = (seed: number, n: number, d: number) => random.normal(random.key(seed), [n, d]);

describe('metrics.slicedWasserstein2', () => {
  it('1-D W2² of empirical measures: equal sizes are mean squared sorted gaps; unequal sizes merge quantiles', () => {
    expect(metrics.w2SquaredSorted([0, 1, 2], [1, 1, 4])).toBeCloseTo((1 + 0 + 4) / 3, 12);
    // x: 0 on [0, ½), 1 on [½, 1); y: 0, ½, 1 on thirds → (½)² on [⅓, ½) and on [½, ⅔): 2·¼·⅙.
    expect(metrics.w2SquaredSorted([0, 1], [0, 0.5, 1])).toBeCloseTo(1 / 12, 12);
    // Repeating every point leaves the measure, hence the distance, unchanged.
    expect(metrics.w2SquaredSorted([0, 1, 5], [0, 0, 1, 1, 5, 5])).toBe(0);
    expect(metrics.w2SquaredSorted([0, 3], [0, 0, 1, 1, 5, 5])).toBeCloseTo(metrics.w2SquaredSorted([0, 3], [0, 1, 5]), 12);
  });

  it('is 0 between a sample and itself (also with each point repeated: n_a ≠ n_b)', async () => {
    const a = gaussian(1, 500, 2);
    expect(await metrics.slicedWasserstein2(random.key(0), a, a)).toBe(0);
    expect(await metrics.slicedWasserstein2(random.key(0), a, np.concatenate([a, a]))).toBeCloseTo(0, 6);
  });

  it('1-D Gaussians shifted by δ: ≈ δ; in 2-D: ≈ |δ|/√2', async () => {
    const n = 5000, a1 = gaussian(1, n, 1), a2 = gaussian(1, n, 2), shift2 = np.array([0.6, 0.8]);
    // A sample against itself shifted: in 1-D every direction is ±1, so W2 is δ exactly; in 2-D
    // SW2² = mean_θ (θ·δ)², which 256 random directions estimate to a few percent of |δ|²/2.
    expect(await metrics.slicedWasserstein2(random.key(0), a1, a1.add(0.7))).toBeCloseTo(0.7, 5);
    expect(Math.abs(await metrics.slicedWasserstein2(random.key(0), a2, a2.add(shift2)) - 1 / Math.SQRT2)).toBeLessThan(0.03);
    // Independent samples add the empirical noise: the sample means differ by ≈ √(2/n) ≈ 0.02.
    const sw1 = await metrics.slicedWasserstein2(random.key(0), a1, gaussian(2, n, 1).add(0.7));
    expect(Math.abs(sw1 - 0.7)).toBeLessThan(0.07);
    const sw2 = await metrics.slicedWasserstein2(random.key(0), a2, gaussian(2, n, 2).add(shift2));
    expect(Math.abs(sw2 - 1 / Math.SQRT2)).toBeLessThan(0.07);
  });

  it('small between two samples of one distribution, much larger between different ones; deterministic per key', async () => {
    const a = data.twoMoons(random.key(1), 4000).x, b = data.twoMoons(random.key(2), 3000).x;
    const c = data.spirals(random.key(3), 3000).x;
    const same = await metrics.slicedWasserstein2(random.key(9), a, b);
    const diff = await metrics.slicedWasserstein2(random.key(9), a, c);
    expect(same).toBeLessThan(0.06);
    expect(diff).toBeGreaterThan(3 * same);
    expect(await metrics.slicedWasserstein2(random.key(9), a, b)).toBe(same);
  });

  it('rejects mismatched dimensions with a helpful message', async () => {
    await expect(metrics.slicedWasserstein2(random.key(0), gaussian(1, 10, 2), gaussian(1, 10, 3))).rejects.toThrow(/same dimension/);
    await expect(metrics.slicedWasserstein2(random.key(0), np.zeros([10]), gaussian(1, 10, 1))).rejects.toThrow(/\[n, d\]/);
  });
});

/** Plain-JS unbiased MMD² with k = mean over σ of exp(−‖x − y‖²/(2σ²)), in float64. */
function mmd2Reference(a: ArrayLike<number>, b: ArrayLike<number>, d: number, bandwidths: number[]): number {
  const m = a.length / d, n = b.length / d;
  const k = (x: ArrayLike<number>, i: number, y: ArrayLike<number>, j: number) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += (x[i * d + t] - y[j * d + t]) ** 2;
    return bandwidths.reduce((p, sg) => p + Math.exp(-s / (2 * sg * sg)), 0) / bandwidths.length;
  };
  let aa = 0, bb = 0, ab = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) aa += k(a, i, a, j);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) bb += k(b, i, b, j);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ab += k(a, i, b, j);
  return aa / (m * (m - 1)) + bb / (n * (n - 1)) - 2 * ab / (m * n);
}

describe('metrics.mmd2', () => {
  it('matches a plain-JS O(n²) reference, in one block and in uneven blocks', async () => {
    const a = data.eightGaussians(random.key(1), 60).x, b = data.checkerboard(random.key(2), 45).x;
    const bw = [0.1, 0.2, 0.5, 1, 2];
    const ref = mmd2Reference(host(a), host(b), 2, bw);
    expect(Math.abs(await metrics.mmd2(a, b) - ref)).toBeLessThan(1e-5);
    expect(Math.abs(await metrics.mmd2(a, b, { blockRows: 7 }) - ref)).toBeLessThan(1e-5);
    const c = gaussian(3, 30, 5), e = gaussian(4, 40, 5).mul(1.5);
    expect(Math.abs(await metrics.mmd2(c, e, { bandwidths: [0.5, 3] }) - mmd2Reference(host(c), host(e), 5, [0.5, 3]))).toBeLessThan(1e-5);
  });

  it('≈ 0 for two samples of one distribution, clearly positive for different ones', async () => {
    const a = data.eightGaussians(random.key(1), 800).x, b = data.eightGaussians(random.key(2), 800).x;
    const c = data.checkerboard(random.key(3), 800).x;
    const same = await metrics.mmd2(a, b), diff = await metrics.mmd2(a, c);
    expect(Math.abs(same)).toBeLessThan(0.005);
    expect(diff).toBeGreaterThan(0.02);
  });

  it('needs two points per set', async () => {
    await expect(metrics.mmd2(gaussian(1, 1, 2), gaussian(2, 5, 2))).rejects.toThrow(/at least 2 points/);
  });

  it('mmd2Against scores several sets against one reference exactly as mmd2 does', async () => {
    const ref = data.eightGaussians(random.key(5), 50).x;
    const score = await metrics.mmd2Against(ref, { blockRows: 9 });
    for (const [i, a] of [data.checkerboard(random.key(6), 40).x, data.eightGaussians(random.key(7), 35).x].entries()) {
      const expected = mmd2Reference(host(a), host(ref), 2, [0.1, 0.2, 0.5, 1, 2]);
      expect(Math.abs(await score(a) - expected), `set ${i}`).toBeLessThan(1e-5);
    }
    await expect(score(gaussian(1, 5, 3))).rejects.toThrow(/same dimension d/);
  });
});

describe('metrics.pairedMapError', () => {
  it('is 0 for identical maps and ‖c‖² for a constant offset c', async () => {
    const a = gaussian(1, 100, 2);
    expect(await metrics.pairedMapError(a, a)).toBe(0);
    expect(await metrics.pairedMapError(a, a.add(np.array([3, 4])))).toBeCloseTo(25, 4);
    await expect(metrics.pairedMapError(a, gaussian(1, 99, 2))).rejects.toThrow(/n must match/);
  });
});

describe('metrics.modeCoverage', () => {
  const centres = data.modeCenters('8gaussians');

  it('a ring sample covers every mode, with almost nothing off-mode', async () => {
    const { x } = data.eightGaussians(random.key(1), 4000);
    const r = await metrics.modeCoverage(x, centres);
    expect(r.coverage).toBe(1);
    expect(r.covered).toEqual(Array(8).fill(true));
    expect(r.offModeFraction).toBeLessThan(0.01);
    expect(r.counts.reduce((p, q) => p + q, 0)).toBe(Math.round(4000 * (1 - r.offModeFraction)));
  });

  it('samples from half the modes cover 0.5, and the counts say which', async () => {
    const { x, y } = data.eightGaussians(random.key(2), 4000);
    const ys = host(y), keep: number[] = [];
    for (let i = 0; i < ys.length; i++) if (ys[i] < 4) keep.push(i);
    const half = x.take(np.array(keep, { dtype: 'int32' }), 0);
    const r = await metrics.modeCoverage(half, centres);
    expect(r.coverage).toBe(0.5);
    expect(r.covered).toEqual([true, true, true, true, false, false, false, false]);
    expect(r.counts.slice(4)).toEqual([0, 0, 0, 0]);
  });

  it('points between modes are off-mode; radius and minFraction can be set', async () => {
    const between = np.zeros([100, 2]); // the ring's centre is far from every mode
    const r = await metrics.modeCoverage(between, centres);
    expect(r.offModeFraction).toBe(1);
    expect(r.coverage).toBe(0);
    const loose = await metrics.modeCoverage(between, centres, { radius: 2, minFraction: 0.05 });
    expect(loose.offModeFraction).toBe(0);
    expect(loose.coverage).toBe(1 / 8); // all assigned to the first nearest centre (argmin ties → lowest index)
  });
});
