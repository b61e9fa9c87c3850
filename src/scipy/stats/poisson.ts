/**
 * The Poisson distribution with mean mu, shifted by loc (jax.scipy.stats.poisson): non-integer k
 * has probability 0; NaN where mu < 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { lgamma } from '../../numpy/gamma.js';
import { and, floatArgs, isInteger, k, nanUnless } from '../args.js';
import { xlogyCore } from '../core.js';

function logMass(op: string, kk: ArrayLike, mu: ArrayLike, loc: ArrayLike): Tensor {
  const [kt, m, l] = floatArgs(op, [kk, mu, loc], ['k', 'mu', 'loc']);
  const x = lax.sub(kt, l);
  const support = and(lax.compare(x, k(x, 0), 'ge'), isInteger(x));
  const xs = lax.where(support, x, k(x, 0));
  const v = lax.sub(lax.sub(xlogyCore(xs, m), lgamma(lax.add(xs, k(xs, 1)))), m);
  return nanUnless(lax.compare(m, k(m, 0), 'ge'), lax.where(support, v, k(v, -Infinity)));
}

/**
 * The log probability k·log μ − log k! − μ for integer k − loc ≥ 0; −∞ elsewhere.
 * @example scipy.stats.poisson.logpmf(np.array([0, 2, -1]), 2); // → [-2, Math.log(2) - 2, -Infinity]
 */
export function logpmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Tensor {
  return logMass('scipy.stats.poisson.logpmf', k, mu, loc);
}

/**
 * The probability exp(logpmf).
 * @example scipy.stats.poisson.pmf(np.array([0, 1, 1.5]), 1); // → [Math.exp(-1), Math.exp(-1), 0]
 */
export function pmf(k: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Tensor {
  return lax.exp(logMass('scipy.stats.poisson.pmf', k, mu, loc));
}

/**
 * The distribution function P(K ≤ k) = Q(⌊k − loc⌋ + 1, μ), the regularised upper incomplete gamma
 * function; 0 below loc.
 * @example scipy.stats.poisson.cdf(np.array([-1, 0, 2.5]), 2); // → [0, Math.exp(-2), 5 * Math.exp(-2)]
 */
export function cdf(kk: ArrayLike, mu: ArrayLike, loc: ArrayLike = 0): Tensor {
  const [kt, m, l] = floatArgs('scipy.stats.poisson.cdf', [kk, mu, loc], ['k', 'mu', 'loc']);
  const x = lax.floor(lax.sub(kt, l));
  const neg = lax.compare(x, k(x, 0), 'lt');
  const pos = lax.compare(m, k(m, 0), 'gt');
  const ms = lax.where(pos, m, k(m, 1));
  const v = lax.igammac(lax.add(lax.where(neg, k(x, 0), x), k(x, 1)), ms);
  // μ = 0: all mass at 0.
  const atZeroMu = lax.where(pos, v, k(v, 1));
  return nanUnless(lax.compare(m, k(m, 0), 'ge'), lax.where(neg, k(v, 0), atZeroMu));
}
