/**
 * The MNIST study's training stages (examples/mnist/stage.ts, used by demo.ts and
 * train-teacher.ts): a stage killed part-way resumes from its checkpoint file and ends with the same
 * parameters, bit for bit, as an uninterrupted run; and the shipped teacher
 * (assets/mnist/teacher.safetensors) is small enough to ship, records the DiT it holds, and loads
 * into that DiT's parameter structure.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Tensor, data, io, nn, np, random, treeLeaves, useBackend } from '../src/node.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { DEFAULT_DIT, teacherLoss, type MnistData } from '../examples/mnist/pipeline.js';
import { SHIPPED_TEACHER, stage } from '../examples/mnist/stage.js';

const cfg: nn.DitConfig = { size: 28, patch: 7, dim: 16, depth: 1, heads: 2, mlpRatio: 2, timeDim: 8, classes: 10 };
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'fluxion-mnist-stage-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const values = async (p: nn.DitParams) => Promise.all((treeLeaves(p) as Tensor[]).map(async (t) => Array.from(await t.data())));

describeWebGPU('an MNIST training stage on WebGPU', () => {
  it('killed after 5 of 8 steps and run again, resumes from the step-4 checkpoint and equals an uninterrupted run', async () => {
    await useBackend('webgpu');
    const { train } = data.loadMnist();
    const idx = np.arange(0, 8000, 125);
    const mnist: MnistData = { images: np.take(train.images, idx, 0), labels: np.take(train.labels, idx, 0) };
    const run = (out: string, stopAfter?: number) => stage('teacher', teacherLoss(4, cfg), nn.initDit(random.key(0), cfg), mnist, random.key(1),
      { out, lr: 1e-3, steps: 8, checkpointEvery: 2, stopAfter, verbose: false, config: { batch: 4, dit: cfg } });
    const whole = await run(tempDir());
    const dir = tempDir();
    const cut = await run(dir, 5);
    expect(cut.resumedFrom).toBe(0);
    const resumed = await run(dir);
    expect(resumed.resumedFrom).toBe(4);
    const [a, b, c] = [await values(whole.ema), await values(resumed.ema), await values(cut.ema)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a); // the killed run really stopped early
  }, 600_000);
});

describe('the shipped MNIST teacher', () => {
  it(`${SHIPPED_TEACHER} is ≤ 5 MB, records the demo's DiT, and loads into that DiT's parameter structure`, async () => {
    await useBackend('cpu');
    expect(statSync(SHIPPED_TEACHER).size).toBeLessThanOrEqual(5 * 1024 * 1024);
    const { metadata } = await io.loadSafetensorsWithMetadata(SHIPPED_TEACHER);
    expect(JSON.parse(metadata['mnist.dit'])).toEqual(DEFAULT_DIT);
    expect(JSON.parse(metadata['mnist.teacher'])).toMatchObject({ steps: expect.any(Number), batch: expect.any(Number), seed: expect.any(Number) });
    const loaded = await io.loadSafetensors<nn.DitParams>(SHIPPED_TEACHER);
    const fresh = nn.initDit(random.key(0), DEFAULT_DIT);
    const shapes = (p: nn.DitParams) => (treeLeaves(p) as Tensor[]).map((t) => [t.dtype, ...t.shape]);
    expect(shapes(loaded)).toEqual(shapes(fresh));
    // Trained: the adaLN-Zero final layers, zero at initialisation, are not zero any more.
    for (const layer of [loaded.finalAda, loaded.out]) {
      const w = await layer.w.data();
      expect(Array.from(w).every(Number.isFinite)).toBe(true);
      expect(Array.from(w).some((v) => v !== 0)).toBe(true);
    }
    expect(Array.from(await fresh.out.w.data()).every((v) => v === 0)).toBe(true);
  });
});
