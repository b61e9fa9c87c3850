/**
 * Control flow on WebGPU against the CPU oracle (issue 12): scan, map, foriLoop, whileLoop
 * (bounded by maxIterations: WebGPU cannot read a predicate without waiting), cond, switch, eager
 * and under jit, their gradients, and the submit count of a device loop (one submit for K steps).
 */
import { afterAll, expect, it } from 'vitest';
import { checkpoint, checkpointPolicies, errors, facm, grad, jit, lax, nn, np, random, useBackend, vmap, webgpuStats, type Tensor } from '../src/index.js';
import { Rng, host, relErr } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { loopStats } from '../src/backend/webgpu/loop.js';

type Arr = { data: Float32Array; shape: number[] };
const rand = (rng: Rng, shape: number[]): Arr => ({ data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()), shape });
const make = (a: Arr): Tensor => np.array(a.data.slice(), { dtype: 'float32', shape: a.shape });

/** Runs `fn` on fresh copies of the inputs on the CPU and on WebGPU; the results must agree. */
async function conform(fn: (...xs: Tensor[]) => Tensor | Tensor[], inputs: Arr[], tol = 1e-5): Promise<void> {
  await useBackend('cpu');
  const want = [fn(...inputs.map(make))].flat().map((t) => host(t));
  await useBackend('webgpu');
  const got = [fn(...inputs.map(make))].flat();
  expect(got.length).toBe(want.length);
  for (const [i, g] of got.entries()) {
    const d = Float64Array.from((await g.data()) as Float32Array);
    expect(relErr(d, want[i]), `output ${i}`).toBeLessThanOrEqual(tol);
  }
}

const rnnStep = (w: Tensor) => (h: Tensor, x: Tensor): [Tensor, Tensor] => {
  const h2 = np.tanh(np.matmul(h, w).add(x));
  return [h2, h2.sin().sum()];
};
const rnn = (w: Tensor, h: Tensor, xs: Tensor, reverse = false) => lax.scan(rnnStep(w), h, xs, { reverse });
const rnnLoss = (w: Tensor, h: Tensor, xs: Tensor) => { const [a, ys] = rnn(w, h, xs); return a.sum().add(ys.mul(ys).sum()); };

describeWebGPU('control flow on WebGPU vs the CPU oracle', () => {
  afterAll(async () => { await useBackend('cpu'); });
  const rng = new Rng(12);

  it.each([false, true])('lax.scan eager and jitted (reverse %s), with a pytree carry', async (reverse) => {
    const ins = [rand(rng, [8, 8]), rand(rng, [4, 8]), rand(rng, [6, 4, 8])];
    await conform((w, h, xs) => { const [a, ys] = rnn(w.mul(0.3), h, xs, reverse); return [a, ys]; }, ins);
    await conform(jit((w: Tensor, h: Tensor, xs: Tensor) => { const [a, ys] = rnn(w.mul(0.3), h, xs, reverse); return [a, ys]; }), ins);
    await conform(jit((xs: Tensor) => {
      const [[s, p], ys] = lax.scan(([s, p]: Tensor[], x: Tensor) => [[s.add(x), p.mul(x.cos())], { a: s, b: x.exp() }] as const, [np.zeros([3]), np.ones([3])], xs);
      return [s, p, ys.a, ys.b];
    }), [rand(rng, [5, 3])]);
  });

  it('grad of a scan (jitted and eager), vmap of a scan, lax.map', async () => {
    const ins = [rand(rng, [8, 8]), rand(rng, [4, 8]), rand(rng, [5, 4, 8])];
    const scaled = (w: Tensor, h: Tensor, xs: Tensor) => rnnLoss(w.mul(0.3), h, xs);
    await conform(jit(grad(scaled, { argnums: [0, 1, 2] })) as never, ins, 1e-4);
    await conform(grad(scaled, { argnums: [0, 2] }) as never, ins, 1e-4);
    await conform(jit(vmap((h: Tensor, xs: Tensor) => rnn(np.eye(8).mul(0.5), h, xs)[0], { inAxes: [0, 1] })), [rand(rng, [3, 4, 8]), rand(rng, [5, 3, 4, 8])]);
    await conform((xs) => lax.map((x: Tensor) => np.matmul(x, x.T).sum(), xs), [rand(rng, [6, 3, 3])]);
  });

  it('lax.foriLoop (a scan with an int32 counter carry), and its grad', async () => {
    const body = (i: Tensor, x: Tensor) => x.mul(0.9).add(i.astype('float32').mul(0.1).sin());
    await conform((x) => lax.foriLoop(0, 20, body, x), [rand(rng, [16])]);
    await conform(jit((x: Tensor) => lax.foriLoop(3, 11, body, x)), [rand(rng, [16])]);
    await conform(jit(grad((x: Tensor) => lax.foriLoop(0, 6, (_i, v: Tensor) => v.sin().mul(v), x).sum())), [rand(rng, [16])]);
  });

  it('lax.whileLoop: bounded by maxIterations on the device; without it a named error says so', async () => {
    const c = (x: Tensor) => x.sum().lt(20), b = (x: Tensor) => x.mul(1.5).add(0.25);
    await conform((x) => lax.whileLoop(c, b, x.abs(), { maxIterations: 40 }), [rand(rng, [4])]);
    await conform(jit((x: Tensor) => lax.whileLoop(c, b, x.abs(), { maxIterations: 40 })), [rand(rng, [4])]);
    await useBackend('webgpu');
    expect(() => lax.whileLoop(c, b, np.ones([4]))).toThrow(errors.BackendError);
    expect(() => lax.whileLoop(c, b, np.ones([4]))).toThrow(/maxIterations/);
  });

  it('lax.cond and lax.switch with an index on the device, eager, jitted and vmapped', async () => {
    const t = (v: Tensor) => v.sin().mul(v), f = (v: Tensor) => v.neg().exp();
    await conform((x) => lax.cond(x.sum().gt(0), t, f, x), [rand(rng, [7])]);
    await conform(jit((x: Tensor) => lax.cond(x.sum().gt(0), t, f, x)), [rand(rng, [7])]);
    await conform(jit((x: Tensor) => lax.cond(x.sum().lt(0), t, f, x)), [rand(rng, [7])]);
    await conform(jit((x: Tensor) => lax.switch(x.sum().gt(0).astype('int32').add(1), [t, f, (v: Tensor) => v.mul(3)], x) as Tensor), [rand(rng, [7])]);
    await conform(jit(vmap((x: Tensor) => lax.cond(x.sum().gt(0), t, f, x))), [rand(rng, [5, 7])]);
    await conform(jit(grad((x: Tensor) => lax.cond(x.sum().gt(0), t, f, x).sum())), [rand(rng, [7])]);
  });

  it('nested: a scan in a scan with a cond inside (the body runs per iteration), and its grad', async () => {
    const inner = (c: Tensor, x: Tensor): [Tensor, Tensor] => {
      const n = lax.cond(x.sum().gt(0), (a: Tensor, b: Tensor) => a.mul(b.sin()), (a: Tensor, b: Tensor) => a.add(b).tanh(), c, x);
      return [n, n.sum()];
    };
    const nested = (x0: Tensor, xs: Tensor) => {
      const [c, ys] = lax.scan((c: Tensor, row: Tensor) => { const [c2, ys2] = lax.scan(inner, c, row); return [c2.mul(0.9), ys2] as const; }, x0, xs);
      return c.sum().add(ys.mul(ys).sum());
    };
    await conform(jit(nested), [rand(rng, [5]), rand(rng, [3, 4, 5])]);
    await conform(jit(grad(nested, { argnums: [0, 1] })) as never, [rand(rng, [5]), rand(rng, [3, 4, 5])], 1e-4);
  });

  it('an empty scan returns its initial carry and empty ys; the FACM samplers (scans) agree with the CPU', async () => {
    await conform(jit((h: Tensor, xs: Tensor) => { const [c, ys] = lax.scan((c: Tensor, x: Tensor) => [c.add(x), x.mul(2)] as const, h, xs); return [c, ys.sum()]; }),
      [rand(rng, [3]), { data: new Float32Array(0), shape: [0, 3] }]);
    await useBackend('cpu'); // host parameters: the WebGPU run uploads them, the CPU run reads them
    const p = nn.initTimeMlp(random.key(3), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 });
    const key = random.key(7);
    const F = (x: Tensor, c: Tensor) => nn.timeMlp(p, x, c);
    await conform(jit((e: Tensor) => facm.eulerSample(F, e, 20)), [rand(rng, [64, 2])], 1e-4);
    await conform(jit((e: Tensor) => facm.heunSample(F, e, 8, { anchor: true })), [rand(rng, [64, 2])], 1e-4);
    await conform(jit((e: Tensor) => facm.sampleSteps(F, e, 4, key)), [rand(rng, [64, 2])], 1e-4);
  });

  it('checkpoint: grad of checkpointed blocks, jitted and eager', async () => {
    const block = checkpoint((h: Tensor, w: Tensor) => np.tanh(np.matmul(np.tanh(np.matmul(h, w)), w)));
    const loss = (w: Tensor, x: Tensor) => block(block(x, w.mul(0.3)), w.mul(0.2)).sum();
    await conform(jit(grad(loss, { argnums: [0, 1] })) as never, [rand(rng, [8, 8]), rand(rng, [4, 8])], 1e-4);
    await conform(grad(loss) as never, [rand(rng, [8, 8]), rand(rng, [4, 8])], 1e-4);
    // A policy that saves the products: the staged backward rebuilds the tanh from them.
    const saving = checkpoint((h: Tensor, w: Tensor) => np.tanh(np.matmul(np.tanh(np.matmul(h, w)), w)), { policy: checkpointPolicies.dotsSaveable });
    const lossSaving = (w: Tensor, x: Tensor) => saving(saving(x, w.mul(0.3)), w.mul(0.2)).sum();
    await conform(jit(grad(lossSaving, { argnums: [0, 1] })) as never, [rand(rng, [8, 8]), rand(rng, [4, 8])], 1e-4);
  });

  it('a foriLoop of K steps under jit is one submit', async () => {
    await useBackend('webgpu');
    // 200 steps of two kernels each (the counter's increment, the fused matmul+tanh): far past the
    // queue's flush every 64 dispatches, which a loop of separate programs would trigger.
    const step = jit((x: Tensor, w: Tensor) => lax.foriLoop(0, 200, (i, v: Tensor) => np.tanh(np.matmul(v, w).add(i.astype('float32').mul(1e-3))), x));
    const x = np.ones([4, 8]).mul(0.1), w = np.eye(8).mul(0.9);
    await step(x, w).data(); // compile, warm up
    await x.data();
    const before = webgpuStats(), loopsBefore = loopStats.loops;
    const y = step(x, w);
    await y.data();
    const after = webgpuStats();
    expect(loopStats.loops - loopsBefore).toBe(1); // the device loop (loop.ts) ran it
    expect(after.submits - before.submits).toBe(1);
    expect(after.dispatches - before.dispatches).toBeGreaterThanOrEqual(200);
  });
});
