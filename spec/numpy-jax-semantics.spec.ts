/**
 * numpy functions whose behaviour a probe against numpy 2.4 / JAX found wrong, each pinned to JAX's
 * answer (numpy's where they agree; known answers computed with numpy and pasted): bool negation
 * and subtraction refused, axis null, integer promotion of products, float floor division, take's
 * modes, argmax of empty non-reduced axes, the everyday options (linspace endpoint, eye k, one-sided
 * clip, moveaxis lists, reductions' where / initial), integer linspace, masked .at() updates.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, jit, grad, useBackend, errors, type Tensor } from '../src/index.js';
import { expectError, bad } from './helpers/expect-error.js';
import { expectClose } from './helpers/known-answers.js';

beforeEach(async () => { await useBackend('cpu'); });

describe('bool arithmetic that JAX refuses', () => {
  it('np.negative and .neg() refuse bool arrays, naming the fix', async () => {
    expectError(() => np.negative(np.array([true, false])), errors.DTypeError, 'np.negative', 'bool', 'np.logicalNot');
    expectError(() => np.array([true]).neg(), errors.DTypeError, 'np.negative', 'bool');
    await expectClose(np.negative(np.array([1, -2], 'int8')), [-1, 2]);
  });

  it('np.subtract refuses two bools but subtracts a bool and a number', async () => {
    expectError(() => np.subtract(np.array([true, false]), np.array([true, true])), errors.DTypeError, 'np.subtract', 'bool', 'np.logicalXor');
    expectError(() => np.array([true]).sub(np.array([false])), errors.DTypeError, 'np.subtract');
    await expectClose(np.subtract(np.array([true, false]), np.array([1, 1], 'int32')), [0, -1]);
  });
});

describe('axis null', () => {
  it('np.concatenate with axis null flattens every array first (JAX axis=None)', async () => {
    await expectClose(np.concatenate([np.array([[1, 2], [3, 4]]), np.array([5])], null), [1, 2, 3, 4, 5]);
    await expectClose(np.concatenate([np.array([[1, 2]]), np.array([[3], [4]])], { axis: null }), [1, 2, 3, 4]);
    await expectClose(np.concatenate([np.array(7), np.array([8])], null), [7, 8]);
    await expectClose(jit((a: Tensor, b: Tensor) => np.concatenate([a, b], null))(np.ones([2, 2]), np.zeros([3])), [1, 1, 1, 1, 0, 0, 0]);
  });

  it('stack, split, expandDims and other single-axis functions refuse null instead of using axis 0', () => {
    const x = np.ones([2, 3]);
    expectError(() => np.stack([x, x], bad(null)), errors.ArgumentError, 'np.stack', 'axis null');
    expectError(() => np.stack([x, x], bad({ axis: null })), errors.ArgumentError, 'np.stack', 'axis null');
    expectError(() => np.split(x, 2, bad(null)), errors.ArgumentError, 'np.split', 'axis null');
    expectError(() => np.expandDims(x, bad(null)), errors.ArgumentError, 'np.expandDims', 'axis null');
    expectError(() => np.vecdot(x, x, bad({ axis: null })), errors.ArgumentError, 'np.vecdot', 'null');
    expectError(() => np.diff(x, 1, bad(null)), errors.ArgumentError, 'np.diff', 'null');
    expectError(() => np.unwrap(x, bad({ axis: null })), errors.ArgumentError, 'np.unwrap', 'null');
  });
});
