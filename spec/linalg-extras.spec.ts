/**
 * np.linalg's rank, condition number, matrix chains, tensor inverses and the array API's linalg
 * names: numpy's known answers, named errors, float64 finite-difference gradients and identities
 * (tensordot(tensorinv(a), a) = I, tensorsolve against solve, multiDot against left-to-right).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, grad, jit, vmap, useBackend, errors, Tensor } from '../src/index.js';
import { Rng, finiteDifference, host, maxScaledDiff, normalF64 } from './helpers/check.js';
import { expectError } from './helpers/expect-error.js';
import { expectClose } from './helpers/known-answers.js';
import { wellConditioned } from './helpers/linalg-cases.js';

beforeEach(async () => { await useBackend('cpu'); });
const L = np.linalg;

describe('np.linalg extras: numpy\'s answers', () => {
  it('svdvals, matrixRank (relative and absolute cut-offs, batched), cond in each norm', async () => {
    await expectClose(L.svdvals(np.array([[3, 0], [0, -4]])), [4, 3]);
    await expectClose(L.matrixRank(np.array([[1, 2], [2, 4]])), 1);
    await expectClose(L.matrixRank(np.stack([np.eye(3), np.zeros([3, 3]), np.diag(np.array([1, 1e-9, 1]))])), [3, 0, 2]);
    await expectClose(L.matrixRank(np.diag(np.array([1, 0.01])), { tol: 0.1 }), 1);
    await expectClose(L.matrixRank(np.diag(np.array([1, 0.01])), { rtol: 0.001 }), 2);
    const A = np.array([[1, 2], [3, 4]], 'float64');
    // numpy.linalg.cond(A, p) for p in (None, 'fro', 1, inf, -2)
    await expectClose(L.cond(A), 14.933034373659268, 1e-12);
    await expectClose(L.cond(A, 'fro'), 15.000000000000002, 1e-12);
    await expectClose(L.cond(A, 1), 20.999999999999993, 1e-12);
    await expectClose(L.cond(A, Infinity), 20.999999999999996, 1e-12);
    await expectClose(L.cond(A, -2), 0.06696562634074717, 1e-12);
    await expectClose(L.cond(np.array([[1, 0], [0, 0]])), Infinity);
  });

  it('multiDot: vectors at the ends, the same product as left to right', async () => {
    await expectClose(L.multiDot([np.array([1, 2]), np.array([[1, 0], [0, 1]]), np.array([3, 4])]), 11);
    const rng = new Rng(5);
    const ms = [normalF64(rng, [3, 7]), normalF64(rng, [7, 2]), normalF64(rng, [2, 9]), normalF64(rng, [9, 4])];
    const ref = ms.reduce((a, b) => np.matmul(a, b));
    expect(maxScaledDiff(host(L.multiDot(ms)), host(ref))).toBeLessThan(1e-13);
  });

  it('tensorinv and tensorsolve: identities and numpy\'s shapes', async () => {
    const rng = new Rng(8);
    const a = np.reshape(wellConditioned(rng, [], 6, 6), [2, 3, 6]);
    const ai = L.tensorinv(a, 2);
    expect(ai.shape).toEqual([6, 2, 3]);
    expect(maxScaledDiff(host(np.tensordot(ai, a, 2)), host(np.eye(6).astype('float64')))).toBeLessThan(1e-12);
    const b = normalF64(rng, [2, 3]);
    const x = L.tensorsolve(a, b);
    expect(x.shape).toEqual([6]);
    expect(maxScaledDiff(host(np.tensordot(a, x, 1)), host(b))).toBeLessThan(1e-12);
    // axes: a's axis 0 moved to the end first (numpy's example shape).
    const a2 = np.transpose(a, [2, 0, 1]);
    expect(maxScaledDiff(host(L.tensorsolve(a2, b, [0])), host(x))).toBeLessThan(1e-12);
  });

  it('the array API names work over the last two axes; aliases are np\'s functions', async () => {
    await expectClose(L.diagonal(np.arange(8).reshape([2, 2, 2])), [[0, 3], [4, 7]]);
    await expectClose(L.diagonal(np.arange(9).reshape([3, 3]), { offset: -1 }), [3, 7]);
    await expectClose(L.trace(np.arange(8).reshape([2, 2, 2])), [3, 11]);
    await expectClose(L.outer(np.array([1, 2]), np.array([3, 4, 5])), [[3, 4, 5], [6, 8, 10]]);
    expect([L.matmul, L.tensordot, L.vecdot, L.matrixTranspose, L.cross]).toEqual([np.matmul, np.tensordot, np.vecdot, np.matrixTranspose, np.cross]);
  });
});

describe('np.linalg extras: gradients, jit and vmap', () => {
  const rng = new Rng(13);
  const check = (f: (x: Tensor) => Tensor, x: Tensor) => {
    const g = grad((v: Tensor) => f(v).sum())(x);
    const dir = normalF64(rng, x.shape);
    const fd = finiteDifference((v) => f(v).sum(), [x], [dir], [0], 1e-4)[0][0];
    const ad = host(g).reduce((s, v, k) => s + v * host(dir)[k], 0);
    expect(Math.abs(ad - fd) / (1 + Math.abs(fd))).toBeLessThan(1e-8);
  };
  it('cond (2-norm and fro), multiDot, tensorinv, tensorsolve against float64 finite differences', () => {
    check((a) => L.cond(a), wellConditioned(rng, [], 4, 4));
    check((a) => L.cond(a, 'fro'), wellConditioned(rng, [], 3, 3));
    const b = normalF64(rng, [4, 2]);
    check((a) => L.multiDot([np.ones([3, 4], 'float64'), a, b]), normalF64(rng, [4, 4]));
    check((a) => L.tensorinv(np.reshape(a, [2, 2, 4]), 2), wellConditioned(rng, [], 4, 4));
    check((a) => L.tensorsolve(np.reshape(a, [2, 2, 4]), np.ones([2, 2], 'float64')), wellConditioned(rng, [], 4, 4));
  });
  it('matrixRank and cond under jit and vmap equal eager', async () => {
    const xs = np.stack([np.eye(3), np.diag(np.array([1, 2, 0])), np.ones([3, 3])]);
    await expectClose(jit((x: Tensor) => L.matrixRank(x))(xs), [3, 2, 1]);
    await expectClose(vmap((x: Tensor) => L.matrixRank(x))(xs), [3, 2, 1]);
    const ws = wellConditioned(rng, [3], 3, 3);
    expect(maxScaledDiff(host(vmap((x: Tensor) => L.cond(x))(ws)), host(L.cond(ws)))).toBeLessThan(1e-12);
  });
});

describe('np.linalg extras: named errors', () => {
  it('names the shapes and what to do', () => {
    expectError(() => L.cond(np.ones([2, 3]), 1), errors.ShapeError, 'square', 'p = null');
    expectError(() => L.matrixRank(np.ones([3])), errors.ShapeError, 'rank ≥ 2');
    expectError(() => L.matrixRank(np.eye(2), { rtol: 1, tol: 1 }), errors.ArgumentError, 'not both');
    expectError(() => L.matrixRank(np.eye(2), { rtol: -1 }), errors.ArgumentError, '≥ 0');
    expectError(() => L.matrixRank(np.eye(2), { rcond: 1 } as never), errors.ArgumentError, 'rcond');
    expectError(() => L.multiDot([np.ones([2, 3])]), errors.ArgumentError, 'at least two');
    expectError(() => L.multiDot([np.ones([2, 3]), np.ones([4, 2])]), errors.ShapeError, 'do not chain');
    expectError(() => L.multiDot([np.ones([2, 3]), np.ones([3]), np.ones([3, 2])]), errors.ShapeError, 'inner arrays must be matrices');
    expectError(() => L.tensorinv(np.ones([2, 3, 4]), 1), errors.ShapeError, 'must be equal');
    expectError(() => L.tensorsolve(np.ones([2, 3, 6]), np.ones([3, 2])), errors.ShapeError, 'leading axes');
    expectError(() => L.outer(np.ones([2, 2]), np.ones([2])), errors.ShapeError, 'two vectors');
  });
});
