/** The `where` mask of the reductions (JAX's where=): internal to np, not exported by its index. */
import { DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { broadcastTo } from './broadcast.js';
import { ArrayLike, operandTensor } from './creation.js';

/** The where mask, a bool array broadcast to x's shape (JAX requires a bool mask). */
export function whereMask(op: string, where: ArrayLike, x: Tensor): Tensor {
  const m = operandTensor(op, where, undefined, 'the where mask');
  if (m.dtype !== 'bool') {
    throw new DTypeError(`${op}: where must be a bool array (as in JAX), got ${m.aval}; compare first, e.g. { where: x.gt(0) }.`);
  }
  return broadcastTo(m, x.shape, op);
}
