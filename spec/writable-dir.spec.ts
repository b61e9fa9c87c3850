/**
 * Checking the output folder before work starts (issue 9, "Files"): io.ensureWritableDir creates
 * the folder and proves it takes a file, or throws a FileError naming the folder and the fix; the
 * Node facm.trainLoop calls it before the first step, and the FACM demo before the first stage,
 * so a full disk or a read-only folder fails in a second instead of after training. Read-only
 * mounts and full disks are simulated through the file-system seam (these specs may run as root,
 * where permissions do not stop a write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { np, io, errors, facm, useBackend, type Tensor } from '../src/node.js';
import { withFileSystem } from '../src/io/node/file-system.js';

let root: string;
beforeAll(async () => {
  await useBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'fluxion-writable-'));
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('io.ensureWritableDir', () => {
  it('creates nested folders and leaves no probe file behind', async () => {
    const dir = join(root, 'a', 'b', 'c');
    await io.ensureWritableDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await readdir(dir)).toEqual([]);
    await io.ensureWritableDir(dir); // an existing folder is fine
  });

  it('names the folder and the fix: read-only, permission denied, full disk, a file in the way', async () => {
    const dir = join(root, 'out');
    const cases: [Partial<Parameters<typeof withFileSystem>[0]>, RegExp, string][] = [
      [{ mkdir: async () => { throw errno('EROFS', 'mkdir'); } }, /creating it failed \(EROFS\); the file system is read-only: choose an output folder on a writable disk/, 'EROFS'],
      [{ open: async () => { throw errno('EACCES', 'open'); } }, /writing a probe file in it failed \(EACCES\); permission denied/, 'EACCES'],
      [{ write: async () => { throw errno('ENOSPC', 'write'); } }, /writing a probe file in it failed \(ENOSPC\); the disk is full/, 'ENOSPC'],
      [{ sync: async () => { throw errno('ENOSPC', 'fsync'); } }, /writing a probe file in it failed \(ENOSPC\); the disk is full/, 'ENOSPC'],
    ];
    for (const [seam, message, code] of cases) {
      const err = await withFileSystem(seam, () => io.ensureWritableDir(dir)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(errors.FileError);
      expect((err as Error).message).toMatch(new RegExp(`^The output folder ${escape(dir)} is not writable: `));
      expect((err as Error).message).toMatch(message);
      expect(((err as Error).cause as { code?: string }).code).toBe(code);
    }
    expect(await readdir(dir)).toEqual([]); // probes of failed attempts were removed
    // Node's recursive mkdir says ENOENT under a read-only parent; the real errno is asked for.
    const nested = join(root, 'ro-parent', 'x', 'y');
    const real = await withFileSystem({
      mkdir: async (_path, options) => { throw (options as { recursive?: boolean } | undefined)?.recursive ? errno('ENOENT', 'mkdir') : errno('EROFS', 'mkdir'); },
    }, () => io.ensureWritableDir(nested)).catch((e: unknown) => e);
    expect((real as Error).message).toMatch(new RegExp(`^The output folder ${escape(nested)} is not writable: creating it failed \\(EROFS\\); the file system is read-only`));
    // A real one: a file where a parent folder should be.
    await writeFile(join(root, 'plain-file'), 'x');
    await expect(io.ensureWritableDir(join(root, 'plain-file', 'sub'))).rejects.toThrow(/plain-file\/sub is not writable: creating it failed \((ENOTDIR|EEXIST)\)/);
  });
});

describe('before training', () => {
  it('facm.trainLoop (Node) checks the checkpoint folder before the first step', async () => {
    let steps = 0;
    const state: facm.TrainState<Tensor> = { params: np.zeros([2]), opt: {}, ema: np.zeros([2]), step: np.zeros([]) };
    const step = (s: facm.TrainState<Tensor>): [facm.TrainState<Tensor>, Record<string, Tensor>] => { steps++; return [s, {}]; };
    const checkpoint = join(root, 'ro', 'teacher.safetensors');
    const err = await withFileSystem({ mkdir: async () => { throw errno('EROFS', 'mkdir'); } },
      () => facm.trainLoop({ step, state, context: null, key: np.zeros([2], 'uint32'), steps: 10, checkpoint })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(errors.FileError);
    expect((err as Error).message).toMatch(new RegExp(`The output folder ${escape(join(root, 'ro'))} is not writable.*EROFS`));
    expect(steps).toBe(0);
  });

  it('the FACM demo fails before its first stage with one line naming the folder, no stack', async () => {
    // A file where the output folder's parent should be.
    const blocked = join(root, 'demo-blocker');
    await writeFile(blocked, 'x');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'examples/facm-2d.ts', '--quick', '--datasets', '8gaussians', '--out', join(blocked, 'out')], {
      encoding: 'utf8', env: { ...process.env, FLUXION_BACKEND: 'cpu' }, input: '', timeout: 120_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`facm-2d: The output folder ${escape(join(blocked, 'out'))} is not writable: creating it failed \\((ENOTDIR|EEXIST)\\)`));
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).not.toMatch(/one jit program per step/); // no stage started
  });
});
