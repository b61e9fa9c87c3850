/**
 * Input and output with files (Node only): everything in `io` plus the functions that read and
 * write paths — atomic writes, safetensors checkpoints by path, PNG files. Reached through the
 * `fluxion/node` entry, so the browser entry holds no `node:` import.
 * @example
 * import { io } from 'fluxion/node';
 * await io.saveSafetensors('ckpt.safetensors', { params });
 */
export * from '../index.js';
