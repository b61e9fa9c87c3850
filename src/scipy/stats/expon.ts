/** The exponential distribution (jax.scipy.stats.expon): density e^(−y)/scale for y = (x − loc)/scale ≥ 0; NaN where scale ≤ 0. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k, or } from '../args.js';
import { locScale } from './common.js';

function parts(op: string, x: ArrayLike, loc: ArrayLike, scale: ArrayLike) {
  const st = locScale(op, x, loc, scale);
  const neg = lax.compare(st.z, k(st.z, 0), 'lt');
  return { ...st, neg, y: lax.where(neg, k(st.z, 0), st.z) };
}

/**
 * The log density −y − log(scale); −∞ for x < loc.
 * @example scipy.stats.expon.logpdf(np.array([1, -1])); // → [-1, -Infinity]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { neg, y, scale: s, fix } = parts('scipy.stats.expon.logpdf', x, loc, scale);
  return fix(lax.where(neg, k(y, -Infinity), lax.sub(lax.neg(y), lax.log(s))));
}

/**
 * The density e^(−y)/scale; 0 for x < loc.
 * @example scipy.stats.expon.pdf(np.array([0, 2]), 0, 2); // → [0.5, 0.5 * Math.exp(-1)]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { neg, y, scale: s, fix } = parts('scipy.stats.expon.pdf', x, loc, scale);
  return fix(lax.where(neg, k(y, 0), lax.div(lax.exp(lax.neg(y)), s)));
}

/**
 * The distribution function 1 − e^(−y) (as −expm1(−y)).
 * @example scipy.stats.expon.cdf(np.array([1, -1])); // → [1 - Math.exp(-1), 0]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, fix } = parts('scipy.stats.expon.cdf', x, loc, scale);
  return fix(lax.neg(lax.expm1(lax.neg(y))));
}

/**
 * log cdf = log(−expm1(−y)); −∞ for x ≤ loc.
 * @example scipy.stats.expon.logcdf(np.array([1])); // → [Math.log(1 - Math.exp(-1))]
 */
export function logcdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, fix } = parts('scipy.stats.expon.logcdf', x, loc, scale);
  return fix(lax.log(lax.neg(lax.expm1(lax.neg(y)))));
}

/**
 * The survival function e^(−y); 1 for x < loc.
 * @example scipy.stats.expon.sf(np.array([1, -1])); // → [Math.exp(-1), 1]
 */
export function sf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, fix } = parts('scipy.stats.expon.sf', x, loc, scale);
  return fix(lax.exp(lax.neg(y)));
}

/**
 * log sf = −y; 0 for x < loc.
 * @example scipy.stats.expon.logsf(np.array([3, -1])); // → [-3, 0]
 */
export function logsf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, fix } = parts('scipy.stats.expon.logsf', x, loc, scale);
  return fix(lax.neg(y));
}

/**
 * The quantile function loc − scale·log(1 − q); NaN outside [0, 1].
 * @example scipy.stats.expon.ppf(np.array([0, 0.5]), 0, 2); // → [0, 2 * Math.LN2]
 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.expon.ppf', q, loc, scale, 'q');
  const bad = or(lax.compare(p, k(p, 0), 'lt'), lax.compare(p, k(p, 1), 'gt'));
  return fix(lax.where(bad, k(p, NaN), lax.sub(l, lax.mul(s, lax.log1p(lax.neg(lax.where(bad, k(p, 0), p)))))));
}
