/**
 * The transformation-composition matrix on WebGPU: grad, jit(grad), grad(jit), jit(grad(jit)),
 * jvp, jvp∘grad (Hessian-vector product), vmap(grad), vjp, linearize, valueAndGrad and jacfwd of
 * an MLP loss, each compared with the same composition on the CPU interpreter (float32 inputs,
 * relative error ≤ 1e-4). Plus NaN/±Inf semantics of the elementwise primitives.
 */
import { expect, it } from 'vitest';
import { jit, useBackend, treeLeaves, Tensor } from '../src/index.js';
import { ConcreteArray } from '../src/core/tensor.js';
import { hooks } from '../src/core/hooks.js';
import { ShapedArray } from '../src/core/shape.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';
import {
  COMPOSITION_ROUTES as routes, makeCompositionInputs as make, SPECIAL_UNARY, SPECIAL_BINARY, SPECIAL_VALUES,
  specialInputs, specialMismatches,
} from './helpers/composition-cases.js';

async function leavesOf(tree: unknown): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const l of treeLeaves(tree) as Tensor[]) out.push(Float32Array.from(await l.data() as ArrayLike<number>));
  return out;
}

describeWebGPU('transformation compositions on WebGPU match the CPU interpreter', () => {
  it.each(Object.keys(routes))('%s', async (name) => {
    for (const seed of [1, 2]) {
      await useBackend('cpu');
      const want = await leavesOf(routes[name](make(seed)));
      await useBackend('webgpu');
      const got = await leavesOf(routes[name](make(seed)));
      expect(got.length).toBe(want.length);
      got.forEach((g, i) => expect(relativeError(g, want[i]), `${name} seed ${seed} leaf ${i}`).toBeLessThanOrEqual(1e-4));
    }
  });
});

describeWebGPU('NaN and ±Inf semantics on WebGPU match the CPU interpreter', () => {
  const hostOf = (vals: number[]) => () => hooks.fromHost(Float32Array.from(vals), new ShapedArray([vals.length], 'float32'));

  async function both(f: (...xs: Tensor[]) => Tensor, inputs: (() => Tensor)[], where: string) {
    await useBackend('cpu');
    const want = (f(...inputs.map((m) => m())) as ConcreteArray).dataSync();
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
      const got = await g(...inputs.map((m) => m())).data();
      expect(specialMismatches(got, want), `${where} (${mode}) at inputs ${JSON.stringify(SPECIAL_VALUES.map(String))}`).toEqual([]);
    }
  }

  it.each(SPECIAL_UNARY)('%s', async (name, f) => both(f, specialInputs(name, 1).map(hostOf), name));
  it.each(SPECIAL_BINARY)('%s', async (name, f) => both(f, specialInputs(name, 2).map(hostOf), name));
});
