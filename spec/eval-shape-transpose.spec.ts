/**
 * evalShape (jax.eval_shape), makeJaxpr on ShapedArrays, linearTranspose (jax.linear_transpose,
 * checked by the dot-product test ⟨f(x), y⟩ = ⟨x, fᵀ(y)⟩ in float64 on fresh random inputs) and
 * remat (jax.remat, checkpoint's other name).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  np, lax, nn, evalShape, linearTranspose, makeJaxpr, remat, checkpoint, ShapedArray, useBackend, errors, webgpuStats, Tensor,
} from '../src/index.js';
import { Rng, dot, host, maxScaledDiff, normalF64 } from './helpers/check.js';
import { expectError } from './helpers/expect-error.js';
import { describeWebGPU } from './helpers/webgpu.js';

beforeEach(async () => { await useBackend('cpu'); });

describe('evalShape', () => {
  it('gives the output types in the output structure, from arrays or ShapedArrays', () => {
    const out = evalShape((p: { w: Tensor; b: Tensor }, x: Tensor) => ({ y: np.matmul(x, p.w).add(p.b), n: x.sum().astype('int32') }),
      { w: new ShapedArray([784, 10], 'float32'), b: np.zeros([10]) }, new ShapedArray([1024, 784], 'float32'));
    expect(out.y).toEqual(new ShapedArray([1024, 10], 'float32'));
    expect(out.n).toEqual(new ShapedArray([], 'int32'));
    // Sizes no host could hold: only types flow.
    const big = evalShape((x: Tensor) => [x.mean(0), x.reshape([-1])], new ShapedArray([1e6, 1e6], 'float32'));
    expect(big.map((a) => a.shape)).toEqual([[1e6], [1e12]]);
  });

  it('raises what f raises, and names a missing argument', () => {
    expectError(() => evalShape((a: Tensor, b: Tensor) => np.matmul(a, b), new ShapedArray([2, 3], 'float32'), new ShapedArray([4, 5], 'float32')),
      errors.ShapeError, '[2,3]');
    expectError(() => (evalShape as (f: unknown) => unknown)((x: Tensor) => x), errors.ArgumentError, 'evalShape', 'none were given');
  });

  it('makeJaxpr accepts ShapedArrays too', () => {
    const j = makeJaxpr((x: Tensor) => np.sin(x).sum())(new ShapedArray([3, 4], 'float32'));
    expect(j.inAvals).toEqual([new ShapedArray([3, 4], 'float32')]);
    expect(String(j)).toContain('sin');
  });
});

describeWebGPU('evalShape on WebGPU', () => {
  it('runs no kernel', async () => {
    await useBackend('webgpu');
    const x = np.ones([64, 64]);
    const before = webgpuStats().dispatches;
    const out = evalShape((a: Tensor) => np.tanh(np.matmul(a, a)).sum(1), x);
    expect(out).toEqual(new ShapedArray([64], 'float32'));
    expect(webgpuStats().dispatches).toBe(before);
  });
});

describe('linearTranspose', () => {
  const rng = new Rng(3);
  const cases: [string, (...xs: Tensor[]) => Tensor, number[][]][] = [
    ['matmul by a constant', (x) => np.matmul(normalF64(new Rng(1), [5, 4]), x), [[4, 3]]],
    ['cumsum, reverse, slice and pad', (x) => np.pad(lax.slice(np.flip(np.cumsum(x, { axis: 1 }), 0), [1, 0], [3, 4]), [[1, 0], [0, 2]]), [[3, 4]]],
    ['a transposed sum of two inputs', (x, y) => x.transpose([1, 0]).mul(3).sub(y), [[2, 3], [3, 2]]],
    ['a 1-d convolution by a constant kernel', (x) => lax.convGeneralDilated(x, normalF64(new Rng(2), [2, 3, 3]), [1], 'SAME'), [[1, 3, 8]]],
    ['a reduction with broadcast', (x) => x.sum(0, { keepdims: true }).add(x.mul(0.5)), [[4, 2]]],
  ];
  for (const [name, f, shapes] of cases) {
    it(`dot-product test: ${name}`, () => {
      const xs = shapes.map((s) => normalF64(rng, s));
      const y = f(...xs);
      const ct = normalF64(rng, y.shape);
      const fT = linearTranspose(f, ...xs);
      const xts = fT(ct) as Tensor[];
      expect(xts.map((t) => t.shape)).toEqual(shapes);
      const lhs = dot(host(y), host(ct));
      const rhs = xs.reduce((s, x, i) => s + dot(host(x), host(xts[i])), 0);
      expect(Math.abs(lhs - rhs) / (1 + Math.abs(lhs))).toBeLessThan(1e-12);
    });
  }

  it('pytree arguments and a known answer (the transpose of A·x is Aᵀ·y)', () => {
    const A = np.array([[1, 2], [3, 4], [5, 6]]);
    const fT = linearTranspose((p: { x: Tensor }) => np.matmul(A, p.x), { x: new ShapedArray([2], 'float32') });
    const [{ x }] = fT(np.array([1, 1, 1])) as [{ x: Tensor }];
    expect(Array.from(host(x))).toEqual([9, 12]);
    // An input the function ignores gets zeros.
    const [, gz] = linearTranspose((a: Tensor, _b: Tensor) => a.mul(2), np.zeros([2]), np.zeros([3]))(np.ones([2])) as Tensor[];
    expect(Array.from(host(gz))).toEqual([0, 0, 0]);
  });

  it('a non-linear function or a mismatched cotangent is a named error', () => {
    expectError(() => linearTranspose((x: Tensor) => np.sin(x), np.zeros([3]))(np.ones([3])), errors.ArgumentError, 'not linear', 'sin');
    expectError(() => linearTranspose((x: Tensor) => x.mul(x), np.zeros([3]))(np.ones([3])), errors.ArgumentError, 'not linear');
    const fT = linearTranspose((x: Tensor) => x.mul(2), np.zeros([3]));
    expectError(() => fT(np.ones([4])), errors.ShapeError, 'f32[4]', 'f32[3]');
    expectError(() => fT([np.ones([3])]), errors.ArgumentError, 'structure');
    expectError(() => linearTranspose((x: Tensor) => x, np.zeros([3], 'int32')), errors.ArgumentError, 'not floating point');
  });
});

describe('remat', () => {
  it('is checkpoint under JAX\'s other name', () => {
    expect(remat).toBe(checkpoint);
    const layer = remat((h: Tensor) => nn.relu(h).mul(2));
    expect(maxScaledDiff(host(layer(np.array([-1, 3], 'float64'))), [0, 6])).toBe(0);
  });
});
