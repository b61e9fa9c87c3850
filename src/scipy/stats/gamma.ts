/**
 * The gamma distribution with shape a (jax.scipy.stats.gamma): density y^(a−1)·e^(−y)/(Γ(a)·scale),
 * y = (x − loc)/scale ≥ 0; the distribution function is lax.igamma. NaN where a or scale ≤ 0.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { gammaLogDensity, gammaParts, type GammaParts } from './gamma-law.js';

const parts = (op: string, x: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): GammaParts => gammaParts(op, x, [a, 'a'], loc, scale);
const logDensity = (op: string, x: ArrayLike, a: ArrayLike, loc: ArrayLike, scale: ArrayLike): Tensor => gammaLogDensity(parts(op, x, a, loc, scale));

/**
 * The log density (a−1)·log y − y − log Γ(a) − log(scale); −∞ for x < loc.
 * @example scipy.stats.gamma.logpdf(np.array([1, -1]), 2); // → [-1, -Infinity]
 */
export function logpdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return logDensity('scipy.stats.gamma.logpdf', x, a, loc, scale);
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.gamma.pdf(np.array([2]), 1, 0, 2); // → [0.5 * Math.exp(-1)]
 */
export function pdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return lax.exp(logDensity('scipy.stats.gamma.pdf', x, a, loc, scale));
}

/**
 * The distribution function P(a, y), the regularised lower incomplete gamma function.
 * @example scipy.stats.gamma.cdf(np.array([1, -1]), 1); // → [1 - Math.exp(-1), 0]
 */
export function cdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, fix } = parts('scipy.stats.gamma.cdf', x, a, loc, scale);
  return fix(lax.igamma(pa, y));
}

/**
 * log cdf.
 * @example scipy.stats.gamma.logcdf(np.array([1]), 1); // → [Math.log(1 - Math.exp(-1))]
 */
export function logcdf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, fix } = parts('scipy.stats.gamma.logcdf', x, a, loc, scale);
  return fix(lax.log(lax.igamma(pa, y)));
}

/**
 * The survival function Q(a, y) = 1 − cdf, the regularised upper incomplete gamma function.
 * @example scipy.stats.gamma.sf(np.array([1, -1]), 1); // → [Math.exp(-1), 1]
 */
export function sf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, fix } = parts('scipy.stats.gamma.sf', x, a, loc, scale);
  return fix(lax.igammac(pa, y));
}

/**
 * log sf.
 * @example scipy.stats.gamma.logsf(np.array([3]), 1); // → [-3]
 */
export function logsf(x: ArrayLike, a: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  const { y, a: pa, fix } = parts('scipy.stats.gamma.logsf', x, a, loc, scale);
  return fix(lax.log(lax.igammac(pa, y)));
}
