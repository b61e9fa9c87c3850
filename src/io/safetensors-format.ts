/**
 * The safetensors byte layout (https://github.com/huggingface/safetensors), independent of files
 * and tensors so it can be tested byte for byte:
 *
 *   [8 bytes: header length N, little-endian u64]
 *   [N bytes: UTF-8 JSON {"__metadata__": {str: str}, name: {dtype, shape, data_offsets}, ...},
 *    padded with spaces so the byte buffer starts at a multiple of 8]
 *   [byte buffer: each tensor's row-major little-endian elements at data_offsets [begin, end),
 *    offsets relative to the buffer start, contiguous, covering it exactly]
 */
import { DType, TypedArray, allocate } from '../core/dtype.js';
import { sizeOf } from '../core/shape.js';
import { halfToFloat32, bfloat16ToFloat32 } from './half.js';

/** Bytes per element of every dtype the format defines; reading accepts only a subset. */
const ELEMENT_SIZE: Record<string, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U64: 8, U32: 4, U16: 2, U8: 1,
  BOOL: 1, F8_E4M3: 1, F8_E5M2: 1,
};

const TO_SAFETENSORS: Record<DType, string> = {
  float64: 'F64', float32: 'F32', int32: 'I32', uint32: 'U32', bool: 'BOOL',
};

/** The safetensors dtype string a fluxion dtype is written as. */
export const safetensorsDType = (d: DType): string => TO_SAFETENSORS[d];

/** The dtypes loading understands: fluxion's own, plus F16/BF16 widened to float32. */
const FROM_SAFETENSORS: Record<string, DType> = {
  F64: 'float64', F32: 'float32', I32: 'int32', U32: 'uint32', BOOL: 'bool', F16: 'float32', BF16: 'float32',
};

/** The official reader refuses larger headers; so do we, so a corrupt length fails fast. */
const MAX_HEADER = 100_000_000;

export interface TensorEntry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Byte range [begin, end) in the byte buffer. */
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsHeader {
  /** In byte-buffer order. */
  readonly tensors: readonly TensorEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  /** File offset of the byte buffer: 8 + N. */
  readonly dataStart: number;
}

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

/**
 * Reads the header length from the first 8 bytes and checks it fits in the file.
 * @example const n = headerLength(bytes.subarray(0, 8), bytes.length, 'model.safetensors');
 */
export function headerLength(prefix: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8 || prefix.length < 8) {
    throw new Error(`${source}: ${fileSize} bytes is too short for a safetensors file (it starts with an 8-byte header length).`);
  }
  const n = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER)) throw new Error(`${source}: header length ${n} exceeds the ${MAX_HEADER}-byte limit; the file is corrupt or not safetensors.`);
  if (8 + Number(n) > fileSize) throw new Error(`${source}: header length ${n} runs past the end of the ${fileSize}-byte file (truncated?).`);
  return Number(n);
}

/**
 * Parses and validates the JSON header: known dtypes, non-negative integer shapes, offsets whose
 * size matches the shape, and tensors that tile the byte buffer exactly (no gaps, no overlaps),
 * as the specification requires.
 * @example const h = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, 'model.safetensors');
 */
export function parseHeader(json: Uint8Array, bufferLength: number, source: string): SafetensorsHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (e) {
    throw new Error(`${source}: the header is not valid UTF-8 JSON (${(e as Error).message}).`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${source}: the header must be a JSON object.`);
  const metadata: Record<string, string> = {};
  const tensors: TensorEntry[] = [];
  for (const [name, v] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${source}: __metadata__ must be an object of strings.`);
      for (const [k, s] of Object.entries(v)) {
        if (typeof s !== 'string') throw new Error(`${source}: __metadata__["${k}"] must be a string, got ${JSON.stringify(s)}.`);
        metadata[k] = s;
      }
      continue;
    }
    tensors.push(parseEntry(name, v, `${source}: tensor "${name}"`));
  }
  tensors.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let pos = 0;
  tensors.forEach((t, i) => {
    if (t.begin !== pos) {
      const prev = i ? `tensor "${tensors[i - 1].name}" ends at ${pos}` : 'the buffer starts at 0';
      throw new Error(`${source}: tensor "${t.name}" starts at byte ${t.begin} but ${prev} (${t.begin > pos ? 'a gap' : 'an overlap'}); offsets must be contiguous.`);
    }
    pos = t.end;
  });
  if (pos !== bufferLength) {
    throw new Error(`${source}: the tensors cover ${pos} bytes but the byte buffer holds ${bufferLength} (${pos < bufferLength ? 'trailing bytes' : 'truncated file'}).`);
  }
  return { tensors, metadata, dataStart: 8 + json.length };
}

function parseEntry(name: string, v: unknown, where: string): TensorEntry {
  if (typeof v !== 'object' || v === null) throw new Error(`${where}: expected {dtype, shape, data_offsets}, got ${JSON.stringify(v)}.`);
  const { dtype, shape, data_offsets: offsets } = v as Record<string, unknown>;
  const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
  if (typeof dtype !== 'string' || !(dtype in ELEMENT_SIZE)) {
    throw new Error(`${where}: unknown dtype ${JSON.stringify(dtype)}; the format defines ${Object.keys(ELEMENT_SIZE).join(', ')}.`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) throw new Error(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}.`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw new Error(`${where}: data_offsets must be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}.`);
  }
  const want = sizeOf(shape) * ELEMENT_SIZE[dtype];
  if (offsets[1] - offsets[0] !== want) {
    throw new Error(`${where}: ${dtype}[${shape.join(', ')}] needs ${want} bytes but data_offsets [${offsets.join(', ')}] span ${offsets[1] - offsets[0]}.`);
  }
  return { name, dtype, shape, begin: offsets[0], end: offsets[1] };
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
  const want = allocate(dtype, data.length);
  if (data.constructor === want.constructor && dtype !== 'bool') {
    const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return hostIsLittleEndian ? view : swapBytes(new Uint8Array(view), want.BYTES_PER_ELEMENT);
  }
  for (let i = 0; i < data.length; i++) want[i] = dtype === 'bool' ? (data[i] ? 1 : 0) : data[i];
  return swapBytes(new Uint8Array(want.buffer), want.BYTES_PER_ELEMENT);
}

/**
 * Decodes one tensor's bytes to a fluxion dtype and host array; F16 and BF16 widen to float32.
 * Throws naming the tensor for dtypes fluxion cannot hold (I64, U8, F8, ...).
 */
export function decodeData(bytes: Uint8Array, dtype: string, where: string): { dtype: DType; data: TypedArray } {
  const target = FROM_SAFETENSORS[dtype];
  if (!target) {
    throw new Error(`${where}: dtype ${dtype} is not supported; fluxion reads ${Object.keys(FROM_SAFETENSORS).join(', ')} ` +
      `(convert the tensor before saving, e.g. tensor.to(torch.float32) or .astype(np.int32)).`);
  }
  // A copy into a fresh, aligned buffer that the typed array views own. Not bytes.slice(): on a
  // Node Buffer (what readFile returns) slice is a view into the shared pool.
  const own = swapBytes(new Uint8Array(bytes), ELEMENT_SIZE[dtype]);
  switch (dtype) {
    case 'F16': return { dtype: target, data: halfToFloat32(new Uint16Array(own.buffer)) };
    case 'BF16': return { dtype: target, data: bfloat16ToFloat32(new Uint16Array(own.buffer)) };
    case 'BOOL': return { dtype: target, data: own.map((b) => (b ? 1 : 0)) };
    default: {
      const out = allocate(target, own.length / ELEMENT_SIZE[dtype]);
      new Uint8Array(out.buffer).set(own);
      return { dtype: target, data: out };
    }
  }
}
