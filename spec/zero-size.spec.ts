/**
 * Zero-size arrays give known answers on both backends, eagerly and under jit (issue 9): an op
 * on an empty array is empty and leaves later results alone; a sum over an empty axis is 0, a
 * max -∞ (a min +∞), a mean NaN, a product with k = 0 zeros; argmax of an empty axis and gather
 * from one are ShapeErrors. The values are the definitions, not another backend's output.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { jit, lax, np, useBackend, Tensor, errors } from '../src/index.js';
import { describeWebGPU, webgpuAvailable, webgpuRequired } from './helpers/webgpu.js';
import { kernelsOf } from '../src/backend/webgpu/executor.js';
import { releaseDevice } from '../src/backend/webgpu/device.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);

type Mode = 'eager' | 'jit';
const run = <A extends Tensor[]>(mode: Mode, f: (...xs: A) => Tensor) => (mode === 'jit' ? jit(f) : f);

const backends = (['cpu', 'webgpu'] as const).filter((b) => b === 'cpu' || webgpuAvailable || webgpuRequired);

describe.each(backends.flatMap((b) => (['eager', 'jit'] as const).map((m): [string, Mode] => [b, m])))('zero-size arrays on %s (%s)', (backend, mode) => {
  afterAll(async () => {
    await useBackend('cpu');
    if (backend === 'webgpu') releaseDevice();
  });
  const use = () => useBackend(backend as 'cpu' | 'webgpu');

  it('an op on an empty array is empty, and the next unrelated op is right on every read', async () => {
    await use();
    const empty = run(mode, (x: Tensor) => x.add(1))(np.zeros([0]));
    expect(empty.shape).toEqual([0]);
    expect(await values(empty)).toEqual([]);
    const y = run(mode, (x: Tensor) => x.add(1))(np.ones([2]));
    expect(await values(y)).toEqual([2, 2]);
    expect(await values(y)).toEqual([2, 2]);
  });

  it('sums over an empty axis are 0 (then + 5 is 5)', async () => {
    await use();
    expect(await values(run(mode, (x: Tensor) => np.sum(x, { axis: 1 }).add(5))(np.zeros([3, 0])))).toEqual([5, 5, 5]);
    expect(await values(run(mode, (x: Tensor) => x.sum().add(5))(np.zeros([0])))).toEqual([5]);
    const int = run(mode, (x: Tensor) => np.sum(x, { axis: 0 }))(np.zeros([0, 2], 'int32'));
    expect([int.dtype, await values(int)]).toEqual(['int32', [0, 0]]);
  });

  it('a mean over an empty axis is NaN', async () => {
    await use();
    const m = await values(run(mode, (x: Tensor) => np.mean(x))(np.zeros([0])));
    expect(m).toHaveLength(1);
    expect(m[0]).toBeNaN();
    const rows = await values(run(mode, (x: Tensor) => np.mean(x, { axis: 1 }))(np.zeros([2, 0])));
    expect(rows.map(Number.isNaN)).toEqual([true, true]);
  });

  it('a max over an empty axis is the lowest value (-∞; int32 -2³¹), a min +∞', async () => {
    await use();
    expect(await values(run(mode, (x: Tensor) => lax.reduceMax(x, [1]))(np.zeros([2, 0])))).toEqual([-Infinity, -Infinity]);
    expect(await values(run(mode, (x: Tensor) => lax.reduceMax(x, [0]))(np.zeros([0, 1], 'int32')))).toEqual([-(2 ** 31)]);
    // min is -max(-x) (numpy layer); at the primitive level that is +∞.
    expect(await values(run(mode, (x: Tensor) => lax.neg(lax.reduceMax(lax.neg(x), [0])))(np.zeros([0])))).toEqual([Infinity]);
  });

  it('a product with an empty contraction (k = 0) is zeros', async () => {
    await use();
    const y = run(mode, (a: Tensor, b: Tensor) => np.matmul(a, b).add(1))(np.zeros([2, 0]), np.zeros([0, 2]));
    expect([y.shape, await values(y)]).toEqual([[2, 2], [1, 1, 1, 1]]);
    const dot = run(mode, (a: Tensor, b: Tensor) => lax.dotGeneral(a, b, [[0], [0]], [[], []]))(np.zeros([0]), np.zeros([0]));
    expect(await values(dot)).toEqual([0]);
  });

  it('padding an empty array gives the padding; concatenating skips empty pieces; scattering nothing is the identity', async () => {
    await use();
    expect(await values(run(mode, (x: Tensor) => lax.pad(x, [1], [2]))(np.zeros([0])))).toEqual([0, 0, 0]);
    const a = np.array([[1, 2], [3, 4]]);
    expect(await values(run(mode, (e: Tensor, x: Tensor) => lax.concatenate([e, x, e], 1))(np.zeros([2, 0]), a))).toEqual([1, 2, 3, 4]);
    const idx = np.zeros([0], 'int32');
    expect(await values(run(mode, (x: Tensor, i: Tensor, u: Tensor) => lax.scatterAdd(x, i, u, 0))(a, idx, np.zeros([0, 2])))).toEqual([1, 2, 3, 4]);
  });

  it('argmax of an empty axis and gather from an empty axis are ShapeErrors naming the shape', async () => {
    await use();
    expect(() => run(mode, (x: Tensor) => np.argmax(x))(np.zeros([0]))).toThrow(errors.ShapeError);
    expect(() => run(mode, (x: Tensor) => lax.argmax(x, 1))(np.zeros([3, 0]))).toThrow(/argmax: axis 1 of f32\[3,0\] is empty/);
    const idx = np.array([0], { dtype: 'int32' });
    expect(() => run(mode, (x: Tensor, i: Tensor) => lax.gather(x, i, 1))(np.zeros([2, 0]), idx)).toThrow(errors.ShapeError);
    // The backend still works afterwards.
    expect(await values(np.ones([2]).add(1))).toEqual([2, 2]);
  });
});

describeWebGPU('zero-size arrays make no kernel on WebGPU', () => {
  it('empty results need no kernel; a non-empty result of an empty operand is one fill kernel', async () => {
    await useBackend('webgpu');
    try {
      expect(kernelsOf(jit((x: Tensor) => lax.exp(x.add(1))), np.zeros([2, 0]))).toEqual([]);
      const ks = kernelsOf(jit((x: Tensor) => np.sum(x, { axis: 1 }).add(5)), np.zeros([3, 0]));
      expect(ks.map((k) => k.name)).toEqual(['E_3']);
      expect(ks[0].wgsl).not.toMatch(/% 0u|\/ 0u/); // no index arithmetic over an empty extent
    } finally {
      await useBackend('cpu');
    }
  });
});
