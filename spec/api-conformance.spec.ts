/**
 * The public API on WebGPU against the CPU interpreter (spec/helpers/api-conformance-cases.ts):
 * every case runs on the CPU, then on WebGPU eagerly and under jit on the same float32 inputs;
 * shapes and dtypes must match, integer and boolean results exactly, float results to the case's
 * relative tolerance (default 1e-5; 1e-4 where a case sums or contracts). Inputs are drawn fresh
 * for each (case, seed) from a seeded generator, so a failure names a seed that reproduces it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { jit, treeLeaves, useBackend, Tensor } from '../src/index.js';
import { Rng } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';
import { type HostArray, toHost, upload } from './helpers/host-arrays.js';
import { API_CASES, publicNameOf, type ApiCase } from './helpers/api-conformance-cases.js';

const SEEDS = [11, 12] as const;

/** A per-(case, seed) generator: cases draw independently, reproducibly. */
function rngFor(c: ApiCase, seed: number): Rng {
  let h = Math.imul(seed, 2654435761);
  for (const ch of c.name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return new Rng(h >>> 0);
}

const tensorsOf = (out: unknown): Tensor[] => treeLeaves(out as never).filter((l): l is Tensor => l instanceof Tensor);

async function expectMatches(got: Tensor[], want: HostArray[], tol: number, where: string) {
  expect(got.length, `${where}: number of outputs`).toBe(want.length);
  for (let k = 0; k < want.length; k++) {
    expect(got[k].shape, `${where} output ${k} shape`).toEqual(want[k].aval.shape);
    expect(got[k].dtype, `${where} output ${k} dtype`).toBe(want[k].aval.dtype);
    const data = await got[k].data();
    const t = want[k].aval.dtype === 'float32' ? tol : 0;
    expect(relativeError(data, want[k].data), `${where} output ${k}: ${Array.from(data).slice(0, 6)} vs ${Array.from(want[k].data).slice(0, 6)}`)
      .toBeLessThanOrEqual(t);
  }
}

describe('the API conformance table', () => {
  it('has case names that start with a public name', () => {
    for (const c of API_CASES) expect(publicNameOf(c), c.name).toMatch(/^(np|nn|lax|scipy)\.[A-Za-z0-9.]+$/);
  });
});

describeWebGPU('the public API on WebGPU matches the CPU interpreter', () => {
  afterAll(async () => { await useBackend('cpu'); });
  it.each(API_CASES.flatMap((c) => SEEDS.map((s): [string, number, ApiCase] => [c.name, s, c])))('%s, seed %i', async (name, seed, c) => {
    await useBackend('cpu');
    const args = c.args(rngFor(c, seed));
    const hostArgs = args.map(toHost);
    const want = tensorsOf(c.fn(...args)).map(toHost);
    expect(want.length, `${name}: the case returns no array`).toBeGreaterThan(0);

    await useBackend('webgpu');
    const tol = c.tol ?? 1e-5;
    await expectMatches(tensorsOf(c.fn(...hostArgs.map(upload))), want, tol, `${name} seed ${seed} (eager)`);
    await expectMatches(tensorsOf(jit(c.fn)(...hostArgs.map(upload))), want, tol, `${name} seed ${seed} (jit)`);
  });
});
