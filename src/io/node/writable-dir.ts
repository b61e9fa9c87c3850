/**
 * Checking an output folder before work starts. A full disk or a read-only folder used to be
 * found only when the first checkpoint was written, after a training stage had run, and was
 * reported as a raw Node error (a read-only folder as "ENOENT ... mkdir").
 */
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { FileError } from '../../core/errors.js';
import { fileSystem } from './file-system.js';
import { errorCode } from './file-errors.js';
import { writeAll } from './atomic-write.js';

/** What to do, by errno, when the folder cannot be created or written. */
const FIX: Record<string, string> = {
  ENOSPC: 'the disk is full: free space or choose a folder on another disk',
  EDQUOT: 'the disk quota is used up: free space or raise the quota',
  EACCES: 'permission denied: choose a folder you may write to (e.g. under your home folder) or change its permissions',
  EPERM: 'permission denied: choose a folder you may write to or change its permissions',
  EROFS: 'the file system is read-only: choose an output folder on a writable disk',
  ENOTDIR: 'a part of the path is a file, not a folder: fix the path',
  EEXIST: 'a file of that name is in the way: remove it or choose another folder',
  ENOENT: 'a parent folder cannot be created (is a parent read-only or missing?): choose another folder',
};

/**
 * Node's recursive mkdir reports ENOENT when a parent cannot be created, hiding the cause (a
 * read-only or forbidden parent). Creating the first missing folder alone gives the real errno;
 * if that succeeds after all (a race), the recursive mkdir is retried once.
 */
async function realMkdirError(dir: string, e: unknown): Promise<unknown> {
  if (errorCode(e) !== 'ENOENT') return e;
  let missing = resolve(dir);
  for (let parent = dirname(missing); parent !== missing; missing = parent, parent = dirname(parent)) {
    try { await fileSystem.stat(parent); break; } catch { /* missing too: go up */ }
  }
  try {
    await fileSystem.mkdir(missing);
    await fileSystem.mkdir(dir, { recursive: true });
    return e;
  } catch (real) {
    return real;
  }
}

/**
 * Makes sure `dir` exists and can take a file: creates it (with parents), then writes, fsyncs and
 * removes a small probe file. Throws a FileError naming the folder and the fix, with the Node
 * error as `cause`. Call it before training, so a bad output folder fails in a second instead of
 * after a stage has trained.
 * @example await io.ensureWritableDir('out/facm-2d');
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  const fail = (step: string, e: unknown): FileError => {
    const code = errorCode(e);
    const fix = code !== undefined && Object.hasOwn(FIX, code) ? FIX[code] : `the system reported: ${(e as Error)?.message ?? String(e)}`;
    return new FileError(`The output folder ${dir} is not writable: ${step} failed${code ? ` (${code})` : ''}; ${fix}.`, { cause: e });
  };
  try {
    await fileSystem.mkdir(dir, { recursive: true });
  } catch (e) {
    throw fail('creating it', await realMkdirError(dir, e));
  }
  const probe = join(dir, `.fluxion-probe-${process.pid}-${randomBytes(6).toString('hex')}`);
  let fh: FileHandle | undefined;
  try {
    fh = await fileSystem.open(probe, 'wx');
    // A few KiB, so a disk with no free blocks fails here rather than on the first checkpoint.
    await writeAll(fh, new Uint8Array(4096));
    await fileSystem.sync(fh);
  } catch (e) {
    throw fail('writing a probe file in it', e);
  } finally {
    await fh?.close().catch(() => undefined);
    await fileSystem.unlink(probe).catch(() => undefined);
  }
}
