/**
 * Element types, their host storage, rounding and JAX's promotion lattice.
 *
 * float64 exists for the CPU reference interpreter only: gradient checks need it, and WebGPU has
 * no f64. The 16- and 8-bit types are storage types in the sense JAX and XLA give them: every
 * operation on them computes in a 32-bit "compute type" (float16/bfloat16 in f32, int8/int16 in
 * i32, uint8/uint16 in u32) and rounds or wraps its result back into the narrow type, so each
 * operation gives the value the narrow arithmetic gives (for +, −, ×, ÷ and sqrt, f32 then one
 * rounding to f16 is the correctly rounded f16 result, as f32 holds more than 2·11+2 bits).
 * On the host a float16 or bfloat16 array is a Float32Array holding only representable values
 * (Node 20 has no Float16Array); the integer types use their own typed arrays.
 */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int32' | 'uint32'
  | 'int8' | 'uint8' | 'int16' | 'uint16' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int32', 'uint32',
  'int8', 'uint8', 'int16', 'uint16', 'bool'];

/** The floating-point dtypes. */
export const FLOAT_DTYPES: DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array
  | Int8Array | Int16Array | Uint16Array;

const shortNames: Record<DType, string> = {
  float32: 'f32', float64: 'f64', float16: 'f16', bfloat16: 'bf16', int32: 'i32', uint32: 'u32',
  int8: 'i8', uint8: 'u8', int16: 'i16', uint16: 'u16', bool: 'bool',
};

/** `f32`, `i32`, ...: the names printed in Jaxprs and error messages. */
export const shortName = (d: DType): string => shortNames[d];

/** @example isFloat('bfloat16'); // → true */
export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64' || d === 'float16' || d === 'bfloat16';
/** @example isInteger('uint8'); // → true */
export const isInteger = (d: DType): boolean => d === 'int32' || d === 'uint32' || d === 'int8' || d === 'uint8'
  || d === 'int16' || d === 'uint16';
/** True for the unsigned integer types. @example isUnsigned('uint16'); // → true */
export const isUnsigned = (d: DType): boolean => d === 'uint32' || d === 'uint8' || d === 'uint16';

/**
 * The 32-bit type a dtype computes in (float64 and the 32-bit types are their own); see the
 * module comment. @example computeDtype('int8'); // → 'int32'
 */
export function computeDtype(d: DType): DType {
  switch (d) {
    case 'float16': case 'bfloat16': return 'float32';
    case 'int8': case 'int16': return 'int32';
    case 'uint8': case 'uint16': return 'uint32';
    default: return d;
  }
}

/** True for the types narrower than their compute type. @example isNarrow('float16'); // → true */
export const isNarrow = (d: DType): boolean => computeDtype(d) !== d;

/** Allocates host storage for `n` elements of `dtype` (bool is one byte per element). */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': case 'float16': case 'bfloat16': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'int8': return new Int8Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
  }
}

/**
 * The least value of a dtype (bool: false): the identity of a max, so a max over no elements is
 * this on every backend.
 * @example lowestValue('int32'); // -2147483648
 */
export function lowestValue(dtype: DType): number {
  if (isFloat(dtype)) return -Infinity;
  return integerRange(dtype)?.[0] ?? 0;
}

/** The greatest value of a dtype (bool: true): the identity of a min. @example highestValue('uint8'); // → 255 */
export function highestValue(dtype: DType): number {
  if (isFloat(dtype)) return Infinity;
  return integerRange(dtype)?.[1] ?? 1;
}

/**
 * What JAX's gather gives for an index out of range: NaN for floats, the greatest value of an
 * unsigned type and of bool, the least of a signed one. @example gatherFillValue('uint8'); // → 255
 */
export function gatherFillValue(dtype: DType): number {
  if (isFloat(dtype)) return NaN;
  return isUnsigned(dtype) || dtype === 'bool' ? highestValue(dtype) : lowestValue(dtype);
}

/** [least, greatest] of an integer dtype, undefined for floats and bool. @example integerRange('int8'); // → [-128, 127] */
export function integerRange(dtype: DType): readonly [number, number] | undefined {
  switch (dtype) {
    case 'int32': return [-(2 ** 31), 2 ** 31 - 1];
    case 'uint32': return [0, 2 ** 32 - 1];
    case 'int16': return [-(2 ** 15), 2 ** 15 - 1];
    case 'uint16': return [0, 2 ** 16 - 1];
    case 'int8': return [-128, 127];
    case 'uint8': return [0, 255];
    default: return undefined;
  }
}

// Rounding to the 16-bit floats works on float32 bits, so the CPU interpreter and the WGSL
// helpers (compiler/lowering.ts fx_round_f16/fx_round_bf16) compute the same bits.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * `x` rounded to the nearest float16 (ties to even; beyond ±65504 to ±Infinity; subnormals kept),
 * returned as a number. @example roundFloat16(1 / 3); // → 0.333251953125
 */
export function roundFloat16(x: number): number {
  f32[0] = x;
  const b = u32[0], sign = b & 0x80000000, a = b & 0x7fffffff;
  if (a >= 0x7f800000) return f32[0]; // ±Inf, NaN
  if (a >= 0x477ff000) return sign ? -Infinity : Infinity; // ≥ 65520 rounds past the largest f16
  if (a < 0x38800000) { // below 2^-14: f16 subnormals, multiples of 2^-24
    const q = Math.abs(f32[0]) * 2 ** 24;
    const r = Math.round(q) - (q % 1 === 0.5 && Math.round(q) % 2 === 1 ? 1 : 0); // half to even
    const v = r / 2 ** 24;
    return sign ? -v : v;
  }
  u32[0] = sign | ((a + 0xfff + ((a >>> 13) & 1)) & 0xffffe000);
  return f32[0];
}

/**
 * The IEEE binary16 bit pattern of `x` rounded to float16 (NaN → 0x7e00).
 * @example float16Bits(1); // → 0x3c00
 */
export function float16Bits(x: number): number {
  const v = roundFloat16(x);
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | (a * 2 ** 24); // subnormal: an integer multiple of 2^-24
  f32[0] = a; // a normal float16 is a float32 whose low 13 mantissa bits are 0
  const b = u32[0];
  return sign | ((((b >>> 23) & 0xff) - 112) << 10) | ((b >>> 13) & 0x3ff);
}

/**
 * The value of an IEEE binary16 bit pattern (subnormals, ±0, ±Inf and NaN included).
 * @example float16FromBits(0xc000); // → -2
 */
export function float16FromBits(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
  // exp 0: subnormal (no implicit leading 1); exp 31: Inf or NaN; otherwise normal with bias 15.
  return exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * IEEE 754 binary16 bit patterns to float32 values (subnormals, ±0, ±Inf and NaN included).
 * @example halfToFloat32(new Uint16Array([0x3c00, 0xc000])) // Float32Array [1, -2]
 */
export function halfToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = float16FromBits(bits[i]);
  return out;
}

/**
 * Values to IEEE 754 binary16 bit patterns, rounding to nearest (ties to even); beyond ±65504
 * they become ±Inf, NaN stays NaN. `length` (≥ values.length) pads with zeros, e.g. to whole words.
 * @example float32ToHalf(new Float32Array([1, -2])) // Uint16Array [0x3c00, 0xc000]
 */
export function float32ToHalf(values: ArrayLike<number>, length = values.length): Uint16Array {
  const out = new Uint16Array(length);
  for (let i = 0; i < values.length; i++) out[i] = float16Bits(values[i]);
  return out;
}

/** `x` rounded to the nearest bfloat16 (ties to even). @example roundBfloat16(1 / 3); // → 0.333984375 */
export function roundBfloat16(x: number): number {
  f32[0] = x;
  const b = u32[0];
  if ((b & 0x7fffffff) > 0x7f800000) return NaN;
  u32[0] = ((b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000) >>> 0;
  return f32[0];
}

/**
 * Rounds a float16/bfloat16 host array in place (other dtypes are left alone): the CPU
 * interpreter's last step for every result of a 16-bit float type.
 */
export function roundInPlace(dtype: DType, data: TypedArray): void {
  if (dtype !== 'float16' && dtype !== 'bfloat16') return;
  const round = dtype === 'float16' ? roundFloat16 : roundBfloat16;
  for (let i = 0; i < data.length; i++) data[i] = round(data[i]);
}

/** Converts a JS number to the value `dtype` would store, e.g. for literals. @example coerce('int8', 200); // → -56 */
export function coerce(dtype: DType, x: number): number {
  switch (dtype) {
    case 'float32': return Math.fround(x);
    case 'float64': return x;
    case 'float16': return roundFloat16(x);
    case 'bfloat16': return roundBfloat16(x);
    case 'int32': return x | 0;
    case 'uint32': return x >>> 0;
    case 'int16': return (x << 16) >> 16;
    case 'uint16': return x & 0xffff;
    case 'int8': return (x << 24) >> 24;
    case 'uint8': return x & 0xff;
    case 'bool': return x ? 1 : 0;
  }
}

// JAX's type promotion lattice (jax.numpy type promotion, without the weak types, which
// numpy/broadcast.ts applies to JS numbers): an edge a → b means a promotes to b. 'int64' stands
// for the 64-bit integers fluxion does not have: a join that lands there (uint32 with a signed
// type) is an error asking for a cast, where JAX without x64 would silently give int32.
type Node = DType | 'int64';
const UP: Record<Node, readonly Node[]> = {
  bool: ['uint8', 'int8'],
  uint8: ['uint16', 'int16'], uint16: ['uint32', 'int32'], uint32: ['int64'],
  int8: ['int16'], int16: ['int32'], int32: ['int64'], int64: ['float16', 'bfloat16'],
  float16: ['float32'], bfloat16: ['float32'], float32: ['float64'], float64: [],
};
const above = new Map<Node, Set<Node>>();
function upperSet(n: Node): Set<Node> {
  let s = above.get(n);
  if (!s) {
    s = new Set<Node>([n]);
    for (const m of UP[n]) for (const k of upperSet(m)) s.add(k);
    above.set(n, s);
  }
  return s;
}

/**
 * The dtype two operands promote to under JAX's lattice, or undefined when there is none in
 * fluxion (uint32 with a signed integer needs int64).
 * @example promoteTypes('int8', 'uint8');    // → 'int16'
 * promoteTypes('int32', 'float16');          // → 'float16' (as in JAX)
 * promoteTypes('float16', 'bfloat16');       // → 'float32'
 */
export function promoteTypes(a: DType, b: DType): DType | undefined {
  if (a === b) return a;
  const common = [...upperSet(a)].filter((n) => upperSet(b).has(n));
  // The least upper bound: the common node every other common node lies above.
  const join = common.find((n) => common.every((m) => upperSet(n).has(m)));
  return join === undefined || join === 'int64' ? undefined : join;
}
