/**
 * Pytree utilities beyond flatten/unflatten/map: structure, reduce, key paths (leaves and map
 * with path, as jax.tree_util) and the `tree` namespace (jax.tree's short names).
 */
import { describe, expect, it } from 'vitest';
import {
  np, tree, treeStructure, treeReduce, treePaths, treeLeavesWithPath, treeMapWithPath, treeMap, treeDefToString, errors, type Tensor,
} from '../src/index.js';
import { expectError } from './helpers/expect-error.js';

describe('pytree utilities', () => {
  const params = { layers: [{ w: 1, b: 2 }, { w: 3, b: 4 }], scale: 5 };

  it('structure and paths follow treeFlatten order (sorted keys)', () => {
    expect(treeDefToString(treeStructure(params))).toBe('{layers: [{b: *, w: *}, {b: *, w: *}], scale: *}');
    expect(treePaths(treeStructure(params))).toEqual([['layers', 0, 'b'], ['layers', 0, 'w'], ['layers', 1, 'b'], ['layers', 1, 'w'], ['scale']]);
    expect(treePaths(treeStructure(7))).toEqual([[]]);
    expect(treeLeavesWithPath({ a: [10, null, 20] })).toEqual([[['a', 0], 10], [['a', 2], 20]]);
  });

  it('reduce folds the leaves, with or without an initial value', () => {
    expect(treeReduce((a: number, b: number) => a + b, params)).toBe(15);
    expect(treeReduce((a: string, b: number) => a + b, params, '')).toBe('21435'); // b before w: sorted keys
    expect(treeReduce((a: number, b: number) => a + b, {}, 0)).toBe(0);
    expectError(() => treeReduce((a: number, b: number) => a + b, {}), errors.ArgumentError, 'no leaves', 'initial');
  });

  it('mapWithPath gives each leaf its path, over several trees (weight decay on weights only)', async () => {
    const grads = { layers: [{ w: 0.5, b: 0.5 }, { w: 0.5, b: 0.5 }], scale: 0.5 };
    const decayed = treeMapWithPath((path, p: number, g: number) => (path.at(-1) === 'w' ? g + 0.1 * p : g), params, grads);
    expect(decayed).toEqual({ layers: [{ w: 0.6, b: 0.5 }, { w: 0.8, b: 0.5 }], scale: 0.5 });
    const t = treeMapWithPath((path, x: Tensor) => x.mul(path.length), { a: np.array([1, 2]), b: [np.array(3)] });
    expect([await t.a.toArray(), await t.b[0].toArray()]).toEqual([[1, 2], 6]);
    expectError(() => treeMapWithPath((_p, a: number) => a, { a: 1 }, { b: 1 }), errors.ArgumentError, 'structure');
  });

  it('the tree namespace holds the same functions under jax.tree\'s names', () => {
    expect([tree.map, tree.structure, tree.reduce, tree.mapWithPath, tree.leavesWithPath]).toEqual([treeMap, treeStructure, treeReduce, treeMapWithPath, treeLeavesWithPath]);
    expect(tree.leaves({ b: [1, 2], a: 3 })).toEqual([3, 1, 2]);
    const { leaves, def } = tree.flatten({ x: [1, 2] });
    expect(tree.unflatten(def, leaves.map((v) => (v as number) * 10))).toEqual({ x: [10, 20] });
  });
});
