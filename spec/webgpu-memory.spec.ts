/**
 * GPU memory in long jitted loops: a 1000-step training loop must hold live buffers and bytes
 * flat — the program's intermediates come from the pool and go back to it every step, and the
 * previous step's parameters are released (explicitly, or by scope()).
 */
import { expect, it } from 'vitest';
import { grad, jit, np, scope, treeLeaves, treeMap, useBackend, webgpuStats, Tensor } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';

type P = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const forward = (p: P, x: Tensor) => np.matmul(np.tanh(np.matmul(x, p.w1).add(p.b1)), p.w2).add(p.b2);
const loss = (p: P, x: Tensor, y: Tensor) => np.mean(np.square(forward(p, x).sub(y)));
const step = jit((p: P, x: Tensor, y: Tensor) => {
  const g = grad(loss)(p, x, y);
  return { p: treeMap((w: Tensor, gw: Tensor) => w.sub(gw.mul(0.05)), p, g) as P, loss: loss(p, x, y) };
});

const init = (): P => ({
  w1: np.linspace(-0.5, 0.5, 2 * 32).reshape([2, 32]), b1: np.zeros([32]),
  w2: np.linspace(-0.3, 0.3, 32 * 2).reshape([32, 2]), b2: np.zeros([2]),
});

describeWebGPU('GPU memory stays flat in a 1000-step jitted training loop', () => {
  it('with the previous parameters disposed each step', async () => {
    await useBackend('webgpu');
    // Setup temporaries (linspace, x·3) are freed now, not whenever the garbage collector runs.
    const [x, y] = scope(() => { const x0 = np.linspace(-1, 1, 128).reshape([64, 2]); return [x0, np.sin(x0.mul(3))]; });
    let p = init();
    const samples: { step: number; live: number; bytes: number; pooled: number; created: number }[] = [];
    let first = NaN, last = NaN;
    for (let i = 1; i <= 1000; i++) {
      const out = step(p, x, y);
      treeLeaves(p).forEach((t) => (t as Tensor).dispose());
      p = out.p;
      if (i === 1) first = await out.loss.item();
      if (i === 1000) last = await out.loss.item();
      out.loss.dispose();
      if (i % 100 === 0) {
        await p.b2.data(); // let the queue drain so deferred releases settle
        const s = webgpuStats();
        samples.push({ step: i, live: s.liveBuffers, bytes: s.liveBytes, pooled: s.pooledBytes, created: s.createdBuffers });
      }
    }
    console.log(`[memory] ${samples.map((s) => `${s.step}: ${s.live} buffers / ${s.bytes} B live, ${s.pooled} B pooled, ${s.created} created`).join('; ')}`);
    const [base, ...rest] = samples;
    for (const s of rest) {
      // Never more than after the first 100 steps (the finalizer may free stray arrays, never add).
      expect(s.live, `live buffers at step ${s.step}`).toBeLessThanOrEqual(base.live);
      expect(s.bytes, `live bytes at step ${s.step}`).toBeLessThanOrEqual(base.bytes);
      // All GPU memory held (live + pooled) stays flat, and no buffer is created after warm-up.
      expect(s.bytes + s.pooled, `live + pooled bytes at step ${s.step}`).toBeLessThanOrEqual(base.bytes + base.pooled);
      expect(s.created, `buffers created by step ${s.step}`).toBe(base.created);
    }
    expect(last).toBeLessThan(first); // and it trained
  });

  it('with each step inside scope()', async () => {
    await useBackend('webgpu');
    const x = np.linspace(-1, 1, 128).reshape([64, 2]), y = np.cos(x);
    let p = init();
    const live: number[] = [];
    for (let i = 1; i <= 300; i++) {
      const prev = p;
      p = scope(() => step(prev, x, y).p); // the loss and every temporary are freed, p kept
      treeLeaves(prev).forEach((t) => (t as Tensor).dispose());
      if (i % 50 === 0) { await p.b1.data(); live.push(webgpuStats().liveBuffers); }
    }
    // Never above the first sample: a leak of even one buffer a step would add 50 between samples.
    // (A sample may be lower: the finalizer can free what the previous test left to the GC.)
    expect(Math.max(...live), `live buffers every 50 steps: ${live}`).toBe(live[0]);
  });
});
