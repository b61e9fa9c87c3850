/** Reductions with numpy's axis/keepdims conventions, and the compositions built on them. */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { broadcastTo } from './broadcast.js';

export type Axis = number | number[] | null | undefined;

/** Resolves numpy's axis option (undefined/null: every axis) to sorted, checked axes. */
export function normalizeAxes(op: string, axis: Axis, ndim: number): number[] {
  return validate.axes(op, axis, ndim);
}

/** Re-inserts reduced axes as size 1. */
function keep(x: Tensor, inShape: readonly number[], axes: number[]): Tensor {
  return lax.reshape(x, inShape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

export interface ReduceOptions { axis?: Axis; keepdims?: boolean }

/** The options object itself: a number or string where `{ axis }` belongs is a mistake worth naming. */
function options<T extends object>(op: string, o: T | undefined): T {
  if (o === undefined) return {} as T;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${op}: options must be an object such as { axis: 0, keepdims: true }, got ${validate.describe(o)}.`);
  }
  return o;
}

/**
 * Sum over `axis` (every axis when omitted); bool counts as int32.
 * @example np.sum(np.array([[1, 2], [3, 4]]), { axis: 0 }); // [4, 6]
 */
export function sum(a: ArrayLike, opts?: ReduceOptions): Tensor {
  return sumImpl('np.sum', a, opts);
}

function sumImpl(op: string, a: ArrayLike, opts?: ReduceOptions): Tensor {
  const { axis, keepdims = false } = options(op, opts);
  let x = operandTensor(op, a);
  if (x.dtype === 'bool') x = lax.cast(x, 'int32');
  const axes = normalizeAxes(op, axis, x.ndim);
  const r = lax.reduceSum(x, axes);
  return keepdims ? keep(r, x.shape, axes) : r;
}

/**
 * Arithmetic mean over `axis`; an empty axis gives NaN (0/0), as in numpy.
 * @example np.mean(np.array([1, 2, 3])); // 2
 */
export function mean(a: ArrayLike, opts?: ReduceOptions): Tensor {
  const op = 'np.mean';
  const o = options(op, opts);
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = normalizeAxes(op, o.axis, x.ndim);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const s = sumImpl(op, x, o);
  return lax.div(s, lax.fullLike(s, n));
}

/** An empty reduced axis has no maximum (numpy and JAX raise too). */
function maxImpl(op: string, x: Tensor, opts: ReduceOptions | undefined, fix: string): Tensor {
  const { axis, keepdims = false } = options(op, opts);
  const axes = normalizeAxes(op, axis, x.ndim);
  if (axes.some((d) => x.shape[d] === 0)) {
    throw new ShapeError(`${op}: cannot reduce an empty axis of ${x.aval} (axes ${axes.join(', ')}): a zero-size ` +
      `reduction has no identity. ${fix}`);
  }
  const r = lax.reduceMax(x, axes);
  return keepdims ? keep(r, x.shape, axes) : r;
}

/**
 * Maximum over `axis`.
 * @example np.max(np.array([[1, 5], [3, 4]]), { axis: 1 }); // [5, 4]
 */
export function max(a: ArrayLike, opts?: ReduceOptions): Tensor {
  return maxImpl('np.max', operandTensor('np.max', a), opts, 'Check the shape, or skip empty arrays before reducing.');
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

/**
 * Minimum over `axis`.
 * @example np.min(np.array([3, 1, 2])); // 1
 */
export function min(a: ArrayLike, opts?: ReduceOptions): Tensor {
  const x = operandTensor('np.min', a);
  return reverseOrder(maxImpl('np.min', reverseOrder(x), opts, 'Check the shape, or skip empty arrays before reducing.'));
}

/** Index of the extreme along `axis`, over the flattened array when axis is omitted. */
function argImpl(op: string, x: Tensor, opts: { axis?: number; keepdims?: boolean } | undefined): Tensor {
  const { axis, keepdims = false } = options(op, opts);
  const inShape = x.shape;
  const ax = axis === undefined || axis === null ? undefined : validate.axis(op, axis, x.ndim);
  if (x.size === 0) {
    throw new ShapeError(`${op}: ${x.aval} is empty, so it has no ${op.endsWith('argmin') ? 'minimum' : 'maximum'} ` +
      `to point to (numpy and JAX raise too); check the shape before asking for an index.`);
  }
  if (ax === undefined) {
    const r = lax.argmax(lax.reshape(x, [x.size]), 0);
    return keepdims ? lax.reshape(r, inShape.map(() => 1)) : r;
  }
  const r = lax.argmax(x, ax);
  return keepdims ? keep(r, x.shape, [ax]) : r;
}

/**
 * Index of the maximum along `axis` (over the flattened array when axis is omitted).
 * @example np.argmax(np.array([1, 5, 3])); // 1
 */
export const argmax = (a: ArrayLike, opts?: { axis?: number; keepdims?: boolean }): Tensor =>
  argImpl('np.argmax', operandTensor('np.argmax', a), opts);
/** Index of the minimum along `axis`. @example np.argmin(np.array([4, 1, 3])); // 1 */
export const argmin = (a: ArrayLike, opts?: { axis?: number; keepdims?: boolean }): Tensor =>
  argImpl('np.argmin', reverseOrder(operandTensor('np.argmin', a)), opts);

/**
 * log Σ exp(x), stable: the maximum is subtracted first (and treated as a constant). An empty
 * axis gives −∞ (the log of an empty sum), as in JAX.
 * @example np.logsumexp(np.array([0, 0])); // log 2
 */
export function logsumexp(a: ArrayLike, opts?: ReduceOptions): Tensor {
  return logsumexpImpl('np.logsumexp', operandTensor('np.logsumexp', a), opts);
}

function logsumexpImpl(op: string, a: Tensor, opts: ReduceOptions | undefined): Tensor {
  const { axis, keepdims = false } = options(op, opts);
  const x = isFloat(a.dtype) ? a : lax.cast(a, 'float32');
  const axes = normalizeAxes(op, axis, x.ndim);
  const outShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  let m: Tensor;
  if (axes.some((d) => x.shape[d] === 0)) m = lax.full(outShape, -Infinity, x.dtype);
  else m = lax.stopGradient(keep(lax.reduceMax(x, axes), x.shape, axes));
  const safe = lax.where(lax.compare(lax.abs(m), lax.fullLike(m, Infinity), 'lt'), m, lax.zerosLike(m));
  const s = keep(lax.reduceSum(lax.exp(lax.sub(x, broadcastTo(safe, x.shape))), axes), x.shape, axes);
  const r = lax.add(lax.log(s), safe);
  return keepdims ? r : lax.reshape(r, x.shape.filter((_, d) => !axes.includes(d)));
}

/**
 * Variance; `ddof` 1 gives the unbiased estimate.
 * @example np.variance(np.array([1, 3])); // 1
 */
export function variance(a: ArrayLike, opts?: ReduceOptions & { ddof?: number }): Tensor {
  return varianceImpl('np.var', a, opts);
}

function varianceImpl(op: string, a: ArrayLike, opts: (ReduceOptions & { ddof?: number }) | undefined): Tensor {
  const { axis, keepdims = false, ddof = 0 } = options(op, opts);
  validate.number(op, 'ddof', ddof);
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = normalizeAxes(op, axis, x.ndim);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const mu = lax.div(keep(lax.reduceSum(x, axes), x.shape, axes), lax.full(x.shape.map((d, i) => (axes.includes(i) ? 1 : d)), n, x.dtype));
  const d = lax.sub(x, broadcastTo(mu, x.shape));
  const s = sumImpl(op, lax.mul(d, d), { axis: axes, keepdims });
  return lax.div(s, lax.fullLike(s, n - ddof));
}
/** Standard deviation. @example np.std(np.array([1, 3])); // 1 */
export const std = (a: ArrayLike, opts?: ReduceOptions & { ddof?: number }): Tensor => lax.sqrt(varianceImpl('np.std', a, opts));

/** The softmax axis: one integer (default last). */
const softmaxAxis = (op: string, axis: unknown, ndim: number): number => validate.axis(op, axis, ndim);

/**
 * softmax along `axis` (default last). A zero-size input gives a zero-size output, as in JAX.
 * @example np.softmax(np.array([0, 0])); // [0.5, 0.5]
 */
export function softmax(a: ArrayLike, axis = -1): Tensor {
  const op = 'np.softmax';
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const ax = softmaxAxis(op, axis, x.ndim);
  // Nothing to normalise, and the maximum of an empty axis does not exist.
  if (x.size === 0) return x;
  const m = lax.stopGradient(keep(lax.reduceMax(x, [ax]), x.shape, [ax]));
  const e = lax.exp(lax.sub(x, broadcastTo(m, x.shape)));
  const s = keep(lax.reduceSum(e, [ax]), x.shape, [ax]);
  return lax.div(e, broadcastTo(s, x.shape));
}

/**
 * log(softmax(x)) along `axis` (default last), computed stably.
 * @example np.logSoftmax(np.array([0, 0])); // [-log 2, -log 2]
 */
export function logSoftmax(a: ArrayLike, axis = -1): Tensor {
  const op = 'np.logSoftmax';
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const ax = softmaxAxis(op, axis, x.ndim);
  if (x.size === 0) return x;
  return lax.sub(x, broadcastTo(logsumexpImpl(op, x, { axis: ax, keepdims: true }), x.shape));
}
