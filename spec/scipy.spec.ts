/**
 * The scipy namespace (src/scipy): scipy.special, scipy.stats and scipy.linalg against known
 * answers from scipy 1.17.1 (spec/helpers/scipy-reference.ts, made by
 * spec/fixtures/scipy-reference.py) in float64, including the tails (log Φ at −20 and −1000,
 * Φ⁻¹ at 1e-10 and 1e-300, xlogy(0, 0), logsumexp with negative weights); float64
 * finite-difference checks of the derivatives; identities (pdf = exp(logpdf), cdf + sf = 1,
 * ppf(cdf(x)) = x, expm against its Taylor series, expm(diag) = diag(exp), choSolve / luSolve
 * against np.linalg.solve); jit and vmap; and the named errors of bad arguments.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { errors, grad, jit, np, scipy, useBackend, vmap, type Tensor } from '../src/index.js';
import { Rng, dot, f64, finiteDifference, host } from './helpers/check.js';
import { REF } from './helpers/scipy-reference.js';

const sp = scipy.special, st = scipy.stats, la = scipy.linalg;
const a64 = (v: number | number[] | number[][]): Tensor => np.array(v as never, { dtype: 'float64' });
const values = (t: Tensor): number[] => Array.from(host(t));

beforeAll(async () => { await useBackend('cpu'); });

/** Elementwise |got − want| ≤ rtol·|want| + atol; NaN only where NaN is wanted, infinities exactly. */
function expectClose(got: Tensor | number[], want: number | number[] | number[][], rtol = 1e-12, atol = 0, what = ''): void {
  const g = Array.isArray(got) ? got : values(got);
  const w = [want].flat(2) as number[];
  expect(g.length, `${what}: length`).toBe(w.length);
  for (let i = 0; i < w.length; i++) {
    const msg = `${what} element ${i}: got ${g[i]}, want ${w[i]}`;
    if (Number.isNaN(w[i])) expect(Number.isNaN(g[i]), msg).toBe(true);
    else if (!Number.isFinite(w[i])) expect(g[i], msg).toBe(w[i]);
    else expect(Math.abs(g[i] - w[i]), msg).toBeLessThanOrEqual(rtol * Math.abs(w[i]) + atol);
  }
}

/**
 * The derivative of Σ f(args) along a random direction in each argument of `argnums`: reverse mode
 * (grad) against the 5-point finite difference in float64.
 */
function checkGrad(f: (...xs: Tensor[]) => Tensor, args: Tensor[], argnums: number[], tol = 1e-7, h = 1e-5): void {
  const rng = new Rng(17);
  const total = (...xs: Tensor[]) => np.sum(f(...xs));
  for (const i of argnums) {
    const t = f64(args[i].shape, () => rng.normal());
    const g = grad(total as never, { argnums: i } as never)(...(args as never[])) as unknown as Tensor;
    const analytic = dot(host(g), host(t));
    const fd = finiteDifference(total, args, args.map((a, j) => (j === i ? t : np.zerosLike(a))), [i], h)[0][0];
    expect(Number.isFinite(analytic), `argument ${i}: gradient ${analytic}`).toBe(true);
    expect(Math.abs(analytic - fd) / Math.max(1, Math.abs(fd)), `argument ${i}: grad·t = ${analytic}, finite difference ${fd}`).toBeLessThan(tol);
  }
}

// --- scipy.special ---------------------------------------------------------------------------

describe('scipy.special: known answers (scipy 1.17.1, float64)', () => {
  it('logsumexp: plain, weighted along an axis, and with negative weights and returnSign', () => {
    expectClose(sp.logsumexp(a64([1, 2, 3])), REF.lse, 1e-15);
    expectClose(sp.logsumexp(a64([[1, 2], [3, 4]]), { axis: 0, b: a64([[1, 0.5], [2, 3]]) }), REF.lse_axis0_b, 1e-15);
    const [v, s] = sp.logsumexp(a64([1, 2, 3]), { b: a64([1, -2, 0.5]), returnSign: true });
    expectClose(v, REF.lse_sign_v, 1e-14);
    expectClose(s, REF.lse_sign_s);
    expect(REF.lse_sign_s).toEqual(-1);
    // Without returnSign a negative sum is NaN (as JAX); keepdims keeps the axis.
    expect(Number.isNaN(values(sp.logsumexp(a64([1, 2, 3]), { b: a64([1, -2, 0.5]) }))[0])).toBe(true);
    expect(sp.logsumexp(a64([[1, 2], [3, 4]]), { axis: 1, keepdims: true }).shape).toEqual([2, 1]);
    // No overflow: log Σ e^1000 = 1000 + log 2; all −∞ gives −∞.
    expectClose(sp.logsumexp(a64([1000, 1000])), 1000 + Math.LN2, 1e-15);
    expectClose(sp.logsumexp(a64([-Infinity, -Infinity])), -Infinity);
  });

  it('softmax and logSoftmax default to every axis (scipy), or the given one', () => {
    expectClose(sp.softmax(a64([[1, 2], [3, 4]])), REF.softmax_all, 1e-15);
    expectClose(sp.logSoftmax(a64([[1, 2, 3], [0, 0, 0]]), 1), REF.log_softmax_ax1, 1e-15);
  });

  it('the gamma family: gamma (with its sign), gammaln, betaln, beta, factorial, comb, multigammaln, polygamma', () => {
    expectClose(sp.gamma(a64(REF.gamma_x)), REF.gamma, 1e-13);
    expectClose(sp.gamma(a64([0, -1, -2])), [Infinity, NaN, NaN]);
    expectClose(sp.gammaln(a64([0.5, 100, -2.5])), REF.gammaln, 1e-14, 1e-14);
    expectClose(sp.betaln(a64([1e-3, 50, 2.5]), a64([2, 60, 0.5])), REF.betaln, 1e-12);
    expectClose(sp.beta(a64([0.3, -1.5, 4]), a64([0.7, 2.2, 3])), REF.beta, 1e-13);
    expectClose(sp.factorial(a64([0, 3, 4.5, 10, -2])), REF.factorial, 1e-13);
    expectClose(sp.comb(a64([10, 7.5, 30, 4]), a64([3, 2, 15, 5])), REF.comb, 1e-12);
    expectClose(sp.comb(a64([4, 6]), a64([3, 2]), { repetition: true }), REF.comb_rep, 1e-13);
    expectClose(sp.multigammaln(a64(3.7), 4), REF.multigammaln, 1e-13);
    expectClose(sp.polygamma(a64([2, 3, 1]), a64([3.5, 0.7, 10])), REF.polygamma, 1e-10);
    expectClose(sp.poch(a64([2.5, -1.5, 3, 0.3]), a64([1.5, 2, 0, 4.2])), REF.poch, 1e-13);
    expectClose(sp.gammasgn(a64([2, -0.5, -1.5, -1, 0, -0])), [1, -1, 1, NaN, 1, -1]);
  });

  it('zeta (Hurwitz) near its pole and for large x, gammainc / gammaincc', () => {
    expectClose(sp.zeta(a64([2, 3.5, 1.5, 2, 30, 1.01]), a64([1, 2.2, 0.3, 10, 0.5, 1])), REF.zeta, 1e-14);
    expectClose(sp.zeta(a64([1, 0.5, 2]), a64([1, 1, -1])), [Infinity, NaN, NaN]);
    expectClose(sp.gammainc(a64([2.5, 0.5, 10]), a64([0.5, 3, 12])), REF.gammainc, 1e-12);
    expectClose(sp.gammaincc(a64([2.5, 0.5, 10]), a64([0.5, 3, 12])), REF.gammaincc, 1e-12);
  });

  it('betainc on both sides of the mean (the swap to 1 − I_{1−x}(b, a)), its edges and its domain', () => {
    expectClose(sp.betainc(a64([0.5, 2, 30, 80, 1.5]), a64([0.5, 3, 40, 2.5, 60]), a64([0.1, 0.5, 0.45, 0.99, 0.001])), REF.betainc, 1e-12);
    expectClose(sp.betainc(a64([2, 2, 2, -1, 2]), a64([3, 3, 3, 1, 0]), a64([0, 1, 1.5, 0.5, 0.5])), [0, 1, NaN, NaN, NaN]);
    // I_x(a, b) = 1 − I_{1−x}(b, a).
    const rng = new Rng(21);
    const a = f64([20], () => rng.uniform(0.2, 20)), b = f64([20], () => rng.uniform(0.2, 20)), x = f64([20], () => rng.uniform(0, 1));
    expectClose(sp.betainc(a, b, x).add(sp.betainc(b, a, np.subtract(1, x))), values(np.onesLike(x)), 1e-13);
  });

  it('xlogy / xlog1py are 0 where x = 0 (xlogy(0, 0) = 0), entr, relEntr and klDiv at their boundaries', () => {
    expectClose(sp.xlogy(a64([0, 0, 2, 3]), a64([0, 5, 0.5, 1e-300])), REF.xlogy, 1e-15);
    expect(values(sp.xlogy(0, 0))).toEqual([0]);
    expectClose(sp.xlog1py(a64([0, 0, 2]), a64([-1, 5, 1e-12])), REF.xlog1py, 1e-15);
    expectClose(sp.entr(a64([0, 0.25, 2, -1])), REF.entr, 1e-15);
    expectClose(sp.relEntr(a64([0.5, 0, 2, 0, -1]), a64([0.25, 3, 0, 0, 1])), REF.rel_entr, 1e-15);
    expectClose(sp.klDiv(a64([0.5, 0, 2, 0]), a64([0.25, 3, 0, 0])), REF.kl_div, 1e-15);
  });

  it('ndtr, logNdtr far in the left tail (−20, −1000) and ndtri far in its tail (1e-10, 1e-300)', () => {
    expectClose(sp.ndtr(a64(REF.ndtr_x)), REF.ndtr, 1e-13);
    expectClose(sp.logNdtr(a64(REF.log_ndtr_x)), REF.log_ndtr, 1e-13, 1e-16);
    expectClose(sp.logNdtr(a64(-20)), -203.91715537109706, 1e-14);
    expectClose(sp.ndtri(a64(REF.ndtri_x)), REF.ndtri, 1e-13, 1e-15);
    expectClose(sp.ndtri(a64(1e-10)), -6.361340902404056, 1e-13);
    expectClose(sp.ndtri(a64([0, 1, -0.5, 1.5])), [-Infinity, Infinity, NaN, NaN]);
    // float32 keeps the tails too (no underflow of Φ, no 2p − 1 rounding to −1).
    expectClose(sp.logNdtr(np.array([-20, -100])), [-203.91715537109706, -5005.524208693056], 1e-6);
    expectClose(sp.ndtri(np.array([1e-10, 1e-30])), [-6.361340902404056, -11.464024988769956], 1e-6);
  });

  it('modified Bessel functions i0, i0e, i1, i1e on both sides of Cephes\' break at 8', () => {
    const x = a64(REF.bessel_x);
    expectClose(sp.i0(x), REF.i0, 1e-13);
    expectClose(sp.i0e(x), REF.i0e, 1e-13);
    expectClose(sp.i1(x), REF.i1, 1e-13);
    expectClose(sp.i1e(x), REF.i1e, 1e-13);
  });

  it('re-exports np\'s functions under scipy\'s names (the same function objects)', () => {
    expect(sp.erf).toBe(np.erf);
    expect(sp.erfc).toBe(np.erfc);
    expect(sp.erfinv).toBe(np.erfinv);
    expect(sp.gammaln).toBe(np.lgamma);
    expect(sp.digamma).toBe(np.digamma);
    expect(sp.expit).toBe(np.expit);
    expect(sp.logit).toBe(np.logit);
    expect(la.det).toBe(np.linalg.det);
  });
});

describe('scipy.special: derivatives (float64 finite differences)', () => {
  const rng = new Rng(5);
  const u = (shape: number[], lo: number, hi: number) => f64(shape, () => rng.uniform(lo, hi));
  it('logsumexp (in a and in b, with negative weights under returnSign), softmax, logSoftmax', () => {
    checkGrad((a, b) => sp.logsumexp(a, { axis: 1, b }), [u([3, 4], -2, 2), u([3, 4], 0.5, 2)], [0, 1]);
    checkGrad((a, b) => sp.logsumexp(a, { b, returnSign: true })[0], [u([4], -2, 2), a64([1, -0.3, 2, -0.5])], [0, 1]);
    checkGrad((a) => sp.softmax(a).mul(a64([1, 2, 3, 4, 5, 6]).reshape([2, 3])), [u([2, 3], -2, 2)], [0]);
    checkGrad((a) => sp.logSoftmax(a, 0).mul(a64([1, 2, 3])), [u([3], -2, 2)], [0]);
  });
  it('gamma, betaln, beta, factorial, comb, multigammaln, polygamma (in x)', () => {
    checkGrad((x) => sp.gamma(x), [a64([0.7, 3.3, -0.4, -2.6])], [0]);
    checkGrad((a, b) => sp.betaln(a, b), [u([4], 0.3, 5), u([4], 0.3, 5)], [0, 1]);
    checkGrad((a, b) => sp.beta(a, b), [u([4], 0.3, 3), u([4], 0.3, 3)], [0, 1]);
    checkGrad((x) => sp.factorial(x), [u([4], 0.2, 5)], [0]);
    checkGrad((n, k) => sp.comb(n, k), [u([4], 6, 9), u([4], 1, 5)], [0, 1]);
    checkGrad((a) => sp.multigammaln(a, 3), [u([3], 1.5, 6)], [0]);
    checkGrad((x) => sp.polygamma(a64([1, 2, 1]), x), [u([3], 0.5, 4)], [0]);
    checkGrad((z, m) => sp.poch(z, m), [u([3], 0.5, 4), u([3], 0.5, 3)], [0, 1]);
    checkGrad((x, q) => sp.zeta(x, q), [u([3], 1.5, 5), u([3], 0.3, 4)], [0, 1]);
    checkGrad((a, x) => sp.gammainc(a, x).add(sp.gammaincc(a, x).mul(2)), [u([3], 0.5, 4), u([3], 0.2, 6)], [1]);
    checkGrad((a, b, x) => sp.betainc(a, b, x), [u([4], 0.5, 6), u([4], 0.5, 6), u([4], 0.05, 0.95)], [0, 1, 2]);
  });
  it('xlogy / xlog1py have JAX\'s derivative rule: at x = 0, ∂/∂x = log y and ∂/∂y = 0', () => {
    checkGrad((x, y) => sp.xlogy(x, y), [u([4], 0.2, 3), u([4], 0.2, 3)], [0, 1]);
    checkGrad((x, y) => sp.xlog1py(x, y), [u([4], 0.2, 3), u([4], -0.5, 3)], [0, 1]);
    const [gx, gy] = grad((x: Tensor, y: Tensor) => np.sum(sp.xlogy(x, y)), { argnums: [0, 1] })(a64([0, 0]), a64([2, 5]));
    expectClose(gx, [Math.log(2), Math.log(5)], 1e-15);
    expectClose(gy, [0, 0]);
    const [hx, hy] = grad((x: Tensor, y: Tensor) => np.sum(sp.xlog1py(x, y)), { argnums: [0, 1] })(a64([0]), a64([1]));
    expectClose(hx, [Math.LN2], 1e-15);
    expectClose(hy, [0]);
    // entr at 0 is 0 with no NaN in the gradient of the other elements.
    expect(values(grad((x: Tensor) => np.sum(sp.entr(x)))(a64([0.5, 2]))).every(Number.isFinite)).toBe(true);
  });
  it('entr, relEntr, klDiv, ndtr, logNdtr (in the far tail too), ndtri (at 1e-10 too), Bessel functions', () => {
    checkGrad((x) => sp.entr(x), [u([4], 0.2, 3)], [0]);
    checkGrad((p, q) => sp.relEntr(p, q), [u([4], 0.2, 3), u([4], 0.2, 3)], [0, 1]);
    checkGrad((p, q) => sp.klDiv(p, q), [u([4], 0.2, 3), u([4], 0.2, 3)], [0, 1]);
    checkGrad((x) => sp.ndtr(x), [a64([-3, -0.5, 0.2, 2.5])], [0]);
    checkGrad((x) => sp.logNdtr(x), [a64([-30, -5, -1.2, -0.8, 0.3, 4])], [0], 1e-7, 1e-4);
    checkGrad((p) => sp.ndtri(p), [a64([0.02, 0.3, 0.6, 0.97])], [0]);
    const g = values(grad((p: Tensor) => np.sum(sp.ndtri(p)))(a64([1e-10])))[0];
    // d Φ⁻¹/dp = 1/φ(Φ⁻¹(p)).
    const x = -6.361340902404056;
    expectClose([g], [Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)], 1e-10);
    checkGrad((x) => sp.i0e(x), [a64([-3, 0.5, 9, 20])], [0]);
    checkGrad((x) => sp.i1e(x), [a64([-3, 0.5, 9, 20])], [0]);
    checkGrad((x) => sp.i1(x), [a64([-3, 0.5, 4])], [0]);
  });
});

// --- scipy.stats -------------------------------------------------------------------------------

describe('scipy.stats: known answers (scipy 1.17.1, float64)', () => {
  const x = a64(REF.st_x), q = a64(REF.st_q);
  const families: [string, Record<string, (...a: never[]) => Tensor>, [number, number]][] = [
    ['norm', st.norm, [0.5, 1.5]], ['laplace', st.laplace, [0.5, 1.5]], ['logistic', st.logistic, [0.5, 1.5]],
    ['cauchy', st.cauchy, [0.5, 1.5]], ['expon', st.expon, [-0.5, 1.5]], ['uniform', st.uniform, [-1, 3]],
  ];
  it.each(families)('%s: every function it has at loc and scale', (name, d, [loc, scale]) => {
    let n = 0;
    for (const fn of ['logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf', 'ppf', 'isf']) {
      const f = d[fn] as ((a: Tensor, l: Tensor, s: Tensor) => Tensor) | undefined;
      if (!f) continue;
      n++;
      expectClose(f(fn === 'ppf' || fn === 'isf' ? q : x, a64(loc), a64(scale)), REF[`${name}.${fn}`], 1e-12, 1e-15, `${name}.${fn}`);
    }
    expect(n).toBeGreaterThanOrEqual(3);
  });
  it('norm\'s log cdf and log sf far in the tails, and NaN for scale ≤ 0 (as scipy)', () => {
    expectClose(st.norm.logcdf(a64([-30, -60]), 1, 2), REF['norm.logcdf_tail'], 1e-13);
    expectClose(st.norm.logsf(a64([30, 60]), 1, 2), REF['norm.logsf_tail'], 1e-13);
    expectClose(st.norm.logpdf(a64([0, 1]), 0, a64([0, -1])), [NaN, NaN]);
    expectClose(st.uniform.cdf(a64([0.5]), 0, -1), [NaN]);
  });
  it('t, beta and gamma (shape parameters broadcast with loc and scale)', () => {
    expectClose(st.t.logpdf(a64([-3, 0.2, 1.3]), a64([3.7, 1, 30]), 0.5, 2), REF['t.logpdf'], 1e-13);
    expectClose(st.beta.logpdf(a64([0.3, 0.9, 1.2, 0]), 2.5, 1.5), REF['beta.logpdf'], 1e-13);
    expectClose(st.beta.logpdf(a64([0.3, 1.4]), 2.5, 1.5, 0.2, 1.5), REF['beta.logpdf_ls'], 1e-13);
    expectClose(st.gamma.logpdf(a64([2.5, 0.05, -1]), 3.2, 0.1, 0.7), REF['gamma.logpdf'], 1e-13);
    expectClose(st.gamma.cdf(a64([2.5, 0.05, -1]), 3.2, 0.1, 0.7), REF['gamma.cdf'], 1e-10);
    expectClose(st.gamma.sf(a64([2.5, 0.05, -1]), 3.2, 0.1, 0.7), REF['gamma.sf'], 1e-10);
    expectClose(st.gamma.logcdf(a64([2.5, 0.5]), 3.2, 0.1, 0.7), REF['gamma.logcdf'], 1e-10);
    expectClose(st.gamma.logsf(a64([2.5, 0.5]), 3.2, 0.1, 0.7), REF['gamma.logsf'], 1e-10);
    expectClose(st.t.logpdf(a64([1]), a64([-1])), [NaN]);
    for (const fn of ['logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf'] as const) {
      expectClose(st.chi2[fn](a64([-1, 0.3, 2.5, 9]), 3.5, -0.2, 1.3), REF[`chi2.${fn}`], 1e-12, 1e-15, `chi2.${fn}`);
    }
    const bx = a64([-0.1, 0.05, 0.3, 0.7, 0.999, 1.3]);
    for (const fn of ['cdf', 'logcdf', 'sf', 'logsf'] as const) {
      expectClose(st.beta[fn](bx, 2.5, 1.5, -0.05, 1.1), REF[`beta.${fn}`], 1e-12, 1e-15, `beta.${fn}`);
    }
  });
  it('bernoulli, poisson and binom (non-integer k has probability 0; loc shifts k)', () => {
    expectClose(st.bernoulli.logpmf(a64([0, 1, 2, 3]), 0.3, 1), REF['bernoulli.logpmf'], 1e-15);
    expectClose(st.bernoulli.cdf(a64([-1, 0, 0.5, 1, 2]), 0.3), REF['bernoulli.cdf'], 1e-15);
    expectClose(st.bernoulli.ppf(a64([0.1, 0.7, 0.71, 1]), 0.3), REF['bernoulli.ppf'], 1e-15);
    expectClose(st.poisson.logpmf(a64([0, 7, 20, -1, 2.5]), 3.3), REF['poisson.logpmf'], 1e-13);
    expectClose(st.poisson.cdf(a64([0, 7, 20, -1, 2.5]), 3.3), REF['poisson.cdf'], 1e-10);
    expectClose(st.poisson.logpmf(a64([2, 9]), 3.3, 2), REF['poisson.logpmf_loc'], 1e-13);
    expectClose(st.binom.logpmf(a64([0, 3, 10, 11, 2.5]), 10, 0.3), REF['binom.logpmf'], 1e-13);
    expectClose(st.binom.pmf(a64([3, 4]), 5, 0.6, 1), REF['binom.pmf_loc'], 1e-13);
    // pmf sums to 1 over the support.
    expectClose([values(st.binom.pmf(np.arange(0, 8).astype('float64'), 7, 0.35)).reduce((a, b) => a + b)], [1], 1e-14);
  });
  it('multivariateNormal: a full covariance, a scalar one (cov·I) and a scalar mean', () => {
    const mean = a64([0.5, -1, 2]), cov = a64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);
    const X = a64([[0, 0, 0], [1, -1, 2.5]]);
    expectClose(st.multivariateNormal.logpdf(X, mean, cov), REF['mvn.logpdf'], 1e-13);
    expectClose(st.multivariateNormal.logpdf(X, mean, 0.7), REF['mvn.logpdf_iso'], 1e-13);
    expectClose(st.multivariateNormal.logpdf(a64([0.3, 1.2]), 0.5, 2), REF['mvn.logpdf_1d'], 1e-13);
    expectClose(st.multivariateNormal.pdf(X, mean, cov), REF['mvn.logpdf'].map(Math.exp), 1e-13);
    // A batch of covariances broadcasts against the points.
    const covs = np.stack([cov, a64([[1, 0, 0], [0, 1, 0], [0, 0, 1]]).mul(0.7)]);
    expectClose(st.multivariateNormal.logpdf(X, mean, covs), [REF['mvn.logpdf'][0], REF['mvn.logpdf_iso'][1]], 1e-13);
  });
});

describe('scipy.stats: identities', () => {
  const rng = new Rng(9);
  const x = f64([40], () => rng.uniform(-3, 3));
  const continuous: [string, Record<string, (...a: never[]) => Tensor>][] = [
    ['norm', st.norm], ['laplace', st.laplace], ['logistic', st.logistic], ['cauchy', st.cauchy], ['expon', st.expon], ['uniform', st.uniform],
  ];
  it.each(continuous)('%s: pdf = exp(logpdf), cdf + sf = 1, logcdf = log cdf, ppf(cdf(x)) = x, isf(sf(x)) = x', (_n, d) => {
    const f = d as unknown as Record<string, (a: Tensor, l?: number, s?: number) => Tensor>;
    const [loc, scale] = [0.3, 1.7];
    if (f.pdf && f.logpdf) expectClose(f.pdf(x, loc, scale), values(np.exp(f.logpdf(x, loc, scale))), 1e-14, 1e-300);
    if (f.sf) expectClose(f.cdf(x, loc, scale).add(f.sf(x, loc, scale)), values(np.onesLike(x)), 1e-15);
    if (f.logcdf) expectClose(np.exp(f.logcdf(x, loc, scale)), values(f.cdf(x, loc, scale)), 1e-14);
    if (f.logsf) expectClose(np.exp(f.logsf(x, loc, scale)), values(f.sf(x, loc, scale)), 1e-14);
    if (f.ppf) {
      const c = values(f.cdf(x, loc, scale));
      // Inside the support only (where the cdf is strictly increasing).
      const keep = c.map((v) => v > 1e-12 && v < 1 - 1e-12);
      const back = values(f.ppf(f.cdf(x, loc, scale), loc, scale));
      expectClose(back.filter((_, i) => keep[i]), values(x).filter((_, i) => keep[i]), 1e-9, 1e-12);
    }
    if (f.isf) {
      const back = values(f.isf(f.sf(x, loc, scale), loc, scale));
      expectClose(back, values(x), 1e-9, 1e-12);
    }
  });
  it('beta: cdf + sf = 1, pdf = exp(logpdf), and the pdf integrates to the cdf', () => {
    const y = f64([30], () => rng.uniform(0.01, 0.99));
    expectClose(st.beta.cdf(y, 2.5, 0.8).add(st.beta.sf(y, 2.5, 0.8)), values(np.onesLike(y)), 1e-13);
    expectClose(st.beta.pdf(y, 2.5, 0.8), values(np.exp(st.beta.logpdf(y, 2.5, 0.8))), 1e-14);
    const xs = np.linspace(0, 0.6, 6001).astype('float64');
    const p = values(st.beta.pdf(xs, 2.5, 3));
    let area = 0;
    for (let i = 1; i < p.length; i++) area += (p[i] + p[i - 1]) * 0.00005;
    expectClose([area], values(st.beta.cdf(a64(0.6), 2.5, 3)), 1e-7);
  });
  it('gamma: cdf + sf = 1; pdf integrates to the cdf (trapezoid rule)', () => {
    const xs = np.linspace(0, 6, 6001).astype('float64');
    const p = values(st.gamma.pdf(xs, 2.5));
    let area = 0;
    for (let i = 1; i < p.length; i++) area += (p[i] + p[i - 1]) * 0.0005;
    expectClose([area], values(st.gamma.cdf(a64(6), 2.5)), 1e-7);
    expectClose(st.gamma.cdf(x.abs(), 1.7).add(st.gamma.sf(x.abs(), 1.7)), values(np.onesLike(x)), 1e-13);
  });
});

describe('scipy.stats: derivatives (float64 finite differences)', () => {
  const rng = new Rng(6);
  const u = (shape: number[], lo: number, hi: number) => f64(shape, () => rng.uniform(lo, hi));
  it('norm (x, loc, scale; logcdf in the tail; ppf in q, loc, scale)', () => {
    checkGrad((x, l, s) => st.norm.logpdf(x, l, s), [u([5], -2, 2), u([5], -1, 1), u([5], 0.5, 2)], [0, 1, 2]);
    checkGrad((x, l, s) => st.norm.logcdf(x, l, s), [a64([-25, -3, 0.5, 4]), u([4], -1, 1), u([4], 0.5, 2)], [0, 1, 2], 1e-7, 1e-5);
    checkGrad((q, l, s) => st.norm.ppf(q, l, s), [u([5], 0.01, 0.99), u([5], -1, 1), u([5], 0.5, 2)], [0, 1, 2]);
  });
  it('t, beta, gamma (including cdf in x), expon, laplace, logistic, cauchy', () => {
    checkGrad((x, df) => st.t.logpdf(x, df, 0.2, 1.3), [u([4], -3, 3), u([4], 0.7, 8)], [0, 1]);
    checkGrad((x, a, b) => st.beta.logpdf(x, a, b), [u([4], 0.1, 0.9), u([4], 0.5, 4), u([4], 0.5, 4)], [0, 1, 2]);
    checkGrad((x, a) => st.gamma.logpdf(x, a, 0, 1.5), [u([4], 0.2, 5), u([4], 0.5, 4)], [0, 1]);
    checkGrad((x) => st.gamma.cdf(x, 2.5), [u([4], 0.2, 5)], [0]);
    checkGrad((x, df) => st.chi2.logpdf(x, df, 0, 1.5).add(st.chi2.sf(x, df)), [u([4], 0.2, 5), u([4], 1, 6)], [0, 1]);
    checkGrad((x) => st.beta.cdf(x, 2.5, 1.5).add(st.beta.logsf(x, 0.7, 3)), [u([4], 0.05, 0.95)], [0]);
    checkGrad((x, s) => st.expon.logsf(x, 0, s).add(st.expon.logcdf(x, 0, s)), [u([4], 0.2, 5), u([4], 0.5, 2)], [0, 1]);
    checkGrad((x) => st.laplace.cdf(x, 0.1, 2), [a64([-2, -0.5, 0.7, 3])], [0]);
    checkGrad((x) => st.logistic.logpdf(x, 0.1, 2).add(st.logistic.cdf(x)), [u([4], -5, 5)], [0]);
    checkGrad((x) => st.cauchy.logcdf(x, 0.1, 2), [u([4], -5, 5)], [0]);
  });
  it('poisson (in mu), binom (in p), bernoulli (in p), multivariateNormal (in x, mean and cov)', () => {
    checkGrad((mu) => st.poisson.logpmf(a64([0, 3, 7]), mu), [u([3], 0.5, 5)], [0]);
    checkGrad((p) => st.binom.logpmf(a64([0, 3, 7]), 7, p), [u([3], 0.1, 0.9)], [0]);
    checkGrad((p) => st.bernoulli.logpmf(a64([0, 1, 1]), p), [u([3], 0.1, 0.9)], [0]);
    const cov = a64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);
    checkGrad((x, m, c) => st.multivariateNormal.logpdf(x, m, c), [u([2, 3], -1, 1), u([3], -1, 1), cov], [0, 1, 2]);
  });
});

// --- scipy.linalg --------------------------------------------------------------------------------

/** Σ_k A^k / k!, 30 terms (converges to float64 for ‖A‖ ≲ 1). */
function expmTaylor(A: number[][]): number[][] {
  const n = A.length;
  const mul = (X: number[][], Y: number[][]) => X.map((r) => Y[0].map((_, j) => r.reduce((s, v, k) => s + v * Y[k][j], 0)));
  let term: number[][] = A.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  const sum = term.map((r) => [...r]);
  for (let k = 1; k < 30; k++) {
    term = mul(term, A).map((r) => r.map((v) => v / k));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sum[i][j] += term[i][j];
  }
  return sum;
}

describe('scipy.linalg: known answers (scipy 1.17.1) and identities', () => {
  const M = a64(REF.lu_M), T = a64(REF.st_T), b = a64([1, 2, 3]);
  it('solveTriangular (lower, trans T, unit diagonal) and cholesky (upper by default)', () => {
    expectClose(la.solveTriangular(T, b, { lower: true }), REF.solve_tri_lower, 1e-14);
    expectClose(la.solveTriangular(T, b, { lower: true, trans: 'T' }), REF.solve_tri_lower_T, 1e-14);
    expectClose(la.solveTriangular(T, b, { lower: true, trans: 1 }), REF.solve_tri_lower_T, 1e-14);
    expectClose(la.solveTriangular(T, b, { lower: true, unitDiagonal: true }), REF.solve_tri_unit, 1e-14);
    // Upper (the default) reads the other triangle: Tᵀ is upper.
    expectClose(la.solveTriangular(T.T, b, { trans: 'T' }), REF.solve_tri_lower, 1e-14);
    const cov = a64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);
    expectClose(la.cholesky(cov), REF.chol_upper, 1e-14, 1e-16);
    expectClose(la.cholesky(cov, { lower: true }), values(la.cholesky(cov).T), 1e-15);
  });
  it('luFactor gives scipy\'s packed LU and 0-based pivots; luSolve and choSolve agree with np.linalg.solve', () => {
    const [lu, piv] = la.luFactor(M);
    expectClose(lu, REF.lu, 1e-14, 1e-16);
    expect(piv.dtype).toBe('int32');
    expect(values(piv)).toEqual(REF.piv);
    expectClose(la.luSolve([lu, piv], b), REF.lu_solve, 1e-13);
    expectClose(la.luSolve([lu, piv], b, { trans: 1 }), REF.lu_solve_t, 1e-13);
    expectClose(la.luSolve([lu, piv], b), values(np.linalg.solve(M, b)), 1e-13);
    const rng = new Rng(3);
    const A = f64([2, 4, 4], () => rng.normal()), B = f64([2, 4, 3], () => rng.normal());
    expectClose(la.luSolve(la.luFactor(A), B), values(np.linalg.solve(A, B)), 1e-11);
    expectClose(la.luSolve(la.luFactor(A), B, { trans: 'T' }), values(np.linalg.solve(np.swapaxes(A, -1, -2), B)), 1e-11);
    const S = np.matmul(A, np.swapaxes(A, -1, -2)).add(np.eye(4).astype('float64'));
    for (const lower of [false, true]) {
      expectClose(la.choSolve(la.choFactor(S, { lower }), B), values(np.linalg.solve(S, B)), 1e-11);
    }
    expectClose(la.solve(S, B, { assumeA: 'pos' }), values(np.linalg.solve(S, B)), 1e-11);
    expectClose(la.solve(M, b), REF.lu_solve, 1e-13);
  });
  it('expm: scipy\'s answer, with squarings (‖4A‖ > θ₁₃), the Taylor series for small A, expm(diag) = diag(exp), e^A·e^−A = I', () => {
    const A = a64(REF.expm_A);
    expectClose(la.expm(A), REF.expm, 1e-13);
    expectClose(la.expm(A.mul(4)), REF.expm_big, 1e-12);
    const rng = new Rng(4);
    const small = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => rng.normal() * 0.2));
    expectClose(la.expm(a64(small)), expmTaylor(small), 1e-14, 1e-15);
    const d = [-3, 0.5, 2, 7];
    expectClose(la.expm(np.diag(a64(d))), values(np.diag(np.exp(a64(d)))), 1e-14);
    const R = np.matmul(la.expm(A.mul(3)), la.expm(A.mul(-3)));
    expectClose(R, values(np.eye(3).astype('float64')), 0, 1e-11);
    // float32 (Padé 7).
    expectClose(la.expm(np.array(REF.expm_A)), REF.expm, 1e-5);
  });
  it('blockDiag places 2-D blocks, rows (1-D) and scalars on the diagonal', () => {
    const out = la.blockDiag(a64([[1, 2]]), a64([3]), a64([[4], [5]]));
    expect(out.shape).toEqual([4, 4]);
    expectClose(out, REF.block_diag);
    expect(la.blockDiag(np.array([[1]], { dtype: 'int32' }), a64(2)).dtype).toBe('float64');
  });
});

describe('scipy.linalg: derivatives (float64 finite differences)', () => {
  const rng = new Rng(8);
  const u = (shape: number[]) => f64(shape, () => rng.normal());
  const T = a64([[2, 0, 0], [1, 3, 0], [-1, 0.5, 4]]);
  it('solveTriangular (in a and b), luSolve and choSolve through their factors, expm (small and large norms), blockDiag', () => {
    checkGrad((a, b) => la.solveTriangular(a, b, { lower: true, trans: 'T' }), [T, u([3, 2])], [0, 1]);
    const M = a64([[1, 2, 3], [4, 5, 6.5], [7, 8.5, 9]]);
    checkGrad((a, b) => la.luSolve(la.luFactor(a), b), [M, u([3])], [0, 1]);
    checkGrad((a, b) => la.luSolve(la.luFactor(a), b, { trans: 1 }), [M, u([3])], [0, 1]);
    const S = a64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);
    checkGrad((a, b) => la.choSolve(la.choFactor(a), b), [S, u([3, 2])], [0, 1]);
    checkGrad((a) => la.expm(a), [u([3, 3]).mul(0.3)], [0]);
    checkGrad((a) => la.expm(a), [u([3, 3]).mul(3)], [0], 1e-7, 1e-6);
    checkGrad((a, b) => la.blockDiag(a, b).mul(a64([[1, 2, 3], [4, 5, 6], [7, 8, 9]])), [u([1, 2]), u([2, 1])], [0, 1]);
  });
});

// --- transformations ----------------------------------------------------------------------------

describe('scipy under jit and vmap', () => {
  it('jit gives the eager values (special, stats, linalg)', () => {
    const rng = new Rng(10);
    const x = f64([3, 4], () => rng.normal()), p = f64([3, 4], () => rng.uniform(0.001, 0.999));
    const f = (a: Tensor, q: Tensor) => [sp.logsumexp(a, { axis: 1, b: q, returnSign: true })[0], sp.ndtri(q), sp.logNdtr(a.mul(10)),
      st.norm.logcdf(a, 0.5, 2), st.gamma.cdf(a.abs(), 2.5), la.expm(a.slice([[0, 3], [0, 3]]).mul(3))];
    const eager = f(x, p), jitted = jit(f)(x, p);
    eager.forEach((e, i) => expectClose(jitted[i], values(e), 1e-13, 1e-300, `output ${i}`));
  });
  it('vmap over a batch axis gives the per-example values', () => {
    const rng = new Rng(12);
    const x = f64([5, 3], () => rng.normal()), loc = f64([5], () => rng.normal());
    const cov = a64([[2, 0.3, 0.1], [0.3, 1, -0.2], [0.1, -0.2, 0.5]]);
    const batched = vmap((xi: Tensor, li: Tensor) => st.multivariateNormal.logpdf(xi, np.broadcastTo(li, [3]), cov))(x, loc);
    const rows = Array.from({ length: 5 }, (_, i) => values(st.multivariateNormal.logpdf(x.slice([i]), np.broadcastTo(loc.slice([i]), [3]), cov))[0]);
    expectClose(batched, rows, 1e-13);
    const As = f64([4, 3, 3], () => rng.normal());
    const e = vmap((a: Tensor) => la.expm(a))(As);
    expectClose(e, values(la.expm(As)), 1e-12);
    const s = vmap((v: Tensor) => sp.logsumexp(v, { b: a64([1, -1, 2]), returnSign: true })[1])(x);
    expectClose(s, Array.from({ length: 5 }, (_, i) => values(sp.logsumexp(x.slice([i]), { b: a64([1, -1, 2]), returnSign: true })[1])[0]));
  });
});

// --- errors ----------------------------------------------------------------------------------

describe('scipy: named errors for bad arguments', () => {
  it('unknown and mistyped options are rejected, naming the operation', () => {
    expect(() => sp.logsumexp(a64([1]), { axes: 0 } as never)).toThrow(errors.ArgumentError);
    expect(() => sp.logsumexp(a64([1]), { axes: 0 } as never)).toThrow(/scipy\.special\.logsumexp: unknown option 'axes'/);
    expect(() => sp.logsumexp(a64([1]), { keepdims: 'yes' } as never)).toThrow(/scipy\.special\.logsumexp/);
    expect(() => sp.factorial(a64([1]), { exact: true } as never)).toThrow(/scipy\.special\.factorial: exact: true .* not supported/);
    expect(() => sp.comb(5, 2, { exact: true } as never)).toThrow(errors.ArgumentError);
    expect(() => la.solveTriangular(a64([[1]]), a64([1]), { trans: 'X' } as never)).toThrow(/scipy\.linalg\.solveTriangular: trans must be/);
    expect(() => la.solveTriangular(a64([[1]]), a64([1]), { overwriteB: true } as never)).toThrow(/unknown option 'overwriteB'/);
    expect(() => la.solve(a64([[1]]), a64([1]), { assumeA: 'diag' } as never)).toThrow(/scipy\.linalg\.solve/);
    expect(() => la.cholesky(a64([[1]]), { upper: true } as never)).toThrow(/scipy\.linalg\.cholesky: unknown option 'upper'/);
  });
  it('shapes that do not broadcast or fit are ShapeErrors naming the operation', () => {
    expect(() => st.norm.logpdf(a64([1, 2, 3]), a64([0, 1]))).toThrow(errors.ShapeError);
    expect(() => st.norm.logpdf(a64([1, 2, 3]), a64([0, 1]))).toThrow(/scipy\.stats\.norm\.logpdf: shapes \[3\] and \[2\]/);
    expect(() => st.multivariateNormal.logpdf(a64([1, 2]), a64([0, 0, 0]), a64([[1, 0], [0, 1]]))).toThrow(/scipy\.stats\.multivariateNormal\.logpdf: x .* must end in the dimension 3/);
    expect(() => st.multivariateNormal.logpdf(a64([1, 2]), a64([0, 0]), a64([1, 1]))).toThrow(/scipy\.stats\.multivariateNormal\.logpdf: cov .* must be a scalar or \[\.\.\., 2, 2\]/);
    expect(() => la.expm(a64([[1, 2, 3], [4, 5, 6]]))).toThrow(/scipy\.linalg\.expm: A must be square/);
    expect(() => la.solveTriangular(a64([[1, 0], [0, 1]]), a64([1, 2, 3]))).toThrow(/scipy\.linalg\.solveTriangular: a .* needs b with 2 rows/);
    expect(() => la.blockDiag(np.zeros([2, 2, 2]))).toThrow(/scipy\.linalg\.blockDiag: argument 0 .* has rank 3/);
  });
  it('wrong argument kinds say what was given', () => {
    expect(() => sp.ndtri('0.5' as never)).toThrow(/scipy\.special\.ndtri/);
    expect(() => st.norm.cdf(a64([0]), { loc: 1 } as never)).toThrow(/scipy\.stats\.norm\.cdf/);
    expect(() => sp.multigammaln(a64([3]), 1.5)).toThrow(/scipy\.special\.multigammaln/);
    expect(() => sp.multigammaln(a64([3]), 0)).toThrow(/scipy\.special\.multigammaln/);
    expect(() => la.choSolve([a64([[1]])] as never, a64([1]))).toThrow(/scipy\.linalg\.choSolve: the first argument must be choFactor's \[c, lower\] pair/);
    expect(() => la.luSolve([a64([[1, 0], [0, 1]]), a64([0, 1])] as never, a64([1, 2]))).toThrow(/scipy\.linalg\.luSolve: piv must be int32/);
    expect(() => sp.softmax(a64([1, 2]), 'last' as never)).toThrow(/scipy\.special\.softmax: axis must be/);
  });
});
