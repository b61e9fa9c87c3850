// A Tensor as a JS value: printing, no silent primitive conversion, iteration along axis 0.
import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { errors, grad, jit, np, random, useBackend, vmap, type Tensor } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';

describe('printing on the CPU backend', () => {
  it('console.log / util.inspect show dtype, shape and values, not internals', async () => {
    await useBackend('cpu');
    expect(inspect(np.array([1, 2, 3]))).toBe('Tensor(f32[3], [1,2,3])');
    expect(inspect({ w: np.array([[1, 2], [3, 4]], { dtype: 'int32' }) })).toBe('{ w: Tensor(i32[2,2], [[1,2],[3,4]]) }');
    expect(inspect(np.array([NaN, Infinity, 1 / 3]))).toBe('Tensor(f32[3], [NaN,Infinity,0.333333])');
    expect(`${np.array(true)}`).toBe('Tensor(bool[], true)');
  });

  it('String() differs for arrays with different values', async () => {
    await useBackend('cpu');
    expect(String(np.array([1, 2]))).not.toBe(String(np.array([1, 3])));
    expect(String(np.zeros([2]))).not.toBe(String(np.zeros([3])));
  });

  it('print() reads and logs, with an optional label', async () => {
    await useBackend('cpu');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await np.arange(3).print('x');
      expect(log).toHaveBeenCalledWith('x: Tensor(i32[3], [0,1,2])');
    } finally { log.mockRestore(); }
  });
});

describe('no primitive value: operators and Number() raise instead of answering wrongly', () => {
  const x = () => np.array([1, 2]);
  it.each([
    ['x > 0', (t: Tensor) => (t as unknown as number) > 0],
    ['x + 1', (t: Tensor) => (t as unknown as number) + 1],
    ['x * 2', (t: Tensor) => (t as unknown as number) * 2],
    ['Number(x)', (t: Tensor) => Number(t)],
    ['x.valueOf()', (t: Tensor) => t.valueOf()],
    ['x == 1', (t: Tensor) => (t as unknown) == 1], // eslint-disable-line eqeqeq
  ])('%s raises ArgumentError saying how to read the array', async (_name, f) => {
    await useBackend('cpu');
    expect(() => f(x())).toThrow(errors.ArgumentError);
    expect(() => f(x())).toThrow(/await x\.item\(\)/);
  });

  it('on a traced value (jit, grad) it raises TracerError naming the transformation', async () => {
    await useBackend('cpu');
    expect(() => jit((t: Tensor) => ((t as unknown as number) > 0 ? t : t.neg()))(np.array(1))).toThrow(errors.TracerError);
    expect(() => grad((t: Tensor) => np.array(Number(t))) (np.array(1))).toThrow(/inside jvp|inside grad|inside vjp/);
  });
});

describe('iteration along axis 0', () => {
  it('destructures a split key and walks rows', async () => {
    await useBackend('cpu');
    const key = random.key(0);
    const [k1, k2] = random.split(key);
    const both = await random.split(key).toArray();
    expect([await k1!.toArray(), await k2!.toArray()]).toEqual(both);
    const rows: unknown[] = [];
    for (const row of np.arange(6).reshape([2, 3])) rows.push(await row.toArray());
    expect(rows).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(await Promise.all([...np.array([5, 6])].map((t) => t.item()))).toEqual([5, 6]);
    expect([...np.zeros([0, 2])]).toEqual([]);
  });

  it('a 0-d array cannot be iterated (named error)', async () => {
    await useBackend('cpu');
    expect(() => [...np.array(1)]).toThrow(errors.ArgumentError);
  });

  it('works on traced arrays under jit and vmap', async () => {
    await useBackend('cpu');
    const f = (m: Tensor) => { const [a, b] = m; return a!.mul(b!); };
    const m = np.array([[1, 2], [3, 4]]);
    expect(await jit(f)(m).toArray()).toEqual([3, 8]);
    expect(await vmap(f)(np.stack([m, m.add(1)])).toArray()).toEqual([[3, 8], [8, 15]]);
  });
});

describeWebGPU('printing on WebGPU', () => {
  it('shows type, a number and how to read, never the runtime; print() shows values', async () => {
    await useBackend('webgpu');
    const a = np.array([1, 2, 3]), b = np.array([4, 5, 6]);
    expect(inspect(a)).toMatch(/^Tensor#\d+\(f32\[3\] on webgpu: await x\.print\(\) or await x\.data\(\) to read\)$/);
    expect(String(a)).not.toBe(String(b));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await a.add(1).print();
      expect(log).toHaveBeenCalledWith('Tensor(f32[3], [2,3,4])');
    } finally { log.mockRestore(); }
    expect(() => (a as unknown as number) + 1).toThrow(errors.ArgumentError);
  });
});

describe('JAX array methods', () => {
  it('each method is the np function with the array first', async () => {
    await useBackend('cpu');
    const x = np.array([[3, 1], [2, 4]]);
    const same = async (a: Tensor, b: Tensor) => expect(await a.toArray()).toEqual(await b.toArray());
    await same(x.prod(0), np.prod(x, 0));
    await same(x.prod(0, { keepdims: true }), np.array([[6, 4]]));
    await same(x.gt(2).all(1), np.all(x.gt(2), 1));
    await same(x.gt(2).any(), np.array(true));
    await same(x.cumsum(1), np.array([[3, 4], [2, 6]]));
    await same(x.cumprod(0, { reverse: true }), np.cumprod(x, 0, { reverse: true }));
    await same(x.sort(), np.array([[1, 3], [2, 4]]));
    await same(x.argsort(0), np.array([[1, 0], [0, 1]], { dtype: 'int32' }));
    await same(x.mul(0.25).round(1), np.round(x.mul(0.25), 1));
    await same(x.repeat(2, 0), np.repeat(x, 2, 0));
    await same(x.swapaxes(0, 1), x.T);
    await same(x.diagonal(), np.array([3, 4]));
    await same(x.ravel(), np.array([3, 1, 2, 4]));
  });
});

describe('more JAX array members: mT, ptp, copy, nonzero, searchsorted, itemsize, nbytes, tolist, blockUntilReady', () => {
  it('answer as jax.Array does', async () => {
    await useBackend('cpu');
    const x = np.array([[3, 1], [2, 4]]);
    expect(await np.arange(12).reshape([2, 3, 2]).mT.toArray()).toEqual([[[0, 2, 4], [1, 3, 5]], [[6, 8, 10], [7, 9, 11]]]);
    expect(() => np.zeros([3]).mT).toThrow(errors.ArgumentError);
    expect(await x.ptp(1).toArray()).toEqual([2, 2]);
    const c = x.copy();
    expect(c === x).toBe(false);
    expect(await c.toArray()).toEqual([[3, 1], [2, 4]]);
    const [rows, cols] = x.gt(1).nonzero({ size: 4, fillValue: -1 });
    expect([await rows.toArray(), await cols.toArray()]).toEqual([[0, 1, 1, -1], [0, 0, 1, -1]]);
    expect(await np.array([1, 3, 5]).searchsorted(np.array([3, 6]), { side: 'right' }).toArray()).toEqual([2, 3]);
    expect([np.zeros([3], 'bfloat16').itemsize, np.zeros([2], 'bool').nbytes, np.zeros([2, 2], 'float64').nbytes]).toEqual([2, 2, 32]);
    expect(await np.array([[true, false]]).tolist()).toEqual([[true, false]]);
    expect(await x.blockUntilReady()).toBe(x);
  });

  it('blockUntilReady on a traced value is the TracerError of any read', () => {
    expect(() => jit((v: Tensor) => { void v.blockUntilReady(); return v; })(np.ones([2]))).toThrow(errors.TracerError);
  });
});

describeWebGPU('blockUntilReady on WebGPU', () => {
  it('waits for the computing submit without a readback and resolves to the array itself', async () => {
    await useBackend('webgpu');
    const y = jit((a: Tensor) => np.tanh(np.matmul(a, a)))(np.ones([64, 64]).mul(0.01));
    expect(await y.blockUntilReady()).toBe(y);
    expect((await y.data())[0]).toBeCloseTo(Math.tanh(0.0064), 6);
  });
});
