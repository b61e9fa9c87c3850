/**
 * A resumable training loop around a jitted step. Randomness is a pure function of the step
 * number (key = foldIn(base, step)), and the state is a pytree of tensors, so a run stopped at any
 * point and restarted from its last checkpoint continues exactly: the parameters after n steps
 * equal an uninterrupted run's. Where checkpoints live is a `CheckpointStore`: in memory here
 * (browser-safe), or a file through the `fluxion/node` entry's facm.trainLoop({ checkpoint: path }).
 * A checkpoint written by another run (another kind of file, another config, another model size)
 * is refused with a named error, never resumed as if it were this run's.
 */
import { produce, type Draft } from 'immer';
import type { Tensor } from '../core/tensor.js';
import { ArgumentError, FileError } from '../core/errors.js';
import { decodeSafetensorsTree, encodeSafetensors } from '../io/safetensors.js';
import { orThrow, parseSafetensorsHeader } from '../io/safetensors-header.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { treeDefToString, treeFlatten, treeLeaves } from '../tree/pytree.js';
import type { TrainState } from './train.js';

/** What a checkpoint holds: the state, and the logged history as one float32 tensor per metric. */
export interface LoopCheckpoint<P> { state: TrainState<P>; history: Record<string, Tensor> }

/** Where a loop's checkpoints are kept. */
export interface CheckpointStore<P> {
  /** How messages name it: a file path, or "the in-memory checkpoint". */
  readonly where: string;
  /** The metadata of the last checkpoint saved (read before its tensors), or undefined when there is none. */
  metadata(): Promise<Readonly<Record<string, string>> | undefined>;
  /** The last checkpoint saved, or undefined when there is none (a fresh run). */
  load(): Promise<LoopCheckpoint<P> | undefined>;
  save(checkpoint: LoopCheckpoint<P>, metadata: Readonly<Record<string, string>>): Promise<void>;
}

/** Metadata every loop checkpoint carries, to tell it apart from other safetensors files. */
export const LOOP_CHECKPOINT_METADATA = { kind: 'facm-train-checkpoint' } as const;

/** Logged metrics by name, one entry per logged step (with `step`); immutable. */
export type History = Readonly<Record<string, readonly number[]>>;

export interface LoopOptions<P, C> {
  step: (state: TrainState<P>, context: C, key: Tensor) => [TrainState<P>, Record<string, Tensor>];
  state: TrainState<P>;
  context: C;
  key: Tensor;
  steps: number;
  /** Where checkpoints are kept; resumed from when it holds one. None: no checkpoints. */
  store?: CheckpointStore<P>;
  checkpointEvery?: number;
  /**
   * What produced this run (hyper-parameters, model sizes, data): any JSON-serialisable values.
   * It is saved with each checkpoint, and resuming from a checkpoint written with a different
   * config raises a FileError naming each difference, instead of silently continuing another run.
   */
  config?: Readonly<Record<string, unknown>>;
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

export interface LoopResult<P> {
  state: TrainState<P>;
  /** Logged metrics by name, one entry per logged step (with `step`). */
  history: History;
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
  const where = 'the in-memory checkpoint';
  return {
    where,
    // The header alone: the tensors are decoded once, by load().
    metadata: async () => (bytes ? orThrow(parseSafetensorsHeader(bytes, where)).metadata : undefined),
    load: async () => (bytes ? decodeSafetensorsTree<LoopCheckpoint<P>>(bytes, where) : undefined),
    save: async (ck, metadata) => { bytes = await encodeSafetensors(ck, metadata); },
    bytes: () => bytes,
  };
}

/** A config as canonical JSON (keys sorted at every depth), so key order never counts as a difference. */
const canonical = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);

const startAfresh = (where: string) =>
  `Resume with the options that wrote it, write this run elsewhere (e.g. another --out folder), or delete ${where} to start afresh.`;

/** Refuses a checkpoint that another run wrote: another kind of file, or another config. */
function checkMetadata(where: string, metadata: Readonly<Record<string, string>>, config: LoopOptions<unknown, unknown>['config']): void {
  if (metadata.kind !== LOOP_CHECKPOINT_METADATA.kind)
    throw new FileError(`facm.trainLoop: ${where} is not a training checkpoint (metadata kind ${JSON.stringify(metadata.kind ?? null)}, expected "${LOOP_CHECKPOINT_METADATA.kind}"). ${startAfresh(where)}`);
  // A checkpoint from before configs were recorded is checked by its layout alone.
  if (config === undefined || metadata.config === undefined) return;
  const saved = JSON.parse(metadata.config) as Record<string, unknown>, wanted = JSON.parse(canonical(config)) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(saved), ...Object.keys(wanted)])].sort();
  const diffs = keys.filter((k) => canonical(saved[k]) !== canonical(wanted[k]))
    .map((k) => `${k}: checkpoint ${canonical(saved[k]) ?? '(absent)'}, this run ${canonical(wanted[k]) ?? '(absent)'}`);
  if (diffs.length) throw new FileError(`facm.trainLoop: ${where} was written by a run with another configuration:\n  ${diffs.join('\n  ')}\n${startAfresh(where)}`);
}

/** The loaded state must have the initial state's layout: same tree, same shapes and dtypes leaf by leaf. */
function checkLayout<P>(where: string, loaded: TrainState<P>, initial: TrainState<P>): void {
  const a = treeFlatten<Tensor>(loaded), b = treeFlatten<Tensor>(initial);
  if (treeDefToString(a.def) !== treeDefToString(b.def))
    throw new FileError(`facm.trainLoop: ${where} holds a training state of another structure (${treeDefToString(a.def)}) than this run's (${treeDefToString(b.def)}). ${startAfresh(where)}`);
  a.leaves.forEach((t, i) => {
    const u = b.leaves[i]!;
    if (String(t.shape) !== String(u.shape) || t.dtype !== u.dtype)
      throw new FileError(`facm.trainLoop: leaf ${i} of ${where} is ${t.dtype}[${t.shape.join(',')}], this run's is ${u.dtype}[${u.shape.join(',')}]: the checkpoint was written by a model of another size. ${startAfresh(where)}`);
  });
}

/** @example const { state } = await trainLoop({ step, state, context, key, steps: 2000, store: memoryCheckpointStore(), config: { lr: 1e-3 } }); */
export async function trainLoop<P, C>(o: LoopOptions<P, C>): Promise<LoopResult<P>> {
  // The browser-safe loop never reads a path: a checkpoint path here would silently not be saved.
  if ('checkpoint' in o) {
    throw new ArgumentError(`facm.trainLoop: the checkpoint option (a file path) needs the file system; import facm from ` +
      `'fluxion/node' for it, or pass { store: facm.memoryCheckpointStore() } to keep checkpoints in memory.`);
  }
  let state = o.state;
  // The history is updated with immer: each logged step makes a new frozen snapshot sharing the
  // unchanged arrays, so the snapshots handed to onLog (a live plot) stay valid as training goes on.
  let history: History = {};
  let resumedFrom = 0;
  const metadata = await o.store?.metadata();
  if (o.store && metadata) {
    checkMetadata(o.store.where, metadata, o.config);
    const ck = await o.store.load();
    if (ck) {
      checkLayout(o.store.where, ck.state, o.state);
      state = ck.state;
      history = Object.freeze(Object.fromEntries(await Promise.all(Object.entries(ck.history ?? {})
        .map(async ([k, t]) => [k, Object.freeze(Array.from(await t.data()))] as const))));
      resumedFrom = Math.round((await state.step.data())[0]!);
    }
  }
  const savedMetadata = { ...LOOP_CHECKPOINT_METADATA, ...(o.config ? { config: canonical(o.config) } : {}) };
  const save = async () => {
    if (!o.store) return;
    const hist = Object.fromEntries(Object.entries(history).map(([k, v]) => [k, np.array(Float32Array.from(v))]));
    await o.store.save({ state, history: hist }, savedMetadata);
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
