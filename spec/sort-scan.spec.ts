/**
 * Sorting and cumulative ops (issue 11): lax.sort / sortKeyVal / topK / cumsum / cumprod /
 * cummax / cummin / associativeScan, np.sort / argsort / searchsorted / takeAlongAxis / cumsum /
 * cumprod / cummax / cummin, and the sort-based random.permutation.
 *  - known answers from NumPy / JAX (stability, NaN last, ties, -0 kept in input order), on the
 *    CPU and on WebGPU, eagerly and under jit;
 *  - WebGPU vs the CPU interpreter on random inputs: lengths that are not powers of two and
 *    longer than a workgroup, rows that sort in workgroup memory and rows that do not;
 *  - gradients by finite differences in float64, the dot-product test of cumsum's transpose,
 *    vmap against a loop, and named errors for arguments that make no sense.
 * (The primitive tables — jvp, vjp, vmap and conformance over random shapes — hold the cases in
 * spec/helpers/sort-scan-cases.ts; zero-size cases are in the zero-size table.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { errors, grad, jit, jvp, lax, np, random, Tensor, useBackend, vjp, vmap } from '../src/index.js';
import { ConcreteArray } from '../src/core/tensor.js';
import { Rng, f64, finiteDifference, relErr } from './helpers/check.js';
import { relativeError } from './helpers/compare.js';
import { toHost, upload } from './helpers/host-arrays.js';
import { describeWebGPU, webgpuAvailable, webgpuRequired } from './helpers/webgpu.js';
import { releaseDevice } from '../src/backend/webgpu/device.js';
import { kernelsOf } from '../src/backend/webgpu/executor.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);
const signs = async (t: Tensor): Promise<string[]> => (await values(t)).map((v) => (Object.is(v, -0) ? '-0' : String(v)));

type Mode = 'eager' | 'jit';
const backends = (['cpu', 'webgpu'] as const).filter((b) => b === 'cpu' || webgpuAvailable || webgpuRequired);
const run = <A extends Tensor[], R>(mode: Mode, f: (...xs: A) => R): ((...xs: A) => R) => (mode === 'jit' ? jit(f) as (...xs: A) => R : f);

describe.each(backends.flatMap((b) => (['eager', 'jit'] as const).map((m): [string, Mode] => [b, m])))('known answers on %s (%s)', (backend, mode) => {
  afterAll(async () => {
    await useBackend('cpu');
    if (backend === 'webgpu') releaseDevice();
  });
  const use = () => useBackend(backend as 'cpu' | 'webgpu');

  it('np.sort: NaN last, -0 and 0 equal and kept in input order, along any axis or flattened', async () => {
    await use();
    const sort = run(mode, (x: Tensor) => np.sort(x));
    expect(await signs(sort(np.array([3, NaN, -0, 1, 0, -Infinity, -0, NaN, 2])))).toEqual(['-Infinity', '-0', '0', '-0', '1', '2', '3', 'NaN', 'NaN']);
    expect(await signs(sort(np.array([0, -0, 0])))).toEqual(['0', '-0', '0']);
    const m = np.array([[3, 1, 2], [0, 5, -1]]);
    expect(await values(run(mode, (x: Tensor) => np.sort(x, 0))(m))).toEqual([0, 1, -1, 3, 5, 2]);
    expect(await values(run(mode, (x: Tensor) => np.sort(x, null))(m))).toEqual([-1, 0, 1, 2, 3, 5]);
    expect(await values(run(mode, (x: Tensor) => np.sort(x, { descending: true }))(m))).toEqual([3, 2, 1, 5, 0, -1]);
    // Descending is jnp.sort's reversed ascending sort: NaN first, equal zeros in reverse input order.
    expect(await signs(run(mode, (x: Tensor) => np.sort(x, { descending: true }))(np.array([0, NaN, -0, 1, -Infinity])))).toEqual(['NaN', '1', '-0', '0', '-Infinity']);
    expect(await values(sort(np.array([5, -3, 2147483647, -2147483648, 0], { dtype: 'int32' })))).toEqual([-2147483648, -3, 0, 5, 2147483647]);
    expect(await values(sort(np.array([4000000000, 1, 2147483648], { dtype: 'uint32' })))).toEqual([1, 2147483648, 4000000000]);
  });

  it('np.argsort is stable, also descending (ties keep input order); NaN sorts last', async () => {
    await use();
    const x = np.array([3, 1, 2, 1, 3, NaN, 1]);
    expect(await values(run(mode, (a: Tensor) => np.argsort(a))(x))).toEqual([1, 3, 6, 2, 0, 4, 5]);
    expect(await values(run(mode, (a: Tensor) => np.argsort(a, { descending: true }))(x))).toEqual([5, 0, 4, 2, 1, 3, 6]);
    const idx = run(mode, (a: Tensor) => np.argsort(a, 0))(np.array([[2, 0], [1, 0], [2, -1]]));
    expect([idx.dtype, await values(idx)]).toEqual(['int32', [1, 2, 0, 0, 2, 1]]);
  });

  it('lax.sort with several operands and numKeys; sortKeyVal; topK (largest first, lower index first among ties)', async () => {
    await use();
    const [k1, k2, v] = run(mode, (a: Tensor, b: Tensor, c: Tensor) => lax.sort([a, b, c], { numKeys: 2 }))(
      np.array([1, 0, 1, 0], { dtype: 'int32' }), np.array([2, 9, 1, 9]), np.array([10, 20, 30, 40]));
    expect([await values(k1), await values(k2), await values(v)]).toEqual([[0, 0, 1, 1], [9, 9, 1, 2], [20, 40, 30, 10]]);
    const [sk, sv] = run(mode, (a: Tensor, b: Tensor) => lax.sortKeyVal(a, b))(np.array([3, 1, 2]), np.array([0, 1, 2], { dtype: 'int32' }));
    expect([await values(sk), await values(sv)]).toEqual([[1, 2, 3], [1, 2, 0]]);
    const [tv, ti] = run(mode, (a: Tensor) => lax.topK(a, 3))(np.array([[1, 5, 3, 5], [NaN, 0, 7, 7]]));
    expect([await values(tv), await values(ti)]).toEqual([[5, 5, 3, NaN, 7, 7], [1, 3, 2, 0, 2, 3]]);
  });

  it('np.searchsorted left and right, with ties, out-of-range values and NaN (NaN sorts last)', async () => {
    await use();
    const a = np.array([1, 2, 2, 3, NaN]);
    const v = np.array([2, 0, 5, 2.5, NaN, 3]);
    expect(await values(run(mode, (p: Tensor, q: Tensor) => np.searchsorted(p, q))(a, v))).toEqual([1, 0, 4, 3, 4, 3]);
    expect(await values(run(mode, (p: Tensor, q: Tensor) => np.searchsorted(p, q, { side: 'right' }))(a, v))).toEqual([3, 0, 4, 3, 5, 4]);
    // sorter: a is searched in the order the indices give.
    const sorter = np.array([1, 2, 0], { dtype: 'int32' });
    expect(await values(run(mode, (p: Tensor, q: Tensor) => np.searchsorted(p, q, { sorter }))(np.array([30, 10, 20]), np.array([15, 30])))).toEqual([1, 2]);
  });

  it('np.takeAlongAxis: negative indices count from the end; out of range fills (NaN) or clips', async () => {
    await use();
    const x = np.array([[10, 30, 20], [5, 4, 6]]);
    const i = np.array([[0, 2, 1], [-1, 0, 3]], { dtype: 'int32' });
    expect(await values(run(mode, (a: Tensor, b: Tensor) => np.takeAlongAxis(a, b, 1))(x, i))).toEqual([10, 20, 30, 6, 5, NaN]);
    expect(await values(run(mode, (a: Tensor, b: Tensor) => np.takeAlongAxis(a, b, 1, { mode: 'clip' }))(x, i))).toEqual([10, 20, 30, 6, 5, 6]);
    // The other axes broadcast: one row of indices for every row.
    expect(await values(run(mode, (a: Tensor, b: Tensor) => np.takeAlongAxis(a, b, 1))(x, np.array([[2, 0]], { dtype: 'int32' })))).toEqual([20, 10, 6, 5]);
    // Sorting by argsort's indices is sorting.
    const y = np.array([[3, 1, 2], [9, 7, 8]]);
    expect(await values(run(mode, (a: Tensor) => np.takeAlongAxis(a, np.argsort(a, 1), 1))(y))).toEqual([1, 2, 3, 7, 8, 9]);
  });

  it('cumulative ops: flattened by default, along an axis, reversed; NaN propagates through cummax/cummin; bool counts', async () => {
    await use();
    const m = np.array([[1, 2], [3, 4]]);
    expect(await values(run(mode, (x: Tensor) => np.cumsum(x))(m))).toEqual([1, 3, 6, 10]);
    expect(await values(run(mode, (x: Tensor) => np.cumsum(x, 0))(m))).toEqual([1, 2, 4, 6]);
    expect(await values(run(mode, (x: Tensor) => np.cumsum(x, { axis: 1, reverse: true }))(m))).toEqual([3, 2, 7, 4]);
    expect(await values(run(mode, (x: Tensor) => np.cumprod(x, 1))(m))).toEqual([1, 2, 3, 12]);
    expect(await values(run(mode, (x: Tensor) => lax.cumprod(x, 0, true))(np.array([2, 0, 3, 4])))).toEqual([0, 0, 12, 4]);
    expect(await values(run(mode, (x: Tensor) => np.cummax(x))(np.array([1, 3, 2, NaN, 5])))).toEqual([1, 3, 3, NaN, NaN]);
    expect(await values(run(mode, (x: Tensor) => np.cummin(x))(np.array([4, 3, 5, 1])))).toEqual([4, 3, 3, 1]);
    expect(await values(run(mode, (x: Tensor) => lax.cummin(x, 0, true))(np.array([4, 3, 5, 1])))).toEqual([1, 1, 1, 1]);
    const counted = run(mode, (x: Tensor) => np.cumsum(x))(np.array([true, false, true, true]));
    expect([counted.dtype, await values(counted)]).toEqual(['int32', [1, 1, 2, 3]]);
    const anyYet = run(mode, (x: Tensor) => np.cummax(x))(np.array([false, true, false]));
    expect([anyYet.dtype, await values(anyYet)]).toEqual(['bool', [0, 1, 1]]);
    // int32 wraps as numpy's int32 does.
    expect(await values(run(mode, (x: Tensor) => np.cumsum(x))(np.array([2147483647, 1], { dtype: 'int32' })))).toEqual([2147483647, -2147483648]);
    expect(await signs(run(mode, (x: Tensor) => np.cumsum(x))(np.array([-0, 1])))).toEqual(['-0', '1']);
  });

  it('lax.associativeScan of pairs (a linear recurrence) equals the sequential loop', async () => {
    await use();
    const a = np.array([0.5, 2, -1, 3, 1]), b = np.array([1, 2, 3, 4, 5]);
    const [, d] = run(mode, (p: Tensor, q: Tensor) => lax.associativeScan(([a1, b1], [a2, b2]) => [lax.mul(a1, a2), lax.add(lax.mul(b1, a2), b2)], [p, q]))(a, b);
    // d_i = d_{i-1}·a_i + b_i, d_0 = b_0
    expect(await values(d)).toEqual([1, 4, -1, 1, 6]);
  });

  it('random.permutation of an n and of an array (along an axis, or each slice independently)', async () => {
    await use();
    const k = random.key(3);
    const p = await values(random.permutation(k, 10));
    expect([...p].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const x = np.array([[1, 2], [3, 4], [5, 6], [7, 8]]);
    const rows = await values(random.permutation(k, x));
    const pairs = [0, 1, 2, 3].map((i) => `${rows[2 * i]},${rows[2 * i + 1]}`);
    expect([...pairs].sort()).toEqual(['1,2', '3,4', '5,6', '7,8']);
    // The same key permutes the rows as it permutes 0..3.
    const p4 = await values(random.permutation(k, 4));
    expect(pairs).toEqual(p4.map((i) => `${2 * i + 1},${2 * i + 2}`));
    const cols = await values(random.permutation(k, x, { axis: 1, independent: true }));
    for (let i = 0; i < 4; i++) expect([cols[2 * i], cols[2 * i + 1]].sort()).toEqual([2 * i + 1, 2 * i + 2]);
    expect((await values(random.shuffle(k, np.arange(6)))).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('random.permutation is sort-based (O(n log n))', () => {
  it('n = 4000 and an array of 4000 rows each take well under a second on the CPU', async () => {
    await useBackend('cpu');
    const t0 = performance.now();
    const p = await values(random.permutation(random.key(0), 4000));
    const x = await values(random.permutation(random.key(1), np.arange(4000).reshape([4000, 1])));
    const ms = performance.now() - t0;
    expect(new Set(p).size).toBe(4000);
    expect(new Set(x).size).toBe(4000);
    expect(p.some((v, i) => v !== i)).toBe(true);
    expect(ms).toBeLessThan(3000); // was 6-13 s per call with the O(n²) rank counting
  });

  it('draws every permutation of 3 about equally often', async () => {
    await useBackend('cpu');
    const counts = new Map<string, number>();
    for (let s = 0; s < 600; s++) {
      const key = (await values(random.permutation(random.key(s), 3))).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const c of counts.values()) expect(c).toBeGreaterThan(60); // expected 100 each
  });
});

describe('gradients (float64, CPU)', () => {
  const rng = new Rng(11);
  const fdCheck = (f: (x: Tensor) => Tensor, x: Tensor) => {
    const t = f64(x.shape, () => rng.normal());
    const [, got] = jvp(f, [x], [t]);
    const fd = finiteDifference(f, [x], [t], [0], 1e-4);
    expect(relErr((got as ConcreteArray).dataSync(), fd[0])).toBeLessThan(1e-6);
  };
  const distinct = (n: number) => { const p = rng.perm(n); return f64([n], (i) => p[i] * 0.5 + rng.uniform(0, 0.1)); };

  it('sort, argsort-gather, cumsum, cumprod (with zeros), cummax, cummin and topK match finite differences', () => {
    fdCheck((x) => np.sort(x).mul(f64([37], (i) => i + 1)), distinct(37));
    fdCheck((x) => np.takeAlongAxis(x, np.argsort(x, { descending: true }), 0).mul(f64([20], (i) => i)), distinct(20));
    fdCheck((x) => np.cumsum(x, { reverse: true }), f64([9], () => rng.normal()));
    fdCheck((x) => np.cumprod(x), f64([8], (i) => (i === 3 ? 0 : rng.normal())));
    fdCheck((x) => lax.cumprod(x, 0, true), f64([8], (i) => (i === 5 ? 0 : rng.normal())));
    fdCheck((x) => np.cummax(x), distinct(15));
    fdCheck((x) => lax.cummin(x, 0, true), distinct(15));
    fdCheck((x) => lax.topK(x, 4)[0], distinct(12));
  });

  it('the gradient of sum(w · sort(x)) puts w back at each element’s sorted position', async () => {
    const g = grad((x: Tensor) => np.sum(np.sort(x).mul(np.array([1, 2, 3, 4]))))(np.array([1, 3, 0, 4]));
    expect(await values(g)).toEqual([2, 3, 1, 4]);
  });

  it('cumsum’s transpose is the reverse cumsum: ⟨ct, cumsum(t)⟩ = ⟨pullback(ct), t⟩', () => {
    for (const [axis, reverse] of [[0, false], [1, true], [1, false]] as const) {
      const t = f64([5, 7], () => rng.normal()), ct = f64([5, 7], () => rng.normal());
      const f = (x: Tensor) => lax.cumsum(x, axis, reverse);
      const [y, pullback] = vjp(f, t);
      const [g] = pullback(ct) as Tensor[];
      const dot = (a: Tensor, b: Tensor) => { const p = Array.from((a as ConcreteArray).dataSync()), q = (b as ConcreteArray).dataSync(); return p.reduce((s, v, i) => s + v * q[i], 0); };
      expect(Math.abs(dot(ct, y as Tensor) - dot(g, t))).toBeLessThan(1e-12 * Math.abs(dot(ct, y as Tensor)) + 1e-12);
      // And the pullback is the cumsum the other way.
      expect(relErr((g as ConcreteArray).dataSync(), (lax.cumsum(ct, axis, !reverse) as ConcreteArray).dataSync())).toBe(0);
    }
  });
});

describe('vmap against a loop (CPU)', () => {
  const rng = new Rng(5);
  it('np.sort, np.argsort, np.cumsum, np.cummax, np.searchsorted and lax.topK per row', async () => {
    await useBackend('cpu');
    const x = f64([6, 9], () => rng.int(-4, 5) + 0.5 * rng.int(0, 2));
    const rows = Array.from({ length: 6 }, (_, i) => np.reshape(lax.slice(x, [i, 0], [i + 1, 9]), [9]));
    const check = async (f: (r: Tensor) => Tensor) => {
      const batched = await values(vmap(f)(x));
      const looped = (await Promise.all(rows.map(async (r) => values(f(r))))).flat();
      expect(batched).toEqual(looped);
    };
    await check((r) => np.sort(r));
    await check((r) => np.argsort(r, { descending: true }));
    await check((r) => np.cumsum(r, { reverse: true }));
    await check((r) => np.cummax(r));
    await check((r) => lax.topK(r, 3)[1]);
    await check((r) => np.searchsorted(np.array([-2, 0, 0, 3], { dtype: 'float64' }), r, { side: 'right' }));
    await check((r) => np.searchsorted(np.sort(r), np.array([0, 1], { dtype: 'float64' })));
    // Batched on a later axis of the input.
    const cols = await values(vmap((c: Tensor) => np.sort(c), { inAxes: 1 })(x));
    const t = lax.transpose(x, [1, 0]);
    expect(cols).toEqual(await values(np.sort(t, 1)));
  });
});

describe('arguments that make no sense are named errors', () => {
  it('sorts and scans', () => {
    expect(() => lax.sort(np.array(3))).toThrow(errors.ShapeError);
    expect(() => lax.sort([np.array([1, 2])], { numKeys: 2 })).toThrow(errors.ArgumentError);
    expect(() => lax.sort([np.array([1, 2]), np.array([1, 2, 3])])).toThrow(/same shape/);
    expect(() => lax.sort(np.array([1, 2]), { dimension: 1 })).toThrow(errors.ShapeError);
    expect(() => lax.cumsum(np.array([true, false]))).toThrow(errors.DTypeError);
    expect(() => lax.cumsum(np.array([1, 2]), 1)).toThrow(/lax\.cumsum: axis 1 is out of range/);
    expect(() => lax.topK(np.array([1, 2]), 3)).toThrow(/lax\.topK: k must be an integer in \[0, 2\]/);
    expect(() => np.sort([1, 2], { descending: 'yes' as unknown as boolean })).toThrow(errors.ArgumentError);
    expect(() => np.cumsum(np.array([1, 2]), 0, { reverse: true })).not.toThrow();
    expect(() => np.cumsum(np.array([1, 2]), { axis: 0 }, { reverse: true })).toThrow(/either positionally or in the options/);
  });
  it('searching and taking', () => {
    expect(() => np.searchsorted(np.array([[1, 2]]), np.array([1]))).toThrow(/np\.searchsorted: the sorted array must be 1-D/);
    expect(() => np.searchsorted(np.array([1, 2]), 1, { side: 'middle' as 'left' })).toThrow(errors.ArgumentError);
    expect(() => np.takeAlongAxis(np.array([[1, 2]]), np.array([0], { dtype: 'int32' }), 1)).toThrow(/must have the rank of the array/);
    expect(() => np.takeAlongAxis(np.array([1, 2]), np.array([0.5]), 0)).toThrow(errors.DTypeError);
    expect(() => random.permutation(random.key(0), np.array(3))).toThrow(/random\.permutation: x f32\[\] is a scalar/);
    expect(() => random.permutation(random.key(0), 5, { axis: 1 })).toThrow(errors.ShapeError);
  });
});

// --- WebGPU against the CPU interpreter on random inputs -------------------------------------


describeWebGPU('WebGPU matches the CPU on long and odd-length rows', () => {
  const rng = new Rng(2024);
  const f32 = (shape: number[], gen: () => number) => np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, gen), { dtype: 'float32', shape });
  // 20000 does not fit workgroup memory with its position word (P·8 = 256 KiB): the storage-buffer
  // network (2049 and 5000 also do not on adapters with WebGPU's default 16 KiB); the others sort in
  // workgroup memory. 1 and 7 are below a lane count.
  const cases: [string, (...x: Tensor[]) => Tensor | Tensor[], () => Tensor[]][] = [
    ...[1, 7, 300, 1000, 2049, 5000, 20000].map((n): [string, (x: Tensor) => Tensor, () => Tensor[]] => [`np.sort [3,${n}] with NaNs`, (x) => np.sort(x), () => [f32([3, n], () => (rng.int(0, 50) === 0 ? NaN : rng.normal()))]]),
    ['np.argsort [2,3000] with many ties, axis 1', (x) => np.argsort(x, 1), () => [f32([2, 3000], () => rng.int(0, 20))]],
    ['np.argsort [700,5] along axis 0, descending', (x) => np.argsort(x, { axis: 0, descending: true }), () => [f32([700, 5], () => rng.int(0, 9))]],
    ['lax.sort of two int32 keys and a value, [4,1500]', (a, b, c) => lax.sort([a, b, c], { numKeys: 2 }),
      () => [np.astype(f32([4, 1500], () => rng.int(-3, 3)), 'int32'), np.astype(f32([4, 1500], () => rng.int(0, 1e6)), 'int32'), f32([4, 1500], () => rng.normal())]],
    ['lax.topK [5,777], k 10', (x) => lax.topK(x, 10), () => [f32([5, 777], () => rng.int(0, 100))]],
    ['np.sort of a fused expression (x·2 + 1) [2,513]', (x) => np.sort(x.mul(2).add(1)), () => [f32([2, 513], () => rng.normal())]],
    ...[7, 300, 1000, 5000].flatMap((n): [string, (x: Tensor) => Tensor, () => Tensor[]][] => [
      [`np.cumsum [2,${n}] (a workgroup per row)`, (x) => np.cumsum(x, 1), () => [f32([2, n], () => rng.normal())]],
      [`np.cumsum [${n},3] along axis 0, reversed`, (x) => np.cumsum(x, { axis: 0, reverse: true }), () => [f32([n, 3], () => rng.normal())]],
      [`np.cummax [3,${n}] with NaNs`, (x) => np.cummax(x, 1), () => [f32([3, n], () => (rng.int(0, 400) === 0 ? NaN : rng.normal()))]],
      [`np.cummin [${n}] reversed`, (x) => np.cummin(x, { reverse: true }), () => [f32([n], () => rng.normal())]],
    ]),
    ['np.cumprod [4,600] of values near 1', (x) => np.cumprod(x, 1), () => [f32([4, 600], () => rng.uniform(0.99, 1.01))]],
    ['np.cumsum of int32 [3,2000]', (x) => np.cumsum(x, 1), () => [np.astype(f32([3, 2000], () => rng.int(-1000, 1000)), 'int32')]],
    ['np.cumsum [1000,40] (an invocation per row)', (x) => np.cumsum(x, 1), () => [f32([1000, 40], () => rng.normal())]],
    ['np.searchsorted, 5000 sorted values, 1000 queries', (a, v) => np.searchsorted(a, v, { side: 'right' }), () => [np.sort(f32([5000], () => rng.int(0, 3000))), f32([1000], () => rng.int(-10, 3010))]],
  ];

  it.each(cases)('%s (eager and jit)', async (name, f, make) => {
    await useBackend('cpu');
    const args = make();
    const hostArgs = args.map(toHost);
    const want = [f(...args)].flat().map(toHost);
    await useBackend('webgpu');
    try {
      for (const [label, g] of [['eager', f], ['jit', jit(f)]] as const) {
        const got = [g(...hostArgs.map(upload))].flat();
        expect(got.length).toBe(want.length);
        for (let k = 0; k < want.length; k++) {
          const data = await got[k].data();
          const tol = want[k].aval.dtype === 'float32' && /cum/.test(name) ? 1e-4 : 0;
          expect(relativeError(data, want[k].data), `${name} ${label} output ${k}`).toBeLessThanOrEqual(tol);
        }
      }
    } finally {
      await useBackend('cpu');
    }
  }, 120_000);

  it('gradients of sort and topK under jit match the CPU and use no scatter kernel (sorts only); cummax and cumprod match', async () => {
    const x = f32([2, 3000], () => rng.normal()), w = f32([2, 3000], () => rng.normal());
    const fs: [string, (a: Tensor) => Tensor][] = [
      ['sort', (a) => np.sum(np.sort(a, 1).mul(w))],
      ['topK', (a) => np.sum(lax.topK(a, 50)[0].mul(lax.slice(w, [0, 0], [2, 50])))],
      ['cummax', (a) => np.sum(np.cummax(a, 1).mul(w))],
      // cumprod's gradient (an associative scan's transpose) at n = 3000 sums ~12 levels' cotangents in
      // one fused kernel, more storage buffers than adapters allow: a known limit, checked at n = 40.
      ['cumprod', (a) => np.sum(np.cumprod(lax.slice(a, [0, 0], [2, 40]).mul(0.1).add(1), 1).mul(lax.slice(w, [0, 0], [2, 40])))],
    ];
    for (const [name, f] of fs) {
      await useBackend('cpu');
      const want = (grad(f)(x) as ConcreteArray).dataSync();
      await useBackend('webgpu');
      try {
        const g = jit(grad(f));
        const hx = upload(toHost(x));
        expect(relativeError(await g(hx).data(), want), `grad of ${name}`).toBeLessThanOrEqual(1e-5);
        if (name === 'sort' || name === 'topK') expect(kernelsOf(g, hx).map((k) => k.name).filter((n) => n.startsWith('S_')), `${name}: scatter kernels`).toEqual([]);
      } finally {
        await useBackend('cpu');
      }
    }
  }, 120_000);

  it('sort, argsort and cumsum are one kernel each; the fused producer reads into the sort', async () => {
    await useBackend('webgpu');
    try {
      const x = np.ones([4, 100]);
      expect(kernelsOf(jit((a: Tensor) => np.sort(a.mul(2))), x).map((k) => k.name)).toEqual(['SORT_4x100']);
      expect(kernelsOf(jit((a: Tensor) => np.cumsum(a, 1)), x).map((k) => k.name)).toEqual(['SCAN_4x100']);
      expect(kernelsOf(jit((a: Tensor) => np.sort(a, null)), np.ones([20000])).map((k) => k.name)).toEqual(['SORTG_1x20000']);
    } finally {
      await useBackend('cpu');
    }
  });
});
