/**
 * The normal distribution N(loc, scale²) (jax.scipy.stats.norm): loc and scale broadcast against
 * x (or q); NaN where scale ≤ 0, as scipy.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k } from '../args.js';
import { logNdtrOf, ndtriOf, ndtrOf } from '../core.js';
import { LOG_2PI, locScale } from './common.js';

/**
 * The log density −z²/2 − log(scale) − log(2π)/2, z = (x − loc)/scale.
 * @example scipy.stats.norm.logpdf(np.array([0, 1]), 0, 2); // → [-1.612085713764618, -1.737085713764618]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.norm.logpdf', x, loc, scale);
  return fix(lax.sub(lax.sub(lax.mul(lax.mul(z, z), k(z, -0.5)), lax.log(s)), k(z, 0.5 * LOG_2PI)));
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.norm.pdf(np.array([0]), 1, 1); // → [0.24197072451914337]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.norm.pdf', x, loc, scale);
  return fix(lax.div(lax.mul(lax.exp(lax.mul(lax.mul(z, z), k(z, -0.5))), k(z, 1 / Math.sqrt(2 * Math.PI))), s));
}

/**
 * The distribution function Φ((x − loc)/scale).
 * @example scipy.stats.norm.cdf(np.array([0, 1.959963984540054]), 0, 1); // → [0.5, 0.975]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.norm.cdf', x, loc, scale);
  return fix(ndtrOf(z));
}

/**
 * log cdf, accurate far in the left tail (log Φ).
 * @example scipy.stats.norm.logcdf(np.array([-20, 0])); // → [-203.91715537109706, -Math.LN2]
 */
export function logcdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.norm.logcdf', x, loc, scale);
  return fix(logNdtrOf(z));
}

/**
 * The survival function 1 − cdf = Φ(−z), without cancellation in the right tail.
 * @example scipy.stats.norm.sf(np.array([0, 3])); // → [0.5, 0.0013498980316301]
 */
export function sf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.norm.sf', x, loc, scale);
  return fix(ndtrOf(lax.neg(z)));
}

/**
 * log sf = log Φ(−z), accurate far in the right tail.
 * @example scipy.stats.norm.logsf(np.array([20])); // → [-203.91715537109706]
 */
export function logsf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.norm.logsf', x, loc, scale);
  return fix(logNdtrOf(lax.neg(z)));
}

/**
 * The quantile function loc + scale·Φ⁻¹(q) (the inverse of cdf); NaN outside [0, 1].
 * @example scipy.stats.norm.ppf(np.array([0.5, 0.975]), 1, 2); // → [1, 4.919927969080108]
 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.norm.ppf', q, loc, scale, 'q');
  return fix(lax.add(l, lax.mul(s, ndtriOf(p))));
}

/**
 * The inverse survival function loc − scale·Φ⁻¹(q) (the inverse of sf).
 * @example scipy.stats.norm.isf(np.array([0.5, 0.025])); // → [0, 1.959963984540054]
 */
export function isf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.norm.isf', q, loc, scale, 'q');
  return fix(lax.sub(l, lax.mul(s, ndtriOf(p))));
}
