/** jax.nn.one_hot: integer class labels to indicator vectors. */
import { DType } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

export interface OneHotOptions {
  /** The result's dtype (default 'float32'). */
  dtype?: DType;
  /** Where the new class axis goes in the result (default -1, last). */
  axis?: number;
}

/**
 * A one-hot encoding of `x` with `numClasses` classes: out[..., c] = (x == c). Labels outside
 * [0, numClasses) give an all-zero vector, as in JAX (so padding labels such as -1 drop out).
 * @example nn.oneHot(np.array([0, 2], { dtype: 'int32' }), 3); // → [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(x: ArrayLike, numClasses: number, opts: OneHotOptions = {}): Tensor {
  const op = 'nn.oneHot';
  const labels = operandTensor(op, x, 'int32', 'the labels');
  const n = validate.integer(op, 'numClasses', numClasses, { min: 0, max: validate.MAX_ELEMENTS });
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError(`${op}: options must be an object such as { dtype: 'float32', axis: -1 }, got ${validate.describe(opts)}.`);
  }
  const dtype = validate.dtype(op, opts.dtype ?? 'float32');
  if (labels.dtype === 'bool') {
    throw new DTypeError(`${op}: labels must be integers (or floats holding integers), got ${labels.aval}; cast with x.astype('int32').`);
  }
  const outNdim = labels.ndim + 1;
  const ax = validate.axis(op, opts.axis ?? -1, outNdim);
  const outShape = [...labels.shape.slice(0, ax), n, ...labels.shape.slice(ax)];
  const dims = labels.shape.map((_, i) => (i < ax ? i : i + 1));
  // The class indices in the labels' own dtype (float labels compare as floats, as in JAX).
  const cls = labels.dtype === 'uint32' ? lax.iota(outShape, ax, 'uint32') : lax.cast(lax.iota(outShape, ax, 'int32'), labels.dtype);
  const hit = lax.compare(lax.broadcastInDim(labels, outShape, dims), cls, 'eq');
  return lax.cast(hit, dtype);
}
