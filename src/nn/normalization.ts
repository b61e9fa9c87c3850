/**
 * Normalisation over feature axes: jax.nn.standardize (zero mean, unit variance) and RMSNorm
 * (Zhang & Sennrich 2019: divide by the root mean square, no centring).
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { broadcastTo } from '../numpy/broadcast.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

function floatArg(op: string, x: ArrayLike): Tensor {
  const t = operandTensor(op, x);
  return isFloat(t.dtype) ? t : lax.cast(t, 'float32');
}

function optionsOf<T extends object>(op: string, o: T | undefined): T {
  if (o === undefined) return {} as T;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${op}: options must be an object such as { axis: -1, epsilon: 1e-5 }, got ${validate.describe(o)}.`);
  }
  return o;
}

function epsilonOf(op: string, eps: unknown): number {
  const e = validate.number(op, 'epsilon', eps);
  if (!(e >= 0) || !Number.isFinite(e)) throw new ArgumentError(`${op}: epsilon must be a finite number ≥ 0, got ${e}.`);
  return e;
}

/** Mean over `axes`, kept as size-1 axes and broadcast back to x's shape. */
function meanBack(x: Tensor, axes: readonly number[]): Tensor {
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const s = lax.reduceSum(x, axes);
  const m = lax.div(s, lax.fullLike(s, n));
  return lax.broadcastInDim(m, x.shape, x.shape.map((_, i) => i).filter((i) => !axes.includes(i)));
}

export interface StandardizeOptions {
  /** Axes normalised over (default -1). */
  axis?: number | number[];
  /** A precomputed mean, broadcastable to x (default: the mean over `axis`). */
  mean?: ArrayLike;
  /** A precomputed variance, broadcastable to x (default: the biased variance over `axis`). */
  variance?: ArrayLike;
  /** Added to the variance before the rsqrt (default 1e-5, as JAX). */
  epsilon?: number;
}

/**
 * (x − mean) / √(variance + ε) over `axis` (jax.nn.standardize). The variance is the mean of the
 * squared centred values, the same quantity as JAX's E[x²] − E[x]² without its cancellation.
 * @example nn.standardize(np.array([1, 2, 3])); // → [-1.2247357, 0, 1.2247357] — ε = 1e-5 in the variance
 */
export function standardize(x: ArrayLike, opts?: StandardizeOptions): Tensor {
  const op = 'nn.standardize';
  const { axis = -1, mean, variance, epsilon = 1e-5 } = optionsOf(op, opts);
  const t = floatArg(op, x);
  const axes = validate.axes(op, axis, t.ndim);
  const eps = epsilonOf(op, epsilon);
  const mu = mean === undefined ? meanBack(t, axes) : broadcastTo(lax.cast(operandTensor(op, mean, t.dtype, 'mean'), t.dtype), t.shape, op);
  const centred = lax.sub(t, mu);
  const v = variance === undefined ? meanBack(lax.mul(centred, centred), axes)
    : broadcastTo(lax.cast(operandTensor(op, variance, t.dtype, 'variance'), t.dtype), t.shape, op);
  return lax.mul(centred, lax.rsqrt(lax.add(v, lax.fullLike(v, eps))));
}

export interface RmsNormOptions {
  /** Axes normalised over (default -1). */
  axis?: number | number[];
  /** A learned per-feature scale, broadcastable to x (default: none). */
  scale?: ArrayLike;
  /** Added to the mean square before the rsqrt (default 1e-6, as Flax's RMSNorm). */
  epsilon?: number;
}

/**
 * RMSNorm: x / √(mean(x²) + ε) over `axis`, times `scale` when given.
 * @example nn.rmsNorm(np.array([3, 4]), { epsilon: 0 }); // → [0.84852814, 1.1313708]
 */
export function rmsNorm(x: ArrayLike, opts?: RmsNormOptions): Tensor {
  const op = 'nn.rmsNorm';
  const { axis = -1, scale, epsilon = 1e-6 } = optionsOf(op, opts);
  const t = floatArg(op, x);
  const axes = validate.axes(op, axis, t.ndim);
  const eps = epsilonOf(op, epsilon);
  const ms = meanBack(lax.mul(t, t), axes);
  const y = lax.mul(t, lax.rsqrt(lax.add(ms, lax.fullLike(ms, eps))));
  return scale === undefined ? y : lax.mul(y, broadcastTo(lax.cast(operandTensor(op, scale, t.dtype, 'scale'), t.dtype), t.shape, op));
}
