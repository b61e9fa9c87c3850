/**
 * FACM with files (Node only): everything in `facm` plus the resumable `trainLoop` that
 * checkpoints to a file (`checkpoint: path`) and `fileCheckpointStore`. Reached through the
 * `fluxion/node` entry.
 * @example
 * import { facm } from 'fluxion/node';
 * const { state } = await facm.trainLoop({ step, state, context, key, steps: 2000, checkpoint: 'out/ckpt.safetensors' });
 */
export * from '../index.js';
// Explicit exports shadow the star export's browser-safe trainLoop and LoopOptions.
export { trainLoop, fileCheckpointStore, type LoopOptions } from './loop.js';
