/**
 * Row kernels (reductions with fused producers and consumers) in both parallel forms — one
 * invocation per row, and one workgroup per row combining lanes through workgroup memory —
 * against the CPU interpreter, including NaN propagation and first-index ties for argmax.
 */
import { expect, it } from 'vitest';
import { jit, np, lax, useBackend, Tensor } from '../src/index.js';
import { ConcreteArray } from '../src/core/tensor.js';
import { hooks } from '../src/core/hooks.js';
import { ShapedArray } from '../src/core/shape.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { targetOf } from '../src/backend/webgpu/executor.js';
import { runProgram } from '../src/backend/webgpu/run.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';
import { mulberry32 } from './helpers/prng.js';

type F = (x: Tensor) => Tensor;
const softmax: F = (x) => { const e = np.exp(x.sub(np.max(x, { axis: -1, keepdims: true }))); return e.div(np.sum(e, { axis: -1, keepdims: true })); };
const layerNorm: F = (x) => {
  const m = np.mean(x, { axis: -1, keepdims: true });
  const c = x.sub(m);
  return c.mul(lax.rsqrt(np.mean(c.mul(c), { axis: -1, keepdims: true }).add(1e-5)));
};
const cases: [string, number[], F][] = [
  ['sum over a long last axis', [3, 5000], (x) => np.sum(x, { axis: 1 })],
  ['sum over the first axis', [5000, 3], (x) => np.sum(x, { axis: 0 })],
  ['max over a middle axis', [7, 1500, 3], (x) => np.max(x, { axis: 1 })],
  ['full sum of 100k', [100000], (x) => np.sum(x)],
  ['mean and max of squares (two reductions, one kernel)', [16, 2048], (x) => np.mean(x.mul(x), { axis: 1 }).add(np.max(x, { axis: 1 }))],
  ['argmax with ties and NaN rows', [6, 3000], (x) => lax.argmax(x, 1)],
  ['softmax rows', [5, 3000], softmax],
  ['layerNorm rows', [9, 1200], layerNorm],
];

function data(shape: number[], seed: number): Float32Array {
  const r = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const d = Float32Array.from({ length: n }, () => Math.round((r() * 4 - 2) * 64) / 64); // many ties
  if (shape.length === 2 && shape[0] === 6) { d[2 * shape[1] + 17] = NaN; d[4 * shape[1] + 2999] = NaN; } // NaN rows for argmax
  return d;
}

describeWebGPU('row kernels in both parallel forms match the CPU interpreter', () => {
  it.each(cases.flatMap(([n, s, f]) => (['thread', 'workgroup'] as const).map((mode): [string, 'thread' | 'workgroup', number[], F] => [n, mode, s, f])))(
    '%s (%s per row)', async (_n, mode, shape, f) => {
      const host = data(shape, shape.length * 7 + shape[0]);
      await useBackend('cpu');
      const want = (f(hooks.fromHost(host.slice(), new ShapedArray(shape, 'float32'))) as ConcreteArray).dataSync();
      await useBackend('webgpu');
      const x = hooks.fromHost(host.slice(), new ShapedArray(shape, 'float32')) as ConcreteArray;
      const program = compileJaxpr(jit(f).lower(x), { ...targetOf(webgpuContext!), rowKernel: mode });
      const kernels = program.steps.filter((s) => s.kind === 'kernel');
      expect(kernels.length).toBe(1);
      expect(kernels[0].kind === 'kernel' && kernels[0].name).toMatch(mode === 'workgroup' ? /^RW_/ : /^R_/);
      const [y] = runProgram(program, [x]);
      expect(relativeError(await y.data(), want)).toBeLessThanOrEqual(1e-4);
    });
});

// Reductions over leading axes with at least a workgroup of kept columns (a bias gradient's column
// sums over [batch, width]) default to one invocation per column: neighbouring lanes then read
// neighbouring elements of each row. Fewer columns, or trailing axes, keep the workgroup form.
describeWebGPU('column sums over leading axes', () => {
  const colCases: [string, number[], F, RegExp][] = [
    ['bias gradient [1024, 256] over axis 0', [1024, 256], (x) => np.sum(x, { axis: 0 }), /^R_256_1024$/],
    ['two column sums and a row output over [1500, 3, 40]', [1500, 3, 40], (x) => np.sum(x, { axis: 0 }).mul(np.max(x.mul(x), { axis: 0 })), /^R_3x40_1500$/],
    ['leading axes (0, 1) of [40, 30, 96]', [40, 30, 96], (x) => np.sum(x, { axis: [0, 1] }), /^R_96_40x30$/],
    ['too few columns: [5000, 3] over axis 0', [5000, 3], (x) => np.sum(x, { axis: 0 }), /^RW_3_5000$/],
    ['a trailing axis: [256, 1024] over axis 1', [256, 1024], (x) => np.sum(x, { axis: 1 }), /^RW_256_1024$/],
  ];
  it.each(colCases)('%s', async (_n, shape, f, name) => {
    const host = data(shape, shape[0] + shape.length);
    await useBackend('cpu');
    const want = (f(hooks.fromHost(host.slice(), new ShapedArray(shape, 'float32'))) as ConcreteArray).dataSync();
    await useBackend('webgpu');
    const x = hooks.fromHost(host.slice(), new ShapedArray(shape, 'float32')) as ConcreteArray;
    const program = compileJaxpr(jit(f).lower(x), targetOf(webgpuContext!));
    const kernels = program.steps.flatMap((s) => (s.kind === 'kernel' ? [s.name] : []));
    expect(kernels.length, kernels.join(' ')).toBe(1);
    expect(kernels[0]).toMatch(name);
    const [y] = runProgram(program, [x]);
    expect(relativeError(await y.data(), want)).toBeLessThanOrEqual(1e-4);
  });
});
