/**
 * Questions about arrays and dtypes that answer with plain JS values, not arrays: ndim, shape and
 * size (of a Tensor or of array-like data), isscalar, resultType, canCast and issubdtype. They
 * read shapes and dtype names only, so they cost nothing and never touch a backend.
 */
import { DType, DTYPES, isFloat, isInteger, isUnsigned, promoteTypes as promote, shortName } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import type { ArrayLike } from './creation.js';

/** The shape of a Tensor or of array-like data, without making an array. */
function shapeOf(op: string, a: unknown): number[] {
  validate.operand(op, a, 'the array');
  if (isTensor(a)) return [...a.shape];
  if (typeof a === 'number' || typeof a === 'boolean') return [];
  if (ArrayBuffer.isView(a)) return [(a as unknown as { length: number }).length];
  return validate.nestedData(op, a).shape;
}

/**
 * The number of axes of an array or of array-like data (a number: numpy's ndim).
 * @example np.ndim(np.ones([2, 3])); // → 2
 * @example np.ndim([[1, 2], [3, 4]]); // → 2
 * @example np.ndim(5); // → 0
 */
export function ndim(a: ArrayLike): number {
  return shapeOf('np.ndim', a).length;
}

/**
 * The shape of an array or of array-like data (a list of numbers: numpy's shape).
 * @example np.shape(np.ones([2, 3])); // → [2, 3]
 * @example np.shape([[1, 2, 3]]); // → [1, 3]
 */
export function shape(a: ArrayLike): number[] {
  return shapeOf('np.shape', a);
}

/**
 * The number of elements of an array or array-like data, or the length of one `axis` (numpy's size).
 * @example np.size(np.ones([2, 3])); // → 6
 * @example np.size(np.ones([2, 3]), -1); // → 3
 */
export function size(a: ArrayLike, axis?: number): number {
  const op = 'np.size';
  const s = shapeOf(op, a);
  if (axis === undefined || axis === null) return s.reduce((p, q) => p * q, 1);
  return s[validate.axis(op, axis, s.length)];
}

/**
 * Whether `x` is a scalar: a number, a boolean or a 0-D Tensor (as jnp.isscalar, which counts
 * 0-D arrays; numpy's isscalar does not). Lists, typed arrays and higher-rank Tensors are not.
 * @example np.isscalar(3.5); // → true
 * @example np.isscalar(np.array(2)); // → true
 * @example np.isscalar([1]); // → false
 */
export function isscalar(x: unknown): boolean {
  if (typeof x === 'number' || typeof x === 'boolean') return true;
  return x instanceof Tensor && x.ndim === 0;
}

/**
 * The dtype that fluxion's binary operations give for these operands, after JAX's lattice:
 * Tensors and dtype names are strongly typed, JS numbers weakly (they adopt the others' type;
 * a fractional number with integers gives float32; numbers alone give float32, as np.array does).
 * @example np.resultType('int8', 'uint8'); // → 'int16'
 * @example np.resultType(np.ones([2], 'int32'), 0.5); // → 'float32'
 * @example np.resultType(np.ones([2], 'int8'), 3); // → 'int8'
 */
export function resultType(...args: (ArrayLike | DType)[]): DType {
  const op = 'np.resultType';
  if (args.length === 0) throw new ArgumentError(`${op}: needs at least one array, dtype or number.`);
  let strong: DType | undefined;
  let fractional = false, anyNumber = false, allBool = true;
  args.forEach((a, i) => {
    let d: DType | undefined;
    if (typeof a === 'string') d = validate.dtype(op, a, `argument ${i}`);
    else if (isTensor(a)) d = a.dtype;
    else if (typeof a === 'number') { anyNumber = true; allBool = false; if (!Number.isInteger(a)) fractional = true; return; }
    else if (typeof a === 'boolean') return;
    else {
      throw new ArgumentError(`${op}: argument ${i} is ${validate.describe(a)}; give Tensors, dtype names or numbers ` +
        `(make data an array first with np.array, which fixes its dtype).`);
    }
    if (strong === undefined) { strong = d; return; }
    const p = promote(strong, d);
    if (!p) {
      throw new DTypeError(`${op}: ${shortName(strong)} and ${shortName(d)} have no common type (JAX's promotion gives int64, ` +
        'which fluxion does not have); cast one side.');
    }
    strong = p;
  });
  if (strong === undefined) return allBool && !anyNumber ? 'bool' : 'float32';
  if (fractional && !isFloat(strong)) return 'float32';
  if (anyNumber && strong === 'bool') return 'int32';
  return strong;
}

const CASTINGS = ['no', 'equiv', 'safe', 'same_kind', 'unsafe'] as const;
/** numpy's casting rules, as can_cast and astype's `casting` name them. */
export type Casting = typeof CASTINGS[number];

const bitsOf = (d: DType): number => (d === 'bool' ? 1 : /(\d+)$/.exec(d) ? Number(/(\d+)$/.exec(d)![1]) : 32);
/** Mantissa bits, with the implicit one, of each float type: an integer fits when its width does. */
const MANTISSA: Partial<Record<DType, number>> = { float16: 11, bfloat16: 8, float32: 24, float64: 53 };
const kindRank = (d: DType): number => (d === 'bool' ? 0 : isUnsigned(d) ? 1 : isInteger(d) ? 2 : 3);

/** numpy's safe casts between fluxion's dtypes: every value of `from` is exact in `to`. */
function safe(from: DType, to: DType): boolean {
  if (from === to || from === 'bool') return true;
  if (to === 'bool') return false;
  if (isFloat(from)) {
    if (!isFloat(to)) return false;
    // float16 and bfloat16 are not inside each other; both are inside float32 and float64.
    return from === 'float32' ? to === 'float64' : to === 'float32' || to === 'float64';
  }
  const b = bitsOf(from);
  if (isFloat(to)) return (MANTISSA[to] ?? 0) > b - (isUnsigned(from) ? 0 : 1);
  if (isUnsigned(from)) return isUnsigned(to) ? bitsOf(to) >= b : bitsOf(to) > b;
  return !isUnsigned(to) && bitsOf(to) >= b;
}

/**
 * Whether a cast from one dtype to another is allowed under numpy's `casting` rule (numpy's
 * can_cast on dtypes): 'safe' (default) when every value survives, 'same_kind' also within a kind
 * (bool < unsigned < signed < float), 'no'/'equiv' only to itself, 'unsafe' always.
 * @example np.canCast('int8', 'float16'); // → true
 * @example np.canCast('int32', 'float32'); // → false
 * @example np.canCast('float64', 'float32', 'same_kind'); // → true
 */
export function canCast(from: DType | Tensor, to: DType, casting: Casting = 'safe'): boolean {
  const op = 'np.canCast';
  if (typeof from === 'number') {
    throw new ArgumentError(`${op}: from is a number; numpy 2 asks about dtypes or arrays only. Pass a dtype name or a Tensor.`);
  }
  const f = isTensor(from) ? from.dtype : validate.dtype(op, from, 'from');
  const t = validate.dtype(op, to, 'to');
  const rule = validate.oneOf(op, 'casting', casting, CASTINGS);
  if (rule === 'unsafe') return true;
  if (rule === 'no' || rule === 'equiv') return f === t;
  return safe(f, t) || (rule === 'same_kind' && kindRank(f) <= kindRank(t));
}

/** numpy's abstract dtype categories that issubdtype understands. */
export type DTypeCategory = 'generic' | 'number' | 'integer' | 'signedinteger' | 'unsignedinteger' | 'inexact' | 'floating' | 'bool';
const CATEGORIES: Record<DTypeCategory, (d: DType) => boolean> = {
  generic: () => true,
  number: (d) => d !== 'bool',
  integer: isInteger,
  signedinteger: (d) => isInteger(d) && !isUnsigned(d),
  unsignedinteger: isUnsigned,
  inexact: isFloat,
  floating: isFloat,
  bool: (d) => d === 'bool',
};

/**
 * Whether the first dtype is the second, or falls in the second's category (numpy's issubdtype
 * with np.floating → 'floating', np.integer → 'integer', and so on).
 * @example np.issubdtype('float16', 'floating'); // → true
 * @example np.issubdtype('uint8', 'signedinteger'); // → false
 * @example np.issubdtype('int32', 'int32'); // → true
 */
export function issubdtype(arg1: DType | Tensor, arg2: DType | DTypeCategory): boolean {
  const op = 'np.issubdtype';
  const d = isTensor(arg1) ? arg1.dtype : validate.dtype(op, arg1, 'the first dtype');
  if (typeof arg2 === 'string' && arg2 in CATEGORIES) return CATEGORIES[arg2 as DTypeCategory](d);
  if (typeof arg2 === 'string' && !(DTYPES as readonly string[]).includes(arg2)) {
    throw new ArgumentError(`${op}: '${arg2}' is neither a dtype nor a category; the categories are ${Object.keys(CATEGORIES).map((c) => `'${c}'`).join(', ')}.`);
  }
  return d === validate.dtype(op, arg2, 'the second dtype');
}
