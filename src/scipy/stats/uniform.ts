/** The uniform distribution on [loc, loc + scale] (jax.scipy.stats.uniform); NaN where scale ≤ 0, as scipy. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k, or } from '../args.js';
import { locScale } from './common.js';

const outside = (z: Tensor) => or(lax.compare(z, k(z, 0), 'lt'), lax.compare(z, k(z, 1), 'gt'));

/**
 * The log density −log(scale) on [loc, loc + scale], −∞ outside.
 * @example scipy.stats.uniform.logpdf(np.array([0.5, 3]), 0, 2); // → [-Math.LN2, -Infinity]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.uniform.logpdf', x, loc, scale);
  return fix(lax.where(outside(z), k(z, -Infinity), lax.neg(lax.log(s))));
}

/**
 * The density 1/scale on [loc, loc + scale], 0 outside.
 * @example scipy.stats.uniform.pdf(np.array([0.5, 3]), 0, 2); // → [0.5, 0]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.uniform.pdf', x, loc, scale);
  return fix(lax.where(outside(z), k(z, 0), lax.div(k(s, 1), s)));
}

/**
 * The distribution function, (x − loc)/scale clipped to [0, 1].
 * @example scipy.stats.uniform.cdf(np.array([-1, 0.5, 3]), 0, 2); // → [0, 0.25, 1]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.uniform.cdf', x, loc, scale);
  return fix(lax.min(lax.max(z, k(z, 0)), k(z, 1)));
}

/**
 * The quantile function loc + q·scale; NaN outside [0, 1].
 * @example scipy.stats.uniform.ppf(np.array([0.25, 1.5]), 1, 2); // → [1.5, NaN]
 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.uniform.ppf', q, loc, scale, 'q');
  return fix(lax.where(outside(p), k(p, NaN), lax.add(l, lax.mul(p, s))));
}
