/**
 * One calling convention for axis arguments across the numpy namespace, mirroring Python's
 * positional-or-keyword `axis` parameter. Every function that takes an axis accepts it either
 * positionally or in its options object, and its other options always come last:
 *
 *   np.sum(x, 0)                      // jnp.sum(x, 0)
 *   np.sum(x, [0, 1])                 // jnp.sum(x, (0, 1))
 *   np.sum(x, 0, { keepdims: true })  // jnp.sum(x, 0, keepdims=True)
 *   np.sum(x, { axis: 0, keepdims: true })
 *   np.softmax(x, -1) / np.softmax(x, { axis: -1 })
 *
 * Giving the axis twice (positionally and in the options), two options objects, or an option the
 * function does not know is an ArgumentError naming the option and what is accepted, instead of
 * the option being silently ignored (an unknown key such as JAX's `where=` would otherwise change
 * nothing and return a wrong answer).
 * @example
 * import { np } from 'fluxion';
 * np.sum(np.ones([2, 3]), 1);                      // → [3, 3]
 * np.mean(np.ones([2, 3]), 0, { keepdims: true }).shape; // → [1, 3]
 */
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

/** An axis argument: one axis, several, or null / undefined for every axis (reductions) or the default. */
export type Axis = number | readonly number[] | null | undefined;

/** The options of a reduction: the axis (or axes) to reduce, and whether to keep them as size 1. */
export interface ReduceOptions { axis?: Axis; keepdims?: boolean }

/** See validate.options: a plain object whose keys are all in `allowed`. */
export const checkOptions = <O extends object>(op: string, o: unknown, allowed: readonly string[], example: string): Partial<O> =>
  validate.options<O>(op, o, allowed, example);

/**
 * Merges a positional-or-options second argument and a trailing options object into one options
 * object, checked against `allowed` (which must include 'axis').
 *
 * - `axisOrOptions` a number, a list of numbers or null: that is the axis; `rest` holds the other options.
 * - `axisOrOptions` an object: it is the options; `rest` must be absent.
 * - anything else (a string, a boolean, a Tensor) is an ArgumentError: axes are static integers.
 */
export function axisArgs<O extends { axis?: unknown }>(
  op: string, axisOrOptions: unknown, rest: unknown, allowed: readonly string[], example = '{ axis: 0 }',
): Partial<O> {
  if (axisOrOptions === undefined) {
    return checkOptions<O>(op, rest, allowed, example);
  }
  if (typeof axisOrOptions === 'number' || Array.isArray(axisOrOptions) || axisOrOptions === null) {
    const o = checkOptions<O>(op, rest, allowed, example);
    if ('axis' in o && (o as { axis?: unknown }).axis !== undefined) {
      throw new ArgumentError(`${op}: the axis is given twice (${JSON.stringify(axisOrOptions)} positionally and ` +
        `${JSON.stringify((o as { axis?: unknown }).axis)} in the options); give it once.`);
    }
    return { ...o, axis: axisOrOptions } as Partial<O>;
  }
  if (validate.isOptionsObject(axisOrOptions)) {
    if (rest !== undefined) {
      throw new ArgumentError(`${op}: two options objects given (${validate.describe(axisOrOptions)} and ${validate.describe(rest)}); ` +
        `pass the axis positionally and the other options after it, e.g. ${op}(x, 0, { keepdims: true }), or everything in one object.`);
    }
    return checkOptions<O>(op, axisOrOptions, allowed, example);
  }
  throw new ArgumentError(`${op}: the axis argument is ${validate.describe(axisOrOptions)}; pass an integer axis (e.g. ${op}(x, 0)), ` +
    `a list of axes, or an options object such as ${example}. Axes are static integers, not arrays or strings.`);
}

/** keepdims, when given, must be a boolean (1 or 'true' are mistakes JS would coerce quietly). */
export const keepdims = (op: string, v: unknown): boolean => (v === undefined ? false : validate.boolean(op, 'keepdims', v));

// Internal helpers of the reductions, kept here (a file np's index does not re-export) so that
// they stay out of the public namespace: both take the calling op's name first, for its errors.

/** Resolves numpy's axis option (undefined/null: every axis) to sorted, checked axes of an ndim-array. */
export function normalizeAxes(op: string, axis: Axis, ndim: number): number[] {
  return validate.axes(op, axis, ndim);
}

/** An axis and keepdims in one options object (the older reductions' form). */
export interface AxisOptions { axis?: number | number[] | null; keepdims?: boolean }

/**
 * A positional axis (number or list) or an options object, resolved against `ndim`:
 * `axisOptions('np.prod', { axis: -1, keepdims: true }, 3)` is `{ axes: [2], keepdims: true }`.
 */
export function axisOptions(op: string, o: number | number[] | null | undefined | AxisOptions, ndim: number): { axes: number[]; keepdims: boolean } {
  if (o === undefined || o === null) return { axes: validate.axes(op, undefined, ndim), keepdims: false };
  if (typeof o === 'number' || Array.isArray(o)) return { axes: validate.axes(op, o, ndim), keepdims: false };
  if (typeof o !== 'object') {
    throw new ArgumentError(`${op}: the second argument is ${validate.describe(o)}; give an axis (a number or a list) or ` +
      `an options object such as { axis: 0, keepdims: true }.`);
  }
  for (const k of Object.keys(o)) {
    if (k !== 'axis' && k !== 'keepdims') throw new ArgumentError(`${op}: unknown option '${k}'; the options are axis and keepdims.`);
  }
  if (o.keepdims !== undefined && typeof o.keepdims !== 'boolean') {
    throw new ArgumentError(`${op}: keepdims is ${validate.describe(o.keepdims)}; use true or false.`);
  }
  return { axes: validate.axes(op, o.axis, ndim), keepdims: o.keepdims ?? false };
}
