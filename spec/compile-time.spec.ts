/**
 * Compile time (issue 12): lavapipe's LLVM time grows with the code an invocation runs, so below
 * 2^20 elements a body longer than a short one runs one element per invocation; on huge arrays a
 * long body is written once in a loop over the elements an invocation owns instead of unrolled 16×;
 * a short body stays unrolled; all compute the CPU interpreter's values.
 */
import { expect, it } from 'vitest';
import { jit, np, random, useBackend, Tensor } from '../src/index.js';
import { compileJaxpr } from '../src/compiler/index.js';
import { targetOf } from '../src/backend/webgpu/executor.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

const wgslOf = (f: (...xs: any[]) => any, ...args: Tensor[]): string[] =>
  compileJaxpr(jit(f).lower(...(args as never[])), targetOf(webgpuContext!)).steps.flatMap((s) => (s.kind === 'kernel' ? [s.wgsl] : []));

/** An Adam-like update: a long body per element (about 20 statements). */
const longBody = (p: Tensor, g: Tensor, m: Tensor) => {
  const m1 = m.mul(0.9).add(g.mul(0.1));
  const v1 = g.mul(g).mul(0.001).add(m.abs().mul(0.999));
  const upd = m1.div(np.sqrt(v1).add(1e-8)).mul(1e-3);
  return p.sub(upd).add(np.tanh(p).mul(0.01)).sub(np.exp(g.mul(-0.5)).mul(1e-4));
};
const shortBody = (x: Tensor) => x.add(1);

async function compare(f: (...xs: Tensor[]) => Tensor, xs: Float32Array[], shape: number[]) {
  await useBackend('cpu');
  const want = await jit(f)(...xs.map((x) => np.array(x, { shape }))).data();
  await useBackend('webgpu');
  const got = await jit(f)(...xs.map((x) => np.array(x, { shape }))).data();
  // WGSL's exp/tanh/sqrt may differ from the CPU's by an ulp or so; a wrong element (a skipped or
  // repeated index) would be off by O(1).
  expect(relativeError(got as Float32Array, want as Float32Array)).toBeLessThan(1e-5);
  expect(got.length).toBe(want.length);
}

const data = async (seed: number, n: number) => {
  await useBackend('cpu');
  return (await random.normal(random.key(seed), [n]).data()) as Float32Array;
};

describeWebGPU('compile time: elementwise unrolling', () => {
  for (const shape of [[256, 256], [257, 259]]) {
    it(`a long body runs one element per invocation below 2^20 elements, same values as the CPU (${shape.join('x')})`, async () => {
      const n = shape[0] * shape[1];
      const xs = [await data(1, n), await data(2, n), await data(3, n)];
      await useBackend('webgpu');
      const [k] = wgslOf(longBody, ...xs.map((x) => np.array(x, { shape })));
      expect(k).not.toMatch(/for \(var eu/);
      expect(k).not.toMatch(/let i = q \*/);
      expect(k).toMatch(new RegExp(`if \\(i >= ${n}u\\) \\{ return; \\}`));
      await compare(longBody, xs, shape);
    });
  }

  it('a long body on 2^20 elements or more loops over the 16 elements of an invocation, same values as the CPU', async () => {
    const shape = [1024, 1025], n = 1024 * 1025;
    const xs = [await data(5, n), await data(6, n), await data(7, n)];
    await useBackend('webgpu');
    const [k] = wgslOf(longBody, ...xs.map((x) => np.array(x, { shape })));
    expect(k).toMatch(/for \(var eu = 0u; eu < 16u; eu\+\+\)/);
    expect(k.match(/let i = q \* 16u/g)).toHaveLength(1);
    await compare(longBody, xs, shape);
  });

  it('a short body stays unrolled', async () => {
    const n = 65536;
    const x = await data(4, n);
    await useBackend('webgpu');
    const [k] = wgslOf(shortBody, np.array(x));
    expect(k).not.toMatch(/for \(var eu/);
    expect(k.match(/let i = q \* 16u \+/g)).toHaveLength(16);
    await compare(shortBody, [x], [n]);
  });
});
