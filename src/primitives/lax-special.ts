/**
 * JAX's special functions in lax that fluxion had not: polygamma, the regularised incomplete
 * gamma functions igamma / igammac (Cephes' power series and continued fraction), and the
 * exponentially scaled modified Bessel functions besselI0e / besselI1e (power series below 15,
 * Hankel's asymptotic series above). Compositions of the primitives with fixed iteration counts,
 * so they jit and vmap, and their derivatives are those of the approximations (within float
 * rounding of JAX's closed forms). Each branch of a piecewise formula computes on inputs clamped
 * into its own range, so the branch not taken can produce no Inf or NaN that would leak into a
 * gradient through `where`.
 */
import type { Tensor } from '../core/tensor.js';
import * as lax from './lax.js';
import { sameType } from './lax-args.js';
import { composition } from './lax-compositions.js';
import { floatOperand } from './lax-more.js';

const c = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);
const sum = (xs: Tensor[]): Tensor => xs.reduce((a, b) => lax.add(a, b));

/** Σ_k (x/2)^(2k) / (k! (k+ν)!) for |x| ≤ 15: 40 terms reach float64 rounding. */
function besselSeries(x: Tensor, nu: 0 | 1): Tensor {
  const q = lax.mul(lax.mul(x, x), c(x, 0.25));
  let term = c(x, 1);
  const terms = [term];
  for (let k = 1; k < 40; k++) {
    term = lax.mul(term, lax.div(q, c(x, k * (k + nu))));
    terms.push(term);
  }
  return sum(terms);
}

/** Hankel's series Σ_k Π_j ((2j−1)² − 4ν²)/(8j) / x^k, times 1/√(2πx), for x ≥ 15: I_ν(x)·e^−x. */
function besselAsymptotic(x: Tensor, nu: 0 | 1): Tensor {
  const inv = lax.div(c(x, 1), x);
  let coef = 1, acc = c(x, 0), power = c(x, 1);
  for (let k = 0; k < 14; k++) {
    acc = lax.add(acc, lax.mul(power, c(x, coef)));
    coef *= ((2 * k + 1) ** 2 - 4 * nu * nu) / (8 * (k + 1));
    power = lax.mul(power, inv);
  }
  return lax.mul(acc, lax.rsqrt(lax.mul(x, c(x, 2 * Math.PI))));
}

/** e^−|x|·I_ν(|x|) by the two series, each on |x| clamped to its side of 15. */
function scaledBessel(x: Tensor, nu: 0 | 1): Tensor {
  const a = lax.abs(x), small = lax.compare(a, c(x, 15), 'le');
  const s = lax.min(a, c(x, 15)), b = lax.max(a, c(x, 15));
  let series = lax.mul(lax.exp(lax.neg(s)), besselSeries(s, nu));
  if (nu === 1) series = lax.mul(series, lax.mul(s, c(x, 0.5)));
  return lax.where(small, series, besselAsymptotic(b, nu));
}

/**
 * e^−|x|·I₀(x), the exponentially scaled modified Bessel function of order 0 (JAX's
 * lax.bessel_i0e). @example lax.besselI0e(np.array([0, 1])); // → [1, 0.46575961]
 */
export function besselI0e(x: Tensor): Tensor {
  return scaledBessel(floatOperand('lax.besselI0e', x, 'np.i0 (unscaled)'), 0);
}

/**
 * e^−|x|·I₁(x), the exponentially scaled modified Bessel function of order 1, odd in x (JAX's
 * lax.bessel_i1e). @example lax.besselI1e(np.array([0, 1, -1])); // → [0, 0.20791042, -0.20791042]
 */
export function besselI1e(x: Tensor): Tensor {
  const t = floatOperand('lax.besselI1e', x);
  return lax.mul(lax.sign(t), scaledBessel(t, 1));
}

// Bernoulli numbers B₂ … B₁₆ over (2j)!: the coefficients of the Euler–Maclaurin tail of ζ(s, z).
const BERNOULLI_OVER_FACTORIAL = [1 / 6 / 2, -1 / 30 / 24, 1 / 42 / 720, -1 / 30 / 40320, 5 / 66 / 3628800,
  -691 / 2730 / 479001600, 7 / 6 / 87178291200, -3617 / 510 / 20922789888000];

/**
 * The m-th derivative of the digamma function, ψ⁽ᵐ⁾(x), for integer m ≥ 0 (JAX's lax.polygamma):
 * (−1)^(m+1)·m!·ζ(m+1, x), the Hurwitz zeta by 10 terms and an Euler–Maclaurin tail; m = 0 is
 * digamma. NaN where m is not a non-negative integer, or for m ≥ 1 at x ≤ 0. Differentiable in x
 * (the derivative is ψ⁽ᵐ⁺¹⁾); m is a constant to the derivative, as in JAX.
 * @example lax.polygamma(np.array([1, 2]), np.array([1, 1])); // → [Math.PI ** 2 / 6, -2.4041138063]
 */
export function polygamma(m: Tensor, x: Tensor): Tensor {
  const op = 'lax.polygamma';
  const [mt, xt] = [floatOperand(op, m), floatOperand(op, x)];
  sameType(op, [mt, xt]);
  const n = lax.stopGradient(mt);
  const isZero = lax.compare(n, c(n, 0), 'eq');
  const isInt = lax.compare(lax.floor(n), n, 'eq');
  const valid = lax.where(isInt, lax.compare(n, c(n, 0), 'ge'), isInt);
  // The series branch on m ≥ 1 and x > 0 (others clamped there, and replaced below).
  const ms = lax.where(lax.compare(n, c(n, 1), 'ge'), n, c(n, 1));
  const positive = lax.compare(xt, c(xt, 0), 'gt');
  const xs = lax.where(positive, xt, c(xt, 1));
  const s = lax.add(ms, c(ms, 1)), negS = lax.neg(s);
  const head = Array.from({ length: 10 }, (_, k) => lax.pow(lax.add(xs, c(xs, k)), negS));
  const z = lax.add(xs, c(xs, 10));
  let poch = c(ms, 1), power = lax.pow(z, lax.neg(ms));
  const zi2 = lax.div(c(z, 1), lax.mul(z, z));
  const tail = [lax.div(power, ms), lax.mul(lax.pow(z, negS), c(z, 0.5))];
  BERNOULLI_OVER_FACTORIAL.forEach((b, j) => {
    // (m+1)(m+2)…(m+2j+1): the rising factorial Γ(m+2j+2)/Γ(m+1), two factors a step.
    poch = lax.mul(poch, j === 0 ? lax.add(ms, c(ms, 1)) : lax.mul(lax.add(ms, c(ms, 2 * j)), lax.add(ms, c(ms, 2 * j + 1))));
    power = lax.mul(power, zi2);
    tail.push(lax.mul(lax.mul(poch, power), c(z, b)));
  });
  const zeta = sum([...head, ...tail]);
  const odd = lax.compare(lax.rem(ms, c(ms, 2)), c(ms, 1), 'eq');
  const factorial = lax.exp(composition('lgamma')(lax.add(ms, c(ms, 1))));
  const series = lax.mul(lax.mul(lax.where(odd, c(ms, 1), c(ms, -1)), factorial), zeta);
  const nan = c(xt, NaN);
  const result = lax.where(isZero, composition('digamma')(xt), lax.where(positive, series, nan));
  return lax.where(valid, result, nan);
}

/** ln Γ(a) and the prefactor xᵃe⁻ˣ/Γ(a) of both incomplete gamma expansions. */
const prefactor = (a: Tensor, x: Tensor): Tensor =>
  lax.exp(lax.sub(lax.sub(lax.mul(a, lax.log(x)), x), composition('lgamma')(a)));

/** P(a, x) by its power series (Cephes igam), for x ≤ max(1, a): 64 terms. */
function igammaSeries(a: Tensor, x: Tensor): Tensor {
  let r = a, term = c(a, 1), acc = c(a, 1);
  for (let k = 0; k < 64; k++) {
    r = lax.add(r, c(r, 1));
    term = lax.mul(term, lax.div(x, r));
    acc = lax.add(acc, term);
  }
  return lax.div(lax.mul(acc, prefactor(a, x)), a);
}

/** Q(a, x) by its continued fraction (Cephes igamc), for x > max(1, a): 40 steps, rescaled. */
function igammacFraction(a: Tensor, x: Tensor): Tensor {
  const big = c(x, 2 ** 60), bigInv = c(x, 2 ** -60);
  let y = lax.sub(c(a, 1), a), z = lax.add(lax.add(x, y), c(x, 1)), k = c(x, 0);
  let pkm2 = c(x, 1), qkm2 = x, pkm1 = lax.add(x, c(x, 1)), qkm1 = lax.mul(z, x);
  let ans = lax.div(pkm1, qkm1);
  for (let i = 0; i < 40; i++) {
    k = lax.add(k, c(k, 1)); y = lax.add(y, c(y, 1)); z = lax.add(z, c(z, 2));
    const yc = lax.mul(y, k);
    const pk = lax.sub(lax.mul(pkm1, z), lax.mul(pkm2, yc)), qk = lax.sub(lax.mul(qkm1, z), lax.mul(qkm2, yc));
    const nonzero = lax.compare(qk, c(qk, 0), 'ne');
    ans = lax.where(nonzero, lax.div(pk, lax.where(nonzero, qk, c(qk, 1))), ans);
    const scale = lax.where(lax.compare(lax.abs(pk), big, 'gt'), bigInv, c(x, 1));
    [pkm2, pkm1, qkm2, qkm1] = [lax.mul(pkm1, scale), lax.mul(pk, scale), lax.mul(qkm1, scale), lax.mul(qk, scale)];
  }
  return lax.mul(ans, prefactor(a, x));
}

/** [P, Q] of the regularised incomplete gamma function, each branch on clamped inputs. */
function incompleteGamma(op: string, a: Tensor, x: Tensor): [Tensor, Tensor] {
  const [at, xt] = [floatOperand(op, a), floatOperand(op, x)];
  sameType(op, [at, xt]);
  const one = c(xt, 1);
  const atMostOne = lax.compare(xt, one, 'le');
  const useSeries = lax.where(atMostOne, atMostOne, lax.compare(xt, at, 'le'));
  const aSafe = lax.where(lax.compare(at, c(at, 0), 'gt'), at, one);
  const finite = lax.compare(lax.abs(xt), c(xt, Infinity), 'lt');
  const xPos = lax.where(lax.compare(xt, c(xt, 0), 'gt'), lax.where(finite, xt, one), one);
  const xs = lax.where(useSeries, xPos, lax.min(xPos, one));
  const xc = lax.where(useSeries, lax.add(lax.max(aSafe, one), one), xPos);
  const p = igammaSeries(aSafe, xs), q = igammacFraction(aSafe, xc);
  let P = lax.where(useSeries, p, lax.sub(one, q)), Q = lax.where(useSeries, lax.sub(one, p), q);
  // x = 0: P = 0; x = ∞: P = 1; a ≤ 0, x < 0 or NaN: NaN (JAX).
  const zero = lax.compare(xt, c(xt, 0), 'eq'), inf = lax.compare(xt, c(xt, Infinity), 'eq');
  P = lax.where(zero, c(xt, 0), lax.where(inf, one, P));
  Q = lax.where(zero, one, lax.where(inf, c(xt, 0), Q));
  const aPos = lax.compare(at, c(at, 0), 'gt');
  const valid = lax.where(aPos, lax.compare(xt, c(xt, 0), 'ge'), aPos);
  const nan = c(xt, NaN);
  return [lax.where(valid, P, nan), lax.where(valid, Q, nan)];
}

/**
 * The regularised lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), for a > 0, x ≥ 0
 * (JAX's lax.igamma); NaN elsewhere. @example lax.igamma(np.array([1, 0.5]), np.array([1, 1])); // → [1 - Math.exp(-1), 0.84270079]
 */
export const igamma = (a: Tensor, x: Tensor): Tensor => incompleteGamma('lax.igamma', a, x)[0];

/**
 * The regularised upper incomplete gamma function Q(a, x) = 1 − P(a, x), accurate where P is
 * near 1 (JAX's lax.igammac). @example lax.igammac(np.array([2]), np.array([3])); // → [4 * Math.exp(-3)]
 */
export const igammac = (a: Tensor, x: Tensor): Tensor => incompleteGamma('lax.igammac', a, x)[1];
