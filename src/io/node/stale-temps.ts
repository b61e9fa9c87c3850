/**
 * Temporaries left by killed writers. writeAtomic writes `<target>.tmp-<pid>-<12 hex>` and renames
 * it; a process killed in between leaves the temporary behind (30 kills of the demo left 12 files,
 * 38 MB). The next write to a folder removes the temporaries there whose writer is dead, tested by
 * process.kill(pid, 0): ESRCH means no such process. A live writer's temporary (EPERM: alive but
 * another user's; success: alive) is never touched, nor this process's own.
 */
import { join } from 'node:path';
import { fileSystem } from './file-system.js';
import { errorCode } from './file-errors.js';

/** `<target>.tmp-<pid>-<hex>`, as writeAtomic names its temporaries. */
const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]{12}$/;

/**
 * The temporary name writeAtomic uses for `path` in this process.
 * @example tempName('ckpt.safetensors', 'a1b2c3d4e5f6') // 'ckpt.safetensors.tmp-<pid>-a1b2c3d4e5f6'
 */
export const tempName = (path: string, hex: string): string => `${path}.tmp-${process.pid}-${hex}`;

/**
 * Whether process `pid` exists (signal 0 tests without signalling).
 * @example isProcessAlive(process.pid) // true
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user. Anything but ESRCH counts as alive: when in
    // doubt, keep the file.
    return errorCode(e) !== 'ESRCH';
  }
}

/** Folders already swept by this process: one readdir per folder, not one per checkpoint. */
const swept = new Set<string>();

/**
 * Removes the temporaries of dead writers in `dir` (once per folder per process); returns the
 * names removed. Failures are ignored: cleaning up must never stop a write.
 * @example await removeStaleTemporaries('out/facm-2d') // ['teacher.safetensors.tmp-4242-0a1b2c3d4e5f']
 */
export async function removeStaleTemporaries(dir: string, options: { force?: boolean } = {}): Promise<string[]> {
  if (swept.has(dir) && !options.force) return [];
  swept.add(dir);
  let names: string[];
  try { names = await fileSystem.readdir(dir); } catch { return []; }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || !Number.isSafeInteger(pid) || pid <= 0 || isProcessAlive(pid)) continue;
    try {
      await fileSystem.unlink(join(dir, name));
      removed.push(name);
    } catch { /* already gone, or not ours to remove: leave it */ }
  }
  return removed;
}
