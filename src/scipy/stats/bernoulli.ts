/**
 * The Bernoulli distribution: P(k = 1) = p, P(k = 0) = 1 − p, shifted by loc (jax.scipy.stats.bernoulli).
 * Non-integer k has probability 0 (scipy); NaN where p is outside [0, 1].
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { and, floatArgs, k, nanUnless, or } from '../args.js';
import { xlog1pyCore, xlogyCore } from '../core.js';

const pOk = (p: Tensor) => and(lax.compare(p, k(p, 0), 'ge'), lax.compare(p, k(p, 1), 'le'));

function logMass(op: string, kk: ArrayLike, p: ArrayLike, loc: ArrayLike): Tensor {
  const [kt, pt, l] = floatArgs(op, [kk, p, loc], ['k', 'p', 'loc']);
  const x = lax.sub(kt, l);
  const support = or(lax.compare(x, k(x, 0), 'eq'), lax.compare(x, k(x, 1), 'eq'));
  const xs = lax.where(support, x, k(x, 0));
  const v = lax.add(xlogyCore(xs, pt), xlog1pyCore(lax.sub(k(xs, 1), xs), lax.neg(pt)));
  return nanUnless(pOk(pt), lax.where(support, v, k(v, -Infinity)));
}

/**
 * The log probability k·log p + (1 − k)·log(1 − p) for k − loc in {0, 1}; −∞ elsewhere.
 * @example scipy.stats.bernoulli.logpmf(np.array([0, 1, 2]), 0.25); // → [Math.log(0.75), Math.log(0.25), -Infinity]
 */
export function logpmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Tensor {
  return logMass('scipy.stats.bernoulli.logpmf', k, p, loc);
}

/**
 * The probability exp(logpmf).
 * @example scipy.stats.bernoulli.pmf(np.array([0, 1, 0.5]), 0.25); // → [0.75, 0.25, 0]
 */
export function pmf(k: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Tensor {
  return lax.exp(logMass('scipy.stats.bernoulli.pmf', k, p, loc));
}

/**
 * The distribution function: 0 below loc, 1 − p on [loc, loc + 1), 1 from loc + 1.
 * @example scipy.stats.bernoulli.cdf(np.array([-1, 0.5, 1]), 0.25); // → [0, 0.75, 1]
 */
export function cdf(kk: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Tensor {
  const [kt, pt, l] = floatArgs('scipy.stats.bernoulli.cdf', [kk, p, loc], ['k', 'p', 'loc']);
  const x = lax.sub(kt, l);
  const v = lax.where(lax.compare(x, k(x, 0), 'lt'), k(x, 0), lax.where(lax.compare(x, k(x, 1), 'lt'), lax.sub(k(pt, 1), pt), k(x, 1)));
  return nanUnless(pOk(pt), v);
}

/**
 * The quantile function: 0 for q ≤ 1 − p, else 1 (jax.scipy.stats.bernoulli.ppf, which has no
 * loc; scipy gives −1 at q = 0); NaN for q or p outside [0, 1].
 * @example scipy.stats.bernoulli.ppf(np.array([0.5, 0.8, 1.5]), 0.25); // → [0, 1, NaN]
 */
export function ppf(q: ArrayLike, p: ArrayLike): Tensor {
  const [qt, pt] = floatArgs('scipy.stats.bernoulli.ppf', [q, p], ['q', 'p']);
  const v = lax.where(lax.compare(qt, lax.sub(k(pt, 1), pt), 'le'), k(qt, 0), k(qt, 1));
  return nanUnless(and(pOk(pt), pOk(qt)), v);
}
