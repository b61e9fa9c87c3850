/**
 * NumPy indexing and JAX's functional updates (src/numpy/indexing.ts): known answers computed
 * with NumPy 2.4 (updates with repeated or out-of-range indices with np.add.at & co., out-of-range
 * positions removed, as JAX drops them) for every index form, on the CPU and on WebGPU, eagerly
 * and under jit; vmap of get and set; float64 finite-difference and dot-product gradient checks of
 * get/set/add/mul/min/max with respect to the operand and the values; the named errors.
 * The primitives themselves (gather_nd, scatter_nd) are in the conformance table
 * (spec/helpers/indexing-cases.ts), which the jvp, vjp, vmap and WebGPU specs run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { errors, grad, jit, jvp, lax, makeJaxpr, np, useBackend, vjp, vmap, Tensor } from '../src/index.js';
import { kernelsOf } from '../src/backend/webgpu/executor.js';
import { releaseDevice } from '../src/backend/webgpu/device.js';
import { webgpuAvailable, webgpuRequired } from './helpers/webgpu.js';
import { Rng, asList, concat, dot, f64, finiteDifference, host, norm, normalF64, relErr } from './helpers/check.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);
const X = () => np.arange(24).reshape([2, 3, 4]);
const M2 = () => np.array([[true, false, true], [false, true, false]]);

type Case = [label: string, f: (x: Tensor, m: Tensor) => Tensor, shape: number[], want: number[]];

// NumPy: x = np.arange(24).reshape(2, 3, 4), m2 = np.arange(6).reshape(2, 3) % 2 == 0.
const GETS: Case[] = [
  ['x[1]', (x) => x.get(1), [3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x[-1, 1:]', (x) => x.get(-1, '1:'), [2, 4], [16, 17, 18, 19, 20, 21, 22, 23]],
  ['x[..., ::-2]', (x) => x.get('...', '::-2'), [2, 3, 2], [3, 1, 7, 5, 11, 9, 15, 13, 19, 17, 23, 21]],
  ['x[:, None, 1, -3:]', (x) => x.get(':', np.newaxis, 1, '-3:'), [2, 1, 3], [5, 6, 7, 17, 18, 19]],
  ['x[[0, 1], :, [1, 2]] (separated: broadcast dims first)', (x) => x.get([0, 1], ':', [1, 2]), [2, 3], [1, 5, 9, 14, 18, 22]],
  ['x[:, [0, 2], [1, 3]] (adjacent: in place)', (x) => x.get(':', [0, 2], [1, 3]), [2, 2], [1, 11, 13, 23]],
  ['x[0, :, [[0], [3]]]', (x) => x.get(0, ':', np.array([[0], [3]], { dtype: 'int32' })), [2, 1, 3], [0, 4, 8, 3, 7, 11]],
  ['x[[1, 0]]', (x) => x.get([1, 0]), [2, 3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  ['x[1, [2, 0], 1::2]', (x) => x.get(1, [2, 0], { start: 1, step: 2 }), [2, 2], [21, 23, 13, 15]],
  ['x[[[1], [0]], [0, 2]]', (x) => x.get([[1], [0]], [0, 2]), [2, 2, 4], [12, 13, 14, 15, 20, 21, 22, 23, 0, 1, 2, 3, 8, 9, 10, 11]],
  ['x[1::-1]', (x) => x.get({ start: 1, step: -1 }), [2, 3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
  ['x[m2] (size 3)', (x, m) => x.at(m).get({ size: 3 }), [3, 4], [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19]],
  ['x[:, [True, False, True]] (size 2)', (x) => x.at(':', [true, false, true]).get({ size: 2 }), [2, 2, 4],
    [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23]],
  ['x[:, 5:0:-2]', (x) => x.get(':', '5:0:-2'), [2, 1, 4], [8, 9, 10, 11, 20, 21, 22, 23]],
  ['x[..., [True, False, False, True]] (size 2)', (x) => x.at(np.ellipsis, [true, false, false, true]).get({ size: 2 }), [2, 3, 2],
    [0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23]],
  ['x[:, 2:1] (empty)', (x) => x.get(':', '2:1'), [2, 0, 4], []],
  ['x[..., None]', (x) => x.get('...', np.newaxis), [2, 3, 4, 1], Array.from({ length: 24 }, (_, i) => i)],
  ['x[None, ..., 0, None]', (x) => x.get(np.newaxis, '...', 0, np.newaxis), [1, 2, 3, 1], [0, 4, 8, 12, 16, 20]],
  // JAX's out-of-range rules for reads: clamp by default, or a fill value.
  ['x[0, 0, [7, -1, -9]] clamps', (x) => x.get(0, 0, [7, -1, -9]), [3], [3, 3, 0]],
  ['x[0, 0, [7, -1, -9]] mode fill', (x) => x.at(0, 0, [7, -1, -9]).get({ mode: 'fill', fillValue: -5 }), [3], [-5, 3, -5]],
  ['x[5] clamps to x[1] (a static integer, as JAX)', (x) => x.get(5), [3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['float x[[5, 1]] mode fill reads NaN (JAX\'s default fill)', (x) => x.astype('float32').at(0, 0, [5, 1]).get({ mode: 'fill' }), [2], [NaN, 1]],
  ['x[m2] (size 4: padding reads 0)', (x, m) => x.at(m).get({ size: 4 }), [4, 4], [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 0, 0, 0, 0]],
];

const Z = (x: Tensor) => np.zerosLike(x);
const UPDATES: Case[] = [
  ['z.at[1, :, 0].set([1, 2, 3])', (x) => Z(x).at(1, ':', 0).set([1, 2, 3]), [2, 3, 4],
    [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]],
  ['z.at[:, [0, 0, 2], 1].add(1) accumulates', (x) => Z(x).at(':', [0, 0, 2], 1).add(1), [2, 3, 4],
    [0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]],
  ['x.at[[0, 1], [2, -1], [3, 0]].mul(2)', (x) => x.at([0, 1], [2, -1], [3, 0]).mul(2), [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 22, 12, 13, 14, 15, 16, 17, 18, 19, 40, 21, 22, 23]],
  ['x.at[..., ::2].min(5)', (x) => x.at('...', '::2').min(5), [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 5, 7, 5, 9, 5, 11, 5, 13, 5, 15, 5, 17, 5, 19, 5, 21, 5, 23]],
  ['x.at[0, [5, -1]].max(100) drops index 5', (x) => x.at(0, [5, -1]).max(100), [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 100, 100, 100, 100, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[m2].set(-1) (size 3)', (x, m) => x.at(m).set(-1, { size: 3 }), [2, 3, 4],
    [-1, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, -1, 12, 13, 14, 15, -1, -1, -1, -1, 20, 21, 22, 23]],
  ['x.at[m2].set(-1) (size 5: padding dropped)', (x, m) => x.at(m).set(-1, { size: 5 }), [2, 3, 4],
    [-1, -1, -1, -1, 4, 5, 6, 7, -1, -1, -1, -1, 12, 13, 14, 15, -1, -1, -1, -1, 20, 21, 22, 23]],
  ['x.at[None, 0].add(10)', (x) => x.at(np.newaxis, 0).add(10), [2, 3, 4],
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[:, 1:].subtract(1)', (x) => x.at(':', '1:').subtract(1), [2, 3, 4],
    [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13, 14, 15, 15, 16, 17, 18, 19, 20, 21, 22]],
  ['x.at[:, :, ::-3].divide(2)', (x) => x.astype('float32').at(':', ':', '::-3').divide(2), [2, 3, 4],
    [0, 1, 2, 1.5, 2, 5, 6, 3.5, 4, 9, 10, 5.5, 6, 13, 14, 7.5, 8, 17, 18, 9.5, 10, 21, 22, 11.5]],
  ['x.at[[1, 1, 0], [0, 0, 2]].set(rows): the last repeated write wins', (x) => x.at([1, 1, 0], [0, 0, 2]).set(np.array([[1], [2], [3]], { dtype: 'int32' })),
    [2, 3, 4], [0, 1, 2, 3, 4, 5, 6, 7, 3, 3, 3, 3, 2, 2, 2, 2, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[-1, 0].set(0)', (x) => x.at(-1, 0).set(0), [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[5, 0].set(0) is dropped (out of range)', (x) => x.at(5, 0).set(0), [2, 3, 4], Array.from({ length: 24 }, (_, i) => i)],
  ['x.at[5, 0].set(0, mode clip) clamps to x[1, 0]', (x) => x.at(5, 0).set(0, { mode: 'clip' }), [2, 3, 4],
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0, 0, 0, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[0, 1:3].mul([[2], [3]])', (x) => x.at(0, '1:3').mul(np.array([[2], [3]], { dtype: 'int32' })), [2, 3, 4],
    [0, 1, 2, 3, 8, 10, 12, 14, 24, 27, 30, 33, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
  ['x.at[...].set(7): nothing indexed', (x) => x.at('...').set(7), [2, 3, 4], Array(24).fill(7)],
  ['x.at[0, [0, 1], 9].add(5, mode clip) clamps', (x) => x.at(0, [0, 1], 9).add(5, { mode: 'clip' }), [2, 3, 4],
    [0, 1, 2, 8, 4, 5, 6, 12, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]],
];

const backends = (['cpu', 'webgpu'] as const).filter((b) => b === 'cpu' || webgpuAvailable || webgpuRequired);

describe.each(backends.flatMap((b) => (['eager', 'jit'] as const).map((m): [string, string] => [b, m])))('indexing on %s (%s)', (backend, mode) => {
  afterAll(async () => {
    await useBackend('cpu');
    if (backend === 'webgpu') releaseDevice();
  });
  const run = (f: Case[1]) => (mode === 'jit' ? jit(f) : f);

  it.each(GETS)('%s', async (_label, f, shape, want) => {
    await useBackend(backend as 'cpu' | 'webgpu');
    const y = run(f)(X(), M2());
    expect(y.shape).toEqual(shape);
    expect(await values(y)).toEqual(want);
  });

  it.each(UPDATES)('%s', async (_label, f, shape, want) => {
    await useBackend(backend as 'cpu' | 'webgpu');
    const y = run(f)(X(), M2());
    expect(y.shape).toEqual(shape);
    expect(await values(y)).toEqual(want);
  });

  it('a boolean mask passed as an argument (traced under jit) with a static size', async () => {
    await useBackend(backend as 'cpu' | 'webgpu');
    const f = run((x: Tensor, m: Tensor) => x.at(m).add(100, { size: 2 }).get('...', 0));
    expect(await values(f(X(), M2()))).toEqual([100, 4, 108, 12, 16, 20]);
  });

  if (backend === 'webgpu' && mode === 'jit') {
    it('compiles a set to one scatter kernel and a get into its consumer', async () => {
      await useBackend('webgpu');
      const ks = kernelsOf(jit((x: Tensor) => x.at(':', [0, 2]).set(0).get([1, 0]).add(1)), X().astype('float32'));
      // The 2 index tuples are computed once (not in the scatter's loop), then the scatter, then
      // the gather fused as index arithmetic into the add.
      expect(ks.map((k) => k.name)).toEqual(['E_2x1', 'SNDR_set_2x3x4_2', 'E_2x3x4']);
    });
  }
});

// Integer, unsigned and boolean arrays through the primitives on WebGPU against the CPU
// interpreter on the same inputs: wrapping integer products, min/max without floats, boolean
// sets, integer and boolean fills. Exact equality (eager and under jit).
describe.runIf(backends.includes('webgpu'))('gather_nd/scatter_nd on integer and boolean arrays: WebGPU = CPU', () => {
  afterAll(async () => { await useBackend('cpu'); releaseDevice(); });
  const rng = new Rng(13);
  const draw = (shape: number[], lo: number, hi: number) => ({ shape, data: Int32Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => rng.int(lo, hi)) });
  type Host = { shape: number[]; data: Int32Array };
  const I = draw([6, 2], -1, 5);
  const big = [draw([4, 4, 3], 40000, 90000), draw([6, 3], 40000, 90000)];
  const small = [draw([4, 4, 3], -50, 50), draw([6, 3], -50, 50)];
  const small2 = draw([6, 4], -50, 50);
  const unsigned = [draw([4, 4, 3], 0, 1e9), draw([6, 3], 0, 2e9)];
  const bits = [draw([4, 4, 3], 0, 2), draw([6, 3], 0, 2)];
  const rows = [draw([5, 150], -50, 50), draw([6, 150], -50, 50)];
  const asBool = (t: Tensor) => lax.compare(t, lax.zerosLike(t), 'ne');
  const cases: [string, Host[], (x: Tensor, i: Tensor, u: Tensor) => Tensor][] = [
    ['int32 mul (wraps)', big, (x, i, u) => lax.scatterNd(x, i, u, [0, 1], 'mul')],
    ['int32 min', small, (x, i, u) => lax.scatterNd(x, i, u, [0, 1], 'min')],
    ['int32 max, clip', small, (x, i, u) => lax.scatterNd(x, i, u, [0, 1], 'max', 'clip')],
    ['int32 add on axes (2, 0)', [small[0], small2], (x, i, u) => lax.scatterNd(x, i, u, [2, 0], 'add')],
    ['uint32 max', unsigned, (x, i, u) => lax.scatterNd(lax.cast(x, 'uint32'), i, lax.cast(u, 'uint32'), [0, 1], 'max')],
    // Rows of 150: the row kernel's chunks of 64 (two whole, one partial); one element per position: the element kernel.
    ['int32 add of rows of 150, repeated rows', rows, (x, i, u) => lax.scatterNd(x, lax.slice(i, [0, 0], [6, 1]), u, [0], 'add')],
    ['int32 set of rows of 150, clip', rows, (x, i, u) => lax.scatterNd(x, lax.slice(i, [0, 0], [6, 1]), u, [0], 'set', 'clip')],
    ['int32 add of single elements', small, (x, i, u) => lax.scatterNd(x, lax.concatenate([i, lax.slice(i, [0, 0], [6, 1])], 1), lax.slice(u, [0, 0], [6, 1]).reshape([6]), [0, 1, 2], 'add')],
    ['bool set', bits, (x, i, u) => lax.scatterNd(asBool(x), i, asBool(u), [0, 1], 'set')],
    ['bool gather, fill true', bits, (x, i) => lax.gatherNd(asBool(x), i, [1, 2], 'fill', 1)],
    ['int32 gather, fill the lowest int32', small, (x, i) => lax.gatherNd(x, i, [0, 2], 'fill', -(2 ** 31))],
  ];
  const upload = (h: Host) => np.array(h.data.slice(), { dtype: 'int32', shape: h.shape });
  it.each(cases)('%s', async (_n, [x, u], f) => {
    await useBackend('cpu');
    const want = await values(f(upload(x), upload(I), upload(u)));
    await useBackend('webgpu');
    expect(await values(f(upload(x), upload(I), upload(u))), 'eager').toEqual(want);
    expect(await values(jit(f)(upload(x), upload(I), upload(u))), 'jit').toEqual(want);
  });
});

describe('basic indices (integers, slices) lower to slice/pad, not to a scatter', () => {
  it('the gradient of a slice and of a set through a slice hold no scatter', () => {
    const f = (a: Tensor) => a.get(1, '1:').sum().add(a.at(':', '-2:').set(0).mul(a).sum());
    const text = String(makeJaxpr(grad(f))(np.ones([3, 4])));
    expect(text).toContain('pad');
    expect(text).not.toMatch(/scatter|gather/);
  });
});

describe('vmap of get and set', () => {
  const rng = new Rng(5);
  const xs = normalF64(rng, [4, 3, 5]);
  const idx = np.array([[0, 2], [1, 1], [2, 0], [1, 2]], { dtype: 'int32' });
  const vs = normalF64(rng, [4, 2, 5]);
  const rows = (t: Tensor) => [0, 1, 2, 3].map((b) => t.get(b));

  it('get with a batched operand and batched index arrays', async () => {
    const f = (x: Tensor, i: Tensor) => x.get(i, '::2');
    const got = vmap(f)(xs, idx);
    const want = np.stack(rows(xs).map((x, b) => f(x, rows(idx)[b])));
    expect(relErr(host(got), host(want))).toBe(0);
  });

  it('set (repeated indices) with batched operand, indices and values; unbatched operand; in_axes 1', async () => {
    const f = (x: Tensor, i: Tensor, v: Tensor) => x.at(i).set(v);
    const want = np.stack(rows(xs).map((x, b) => f(x, rows(idx)[b], rows(vs)[b])));
    expect(relErr(host(vmap(f)(xs, idx, vs)), host(want))).toBe(0);
    const x0 = xs.get(0);
    const want0 = np.stack(rows(idx).map((i, b) => f(x0, i, rows(vs)[b])));
    expect(relErr(host(vmap(f, { inAxes: [null, 0, 0] })(x0, idx, vs)), host(want0))).toBe(0);
    const viaAxis1 = vmap(f, { inAxes: [1, 0, 0], outAxes: 1 })(np.transpose(xs, [1, 0, 2]), idx, vs);
    expect(relErr(host(viaAxis1), host(np.transpose(want, [1, 0, 2])))).toBe(0);
  });

  it('add with a batched boolean mask and a static size', async () => {
    const masks = np.array([[true, false, true], [false, false, true], [true, true, true], [false, false, false]]);
    const f = (x: Tensor, m: Tensor) => x.at(m).add(1, { size: 2 });
    const want = np.stack(rows(xs).map((x, b) => f(x, rows(masks)[b])));
    expect(relErr(host(vmap(f)(xs, masks)), host(want))).toBe(0);
  });
});

// --- gradients ----------------------------------------------------------------------------------

/** jvp against 5-point finite differences in float64, and the vjp by the dot-product test. */
function checkGradients(f: (...xs: Tensor[]) => Tensor, args: Tensor[], seed: number) {
  const rng = new Rng(seed);
  const tangents = args.map((a) => normalF64(rng, a.shape));
  const diff = args.map((_, i) => i);
  const [, ty] = jvp(f, args, tangents);
  const fd = finiteDifference(f, args, tangents, diff, 1e-3);
  expect(Math.max(...Array.from(concat(fd), Math.abs)), 'a degenerate draw').toBeGreaterThan(0);
  expect(relErr(host(ty as Tensor), concat(fd)), 'jvp vs finite differences').toBeLessThanOrEqual(1e-7);
  const [y, pullback] = vjp(f, ...args);
  const ct = normalF64(rng, (y as Tensor).shape);
  const grads = pullback(ct as never) as Tensor[];
  const lhs = dot(host(ct), host(ty as Tensor));
  const rhs = diff.reduce((s, i) => s + dot(host(grads[i]), host(tangents[i])), 0);
  const scale = norm(host(ct)) * norm(host(ty as Tensor)) + diff.reduce((s, i) => s + norm(host(grads[i])) * norm(host(tangents[i])), 0);
  expect(Math.abs(lhs - rhs) / scale, '⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩').toBeLessThanOrEqual(1e-12);
}

describe('gradients of get and the updates (w.r.t. the operand and the values), float64', () => {
  const rng = new Rng(9);
  const x = normalF64(rng, [3, 4, 2]);
  // Repeated and out-of-range tuples; the result (and values) [5, 4]: the broadcast dims first, as the advanced indices are separated.
  const idx: [number[], string, number[]] = [[0, 2, 2, -1, 5], ':', [1, 1, 1, 0, 0]];
  const v = normalF64(rng, [5, 4]);
  const distinct = () => {
    const p = rng.perm(24 + 20);
    const all = p.map((q) => 0.5 * q - 10 + rng.uniform(-0.1, 0.1));
    return [f64([3, 4, 2], (i) => all[i]), f64([5, 4], (i) => all[24 + i])];
  };

  it('get: ints, strided slices, newaxis, arrays on several axes', () => {
    checkGradients((a) => a.get(idx[0], '::-2', np.newaxis, idx[2]), [x], 1);
    checkGradients((a) => a.get('1:', np.ellipsis, 0).mul(a.get(0, '...', 1)), [x], 2);
  });
  it('get with a boolean mask and mode fill', () => {
    const m = np.array([[true, false, false, true], [false, true, false, false], [true, true, false, false]]);
    checkGradients((a) => a.at(m).get({ size: 6 }).mul(a.at(m).get({ size: 6 })), [x], 3);
    checkGradients((a) => a.at(0, [0, 9, -1]).get({ mode: 'fill', fillValue: 2 }), [x], 4);
  });
  it.each(['set', 'add', 'mul'] as const)('%s', (op) => {
    checkGradients((a, u) => a.at(...idx)[op](u), [x, v], 5);
    // Squared so the gradient depends on the values, not only on which positions were written.
    checkGradients((a, u) => { const y = a.at(...idx)[op](u); return y.mul(y); }, [x, v], 6);
  });
  it('mul with zero values among repeated indices', () => {
    const u = np.array([[0], [1.5], [0], [2], [-1]], { dtype: 'float64' }).mul(np.ones([5, 4], 'float64'));
    checkGradients((a, w) => a.at(...idx).mul(w), [x, u], 7);
  });
  it.each(['min', 'max'] as const)('%s (no ties)', (op) => {
    const [a0, u0] = distinct();
    checkGradients((a, u) => a.at(...idx)[op](u), [a0, u0], 8);
  });
});

// --- errors ------------------------------------------------------------------------------------

describe('named errors for indices fluxion does not understand', () => {
  const x = () => np.zeros([2, 3]);
  const cases: [string, () => unknown, new (...a: never[]) => Error, RegExp][] = [
    ['too many indices', () => x().get(0, 0, 0), errors.ShapeError, /too many indices.*2 axes but 3/],
    ['two ellipses', () => x().get('...', '...'), errors.ArgumentError, /only one ellipsis/],
    ['null (NumPy None)', () => x().get(null as never), errors.ArgumentError, /np\.newaxis/],
    ['a float index array', () => x().get(np.array([0.5])), errors.DTypeError, /integers/],
    ['a fractional number', () => x().get(1.5), errors.ArgumentError, /integer/],
    ['a fractional entry of an index list', () => x().get([0, 1.5]), errors.ArgumentError, /integers/],
    ['a mask without a size', () => x().at(np.array([true, false])).get(), errors.ArgumentError, /static result size/],
    ['a mask of the wrong shape', () => x().at(np.array([true, false, true])).get({ size: 1 }), errors.ShapeError, /does not match/],
    ['a string that is not a slice', () => x().get('a:b'), errors.ArgumentError, /slice such as/],
    ['step 0', () => x().get('::0'), errors.ArgumentError, /step 0/],
    ['an object with other keys', () => x().get({ begin: 1 } as never), errors.ArgumentError, /unknown key begin/],
    ['an unknown option', () => x().at(0).get({ sizes: 1 } as never), errors.ArgumentError, /unknown option sizes/],
    ['an unknown mode', () => x().at(0).set(1, { mode: 'wrap' as never }), errors.ArgumentError, /mode the string "wrap"/],
    ['float values into an int array', () => np.zeros([3], 'int32').at(0).set(np.array([1.5])), errors.DTypeError, /astype/],
    ['a fractional number into an int array', () => np.zeros([3], 'int32').at(0).add(0.5), errors.DTypeError, /not an integer/],
    ['an int index on an empty axis', () => np.zeros([0, 3]).get(0), errors.ShapeError, /size 0/],
    ['values that do not broadcast', () => x().at(0).set([1, 2]), errors.ShapeError, /broadcast/],
    ['add into a boolean array', () => np.zeros([3], 'bool').at(0).add(true), errors.DTypeError, /only \.set/],
  ];
  it.each(cases)('%s', (_n, f, type, message) => {
    expect(f).toThrow(type);
    expect(f).toThrow(message);
  });
});

describe('the TSDoc examples', () => {
  it('x.at(1).set(5), repeated adds, a reversed slice, np.at, x.get with a step', async () => {
    expect(await values(np.zeros([3]).at(1).set(5))).toEqual([0, 5, 0]);
    expect(await values(np.zeros([3]).at([0, 0, 2]).add(1))).toEqual([2, 0, 1]);
    expect(await values(np.arange(6).reshape([2, 3]).at(':', '::-1').get())).toEqual([2, 1, 0, 5, 4, 3]);
    expect(await values(np.at(np.zeros([2, 2]), 0, 1).set(3))).toEqual([0, 3, 0, 0]);
    expect(await values(np.arange(10).get('2:8:3'))).toEqual([2, 5]);
  });
});

// A guard that the comparisons above can fail: a wrong answer must not pass.
describe('the known-answer check can fail', () => {
  it('x[[0, 1], :, [1, 2]] is not the adjacent placement', async () => {
    const y = X().get([0, 1], ':', [1, 2]);
    expect(y.shape).not.toEqual([3, 2]);
    expect(asList(y).length).toBe(1);
  });
});
