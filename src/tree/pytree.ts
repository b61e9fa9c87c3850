/**
 * Pytrees: nested plain objects, arrays and tuples whose leaves are tensors (or numbers).
 * Every transformation flattens its arguments to a list of leaves plus a TreeDef, works on the
 * leaves, and rebuilds the same structure. Object keys are sorted, as in JAX, so two objects
 * with the same keys have the same structure whatever order they were written in.
 */
import { ArgumentError } from '../core/errors.js';
export type TreeDef =
  | { readonly kind: 'leaf' }
  | { readonly kind: 'none'; readonly value: null | undefined }
  | { readonly kind: 'array'; readonly children: readonly TreeDef[] }
  | { readonly kind: 'object'; readonly keys: readonly string[]; readonly children: readonly TreeDef[] };

const LEAF: TreeDef = { kind: 'leaf' };

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

export function treeFlatten<L = unknown>(tree: unknown): { leaves: L[]; def: TreeDef } {
  const leaves: L[] = [];
  const go = (t: unknown): TreeDef => {
    if (t === null || t === undefined) return { kind: 'none', value: t };
    if (Array.isArray(t)) return { kind: 'array', children: t.map(go) };
    if (isPlainObject(t)) {
      const keys = Object.keys(t).sort();
      return { kind: 'object', keys, children: keys.map((k) => go(t[k])) };
    }
    leaves.push(t as L);
    return LEAF;
  };
  return { leaves, def: go(tree) };
}

export function treeUnflatten<T = unknown>(def: TreeDef, leaves: readonly unknown[]): T {
  let i = 0;
  const go = (d: TreeDef): unknown => {
    switch (d.kind) {
      case 'leaf': return leaves[i++];
      case 'none': return d.value;
      case 'array': return d.children.map(go);
      case 'object': return Object.fromEntries(d.keys.map((k, j) => [k, go(d.children[j])]));
    }
  };
  const out = go(def);
  if (i !== leaves.length) throw new ArgumentError(`treeUnflatten: the structure has ${i} leaves, got ${leaves.length}; pass exactly the leaves of a tree with this structure (treeFlatten's order).`);
  return out as T;
}

export const treeLeaves = <L = unknown>(tree: unknown): L[] => treeFlatten<L>(tree).leaves;

export function treeDefToString(d: TreeDef): string {
  switch (d.kind) {
    case 'leaf': return '*';
    case 'none': return String(d.value);
    case 'array': return `[${d.children.map(treeDefToString).join(', ')}]`;
    case 'object': return `{${d.keys.map((k, i) => `${k}: ${treeDefToString(d.children[i])}`).join(', ')}}`;
  }
}

export const treeDefEqual = (a: TreeDef, b: TreeDef): boolean => treeDefToString(a) === treeDefToString(b);

/** Applies `fn` leafwise over trees of the same structure as the first. */
export function treeMap<T = unknown>(fn: (...leaves: never[]) => unknown, tree: T, ...rest: unknown[]): T {
  const { leaves, def } = treeFlatten(tree);
  const others = rest.map((r, k) => {
    const f = treeFlatten(r);
    if (!treeDefEqual(f.def, def)) {
      throw new ArgumentError(`treeMap: tree ${k + 2} has structure ${treeDefToString(f.def)}, expected ${treeDefToString(def)} (the first tree's); every tree must have the same keys and nesting.`);
    }
    return f.leaves;
  });
  const apply = fn as (...leaves: unknown[]) => unknown; // the leaves are whatever the trees hold: fn declares what it expects
  return treeUnflatten<T>(def, leaves.map((l, i) => apply(l, ...others.map((o) => o[i]))));
}

/**
 * The structure of a tree (its TreeDef), without its leaves (jax.tree.structure).
 * @example treeDefToString(treeStructure({ b: [1, 2], a: 3 })); // → '{a: *, b: [*, *]}'
 */
export const treeStructure = (tree: unknown): TreeDef => treeFlatten(tree).def;

/**
 * Folds `fn` over the leaves in treeFlatten order (jax.tree.reduce), from `initial` when given,
 * else from the first leaf.
 * @example treeReduce((a: number, b: number) => a + b, { w: 2, b: [3, 4] }); // → 9
 */
export function treeReduce<L, R = L>(fn: (acc: R, leaf: L) => R, tree: unknown, ...initial: [R] | []): R {
  const leaves = treeLeaves<L>(tree);
  if (initial.length === 0 && leaves.length === 0) {
    throw new ArgumentError('treeReduce: the tree has no leaves and no initial value was given; pass one: treeReduce(fn, tree, init).');
  }
  return initial.length ? leaves.reduce(fn, initial[0]) : (leaves.slice(1) as unknown as R[]).reduce(fn as unknown as (a: R, b: R) => R, leaves[0] as unknown as R);
}

/** A leaf's position: the object keys and array indices from the root, in order. */
export type KeyPath = readonly (string | number)[];

/**
 * The path of every leaf of a structure, in leaf order.
 * @example treePaths(treeStructure({ a: [1, 2], b: 3 })); // → [['a', 0], ['a', 1], ['b']]
 */
export function treePaths(def: TreeDef): KeyPath[] {
  const out: KeyPath[] = [];
  const go = (d: TreeDef, path: (string | number)[]): void => {
    switch (d.kind) {
      case 'leaf': out.push(path); return;
      case 'none': return;
      case 'array': d.children.forEach((c, i) => go(c, [...path, i])); return;
      case 'object': d.children.forEach((c, i) => go(c, [...path, d.keys[i]])); return;
    }
  };
  go(def, []);
  return out;
}

/**
 * [path, leaf] for every leaf (jax.tree_util.tree_leaves_with_path).
 * @example treeLeavesWithPath({ w: 1, b: [2] }); // → [[['b', 0], 2], [['w'], 1]]
 */
export function treeLeavesWithPath<L = unknown>(tree: unknown): [KeyPath, L][] {
  const { leaves, def } = treeFlatten<L>(tree);
  return treePaths(def).map((p, i) => [p, leaves[i]]);
}

/**
 * treeMap whose function also receives each leaf's path (jax.tree.map_with_path): e.g. weight
 * decay on weights but not on biases.
 * @example treeMapWithPath((path, x: number) => (path.at(-1) === 'b' ? x : 0.9 * x), { w: 10, b: 1 }); // → { b: 1, w: 9 }
 */
export function treeMapWithPath<T = unknown>(fn: (path: KeyPath, ...leaves: never[]) => unknown, tree: T, ...rest: unknown[]): T {
  const paths = treePaths(treeStructure(tree));
  let i = 0;
  return treeMap((...leaves: never[]) => (fn as (p: KeyPath, ...l: unknown[]) => unknown)(paths[i++], ...leaves), tree, ...rest);
}
