/**
 * 16-bit float bit patterns, for safetensors files (PyTorch and JAX often store weights as float16
 * or bfloat16). On the host fluxion holds float16/bfloat16 arrays as float32 values (core/dtype.ts),
 * so reading widens the bits — exact, as every f16 and bf16 value is an f32 — and writing rounds
 * to the nearest 16-bit value (ties to even), which for an array of that dtype changes nothing.
 * The float16 converters live in core/dtype.ts, where the WebGPU backend's transfers use them too.
 */
import { roundBfloat16 } from '../core/dtype.js';

export { halfToFloat32, float32ToHalf } from '../core/dtype.js';

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

/**
 * float32 values to bfloat16 bit patterns (the top half of the rounded f32; ties to even).
 * @example float32ToBfloat16(new Float32Array([1])) // Uint16Array [0x3f80]
 */
export function float32ToBfloat16(values: ArrayLike<number>): Uint16Array {
  const wide = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) wide[i] = roundBfloat16(values[i]);
  const bits = new Uint32Array(wide.buffer);
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Number.isNaN(wide[i]) ? 0x7fc0 : bits[i] >>> 16;
  return out;
}
