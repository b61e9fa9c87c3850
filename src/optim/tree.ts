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
  return np.sqrt(leaves.map((g) => g.square().sum()).reduce((a, b) => a.add(b)));
}
