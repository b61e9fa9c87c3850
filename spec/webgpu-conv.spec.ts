/**
 * Convolution on WebGPU (issue 13): the implicit-im2col matmul kernel against the CPU interpreter
 * on fresh random float32 inputs, at sizes that fill whole tiles and leave remainders, over random
 * strides, padding (SAME/VALID/explicit, negative too), lhs and rhs dilation, feature and batch
 * groups, NCHW/NHWC/mixed layouts, 1-, 2- and 3-d; the same for gradients (jit(grad)), convTranspose,
 * pooling, upsampling and the nn layer; and the fusion promise: a conv layer with its bias and SiLU
 * is one kernel, its input gradient and kernel gradient one kernel each.
 */
import { expect, it } from 'vitest';
import { Tensor, grad, jit, kernelsOf, lax, nn, np, useBackend } from '../src/index.js';
import type { ConvGeneralDilatedOptions, ConvPadding } from '../src/primitives/lax.js';
import { Rng } from './helpers/check.js';
import { relativeError } from './helpers/compare.js';
import { type HostArray, toHost, upload } from './helpers/host-arrays.js';
import { describeWebGPU } from './helpers/webgpu.js';

const f32 = (rng: Rng, shape: number[]): Tensor =>
  np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), { dtype: 'float32', shape });

/** fn on the CPU (the oracle) and on WebGPU, eager and under jit, on the same inputs. */
async function conforms(fn: (...xs: Tensor[]) => Tensor, args: Tensor[], where: string, tol = 1e-4, eager = true): Promise<void> {
  await useBackend('cpu');
  const hostArgs: HostArray[] = args.map(toHost);
  const want = toHost(fn(...args));
  await useBackend('webgpu');
  for (const [mode, f] of [...(eager ? [['eager', fn]] as const : []), ['jit', jit(fn)]] as const) {
    const got = f(...hostArgs.map(upload));
    expect(got.shape, `${where} (${mode}) shape`).toEqual(want.aval.shape);
    const data = await got.data();
    expect(relativeError(data, want.data), `${where} (${mode})`).toBeLessThanOrEqual(tol);
  }
}

interface Config { lhs: number[]; rhs: number[]; strides: number[]; padding: ConvPadding; opts: ConvGeneralDilatedOptions }

/** A random configuration: layout, rank, sizes, strides, padding, dilations and groups drawn per seed. */
function randomConfig(rng: Rng): Config {
  const nsp = rng.pick([1, 2, 2, 2, 3]);
  const letters = ['H', 'W', 'D'].slice(0, nsp).join('');
  const layout = rng.pick(['first', 'last', 'mixed'] as const);
  const lhsSpec = layout === 'first' ? `NC${letters}` : `N${letters}C`;
  const rhsSpec = layout === 'last' ? `${letters}IO` : `OI${letters}`;
  const outSpec = layout === 'mixed' ? `NC${letters}` : lhsSpec;
  const groups = rng.pick([1, 1, 2, 3]);
  const batchGroups = groups === 1 && rng.int(0, 4) === 0 ? 2 : 1;
  const I = rng.int(1, 6), O = groups * batchGroups * rng.int(1, 9), N = batchGroups * rng.int(1, 4);
  const sp = Array.from({ length: nsp }, () => rng.int(nsp === 3 ? 3 : 5, nsp === 3 ? 7 : 14));
  const ks = Array.from({ length: nsp }, () => rng.int(1, 4));
  const place = (spec: string, sizes: Record<string, number>) => [...spec].map((c) => sizes[c]);
  const spatial = Object.fromEntries([...letters].map((c, i) => [c, sp[i]]));
  const kernel = Object.fromEntries([...letters].map((c, i) => [c, ks[i]]));
  const padding: ConvPadding = rng.pick(['SAME', 'VALID', 'explicit'] as const) === 'explicit'
    ? Array.from({ length: nsp }, () => [rng.int(-1, 3), rng.int(0, 3)] as [number, number])
    : rng.pick(['SAME', 'VALID'] as const);
  return {
    lhs: place(lhsSpec, { N, C: I * groups, ...spatial }), rhs: place(rhsSpec, { O, I, ...kernel }),
    strides: Array.from({ length: nsp }, () => rng.int(1, 3)), padding,
    opts: {
      dimensionNumbers: [lhsSpec, rhsSpec, outSpec], featureGroupCount: groups, batchGroupCount: batchGroups,
      lhsDilation: Array.from({ length: nsp }, () => (rng.int(0, 4) === 0 ? 2 : 1)),
      rhsDilation: Array.from({ length: nsp }, () => (rng.int(0, 3) === 0 ? 2 : 1)),
    },
  };
}

/** The conv of `cfg` uses the windowed loop (where the adapter runs the subgroup kernel) and matches the CPU with its gradients. */
async function windowedConforms(cfg: Config, rng: Rng): Promise<void> {
  const where = JSON.stringify(cfg);
  const conv = (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, cfg.strides, cfg.padding, cfg.opts);
  const x = f32(rng, cfg.lhs), w = f32(rng, cfg.rhs);
  const ct = f32(rng, [...conv(x, w).shape]);
  await useBackend('webgpu');
  const [kernel] = kernelsOf(jit(conv), upload(toHost(x)), upload(toHost(w))).filter((k) => k.name.startsWith('CONV_'));
  if (kernel.wgsl.includes('subgroupBroadcast')) expect(kernel.wgsl, `${where}: the windowed loop`).toMatch(/for \(var mm_w = 0u;/);
  await conforms(conv, [x, w], `${where} value`);
  await conforms((a, b, t) => grad((q: Tensor) => conv(q, b).mul(t).sum())(a), [x, w, ct], `${where} d/dlhs`, 1e-4, false);
  await conforms((a, b, t) => grad((q: Tensor) => conv(a, q).mul(t).sum())(b), [x, w, ct], `${where} d/drhs`, 1e-4, false);
}

describeWebGPU('convolution on WebGPU matches the CPU interpreter', () => {
  it.each(Array.from({ length: 12 }, (_, i) => i))('random configuration %i: value, input gradient, kernel gradient', async (i) => {
    await useBackend('cpu');
    const rng = new Rng(1300 + i);
    const c = randomConfig(rng);
    const where = JSON.stringify(c);
    const conv = (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, c.strides, c.padding, c.opts);
    const x = f32(rng, c.lhs), w = f32(rng, c.rhs);
    const outShape = conv(x, w).shape;
    const ct = f32(rng, [...outShape]);
    await conforms(conv, [x, w], `${where} value`);
    await conforms((a, b, t) => grad((q: Tensor) => conv(q, b).mul(t).sum())(a), [x, w, ct], `${where} d/dlhs`, 1e-4, false);
    await conforms((a, b, t) => grad((q: Tensor) => conv(a, q).mul(t).sum())(b), [x, w, ct], `${where} d/drhs`, 1e-4, false);
  });

  // Channels-last input with a multiple of 8 input features, an HWIO-like kernel and no lhs
  // dilation: the subgroup kernel's windowed A loops (window positions outside, 8 channels inside,
  // compiler/matmul.ts), with random strides, padding, rhs dilation, groups, 1-3 d, either output layout.
  it.each(Array.from({ length: 8 }, (_, i) => i))('windowed lhs reads, configuration %i: value, input gradient, kernel gradient', async (i) => {
    await useBackend('cpu');
    const rng = new Rng(2600 + i);
    const c = randomConfig(rng);
    const nsp = c.strides.length;
    const letters = ['H', 'W', 'D'].slice(0, nsp).join('');
    const groups = c.opts.featureGroupCount!, batchGroups = c.opts.batchGroupCount!, I = rng.pick([8, 16, 24]);
    const O = groups * batchGroups * rng.int(1, 5), N = batchGroups * rng.int(1, 3);
    const sp = Array.from({ length: nsp }, () => rng.int(nsp === 3 ? 3 : 5, nsp === 3 ? 7 : 14));
    const ks = Array.from({ length: nsp }, () => rng.int(1, 4));
    const cfg: Config = {
      ...c, lhs: [N, ...sp, I * groups], rhs: [...ks, I, O],
      opts: { ...c.opts, dimensionNumbers: [`N${letters}C`, `${letters}IO`, rng.pick([`N${letters}C`, `NC${letters}`])], lhsDilation: Array.from({ length: nsp }, () => 1) },
    };
    await windowedConforms(cfg, rng);
  });

  it('windowed lhs reads of an NCHW layer (its input copied channels-last by the compiler)', async () => {
    await useBackend('cpu');
    await windowedConforms({ lhs: [2, 16, 12, 12], rhs: [32, 16, 3, 3], strides: [1, 1], padding: 'SAME', opts: { dimensionNumbers: ['NCHW', 'OIHW', 'NCHW'] } }, new Rng(2700));
  });

  it('a conv layer big enough for whole tiles (NHWC 3×3 SAME, 16→32 channels), forward and backward', async () => {
    await useBackend('cpu');
    const rng = new Rng(7);
    const p = { w: f32(rng, [3, 3, 16, 32]), b: f32(rng, [32]) };
    const x = f32(rng, [4, 12, 12, 16]);
    const loss = (w: Tensor, b: Tensor, a: Tensor) => nn.silu(nn.conv({ w, b }, a)).mul(nn.conv({ w, b }, a)).mean();
    await conforms((w, b, a) => nn.silu(nn.conv({ w, b }, a)), [p.w, p.b, x], 'forward');
    await conforms((w, b, a) => grad(loss)(w, b, a), [p.w, p.b, x], 'd/dw', 1e-4, false);
    await conforms((w, b, a) => grad(loss, { argnums: 2 })(w, b, a), [p.w, p.b, x], 'd/dx', 1e-4, false);
  });

  it('convTranspose, pooling and upsampling', async () => {
    await useBackend('cpu');
    const rng = new Rng(8);
    const x = f32(rng, [2, 9, 7, 6]);
    await conforms((a, w) => lax.convTranspose(a, w, [2, 2], 'SAME'), [x, f32(rng, [3, 3, 6, 5])], 'convTranspose');
    await conforms((a) => nn.maxPool(a, [3, 3], [2, 2], 'SAME'), [x], 'maxPool', 0);
    await conforms((a) => grad((q: Tensor) => nn.maxPool(q, [2, 2], [2, 2]).mul(q.sum()).sum())(a), [x], 'maxPool gradient', 1e-4, false);
    await conforms((a) => nn.avgPool(a, [3, 2], [1, 2], 'SAME', { countIncludePad: false }), [x], 'avgPool', 1e-5);
    await conforms((a) => nn.upsample(a, [2, 3], 'bilinear'), [x], 'upsample bilinear', 1e-5);
    await conforms((a) => nn.upsample(a, [2, 2]), [x], 'upsample nearest', 0);
  });

  it('fusion: conv + bias + SiLU is one kernel; its gradients w.r.t. the input and the kernel are conv kernels', async () => {
    await useBackend('cpu');
    const rng = new Rng(9);
    const p = { w: f32(rng, [3, 3, 8, 16]), b: f32(rng, [16]) };
    const x = f32(rng, [2, 10, 10, 8]);
    await useBackend('webgpu');
    const layer = (w: Tensor, b: Tensor, a: Tensor) => nn.silu(nn.conv({ w, b }, a));
    const ks = kernelsOf(jit(layer), p.w, p.b, x);
    expect(ks.map((k) => k.name)).toHaveLength(1);
    expect(ks[0].name).toMatch(/^CONV_/);
    // Backward: each gradient is one convolution kernel.
    const gx = kernelsOf(jit((w: Tensor, a: Tensor) => grad((q: Tensor) => nn.conv({ w, b: p.b }, q).sum())(a)), p.w, x);
    expect(gx.filter((k) => k.name.startsWith('CONV_'))).toHaveLength(1);
    const gw = kernelsOf(jit((w: Tensor, a: Tensor) => grad((q: Tensor) => nn.conv({ w: q, b: p.b }, a).sum())(w)), p.w, x);
    expect(gw.filter((k) => k.name.startsWith('CONV_'))).toHaveLength(1);
  });
});
