/** The Laplace distribution (jax.scipy.stats.laplace): density e^(−|x−loc|/scale)/(2·scale); NaN where scale ≤ 0. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { k } from '../args.js';
import { locScale } from './common.js';

/**
 * The log density −|z| − log(2·scale).
 * @example scipy.stats.laplace.logpdf(np.array([0, 1])); // → [-Math.LN2, -1 - Math.LN2]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.laplace.logpdf', x, loc, scale);
  return fix(lax.sub(lax.neg(lax.abs(z)), lax.log(lax.mul(s, k(s, 2)))));
}

/**
 * The density e^(−|z|)/(2·scale).
 * @example scipy.stats.laplace.pdf(np.array([0]), 0, 2); // → [0.25]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.laplace.pdf', x, loc, scale);
  return fix(lax.div(lax.exp(lax.neg(lax.abs(z))), lax.mul(s, k(s, 2))));
}

/**
 * The distribution function ½ − ½·sign(z)·expm1(−|z|).
 * @example scipy.stats.laplace.cdf(np.array([0, -1])); // → [0.5, 0.5 * Math.exp(-1)]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.laplace.cdf', x, loc, scale);
  return fix(lax.sub(k(z, 0.5), lax.mul(lax.mul(k(z, 0.5), lax.sign(z)), lax.expm1(lax.neg(lax.abs(z))))));
}
