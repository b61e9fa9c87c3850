/**
 * Reductions with numpy's axis/keepdims conventions, and the compositions built on them. Every
 * reduction takes its axis positionally or in its options (see axis-args.ts):
 * `np.sum(x, 0)`, `np.sum(x, [0, 1], { keepdims: true })`, `np.sum(x, { axis: 0 })`.
 */
import { isFloat, isInteger, isNarrow, isUnsigned, lowestValue } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { broadcastTo } from './broadcast.js';
import { Axis, ReduceOptions, axisArgs, keepdims as keepdimsArg, normalizeAxes } from './axis-args.js';
import { reverseOrder } from './reverse-order.js';
import { whereMask } from './where-mask.js';

export type { Axis, ReduceOptions } from './axis-args.js';

/** Re-inserts reduced axes as size 1. */
function keep(x: Tensor, inShape: readonly number[], axes: number[]): Tensor {
  return lax.reshape(x, inShape.map((d, i) => (axes.includes(i) ? 1 : d)));
}

/**
 * A reduction's two call forms: the axis positionally, then the other options
 * (`np.sum(x, 0, { keepdims: true })`), or everything in one options object
 * (`np.sum(x, { axis: 0, keepdims: true })`). No axis reduces every axis.
 */
export interface Reduction<O extends ReduceOptions = ReduceOptions> {
  (a: ArrayLike, options?: O): Tensor;
  (a: ArrayLike, axis: Axis, options?: Omit<O, 'axis'>): Tensor;
}

const REDUCE_KEYS = ['axis', 'keepdims'] as const;
const REDUCE_EXAMPLE = '{ axis: 0, keepdims: true }';

/** The merged, checked options of a reduction call. */
function reduceArgs(op: string, axisOrOptions: unknown, rest: unknown): { axis: Axis; keepdims: boolean } {
  const o = axisArgs<ReduceOptions>(op, axisOrOptions, rest, REDUCE_KEYS, REDUCE_EXAMPLE);
  return { axis: o.axis, keepdims: keepdimsArg(op, o.keepdims) };
}

/** The options of sum, prod, max and min: the reduction's, plus JAX's `where` mask and `initial` value. */
export interface WhereInitialOptions extends ReduceOptions {
  /** A bool array broadcast to the input: only its true elements take part (JAX's where=). */
  where?: ArrayLike;
  /** A scalar folded into every result (JAX's initial=): the sum gets + initial, max gets max(·, initial). */
  initial?: number | boolean;
}
/** The options of mean, any and all: the reduction's, plus JAX's `where` mask (they take no initial). */
export interface WhereOptions extends ReduceOptions { where?: ArrayLike }

const WHERE_KEYS = [...REDUCE_KEYS, 'where'] as const;
const WHERE_INITIAL_KEYS = [...REDUCE_KEYS, 'where', 'initial'] as const;

interface Masked { axis: Axis; keepdims: boolean; where?: ArrayLike; initial?: number | boolean }

/** The merged, checked options of a reduction that takes where (and initial when `keys` has it). */
function maskedArgs(op: string, axisOrOptions: unknown, rest: unknown, keys: readonly string[]): Masked {
  const o = axisArgs<WhereInitialOptions>(op, axisOrOptions, rest, keys,
    keys.includes('initial') ? '{ axis: 0, where: mask, initial: 0 }' : '{ axis: 0, where: mask }');
  if (o.initial !== undefined && typeof o.initial !== 'number' && typeof o.initial !== 'boolean') {
    throw new ArgumentError(`${op}: initial must be a scalar (a number or a boolean), got ${validate.describe(o.initial)}; ` +
      `JAX requires a scalar initial too.`);
  }
  return { axis: o.axis, keepdims: keepdimsArg(op, o.keepdims), where: o.where, initial: o.initial };
}

/** x with the elements outside the where mask replaced by `fill` (the reduction's identity). */
const masked = (op: string, x: Tensor, where: ArrayLike | undefined, fill: number): Tensor =>
  (where === undefined ? x : lax.where(whereMask(op, where, x), x, lax.full(x.shape, fill, x.dtype)));

/**
 * Sum over `axis` (every axis when omitted); bool and the narrow integers sum in 32 bits (JAX's
 * promote_integers). `where` sums only the elements where the mask is true; `initial` is added.
 * @example
 * np.sum(np.array([[1, 2], [3, 4]]), 0);                    // → [4, 6]
 * np.sum(np.array([[1, 2], [3, 4]]), { axis: 1, keepdims: true }); // → [[3], [7]]
 * np.sum(np.array([1, 2, 3]), { where: np.array([true, false, true]), initial: 10 }); // → 14
 */
export const sum: Reduction<WhereInitialOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  sumImpl('np.sum', a, maskedArgs('np.sum', axis, opts, WHERE_INITIAL_KEYS));

function sumImpl(op: string, a: ArrayLike, { axis, keepdims, where, initial }: Masked): Tensor {
  let x = operandTensor(op, a);
  // bool and the narrow integers sum in 32 bits, as in JAX (a sum of int8 is int32).
  if (x.dtype === 'bool' || (isInteger(x.dtype) && isNarrow(x.dtype))) x = lax.cast(x, isUnsigned(x.dtype) ? 'uint32' : 'int32');
  const axes = normalizeAxes(op, axis, x.ndim);
  x = masked(op, x, where, 0);
  let r = lax.reduceSum(x, axes);
  if (initial !== undefined) r = lax.add(r, lax.full(r.shape, Number(initial), r.dtype));
  return keepdims ? keep(r, x.shape, axes) : r;
}

/**
 * Arithmetic mean over `axis`; an empty axis gives NaN (0/0), as in numpy. `where` averages only
 * the elements where the mask is true (NaN for a slice with none), as JAX's where=.
 * @example
 * np.mean(np.array([1, 2, 3])); // → 2
 * np.mean(np.array([1, 2, 6]), { where: np.array([true, false, true]) }); // → 3.5
 */
export const mean: Reduction<WhereOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor => {
  const op = 'np.mean';
  const o = maskedArgs(op, axis, opts, WHERE_KEYS);
  let x = operandTensor(op, a);
  // 16-bit floats average in float32 and round once, as JAX's mean does.
  const half = x.dtype === 'float16' || x.dtype === 'bfloat16' ? x.dtype : undefined;
  if (!isFloat(x.dtype) || half) x = lax.cast(x, 'float32');
  const axes = normalizeAxes(op, o.axis, x.ndim);
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const s = sumImpl(op, x, o);
  const count = o.where === undefined ? lax.fullLike(s, n)
    : sumImpl(op, lax.cast(whereMask(op, o.where, x), x.dtype), { axis: o.axis, keepdims: o.keepdims });
  const m = lax.div(s, count);
  return half ? lax.cast(m, half) : m;
};

const EMPTY_FIX = 'Check the shape, or skip empty arrays before reducing (lax.reduceMax gives the identity −∞ if that is what you want).';

/**
 * An empty reduced axis has no maximum (numpy and JAX raise too) unless `initial` is given; a
 * where mask needs `initial` (JAX raises without it: a slice could have no element). `initial`
 * arrives already in x's order (min reverses it with x).
 */
function maxImpl(op: string, x: Tensor, { axis, keepdims, where, initial }: { axis: Axis; keepdims: boolean; where?: ArrayLike; initial?: Tensor }, fix: string): Tensor {
  const axes = normalizeAxes(op, axis, x.ndim);
  if (where !== undefined && initial === undefined) {
    throw new ArgumentError(`${op}: a where mask needs an initial value (as in JAX: a slice may have no true element, and ` +
      `${op} has no identity); pass e.g. { where: mask, initial: ${op === 'np.max' ? '-Infinity' : 'Infinity'} }.`);
  }
  if (initial === undefined && axes.some((d) => x.shape[d] === 0)) {
    throw new ShapeError(`${op}: cannot reduce an empty axis of ${x.aval} (axes ${axes.join(', ')}): a zero-size ` +
      `reduction has no identity. ${fix}`);
  }
  const lowest = x.dtype === 'bool' ? 0 : lowestValue(x.dtype);
  const xs = masked(op, x, where, lowest);
  let r = axes.some((d) => x.shape[d] === 0)
    ? lax.full(x.shape.filter((_, i) => !axes.includes(i)), lowest, x.dtype)
    : lax.reduceMax(xs, axes);
  if (initial !== undefined) r = lax.max(r, broadcastTo(initial, r.shape));
  return keepdims ? keep(r, x.shape, axes) : r;
}

/** The initial value as a scalar of x's dtype, checked. */
const initialOf = (x: Tensor, v: number | boolean | undefined): Tensor | undefined =>
  (v === undefined ? undefined : lax.full([], Number(v), x.dtype));

/**
 * Maximum over `axis`; an empty axis is a ShapeError (no identity), as in JAX, unless `initial`
 * is given (then it is folded in: max(·, initial)). `where` takes only the elements where the
 * mask is true, and needs `initial` (as in JAX).
 * @example
 * np.max(np.array([[1, 5], [3, 4]]), 1); // → [5, 4]
 * np.max(np.array([1, 5, 3]), { where: np.array([true, false, true]), initial: 0 }); // → 3
 */
export const max: Reduction<WhereInitialOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor => {
  const x = operandTensor('np.max', a);
  const o = maskedArgs('np.max', axis, opts, WHERE_INITIAL_KEYS);
  return maxImpl('np.max', x, { ...o, initial: initialOf(x, o.initial) }, EMPTY_FIX);
};


/**
 * Minimum over `axis`; an empty axis is a ShapeError (no identity), as in JAX, unless `initial`
 * is given (folded in: min(·, initial)). `where` takes only the masked elements and needs `initial`.
 * @example
 * np.min(np.array([[3, 1], [2, 5]]), 0); // → [2, 1]
 * np.min(np.zeros([0]), { initial: 7 }); // → 7
 */
export const min: Reduction<WhereInitialOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor => {
  const x = operandTensor('np.min', a);
  const o = maskedArgs('np.min', axis, opts, WHERE_INITIAL_KEYS);
  const init = initialOf(x, o.initial);
  return reverseOrder(maxImpl('np.min', reverseOrder(x), { ...o, initial: init && reverseOrder(init) }, EMPTY_FIX));
};

/** argmax/argmin options: one axis (null or omitted: the flattened array) and keepdims. */
export interface ArgOptions { axis?: number | null; keepdims?: boolean }

/** argmax/argmin's call forms: `np.argmax(x, 1)`, `np.argmax(x, 1, { keepdims: true })`, `np.argmax(x, { axis: 1 })`. */
export interface ArgReduction {
  (a: ArrayLike, options?: ArgOptions): Tensor;
  (a: ArrayLike, axis: number | null, options?: Omit<ArgOptions, 'axis'>): Tensor;
}

/** Index of the extreme along `axis`, over the flattened array when axis is omitted. */
function argImpl(op: string, x: Tensor, axisOrOptions: unknown, rest: unknown): Tensor {
  const o = axisArgs<ArgOptions>(op, axisOrOptions, rest, REDUCE_KEYS, REDUCE_EXAMPLE);
  const axis = o.axis, keepdims = keepdimsArg(op, o.keepdims);
  const inShape = x.shape;
  const ax = axis === undefined || axis === null ? undefined : validate.axis(op, axis, x.ndim);
  // Only an empty reduced axis (or an empty array, flattened) has nothing to point to.
  if (ax === undefined ? x.size === 0 : x.shape[ax] === 0) {
    throw new ShapeError(`${op}: ${ax === undefined ? `${x.aval} is empty` : `axis ${ax} of ${x.aval} is empty`}, so it has no ` +
      `${op.endsWith('argmin') ? 'minimum' : 'maximum'} to point to (numpy and JAX raise too); check the shape before asking for an index.`);
  }
  if (x.size === 0) {
    // An empty array whose reduced axis is not: the indices of its (zero) slices, as numpy.
    const outShape = x.shape.map((d, i) => (i === ax ? 1 : d));
    const r = lax.full(outShape, 0, 'int32');
    return keepdims ? r : lax.reshape(r, x.shape.filter((_, i) => i !== ax));
  }
  // bool orders false < true, as in numpy and JAX.
  if (x.dtype === 'bool') x = lax.cast(x, 'int32');
  if (ax === undefined) {
    const r = lax.argmax(lax.reshape(x, [x.size]), 0);
    return keepdims ? lax.reshape(r, inShape.map(() => 1)) : r;
  }
  const r = lax.argmax(x, ax);
  return keepdims ? keep(r, x.shape, [ax]) : r;
}

/**
 * Index of the maximum along `axis` (over the flattened array when axis is omitted); the first
 * one on ties; bool arrays order false < true. Only an empty reduced axis raises (an empty array
 * whose reduced axis is not empty gives an empty result, as in numpy).
 * @example
 * np.argmax(np.array([false, true, true]));  // → 1
 * np.argmax(np.array([1, 5, 3]));            // → 1
 * np.argmax(np.array([[1, 5], [7, 3]]), 1);  // → [1, 0]
 */
export const argmax: ArgReduction = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  argImpl('np.argmax', operandTensor('np.argmax', a), axis, opts);
/** Index of the minimum along `axis`. @example np.argmin(np.array([[4, 1], [0, 3]]), 1); // → [1, 0] */
export const argmin: ArgReduction = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  argImpl('np.argmin', reverseOrder(operandTensor('np.argmin', a)), axis, opts);

/**
 * log Σ exp(x), stable: the maximum is subtracted first (and treated as a constant). An empty
 * axis gives −∞ (the log of an empty sum), as in JAX.
 * @example
 * np.logsumexp(np.array([0, 0]));                // → Math.LN2
 * np.logsumexp(np.array([[0, 0], [1, 1]]), -1);  // → [Math.LN2, 1 + Math.LN2]
 */
export const logsumexp: Reduction = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  logsumexpImpl('np.logsumexp', operandTensor('np.logsumexp', a), reduceArgs('np.logsumexp', axis, opts));

function logsumexpImpl(op: string, a: Tensor, { axis, keepdims }: { axis: Axis; keepdims: boolean }): Tensor {
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
 * Variance (JAX's `jnp.var`; `np.var` is the same function); `ddof` 1 gives the unbiased estimate.
 * @example
 * np.variance(np.array([1, 3]));                  // → 1
 * np.var(np.array([[1, 3], [2, 2]]), 1, { ddof: 1 }); // → [2, 0]
 */
export const variance: Reduction<VarOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  varianceImpl('np.var', a, axis, opts);

/** Variance/std options: the reduction's, plus `ddof` (the divisor is n − ddof). */
export interface VarOptions extends ReduceOptions { ddof?: number }

function varianceImpl(op: string, a: ArrayLike, axisOrOptions: unknown, rest: unknown): Tensor {
  const o = axisArgs<VarOptions>(op, axisOrOptions, rest, [...REDUCE_KEYS, 'ddof'], '{ axis: 0, ddof: 1 }');
  const axis = o.axis, keepdims = keepdimsArg(op, o.keepdims), ddof = o.ddof ?? 0;
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
export { variance as var };
/** Standard deviation. @example np.std(np.array([[1, 3], [2, 2]]), 1); // → [1, 0] */
export const std: Reduction<VarOptions> = (a: ArrayLike, axis?: unknown, opts?: unknown): Tensor =>
  lax.sqrt(varianceImpl('np.std', a, axis, opts));

/** softmax / logSoftmax options: the axis or axes to normalise over (default −1, the last). */
export interface SoftmaxOptions { axis?: Axis }

/**
 * softmax's call forms, as `jax.nn.softmax(x, axis=-1)`: `np.softmax(x)`, `np.softmax(x, 0)`,
 * `np.softmax(x, [0, 1])`, `np.softmax(x, { axis: 0 })`; `null` normalises over every axis.
 */
export type SoftmaxLike = (a: ArrayLike, axis?: Axis | SoftmaxOptions) => Tensor;

/** The checked axes to normalise over (default the last; null: every axis). */
function softmaxArgs(op: string, x: Tensor, axisOrOptions: unknown): number[] {
  const o = axisArgs<SoftmaxOptions>(op, axisOrOptions, undefined, ['axis'], '{ axis: -1 }');
  return normalizeAxes(op, o.axis === undefined ? -1 : o.axis, x.ndim);
}

/**
 * softmax along `axis` (default last; several axes allowed). A zero-size input gives a zero-size
 * output, as in JAX.
 * @example
 * np.softmax(np.array([0, 0]));                // → [0.5, 0.5]
 * np.softmax(np.array([[0, 0], [1, 1]]), 0);   // → [[0.26894142, 0.26894142], [0.73105858, 0.73105858]]
 * np.softmax(np.zeros([2, 2]), { axis: [0, 1] }); // → [[0.25, 0.25], [0.25, 0.25]]
 */
export const softmax: SoftmaxLike = (a, axis) => {
  const op = 'np.softmax';
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = softmaxArgs(op, x, axis);
  // Nothing to normalise, and the maximum of an empty axis does not exist.
  if (x.size === 0) return x;
  const m = lax.stopGradient(keep(lax.reduceMax(x, axes), x.shape, axes));
  const e = lax.exp(lax.sub(x, broadcastTo(m, x.shape)));
  const s = keep(lax.reduceSum(e, axes), x.shape, axes);
  return lax.div(e, broadcastTo(s, x.shape));
};

/**
 * log(softmax(x)) along `axis` (default last), computed stably; the axis forms are softmax's.
 * @example
 * np.logSoftmax(np.array([0, 0]));               // → [-Math.LN2, -Math.LN2]
 * np.logSoftmax(np.array([[0, 0]]), { axis: -1 }); // → [[-Math.LN2, -Math.LN2]]
 */
export const logSoftmax: SoftmaxLike = (a, axis) => {
  const op = 'np.logSoftmax';
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const axes = softmaxArgs(op, x, axis);
  if (x.size === 0) return x;
  return lax.sub(x, broadcastTo(logsumexpImpl(op, x, { axis: axes, keepdims: true }), x.shape));
};
