/**
 * GPU memory in long loops. Jitted: a 1000-step training loop must hold live buffers and bytes
 * flat — the program's intermediates come from the pool and go back to it every step, and the
 * previous step's parameters are released (explicitly, or by scope()). Eager, with every array
 * left to the garbage collector: memory must stay bounded (slabs, collection under pressure),
 * and at the buffer limit the error must be a ResourceError that says what to do.
 */
import { expect, it } from 'vitest';
import { ConcreteArray, errors, grad, jit, np, scope, treeLeaves, treeMap, useBackend, webgpuStats, Tensor } from '../src/index.js';
import { BufferPool, COLLECT_AFTER_ALLOCATIONS, STORAGE_USAGE } from '../src/backend/webgpu/buffers.js';
import { activeRuntime } from '../src/backend/webgpu/queue.js';
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
      if (i === 1) first = Number(await out.loss.item());
      if (i === 1000) last = Number(await out.loss.item());
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

// The loop most newcomers write first: eager (no jit), no scope(), no dispose(). Every step drops
// ~60 arrays on the garbage collector. It used to create a GPUBuffer per array, grow ~61 buffers a
// step and die with SIGSEGV near step 1650, at the OS's ~65 530 memory mappings per process.
describeWebGPU('GPU memory stays bounded in an eager loop without scope()', () => {
  const eagerStep = (p: P, x: Tensor, y: Tensor): P => {
    const g = grad(loss)(p, x, y);
    return treeMap((w: Tensor, gw: Tensor) => w.sub(gw.mul(0.05)), p, g) as P;
  };
  const batch = () => { const x = np.linspace(-1, 1, 64).reshape([32, 2]); return [x, np.sin(x.mul(3))]; };

  it('5000 eager steps: GPU buffers, live and total bytes stay under fixed bounds, and it trains as on the CPU', async () => {
    // Oracle: the first three losses on the CPU interpreter.
    await useBackend('cpu');
    const want: number[] = [];
    {
      const [x, y] = batch();
      let p = init();
      for (let i = 0; i < 3; i++) { want.push((loss(p, x, y) as ConcreteArray).dataSync()[0]); p = eagerStep(p, x, y); }
    }
    await useBackend('webgpu');
    const [x, y] = batch();
    let p = init();
    const got: number[] = [];
    for (let i = 0; i < 3; i++) { got.push(Number(await loss(p, x, y).item())); p = eagerStep(p, x, y); }
    for (let i = 0; i < 3; i++) expect(Math.abs(got[i] - want[i]), `loss ${i}: ${got[i]} vs CPU ${want[i]}`).toBeLessThan(1e-5 * Math.max(1, want[i]));

    const samples: { step: number; gpuBuffers: number; live: number; bytes: number; total: number; created: number }[] = [];
    let first = NaN, last = NaN;
    for (let i = 1; i <= 5000; i++) {
      p = eagerStep(p, x, y);
      // Only every 250 steps an await (a printed loss): in between the loop is synchronous, so the
      // finalizers of dropped arrays get no turn unless the pool drains them itself.
      if (i % 250 === 0) {
        const l = Number(await loss(p, x, y).item());
        if (i === 250) first = l;
        last = l;
        const s = webgpuStats();
        samples.push({ step: i, gpuBuffers: s.gpuBuffers, live: s.liveBuffers, bytes: s.liveBytes, total: s.liveBytes + s.pooledBytes, created: s.createdBuffers });
      }
    }
    const s = webgpuStats();
    console.log(`[memory] eager: ${s.collections} collections; ${samples.map((q) => `${q.step}: ${q.gpuBuffers} GPU buffers, ${q.live} live (${q.bytes} B), ${q.total} B total, ${q.created} created`).join('; ')}`);
    for (const q of samples) {
      // Before the fix this was ~61 × step buffers (300 000 by the end).
      expect(q.gpuBuffers, `GPU buffers at step ${q.step}`).toBeLessThanOrEqual(32);
      // Dropped arrays are collected when live allocations pass the threshold: at most twice it.
      expect(q.live, `live allocations at step ${q.step}`).toBeLessThanOrEqual(2 * COLLECT_AFTER_ALLOCATIONS);
      expect(q.total, `live + pooled bytes at step ${q.step}`).toBeLessThanOrEqual(32 << 20);
    }
    // No GPU memory is created after the first 1000 steps: it is all reused.
    const warm = samples.find((q) => q.step === 1000)!;
    expect(samples[samples.length - 1].created, 'buffers created after step 1000').toBe(warm.created);
    expect(last).toBeLessThan(first / 2); // and it trained
  }, 600_000);

  it('70 000 live small arrays fit in a few slab buffers and keep their values', async () => {
    await useBackend('webgpu');
    const before = webgpuStats();
    const xs: Tensor[] = [];
    for (let k = 0; k < 70_000; k++) xs.push(np.array([k, -k, k + 0.5]));
    const held = webgpuStats();
    expect(held.liveBuffers).toBeGreaterThanOrEqual(70_000);
    // 256 B cells, ~4096 per 1 MiB slab: ~18 slabs, not 70 000 buffers.
    expect(held.gpuBuffers - before.gpuBuffers).toBeLessThanOrEqual(24);
    for (const k of [0, 1, 4095, 4096, 34_567, 69_999]) expect(Array.from(await xs[k].data())).toEqual([k, -k, k + 0.5]);
    // A kernel over arrays of one slab (inputs and output share its buffer) computes right too.
    const sum = xs[5].add(xs[6]), prod = sum.mul(xs[5]);
    expect(Array.from(await prod.data())).toEqual([55, 55, 5.5 * 12]);
    for (const t of [...xs, sum, prod]) t.dispose();
    expect(webgpuStats().liveBuffers).toBeLessThanOrEqual(before.liveBuffers);
  }, 120_000);

  it('a synchronous loop that drops its arrays is collected while it runs', async () => {
    await useBackend('webgpu');
    // Free memory left by earlier tests would absorb the loop without any need to collect.
    activeRuntime().pool.trim();
    const before = webgpuStats();
    let kept = np.zeros([3]);
    let peak = 0;
    for (let k = 0; k < 30_000; k++) {
      kept = np.array([k, k, k]); // the previous array is dropped, never disposed
      if (k % 1000 === 0) peak = Math.max(peak, webgpuStats().liveBuffers);
    }
    // Without collection under pressure the finalizers would get no turn before the loop ends.
    expect(webgpuStats().collections).toBeGreaterThan(before.collections);
    expect(peak, 'live allocations during the loop').toBeLessThanOrEqual(2 * COLLECT_AFTER_ALLOCATIONS);
    expect(Array.from(await kept.data())).toEqual([29_999, 29_999, 29_999]);
    console.log(`[memory] synchronous loop: peak ${peak} live allocations, ${webgpuStats().collections - before.collections} collections`);
  });

  it('at the GPU-buffer limit: collects first, then raises a ResourceError that says to use scope() or jit', async () => {
    await useBackend('webgpu');
    const rt = activeRuntime();
    let onCollect = () => {};
    let collects = 0;
    const pool = new BufferPool(rt.device, () => false, () => {}, 1 << 30, 256 << 20, 4, () => { collects++; onCollect(); });
    const big = 100_000; // over 64 KiB: a buffer each
    const held = [0, 1, 2, 3].map(() => pool.acquire(big, STORAGE_USAGE, 'host'));
    expect(pool.stats().gpuBuffers).toBe(4);
    let err: unknown;
    try { pool.acquire(big, STORAGE_USAGE, 'host'); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(errors.ResourceError);
    expect(String(err)).toMatch(/allocating 100000 B of GPU memory: 4 GPU buffers exist, the limit of 4/);
    expect(String(err)).toMatch(/scope\(\(\) => \.\.\.\)`.*dispose\(\).*`jit`/);
    expect(collects).toBeGreaterThan(0);
    // When collecting frees an array (its finalizer releases the buffer), the allocation reuses it.
    onCollect = () => pool.release(held[0]);
    const again = pool.acquire(big, STORAGE_USAGE, 'host');
    expect(again.buffer).toBe(held[0].buffer);
    expect(pool.stats().gpuBuffers).toBe(4);
    for (const h of [again, ...held.slice(1)]) pool.release(h);
    pool.trim();
    expect(pool.stats().gpuBuffers).toBe(0);
  });
});
