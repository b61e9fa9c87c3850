/**
 * The browser-safe facm.trainLoop: checkpoints go to a CheckpointStore (here in memory, as a page
 * would keep them), so resumable training needs no file system; an interrupted run resumed from
 * the stored bytes ends with exactly the parameters of an uninterrupted run. The `checkpoint`
 * path option belongs to the Node entry and is refused here with a named error.
 */
import { describe, expect, it } from 'vitest';
import { errors, facm, io, np, optim, random, treeLeaves, useBackend, type Tensor } from '../src/index.js';

type Params = { w: Tensor; b: Tensor };
const target = np.array([[2], [-3]]);
const loss = (p: Params, _c: null, k: Tensor): [Tensor, Record<string, Tensor>] => {
  const x = random.normal(k, [16, 2]);
  const err = np.matmul(x, p.w).add(p.b).sub(np.matmul(x, target).add(0.5));
  return [err.mul(err).mean(), {}];
};
const opt = () => optim.adamw(0.05, { weightDecay: 0 });
const init = (): Params => ({ w: np.zeros([2, 1]), b: np.zeros([1]) });
const flat = async (p: Params) => Promise.all((treeLeaves(p) as Tensor[]).map(async (t) => Array.from(await t.data())));

describe('facm.trainLoop with an in-memory checkpoint store (CPU)', () => {
  it('interrupted after 13 of 30 steps and resumed from the stored bytes: parameters equal an uninterrupted run\'s', async () => {
    await useBackend('cpu');
    const step = facm.makeTrainStep(loss, opt(), 0.9, 'store_step');
    const run = (extra: Partial<facm.LoopOptions<Params, null>>) => facm.trainLoop({
      step, state: facm.initTrainState(init(), opt(), np.zeros([])), context: null, key: random.key(5), steps: 30, logEvery: 5, ...extra,
    });
    const whole = await run({});
    const store = facm.memoryCheckpointStore<Params>();
    const cut = await run({ store, checkpointEvery: 5, stopAfter: 13 });
    expect(cut.resumedFrom).toBe(0);
    const bytes = store.bytes();
    expect(bytes).toBeInstanceOf(Uint8Array);
    // The stored bytes are an ordinary fluxion checkpoint (state, history and the kind marker).
    expect(io.decodeSafetensors(bytes!).metadata.kind).toBe('facm-train-checkpoint');
    // A fresh store from those bytes (as a page reloading them would) resumes at step 10.
    const resumed = await run({ store: facm.memoryCheckpointStore<Params>(bytes), checkpointEvery: 5 });
    expect(resumed.resumedFrom).toBe(10);
    expect(await flat(resumed.state.params)).toEqual(await flat(whole.state.params));
    expect(await flat(resumed.state.ema)).toEqual(await flat(whole.state.ema));
    expect(resumed.history.loss).toEqual(whole.history.loss);
    expect(whole.history.loss[whole.history.loss.length - 1]).toBeLessThan(whole.history.loss[0]); // it trained
  });

  it('refuses the file checkpoint option, which needs fluxion/node', async () => {
    const step = facm.makeTrainStep(loss, opt(), 0.9, 'store_step_2');
    const options = { step, state: facm.initTrainState(init(), opt(), np.zeros([])), context: null, key: random.key(5), steps: 3, checkpoint: 'x.safetensors' };
    const err = await facm.trainLoop(options as facm.LoopOptions<Params, null>).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.ArgumentError);
    expect((err as Error).message).toMatch(/facm\.trainLoop: the checkpoint option \(a file path\) needs the file system; import facm from 'fluxion\/node'/);
  });
});
