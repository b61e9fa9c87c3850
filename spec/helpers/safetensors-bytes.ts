/** Safetensors files built by hand (header JSON text, space padding, then the byte buffer), for hostile-file specs. */

/**
 * A file whose header is `json` verbatim (so keys like `__proto__` survive), space-padded to a
 * multiple of 8 bytes as the official writer does (unless `pad` is false), then `buffer`.
 */
export function fileFromJson(json: string, buffer: Uint8Array = new Uint8Array(0), pad = true): Uint8Array {
  const text = pad ? json.padEnd(Math.ceil(json.length / 8) * 8, ' ') : json;
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + buffer.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(buffer, 8 + h.length);
  return out;
}

/** A header entry as JSON text. */
export const entry = (dtype: string, shape: number[], begin: number, end: number): string =>
  JSON.stringify({ dtype, shape, data_offsets: [begin, end] });

/** The little-endian bytes of float64 values. */
export const f64Bytes = (values: number[]): Uint8Array => new Uint8Array(Float64Array.from(values).buffer);
