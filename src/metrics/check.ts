/** Argument checks shared by the metrics: errors name the metric, the shapes and the fix. */
import type { Tensor } from '../core/tensor.js';
import { ShapeError } from '../core/errors.js';

/** Throws unless `x` is a non-empty float matrix [n, d]. */
export function checkPoints(op: string, what: string, x: Tensor): void {
  if (x.ndim !== 2 || x.shape[0] < 1) {
    throw new ShapeError(`metrics.${op}: ${what} must be points of shape [n, d] with n ≥ 1, got ${x.aval}; reshape 1-D data to [n, 1].`);
  }
}

/** Throws unless `a` and `b` are point sets in the same dimension. */
export function checkPair(op: string, a: Tensor, b: Tensor): void {
  checkPoints(op, 'a', a);
  checkPoints(op, 'b', b);
  if (a.shape[1] !== b.shape[1]) throw new ShapeError(`metrics.${op}: a is ${a.aval} and b is ${b.aval}; both need the same dimension d.`);
}
