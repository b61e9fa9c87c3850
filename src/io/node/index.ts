/**
 * Input and output with files (Node only): everything in `io` plus the functions that read and
 * write paths — atomic writes, safetensors checkpoints by path, PNG files, checking an output
 * folder. Reached through the `fluxion/node` entry, so the browser entry holds no `node:` import.
 * @example
 * import { io, np } from 'fluxion/node';
 * await io.ensureWritableDir('out');
 * await io.saveSafetensors('out/ckpt.safetensors', { w: np.ones([2]) });
 */
export * from '../index.js';
export { saveSafetensors, loadSafetensors, loadSafetensorsFlat, loadSafetensorsWithMetadata, readSafetensorsHeader } from './safetensors-files.js';
export { writeAtomic, writeFileAtomic, writeAll } from './atomic-write.js';
export { writePngAtomic } from './png-files.js';
export { ensureWritableDir } from './writable-dir.js';
export { removeStaleTemporaries } from './stale-temps.js';
