/**
 * The safetensors byte layout (https://github.com/huggingface/safetensors), independent of files
 * and tensors so it can be tested byte for byte (the header's parsing is safetensors-header.ts):
 *
 *   [8 bytes: header length N, little-endian u64]
 *   [N bytes: UTF-8 JSON {"__metadata__": {str: str}, name: {dtype, shape, data_offsets}, ...},
 *    padded with spaces so the byte buffer starts at a multiple of 8]
 *   [byte buffer: each tensor's row-major little-endian elements at data_offsets [begin, end),
 *    offsets relative to the buffer start, contiguous, covering it exactly]
 */
import { DType, TypedArray, allocate } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { sizeOf } from '../core/shape.js';
import { bfloat16ToFloat32, float32ToBfloat16, float32ToHalf, halfToFloat32 } from './half.js';
import type { TensorEntry } from './safetensors-header.js';

/** Bytes per element of every dtype the format defines; reading accepts only a subset. */
export const ELEMENT_SIZE: Readonly<Record<string, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1,
  BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};

const TO_SAFETENSORS: Record<DType, string> = {
  float64: 'F64', float32: 'F32', float16: 'F16', bfloat16: 'BF16', int32: 'I32', uint32: 'U32',
  int16: 'I16', uint16: 'U16', int8: 'I8', uint8: 'U8', bool: 'BOOL',
};

/** The safetensors dtype string a fluxion dtype is written as. */
export const safetensorsDType = (d: DType): string => TO_SAFETENSORS[d];

/** The dtypes loading understands: every one fluxion has (the 64-bit integers and 8-bit floats are not). */
const FROM_SAFETENSORS: Record<string, DType> = Object.fromEntries(Object.entries(TO_SAFETENSORS).map(([d, st]) => [st, d as DType]));

export interface Layout {
  /** The 8-byte length plus the padded JSON header: everything before the byte buffer. */
  readonly header: Uint8Array;
  /** In write order; `index` is the position in the input list. */
  readonly entries: readonly (TensorEntry & { readonly index: number })[];
  readonly bufferLength: number;
}

/**
 * Plans a file: offsets, order and header bytes, before any tensor data is read (so data can be
 * streamed one tensor at a time). Tensors are ordered by element size, largest first, then by
 * name, as the official writer does: every tensor then starts at a multiple of its own element
 * size, so readers can view the buffer in place without copying.
 * @example const { header } = layoutSafetensors([{ name: 'w', dtype: 'float32', shape: [2] }], {});
 */
export function layoutSafetensors(
  tensors: readonly { name: string; dtype: DType; shape: readonly number[] }[],
  metadata: Readonly<Record<string, string>>,
): Layout {
  const order = tensors.map((t, index) => ({ ...t, index, st: safetensorsDType(t.dtype) }))
    .sort((a, b) => ELEMENT_SIZE[b.st] - ELEMENT_SIZE[a.st] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let offset = 0;
  const entries = order.map((t) => {
    const begin = offset;
    offset += sizeOf(t.shape) * ELEMENT_SIZE[t.st];
    return { name: t.name, dtype: t.st, shape: [...t.shape], begin, end: offset, index: t.index };
  });
  // Built by hand rather than from one object: JS orders integer-like keys ("0", "1") first,
  // which would scramble the header relative to the buffer.
  const fields = entries.map((e) =>
    `${JSON.stringify(e.name)}:${JSON.stringify({ dtype: e.dtype, shape: e.shape, data_offsets: [e.begin, e.end] })}`);
  if (Object.keys(metadata).length) fields.unshift(`"__metadata__":${JSON.stringify(metadata)}`);
  const json = new TextEncoder().encode(`{${fields.join(',')}}`);
  const n = Math.ceil(json.length / 8) * 8;
  const header = new Uint8Array(8 + n).fill(0x20, 8);
  new DataView(header.buffer).setBigUint64(0, BigInt(n), true);
  header.set(json, 8);
  return { header, entries, bufferLength: offset };
}

const hostIsLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses each `size`-byte group in place: the format is little-endian whatever the host. */
function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  if (hostIsLittleEndian || size === 1) return bytes;
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}

/**
 * The bytes a tensor's data is stored as. Converts when a backend hands back a different typed
 * array kind than the dtype's (booleans are normalised to 0/1).
 */
export function encodeData(data: TypedArray, dtype: DType): Uint8Array {
  if (dtype === 'float16' || dtype === 'bfloat16') {
    const bits = dtype === 'float16' ? float32ToHalf(data) : float32ToBfloat16(data);
    return swapBytes(new Uint8Array(bits.buffer), 2);
  }
  const want = allocate(dtype, data.length);
  if (data.constructor === want.constructor && dtype !== 'bool') {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return hostIsLittleEndian ? view : swapBytes(new Uint8Array(view), want.BYTES_PER_ELEMENT);
  }
  for (let i = 0; i < data.length; i++) want[i] = dtype === 'bool' ? (data[i] ? 1 : 0) : data[i];
  return swapBytes(new Uint8Array(want.buffer), want.BYTES_PER_ELEMENT);
}

/**
 * Decodes one tensor's bytes to a fluxion dtype and host array: each safetensors dtype to its own
 * (F16 → float16, BF16 → bfloat16, U8 → uint8, ...), except that with `floatAs` 'float32' every
 * float tensor becomes float32 (F64 rounded, F16/BF16 widened exactly). Throws a DTypeError naming
 * the tensor for dtypes fluxion cannot hold (I64, U64, F8, ...).
 * @example decodeData(new Uint8Array(8), 'F64', 'tensor "w"', 'float32') // { dtype: 'float32', data: Float32Array [0] }
 */
export function decodeData(bytes: Uint8Array, dtype: string, where: string, floatAs?: 'float32'): { dtype: DType; data: TypedArray } {
  const target = Object.hasOwn(FROM_SAFETENSORS, dtype) ? FROM_SAFETENSORS[dtype] : undefined;
  if (!target) {
    throw new DTypeError(`${where}: dtype ${dtype} is not supported; fluxion reads ${Object.keys(FROM_SAFETENSORS).join(', ')} ` +
      `(convert the tensor before saving, e.g. tensor.to(torch.float32) or .astype(np.int32)).`);
  }
  // A copy into a fresh, aligned buffer that the typed array views own. Not bytes.slice(): on a
  // Node Buffer (what readFile returns) slice is a view into the shared pool.
  const own = swapBytes(new Uint8Array(bytes), ELEMENT_SIZE[dtype]);
  switch (dtype) {
    case 'F16': return { dtype: floatAs ?? target, data: halfToFloat32(new Uint16Array(own.buffer)) };
    case 'BF16': return { dtype: floatAs ?? target, data: bfloat16ToFloat32(new Uint16Array(own.buffer)) };
    case 'BOOL': return { dtype: target, data: own.map((b) => (b ? 1 : 0)) };
    case 'F64': {
      const wide = new Float64Array(own.buffer);
      return floatAs === 'float32' ? { dtype: 'float32', data: Float32Array.from(wide) } : { dtype: target, data: wide };
    }
    default: {
      const out = allocate(target, own.length / ELEMENT_SIZE[dtype]);
      new Uint8Array(out.buffer).set(own);
      return { dtype: target, data: out };
    }
  }
}
