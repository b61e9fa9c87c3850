/**
 * The resumable training loop with a checkpoint file (Node only): facm.trainLoop of the browser
 * entry, plus `checkpoint: path`. Before the first step the checkpoint's folder is created and
 * probed (io.ensureWritableDir), so a full disk or a read-only folder fails before any training
 * instead of at the first save.
 */
import { dirname } from 'node:path';
import { ArgumentError } from '../../core/errors.js';
import { loadSafetensors, readSafetensorsHeader, saveSafetensors } from '../../io/node/safetensors-files.js';
import { ensureWritableDir } from '../../io/node/writable-dir.js';
import { fileSystem } from '../../io/node/file-system.js';
import { errorCode, fileError } from '../../io/node/file-errors.js';
import {
  trainLoop as trainLoopWithStore,
  type CheckpointStore, type LoopCheckpoint, type LoopOptions as StoreLoopOptions, type LoopResult,
} from '../loop.js';

export interface LoopOptions<P, C> extends StoreLoopOptions<P, C> {
  /** The checkpoint file; resumed from when it exists. Its folder is created and checked first. */
  checkpoint?: string;
}

/**
 * A store keeping the last checkpoint in a safetensors file, written atomically.
 * @example const store = fileCheckpointStore<P>('out/teacher.safetensors');
 */
export function fileCheckpointStore<P>(path: string): CheckpointStore<P> {
  /** Whether the file exists: ENOENT is a fresh run, any other error names the file. */
  const exists = async () => {
    try { await fileSystem.stat(path); return true; } catch (e) {
      if (errorCode(e) === 'ENOENT') return false; // no checkpoint yet: a fresh run
      throw fileError('reading the checkpoint', path, e);
    }
  };
  return {
    where: path,
    metadata: async () => ((await exists()) ? (await readSafetensorsHeader(path)).metadata : undefined),
    load: async () => ((await exists()) ? loadSafetensors<LoopCheckpoint<P>>(path) : undefined),
    save: (ck, metadata) => saveSafetensors(path, ck, metadata),
  };
}

/**
 * Trains for `steps` steps, checkpointing to the file `checkpoint` every `checkpointEvery` steps
 * and resuming from it when it exists (see the browser entry's trainLoop for the other options).
 * @example const { state } = await facm.trainLoop({ step, state, context, key, steps: 2000, checkpoint: 'out/ckpt.safetensors' });
 */
export async function trainLoop<P, C>(o: LoopOptions<P, C>): Promise<LoopResult<P>> {
  const { checkpoint, ...rest } = o;
  if (checkpoint === undefined) return trainLoopWithStore(rest);
  if (typeof checkpoint !== 'string' || checkpoint === '') {
    throw new ArgumentError(`facm.trainLoop: checkpoint must be a file path, got ${JSON.stringify(checkpoint)}.`);
  }
  if (rest.store) throw new ArgumentError('facm.trainLoop: give either checkpoint (a file path) or store, not both.');
  await ensureWritableDir(dirname(checkpoint));
  return trainLoopWithStore({ ...rest, store: fileCheckpointStore<P>(checkpoint) });
}
