/**
 * scipy.special (jax.scipy.special names in camelCase): log-sum-exp with weights and signs, the
 * gamma family, the error function and the normal distribution function with its inverse and an
 * accurate log, information-theory terms (xlogy, entr, relEntr, klDiv) with JAX's gradients,
 * modified Bessel functions, polygamma. Elementwise compositions of the lax primitives, so they
 * differentiate, vmap and jit; each piecewise branch is evaluated at a safe argument where it is
 * not selected, so the branch not taken puts no NaN into a gradient. Functions that np already
 * has (erf, erfc, erfinv, gammaln = np.lgamma, digamma, expit, logit, i0) are the same function
 * objects.
 */
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { lgamma } from '../numpy/gamma.js';
import { softmaxOver } from '../nn/softmax.js';
import type { ArrayLike } from '../numpy/creation.js';
import { and, axesArg, floatArg, floatArgs, isInteger, k } from './args.js';
import { betaincOf, betalnOf, logNdtrOf, ndtriOf, ndtrOf, xlog1pyCore, xlogyCore } from './core.js';

export { erf, erfc, erfinv } from '../numpy/special.js';
export { lgamma as gammaln, digamma, expit, logit } from '../numpy/gamma.js';
export { i0 } from '../numpy/array-api.js';

// --- logsumexp, softmax --------------------------------------------------------------------------

/** The options of {@link logsumexp} (jax.scipy.special.logsumexp's keyword arguments). */
export interface LogsumexpOptions {
  /** The axis or axes to reduce; null or omitted: every axis. */
  axis?: number | number[] | null;
  /** Weights: log Σ b·exp(a), b broadcast against a (may be negative: see returnSign). */
  b?: ArrayLike;
  /** Keep the reduced axes with size 1. */
  keepdims?: boolean;
  /** Return [log |Σ b·exp(a)|, sign] instead of NaN for a negative sum. */
  returnSign?: boolean;
}

const LSE_KEYS = ['axis', 'b', 'keepdims', 'returnSign'] as const;

/**
 * log Σ b·exp(a) over `axis` without overflow (jax.scipy.special.logsumexp): optional weights `b`,
 * and `returnSign` for sums that may be negative ([log|sum|, sign]; without it a negative sum is NaN).
 * @example
 * scipy.special.logsumexp(np.array([1, 2, 3])); // → 3.4076059644
 * scipy.special.logsumexp(np.array([[0, 0], [1, 1]]), { axis: 1 }); // → [Math.LN2, 1 + Math.LN2]
 * scipy.special.logsumexp(np.array([0, 0]), { b: np.array([2, -1]), returnSign: true }); // → [0, 1]
 * scipy.special.logsumexp(np.array([0, 0]), { b: np.array([1, -2]), returnSign: true }); // → [0, -1]
 */
export function logsumexp(a: ArrayLike, options: LogsumexpOptions & { returnSign: true }): [Tensor, Tensor];
export function logsumexp(a: ArrayLike, options?: LogsumexpOptions & { returnSign?: false }): Tensor;
export function logsumexp(a: ArrayLike, options?: LogsumexpOptions): Tensor | [Tensor, Tensor];
export function logsumexp(a: ArrayLike, options?: LogsumexpOptions): Tensor | [Tensor, Tensor] {
  const op = 'scipy.special.logsumexp';
  const o = validate.options<LogsumexpOptions>(op, options, LSE_KEYS, '{ axis: -1, b: weights, keepdims: true, returnSign: true }');
  const keepdims = o.keepdims === undefined ? false : validate.boolean(op, 'keepdims', o.keepdims);
  const returnSign = o.returnSign === undefined ? false : validate.boolean(op, 'returnSign', o.returnSign);
  const hasB = o.b !== undefined;
  const [x, b] = hasB ? floatArgs(op, [a, o.b!], ['a', 'b']) : [floatArg(op, a, 'a'), undefined];
  const axes = axesArg(op, o.axis, x.ndim);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const kept = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const back = (r: Tensor) => lax.broadcastInDim(r, x.shape, kept);
  // The shift: the largest term with a non-zero weight, 0 where that is ±∞ (no gradient: the result does not depend on it).
  const live = b ? lax.where(lax.compare(b, k(b, 0), 'ne'), x, k(x, -Infinity)) : x;
  let amax = x.size === 0 ? lax.full(kept.map((i) => x.shape[i]), 0, x.dtype) : lax.reduceMax(live, axes);
  amax = lax.stopGradient(lax.where(lax.isFinite(amax), amax, k(amax, 0)));
  let e = lax.exp(lax.sub(x, back(amax)));
  if (b) e = lax.mul(e, b);
  const sum = lax.reduceSum(e, axes);
  const sign = lax.sign(sum);
  let out = lax.add(lax.log(lax.abs(sum)), amax);
  if (b && !returnSign) out = lax.where(lax.compare(sign, k(sign, 0), 'lt'), k(out, NaN), out);
  const shape = (t: Tensor) => (keepdims ? lax.reshape(t, keptShape) : t);
  return returnSign ? [shape(out), shape(sign)] : shape(out);
}

function softmaxAxes(op: string, x: Tensor, axis: unknown): number[] {
  return axesArg(op, axis, x.ndim);
}

/**
 * exp(x) / Σ exp(x) over `axis` (scipy.special.softmax: every axis when axis is null or omitted;
 * jax.nn.softmax's default is the last axis instead).
 * @example
 * scipy.special.softmax(np.array([0, Math.log(3)])); // → [0.25, 0.75]
 * scipy.special.softmax(np.array([[0, 0], [0, 0]])); // → [[0.25, 0.25], [0.25, 0.25]]
 * scipy.special.softmax(np.array([[0, 0], [0, 0]]), 1); // → [[0.5, 0.5], [0.5, 0.5]]
 */
export function softmax(x: ArrayLike, axis: number | number[] | null = null): Tensor {
  const op = 'scipy.special.softmax';
  const t = floatArg(op, x, 'x');
  return softmaxOver(t, softmaxAxes(op, t, axis));
}

/**
 * log softmax over `axis` (every axis when null or omitted, as scipy.special.log_softmax):
 * x − logsumexp(x), stable.
 * @example scipy.special.logSoftmax(np.array([0, 0])); // → [-Math.LN2, -Math.LN2]
 */
export function logSoftmax(x: ArrayLike, axis: number | number[] | null = null): Tensor {
  const op = 'scipy.special.logSoftmax';
  const t = floatArg(op, x, 'x');
  const axes = softmaxAxes(op, t, axis);
  if (t.size === 0) return t;
  const kept = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const back = (r: Tensor) => lax.broadcastInDim(r, t.shape, kept);
  const shifted = lax.sub(t, back(lax.stopGradient(lax.reduceMax(t, axes))));
  return lax.sub(shifted, back(lax.log(lax.reduceSum(lax.exp(shifted), axes))));
}

// --- gamma family ----------------------------------------------------------------------------------

/** The sign of Γ(x): 1 for x > 0, (−1)^⌈−x⌉ for negative non-integers, NaN at the poles 0, −1, … (as scipy's gammasgn; ±0 → ±1). */
function gammaSign(x: Tensor): Tensor {
  const neg = lax.compare(x, k(x, 0), 'lt');
  const fl = lax.floor(x);
  const odd = lax.compare(lax.sub(fl, lax.mul(k(x, 2), lax.floor(lax.mul(fl, k(x, 0.5))))), k(x, 1), 'eq');
  const negSign = lax.where(odd, k(x, -1), k(x, 1));
  const pole = and(neg, isInteger(x));
  const zero = lax.compare(x, k(x, 0), 'eq');
  // ±0: the sign bit (1/x is ±∞).
  const zeroSign = lax.sign(lax.div(k(x, 1), lax.where(zero, x, k(x, 1))));
  return lax.where(pole, k(x, NaN), lax.where(zero, zeroSign, lax.where(neg, negSign, k(x, 1))));
}

/**
 * The gamma function Γ(x), with its sign for negative x (exp(gammaln) · sign): ∞ at 0, NaN at the
 * negative integers (scipy.special.gamma).
 * @example scipy.special.gamma(np.array([5, 0.5, -0.5, -1.5])); // → [24, Math.sqrt(Math.PI), -2 * Math.sqrt(Math.PI), 4 / 3 * Math.sqrt(Math.PI)]
 */
export function gamma(x: ArrayLike): Tensor {
  const t = floatArg('scipy.special.gamma', x, 'x');
  return lax.mul(gammaSign(t), lax.exp(lgamma(t)));
}

/**
 * log |B(a, b)| = gammaln(a) + gammaln(b) − gammaln(a + b) (jax.scipy.special.betaln), without
 * their cancellation when max(a, b) ≥ 8 (Stirling's series for the ratio, as JAX's algdiv):
 * betaln(1e10, 2) is accurate to float64 rounding.
 * @example scipy.special.betaln(np.array([1, 2]), np.array([1, 3])); // → [0, Math.log(1 / 12)]
 */
export function betaln(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = floatArgs('scipy.special.betaln', [a, b], ['a', 'b']);
  return betalnOf(x, y);
}

/**
 * The beta function B(a, b) = Γ(a)Γ(b)/Γ(a + b), with its sign (jax.scipy.special.beta).
 * @example scipy.special.beta(np.array([1, 2, -0.5]), np.array([1, 3, 2])); // → [1, 1 / 12, -4]
 */
export function beta(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = floatArgs('scipy.special.beta', [a, b], ['a', 'b']);
  const s = lax.mul(lax.mul(gammaSign(x), gammaSign(y)), gammaSign(lax.add(x, y)));
  return lax.mul(s, lax.exp(betalnOf(x, y)));
}

/**
 * The regularised incomplete beta function I_x(a, b) = B(x; a, b)/B(a, b) (jax.scipy.special.betainc):
 * a continued fraction (60 Lentz steps) on the faster side of the mean; NaN for a ≤ 0, b ≤ 0 or x
 * outside [0, 1]. Differentiable in x (and, through the fraction, in a and b).
 * @example scipy.special.betainc(np.array([1, 2, 0.5]), np.array([1, 3, 0.5]), np.array([0.3, 0.5, 0.5])); // → [0.3, 0.6875, 0.5]
 */
export function betainc(a: ArrayLike, b: ArrayLike, x: ArrayLike): Tensor {
  const [at, bt, xt] = floatArgs('scipy.special.betainc', [a, b, x], ['a', 'b', 'x']);
  return betaincOf(at, bt, xt);
}

/**
 * n! as a float, Γ(n + 1) (0 for n < 0), as jax.scipy.special.factorial / scipy's exact=False;
 * non-integers give Γ(n + 1) too. `exact: true` is not supported (JAX has no exact mode either).
 * @example scipy.special.factorial(np.array([0, 5, -1])); // → [1, 120, 0]
 */
export function factorial(n: ArrayLike, options?: { exact?: false }): Tensor {
  const op = 'scipy.special.factorial';
  const o = validate.options<{ exact?: boolean }>(op, options, ['exact'], '{ exact: false }');
  if (o.exact !== undefined && validate.boolean(op, 'exact', o.exact)) {
    throw new ArgumentError(`${op}: exact: true (integer arithmetic) is not supported, as in JAX; use the float result (exact: false).`);
  }
  const t = floatArg(op, n, 'n');
  const neg = lax.compare(t, k(t, 0), 'lt');
  return lax.where(neg, k(t, 0), lax.exp(lgamma(lax.where(neg, k(t, 0), lax.add(t, k(t, 1))))));
}

/**
 * The binomial coefficient C(N, k) as a float, exp(gammaln(N+1) − gammaln(k+1) − gammaln(N−k+1))
 * (scipy.special.comb with exact=False: 0 where k > N, N < 0 or k < 0; `repetition` counts
 * multisets, C(N + k − 1, k)). jax.scipy.special has no comb; this follows scipy.
 * @example
 * scipy.special.comb(np.array([5, 10, 5]), np.array([2, 3, 6])); // → [10, 120, 0]
 * scipy.special.comb(3, 2, { repetition: true }); // → 6
 */
export function comb(N: ArrayLike, kk: ArrayLike, options?: { exact?: false; repetition?: boolean }): Tensor {
  const op = 'scipy.special.comb';
  const o = validate.options<{ exact?: boolean; repetition?: boolean }>(op, options, ['exact', 'repetition'], '{ repetition: true }');
  if (o.exact !== undefined && validate.boolean(op, 'exact', o.exact)) {
    throw new ArgumentError(`${op}: exact: true (integer arithmetic) is not supported; use the float result (exact: false).`);
  }
  const repetition = o.repetition === undefined ? false : validate.boolean(op, 'repetition', o.repetition);
  let [n, r] = floatArgs(op, [N, kk], ['N', 'k']);
  if (repetition) n = lax.sub(lax.add(n, r), k(n, 1));
  const ok = and(and(lax.compare(r, n, 'le'), lax.compare(n, k(n, 0), 'ge')), lax.compare(r, k(r, 0), 'ge'));
  const ns = lax.where(ok, n, k(n, 1)), rs = lax.where(ok, r, k(r, 0));
  const one = k(n, 1);
  const v = lax.exp(lax.sub(lax.sub(lgamma(lax.add(ns, one)), lgamma(lax.add(rs, one))), lgamma(lax.add(lax.sub(ns, rs), one))));
  return lax.where(ok, v, k(v, 0));
}

/**
 * The log of the multivariate gamma function Γ_d(a) = π^(d(d−1)/4) Π_j Γ(a − (j−1)/2), for an
 * integer d ≥ 1 (jax.scipy.special.multigammaln).
 * @example scipy.special.multigammaln(np.array([2.5]), 2); // → [0.8570478133976193]
 */
export function multigammaln(a: ArrayLike, d: number): Tensor {
  const op = 'scipy.special.multigammaln';
  const dim = validate.integer(op, 'd', d, { min: 1 });
  const t = floatArg(op, a, 'a');
  let acc = k(t, (dim * (dim - 1) / 4) * Math.log(Math.PI));
  for (let j = 0; j < dim; j++) acc = lax.add(acc, lgamma(lax.sub(t, k(t, j / 2))));
  return acc;
}

/**
 * The polygamma function ψ⁽ⁿ⁾(x) for integer n ≥ 0 (jax.scipy.special.polygamma; n = 0 is
 * digamma), n and x broadcast; NaN where n is not a non-negative integer.
 * @example scipy.special.polygamma(1, np.array([1, 2])); // → [Math.PI ** 2 / 6, Math.PI ** 2 / 6 - 1]
 */
export function polygamma(n: ArrayLike, x: ArrayLike): Tensor {
  const [m, t] = floatArgs('scipy.special.polygamma', [n, x], ['n', 'x']);
  return lax.polygamma(m, t);
}

// Bernoulli numbers B₂ … B₁₆ over (2j)!: the coefficients of the Euler–Maclaurin tail of ζ(s, q).
const BERNOULLI_OVER_FACTORIAL = [1 / 6 / 2, -1 / 30 / 24, 1 / 42 / 720, -1 / 30 / 40320, 5 / 66 / 3628800,
  -691 / 2730 / 479001600, 7 / 6 / 87178291200, -3617 / 510 / 20922789888000];

/**
 * The Hurwitz zeta function ζ(x, q) = Σ_{k≥0} (q + k)^−x for x > 1 and q > 0 (jax.scipy.special.zeta;
 * ζ(x, 1) is Riemann's): ∞ at x = 1, NaN for x < 1 and, unlike scipy's special cases, for q ≤ 0.
 * Ten terms and an Euler–Maclaurin tail of eight Bernoulli terms (float64 accuracy).
 * @example scipy.special.zeta(np.array([2, 4]), 1); // → [Math.PI ** 2 / 6, Math.PI ** 4 / 90]
 */
export function zeta(x: ArrayLike, q: ArrayLike): Tensor {
  const [s0, q0] = floatArgs('scipy.special.zeta', [x, q], ['x', 'q']);
  const valid = and(lax.compare(s0, k(s0, 1), 'gt'), lax.compare(q0, k(q0, 0), 'gt'));
  const s = lax.where(valid, s0, k(s0, 2)), z0 = lax.where(valid, q0, k(q0, 1));
  const negS = lax.neg(s);
  let acc = k(s, 0);
  for (let i = 0; i < 10; i++) acc = lax.add(acc, lax.pow(lax.add(z0, k(z0, i)), negS));
  const z = lax.add(z0, k(z0, 10));
  const zs = lax.pow(z, negS);
  acc = lax.add(acc, lax.add(lax.div(lax.mul(zs, z), lax.sub(s, k(s, 1))), lax.mul(zs, k(zs, 0.5))));
  // Σ_j B₂ⱼ/(2j)! · s(s+1)…(s+2j−2) · z^(−s−2j+1).
  let rising = s, power = lax.div(zs, z);
  const zi2 = lax.div(k(z, 1), lax.mul(z, z));
  BERNOULLI_OVER_FACTORIAL.forEach((b, j) => {
    if (j > 0) {
      rising = lax.mul(rising, lax.mul(lax.add(s, k(s, 2 * j - 1)), lax.add(s, k(s, 2 * j))));
      power = lax.mul(power, zi2);
    }
    acc = lax.add(acc, lax.mul(lax.mul(rising, power), k(power, b)));
  });
  const one = lax.compare(s0, k(s0, 1), 'eq');
  return lax.where(valid, acc, lax.where(and(one, lax.compare(q0, k(q0, 0), 'gt')), k(acc, Infinity), k(acc, NaN)));
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a) (jax.scipy.special.gammainc;
 * lax.igamma with a and x broadcast and promoted).
 * @example scipy.special.gammainc(1, np.array([0, 1])); // → [0, 1 - Math.exp(-1)]
 */
export function gammainc(a: ArrayLike, x: ArrayLike): Tensor {
  const [at, xt] = floatArgs('scipy.special.gammainc', [a, x], ['a', 'x']);
  return lax.igamma(at, xt);
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x) (jax.scipy.special.gammaincc).
 * @example scipy.special.gammaincc(1, np.array([0, 1])); // → [1, Math.exp(-1)]
 */
export function gammaincc(a: ArrayLike, x: ArrayLike): Tensor {
  const [at, xt] = floatArgs('scipy.special.gammaincc', [a, x], ['a', 'x']);
  return lax.igammac(at, xt);
}

/**
 * The sign of Γ(x): 1 for x > 0, ±1 alternating between the negative integers, NaN at them, ±1 at ±0
 * (jax.scipy.special.gammasgn).
 * @example scipy.special.gammasgn(np.array([2, -0.5, -1.5, -1])); // → [1, -1, 1, NaN]
 */
export function gammasgn(x: ArrayLike): Tensor {
  return gammaSign(floatArg('scipy.special.gammasgn', x, 'x'));
}

/**
 * The rising factorial (Pochhammer symbol) (z)ₘ = Γ(z + m)/Γ(z), with its sign (jax.scipy.special.poch);
 * 1 for m = 0 whatever z (the empty product), as JAX and scipy.
 * @example scipy.special.poch(np.array([3, 2.5, -1.5]), np.array([2, 1.5, 2])); // → [12, 4.513516668382049, 0.75]
 */
export function poch(z: ArrayLike, m: ArrayLike): Tensor {
  const [zt, mt] = floatArgs('scipy.special.poch', [z, m], ['z', 'm']);
  const zm = lax.add(zt, mt);
  const sign = lax.mul(gammaSign(zm), gammaSign(zt));
  // m = 0 is the empty product, 1 whatever z (JAX: where(m == 0, 1, ...)); Γ(0)/Γ(0) would be NaN.
  return lax.where(lax.compare(mt, k(mt, 0), 'eq'), k(zt, 1), lax.mul(sign, lax.exp(lax.sub(lgamma(zm), lgamma(zt)))));
}

// --- xlogy and friends --------------------------------------------------------------------------

/**
 * x·log(y), 0 where x = 0 whatever y (jax.scipy.special.xlogy), with JAX's derivative rule:
 * ∂/∂x = log y, ∂/∂y = x/y.
 * @example scipy.special.xlogy(np.array([0, 2, 0]), np.array([0, Math.E, 5])); // → [0, 2, 0]
 */
export function xlogy(x: ArrayLike, y: ArrayLike): Tensor {
  const [a, b] = floatArgs('scipy.special.xlogy', [x, y], ['x', 'y']);
  return xlogyCore(a, b);
}

/**
 * x·log(1 + y), 0 where x = 0 whatever y (jax.scipy.special.xlog1py), with JAX's derivative rule:
 * ∂/∂x = log1p(y), ∂/∂y = x/(1 + y).
 * @example scipy.special.xlog1py(np.array([0, 3]), np.array([-1, Math.E - 1])); // → [0, 3]
 */
export function xlog1py(x: ArrayLike, y: ArrayLike): Tensor {
  const [a, b] = floatArgs('scipy.special.xlog1py', [x, y], ['x', 'y']);
  return xlog1pyCore(a, b);
}

/**
 * The elementwise entropy −x·log x: 0 at x = 0, −∞ for x < 0 (jax.scipy.special.entr).
 * @example scipy.special.entr(np.array([0, 0.5, 1, -1])); // → [0, 0.5 * Math.LN2, 0, -Infinity]
 */
export function entr(x: ArrayLike): Tensor {
  const t = floatArg('scipy.special.entr', x, 'x');
  const neg = lax.compare(t, k(t, 0), 'lt');
  const safe = lax.where(neg, k(t, 1), t);
  return lax.where(neg, k(t, -Infinity), lax.neg(xlogyCore(safe, safe)));
}

/** The masks of relEntr / klDiv: both positive; p = 0 with q ≥ 0. */
function entropyMasks(p: Tensor, q: Tensor) {
  const both = and(lax.compare(p, k(p, 0), 'gt'), lax.compare(q, k(q, 0), 'gt'));
  const zero = and(lax.compare(p, k(p, 0), 'eq'), lax.compare(q, k(q, 0), 'ge'));
  return { both, zero, sp: lax.where(both, p, k(p, 1)), sq: lax.where(both, q, k(q, 1)) };
}

/**
 * The relative entropy term p·log(p/q): 0 where p = 0 and q ≥ 0, ∞ where either is negative or
 * q = 0 < p (jax.scipy.special.rel_entr).
 * @example scipy.special.relEntr(np.array([1, 0, 1, -1]), np.array([Math.E, 2, 0, 1])); // → [-1, 0, Infinity, Infinity]
 */
export function relEntr(p: ArrayLike, q: ArrayLike): Tensor {
  const [a, b] = floatArgs('scipy.special.relEntr', [p, q], ['p', 'q']);
  const { both, zero, sp, sq } = entropyMasks(a, b);
  const v = lax.sub(xlogyCore(sp, sp), xlogyCore(sp, sq));
  return lax.where(both, v, lax.where(zero, k(v, 0), k(v, Infinity)));
}

/**
 * The Kullback–Leibler divergence term p·log(p/q) − p + q: q where p = 0 and q ≥ 0, ∞ where
 * either is negative or q = 0 < p (jax.scipy.special.kl_div).
 * @example scipy.special.klDiv(np.array([1, 0, 1]), np.array([Math.E, 2, 0])); // → [Math.E - 2, 2, Infinity]
 */
export function klDiv(p: ArrayLike, q: ArrayLike): Tensor {
  const [a, b] = floatArgs('scipy.special.klDiv', [p, q], ['p', 'q']);
  const { both, zero, sp, sq } = entropyMasks(a, b);
  const v = lax.add(lax.sub(lax.sub(xlogyCore(sp, sp), xlogyCore(sp, sq)), sp), sq);
  return lax.where(both, v, lax.where(zero, b, k(v, Infinity)));
}

// --- the normal distribution function ---------------------------------------------------------

/**
 * The standard normal CDF Φ(x) = ½·erfc(−x/√2) (jax.scipy.special.ndtr), accurate in both tails
 * in relative terms for x < 0.
 * @example scipy.special.ndtr(np.array([0, 1.959963984540054, -3])); // → [0.5, 0.975, 0.0013498980316301]
 */
export function ndtr(x: ArrayLike): Tensor {
  const t = floatArg('scipy.special.ndtr', x, 'x');
  return ndtrOf(t);
}

/**
 * log Φ(x), accurate far into the left tail where Φ underflows (jax.scipy.special.log_ndtr):
 * log Φ(−20) = −203.917…, and log1p(−Φ(−x)) on the right.
 * @example scipy.special.logNdtr(np.array([0, -20, 3])); // → [-Math.LN2, -203.91715537109706, -0.0013508099647]
 */
export function logNdtr(x: ArrayLike): Tensor {
  return logNdtrOf(floatArg('scipy.special.logNdtr', x, 'x'));
}

/**
 * The inverse of the standard normal CDF, Φ⁻¹(p) (jax.scipy.special.ndtri): −∞ at 0, ∞ at 1, NaN
 * outside [0, 1]; accurate in the left tail (ndtri(1e-10) = −6.3613…) by Newton steps on log Φ.
 * @example scipy.special.ndtri(np.array([0.5, 0.975, 1e-10])); // → [0, 1.959963984540054, -6.361340902404056]
 */
export function ndtri(p: ArrayLike): Tensor {
  return ndtriOf(floatArg('scipy.special.ndtri', p, 'p'));
}

// --- modified Bessel functions ----------------------------------------------------------------

/**
 * e^−|x|·I₀(x), the exponentially scaled modified Bessel function of order 0 (jax.scipy.special.i0e).
 * @example scipy.special.i0e(np.array([0, 1, -1])); // → [1, 0.46575960759364043, 0.46575960759364043]
 */
export function i0e(x: ArrayLike): Tensor {
  return lax.besselI0e(floatArg('scipy.special.i0e', x, 'x'));
}

/**
 * e^−|x|·I₁(x), the exponentially scaled modified Bessel function of order 1 (jax.scipy.special.i1e).
 * @example scipy.special.i1e(np.array([0, 1, -1])); // → [0, 0.2079104153497085, -0.2079104153497085]
 */
export function i1e(x: ArrayLike): Tensor {
  return lax.besselI1e(floatArg('scipy.special.i1e', x, 'x'));
}

/**
 * I₁(x), the modified Bessel function of the first kind of order 1 (jax.scipy.special.i1).
 * @example scipy.special.i1(np.array([0, 1, -2])); // → [0, 0.5651591039924851, -1.5906368546373291]
 */
export function i1(x: ArrayLike): Tensor {
  const t = floatArg('scipy.special.i1', x, 'x');
  return lax.mul(lax.exp(lax.abs(t)), lax.besselI1e(t));
}
