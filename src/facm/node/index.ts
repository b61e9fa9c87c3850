/**
 * FACM with files (Node only): everything in `facm` plus the resumable `trainLoop`, which
 * checkpoints to a directory. Reached through the `fluxion/node` entry.
 * @example
 * import { facm } from 'fluxion/node';
 * const { params } = await facm.trainLoop({ ... });
 */
export * from '../index.js';
