/**
 * Issue 11, "Silent wrong answers": the array API answers as JAX does or raises a named error.
 *  1. One axis convention: every reduction, argmax/argmin, var/std, logsumexp, softmax/logSoftmax,
 *     concatenate/stack/split/take/squeeze/expandDims and the Tensor methods take the axis
 *     positionally or in `{ axis }`, other options last (`np.sum(x, 0, { keepdims: true })`).
 *     Known answers come from a plain-JS oracle of numpy's definitions; gradients are checked
 *     against float64 finite differences; vmap against a loop; WebGPU against the same oracle.
 *  2. `np.where(cond)` / `np.nonzero` with a static size (was NaNs), checked against a JS oracle.
 *  3. The audit: arguments that were silently ignored or coerced, one test per case.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { ConcreteArray, Tensor, data, errors, facm, grad, jacfwd, jacrev, jit, metrics, nn, np, optim, random, useBackend, vmap } from '../src/index.js';
import { Rng, finiteDifference, host as hostF64, normalF64, relErr } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { bad, expectError } from './helpers/expect-error.js';

const { ArgumentError, DTypeError, ShapeError } = errors;
/** Elements of a CPU array as numbers. */
const host = (t: Tensor): number[] => Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const close = (got: number[], want: number[], tol = 1e-5) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]), `element ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]))));
};

/** numpy's reduction over `axes` of row-major `data` of `shape`, in float64 (the oracle). */
function refReduce(data: ArrayLike<number>, shape: number[], axes: number[], f: (acc: number, v: number) => number, init: number): number[] {
  const outShape = shape.filter((_, d) => !axes.includes(d));
  const out = new Array<number>(outShape.reduce((a, b) => a * b, 1)).fill(init);
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < data.length; i++) {
    let o = 0;
    shape.forEach((n, d) => { if (!axes.includes(d)) o = o * n + idx[d]; });
    out[o] = f(out[o], data[i]);
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return out;
}

const M = () => np.array([[1, 5, 2], [7, 3, 4]]);

describe('1. one axis convention: positional axis or { axis }, other options last', () => {
  it('np.sum(x, 0) and x.sum(0) reduce axis 0 (np.sum(x, 0) once summed everything)', () => {
    expect(host(np.sum(M(), 0))).toEqual([8, 8, 6]);
    expect(host(M().sum(0))).toEqual([8, 8, 6]);
    expect(host(M().sum(1))).toEqual([8, 14]);
    expect(host(M().sum(-1))).toEqual([8, 14]);
    expect(host(M().sum([0, 1]))).toEqual([22]);
    expect(M().sum([0, 1]).shape).toEqual([]);
    expect(host(M().sum(null))).toEqual([22]);
  });

  it('keepdims positionally-after-axis or in the options object', () => {
    const a = np.sum(M(), 0, { keepdims: true }), b = np.sum(M(), { axis: 0, keepdims: true }), c = M().sum(1, { keepdims: true });
    expect(a.shape).toEqual([1, 3]);
    expect(host(a)).toEqual(host(b));
    expect(c.shape).toEqual([2, 1]);
    expect(host(c)).toEqual([8, 14]);
    expect(np.sum(M(), { keepdims: true }).shape).toEqual([1, 1]);
    expect(M().sum(undefined, { keepdims: true }).shape).toEqual([1, 1]);
  });

  it('mean, max, min, logsumexp, var, std take the positional axis (methods too)', () => {
    close(host(np.mean(M(), 0)), [4, 4, 3]);
    close(host(M().mean(1)), [8 / 3, 14 / 3]);
    expect(host(np.max(M(), 1))).toEqual([5, 7]);
    expect(host(M().max(0, { keepdims: true }))).toEqual([7, 5, 4]);
    expect(host(np.min(M(), 0))).toEqual([1, 3, 2]);
    expect(host(M().min(-1))).toEqual([1, 3]);
    close(host(np.logsumexp(M(), 1)), [[1, 5, 2], [7, 3, 4]].map((r) => Math.log(r.reduce((s, v) => s + Math.exp(v), 0))));
    close(host(M().logsumexp(0)), [Math.log(Math.exp(1) + Math.exp(7)), Math.log(Math.exp(5) + Math.exp(3)), Math.log(Math.exp(2) + Math.exp(4))]);
    close(host(np.var(M(), 0)), [9, 1, 1]);
    close(host(np.variance(M(), 0, { ddof: 1 })), [18, 2, 2]);
    close(host(M().var({ axis: 1, ddof: 1 })), [13 / 3, 13 / 3]);
    close(host(np.std(M(), 0)), [3, 1, 1]);
    close(host(M().std(0, { ddof: 1 })), [Math.sqrt(18), Math.sqrt(2), Math.sqrt(2)]);
  });

  it('argmax/argmin: positional axis, keepdims, and the methods', () => {
    expect(host(np.argmax(M(), 1))).toEqual([1, 0]);
    expect(host(np.argmax(M(), 0))).toEqual([1, 0, 1]);
    expect(host(M().argmax(1, { keepdims: true }))).toEqual([1, 0]);
    expect(M().argmax(1, { keepdims: true }).shape).toEqual([2, 1]);
    expect(host(np.argmin(M(), { axis: 1 }))).toEqual([0, 1]);
    expect(host(M().argmin(0))).toEqual([0, 1, 0]);
    expect(host(M().argmax())).toEqual([3]);
    expect(host(M().argmax(null))).toEqual([3]);
  });

  it('softmax / logSoftmax take { axis } (was "axis [object Object]"), several axes, and null', () => {
    const x = np.array([[0, 1], [2, 4]]);
    const rowSm = (r: number[]) => r.map((v) => Math.exp(v) / r.reduce((s, w) => s + Math.exp(w), 0));
    close(host(np.logSoftmax(x, { axis: -1 })), [...rowSm([0, 1]), ...rowSm([2, 4])].map(Math.log));
    close(host(np.softmax(x, { axis: 0 })), (() => { const c0 = rowSm([0, 2]), c1 = rowSm([1, 4]); return [c0[0], c1[0], c0[1], c1[1]]; })());
    close(host(np.softmax(x, 0)), host(np.softmax(x, { axis: 0 })));
    const all = rowSm([0, 1, 2, 4]);
    close(host(np.softmax(x, [0, 1])), all);
    close(host(np.softmax(x, { axis: [0, 1] })), all);
    close(host(np.softmax(x, null)), all);
    close(host(np.logSoftmax(x, [0, 1])), all.map(Math.log));
  });

  it('concatenate, stack, split, take, squeeze, expandDims accept { axis } as well as the positional axis', () => {
    const a = np.ones([2, 1]), b = np.zeros([2, 2]);
    expect(np.concatenate([a, b], { axis: 1 }).shape).toEqual([2, 3]);
    expect(np.concatenate([a, b], -1).shape).toEqual([2, 3]);
    expect(np.stack([b, b], { axis: 2 }).shape).toEqual([2, 2, 2]);
    expect(np.split(np.arange(6).reshape([2, 3]), 3, { axis: 1 }).map((t) => t.shape)).toEqual([[2, 1], [2, 1], [2, 1]]);
    expect(host(np.take(M(), [2, 0], { axis: 1 }))).toEqual([2, 1, 4, 7]);
    expect(host(M().take([1], { axis: 0 }))).toEqual([7, 3, 4]);
    expect(np.squeeze(np.ones([1, 3, 1]), { axis: 0 }).shape).toEqual([3, 1]);
    expect(np.expandDims(np.ones([3]), { axis: -1 }).shape).toEqual([3, 1]);
  });

  it('the axis given twice, two options objects, unknown options, a non-boolean keepdims: ArgumentErrors naming the op', () => {
    expectError(() => np.sum(M(), 0, bad({ axis: 1 })), ArgumentError, /^np\.sum:/, 'axis is given twice');
    expectError(() => np.sum(M(), bad({ axis: 0 }), bad({ keepdims: true })), ArgumentError, /^np\.sum:/, 'two options objects');
    expectError(() => np.sum(M(), bad({ axis: 0, keepdim: true })), ArgumentError, /^np\.sum:/, "unknown option 'keepdim'", "'keepdims'");
    expectError(() => np.mean(M(), bad({ initial: 0 })), ArgumentError, /^np\.mean:/, "unknown option 'initial'");
    expectError(() => M().max(0, bad({ initail: 0 })), ArgumentError, /^np\.max:/, "unknown option 'initail'", "'initial'");
    expectError(() => np.softmax(M(), bad({ axis: 0, where: true })), ArgumentError, /^np\.softmax:/, "unknown option 'where'");
    expectError(() => np.var(M(), bad({ ddof: 1, correction: 1 })), ArgumentError, /^np\.var:/, "'correction'", "'ddof'");
    expectError(() => np.sum(M(), 0, bad({ keepdims: 1 })), ArgumentError, /^np\.sum:/, 'keepdims must be true or false', 'the number 1');
    expectError(() => np.sum(M(), bad('0')), ArgumentError, /^np\.sum:/, 'the string "0"');
    expectError(() => np.sum(M(), bad(np.array(0))), ArgumentError, /^np\.sum:/, 'static integers');
    expectError(() => np.argmax(M(), bad([0, 1])), ArgumentError, /^np\.argmax:/, 'must be an integer');
    expectError(() => np.concatenate([M(), M()], bad({ axis: 0, dtype: 'int32' })), ArgumentError, /^np\.concatenate:/, "unknown option 'dtype'");
    expectError(() => np.take(M(), [0], bad([0, 1])), ArgumentError, /^np\.take:/, 'one axis');
  });

  it('out-of-range axes in either form are ShapeErrors', () => {
    expectError(() => np.sum(M(), 2), ShapeError, /^np\.sum:/, 'axis 2', 'rank 2');
    expectError(() => M().mean({ axis: -3 }), ShapeError, /^np\.mean:/, 'axis -3');
    expectError(() => np.softmax(M(), { axis: 2 }), ShapeError, /^np\.softmax:/, 'axis 2');
    expectError(() => np.concatenate([M(), M()], { axis: 5 }), ShapeError, /^np\.concatenate:/, 'axis 5');
  });

  it('the call forms are typed: positional axis, options, both; two options objects do not type-check', () => {
    const x = np.ones([2, 3]);
    expectTypeOf(np.sum).toBeCallableWith(x, 0);
    expectTypeOf(np.sum).toBeCallableWith(x, [0, 1], { keepdims: true });
    expectTypeOf(np.sum).toBeCallableWith(x, { axis: 0, keepdims: true });
    expectTypeOf(x.mean).toBeCallableWith(1, { keepdims: true });
    expectTypeOf(x.var).toBeCallableWith(0, { ddof: 1 });
    expectTypeOf(np.argmax).toBeCallableWith(x, 1, { keepdims: true });
    expectTypeOf(np.softmax).toBeCallableWith(x, { axis: [0, 1] });
    expectTypeOf(np.nonzero(x, { size: 2 })).toEqualTypeOf<Tensor[]>();
    expectTypeOf(np.where(x.gt(0), 1, 2)).toEqualTypeOf<Tensor>();
    expectTypeOf(np.where(x.gt(0), { size: 2 })).toEqualTypeOf<Tensor[]>();
    // @ts-expect-error the axis belongs in one place: positionally or in the options, not both
    expect(() => np.sum(x, { axis: 0 }, { keepdims: true })).toThrow(ArgumentError);
    // @ts-expect-error argmax takes one axis
    expect(() => x.argmax([0, 1])).toThrow(ArgumentError);
  });

  it('random shapes and axes: sum/max/mean agree with the float64 oracle', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 12; trial++) {
      const shape = rng.shape(1, 4, 4);
      const data = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal());
      const x = np.array(data, { dtype: 'float64', shape });
      const axes = shape.map((_, d) => d).filter(() => rng.uniform() < 0.5);
      const ax = axes.length === 1 ? axes[0] : axes;
      const where = `shape [${shape}] axes [${axes}]`;
      close(host(np.sum(x, ax)), refReduce(data, shape, axes, (a, v) => a + v, 0), 1e-12);
      close(host(x.sum(ax, { keepdims: true })), refReduce(data, shape, axes, (a, v) => a + v, 0), 1e-12);
      expect(x.sum(ax, { keepdims: true }).shape, where).toEqual(shape.map((d, i) => (axes.includes(i) ? 1 : d)));
      close(host(np.max(x, { axis: ax })), refReduce(data, shape, axes, Math.max, -Infinity), 0);
      const n = axes.reduce((p, d) => p * shape[d], 1);
      close(host(x.mean(ax)), refReduce(data, shape, axes, (a, v) => a + v, 0).map((s) => s / n), 1e-12);
    }
  });

  it('under jit and vmap: positional axes trace to the same program as { axis }', () => {
    const x = np.array([[1, 5, 2], [7, 3, 4]]);
    expect(host(jit((v: Tensor) => v.sum(1))(x))).toEqual([8, 14]);
    expect(host(jit((v: Tensor) => np.max(v, 0, { keepdims: true }))(x))).toEqual([7, 5, 4]);
    const f = (v: Tensor) => np.softmax(v, { axis: 0 });
    const batched = vmap(f)(np.stack([x, x.mul(0.5)]));
    close(host(batched), [...host(f(x)), ...host(f(x.mul(0.5)))]);
    const g = (v: Tensor) => v.std(0, { ddof: 1 });
    close(host(vmap(g, { inAxes: 1 })(x)), [0, 1, 2].map((j) => host(g(np.take(x, [j], 1).reshape([2])))[0]));
  });

  it('gradients through positional and multi-axis forms match float64 finite differences', () => {
    const rng = new Rng(3);
    const cases: [string, (v: Tensor) => Tensor][] = [
      ['logSoftmax over axes [0, 2]', (v) => np.logSoftmax(v, [0, 2]).mul(np.arange(24).reshape([2, 3, 4]).astype('float64')).sum()],
      ['softmax { axis: 1 }', (v) => np.softmax(v, { axis: 1 }).square().sum()],
      ['std(x, 0, { ddof: 1 })', (v) => v.std(0, { ddof: 1 }).sum()],
      ['logsumexp(x, [1, 2], keepdims)', (v) => np.logsumexp(v, [1, 2], { keepdims: true }).sin().sum()],
      ['max(x, 1)', (v) => np.max(v, 1).square().sum()],
    ];
    for (const [name, f] of cases) {
      const x = normalF64(rng, [2, 3, 4]), t = normalF64(rng, [2, 3, 4]);
      const g = hostF64(grad(f)(x));
      const directional = g.reduce((s, gi, i) => s + gi * hostF64(t)[i], 0);
      const fd = finiteDifference(f, [x], [t], [0], 1e-4)[0][0];
      expect(relErr([directional], [fd]), name).toBeLessThanOrEqual(1e-7);
    }
  });
});

/** The oracle padded/truncated to `size` with `fill`. */
function refPadded(data: ArrayLike<number>, shape: number[], size: number, fill: number | number[]): number[][] {
  const flat: number[] = [];
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) flat.push(i);
  return shape.map((_, d) => {
    const stride = shape.slice(d + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: size }, (_, k) => (k < flat.length ? Math.floor(flat[k] / stride) % shape[d] : Array.isArray(fill) ? fill[d] : fill));
  });
}

describe('1b. prod, all, any and the nan-reductions follow the same convention', () => {
  it('a keepdims after a positional axis is honoured (it was silently ignored), and mistakes are named', async () => {
    await useBackend('cpu');
    const x = np.array([[1, 2], [3, 4]]);
    expect(await np.prod(x, 0, { keepdims: true }).toArray()).toEqual([[3, 8]]);
    expect(await np.prod(x, { axis: 1, keepdims: true }).toArray()).toEqual([[2], [12]]);
    expect(await np.all(x.gt(1), 1, { keepdims: true }).toArray()).toEqual([[false], [true]]);
    expect(await np.any(x.gt(3), 0, { keepdims: true }).toArray()).toEqual([[false, true]]);
    expect(await np.nanmax(x, 0, { keepdims: true }).toArray()).toEqual([[3, 4]]);
    expect(await np.nansum(x, [0, 1], { keepdims: true }).toArray()).toEqual([[10]]);
    expect(() => np.prod(x, 0, { axis: 1 } as never)).toThrow(/np\.prod: the axis is given twice/);
    expect(() => np.nanmean(x, 0, { keepdim: true } as never)).toThrow(errors.ArgumentError);
  });
});

describe('2. np.where(cond) / np.nonzero with a static size (np.where(cond) returned NaNs)', () => {
  it('known answers: 1-D, 2-D, padding, truncation, per-axis fill values', () => {
    const [i] = np.where(np.array([0, 5, 0, 7]), { size: 3 });
    expect(host(i)).toEqual([1, 3, 0]);
    expect(i.dtype).toBe('int32');
    const [r, c] = np.nonzero(np.array([[0, 3, 0], [4, 0, 5]]), { size: 4, fillValue: -1 });
    expect(host(r)).toEqual([0, 1, 1, -1]);
    expect(host(c)).toEqual([1, 0, 2, -1]);
    const [r2, c2] = np.nonzero(np.array([[0, 3, 0], [4, 0, 5]]), { size: 2 });
    expect([host(r2), host(c2)]).toEqual([[0, 1], [1, 0]]);
    const [r3, c3] = np.nonzero(np.zeros([2, 2]), { size: 2, fillValue: [7, 9] });
    expect([host(r3), host(c3)]).toEqual([[7, 7], [9, 9]]);
    expect(host(np.argwhere(np.array([[0, 3], [4, 0]]), { size: 2 }))).toEqual([0, 1, 1, 0]);
    expect(np.argwhere(np.array([[0, 3], [4, 0]]), { size: 2 }).shape).toEqual([2, 2]);
    expect(host(np.flatnonzero(np.array([[0, 3], [4, 0]]), { size: 3 }))).toEqual([1, 2, 0]);
  });

  it('bool conditions, NaN counts as non-zero, zero-size inputs and size 0', () => {
    expect(host(np.where(np.array([1, 2, 3]).gt(1), { size: 2 })[0])).toEqual([1, 2]);
    expect(host(np.nonzero(np.array([0, NaN, -0, 1]), { size: 3 })[0])).toEqual([1, 3, 0]);
    const [e] = np.nonzero(np.zeros([0]), { size: 2, fillValue: 4 });
    expect(host(e)).toEqual([4, 4]);
    expect(np.nonzero(np.ones([3]), { size: 0 })[0].shape).toEqual([0]);
  });

  it('agrees with the oracle on random masks of many lengths (not powers of two, long rows)', () => {
    const rng = new Rng(5);
    for (const shape of [[1], [7], [33], [2, 9], [3, 5, 7], [1000], [4, 257]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const p = rng.uniform(0.05, 0.9);
      const data = Float32Array.from({ length: n }, () => (rng.uniform() < p ? rng.int(1, 5) : 0));
      const x = np.array(data, { shape });
      for (const size of [1, Math.max(1, Math.floor(n / 3)), n + 2]) {
        const got = np.nonzero(x, { size, fillValue: -1 }).map(host);
        expect(got, `shape [${shape}] size ${size}`).toEqual(refPadded(data, shape, size, -1));
      }
    }
  });

  it('under jit (static size) and vmap (a batch of masks) it matches the eager result', () => {
    const x = np.array([[0, 3, 0, 1], [4, 0, 5, 0], [0, 0, 0, 0]]);
    const f = (v: Tensor) => np.nonzero(v, { size: 3, fillValue: -1 })[0];
    expect(host(jit(f)(np.reshape(x, [12])))).toEqual(host(f(np.reshape(x, [12]))));
    expect(host(vmap(f)(x))).toEqual([1, 3, -1, 0, 2, -1, -1, -1, -1]);
    const g = jit((v: Tensor) => np.argwhere(v, { size: 5 }));
    const [rows, cols] = refPadded(host(x), [3, 4], 5, 0);
    expect(host(g(x))).toEqual(rows.flatMap((r, k) => [r, cols[k]]));
  });

  it('without size: a named error explaining that output shapes must be static', () => {
    expectError(() => np.where(np.array([true, false])), ArgumentError, /^np\.where:/, 'static { size }', 'jit');
    expectError(() => np.nonzero(np.array([1, 0])), ArgumentError, /^np\.nonzero:/, 'static { size }', 'x.size');
    expectError(() => np.where(np.array([true]), bad(np.array([1]))), ArgumentError, /^np\.where:/, 'got x but no y');
    expectError(() => np.nonzero(np.array([1]), bad({ size: 2, fill_value: 0 })), ArgumentError, "unknown option 'fill_value'", "'fillValue'");
    expectError(() => np.nonzero(np.array([1]), { size: 2.5 }), ArgumentError, /^np\.nonzero:/, 'size', '2.5');
    expectError(() => np.nonzero(np.array(1), { size: 1 }), ShapeError, /^np\.nonzero:/, '0-d');
    expectError(() => np.nonzero(np.ones([2, 2]), { size: 1, fillValue: [0] }), ShapeError, 'fillValue has 1 entries', 'rank 2');
  });
});

describe('3. audit: arguments that were silently ignored or coerced', () => {
  it("np.array(x, 'int32') takes the dtype positionally, as jnp.array (the string was ignored: float32)", () => {
    const a = np.array([1, 2], 'int32');
    expect(a.dtype).toBe('int32');
    expectError(() => np.array([1], bad({ dtyp: 'int32' })), ArgumentError, /^np\.array:/, "unknown option 'dtyp'", "'dtype'");
    expectError(() => np.array([1], bad('int64')), DTypeError, /^np\.array:/, '"int64"');
    expect(np.array([1, 2], 'int8').dtype).toBe('int8');
  });

  it('random.uniform({ min, max }) (ignored: sampled [0, 1)) and random.normal({ dtyp })', () => {
    expectError(() => random.uniform(random.key(0), [2], bad({ min: -1, max: 1 })), ArgumentError, /^random\.uniform:/, "unknown option 'min'", "'minval'");
    expectError(() => random.normal(random.key(0), [2], bad({ dtyp: 'float64' })), ArgumentError, /^random\.normal:/, "unknown option 'dtyp'");
  });

  it('nn.initDense / initMlp / mlp options: unknown keys, non-boolean flags, a non-function activation', () => {
    const k = random.key(0);
    expectError(() => nn.initDense(k, 2, 3, bad({ init: 'he' })), ArgumentError, /^nn\.initDense:/, "unknown option 'init'", "'mode'");
    expectError(() => nn.initDense(k, 2, 3, bad({ zeroInit: 1 })), ArgumentError, /^nn\.initDense:/, 'zeroInit must be true or false');
    expectError(() => nn.initDense(k, 2.5, 3), ArgumentError, /^nn\.initDense:/, 'inDim', '2.5');
    expectError(() => nn.initMlp(k, [2, 3], bad({ zeroInit: true })), ArgumentError, /^nn\.initMlp:/, "unknown option 'zeroInit'", "'zeroInitLast'");
    expectError(() => nn.initMlp(k, [2, 0.5, 1]), ArgumentError, /^nn\.initMlp:/, 'sizes[1]');
    const p = nn.initMlp(k, [2, 3, 1]);
    expectError(() => nn.mlp(p, np.ones([1, 2]), bad({ act: nn.relu })), ArgumentError, /^nn\.mlp:/, "unknown option 'act'", "'activation'");
    expectError(() => nn.mlp(p, np.ones([1, 2]), bad({ activation: 'relu' })), ArgumentError, /^nn\.mlp:/, 'activation');
  });

  it('nn.layerNorm({ epsilon }) (ignored: eps 1e-5) and nn.timeEmbedding({ maxfreq })', () => {
    expectError(() => nn.layerNorm(np.ones([1, 3]), bad({ epsilon: 0.1 })), ArgumentError, /^nn\.layerNorm:/, "unknown option 'epsilon'", "'eps'");
    expectError(() => nn.timeEmbedding(np.ones([2]), 8, bad({ maxfreq: 10 })), ArgumentError, /^nn\.timeEmbedding:/, "unknown option 'maxfreq'");
    expectError(() => nn.timeEmbedding(np.ones([2]), 8, { maxFreq: 10, maxPeriod: 20 }), ArgumentError, 'disagree');
    expectError(() => nn.timeEmbedding(np.ones([2]), 7), ArgumentError, /^nn\.timeEmbedding:/, 'even');
  });

  it('nn.layerNorm gamma/beta of the wrong length and nn.dense of the wrong width name nn.*, not np.multiply / np.matmul', () => {
    expectError(() => nn.layerNorm(np.ones([2, 3]), { gamma: np.ones([4]) }), ShapeError, /^nn\.layerNorm:/, 'gamma is f32[4]', 'must be [3]');
    expectError(() => nn.layerNorm(np.ones([2, 3]), { beta: np.ones([2, 3]) }), ShapeError, /^nn\.layerNorm:/, 'beta');
    expectError(() => nn.dense(nn.initDense(random.key(0), 3, 2), np.ones([2, 4])), ShapeError, /^nn\.dense:/, 'takes 3 features');
    expect(nn.dense(nn.initDense(random.key(0), 3, 2), np.ones([3])).shape).toEqual([2]);
  });

  it('nn.initTimeMlp({ hiden }) (was NaN-sized layers) and nn.timeMlp({ R })', () => {
    const k = random.key(0);
    expectError(() => nn.initTimeMlp(k, bad({ dataDim: 2, hiden: 8, depth: 1, embedDim: 4 })), ArgumentError, /^nn\.initTimeMlp:/, "unknown option 'hiden'");
    expectError(() => nn.initTimeMlp(k, bad({ dataDim: 2, depth: 1, embedDim: 4 })), ArgumentError, /^nn\.initTimeMlp:/, 'hidden', 'undefined');
    const p = nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 1, embedDim: 4 });
    expectError(() => nn.timeMlp(p, np.ones([3, 2]), 0.5, undefined, bad({ R: 1 })), ArgumentError, /^nn\.timeMlp:/, "unknown option 'R'");
  });

  it('vmap(f, 1) (read as in_axes, but ignored: mapped axis 0) and unknown vmap options', () => {
    const f = (v: Tensor) => v.sum();
    expectError(() => vmap(f, bad(1)), ArgumentError, /^vmap:/, '{ inAxes: 1 }');
    expectError(() => vmap(f, bad({ in_axes: 1 })), ArgumentError, /^vmap:/, "unknown option 'in_axes'", "'inAxes'");
    expect(host(vmap(f, { inAxes: 1 })(np.array([[1, 2], [3, 4]])))).toEqual([4, 6]);
  });

  it('grad({ argnum: 1 }) (ignored: differentiated argument 0), jit({ static_argnums }), jacfwd({ argnum })', () => {
    const f = (a: Tensor, b: Tensor) => a.mul(b).sum();
    expectError(() => grad(f, bad<{ argnums?: 0 }>({ argnum: 1 })), ArgumentError, /^grad:/, "unknown option 'argnum'", "'argnums'");
    expectError(() => jit(f, bad({ static_argnums: [1] })), ArgumentError, /^jit:/, "unknown option 'static_argnums'", "'staticArgnums'");
    expectError(() => jacfwd((v: Tensor) => v, bad({ argnum: 0 })), ArgumentError, /^jacfwd:/, "'argnum'");
    expectError(() => jacrev((v: Tensor) => v, bad({ argnum: 0 })), ArgumentError, /^jacrev:/, "'argnum'");
    // The spelled-right options still work.
    expect(host(grad(f, { argnums: 1 })(np.array([2, 3]), np.array([1, 1])))).toEqual([2, 3]);
  });

  it('optim, facm, metrics and data options: a misspelt key is an error (adamw({ weight_decay }) trained with the default decay)', async () => {
    const k = random.key(0);
    expectError(() => optim.adamw(1e-3, bad({ weight_decay: 0.1 })), ArgumentError, /^optim\.adamw:/, "unknown option 'weight_decay'", "'weightDecay'");
    expectError(() => optim.adam(1e-3, bad({ beta1: 0.8 })), ArgumentError, /^optim\.adam:/, "'beta1'", "'b1'");
    expectError(() => optim.sgd(0.1, bad({ momentun: 0.9 })), ArgumentError, /^optim\.sgd:/, "'momentun'");
    expectError(() => optim.warmupCosine(1, 1, 10, bad({ endValue: 0 })), ArgumentError, /^optim\.warmupCosine:/, "'endValue'");
    const F = (x: Tensor) => x;
    const z = np.zeros([2, 2]);
    expectError(() => facm.eulerSample(F, z, 2, bad({ anchored: true })), ArgumentError, /^facm\.eulerSample:/, "'anchored'");
    expectError(() => facm.heunSample(F, z, 2, bad({ anchored: true })), ArgumentError, /^facm\.heunSample:/, "'anchored'");
    expectError(() => facm.facmLoss(F, z, np.zeros([2]), z, bad({ variant: 'aux' })), ArgumentError, /^facm\.facmLoss:/, "'aux'", "'auxiliary'");
    expectError(() => facm.sampleMeanFlowTimes(k, 4, bad({ fraction: 0.5 })), ArgumentError, /^facm\.sampleMeanFlowTimes:/, "'fraction'");
    await expect(metrics.mmd2(np.ones([3, 2]), np.ones([3, 2]), bad({ bandwidth: 1 }))).rejects.toThrow(/metrics\.mmd2: unknown option 'bandwidth'/);
    await expect(metrics.slicedWasserstein2(k, np.ones([3, 2]), np.ones([3, 2]), bad({ direction: 8 }))).rejects.toThrow(ArgumentError);
    await expect(metrics.modeCoverage(np.ones([3, 2]), np.eye(2), bad({ radious: 1 }))).rejects.toThrow(/'radious'/);
    expectError(() => data.twoMoons(k, 4, bad({ noize: 0.1 })), ArgumentError, /^data\.twoMoons:/, "'noize'", "'noise'");
    expectError(() => data.eightGaussians(k, 4, bad({ sigma: 0.1 })), ArgumentError, /^data\.eightGaussians:/, "'sigma'");
  });

  it('float index arrays are errors, not truncated', () => {
    expectError(() => np.take(np.arange(4), np.array([1.5])), DTypeError, /^np\.take:/, 'indices must be integers');
    expectError(() => np.take(np.arange(4), [1.5]), ArgumentError, /^np\.take:/, '1.5');
  });
});

describeWebGPU('issue 11 axis forms and nonzero on WebGPU', () => {
  beforeAll(async () => { await useBackend('webgpu'); });
  afterAll(async () => { await useBackend('cpu'); });
  const read = async (t: Tensor) => Array.from(await t.data() as ArrayLike<number>);

  it('reductions with positional axes, eager and jit, match the oracle', async () => {
    const rng = new Rng(9);
    const shape = [3, 5, 7];
    const data = Float32Array.from({ length: 105 }, () => rng.normal());
    const x = np.array(data, { shape });
    const sum1 = refReduce(data, shape, [1], (a, v) => a + v, 0);
    close(await read(np.sum(x, 1)), sum1, 1e-5);
    close(await read(x.sum(1, { keepdims: true })), sum1, 1e-5);
    close(await read(jit((v: Tensor) => v.max([0, 2]))(x)), refReduce(data, shape, [0, 2], Math.max, -Infinity), 0);
    expect(await read(np.argmax(x, 2))).toEqual(await read(jit((v: Tensor) => v.argmax({ axis: 2 }))(x)));
    const sm = await read(np.softmax(x, { axis: [0, 1] }));
    const s01 = refReduce(sm, shape, [0, 1], (a, v) => a + v, 0);
    close(s01, s01.map(() => 1), 1e-5);
  });

  it('nonzero eager and under jit matches the oracle (including long rows)', async () => {
    const rng = new Rng(11);
    for (const shape of [[9], [2, 150]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: n }, () => (rng.uniform() < 0.3 ? 1 : 0));
      const x = np.array(data, { shape });
      const size = Math.ceil(n / 2);
      const want = refPadded(data, shape, size, -1);
      const eager = await Promise.all(np.nonzero(x, { size, fillValue: -1 }).map(read));
      expect(eager).toEqual(want);
      const jitted = await Promise.all(jit((v: Tensor) => np.nonzero(v, { size, fillValue: -1 }))(x).map(read));
      expect(jitted).toEqual(want);
    }
  });
});
