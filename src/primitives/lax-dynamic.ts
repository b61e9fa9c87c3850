/**
 * Slices whose start is a traced value (JAX's lax.dynamic_slice family): the window's size is
 * static, where it starts may be a Tensor — a loop counter inside foriLoop or scan, an argmax, a
 * vmapped batch of offsets. As in JAX the start is clamped so the window fits inside the array
 * (a start past the end reads the last `size` elements), never an out-of-bounds read.
 *
 * They are compositions, not primitives: along an axis with a traced start the window is a
 * gather of `start + iota(size)`, and an update writes through a gather of the update at
 * `i − start` selected where i falls inside the window. Gather and where carry every
 * transformation (jvp, transpose to scatter-add, vmap with batched starts) and fuse on WebGPU,
 * so nothing here needs rules of its own. A start given as a number is a plain static slice.
 */
import { isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';

/** A start index: a JS integer or a scalar integer Tensor (traced or concrete). */
export type StartIndex = number | Tensor;

const fmt = (s: readonly number[]): string => `[${s.join(', ')}]`;

/** A start as an int32 scalar Tensor, or a number when it is static; `op` names the caller in errors. */
function startOf(op: string, s: unknown, axis: number): number | Tensor {
  if (typeof s === 'number') return validate.integer(op, `the start index of axis ${axis}`, s);
  if (!isTensor(s)) throw new ArgumentError(`${op}: the start index of axis ${axis} must be an integer or a scalar integer array, got ${validate.describe(s)}.`);
  if (s.ndim !== 0) throw new ShapeError(`${op}: the start index of axis ${axis} must be a scalar, got ${s.aval}; index a batch of starts with vmap.`);
  if (!isInteger(s.dtype)) throw new DTypeError(`${op}: start indices must be integers, got ${s.aval} for axis ${axis}; cast with astype('int32').`);
  return s.dtype === 'int32' ? s : lax.cast(s, 'int32');
}

/** The clamped start of a window of `size` on an axis of length `dim`: static when the start is. */
function clampedStart(start: number | Tensor, size: number, dim: number): number | Tensor {
  if (typeof start === 'number') return Math.min(Math.max(start, 0), dim - size);
  return lax.min(lax.max(start, lax.scalar(0, 'int32')), lax.scalar(dim - size, 'int32'));
}

/** The starts of all axes, checked against the array's rank. */
function startsOf(op: string, x: Tensor, starts: unknown): (number | Tensor)[] {
  if (!Array.isArray(starts) || starts.length !== x.ndim) {
    throw new ArgumentError(`${op}: expected ${x.ndim} start indices (one per axis of ${x.aval}), got ${validate.describe(starts)}.`);
  }
  return starts.map((s, axis) => startOf(op, s, axis));
}

/** `start + iota(size)`: the positions a window reads along one axis. */
const windowIndices = (start: Tensor, size: number): Tensor =>
  lax.add(lax.broadcastInDim(start, [size], []), lax.iota([size], 0, 'int32'));

/**
 * The window of `sliceSizes` starting at `startIndices` (numbers or scalar integer arrays),
 * each start clamped so the window fits (JAX's lax.dynamic_slice).
 * @example lax.dynamicSlice(np.array([10, 20, 30, 40]), [np.array(1, 'int32')], [2]); // → [20, 30]
 */
export function dynamicSlice(x: Tensor, startIndices: readonly StartIndex[], sliceSizes: readonly number[]): Tensor {
  const op = 'lax.dynamicSlice';
  const starts = startsOf(op, x, startIndices);
  const sizes = validate.shape(op, sliceSizes, 'sliceSizes');
  if (sizes.length !== x.ndim || sizes.some((n, i) => n > x.shape[i])) {
    throw new ShapeError(`${op}: sliceSizes ${fmt(sizes)} must give one size per axis of ${x.aval}, each at most the axis length.`);
  }
  let out = x;
  const lo = starts.map((s, i) => clampedStart(s, sizes[i], x.shape[i]));
  // Static axes in one slice; each traced axis by a gather of its window.
  if (lo.some((s) => typeof s === 'number')) {
    out = lax.slice(out, lo.map((s) => (typeof s === 'number' ? s : 0)), lo.map((s, i) => (typeof s === 'number' ? s + sizes[i] : x.shape[i])));
  }
  lo.forEach((s, axis) => { if (typeof s !== 'number') out = lax.gather(out, windowIndices(s, sizes[axis]), axis); });
  return out;
}

/**
 * x with `update` written at `startIndices` (numbers or scalar integer arrays), each start
 * clamped so the update fits (JAX's lax.dynamic_update_slice).
 * @example lax.dynamicUpdateSlice(np.zeros([5]), np.array([1, 2]), [np.array(4, 'int32')]); // → [0, 0, 0, 1, 2]
 */
export function dynamicUpdateSlice(x: Tensor, update: Tensor, startIndices: readonly StartIndex[]): Tensor {
  const op = 'lax.dynamicUpdateSlice';
  if (!isTensor(update)) throw new ArgumentError(`${op}: update must be an array, got ${validate.describe(update)}.`);
  if (update.ndim !== x.ndim || update.shape.some((n, i) => n > x.shape[i])) {
    throw new ShapeError(`${op}: the update ${update.aval} must have the rank of ${x.aval} and fit inside it.`);
  }
  if (update.dtype !== x.dtype) throw new DTypeError(`${op}: the update ${update.aval} must have the dtype of ${x.aval}; cast it with astype('${x.dtype}').`);
  const starts = startsOf(op, x, startIndices).map((s, i) => clampedStart(s, update.shape[i], x.shape[i]));
  if (starts.every((s) => typeof s === 'number')) {
    // All static: the update padded into place, selected by a static mask (no gathers).
    const lo = starts as number[], hi = x.shape.map((n, i) => n - lo[i] - update.shape[i]);
    const inside = lax.pad(lax.full(update.shape, 1, 'bool'), lo, hi);
    return lax.where(inside, lax.pad(update, lo, hi), x);
  }
  // Traced: out[i] = update[i − start] where i lies in the window on every axis, else x[i].
  let placed = update;
  let inside: Tensor | undefined;
  starts.forEach((s, axis) => {
    const n = x.shape[axis], u = update.shape[axis];
    const start = typeof s === 'number' ? lax.scalar(s, 'int32') : s;
    const local = lax.sub(lax.iota([n], 0, 'int32'), lax.broadcastInDim(start, [n], []));
    placed = lax.gather(placed, local, axis); // clamped outside the window, masked below
    const within = lax.where(lax.compare(local, lax.fullLike(local, 0), 'ge'), lax.compare(local, lax.fullLike(local, u), 'lt'), lax.full([n], 0, 'bool'));
    const onAxis = lax.broadcastInDim(within, x.shape, [axis]);
    inside = inside ? lax.where(inside, onAxis, lax.full(x.shape, 0, 'bool')) : onAxis;
  });
  return lax.where(inside!, placed, x);
}

/**
 * dynamicSlice along one axis: `size` elements from `start` (clamped), all of every other axis.
 * @example lax.dynamicSliceInDim(np.array([[1, 2, 3], [4, 5, 6]]), np.array(1, 'int32'), 2, 1); // → [[2, 3], [5, 6]]
 */
export function dynamicSliceInDim(x: Tensor, start: StartIndex, size: number, axis = 0): Tensor {
  const a = validate.axis('lax.dynamicSliceInDim', axis, x.ndim);
  return dynamicSlice(x, x.shape.map((_, i) => (i === a ? start : 0)), x.shape.map((n, i) => (i === a ? size : n)));
}

/**
 * dynamicUpdateSlice along one axis: `update` written from `start` (clamped) on `axis`.
 * @example lax.dynamicUpdateSliceInDim(np.zeros([2, 3]), np.ones([2, 1]), np.array(2, 'int32'), 1); // → [[0, 0, 1], [0, 0, 1]]
 */
export function dynamicUpdateSliceInDim(x: Tensor, update: Tensor, start: StartIndex, axis = 0): Tensor {
  const a = validate.axis('lax.dynamicUpdateSliceInDim', axis, x.ndim);
  return dynamicUpdateSlice(x, update, x.shape.map((_, i) => (i === a ? start : 0)));
}

/**
 * The entry at `index` (clamped) of `axis`, that axis kept with length 1 unless `keepdims` is false.
 * @example lax.dynamicIndexInDim(np.array([[1, 2], [3, 4]]), np.array(1, 'int32'), 0, false); // → [3, 4]
 */
export function dynamicIndexInDim(x: Tensor, index: StartIndex, axis = 0, keepdims = true): Tensor {
  const a = validate.axis('lax.dynamicIndexInDim', axis, x.ndim);
  const row = dynamicSliceInDim(x, index, 1, a);
  return keepdims ? row : lax.reshape(row, x.shape.filter((_, i) => i !== a));
}
