/**
 * Index helpers the sort and scan rules are written with, as compositions of gather (so they
 * have jvp, vmap, transpose and WGSL for free):
 *  - takeAlong: `x` indexed along one axis by an index array of `x`'s shape except on that axis
 *    (numpy's take_along_axis, indices clamped into range as gather clamps them);
 *  - rev: `x` reversed along some axes (JAX's lax.rev).
 * The gather is over the flattened array with flat offsets, because gather itself indexes one
 * axis with the same index for every other position.
 */
import { ShapeError } from '../core/errors.js';
import { stridesOf } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as lax from './lax.js';

/**
 * `out[..., j, ...] = x[..., idx[..., j, ...], ...]` along `axis`; `idx` is int32 of `x`'s shape
 * except on `axis`. Out-of-range indices are clamped (callers that need another rule mask first).
 */
export function takeAlong(x: Tensor, idx: Tensor, axis: number): Tensor {
  if (idx.ndim !== x.ndim || idx.shape.some((d, k) => k !== axis && d !== x.shape[k])) {
    throw new ShapeError(`takeAlongAxis: indices ${idx.aval} must have the shape of ${x.aval} except on axis ${axis}; broadcast them first.`);
  }
  if (x.ndim === 1) return lax.gather(x, idx, 0);
  const n = x.shape[axis];
  const strides = stridesOf(x.shape);
  const clamped = lax.max(lax.min(idx, lax.full(idx.shape, Math.max(n - 1, 0), 'int32')), lax.full(idx.shape, 0, 'int32'));
  let flat = lax.mul(clamped, lax.full(idx.shape, strides[axis], 'int32'));
  for (let d = 0; d < x.ndim; d++) {
    if (d === axis || x.shape[d] === 1) continue;
    flat = lax.add(flat, lax.mul(lax.iota(idx.shape, d, 'int32'), lax.full(idx.shape, strides[d], 'int32')));
  }
  return lax.gather(lax.reshape(x, [x.size]), flat, 0);
}

/** `x` reversed along each of `dims`. */
export function rev(x: Tensor, dims: readonly number[]): Tensor {
  let y = x;
  for (const d of dims) {
    const n = x.shape[d];
    if (n <= 1) continue;
    const idx = lax.sub(lax.full([n], n - 1, 'int32'), lax.iota([n], 0, 'int32'));
    y = lax.gather(y, idx, d);
  }
  return y;
}

/** int32 positions 0..n-1 along `axis`, in `shape`. */
export const positions = (shape: readonly number[], axis: number): Tensor => lax.iota(shape, axis, 'int32');

/**
 * `x` itself, computed by a cumulative sum over a unit axis — which the compiler always stores,
 * and whose transpose (the same, reversed) is stored too. Deep compositions that read one value
 * several times at different indices (each level of an associative scan, each step of a binary
 * search) use it per level: inlined, every level would repeat the expressions of all levels below
 * it, exponentially (and the kernel text with them) — forward, and in the transposed program.
 */
export function stored(x: Tensor): Tensor {
  if (x.dtype === 'bool') return lax.reduceSum(lax.reshape(x, [...x.shape, 1]), [x.ndim]);
  return lax.reshape(bind1('cumsum', [lax.reshape(x, [...x.shape, 1])], { axis: x.ndim, reverse: false }), x.shape);
}
