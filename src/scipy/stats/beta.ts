/**
 * The beta distribution on [loc, loc + scale] with shapes a, b (jax.scipy.stats.beta); the
 * distribution functions are the regularised incomplete beta function (scipy.special.betainc).
 * NaN where a, b or scale ≤ 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k, or } from '../args.js';
import { betaincOf, betalnOf, xlog1pyCore, xlogyCore } from '../core.js';
import { positiveParams, standardize } from './common.js';

function logDensity(op: string, x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike, scale: ArrayLike): Tensor {
  const { z, scale: s, params: [pa, pb], fix } = standardize(op, x, [[a, 'a'], [b, 'b']], loc, scale, { domain: positiveParams });
  const out = or(lax.compare(z, k(z, 0), 'lt'), lax.compare(z, k(z, 1), 'gt'));
  const zs = lax.where(out, k(z, 0.5), z);
  const one = k(z, 1);
  const lin = lax.add(xlogyCore(lax.sub(pa, one), zs), xlog1pyCore(lax.sub(pb, one), lax.neg(zs)));
  const betaln = betalnOf(pa, pb);
  return fix(lax.where(out, k(z, -Infinity), lax.sub(lax.sub(lin, betaln), lax.log(s))));
}

/**
 * The log density (a−1)·log y + (b−1)·log(1−y) − log B(a, b) − log(scale), y = (x − loc)/scale in
 * [0, 1]; −∞ outside.
 * @example scipy.stats.beta.logpdf(np.array([0.5, 2]), 2, 2); // → [Math.log(1.5), -Infinity]
 */
export function logpdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return logDensity('scipy.stats.beta.logpdf', x, a, b, loc, scale);
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.beta.pdf(np.array([0.25]), 2, 1); // → [0.5]
 */
export function pdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return lax.exp(logDensity('scipy.stats.beta.pdf', x, a, b, loc, scale));
}

/** y = (x − loc)/scale clipped to [0, 1], and the shapes (1 where invalid: fix makes those NaN). */
function clipped(op: string, x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike, scale: ArrayLike) {
  const { z, params: [pa, pb], fix } = standardize(op, x, [[a, 'a'], [b, 'b']], loc, scale, { domain: positiveParams });
  const ok = (p: Tensor) => lax.where(lax.compare(p, k(p, 0), 'gt'), p, k(p, 1));
  const y = lax.min(lax.max(z, k(z, 0)), k(z, 1));
  return { y, a: ok(pa), b: ok(pb), fix };
}

/**
 * The distribution function I_y(a, b), y = (x − loc)/scale clipped to [0, 1].
 * @example scipy.stats.beta.cdf(np.array([-1, 0.5, 0.25, 2]), 2, 3); // → [0, 0.6875, 0.26171875, 1]
 */
export function cdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, b: pb, fix } = clipped('scipy.stats.beta.cdf', x, a, b, loc, scale);
  return fix(betaincOf(pa, pb, y));
}

/**
 * log cdf.
 * @example scipy.stats.beta.logcdf(np.array([0.5]), 2, 3); // → [Math.log(0.6875)]
 */
export function logcdf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, b: pb, fix } = clipped('scipy.stats.beta.logcdf', x, a, b, loc, scale);
  return fix(lax.log(betaincOf(pa, pb, y)));
}

/**
 * The survival function I_{1−y}(b, a) (no cancellation of 1 − cdf near the top of the support).
 * @example scipy.stats.beta.sf(np.array([0.5, 2]), 2, 3); // → [0.3125, 0]
 */
export function sf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, b: pb, fix } = clipped('scipy.stats.beta.sf', x, a, b, loc, scale);
  return fix(betaincOf(pb, pa, lax.sub(k(y, 1), y)));
}

/**
 * log sf.
 * @example scipy.stats.beta.logsf(np.array([0.5]), 2, 3); // → [Math.log(0.3125)]
 */
export function logsf(x: ArrayLike, a: ArrayLike, b: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, b: pb, fix } = clipped('scipy.stats.beta.logsf', x, a, b, loc, scale);
  return fix(lax.log(betaincOf(pb, pa, lax.sub(k(y, 1), y))));
}
