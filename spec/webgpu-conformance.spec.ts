/**
 * WebGPU conformance: every primitive case of the conformance table (spec/helpers/primitive-cases)
 * run on WebGPU — eagerly (one small program per primitive) and under jit (fused) — equals the
 * CPU interpreter on the same fresh random float32 inputs: relative error ≤ 1e-5 elementwise,
 * ≤ 1e-4 where the case reduces or contracts; integer and boolean results exactly. NaN never
 * passes unless the oracle is NaN at the same position.
 */
import { expect, it } from 'vitest';
import { jit, np, useBackend, Tensor } from '../src/index.js';
import { ConcreteArray } from '../src/core/tensor.js';
import { hooks } from '../src/core/hooks.js';
import type { TypedArray } from '../src/core/dtype.js';
import { CASES, rngFor } from './helpers/primitive-cases.js';
import { SEEDS, asList } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { relativeError } from './helpers/compare.js';

const REDUCING = new Set(['reduce_sum', 'reduce_max', 'dot_general', 'scatter_add', 'custom_jvp', 'jit']);

interface HostArray { data: TypedArray; aval: ConcreteArray['aval'] }
const toHost = (t: Tensor): HostArray => ({ data: (t as ConcreteArray).dataSync(), aval: t.aval });
const upload = (h: HostArray): Tensor => hooks.fromHost(h.data.slice(), h.aval);

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
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const args = inst.args(rng).map((a) => (a.dtype === 'float64' ? np.astype(a, 'float32') : a));
    const hostArgs = args.map(toHost);
    const want = asList(inst.fn(...args)).map(toHost);

    await useBackend('webgpu');
    const tol = REDUCING.has(c.prim) ? 1e-4 : 1e-5;
    const where = `${c.name} ${inst.desc} seed ${seed}`;
    await expectMatches(asList(inst.fn(...hostArgs.map(upload))), want, tol, `${where} (eager)`);
    await expectMatches(asList(jit(inst.fn)(...hostArgs.map(upload))), want, tol, `${where} (jit)`);
  });
});
