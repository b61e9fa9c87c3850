/**
 * src/nn against plain-JS references (float64 on the CPU backend): dense and mlp values, the
 * time embedding's formula, layerNorm's moments, the activations, and timeMlp under every
 * transformation it must survive (jit, vmap, jvp w.r.t. x and c, grad w.r.t. params).
 */
import { describe, expect, it } from 'vitest';
import {
  ConcreteArray, Tensor, grad, jit, jvp, nn, np, random, stopGradient, treeFlatten, treeMap, vmap,
} from '../src/index.js';
import { timeFrequencies } from '../src/nn/time-embedding.js';
import { mulberry32 } from './helpers/prng.js';

const vals = (t: unknown): number[] => {
  if (!(t instanceof ConcreteArray)) throw new Error(`expected a concrete array, got ${String(t)}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
};
const f64 = (data: number[] | number[][]): Tensor => np.array(data, { dtype: 'float64' });
const maxDiff = (a: number[], b: number[]): number => {
  expect(a.length).toBe(b.length);
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i])));
};
function randn(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}
const rows = (flat: number[], cols: number): number[][] =>
  Array.from({ length: flat.length / cols }, (_, i) => flat.slice(i * cols, (i + 1) * cols));

/** Plain-JS x @ w + b for row-major x [n, k], w [k, m]. */
function denseRef(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((r) => b.map((bj, j) => r.reduce((s, xi, i) => s + xi * w[i][j], bj)));
}
const siluRef = (v: number) => v / (1 + Math.exp(-v));

describe('dense and initDense', () => {
  it('computes x @ w + b', () => {
    const x = rows(randn(1, 12), 4), w = rows(randn(2, 8), 2), b = randn(3, 2);
    const out = nn.dense({ w: f64(w), b: f64(b) }, f64(x));
    expect(out.shape).toEqual([3, 2]);
    expect(maxDiff(vals(out), denseRef(x, w, b).flat())).toBeLessThan(1e-12);
  });

  it('applies to a single vector and to extra leading axes', () => {
    const p = nn.initDense(random.key(0), 3, 5);
    expect(nn.dense(p, np.ones([3])).shape).toEqual([5]);
    expect(nn.dense(p, np.ones([2, 4, 3])).shape).toEqual([2, 4, 5]);
  });

  it('initialises with LeCun / He variance, zero bias, and is a pure function of the key', () => {
    const std = (t: Tensor) => { const v = vals(t); const m = v.reduce((a, b) => a + b) / v.length; return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length); };
    const lecun = nn.initDense(random.key(1), 256, 64);
    expect(lecun.w.shape).toEqual([256, 64]);
    expect(vals(lecun.b).every((v) => v === 0)).toBe(true);
    expect(std(lecun.w) * Math.sqrt(256)).toBeCloseTo(1, 1);
    expect(std(nn.initDense(random.key(1), 256, 64, { mode: 'he' }).w) * Math.sqrt(256 / 2)).toBeCloseTo(1, 1);
    const uni = nn.initDense(random.key(1), 256, 64, { distribution: 'uniform', scale: 0.5 });
    expect(std(uni.w) * Math.sqrt(256) / 0.5).toBeCloseTo(1, 1);
    expect(Math.max(...vals(uni.w).map(Math.abs))).toBeLessThanOrEqual(0.5 * Math.sqrt(3 / 256));
    expect(vals(nn.initDense(random.key(1), 4, 3, { zeroInit: true }).w).every((v) => v === 0)).toBe(true);
    expect(vals(nn.initDense(random.key(7), 4, 3).w)).toEqual(vals(nn.initDense(random.key(7), 4, 3).w));
    expect(nn.initDense(random.key(7), 4, 3, { dtype: 'float64' }).w.dtype).toBe('float64');
  });
});

describe('mlp', () => {
  it('matches a plain-JS forward pass: SiLU between layers, nothing after the last', () => {
    const sizes = [3, 5, 4, 2];
    const params = nn.initMlp(random.key(3), sizes, { dtype: 'float64' });
    expect(params.map((l) => l.w.shape)).toEqual([[3, 5], [5, 4], [4, 2]]);
    const x = rows(randn(4, 6), 3);
    let h = x;
    params.forEach((l, i) => {
      h = denseRef(h, rows(vals(l.w), l.w.shape[1]), vals(l.b));
      if (i < params.length - 1) h = h.map((r) => r.map(siluRef));
    });
    expect(maxDiff(vals(nn.mlp(params, f64(x))), h.flat())).toBeLessThan(1e-12);
    // A different activation changes the result (the option is honoured).
    expect(maxDiff(vals(nn.mlp(params, f64(x), { activation: nn.relu })), h.flat())).toBeGreaterThan(1e-6);
  });

  it('zeroInitLast makes the network start at 0', () => {
    const p = nn.initMlp(random.key(0), [2, 8, 3], { zeroInitLast: true });
    expect(vals(nn.mlp(p, np.ones([4, 2]))).every((v) => v === 0)).toBe(true);
  });
});

describe('timeEmbedding', () => {
  it('is [sin(ω_k c), cos(ω_k c)] with geometric ω from minFreq to maxFreq', () => {
    const cs = [0, 0.25, 1, 1.999];
    const dim = 8, half = 4;
    const freqs = Array.from({ length: half }, (_, k) => 100 ** (k / (half - 1)));
    expect(timeFrequencies(half)).toEqual(freqs);
    const want = cs.flatMap((c) => [...freqs.map((w) => Math.sin(w * c)), ...freqs.map((w) => Math.cos(w * c))]);
    const got = nn.timeEmbedding(f64(cs), dim);
    expect(got.shape).toEqual([4, 8]);
    expect(got.dtype).toBe('float64');
    expect(maxDiff(vals(got), want)).toBeLessThan(1e-12);
  });

  it('honours minFreq/maxFreq (and maxPeriod as an alias), any batch shape, and rejects odd dims', () => {
    const a = vals(nn.timeEmbedding(f64([0.3]), 6, { maxPeriod: 10 }));
    const b = vals(nn.timeEmbedding(f64([0.3]), 6, { maxFreq: 10 }));
    expect(a).toEqual(b);
    expect(a[2]).toBeCloseTo(Math.sin(10 * 0.3), 12);
    expect(nn.timeEmbedding(np.zeros([2, 3]), 4).shape).toEqual([2, 3, 4]);
    expect(nn.timeEmbedding(np.array(0.5), 4).shape).toEqual([4]);
    expect(() => nn.timeEmbedding(np.zeros([2]), 5)).toThrow(/even/);
  });

  it('separates the two task intervals: c and 2 − c embed differently', () => {
    const e = vals(nn.timeEmbedding(f64([0.9, 1.1]), 16));
    expect(maxDiff(e.slice(0, 16), e.slice(16))).toBeGreaterThan(0.1);
  });
});

describe('layerNorm and activations', () => {
  it('layerNorm gives zero mean and unit variance over the last axis', () => {
    const x = f64(rows(randn(5, 24), 8).map((r) => r.map((v) => 3 * v + 2)));
    const y = vals(nn.layerNorm(x, { eps: 0 }));
    rows(y, 8).forEach((r) => {
      const m = r.reduce((a, b) => a + b) / r.length;
      expect(Math.abs(m)).toBeLessThan(1e-12);
      expect(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length).toBeCloseTo(1, 10);
    });
    const gamma = f64([1, 2, 3, 4, 5, 6, 7, 8]), beta = f64([0, 0, 0, 0, 1, 1, 1, 1]);
    const z = vals(nn.layerNorm(x, { eps: 0, gamma, beta }));
    expect(z[5]).toBeCloseTo(y[5] * 6 + 1, 12);
    // eps keeps a constant row finite.
    expect(vals(nn.layerNorm(np.ones([1, 4])))).toEqual([0, 0, 0, 0]);
  });

  it('silu and gelu match their formulas; gelu is within 1e-3 of the exact x·Φ(x)', () => {
    const xs = [-4, -1.5, -0.3, 0, 0.7, 2, 5];
    expect(maxDiff(vals(nn.silu(f64(xs))), xs.map(siluRef))).toBeLessThan(1e-14);
    const tanhGelu = (v: number) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    expect(maxDiff(vals(nn.gelu(f64(xs))), xs.map(tanhGelu))).toBeLessThan(1e-14);
    // Φ by a high-accuracy erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7).
    const erf = (v: number) => {
      const s = Math.sign(v), a = Math.abs(v), t = 1 / (1 + 0.3275911 * a);
      return s * (1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a));
    };
    expect(maxDiff(vals(nn.gelu(f64(xs))), xs.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))))).toBeLessThan(1e-3);
    expect(vals(nn.relu(f64([-1, 2])))).toEqual([0, 2]);
  });
});

describe('timeMlp', () => {
  const cfg = { dataDim: 2, hidden: 16, depth: 2, embedDim: 8, dtype: 'float64' as const };
  const params = nn.initTimeMlp(random.key(11), cfg);
  const x = f64(rows(randn(21, 10), 2));
  const c = f64([0, 0.4, 1, 1.5, 2]);

  it('has the shape of x, and equals MLP(concat(x, timeEmbedding(c)))', () => {
    const out = nn.timeMlp(params, x, c);
    expect(out.shape).toEqual([5, 2]);
    const ref = nn.mlp(params.layers, np.concatenate([x, nn.timeEmbedding(c, 8)], -1));
    expect(maxDiff(vals(out), vals(ref))).toBeLessThan(1e-14);
    // A scalar c is broadcast over the batch.
    expect(maxDiff(vals(nn.timeMlp(params, x, 0.4)), vals(nn.timeMlp(params, x, np.full([5], 0.4, 'float64'))))).toBeLessThan(1e-14);
    expect(() => nn.timeMlp(params, x, np.zeros([4]))).toThrow(/batch shape/);
  });

  it('under jit equals eager, and vmap over samples equals the batched call', () => {
    const eager = vals(nn.timeMlp(params, x, c));
    const jitted = jit((p: nn.TimeMlpParams, x: Tensor, c: Tensor) => nn.timeMlp(p, x, c));
    expect(maxDiff(vals(jitted(params, x, c)), eager)).toBeLessThan(1e-12);
    const perSample = vmap((xi: Tensor, ci: Tensor) => nn.timeMlp(params, xi, ci))(x, c);
    expect(maxDiff(vals(perSample), eager)).toBeLessThan(1e-12);
  });

  it('jvp w.r.t. (x, c) with tangents (v, 1) matches central finite differences', () => {
    const v = f64(rows(randn(22, 10), 2));
    const F = (x: Tensor, c: Tensor) => nn.timeMlp(params, x, c);
    const [out, dF] = jvp(F, [x, c], [v, np.onesLike(c)]);
    expect(maxDiff(vals(out), vals(F(x, c)))).toBeLessThan(1e-14);
    const h = 1e-6;
    const fd = vals(F(x.add(v.mul(h)), c.add(h))).map((p, i) => (p - vals(F(x.sub(v.mul(h)), c.sub(h)))[i]) / (2 * h));
    const scale = Math.max(...fd.map(Math.abs));
    expect(maxDiff(vals(dF), fd) / scale).toBeLessThan(1e-6);
  });

  it('grad w.r.t. params has the params tree; grad of a loss containing a jvp works (FACM)', () => {
    const loss = (p: nn.TimeMlpParams) => nn.timeMlp(p, x, c).square().mean();
    const g = grad(loss)(params);
    const shapes = (t: unknown) => treeMap((l: Tensor) => l.shape.join('x'), t);
    expect(shapes(g)).toEqual(shapes(params));
    expect(JSON.stringify(treeFlatten(g).def)).toEqual(JSON.stringify(treeFlatten(params).def));
    // Reverse over forward: a consistency-style loss through jvp's primal, tangent stopped.
    const cm = (p: nn.TimeMlpParams) => {
      const [F, dF] = jvp((xx: Tensor, cc: Tensor) => nn.timeMlp(p, xx, cc), [x, c], [x, np.onesLike(c)]);
      return F.sub(stopGradient(F.add(dF.mul(0.1)))).square().mean();
    };
    const gcm = grad(cm)(params);
    expect(shapes(gcm)).toEqual(shapes(params));
    const n = vals(gcm.layers[0].w).reduce((a, b) => a + b * b, 0);
    expect(Number.isFinite(n) && n > 0).toBe(true);
  });

  it('takes class labels through a learned table with a null row for the unconditional model', () => {
    const pc = nn.initTimeMlp(random.key(5), { ...cfg, classes: 3, labelDim: 4 });
    expect(pc.labelTable?.shape).toEqual([4, 4]);
    expect(pc.layers[0].w.shape).toEqual([2 + 8 + 4, 16]);
    const y = np.array([0, 1, 2, 3, 1], { dtype: 'int32' });
    const out = nn.timeMlp(pc, x, c, y);
    expect(out.shape).toEqual([5, 2]);
    // Omitting y is the null class (index `classes`).
    expect(vals(nn.timeMlp(pc, x, c))).toEqual(vals(nn.timeMlp(pc, x, c, np.full([5], 3, 'int32'))));
    // jit and vmap agree with eager; grad reaches the table only in the used rows.
    expect(maxDiff(vals(jit((p: nn.TimeMlpParams, x: Tensor, c: Tensor, y: Tensor) => nn.timeMlp(p, x, c, y))(pc, x, c, y)), vals(out))).toBeLessThan(1e-12);
    expect(maxDiff(vals(vmap((xi: Tensor, ci: Tensor, yi: Tensor) => nn.timeMlp(pc, xi, ci, yi))(x, c, y)), vals(out))).toBeLessThan(1e-12);
    const g = grad((p: nn.TimeMlpParams) => nn.timeMlp(p, x, c, np.array([0, 0, 1, 1, 0], { dtype: 'int32' })).sum())(pc);
    const gt = rows(vals(g.labelTable), 4);
    expect(gt[2].every((v) => v === 0) && gt[3].every((v) => v === 0)).toBe(true);
    expect(gt[0].some((v) => v !== 0)).toBe(true);
    expect(() => nn.timeMlp(params, x, c, y)).toThrow(/label table/);
  });
});
