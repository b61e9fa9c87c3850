/**
 * The storage-buffer limit per shader stage (plan-bindings.ts): a kernel that would bind more
 * buffers than the adapter allows is split by storing an inlined intermediate, for any program —
 * the gradient of a long cumprod (whose associative scan's levels all feed one elementwise
 * kernel), and a synthetic elementwise sum of 30 distinct inputs. Results against the CPU
 * interpreter on the device, and plans for a stricter target (WebGPU's default of 8) compiled
 * without one.
 */
import { expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, np, random, useBackend } from '../src/index.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { DEFAULT_TARGET } from '../src/compiler/target.js';
import type { Program } from '../src/compiler/program.js';
import { targetOf } from '../src/backend/webgpu/executor.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

async function cpuVsGpu(f: (...xs: Tensor[]) => Tensor, make: () => Tensor[]): Promise<number> {
  await useBackend('cpu');
  const want = Float64Array.from((f(...make()) as ConcreteArray).dataSync() as ArrayLike<number>);
  await useBackend('webgpu');
  return relativeError(await jit(f)(...make()).data(), want);
}

const maxBindings = (p: Program) => Math.max(...p.steps.map((s) => (s.kind === 'kernel' ? s.bindings.length : 0)));
const kernelCount = (p: Program) => p.steps.filter((s) => s.kind === 'kernel').length;

const cumprodGrad = (a: Tensor) => grad((y: Tensor) => np.sum(np.cumprod(y).mul(np.cos(y))))(a);
const cumprodInput = () => [random.uniform(random.key(0), [3000], { minval: 0.9, maxval: 1.1 })];

/** 30 distinct inputs, each through its own elementwise step, summed: one elementwise kernel if the limit allowed it. */
const N = 30;
const wide = (...xs: Tensor[]) => xs.reduce((acc, x, i) => acc.add(i % 2 ? np.sin(x) : x.mul(i + 1)), np.zeros([257]));
const wideInputs = () => Array.from({ length: N }, (_, i) => random.normal(random.key(100 + i), [257]));

describeWebGPU('kernels within the storage-buffer limit', () => {
  it('grad of np.cumprod on a length-3000 vector runs on WebGPU and matches the CPU', async () => {
    await useBackend('webgpu');
    const limit = targetOf(webgpuContext!).maxStorageBuffersPerShaderStage;
    const p = compileJaxpr(jit(cumprodGrad).lower(...cumprodInput() as [Tensor]), targetOf(webgpuContext!));
    expect(maxBindings(p)).toBeLessThanOrEqual(limit);
    expect(await cpuVsGpu(cumprodGrad, cumprodInput)).toBeLessThan(1e-4);
  });

  it('an elementwise program over 30 distinct inputs is split into kernels that fit, and matches the CPU', async () => {
    await useBackend('webgpu');
    const target = targetOf(webgpuContext!);
    const p = compileJaxpr(jit(wide).lower(...wideInputs()), target);
    expect(maxBindings(p)).toBeLessThanOrEqual(target.maxStorageBuffersPerShaderStage);
    // Not split further than needed: 31 buffers over a limit of L take ⌈30 / (L − 2)⌉-ish kernels, not one per input.
    expect(kernelCount(p)).toBeGreaterThan(1);
    expect(kernelCount(p)).toBeLessThanOrEqual(Math.ceil(N / (target.maxStorageBuffersPerShaderStage - 2)) + 1);
    expect(await cpuVsGpu(wide, wideInputs)).toBeLessThan(2e-5);
  });

  it('a stricter target (8 buffers) gets plans that fit it', async () => {
    await useBackend('webgpu');
    const strict = { ...targetOf(webgpuContext!), maxStorageBuffersPerShaderStage: 8 };
    for (const [f, make] of [[wide, wideInputs], [cumprodGrad, cumprodInput]] as const) {
      const p = compileJaxpr(jit(f as (...xs: Tensor[]) => Tensor).lower(...make()), strict);
      expect(maxBindings(p)).toBeLessThanOrEqual(8);
    }
    expect(maxBindings(compileJaxpr(jit(wide).lower(...wideInputs()), DEFAULT_TARGET))).toBeLessThanOrEqual(8);
  });
});
