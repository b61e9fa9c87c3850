/**
 * random samplers (categorical, choice, gumbel, exponential, laplace, logistic, gamma, beta,
 * dirichlet, multivariateNormal): exact structure checks (shapes, dtypes, support, determinism,
 * jit equals eager, vmap over keys equals stacking), distribution checks on 10⁵ samples against
 * exact moments and CDFs (Kolmogorov–Smirnov at p ≈ 10⁻⁶; chi-square far in the tail; means within
 * 5σ), gradients by central finite differences in float64, named errors for bad arguments, and
 * WebGPU results against the CPU interpreter.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, jvp, lax, np, random, useBackend, vmap } from '../src/index.js';
import { ArgumentError, DTypeError, ShapeError } from '../src/core/errors.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { expectKs, expectMoments, gammaCdf, moments, phi } from './helpers/distribution-checks.js';

const N = 100_000;
/**
 * gamma, beta and dirichlet draw 10 proposal rounds of random.normal per sample; normal is now
 * JAX's erfinv form (issue 11), several times the CPU interpreter's work of Box–Muller, and 3·10⁵
 * such samples take about a minute on a loaded machine.
 */
const HEAVY_MS = 300_000;
const key = random.key;
const data = async (t: Tensor): Promise<number[]> => [...(await t.data())].map(Number);




/** Pearson chi-square of counts against probabilities; the bound is the mean + 7 sd of χ²(df) plus 10. */
function expectChiSquare(counts: number[], probs: number[]): void {
  const n = counts.reduce((a, b) => a + b, 0);
  let chi = 0, df = -1;
  probs.forEach((p, i) => {
    if (p === 0) { expect(counts[i]).toBe(0); return; }
    chi += (counts[i]! - n * p) ** 2 / (n * p); df++;
  });
  expect(chi, `chi-square with ${df} df`).toBeLessThan(df + 7 * Math.sqrt(2 * df) + 10);
}

const countsOf = (d: number[], k: number): number[] => { const c = new Array<number>(k).fill(0); for (const v of d) c[v]!++; return c; };



const binom = (n: number, k: number): number => { let r = 1; for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i; return r; };
/** Beta(a, b) CDF for integer a, b: P(Binomial(a + b − 1, x) ≥ a). */
const betaCdfInt = (a: number, b: number) => (x: number): number => {
  if (x <= 0) return 0; if (x >= 1) return 1;
  let s = 0;
  for (let j = a; j <= a + b - 1; j++) s += binom(a + b - 1, j) * x ** j * (1 - x) ** (a + b - 1 - j);
  return s;
};

describe('choice without replacement from a large population (sort-based, O(n log n))', () => {
  it('20 000 elements, 1000 draws: distinct, in range, deterministic', async () => {
    const draw = () => random.choice(random.key(3), 20000, { shape: [1000], replace: false });
    const d = [...(await draw().data())];
    expect(new Set(d).size).toBe(1000);
    expect(d.every((v) => Number.isInteger(v) && v >= 0 && v < 20000)).toBe(true);
    expect([...(await draw().data())]).toEqual(d);
  });
});

describe('random samplers: structure', () => {
  const k = key(0);
  const samplers: [string, (q: Tensor) => Tensor][] = [
    ['gumbel', (q) => random.gumbel(q, [3, 4])],
    ['exponential', (q) => random.exponential(q, [3, 4])],
    ['laplace', (q) => random.laplace(q, [3, 4])],
    ['logistic', (q) => random.logistic(q, [3, 4])],
    ['gamma', (q) => random.gamma(q, np.array([0.5, 1, 2, 7]), [3, 4])],
    ['beta', (q) => random.beta(q, 0.5, np.array([1, 2, 3, 4]), [3, 4])],
    ['dirichlet', (q) => random.dirichlet(q, [[0.3, 1, 2, 5]], [3])],
    ['categorical', (q) => random.categorical(q, np.array([[0, 1, 2, 3], [3, 2, 1, 0], [0, 0, 0, 0]]), { axis: -1, shape: [4, 3] })],
    ['choice', (q) => random.choice(q, 12, { shape: [3, 4], replace: false })],
    ['choice p', (q) => random.choice(q, 6, { shape: [3, 4], p: [0.1, 0.2, 0.3, 0.2, 0.1, 0.1] })],
    ['choice array', (q) => random.choice(q, np.arange(0, 10, 1, 'float32').reshape([5, 2]), { shape: [3], replace: false, p: [0.1, 0.2, 0.3, 0.2, 0.2], axis: 0 })],
    ['multivariateNormal', (q) => random.multivariateNormal(q, [1, 2, 3], [[2, 0.5, 0.1], [0.5, 1, 0.2], [0.1, 0.2, 1]], { shape: [4] })],
  ];
  const shapes: Record<string, number[]> = { dirichlet: [3, 4], categorical: [4, 3], 'choice array': [3, 2], multivariateNormal: [4, 3] };

  it('shapes, dtypes, determinism, and different keys give different draws', async () => {
    for (const [name, f] of samplers) {
      const a = f(k);
      expect(a.shape, name).toEqual(shapes[name] ?? [3, 4]);
      expect(a.dtype, name).toBe(name.startsWith('categorical') || name === 'choice' || name === 'choice p' ? 'int32' : 'float32');
      const v = await a.toArray();
      expect(await f(key(0)).toArray(), name).toEqual(v);
      expect(await f(key(1)).toArray(), name).not.toEqual(v);
      expect((await data(a)).every(Number.isFinite), name).toBe(true);
    }
  });

  it('jit equals eager, and vmap over split keys equals stacking the per-key draws', async () => {
    const keys = random.split(key(3), 4);
    const rows = [0, 1, 2, 3].map((i) => np.reshape(np.slice(keys, [i]), [2]));
    for (const [name, f] of samplers) {
      expect(await jit(f)(k).toArray(), name).toEqual(await f(k).toArray());
      const batched = vmap(f)(keys);
      expect(await batched.toArray(), name).toEqual(await np.stack(rows.map(f)).toArray());
      expect(await jit(vmap(f))(keys).toArray(), name).toEqual(await batched.toArray());
    }
  });

  it('float64 samples when asked, or when the parameters are float64', async () => {
    expect(random.gumbel(k, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.exponential(k, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.laplace(k, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.logistic(k, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.gamma(k, np.array([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(random.beta(k, 1, 2, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.dirichlet(k, [1, 2], null, { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.multivariateNormal(k, np.zeros([2], 'float64'), np.eye(2, 2, 'float64')).dtype).toBe('float64');
  });

  it('default shapes follow the parameters (JAX: shape=None)', () => {
    expect(random.gamma(k, np.ones([2, 3])).shape).toEqual([2, 3]);
    expect(random.beta(k, np.ones([2, 1]), np.ones([3])).shape).toEqual([2, 3]);
    expect(random.dirichlet(k, np.ones([5, 3])).shape).toEqual([5, 3]);
    expect(random.categorical(k, np.zeros([2, 7])).shape).toEqual([2]);
    expect(random.categorical(k, np.zeros([2, 7]), { axis: 0 }).shape).toEqual([7]);
    expect(random.categorical(k, np.zeros([2, 7]), { axis: 0, shape: [5, 7] }).shape).toEqual([5, 7]);
    expect(random.multivariateNormal(k, np.zeros([4, 2]), np.eye(2)).shape).toEqual([4, 2]);
    expect(random.choice(k, 5).shape).toEqual([]);
    expect(random.choice(k, np.zeros([2, 6, 3]), { shape: [4], axis: 1 }).shape).toEqual([2, 4, 3]);
    expect(random.choice(k, 5, { shape: [0, 3], replace: false }).shape).toEqual([0, 3]);
  });

  it('zero-size samples have the right shapes', async () => {
    const z: [Tensor, number[]][] = [
      [random.gumbel(k, [0, 3]), [0, 3]], [random.exponential(k, 0), [0]], [random.laplace(k, [2, 0]), [2, 0]],
      [random.logistic(k, [0]), [0]], [random.gamma(k, 2, [0]), [0]], [random.beta(k, 1, 2, [0, 2]), [0, 2]],
      [random.dirichlet(k, [1, 2], [0]), [0, 2]], [random.categorical(k, np.zeros([3]), { shape: [0] }), [0]],
      [random.choice(k, 4, { shape: [0], p: [0.25, 0.25, 0.25, 0.25] }), [0]],
      [random.multivariateNormal(k, [0, 0], np.eye(2), { shape: [0] }), [0, 2]],
    ];
    for (const [t, s] of z) { expect(t.shape).toEqual(s); expect(await t.data()).toHaveLength(0); }
  });

  it('support: each sampler stays in its range', async () => {
    const b = await data(random.beta(key(2), 0.05, 0.05, [20000]));
    expect(b.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(b.filter((x) => x > 0 && x < 1).length).toBeGreaterThan(100); // small a, b: not all 0/1 or NaN
    expect((await data(random.gamma(key(2), 0.01, [20000]))).every((x) => x >= 0)).toBe(true);
    expect((await data(random.exponential(key(2), [20000]))).every((x) => x >= 0)).toBe(true);
    const dir = await random.dirichlet(key(2), [0.1, 0.1, 0.1], [2000]).toArray() as number[][];
    for (const r of dir) { expect(Math.abs(r.reduce((a, x) => a + x, 0) - 1)).toBeLessThan(1e-5); expect(r.every((x) => x >= 0)).toBe(true); }
    // α = 0 is the point mass at 0; α < 0 has no distribution: NaN, as JAX.
    expect(await data(random.gamma(key(2), [0, -1, 1]))).toEqual([0, NaN, expect.any(Number)]);
  });

  it('choice without replacement yields distinct elements (with and without p, over many keys)', async () => {
    const keys = random.split(key(9), 500);
    for (const f of [(q: Tensor) => random.choice(q, 20, { shape: [4, 5], replace: false }),
      (q: Tensor) => random.choice(q, 20, { shape: [20], replace: false, p: np.arange(1, 21) }),
      (q: Tensor) => random.choice(q, 8, { shape: [6], replace: false, p: [0.5, 0.2, 0.1, 0.1, 0.1, 0, 0, 0] })]) {
      const rows = await vmap(f)(keys).toArray() as number[][] | number[][][];
      for (const r of rows) {
        const flat = (r as unknown[]).flat() as number[];
        expect(new Set(flat).size).toBe(flat.length);
        expect(flat.every((x) => Number.isInteger(x) && x >= 0 && x < 20)).toBe(true);
      }
    }
    // Drawing all n without replacement is a permutation; zero-probability items come last.
    const all = await data(random.choice(key(4), 8, { shape: [8], replace: false, p: [0.5, 0.2, 0.1, 0.1, 0.1, 0, 0, 0] }));
    expect([...all].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(all.slice(5).sort()).toEqual([5, 6, 7]);
  });

  it('multivariateNormal with a diagonal covariance is mean + √diag · normal(key) exactly', async () => {
    const q = key(5);
    const got = await data(random.multivariateNormal(q, [1, -2, 3], np.diag(np.array([4, 9, 0.25])), { shape: [50] }));
    const z = await data(random.normal(q, [50, 3]));
    const want = z.map((v, i) => [1, -2, 3][i % 3]! + [2, 3, 0.5][i % 3]! * v);
    got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(want[i]!))));
  });

  it('multivariateNormal: the reparameterization gradient in mean and cov matches central differences (float64)', async () => {
    const q = key(6);
    const mean = np.array([0.5, -1, 2], { dtype: 'float64' });
    const cov = np.array([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 1.5]], { dtype: 'float64' });
    const f = (m: Tensor, c: Tensor) => np.sum(np.sin(random.multivariateNormal(q, m, c, { shape: [7] })));
    const [gm, gc] = [await data(grad((m: Tensor) => f(m, cov))(mean)), await data(grad((c: Tensor) => f(mean, c))(cov))];
    const val = async (m: Tensor, c: Tensor) => Number(await (f(m, c) as ConcreteArray).item());
    const h = 1e-6;
    const mv = await data(mean), cv = await data(cov);
    for (let i = 0; i < 3; i++) {
      const up = mv.slice(), dn = mv.slice(); up[i]! += h; dn[i]! -= h;
      const fd = (await val(np.array(up, { dtype: 'float64' }), cov) - await val(np.array(dn, { dtype: 'float64' }), cov)) / (2 * h);
      expect(Math.abs(gm[i]! - fd)).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
    for (let i = 0; i < 9; i++) {
      const up = cv.slice(), dn = cv.slice(); up[i]! += h; dn[i]! -= h;
      const mk = (v: number[]) => np.array(v, { dtype: 'float64', shape: [3, 3] });
      const fd = (await val(mean, mk(up)) - await val(mean, mk(dn))) / (2 * h);
      expect(Math.abs(gc[i]! - fd), `d/dcov[${i}]`).toBeLessThan(1e-6 * (1 + Math.abs(fd)));
    }
    // The gradient in a symmetric covariance is symmetric (cov is symmetrized, as JAX's cholesky).
    expect(Math.abs(gc[1]! - gc[3]!)).toBeLessThan(1e-12);
  });

  it('gamma, beta and dirichlet are differentiable in their parameters (implicitly, through the gamma CDF)', async () => {
    const q = key(0);
    // gamma: dx/da = −(∂P/∂a)(a, x)/p(x; a), here with ∂P/∂a by jvp of lax.igamma (an independent path,
    // accurate to ~1e-7) and p from lgamma; float64. spec/random-gamma-grad.spec.ts checks it against the quantile.
    const a = np.array([0.4, 1.5, 3, 12], 'float64');
    const x = random.gamma(q, a, null, 'float64');
    const g = await data(grad((p: Tensor) => np.sum(random.gamma(q, p, null, 'float64')))(a));
    const dP = await data(jvp((p: Tensor) => lax.igamma(p, x), [a], [np.ones([4], 'float64')])[1]);
    const logPdf = await data(np.subtract(np.subtract(np.multiply(np.subtract(a, 1), np.log(x)), x), lax.lgamma(a)));
    dP.forEach((d, i) => expect(Math.abs(g[i]! + d / Math.exp(logPdf[i]!)), `a[${i}]`).toBeLessThan(1e-6 * Math.abs(g[i]!)));
    // beta = G_a/(G_a + G_b) with the gamma draws of split(q): its derivative is the chain rule through gamma's.
    const [ka, kb] = [0, 1].map((i) => np.reshape(np.slice(random.split(q, 2), [i]), [2]));
    const ab = np.array([0.7, 2, 5], 'float64');
    const viaGamma = (p: Tensor): Tensor => {
      const ga = random.gamma(ka!, p, null, 'float64'), gb = random.gamma(kb!, np.full([3], 2.5, 'float64'), null, 'float64');
      return np.sum(np.divide(ga, np.add(ga, gb)));
    };
    const gb = await data(grad((p: Tensor) => np.sum(random.beta(q, p, 2.5, null, 'float64')))(ab));
    const want = await data(grad(viaGamma)(ab));
    gb.forEach((v, i) => expect(Math.abs(v - want[i]!), `beta[${i}]`).toBeLessThan(1e-10 * (1 + Math.abs(want[i]!))));
    expect(gb.every((v) => v !== 0 && Number.isFinite(v))).toBe(true);
    // dirichlet: the softmax of the log-gamma draws, so its derivative is that of the normalized gamma draws.
    const al = np.array([0.5, 2, 3], 'float64');
    const gd = await data(grad((p: Tensor) => np.take(random.dirichlet(q, p, null, 'float64'), 0))(al));
    const gg = await data(grad((p: Tensor) => { const y = random.gamma(q, p, null, 'float64'); return np.divide(np.take(y, 0), np.sum(y)); })(al));
    gd.forEach((v, i) => expect(Math.abs(v - gg[i]!), `dirichlet[${i}]`).toBeLessThan(1e-10 * (1 + Math.abs(gg[i]!))));
    // Parameters that are not differentiated are fine inside a gradient.
    expect(grad((y: Tensor) => np.sum(np.multiply(y, random.gamma(q, [1, 2]))))(np.array([1, 1])).shape).toEqual([2]);
  });

  it('bad arguments raise named errors that name the sampler', () => {
    const q = key(0);
    expect(() => random.gumbel(np.array([1, 2]) as Tensor, [2])).toThrow(/random\.gumbel: expected a key/);
    expect(() => random.exponential(q, [2.5])).toThrow(ShapeError);
    expect(() => random.laplace(q, [2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => random.logistic(q, [2], 3 as never)).toThrow(/random\.logistic: options must be an object/);
    expect(() => random.logistic(q, [2], 'float33' as never)).toThrow(/random\.logistic: dtype "float33" is not a dtype/);
    expect(() => random.gumbel(q, [2], { mode: 'high' } as never)).toThrow(/random\.gumbel: unknown option 'mode'/);
    expect(() => random.dirichlet(q, [1, 2], null, { dtyp: 'float64' } as never)).toThrow(/random\.dirichlet: unknown option 'dtyp'/);
    expect(() => random.gamma(q, np.ones([3]), [2])).toThrow(/random\.gamma: shape \[2\] is not compatible with a of shape \[3\]/);
    expect(() => random.beta(q, np.ones([2]), np.ones([3]))).toThrow(ShapeError);
    expect(() => random.dirichlet(q, 1)).toThrow(/at least one axis/);
    expect(() => random.categorical(q, np.array([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => random.categorical(q, np.zeros([3]), { axis: 1 })).toThrow(ShapeError);
    expect(() => random.categorical(q, np.zeros([2, 3]), { shape: [4] })).toThrow(/not compatible/);
    expect(() => random.categorical(q, np.zeros([3]), { axes: 0 } as never)).toThrow(/unknown option 'axes'/);
    expect(() => random.choice(q, 5, { shape: [6], replace: false })).toThrow(/cannot take 6 distinct draws/);
    expect(() => random.choice(q, 5, { p: [0.5, 0.5] })).toThrow(/p must be 1-D with one probability per candidate \(length 5\)/);
    expect(() => random.choice(q, 5, { replace: 'no' as never })).toThrow(/replace must be true or false/);
    expect(() => random.choice(q, 5, { replce: false } as never)).toThrow(/unknown option 'replce'/);
    expect(() => random.choice(q, 2.5)).toThrow(ArgumentError);
    expect(() => random.choice(q, 0, { shape: [1] })).toThrow(/population is empty/);
    expect(() => random.choice(q, np.array(3))).toThrow(/at least one axis/);
    expect(() => random.multivariateNormal(q, [0, 0], np.eye(3))).toThrow(/cov must have shape \[\.\.\., 2, 2\]/);
    expect(() => random.multivariateNormal(q, [0, 0], np.eye(2), { method: 'eigh' as never })).toThrow(/only 'cholesky'/);
    expect(() => random.multivariateNormal(q, np.zeros([129]), np.zeros([129, 129]))).toThrow(/above the 128/);
  });
});

describe('random samplers: distributions (10⁵ samples)', () => {
  it('gumbel: mean γ, variance π²/6, KS against exp(−e^{−x})', async () => {
    const d = await data(random.gumbel(key(11), [N]));
    expectMoments(d, 0.5772156649, Math.PI ** 2 / 6, 5.4);
    expectKs(d, (x) => Math.exp(-Math.exp(-x)));
  });

  it('exponential: mean 1, variance 1, KS against 1 − e^{−x}', async () => {
    const d = await data(random.exponential(key(12), [N]));
    expectMoments(d, 1, 1, 9);
    expectKs(d, (x) => (x < 0 ? 0 : 1 - Math.exp(-x)));
  });

  it('laplace: mean 0, variance 2, KS against the Laplace CDF', async () => {
    const d = await data(random.laplace(key(13), [N]));
    expectMoments(d, 0, 2, 6);
    expectKs(d, (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)));
  });

  it('logistic: mean 0, variance π²/3, KS against 1/(1 + e^{−x})', async () => {
    const d = await data(random.logistic(key(14), [N]));
    expectMoments(d, 0, Math.PI ** 2 / 3, 4.2);
    expectKs(d, (x) => 1 / (1 + Math.exp(-x)));
  });

  it('gamma(a) for a = 0.3 (boosted), 1 (the worst rejection rate) and 4.5: mean a, variance a, KS against P(a, x)', async () => {
    for (const [a, seed] of [[0.3, 21], [1, 22], [4.5, 23]] as const) {
      const d = await data(random.gamma(key(seed), a, [N]));
      expect(d.every(Number.isFinite), `a = ${a}: no failed (NaN) samples`).toBe(true);
      expectMoments(d, a, a, 3 + 6 / a);
      expectKs(d, (x) => gammaCdf(a, x));
    }
  }, HEAVY_MS);

  it('beta(2, 5) and beta(½, ½): means, variances, KS against the exact CDFs', async () => {
    const d = await data(random.beta(key(31), 2, 5, [N]));
    expectMoments(d, 2 / 7, 10 / (49 * 8), 3);
    expectKs(d, betaCdfInt(2, 5));
    const arcsine = await data(random.beta(key(32), 0.5, 0.5, [N]));
    expectKs(arcsine, (x) => (x <= 0 ? 0 : x >= 1 ? 1 : (2 / Math.PI) * Math.asin(Math.sqrt(x))));
  }, HEAVY_MS);

  it('dirichlet([1, 2, 3]): rows sum to 1, means α/α₀, marginal 0 is Beta(1, 5) by KS', async () => {
    const rows = await random.dirichlet(key(41), [1, 2, 3], [N]).toArray() as number[][];
    for (const r of rows.slice(0, 1000)) expect(Math.abs(r[0]! + r[1]! + r[2]! - 1)).toBeLessThan(1e-5);
    [1, 2, 3].forEach((a, i) => {
      const m = moments(rows.map((r) => r[i]!));
      const v = (a * (6 - a)) / (36 * 7);
      expect(Math.abs(m.mean - a / 6)).toBeLessThan(5 * Math.sqrt(v / N));
    });
    expectKs(rows.map((r) => r[0]!), (x) => (x <= 0 ? 0 : x >= 1 ? 1 : 1 - (1 - x) ** 5));
  }, HEAVY_MS);

  it('categorical frequencies match softmax(logits), per batch row and along axis 0', async () => {
    const logits = [[0, 1, 2, -1, -Infinity], [3, 3, 0, 0, 0.5]];
    const softmax = (l: number[]) => { const e = l.map(Math.exp); const z = e.reduce((a, b) => a + b, 0); return e.map((x) => x / z); };
    const draws = await random.categorical(key(51), np.array(logits), { shape: [N / 2, 2] }).toArray() as number[][];
    for (const row of [0, 1]) expectChiSquare(countsOf(draws.map((r) => r[row]!), 5), softmax(logits[row]!));
    // axis 0: the categories run down the columns.
    const t = np.transpose(np.array(logits));
    const down = await random.categorical(key(52), t, { axis: 0, shape: [N / 2, 2] }).toArray() as number[][];
    for (const row of [0, 1]) expectChiSquare(countsOf(down.map((r) => r[row]!), 5), softmax(logits[row]!));
  });

  it('choice with replacement: uniform, and with p', async () => {
    expectChiSquare(countsOf(await data(random.choice(key(61), 7, { shape: [N] })), 7), new Array(7).fill(1 / 7));
    const p = [0.05, 0.4, 0, 0.25, 0.3];
    expectChiSquare(countsOf(await data(random.choice(key(62), 5, { shape: [N], p })), 5), p);
    // Unnormalized weights are normalized.
    expectChiSquare(countsOf(await data(random.choice(key(63), 5, { shape: [N], p: p.map((x) => 10 * x) })), 5), p);
  });

  it('choice without replacement with p: ordered pairs follow sequential sampling, p_i·p_j/(1 − p_i)', async () => {
    const p = [0.4, 0.3, 0.15, 0.1, 0.05];
    const keys = random.split(key(71), 40_000);
    const pairs = await vmap((q: Tensor) => random.choice(q, 5, { shape: [2], replace: false, p }))(keys).toArray() as number[][];
    const counts = new Array<number>(25).fill(0);
    for (const [i, j] of pairs) counts[i! * 5 + j!]!++;
    const probs = Array.from({ length: 25 }, (_, c) => { const i = Math.floor(c / 5), j = c % 5; return i === j ? 0 : (p[i]! * p[j]!) / (1 - p[i]!); });
    expectChiSquare(counts, probs);
    // Without p, ordered pairs are uniform over the 20 distinct pairs.
    const up = await vmap((q: Tensor) => random.choice(q, 5, { shape: [2], replace: false }))(keys).toArray() as number[][];
    const uc = new Array<number>(25).fill(0);
    for (const [i, j] of up) uc[i! * 5 + j!]!++;
    expectChiSquare(uc, Array.from({ length: 25 }, (_, c) => (Math.floor(c / 5) === c % 5 ? 0 : 1 / 20)));
  });

  it('multivariateNormal: sample means and covariances match, and a projection is normal by KS', async () => {
    const mean = [1, -2, 0.5];
    const cov = [[2, 0.8, -0.3], [0.8, 1, 0.2], [-0.3, 0.2, 0.5]];
    const rows = await random.multivariateNormal(key(81), mean, cov, { shape: [N] }).toArray() as number[][];
    for (let i = 0; i < 3; i++) {
      const m = rows.reduce((a, r) => a + r[i]!, 0) / N;
      expect(Math.abs(m - mean[i]!)).toBeLessThan(5 * Math.sqrt(cov[i]![i]! / N));
      for (let j = 0; j < 3; j++) {
        const c = rows.reduce((a, r) => a + (r[i]! - mean[i]!) * (r[j]! - mean[j]!), 0) / N;
        const sd = Math.sqrt((cov[i]![i]! * cov[j]![j]! + cov[i]![j]! ** 2) / N);
        expect(Math.abs(c - cov[i]![j]!), `cov[${i}][${j}]`).toBeLessThan(5 * sd);
      }
    }
    const w = [0.3, -1, 2];
    const mu = w.reduce((a, x, i) => a + x * mean[i]!, 0);
    const s2 = w.reduce((a, x, i) => a + x * w.reduce((b, y, j) => b + cov[i]![j]! * y, 0), 0);
    expectKs(rows.map((r) => r.reduce((a, x, i) => a + x * w[i]!, 0)), (x) => phi((x - mu) / Math.sqrt(s2)));
  });
});


describeWebGPU('random samplers on WebGPU', () => {
  /** f(key) jitted on WebGPU against the CPU interpreter. */
  async function gpuVsCpu(f: (q: Tensor) => Tensor): Promise<{ got: number[]; want: number[] }> {
    await useBackend('cpu');
    const want = await data(f(key(7)));
    await useBackend('webgpu');
    const got = await data(jit(f)(key(7)));
    await useBackend('cpu');
    return { got, want };
  }

  it('every sampler matches the CPU interpreter', async () => {
    const cases: [string, (q: Tensor) => Tensor, number][] = [
      ['gumbel', (q) => random.gumbel(q, [256]), 1e-4],
      ['exponential', (q) => random.exponential(q, [256]), 1e-4],
      ['laplace', (q) => random.laplace(q, [256]), 1e-4],
      ['logistic', (q) => random.logistic(q, [256]), 1e-4],
      ['gamma', (q) => random.gamma(q, np.array([0.3, 1, 4.5, 20]), [64, 4]), 1e-3],
      ['beta', (q) => random.beta(q, 2, 0.5, [256]), 1e-3],
      ['dirichlet', (q) => random.dirichlet(q, [0.5, 2, 3], [64]), 1e-3],
      ['multivariateNormal', (q) => random.multivariateNormal(q, [1, 2, 3], [[2, 0.5, 0.1], [0.5, 1, 0.2], [0.1, 0.2, 1]], { shape: [64] }), 1e-4],
      ['categorical', (q) => random.categorical(q, np.array([0, 1, 2, 0.5]), { shape: [256] }), 0],
      ['choice', (q) => random.choice(q, 50, { shape: [20], replace: false, p: np.arange(1, 51) }), 0],
      ['choice uniform', (q) => random.choice(q, 50, { shape: [20], replace: false }), 0],
      ['choice with replacement', (q) => random.choice(q, 10, { shape: [64], p: np.arange(1, 11) }), 0],
    ];
    for (const [name, f, tol] of cases) {
      const { got, want } = await gpuVsCpu(f);
      expect(got.length, name).toBe(want.length);
      // Transcendentals differ by a few ulps between backends; integers must agree exactly.
      got.forEach((g, i) => expect(Math.abs(g - want[i]!), `${name}[${i}]: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
    }
  });
});
