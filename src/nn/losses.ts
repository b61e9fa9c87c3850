/**
 * Losses with optax's names and conventions: each returns the per-example loss (no mean over
 * the batch; take np.mean yourself), so they compose with weighting and masking.
 */
import { isFloat, isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { prepare } from '../numpy/broadcast.js';
import * as np from '../numpy/index.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';
import { logSoftmax } from './softmax.js';

function floatArg(op: string, x: ArrayLike, role: string): Tensor {
  const t = operandTensor(op, x, undefined, role);
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: ${role} must be float32 or float64, got ${t.aval}; cast with .astype('float32').`);
  return t;
}

/** predictions − targets (targets default to 0), broadcast and promoted as numpy does. */
function errors(op: string, predictions: ArrayLike, targets: ArrayLike | undefined): Tensor {
  const p = floatArg(op, predictions, 'predictions');
  if (targets === undefined || targets === null) return p;
  const [x, y] = prepare(op, [p, targets]);
  return lax.sub(x, y);
}

/**
 * Cross-entropy between the softmax of `logits` and the distributions `labels` (one-hot or
 * soft), over `axis` (default last): −Σ labels·logSoftmax(logits) (optax.softmax_cross_entropy).
 * @example nn.softmaxCrossEntropy(np.array([[0, 0]]), np.array([[1, 0]])); // → [0.69315]
 */
export function softmaxCrossEntropy(logits: ArrayLike, labels: ArrayLike, { axis = -1 }: { axis?: number } = {}): Tensor {
  const op = 'nn.softmaxCrossEntropy';
  const l = floatArg(op, logits, 'logits');
  const y = operandTensor(op, labels, l.dtype, 'labels');
  if (y.ndim !== l.ndim || y.shape.some((d, i) => d !== l.shape[i])) {
    throw new ShapeError(`${op}: labels ${fmtShape(y.shape)} must have the logits' shape ${fmtShape(l.shape)} (a distribution per row); ` +
      `for class indices use nn.softmaxCrossEntropyWithIntegerLabels.`);
  }
  if (!isFloat(y.dtype) || y.dtype !== l.dtype) {
    throw new DTypeError(`${op}: labels must be floats of the logits' dtype ${l.dtype}, got ${y.aval}; cast with .astype('${l.dtype}').`);
  }
  const ax = validate.axis(op, axis, l.ndim);
  return lax.neg(lax.reduceSum(lax.mul(y, logSoftmax(l, ax)), [ax]));
}

/**
 * Cross-entropy of the softmax of `logits` against integer class `labels` (shape: the logits'
 * without `axis`): logsumexp(logits) − logits[label], the label's logit taken as
 * jnp.take_along_axis does (optax.softmax_cross_entropy_with_integer_labels). So a −∞ logit
 * (a masked class) that is not the label costs nothing; a negative label counts from the end;
 * a label outside [−numClasses, numClasses) takes take_along_axis's fill value NaN, so its loss
 * is NaN (check labels beforehand where that can happen).
 * @example nn.softmaxCrossEntropyWithIntegerLabels(np.array([[0, 0]]), np.array([0], { dtype: 'int32' })); // → [0.69315]
 * @example nn.softmaxCrossEntropyWithIntegerLabels(np.array([[0, -Infinity]]), np.array([0], { dtype: 'int32' })); // → [0]
 */
export function softmaxCrossEntropyWithIntegerLabels(logits: ArrayLike, labels: ArrayLike, { axis = -1 }: { axis?: number } = {}): Tensor {
  const op = 'nn.softmaxCrossEntropyWithIntegerLabels';
  const l = floatArg(op, logits, 'logits');
  const y = operandTensor(op, labels, 'int32', 'labels');
  if (!isInteger(y.dtype)) {
    throw new DTypeError(`${op}: labels must be integer class indices (int32), got ${y.aval}; for one-hot or soft labels ` +
      `use nn.softmaxCrossEntropy, or cast with .astype('int32').`);
  }
  const ax = validate.axis(op, axis, l.ndim);
  const want = l.shape.filter((_, i) => i !== ax);
  if (y.ndim !== want.length || y.shape.some((d, i) => d !== want[i])) {
    throw new ShapeError(`${op}: labels ${fmtShape(y.shape)} must have the logits' shape ${fmtShape(l.shape)} without axis ${axis}, ` +
      `i.e. ${fmtShape(want)}.`);
  }
  const n = l.shape[ax];
  const lse = np.logsumexp(l, { axis: ax });
  // take_along_axis as a select of the label's column (not one-hot · logits, where 0 · −∞ is NaN):
  // one row kernel with the logsumexp on WebGPU. Negative labels wrap; outside [−n, n) is NaN.
  const yi = lax.cast(y, 'int32');
  const zero = lax.full(yi.shape, 0, 'int32');
  const wrapped = lax.where(lax.compare(yi, zero, 'lt'), lax.add(yi, lax.full(yi.shape, n, 'int32')), yi);
  const dims = l.shape.map((_, i) => i).filter((i) => i !== ax);
  const hit = lax.compare(lax.iota(l.shape, ax, 'int32'), lax.broadcastInDim(wrapped, l.shape, dims), 'eq');
  const picked = lax.reduceSum(lax.where(hit, l, lax.zerosLike(l)), [ax]);
  const inRange = lax.where(lax.compare(wrapped, zero, 'ge'), lax.compare(wrapped, lax.full(yi.shape, n, 'int32'), 'lt'), lax.full(yi.shape, 0, 'bool'));
  const labelLogit = lax.where(inRange, picked, lax.full(picked.shape, NaN, l.dtype));
  return lax.sub(lse, labelLogit);
}

/**
 * Squared error (predictions − targets)² elementwise (optax.squared_error; targets default 0).
 * @example nn.squaredError(np.array([3]), np.array([1])); // → [4]
 */
export function squaredError(predictions: ArrayLike, targets?: ArrayLike): Tensor {
  const e = errors('nn.squaredError', predictions, targets);
  return lax.mul(e, e);
}

/**
 * Half the squared error, ½(predictions − targets)² elementwise (optax.l2_loss).
 * @example nn.l2Loss(np.array([3]), np.array([1])); // → [2]
 */
export function l2Loss(predictions: ArrayLike, targets?: ArrayLike): Tensor {
  const e = errors('nn.l2Loss', predictions, targets);
  return lax.mul(lax.mul(e, e), lax.fullLike(e, 0.5));
}

/**
 * Huber loss elementwise: ½e² for |e| ≤ δ, δ(|e| − ½δ) beyond (optax.huber_loss; δ default 1).
 * @example nn.huberLoss(np.array([0.5, 3]), np.array([0, 0])); // → [0.125, 2.5]
 */
export function huberLoss(predictions: ArrayLike, targets?: ArrayLike, delta = 1): Tensor {
  const op = 'nn.huberLoss';
  const d = validate.number(op, 'delta', delta);
  if (!(d > 0) || !Number.isFinite(d)) throw new ArgumentError(`${op}: delta must be a finite positive number, got ${d}.`);
  const e = errors(op, predictions, targets);
  const a = lax.abs(e);
  // optax's split: the quadratic part min(|e|, δ) and the linear remainder, smooth at |e| = δ.
  const quad = lax.min(a, lax.fullLike(a, d));
  const lin = lax.sub(a, quad);
  return lax.add(lax.mul(lax.mul(quad, quad), lax.fullLike(a, 0.5)), lax.mul(lin, lax.fullLike(a, d)));
}
