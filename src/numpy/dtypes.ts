/**
 * Questions about dtypes rather than arrays, as jnp.promote_types, jnp.iinfo and jnp.finfo answer
 * them: the promotion the binary operations apply, and each type's limits.
 */
import { DType, integerRange, promoteTypes as promote, shortName } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import * as validate from '../core/validate.js';

/**
 * The dtype two dtypes promote to under JAX's lattice (what np.add of two such arrays gives).
 * A pair with no common type in fluxion (uint32 with a signed integer, which needs int64) is a
 * DTypeError.
 * @example
 * np.promoteTypes('int8', 'uint8');     // → 'int16'
 * np.promoteTypes('int32', 'float16');  // → 'float16'
 */
export function promoteTypes(a: DType, b: DType): DType {
  const x = validate.dtype('np.promoteTypes', a, 'the first dtype'), y = validate.dtype('np.promoteTypes', b, 'the second dtype');
  const d = promote(x, y);
  if (!d) {
    throw new DTypeError(`np.promoteTypes: ${shortName(x)} and ${shortName(y)} have no common type (JAX's promotion gives ` +
      'int64, which fluxion does not have); cast one side, e.g. to int32 or float32.');
  }
  return d;
}

/** The limits of an integer dtype. */
export interface IntegerInfo { readonly dtype: DType; readonly bits: number; readonly min: number; readonly max: number }

/**
 * The range of an integer dtype (bool is not one: JAX refuses it too).
 * @example np.iinfo('int8').min; // → -128
 */
export function iinfo(dtype: DType): IntegerInfo {
  const d = validate.dtype('np.iinfo', dtype);
  const range = integerRange(d);
  if (!range) throw new DTypeError(`np.iinfo: ${d} is not an integer dtype; use np.finfo for floats.`);
  return { dtype: d, bits: Math.log2(range[1] - range[0] + 1), min: range[0], max: range[1] };
}

/** The limits of a floating-point dtype, as jnp.finfo names them. */
export interface FloatInfo {
  readonly dtype: DType;
  readonly bits: number;
  /** The gap between 1 and the next larger value. */
  readonly eps: number;
  /** The largest finite value; `min` is its negative. */
  readonly max: number;
  readonly min: number;
  /** The smallest positive normal value (smallestNormal in numpy). */
  readonly tiny: number;
  readonly smallestNormal: number;
  /** Mantissa bits stored (without the implicit leading 1) and exponent bits. */
  readonly nmant: number;
  readonly nexp: number;
}

const FLOAT_LAYOUT: Partial<Record<DType, { bits: number; nmant: number; nexp: number }>> = {
  float16: { bits: 16, nmant: 10, nexp: 5 },
  bfloat16: { bits: 16, nmant: 7, nexp: 8 },
  float32: { bits: 32, nmant: 23, nexp: 8 },
  float64: { bits: 64, nmant: 52, nexp: 11 },
};

/**
 * The limits of a floating-point dtype.
 * @example
 * np.finfo('float16').max; // → 65504
 * np.finfo('bfloat16').eps; // → 0.0078125
 */
export function finfo(dtype: DType): FloatInfo {
  const d = validate.dtype('np.finfo', dtype);
  const layout = FLOAT_LAYOUT[d];
  if (!layout) throw new DTypeError(`np.finfo: ${d} is not a floating-point dtype; use np.iinfo for integers.`);
  const { bits, nmant, nexp } = layout;
  const maxExp = 2 ** (nexp - 1) - 1;
  // (2 − 2^−nmant)·2^maxExp, written so float64 does not overflow on the way.
  const max = (2 - 2 ** -nmant) * 2 ** maxExp;
  const tiny = 2 ** (1 - maxExp);
  return { dtype: d, bits, eps: 2 ** -nmant, max, min: -max, tiny, smallestNormal: tiny, nmant, nexp };
}
