import type { Shape } from '../../core/shape.js';

/**
 * Walks `shape` in row-major order and calls `fn(outIndex, inIndex)` where
 * inIndex = offset + Σ idx[d]·strides[d]. An odometer keeps this free of divisions: every
 * movement kernel (broadcast, transpose, slice, pad, concat, reductions) is this one loop.
 */
export function forEachStrided(
  shape: Shape, strides: readonly number[], offset: number, fn: (outIndex: number, inIndex: number) => void,
): void {
  const nd = shape.length;
  let total = 1;
  for (const d of shape) total *= d;
  if (total === 0) return;
  const idx = new Array<number>(nd).fill(0);
  let inIndex = offset;
  for (let o = 0; o < total; o++) {
    fn(o, inIndex);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      inIndex += strides[d];
      if (idx[d] < shape[d]) break;
      inIndex -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}
