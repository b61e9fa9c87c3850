/**
 * Attention's softmax with a mask, a causal select or a bias is one fused row kernel, as the plain
 * one is (plan-rows-inline.ts inlines exp(x − max) instead of storing it between max and sum), on
 * its jvp and on grad of its jvp too; the fused kernels compute what the CPU interpreter does.
 */
import { expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, jvp, kernelsOf, nn, np, random, useBackend } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

async function cpuVsGpu(f: (...xs: Tensor[]) => Tensor, make: () => Tensor[]): Promise<number> {
  await useBackend('cpu');
  const want = Float64Array.from((f(...make()) as ConcreteArray).dataSync() as ArrayLike<number>);
  await useBackend('webgpu');
  return relativeError(await jit(f)(...make()).data(), want);
}

/** q [2, 16, 4, 32], k [2, 16, 2, 32] (grouped heads), v [2, 16, 2, 24], bias [4, 16, 16], mask [2, 1, 16, 16]. */
const inputs = (): Tensor[] => [random.normal(random.key(0), [2, 16, 4, 32]), random.normal(random.key(1), [2, 16, 2, 32]),
  random.normal(random.key(2), [2, 16, 2, 24]), random.normal(random.key(3), [4, 16, 16]),
  np.greater(random.normal(random.key(4), [2, 1, 16, 16]), -0.5)];

type Opts = (b: Tensor, m: Tensor) => nn.DotProductAttentionOptions;
const variants: [string, Opts][] = [
  ['mask', (_b, m) => ({ mask: m })],
  ['causal', () => ({ isCausal: true })],
  ['bias', (b) => ({ bias: b })],
  ['mask + causal + bias', (b, m) => ({ mask: m, bias: b, isCausal: true })],
];
const attn = (o: Opts) => (q: Tensor, k: Tensor, v: Tensor, b: Tensor, m: Tensor) => nn.dotProductAttention(q, k, v, o(b, m));
const tangent = (o: Opts) => (q: Tensor, k: Tensor, v: Tensor, b: Tensor, m: Tensor) =>
  jvp((x: Tensor) => nn.dotProductAttention(x, k, v, o(b, m)), [q], [q.mul(0.5).add(1)])[1];
const gradOfJvp = (o: Opts) => (q: Tensor, k: Tensor, v: Tensor, b: Tensor, m: Tensor) =>
  grad((x: Tensor) => np.sum(jvp((y: Tensor) => nn.dotProductAttention(y, k, v, o(b, m)), [x], [np.sin(x)])[1].square()))(q);

const rowKernels = (f: (...xs: Tensor[]) => Tensor) => {
  const names = kernelsOf(jit(f), ...inputs()).map((x) => x.name);
  return { rows: names.filter((n) => /^RW?_2x4x16_16$/.test(n)), names: names.join(' ') };
};

describeWebGPU('masked / causal / biased attention softmax: one row kernel', () => {
  it('the softmax is one row kernel with a mask, causal masking or a bias (as without)', async () => {
    await useBackend('webgpu');
    const plain = rowKernels(attn(() => ({})));
    expect(plain.rows, plain.names).toHaveLength(1);
    for (const [name, o] of variants) {
      const { rows, names } = rowKernels(attn(o));
      expect(rows, `${name}: ${names}`).toHaveLength(1);
      // Nothing else is stored in its place: as many kernels as the unmasked attention.
      expect(names.split(' ').length, `${name}: ${names}`).toBe(plain.names.split(' ').length);
    }
  });

  it('its jvp keeps one row kernel for primal and tangent; grad of the jvp has one row kernel in its forward part', async () => {
    await useBackend('webgpu');
    const plain = rowKernels(tangent(() => ({})));
    expect(plain.rows, plain.names).toHaveLength(1);
    const plainGj = rowKernels(gradOfJvp(() => ({})));
    for (const [name, o] of variants) {
      const t = rowKernels(tangent(o));
      expect(t.rows, `jvp ${name}: ${t.names}`).toHaveLength(1);
      const gj = rowKernels(gradOfJvp(o));
      // The forward (primal + tangent) softmax is one row kernel and the backward one more, as without a mask.
      expect(gj.rows.length, `grad(jvp) ${name}: ${gj.names}`).toBe(plainGj.rows.length);
      expect(gj.rows.length, `grad(jvp) ${name}: ${gj.names}`).toBe(2);
    }
  });

  it('a masked nn.softmax alone is one row kernel', async () => {
    await useBackend('webgpu');
    const x = random.normal(random.key(7), [64, 100]);
    const f = (a: Tensor) => nn.softmax(np.where(np.greater(a, -1), a.mul(2), -1e30));
    expect(kernelsOf(jit(f), x).map((k) => k.name)).toEqual(['R_64_100']);
    expect(await cpuVsGpu(f, () => [random.normal(random.key(7), [64, 100])])).toBeLessThan(1e-6);
  });

  it('values, jvp and grad of jvp match the CPU interpreter', async () => {
    for (const [name, o] of variants) {
      expect(await cpuVsGpu(attn(o), inputs), name).toBeLessThan(1e-5);
      expect(await cpuVsGpu(tangent(o), inputs), `jvp ${name}`).toBeLessThan(1e-4);
      expect(await cpuVsGpu(gradOfJvp(o), inputs), `grad(jvp) ${name}`).toBeLessThan(1e-4);
    }
  });

  it('a standardize (mean, then variance of x − mean) is one row kernel now and matches the CPU', async () => {
    await useBackend('webgpu');
    const make = () => [random.normal(random.key(9), [64, 128])];
    const f = (a: Tensor) => nn.standardize(a);
    expect(kernelsOf(jit(f), make()[0]).map((k) => k.name)).toEqual(['R_64_128']);
    expect(await cpuVsGpu(f, make)).toBeLessThan(1e-5);
    const g = (a: Tensor) => grad((x: Tensor) => np.sum(nn.standardize(x).mul(np.cos(x))))(a);
    expect(await cpuVsGpu(g, make)).toBeLessThan(1e-4);
  });
});
