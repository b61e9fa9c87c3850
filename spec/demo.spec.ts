/**
 * The main job end to end (examples/facm-2d.ts at a tiny budget, as a child process like a user
 * runs it): killed after its first stage and restarted with the same output folder, it resumes
 * from the checkpoint, keeps what was written, and finishes with every arm's plots and metrics.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'fluxion-demo-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const ARGS = ['--import', 'tsx', 'examples/facm-2d.ts', '--quick', '--datasets', '8gaussians', '--teacher-steps', '40',
  '--facm-steps', '20', '--eval-samples', '400', '--out', out];
const ARMS = ['teacher Euler 1', 'teacher Euler 2', 'teacher Euler 100', 'FACM 1 step', 'FACM 2 steps', 'CM-only 1 step', 'CM-only 2 steps',
  'sCM 1 step', 'sCM 2 steps', 'MeanFlow 1 step', 'MeanFlow 2 steps'];

/** Runs the demo; `killWhen` sees the output so far and may stop the process (SIGKILL: no chance to tidy up). */
function runDemo(killWhen?: (text: string) => boolean): Promise<{ text: string; code: number | null; killed: boolean }> {
  return new Promise((resolve, reject) => {
    // The suite pins the CPU backend; the demo runs as a user runs it (WebGPU when there is an adapter).
    const child = spawn(process.execPath, ARGS, { env: { ...process.env, FLUXION_BACKEND: 'auto' } });
    let text = '', killed = false;
    const onData = (b: Buffer) => {
      text += b.toString();
      if (!killed && killWhen?.(text)) { killed = true; child.kill('SIGKILL'); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => resolve({ text, code, killed }));
  });
}

describe('npm run demo (tiny budget)', () => {
  it('killed after the teacher stage, rerun resumes and finishes; nothing written is lost', async () => {
    // First run: killed once the FACM stage starts, i.e. after the teacher's final checkpoint.
    const first = await runDemo((t) => /facm: one jit program/.test(t));
    expect(first.killed, first.text).toBe(true);
    const teacherCkpt = join(out, '8gaussians', 'teacher.safetensors');
    expect(existsSync(teacherCkpt), first.text).toBe(true);
    const teacherBytes = readFileSync(teacherCkpt);

    const second = await runDemo();
    expect(second.code, second.text).toBe(0);
    expect(second.text).toMatch(/teacher: one jit program per step, \d+ kernels \(resuming from checkpoint\)/);
    // The finished teacher stage was not redone: its checkpoint is byte-for-byte what the first run wrote.
    expect(readFileSync(teacherCkpt).equals(teacherBytes)).toBe(true);

    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(Object.keys(metrics.results['8gaussians'])).toEqual(ARMS);
    for (const arm of ARMS) {
      const row = metrics.results['8gaussians'][arm];
      for (const k of ['sw2', 'mmd2', 'odeMapError', 'modeCoverage']) expect(Number.isFinite(row[k]), `${arm} ${k}`).toBe(true);
      expect(row.sw2).toBeGreaterThan(0);
    }
    expect(metrics.metricFloor['8gaussians'].sw2).toBeGreaterThan(0);
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('| 8gaussians | FACM 1 step | 1 |');
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (const f of ['samples.png', 'losses.png', 'samples-facm-1-step.png', 'samples-cm-only-2-steps.png', 'samples-teacher-euler-100.png', 'samples-scm-1-step.png', 'samples-meanflow-2-steps.png']) {
      expect(readFileSync(join(out, '8gaussians', f)).subarray(0, 8).equals(PNG), f).toBe(true);
    }
  }, 240_000);
});
