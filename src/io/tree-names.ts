/**
 * Names for the leaves of a pytree, and the pytree structure as JSON, so a checkpoint is both a
 * plain safetensors file (readable by PyTorch or JAX by name) and a faithful copy of the nested
 * training state.
 *
 * A leaf's name is its path: object keys and array indices joined with dots, in treeFlatten
 * order (sorted keys), e.g. `{ params: { w1 }, opt: { mu: { layers: [{ b }] } } }` gives
 * `params.w1` and `opt.mu.layers.0.b`. A tree that is a single tensor is named `value`.
 */
import { FormatError } from '../core/errors.js';
import { treePaths, type TreeDef } from '../tree/pytree.js';

/**
 * The one object key a stored tree may not use: rebuilt into a plain object, an own `__proto__`
 * key becomes the prototype of anything the result is copied into with Object.assign.
 */
export const RESERVED_KEY = '__proto__';

/**
 * The dot-joined path of every leaf of `def`, in leaf order.
 * @example leafNames(treeFlatten({ a: [x, y], b: z }).def) // ['a.0', 'a.1', 'b']
 */
export function leafNames(def: TreeDef): string[] {
  return treePaths(def).map((path) => (path.length ? path.join('.') : 'value'));
}

/** The first name two leaves share (keys containing dots can collide: `{'a.b': x, a: {b: y}}`). */
export function duplicateName(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const n of names) { if (seen.has(n)) return n; seen.add(n); }
  return undefined;
}

/**
 * The TreeDef as JSON. `undefined` drops out of JSON.stringify, so `{kind:'none'}` without a
 * value reads back as undefined and `{kind:'none', value:null}` as null.
 */
export const treeDefToJson = (def: TreeDef): string => JSON.stringify(def);

/**
 * Parses and checks a TreeDef written by {@link treeDefToJson}; `where` names the file in errors.
 * @example treeDefFromJson('{"kind":"leaf"}', 'ckpt.safetensors')
 */
export function treeDefFromJson(json: string, where: string): TreeDef {
  let raw: unknown;
  try { raw = JSON.parse(json); } catch (e) {
    throw new FormatError(`${where}: the fluxion.treedef metadata is not valid JSON (${(e as Error).message}).`, { cause: e });
  }
  const bad = (what: string): never => { throw new FormatError(`${where}: malformed fluxion.treedef metadata: ${what}.`); };
  const go = (x: unknown): TreeDef => {
    if (typeof x !== 'object' || x === null) return bad(`expected a node object, got ${JSON.stringify(x)}`);
    const n = x as Record<string, unknown>;
    switch (n.kind) {
      case 'leaf': return { kind: 'leaf' };
      case 'none': return { kind: 'none', value: n.value === null ? null : undefined };
      case 'array':
        if (!Array.isArray(n.children)) return bad('an array node without children');
        return { kind: 'array', children: n.children.map(go) };
      case 'object':
        if (!Array.isArray(n.keys) || !Array.isArray(n.children) || n.keys.length !== n.children.length
          || !n.keys.every((k) => typeof k === 'string')) return bad('an object node needs matching keys and children');
        if (n.keys.includes(RESERVED_KEY)) return bad(`an object key "${RESERVED_KEY}", which fluxion never writes and will not rebuild`);
        return { kind: 'object', keys: n.keys as string[], children: n.children.map(go) };
      default: return bad(`unknown node kind ${JSON.stringify(n.kind)}`);
    }
  };
  return go(raw);
}
