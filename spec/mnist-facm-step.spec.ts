/**
 * The MNIST FACM step (examples/mnist/pipeline.ts): the whole distillation step — batch gather,
 * guided teacher velocity (two teacher calls, w = 1.75), the student's jvp through attention, grad,
 * clipping, AdamW, EMA — is ONE jit program, one submit per step on WebGPU, for every arm; one step
 * on WebGPU matches the CPU oracle; and the teacher's FM loss has a finite gradient at the
 * adaLN-Zero DiT's all-zero initial output (the cosine term's floor).
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, data, facm, grad, jit, kernelsOf, valueAndGrad, nn, np, random, treeLeaves, useBackend, webgpuStats } from '../src/node.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { ARMS, optimizer, studentInit, studentLoss, teacherLoss, type Arm, type MnistData } from '../examples/mnist/pipeline.js';

const cfg: nn.DitConfig = { size: 28, patch: 7, dim: 16, depth: 1, heads: 2, mlpRatio: 2, timeDim: 8, classes: 10 };
const B = 4;

/** 64 real training digits: enough for batches, small enough for the CPU oracle. */
function smallData(): MnistData {
  const { train } = data.loadMnist();
  const idx = np.arange(0, 8000, 125);
  return { images: np.take(train.images, idx, 0), labels: np.take(train.labels, idx, 0) };
}

/** A trained-looking teacher: fresh, with every tensor moved so no zero-initialised layer hides a term. */
function teacher(): nn.DitParams {
  let i = 0;
  const p = nn.initDit(random.key(0), cfg);
  const moved = (t: Tensor) => t.add(random.normal(random.foldIn(random.key(9), i++), t.shape).mul(0.05));
  return mapTree(p, moved);
}
function mapTree(p: nn.DitParams, f: (t: Tensor) => Tensor): nn.DitParams {
  const d = (x: nn.DenseParams) => ({ w: f(x.w), b: f(x.b) });
  return {
    patchEmbed: d(p.patchEmbed), pos: f(p.pos), time1: d(p.time1), time2: d(p.time2), labelTable: f(p.labelTable),
    blocks: p.blocks.map((b) => ({ ada: d(b.ada), qkv: d(b.qkv), proj: d(b.proj), fc1: d(b.fc1), fc2: d(b.fc2) })),
    finalAda: d(p.finalAda), out: d(p.out),
  };
}

/**
 * An arm's loss and gradient, jit-compiled, from fresh arrays on the current backend. (Parameters after
 * an AdamW step are not compared: its first update is ≈ lr·sign(g), which flips for gradients at
 * rounding level, so it would test rounding, not the program.)
 */
async function lossAndGrad(arm: Arm) {
  const t = teacher(), mnist = smallData();
  const f = (p: nn.DitParams, ctx: unknown, k: Tensor) => studentLoss(arm, B, cfg)(p, ctx as never, k)[0];
  const [loss, g] = jit(valueAndGrad(f))(studentInit(arm, t, cfg), { teacher: t, data: mnist }, random.key(3)) as [Tensor, nn.DitParams];
  const grads: number[] = [];
  for (const leaf of treeLeaves<Tensor>(g)) grads.push(...(await leaf.data()));
  return { loss: (await loss.data())[0], grads };
}

describe('the MNIST losses', () => {
  it('the teacher loss has a finite gradient at the fresh DiT (all-zero output)', async () => {
    await useBackend('cpu');
    const mnist = smallData();
    const p = nn.initDit(random.key(0), cfg);
    const g = grad((q: nn.DitParams) => teacherLoss(B, cfg)(q, mnist, random.key(1))[0])(p);
    const out = (g.out.w as ConcreteArray).dataSync();
    expect(out.every(Number.isFinite)).toBe(true);
    expect(out.some((v) => v !== 0)).toBe(true); // the zero output layer gets a gradient: training can start
  }, 300_000);
});

describeWebGPU('the MNIST FACM step on WebGPU', () => {
  it('is one jit program and one submit per step for the teacher and every arm', async () => {
    await useBackend('webgpu');
    const t = teacher(), mnist = smallData();
    for (const arm of ['teacher', ...ARMS] as const) {
      const opt = optimizer(1e-3, 100);
      const [loss, p0, ctx] = arm === 'teacher'
        ? [teacherLoss(B, cfg), nn.initDit(random.key(0), cfg), mnist] as const
        : [studentLoss(arm, B, cfg), studentInit(arm, t, cfg), { teacher: t, data: mnist }] as const;
      const step = facm.makeTrainStep<nn.DitParams, unknown>(loss as never, opt, 0.99, `mnist_${arm}`);
      let state = facm.initTrainState(p0, opt, np.zeros([]));
      const kernels = kernelsOf(step, state, ctx, random.key(0)).length;
      const keys = [0, 1, 2, 3].map((i) => random.foldIn(random.key(4), i));
      await keys[3].data();
      let m: Record<string, Tensor> = {};
      [state, m] = step(state, ctx, keys[0]);
      await m.loss.data();
      const s1 = webgpuStats();
      const losses: number[] = [];
      for (let i = 1; i <= 3; i++) {
        [state, m] = step(state, ctx, keys[i]);
        const before = webgpuStats();
        losses.push((await m.loss.data())[0]);
        expect(webgpuStats().submits - before.submits, `${arm} step ${i}`).toBe(1);
      }
      const s2 = webgpuStats();
      expect(s2.programs - s1.programs, `${arm}: no recompilation`).toBe(0);
      expect((s2.dispatches - s1.dispatches) / 3, `${arm}: dispatches per step = the program's kernels`).toBe(kernels);
      expect(losses.every(Number.isFinite), `${arm} losses ${losses}`).toBe(true);
      console.log(`[mnist] ${arm} step (tiny DiT): ${kernels} kernels, one submit`);
    }
  }, 1_800_000); // five programs compiled on a shared 2-core machine

  it('the FACM and MeanFlow losses and gradients (guided teacher, jvp through attention) match the CPU oracle', async () => {
    for (const arm of ['facm', 'meanflow'] as const) {
      await useBackend('cpu');
      const want = await lossAndGrad(arm);
      await useBackend('webgpu');
      const got = await lossAndGrad(arm);
      expect(Math.abs(got.loss - want.loss) / Math.abs(want.loss), `${arm} loss`).toBeLessThan(1e-4);
      expect(got.grads.length).toBe(want.grads.length);
      let num = 0, den = 0;
      got.grads.forEach((v, i) => { num = Math.max(num, Math.abs(v - want.grads[i])); den = Math.max(den, Math.abs(want.grads[i])); });
      expect(num / den, `${arm} gradient`).toBeLessThan(1e-3);
    }
  }, 1_800_000);
});
