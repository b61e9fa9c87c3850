/**
 * The binomial distribution of n trials with success probability p, shifted by loc
 * (jax.scipy.stats.binom): non-integer k has probability 0; NaN for p outside [0, 1] or n < 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { and, floatArgs, isInteger, k, nanUnless } from '../args.js';
import { betalnOf, xlog1pyCore, xlogyCore } from '../core.js';

function logMass(op: string, kk: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike): Tensor {
  const [kt, nt, pt, l] = floatArgs(op, [kk, n, p, loc], ['k', 'n', 'p', 'loc']);
  const x = lax.sub(kt, l);
  const valid = and(and(lax.compare(pt, k(pt, 0), 'ge'), lax.compare(pt, k(pt, 1), 'le')), lax.compare(nt, k(nt, 0), 'ge'));
  const ns = lax.where(valid, nt, k(nt, 0));
  const support = and(and(lax.compare(x, k(x, 0), 'ge'), lax.compare(x, ns, 'le')), isInteger(x));
  const xs = lax.where(support, x, k(x, 0));
  const one = k(x, 1);
  // log C(n, k) = −log(n + 1) − log B(k + 1, n − k + 1): accurate for large n (no cancelling lgammas).
  const logComb = lax.neg(lax.add(lax.log(lax.add(ns, one)), betalnOf(lax.add(xs, one), lax.add(lax.sub(ns, xs), one))));
  const v = lax.add(logComb, lax.add(xlogyCore(xs, pt), xlog1pyCore(lax.sub(ns, xs), lax.neg(pt))));
  return nanUnless(valid, lax.where(support, v, k(v, -Infinity)));
}

/**
 * The log probability log C(n, k) + k·log p + (n − k)·log(1 − p) for integer 0 ≤ k − loc ≤ n.
 * @example scipy.stats.binom.logpmf(np.array([1, 3]), 2, 0.5); // → [Math.log(0.5), -Infinity]
 */
export function logpmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Tensor {
  return logMass('scipy.stats.binom.logpmf', k, n, p, loc);
}

/**
 * The probability exp(logpmf).
 * @example scipy.stats.binom.pmf(np.array([0, 1, 2]), 2, 0.5); // → [0.25, 0.5, 0.25]
 */
export function pmf(k: ArrayLike, n: ArrayLike, p: ArrayLike, loc: ArrayLike = 0): Tensor {
  return lax.exp(logMass('scipy.stats.binom.pmf', k, n, p, loc));
}
