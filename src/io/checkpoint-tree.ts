/**
 * A pytree of tensors as the contents of a safetensors file, and back: the checks and the layout
 * shared by the in-memory encoder (safetensors.ts) and the file writer (node/safetensors-files.ts),
 * so both accept and refuse exactly the same trees.
 */
import { ArgumentError, FormatError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { treeFlatten, treeUnflatten, type TreeDef } from '../tree/pytree.js';
import { layoutSafetensors, type Layout } from './safetensors-format.js';
import { emptyRecord, ownValue } from './records.js';
import { leafNames, duplicateName, treeDefToJson, treeDefFromJson, RESERVED_KEY } from './tree-names.js';

/** Metadata keys fluxion writes itself; user metadata may not use the `fluxion.` prefix. */
export const TREEDEF_KEY = 'fluxion.treedef';
const FORMAT_KEY = 'fluxion.format';

export interface CheckpointPlan {
  /** The tensors in leaf order; `layout.entries[i].index` points into this list. */
  readonly tensors: readonly Tensor[];
  readonly layout: Layout;
}

/**
 * Checks that `tree` can be stored faithfully and plans its file: every leaf a Tensor, leaf names
 * distinct, no reserved names, metadata string to string. `where` names the call in errors.
 * @example const { layout } = planCheckpoint({ w: np.ones([2]) }, {}, 'encodeSafetensors');
 */
export function planCheckpoint(tree: unknown, metadata: Readonly<Record<string, string>>, where: string): CheckpointPlan {
  const { leaves, def } = treeFlatten(tree);
  const reserved = reservedKeyPath(def);
  if (reserved !== undefined) {
    throw new ArgumentError(`${where}: the tree has an object key "${RESERVED_KEY}" (at ${reserved}); loading would turn it into the ` +
      `object's prototype in any code that copies the result with Object.assign, so it cannot be stored. Rename the key.`);
  }
  const names = leafNames(def);
  leaves.forEach((leaf, i) => {
    if (!isTensor(leaf)) {
      throw new ArgumentError(`${where}: the leaf "${names[i]}" is ${typeof leaf === 'number' ? `the number ${leaf}` : String(leaf)}, ` +
        `not a Tensor; wrap numbers with np.array(...) so their dtype is explicit.`);
    }
  });
  const dup = duplicateName(names);
  if (dup !== undefined) throw new ArgumentError(`${where}: two leaves are both named "${dup}" (an object key containing "." collides with a nested path); rename the key.`);
  if (names.includes('__metadata__')) throw new ArgumentError(`${where}: "__metadata__" is reserved by the safetensors format and cannot name a leaf; rename the key.`);
  if (typeof metadata !== 'object' || metadata === null) {
    throw new ArgumentError(`${where}: metadata must be an object of strings, got ${metadata === null ? 'null' : typeof metadata}.`);
  }
  const all = emptyRecord<string>();
  for (const [k, v] of Object.entries(metadata)) {
    if (k.startsWith('fluxion.')) throw new ArgumentError(`${where}: metadata key "${k}" uses the reserved "fluxion." prefix; choose another key.`);
    if (typeof v !== 'string') throw new ArgumentError(`${where}: metadata["${k}"] must be a string (safetensors metadata is string to string), got ${typeof v}.`);
    all[k] = v;
  }
  all[FORMAT_KEY] = '1';
  all[TREEDEF_KEY] = treeDefToJson(def);
  const tensors = leaves as Tensor[];
  const layout = layoutSafetensors(tensors.map((t, i) => ({ name: names[i], dtype: t.dtype, shape: t.shape })), all);
  return { tensors, layout };
}

/**
 * Rebuilds the tree a checkpoint stored from its tensors (by name) and metadata.
 * @example const tree = rebuildTree(tensors, metadata, 'ckpt.safetensors');
 */
export function rebuildTree<T>(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>>, source: string): T {
  const json = ownValue(metadata, TREEDEF_KEY);
  if (json === undefined) {
    throw new FormatError(`${source}: no "${TREEDEF_KEY}" metadata, so the file was not written by saveSafetensors and has no ` +
      `nested structure; read it by name with io.loadSafetensorsFlat (or io.decodeSafetensors for bytes).`);
  }
  const def = treeDefFromJson(json, source);
  const leaves = leafNames(def).map((name) => {
    // Own keys only: a leaf named "constructor" or "toString" must not find Object.prototype's.
    const t = ownValue(tensors, name);
    if (!t) throw new FormatError(`${source}: the stored structure has a leaf "${name}" but the file holds no tensor of that name.`);
    return t;
  });
  return treeUnflatten<T>(def, leaves);
}

/** The dotted path of the first object key `__proto__` in `def`, if any. */
function reservedKeyPath(def: TreeDef, path = 'the root'): string | undefined {
  if (def.kind === 'array') {
    for (let i = 0; i < def.children.length; i++) {
      const found = reservedKeyPath(def.children[i], `${path === 'the root' ? '' : `${path}.`}${i}`);
      if (found !== undefined) return found;
    }
  }
  if (def.kind === 'object') {
    for (let i = 0; i < def.keys.length; i++) {
      const here = path === 'the root' ? def.keys[i] : `${path}.${def.keys[i]}`;
      if (def.keys[i] === RESERVED_KEY) return here;
      const found = reservedKeyPath(def.children[i], here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
