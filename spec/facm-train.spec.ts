/**
 * The FACM training step as one program, and resumable training: an interrupted run resumed from
 * its checkpoint ends with exactly the parameters of an uninterrupted run.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Tensor, data, errors, facm, io, nn, np, optim, random, treeLeaves, useBackend, webgpuStats } from '../src/node.js';
import { describeWebGPU } from './helpers/webgpu.js';

type Params = nn.TimeMlpParams;
const B = 64;
const net = (p: Params): facm.Net => (x, c) => nn.timeMlp(p, x, c);
const batch = (k: Tensor, time: facm.TimeSampler) => {
  const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
  const x = data.sampleDataset('8gaussians', kx, B).x, eps = random.normal(ke, [B, 2]), t = facm.sampleTime(kt, B, time);
  return { xt: facm.interpolate(x, eps, t), t, v: facm.velocity(x, eps) };
};
const teacherLoss = (p: Params, _c: null, k: Tensor): [Tensor, Record<string, Tensor>] => {
  const b = batch(k, 'uniform');
  return [facm.teacherLoss(net(p), b.xt, b.t, b.v).loss, {}];
};
const facmLoss = (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
  const b = batch(k, 'default');
  const v = facm.guidedVelocity((x, c) => nn.timeMlp(tp, x, c), b.xt, b.t);
  const r = facm.facmLoss(net(p), b.xt, b.t, v);
  return [r.loss, { cm: r.cm, fm: r.fm }];
};
const opt = () => optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-3, { weightDecay: 0 }));
const init = () => nn.initTimeMlp(random.key(3), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 });
const flat = async (p: Params) => Promise.all((treeLeaves(p) as Tensor[]).map(async (t) => Array.from(await t.data())));

const dir = mkdtempSync(join(tmpdir(), 'fluxion-facm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resumable training', () => {
  it('interrupted after 25 of 40 steps and resumed: parameters equal an uninterrupted run\'s', async () => {
    await useBackend('cpu');
    const step = facm.makeTrainStep(teacherLoss, opt(), 0.99, 'teacher');
    const run = (extra: Partial<facm.LoopOptions<Params, null>>) => facm.trainLoop({
      step, state: facm.initTrainState(init(), opt(), np.zeros([])), context: null, key: random.key(11), steps: 40, logEvery: 10, ...extra,
    });
    const whole = await run({});
    const ckpt = join(dir, 'teacher.safetensors');
    const cut = await run({ checkpoint: ckpt, checkpointEvery: 10, stopAfter: 25 });
    expect(cut.resumedFrom).toBe(0);
    expect((await cut.state.step.data())[0]).toBe(25);
    const resumed = await run({ checkpoint: ckpt, checkpointEvery: 10 });
    expect(resumed.resumedFrom).toBe(20); // the last checkpoint before the interruption
    expect(await flat(resumed.state.params)).toEqual(await flat(whole.state.params));
    expect(await flat(resumed.state.ema)).toEqual(await flat(whole.state.ema));
    expect(resumed.history.loss.length).toBe(4); // losses logged before the interruption were kept
    expect(resumed.history.loss).toEqual(whole.history.loss);
  });

  it('refuses a checkpoint written by another configuration, naming each difference, and leaves it intact', async () => {
    await useBackend('cpu');
    const step = facm.makeTrainStep(teacherLoss, opt(), 0.99, 'teacher');
    const ckpt = join(dir, 'config.safetensors');
    const run = (config: Record<string, unknown>, steps = 6) => facm.trainLoop({
      step, state: facm.initTrainState(init(), opt(), np.zeros([])), context: null, key: random.key(11), steps, logEvery: 2,
      checkpoint: ckpt, checkpointEvery: 2, config,
    });
    await run({ lr: 1e-3, hidden: 16, data: { name: 'moons', n: 3 } }, 4);
    // Same values, keys in another order: resumes.
    expect((await run({ data: { n: 3, name: 'moons' }, hidden: 16, lr: 1e-3 })).resumedFrom).toBe(4);
    const bytes = readFileSync(ckpt);
    const err = await run({ lr: 3e-3, hidden: 16, data: { name: 'spirals', n: 3 }, extra: true }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FileError);
    const msg = (err as Error).message;
    expect(msg).toContain('config.safetensors was written by a run with another configuration');
    expect(msg).toContain('lr: checkpoint 0.001, this run 0.003');
    expect(msg).toContain('data: checkpoint {"n":3,"name":"moons"}, this run {"n":3,"name":"spirals"}');
    expect(msg).toContain('extra: checkpoint (absent), this run true');
    expect(msg).toMatch(/another --out folder|delete/);
    expect(readFileSync(ckpt).equals(bytes)).toBe(true);
  });

  it('refuses a checkpoint of a model of another size, and a file that is not a training checkpoint', async () => {
    await useBackend('cpu');
    const ckpt = join(dir, 'size.safetensors');
    const run = (hidden: number) => {
      const opt0 = opt();
      const state = facm.initTrainState(nn.initTimeMlp(random.key(3), { dataDim: 2, hidden, depth: 2, embedDim: 8 }), opt0, np.zeros([]));
      return facm.trainLoop({ step: facm.makeTrainStep(teacherLoss, opt0, 0.99, `t${hidden}`), state, context: null, key: random.key(1), steps: 2, checkpoint: ckpt, checkpointEvery: 2 });
    };
    await run(16);
    await expect(run(8)).rejects.toThrow(/leaf \d+ of .*size\.safetensors is float32\[16\], this run's is float32\[8\]: the checkpoint was written by a model of another size/);
    const other = join(dir, 'weights.safetensors');
    await io.saveSafetensors(other, { w: np.ones([2]) });
    const opt0 = opt();
    await expect(facm.trainLoop({ step: facm.makeTrainStep(teacherLoss, opt0, 0.99, 'w'), state: facm.initTrainState(init(), opt0, np.zeros([])), context: null,
      key: random.key(1), steps: 2, checkpoint: other })).rejects.toThrow(/weights\.safetensors is not a training checkpoint \(metadata kind null/);
  });

  it('hands onLog immutable history snapshots that later steps do not change', async () => {
    await useBackend('cpu');
    const snaps: facm.History[] = [];
    const opt0 = opt();
    const r = await facm.trainLoop({ step: facm.makeTrainStep(teacherLoss, opt0, 0.99, 'h'), state: facm.initTrainState(init(), opt0, np.zeros([])),
      context: null, key: random.key(2), steps: 6, logEvery: 2, onLog: (_s, _m, h) => snaps.push(h) });
    expect(snaps.map((h) => h.step)).toEqual([[2], [2, 4], [2, 4, 6]]);
    expect(Object.isFrozen(snaps[0]!.loss)).toBe(true);
    expect(r.history.loss).toEqual(snaps[2]!.loss);
    expect(snaps[0]!.loss).toHaveLength(1);
  });
});

describeWebGPU('the FACM step on WebGPU', () => {
  it('compiles once and runs as one submit per step (teacher velocity, jvp, grad, clipping, AdamW, EMA)', async () => {
    await useBackend('webgpu');
    const teacher = init();
    const step = facm.makeTrainStep(facmLoss, opt(), 0.99, 'facm');
    let state = facm.initTrainState(init(), opt(), np.zeros([]));
    const key = random.key(5);
    const s0 = webgpuStats();
    let [next, m] = step(state, teacher, random.foldIn(key, 0));
    await m.loss.data();
    const s1 = webgpuStats();
    const losses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      state = next;
      [next, m] = step(state, teacher, random.foldIn(key, i));
      const before = webgpuStats();
      losses.push((await m.loss.data())[0]);
      expect(webgpuStats().submits - before.submits, `step ${i}`).toBe(1);
    }
    const s2 = webgpuStats();
    expect(s1.programs - s0.programs).toBeGreaterThan(0);
    // No new programs after the first step (the random key folding per step is its own tiny program).
    expect(s2.programs - s1.programs).toBeLessThanOrEqual(1);
    expect(losses.every(Number.isFinite)).toBe(true);
    const perStep = (s2.dispatches - s1.dispatches) / 5;
    console.log(`[facm] one FACM step = ${perStep} kernel dispatches (including the key derivation)`);
  });
});
