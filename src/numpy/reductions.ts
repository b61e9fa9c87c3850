/** Reductions with numpy's axis/keepdims conventions, and the compositions built on them. */
import { isFloat } from '../core/dtype.js';
import { normalizeAxis } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, asTensor } from './creation.js';
import { broadcastTo } from './broadcast.js';

export type Axis = number | number[] | null | undefined;

export function normalizeAxes(op: string, axis: Axis, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeAxis(op, a, ndim));
  if (new Set(list).size !== list.length) throw new Error(`${op}: repeated axis in (${list.join(', ')}).`);
  return list.sort((a, b) => a - b);
}

/** Re-inserts reduced axes as size 1. */
function keep(x: Tensor, inShape: readonly number[], axes: number[]): Tensor {
  return lax.reshape(x, inShape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

export interface ReduceOptions { axis?: Axis; keepdims?: boolean }

export function sum(a: ArrayLike, { axis, keepdims = false }: ReduceOptions = {}): Tensor {
  let x = asTensor(a);
  if (x.dtype === 'bool') x = lax.cast(x, 'int32');
  const axes = normalizeAxes('sum', axis, x.ndim);
  const r = lax.reduceSum(x, axes);
  return keepdims ? keep(r, x.shape, axes) : r;
}

export function mean(a: ArrayLike, opts: ReduceOptions = {}): Tensor {
  let x = asTensor(a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = normalizeAxes('mean', opts.axis, x.ndim);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const s = sum(x, opts);
  return lax.div(s, lax.fullLike(s, n));
}

export function max(a: ArrayLike, { axis, keepdims = false }: ReduceOptions = {}): Tensor {
  const x = asTensor(a);
  const axes = normalizeAxes('max', axis, x.ndim);
  if (axes.some((d) => x.shape[d] === 0)) throw new Error(`max: cannot reduce an empty axis of ${x.aval}.`);
  const r = lax.reduceMax(x, axes);
  return keepdims ? keep(r, x.shape, axes) : r;
}

/**
 * An order-reversing bijection of the dtype: −x for floats (keeps gradients), ~x = C − x for
 * integers (−x would wrap: uint32 0 and int32 −2³¹ map to themselves), ¬x for bool.
 */
function reverseOrder(x: Tensor): Tensor {
  if (isFloat(x.dtype)) return lax.neg(x);
  if (x.dtype === 'bool') return lax.compare(x, lax.zerosLike(x), 'eq');
  return lax.sub(lax.fullLike(x, x.dtype === 'uint32' ? 0xffffffff : -1), x);
}

export function min(a: ArrayLike, opts: ReduceOptions = {}): Tensor {
  return reverseOrder(max(reverseOrder(asTensor(a)), opts));
}

/** Index of the maximum along `axis` (over the flattened array when axis is omitted). */
export function argmax(a: ArrayLike, { axis, keepdims = false }: { axis?: number; keepdims?: boolean } = {}): Tensor {
  const x = asTensor(a);
  const inShape = x.shape;
  if (axis === undefined) {
    const r = lax.argmax(lax.reshape(x, [x.size]), 0);
    return keepdims ? lax.reshape(r, inShape.map(() => 1)) : r;
  }
  const ax = normalizeAxis('argmax', axis, x.ndim);
  const r = lax.argmax(x, ax);
  return keepdims ? keep(r, x.shape, [ax]) : r;
}
export const argmin = (a: ArrayLike, opts: { axis?: number; keepdims?: boolean } = {}): Tensor =>
  argmax(reverseOrder(asTensor(a)), opts);

/** log Σ exp(x), stable: the maximum is subtracted first (and treated as a constant). */
export function logsumexp(a: ArrayLike, { axis, keepdims = false }: ReduceOptions = {}): Tensor {
  const x = asTensor(a);
  const axes = normalizeAxes('logsumexp', axis, x.ndim);
  const m = lax.stopGradient(max(x, { axis: axes, keepdims: true }));
  const safe = lax.where(lax.compare(lax.abs(m), lax.fullLike(m, Infinity), 'lt'), m, lax.zerosLike(m));
  const s = sum(lax.exp(lax.sub(x, broadcastTo(safe, x.shape))), { axis: axes, keepdims: true });
  const r = lax.add(lax.log(s), safe);
  return keepdims ? r : lax.reshape(r, x.shape.filter((_, d) => !axes.includes(d)));
}

/** Variance; `ddof` 1 gives the unbiased estimate. */
export function variance(a: ArrayLike, { axis, keepdims = false, ddof = 0 }: ReduceOptions & { ddof?: number } = {}): Tensor {
  let x = asTensor(a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = normalizeAxes('var', axis, x.ndim);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const mu = mean(x, { axis: axes, keepdims: true });
  const d = lax.sub(x, broadcastTo(mu, x.shape));
  const s = sum(lax.mul(d, d), { axis: axes, keepdims });
  return lax.div(s, lax.fullLike(s, n - ddof));
}
export const std = (a: ArrayLike, opts: ReduceOptions & { ddof?: number } = {}): Tensor => lax.sqrt(variance(a, opts));

/** softmax along `axis` (default last). */
export function softmax(a: ArrayLike, axis = -1): Tensor {
  const x = asTensor(a);
  const m = lax.stopGradient(max(x, { axis, keepdims: true }));
  const e = lax.exp(lax.sub(x, broadcastTo(m, x.shape)));
  const s = sum(e, { axis, keepdims: true });
  return lax.div(e, broadcastTo(s, x.shape));
}

export function logSoftmax(a: ArrayLike, axis = -1): Tensor {
  const x = asTensor(a);
  return lax.sub(x, broadcastTo(logsumexp(x, { axis, keepdims: true }), x.shape));
}
