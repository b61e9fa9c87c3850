/**
 * Fusion: how many kernels the jit compiler makes of common programs (the kernel-count
 * tests), and that the fused programs still compute the CPU interpreter's values.
 */
import { expect, it } from 'vitest';
import { grad, jit, lax, np, useBackend, webgpuStats, Tensor } from '../src/index.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { usableVariant } from '../src/compiler/matmul.js';
import { countKernels, type Program } from '../src/compiler/program.js';
import { targetOf } from '../src/backend/webgpu/executor.js';
import { runProgram } from '../src/backend/webgpu/run.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

const programOf = (f: (...xs: any[]) => any, ...args: unknown[]): Program =>
  compileJaxpr(jit(f).lower(...(args as never[])), targetOf(webgpuContext!));
const names = (p: Program) => p.steps.map((s) => (s.kind === 'kernel' ? s.name : s.kind)).join(' ');

const chain10 = (x: Tensor) => x.mul(1.5).add(0.25).sin().mul(x).tanh().add(x).mul(0.5).exp().sub(1).abs();
const softmax = (x: Tensor) => {
  const e = np.exp(x.sub(np.max(x, { axis: -1, keepdims: true })));
  return e.div(np.sum(e, { axis: -1, keepdims: true }));
};
const silu = (x: Tensor) => x.mul(np.sigmoid(x));
const dense = (act: (x: Tensor) => Tensor) => (x: Tensor, w: Tensor, b: Tensor) => act(np.matmul(x, w).add(b));
type Params = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor; w3: Tensor; b3: Tensor };
const mlp = (p: Params, x: Tensor) => {
  const h1 = np.tanh(np.matmul(x, p.w1).add(p.b1));
  const h2 = np.tanh(np.matmul(h1, p.w2).add(p.b2));
  return np.matmul(h2, p.w3).add(p.b3);
};

async function cpuAndGpu(f: (...xs: Tensor[]) => Tensor, make: () => Tensor[]): Promise<number> {
  await useBackend('cpu');
  const a = make();
  const want = (f(...a) as any).dataSync();
  await useBackend('webgpu');
  const b = make();
  return relativeError(await jit(f)(...b).data(), want);
}

describeWebGPU('fusion: kernel counts', () => {
  it('a 10-op elementwise chain is one kernel', async () => {
    await useBackend('webgpu');
    const p = programOf(chain10, np.ones([1000, 33]));
    expect(countKernels(p), names(p)).toBe(1);
    expect(await cpuAndGpu(chain10, () => [np.linspace(-2, 2, 3000).reshape([100, 30])])).toBeLessThanOrEqual(1e-5);
  });

  it('elementwise kernels with several elements per invocation (and a ragged tail) compute the same values', async () => {
    await useBackend('cpu');
    const host = Float32Array.from({ length: 10007 }, (_, i) => Math.sin(i) * 3);
    const want = (chain10(np.array(host)) as any).dataSync();
    await useBackend('webgpu');
    for (const unroll of [1, 3, 4, 8]) {
      const x = np.array(host);
      const p = compileJaxpr(jit(chain10).lower(x), { ...targetOf(webgpuContext!), elementwiseUnroll: unroll });
      const [y] = runProgram(p, [x as any]);
      expect(relativeError(await y.data(), want), `unroll ${unroll}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('a pure copy (a reshape of an input) is a buffer copy, not a kernel', async () => {
    await useBackend('webgpu');
    const f = (x: Tensor) => x.reshape([6, 4]);
    const p = programOf(f, np.ones([2, 12]));
    expect(names(p)).toBe('copy');
    const x = np.arange(24).reshape([2, 12]);
    expect(await jit(f)(x).toArray()).toEqual(Array.from({ length: 6 }, (_, i) => [0, 1, 2, 3].map((j) => i * 4 + j)));
    expect(await x.reshape([24]).data()).toEqual(Int32Array.from({ length: 24 }, (_, i) => i)); // eager too
  });

  it('softmax over rows is at most 2 kernels (here 1: max, sum and normalise in one row kernel)', async () => {
    await useBackend('webgpu');
    const p = programOf(softmax, np.ones([256, 100]));
    expect(countKernels(p), names(p)).toBeLessThanOrEqual(2);
    expect(await cpuAndGpu(softmax, () => [np.linspace(-5, 5, 2560).reshape([256, 10]).mul(3)])).toBeLessThanOrEqual(1e-5);
  });

  it('a dense layer with bias and tanh, or SiLU, is one kernel', async () => {
    await useBackend('webgpu');
    for (const act of [np.tanh, silu]) {
      const p = programOf(dense(act), np.ones([64, 32]), np.ones([32, 48]), np.ones([48]));
      expect(countKernels(p), names(p)).toBe(1);
      expect(p.steps[0].kind === 'kernel' && p.steps[0].name).toMatch(/^MM_/);
      const err = await cpuAndGpu(dense(act), () => [np.linspace(-1, 1, 64 * 32).reshape([64, 32]),
        np.linspace(-0.3, 0.3, 32 * 48).reshape([32, 48]), np.linspace(-1, 1, 48)]);
      expect(err).toBeLessThanOrEqual(1e-4);
    }
  });

  it('the forward pass of a 3-layer MLP is 3 kernels', async () => {
    await useBackend('webgpu');
    const p: Params = { w1: np.ones([2, 64]), b1: np.ones([64]), w2: np.ones([64, 64]), b2: np.ones([64]), w3: np.ones([64, 2]), b3: np.ones([2]) };
    const prog = programOf(mlp, p, np.ones([256, 2]));
    expect(countKernels(prog), names(prog)).toBe(3);
  });

  it('one jit call is one recording: a jitted MLP gradient step is one submit when read', async () => {
    await useBackend('webgpu');
    const p: Params = { w1: np.full([2, 32], 0.1), b1: np.zeros([32]), w2: np.full([32, 32], 0.05), b2: np.zeros([32]), w3: np.full([32, 2], 0.1), b3: np.zeros([2]) };
    const x = np.linspace(-1, 1, 128).reshape([64, 2]);
    const loss = (q: Params, xb: Tensor) => np.mean(np.square(mlp(q, xb).sub(xb)));
    const step = jit((q: Params, xb: Tensor) => grad(loss)(q, xb));
    await (step(p, x).w1 as Tensor).data(); // compile and warm up
    const before = webgpuStats();
    const g = step(p, x);
    await g.w1.data();
    const after = webgpuStats();
    expect(after.submits - before.submits).toBe(1);
    const kernels = after.dispatches - before.dispatches;
    expect(kernels).toBeGreaterThan(0);
    console.log(`[fusion] jit(grad) of a 3-layer MLP: ${kernels} kernels, ${names(programOf((q: Params, xb: Tensor) => grad(loss)(q, xb), p, x))}`);
  });
});

// x·Wᵀ (a gradient's dX = dZ·Wᵀ) reads W strided along n; where the matmul variant reads B 4-wide
// (subgroup, register), the compiler stores Wᵀ once (passes/rhs-layout.ts, plan.ts) so the
// product reads it through the vec4 view.
describeWebGPU('fusion: the rhs of x·Wᵀ is read contiguously', () => {
  const xWt = (x: Tensor, w: Tensor) => lax.dotGeneral(x, w, [[1], [1]]);
  const kernels = (p: Program) => p.steps.flatMap((s) => (s.kind === 'kernel' ? [s] : []));
  /** Whether each MM kernel loads B's 4 columns with one read of the vec4 view (not 4 scalar reads). */
  const bVec4 = (p: Program) => kernels(p).filter((k) => k.name.startsWith('MM_')).map((k) => /let mm_b0 = b\d+\[/.test(k.wgsl));
  const vec4B = () => usableVariant(targetOf(webgpuContext!)) !== 'tiled';
  const ramp = (shape: number[], lo: number, hi: number) => np.linspace(lo, hi, shape.reduce((a, b) => a * b, 1)).reshape(shape);

  it('two products with the same Wᵀ share one transposed copy and read it 4-wide', async () => {
    await useBackend('webgpu');
    const f = (a: Tensor, b: Tensor, w: Tensor) => np.tanh(xWt(a, w)).add(xWt(b, w));
    const p = programOf(f, np.ones([256, 128]), np.ones([256, 128]), np.ones([128, 128]));
    const ks = kernels(p).map((k) => k.name);
    expect(ks.filter((n) => n.startsWith('MM_')), names(p)).toEqual(['MM_256x128x128', 'MM_256x128x128']);
    expect(ks.filter((n) => n.startsWith('E_')), names(p)).toEqual(vec4B() ? ['E_128x128'] : []);
    expect(bVec4(p)).toEqual(vec4B() ? [true, true] : [false, false]);
    const err = await cpuAndGpu(f, () => [ramp([256, 128], -1, 1), ramp([256, 128], 1, -0.5), ramp([128, 128], -0.2, 0.3).sin()]);
    expect(err).toBeLessThanOrEqual(1e-5);
  });

  it('an explicit x·transpose(W) stores the transpose for the product to read 4-wide', async () => {
    await useBackend('webgpu');
    const f = (x: Tensor, w: Tensor) => np.matmul(x, np.transpose(w));
    const p = programOf(f, np.ones([256, 128]), np.ones([64, 128]));
    expect(names(p)).toBe(vec4B() ? 'E_128x64 MM_256x64x128' : 'MM_256x64x128');
    expect(bVec4(p)).toEqual([vec4B()]);
    expect(await cpuAndGpu(f, () => [ramp([256, 128], -1, 1), ramp([64, 128], -0.2, 0.3).cos()])).toBeLessThanOrEqual(1e-5);
  });

  it('a dW = h0ᵀ·dZ with n % 4 != 0 runs as (dZᵀ·h0)ᵀ, stored transposed and reading dZ 4-wide', async () => {
    await useBackend('webgpu');
    // The product as a gradient writes it (contracting the batch axis), with a tanh epilogue; and
    // one whose swapped n (254) is not a multiple of 4 either, which stays as it is.
    const dW = (dz: Tensor, h: Tensor) => np.tanh(lax.dotGeneral(dz, h, [[0], [0]]));
    for (const [m, n, k, swapped] of [[256, 66, 192, true], [254, 66, 192, false]] as const) {
      const p = programOf(dW, np.ones([k, m]), np.ones([k, n]));
      const swap = swapped && vec4B();
      expect(names(p)).toBe(swap ? `MM_${n}x${m}x${k}` : `MM_${m}x${n}x${k}`);
      expect(bVec4(p)).toEqual([swap]);
      const err = await cpuAndGpu(dW, () => [ramp([k, m], -1, 1).sin(), ramp([k, n], 0.5, -0.7)]);
      expect(err, `${m}x${n}x${k}`).toBeLessThanOrEqual(1e-5);
    }
  });

  it('a tiny product, or one with n % 4 != 0, keeps reading W strided (no copy)', async () => {
    await useBackend('webgpu');
    for (const [m, n, k] of [[64, 32, 32], [256, 130, 128]]) {
      const p = programOf(xWt, np.ones([m, k]), np.ones([n, k]));
      expect(names(p)).toBe(`MM_${m}x${n}x${k}`);
      expect(bVec4(p)).toEqual([false]);
      expect(await cpuAndGpu(xWt, () => [ramp([m, k], -1, 1), ramp([n, k], -0.2, 0.3).sin()]), `${m}x${n}x${k}`).toBeLessThanOrEqual(1e-5);
    }
  });
});
