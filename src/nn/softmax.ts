/**
 * softmax, logSoftmax and logsumexp under jax.nn's names, over one axis or several. The
 * composition (max, subtract, exp, sum, divide, all over the same rows) is what the compiler
 * fuses into one row kernel: the max and the sum are registers of a single pass over each row.
 * The max is a stop-gradient shift: softmax does not depend on it, so its derivative (the
 * reduce_max jvp, with its tie-splitting) would only add work and a second row reduction.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import * as np from '../numpy/index.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

/** The softmax axes: one integer or a list (default: the last axis). */
export type SoftmaxAxis = number | number[];

function floatArg(op: string, x: ArrayLike): Tensor {
  const t = operandTensor(op, x);
  return isFloat(t.dtype) ? t : lax.cast(t, 'float32');
}

function axesOf(op: string, axis: unknown, ndim: number): number[] {
  if (axis === null || axis === undefined) {
    throw new ArgumentError(`${op}: axis must be an integer or a list of integers (default -1, the last axis), got ${validate.describe(axis)}.`);
  }
  return validate.axes(op, axis, ndim);
}

/** `r` (reduced over `axes`) broadcast back to x's shape. */
const back = (r: Tensor, x: Tensor, axes: readonly number[]): Tensor =>
  lax.broadcastInDim(r, x.shape, x.shape.map((_, i) => i).filter((i) => !axes.includes(i)));

/**
 * The rows' maxima as a constant shift. No guard for infinite maxima (as in JAX: a row holding
 * +∞ gives NaN): the guard is an elementwise step between the two reductions that keeps the
 * compiler from computing both in one row kernel.
 */
const shift = (x: Tensor, axes: readonly number[]): Tensor => lax.stopGradient(lax.reduceMax(x, axes));

/** softmax of a float tensor over checked axes (the attention code calls this directly). */
export function softmaxOver(x: Tensor, axes: readonly number[]): Tensor {
  if (x.size === 0) return x;
  const e = lax.exp(lax.sub(x, back(shift(x, axes), x, axes)));
  return lax.div(e, back(lax.reduceSum(e, axes), x, axes));
}

/**
 * softmax along `axis` (an integer or a list; default the last axis): exp(x) / Σ exp(x).
 * @example nn.softmax(np.array([0, Math.log(3)])); // → [0.25, 0.75]
 */
export function softmax(x: ArrayLike, axis: SoftmaxAxis = -1): Tensor {
  const op = 'nn.softmax';
  const t = floatArg(op, x);
  return softmaxOver(t, axesOf(op, axis, t.ndim));
}

/**
 * log softmax along `axis` (default the last): x − logsumexp(x), computed stably.
 * @example nn.logSoftmax(np.array([0, 0])); // → [-0.69315, -0.69315]
 */
export function logSoftmax(x: ArrayLike, axis: SoftmaxAxis = -1): Tensor {
  const op = 'nn.logSoftmax';
  const t = floatArg(op, x);
  const axes = axesOf(op, axis, t.ndim);
  if (t.size === 0) return t;
  const shifted = lax.sub(t, back(shift(t, axes), t, axes));
  const lse = lax.log(lax.reduceSum(lax.exp(shifted), axes));
  return lax.sub(shifted, back(lse, t, axes));
}

/**
 * log Σ exp(x) over `axis` (every axis when omitted), stable (jax.nn.logsumexp); an empty
 * axis gives −∞.
 * @example nn.logsumexp(np.array([0, 0])); // → 0.69315
 */
export function logsumexp(x: ArrayLike, opts?: { axis?: SoftmaxAxis | null; keepdims?: boolean }): Tensor {
  return np.logsumexp(operandTensor('nn.logsumexp', x), opts);
}
