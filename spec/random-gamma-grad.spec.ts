/**
 * The implicit derivative of gamma samples in their shape parameter (JAX's random_gamma_grad) and
 * of the samplers built on them: with the sample's CDF value u = P(a, x) fixed, dx/da is checked
 * against a finite difference of the quantile x(a) = P⁻¹(a, u), solved by Newton in float64 (with
 * lax.igamma / lax.igammac on the CPU for a ≤ 40; at a = 200 lax.igamma's fixed 64 series terms
 * are too few near x ≈ a, so there the reference is a convergent series / continued fraction in
 * plain JavaScript, which also serves the log-space checks where x underflows); distribution-level
 * checks of d/da E[x] against closed forms (means of per-sample gradients within 5 standard
 * errors); jit, vmap over keys, and WebGPU against the eager CPU interpreter.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, grad, jit, jvp, lax, np, random, useBackend, vmap } from '../src/index.js';
import { GRAD_BIG_A, logGammaGradA } from '../src/random/gamma.js';
import { describeWebGPU } from './helpers/webgpu.js';

const HEAVY_MS = 300_000;
const data = async (t: Tensor): Promise<number[]> => [...(await t.data())].map(Number);

// ---- float64 references in plain JavaScript (log space, convergent: no fixed term count) ----

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
function lgammaJs(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * z))) - lgammaJs(1 - z);
  z -= 1;
  let s = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) s += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}
/** log P(a, e^l) by the power series (x ≤ max(1, a)), summed to convergence. */
function logPSeries(a: number, l: number): number {
  const x = Math.exp(l);
  let r = a, t = 1, s = 1;
  for (let k = 0; k < 100_000 && t > s * 1e-18; k++) { r += 1; t *= x / r; s += t; }
  return a * l - x - lgammaJs(a + 1) + Math.log(s);
}
/** log Q(a, e^l) by the continued fraction (x > max(1, a)), run to convergence. */
function logQFraction(a: number, l: number): number {
  const x = Math.exp(l);
  let y = 1 - a, z = x + y + 1, c = 0, pkm2 = 1, qkm2 = x, pkm1 = x + 1, qkm1 = z * x, ans = pkm1 / qkm1;
  for (let i = 0; i < 100_000; i++) {
    c++; y++; z += 2;
    const yc = y * c, pk = pkm1 * z - pkm2 * yc, qk = qkm1 * z - qkm2 * yc;
    if (qk !== 0) { const r = pk / qk; const done = Math.abs(ans - r) <= 1e-17 * Math.abs(r); ans = r; if (done) break; }
    [pkm2, pkm1, qkm2, qkm1] = [pkm1, pk, qkm1, qk];
    if (Math.abs(pk) > 2 ** 60) { pkm2 /= 2 ** 60; pkm1 /= 2 ** 60; qkm2 /= 2 ** 60; qkm1 /= 2 ** 60; }
  }
  return a * l - x - lgammaJs(a) + Math.log(ans);
}
/** log of P (lower) or Q (upper), each by the expansion that is accurate for it. */
function logCdfJs(a: number, l: number, upper: boolean): number {
  const series = Math.exp(l) <= Math.max(1, a);
  if (upper) return series ? Math.log1p(-Math.exp(logPSeries(a, l))) : logQFraction(a, l);
  return series ? logPSeries(a, l) : Math.log1p(-Math.exp(logQFraction(a, l)));
}

/**
 * log x(a') for each a' in `as`, with x(a') solving C(a', x) = C(a, x₀) (C = P below the mean, Q
 * above it, so the tail that is small keeps its relative precision): Newton in log x. `logCdf`
 * evaluates log C for vectors (the JS reference, or lax.igamma / lax.igammac in float64).
 */
async function quantileShift(a: number, l0: number[], as: number[],
  logCdf: (a: number[], l: number[], upper: boolean[]) => Promise<number[]>): Promise<number[][]> {
  const upper = l0.map((l) => Math.exp(l) > a);
  const target = await logCdf(l0.map(() => a), l0, upper);
  const out: number[][] = [];
  for (const ap of as) {
    let l = [...l0];
    for (let it = 0; it < 60; it++) {
      const c = await logCdf(l.map(() => ap), l, upper);
      // d log C / d log x = ±x·p(x)/C = ±exp(a·l − x − lgamma(a) − log C).
      const step = l.map((li, i) => (c[i]! - target[i]!) / ((upper[i] ? -1 : 1) * Math.exp(ap * li - Math.exp(li) - lgammaJs(ap) - c[i]!)));
      l = l.map((li, i) => li - step[i]!);
      if (step.every((s) => Math.abs(s) < 1e-15 * Math.max(1, Math.abs(l[0]!)))) break;
    }
    out.push(l);
  }
  return out;
}

const jsLogCdf = async (a: number[], l: number[], upper: boolean[]): Promise<number[]> => l.map((li, i) => logCdfJs(a[i]!, li, upper[i]!));
const laxLogCdf = async (a: number[], l: number[], upper: boolean[]): Promise<number[]> => {
  const at = np.array(a, 'float64'), xt = np.array(l.map(Math.exp), 'float64');
  const [p, q] = [await data(lax.igamma(at, xt)), await data(lax.igammac(at, xt))];
  return l.map((_, i) => Math.log(upper[i] ? q[i]! : p[i]!));
};

/** d(log x)/da at fixed CDF value by a fourth-order central difference of the quantile, h = 10⁻³·a. */
async function fdLogQuantile(a: number, l0: number[], logCdf: typeof jsLogCdf): Promise<number[]> {
  const h = 1e-3 * a;
  const [p1, m1, p2, m2] = await quantileShift(a, l0, [a + h, a - h, a + 2 * h, a - 2 * h], logCdf);
  return l0.map((_, i) => (8 * (p1![i]! - m1![i]!) - (p2![i]! - m2![i]!)) / (12 * h));
}

const maxRel = (got: number[], want: number[]): number => Math.max(...got.map((g, i) => Math.abs(g - want[i]!) / Math.abs(want[i]!)));

describe('random.gamma: the implicit derivative in a against the quantile (float64)', () => {
  const n = 6;
  for (const a of [0.1, 0.5, 1, 3, 10, 40, 200]) {
    it(`a = ${a}: grad equals the finite difference of P⁻¹(a, u) to 1e-8 relative`, async () => {
      const at = np.full([n], a, 'float64');
      const q = random.key(11);
      const x = await data(random.gamma(q, at, null, 'float64'));
      const g = await data(grad((p: Tensor) => np.sum(random.gamma(q, p, null, 'float64')))(at));
      const l0 = x.map(Math.log);
      // lax.igamma for a ≤ 40 (its 64 series terms are enough there); the convergent JS reference at 200.
      const fd = await fdLogQuantile(a, l0, a <= 40 ? laxLogCdf : jsLogCdf);
      const want = fd.map((d, i) => d * x[i]!);
      const err = maxRel(g, want);
      // Measured: ≤ 2e-10 (a = 0.1) … 9e-12 (a = 200); the brief's bound is 1e-6.
      expect(err, `a = ${a}: max relative error ${err}`).toBeLessThan(1e-8);
      // jvp agrees with grad (one sample per a element).
      const [, t] = jvp((p: Tensor) => random.gamma(q, p, null, 'float64'), [at], [np.ones([n], 'float64')]);
      expect(maxRel(await data(t), g)).toBeLessThan(1e-12);
    }, HEAVY_MS);
  }

  it('the regimes meet: at a just below and at GRAD_BIG_A the series/fraction and the quadrature agree with the quantile', async () => {
    for (const a of [GRAD_BIG_A * (1 - 1e-9), GRAD_BIG_A, 60]) {
      const lx = [-3, -1, -0.2, 0, 0.1, 1, 3].map((z) => Math.log(a + z * Math.sqrt(a)));
      const got = await data(logGammaGradA(np.full([lx.length], a, 'float64'), np.array(lx, 'float64')));
      const fd = await fdLogQuantile(a, lx, jsLogCdf);
      expect(maxRel(got, fd), `a = ${a}`).toBeLessThan(1e-8); // measured ≤ 7e-12
    }
  }, HEAVY_MS);

  it('large a (10³ … 10⁶) by the quadrature, against the quantile', async () => {
    for (const a of [1e3, 1e4, 1e6]) {
      const lx = [-4, -1, 0.5, 2, 4].map((z) => Math.log(a + z * Math.sqrt(a)));
      const got = await data(logGammaGradA(np.full([lx.length], a, 'float64'), np.array(lx, 'float64')));
      const fd = await fdLogQuantile(a, lx, jsLogCdf);
      // The reference's own precision falls with a (log-CDF differences of a few 1e-16 over h = 1e-3·a):
      // measured 5e-12, 2e-10, 1e-9 at 10³, 10⁴, 10⁶.
      expect(maxRel(got, fd), `a = ${a}`).toBeLessThan(1e-7);
    }
  }, HEAVY_MS);
});

describe('random.loggamma: the log-space derivative (stable where x underflows)', () => {
  it('float64, a = 0.01 and 0.1: grad of the log-samples equals the finite difference of log P⁻¹(a, u)', async () => {
    for (const a of [0.01, 0.1]) {
      const at = np.full([6], a, 'float64'), q = random.key(5);
      const l0 = await data(random.loggamma(q, at, null, 'float64'));
      const g = await data(grad((p: Tensor) => np.sum(random.loggamma(q, p, null, 'float64')))(at));
      const fd = await fdLogQuantile(a, l0, jsLogCdf);
      expect(maxRel(g, fd), `a = ${a}`).toBeLessThan(1e-8); // measured ≤ 2e-11
    }
  }, HEAVY_MS);

  it('float32, a = 0.01: finite derivatives (the samples underflow as gamma, not as log-samples) equal to the float64 rule', async () => {
    const at = np.full([64], 0.01), q = random.key(3);
    const lx = await data(random.loggamma(q, at));
    expect(lx.filter((l) => Math.exp(Math.fround(l)) < 2 ** -126).length).toBeGreaterThan(10); // most underflow in float32
    const g = await data(grad((p: Tensor) => np.sum(random.loggamma(q, p)))(at));
    const want = await data(logGammaGradA(np.full([64], 0.01, 'float64'), np.array(lx, 'float64')));
    expect(g.every(Number.isFinite)).toBe(true);
    expect(maxRel(g, want)).toBeLessThan(1e-4); // measured 2e-6
  }, HEAVY_MS);

  it('edge parameters: a = 0 gives a zero derivative, a < 0 and NaN give NaN', async () => {
    const g = await data(grad((p: Tensor) => np.sum(random.gamma(random.key(0), p, null, 'float64')))(np.array([0, -1, NaN, 2], 'float64')));
    expect(g[0]).toBe(0);
    expect(Number.isNaN(g[1])).toBe(true);
    expect(Number.isNaN(g[2])).toBe(true);
    expect(Number.isFinite(g[3])).toBe(true);
  }, HEAVY_MS);
});

/** Per-sample derivatives `d` have mean `want` within 5 standard errors (and that error is small). */
function expectMean(d: number[], want: number, what: string): void {
  const m = d.reduce((s, v) => s + v, 0) / d.length;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / (d.length - 1));
  const se = sd / Math.sqrt(d.length);
  if (process.env.GAMMA_GRAD_VERBOSE) console.log(what, m, want, se);
  expect(Math.abs(m - want), `${what}: mean ${m} vs ${want} (se ${se})`).toBeLessThan(5 * se);
  expect(se, `${what}: a standard error this large could not catch a wrong derivative`).toBeLessThan(0.02 * Math.max(Math.abs(want), 0.1));
}

describe('distribution-level: d/da of the mean (float32, per-sample gradients, fixed keys)', () => {
  const N = 40_000;
  /** Per-sample derivatives of `sample(param)` in its parameter, the parameter an array of N copies. */
  const perSample = async (v: number, sample: (p: Tensor) => Tensor): Promise<number[]> =>
    data(grad((p: Tensor) => np.sum(sample(p)))(np.full([N], v)));

  it('gamma: d/da E[x] = 1 at a = 0.3, 4 and 80 (all three regimes)', async () => {
    for (const a of [0.3, 4, 80]) expectMean(await perSample(a, (p) => random.gamma(random.key(21), p)), 1, `gamma(${a})`);
  }, HEAVY_MS);

  it('beta(a, b): d/da E = b/(a + b)², d/db E = −a/(a + b)²', async () => {
    const [a, b] = [2, 3];
    expectMean(await perSample(a, (p) => random.beta(random.key(22), p, b)), b / (a + b) ** 2, 'beta d/da');
    expectMean(await perSample(b, (p) => random.beta(random.key(23), a, p)), -a / (a + b) ** 2, 'beta d/db');
  }, HEAVY_MS);

  it('chisquare: d/d df E[x] = 1; t: d/dν E[x²] = −2/(ν − 2)²; f: d/d dfden E = −2/(dfden − 2)²', async () => {
    expectMean(await perSample(3, (p) => random.chisquare(random.key(24), p)), 1, 'chisquare');
    const nu = 12;
    expectMean(await perSample(nu, (p) => np.square(random.t(random.key(25), p))), -2 / (nu - 2) ** 2, 't');
    const den = 14;
    expectMean(await perSample(den, (p) => random.f(random.key(26), 5, p)), -2 / (den - 2) ** 2, 'f dfden');
  }, HEAVY_MS);

  it('dirichlet: d/dα₀ E[x₀] = (S − α₀)/S²; generalizedNormal: d/dp E|x|² = d/dp Γ(3/p)/Γ(1/p)', async () => {
    const alpha = [1.5, 2, 3], S = 6.5;
    const g = await data(grad((a0: Tensor) => {
      const al = np.stack([a0, np.full([N], alpha[1]!), np.full([N], alpha[2]!)], -1);
      return np.sum(np.take(random.dirichlet(random.key(27), al), 0, -1));
    })(np.full([N], alpha[0]!)));
    expectMean(g, (S - alpha[0]!) / S ** 2, 'dirichlet');
    const p = 1.5, h = 1e-5;
    const m2 = (q: number): number => Math.exp(lgammaJs(3 / q) - lgammaJs(1 / q));
    expectMean(await perSample(p, (q) => np.square(random.generalizedNormal(random.key(28), q))), (m2(p + h) - m2(p - h)) / (2 * h), 'generalizedNormal');
  }, HEAVY_MS);
});

describe('transforms: jit and vmap equal eager', () => {
  const as = [0.05, 0.3, 1, 4.5, 20, 49, 51, 300];
  const f = (q: Tensor) => (a: Tensor): Tensor => np.sum(np.multiply(random.gamma(q, a, [16, as.length]), np.arange(1, as.length + 1)));

  it('jit(grad) equals grad, for gamma and loggamma', async () => {
    const at = np.array(as);
    const want = await data(grad(f(random.key(4)))(at));
    const got = await data(jit(grad(f(random.key(4))))(at));
    expect(maxRel(got, want)).toBeLessThan(1e-5);
    const lg = (a: Tensor): Tensor => np.sum(random.loggamma(random.key(4), a, [16, as.length]));
    expect(maxRel(await data(jit(grad(lg))(at)), await data(grad(lg)(at)))).toBeLessThan(1e-5);
  }, HEAVY_MS);

  it('vmap over keys of grad equals stacking the per-key gradients', async () => {
    const at = np.array(as);
    const keys = random.split(random.key(9), 3);
    const g = (q: Tensor): Tensor => grad(f(q))(at);
    const batched = await data(vmap(g)(keys));
    const stacked = (await Promise.all([0, 1, 2].map((i) => data(g(np.reshape(np.slice(keys, [i]), [2])))))).flat();
    expect(maxRel(batched, stacked)).toBeLessThan(1e-5);
  }, HEAVY_MS);
});

describeWebGPU('gamma derivatives on WebGPU', () => {
  it('jit(grad) of gamma, beta and chisquare on WebGPU equals the eager CPU interpreter (float32)', async () => {
    const as = np.array([0.05, 0.3, 1, 4.5, 20, 49, 51, 300]);
    const cases: [string, (a: Tensor) => Tensor][] = [
      ['gamma', (a) => np.sum(np.multiply(random.gamma(random.key(7), a, [32, 8]), np.arange(1, 9)))],
      ['loggamma', (a) => np.sum(random.loggamma(random.key(7), a, [32, 8]))],
      ['beta', (a) => np.sum(random.beta(random.key(7), a, 2, [32, 8]))],
      ['chisquare', (a) => np.sum(random.chisquare(random.key(7), a, [32, 8]))],
    ];
    for (const [name, fn] of cases) {
      await useBackend('cpu');
      const want = await data(grad(fn)(as));
      await useBackend('webgpu');
      const got = await data(jit(grad(fn))(as));
      await useBackend('cpu');
      expect(maxRel(got, want), name).toBeLessThan(1e-3);
    }
  }, HEAVY_MS);
});
