/**
 * The jax.nn library: erf/erfinv, activations, softmax family, normalisation, oneHot,
 * dotProductAttention, optax losses, random.truncatedNormal and the initializers. Values are
 * checked against plain-JS float64 formulas or constants from mpmath/scipy; derivatives against
 * 5-point finite differences in float64 (jvp directly, vjp by the dot-product identity, and grad
 * of a jvp for attention, the FACM pattern); samplers by moments on 10⁵ samples with tolerances
 * of a few standard errors, far tighter than the gap to any plausible wrong formula.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, grad, jit, jvp, nn, np, random, vjp, vmap } from '../src/index.js';
import { Rng, f64, finiteDifference, host, relErr, dot, normalF64, awayFromZero } from './helpers/check.js';

const vals = (t: Tensor): number[] => Array.from(host(t));
const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
const arr = (xs: number[], dtype: 'float32' | 'float64' = 'float64') => np.array(xs, { dtype });

/** jvp along a random tangent matches finite differences, and vjp matches it by ⟨w, J t⟩ = ⟨Jᵀ w, t⟩. */
function checkDerivatives(f: (...xs: Tensor[]) => Tensor, args: Tensor[], seed = 1, tol = 1e-7): void {
  const rng = new Rng(seed);
  const ts = args.map((a) => normalF64(rng, a.shape));
  const [, jt] = jvp(f, args, ts);
  const fd = finiteDifference(f, args, ts, args.map((_, i) => i), 1e-3)[0];
  expect(relErr(host(jt as Tensor), fd)).toBeLessThan(tol);
  const [y, pull] = vjp(f, ...args);
  const w = normalF64(rng, (y as Tensor).shape);
  const cts = pull(w) as Tensor[];
  const lhs = dot(host(w), fd);
  const rhs = cts.reduce((s, c, i) => s + dot(host(c), host(ts[i])), 0);
  expect(Math.abs(lhs - rhs) / Math.max(1, Math.abs(lhs))).toBeLessThan(tol);
}

describe('np.erf, np.erfc, np.erfinv', () => {
  it('match mpmath to float64 accuracy, and float32 to a few ulp', () => {
    const xs = [0.1, 0.5, 1, 2, 3];
    const want = [0.1124629160182849, 0.52049987781304654, 0.84270079294971487, 0.99532226501895273, 0.99997790950300141];
    expect(maxAbs(vals(np.erf(arr(xs))), want)).toBeLessThan(3e-16);
    expect(maxAbs(vals(np.erf(arr(xs.map((x) => -x)))), want.map((w) => -w))).toBeLessThan(3e-16);
    expect(maxAbs(vals(np.erf(arr(xs, 'float32'))), want)).toBeLessThan(2e-7);
    // erfc keeps relative accuracy in the tail, where 1 − erf would be 0.
    const tail = vals(np.erfc(arr([3, 6, 10])));
    [2.209049699858544e-05, 2.1519736712498913e-17, 2.088487583762545e-45].forEach((w, i) => expect(Math.abs(tail[i] / w - 1)).toBeLessThan(1e-14));
    expect(vals(np.erfc(arr([-3])))[0]).toBeCloseTo(2 - 2.209049699858544e-05, 15);
    expect(vals(np.erf(arr([Infinity, -Infinity, NaN])))).toEqual([1, -1, NaN]);
  });

  it('erfinv inverts erf across (−1, 1) and is ±∞ at ±1, NaN outside', () => {
    const ys = [-0.999999, -0.5, -1e-10, 0, 0.3, 0.9, 0.99, 0.9999999, 1 - 1e-12, 1 - 1e-15];
    const want = [-3.458910737275498777, -0.47693627620446987, -8.8622692545275801e-11, 0, 0.27246271472675435,
      1.1630871536766741, 1.8213863677184496, 3.766562581638471, 5.042031898572696, 5.675915739744713];
    const got = vals(np.erfinv(arr(ys)));
    got.forEach((g, i) => expect(Math.abs(g - want[i])).toBeLessThanOrEqual(2e-15 * Math.max(1, Math.abs(want[i]))));
    const got32 = vals(np.erfinv(arr(ys.slice(0, 8), 'float32')));
    // float32 inputs are rounded first; compare with erf's inverse at the rounded points via erf.
    const back = vals(np.erf(arr(got32)));
    back.forEach((b, i) => expect(Math.abs(b - Math.fround(ys[i]))).toBeLessThan(3e-7));
    expect(vals(np.erfinv(arr([1, -1, 1.5])))).toEqual([Infinity, -Infinity, NaN]);
  });

  it('has derivative 2/√π·exp(−x²) (jvp and vjp against finite differences)', () => {
    const xs = arr([-2.5, -0.7, -0.49, 0, 0.3, 0.51, 1.2, 4]);
    const [, t] = jvp((x: Tensor) => np.erf(x), [xs], [np.onesLike(xs)]);
    expect(maxAbs(vals(t), vals(xs).map((x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x)))).toBeLessThan(1e-14);
    checkDerivatives((x) => np.erf(x), [xs]);
    checkDerivatives((y) => np.erfinv(y), [arr([-0.9, -0.3, 0.1, 0.6, 0.95])]);
  });
});

describe('activations', () => {
  const xs = [-3, -1.5, -0.3, 0.2, 0.9, 2.5];
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  const SA = 1.6732632423543772848170429916717, SS = 1.0507009873554804934193349852946;
  const cases: [string, (x: Tensor) => Tensor, (x: number) => number][] = [
    ['relu', nn.relu, (x) => Math.max(x, 0)],
    ['relu6', nn.relu6, (x) => Math.min(Math.max(x, 0), 6)],
    ['sigmoid', nn.sigmoid, sig],
    ['softplus', nn.softplus, (x) => Math.log1p(Math.exp(x))],
    ['logSigmoid', nn.logSigmoid, (x) => Math.log(sig(x))],
    ['silu', nn.silu, (x) => x * sig(x)],
    ['leakyRelu(0.1)', (x) => nn.leakyRelu(x, 0.1), (x) => (x >= 0 ? x : 0.1 * x)],
    ['elu(0.7)', (x) => nn.elu(x, 0.7), (x) => (x > 0 ? x : 0.7 * Math.expm1(x))],
    ['celu(2)', (x) => nn.celu(x, 2), (x) => Math.max(x, 0) + Math.min(0, 2 * Math.expm1(x / 2))],
    ['selu', nn.selu, (x) => SS * (x > 0 ? x : SA * Math.expm1(x))],
    ['gelu tanh', nn.gelu, (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)))],
    ['hardTanh', nn.hardTanh, (x) => Math.min(1, Math.max(-1, x))],
    ['softSign', nn.softSign, (x) => x / (Math.abs(x) + 1)],
  ];
  for (const [name, f, ref] of cases) {
    it(`${name}: values against the formula and derivatives against finite differences`, () => {
      expect(maxAbs(vals(f(arr(xs))), xs.map(ref))).toBeLessThan(1e-14);
      checkDerivatives(f, [arr(xs)]);
    });
  }

  it('gelu exact (approximate = false) matches x·Φ(x) from mpmath, and its derivative Φ(x) + x·φ(x)', () => {
    const x = [-3, -1, -0.5, 0.5, 1, 2.5];
    const want = [-0.0040496940948902836, -0.15865525393145705, -0.15426876936299345, 0.34573123063700655, 0.84134474606854295, 2.4844758366855597];
    expect(maxAbs(vals(nn.gelu(arr(x), false)), want)).toBeLessThan(1e-15);
    expect(maxAbs(vals(nn.gelu(arr(x, 'float32'), false)), want)).toBeLessThan(5e-7);
    checkDerivatives((t) => nn.gelu(t, false), [arr(x)]);
    // Φ(1) + φ(1) = 0.8413447460685429 + 0.24197072451914337
    const [, d] = jvp((t: Tensor) => nn.gelu(t, false), [arr([1])], [arr([1])]);
    expect(vals(d)[0]).toBeCloseTo(0.8413447460685429 + 0.24197072451914337, 14);
  });

  it('relu and relu6 have derivative 0 at their corners (as JAX), and the old np-based names still work', () => {
    const g = grad((x: Tensor) => nn.relu(x).sum().add(nn.relu6(x.add(6)).sum()));
    expect(vals(g(arr([0])))).toEqual([0]);
    expect(vals(nn.relu(np.array([-1, 2], { dtype: 'int32' })))).toEqual([0, 2]);
    expect(vals(np.softmax(arr([0, Math.log(3)])))).toEqual(vals(nn.softmax(arr([0, Math.log(3)]))));
    expect(vals(np.sigmoid(arr([0.3])))).toEqual(vals(nn.sigmoid(arr([0.3]))));
  });

  it('glu splits the axis in half: a·σ(b)', () => {
    const x = f64([2, 4], (i) => i / 3 - 1);
    const xv = vals(x);
    const want = [0, 1, 4, 5].map((i) => xv[i] * sig(xv[i + 2]));
    expect(maxAbs(vals(nn.glu(x)), want)).toBeLessThan(1e-15);
    expect(nn.glu(f64([4, 3], (i) => i), 0).shape).toEqual([2, 3]);
    checkDerivatives((t) => nn.glu(t), [x]);
    expect(() => nn.glu(f64([3], (i) => i))).toThrow(errors.ArgumentError);
  });

  it('reject bad options by name', () => {
    expect(() => nn.gelu(arr([1]), 'no' as never)).toThrow(/nn.gelu: approximate/);
    expect(() => nn.celu(arr([1]), 0)).toThrow(/nn.celu: alpha/);
    expect(() => nn.leakyRelu(arr([1]), NaN)).toThrow(/nn.leakyRelu: negativeSlope/);
  });
});

describe('softmax, logSoftmax, logsumexp, standardize, rmsNorm, oneHot', () => {
  it('softmax over one axis or several sums to 1 and matches exp(x)/Σexp(x)', () => {
    const x = f64([2, 3, 4], (i) => Math.sin(i) * 3);
    const xv = vals(x);
    const p01 = vals(nn.softmax(x, [0, 1]));
    for (let k = 0; k < 4; k++) {
      const idx = Array.from({ length: 6 }, (_, r) => r * 4 + k);
      const z = idx.reduce((s, i) => s + Math.exp(xv[i]), 0);
      idx.forEach((i) => expect(p01[i]).toBeCloseTo(Math.exp(xv[i]) / z, 14));
    }
    const ls = vals(nn.logSoftmax(x, 1)), p1 = vals(nn.softmax(x, 1));
    ls.forEach((l, i) => expect(l).toBeCloseTo(Math.log(p1[i]), 13));
    expect(vals(nn.softmax(arr([1000, 1000, -Infinity])))).toEqual([0.5, 0.5, 0]);
    expect(vals(nn.logsumexp(arr([0, Math.log(3)])))[0]).toBeCloseTo(Math.log(4), 14);
    checkDerivatives((t) => nn.softmax(t, [0, 2]), [x]);
    checkDerivatives((t) => nn.logSoftmax(t), [x]);
    expect(() => nn.softmax(x, 3)).toThrow(errors.ShapeError);
  });

  it('standardize and rmsNorm', () => {
    const x = f64([3, 4], (i) => Math.cos(i * 1.3) * 2 + i / 5);
    const xv = vals(x);
    const s = vals(nn.standardize(x, { epsilon: 0 }));
    const r = vals(nn.rmsNorm(x, { epsilon: 0, scale: arr([1, 2, 3, 4]) }));
    for (let row = 0; row < 3; row++) {
      const v = xv.slice(row * 4, row * 4 + 4);
      const m = v.reduce((a, b) => a + b) / 4, va = v.reduce((a, b) => a + (b - m) ** 2, 0) / 4;
      const rms = Math.sqrt(v.reduce((a, b) => a + b * b, 0) / 4);
      v.forEach((xi, j) => {
        expect(s[row * 4 + j]).toBeCloseTo((xi - m) / Math.sqrt(va), 13);
        expect(r[row * 4 + j]).toBeCloseTo((xi / rms) * (j + 1), 13);
      });
    }
    // Given mean and variance are used as they are (jax.nn.standardize's mean=/variance=).
    expect(vals(nn.standardize(arr([3]), { mean: 1, variance: 4, epsilon: 0 }))).toEqual([1]);
    checkDerivatives((t) => nn.standardize(t, { axis: [0, 1] }), [x]);
    checkDerivatives((t) => nn.rmsNorm(t), [x]);
  });

  it('oneHot: indicator vectors, any axis, out-of-range labels give zeros', () => {
    const y = np.array([0, 2, -1, 3], { dtype: 'int32' });
    expect(vals(nn.oneHot(y, 3))).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
    const t = nn.oneHot(y, 3, { axis: 0, dtype: 'int32' });
    expect(t.shape).toEqual([3, 4]);
    expect(t.dtype).toBe('int32');
    expect(vals(t)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]);
    expect(() => nn.oneHot(np.array([true]), 2)).toThrow(errors.DTypeError);
    expect(() => nn.oneHot(y, 2.5)).toThrow(/nn.oneHot: numClasses/);
  });
});

// ---------------------------------------------------------------------------------------------
// Attention

/** Plain-JS attention on [B, T, N, H] / [B, S, K, H] (the oracle). */
function attentionRef(q: Tensor, k: Tensor, v: Tensor, o: { bias?: Tensor; mask?: Tensor; causal?: boolean; scale?: number } = {}): number[] {
  const [B, T, N, H] = q.shape, [, S, K] = k.shape, Hv = v.shape[3];
  const G = N / K, qv = vals(q), kv = vals(k), vv = vals(v);
  const bias = o.bias ? vals(np.broadcastTo(o.bias, [B, N, T, S])) : undefined;
  const mask = o.mask ? vals(np.broadcastTo(o.mask, [B, N, T, S]).astype('float64')) : undefined;
  const scale = o.scale ?? 1 / Math.sqrt(H);
  const out = new Array(B * T * N * Hv).fill(0);
  for (let b = 0; b < B; b++) for (let n = 0; n < N; n++) for (let t = 0; t < T; t++) {
    const kh = Math.floor(n / G);
    const logits = Array.from({ length: S }, (_, s) => {
      let acc = 0;
      for (let h = 0; h < H; h++) acc += qv[((b * T + t) * N + n) * H + h] * kv[((b * S + s) * K + kh) * H + h];
      let l = acc * scale;
      const bi = ((b * N + n) * T + t) * S + s;
      if (bias) l += bias[bi];
      const keep = (!mask || mask[bi] === 1) && (!o.causal || s <= t);
      return keep ? l : -0.7 * Number.MAX_VALUE;
    });
    const m = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - m));
    const z = e.reduce((a, c) => a + c, 0);
    for (let h = 0; h < Hv; h++) {
      let acc = 0;
      for (let s = 0; s < S; s++) acc += (e[s] / z) * vv[((b * S + s) * K + kh) * Hv + h];
      out[((b * T + t) * N + n) * Hv + h] = acc;
    }
  }
  return out;
}

describe('nn.dotProductAttention', () => {
  const rng = new Rng(7);
  const B = 2, T = 3, S = 4, N = 4, K = 2, H = 5;
  const q = normalF64(rng, [B, T, N, H]), k = normalF64(rng, [B, S, K, H]), v = normalF64(rng, [B, S, K, 3]);
  const bias = normalF64(rng, [N, T, S]);
  const mask = np.array(Array.from({ length: B * 1 * T * S }, (_, i) => (i * 7) % 5 !== 0), { shape: [B, 1, T, S] });

  it('matches the plain float64 oracle: plain, scale, bias, mask, causal, grouped heads, no batch axis', () => {
    expect(maxAbs(vals(nn.dotProductAttention(q, k, v)), attentionRef(q, k, v))).toBeLessThan(1e-14);
    expect(maxAbs(vals(nn.dotProductAttention(q, k, v, { scale: 0.7 })), attentionRef(q, k, v, { scale: 0.7 }))).toBeLessThan(1e-14);
    const all = { bias, mask, isCausal: true };
    expect(maxAbs(vals(nn.dotProductAttention(q, k, v, all)), attentionRef(q, k, v, { bias, mask, causal: true }))).toBeLessThan(1e-14);
    expect(nn.dotProductAttention(q, k, v).shape).toEqual([B, T, N, 3]);
    // Rank 3: the same as batch 1.
    const q3 = np.slice(q, [0]), k3 = np.slice(k, [0]), v3 = np.slice(v, [0]);
    const r3 = nn.dotProductAttention(q3, k3, v3, { isCausal: true });
    expect(r3.shape).toEqual([T, N, 3]);
    expect(maxAbs(vals(r3), attentionRef(q3.reshape([1, T, N, H]), k3.reshape([1, S, K, H]), v3.reshape([1, S, K, 3]), { causal: true }))).toBeLessThan(1e-14);
  });

  it('gives a fully masked row uniform weights (JAX masks with a large finite negative, not −∞)', () => {
    const none = np.zeros([B, N, T, S], 'bool');
    const out = vals(nn.dotProductAttention(q, k, v, { mask: none }));
    expect(out.every(Number.isFinite)).toBe(true);
    expect(maxAbs(out, attentionRef(q, k, v, { mask: none }))).toBeLessThan(1e-14);
    // Uniform: the mean of v over keys for every query.
    const vv = vals(v);
    const meanV = (b: number, kh: number, h: number) => [0, 1, 2, 3].reduce((s, sI) => s + vv[((b * S + sI) * K + kh) * 3 + h], 0) / S;
    expect(out[((1 * T + 2) * N + 3) * 3 + 1]).toBeCloseTo(meanV(1, 1, 1), 14);
  });

  it('has jvp and vjp matching finite differences (with bias, mask and causal masking)', () => {
    const f = (a: Tensor, b: Tensor, c: Tensor, d: Tensor) => nn.dotProductAttention(a, b, c, { bias: d, mask, isCausal: true });
    checkDerivatives(f, [q, k, v, bias], 3, 1e-8);
  });

  it('grad of a function containing jvp through attention matches finite differences (the FACM pattern)', () => {
    const tr = new Rng(11);
    const tq = normalF64(tr, q.shape), tk = normalF64(tr, k.shape), tv = normalF64(tr, v.shape);
    const w = normalF64(tr, [B, T, N, 3]);
    // A loss on both the primal and the tangent output, as FACM's uses u and du/dt.
    const loss = (a: Tensor, b: Tensor, c: Tensor): Tensor => {
      const [y, dy] = jvp((x: Tensor, kk: Tensor, vv: Tensor) => nn.dotProductAttention(x, kk, vv, { isCausal: true }), [a, b, c], [tq, tk, tv]);
      return np.sum(dy.mul(w)).add(np.sum(y.square()));
    };
    const gs = grad(loss, { argnums: [0, 1, 2] })(q, k, v) as Tensor[];
    const d = [q, k, v].map((x) => normalF64(tr, x.shape));
    const fd = finiteDifference(loss, [q, k, v], d, [0, 1, 2], 1e-3)[0][0];
    const an = gs.reduce((s, g, i) => s + dot(host(g), host(d[i])), 0);
    expect(Math.abs(an - fd) / Math.max(1, Math.abs(fd))).toBeLessThan(1e-8);
  });

  it('works under vmap (an extra leading axis) and jit', () => {
    const qs = normalF64(rng, [2, B, T, N, H]);
    const f = (a: Tensor) => nn.dotProductAttention(a, k, v, { isCausal: true });
    const batched = vals(vmap(f)(qs));
    const looped = [0, 1].flatMap((i) => vals(f(np.slice(qs, [i]).reshape([B, T, N, H]))));
    expect(maxAbs(batched, looped)).toBeLessThan(1e-14);
    expect(maxAbs(vals(jit(f)(q)), vals(f(q)))).toBeLessThan(1e-14);
  });

  it('rejects mismatched shapes, dtypes and options with named errors', () => {
    expect(() => nn.dotProductAttention(q, normalF64(rng, [B, S, 3, H]), v)).toThrow(errors.ShapeError);
    expect(() => nn.dotProductAttention(q, k, v, { mask: np.ones([B, N, T, S]) })).toThrow(/mask must be bool/);
    expect(() => nn.dotProductAttention(q, k, v, { bias: np.ones([N, T, 5], 'float64') })).toThrow(errors.ShapeError);
    expect(() => nn.dotProductAttention(q.astype('float32'), k, v)).toThrow(errors.DTypeError);
    expect(() => nn.dotProductAttention(q, k, v, { causal: true } as never)).toThrow(/unknown option 'causal'/);
    expect(() => nn.dotProductAttention(np.ones([3, 4]), k, v)).toThrow(/rank 4/);
  });
});

// ---------------------------------------------------------------------------------------------
// Losses

describe('optax losses', () => {
  const logits = f64([3, 4], (i) => Math.sin(i * 0.9) * 2);
  const lv = vals(logits);
  const lse = (r: number) => Math.log([0, 1, 2, 3].reduce((s, j) => s + Math.exp(lv[r * 4 + j]), 0));

  it('softmaxCrossEntropy and the integer-label form agree with −log softmax[label]', () => {
    const labels = [2, 0, 3];
    const want = labels.map((c, r) => lse(r) - lv[r * 4 + c]);
    const intLoss = nn.softmaxCrossEntropyWithIntegerLabels(logits, np.array(labels, { dtype: 'int32' }));
    expect(maxAbs(vals(intLoss), want)).toBeLessThan(1e-14);
    const hot = nn.oneHot(np.array(labels, { dtype: 'int32' }), 4, { dtype: 'float64' });
    expect(maxAbs(vals(nn.softmaxCrossEntropy(logits, hot)), want)).toBeLessThan(1e-14);
    const soft = f64([3, 4], (i) => [0.1, 0.2, 0.3, 0.4][i % 4]);
    const wantSoft = [0, 1, 2].map((r) => [0, 1, 2, 3].reduce((s, j) => s - [0.1, 0.2, 0.3, 0.4][j] * (lv[r * 4 + j] - lse(r)), 0));
    expect(maxAbs(vals(nn.softmaxCrossEntropy(logits, soft)), wantSoft)).toBeLessThan(1e-14);
    checkDerivatives((l) => nn.softmaxCrossEntropy(l, soft), [logits]);
    checkDerivatives((l) => nn.softmaxCrossEntropyWithIntegerLabels(l, np.array(labels, { dtype: 'int32' })), [logits]);
    // The gradient of the integer form is softmax − onehot.
    const g = vals(grad((l: Tensor) => np.sum(nn.softmaxCrossEntropyWithIntegerLabels(l, np.array(labels, { dtype: 'int32' }))))(logits));
    const p = vals(nn.softmax(logits)), h = vals(hot);
    expect(maxAbs(g, p.map((pi, i) => pi - h[i]))).toBeLessThan(1e-15);
  });

  it('l2Loss, squaredError and huberLoss', () => {
    const p = arr([0.5, -3, 1.2, 2]), t = arr([0, 0, 1, -0.5]);
    const e = [0.5, -3, 0.2, 2.5];
    expect(maxAbs(vals(nn.l2Loss(p, t)), e.map((x) => 0.5 * x * x))).toBeLessThan(1e-15);
    expect(maxAbs(vals(nn.squaredError(p, t)), e.map((x) => x * x))).toBeLessThan(1e-15);
    expect(maxAbs(vals(nn.l2Loss(p)), vals(p).map((x) => 0.5 * x * x))).toBeLessThan(1e-15);
    const hub = (x: number, d: number) => (Math.abs(x) <= d ? 0.5 * x * x : d * (Math.abs(x) - 0.5 * d));
    expect(maxAbs(vals(nn.huberLoss(p, t)), e.map((x) => hub(x, 1)))).toBeLessThan(1e-15);
    expect(maxAbs(vals(nn.huberLoss(p, t, 2.6)), e.map((x) => hub(x, 2.6)))).toBeLessThan(1e-15);
    checkDerivatives((a, b) => nn.huberLoss(a, b), [p, t]);
    checkDerivatives((a, b) => nn.l2Loss(a, b), [p, t]);
  });

  it('names the mistakes', () => {
    expect(() => nn.softmaxCrossEntropy(logits, np.ones([3]))).toThrow(/WithIntegerLabels/);
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, np.ones([3]))).toThrow(errors.DTypeError);
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits, np.array([1, 2], { dtype: 'int32' }))).toThrow(errors.ShapeError);
    expect(() => nn.huberLoss(arr([1]), arr([0]), 0)).toThrow(/delta/);
  });
});

// ---------------------------------------------------------------------------------------------
// Samplers

const moments = (t: Tensor): { mean: number; variance: number; min: number; max: number } => {
  const v = vals(t);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, variance: v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length, min: Math.min(...v), max: Math.max(...v) };
};

describe('random.truncatedNormal and nn.initializers', () => {
  const n = 100_000;

  it('truncatedNormal has the truncated law\'s mean and variance (scipy) and stays inside the bounds', () => {
    // Standard errors at n = 1e5: mean ≤ 0.003, variance ≤ 0.004; tolerances are ~5 of them.
    for (const [lo, hi, mean, variance, dtype] of [
      [-2, 2, 0, 0.7737413035499232, 'float32'],
      [0, Infinity, 0.7978845608028654, 0.3633802276324186, 'float32'],
      [1, 3, 1.5100495132439835, 0.1734529049241228, 'float64'],
    ] as const) {
      const m = moments(random.truncatedNormal(random.key(3), lo, hi, [n], { dtype }));
      expect(Math.abs(m.mean - mean), `${lo}..${hi}`).toBeLessThan(0.012);
      expect(Math.abs(m.variance / variance - 1), `${lo}..${hi}`).toBeLessThan(0.025);
      expect(m.min).toBeGreaterThan(lo);
      expect(m.max).toBeLessThan(hi);
    }
    // The CDF at −1, 0, 1 for (−2, 2): 0.14238, 0.5, 0.85762 (scipy.stats.truncnorm).
    const v = vals(random.truncatedNormal(random.key(4), -2, 2, [n]));
    [[-1, 0.14238361], [0, 0.5], [1, 0.85761639]].forEach(([x, F]) =>
      expect(Math.abs(v.filter((s) => s <= x).length / n - F)).toBeLessThan(0.006));
    expect(() => random.truncatedNormal(random.key(0), 2, 1, [3])).toThrow(/lower < upper/);
  });

  it('the variance-scaling family has variance scale/fan with the right fan and law', () => {
    const shape = [500, 200]; // fan_in 500, fan_out 200, fan_avg 350
    const cases: [string, (s: number[]) => Tensor, number, 'normal' | 'uniform'][] = [
      ['glorotNormal', (s) => nn.initializers.glorotNormal()(random.key(1), s), 1 / 350, 'normal'],
      ['glorotUniform', (s) => nn.initializers.glorotUniform()(random.key(2), s), 1 / 350, 'uniform'],
      ['heNormal', (s) => nn.initializers.heNormal()(random.key(3), s), 2 / 500, 'normal'],
      ['heUniform', (s) => nn.initializers.heUniform()(random.key(4), s), 2 / 500, 'uniform'],
      ['lecunNormal', (s) => nn.initializers.lecunNormal()(random.key(5), s), 1 / 500, 'normal'],
      ['lecunUniform', (s) => nn.initializers.lecunUniform()(random.key(6), s), 1 / 500, 'uniform'],
    ];
    for (const [name, init, variance, law] of cases) {
      const w = init(shape);
      expect(w.shape, name).toEqual(shape);
      const m = moments(w);
      expect(Math.abs(m.mean) / Math.sqrt(variance), name).toBeLessThan(0.015);
      expect(Math.abs(m.variance / variance - 1), name).toBeLessThan(0.025);
      // Truncated normals stop at 2 (rescaled) standard units; uniforms at √3.
      const bound = law === 'uniform' ? Math.sqrt(3 * variance) : (2 / 0.87962566103423978) * Math.sqrt(variance);
      expect(Math.max(-m.min, m.max) / bound, name).toBeLessThanOrEqual(1);
      expect(Math.max(-m.min, m.max) / bound, name).toBeGreaterThan(0.98);
    }
    // A receptive field counts: a conv kernel [3, 3, 64, 128] has fan_in 3·3·64 = 576.
    const conv = moments(nn.initializers.heNormal()(random.key(9), [3, 3, 64, 128]));
    expect(Math.abs(conv.variance / (2 / 576) - 1)).toBeLessThan(0.025);
    expect(() => nn.initializers.heNormal()(random.key(0), [5])).toThrow(errors.ShapeError);
  });

  it('normal, uniform and truncatedNormal initializers', () => {
    const a = moments(nn.initializers.normal(0.5)(random.key(1), [n]));
    expect(Math.abs(a.variance / 0.25 - 1)).toBeLessThan(0.025);
    const u = moments(nn.initializers.uniform(2)(random.key(2), [n], 'float64'));
    expect(Math.abs(u.mean - 1)).toBeLessThan(0.015);
    expect(u.min).toBeGreaterThanOrEqual(0);
    expect(u.max).toBeLessThan(2);
    const t = moments(nn.initializers.truncatedNormal(0.1)(random.key(3), [n]));
    expect(Math.abs(t.variance / (0.01 * 0.7737413035499232) - 1)).toBeLessThan(0.025);
    expect(t.max).toBeLessThan(0.2);
    expect(nn.initializers.heUniform()(random.key(0), [4, 4], 'float64').dtype).toBe('float64');
    expect(() => nn.initializers.normal()(random.key(0), [2], 'int32')).toThrow(errors.DTypeError);
  });
});
