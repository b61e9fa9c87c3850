/**
 * 16-bit floats, for reading checkpoints written by PyTorch and JAX (which often store weights as
 * float16 or bfloat16). fluxion has no 16-bit dtype, so both widen to float32; that is exact,
 * since every f16 and bf16 value is representable in f32.
 */

/**
 * IEEE 754 binary16 bit patterns to float32 values (subnormals, ±0, ±Inf and NaN included).
 * @example halfToFloat32(new Uint16Array([0x3c00, 0xc000])) // Float32Array [1, -2]
 */
export function halfToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    // exp 0: subnormal (no implicit leading 1); exp 31: Inf or NaN; otherwise normal with bias 15.
    out[i] = exp === 0 ? sign * frac * 2 ** -24
      : exp === 31 ? (frac ? NaN : sign * Infinity)
      : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return out;
}

/**
 * bfloat16 bit patterns to float32: bf16 is the top half of an f32, so shifting the bits up is
 * exact, NaN payloads included.
 * @example bfloat16ToFloat32(new Uint16Array([0x3f80])) // Float32Array [1]
 */
export function bfloat16ToFloat32(bits: Uint16Array): Float32Array {
  const wide = new Uint32Array(bits.length);
  for (let i = 0; i < bits.length; i++) wide[i] = bits[i] << 16;
  return new Float32Array(wide.buffer);
}
