/**
 * Checkpoints as safetensors files: `saveSafetensors` writes a pytree of tensors (parameters,
 * optimizer state, any nesting) atomically; `loadSafetensors` returns the same structure;
 * `loadSafetensorsFlat` reads any safetensors file (PyTorch, JAX, ...) by tensor name. The bytes
 * are those of the in-memory io (../safetensors.ts); this file adds paths, streaming and errors
 * that name the file.
 */
import type { FileHandle } from 'node:fs/promises';
import type { Tensor } from '../../core/tensor.js';
import { planCheckpoint, rebuildTree } from '../checkpoint-tree.js';
import { checkLoadOptions, tensorsFromBytes, tensorBytes, type LoadOptions, type DecodedSafetensors } from '../safetensors.js';
import { headerLength, parseHeader, parseSafetensorsHeader, orThrow, type HeaderLimits, type SafetensorsHeader } from '../safetensors-header.js';
import { writeAtomic, writeAll } from './atomic-write.js';
import { fileSystem } from './file-system.js';
import { fileError } from './file-errors.js';

/**
 * Saves a pytree of tensors. Leaves are named by their dot-joined path (`params.w1`,
 * `opt.mu.layers.0.b`) and the structure is kept in the `fluxion.treedef` metadata entry. The
 * write is atomic: the file is written to `path.tmp-<pid>-<rand>`, fsynced, and renamed over
 * `path`, so a crash, a full disk or a failing tensor read leaves any previous checkpoint intact.
 * Tensors are read one at a time, so at most one is copied to the host at once. Disk errors are
 * FileErrors naming `path` and the fix.
 * @example
 * await io.saveSafetensors('ckpt.safetensors', { params, opt: optState, step: np.array(10, { dtype: 'int32' }) },
 *   { note: 'after epoch 3' });
 */
export async function saveSafetensors(path: string, tree: unknown, metadata: Readonly<Record<string, string>> = {}): Promise<void> {
  const where = `saveSafetensors(${path})`;
  const { tensors, layout } = planCheckpoint(tree, metadata, where);
  await writeAtomic(path, async (fh) => {
    await writeAll(fh, layout.header);
    for (const e of layout.entries) await writeAll(fh, await tensorBytes(tensors[e.index], e, where));
  });
}

/** The whole file, or a FileError naming it. */
async function readBytes(path: string): Promise<Uint8Array> {
  try { return await fileSystem.readFile(path); } catch (e) { throw fileError('reading', path, e); }
}

/**
 * Loads a checkpoint written by {@link saveSafetensors}, rebuilding the saved pytree with tensors
 * of the saved dtypes and shapes. `{ dtype: 'float32' }` loads float64 tensors as float32 (needed
 * on WebGPU for a checkpoint written on the CPU backend); see io.LoadOptions.
 * @example const { params, opt } = await io.loadSafetensors<TrainState>('ckpt.safetensors', { dtype: 'float32' });
 */
export async function loadSafetensors<T = unknown>(path: string, options: LoadOptions = {}): Promise<T> {
  const { tensors, metadata } = await loadSafetensorsWithMetadata(path, options);
  return rebuildTree<T>(tensors, metadata, path);
}

/**
 * Loads every tensor of any safetensors file by name, e.g. weights exported from PyTorch or JAX,
 * into a prototype-free record. F16 and BF16 tensors widen to float32 (exactly); F64 follows
 * `options.dtype`; other dtypes outside fluxion's (I64, U8, F8, ...) are a DTypeError naming the tensor.
 * @example const w = (await io.loadSafetensorsFlat('model.safetensors', { dtype: 'float32' }))['encoder.layer.0.weight'];
 */
export async function loadSafetensorsFlat(path: string, options: LoadOptions = {}): Promise<Record<string, Tensor>> {
  return (await loadSafetensorsWithMetadata(path, options)).tensors;
}

/**
 * Tensors and metadata of a file (both prototype-free records).
 * @example const { tensors, metadata } = await io.loadSafetensorsWithMetadata('model.safetensors');
 */
export async function loadSafetensorsWithMetadata(path: string, options: LoadOptions = {}): Promise<DecodedSafetensors> {
  checkLoadOptions(options, `loadSafetensors(${path})`);
  const bytes = await readBytes(path);
  return tensorsFromBytes(orThrow(parseSafetensorsHeader(bytes, path, options)), bytes, path, options);
}

/**
 * Reads only the header (dtypes, shapes, offsets, metadata), without loading the data.
 * @example const { metadata } = await io.readSafetensorsHeader('ckpt.safetensors');
 */
export async function readSafetensorsHeader(path: string, limits: HeaderLimits = {}): Promise<SafetensorsHeader> {
  let fh: FileHandle | undefined;
  try {
    try { fh = await fileSystem.open(path, 'r'); } catch (e) { throw fileError('opening', path, e); }
    let size: number, json: Uint8Array;
    try {
      size = (await fh.stat()).size;
      const prefix = new Uint8Array(8);
      await fh.read(prefix, 0, Math.min(8, size), 0);
      const n = orThrow(headerLength(prefix, size, path));
      json = new Uint8Array(n);
      await fh.read(json, 0, n, 8);
    } catch (e) { throw fileError('reading', path, e); }
    return orThrow(parseHeader(json, size - 8 - json.length, path, limits));
  } finally {
    await fh?.close().catch(() => undefined);
  }
}
