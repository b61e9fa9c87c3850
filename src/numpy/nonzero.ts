/**
 * Indices of non-zero elements with a static output size: `np.nonzero(x, { size })`, its
 * one-argument `np.where(cond, { size })` form, `np.argwhere` and `np.flatnonzero`.
 *
 * How many elements are non-zero depends on the data, but every array's shape must be known
 * before it is computed (under jit, and on WebGPU where buffers are sized ahead of the kernels),
 * so, as `jnp.nonzero` under jit, the caller states the output length `size`: the first `size`
 * indices are returned, and slots beyond the count are `fillValue` (default 0).
 *
 * The composition needs no new primitive, so jvp, vmap and jit come from its parts:
 *  1. the inclusive running count c[i] = #non-zeros in x[0..i] of the flattened mask, by
 *     Hillis–Steele doubling (⌈log₂ n⌉ shifted adds: pad + slice + add), O(n log n) work;
 *  2. the k-th non-zero lies at the first p with c[p] > k, found for every slot k at once by a
 *     binary search over c (⌈log₂(n + 1)⌉ rounds of a gather), O(size · log n) work;
 *  3. the flat index unravelled into one index per axis.
 * A scatter would be O(size · n) on WebGPU, whose scatter kernel loops over every update.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { checkOptions } from './axis-args.js';
import { ArrayLike, operandTensor } from './creation.js';

/** Options of nonzero / where(cond) / argwhere: the static output length and the padding value(s). */
export interface NonzeroOptions {
  /** How many indices to return (required: output shapes must be static). */
  size?: number;
  /** The index written to slots beyond the number of non-zeros: one value, or one per axis (default 0). */
  fillValue?: number | readonly number[];
}

const KEYS = ['size', 'fillValue'] as const;

/** The checked size and per-axis fill values. */
function nonzeroArgs(op: string, opts: unknown, ndim: number): { size: number; fill: number[] } {
  const o = checkOptions<NonzeroOptions>(op, opts, KEYS, '{ size: 10 }');
  if (o.size === undefined) {
    throw new ArgumentError(`${op}: needs a static { size }: the number of non-zero elements depends on the data, but ` +
      `every output shape must be known before anything runs (under jit and on WebGPU), as jnp.nonzero under jit requires. ` +
      `Pass an upper bound, e.g. ${op}(x, { size: x.size }); slots past the count hold fillValue (default 0).`);
  }
  const size = validate.integer(op, 'size', o.size, { min: 0, max: validate.MAX_ELEMENTS });
  const fv = o.fillValue ?? 0;
  let fill: number[];
  if (Array.isArray(fv)) {
    if (fv.length !== ndim) {
      throw new ShapeError(`${op}: fillValue has ${fv.length} entries but the array has rank ${ndim}; give one index per axis or a single number.`);
    }
    fill = fv.map((v, i) => validate.integer(op, `fillValue[${i}]`, v, { min: -(2 ** 31), max: 2 ** 31 - 1 }));
  } else {
    const v = validate.integer(op, 'fillValue', fv, { min: -(2 ** 31), max: 2 ** 31 - 1 });
    fill = Array.from({ length: ndim }, () => v);
  }
  return { size, fill };
}

/**
 * `t` itself, computed as a sum over a size-1 axis so that jit's fusion stores it instead of
 * inlining it. Each round below reads its input at two or more indices (c[i] and c[i − s]; c at
 * the data-dependent mid); inlined, the expressions would double every round and the kernel
 * source would grow exponentially. A reduction is where the fusion planner stores a value.
 */
function stored(t: Tensor): Tensor {
  return lax.reduceSum(lax.reshape(t, [...t.shape, 1]), [t.ndim]);
}

/** Inclusive running sum of a 1-D int32 array by doubling: after the round with shift s, c[i] sums x[i−2s+1..i]. */
function runningCount(m: Tensor): Tensor {
  const n = m.shape[0];
  let c = m;
  for (let s = 1; s < n; s *= 2) c = stored(lax.add(c, lax.pad(lax.slice(c, [0], [n - s]), [s], [0])));
  return c;
}

/**
 * The flat positions of the first `size` non-zeros of `x` (in row-major order) and whether each
 * slot holds one (false past the count).
 */
function flatPositions(x: Tensor, size: number): { pos: Tensor; valid: Tensor } {
  const n = x.size;
  const flat = lax.reshape(x, [n]);
  const mask = x.dtype === 'bool' ? flat : lax.compare(flat, lax.zerosLike(flat), 'ne');
  const c = runningCount(lax.cast(mask, 'int32'));
  const k = lax.iota([size], 0, 'int32');
  // lower bound over the non-decreasing c: the first p in [0, n) with c[p] > k, n when none.
  let lo = lax.full([size], 0, 'int32'), hi = lax.full([size], n, 'int32');
  const two = lax.full([size], 2, 'int32'), one = lax.full([size], 1, 'int32');
  for (let span = n; span > 0; span = Math.floor(span / 2)) {
    const active = lax.compare(lo, hi, 'lt');
    const mid = lax.div(lax.add(lo, hi), two);
    // mid < n while active; when lo = hi = n the gather clamps and the result is not used.
    const goLeft = lax.compare(lax.gather(c, mid, 0), k, 'gt');
    hi = stored(lax.where(active, lax.where(goLeft, mid, hi), hi));
    lo = stored(lax.where(active, lax.where(goLeft, lo, lax.add(mid, one)), lo));
  }
  return { pos: lo, valid: lax.compare(lo, lax.full([size], n, 'int32'), 'lt') };
}

/** One index array per axis (length `size`), padded with the fill values. */
function perAxis(op: string, a: ArrayLike, opts: unknown): Tensor[] {
  const x = operandTensor(op, a);
  if (x.ndim === 0) {
    throw new ShapeError(`${op}: a 0-d array ${x.aval} has no axes to index (JAX raises too); reshape it to [1] first, e.g. x.reshape([1]).`);
  }
  const { size, fill } = nonzeroArgs(op, opts, x.ndim);
  // Nothing to search, or nothing to return: every slot is padding.
  if (x.size === 0 || size === 0) return fill.map((f) => lax.full([size], f, 'int32'));
  const { pos, valid } = flatPositions(x, size);
  const out: Tensor[] = [];
  let stride = x.size;
  for (let d = 0; d < x.ndim; d++) {
    stride /= x.shape[d];
    const q = stride === 1 ? pos : lax.div(pos, lax.full([size], stride, 'int32'));
    const idx = d === 0 ? q : lax.rem(q, lax.full([size], x.shape[d], 'int32'));
    out.push(lax.where(valid, idx, lax.full([size], fill[d], 'int32')));
  }
  return out;
}

/**
 * The indices of the non-zero elements, one int32 array of length `size` per axis (JAX's
 * `jnp.nonzero(x, size=..., fill_value=...)`). `size` is required: output shapes are static.
 * @example
 * const [rows, cols] = np.nonzero(np.array([[0, 3], [4, 0]]), { size: 3, fillValue: -1 });
 * // rows [0, 1, -1], cols [1, 0, -1]
 */
export function nonzero(a: ArrayLike, options?: NonzeroOptions): Tensor[] {
  return perAxis('np.nonzero', a, options);
}

/** np.where with only a condition: nonzero(cond), under the name np.where. */
export function whereNonzero(cond: ArrayLike, options: unknown): Tensor[] {
  return perAxis('np.where', cond, options);
}

/**
 * The indices of the non-zero elements as one [size, ndim] int32 array (JAX's `jnp.argwhere`).
 * @example np.argwhere(np.array([[0, 3], [4, 0]]), { size: 2 }); // → [[0, 1], [1, 0]]
 */
export function argwhere(a: ArrayLike, options?: NonzeroOptions): Tensor {
  const idx = perAxis('np.argwhere', a, options);
  return lax.concatenate(idx.map((t) => lax.reshape(t, [t.shape[0], 1])), 1);
}

/**
 * The flat (row-major) indices of the non-zero elements, length `size` (JAX's `jnp.flatnonzero`).
 * @example np.flatnonzero(np.array([[0, 3], [4, 0]]), { size: 3 }); // → [1, 2, 0]
 */
export function flatnonzero(a: ArrayLike, options?: { size?: number; fillValue?: number }): Tensor {
  const op = 'np.flatnonzero';
  const x = operandTensor(op, a);
  if (options !== undefined && Array.isArray((options as NonzeroOptions).fillValue)) {
    throw new ArgumentError(`${op}: fillValue must be one integer (the result is one flat index array).`);
  }
  return perAxis(op, lax.reshape(x, [x.size]), options)[0];
}
