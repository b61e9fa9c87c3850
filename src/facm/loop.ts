/**
 * A resumable training loop around a jitted step. Randomness is a pure function of the step
 * number (key = foldIn(base, step)), and the state is a pytree of tensors saved atomically as
 * safetensors, so a run killed at any point and restarted continues exactly where its last
 * checkpoint left off — the parameters after n steps equal an uninterrupted run's.
 */
import { existsSync } from 'node:fs';
import { produce, type Draft } from 'immer';
import { FileError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from '../io/safetensors.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { treeDefToString, treeFlatten, treeLeaves } from '../tree/pytree.js';
import type { TrainState } from './train.js';

/** The metadata `kind` of a checkpoint written by trainLoop. */
const CHECKPOINT_KIND = 'facm-train-checkpoint';

export interface LoopOptions<P, C> {
  step: (state: TrainState<P>, context: C, key: Tensor) => [TrainState<P>, Record<string, Tensor>];
  state: TrainState<P>;
  context: C;
  key: Tensor;
  steps: number;
  /** Where the checkpoint lives; resumed from when it exists. */
  checkpoint?: string;
  /**
   * What produced this run (hyper-parameters, model sizes, data): any JSON-serialisable values.
   * It is saved in the checkpoint, and resuming from a checkpoint written with a different config
   * raises a FileError naming each difference, instead of silently continuing another run.
   */
  config?: Readonly<Record<string, unknown>>;
  checkpointEvery?: number;
  /** Read the metrics every this many steps (each read waits for the GPU). */
  logEvery?: number;
  /**
   * Called after each logged step with the step number, its metric values and the whole history
   * so far: an immutable snapshot (frozen; later steps never change it), so a live plot may keep it.
   */
  onLog?: (step: number, metrics: Record<string, number>, history: History) => void;
  /** For tests: stop (as if killed) after this many steps of this call, without a final checkpoint. */
  stopAfter?: number;
}

/** Logged metrics by name, one entry per logged step (with `step`); immutable. */
export type History = Readonly<Record<string, readonly number[]>>;

export interface LoopResult<P> {
  state: TrainState<P>;
  /** Logged metrics by name, one entry per logged step (with `step`). */
  history: History;
  /** The step the run resumed from (0 for a fresh run). */
  resumedFrom: number;
}

interface Checkpoint<P> { state: TrainState<P>; history: Record<string, Tensor> }

/** A config as canonical JSON (keys sorted at every depth), so key order never counts as a difference. */
const canonical = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);

/** Refuses a checkpoint that another run wrote: another kind of file, another config, or another state layout. */
async function checkResumable<P>(path: string, o: LoopOptions<P, unknown>): Promise<void> {
  const { metadata } = await readSafetensorsHeader(path);
  const fix = `Resume with the options that wrote it, write this run elsewhere (e.g. another --out folder), or delete ${path} to start afresh.`;
  if (metadata.kind !== CHECKPOINT_KIND)
    throw new FileError(`facm.trainLoop: ${path} is not a training checkpoint (metadata kind ${JSON.stringify(metadata.kind ?? null)}, expected "${CHECKPOINT_KIND}"). ${fix}`);
  if (o.config === undefined || metadata.config === undefined) return;
  const saved = JSON.parse(metadata.config) as Record<string, unknown>, wanted = JSON.parse(canonical(o.config)) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(wanted)])].sort();
  const diffs = keys.filter((k) => canonical(saved[k]) !== canonical(wanted[k]))
    .map((k) => `${k}: checkpoint ${canonical(saved[k]) ?? '(absent)'}, this run ${canonical(wanted[k]) ?? '(absent)'}`);
  if (diffs.length) throw new FileError(`facm.trainLoop: ${path} was written by a run with another configuration:\n  ${diffs.join('\n  ')}\n${fix}`);
}

/** The loaded state must have the initial state's layout: same tree, same shapes and dtypes leaf by leaf. */
function checkLayout<P>(path: string, loaded: TrainState<P>, initial: TrainState<P>): void {
  const a = treeFlatten<Tensor>(loaded), b = treeFlatten<Tensor>(initial);
  const fix = `Resume with the model options that wrote it, write this run elsewhere, or delete ${path} to start afresh.`;
  if (treeDefToString(a.def) !== treeDefToString(b.def))
    throw new FileError(`facm.trainLoop: ${path} holds a training state of another structure (${treeDefToString(a.def)}) than this run's (${treeDefToString(b.def)}). ${fix}`);
  a.leaves.forEach((t, i) => {
    const u = b.leaves[i]!;
    if (String(t.shape) !== String(u.shape) || t.dtype !== u.dtype)
      throw new FileError(`facm.trainLoop: leaf ${i} of ${path} is ${t.dtype}[${t.shape.join(',')}], this run's is ${u.dtype}[${u.shape.join(',')}]: the checkpoint was written by a model of another size. ${fix}`);
  });
}

/** @example const { state } = await trainLoop({ step, state, context, key, steps: 2000, checkpoint: 'out/ckpt.safetensors', config: { lr: 1e-3 } }); */
export async function trainLoop<P, C>(o: LoopOptions<P, C>): Promise<LoopResult<P>> {
  let state = o.state;
  // The history is updated with immer: each logged step makes a new frozen snapshot sharing the
  // unchanged arrays, so the snapshots handed to onLog (a live plot) stay valid as training goes on.
  let history: History = {};
  let resumedFrom = 0;
  if (o.checkpoint && existsSync(o.checkpoint)) {
    await checkResumable(o.checkpoint, o as LoopOptions<P, unknown>);
    const ck = await loadSafetensors<Checkpoint<P>>(o.checkpoint);
    checkLayout(o.checkpoint, ck.state, o.state);
    state = ck.state;
    history = Object.freeze(Object.fromEntries(await Promise.all(Object.entries(ck.history ?? {}).map(async ([k, t]) => [k, Object.freeze(Array.from(await t.data()))] as const))));
    resumedFrom = Math.round((await state.step.data())[0]!);
  }
  const save = async () => {
    if (!o.checkpoint) return;
    const hist = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, np.array(Float32Array.from(v))]));
    await saveSafetensors(o.checkpoint, { state, history: hist }, { kind: CHECKPOINT_KIND, ...(o.config ? { config: canonical(o.config) } : {}) });
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
      for (const [k, t] of Object.entries(metrics)) values[k] = (await t.data())[0]!;
      history = produce(history, (d: Draft<Record<string, number[]>>) => {
        for (const [k, v] of Object.entries({ step: done, ...values })) (d[k] ??= []).push(v);
      });
      o.onLog?.(done, values, history);
    }
    for (const t of Object.values(metrics)) t.dispose();
    taken++;
    if (o.stopAfter !== undefined && taken >= o.stopAfter) return { state, history, resumedFrom };
    if (done % every === 0 || done === o.steps) await save();
  }
  return { state, history, resumedFrom };
}
