/** The logistic distribution (jax.scipy.stats.logistic): cdf expit((x − loc)/scale); NaN where scale ≤ 0. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { expit, logit } from '../../numpy/gamma.js';
import { k } from '../args.js';
import { locScale } from './common.js';

/** log density of the standard logistic at z, −|z| − 2·log1p(e^−|z|) (symmetric, no overflow). */
const logDensity = (z: Tensor): Tensor => {
  const a = lax.abs(z);
  return lax.sub(lax.neg(a), lax.mul(k(z, 2), lax.log1p(lax.exp(lax.neg(a)))));
};

/**
 * The log density −|z| − 2·log(1 + e^−|z|) − log(scale).
 * @example scipy.stats.logistic.logpdf(np.array([0])); // → [-2 * Math.LN2]
 */
export function logpdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.logistic.logpdf', x, loc, scale);
  return fix(lax.sub(logDensity(z), lax.log(s)));
}

/**
 * The density e^−z/(scale·(1 + e^−z)²).
 * @example scipy.stats.logistic.pdf(np.array([0]), 0, 2); // → [0.125]
 */
export function pdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, scale: s, fix } = locScale('scipy.stats.logistic.pdf', x, loc, scale);
  return fix(lax.div(lax.exp(logDensity(z)), s));
}

/**
 * The distribution function expit(z).
 * @example scipy.stats.logistic.cdf(np.array([0, Math.log(3)])); // → [0.5, 0.75]
 */
export function cdf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.logistic.cdf', x, loc, scale);
  return fix(expit(z));
}

/**
 * The survival function expit(−z).
 * @example scipy.stats.logistic.sf(np.array([Math.log(3)])); // → [0.25]
 */
export function sf(x: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { z, fix } = locScale('scipy.stats.logistic.sf', x, loc, scale);
  return fix(expit(lax.neg(z)));
}

/**
 * The quantile function loc + scale·logit(q).
 * @example scipy.stats.logistic.ppf(np.array([0.5, 0.75]), 1, 1); // → [1, 1 + Math.log(3)]
 */
export function ppf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.logistic.ppf', q, loc, scale, 'q');
  return fix(lax.add(l, lax.mul(s, logit(p))));
}

/**
 * The inverse survival function loc − scale·logit(q).
 * @example scipy.stats.logistic.isf(np.array([0.25])); // → [Math.log(3)]
 */
export function isf(q: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { x: p, loc: l, scale: s, fix } = locScale('scipy.stats.logistic.isf', q, loc, scale, 'q');
  return fix(lax.sub(l, lax.mul(s, logit(p))));
}
