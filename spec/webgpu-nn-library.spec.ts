/**
 * The nn library on WebGPU against the CPU interpreter: attention (values, its softmax as one
 * fused row kernel), the activations including exact GELU (the erf composition in WGSL), erfinv,
 * the losses, and a gradient through attention.
 */
import { expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, kernelsOf, lax, nn, np, random, useBackend } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

/** f on the CPU, then jitted on WebGPU, on float32 inputs made fresh on each backend. */
async function cpuVsGpu(f: (...xs: Tensor[]) => Tensor, make: () => Tensor[]): Promise<number> {
  await useBackend('cpu');
  const want = Float64Array.from((f(...make()) as ConcreteArray).dataSync() as ArrayLike<number>);
  await useBackend('webgpu');
  return relativeError(await jit(f)(...make()).data(), want);
}

const qkv = (): Tensor[] => [random.normal(random.key(0), [2, 16, 4, 32]), random.normal(random.key(1), [2, 16, 2, 32]),
  random.normal(random.key(2), [2, 16, 2, 24]), random.normal(random.key(3), [4, 16, 16])];

describeWebGPU('nn library on WebGPU', () => {
  it('attention\'s softmax is one fused row kernel (max, exp-sum and normalisation in one pass)', async () => {
    await useBackend('webgpu');
    const [q, k, v] = qkv();
    const names = kernelsOf(jit((a: Tensor) => nn.dotProductAttention(a, k, v)), q).map((x) => x.name);
    expect(names.filter((n) => /^RW?_/.test(n)), names.join(' ')).toHaveLength(1);
    expect(names.filter((n) => n.startsWith('MM_')), names.join(' ')).toHaveLength(2);
    // With masking too (plan-rows-inline.ts; spec/kernels11-attention.spec.ts covers mask, bias, jvp).
    const causal = kernelsOf(jit((a: Tensor) => nn.dotProductAttention(a, k, v, { isCausal: true })), q).map((x) => x.name);
    expect(causal.filter((n) => /^RW?_/.test(n)), causal.join(' ')).toHaveLength(1);
  });

  it('attention (plain, and with bias, causal masking and grouped heads) matches the CPU', async () => {
    expect(await cpuVsGpu((q, k, v) => nn.dotProductAttention(q, k, v), qkv)).toBeLessThan(1e-5);
    expect(await cpuVsGpu((q, k, v, b) => nn.dotProductAttention(q, k, v, { bias: b, isCausal: true }), qkv)).toBeLessThan(1e-5);
    const g = (q: Tensor, k: Tensor, v: Tensor) => grad((x: Tensor) => np.sum(nn.dotProductAttention(x, k, v, { isCausal: true }).square()))(q);
    expect(await cpuVsGpu(g, qkv)).toBeLessThan(1e-4);
  });

  it('activations, erf/erfinv and losses match the CPU', async () => {
    const x = () => [np.linspace(-6, 6, 1001)];
    const fs: [string, (t: Tensor) => Tensor][] = [
      ['gelu exact', (t) => nn.gelu(t, false)], ['gelu tanh', (t) => nn.gelu(t)], ['erf', np.erf], ['erfc', np.erfc],
      ['softplus', nn.softplus], ['logSigmoid', nn.logSigmoid], ['elu', nn.elu], ['celu', (t) => nn.celu(t, 0.5)],
      ['selu', nn.selu], ['relu6', nn.relu6], ['leakyRelu', nn.leakyRelu], ['silu', nn.silu],
      ['glu', (t) => nn.glu(lax.slice(t, [0], [1000]))], ['softmax', (t) => nn.softmax(t.reshape([7, 143]), [0, 1])],
      ['rmsNorm', (t) => nn.rmsNorm(t.reshape([7, 143]))], ['standardize', (t) => nn.standardize(t.reshape([7, 143]))],
      ['gelu exact grad', (t) => grad((u: Tensor) => np.sum(nn.gelu(u, false)))(t)],
    ];
    for (const [name, f] of fs) expect(await cpuVsGpu(f, x), name).toBeLessThan(2e-6);
    // erfinv: compared through erf, as its float32 result near ±1 is ill-conditioned.
    expect(await cpuVsGpu((t) => np.erf(np.erfinv(t)), () => [np.linspace(-0.999, 0.999, 999)])).toBeLessThan(1e-6);
    const logits = () => [np.linspace(-3, 3, 60).reshape([6, 10]), np.array([0, 3, 9, 2, 2, 5], { dtype: 'int32' })];
    expect(await cpuVsGpu((l, y) => nn.softmaxCrossEntropyWithIntegerLabels(l, y), logits)).toBeLessThan(1e-6);
    expect(await cpuVsGpu((l) => nn.huberLoss(l, 0.5), logits)).toBeLessThan(1e-6);
  });

  it('truncatedNormal draws the CPU\'s samples', async () => {
    expect(await cpuVsGpu(() => random.truncatedNormal(random.key(5), -2, 2, [4096]), () => [])).toBeLessThan(1e-5);
  });
});
