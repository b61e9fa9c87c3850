/**
 * Atomic writes under failure (issue 9, "Files"): temporaries of killed writers are removed on the
 * next write to their folder (never a live writer's), and disk errors — a full disk while writing
 * or at fsync, a target that is a folder, a missing file — are FileErrors naming the file and the
 * fix, with the Node error as `cause`, leaving the previous file intact. A full disk is simulated
 * through the file-system seam (src/io/node/file-system.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { np, io, errors, useBackend, type Tensor } from '../src/node.js';
import { withFileSystem } from '../src/io/node/file-system.js';

let root: string;
beforeAll(async () => {
  await useBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fluxion-atomic-'));
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

let folders = 0;
/** A fresh folder: the stale-temporary sweep runs once per folder per process. */
const freshDir = async () => { const d = join(root, `d${folders++}`); await mkdir(d); return d; };

/** A pid that existed and has exited (a child process run to completion). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** A Node errno error as fs raises it. */
const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });

describe('stale temporaries', () => {
  it('removes those of dead writers on the next write to the folder, and keeps live ones and other files', async () => {
    const dir = await freshDir();
    const dead = deadPid();
    expect(Number.isInteger(dead) && dead > 0).toBe(true);
    const blob = new Uint8Array(1 << 20).fill(7);
    const stale = [`teacher.safetensors.tmp-${dead}-0123456789ab`, `metrics.json.tmp-${dead}-ba9876543210`];
    // Alive: the parent of this process, and this process itself (a concurrent save in flight).
    const live = [`teacher.safetensors.tmp-${process.ppid}-aaaaaaaaaaaa`, `x.png.tmp-${process.pid}-bbbbbbbbbbbb`];
    const unrelated = ['notes.tmp-123-nothex', 'data.tmp', `y.tmp-${dead}-0123`];
    for (const name of [...stale, ...live, ...unrelated]) await writeFile(join(dir, name), blob);
    await io.writeFileAtomic(join(dir, 'results.md'), new TextEncoder().encode('# ok\n'));
    const left = (await readdir(dir)).sort();
    expect(left).toEqual([...live, ...unrelated, 'results.md'].sort());
    expect(await readFile(join(dir, 'results.md'), 'utf8')).toBe('# ok\n');
  });

  it('removeStaleTemporaries reports what it removed', async () => {
    const dir = await freshDir();
    const name = `ckpt.safetensors.tmp-${deadPid()}-00ff00ff00ff`;
    await writeFile(join(dir, name), 'x');
    expect(await io.removeStaleTemporaries(dir)).toEqual([name]);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('disk errors become FileErrors naming the file and the fix', () => {
  it('a full disk while writing a checkpoint: FileError with cause, previous checkpoint intact, no temporary left', async () => {
    const dir = await freshDir();
    const path = join(dir, 'ckpt.safetensors');
    await io.saveSafetensors(path, { w: np.array([1, 2, 3]) });
    const before = await readFile(path);
    let writes = 0;
    const err = await withFileSystem({
      // The header goes through; the first tensor's bytes hit a full disk.
      write: async (fh, bytes, offset, length) => {
        if (++writes > 1) throw errno('ENOSPC', 'write');
        return fh.write(bytes, offset, length);
      },
    }, () => io.saveSafetensors(path, { w: np.array([9, 9, 9]) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FileError);
    expect((err as Error).message).toBe(`writing ${path} failed (ENOSPC): the disk is full; free space (or choose an output folder on another disk) and run again.`);
    expect(((err as Error).cause as { code?: string }).code).toBe('ENOSPC');
    expect(Buffer.compare(await readFile(path), before)).toBe(0);
    expect(await readdir(dir)).toEqual(['ckpt.safetensors']);
    expect(await (await io.loadSafetensors<{ w: Tensor }>(path)).w.data()).toEqual(new Float32Array([1, 2, 3]));
  });

  it('a full disk found at fsync is reported the same way', async () => {
    const dir = await freshDir();
    const path = join(dir, 'out.png');
    const err = await withFileSystem({ sync: async () => { throw errno('ENOSPC', 'fsync'); } },
      () => io.writePngAtomic(path, io.encodePngImage(io.createImage(2, 2, 'red')))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FileError);
    expect((err as Error).message).toMatch(new RegExp(`^writing ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} failed \\(ENOSPC\\): the disk is full`));
    expect(await readdir(dir)).toEqual([]);
  });

  it('a read-only folder, a target that is a folder, a missing file', async () => {
    const dir = await freshDir();
    const readOnly = await withFileSystem({ open: async () => { throw errno('EROFS', 'open'); } },
      () => io.writeFileAtomic(join(dir, 'a.bin'), new Uint8Array(1))).catch((e: unknown) => e);
    expect(readOnly).toBeInstanceOf(errors.FileError);
    expect((readOnly as Error).message).toMatch(/a\.bin failed \(EROFS\): the file system is read-only; choose an output folder on a writable disk/);
    await mkdir(join(dir, 'taken'));
    await expect(io.writeFileAtomic(join(dir, 'taken'), new Uint8Array(1))).rejects.toThrow(/writing .*taken failed \(EISDIR\): the path is a folder, not a file/);
    expect(await readdir(dir)).toEqual(['taken']);
    const missing = await io.loadSafetensorsFlat(join(dir, 'nope.safetensors')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(errors.FileError);
    expect((missing as Error).message).toMatch(/reading .*nope\.safetensors failed \(ENOENT\): no such file or folder/);
    await expect(io.readSafetensorsHeader(join(dir, 'nope.safetensors'))).rejects.toThrow(/opening .*nope\.safetensors failed \(ENOENT\)/);
    await expect(io.writeFileAtomic(join(dir, 'no-such-folder', 'x.bin'), new Uint8Array(1)))
      .rejects.toThrow(/writing .*no-such-folder\/x\.bin failed \(ENOENT\).*ensureWritableDir/);
  });

  it('errors that already name what went wrong pass through unchanged', async () => {
    const dir = await freshDir();
    const broken = np.array([7, 8]);
    Object.defineProperty(broken, 'data', { value: () => Promise.reject(new errors.KernelError('device lost')) });
    const err = await io.saveSafetensors(join(dir, 'c.safetensors'), { z: broken }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FluxionError);
    expect(err).not.toBeInstanceOf(errors.FileError);
    expect((err as Error).message).toMatch(/reading tensor "z" \(f32\[2\]\) failed: device lost/);
    expect(((err as Error).cause as Error)).toBeInstanceOf(errors.KernelError);
  });
});
