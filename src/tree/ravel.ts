/**
 * ravelPytree (jax.flatten_util.ravel_pytree): a pytree of arrays as one flat vector, and the
 * function that puts a vector back into that tree. Scientific code reaches for it to hand a
 * model's parameters to a routine that wants one vector (a Newton step, a line search, a
 * Hessian-vector product, counting parameters).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import type { DType } from '../core/dtype.js';
import * as lax from '../primitives/lax.js';
import { resultType } from '../numpy/dtype-queries.js';
import { treeFlatten, treeUnflatten } from './pytree.js';

/** One leaf's place in the flat vector. */
interface LeafSlot { readonly shape: readonly number[]; readonly dtype: DType; readonly start: number; readonly size: number }

/**
 * Flattens a pytree of arrays into one 1-d vector (leaves in treeFlatten's order, each raveled in
 * row-major order, all cast to their common dtype) and returns it with `unravel`, which maps a
 * vector of that length back to the tree, each leaf cast back to its own dtype. Both directions
 * are differentiable and work under jit and vmap.
 * @example
 * const [flat, unravel] = ravelPytree({ w: np.ones([2, 2]), b: np.array([5, 6]) });
 * flat.shape; // → [6]
 * flat; // → [5, 6, 1, 1, 1, 1]
 * unravel(flat.mul(2)).b; // → [10, 12]
 */
export function ravelPytree<T>(tree: T): [Tensor, (flat: Tensor) => T] {
  const op = 'ravelPytree';
  const { leaves, def } = treeFlatten(tree);
  leaves.forEach((l, i) => {
    if (!isTensor(l)) {
      throw new ArgumentError(`${op}: leaf ${i} is ${typeof l === 'number' ? 'a JS number' : typeof l}; every leaf must be ` +
        `a Tensor (make numbers arrays with np.array, or drop them from the tree).`);
    }
  });
  const tensors = leaves as Tensor[];
  // Like JAX, an empty tree ravels to an empty float32 vector.
  const dtype: DType = tensors.length === 0 ? 'float32' : resultType(...tensors);
  let offset = 0;
  const slots: LeafSlot[] = tensors.map((t) => {
    const slot = { shape: t.shape, dtype: t.dtype, start: offset, size: t.size };
    offset += t.size;
    return slot;
  });
  const total = offset;
  const flat = tensors.length === 0
    ? lax.full([0], 0, dtype)
    : lax.concatenate(tensors.map((t) => lax.reshape(lax.cast(t, dtype), [t.size])), 0);
  const unravel = (v: Tensor): T => {
    if (!isTensor(v) || v.ndim !== 1 || v.shape[0] !== total) {
      const got = isTensor(v) ? `${v.aval}` : typeof v;
      throw new ShapeError(`${op}: unravel expects a 1-d vector of length ${total} (the raveled tree), got ${got}.`);
    }
    if (v.dtype !== dtype) {
      throw new ArgumentError(`${op}: unravel expects dtype ${dtype} (the raveled tree's), got ${v.dtype}; cast it with astype first.`);
    }
    const parts = slots.map((s) => {
      const piece = lax.reshape(lax.slice(v, [s.start], [s.start + s.size]), s.shape);
      return lax.cast(piece, s.dtype);
    });
    return treeUnflatten<T>(def, parts);
  };
  return [flat, unravel];
}
