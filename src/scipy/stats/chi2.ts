/**
 * The chi-squared distribution with df degrees of freedom (jax.scipy.stats.chi2): the gamma
 * distribution of shape df/2 and scale 2·scale; NaN where df or scale ≤ 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { lgamma } from '../../numpy/gamma.js';
import { k } from '../args.js';
import { xlogyCore } from '../core.js';
import { positiveParams, standardize } from './common.js';

function parts(op: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike) {
  const st = standardize(op, x, [[df, 'df']], loc, scale, { domain: positiveParams });
  const neg = lax.compare(st.z, k(st.z, 0), 'lt');
  const d = st.params[0];
  const a = lax.mul(lax.where(lax.compare(d, k(d, 0), 'gt'), d, k(d, 1)), k(d, 0.5));
  return { ...st, neg, y: lax.mul(lax.where(neg, k(st.z, 0), st.z), k(st.z, 0.5)), a };
}

function logDensity(op: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike): Tensor {
  const { neg, y, a, scale: s, fix } = parts(op, x, df, loc, scale);
  const v = lax.sub(lax.sub(lax.sub(xlogyCore(lax.sub(a, k(a, 1)), y), y), lgamma(a)), lax.log(lax.mul(s, k(s, 2))));
  return fix(lax.where(neg, k(v, -Infinity), v));
}

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
