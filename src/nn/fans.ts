/**
 * Fan-in and fan-out of a weight shape, for the variance-scaling initializers. Internal (JAX keeps
 * its `_compute_fans` private too): it takes the calling initializer's name first, for its errors,
 * so it lives outside initializers.ts, whose exports are the public `nn.initializers` namespace.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import * as validate from '../core/validate.js';

/**
 * The fans of a weight shape: the in/out axes' sizes times the receptive field, the product of
 * the other axes (JAX's _compute_fans); `computeFans(op, [3, 3, 16, 32])` is
 * `{ fanIn: 144, fanOut: 288 }`.
 */
export function computeFans(op: string, shape: readonly number[], inAxis = -2, outAxis = -1): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new ShapeError(`${op}: cannot compute fan-in and fan-out of a weight of shape ${fmtShape(shape)}; ` +
      `variance-scaling initializers need at least 2 axes (e.g. [in, out]). Use nn.initializers.normal for vectors.`);
  }
  const i = validate.axis(op, inAxis, shape.length, 'inAxis'), o = validate.axis(op, outAxis, shape.length, 'outAxis');
  if (i === o) throw new ArgumentError(`${op}: inAxis and outAxis name the same axis ${i} of ${fmtShape(shape)}.`);
  const receptive = shape.reduce((p, d, k) => (k === i || k === o ? p : p * d), 1);
  return { fanIn: shape[i] * receptive, fanOut: shape[o] * receptive };
}
