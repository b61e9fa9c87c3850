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
