/**
 * Convolution (issue 13) on the CPU interpreter: lax.convGeneralDilated against known answers
 * (worked by hand, as JAX computes them: cross-correlation, no kernel flip) and against an
 * independent reference written the other way round (the lhs dilated and padded explicitly into a
 * new array, then plain window sums) on random configurations; convTranspose, reduceWindow and the
 * nn layers against known answers; the TSDoc examples as written; and the named errors. Gradients,
 * vmap and WebGPU conformance of the same functions run in the shared tables (spec/helpers/conv-cases.ts).
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, grad, lax, nn, np, random } from '../src/index.js';
import { Rng, host, maxScaledDiff, normalF64 } from './helpers/check.js';
import { bad, expectError } from './helpers/expect-error.js';

const vals = (t: Tensor): number[] => Array.from(host(t));
const f64 = (xs: number[], shape: number[]) => np.array(xs, { dtype: 'float64', shape });

/**
 * The reference: operands transposed to [N, C, ...] / [O, I, ...]; the lhs dilated (zeros between
 * elements) and padded (cropped where negative) into a new array; then every output is the sum
 * over its group's channels and the window of that array at y·stride + k·rhsDilation.
 */
function reference(x: Float64Array, xs: number[], w: Float64Array, ws: number[], o: {
  strides: number[]; pads: [number, number][]; ld: number[]; rd: number[]; fg: number; bg: number;
}): { data: Float64Array; shape: number[] } {
  const nsp = xs.length - 2;
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  // Dilate and pad: new spatial sizes.
  const dil = xs.slice(2).map((n, d) => (n === 0 ? 0 : (n - 1) * o.ld[d] + 1));
  const padded = dil.map((n, d) => n + o.pads[d][0] + o.pads[d][1]);
  const [N, C] = xs, [O, I] = ws;
  const P = new Float64Array(N * C * size(padded));
  const unravel = (i: number, s: number[]) => { const r: number[] = []; for (let d = s.length - 1; d >= 0; d--) { r[d] = i % s[d]; i = Math.floor(i / s[d]); } return r; };
  const ravel = (ix: number[], s: number[]) => ix.reduce((a, v, d) => a * s[d] + v, 0);
  for (let i = 0; i < x.length; i++) {
    const [n, c, ...sp] = unravel(i, xs);
    const q = sp.map((v, d) => v * o.ld[d] + o.pads[d][0]);
    if (q.some((v, d) => v < 0 || v >= padded[d])) continue;
    P[ravel([n, c, ...q], [N, C, ...padded])] = x[i];
  }
  const ks = ws.slice(2).map((k, d) => (k - 1) * o.rd[d] + 1);
  const outSp = padded.map((p, d) => (p < ks[d] ? 0 : Math.floor((p - ks[d]) / o.strides[d]) + 1));
  const G = o.fg * o.bg, Nout = N / o.bg;
  const shape = [Nout, O, ...outSp];
  const out = new Float64Array(size(shape));
  for (let i = 0; i < out.length; i++) {
    const [n, f, ...y] = unravel(i, shape);
    const g = Math.floor(f / (O / G));
    let s = 0;
    for (let c = 0; c < I; c++) {
      for (let k = 0; k < size(ws.slice(2)); k++) {
        const kk = unravel(k, ws.slice(2));
        const pos = y.map((v, d) => v * o.strides[d] + kk[d] * o.rd[d]);
        const nb = o.bg > 1 ? g * Nout + n : n, cc = o.fg > 1 ? g * I + c : c;
        s += P[ravel([nb, cc, ...pos], [N, C, ...padded])] * w[ravel([f, c, ...kk], ws)];
      }
    }
    out[i] = s;
  }
  void nsp;
  return { data: out, shape };
}

describe('lax.convGeneralDilated: known answers', () => {
  it('1-d cross-correlation (the kernel is not flipped), VALID and SAME', () => {
    const x = f64([1, 2, 3, 4], [1, 1, 4]), w = f64([1, 0, -1], [1, 1, 3]);
    expect(vals(lax.convGeneralDilated(x, w, [1], 'VALID'))).toEqual([-2, -2]);
    expect(vals(lax.convGeneralDilated(x, w, [1], 'SAME'))).toEqual([-2, -2, -2, 3]);
  });
  it('2-d: a 3×3 box filter, SAME, stride 1 and 2 (SAME with stride 2 pads the end)', () => {
    const x = np.arange(16).astype('float64').reshape([1, 1, 4, 4]), w = np.ones([1, 1, 3, 3], 'float64');
    expect(vals(lax.convGeneralDilated(x, w, [1, 1], 'SAME'))).toEqual([10, 18, 24, 18, 27, 45, 54, 39, 51, 81, 90, 63, 42, 66, 72, 50]);
    // out 2×2: windows at rows/cols 0..2 and 2..4 (row/col 4 is padding).
    expect(vals(lax.convGeneralDilated(x, w, [2, 2], 'SAME'))).toEqual([45, 39, 66, 50]);
  });
  it('lhs dilation inserts zeros between input elements; rhs dilation spreads the kernel', () => {
    const x = f64([1, 2, 3], [1, 1, 3]);
    expect(vals(lax.convGeneralDilated(x, f64([1, 1], [1, 1, 2]), [1], 'VALID', { lhsDilation: [2] }))).toEqual([1, 2, 2, 3]);
    expect(vals(lax.convGeneralDilated(f64([1, 2, 3, 4, 5], [1, 1, 5]), f64([1, 10], [1, 1, 2]), [1], 'VALID', { rhsDilation: [2] })))
      .toEqual([31, 42, 53]);
  });
  it('feature groups: each group of input channels meets its own output channels', () => {
    // Two groups of one channel: out channel 0 = 2·x0, out channel 1 = 3·x1 (1×1 kernels).
    const x = f64([1, 2, 3, 10, 20, 30], [1, 2, 3]), w = f64([2, 3], [2, 1, 1]);
    expect(vals(lax.convGeneralDilated(x, w, [1], 'VALID', { featureGroupCount: 2 }))).toEqual([2, 4, 6, 30, 60, 90]);
  });
  it('batch groups: output channel group g reads batch slice g', () => {
    const x = f64([1, 2, 10, 20], [2, 1, 2]), w = f64([1, 1], [2, 1, 1]);
    expect(vals(lax.convGeneralDilated(x, w, [1], 'VALID', { batchGroupCount: 2 }))).toEqual([1, 2, 10, 20]);
  });
  it('NHWC/HWIO equals NCHW/OIHW on transposed operands', () => {
    const rng = new Rng(5);
    const x = normalF64(rng, [2, 5, 6, 3]), w = normalF64(rng, [3, 2, 3, 4]);
    const a = lax.convGeneralDilated(x, w, [2, 1], 'SAME', { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] });
    const b = lax.convGeneralDilated(np.transpose(x, [0, 3, 1, 2]), np.transpose(w, [3, 2, 0, 1]), [2, 1], 'SAME');
    expect(maxScaledDiff(host(a), host(np.transpose(b, [0, 2, 3, 1])))).toBeLessThan(1e-12);
  });
});

describe('lax.convGeneralDilated: random configurations against an independent reference', () => {
  const configs = Array.from({ length: 12 }, (_, i) => i);
  it.each(configs)('configuration %i', (i) => {
    const rng = new Rng(100 + i);
    const nsp = 1 + (i % 3);
    const fg = i % 4 === 1 ? 2 : 1, bg = i % 4 === 3 ? 2 : 1;
    const I = rng.int(1, 3), O = (fg * bg) * rng.int(1, 3), N = bg * rng.int(1, 3);
    const xs = [N, I * fg, ...Array.from({ length: nsp }, () => rng.int(3, 7))];
    const ws = [O, I, ...Array.from({ length: nsp }, () => rng.int(1, 4))];
    const o = {
      strides: Array.from({ length: nsp }, () => rng.int(1, 3)), ld: Array.from({ length: nsp }, () => rng.int(1, 3)),
      rd: Array.from({ length: nsp }, () => rng.int(1, 3)), pads: Array.from({ length: nsp }, () => [rng.int(-1, 3), rng.int(0, 3)] as [number, number]), fg, bg,
    };
    const x = normalF64(rng, xs), w = normalF64(rng, ws);
    const want = reference(host(x), xs, host(w), ws, o);
    const got = lax.convGeneralDilated(x, w, o.strides, o.pads, { lhsDilation: o.ld, rhsDilation: o.rd, featureGroupCount: fg, batchGroupCount: bg });
    expect(got.shape, JSON.stringify({ xs, ws, o })).toEqual(want.shape);
    expect(maxScaledDiff(host(got), want.data), JSON.stringify({ xs, ws, o })).toBeLessThan(1e-12);
  });
});

describe('lax.convTranspose', () => {
  it("JAX's default layout, SAME: the input dilated by the stride", () => {
    const y = lax.convTranspose(f64([1, 2, 3], [1, 3, 1]), f64([1, 1, 1], [3, 1, 1]), [2], 'SAME');
    expect(y.shape).toEqual([1, 6, 1]);
    expect(vals(y)).toEqual([1, 1, 3, 2, 5, 3]);
  });
  it('with transposeKernel it is the gradient of the strided convolution w.r.t. its input', () => {
    const rng = new Rng(3);
    const x = normalF64(rng, [2, 8, 8, 3]), w = normalF64(rng, [3, 3, 3, 4]);
    const dn: [string, string, string] = ['NHWC', 'HWIO', 'NHWC'];
    const ct = normalF64(rng, [2, 4, 4, 4]);
    const g = grad((a: Tensor) => lax.convGeneralDilated(a, w, [2, 2], 'SAME', { dimensionNumbers: dn }).mul(ct).sum())(x);
    const t = lax.convTranspose(ct, w, [2, 2], 'SAME', { dimensionNumbers: dn, transposeKernel: true });
    expect(t.shape).toEqual(g.shape);
    expect(maxScaledDiff(host(t), host(g))).toBeLessThan(1e-12);
  });
});

describe('lax.reduceWindow', () => {
  const x = np.arange(16).astype('float64').reshape([4, 4]);
  it('max, sum and min with strides and padding', () => {
    expect(vals(lax.reduceWindow(x, -Infinity, lax.max, [2, 2], [2, 2], 'VALID'))).toEqual([5, 7, 13, 15]);
    expect(vals(lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], 'SAME'))).toEqual([10, 14, 18, 10, 26, 30, 34, 18, 42, 46, 50, 26, 25, 27, 29, 15]);
    expect(vals(lax.reduceWindow(x, Infinity, 'min', [1, 3], [1, 1], [[0, 0], [1, 1]]))).toEqual([0, 0, 1, 2, 4, 4, 5, 6, 8, 8, 9, 10, 12, 12, 13, 14]);
  });
  it('window dilation skips elements; a NaN in a window gives NaN', () => {
    expect(vals(lax.reduceWindow(f64([1, 9, 2, 8, 3], [5]), -Infinity, lax.max, [2], [1], 'VALID', null, [2]))).toEqual([2, 9, 3]);
    expect(vals(lax.reduceWindow(f64([1, NaN, 2, 3], [4]), -Infinity, lax.max, [2], [2], 'VALID'))).toEqual([NaN, 3]);
  });
  it("max's gradient goes to the first largest element of each window (select-and-scatter)", () => {
    const y = f64([1, 3, 3, 0, 2, 2], [6]);
    // Windows [1,3], [3,3], [3,0], [0,2], [2,2] (stride 1): the first maximum of each.
    expect(vals(grad((a: Tensor) => lax.reduceWindow(a, -Infinity, lax.max, [2], [1], 'VALID').sum())(y))).toEqual([0, 2, 1, 0, 2, 0]);
  });
});

describe('nn: convolution layers, pooling, upsampling (the TSDoc examples)', () => {
  it('nn.initConv / nn.conv', () => {
    const p = nn.initConv(random.key(0), 3, 8, [3, 3]);
    expect(p.w.shape).toEqual([3, 3, 3, 8]);
    expect(p.b.shape).toEqual([8]);
    expect(nn.conv(p, np.ones([2, 16, 16, 3])).shape).toEqual([2, 16, 16, 8]);
    expect(nn.conv(p, np.ones([2, 16, 16, 3]), { strides: [2, 2] }).shape).toEqual([2, 8, 8, 8]);
    // LeCun normal over fan-in = 3·3·16: the sample variance is near 1/144.
    const big = nn.initConv(random.key(1), 16, 64, [3, 3]);
    const v = host(big.w).reduce((s, a) => s + a * a, 0) / big.w.size;
    expect(v * 144).toBeGreaterThan(0.85);
    expect(v * 144).toBeLessThan(1.15);
  });
  it('nn.conv 1-d with groups equals lax.convGeneralDilated plus the bias', () => {
    const rng = new Rng(9);
    const p = { w: normalF64(rng, [3, 2, 6]), b: normalF64(rng, [6]) };
    const x = normalF64(rng, [2, 7, 4]);
    const want = lax.convGeneralDilated(x, p.w, [1], 'SAME', { dimensionNumbers: ['NHC', 'HIO', 'NHC'], featureGroupCount: 2 }).add(p.b);
    expect(maxScaledDiff(host(nn.conv(p, x, { featureGroupCount: 2 })), host(want))).toBe(0);
  });
  it('nn.maxPool / nn.avgPool', () => {
    const x = np.arange(16).astype('float32').reshape([1, 4, 4, 1]);
    expect(vals(nn.maxPool(x, [2, 2], [2, 2]))).toEqual([5, 7, 13, 15]);
    expect(nn.avgPool(np.ones([1, 4, 4, 2]), [2, 2], [2, 2]).shape).toEqual([1, 2, 2, 2]);
    expect(vals(nn.avgPool(x, [2, 2], [2, 2]))).toEqual([2.5, 4.5, 10.5, 12.5]);
    // SAME 3×3 at a corner: 4 real elements; the mean of them, or their sum over 9.
    const ones = np.ones([1, 3, 3, 1], 'float64');
    expect(vals(nn.avgPool(ones, [3, 3], [1, 1], 'SAME', { countIncludePad: false }))).toEqual(new Array(9).fill(1));
    expect(vals(nn.avgPool(ones, [3, 3], [1, 1], 'SAME'))[0]).toBeCloseTo(4 / 9, 12);
  });
  it('nn.upsample nearest and bilinear', () => {
    expect(nn.upsample(np.ones([1, 2, 2, 3]), [2, 2]).shape).toEqual([1, 4, 4, 3]);
    expect(vals(nn.upsample(f64([1, 2], [1, 2, 1]), [2]))).toEqual([1, 1, 2, 2]);
    expect(vals(nn.upsample(np.array([0, 1], { dtype: 'float64' }).reshape([1, 2, 1]), [2], 'bilinear'))).toEqual([0, 0.25, 0.75, 1]);
    // 2-d bilinear of a ramp along W: rows are the 1-d answer.
    const r = nn.upsample(f64([0, 1, 0, 1], [1, 2, 2, 1]), [2, 2], 'bilinear');
    expect(r.shape).toEqual([1, 4, 4, 1]);
    expect(vals(r).slice(0, 4)).toEqual([0, 0.25, 0.75, 1]);
  });
});

describe('named errors', () => {
  const x = np.ones([1, 3, 5, 5]), w = np.ones([4, 3, 3, 3]);
  it('channel mismatch names the shapes and the fix', () => {
    expectError(() => lax.convGeneralDilated(x, np.ones([4, 2, 3, 3]), [1, 1], 'SAME'), errors.ShapeError, '[1, 3, 5, 5]', '[4, 2, 3, 3]', 'dimension numbers');
  });
  it('rank mismatch, bad dimension numbers, bad padding, unknown options', () => {
    expectError(() => lax.convGeneralDilated(x, np.ones([4, 3, 3]), [1, 1], 'SAME'), errors.ShapeError, 'same rank');
    expectError(() => lax.convGeneralDilated(x, w, [1, 1], 'SAME', { dimensionNumbers: ['NCHW', 'OIHW', 'NCH'] }), errors.ShapeError, '4 letters');
    expectError(() => lax.convGeneralDilated(x, w, [1, 1], 'SAME', { dimensionNumbers: ['NCHW', 'OIXW', 'NCHW'] }), errors.ShapeError, 'spatial');
    expectError(() => lax.convGeneralDilated(x, w, [1, 1], bad('FULL')), errors.ArgumentError, 'padding');
    expectError(() => lax.convGeneralDilated(x, w, [1], 'SAME'), errors.ArgumentError, 'windowStrides', '2 positive integers');
    expectError(() => lax.convGeneralDilated(x, w, [1, 1], 'SAME', bad({ groups: 2 })), errors.ArgumentError, "unknown option 'groups'");
    expectError(() => lax.convGeneralDilated(x, w, [1, 1], 'SAME', { featureGroupCount: 2, batchGroupCount: 2 }), errors.ShapeError, 'at most one');
  });
  it('integer operands are a DTypeError; reduceWindow rejects other computations', () => {
    expectError(() => lax.convGeneralDilated(x.astype('int32'), w.astype('int32'), [1, 1], 'SAME'), errors.DTypeError, 'floating-point');
    expectError(() => lax.reduceWindow(x, 0, bad((a: Tensor) => a), [1, 1, 2, 2], null), errors.ArgumentError, 'lax.add, lax.max or lax.min');
    expectError(() => nn.maxPool(np.ones([4, 4]), [2, 2]), errors.ShapeError, 'spatial');
    expectError(() => nn.conv(nn.initConv(random.key(0), 3, 4, [3, 3]), np.ones([5, 5, 3])), errors.ShapeError, 'batch axis');
  });
});
