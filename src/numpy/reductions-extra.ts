/**
 * More reductions, all compositions: prod as a pairwise product tree (exact product semantics —
 * zeros and signs — and a gradient that is right where an input is 0, unlike exp(Σ log)), all/any
 * on bool arrays through reduce_max, and the NaN-ignoring nanmax/nanmin/nansum/nanmean.
 * Each takes its axis positionally or in an options object: `prod(x, 0)`, `prod(x, { axis: 0,
 * keepdims: true })`.
 */
import { isFloat, isInteger, isNarrow, isUnsigned } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { reverseOrder } from './reverse-order.js';
import { whereMask } from './where-mask.js';
import { type AxisOptions, axisArgs, axisOptions } from './axis-args.js';

export type { AxisOptions } from './axis-args.js';

/**
 * The (axis, options) pair as every reduction of np takes it (axis-args.ts: `prod(x, 0)`,
 * `prod(x, 0, { keepdims: true })`, `prod(x, { axis: 0, keepdims: true })`), folded into one
 * options object, so a third argument is never silently ignored.
 */
function folded(op: string, axis: unknown, opts: unknown): AxisOptions {
  const o = axisArgs<AxisOptions>(op, axis, opts, ['axis', 'keepdims'], '{ axis: 0, keepdims: true }');
  return { ...(o.axis !== undefined && o.axis !== null ? { axis: o.axis } : {}), ...(o.keepdims !== undefined ? { keepdims: o.keepdims } : {}) };
}

/** Options after a positional axis. */
export interface KeepdimsOption { keepdims?: boolean }

/** The reduced result with its axes kept as size 1, or dropped. */
const shaped = (r: Tensor, inShape: readonly number[], axes: number[], keepdims: boolean): Tensor =>
  lax.reshape(r, keepdims ? inShape.map((d, i) => (axes.includes(i) ? 1 : d)) : inShape.filter((_, i) => !axes.includes(i)));

/** The product over the last axis by halving: log₂ n rounds of (first half) × (second half). */
function productOfLastAxis(t: Tensor): Tensor {
  let x = t;
  for (;;) {
    const n = x.shape[x.ndim - 1];
    if (n === 1) return lax.reshape(x, x.shape.slice(0, -1));
    const lead = x.shape.slice(0, -1);
    if (n % 2 === 1) x = lax.concatenate([x, lax.full([...lead, 1], 1, x.dtype)], x.ndim - 1);
    const h = x.shape[x.ndim - 1] / 2;
    const zeros = lead.map(() => 0);
    x = lax.mul(lax.slice(x, [...zeros, 0], [...lead, h]), lax.slice(x, [...zeros, h], [...lead, 2 * h]));
  }
}

/**
 * Product over `axis` (every axis when omitted); an empty axis gives 1. bool and the narrow
 * integers multiply in 32 bits, as JAX's default promote_integers=True does (int8/int16 → int32,
 * uint8/uint16 → uint32, bool → int32), like np.sum; 32-bit integers wrap on overflow.
 * `where` multiplies only the elements where the mask is true; `initial` multiplies the result.
 * @example np.prod(np.array([[1, 2], [3, 4]]), 1); // → [2, 12]
 * @example np.prod(np.array([100, 100], 'int8')).dtype; // → 'int32'
 * @example np.prod(np.array([2, 3, 4]), { where: np.array([true, false, true]), initial: 10 }); // → 80
 */
export function prod(a: ArrayLike, axisOrOptions?: number | number[] | null | ProdOptions, opts?: Omit<ProdOptions, 'axis'>): Tensor {
  const op = 'np.prod';
  const { where, initial, ...rest } = whereInitial(op, axisOrOptions, opts, true);
  const axis = folded(op, rest, undefined);
  let x = operandTensor(op, a);
  if (x.dtype === 'bool' || (isInteger(x.dtype) && isNarrow(x.dtype))) x = lax.cast(x, isUnsigned(x.dtype) ? 'uint32' : 'int32');
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  if (where !== undefined) x = lax.where(whereMask(op, where, x), x, lax.fullLike(x, 1));
  const kept = x.shape.map((_, d) => d).filter((d) => !axes.includes(d));
  const n = axes.reduce((p, d) => p * x.shape[d], 1);
  const keptShape = kept.map((d) => x.shape[d]);
  let r = n === 0 ? lax.full(keptShape, 1, x.dtype)
    : productOfLastAxis(lax.reshape(lax.transpose(x, [...kept, ...axes]), [...keptShape, n]));
  if (initial !== undefined) r = lax.mul(r, lax.full(r.shape, Number(initial), r.dtype));
  return shaped(r, x.shape, axes, keepdims);
}

/** prod's options: the axis, keepdims, and JAX's `where` mask and `initial` factor. */
export interface ProdOptions extends AxisOptions { where?: ArrayLike; initial?: number | boolean }
/** any/all's options: the axis, keepdims, and JAX's `where` mask. */
export interface AnyAllOptions extends AxisOptions { where?: ArrayLike }

/**
 * Splits `where` (and `initial`, when the reduction takes it) off a reduction's merged options,
 * leaving the axis and keepdims for `folded`.
 */
function whereInitial(op: string, axisOrOptions: unknown, opts: unknown, withInitial: boolean):
  { where?: ArrayLike; initial?: number | boolean; axis?: AxisOptions['axis']; keepdims?: boolean } {
  const keys = withInitial ? ['axis', 'keepdims', 'where', 'initial'] : ['axis', 'keepdims', 'where'];
  const o = axisArgs<ProdOptions>(op, axisOrOptions, opts, keys, withInitial ? '{ axis: 0, where: mask, initial: 1 }' : '{ axis: 0, where: mask }');
  if (o.initial !== undefined && typeof o.initial !== 'number' && typeof o.initial !== 'boolean') {
    throw new ArgumentError(`${op}: initial must be a scalar (a number or a boolean), got ${validate.describe(o.initial)}; JAX requires a scalar initial too.`);
  }
  return o;
}

function boolOperand(op: string, a: ArrayLike): Tensor {
  const x = operandTensor(op, a);
  // Truthiness, as numpy: non-zero is true (NaN too).
  return x.dtype === 'bool' ? x : lax.compare(x, lax.zerosLike(x), 'ne');
}

function anyImpl(op: string, x: Tensor, axis: Parameters<typeof prod>[1]): Tensor {
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  // Over an empty axis reduce_max gives its identity, false: "any" of nothing is false.
  return shaped(lax.reduceMax(x, axes), x.shape, axes, keepdims);
}

/**
 * Whether any element along `axis` is true (non-zero); false over an empty axis. `where` looks
 * only at the elements where the mask is true (JAX's where=).
 * @example np.any(np.array([[true, false], [false, false]]), 1); // → [true, false]
 * @example np.any(np.array([true, false]), { where: np.array([false, true]) }); // → false
 */
export const any = (a: ArrayLike, axisOrOptions?: number | number[] | null | AnyAllOptions, opts?: Omit<AnyAllOptions, 'axis'>): Tensor => {
  const { where, ...rest } = whereInitial('np.any', axisOrOptions, opts, false);
  const x = boolOperand('np.any', a);
  return anyImpl('np.any', where === undefined ? x : lax.where(whereMask('np.any', where, x), x, lax.zerosLike(x)), folded('np.any', rest, undefined));
};

/**
 * Whether every element along `axis` is true (non-zero); true over an empty axis. `where` looks
 * only at the elements where the mask is true (JAX's where=).
 * @example np.all(np.array([[true, false], [true, true]]), 1); // → [false, true]
 * @example np.all(np.array([true, false]), { where: np.array([true, false]) }); // → true
 */
export function all(a: ArrayLike, axisOrOptions?: number | number[] | null | AnyAllOptions, opts?: Omit<AnyAllOptions, 'axis'>): Tensor {
  const { where, ...rest } = whereInitial('np.all', axisOrOptions, opts, false);
  const axis = folded('np.all', rest, undefined);
  const x0 = boolOperand('np.all', a);
  const x = where === undefined ? x0 : lax.where(whereMask('np.all', where, x0), x0, lax.full(x0.shape, 1, 'bool'));
  const not = (t: Tensor) => lax.compare(t, lax.full(t.shape, 0, 'bool'), 'eq');
  return not(anyImpl('np.all', not(x), axis));
}

const isnan = (x: Tensor) => lax.compare(x, x, 'ne');

/** max or min ignoring NaN; NaN only where every element of the slice is NaN (numpy, JAX). */
function nanExtreme(op: string, a: Tensor, axis: Parameters<typeof prod>[1], sign: 1 | -1): Tensor {
  const x = operandTensor(op, a);
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  if (axes.some((d) => x.shape[d] === 0)) {
    throw new ShapeError(`${op}: cannot reduce an empty axis of ${x.aval} (axes ${axes.join(', ')}): it has no ` +
      `${sign > 0 ? 'maximum' : 'minimum'}; check the shape first.`);
  }
  const flip = (t: Tensor) => (sign > 0 ? t : lax.neg(t));
  const nan = isnan(x);
  const filled = isFloat(x.dtype) ? lax.where(nan, lax.fullLike(x, -Infinity), flip(x)) : flip(x);
  const r = flip(lax.reduceMax(filled, axes));
  const allNan = lax.compare(lax.reduceMax(lax.compare(nan, lax.full(nan.shape, 0, 'bool'), 'eq'), axes), lax.full(r.shape, 0, 'bool'), 'eq');
  return shaped(isFloat(x.dtype) ? lax.where(allNan, lax.fullLike(r, NaN), r) : r, x.shape, axes, keepdims);
}

/**
 * Maximum over `axis`, ignoring NaN (NaN where a whole slice is NaN).
 * @example np.nanmax(np.array([1, NaN, 3])); // → 3
 */
export function nanmax(a: ArrayLike, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const axis = folded('np.nanmax', axisOrOptions, opts);
  const x = operandTensor('np.nanmax', a);
  return isFloat(x.dtype) ? nanExtreme('np.nanmax', x, axis, 1) : intExtreme('np.nanmax', x, axis, 1);
}

/**
 * Minimum over `axis`, ignoring NaN (NaN where a whole slice is NaN).
 * @example np.nanmin(np.array([1, NaN, 3])); // → 1
 */
export function nanmin(a: ArrayLike, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const axis = folded('np.nanmin', axisOrOptions, opts);
  const x = operandTensor('np.nanmin', a);
  return isFloat(x.dtype) ? nanExtreme('np.nanmin', x, axis, -1) : intExtreme('np.nanmin', x, axis, -1);
}

/** Integers have no NaN: nanmax/nanmin are max/min (min through the order-reversing ~x). */
function intExtreme(op: string, x: Tensor, axis: Parameters<typeof prod>[1], sign: 1 | -1): Tensor {
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  if (axes.some((d) => x.shape[d] === 0)) throw new ShapeError(`${op}: cannot reduce an empty axis of ${x.aval}; check the shape first.`);
  const r = sign > 0 ? lax.reduceMax(x, axes) : reverseOrder(lax.reduceMax(reverseOrder(x), axes));
  return shaped(r, x.shape, axes, keepdims);
}

/**
 * Sum over `axis` with NaN counted as 0.
 * @example np.nansum(np.array([1, NaN, 3])); // → 4
 */
export function nansum(a: ArrayLike, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const axis = folded('np.nansum', axisOrOptions, opts);
  const op = 'np.nansum';
  let x = operandTensor(op, a);
  if (x.dtype === 'bool' || (isInteger(x.dtype) && isNarrow(x.dtype))) x = lax.cast(x, isUnsigned(x.dtype) ? 'uint32' : 'int32');
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  const filled = isFloat(x.dtype) ? lax.where(isnan(x), lax.zerosLike(x), x) : x;
  return shaped(lax.reduceSum(filled, axes), x.shape, axes, keepdims);
}

/**
 * Mean over `axis` of the non-NaN elements (NaN where there are none).
 * @example np.nanmean(np.array([1, NaN, 3])); // → 2
 */
export function nanmean(a: ArrayLike, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const axis = folded('np.nanmean', axisOrOptions, opts);
  const op = 'np.nanmean';
  let x = operandTensor(op, a);
  if (!isFloat(x.dtype)) x = lax.cast(x, 'float32');
  const { axes, keepdims } = axisOptions(op, axis, x.ndim);
  const nan = isnan(x);
  const s = lax.reduceSum(lax.where(nan, lax.zerosLike(x), x), axes);
  const n = lax.reduceSum(lax.where(nan, lax.zerosLike(x), lax.fullLike(x, 1)), axes);
  return shaped(lax.div(s, n), x.shape, axes, keepdims);
}
