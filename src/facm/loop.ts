/**
 * A resumable training loop around a jitted step. Randomness is a pure function of the step
 * number (key = foldIn(base, step)), and the state is a pytree of tensors saved atomically as
 * safetensors, so a run killed at any point and restarted continues exactly where its last
 * checkpoint left off — the parameters after n steps equal an uninterrupted run's.
 */
import type { Tensor } from '../core/tensor.js';
import { existsSync } from 'node:fs';
import { loadSafetensors, saveSafetensors } from '../io/safetensors.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { treeLeaves } from '../tree/pytree.js';
import type { TrainState } from './train.js';

export interface LoopOptions<P, C> {
  step: (state: TrainState<P>, context: C, key: Tensor) => [TrainState<P>, Record<string, Tensor>];
  state: TrainState<P>;
  context: C;
  key: Tensor;
  steps: number;
  /** Where the checkpoint lives; resumed from when it exists. */
  checkpoint?: string;
  checkpointEvery?: number;
  /** Read the metrics every this many steps (each read waits for the GPU). */
  logEvery?: number;
  /** Called after each logged step with the step number and metric values. */
  onLog?: (step: number, metrics: Record<string, number>) => void;
  /** For tests: stop (as if killed) after this many steps of this call, without a final checkpoint. */
  stopAfter?: number;
}

export interface LoopResult<P> {
  state: TrainState<P>;
  /** Logged metrics by name, one entry per logged step (with `step`). */
  history: Record<string, number[]>;
  /** The step the run resumed from (0 for a fresh run). */
  resumedFrom: number;
}

interface Checkpoint<P> { state: TrainState<P>; history: Record<string, Tensor> }

/** @example const { state } = await trainLoop({ step, state, context, key, steps: 2000, checkpoint: 'out/ckpt.safetensors' }); */
export async function trainLoop<P, C>(o: LoopOptions<P, C>): Promise<LoopResult<P>> {
  let state = o.state;
  let history: Record<string, number[]> = {};
  let resumedFrom = 0;
  if (o.checkpoint && existsSync(o.checkpoint)) {
    const ck = await loadSafetensors<Checkpoint<P>>(o.checkpoint);
    state = ck.state;
    history = Object.fromEntries(await Promise.all(Object.entries(ck.history ?? {}).map(async ([k, t]) => [k, Array.from(await t.data())] as const)));
    resumedFrom = Math.round((await state.step.data())[0]);
  }
  const save = async () => {
    if (!o.checkpoint) return;
    const hist = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, np.array(Float32Array.from(v))]));
    await saveSafetensors(o.checkpoint, { state, history: hist }, { kind: 'facm-train-checkpoint' });
    for (const t of Object.values(hist)) t.dispose();
  };
  const logEvery = o.logEvery ?? 100, every = o.checkpointEvery ?? 500;
  let taken = 0;
  for (let i = resumedFrom; i < o.steps; i++) {
    const [next, metrics] = o.step(state, o.context, random.foldIn(o.key, i));
    if (state !== o.state || resumedFrom > 0) for (const t of treeLeaves(state) as Tensor[]) t.dispose();
    state = next;
    const done = i + 1;
    if (done % logEvery === 0 || done === o.steps) {
      const values: Record<string, number> = {};
      for (const [k, t] of Object.entries(metrics)) values[k] = (await t.data())[0];
      for (const [k, v] of Object.entries({ step: done, ...values })) (history[k] ??= []).push(v);
      o.onLog?.(done, values);
    }
    for (const t of Object.values(metrics)) t.dispose();
    taken++;
    if (o.stopAfter !== undefined && taken >= o.stopAfter) return { state, history, resumedFrom };
    if (done % every === 0 || done === o.steps) await save();
  }
  return { state, history, resumedFrom };
}
