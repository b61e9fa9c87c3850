/**
 * Crash-safe file writes. A checkpoint written in place is destroyed if the process dies halfway
 * (or a tensor read fails halfway): the old file is already truncated and the new one incomplete.
 * Writing to a temporary sibling, fsyncing it, renaming it over the target and fsyncing the
 * directory means a reader sees either the complete old file or the complete new one, never a mix.
 * Disk errors become FileErrors naming the target and the fix (file-errors.ts).
 */
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileSystem } from './file-system.js';
import { fileError, errorCode } from './file-errors.js';
import { removeStaleTemporaries, tempName } from './stale-temps.js';

/**
 * Writes `path` atomically: `write` fills a temporary file `path.tmp-<pid>-<rand>` in the same
 * directory (rename is only atomic within one filesystem); on success it is fsynced and renamed
 * over `path`; on any error it is removed and a FileError naming `path` is thrown (errors that
 * are already FluxionErrors, e.g. a failing tensor read, pass through), leaving `path` untouched.
 * Temporaries of killed writers in the same folder are removed first (stale-temps.ts).
 * @example await writeAtomic('ckpt.bin', async (fh) => { await writeAll(fh, header); await writeAll(fh, body); });
 */
export async function writeAtomic(path: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  await removeStaleTemporaries(dirname(path));
  // pid + random: two processes (or two concurrent saves in one process) never share a temp file.
  const tmp = tempName(path, randomBytes(6).toString('hex'));
  let fh: FileHandle | undefined;
  try {
    fh = await fileSystem.open(tmp, 'wx');
    await write(fh);
    // Without this fsync the rename can reach the disk before the data, and a power cut would
    // leave a complete-looking but zero-filled file under the final name.
    await fileSystem.sync(fh);
    await fh.close();
    fh = undefined;
    await fileSystem.rename(tmp, path);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await fileSystem.unlink(tmp).catch(() => undefined);
    throw fileError('writing', path, e);
  }
  await syncDirectory(dirname(path)).catch((e: unknown) => { throw fileError('syncing the folder of', path, e); });
}

/**
 * Writes `bytes` to `path` atomically (see {@link writeAtomic}).
 * @example await writeFileAtomic('out.png', encodePng(w, h, rgba));
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomic(path, async (fh) => { await writeAll(fh, bytes); });
}

/**
 * `FileHandle.write` may write fewer bytes than asked; loop until all are on their way.
 * @example await writeAll(fh, new TextEncoder().encode('hello'));
 */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fileSystem.write(fh, bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

/**
 * The rename itself lives in the directory's entries: fsync the directory so it survives a power
 * cut. Some platforms (Windows) cannot open or fsync a directory; there the rename is the best
 * that can be done, so those errors are ignored.
 */
async function syncDirectory(dir: string): Promise<void> {
  let dh: FileHandle | undefined;
  try {
    dh = await fileSystem.open(dir, 'r');
    await fileSystem.sync(dh);
  } catch (e) {
    const code = errorCode(e);
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES' && code !== 'EBADF') throw e;
  } finally {
    await dh?.close().catch(() => undefined);
  }
}
