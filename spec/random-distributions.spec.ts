/**
 * The jax.random samplers added after random-samplers.spec.ts's set: key aliases (PRNGKey, keyData,
 * wrapKeyData), continuous transforms (lognormal, cauchy, maxwell, doubleSidedMaxwell, rayleigh,
 * wald, pareto, weibullMin, triangular), gamma-based ones (t, chisquare, f, loggamma,
 * generalizedNormal, ball), integer ones (rademacher, geometric, poisson, binomial, multinomial) and
 * orthogonal.
 *
 * Each has: shape and dtype, determinism (same key same values, another key other values), jit and
 * vmap over keys equal to eager, support checks, and statistical tests that can fail — sample mean
 * and variance within 5 standard errors of the exact values (the variance's standard error from the
 * kurtosis), Kolmogorov–Smirnov against the exact CDF (√N·D < 2.7, a false failure ≈ 10⁻⁶) or
 * Pearson chi-square against the exact pmf — all with fixed keys, so the outcome is deterministic.
 * Reparameterization gradients are checked against central differences in float64, and a few
 * samplers are run on WebGPU against the CPU interpreter.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, np, random, useBackend, vmap } from '../src/index.js';
import { ArgumentError, DTypeError, ShapeError } from '../src/core/errors.js';
import { expectError, bad } from './helpers/expect-error.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { erf, expectKs, expectMoments, gammaCdf, lnGamma, moments, phi } from './helpers/distribution-checks.js';

/** Samples per distribution check (the gamma- and rejection-based samplers cost ~1 s per 2·10⁴ on the CPU interpreter). */
const N = 20_000;
const HEAVY_MS = 240_000;
const key = random.key;
const data = async (t: Tensor): Promise<number[]> => [...(await t.data())].map(Number);




/** Pearson chi-square of counts against probabilities (the last bin takes the tail); bound: mean + 7 sd + 10. */
function expectChiSquare(values: number[], pmf: (k: number) => number, lo: number, hi: number, what = ''): void {
  const n = values.length;
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let chi = 0, df = -1, below = 0, seen = 0;
  for (let k = lo; k <= hi; k++) {
    const p = pmf(k); below += p;
    const c = counts.get(k) ?? 0; seen += c;
    chi += (c - n * p) ** 2 / (n * p); df++;
  }
  const rest = 1 - below, restCount = n - seen;
  if (rest * n > 5) { chi += (restCount - n * rest) ** 2 / (n * rest); df++; } else expect(restCount, `${what} outside [${lo}, ${hi}]`).toBeLessThan(20);
  expect(chi, `${what} chi-square with ${df} df`).toBeLessThan(df + 7 * Math.sqrt(2 * df) + 10);
}




const binom = (n: number, k: number): number => Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1));
/** Beta(a, b) CDF for integer a, b: P(Binomial(a + b − 1, x) ≥ a). */
const betaCdfInt = (a: number, b: number) => (x: number): number => {
  if (x <= 0) return 0; if (x >= 1) return 1;
  let s = 0;
  for (let j = a; j <= a + b - 1; j++) s += binom(a + b - 1, j) * x ** j * (1 - x) ** (a + b - 1 - j);
  return s;
};
const poissonPmf = (lam: number) => (k: number): number => (k < 0 ? 0 : Math.exp(-lam + k * Math.log(lam) - lnGamma(k + 1)));
const binomialPmf = (n: number, p: number) => (k: number): number =>
  (k < 0 || k > n ? 0 : Math.exp(lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p)));

describe('key aliases: PRNGKey, keyData, wrapKeyData', () => {
  it('PRNGKey is key; keyData and wrapKeyData are the identity on key data', async () => {
    expect(await random.PRNGKey(2 ** 32 + 5).toArray()).toEqual(await key(2 ** 32 + 5).toArray());
    const k = key(3);
    expect(random.keyData(k)).toBe(k);
    expect(random.wrapKeyData(k)).toBe(k);
    const ks = random.split(k, 3);
    expect(random.keyData(ks)).toBe(ks);
    expect(await random.wrapKeyData([0, 3]).toArray()).toEqual([0, 3]);
    expect(random.wrapKeyData([[0, 3], [1, 2]]).shape).toEqual([2, 2]);
    expect(await random.normal(random.wrapKeyData([0, 3]), [4]).toArray()).toEqual(await random.normal(k, [4]).toArray());
    expect(random.wrapKeyData(k, { impl: 'threefry2x32' })).toBe(k);
  });

  it('bad key data raises named errors', () => {
    expectError(() => random.keyData(np.array([1, 2])), ArgumentError, 'random.keyData', 'uint32 array of shape [..., 2]');
    expectError(() => random.wrapKeyData(np.array([1, 2, 3], 'uint32')), ArgumentError, 'random.wrapKeyData');
    expectError(() => random.wrapKeyData([0, -1]), ArgumentError, 'random.wrapKeyData');
    expectError(() => random.wrapKeyData([0, 1.5]), ArgumentError, 'random.wrapKeyData');
    expectError(() => random.wrapKeyData([0, 1], bad({ impl: 'rbg' })), ArgumentError, "'rbg'", 'not available');
    expectError(() => random.wrapKeyData([0, 1], bad({ imp: 'threefry2x32' })), ArgumentError, "unknown option 'imp'");
    expectError(() => random.PRNGKey(1.5), ArgumentError, 'random.PRNGKey');
  });
});

/** The samplers as functions of a key, with their expected shape and dtype. */
const SAMPLERS: [string, (q: Tensor) => Tensor, number[], string][] = [
  ['lognormal', (q) => random.lognormal(q, 0.5, [3, 4]), [3, 4], 'float32'],
  ['lognormal array sigma', (q) => random.lognormal(q, np.array([0.1, 0.5, 1, 2])), [4], 'float32'],
  ['cauchy', (q) => random.cauchy(q, [3, 4]), [3, 4], 'float32'],
  ['rademacher', (q) => random.rademacher(q, [3, 4]), [3, 4], 'int32'],
  ['maxwell', (q) => random.maxwell(q, [3, 4]), [3, 4], 'float32'],
  ['doubleSidedMaxwell', (q) => random.doubleSidedMaxwell(q, np.array([0, 1, 2, 3]), 2, [3, 4]), [3, 4], 'float32'],
  ['rayleigh', (q) => random.rayleigh(q, np.array([1, 2, 3, 4]), [3, 4]), [3, 4], 'float32'],
  ['wald', (q) => random.wald(q, 2, [3, 4]), [3, 4], 'float32'],
  ['pareto', (q) => random.pareto(q, np.array([[1], [2], [3]]), [3, 4]), [3, 4], 'float32'],
  ['weibullMin', (q) => random.weibullMin(q, 1.5, np.array([0.5, 1, 2, 4])), [4], 'float32'],
  ['triangular', (q) => random.triangular(q, -1, 0, 2, [3, 4]), [3, 4], 'float32'],
  ['generalizedNormal', (q) => random.generalizedNormal(q, 1.5, [3, 4]), [3, 4], 'float32'],
  ['t', (q) => random.t(q, np.array([1, 2, 5, 30]), [3, 4]), [3, 4], 'float32'],
  ['chisquare', (q) => random.chisquare(q, 3, [3, 4]), [3, 4], 'float32'],
  ['f', (q) => random.f(q, 4, np.array([5, 10, 20, 40]), [3, 4]), [3, 4], 'float32'],
  ['loggamma', (q) => random.loggamma(q, np.array([0.01, 0.5, 1, 7]), [3, 4]), [3, 4], 'float32'],
  ['geometric', (q) => random.geometric(q, 0.3, [3, 4]), [3, 4], 'int32'],
  ['poisson', (q) => random.poisson(q, np.array([0.5, 4, 12, 200]), [3, 4]), [3, 4], 'int32'],
  ['binomial', (q) => random.binomial(q, np.array([5, 30, 100, 1000]), 0.4, [3, 4]), [3, 4], 'float32'],
  ['multinomial', (q) => random.multinomial(q, np.array([5, 50]), [0.2, 0.3, 0.5], { shape: [2, 3] }), [2, 3], 'float32'],
  ['orthogonal', (q) => random.orthogonal(q, 3, [2]), [2, 3, 3], 'float32'],
  ['ball', (q) => random.ball(q, 3, 2, [4]), [4, 3], 'float32'],
];

describe('new samplers: structure', () => {
  it('shapes, dtypes, determinism; another key gives other draws', async () => {
    for (const [name, f, shape, dtype] of SAMPLERS) {
      const a = f(key(0));
      expect(a.shape, name).toEqual(shape);
      expect(a.dtype, name).toBe(dtype);
      const v = await a.toArray();
      expect(await f(key(0)).toArray(), name).toEqual(v);
      expect(await f(key(1)).toArray(), name).not.toEqual(v);
      expect((await data(a)).every(Number.isFinite), name).toBe(true);
    }
  }, HEAVY_MS);

  it('jit equals eager, and vmap over split keys equals stacking the per-key draws', async () => {
    const keys = random.split(key(3), 3);
    const rows = [0, 1, 2].map((i) => np.reshape(np.slice(keys, [i]), [2]));
    for (const [name, f] of SAMPLERS) {
      const eager = await f(key(5)).toArray();
      expect(await jit(f)(key(5)).toArray(), name).toEqual(eager);
      const batched = vmap(f)(keys);
      expect(await batched.toArray(), name).toEqual(await np.stack(rows.map(f)).toArray());
    }
  }, HEAVY_MS);

  it('default shapes follow the parameters (JAX: shape=None); float64 from the dtype or the parameters', () => {
    const k = key(0);
    expect(random.lognormal(k).shape).toEqual([]);
    expect(random.rayleigh(k, np.ones([2, 3])).shape).toEqual([2, 3]);
    expect(random.weibullMin(k, np.ones([2, 1]), np.ones([3])).shape).toEqual([2, 3]);
    expect(random.triangular(k, 0, np.full([4], 0.5), 1).shape).toEqual([4]);
    expect(random.doubleSidedMaxwell(k, np.zeros([2, 1]), np.ones([5])).shape).toEqual([2, 5]);
    expect(random.f(k, np.ones([3]), np.ones([2, 1])).shape).toEqual([2, 3]);
    expect(random.poisson(k, np.ones([2, 2])).shape).toEqual([2, 2]);
    expect(random.binomial(k, np.ones([3]), 0.5).shape).toEqual([3]);
    expect(random.geometric(k, np.full([5], 0.5)).shape).toEqual([5]);
    expect(random.cauchy(k).shape).toEqual([]);
    expect(random.orthogonal(k, 4).shape).toEqual([4, 4]);
    expect(random.ball(k, 5).shape).toEqual([5]);
    expect(random.lognormal(k, 1, [2], 'float64').dtype).toBe('float64');
    expect(random.wald(k, np.ones([2], 'float64')).dtype).toBe('float64');
    expect(random.t(k, 3, [2], { dtype: 'float64' }).dtype).toBe('float64');
    expect(random.binomial(k, 10, np.array([0.5], 'float64')).dtype).toBe('float64');
    expect(random.orthogonal(k, 2, [], 'float64').dtype).toBe('float64');
    expect(random.rademacher(k, [2], 'float32').dtype).toBe('float32');
    expect(random.poisson(k, np.array([3], 'float64')).dtype).toBe('int32');
  });

  it('zero-size samples have the right shapes', async () => {
    const z: [Tensor, number[]][] = [
      [random.lognormal(key(0), 1, [0]), [0]], [random.poisson(key(0), 3, [0, 2]), [0, 2]],
      [random.binomial(key(0), 5, 0.5, [0]), [0]], [random.orthogonal(key(0), 3, [0]), [0, 3, 3]],
      [random.orthogonal(key(0), 0), [0, 0]], [random.ball(key(0), 0, 2, [2]), [2, 0]], [random.maxwell(key(0), [0]), [0]],
    ];
    for (const [t, s] of z) { expect(t.shape).toEqual(s); }
  });

  it('bad arguments raise named errors that name the sampler', () => {
    const q = key(0);
    expectError(() => random.lognormal(np.array([1, 2]), 1, [2]), ArgumentError, 'random.lognormal: expected a key');
    expectError(() => random.lognormal(q, 1, [2], bad({ dtpye: 'float32' })), ArgumentError, "random.lognormal: unknown option 'dtpye'");
    expectError(() => random.cauchy(q, [2.5]), ShapeError);
    expectError(() => random.maxwell(q, [2], 'int32'), DTypeError, 'random.maxwell');
    expectError(() => random.rayleigh(q, np.ones([3]), [2]), ShapeError, 'random.rayleigh: shape [2] is not compatible with scale of shape [3]');
    expectError(() => random.weibullMin(q, np.ones([2]), np.ones([3])), ShapeError, 'random.weibullMin');
    expectError(() => random.triangular(q, 0, np.ones([2]), 1, [3]), ShapeError, 'mode');
    expectError(() => random.t(q, np.ones([2]), [3]), ShapeError, 'random.t');
    expectError(() => random.f(q, 1, 2, [2], bad({ shape: [2] })), ArgumentError, "random.f: unknown option 'shape'");
    expectError(() => random.f(q, 1, 2, bad({ shape: [2] })), ArgumentError, 'random.f: shape is an object');
    expectError(() => random.poisson(q, 3, [2], 'float32'), DTypeError, "random.poisson: dtype must be 'int32'");
    expectError(() => random.geometric(q, 0.5, [2], bad({ size: 2 })), ArgumentError, "unknown option 'size'");
    expectError(() => random.rademacher(q, [2], 'uint32'), DTypeError, 'random.rademacher');
    expectError(() => random.binomial(q, np.ones([2]), np.ones([3])), ShapeError, 'random.binomial');
    expectError(() => random.wald(q, bad('two')), ArgumentError, 'random.wald');
    expectError(() => random.orthogonal(q, 2.5), ArgumentError, 'random.orthogonal');
    expectError(() => random.orthogonal(q, 3, [2], bad({ dtype: 'float32', n: 3 })), ArgumentError, "unknown option 'n'");
    expectError(() => random.ball(q, 3, 0), ArgumentError, 'random.ball: p must be a positive number');
    expectError(() => random.ball(q, -1), ArgumentError, 'random.ball');
    expectError(() => random.generalizedNormal(q, np.ones([2]), [3]), ShapeError, 'random.generalizedNormal');
    expectError(() => random.chisquare(q, 2, [2], 'bfloat16'), DTypeError, 'sample float32 and cast');
    expectError(() => random.multinomial(q, 5, [0.5, 0.5], { shape: [3] as number[], dtyp: 'float32' } as never), ArgumentError, "unknown option 'dtyp'");
    expectError(() => random.multinomial(q, 5, [0.5, 0.5], { shape: [3] }), ShapeError, 'random.multinomial');
    expectError(() => random.multinomial(q, np.ones([3]), [0.5, 0.5], { shape: [2, 2] }), ShapeError, 'n of shape [3]');
    expectError(() => random.multinomial(q, 5, 0.5), ShapeError, 'at least one axis');
  });

  it('parameters outside the domain give NaN (or −1 for integer samplers), as JAX', async () => {
    expect(await data(random.poisson(key(0), np.array([0, -1, NaN, Infinity, 0.5])))).toEqual([0, -1, -1, -1, expect.any(Number)]);
    const b = await data(random.binomial(key(0), np.array([0, -1, NaN, 5, Infinity, 5, 7]), np.array([0.5, 0.5, 0.5, 1, 0.5, -0.1, 0])));
    expect(b).toEqual([0, NaN, NaN, 5, Infinity, NaN, 0]);
    expect(await data(random.geometric(key(0), np.array([0, 1, 1.5, NaN])))).toEqual([-1, 1, -1, -1]);
    expect((await data(random.rayleigh(key(0), -1, [3]))).every((x) => x <= 0)).toBe(true);
    expect((await data(random.chisquare(key(0), -1, [3]))).every(Number.isNaN)).toBe(true);
  });
});

describe('support and exact relations', () => {
  it('supports: positive, integer, within [left, right], ±1', async () => {
    const pos = async (t: Tensor, strict = true) => (await data(t)).every((x) => (strict ? x > 0 : x >= 0));
    expect(await pos(random.lognormal(key(1), 3, [5000]))).toBe(true);
    expect(await pos(random.maxwell(key(1), [5000]))).toBe(true);
    expect(await pos(random.rayleigh(key(1), 2, [5000]), false)).toBe(true);
    expect(await pos(random.wald(key(1), np.array([0.1, 1, 10, 100]), [1250, 4]))).toBe(true);
    expect((await data(random.pareto(key(1), 2, [5000]))).every((x) => x >= 1)).toBe(true);
    expect(await pos(random.weibullMin(key(1), 1, 0.5, [5000]), false)).toBe(true);
    expect(await pos(random.chisquare(key(1), 0.5, [5000]), false)).toBe(true);
    expect(await pos(random.f(key(1), 0.5, 0.5, [5000]), false)).toBe(true);
    const tri = await data(random.triangular(key(1), np.array([-2, 0, 1]), np.array([-2, 0.5, 3]), np.array([2, 1, 3]), [2000, 3]));
    tri.forEach((x, i) => { const [l, r] = [[-2, 2], [0, 1], [1, 3]][i % 3]!; expect(x >= l && x <= r, `${x} in [${l}, ${r}]`).toBe(true); });
    expect((await data(random.rademacher(key(1), [1000]))).every((x) => x === 1 || x === -1)).toBe(true);
    for (const t of [random.geometric(key(1), 0.05, [3000]), random.poisson(key(1), np.array([0.1, 3, 9.99, 10, 70, 5000]), [500, 6])]) {
      expect((await data(t)).every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    const bn = await data(random.binomial(key(1), np.array([3, 20, 100, 1000, 50]), np.array([0.2, 0.5, 0.05, 0.7, 0.999]), [600, 5]));
    bn.forEach((x, i) => expect(Number.isInteger(x) && x >= 0 && x <= [3, 20, 100, 1000, 50][i % 5]!).toBe(true));
    // Small degrees of freedom: the gamma draws underflow in float32, the log-space construction does not.
    expect((await data(random.loggamma(key(1), 0.01, [2000]))).every(Number.isFinite)).toBe(true);
    expect((await data(random.t(key(1), 0.05, [2000]))).every((x) => !Number.isNaN(x))).toBe(true);
  }, HEAVY_MS);

  it('loggamma is the log of gamma (same key); maxwell is the norm of three normals', async () => {
    const lg = await data(random.loggamma(key(2), np.array([0.5, 2, 9]), [100, 3]));
    const g = await data(random.gamma(key(2), np.array([0.5, 2, 9]), [100, 3]));
    lg.forEach((y, i) => expect(Math.abs(Math.exp(y) - g[i]!)).toBeLessThanOrEqual(1e-5 * g[i]!));
    const m = await data(random.maxwell(key(2), [50]));
    const z = await data(random.normal(key(2), [50, 3]));
    m.forEach((x, i) => expect(Math.abs(x - Math.hypot(z[3 * i]!, z[3 * i + 1]!, z[3 * i + 2]!))).toBeLessThan(1e-5 * (1 + x)));
    const ln = await data(random.lognormal(key(2), 0.7, [50]));
    const zn = await data(random.normal(key(2), [50]));
    ln.forEach((x, i) => expect(Math.abs(x - Math.exp(0.7 * zn[i]!))).toBeLessThan(1e-5 * x));
  });
});

describe('distributions (2·10⁴ samples, fixed keys)', () => {
  it('lognormal(σ = 0.5): moments and KS against Φ(log x / σ)', async () => {
    const s = 0.5, d = await data(random.lognormal(key(11), s, [N]));
    const e = Math.exp(s * s);
    expectMoments(d, Math.sqrt(e), (e - 1) * e, e ** 4 + 2 * e ** 3 + 3 * e ** 2 - 3);
    expectKs(d, (x) => (x <= 0 ? 0 : phi(Math.log(x) / s)));
  });

  it('cauchy: KS against ½ + atan(x)/π; quartiles ±1', async () => {
    const d = await data(random.cauchy(key(12), [N]));
    expectKs(d, (x) => 0.5 + Math.atan(x) / Math.PI);
    const s = [...d].sort((a, b) => a - b);
    // The sample quartile's sd is √(p(1−p)/N)/f(q) = √(3/16/N)·2π ≈ 0.019.
    expect(Math.abs(s[N / 4]! + 1)).toBeLessThan(0.1);
    expect(Math.abs(s[(3 * N) / 4]! - 1)).toBeLessThan(0.1);
  });

  it('rademacher: ±1 with probability ½', async () => {
    const d = await data(random.rademacher(key(13), [N]));
    expectChiSquare(d.map((x) => (x + 1) / 2), () => 0.5, 0, 1, 'rademacher');
  });

  it('maxwell: mean 2√(2/π), variance 3 − 8/π, KS against its CDF', async () => {
    const d = await data(random.maxwell(key(14), [N]));
    expectMoments(d, 2 * Math.sqrt(2 / Math.PI), 3 - 8 / Math.PI, 3.1082);
    expectKs(d, (x) => (x <= 0 ? 0 : erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp(-x * x / 2)));
  });

  it('doubleSidedMaxwell(loc 1, scale 2): mean 1, variance 12, symmetric |x − loc|/scale ~ maxwell', async () => {
    const d = await data(random.doubleSidedMaxwell(key(15), 1, 2, [N]));
    expectMoments(d, 1, 12, 15 / 9);
    expectKs(d.map((x) => Math.abs(x - 1) / 2), (x) => (x <= 0 ? 0 : erf(x / Math.SQRT2) - Math.sqrt(2 / Math.PI) * x * Math.exp(-x * x / 2)));
    expectChiSquare(d.map((x) => (x > 1 ? 1 : 0)), () => 0.5, 0, 1, 'sign');
  });

  it('rayleigh(σ = 2): moments and KS against 1 − e^{−x²/(2σ²)}', async () => {
    const d = await data(random.rayleigh(key(16), 2, [N]));
    expectMoments(d, 2 * Math.sqrt(Math.PI / 2), ((4 - Math.PI) / 2) * 4, 3.2451);
    expectKs(d, (x) => (x <= 0 ? 0 : 1 - Math.exp(-x * x / 8)));
  });

  it('wald(μ = 2): mean μ, variance μ³, KS against the inverse Gaussian CDF', async () => {
    const mu = 2, d = await data(random.wald(key(17), mu, [N]));
    expectMoments(d, mu, mu ** 3, 3 + 15 * mu);
    expectKs(d, (x) => (x <= 0 ? 0 : phi(Math.sqrt(1 / x) * (x / mu - 1)) + Math.exp(2 / mu) * phi(-Math.sqrt(1 / x) * (x / mu + 1))));
    // A large mean exercises the cancellation-free root (μy up to ~10⁵).
    const big = await data(random.wald(key(18), 300, [N]));
    expectKs(big, (x) => (x <= 0 ? 0 : phi(Math.sqrt(1 / x) * (x / 300 - 1)) + Math.exp(2 / 300) * phi(-Math.sqrt(1 / x) * (x / 300 + 1))), 'wald(300)');
  });

  it('pareto(b = 5): moments and KS against 1 − x^{−b}', async () => {
    const b = 5, d = await data(random.pareto(key(19), b, [N]));
    expectMoments(d, b / (b - 1), b / ((b - 1) ** 2 * (b - 2)), 3 + (6 * (b ** 3 + b ** 2 - 6 * b - 2)) / (b * (b - 3) * (b - 4)));
    expectKs(d, (x) => (x < 1 ? 0 : 1 - x ** -b));
  });

  it('weibullMin(σ = 1.5, c = 2 and 0.7): moments and KS against 1 − e^{−(x/σ)^c}', async () => {
    const d = await data(random.weibullMin(key(20), 1.5, 2, [N]));
    const g1 = Math.exp(lnGamma(1.5)), g2 = 1;
    expectMoments(d, 1.5 * g1, 2.25 * (g2 - g1 * g1), 3.2451);
    expectKs(d, (x) => (x <= 0 ? 0 : 1 - Math.exp(-((x / 1.5) ** 2))));
    const e = await data(random.weibullMin(key(21), 1.5, 0.7, [N]));
    expectKs(e, (x) => (x <= 0 ? 0 : 1 - Math.exp(-((x / 1.5) ** 0.7))), 'c = 0.7');
  });

  it('triangular(−1, 0, 2): mean 1/3, variance 7/18, KS against the piecewise-quadratic CDF', async () => {
    const [l, m, r] = [-1, 0, 2];
    const d = await data(random.triangular(key(22), l, m, r, [N]));
    expectMoments(d, 1 / 3, 7 / 18, 2.4);
    expectKs(d, (x) => (x <= l ? 0 : x >= r ? 1 : x <= m ? (x - l) ** 2 / ((r - l) * (m - l)) : 1 - (r - x) ** 2 / ((r - l) * (r - m))));
  });

  it('generalizedNormal: p = 1 is Laplace (KS), p = 1.5 has variance Γ(3/p)/Γ(1/p)', async () => {
    const lap = await data(random.generalizedNormal(key(23), 1, [N]));
    expectKs(lap, (x) => (x < 0 ? 0.5 * Math.exp(x) : 1 - 0.5 * Math.exp(-x)));
    const p = 1.5, d = await data(random.generalizedNormal(key(24), p, [N]));
    const v = Math.exp(lnGamma(3 / p) - lnGamma(1 / p));
    expectMoments(d, 0, v, Math.exp(lnGamma(5 / p) + lnGamma(1 / p) - 2 * lnGamma(3 / p)));
  }, HEAVY_MS);

  it('t: ν = 2 by KS against ½ + x/(2√(2 + x²)); ν = 5 has variance 5/3', async () => {
    const d2 = await data(random.t(key(25), 2, [N]));
    expectKs(d2, (x) => 0.5 + x / (2 * Math.sqrt(2 + x * x)));
    const d5 = await data(random.t(key(26), 5, [N]));
    expectMoments(d5, 0, 5 / 3, 9);
  }, HEAVY_MS);

  it('chisquare(3): mean 3, variance 6, KS against P(3/2, x/2)', async () => {
    const d = await data(random.chisquare(key(27), 3, [N]));
    expectMoments(d, 3, 6, 7);
    expectKs(d, (x) => gammaCdf(1.5, x / 2));
  }, HEAVY_MS);

  it('f(4, 10): mean 1.25, KS against I_{4x/(4x + 10)}(2, 5)', async () => {
    const d = await data(random.f(key(28), 4, 10, [N]));
    const m = moments(d);
    expect(Math.abs(m.mean - 1.25)).toBeLessThan(5 * Math.sqrt(1.5625 / N));
    expectKs(d, (x) => betaCdfInt(2, 5)((4 * x) / (4 * x + 10)));
  }, HEAVY_MS);

  it('loggamma(2): exp of it is Gamma(2) by KS', async () => {
    const d = await data(random.loggamma(key(29), 2, [N]));
    expectKs(d.map(Math.exp), (x) => gammaCdf(2, x));
  }, HEAVY_MS);

  it('geometric(0.3): mean 1/p, variance (1 − p)/p², KS and chi-square against the pmf', async () => {
    const p = 0.3, d = await data(random.geometric(key(30), p, [N]));
    expectMoments(d, 1 / p, (1 - p) / p ** 2, 9 + p * p / (1 - p));
    expectKs(d, (x) => (x < 1 ? 0 : 1 - (1 - p) ** Math.floor(x)));
    expectChiSquare(d, (k) => (k < 1 ? 0 : (1 - p) ** (k - 1) * p), 1, 20, 'geometric');
  });

  it('poisson: Knuth (λ = 0.5, 4, 9.9) and transformed rejection (λ = 10, 50, 3000): moments and pmf', async () => {
    const lams = [0.5, 4, 9.9, 10, 50, 3000];
    const rows = await random.poisson(key(31), np.array(lams), [N, lams.length]).toArray() as number[][];
    lams.forEach((lam, j) => {
      const d = rows.map((r) => r[j]!);
      expect(d.every((x) => x >= 0), `λ = ${lam}: no failed (−1) samples`).toBe(true);
      expectMoments(d, lam, lam, 3 + 1 / lam, `λ = ${lam}`);
      const sd = Math.sqrt(lam);
      const lo = Math.max(0, Math.floor(lam - 4 * sd)), hi = Math.ceil(lam + 4 * sd);
      if (lam < 100) expectChiSquare(d, poissonPmf(lam), lo, hi, `λ = ${lam}`);
      else expectKs(d, (x) => { let s = 0; for (let k = lo; k <= Math.floor(x); k++) s += poissonPmf(lam)(k); return s; }, `λ = ${lam}`);
    });
  }, HEAVY_MS);

  it('binomial: inversion (n·q ≤ 10) and BTRS (n·q > 10), both sides of p = ½: moments and pmf', async () => {
    const cases: [number, number][] = [[10, 0.3], [40, 0.2], [22, 0.5], [1000, 0.3], [1000, 0.95], [60, 0.9]];
    const rows = await random.binomial(key(32), np.array(cases.map((c) => c[0])), np.array(cases.map((c) => c[1])),
      [N, cases.length]).toArray() as number[][];
    cases.forEach(([n, p], j) => {
      const d = rows.map((r) => r[j]!);
      const v = n * p * (1 - p);
      expectMoments(d, n * p, v, 3 + (1 - 6 * p * (1 - p)) / v, `n = ${n}, p = ${p}`);
      const sd = Math.sqrt(v);
      expectChiSquare(d, binomialPmf(n, p), Math.max(0, Math.floor(n * p - 4 * sd)), Math.min(n, Math.ceil(n * p + 4 * sd)), `n = ${n}, p = ${p}`);
    });
  }, HEAVY_MS);

  it('multinomial(n = 30, p = [0.1, 0.2, 0.3, 0.4]): rows sum to n, each count is Binomial(n, pᵢ)', async () => {
    const p = [0.1, 0.2, 0.3, 0.4], n = 30;
    const rows = await random.multinomial(key(36), n, p, { shape: [N / 2, 4] }).toArray() as number[][];
    expect(rows.every((r) => r.reduce((a, b) => a + b, 0) === n && r.every((x) => Number.isInteger(x) && x >= 0))).toBe(true);
    p.forEach((pi, j) => {
      const d = rows.map((r) => r[j]!), v = n * pi * (1 - pi);
      expectMoments(d, n * pi, v, 3 + (1 - 6 * pi * (1 - pi)) / v, `category ${j}`);
      expectChiSquare(d, binomialPmf(n, pi), Math.max(0, Math.floor(n * pi - 4 * Math.sqrt(v))), Math.ceil(n * pi + 4 * Math.sqrt(v)), `category ${j}`);
    });
    // Counts of two categories are negatively correlated: cov = −n·p₀·p₃.
    const c = rows.reduce((a, r) => a + (r[0]! - n * p[0]!) * (r[3]! - n * p[3]!), 0) / rows.length;
    expect(Math.abs(c + n * p[0]! * p[3]!)).toBeLessThan(5 * Math.sqrt((n * p[0]! * p[3]! * (1 + n * p[0]! * p[3]!)) / rows.length) + 0.05);
  }, HEAVY_MS);

  it('orthogonal(3): QᵀQ = I; Haar — Q₀₀ is uniform on [−1, 1], entries have mean 0, both determinant signs', async () => {
    const M = 4000;
    const qs = random.orthogonal(key(33), 3, [M]);
    const qtq = await data(np.matmul(np.swapaxes(qs, -1, -2), qs));
    const eye = [1, 0, 0, 0, 1, 0, 0, 0, 1];
    qtq.forEach((x, i) => expect(Math.abs(x - eye[i % 9]!)).toBeLessThan(1e-5));
    const q = await data(qs);
    // The first column of a Haar matrix in O(3) is uniform on the sphere: its first coordinate is uniform on [−1, 1].
    expectKs(q.filter((_, i) => i % 9 === 0), (x) => Math.min(1, Math.max(0, (x + 1) / 2)), 'Q[0][0]');
    for (let e = 0; e < 9; e++) {
      const m = moments(q.filter((_, i) => i % 9 === e));
      expect(Math.abs(m.mean), `mean of Q entry ${e}`).toBeLessThan(5 * Math.sqrt(1 / 3 / M));
      expect(Math.abs(m.var - 1 / 3), `variance of Q entry ${e}`).toBeLessThan(0.05);
    }
    const dets = await data(np.linalg.det(qs));
    expect(dets.every((x) => Math.abs(Math.abs(x) - 1) < 1e-4)).toBe(true);
    const neg = dets.filter((x) => x < 0).length;
    expect(Math.abs(neg - M / 2)).toBeLessThan(5 * Math.sqrt(M / 4));
  }, HEAVY_MS);

  it('ball(d = 3) for p = 2 and 1: inside the unit ℓp ball, ‖x‖ₚ^d uniform on [0, 1], symmetric', async () => {
    for (const [p, seed] of [[2, 34], [1, 35]] as const) {
      const x = await random.ball(key(seed), 3, p, [N / 2]).toArray() as number[][];
      const norms = x.map((r) => r.reduce((a, v) => a + Math.abs(v) ** p, 0) ** (1 / p));
      expect(norms.every((r) => r <= 1 + 1e-6), `p = ${p}: |x|_p ≤ 1`).toBe(true);
      // Uniform in a d-dimensional ball: P(‖x‖ ≤ r) = r^d.
      expectKs(norms, (r) => Math.min(1, Math.max(0, r)) ** 3, `p = ${p} radius`);
      const m = moments(x.map((r) => r[0]!));
      expect(Math.abs(m.mean)).toBeLessThan(5 * Math.sqrt(m.var / x.length));
    }
  }, HEAVY_MS);
});

describe('gradients', () => {
  /** d/dθ Σ sin(sampler(θ)) by grad and by central differences, float64. */
  async function checkGrad(name: string, f: (th: Tensor) => Tensor, theta: number[]): Promise<void> {
    const th = np.array(theta, { dtype: 'float64' });
    const obj = (t: Tensor) => np.sum(np.sin(f(t)));
    const g = await data(grad(obj)(th));
    const h = 1e-6;
    for (let i = 0; i < theta.length; i++) {
      const up = theta.slice(), dn = theta.slice(); up[i]! += h; dn[i]! -= h;
      const val = async (v: number[]) => Number(await (obj(np.array(v, { dtype: 'float64' })) as ConcreteArray).item());
      const fd = (await val(up) - await val(dn)) / (2 * h);
      expect(Math.abs(g[i]! - fd), `${name} d/dθ[${i}]: ${g[i]} vs ${fd}`).toBeLessThan(1e-5 * (1 + Math.abs(fd)));
    }
  }

  it('reparameterization gradients match central differences (float64)', async () => {
    const q = key(40);
    await checkGrad('lognormal', (s) => random.lognormal(q, s, [3]), [0.3, 0.8, 1.2]);
    await checkGrad('rayleigh', (s) => random.rayleigh(q, s, [3]), [0.5, 1, 2]);
    await checkGrad('pareto', (b) => random.pareto(q, b, [3]), [1.5, 3, 6]);
    await checkGrad('wald', (m) => random.wald(q, m, [3]), [0.5, 1.5, 4]);
    await checkGrad('weibullMin scale', (s) => random.weibullMin(q, s, 1.7, [3]), [0.5, 1.5, 4]);
    await checkGrad('weibullMin concentration', (c) => random.weibullMin(q, 2, c, [3]), [0.7, 1.5, 4]);
    await checkGrad('triangular', (p) => random.triangular(q, np.slice(p, [0]), np.slice(p, [1]), np.slice(p, [2]), [5]), [-1, 0.3, 2]);
    await checkGrad('doubleSidedMaxwell', (p) => random.doubleSidedMaxwell(q, np.slice(p, [0]), np.slice(p, [1]), [4]), [0.5, 1.5]);
    await checkGrad('maxwell (scaled)', (s) => np.multiply(s, random.maxwell(q, [3], 'float64')), [0.5, 1, 2]);
  });

  it('t, chisquare, f, loggamma and generalizedNormal differentiate in their shape parameters (gamma\'s implicit derivative); other inputs differentiate', async () => {
    const q = key(41);
    // chisquare = 2·Gamma(ν/2) and loggamma = log Gamma(a) on the same key: their derivatives are the chain rule
    // through gamma's (spec/random-gamma-grad.spec.ts checks that one against the quantile and the moments).
    const nu = np.array([0.6, 3, 9], 'float64');
    const gc = await data(grad((df: Tensor) => np.sum(random.chisquare(q, df, null, 'float64')))(nu));
    const viaGamma = await data(grad((df: Tensor) => np.sum(np.multiply(2, random.gamma(q, np.multiply(df, 0.5), null, 'float64'))))(nu));
    gc.forEach((v, i) => expect(Math.abs(v - viaGamma[i]!), `chisquare[${i}]`).toBeLessThan(1e-10 * (1 + Math.abs(v))));
    const gl = await data(grad((a: Tensor) => np.sum(random.loggamma(q, a, null, 'float64')))(nu));
    const gg = await data(grad((a: Tensor) => np.sum(random.gamma(q, a, null, 'float64')))(nu));
    const xs = await data(random.gamma(q, nu, null, 'float64'));
    gl.forEach((v, i) => expect(Math.abs(v - gg[i]! / xs[i]!), `loggamma[${i}]`).toBeLessThan(1e-10 * (1 + Math.abs(v))));
    // t, f and generalizedNormal: finite, nonzero derivatives in ν, dfnum, dfden and p.
    const finiteNonzero = async (t: Tensor): Promise<void> => expect((await data(t)).every((v) => Number.isFinite(v) && v !== 0)).toBe(true);
    await finiteNonzero(grad((df: Tensor) => np.sum(random.t(q, df)))(np.array([3, 7])));
    await finiteNonzero(grad((df: Tensor) => np.sum(random.f(q, df, 4)))(np.array([3, 7])));
    await finiteNonzero(grad((df: Tensor) => np.sum(random.f(q, 4, df)))(np.array([3, 7])));
    await finiteNonzero(grad((p: Tensor) => np.sum(random.generalizedNormal(q, p)))(np.array([1.5, 3])));
    const x = np.array([1, 2, 3]);
    const tv = random.t(q, 4, [3]), cv = random.chisquare(q, 4, [3]);
    expect(await data(grad((y: Tensor) => np.sum(np.multiply(y, random.t(q, 4, [3]))))(x))).toEqual(await data(tv));
    expect(await data(grad((y: Tensor) => np.sum(np.multiply(y, random.chisquare(q, 4, [3]))))(x))).toEqual(await data(cv));
  });
});

describeWebGPU('new samplers on WebGPU', () => {
  it('match the CPU interpreter (float32 tolerance; integer counts exactly up to rare boundary flips)', async () => {
    const cases: [string, (q: Tensor) => Tensor, number][] = [
      ['lognormal', (q) => random.lognormal(q, 0.5, [256]), 1e-4],
      ['cauchy', (q) => random.cauchy(q, [256]), 1e-3],
      ['rayleigh', (q) => random.rayleigh(q, np.array([1, 2, 3, 4]), [64, 4]), 1e-4],
      ['wald', (q) => random.wald(q, 2, [256]), 1e-4],
      ['triangular', (q) => random.triangular(q, -1, 0, 2, [256]), 1e-4],
      ['maxwell', (q) => random.maxwell(q, [256]), 1e-4],
      ['rademacher', (q) => random.rademacher(q, [256]), 0],
      ['t', (q) => random.t(q, 5, [128]), 1e-3],
      ['orthogonal', (q) => random.orthogonal(q, 3, [8]), 1e-4],
      ['multinomial', (q) => random.multinomial(q, 20, [0.2, 0.3, 0.5], { shape: [32, 3] }), 0],
      ['poisson', (q) => random.poisson(q, np.array([0.5, 4, 30, 500]), [64, 4]), 0],
      ['binomial', (q) => random.binomial(q, np.array([10, 40, 1000, 30]), np.array([0.3, 0.5, 0.2, 0.9]), [64, 4]), 0],
    ];
    for (const [name, f, tol] of cases) {
      await useBackend('cpu');
      const want = await data(f(key(7)));
      await useBackend('webgpu');
      let got: number[];
      try { got = await data(jit(f)(key(7))); } finally { await useBackend('cpu'); }
      expect(got.length, name).toBe(want.length);
      // Transcendentals differ by a few ulps between backends; a count can flip where a draw sits on a boundary.
      const off = got.filter((g, i) => !(Math.abs(g - want[i]!) <= tol * (1 + Math.abs(want[i]!)))).length;
      expect(off, `${name}: ${off} of ${got.length} differ`).toBeLessThanOrEqual(tol === 0 && name !== 'rademacher' ? 2 : 0);
    }
  }, HEAVY_MS);
});
