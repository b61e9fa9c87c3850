/**
 * Deep chains of shared gathers (plan-bindings.ts's size budget): each step reads the previous
 * array through two gathers, so inlining the whole chain into one kernel would evaluate the first
 * array at 2³⁰ indices — before the budget, compiling 30 steps ran out of string length. The
 * planner stores intermediates once a kernel passes the budget: the chain compiles quickly, every
 * kernel's WGSL stays bounded, and the result is the CPU interpreter's.
 */
import { expect, it } from 'vitest';
import { ConcreteArray, Tensor, jit, np, random, useBackend } from '../src/index.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { DEFAULT_TARGET } from '../src/compiler/target.js';
import { KERNEL_BUDGET } from '../src/compiler/plan-bindings.js';
import type { Program } from '../src/compiler/program.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

const n = 64;
const perm = (a: number, b: number) => np.array(Array.from({ length: n }, (_, i) => (i * a + b) % n), { dtype: 'int32' });

/** y ← y[p] + ½·y[q], 30 times (y shared by two gathers at each step). */
const chain = (steps: number) => (x: Tensor): Tensor => {
  const p = perm(7, 3), q = perm(5, 1);
  let y = x;
  for (let k = 0; k < steps; k++) y = y.at(p).get().add(y.at(q).get().mul(0.5));
  return y;
};
const input = () => random.normal(random.key(0), [n]);
const wgslSizes = (prog: Program) => prog.steps.flatMap((s) => (s.kind === 'kernel' ? [s.wgsl.length] : []));

it('a chain of 30 shared gathers compiles quickly into kernels of bounded WGSL (no device needed)', async () => {
  await useBackend('cpu');
  const t0 = performance.now();
  const prog = compileJaxpr(jit(chain(30)).lower(input()), DEFAULT_TARGET);
  const ms = performance.now() - t0;
  const sizes = wgslSizes(prog);
  // The budget counts the inlined statements; declarations, helpers and the store come on top.
  expect(Math.max(...sizes)).toBeLessThan(KERNEL_BUDGET + 8000);
  expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(30 * (KERNEL_BUDGET + 8000));
  expect(ms).toBeLessThan(30_000); // a generous bound for a shared 2-core machine; about 1 s idle
  // A short chain is unaffected: one kernel.
  expect(wgslSizes(compileJaxpr(jit(chain(3)).lower(input()), DEFAULT_TARGET))).toHaveLength(1);
});

describeWebGPU('deep gather chains on WebGPU', () => {
  it('a chain of 30 shared gathers matches the CPU interpreter', async () => {
    await useBackend('cpu');
    const want = Float64Array.from((chain(30)(input()) as ConcreteArray).dataSync() as ArrayLike<number>);
    await useBackend('webgpu');
    expect(relativeError(await jit(chain(30))(input()).data(), want)).toBeLessThan(1e-5);
  });
});
