/**
 * The chi-squared distribution with df degrees of freedom (jax.scipy.stats.chi2): the gamma
 * distribution of shape df/2 and scale 2·scale; NaN where df or scale ≤ 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { gammaLogDensity, gammaParts, type GammaParts } from './gamma-law.js';

// chi2(df) is the gamma law of shape df/2 and scale 2·scale.
const parts = (op: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike): GammaParts =>
  gammaParts(op, x, [df, 'df'], loc, scale, 2);
const logDensity = (op: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike): Tensor => gammaLogDensity(parts(op, x, df, loc, scale));

/**
 * The log density (df/2 − 1)·log(z/2) − z/2 − log Γ(df/2) − log(2·scale); −∞ for x < loc.
 * @example scipy.stats.chi2.logpdf(np.array([2, -1]), 2); // → [-1 - Math.LN2, -Infinity]
 */
export function logpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return logDensity('scipy.stats.chi2.logpdf', x, df, loc, scale);
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.chi2.pdf(np.array([0, 2]), 2); // → [0.5, 0.5 * Math.exp(-1)]
 */
export function pdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return lax.exp(logDensity('scipy.stats.chi2.pdf', x, df, loc, scale));
}

/**
 * The distribution function P(df/2, z/2).
 * @example scipy.stats.chi2.cdf(np.array([2, 3.841458820694124]), np.array([2, 1])); // → [1 - Math.exp(-1), 0.95]
 */
export function cdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a, fix } = parts('scipy.stats.chi2.cdf', x, df, loc, scale);
  return fix(lax.igamma(a, y));
}

/**
 * log cdf.
 * @example scipy.stats.chi2.logcdf(np.array([2]), 2); // → [Math.log(1 - Math.exp(-1))]
 */
export function logcdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a, fix } = parts('scipy.stats.chi2.logcdf', x, df, loc, scale);
  return fix(lax.log(lax.igamma(a, y)));
}

/**
 * The survival function Q(df/2, z/2).
 * @example scipy.stats.chi2.sf(np.array([2, -1]), 2); // → [Math.exp(-1), 1]
 */
export function sf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a, fix } = parts('scipy.stats.chi2.sf', x, df, loc, scale);
  return fix(lax.igammac(a, y));
}

/**
 * log sf.
 * @example scipy.stats.chi2.logsf(np.array([6]), 2); // → [-3]
 */
export function logsf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a, fix } = parts('scipy.stats.chi2.logsf', x, df, loc, scale);
  return fix(lax.log(lax.igammac(a, y)));
}
