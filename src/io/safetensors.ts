/**
 * Safetensors in memory, with no file system (usable in a browser): `encodeSafetensors` turns a
 * pytree of tensors into the bytes of a checkpoint, `decodeSafetensorsTree` rebuilds the tree, and
 * `decodeSafetensors` reads any safetensors bytes (PyTorch, JAX, ...) by tensor name. The Node
 * entry's io (node/safetensors-files.ts) reads and writes the same bytes to paths.
 *
 * float64: a file may hold F64 tensors (a torch float64 export, a checkpoint written on the CPU
 * backend), but only the CPU backend holds float64 arrays. Loading is therefore an explicit choice:
 * `{ dtype: 'float32' }` rounds every F64 tensor to float32; without it, F64 loads as float64 on
 * the CPU and is a DTypeError naming the source, the tensor and the option on WebGPU, raised
 * before any tensor is created.
 *
 * Every other safetensors dtype loads as its own fluxion dtype (F16 → float16, BF16 → bfloat16,
 * I8/U8/I16/U16 → int8/uint8/int16/uint16); `{ dtype: 'float32' }` widens F16 and BF16 to
 * float32 as well (exactly), for code that wants one float type.
 */
import { ArgumentError, DTypeError, FluxionError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { array } from '../numpy/creation.js';
import { currentBackend } from '../backend/select.js';
import { decodeData, encodeData } from './safetensors-format.js';
import { parseSafetensorsHeader, orThrow, type HeaderLimits, type SafetensorsHeader } from './safetensors-header.js';
import { planCheckpoint, rebuildTree } from './checkpoint-tree.js';
import { emptyRecord } from './records.js';

/** How to load: what F64 tensors become, and the tensor-count limit. */
export interface LoadOptions extends HeaderLimits {
  /**
   * 'float32': store F64 tensors as float32 (rounded). Omitted: F64 stays float64, which the CPU
   * backend holds and WebGPU does not (loading one there is a DTypeError that names this option).
   */
  readonly dtype?: 'float32';
}

/** The tensors of a file by name (a prototype-free record) and its metadata. */
export interface DecodedSafetensors {
  readonly tensors: Record<string, Tensor>;
  readonly metadata: Record<string, string>;
}

/**
 * Checks load options, so a misspelt option is an error rather than silently ignored.
 * @example checkLoadOptions({ dtype: 'float32' }, 'loadSafetensors(ckpt.safetensors)')
 */
export function checkLoadOptions(options: LoadOptions, where: string): void {
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`${where}: options must be an object such as { dtype: 'float32' }, got ${String(options)}.`);
  for (const key of Object.keys(options)) {
    if (key !== 'dtype' && key !== 'maxTensors') throw new ArgumentError(`${where}: unknown option "${key}"; the options are dtype ('float32') and maxTensors.`);
  }
  if (options.dtype !== undefined && options.dtype !== 'float32') {
    throw new ArgumentError(`${where}: dtype ${JSON.stringify(options.dtype)} is not a load choice; pass { dtype: 'float32' } to load F64 tensors as float32, or omit it.`);
  }
  const max = options.maxTensors;
  if (max !== undefined && !(Number.isSafeInteger(max) && max >= 0)) {
    throw new ArgumentError(`${where}: maxTensors must be a non-negative integer, got ${String(max)}.`);
  }
}

/**
 * Builds the tensors of a parsed header from the file's bytes (`bytes` holds the whole file).
 * @example const { tensors } = tensorsFromBytes(header, bytes, 'model.safetensors', {});
 */
export function tensorsFromBytes(header: SafetensorsHeader, bytes: Uint8Array, source: string, options: LoadOptions): DecodedSafetensors {
  const f64 = header.tensors.find((e) => e.dtype === 'F64');
  if (f64 && options.dtype === undefined && currentBackend() !== 'cpu') {
    throw new DTypeError(`${source}: tensor "${f64.name}" is F64[${f64.shape.join(', ')}], and the ${currentBackend()} backend holds no ` +
      `float64 arrays; pass { dtype: 'float32' } to load F64 tensors as float32, or select the CPU backend (useBackend('cpu')) to keep float64.`);
  }
  const tensors = emptyRecord<Tensor>();
  for (const e of header.tensors) {
    const raw = bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
    const { dtype, data } = decodeData(raw, e.dtype, `${source}: tensor "${e.name}"`, options.dtype);
    tensors[e.name] = array(data, { dtype, shape: e.shape });
  }
  const metadata = emptyRecord<string>();
  Object.assign(metadata, header.metadata);
  return { tensors, metadata };
}

/**
 * Decodes safetensors bytes by tensor name. F16 and BF16 widen to float32 (exactly); F64 see
 * `options.dtype`; other dtypes outside fluxion's (I64, U8, F8, ...) are a DTypeError naming the
 * tensor. The header is validated whole before any tensor is made. `source` names the data in
 * errors. The records returned have no prototype, so any name (even `__proto__`) is an ordinary key.
 * @example const { tensors, metadata } = io.decodeSafetensors(bytes, 'upload', { dtype: 'float32' });
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data', options: LoadOptions = {}): DecodedSafetensors {
  checkLoadOptions(options, `decodeSafetensors(${source})`);
  return tensorsFromBytes(orThrow(parseSafetensorsHeader(bytes, source, options)), bytes, source, options);
}

/**
 * Rebuilds the pytree stored by {@link encodeSafetensors} (or the Node io's saveSafetensors).
 * @example const { params } = io.decodeSafetensorsTree<{ params: P }>(bytes, 'upload');
 */
export function decodeSafetensorsTree<T = unknown>(bytes: Uint8Array, source = 'safetensors data', options: LoadOptions = {}): T {
  const { tensors, metadata } = decodeSafetensors(bytes, source, options);
  return rebuildTree<T>(tensors, metadata, source);
}

/**
 * Encodes a pytree of tensors as safetensors bytes: leaves named by their dot-joined path
 * (`params.w1`, `opt.mu.0`), the structure kept in the `fluxion.treedef` metadata entry.
 * @example const bytes = await io.encodeSafetensors({ params }, { note: 'epoch 3' });
 */
export async function encodeSafetensors(tree: unknown, metadata: Readonly<Record<string, string>> = {}): Promise<Uint8Array> {
  const where = 'encodeSafetensors';
  const { tensors, layout } = planCheckpoint(tree, metadata, where);
  const out = new Uint8Array(layout.header.length + layout.bufferLength);
  out.set(layout.header, 0);
  for (const e of layout.entries) out.set(await tensorBytes(tensors[e.index], e, where), layout.header.length + e.begin);
  return out;
}

/**
 * One tensor's stored bytes, read from its backend; errors name the tensor.
 * @example const bytes = await tensorBytes(t, { name: 'w', begin: 0, end: 8 }, 'encodeSafetensors');
 */
export async function tensorBytes(t: Tensor, e: { name: string; begin: number; end: number }, where: string): Promise<Uint8Array> {
  let data;
  try { data = await t.data(); } catch (err) {
    // The backend's own error (a KernelError, say) stays the cause; this one adds which tensor.
    throw new FluxionError(`${where}: reading tensor "${e.name}" (${t.aval}) failed: ${(err as Error).message}`, { cause: err });
  }
  const bytes = encodeData(data, t.dtype);
  if (bytes.length !== e.end - e.begin) {
    throw new FluxionError(`${where}: tensor "${e.name}" (${t.aval}) returned ${data.length} elements, not the ${t.size} of its shape.`);
  }
  return bytes;
}
