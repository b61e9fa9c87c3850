/**
 * What every toy distribution returns, and the two steps they share: deriving sub-keys and
 * normalising with constants fixed in advance.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { ArgumentError } from '../core/errors.js';

/** A labelled sample: points `x: f32[n, 2]` and their mode or class `y: int32[n]`. */
export interface Sample { x: Tensor; y: Tensor }

/** Per-dimension mean and standard deviation of a distribution (not of a sample of it). */
export interface Moments { mean: readonly [number, number]; std: readonly [number, number] }

/** `num` independent keys from one, as separate u32[2] tensors (so each draw gets its own). */
export function splitKeys(key: Tensor, num: number): Tensor[] {
  const keys = random.split(key, num);
  return Array.from({ length: num }, (_, i) => keys.slice([i]));
}

/**
 * (x − mean) / std with the distribution's own moments. They are constants rather than statistics
 * of `x` so that a training set and a held-out set drawn with different keys (or sizes) land in
 * exactly the same coordinates, and so that the map is the same under jit for every batch.
 */
export function standardise(x: Tensor, { mean, std }: Moments): Tensor {
  return x.sub(np.array([...mean])).div(np.array([...std]));
}

/** Throws unless n is a positive integer: shapes must be static for jit. */
export function checkCount(op: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new ArgumentError(`data.${op}: n must be a positive integer (the number of points), got ${n}.`);
}
