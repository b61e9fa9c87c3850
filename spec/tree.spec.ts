/**
 * Pytree utilities beyond flatten/unflatten/map: structure, reduce, key paths (leaves and map
 * with path, as jax.tree_util) and the `tree` namespace (jax.tree's short names).
 */
import { describe, expect, it } from 'vitest';
import {
  np, tree, ravelPytree, grad, jit, vmap, treeStructure, treeReduce, treePaths, treeLeavesWithPath, treeMapWithPath, treeMap, treeDefToString, errors, type Tensor,
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

describe('ravelPytree (jax.flatten_util.ravel_pytree)', () => {
  const params = { w: np.array([[1, 2], [3, 4]]), b: np.array([5, 6]), n: np.array([7, 8], 'int32') };

  it('ravels leaves in treeFlatten order to their common dtype, and unravels back exactly', async () => {
    const [flat, unravel] = ravelPytree(params);
    expect(flat.shape).toEqual([8]);
    expect(flat.dtype).toBe('float32');
    expect(Array.from(await flat.data())).toEqual([5, 6, 7, 8, 1, 2, 3, 4]); // b, n, w: sorted keys
    const back = unravel(flat.add(0.5));
    expect(back.n.dtype).toBe('int32');
    expect(back.w.shape).toEqual([2, 2]);
    expect(Array.from(await back.w.data())).toEqual([1.5, 2.5, 3.5, 4.5]);
    expect(Array.from(await back.n.data())).toEqual([7, 8]); // cast back: 7.5 truncates to 7, as JAX's astype
  });

  it('is differentiable and works under jit and vmap', async () => {
    const p = { a: np.array([1, 2]), c: np.array(3) };
    const [flat, unravel] = ravelPytree(p);
    const loss = (v: Tensor) => { const t = unravel(v); return t.a.mul(t.a).sum().add(t.c.mul(t.a.sum())); };
    // d/da_i = 2 a_i + c, d/dc = Σ a
    expect(Array.from(await grad(loss)(flat).data())).toEqual([5, 7, 3]);
    expect(Array.from(await jit(loss)(flat).data())).toEqual([14]);
    const batch = np.stack([flat, flat.mul(2)]);
    expect(Array.from(await vmap(loss)(batch).data())).toEqual([14, 56]);
  });

  it('an empty tree ravels to an empty vector; bad leaves and vectors are named errors', () => {
    const [flat, unravel] = ravelPytree({});
    expect(flat.shape).toEqual([0]);
    expect(unravel(flat)).toEqual({});
    expectError(() => ravelPytree({ a: 1 }), errors.ArgumentError, 'ravelPytree', 'leaf 0', 'np.array');
    const [, un] = ravelPytree(params);
    expectError(() => un(np.ones([7])), errors.ShapeError, 'ravelPytree', 'length 8', 'f32[7]');
    expectError(() => un(np.ones([8], 'int32')), errors.ArgumentError, 'dtype float32', 'astype');
  });
});
