/**
 * Rounding to integers: round (half to even, with decimals, as numpy and JAX), rint, trunc/fix.
 * Compositions of floor and comparisons, so their derivative is zero (as in JAX) and they run
 * fused on WebGPU.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';

const c = (x: Tensor, v: number) => lax.fullLike(x, v);

/** Nearest integer, ties to even: floor, plus one above the half and at a half with an odd floor. */
function roundHalfEven(x: Tensor): Tensor {
  const fl = lax.floor(x);
  const d = lax.sub(x, fl); // exact in binary floating point
  const odd = lax.compare(lax.rem(fl, c(fl, 2)), c(fl, 0), 'ne');
  const half = lax.compare(d, c(d, 0.5), 'eq');
  const up = lax.where(half, odd, lax.compare(d, c(d, 0.5), 'gt'));
  return lax.where(up, lax.add(fl, c(fl, 1)), fl);
}

/** An integer rounded to a multiple of f = 10^k (k ≥ 1), ties to the even multiple, in integers. */
function roundIntTo(x: Tensor, f: number): Tensor {
  const F = c(x, f), zero = c(x, 0), one = c(x, 1), two = c(x, 2);
  // Floor division and remainder of the truncating primitives (the remainder takes the divisor's sign).
  const r0 = lax.rem(x, F), q0 = lax.div(x, F);
  const negRem = lax.compare(r0, zero, 'lt');
  const q = lax.where(negRem, lax.sub(q0, one), q0), r = lax.where(negRem, lax.add(r0, F), r0);
  const twice = lax.mul(r, two);
  const odd = lax.compare(lax.rem(q, two), zero, 'ne');
  const up = lax.where(lax.compare(twice, F, 'eq'), odd, lax.compare(twice, F, 'gt'));
  return lax.mul(lax.where(up, lax.add(q, one), q), F);
}

/**
 * Rounds to `decimals` decimal places, halves to the nearest even value (numpy's and JAX's
 * rule: 0.5 → 0, 1.5 → 2, 2.5 → 2). `decimals` may be negative (to tens, hundreds, ...). Like
 * numpy it scales by 10^decimals first, so a binary fraction such as 2.675 (stored as
 * 2.67499999...) rounds to 2.67. Integer arrays stay integers.
 * @example np.round(np.array([0.5, 1.5, 2.5, -0.5, 1.2345]), 0); // → [0, 2, 2, -0, 1]
 * @example np.round(np.array([1.2345, 1250]), 2); // → [1.23, 1250]
 */
export function round(a: ArrayLike, decimals = 0): Tensor {
  const op = 'np.round';
  const x = operandTensor(op, a);
  validate.integer(op, 'decimals', decimals, { min: -30, max: 30 });
  if (x.dtype === 'bool') {
    throw new ArgumentError(`${op}: cannot round a bool array (${x.aval}); cast it first, e.g. x.astype('int32').`);
  }
  if (!isFloat(x.dtype)) {
    if (decimals >= 0) return x;
    // 10^10 already exceeds every 32-bit integer: everything rounds to 0.
    return decimals < -9 ? lax.zerosLike(x) : roundIntTo(x, 10 ** -decimals);
  }
  if (decimals === 0) return roundHalfEven(x);
  const f = 10 ** Math.abs(decimals);
  return decimals > 0
    ? lax.div(roundHalfEven(lax.mul(x, c(x, f))), c(x, f))
    : lax.mul(roundHalfEven(lax.div(x, c(x, f))), c(x, f));
}

/** JAX's alias of {@link round}. @example np.around(np.array([2.5])); // → [2] */
export const around = (a: ArrayLike, decimals = 0): Tensor => round(a, decimals);

/**
 * Nearest integer, halves to even (numpy's rint: round with no decimals).
 * @example np.rint(np.array([0.5, 1.5, -2.5])); // → [0, 2, -2]
 */
export function rint(a: ArrayLike): Tensor {
  const x = operandTensor('np.rint', a);
  return roundHalfEven(isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
}

/**
 * Rounds toward zero.
 * @example np.trunc(np.array([-1.7, 1.7])); // → [-1, 1]
 */
export function trunc(a: ArrayLike): Tensor {
  const x = operandTensor('np.trunc', a);
  if (!isFloat(x.dtype)) return x;
  const ceil = lax.neg(lax.floor(lax.neg(x)));
  return lax.where(lax.compare(x, c(x, 0), 'lt'), ceil, lax.floor(x));
}

/** numpy's name for {@link trunc}. @example np.fix(np.array([-2.5, 2.5])); // → [-2, 2] */
export const fix = (a: ArrayLike): Tensor => trunc(a);
