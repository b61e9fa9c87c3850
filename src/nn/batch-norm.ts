/**
 * Batch normalisation in functional style (flax.linen.BatchNorm): trainable params { scale, bias }
 * and running statistics { mean, var } kept as a separate state that the apply returns updated,
 * so grad sees only the params and the caller threads the state (as Flax's batch_stats collection).
 */
import type { DType } from '../core/dtype.js';
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { isTensor, type Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import * as np from '../numpy/index.js';

/** Trainable parameters: per-feature scale (init 1) and bias (init 0). */
export interface BatchNormParams { scale: Tensor; bias: Tensor }
/** Running statistics (not trained): per-feature mean (init 0) and biased variance (init 1). */
export interface BatchNormState { mean: Tensor; var: Tensor }

export interface BatchNormOptions {
  /** true: normalise with this batch's statistics and update the running ones; false: use the running ones (Flax's use_running_average). Required. */
  training: boolean;
  /** Running-average decay: new = momentum·old + (1 − momentum)·batch (default 0.99, as Flax). */
  momentum?: number;
  /** Added to the variance before the rsqrt (default 1e-5, as Flax's BatchNorm). */
  epsilon?: number;
}

/**
 * The params and running state of a batch-norm layer over `features` channels (the last axis).
 * @example const { params, state } = nn.initBatchNorm(4); // params.scale = ones [4], state.var = ones [4]
 * @example nn.initBatchNorm(3).state.mean; // → [0, 0, 0]
 */
export function initBatchNorm(features: number, { dtype = 'float32' }: { dtype?: DType } = {}): { params: BatchNormParams; state: BatchNormState } {
  const op = 'nn.initBatchNorm';
  validate.integer(op, 'features', features, { min: 1 });
  const d = validate.dtype(op, dtype);
  if (!isFloat(d)) throw new DTypeError(`${op}: dtype must be a float dtype ('float32' or 'float64'), got '${d}'.`);
  return {
    params: { scale: np.ones([features], d), bias: np.zeros([features], d) },
    state: { mean: np.zeros([features], d), var: np.ones([features], d) },
  };
}

/**
 * Batch norm over every axis but the last (flax.linen.BatchNorm with axis=-1): y = (x − μ) /
 * √(σ² + ε)·scale + bias. With `training: true`, μ and σ² (biased) are the batch's and the
 * returned state moves toward them by momentum; with `training: false` they are the running
 * statistics and the state comes back unchanged. Returns [y, newState]; the new state carries no
 * gradient (stop_gradient), as a Flax batch_stats update.
 * @example
 * const { params, state } = nn.initBatchNorm(1);
 * const [y, s] = nn.batchNorm(params, state, np.array([[1], [3]]), { training: true });
 * y; // → [[-0.999995], [0.999995]]
 * s.mean; // → [0.02]
 */
export function batchNorm(params: BatchNormParams, state: BatchNormState, x: Tensor, opts: BatchNormOptions): [Tensor, BatchNormState] {
  const op = 'nn.batchNorm';
  const { training, momentum = 0.99, epsilon = 1e-5 } =
    validate.options<BatchNormOptions>(op, opts, ['training', 'momentum', 'epsilon'], '{ training: true }');
  if (typeof training !== 'boolean') {
    throw new ArgumentError(`${op}: give { training: true } (batch statistics, update the running ones) or { training: false } (running statistics), got ${validate.describe(training)}.`);
  }
  const m = validate.number(op, 'momentum', momentum);
  if (!(m >= 0 && m <= 1)) throw new ArgumentError(`${op}: momentum must be in [0, 1], got ${m}.`);
  const eps = validate.number(op, 'epsilon', epsilon);
  if (!(eps >= 0)) throw new ArgumentError(`${op}: epsilon must be a non-negative number, got ${eps}.`);
  const ok = (o: unknown, a: string, b: string) => o !== null && typeof o === 'object' && isTensor((o as Record<string, unknown>)[a]) && isTensor((o as Record<string, unknown>)[b]);
  if (!ok(params, 'scale', 'bias')) throw new ArgumentError(`${op}: params must be { scale, bias } (from nn.initBatchNorm), got ${validate.describe(params)}.`);
  if (!ok(state, 'mean', 'var')) throw new ArgumentError(`${op}: state must be { mean, var } (from nn.initBatchNorm), got ${validate.describe(state)}.`);
  const t = np.asTensor(validate.operand(op, x, 'x') as np.ArrayLike);
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: x must be a float array, got ${t.aval}; cast with .astype('float32').`);
  const f = params.scale.shape[0];
  if (t.ndim < 2 || t.shape[t.ndim - 1] !== f) {
    throw new ShapeError(`${op}: x is ${t.aval} but the layer normalises ${f} features; x must be [batch, ..., ${f}] (features last, at least one batch axis).`);
  }
  for (const [name, v] of [['scale', params.scale], ['bias', params.bias], ['mean', state.mean], ['var', state.var]] as const) {
    if (v.ndim !== 1 || v.shape[0] !== f) throw new ShapeError(`${op}: ${name} is ${v.aval}; every parameter and statistic must be [${f}].`);
  }
  const axes = t.shape.slice(0, -1).map((_, i) => i);
  let mean: Tensor, variance: Tensor, next: BatchNormState;
  if (training) {
    mean = np.mean(t, { axis: axes });
    // The biased variance from centred values (Flax's E[x²] − E[x]² without its cancellation).
    variance = np.mean(np.square(t.sub(mean)), { axis: axes });
    const blend = (old: Tensor, batch: Tensor) => lax.stopGradient(old.mul(m).add(batch.astype(old.dtype).mul(1 - m)));
    next = { mean: blend(state.mean, mean), var: blend(state.var, variance) };
  } else {
    mean = state.mean.astype(t.dtype);
    variance = state.var.astype(t.dtype);
    next = state;
  }
  const y = t.sub(mean).mul(variance.add(eps).rsqrt()).mul(params.scale.astype(t.dtype)).add(params.bias.astype(t.dtype));
  return [y, next];
}
