/**
 * A resumable training loop around a jitted step. Randomness is a pure function of the step
 * number (key = foldIn(base, step)), and the state is a pytree of tensors, so a run stopped at any
 * point and restarted from its last checkpoint continues exactly: the parameters after n steps
 * equal an uninterrupted run's. Where checkpoints live is a `CheckpointStore`: in memory here
 * (browser-safe), or a file through the `fluxion/node` entry's facm.trainLoop({ checkpoint: path }).
 */
import type { Tensor } from '../core/tensor.js';
import { ArgumentError } from '../core/errors.js';
import { decodeSafetensorsTree, encodeSafetensors } from '../io/safetensors.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { treeLeaves } from '../tree/pytree.js';
import type { TrainState } from './train.js';

/** What a checkpoint holds: the state, and the logged history as one float32 tensor per metric. */
export interface LoopCheckpoint<P> { state: TrainState<P>; history: Record<string, Tensor> }

/** Where a loop's checkpoints are kept. */
export interface CheckpointStore<P> {
  /** The last checkpoint saved, or undefined when there is none (a fresh run). */
  load(): Promise<LoopCheckpoint<P> | undefined>;
  save(checkpoint: LoopCheckpoint<P>): Promise<void>;
}

/** Metadata every loop checkpoint carries, to tell it apart from other safetensors files. */
export const LOOP_CHECKPOINT_METADATA = { kind: 'facm-train-checkpoint' } as const;

export interface LoopOptions<P, C> {
  step: (state: TrainState<P>, context: C, key: Tensor) => [TrainState<P>, Record<string, Tensor>];
  state: TrainState<P>;
  context: C;
  key: Tensor;
  steps: number;
  /** Where checkpoints are kept; resumed from when it holds one. None: no checkpoints. */
  store?: CheckpointStore<P>;
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

/**
 * A store holding the last checkpoint as safetensors bytes in memory (e.g. in a browser tab; the
 * bytes can be offered as a download or kept in IndexedDB).
 * @example const store = memoryCheckpointStore<P>(); await trainLoop({ ..., store }); store.bytes();
 */
export function memoryCheckpointStore<P>(initial?: Uint8Array): CheckpointStore<P> & { bytes(): Uint8Array | undefined } {
  let bytes = initial;
  return {
    load: async () => (bytes ? decodeSafetensorsTree<LoopCheckpoint<P>>(bytes, 'the in-memory checkpoint') : undefined),
    save: async (ck) => { bytes = await encodeSafetensors(ck, LOOP_CHECKPOINT_METADATA); },
    bytes: () => bytes,
  };
}

/** @example const { state } = await trainLoop({ step, state, context, key, steps: 2000, store: memoryCheckpointStore() }); */
export async function trainLoop<P, C>(o: LoopOptions<P, C>): Promise<LoopResult<P>> {
  // The browser-safe loop never reads a path: a checkpoint path here would silently not be saved.
  if ('checkpoint' in o) {
    throw new ArgumentError(`facm.trainLoop: the checkpoint option (a file path) needs the file system; import facm from ` +
      `'fluxion/node' for it, or pass { store: facm.memoryCheckpointStore() } to keep checkpoints in memory.`);
  }
  let state = o.state;
  let history: Record<string, number[]> = {};
  let resumedFrom = 0;
  const ck = await o.store?.load();
  if (ck) {
    state = ck.state;
    history = Object.fromEntries(await Promise.all(Object.entries(ck.history ?? {}).map(async ([k, t]) => [k, Array.from(await t.data())] as const)));
    resumedFrom = Math.round((await state.step.data())[0]);
  }
  const save = async () => {
    if (!o.store) return;
    const hist = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, np.array(Float32Array.from(v))]));
    await o.store.save({ state, history: hist });
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
