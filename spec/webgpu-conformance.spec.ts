/**
 * WebGPU conformance: every primitive case of the conformance table (spec/helpers/primitive-cases)
 * run on WebGPU — eagerly (one small program per primitive) and under jit (fused) — equals the
 * CPU interpreter on the same fresh random float32 inputs: relative error ≤ 1e-5 elementwise,
 * ≤ 1e-4 where the case reduces or contracts; integer and boolean results exactly. NaN never
 * passes unless the oracle is NaN at the same position.
 *
 * The zero-size table (spec/helpers/zero-size-cases) runs the same way: every primitive with a
 * 0 dimension in an operand or result, eager and under jit. After each case an unrelated op must
 * still be right, since a zero-size kernel used to fail on the GPU and spoil the next submit.
 */
import { describe, expect, it } from 'vitest';
import { jit, np, useBackend, Tensor } from '../src/index.js';
import { ALL_PRIMITIVES, CASES } from './helpers/primitive-cases.js';
import { ZERO_SIZE_CASES } from './helpers/zero-size-cases.js';
import { Rng } from './helpers/check.js';
import { SEEDS, asList } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';
import { type HostArray, oracleOf, toHost, upload } from './helpers/host-arrays.js';

async function expectMatches(got: Tensor[], want: HostArray[], tol: number, where: string) {
  expect(got.length, where).toBe(want.length);
  for (let k = 0; k < want.length; k++) {
    expect(got[k].shape, `${where} output ${k} shape`).toEqual(want[k].aval.shape);
    expect(got[k].dtype, `${where} output ${k} dtype`).toBe(want[k].aval.dtype);
    const data = await got[k].data();
    const t = want[k].aval.dtype === 'float32' ? tol : 0;
    expect(relativeError(data, want[k].data), `${where} output ${k}: ${Array.from(data).slice(0, 6)} vs ${Array.from(want[k].data).slice(0, 6)}`)
      .toBeLessThanOrEqual(t);
  }
}

const cases = CASES.filter((c) => c.float32 !== false);

describeWebGPU('WebGPU matches the CPU interpreter on every primitive case', () => {
  it.each(cases.flatMap((c) => SEEDS.map((s): [string, number, typeof c] => [c.name, s, c])))('%s, seed %i', async (_n, seed, c) => {
    await useBackend('cpu');
    const { fn, desc, hostArgs, want, tolerance: tol } = oracleOf(c, seed);

    await useBackend('webgpu');
    const where = `${c.name} ${desc} seed ${seed}`;
    await expectMatches(asList(fn(...hostArgs.map(upload))), want, tol, `${where} (eager)`);
    await expectMatches(asList(jit(fn)(...hostArgs.map(upload))), want, tol, `${where} (jit)`);
  });
});

describe('the zero-size table', () => {
  it('has a case for every primitive of the closed set', () => {
    const covered = new Set(ZERO_SIZE_CASES.map((c) => c.prim));
    expect(ALL_PRIMITIVES.filter((p) => !covered.has(p))).toEqual([]);
  });
});

describeWebGPU('WebGPU matches the CPU interpreter on zero-size arrays, for every primitive', () => {
  it.each(ZERO_SIZE_CASES.map((c): [string, typeof c] => [c.name, c]))('%s', async (name, c) => {
    await useBackend('cpu');
    const rng = new Rng(7);
    const args = c.args(rng);
    const hostArgs = args.map(toHost);
    const want = asList(c.fn(...args)).map(toHost);

    await useBackend('webgpu');
    await expectMatches(asList(c.fn(...hostArgs.map(upload))), want, 1e-5, `${name} (eager)`);
    await expectMatches(asList(jit(c.fn)(...hostArgs.map(upload))), want, 1e-5, `${name} (jit)`);
    // Nothing of the above may have spoiled later, unrelated work.
    expect(Array.from(await np.ones([2]).add(1).data()), `${name}: an unrelated op afterwards`).toEqual([2, 2]);
  });
});
