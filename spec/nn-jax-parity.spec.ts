/**
 * Parity of nn with jax.nn / Flax / optax where a JAX user found differences: the integer-label
 * cross-entropy with masked (−∞) logits, conv/dense layers without a bias, the exact gelu's
 * negative tail, dropout, integer-dtype initializers, batchNorm. Known answers are float64 values
 * from numpy/scipy (quoted) or plain-JS formulas.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, grad, jit, nn, np, random, vmap } from '../src/index.js';
import { Rng, finiteDifference, host, normalF64 } from './helpers/check.js';

const vals = (t: Tensor): number[] => Array.from(host(t));

describe('nn.softmaxCrossEntropyWithIntegerLabels as optax (take_along_axis)', () => {
  const logits = () => np.array([[1.5, -Infinity, 0.25], [0.3, 2.0, -1.0]], { dtype: 'float64' });

  it('a −∞ logit that is not the label costs nothing (no NaN), in value and gradient', () => {
    // scipy: logsumexp(l[i]) − l[i, y[i]]
    const loss = nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0, 1], { dtype: 'int32' }));
    const v = vals(loss);
    expect(v[0]).toBeCloseTo(0.25192908134537295, 12);
    expect(v[1]).toBeCloseTo(0.20902076654506008, 12);
    const g = vals(grad((l: Tensor) => np.sum(nn.softmaxCrossEntropyWithIntegerLabels(l, np.array([0, 1], { dtype: 'int32' }))))(logits()));
    const e0 = [Math.exp(1.5), 0, Math.exp(0.25)], s0 = e0[0] + e0[2];
    const e1 = [Math.exp(0.3), Math.exp(2), Math.exp(-1)], s1 = e1[0] + e1[1] + e1[2];
    const want = [e0[0] / s0 - 1, 0, e0[2] / s0, e1[0] / s1, e1[1] / s1 - 1, e1[2] / s1];
    want.forEach((w, i) => expect(g[i]).toBeCloseTo(w, 12));
    // under jit and vmap too
    const j = vals(jit((l: Tensor) => nn.softmaxCrossEntropyWithIntegerLabels(l, np.array([0, 1], { dtype: 'int32' })))(logits()));
    expect(j[0]).toBeCloseTo(v[0], 12);
    const vm = vals(vmap((l: Tensor, y: Tensor) => nn.softmaxCrossEntropyWithIntegerLabels(l, y))(logits(), np.array([0, 1], { dtype: 'int32' })));
    expect(vm[0]).toBeCloseTo(v[0], 12);
    expect(vm[1]).toBeCloseTo(v[1], 12);
  });

  it('negative labels count from the end; labels outside [−n, n) give NaN (take_along_axis fill mode)', () => {
    const v = vals(nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([-1, 3], { dtype: 'int32' })));
    expect(v[0]).toBeCloseTo(0.25192908134537295 + 1.25, 12); // logsumexp − 0.25
    expect(v[1]).toBeNaN();
    expect(vals(nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([-4, 2], { dtype: 'int32' })))[0]).toBeNaN();
    // the label axis need not be the last
    const t = vals(nn.softmaxCrossEntropyWithIntegerLabels(np.transpose(logits()), np.array([0, 1], { dtype: 'int32' }), { axis: 0 }));
    expect(t[1]).toBeCloseTo(0.20902076654506008, 12);
  });

  it('keeps its named errors', () => {
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0.5, 1]))).toThrow(errors.DTypeError);
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0, 1, 2], { dtype: 'int32' }))).toThrow(errors.ShapeError);
  });
});

describe('layers without a bias (flax use_bias=False) and with a kernel initializer', () => {
  it('nn.initConv({ useBias: false }) has no bias leaf: grads and optimisers see only the kernel; nn.conv adds none', async () => {
    const { optim, treeLeaves } = await import('../src/index.js');
    const p = nn.initConv(random.key(0), 3, 4, [3, 3], { useBias: false });
    expect(p.b).toBeNull();
    const x = random.normal(random.key(1), [2, 5, 5, 3]);
    const withZero = nn.conv({ w: p.w, b: np.zeros([4]) }, x);
    expect(vals(nn.conv(p, x))).toEqual(vals(withZero));
    const g = grad((q: typeof p) => nn.conv(q, x).square().mean())(p);
    expect(g.b).toBeNull();
    expect(treeLeaves(g).length).toBe(1);
    const opt = optim.adam(0.1);
    const [u] = opt.update(g, opt.init(p), p);
    const p2 = optim.applyUpdates(p, u) as typeof p;
    expect(p2.b).toBeNull();
    expect(jit((q: typeof p, t: Tensor) => nn.conv(q, t))(p, x).shape).toEqual([2, 5, 5, 4]);
    expect(nn.initConv(random.key(0), 3, 4, [3, 3]).b!.shape).toEqual([4]);
  });

  it('nn.initDense / nn.initMlp useBias: false and kernelInit', () => {
    const p = nn.initDense(random.key(0), 3, 2, { useBias: false });
    expect(p.b).toBeNull();
    expect(vals(nn.dense(p, np.ones([1, 3])))).toEqual(vals(np.sum(p.w, { axis: 0 })).map((v) => expect.closeTo(v, 6)));
    const g = grad((q: typeof p) => nn.dense(q, np.ones([1, 3])).sum())(p);
    expect(g.b).toBeNull();
    const layers = nn.initMlp(random.key(0), [3, 4, 2], { useBias: false });
    expect(layers.every((l) => l.b === null)).toBe(true);
    expect(nn.mlp(layers, np.ones([5, 3])).shape).toEqual([5, 2]);
    const k = nn.initDense(random.key(0), 3, 2, { kernelInit: nn.initializers.constant(0.5), dtype: 'float64' });
    expect(k.w.dtype).toBe('float64');
    expect(vals(k.w)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    const c = nn.initConv(random.key(0), 2, 3, [1], { kernelInit: nn.initializers.ones });
    expect(vals(c.w)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(() => nn.initDense(random.key(0), 3, 2, { kernelInit: 3 as never })).toThrow(errors.ArgumentError);
    expect(() => nn.initDense(random.key(0), 3, 2, { kernelInit: nn.initializers.ones, mode: 'he' })).toThrow(/kernelInit replaces mode/);
    expect(() => nn.dense({ w: np.ones([3, 2]), b: 1 as never }, np.ones([3]))).toThrow(errors.ArgumentError);
  });
});

describe('nn.gelu exact (approximate=false) as jax.nn.gelu: x·erfc(−x/√2)/2', () => {
  // scipy: x * erfc(-x / sqrt(2)) / 2, in float64 and float32
  const xs = [-5, -8, -10, -3, 1];
  const f64Want = [-1.4332578593959725e-06, -4.976768459417463e-15, -7.619853024160583e-23, -0.004049694094890288, 0.8413447460685429];
  const f32Want = [-1.4332578e-06, -4.9767683e-15, -7.619853e-23, -0.004049694, 0.8413448];
  it('keeps the negative tail in float64 and float32', () => {
    const g64 = vals(nn.gelu(np.array(xs, { dtype: 'float64' }), false));
    g64.forEach((v, i) => expect(Math.abs(v - f64Want[i]) / Math.abs(f64Want[i])).toBeLessThan(1e-13));
    const g32 = vals(nn.gelu(np.array(xs, { dtype: 'float32' }), false));
    g32.forEach((v, i) => expect(Math.abs(v - f32Want[i]) / Math.abs(f32Want[i])).toBeLessThan(1e-5));
    const j32 = vals(jit((t: Tensor) => nn.gelu(t, false))(np.array(xs, { dtype: 'float32' })));
    j32.forEach((v, i) => expect(Math.abs(v - f32Want[i]) / Math.abs(f32Want[i])).toBeLessThan(1e-5));
  });
  it('its derivative Φ(x) + x·φ(x) in the tail', () => {
    const d = vals(grad((t: Tensor) => np.sum(nn.gelu(t, false)))(np.array([-8, 0.5], { dtype: 'float64' })));
    // scipy: ndtr(x) + x * norm.pdf(x)
    expect(Math.abs(d[0] - -3.9796072610867965e-14) / 3.9796072610867965e-14).toBeLessThan(1e-10);
    expect(d[1]).toBeCloseTo(0.8674951246561629, 12);
  });
});

describe('normalisation epsilons (the documented defaults)', () => {
  it('nn.layerNorm and nn.standardize default to ε = 1e-5; eps: 1e-6 gives Flax LayerNorm values', () => {
    // numpy: c / sqrt(mean(c²) + ε) for [1, 2, 3]
    const x = np.array([[1, 2, 3]], { dtype: 'float64' });
    expect(vals(nn.layerNorm(x))[0]).toBeCloseTo(-1.2247356859083902, 12);
    expect(vals(nn.standardize(x))[0]).toBeCloseTo(-1.2247356859083902, 12);
    expect(vals(nn.layerNorm(x, { eps: 1e-6 }))[0]).toBeCloseTo(-1.224743952833969, 12);
  });
});

describe('nn.dropout as flax.linen.Dropout (inverted dropout)', () => {
  const key = random.key(7);
  it('keeps with probability 1 − rate and scales by 1/(1 − rate); rate 0, rate 1 and deterministic', () => {
    const x = np.full([20000], 3, { dtype: 'float64' });
    const x4 = np.full([4], 3, { dtype: 'float64' });
    const y = vals(nn.dropout(key, 0.25, x));
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 4) < 1e-12)).toBe(true); // 3 / 0.75
    // 5 standard errors of √(0.75·0.25/20000) ≈ 0.0031
    expect(Math.abs(kept.length / y.length - 0.75)).toBeLessThan(0.016);
    expect(vals(nn.dropout(key, 0, x4))).toEqual([3, 3, 3, 3]);
    expect(vals(nn.dropout(key, 0.9, x4, { deterministic: true }))).toEqual([3, 3, 3, 3]);
    expect(vals(nn.dropout(key, 1, x4))).toEqual([0, 0, 0, 0]);
    // the mask is bernoulli(key, 1 − rate) over x's shape, as Flax
    const mask = vals(random.bernoulli(key, 0.75, [20000]));
    expect(y.map((v) => (v !== 0 ? 1 : 0))).toEqual(mask);
  });

  it('is jit-, vmap- and grad-safe: the gradient is mask / (1 − rate)', () => {
    const x = random.normal(random.key(1), [6, 5]);
    const eager = vals(nn.dropout(key, 0.5, x));
    expect(vals(jit((k: Tensor, t: Tensor) => nn.dropout(k, 0.5, t))(key, x))).toEqual(eager);
    const g = vals(grad((t: Tensor) => np.sum(nn.dropout(key, 0.5, t)))(x));
    expect(g).toEqual(eager.map((v) => (v !== 0 ? 2 : 0)));
    const keys = random.split(key, 6);
    const per = vmap((k: Tensor, t: Tensor) => nn.dropout(k, 0.5, t))(keys, x);
    expect(per.shape).toEqual([6, 5]);
    const rows = vals(per);
    const row2 = vals(nn.dropout(np.take(keys, 2, { axis: 0 }), 0.5, np.take(x, 2, { axis: 0 })));
    expect(rows.slice(10, 15)).toEqual(row2);
  });

  it('named errors', () => {
    expect(() => nn.dropout(key, 1.5, np.ones([3]))).toThrow(errors.ArgumentError);
    expect(() => nn.dropout(key, 0.5, np.ones([3], { dtype: 'int32' }))).toThrow(errors.DTypeError);
    expect(() => nn.dropout(key, 0.5, np.ones([3]), { training: true } as never)).toThrow(errors.ArgumentError);
    expect(() => nn.dropout(np.ones([3]) as Tensor, 0.5, np.ones([3]))).toThrow(/random\.bernoulli|key/);
  });
});

describe('nn.initializers zeros/ones/constant take any dtype, as jax.nn.initializers', () => {
  it('integer and boolean dtypes (constant converts as jnp.full: 2.7 → 2 in int32)', () => {
    const k = random.key(0);
    const z = nn.initializers.zeros(k, [2, 2], 'int32');
    expect(z.dtype).toBe('int32');
    expect(vals(z)).toEqual([0, 0, 0, 0]);
    const o = nn.initializers.ones(k, [3], 'uint32');
    expect([o.dtype, ...vals(o)]).toEqual(['uint32', 1, 1, 1]);
    const c = nn.initializers.constant(2.7)(k, [2], 'int32');
    expect([c.dtype, ...vals(c)]).toEqual(['int32', 2, 2]);
    expect(nn.initializers.zeros(k, [1], 'bool').dtype).toBe('bool');
    // the random initializers still need a float dtype
    expect(() => nn.initializers.normal()(k, [2], 'int32')).toThrow(errors.DTypeError);
    expect(() => nn.initializers.zeros(k, [2], 'int7' as never)).toThrow(/nn\.initializers\.zeros/);
  });
});

describe('nn.batchNorm as flax.linen.BatchNorm (functional: params + running state)', () => {
  const x0 = () => np.array([[1, 2, 0.5], [3, -1, 0.25], [0, 0.5, 2], [2, 1.5, -1]], { dtype: 'float64' });
  const init = () => {
    const { params, state } = nn.initBatchNorm(3, { dtype: 'float64' });
    return { params: { scale: np.array([1.5, 0.5, 2], { dtype: 'float64' }), bias: np.array([0.1, -0.2, 0.3], { dtype: 'float64' }) }, state, p0: params };
  };

  it('training: batch statistics, and the running ones move by momentum (numpy float64 reference)', () => {
    const { params, state } = init();
    const [y, s] = nn.batchNorm(params, state, x0(), { training: true });
    const X = [[1, 2, 0.5], [3, -1, 0.25], [0, 0.5, 2], [2, 1.5, -1]];
    const sc = [1.5, 0.5, 2], bi = [0.1, -0.2, 0.3];
    const mu = [0, 1, 2].map((j) => X.reduce((a, r) => a + r[j], 0) / 4);
    const va = [0, 1, 2].map((j) => X.reduce((a, r) => a + (r[j] - mu[j]) ** 2, 0) / 4);
    const want = X.flatMap((r) => r.map((v, j) => ((v - mu[j]) / Math.sqrt(va[j] + 1e-5)) * sc[j] + bi[j]));
    vals(y).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
    vals(s.mean).forEach((v, j) => expect(v).toBeCloseTo(0.01 * mu[j], 14));
    vals(s.var).forEach((v, j) => expect(v).toBeCloseTo(0.99 + 0.01 * va[j], 14));
    // evaluation uses the running statistics and returns the state unchanged
    const [ye, se] = nn.batchNorm(params, s, x0(), { training: false, epsilon: 1e-3 });
    const m = vals(s.mean), v2 = vals(s.var);
    const wantE = X.flatMap((r) => r.map((v, j) => ((v - m[j]) / Math.sqrt(v2[j] + 1e-3)) * sc[j] + bi[j]));
    vals(ye).forEach((v, i) => expect(v).toBeCloseTo(wantE[i], 12));
    expect(se).toBe(s);
    // momentum option; jit equals eager
    const [, s5] = nn.batchNorm(params, state, x0(), { training: true, momentum: 0.5 });
    vals(s5.mean).forEach((v, j) => expect(v).toBeCloseTo(0.5 * mu[j], 14));
    const [yj] = jit((p: typeof params, st: typeof state, t: Tensor) => nn.batchNorm(p, st, t, { training: true }))(params, state, x0());
    vals(yj).forEach((v, i) => expect(v).toBeCloseTo(want[i], 12));
  });

  it('gradients match 5-point finite differences in float64 (training and eval), and the new state has none', () => {
    const { params, state } = init();
    const rng = new Rng(5);
    const w = normalF64(rng, [4, 3]);
    for (const training of [true, false]) {
      const f = (t: Tensor, sc: Tensor, b: Tensor) => np.sum(nn.batchNorm({ scale: sc, bias: b }, { mean: np.array([0.2, -0.1, 0.5], { dtype: 'float64' }), var: np.array([1.3, 0.7, 2], { dtype: 'float64' }) }, t, { training })[0].mul(w));
      const args = [x0(), params.scale, params.bias];
      const ts = args.map((a) => normalF64(rng, a.shape));
      const fd = finiteDifference(f, args, ts, [0, 1, 2], 1e-3)[0][0];
      const gs = [0, 1, 2].map((i) => vals((grad(f, { argnums: i } as never) as (...a: Tensor[]) => Tensor)(...args)));
      const dir = gs.reduce((acc, g, i) => acc + g.reduce((a, v, k) => a + v * vals(ts[i])[k], 0), 0);
      expect(Math.abs(dir - fd) / Math.max(1, Math.abs(fd))).toBeLessThan(1e-8);
    }
    const gState = grad((t: Tensor) => np.sum(nn.batchNorm(params, state, t, { training: true })[1].mean))(x0());
    expect(vals(gState).every((v) => v === 0)).toBe(true);
  });

  it('named errors', () => {
    const { params, state } = init();
    expect(() => nn.batchNorm(params, state, x0(), {} as never)).toThrow(/training: true/);
    expect(() => nn.batchNorm(params, state, np.ones([4, 2], { dtype: 'float64' }), { training: true })).toThrow(errors.ShapeError);
    expect(() => nn.batchNorm(params, state, x0(), { training: true, momentum: 2 })).toThrow(errors.ArgumentError);
    expect(() => nn.initBatchNorm(3, { dtype: 'int32' })).toThrow(errors.DTypeError);
  });
});
