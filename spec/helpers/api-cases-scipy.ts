/**
 * Conformance cases for the scipy namespace (src/scipy: special, stats, linalg): each runs on
 * WebGPU (eager and jit) against the CPU interpreter on float32 inputs drawn from the seeded
 * generator (spec/api-conformance.spec.ts), inside each function's domain and away from its
 * branch points (probabilities in (0.001, 0.999), positive scales and shape parameters,
 * well-conditioned and positive-definite matrices). Aliases of np functions (scipy.special.erf,
 * gammaln, digamma, expit, logit, i0; scipy.linalg.det, inv) are the np functions' objects and are
 * covered by their cases. Compositions with long series or Newton steps (ndtri, lgamma-based
 * densities, igamma-based cdfs, expm) compare to 1e-4.
 */
import { np, scipy, type Tensor } from '../../src/index.js';
import type { Rng } from './check.js';
import { between, binary, f32, normal, positive, S, unary, type Gen } from './api-generators.js';
import type { ApiCase } from './api-conformance-cases.js';
import { spd, wellConditioned } from './linalg-cases.js';

const sp = scipy.special, st = scipy.stats, la = scipy.linalg;
const R = [4, 6];
const prob = between(0.001, 0.999);
const scale = between(0.5, 2);
/** Integers 0..hi−1 as float32 (the support of the discrete distributions). */
const counts = (hi: number): Gen => (r, s) => f32(s, () => r.int(0, hi));
/** x, loc [5], scale [5]: loc and scale broadcast against x [3, 5]. */
const locScaleArgs = (x: Gen) => (r: Rng): Tensor[] => [x(r, S), normal(r, [5]), scale(r, [5])];
const spd32 = (r: Rng, batch: number[], n: number) => spd(r, batch, n).astype('float32');
const wc32 = (r: Rng, batch: number[], n: number) => wellConditioned(r, batch, n, n).astype('float32');

// --- scipy.special -----------------------------------------------------------------------------

const special: ApiCase[] = [
  unary('scipy.special.logsumexp (all)', (x) => sp.logsumexp(x), normal, 1e-5, R),
  unary('scipy.special.logsumexp (axis 1, keepdims)', (x) => sp.logsumexp(x, { axis: 1, keepdims: true }), normal, 1e-5, R),
  {
    name: 'scipy.special.logsumexp (b, returnSign)', fn: (x, b) => sp.logsumexp(x, { axis: 0, b, returnSign: true }),
    args: (r) => [normal(r, R), normal(r, [6])], tol: 1e-4,
  },
  unary('scipy.special.softmax (all)', (x) => sp.softmax(x), normal, 1e-5, R),
  unary('scipy.special.softmax (axis 1)', (x) => sp.softmax(x, 1), normal, 1e-5, R),
  unary('scipy.special.logSoftmax (axis 0)', (x) => sp.logSoftmax(x, 0), normal, 1e-5, R),
  unary('scipy.special.gamma', sp.gamma, (r, s) => f32(s, () => r.int(-3, 4) + r.uniform(0.1, 0.9)), 1e-4),
  binary('scipy.special.betaln', sp.betaln, positive, positive, 1e-4),
  // Stirling's branches: max(a, b) ≥ 8 (a < 8 ≤ b, and both ≥ 8).
  binary('scipy.special.betaln (large)', sp.betaln, between(0.5, 30), between(8, 500), 1e-4),
  binary('scipy.special.beta', sp.beta, positive, positive, 1e-4),
  unary('scipy.special.factorial', sp.factorial, between(-1, 8), 1e-4),
  { name: 'scipy.special.comb', fn: (n, k) => sp.comb(n, k), args: (r) => [counts(12)(r, S), counts(8)(r, [5])], tol: 1e-4 },
  { name: 'scipy.special.comb (repetition)', fn: (n, k) => sp.comb(n, k, { repetition: true }), args: (r) => [counts(8)(r, S), counts(5)(r, [5])], tol: 1e-4 },
  unary('scipy.special.multigammaln', (a) => sp.multigammaln(a, 3), between(1.5, 6), 1e-4),
  binary('scipy.special.zeta', sp.zeta, between(1.2, 6), between(0.2, 4), 1e-4),
  binary('scipy.special.gammainc', sp.gammainc, between(0.5, 5), between(0.1, 8), 1e-4),
  binary('scipy.special.gammaincc', sp.gammaincc, between(0.5, 5), between(0.1, 8), 1e-4),
  {
    // Temme's uniform expansion: a > 20 with |x − a| < 0.3a.
    name: 'scipy.special.gammainc (large a, x near a)', fn: (a, t) => sp.gammainc(a, a.mul(t)),
    args: (r) => [between(25, 400)(r, S), between(0.75, 1.25)(r, S)], tol: 1e-4,
  },
  unary('scipy.special.gammasgn', sp.gammasgn, (r, s) => f32(s, () => r.int(-3, 4) + r.uniform(0.1, 0.9))),
  binary('scipy.special.poch', sp.poch, between(0.3, 4), between(-0.2, 3), 1e-4),
  {
    name: 'scipy.special.betainc', fn: (a, b, x) => sp.betainc(a, b, x),
    args: (r) => [between(0.5, 8)(r, S), between(0.5, 8)(r, [5]), between(0.02, 0.98)(r, S)], tol: 1e-4,
  },
  { name: 'scipy.special.polygamma', fn: (n, x) => sp.polygamma(n, x), args: (r) => [counts(3)(r, S), between(0.5, 5)(r, [5])], tol: 1e-4 },
  // Exact zeros in x (about one in four): the x = 0 branch on both backends.
  binary('scipy.special.xlogy', sp.xlogy, (r, s) => f32(s, () => (r.uniform() < 0.25 ? 0 : r.normal())), positive),
  binary('scipy.special.xlog1py', sp.xlog1py, (r, s) => f32(s, () => (r.uniform() < 0.25 ? 0 : r.normal())), between(-0.9, 3)),
  unary('scipy.special.entr', sp.entr, (r, s) => f32(s, () => (r.uniform() < 0.2 ? 0 : r.uniform(-0.5, 3)))),
  binary('scipy.special.relEntr', sp.relEntr, (r, s) => f32(s, () => (r.uniform() < 0.2 ? 0 : r.uniform(0.1, 2))), between(0.1, 2)),
  binary('scipy.special.klDiv', sp.klDiv, (r, s) => f32(s, () => (r.uniform() < 0.2 ? 0 : r.uniform(0.1, 2))), between(0.1, 2)),
  unary('scipy.special.ndtr', sp.ndtr, between(-6, 6)),
  unary('scipy.special.logNdtr', sp.logNdtr, between(-30, 6), 1e-5),
  unary('scipy.special.ndtri', sp.ndtri, (r, s) => f32(s, () => (r.uniform() < 0.3 ? 10 ** r.uniform(-20, -3) : r.uniform(0.001, 0.999))), 1e-4),
  unary('scipy.special.i0e', sp.i0e, between(-20, 20), 1e-4),
  unary('scipy.special.i1e', sp.i1e, between(-20, 20), 1e-4),
  unary('scipy.special.i1', sp.i1, between(-10, 10), 1e-4),
];

// --- scipy.stats ---------------------------------------------------------------------------------

/** Cases for a location-scale distribution's functions of x (and of q for ppf / isf). */
function locScaleCases(name: string, d: Record<string, (x: Tensor, loc: Tensor, scale: Tensor) => Tensor>, xGen: Gen, tol = 1e-4): ApiCase[] {
  return Object.entries(d).map(([fn, f]) => ({
    name: `scipy.stats.${name}.${fn} (loc, scale)`, fn: (x: Tensor, l: Tensor, s: Tensor) => f(x, l, s),
    args: locScaleArgs(fn === 'ppf' || fn === 'isf' ? prob : xGen), tol,
  }));
}

const stats: ApiCase[] = [
  ...locScaleCases('norm', st.norm, between(-4, 4)),
  ...locScaleCases('uniform', st.uniform, between(-3, 4)),
  ...locScaleCases('laplace', st.laplace, between(-4, 4)),
  ...locScaleCases('logistic', st.logistic, between(-6, 6)),
  ...locScaleCases('cauchy', st.cauchy, between(-8, 8)),
  ...locScaleCases('expon', st.expon, between(-1, 6)),
  unary('scipy.stats.norm.logpdf (standard)', (x) => st.norm.logpdf(x), normal),
  ...(['logpdf', 'pdf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.t.${fn} (df, loc, scale)`, fn: (x, df, l, s) => st.t[fn](x, df, l, s),
    args: (r) => [between(-5, 5)(r, S), between(0.5, 10)(r, [5]), normal(r, [5]), scale(r, [5])], tol: 1e-4,
  })),
  ...(['logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.beta.${fn} (a, b, loc, scale)`, fn: (x, a, b, l, s) => st.beta[fn](x, a, b, l, s),
    args: (r) => [between(-0.2, 1.2)(r, S), between(0.5, 4)(r, [5]), between(0.5, 4)(r, [5]), between(-0.1, 0.1)(r, [5]), between(0.8, 1.2)(r, [5])], tol: 1e-4,
  })),
  ...(['logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.gamma.${fn} (a, loc, scale)`, fn: (x, a, l, s) => st.gamma[fn](x, a, l, s),
    args: (r) => [between(-0.5, 6)(r, S), between(0.5, 5)(r, [5]), between(-0.2, 0.2)(r, [5]), scale(r, [5])], tol: 1e-4,
  })),
  ...(['logpdf', 'pdf', 'cdf', 'logcdf', 'sf', 'logsf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.chi2.${fn} (df, loc, scale)`, fn: (x, df, l, s) => st.chi2[fn](x, df, l, s),
    args: (r) => [between(-0.5, 8)(r, S), between(0.5, 8)(r, [5]), between(-0.2, 0.2)(r, [5]), scale(r, [5])], tol: 1e-4,
  })),
  ...(['logpmf', 'pmf', 'cdf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.bernoulli.${fn} (p, loc)`, fn: (k, p, l) => st.bernoulli[fn](k, p, l),
    args: (r) => [counts(4)(r, S), prob(r, [5]), counts(2)(r, [5])],
  })),
  binary('scipy.stats.bernoulli.ppf', st.bernoulli.ppf, prob, prob),
  ...(['logpmf', 'pmf', 'cdf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.poisson.${fn} (mu, loc)`, fn: (k, mu, l) => st.poisson[fn](k, mu, l),
    args: (r) => [counts(10)(r, S), between(0.2, 6)(r, [5]), counts(2)(r, [5])], tol: 1e-4,
  })),
  ...(['logpmf', 'pmf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.binom.${fn} (n, p, loc)`, fn: (k, n, p, l) => st.binom[fn](k, n, p, l),
    args: (r) => [counts(10)(r, S), counts(9)(r, [5]), prob(r, [5]), counts(2)(r, [5])], tol: 1e-4,
  })),
  ...(['logpdf', 'pdf'] as const).map((fn): ApiCase => ({
    name: `scipy.stats.multivariateNormal.${fn} (batched x)`, fn: (x, m, c) => st.multivariateNormal[fn](x, m, c),
    args: (r) => [normal(r, [5, 3]), normal(r, [3]), spd32(r, [], 3)], tol: 1e-4,
  })),
  {
    name: 'scipy.stats.multivariateNormal.logpdf (batched cov)', fn: (x, m, c) => st.multivariateNormal.logpdf(x, m, c),
    args: (r) => [normal(r, [2, 4]), normal(r, [4]), spd32(r, [2], 4)], tol: 1e-4,
  },
];

// --- scipy.linalg --------------------------------------------------------------------------------

/** A triangular matrix with diagonal entries in ±[1, 2] (well conditioned). */
const triangular = (r: Rng, n: number, lower: boolean): Tensor => {
  const m = normal(r, [n, n]).mul(0.3);
  const d = np.diag(f32([n], () => r.sign() * r.uniform(1, 2)));
  return (lower ? np.tril(m, -1) : np.triu(m, 1)).add(d);
};

const linalg: ApiCase[] = [
  { name: 'scipy.linalg.solveTriangular (upper)', fn: (a, b) => la.solveTriangular(a, b), args: (r) => [triangular(r, 4, false), normal(r, [4, 3])], tol: 1e-4 },
  {
    name: 'scipy.linalg.solveTriangular (lower, trans T, vector b)', fn: (a, b) => la.solveTriangular(a, b, { lower: true, trans: 'T' }),
    args: (r) => [triangular(r, 4, true), normal(r, [4])], tol: 1e-4,
  },
  unary('scipy.linalg.cholesky (upper)', (a) => la.cholesky(a), (r) => spd32(r, [2], 4), 1e-4),
  unary('scipy.linalg.choFactor (lower)', (a) => la.choFactor(a, { lower: true })[0], (r) => spd32(r, [], 4), 1e-4),
  { name: 'scipy.linalg.choSolve (upper)', fn: (a, b) => la.choSolve(la.choFactor(a), b), args: (r) => [spd32(r, [], 4), normal(r, [4, 2])], tol: 1e-4 },
  { name: 'scipy.linalg.choSolve (lower, vector b)', fn: (a, b) => la.choSolve(la.choFactor(a, { lower: true }), b), args: (r) => [spd32(r, [], 4), normal(r, [4])], tol: 1e-4 },
  unary('scipy.linalg.luFactor', (a) => la.luFactor(a), (r) => wc32(r, [2], 4), 1e-4),
  { name: 'scipy.linalg.luSolve', fn: (a, b) => la.luSolve(la.luFactor(a), b), args: (r) => [wc32(r, [], 4), normal(r, [4, 2])], tol: 1e-4 },
  { name: 'scipy.linalg.luSolve (trans 1, batched)', fn: (a, b) => la.luSolve(la.luFactor(a), b, { trans: 1 }), args: (r) => [wc32(r, [2], 3), normal(r, [2, 3, 2])], tol: 1e-4 },
  { name: 'scipy.linalg.solve', fn: (a, b) => la.solve(a, b), args: (r) => [wc32(r, [], 4), normal(r, [4])], tol: 1e-4 },
  { name: 'scipy.linalg.solve (assumeA pos)', fn: (a, b) => la.solve(a, b, { assumeA: 'pos' }), args: (r) => [spd32(r, [], 4), normal(r, [4, 2])], tol: 1e-4 },
  unary('scipy.linalg.expm (small norm)', (a) => la.expm(a), (r, s) => normal(r, s).mul(0.3), 1e-4, [3, 3]),
  // A 1-norm of several θ: a few squarings, batched.
  unary('scipy.linalg.expm (squarings, batched)', (a) => la.expm(a), (r, s) => normal(r, s).mul(2), 1e-4, [2, 3, 3]),
  { name: 'scipy.linalg.blockDiag', fn: (a, b, c) => la.blockDiag(a, b, c), args: (r) => [normal(r, [2, 3]), normal(r, [2]), normal(r, [])] },
];

export const SCIPY_CASES: ApiCase[] = [...special, ...stats, ...linalg];
