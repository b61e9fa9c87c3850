/**
 * The reference kernels of the bit-level primitives (primitives/bits.ts): bitcast_convert_type,
 * population_count and clz. Storage of one width is reinterpreted through typed-array views, so
 * float32 NaN payloads and signs survive a round trip; float16 and bfloat16 live on the host as
 * float32 values (core/dtype.ts), so their bits are computed from the value, and a NaN of either
 * is the canonical quiet NaN (float16 0x7e00, bfloat16 0x7fc0) — the GPU lowering does the same.
 */
import { DType, TypedArray, allocate, float16Bits, float16FromBits } from '../../core/dtype.js';

/** Bits of a dtype's storage (bool: its byte). @example bitWidth('bfloat16'); // → 16 */
export function bitWidth(d: DType): number {
  switch (d) {
    case 'float64': return 64;
    case 'float32': case 'int32': case 'uint32': return 32;
    case 'float16': case 'bfloat16': case 'int16': case 'uint16': return 16;
    default: return 8;
  }
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The 16 bits of a float16 or bfloat16 value (a NaN gives the canonical quiet NaN). */
function halfBits(d: DType, v: number): number {
  if (d === 'float16') return float16Bits(v);
  if (Number.isNaN(v)) return 0x7fc0;
  f32[0] = v;
  return u32[0] >>> 16;
}

/** The float16 or bfloat16 value of 16 bits (any NaN pattern gives NaN). */
function halfValue(d: DType, h: number): number {
  if (d === 'float16') return float16FromBits(h & 0xffff);
  u32[0] = (h & 0xffff) << 16;
  return f32[0];
}

const isHalfFloat = (d: DType): boolean => d === 'float16' || d === 'bfloat16';

/** `x`'s elements, of dtype `from`, reinterpreted as `to` of the same width. */
export function bitcast(x: TypedArray, from: DType, to: DType): TypedArray {
  const out = allocate(to, x.length);
  if (isHalfFloat(from) || isHalfFloat(to)) {
    // Through 16-bit patterns: float16/bfloat16 by value, int16/uint16 by the typed array's wrap.
    for (let i = 0; i < x.length; i++) {
      const h = isHalfFloat(from) ? halfBits(from, x[i]) : x[i] & 0xffff;
      out[i] = isHalfFloat(to) ? halfValue(to, h) : h;
    }
    return out;
  }
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  return out;
}

/** An integer's bits as an unsigned number of its width. */
const unsignedBits = (a: number, width: number): number => (width === 32 ? a >>> 0 : a & ((1 << width) - 1));

function popcount32(v: number): number {
  let n = v >>> 0, c = 0;
  while (n) { n &= n - 1; c++; }
  return c;
}

/** The number of set bits of each integer of `dtype`. */
export function populationCount(x: TypedArray, dtype: DType): TypedArray {
  const w = bitWidth(dtype), out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = popcount32(unsignedBits(x[i], w));
  return out;
}

/** The number of leading zeros of each integer of `dtype`, within its width (w for 0). */
export function clz(x: TypedArray, dtype: DType): TypedArray {
  const w = bitWidth(dtype), out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = Math.clz32(unsignedBits(x[i], w)) - (32 - w);
  return out;
}
