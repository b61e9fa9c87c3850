/**
 * Crash-safe file writes. A checkpoint written in place is destroyed if the process dies halfway
 * (or a tensor read fails halfway): the old file is already truncated and the new one incomplete.
 * Writing to a temporary sibling, fsyncing it, renaming it over the target and fsyncing the
 * directory means a reader sees either the complete old file or the complete new one, never a mix.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes `path` atomically: `write` fills a temporary file `path.tmp-<pid>-<rand>` in the same
 * directory (rename is only atomic within one filesystem); on success it is fsynced and renamed
 * over `path`; on any error it is removed and the error rethrown, leaving `path` untouched.
 * @example
 * await writeAtomic('ckpt.bin', async (fh) => { await fh.write(header); await fh.write(body); });
 */
export async function writeAtomic(path: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  // pid + random: two processes (or two concurrent saves in one process) never share a temp file.
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let fh: FileHandle | undefined;
  try {
    fh = await open(tmp, 'wx');
    await write(fh);
    // Without this fsync the rename can reach the disk before the data, and a power cut would
    // leave a complete-looking but zero-filled file under the final name.
    await fh.sync();
    await fh.close();
    fh = undefined;
    await rename(tmp, path);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await syncDirectory(dirname(path));
}

/**
 * Writes `bytes` to `path` atomically (see {@link writeAtomic}).
 * @example await writeFileAtomic('out.png', encodePng(w, h, rgba));
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await writeAtomic(path, async (fh) => { await writeAll(fh, bytes); });
}

/** `FileHandle.write` may write fewer bytes than asked; loop until all are on their way. */
export async function writeAll(fh: FileHandle, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.length - done);
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
    dh = await open(dir, 'r');
    await dh.sync();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EACCES' && code !== 'EBADF') throw e;
  } finally {
    await dh?.close().catch(() => undefined);
  }
}
