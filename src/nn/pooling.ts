/**
 * Pooling and upsampling over channels-last inputs [batch, ...spatial, features] (flax's
 * nn.max_pool / nn.avg_pool, jax.image.resize's nearest and bilinear for upsampling). Pools are
 * lax.reduceWindow over the spatial axes; upsampling is one small interpolation matrix per
 * spatial axis (a product, so its gradient is the transposed product).
 */
import { ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as np from '../numpy/index.js';
import * as lax from '../primitives/lax.js';
import { reduceWindow } from '../primitives/reduce-window.js';

type Padding = 'SAME' | 'VALID' | readonly (readonly [number, number])[];

function windowArgs(op: string, x: Tensor, window: readonly number[], strides: readonly number[] | undefined, padding: Padding) {
  if (!Array.isArray(window) || window.length === 0 || window.length !== x.ndim - 2) {
    throw new ShapeError(`${op}: windowShape ${validate.describe(window)} must give one size per spatial axis of x ${x.aval} ` +
      `([batch, ...spatial, features]: ${Math.max(x.ndim - 2, 0)} of them).`);
  }
  const s = strides ?? window.map(() => 1);
  if (!Array.isArray(s) || s.length !== window.length) throw new ShapeError(`${op}: strides ${validate.describe(strides)} must give one stride per spatial axis (${window.length}).`);
  const pad = typeof padding === 'string' ? padding : [[0, 0] as [number, number], ...padding, [0, 0] as [number, number]];
  return { dims: [1, ...window, 1], strides: [1, ...s, 1], pad };
}

/**
 * Max pooling (flax's nn.max_pool): the largest value of each window; its gradient goes to the
 * first largest element of each window (select-and-scatter).
 * @example nn.maxPool(np.arange(16).astype('float32').reshape([1, 4, 4, 1]), [2, 2], [2, 2]); // → [[[[5], [7]], [[13], [15]]]]
 */
export function maxPool(x: Tensor, windowShape: readonly number[], strides?: readonly number[], padding: Padding = 'VALID'): Tensor {
  const t = np.asTensor(validate.operand('nn.maxPool', x, 'x') as np.ArrayLike);
  const { dims, strides: s, pad } = windowArgs('nn.maxPool', t, windowShape, strides, padding);
  return reduceWindow(t, -Infinity, lax.max, dims, s, pad);
}

/**
 * Average pooling (flax's nn.avg_pool): the mean of each window; with countIncludePad false,
 * padded positions are left out of the count (the mean of the real elements).
 * @example nn.avgPool(np.ones([1, 4, 4, 2]), [2, 2], [2, 2]).shape; // → [1, 2, 2, 2]
 */
export function avgPool(x: Tensor, windowShape: readonly number[], strides?: readonly number[], padding: Padding = 'VALID',
  opts: { countIncludePad?: boolean } = {}): Tensor {
  const op = 'nn.avgPool';
  const t = np.asTensor(validate.operand(op, x, 'x') as np.ArrayLike);
  const { countIncludePad = true } = validate.options<{ countIncludePad: boolean }>(op, opts, ['countIncludePad'], '{ countIncludePad: false }');
  validate.boolean(op, 'countIncludePad', countIncludePad);
  const { dims, strides: s, pad } = windowArgs(op, t, windowShape, strides, padding);
  const sums = reduceWindow(t, 0, lax.add, dims, s, pad);
  if (countIncludePad) return sums.div(windowShape.reduce((a, b) => a * b, 1));
  // The count of real elements per window: the same window sum over ones of one feature plane.
  const ones = lax.full([1, ...t.shape.slice(1, -1), 1], 1, t.dtype);
  return sums.div(reduceWindow(ones, 0, lax.add, dims, s, pad));
}

/** The [out, in] interpolation matrix of one axis (half-pixel centres, as jax.image.resize). */
function interpolation(inSize: number, outSize: number, method: 'nearest' | 'bilinear'): number[] {
  const m = new Array<number>(outSize * inSize).fill(0);
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    if (method === 'nearest') { m[i * inSize + Math.min(Math.floor((i + 0.5) * scale), inSize - 1)] = 1; continue; }
    // Clamped to the edge: for upsampling, the triangle kernel renormalised over the input's samples.
    const c = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
    const lo = Math.floor(c), hi = Math.min(lo + 1, inSize - 1), f = c - lo;
    m[i * inSize + lo] += 1 - f;
    m[i * inSize + hi] += f;
  }
  return m;
}

/**
 * Upsamples the spatial axes of channels-last x by integer factors: 'nearest' repeats each
 * element, 'bilinear' interpolates linearly between element centres (jax.image.resize with
 * half-pixel centres, edges clamped).
 * @example nn.upsample(np.ones([1, 2, 2, 3]), [2, 2]).shape; // → [1, 4, 4, 3]
 * @example nn.upsample(np.array([0, 1]).reshape([1, 2, 1]), [2], 'bilinear'); // → [[[0], [0.25], [0.75], [1]]]
 */
export function upsample(x: Tensor, scale: readonly number[], method: 'nearest' | 'bilinear' = 'nearest'): Tensor {
  const op = 'nn.upsample';
  const t = np.asTensor(validate.operand(op, x, 'x') as np.ArrayLike);
  const m = validate.oneOf(op, 'method', method, ['nearest', 'bilinear'] as const);
  if (!Array.isArray(scale) || scale.length !== t.ndim - 2 || scale.length === 0) {
    throw new ShapeError(`${op}: scale ${validate.describe(scale)} must give one integer factor per spatial axis of x ${t.aval} ([batch, ...spatial, features]).`);
  }
  scale.forEach((s, i) => validate.integer(op, `scale[${i}]`, s, { min: 1 }));
  let y = t;
  scale.forEach((s, i) => {
    const axis = i + 1, n = y.shape[axis];
    if (s === 1) return;
    if (m === 'nearest') {
      // Repeat: broadcast a new axis after `axis`, then merge the two.
      const shape = [...y.shape.slice(0, axis + 1), s, ...y.shape.slice(axis + 1)];
      const b = lax.broadcastInDim(y, shape, y.shape.map((_, d) => (d <= axis ? d : d + 1)));
      y = lax.reshape(b, [...y.shape.slice(0, axis), n * s, ...y.shape.slice(axis + 1)]);
      return;
    }
    const w = np.array(interpolation(n, n * s, m), { dtype: y.dtype, shape: [n * s, n] });
    // [out, in] · y over `axis` → [out, ...rest]; then the new axis back in place.
    const prodT = lax.dotGeneral(w, y, [[1], [axis]]);
    const perm = y.shape.map((_, d) => (d < axis ? d + 1 : d === axis ? 0 : d));
    y = lax.transpose(prodT, perm);
  });
  return y;
}
