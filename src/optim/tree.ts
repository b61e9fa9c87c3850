/** Small typed helpers over pytrees of tensors shared by the transforms. */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { treeLeaves, treeMap } from '../tree/pytree.js';

/** Applies `fn` to corresponding leaves of trees with the structure of `tree`. */
export const mapTensors = <T>(fn: (...xs: Tensor[]) => Tensor, tree: T, ...rest: unknown[]): T =>
  treeMap<T>(fn, tree, ...rest);

/** A step counter starting at 0: int32 so it stays exact past 2²⁴ steps; consumers cast it on device. */
export const zeroCount = (): Tensor => np.zeros([], 'int32');

/** The count as a float of `dtype`, computed inside the program: no host read, so jit-compilable. */
export const countAs = (count: Tensor, dtype: Tensor['dtype'] = 'float32'): Tensor => count.astype(dtype);

/**
 * √(Σ over every leaf of Σ g²), in float32 (float64 if any leaf is float64).
 * @example optim.globalNorm({ a: np.array([3]), b: np.array([4]) }); // 5
 */
export function globalNorm(tree: unknown): Tensor {
  const leaves = treeLeaves<Tensor>(tree);
  if (leaves.length === 0) return np.zeros([]);
  return np.sqrt(sumInGroups(leaves.map((g) => g.square().sum())));
}

/**
 * Σ of scalars, as sums of stacks of at most 8: a chain of adds over n leaves fuses into one
 * elementwise kernel binding all n partial sums, and WebGPU adapters allow 16 storage buffers per
 * kernel (lavapipe), so a model with more than 15 leaves (a DiT has 40+) could not be clipped on
 * WebGPU. A stack is its own kernel (≤ 9 bindings) and its sum a row kernel.
 */
function sumInGroups(xs: Tensor[]): Tensor {
  if (xs.length <= 4) return xs.reduce((a, b) => a.add(b));
  const groups: Tensor[] = [];
  for (let i = 0; i < xs.length; i += 8) {
    const g = xs.slice(i, i + 8);
    groups.push(g.length === 1 ? g[0] : np.sum(np.stack(g)));
  }
  return sumInGroups(groups);
}
