/**
 * data: each toy distribution is normalised (mean ≈ 0, variance ≈ 1 per dimension on 20k samples,
 * from constants that do not look at the sample), labelled in range, a pure function of its key
 * (also under jit), and has its modes where `modeCenters` says.
 */
import { describe, it, expect } from 'vitest';
import { np, random, jit, data, Tensor, ConcreteArray } from '../src/index.js';

/** Host values (specs run on the CPU backend, where reads are synchronous). */
const host = (t: Tensor) => (t as ConcreteArray).dataSync();

const N = 20_000;

/** Per-dimension mean and (population) variance of x: [n, 2], and per-label means. */
function stats(x: Tensor, y: Tensor) {
  const xs = host(x), ys = host(y), n = x.shape[0];
  const mean = [0, 0], sq = [0, 0];
  const byLabel = new Map<number, { sum: number[]; count: number }>();
  for (let i = 0; i < n; i++) {
    const l = ys[i];
    if (!byLabel.has(l)) byLabel.set(l, { sum: [0, 0], count: 0 });
    const g = byLabel.get(l)!;
    g.count++;
    for (let d = 0; d < 2; d++) { mean[d] += xs[2 * i + d]; sq[d] += xs[2 * i + d] ** 2; g.sum[d] += xs[2 * i + d]; }
  }
  const m = mean.map((s) => s / n);
  const labelMean = (l: number) => { const g = byLabel.get(l)!; return g.sum.map((s) => s / g.count); };
  return { mean: m, variance: sq.map((s, d) => s / n - m[d] ** 2), labels: [...byLabel.keys()].sort((a, b) => a - b), labelMean };
}

describe('data: normalisation, labels, determinism', () => {
  const expected: Record<data.DatasetName, number> = { '8gaussians': 8, checkerboard: 8, moons: 2, spirals: 2 };
  for (const name of data.datasetNames) {
    it(`${name}: f32[n,2] and int32[n], mean ≈ 0 and variance ≈ 1 per dimension, labels 0..${expected[name] - 1}`, () => {
      const { x, y } = data.sampleDataset(name, random.key(11), N);
      expect(x.dtype).toBe('float32');
      expect(x.shape).toEqual([N, 2]);
      expect(y.dtype).toBe('int32');
      expect(y.shape).toEqual([N]);
      const s = stats(x, y);
      // Sampling error of the mean is 1/√N ≈ 0.007 and of the variance ≈ √(2/N) ≈ 0.01 (more for heavy tails).
      for (let d = 0; d < 2; d++) {
        expect(Math.abs(s.mean[d])).toBeLessThan(0.04);
        expect(Math.abs(s.variance[d] - 1)).toBeLessThan(0.05);
      }
      expect(s.labels).toEqual(Array.from({ length: expected[name] }, (_, i) => i));
    });

    it(`${name}: a pure function of the key, and the same under jit`, () => {
      const a = data.sampleDataset(name, random.key(5), 300), b = data.sampleDataset(name, random.key(5), 300);
      expect([...host(a.x)]).toEqual([...host(b.x)]);
      expect([...host(a.y)]).toEqual([...host(b.y)]);
      const c = data.sampleDataset(name, random.key(6), 300);
      expect([...host(c.x)]).not.toEqual([...host(a.x)]);
      const j = jit((k: Tensor) => data.sampleDataset(name, k, 300))(random.key(5));
      const xa = host(a.x), xj = host(j.x);
      for (let i = 0; i < xa.length; i++) expect(xj[i]).toBeCloseTo(xa[i], 5);
      expect([...host(j.y)]).toEqual([...host(a.y)]);
    });
  }

  it('the normalising moments are analytic constants, right for non-default options too', () => {
    // Constants (not sample statistics) make standardising one fixed affine map, shared by a
    // training set and a held-out set; here they are checked against closed forms and a sample.
    const m = data.eightGaussiansMoments({ radius: 3, std: 0.5 });
    expect(m.std[0]).toBeCloseTo(Math.sqrt(4.5 + 0.25), 12);
    expect(data.twoMoonsMoments({ noise: 0 }).std[1]).toBeCloseTo(Math.sqrt(9 / 16 - 1 / Math.PI), 12);
    const big = data.eightGaussians(random.key(1), 5000, { radius: 3, std: 0.5 }).x;
    const s = stats(big, np.zeros([5000], 'int32'));
    for (let d = 0; d < 2; d++) expect(Math.abs(s.variance[d] - 1)).toBeLessThan(0.06);
  });

  it('spirals: the analytic variance matches a fine quadrature of the arm', () => {
    // Var x = E[φ² cos² φ] with density 2φ/T² on [0, T], T = 3π; midpoint rule on 10⁶ cells.
    const T = 3 * Math.PI, cells = 1_000_000;
    let vx = 0, vy = 0;
    for (let i = 0; i < cells; i++) {
      const p = (i + 0.5) * T / cells, w = 2 * p / (T * T) * (T / cells);
      vx += w * (p * Math.cos(p)) ** 2;
      vy += w * (p * Math.sin(p)) ** 2;
    }
    const m = data.spiralsMoments({ noise: 0 });
    expect(m.std[0] ** 2).toBeCloseTo(vx, 6);
    expect(m.std[1] ** 2).toBeCloseTo(vy, 6);
  });
});

describe('data: where the modes are', () => {
  it('8 Gaussians: mode k is centred at angle 2πk/8 on the ring, as modeCenters says', () => {
    const { x, y } = data.eightGaussians(random.key(2), N);
    const centres = host(data.modeCenters('8gaussians'));
    const r = 2 / Math.sqrt(2 + 0.01);
    const s = stats(x, y);
    for (let k = 0; k < 8; k++) {
      const a = 2 * Math.PI * k / 8;
      expect(centres[2 * k]).toBeCloseTo(r * Math.cos(a), 5);
      expect(centres[2 * k + 1]).toBeCloseTo(r * Math.sin(a), 5);
      const m = s.labelMean(k);
      // Per-mode mean of ~2500 points with std 0.1/1.418 ≈ 0.07: error ≈ 0.0014.
      expect(Math.hypot(m[0] - centres[2 * k], m[1] - centres[2 * k + 1])).toBeLessThan(0.01);
    }
  });

  it('checkerboard: square k holds exactly the points labelled k, and squares never share an edge', () => {
    const { x, y } = data.checkerboard(random.key(3), 4000);
    const c = host(data.modeCenters('checkerboard')), xs = host(x), ys = host(y);
    const half = 0.5 / Math.sqrt(4 / 3);
    for (let i = 0; i < 4000; i++) {
      const k = ys[i];
      expect(Math.abs(xs[2 * i] - c[2 * k])).toBeLessThanOrEqual(half + 1e-6);
      expect(Math.abs(xs[2 * i + 1] - c[2 * k + 1])).toBeLessThanOrEqual(half + 1e-6);
    }
    // Filled squares are the (row + column) even cells: centres differ by 2 cells in a row, or diagonally.
    for (let a = 0; a < 8; a++) {
      for (let b = a + 1; b < 8; b++) {
        const cells = [Math.abs(c[2 * a] - c[2 * b]), Math.abs(c[2 * a + 1] - c[2 * b + 1])].map((v) => Math.round(v / (2 * half)));
        expect((cells[0] + cells[1]) % 2).toBe(0);
      }
    }
  });

  it('moons: moon means at the analytic positions; spirals: arm 1 is arm 0 turned by π', () => {
    const m2 = data.twoMoons(random.key(4), N);
    const moons = stats(m2.x, m2.y);
    const { mean, std } = data.twoMoonsMoments();
    const upper = [(0 - mean[0]) / std[0], (2 / Math.PI - mean[1]) / std[1]];
    const lower = [(1 - mean[0]) / std[0], (0.5 - 2 / Math.PI - mean[1]) / std[1]];
    for (let d = 0; d < 2; d++) {
      expect(moons.labelMean(0)[d]).toBeCloseTo(upper[d], 1);
      expect(moons.labelMean(1)[d]).toBeCloseTo(lower[d], 1);
    }
    const sp = data.spirals(random.key(4), N);
    const s = stats(sp.x, sp.y);
    for (let d = 0; d < 2; d++) expect(s.labelMean(0)[d] + s.labelMean(1)[d]).toBeCloseTo(0, 1);
  });

  it('errors name the problem', () => {
    expect(() => data.sampleDataset('rings' as data.DatasetName, random.key(0), 10)).toThrow(/unknown dataset 'rings'/);
    expect(() => data.modeCenters('moons' as '8gaussians')).toThrow(/no discrete modes/);
    expect(() => data.twoMoons(random.key(0), 2.5)).toThrow(/positive integer/);
  });
});
