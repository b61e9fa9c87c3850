// Command-line option tables (src/cli): typed values, every mistake reported at once before any
// work, defaults that depend on other options, and the scripts that use them (demo, benches).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import * as E from 'fp-ts/lib/Either.js';
import { errors } from '../src/index.js';
import * as cli from '../src/cli/index.js';
import { benchOptions, childOptions, facmStepOptions } from '../bench/options.js';

const table = {
  quick: cli.flag({ help: 'smoke run' }),
  steps: cli.int({ min: 1, default: (o: Record<string, unknown>) => (o.quick ? 10 : 1000), help: 'steps' }),
  batch: cli.int({ min: 1, default: 256, help: 'batch' }),
  studentBatch: cli.int({ min: 1, default: (o: Record<string, unknown>) => o.batch as number, help: 'student batch' }),
  lr: cli.number({ min: 0, max: 1, default: 1e-3, help: 'learning rate' }),
  schedule: cli.choice({ choices: ['cosine', 'constant'] as const, default: 'cosine', help: 'schedule' }),
  datasets: cli.list({ choices: ['moons', 'spirals'] as const, default: ['moons'], help: 'datasets' }),
  out: cli.string({ default: 'out', help: 'folder' }),
};
const parse = (argv: string[]) => cli.parseOptions('test', table, argv);
const fail = (argv: string[]): string => {
  const r = parse(argv);
  if (E.isRight(r)) throw new Error(`expected Left for ${argv.join(' ')}, got ${JSON.stringify(r.right)}`);
  expect(r.left).toBeInstanceOf(errors.ArgumentError);
  return r.left.message;
};

describe('cli.parseOptions', () => {
  it('gives typed values, defaults in table order (a default may read options given or resolved before it)', () => {
    expect(parse([])).toEqual(E.right({ quick: false, steps: 1000, batch: 256, studentBatch: 256, lr: 1e-3, schedule: 'cosine', datasets: ['moons'], out: 'out' }));
    expect(parse(['--quick', '--batch', '64', '--lr=3e-4', '--datasets', 'spirals, moons', '--schedule', 'constant'])).toEqual(
      E.right({ quick: true, steps: 10, batch: 64, studentBatch: 64, lr: 3e-4, schedule: 'constant', datasets: ['spirals', 'moons'], out: 'out' }));
    expect(parse(['--student-batch', '32'])).toMatchObject(E.right({ batch: 256, studentBatch: 32 }));
  });

  it('names every bad value at once, with what was given and what is accepted', () => {
    const msg = fail(['--steps', 'abc', '--batch', '2.5', '--lr', '2', '--schedule', 'linear', '--datasets', 'moons,cats']);
    expect(msg).toContain('5 bad options, nothing was run');
    expect(msg).toContain('--steps "abc": expected an integer ≥ 1');
    expect(msg).toContain('--batch "2.5": expected an integer ≥ 1');
    expect(msg).toContain('--lr "2": expected a number in [0, 1]');
    expect(msg).toContain('--schedule "linear": expected one of cosine, constant');
    expect(msg).toContain('(unknown: cats)');
  });

  it.each([['--steps', ''], ['--steps', ' 5'], ['--steps', 'Infinity'], ['--steps', '0x10'], ['--lr', 'NaN'], ['--out', '']])(
    'rejects %s %j rather than coercing it', (name, value) => {
      expect(fail([name, value])).toContain(`${name} ${JSON.stringify(value)}`);
    });

  it('rejects unknown options, missing values, positionals and values given to flags', () => {
    expect(fail(['--stpes', '5'])).toMatch(/Unknown option '--stpes'[^]*usage: test/);
    expect(fail(['--steps'])).toContain("'--steps");
    expect(fail(['extra'])).toMatch(/positional argument/i);
    expect(fail(['--quick=yes'])).toContain('--quick');
  });

  it('--help is a Left carrying the usage text, with each option, its kind and default', () => {
    const msg = fail(['--help']);
    expect(msg).toContain('usage: test [options]');
    expect(msg).toMatch(/--student-batch <value> +student batch; an integer ≥ 1 \(default depends on other options\)/);
    expect(msg).toMatch(/--schedule <value> +schedule; one of cosine, constant \(default cosine\)/);
  });
});

describe('the bench option tables', () => {
  it('parse what the orchestrators pass to their children', () => {
    const child = cli.parseOptions('child', childOptions, ['--only', 'matmul,mlp', '--quick', '--reps', '3', '--warmup', '1', '--device', 'wasm']);
    expect(child).toMatchObject(E.right({ only: ['matmul', 'mlp'], quick: true, reps: 3, warmup: 1, device: 'wasm', nice: false }));
    const facm = cli.parseOptions('facm', facmStepOptions, ['--role', 'fluxion', '--quick', '--steps', '3', '--max-seconds', '60', '--no-check']);
    expect(facm).toMatchObject(E.right({ role: 'fluxion', steps: 3, maxSeconds: 60, noCheck: true, checkOnly: false }));
    expect(E.isLeft(cli.parseOptions('bench', benchOptions, ['--skip', 'ceiling,pytorch']))).toBe(true);
  });
});

describe('scripts check their options before any work', () => {
  const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', env: { ...process.env, FLUXION_BACKEND: 'cpu' }, timeout: 60_000 });

  it('the demo exits 2 naming each bad option, and writes nothing', () => {
    const r = run(['examples/facm-2d.ts', '--hidden', 'abc', '--datasets', 'foo', '--out', '/nonexistent/never-created']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--hidden "abc": expected an integer ≥ 1');
    expect(r.stderr).toContain('--datasets "foo"');
    expect(r.stdout).not.toContain('FACM 2-D study');
  });

  it('the bench harness exits 2 on a bad workload before starting a child', () => {
    const r = run(['bench/run.ts', '--only', 'matmul,conv']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('(unknown: conv)');
    expect(r.stderr).not.toContain('[bench]');
  });
});
