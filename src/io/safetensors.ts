/**
 * Checkpoints as safetensors files: `saveSafetensors` writes a pytree of tensors (parameters,
 * optimizer state, any nesting) atomically; `loadSafetensors` returns the same structure;
 * `loadSafetensorsFlat` reads any safetensors file (PyTorch, JAX, ...) by tensor name.
 */
import { readFile, open } from 'node:fs/promises';
import { treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { array } from '../numpy/creation.js';
import { writeAtomic, writeAll } from './atomic-write.js';
import { layoutSafetensors, headerLength, parseHeader, encodeData, decodeData, type SafetensorsHeader } from './safetensors-format.js';
import { leafNames, duplicateName, treeDefToJson, treeDefFromJson } from './tree-names.js';

/** Metadata keys fluxion writes itself; user metadata may not use the `fluxion.` prefix. */
const TREEDEF_KEY = 'fluxion.treedef';
const FORMAT_KEY = 'fluxion.format';

/**
 * Saves a pytree of tensors. Leaves are named by their dot-joined path (`params.w1`,
 * `opt.mu.layers.0.b`; see tree-names.ts) and the structure is kept in the `fluxion.treedef`
 * metadata entry. The write is atomic: the file is written to `path.tmp-<pid>-<rand>`, fsynced,
 * and renamed over `path`, so a crash or a failing tensor read leaves any previous checkpoint
 * intact. Tensors are read one at a time, so at most one is copied to the host at once.
 * @example
 * await io.saveSafetensors('ckpt.safetensors', { params, opt: optState, step: np.array(10, { dtype: 'int32' }) },
 *   { note: 'after epoch 3' });
 */
export async function saveSafetensors(path: string, tree: unknown, metadata: Readonly<Record<string, string>> = {}): Promise<void> {
  const where = `saveSafetensors(${path})`;
  const { leaves, def } = treeFlatten(tree);
  const names = leafNames(def);
  leaves.forEach((leaf, i) => {
    if (!isTensor(leaf)) {
      throw new Error(`${where}: the leaf "${names[i]}" is ${typeof leaf === 'number' ? `the number ${leaf}` : String(leaf)}, ` +
        `not a Tensor; wrap numbers with np.array(...) so their dtype is explicit.`);
    }
  });
  const dup = duplicateName(names);
  if (dup !== undefined) throw new Error(`${where}: two leaves are both named "${dup}" (an object key containing "." collides with a nested path); rename the key.`);
  if (names.includes('__metadata__')) throw new Error(`${where}: "__metadata__" is reserved by the safetensors format and cannot name a leaf.`);
  for (const [k, v] of Object.entries(metadata)) {
    if (k.startsWith('fluxion.')) throw new Error(`${where}: metadata key "${k}" uses the reserved "fluxion." prefix.`);
    if (typeof v !== 'string') throw new Error(`${where}: metadata["${k}"] must be a string (safetensors metadata is string to string).`);
  }
  const tensors = leaves as Tensor[];
  const layout = layoutSafetensors(
    tensors.map((t, i) => ({ name: names[i], dtype: t.dtype, shape: t.shape })),
    { ...metadata, [FORMAT_KEY]: '1', [TREEDEF_KEY]: treeDefToJson(def) },
  );
  await writeAtomic(path, async (fh) => {
    await writeAll(fh, layout.header);
    for (const e of layout.entries) {
      const t = tensors[e.index];
      let data;
      try { data = await t.data(); } catch (err) {
        throw new Error(`${where}: reading tensor "${e.name}" (${t.aval}) failed: ${(err as Error).message}`, { cause: err });
      }
      const bytes = encodeData(data, t.dtype);
      if (bytes.length !== e.end - e.begin) {
        throw new Error(`${where}: tensor "${e.name}" (${t.aval}) returned ${data.length} elements.`);
      }
      await writeAll(fh, bytes);
    }
  });
}

/**
 * Loads a checkpoint written by {@link saveSafetensors}, rebuilding the saved pytree with tensors
 * of the saved dtypes and shapes.
 * @example const { params, opt } = await io.loadSafetensors<TrainState>('ckpt.safetensors');
 */
export async function loadSafetensors<T = unknown>(path: string): Promise<T> {
  const { tensors, metadata } = decodeSafetensors(await readFile(path), path);
  const json = metadata[TREEDEF_KEY];
  if (json === undefined) {
    throw new Error(`${path}: no "${TREEDEF_KEY}" metadata, so the file was not written by saveSafetensors and has no ` +
      `nested structure; read it by name with io.loadSafetensorsFlat.`);
  }
  const def = treeDefFromJson(json, path);
  const leaves = leafNames(def).map((name) => {
    const t = tensors[name];
    if (!t) throw new Error(`${path}: the stored structure has a leaf "${name}" but the file holds no tensor of that name.`);
    return t;
  });
  return treeUnflatten<T>(def, leaves);
}

/**
 * Loads every tensor of any safetensors file by name, e.g. weights exported from PyTorch or JAX.
 * F16 and BF16 tensors are widened to float32 (exactly; fluxion has no 16-bit dtype); other
 * dtypes outside fluxion's (I64, U8, F8, ...) are an error naming the tensor.
 * @example const w = (await io.loadSafetensorsFlat('model.safetensors'))['encoder.layer.0.weight'];
 */
export async function loadSafetensorsFlat(path: string): Promise<Record<string, Tensor>> {
  return decodeSafetensors(await readFile(path), path).tensors;
}

/**
 * Reads only the header (dtypes, shapes, offsets, metadata), without loading the data.
 * @example const { metadata } = await io.readSafetensorsHeader('ckpt.safetensors');
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const prefix = new Uint8Array(8);
    await fh.read(prefix, 0, Math.min(8, size), 0);
    const n = headerLength(prefix, size, path);
    const json = new Uint8Array(n);
    await fh.read(json, 0, n, 8);
    return parseHeader(json, size - 8 - n, path);
  } finally {
    await fh.close();
  }
}

/**
 * Decodes safetensors bytes already in memory (no file system: also usable in a browser).
 * `source` names the data in error messages.
 * @example const { tensors, metadata } = io.decodeSafetensors(bytes, 'upload');
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): {
  tensors: Record<string, Tensor>; metadata: Record<string, string>;
} {
  const n = headerLength(bytes.subarray(0, 8), bytes.length, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source);
  const tensors: Record<string, Tensor> = {};
  for (const e of header.tensors) {
    const raw = bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
    const { dtype, data } = decodeData(raw, e.dtype, `${source}: tensor "${e.name}"`);
    tensors[e.name] = array(data, { dtype, shape: e.shape });
  }
  return { tensors, metadata: { ...header.metadata } };
}
