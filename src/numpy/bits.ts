/**
 * numpy's bit-level functions over lax's bit primitives (primitives/lax-bits.ts): bitwiseCount
 * (numpy 2), nextafter, spacing and frexp on the float bits, and packbits / unpackbits. Floats
 * here are float32, float16 or bfloat16 (float64 has no integer type of its width in fluxion: a
 * DTypeError asking for a cast); integers given to the float functions become float32, as in JAX.
 */
import { isFloat, isInteger, isUnsigned } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { floatLayout } from '../primitives/lax-bits.js';
import { axisArgs } from './axis-args.js';
import { prepare } from './broadcast.js';
import { type ArrayLike, operandTensor } from './creation.js';

const toFloat = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
const u32 = (x: Tensor, v: number): Tensor => lax.full(x.shape, v, 'uint32');

/**
 * The number of 1 bits in |x| of each integer, as uint8 (numpy 2's bitwise_count, jnp's: the
 * absolute value, so −1 counts one bit); bools count 1 for true.
 * @example np.bitwiseCount(np.array([0, 7, -1, 255], 'int32')); // → [0, 3, 1, 8]
 */
export function bitwiseCount(a: ArrayLike): Tensor {
  const x = operandTensor('np.bitwiseCount', a, 'int32');
  if (x.dtype === 'bool') return lax.cast(x, 'uint8');
  if (!isInteger(x.dtype)) throw new DTypeError(`np.bitwiseCount: expected integer or bool values, got ${x.aval}; cast with astype('int32') (numpy has no bit count of floats).`);
  return lax.cast(lax.populationCount(isUnsigned(x.dtype) ? x : lax.abs(x)), 'uint8');
}

/**
 * The next float after x1 toward x2, elementwise and broadcast (numpy's nextafter): x2 where they
 * are equal, NaN where either is NaN; integers compute in float32.
 * @example np.nextafter(np.array([1, 1]), np.array([2, 0])); // → [1 + 2 ** -23, 1 - 2 ** -24]
 */
export function nextafter(x1: ArrayLike, x2: ArrayLike): Tensor {
  const [x, y] = prepare('np.nextafter', [x1, x2]);
  return lax.nextafter(toFloat(x), toFloat(y));
}

/**
 * The distance from x to the next float away from zero, with x's sign (numpy's spacing: the
 * machine epsilon at 1); NaN for ±∞ and NaN.
 * @example np.spacing(np.array([1, -1, 1024])); // → [2 ** -23, -(2 ** -23), 2 ** -13]
 */
export function spacing(a: ArrayLike): Tensor {
  const x = toFloat(operandTensor('np.spacing', a));
  floatLayout('np.spacing', x.dtype);
  const neg = lax.compare(x, lax.zerosLike(x), 'lt');
  const away = lax.nextafter(x, lax.where(neg, lax.fullLike(x, -Infinity), lax.fullLike(x, Infinity)));
  const inf = lax.compare(lax.abs(x), lax.fullLike(x, Infinity), 'eq');
  return lax.where(inf, lax.fullLike(x, NaN), lax.sub(away, x));
}

/**
 * [mantissa, exponent] with x = mantissa · 2^exponent and 0.5 ≤ |mantissa| < 1 (numpy's frexp);
 * the exponent is int32; 0, ±∞ and NaN give [x, 0]; subnormals are exact.
 * @example np.frexp(np.array([8, -3, 0.5, 0])); // → [[0.5, -0.75, 0.5, 0], [4, 2, 0, 0]]
 */
export function frexp(a: ArrayLike): [Tensor, Tensor] {
  const op = 'np.frexp';
  const x = toFloat(operandTensor(op, a));
  const { uint, width, mantissa: mb, bias } = floatLayout(op, x.dtype);
  const bits = lax.cast(lax.bitcastConvertType(x, uint), 'uint32');
  const expMax = 2 ** (width - 1 - mb) - 1, mantMask = 2 ** mb - 1, half = (bias - 1) * 2 ** mb;
  const e = lax.bitwiseAnd(lax.shiftRightLogical(bits, u32(x, mb)), u32(x, expMax));
  const m = lax.bitwiseAnd(bits, u32(x, mantMask));
  const s = lax.bitwiseAnd(bits, u32(x, 2 ** (width - 1)));
  // A subnormal m · 2^(1 − bias − mb): its top set bit, k = bit length of m, becomes the implicit 1.
  const k = lax.sub(u32(x, 32), lax.clz(m));
  const subM = lax.bitwiseAnd(lax.shiftLeft(m, lax.sub(u32(x, mb + 1), k)), u32(x, mantMask));
  const subnormal = lax.compare(e, lax.zerosLike(e), 'eq');
  const mantBits = lax.bitwiseOr(lax.bitwiseOr(s, u32(x, half)), lax.where(subnormal, subM, m));
  const exponent = lax.sub(lax.cast(lax.where(subnormal, lax.sub(k, u32(x, mb)), e), 'int32'), lax.full(x.shape, bias - 1, 'int32'));
  // ±0, ±∞ and NaN: [x, 0].
  const maxE = lax.compare(e, u32(x, expMax), 'eq'), mZero = lax.compare(m, lax.zerosLike(m), 'eq');
  const isSpecial = lax.where(maxE, maxE, lax.where(subnormal, mZero, subnormal));
  const mant = lax.bitcastConvertType(lax.cast(mantBits, uint), x.dtype);
  return [lax.where(isSpecial, x, mant), lax.where(isSpecial, lax.zerosLike(exponent), exponent)];
}

type BitOrder = 'big' | 'little';
interface PackOptions { axis?: number | null; bitorder?: BitOrder }
interface UnpackOptions extends PackOptions { count?: number | null }

/** The operand and the resolved axis (null: the flattened array, axis 0) of packbits/unpackbits. */
function packArgs(op: string, a: ArrayLike, axisOrOptions: unknown, rest: unknown, allowed: readonly string[]) {
  const o = axisArgs<UnpackOptions>(op, axisOrOptions, rest, allowed, "{ axis: 0, bitorder: 'little' }");
  let x = operandTensor(op, a, 'uint8');
  if (Array.isArray(o.axis)) throw new ArgumentError(`${op}: axis must be one integer or null, got ${JSON.stringify(o.axis)}.`);
  const axis = o.axis === undefined || o.axis === null ? (x = lax.reshape(x, [x.size]), 0) : validate.axis(op, o.axis, x.ndim);
  const bitorder = validate.oneOf(op, 'bitorder', o.bitorder ?? 'big', ['big', 'little'] as const);
  return { x, axis, bitorder, count: o.count };
}

/** 2^(7 − j) ('big': the first element is the high bit) or 2^j ('little') along `axis` of `shape`. */
const bitWeights = (shape: number[], axis: number, bitorder: BitOrder): Tensor => {
  const j = lax.iota(shape, axis, 'uint32');
  return lax.shiftLeft(u32(j, 1), bitorder === 'big' ? lax.sub(u32(j, 7), j) : j);
};

/**
 * Packs the truth of each element into the bits of uint8s along `axis` (numpy's packbits; null,
 * the default: the flattened array), zero-padding it to a multiple of 8; bitorder 'big' (default)
 * puts the first element in the high bit.
 * @example np.packbits(np.array([1, 0, 1, 1, 0, 0, 0, 1, 1], 'uint8')); // → [177, 128]
 * np.packbits(np.array([1, 1, 0], 'uint8'), { bitorder: 'little' }); // → [3]
 */
export function packbits(a: ArrayLike, axisOrOptions?: number | null | PackOptions, options?: PackOptions): Tensor {
  const op = 'np.packbits';
  const { x, axis, bitorder } = packArgs(op, a, axisOrOptions, options, ['axis', 'bitorder']);
  if (!isInteger(x.dtype) && x.dtype !== 'bool') throw new DTypeError(`np.packbits: expected integer or bool values, got ${x.aval}; compare first for a mask (x.ne(0)).`);
  const n = x.shape[axis], groups = Math.ceil(n / 8);
  const hi = x.shape.map((_, d) => (d === axis ? groups * 8 - n : 0));
  const ones = lax.cast(lax.compare(x, lax.zerosLike(x), 'ne'), 'uint32');
  const padded = lax.pad(ones, x.shape.map(() => 0), hi);
  const split = [...x.shape.slice(0, axis), groups, 8, ...x.shape.slice(axis + 1)];
  const bits = lax.mul(lax.reshape(padded, split), bitWeights(split, axis + 1, bitorder));
  return lax.cast(lax.reduceSum(bits, [axis + 1]), 'uint8');
}

/**
 * The bits of uint8s as 0/1 uint8s along `axis` (numpy's unpackbits; null, the default: the
 * flattened array), 8 per element; `count` keeps that many (negative: drops that many from the
 * end; past the end: pads with zeros); bitorder as packbits.
 * @example np.unpackbits(np.array([177], 'uint8')); // → [1, 0, 1, 1, 0, 0, 0, 1]
 * np.unpackbits(np.array([3], 'uint8'), { count: 3, bitorder: 'little' }); // → [1, 1, 0]
 */
export function unpackbits(a: ArrayLike, axisOrOptions?: number | null | UnpackOptions, options?: UnpackOptions): Tensor {
  const op = 'np.unpackbits';
  const { x, axis, bitorder, count } = packArgs(op, a, axisOrOptions, options, ['axis', 'bitorder', 'count']);
  if (x.dtype !== 'uint8') throw new DTypeError(`np.unpackbits: expected uint8 values, got ${x.aval} (numpy's rule); cast with astype('uint8').`);
  const n = x.shape[axis];
  const split = [...x.shape.slice(0, axis + 1), 8, ...x.shape.slice(axis + 1)];
  const words = lax.broadcastInDim(lax.cast(x, 'uint32'), split, x.shape.map((_, d) => (d <= axis ? d : d + 1)));
  const bits = lax.compare(lax.bitwiseAnd(words, bitWeights(split, axis + 1, bitorder)), lax.zerosLike(words), 'ne');
  const flat = lax.cast(lax.reshape(bits, x.shape.map((s, d) => (d === axis ? 8 * s : s))), 'uint8');
  if (count === undefined || count === null) return flat;
  const c = validate.integer(op, 'count', count);
  const keep = c < 0 ? Math.max(0, 8 * n + c) : c;
  if (keep <= 8 * n) return lax.slice(flat, flat.shape.map(() => 0), flat.shape.map((s, d) => (d === axis ? keep : s)));
  return lax.pad(flat, flat.shape.map(() => 0), flat.shape.map((_, d) => (d === axis ? keep - 8 * n : 0)));
}
