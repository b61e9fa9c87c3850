/**
 * Node's file errors as FileErrors that name the file, say what went wrong in words, and say what
 * to do. Raw Node errors named neither the file (ENOSPC: "no space left on device, write") nor the
 * real cause (a read-only output folder surfaced as "ENOENT ... mkdir"). The Node error stays
 * attached as `cause`.
 */
import { FileError, FluxionError } from '../../core/errors.js';

/** What each errno means for the user, and the fix. */
const ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full; free space (or choose an output folder on another disk) and run again',
  EDQUOT: 'the disk quota is used up; free space or raise the quota and run again',
  EACCES: 'permission denied; choose a folder you may write to, or change its permissions',
  EPERM: 'the operation is not permitted; choose a folder you may write to, or change its permissions',
  EROFS: 'the file system is read-only; choose an output folder on a writable disk',
  ENOENT: 'no such file or folder; check the path (for output, the folder is created by ensureWritableDir)',
  ENOTDIR: 'a part of the path is a file, not a folder; fix the path',
  EISDIR: 'the path is a folder, not a file; give a file name inside it',
  EEXIST: 'a file already exists there; remove it or choose another name',
  EMFILE: 'too many open files in this process; close files or raise the limit (ulimit -n)',
  ENFILE: 'too many open files on the system; close files and run again',
  EIO: 'an input/output error from the device; check the disk',
  ENAMETOOLONG: 'the path is too long; choose a shorter one',
};

/** The errno code of a Node error, if it has one. @example errorCode(Object.assign(new Error('x'), { code: 'ENOSPC' })) // 'ENOSPC' */
export const errorCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : undefined;

/**
 * A FileError for `operation` on `path` caused by `e`. FluxionErrors pass through unchanged (they
 * already name what went wrong), so wrapping twice is harmless.
 * @example try { await writeFile(p, b); } catch (e) { throw fileError('writing', p, e); }
 */
export function fileError(operation: string, path: string, e: unknown): FluxionError {
  if (e instanceof FluxionError) return e;
  const code = errorCode(e);
  const advice = code !== undefined && Object.hasOwn(ADVICE, code) ? ADVICE[code] : `the system reported: ${(e as Error)?.message ?? String(e)}`;
  return new FileError(`${operation} ${path} failed${code ? ` (${code})` : ''}: ${advice}.`, { cause: e });
}
