/**
 * Helpers of the scipy.stats distributions (internal: stats/index.ts does not export this file):
 * the location-scale standardisation z = (x − loc)/scale with scipy's NaN for scale ≤ 0, and the
 * promotion and broadcasting of shape parameters (df, a, b, …) with it.
 */
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { floatArgs, k, nanUnless } from '../args.js';

export interface Standardized {
  /** x (or q) promoted and broadcast. */
  x: Tensor;
  loc: Tensor;
  /** scale, with 1 where it is ≤ 0 (those elements become NaN through fix). */
  scale: Tensor;
  /** (x − loc)/scale. */
  z: Tensor;
  /** The shape parameters in the order given, promoted and broadcast. */
  params: Tensor[];
  /** NaN where scale ≤ 0 (or a `domain` condition fails). */
  fix: (v: Tensor) => Tensor;
}

/**
 * Operands x, the shape parameters, loc and scale promoted to one float dtype and broadcast;
 * z = (x − loc)/scale. `domain` marks the valid shape parameters (NaN elsewhere, as scipy).
 */
export function standardize(op: string, x: ArrayLike, params: readonly [ArrayLike, string][], loc: ArrayLike, scale: ArrayLike,
  { xRole = 'x', domain }: { xRole?: string; domain?: (params: Tensor[]) => Tensor } = {}): Standardized {
  const all = floatArgs(op, [x, ...params.map((p) => p[0]), loc, scale], [xRole, ...params.map((p) => p[1]), 'loc', 'scale']);
  const xt = all[0], ps = all.slice(1, 1 + params.length), l = all[all.length - 2], s = all[all.length - 1];
  let ok = lax.compare(s, k(s, 0), 'gt');
  if (domain) ok = lax.where(ok, domain(ps), ok);
  const safeScale = lax.where(ok, s, k(s, 1));
  return { x: xt, loc: l, scale: safeScale, z: lax.div(lax.sub(xt, l), safeScale), params: ps, fix: (v) => nanUnless(ok, v) };
}

/** x, loc and scale (no shape parameters). */
export const locScale = (op: string, x: ArrayLike, loc: ArrayLike, scale: ArrayLike, xRole = 'x'): Standardized =>
  standardize(op, x, [], loc, scale, { xRole });

/** Every element of the parameters positive. */
export const positiveParams = (ps: Tensor[]): Tensor =>
  ps.map((p) => lax.compare(p, k(p, 0), 'gt')).reduce((a, b) => lax.where(a, b, a));

export const LOG_2PI = Math.log(2 * Math.PI);
