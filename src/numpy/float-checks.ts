/** Tests and repairs of non-finite values, and tolerance comparisons: isinf, nanToNum, isclose, allclose. */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { prepare } from './broadcast.js';
import { ArrayLike, operandTensor } from './creation.js';
import { all } from './reductions-extra.js';

const never = (x: Tensor) => lax.full(x.shape, 0, 'bool');

/** Whether each element is +∞ or −∞ (never for integers). @example np.isinf(np.array([1, Infinity, -Infinity, NaN])); // → [false, true, true, false] */
export function isinf(a: ArrayLike): Tensor {
  const x = operandTensor('np.isinf', a);
  return isFloat(x.dtype) ? lax.compare(lax.abs(x), lax.fullLike(x, Infinity), 'eq') : never(x);
}
/** Whether each element is +∞. @example np.isposinf(np.array([Infinity, -Infinity])); // → [true, false] */
export function isposinf(a: ArrayLike): Tensor {
  const x = operandTensor('np.isposinf', a);
  return isFloat(x.dtype) ? lax.compare(x, lax.fullLike(x, Infinity), 'eq') : never(x);
}
/** Whether each element is −∞. @example np.isneginf(np.array([Infinity, -Infinity])); // → [false, true] */
export function isneginf(a: ArrayLike): Tensor {
  const x = operandTensor('np.isneginf', a);
  return isFloat(x.dtype) ? lax.compare(x, lax.fullLike(x, -Infinity), 'eq') : never(x);
}

/** The largest finite value of a float dtype. */
const finiteMax = (dtype: string) => (dtype === 'float64' ? Number.MAX_VALUE : 3.4028234663852886e38);

export interface NanToNumOptions { nan?: number; posinf?: number; neginf?: number }

/**
 * NaN → `nan` (0), +∞ → `posinf` (the dtype's largest finite value), −∞ → `neginf` (the most
 * negative). Integer arrays are returned as they are.
 * @example np.nanToNum(np.array([NaN, Infinity, -Infinity, 1])); // → [0, 3.4028235e38, -3.4028235e38, 1]
 */
export function nanToNum(a: ArrayLike, opts: NanToNumOptions = {}): Tensor {
  const op = 'np.nanToNum';
  const x = operandTensor(op, a);
  if (opts === null || typeof opts !== 'object') throw new ArgumentError(`${op}: options must be an object such as { nan: 0 }, got ${validate.describe(opts)}.`);
  for (const k of Object.keys(opts)) {
    if (!['nan', 'posinf', 'neginf'].includes(k)) throw new ArgumentError(`${op}: unknown option '${k}'; the options are nan, posinf and neginf.`);
  }
  if (!isFloat(x.dtype)) return x;
  const big = finiteMax(x.dtype);
  const nan = validate.number(op, 'nan', opts.nan ?? 0);
  const pos = validate.number(op, 'posinf', opts.posinf ?? big), neg = validate.number(op, 'neginf', opts.neginf ?? -big);
  const fill = (v: number) => lax.fullLike(x, v);
  let r = lax.where(lax.compare(x, x, 'ne'), fill(nan), x);
  r = lax.where(lax.compare(x, fill(Infinity), 'eq'), fill(pos), r);
  return lax.where(lax.compare(x, fill(-Infinity), 'eq'), fill(neg), r);
}

export interface IsCloseOptions { rtol?: number; atol?: number; equalNan?: boolean }

function tolerances(op: string, opts: IsCloseOptions): Required<IsCloseOptions> {
  if (opts === null || typeof opts !== 'object') throw new ArgumentError(`${op}: options must be an object such as { rtol: 1e-5 }, got ${validate.describe(opts)}.`);
  for (const k of Object.keys(opts)) {
    if (!['rtol', 'atol', 'equalNan'].includes(k)) throw new ArgumentError(`${op}: unknown option '${k}'; the options are rtol, atol and equalNan.`);
  }
  const rtol = validate.number(op, 'rtol', opts.rtol ?? 1e-5), atol = validate.number(op, 'atol', opts.atol ?? 1e-8);
  if (rtol < 0 || atol < 0) throw new ArgumentError(`${op}: tolerances must be non-negative, got rtol ${rtol}, atol ${atol}.`);
  if (opts.equalNan !== undefined && typeof opts.equalNan !== 'boolean') throw new ArgumentError(`${op}: equalNan must be true or false.`);
  return { rtol, atol, equalNan: opts.equalNan ?? false };
}

/**
 * Elementwise |a − b| ≤ atol + rtol·|b| (numpy's asymmetric rule, defaults rtol 1e-5, atol
 * 1e-8); infinities are close only to the same infinity; NaN is close to nothing unless
 * `equalNan`. Integer operands are compared in float32.
 * @example np.isclose(np.array([1, 1e10, NaN]), np.array([1.000001, 1.0001e10, NaN])); // → [true, false, false]
 */
export function isclose(a: ArrayLike, b: ArrayLike, opts: IsCloseOptions = {}): Tensor {
  const op = 'np.isclose';
  const { rtol, atol, equalNan } = tolerances(op, opts);
  let [x, y] = prepare(op, [a, b]);
  if (x.dtype === 'bool') return lax.compare(x, y, 'eq');
  if (!isFloat(x.dtype)) { x = lax.cast(x, 'float32'); y = lax.cast(y, 'float32'); }
  const inf = lax.fullLike(x, Infinity);
  const finite = (t: Tensor) => lax.compare(lax.abs(t), inf, 'lt');
  const bothFinite = lax.where(finite(x), finite(y), finite(x));
  const close = lax.compare(lax.abs(lax.sub(x, y)), lax.add(lax.fullLike(x, atol), lax.mul(lax.fullLike(x, rtol), lax.abs(y))), 'le');
  const r = lax.where(bothFinite, close, lax.compare(x, y, 'eq'));
  if (!equalNan) return r;
  const nan = (t: Tensor) => lax.compare(t, t, 'ne');
  return lax.where(nan(x), nan(y), r);
}

/**
 * Whether every element pair is {@link isclose}; a bool scalar array (read it with `await r.item()`).
 * @example np.allclose(np.array([1, 2]), np.array([1, 2.000001])); // → true
 */
export const allclose = (a: ArrayLike, b: ArrayLike, opts: IsCloseOptions = {}): Tensor => all(isclose(a, b, opts));
