/**
 * The teaching walkthrough runs in the test suite so it cannot rot (README, Testing). It is
 * run exactly as a reader runs it, `npx tsx examples/walkthrough.ts`, in a child process; the
 * example checks its own claims and throws when one fails, so exit code 0 is most of the test.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('examples/walkthrough.ts', () => {
  let status: number | null = null;
  let stdout = '';
  let stderr = '';

  beforeAll(() => {
    const r = spawnSync('npx', ['--no-install', 'tsx', 'examples/walkthrough.ts'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      // The CPU interpreter is the reference; the walkthrough must not depend on a GPU.
      env: { ...process.env, FLUXION_BACKEND: 'cpu', NO_COLOR: '1' },
    });
    status = r.status;
    stdout = r.stdout ?? '';
    stderr = (r.stderr ?? '') + (r.error ? `\n${r.error}` : '');
  }, 130_000);

  it('runs top to bottom and exits 0', () => {
    expect(status, `walkthrough failed:\n${stderr}\n--- stdout tail ---\n${stdout.slice(-3000)}`).toBe(0);
  });

  it('prints every section', () => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9]) expect(stdout).toMatch(new RegExp(`^${n}\\. `, 'm'));
  });

  it('prints Jaxprs', () => {
    expect(stdout).toContain('{ lambda a:f32[3] .');
    expect(stdout).toContain('b:f32[3] = sin a');
    expect(stdout).toContain('reduce_sum[axes=(0,)]');
    // vmap of a dot product is one batched dot_general; jit shows up as one higher-order equation.
    expect(stdout).toContain('batch=((0,),(0,))');
    expect(stdout).toMatch(/= jit\[jaxpr=\{ lambda/);
  });

  it('shows the loss going down and jit tracing once per signature', () => {
    const losses = [...stdout.matchAll(/step +\d+ +loss ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(losses.length).toBeGreaterThan(4);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 20);
    expect(stdout).toMatch(/two calls, same shapes: traces +1\n/);
    expect(stdout).toMatch(/a new batch size: traces +2\n/);
  });

  it('shows a customJvp rule fixing a NaN gradient', () => {
    expect(stdout).toMatch(/grad, customJvp rule +Tensor\(f32\[3\], \[0\.268941,0\.5,1\]\)/);
  });

  it('matches JAX\'s threefry key split (JAX ≥ 0.5, the partitionable layout: jax.random.split(jax.random.key(0)))', () => {
    expect(stdout).toContain('[[1797259609,2579123966],[928981903,3453687069]]');
  });

  it('ends with every composition agreeing', () => {
    expect(stdout).toMatch(/compositionality: all \d+ routes agree/);
    expect(stdout).toContain('jit(grad(jit(f)))');
    expect(stdout).toContain('vmap(grad(f))');
  });
});
