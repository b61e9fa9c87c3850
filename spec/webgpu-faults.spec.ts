/**
 * A failed kernel never poisons later results (issue 9). A fault is injected with the test hook
 * (the next matching kernel gets WGSL that does not compile), and the spec checks that:
 *  - the error is a KernelError naming the kernel, its program and shapes;
 *  - every result of the submit that ran it throws that same error, on every read, including an
 *    unrelated op recorded into the same submit and results computed later from a failed one;
 *  - work submitted before or after is right (values against known answers), also when a
 *    readback copy of a good array happened to share the failed submit;
 *  - a failure at submit time (a destroyed buffer) is attributed to that submit's work.
 * Eager ops and jit programs both.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { jit, np, useBackend, Tensor, errors } from '../src/index.js';
import { ShapedArray } from '../src/core/shape.js';
import { STORAGE_USAGE } from '../src/backend/webgpu/buffers.js';
import { clearKernelFaults, injectKernelFault } from '../src/backend/webgpu/fault-injection.js';
import { kernelsOf } from '../src/backend/webgpu/executor.js';
import { activeRuntime } from '../src/backend/webgpu/queue.js';
import { wrapBuffer } from '../src/backend/webgpu/storage.js';
import { describeWebGPU } from './helpers/webgpu.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);
const close = (got: number[], want: number[]) => {
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], 5));
};
/** The error a read rejects with (fails the test if the read succeeds). */
async function readError(t: Tensor): Promise<unknown> {
  try {
    await t.data();
  } catch (e) {
    return e;
  }
  throw new Error(`expected reading ${t.aval} to fail, but it succeeded`);
}

describeWebGPU('WebGPU: a failed kernel never poisons later results', () => {
  // The runtime logs each failed submit once on stderr; keep the test output readable.
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  beforeAll(async () => { await useBackend('webgpu'); });
  afterAll(async () => { clearKernelFaults(); quiet.mockRestore(); await useBackend('cpu'); });

  const xs = [0.5, 1, 2, 3];

  it('the issue example: an op on an empty array, then an unrelated op, read twice', async () => {
    expect(await values(np.zeros([0]).add(1))).toEqual([]);
    const y = np.ones([2]).add(1);
    expect(await values(y)).toEqual([2, 2]);
    expect(await values(y)).toEqual([2, 2]);
  });

  it('eager: every result of the failed submit throws the same KernelError naming sin and its shapes; later work is right', async () => {
    const x = np.array(xs);
    const before = np.exp(x);
    close(await values(before), xs.map(Math.exp)); // submitted and read before the fault

    injectKernelFault({ program: 'sin' });
    const bad = np.sin(x); // its kernel does not compile
    const sibling = np.cos(x); // unrelated, but recorded into the same submit
    const child = bad.mul(2); // computed from the failed result, same submit

    const e = await readError(bad);
    expect(e).toBeInstanceOf(errors.KernelError);
    const msg = (e as Error).message;
    expect(msg).toMatch(/kernel E_4 of sin \(f32\[4\]\) → \(f32\[4\]\) failed to compile/);
    expect(msg).toMatch(/this_is_an_injected_fault/); // WebGPU's own diagnosis is kept
    expect(msg).not.toMatch(/ of (cos|mul) /); // the unrelated ops are not blamed
    // The same error on every read, and on every result of that submit.
    expect(await readError(bad)).toBe(e);
    expect(await readError(sibling)).toBe(e);
    expect(await readError(child)).toBe(e);
    // Later work computed from a failed result fails the same way: its input never existed.
    expect(await readError(bad.add(1))).toBe(e);

    // Unrelated later work, the same kernels included, is right; so is what was computed before.
    close(await values(np.sin(x)), xs.map(Math.sin));
    close(await values(np.cos(x)), xs.map(Math.cos));
    close(await values(before), xs.map(Math.exp));
  });

  it('a good array whose readback copy shares a failed submit is still read right', async () => {
    const x = np.array(xs);
    const good = np.exp(x);
    close(await values(good), xs.map(Math.exp)); // computed in a submit that ran
    injectKernelFault({ program: 'tanh' });
    const bad = np.tanh(x);
    // This read's copy is recorded after the bad kernel, into the submit that fails.
    close(await values(good), xs.map(Math.exp));
    expect(await readError(bad)).toBeInstanceOf(errors.KernelError);
    close(await values(np.tanh(x)), xs.map(Math.tanh));
  });

  it('jit: all outputs of a failed program throw the same error naming the kernel and the jit; the next call is right', async () => {
    const f = jit(function sinPlusSum(a: Tensor, b: Tensor) { return [np.sin(a).add(b), np.sum(a)]; });
    const a = np.array(xs), b = np.array([1, 1, 1, 1]);
    injectKernelFault({ program: 'sinPlusSum' }); // its first kernel
    const [y, s] = f(a, b) as Tensor[];
    const e = await readError(y);
    expect(e).toBeInstanceOf(errors.KernelError);
    const kernels = kernelsOf(f, a, b).map((k) => k.name);
    expect((e as Error).message).toContain(`kernel ${kernels[0]} of sinPlusSum (f32[4], f32[4]) → (f32[4], f32[])`);
    expect(await readError(s)).toBe(e);
    expect(await readError(y)).toBe(e);

    const [y2, s2] = f(a, b) as Tensor[];
    close(await values(y2), xs.map((v) => Math.sin(v) + 1));
    close(await values(s2), [xs.reduce((p, v) => p + v, 0)]);
  });

  it('a submit that fails validation (a destroyed input buffer) is blamed on its own work only', async () => {
    const rt = activeRuntime('spec');
    // A buffer outside the pool, so destroying it cannot hurt later tests.
    const raw = rt.device.createBuffer({ label: 'spec.destroyed', size: 16, usage: STORAGE_USAGE });
    const gone = wrapBuffer(rt, { buffer: raw, offset: 0, size: 16 }, new ShapedArray([4], 'float32'));
    raw.destroy();
    const y = gone.add(1);
    const e = await readError(y);
    expect(e).toBeInstanceOf(errors.KernelError);
    expect((e as Error).message).toMatch(/a WebGPU submit of \[[^\]]*add\/E_4[^\]]*\] failed validation, so none of it ran: .*spec\.destroyed/s);
    expect(await readError(y)).toBe(e);
    close(await values(np.array(xs).add(1)), xs.map((v) => v + 1));
  });
});
