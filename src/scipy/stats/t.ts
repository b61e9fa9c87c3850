/** Student's t distribution with df degrees of freedom (jax.scipy.stats.t); NaN where df ≤ 0 or scale ≤ 0. */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { lgamma } from '../../numpy/gamma.js';
import { k } from '../args.js';
import { positiveParams, standardize } from './common.js';

function logDensity(op: string, x: ArrayLike, df: ArrayLike, loc: ArrayLike, scale: ArrayLike): Tensor {
  const { z, scale: s, params: [nu], fix } = standardize(op, x, [[df, 'df']], loc, scale, { domain: positiveParams });
  const half = (t: Tensor) => lax.mul(t, k(t, 0.5));
  const nus = lax.where(lax.compare(nu, k(nu, 0), 'gt'), nu, k(nu, 1));
  const c = lax.sub(lax.sub(lgamma(half(lax.add(nus, k(nus, 1)))), lgamma(half(nus))), half(lax.log(lax.mul(nus, k(nus, Math.PI)))));
  const tail = lax.mul(half(lax.add(nus, k(nus, 1))), lax.log1p(lax.div(lax.mul(z, z), nus)));
  return fix(lax.sub(lax.sub(c, lax.log(s)), tail));
}

/**
 * The log density log Γ((ν+1)/2) − log Γ(ν/2) − ½log(νπ) − log(scale) − (ν+1)/2·log(1 + z²/ν).
 * @example scipy.stats.t.logpdf(np.array([0, 1]), 1); // → [-Math.log(Math.PI), -Math.log(2 * Math.PI)]
 */
export function logpdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return logDensity('scipy.stats.t.logpdf', x, df, loc, scale);
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.t.pdf(np.array([0]), 2); // → [0.35355339059327373]
 */
export function pdf(x: ArrayLike, df: ArrayLike, loc: ArrayLike = 0, scale: ArrayLike = 1): Tensor {
  return lax.exp(logDensity('scipy.stats.t.pdf', x, df, loc, scale));
}
