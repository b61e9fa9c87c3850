/**
 * The file-system calls the Node io makes, gathered in one object so a spec can make one of them
 * fail the way a real disk does (ENOSPC halfway through a checkpoint, EROFS on a probe) without a
 * full disk or a read-only mount. Production code calls these and nothing else from node:fs.
 * Not part of the public API.
 */
import { mkdir, open, readdir, readFile, rename, stat, unlink, type FileHandle } from 'node:fs/promises';

export const fileSystem = {
  open, mkdir, readdir, readFile, rename, stat, unlink,
  /** One `FileHandle.write`, which may write fewer bytes than asked. */
  write: (fh: FileHandle, bytes: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }> =>
    fh.write(bytes, offset, length),
  /** fsync: the data reaches the disk (where a full disk may first be noticed). */
  sync: (fh: FileHandle): Promise<void> => fh.sync(),
};

export type FileSystem = typeof fileSystem;

/**
 * Runs `body` with some calls replaced, restoring them afterwards (for specs).
 * @example await withFileSystem({ write: async () => { throw enospc; } }, () => io.saveSafetensors(path, tree));
 */
export async function withFileSystem<T>(overrides: Partial<FileSystem>, body: () => Promise<T>): Promise<T> {
  const saved = { ...fileSystem };
  Object.assign(fileSystem, overrides);
  try { return await body(); } finally { Object.assign(fileSystem, saved); }
}
