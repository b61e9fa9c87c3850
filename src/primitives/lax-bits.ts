/**
 * JAX's bit-level lax functions: bitcastConvertType (with JAX's shape change between widths, as
 * a composition of the same-width primitive with shifts), populationCount, clz, and the float
 * bit arithmetic built on them — nextafter and reducePrecision (XLA's ReducePrecision rounding,
 * on the float32 bits).
 */
import { DType, shortName } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as validate from '../core/validate.js';
import { bitWidth } from '../backend/cpu/bits.js';
import { requireBitcastable } from './bits.js';
import * as lax from './lax.js';
import { sameType, tensor } from './lax-args.js';

const UNSIGNED_OF: Record<number, DType> = { 8: 'uint8', 16: 'uint16', 32: 'uint32' };
const u32 = (x: Tensor, v: number): Tensor => lax.full(x.shape, v, 'uint32');

/**
 * The bits of x read as `newDtype` (JAX's lax.bitcast_convert_type). Between equal widths the
 * shape is kept; to a narrower type a trailing axis of the width ratio is added (little-endian:
 * the low part first); from a narrower type x's last axis must be that ratio and is removed.
 * float16 and bfloat16 NaNs read as the canonical quiet NaN.
 * @example lax.bitcastConvertType(np.array([1], 'float32'), 'int32'); // → [1065353216]
 * lax.bitcastConvertType(np.array([1], 'float32'), 'uint8'); // → [[0, 0, 128, 63]]
 */
export function bitcastConvertType(x: Tensor, newDtype: DType): Tensor {
  const op = 'lax.bitcastConvertType';
  const t = tensor(op, x, 'the operand');
  const to = validate.dtype(op, newDtype, 'newDtype');
  requireBitcastable(op, t.dtype, 'from');
  requireBitcastable(op, to, 'to');
  const wi = bitWidth(t.dtype), wo = bitWidth(to);
  const same = (v: Tensor, d: DType): Tensor => (v.dtype === d ? v : bind1('bitcast_convert_type', [v], { dtype: d }));
  if (wi === wo) return same(t, to);
  const r = Math.max(wi, wo) / Math.min(wi, wo);
  if (wi > wo) {
    // Each element's bits as uint32, repeated on a new last axis and shifted down by 0, wo, 2·wo, ...
    const shape = [...t.shape, r];
    const bits = lax.broadcastInDim(lax.cast(same(t, UNSIGNED_OF[wi]), 'uint32'), shape, t.shape.map((_, i) => i));
    const shifts = lax.mul(lax.iota(shape, t.ndim, 'uint32'), lax.full(shape, wo, 'uint32'));
    return same(lax.cast(lax.shiftRightLogical(bits, shifts), UNSIGNED_OF[wo]), to);
  }
  if (t.ndim === 0 || t.shape[t.ndim - 1] !== r) {
    throw new ShapeError(`${op}: ${shortName(t.dtype)} to ${shortName(to)} joins ${r} elements into one, so the last axis of x must have length ${r}, got ${t.aval} (JAX's rule).`);
  }
  // The parts as uint32 shifted into place and summed: they never overlap, so the sum is their or.
  const parts = lax.cast(same(t, UNSIGNED_OF[wi]), 'uint32');
  const shifts = lax.mul(lax.iota(t.shape, t.ndim - 1, 'uint32'), lax.full(t.shape, wi, 'uint32'));
  const word = lax.reduceSum(lax.shiftLeft(parts, shifts), [t.ndim - 1]);
  return same(lax.cast(word, UNSIGNED_OF[wo]), to);
}

/**
 * The number of set bits of each integer, in its own dtype (JAX's lax.population_count).
 * @example lax.populationCount(np.array([7, -1], 'int8')); // → [3, 8]
 */
export const populationCount = (x: Tensor): Tensor => bind1('population_count', [tensor('lax.populationCount', x, 'x')], {});

/**
 * The number of leading zero bits of each integer within its width — 32 for an int32 0, 8 for an
 * int8 0 (JAX's lax.clz). @example lax.clz(np.array([1, 0, -1], 'int32')); // → [31, 32, 0]
 */
export const clz = (x: Tensor): Tensor => bind1('clz', [tensor('lax.clz', x, 'x')], {});

/** How a float dtype lays out its bits, for the functions that work on them. */
export interface FloatLayout { readonly uint: DType; readonly int: DType; readonly width: number; readonly mantissa: number; readonly bias: number }
const LAYOUTS: Partial<Record<DType, FloatLayout>> = {
  float32: { uint: 'uint32', int: 'int32', width: 32, mantissa: 23, bias: 127 },
  float16: { uint: 'uint16', int: 'int16', width: 16, mantissa: 10, bias: 15 },
  bfloat16: { uint: 'uint16', int: 'int16', width: 16, mantissa: 7, bias: 127 },
};

/** The bit layout of a float dtype that has one here (float32, float16, bfloat16); a DTypeError otherwise. */
export function floatLayout(op: string, d: DType): FloatLayout {
  const l = LAYOUTS[d];
  if (l) return l;
  throw new DTypeError(`${op}: expected float32, float16 or bfloat16, got ${shortName(d)}; ${d === 'float64'
    ? 'fluxion has no 64-bit integers to hold float64 bits: cast to float32' : "cast with astype('float32')"} first.`);
}

/**
 * The next representable value after x1 in the direction of x2, elementwise, operands of one
 * shape and float dtype (JAX's lax.nextafter); x2 where they are equal, NaN where either is, and
 * from ±0 the smallest subnormal of x2's sign.
 * @example lax.nextafter(np.array([1, 1]), np.array([2, 0])); // → [1 + 2 ** -23, 1 - 2 ** -24]
 */
export function nextafter(x1: Tensor, x2: Tensor): Tensor {
  const op = 'lax.nextafter';
  const [x, y] = [tensor(op, x1, 'x1'), tensor(op, x2, 'x2')];
  sameType(op, [x, y]);
  const { uint, width } = floatLayout(op, x.dtype);
  const b = bitcastConvertType(x, uint);
  const one = lax.fullLike(b, 1), sign = lax.fullLike(b, 2 ** (width - 1)), zero = lax.zerosLike(b);
  // Away from zero (the magnitude's bits up) when the direction and the sign disagree.
  const up = lax.compare(y, x, 'gt'), negative = lax.compare(lax.bitwiseAnd(b, sign), zero, 'ne');
  const stepped = lax.where(lax.compare(up, negative, 'ne'), lax.add(b, one), lax.sub(b, one));
  const fromZero = lax.bitwiseOr(lax.bitwiseAnd(bitcastConvertType(y, uint), sign), one);
  const xZero = lax.compare(x, lax.zerosLike(x), 'eq');
  const out = bitcastConvertType(lax.where(xZero, fromZero, stepped), x.dtype);
  const nan = lax.add(x, y);
  return lax.where(lax.compare(x, x, 'ne'), nan, lax.where(lax.compare(y, y, 'ne'), nan, lax.where(lax.compare(x, y, 'eq'), y, out)));
}

/**
 * x rounded to a float with `exponentBits` exponent and `mantissaBits` mantissa bits and back
 * (JAX's lax.reduce_precision, XLA's algorithm on the float32 bits): the mantissa rounds to nearest
 * even, exponents past the reduced range overflow to ±∞ and those below it flush to ±0 (no
 * subnormals), NaN stays NaN while mantissaBits > 0. float16/bfloat16 go through float32.
 * @example lax.reducePrecision(np.array([1 / 3]), 8, 7); // → [0.333984375] — bfloat16's 1/3
 */
export function reducePrecision(x: Tensor, exponentBits: number, mantissaBits: number): Tensor {
  const op = 'lax.reducePrecision';
  const t = tensor(op, x, 'x');
  const e = validate.integer(op, 'exponentBits', exponentBits, { min: 1 });
  const m = validate.integer(op, 'mantissaBits', mantissaBits, { min: 0 });
  floatLayout(op, t.dtype); // float32, float16 or bfloat16
  if (t.dtype !== 'float32') return lax.cast(reducePrecision(lax.cast(t, 'float32'), e, m), t.dtype);
  let bits = bitcastConvertType(t, 'uint32');
  if (m < 23) {
    const last = 2 ** (23 - m);
    const lastBit = lax.shiftRightLogical(lax.bitwiseAnd(bits, u32(t, last)), u32(t, 23 - m));
    const bias = lax.add(lastBit, u32(t, last / 2 - 1));
    bits = lax.bitwiseAnd(lax.add(bits, bias), u32(t, ~(last - 1) >>> 0));
  }
  if (e < 8) {
    const expMask = 0x7f800000, reduced = 2 ** (e - 1) - 1;
    const exponent = lax.bitwiseAnd(bits, u32(t, expMask));
    const signed = lax.bitwiseAnd(bits, u32(t, 0x80000000));
    const overflows = lax.compare(exponent, u32(t, (127 + reduced) * 2 ** 23), 'gt');
    const underflows = lax.compare(exponent, u32(t, (127 - reduced) * 2 ** 23), 'le');
    bits = lax.where(overflows, lax.bitwiseOr(signed, u32(t, expMask)), lax.where(underflows, signed, bits));
  }
  const out = bitcastConvertType(bits, 'float32');
  return m > 0 ? lax.where(lax.compare(t, t, 'ne'), t, out) : out;
}
