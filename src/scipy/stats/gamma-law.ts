/**
 * The gamma law in standard form, shared by scipy.stats.gamma and chi2 (internal: stats/index.ts
 * does not export this file).
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { lgamma } from '../../numpy/gamma.js';
import { k } from '../args.js';
import { xlogyCore } from '../core.js';
import { positiveParams, standardize, type Standardized } from './common.js';

/**
 * A gamma law in standard form, shared with chi2 (the gamma law of shape df/2 stretched by 2):
 * shape a, y = max(z, 0)/stretch, the density's scale stretch·scale, and where x < loc.
 */
export interface GammaParts extends Standardized { neg: Tensor; y: Tensor; a: Tensor; densityScale: Tensor }

export function gammaParts(op: string, x: ArrayLike, shape: [ArrayLike, string], loc: ArrayLike, scale: ArrayLike, stretch = 1): GammaParts {
  const st = standardize(op, x, [shape], loc, scale, { domain: positiveParams });
  const neg = lax.compare(st.z, k(st.z, 0), 'lt');
  const pa = st.params[0];
  const a = lax.where(lax.compare(pa, k(pa, 0), 'gt'), pa, k(pa, 1)), y = lax.where(neg, k(st.z, 0), st.z);
  if (stretch === 1) return { ...st, neg, y, a, densityScale: st.scale };
  return { ...st, neg, y: lax.mul(y, k(y, 1 / stretch)), a: lax.mul(a, k(a, 1 / stretch)), densityScale: lax.mul(st.scale, k(st.scale, stretch)) };
}

/** (a−1)·log y − y − log Γ(a) − log(densityScale); −∞ where x < loc, NaN outside the domain. */
export function gammaLogDensity({ neg, y, a, densityScale, fix }: GammaParts): Tensor {
  const v = lax.sub(lax.sub(lax.sub(xlogyCore(lax.sub(a, k(a, 1)), y), y), lgamma(a)), lax.log(densityScale));
  return fix(lax.where(neg, k(v, -Infinity), v));
}

