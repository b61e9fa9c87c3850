/**
 * An order-reversing bijection of a dtype, which turns a max into a min (np.min, np.argmin,
 * np.nanmin of integers): internal to np, not exported by its index.
 */
import { highestValue, isFloat, isUnsigned } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';

/**
 * An order-reversing bijection of the dtype: −x for floats (keeps gradients), ~x = C − x for
 * integers (−x would wrap: uint32 0 and int32 −2³¹ map to themselves), ¬x for bool.
 */
export function reverseOrder(x: Tensor): Tensor {
  if (isFloat(x.dtype)) return lax.neg(x);
  if (x.dtype === 'bool') return lax.compare(x, lax.zerosLike(x), 'eq');
  return lax.sub(lax.fullLike(x, isUnsigned(x.dtype) ? highestValue(x.dtype) : -1), x);
}
