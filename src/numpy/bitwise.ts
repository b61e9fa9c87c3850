/**
 * Bitwise operations on integer arrays — numpy's bitwise_and, bitwise_or, bitwise_xor,
 * bitwise_not (invert), left_shift and right_shift — broadcast and promoted as arithmetic is
 * (a JS number takes the array's integer type). On bool arrays and/or/xor/not are the logical
 * operations, as in numpy. Floats have no bits to operate on here: they are a DTypeError.
 */
import { isUnsigned } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { prepare } from './broadcast.js';
import { type ArrayLike, operandTensor } from './creation.js';

const requireInteger = (op: string, x: Tensor, bools: boolean): void => {
  if (x.dtype === 'bool' && bools) return;
  if (x.dtype.startsWith('int') || x.dtype.startsWith('uint')) return;
  throw new DTypeError(`${op}: expected integer${bools ? ' or bool' : ''} operands, got ${x.aval}; ` +
    `cast with astype('int32')${bools ? ', or compare first for a bool mask' : ''}.`);
};

const bitwise = (op: string, ints: (x: Tensor, y: Tensor) => Tensor, bools: (x: Tensor, y: Tensor) => Tensor) =>
  (a: ArrayLike, b: ArrayLike): Tensor => {
    const [x, y] = prepare(op, [a, b]);
    requireInteger(op, x, true);
    return x.dtype === 'bool' ? bools(x, y) : ints(x, y);
  };

/** Bitwise and (logical on bools), broadcast. @example np.bitwiseAnd(np.array([12, 7], 'int32'), 10); // → [8, 2] */
export const bitwiseAnd = bitwise('np.bitwiseAnd', lax.bitwiseAnd, (x, y) => lax.where(x, y, lax.zerosLike(y)));
/** Bitwise or (logical on bools), broadcast. @example np.bitwiseOr(np.array([12, 7], 'int32'), 10); // → [14, 15] */
export const bitwiseOr = bitwise('np.bitwiseOr', lax.bitwiseOr, (x, y) => lax.where(x, lax.fullLike(y, 1), y));
/** Bitwise exclusive or (logical on bools), broadcast. @example np.bitwiseXor(np.array([12, 7], 'int32'), 10); // → [6, 13] */
export const bitwiseXor = bitwise('np.bitwiseXor', lax.bitwiseXor, (x, y) => lax.compare(x, y, 'ne'));

/**
 * Bitwise not (logical not on bools): ~x, so −x − 1 for signed types and 2ⁿ − 1 − x for unsigned.
 * @example np.bitwiseNot(np.array([0, 5], 'uint8')); // → [255, 250]
 */
export function bitwiseNot(a: ArrayLike): Tensor {
  const x = operandTensor('np.bitwiseNot', a);
  requireInteger('np.bitwiseNot', x, true);
  return x.dtype === 'bool' ? lax.compare(x, lax.zerosLike(x), 'eq') : lax.bitwiseNot(x);
}
/** numpy's name for bitwiseNot. @example np.invert(np.array([5], 'int8')); // → [-6] */
export const invert = bitwiseNot;

/**
 * x << y in x's integer type: bits shifted past the width are lost, and a shift by the width or
 * more gives 0 (JAX's left_shift).
 * @example np.leftShift(np.array([1, 100], 'int8'), 1); // → [2, -56]
 */
export function leftShift(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = prepare('np.leftShift', [a, b]);
  requireInteger('np.leftShift', x, false);
  return lax.shiftLeft(x, y);
}

/**
 * x >> y: arithmetic (the sign bit fills) for signed types, logical (zeros fill) for unsigned, as
 * numpy and JAX's right_shift; a shift by the width or more gives −1 or 0.
 * @example np.rightShift(np.array([-8, 200], 'int16'), 2); // → [-2, 50]
 */
export function rightShift(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = prepare('np.rightShift', [a, b]);
  requireInteger('np.rightShift', x, false);
  return isUnsigned(x.dtype) ? lax.shiftRightLogical(x, y) : lax.shiftRightArithmetic(x, y);
}
