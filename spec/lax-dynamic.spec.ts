/**
 * lax.dynamicSlice and friends (src/primitives/lax-dynamic.ts) and the lax conveniences
 * (src/primitives/lax-conveniences.ts): JAX's documented answers (clamped starts included), traced
 * starts inside foriLoop and jit, batched starts under vmap, gradients against finite differences
 * in float64, and the errors. WebGPU against the CPU is spec/api-conformance.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { errors, grad, jit, lax, np, vmap, type Tensor } from '../src/index.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());
const i32 = (v: number): Tensor => np.array(v, 'int32');

describe('lax.dynamicSlice / dynamicUpdateSlice: JAX\'s answers', () => {
  it('slices at a traced start, clamping a window that would run past the end (JAX docs)', async () => {
    const x = np.arange(12, 'int32').reshape([3, 4]);
    expect(await values(lax.dynamicSlice(x, [i32(1), i32(1)], [2, 3]))).toEqual([5, 6, 7, 9, 10, 11]);
    expect(await values(lax.dynamicSlice(x, [i32(1), i32(3)], [2, 2]))).toEqual([6, 7, 10, 11]); // start 3 clamped to 2
    expect(await values(lax.dynamicSlice(x, [-4, i32(-1)], [1, 2]))).toEqual([0, 1]);           // negative starts clamp to 0
    expect(await values(lax.dynamicIndexInDim(x, i32(2), 0, false))).toEqual([8, 9, 10, 11]);
    expect(lax.dynamicIndexInDim(x, i32(2), 1).shape).toEqual([3, 1]);
  });

  it('writes an update at a traced start, clamped so it fits (JAX docs)', async () => {
    const x = np.zeros([6]), y = np.ones([3]);
    expect(await values(lax.dynamicUpdateSlice(x, y, [i32(2)]))).toEqual([0, 0, 1, 1, 1, 0]);
    expect(await values(lax.dynamicUpdateSlice(x, y, [i32(4)]))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(await values(lax.dynamicUpdateSlice(x, y, [5]))).toEqual([0, 0, 0, 1, 1, 1]); // static start, clamped too
    expect(await values(lax.dynamicUpdateSliceInDim(np.zeros([2, 3]), np.ones([2, 1]), i32(1), 1))).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('moves with a loop counter inside foriLoop and jit, and takes a batch of starts under vmap', async () => {
    // Rolling sum of windows of 3 at i = 0..3, and a running write of i at position i.
    const v = np.arange(8, 'float32');
    const sums = lax.foriLoop(0, 4, (i, acc: Tensor) => lax.dynamicUpdateSliceInDim(acc, np.sum(lax.dynamicSliceInDim(v, i, 3)).reshape([1]), i, 0), np.zeros([4]));
    expect(await values(sums)).toEqual([3, 6, 9, 12]);
    const f = jit((x: Tensor, i: Tensor) => lax.dynamicSlice(x, [i], [2]));
    expect(await values(f(v, i32(6)))).toEqual([6, 7]);
    expect(await values(f(v, i32(7)))).toEqual([6, 7]); // the same compiled program, clamped at run time
    const rows = vmap((i: Tensor) => lax.dynamicSliceInDim(v, i, 2))(np.array([0, 3, 9], 'int32'));
    expect(await values(rows)).toEqual([0, 1, 3, 4, 6, 7]);
  });

  it('gradients with respect to the array and the update match central differences (float64)', async () => {
    const x = np.array([[0.3, -1.2, 2.0, 0.7], [1.1, 0.4, -0.6, 1.9], [0.2, -0.8, 1.4, -1.5]], 'float64');
    const u = np.array([[0.5, -0.25], [1.5, 2.0]], 'float64');
    const loss = (a: Tensor, b: Tensor) => np.sum(np.sin(lax.dynamicUpdateSlice(a, b, [i32(1), i32(3)])).mul(np.cos(a)));
    const [ga, gb] = grad(loss, { argnums: [0, 1] })(x, u) as [Tensor, Tensor];
    const fd = async (which: 0 | 1, k: number): Promise<number> => {
      const h = 1e-6, base = which === 0 ? x : u;
      const e = np.zeros(base.shape, 'float64').reshape([-1]).at(k).set(h).reshape(base.shape);
      const [p, m] = which === 0 ? [loss(x.add(e), u), loss(x.sub(e), u)] : [loss(x, u.add(e)), loss(x, u.sub(e))];
      return ((await values(p))[0] - (await values(m))[0]) / (2 * h);
    };
    const [gaV, gbV] = [await values(ga), await values(gb)];
    for (let k = 0; k < 12; k++) expect(Math.abs(gaV[k] - await fd(0, k))).toBeLessThan(1e-7);
    for (let k = 0; k < 4; k++) expect(Math.abs(gbV[k] - await fd(1, k))).toBeLessThan(1e-7);
  });

  it('bad arguments are named errors: the count of starts, a float start, an update that does not fit or has another dtype', () => {
    const x = np.zeros([3, 4]);
    expect(() => lax.dynamicSlice(x, [i32(0)], [1, 1])).toThrow(/lax\.dynamicSlice: expected 2 start indices/);
    expect(() => lax.dynamicSlice(x, [np.array(1.5), 0], [1, 1])).toThrow(errors.DTypeError);
    expect(() => lax.dynamicSlice(x, [0, 0], [4, 1])).toThrow(/sliceSizes \[4, 1\] must give one size per axis/);
    expect(() => lax.dynamicUpdateSlice(x, np.zeros([4, 1]), [0, 0])).toThrow(/must have the rank of f32\[3,4\] and fit inside it/);
    expect(() => lax.dynamicUpdateSlice(x, np.zeros([1, 1], 'int32'), [0, 0])).toThrow(/cast it with astype\('float32'\)/);
    expect(() => lax.dynamicSlice(x, [np.array([1, 2], 'int32'), 0], [1, 1])).toThrow(/must be a scalar/);
  });
});

describe('lax conveniences', () => {
  it('give JAX\'s answers', async () => {
    expect(await values(lax.clamp(0, np.array([-1, 0.5, 2]), 1))).toEqual([0, 0.5, 1]);
    expect(await values(lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])))).toEqual([1, 4]);
    expect(await values(lax.convertElementType(np.array([1.7, -1.7]), 'int32'))).toEqual([1, -1]);
    expect(lax.broadcast(np.array([1, 2]), [3, 1]).shape).toEqual([3, 1, 2]);
    expect(lax.expandDims(np.ones([2, 3]), [1]).shape).toEqual([2, 1, 3]);
    expect(await values(lax.rev(np.array([[1, 2], [3, 4]]), [0, 1]))).toEqual([4, 3, 2, 1]);
    expect(await values(lax.broadcastedIota('int32', [2, 3], 1))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(await values(lax.integerPow(np.array([2, -3], 'int32'), 3))).toEqual([8, -27]);
    expect(await values(lax.integerPow(np.array([2, 4]), 0))).toEqual([1, 1]);
    expect(await values(lax.integerPow(np.array([2, 4]), -2))).toEqual([0.25, 0.0625]);
    expect(await values(lax.dot(np.array([1, 2, 3]), np.array([4, 5, 6])))).toEqual([32]);
    expect(await values(lax.lt(np.array([1, 3]), np.array([2, 2])))).toEqual([1, 0]);
    // argmin: the first of ties; NaN is the minimum (as jnp.argmin); int8's minimum -128 handled (no overflow).
    expect(await values(lax.argmin(np.array([[3, 1, 1], [NaN, 5, -2]]), 1))).toEqual([1, 0]);
    expect(await values(lax.argmin(np.array([5, -128, 7], 'int8'), 0))).toEqual([1]);
    expect(await values(lax.argmin(np.array([3, 0, 0], 'uint32'), 0))).toEqual([1]);
  });

  it('integerPow differentiates as n·x^(n−1); bad arguments are named errors', async () => {
    expect(await values(grad((x: Tensor) => np.sum(lax.integerPow(x, 3)))(np.array([2, -1])))).toEqual([12, 3]);
    expect(() => lax.integerPow(np.array([2], 'int32'), -1)).toThrow(/lax\.integerPow: a negative power of i32\[1\]/);
    expect(() => lax.select(np.array([1, 0]), np.array([1, 2]), np.array([3, 4]))).toThrow(/lax\.select: pred must be a bool array/);
    expect(() => lax.clamp(np.array([0, 1], 'int32'), np.array([1, 2, 3], 'int32'), 5)).toThrow(/lax\.clamp: min i32\[2\] must be a scalar or have x's shape/);
    expect(() => lax.dot(np.ones([2, 3]), np.ones([2]))).toThrow(/lax\.dot: expects vectors or matrices/);
    expect(() => lax.squeeze(np.ones([2, 1]), [0])).toThrow(/lax\.squeeze: axis 0 of f32\[2,1\] has length 2/);
    expect(() => lax.lt(np.ones([2]), np.ones([3]))).toThrow(/lax\.lt: operands must have one shape and dtype/);
  });
});
