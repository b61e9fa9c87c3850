/** The Cauchy distribution (jax.scipy.stats.cauchy): density 1/(π·scale·(1 + z²)); NaN where scale ≤ 0. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k } from '../args.js';
import { locScale } from './common.js';

/** P(Z ≤ z) = atan2(1, −z)/π: relative accuracy in both tails (no ½ + small cancellation). */
const cdfOf = (z: Tensor): Tensor => lax.div(lax.atan2(k(z, 1), lax.neg(z)), k(z, Math.PI));
/** tan(π(p − ½)) = −1/tan(πp) below ½ and 1/tan(π(1 − p)) above: accurate as p → 0 or 1, where π(p − ½) → ∓π/2 loses digits. */
const tanPi = (p: Tensor): Tensor => {
  const low = lax.compare(p, k(p, 0.5), 'lt');
  const r = lax.where(low, p, lax.sub(k(p, 1), p));
  const cot = lax.div(k(p, 1), lax.tan(lax.mul(r, k(p, Math.PI))));
  return lax.where(low, lax.neg(cot), cot);
};

/**
 * The log density −log(π·scale) − log1p(z²).
 * @example scipy.stats.cauchy.logpdf(np.array([0, 1])); // → [-Math.log(Math.PI), -Math.log(2 * Math.PI)]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.cauchy.logpdf', x, loc, scale);
  return fix(lax.sub(lax.neg(lax.log(lax.mul(s, k(s, Math.PI)))), lax.log1p(lax.mul(z, z))));
}

/**
 * The density 1/(π·scale·(1 + z²)).
 * @example scipy.stats.cauchy.pdf(np.array([1])); // → [0.5 / Math.PI]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.cauchy.pdf', x, loc, scale);
  return fix(lax.div(k(z, 1 / Math.PI), lax.mul(s, lax.add(k(z, 1), lax.mul(z, z)))));
}

/**
 * The distribution function ½ + atan(z)/π.
 * @example scipy.stats.cauchy.cdf(np.array([0, 1])); // → [0.5, 0.75]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.cauchy.cdf', x, loc, scale);
  return fix(cdfOf(z));
}

/**
 * log cdf.
 * @example scipy.stats.cauchy.logcdf(np.array([1])); // → [Math.log(0.75)]
 */
export function logcdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.cauchy.logcdf', x, loc, scale);
  return fix(lax.log(cdfOf(z)));
}

/**
 * The survival function ½ − atan(z)/π.
 * @example scipy.stats.cauchy.sf(np.array([1])); // → [0.25]
 */
export function sf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.cauchy.sf', x, loc, scale);
  return fix(cdfOf(lax.neg(z)));
}

/**
 * log sf.
 * @example scipy.stats.cauchy.logsf(np.array([1])); // → [Math.log(0.25)]
 */
export function logsf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.cauchy.logsf', x, loc, scale);
  return fix(lax.log(cdfOf(lax.neg(z))));
}

/**
 * The quantile function loc + scale·tan(π(q − ½)).
 * @example scipy.stats.cauchy.ppf(np.array([0.5, 0.75]), 1, 2); // → [1, 3]
 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.cauchy.ppf', q, loc, scale, 'q');
  return fix(lax.add(l, lax.mul(s, tanPi(p))));
}

/**
 * The inverse survival function loc − scale·tan(π(q − ½)).
 * @example scipy.stats.cauchy.isf(np.array([0.25])); // → [1]
 */
export function isf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.cauchy.isf', q, loc, scale, 'q');
  return fix(lax.sub(l, lax.mul(s, tanPi(p))));
}
