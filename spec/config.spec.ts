/**
 * Configuration (src/config.ts, init in src/backend/select.ts): every env var and init option is
 * parsed in one place into Either<ArgumentError, Config>; a value fluxion does not understand is
 * a named error that says which setting, what it held and what it may hold. What importing does
 * before init, and the renice switch, are checked in child processes, as a user's script sees them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { currentBackend, errors, init, np } from '../src/index.js';
import { DEFAULT_CONFIG, ENV_VARS, debugLevel, parseEnv, parseOptions, type Config } from '../src/config.js';
import { navigatorGpuProvider } from '../src/backend/webgpu/provider.js';
import { dawnProvider } from '../src/backend/webgpu/dawn.js';
import { summarizeAdapter } from '../src/backend/webgpu/device.js';

// Not spec/helpers/webgpu.ts: its probe acquires a device in this process, which renices it on a
// CPU adapter, and the child processes below would inherit that priority.
const webgpuRequired = process.env.FLUXION_REQUIRE_WEBGPU === '1';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const right = (e: E.Either<Error, Config>): Config => {
  if (E.isLeft(e)) throw new Error(`expected a config, got ${e.left.message}`);
  return e.right;
};
const left = (e: E.Either<Error, Config>): Error => {
  if (E.isRight(e)) throw new Error(`expected an error, got ${JSON.stringify(e.right)}`);
  return e.left;
};

describe('parseEnv', () => {
  it('gives the defaults for an empty environment (a browser has none)', () => {
    expect(right(parseEnv({}))).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({ backend: 'auto', requireWebGpu: false, reniceMainThread: true, debug: 0 });
  });

  it('reads every variable, trimming and ignoring case where values are words', () => {
    const c = right(parseEnv({
      FLUXION_BACKEND: ' CPU ', FLUXION_REQUIRE_WEBGPU: '1', FLUXION_POWER_PREFERENCE: 'low-power', FLUXION_DEBUG: '3',
      FLUXION_NICE: '0', FLUXION_MATMUL_KERNEL: 'tiled', FLUXION_ROW_KERNEL: 'workgroup', FLUXION_ELEMENTWISE_UNROLL: '4',
      FLUXION_FLOAT16_STORAGE: 'F32',
    }));
    expect(c).toEqual({
      backend: 'cpu', requireWebGpu: true, powerPreference: 'low-power', debug: 3, reniceMainThread: false,
      matmulKernel: 'tiled', rowKernel: 'workgroup', elementwiseUnroll: 4, float16Storage: 'f32',
    });
    expect(ENV_VARS).toHaveLength(9);
  });

  it('treats unset and empty variables as unset', () => {
    expect(right(parseEnv({ FLUXION_BACKEND: '', FLUXION_DEBUG: undefined }))).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    ['FLUXION_ELEMENTWISE_UNROLL', 'abc', 'an integer from 1 to 64'],
    ['FLUXION_ELEMENTWISE_UNROLL', '0', 'an integer from 1 to 64'],
    ['FLUXION_ELEMENTWISE_UNROLL', '2.5', 'an integer from 1 to 64'],
    ['FLUXION_BACKEND', 'gpu', "one of 'auto', 'webgpu', 'cpu'"],
    ['FLUXION_REQUIRE_WEBGPU', 'maybe', 'a boolean'],
    ['FLUXION_DEBUG', '-1', 'an integer from 0 to 5'],
    ['FLUXION_MATMUL_KERNEL', 'fast', "one of 'subgroup', 'tiled', 'register'"],
    ['FLUXION_FLOAT16_STORAGE', 'f16', "one of 'auto', 'packed', 'f32'"],
  ])('rejects %s=%s with an ArgumentError naming the variable, the value and the allowed values', (name, value, wanted) => {
    const e = left(parseEnv({ [name]: value }));
    expect(e).toBeInstanceOf(errors.ArgumentError);
    expect(e.message).toContain(`${name} is ${JSON.stringify(value)}`);
    expect(e.message).toContain(wanted);
  });
});

describe('parseOptions', () => {
  it('overrides the environment it is given', () => {
    const env = right(parseEnv({ FLUXION_BACKEND: 'cpu', FLUXION_DEBUG: '2' }));
    expect(right(parseOptions({ backend: 'webgpu', reniceMainThread: false }, env)))
      .toEqual({ ...DEFAULT_CONFIG, backend: 'webgpu', debug: 2, reniceMainThread: false });
    expect(right(parseOptions(undefined, env))).toEqual(env);
  });

  it('rejects unknown options, naming them and the known ones', () => {
    const e = left(parseOptions({ backnd: 'cpu' }));
    expect(e).toBeInstanceOf(errors.ArgumentError);
    expect(e.message).toMatch(/unknown option 'backnd'.*backend, requireWebGpu/);
  });

  it('rejects wrong values and non-objects', () => {
    expect(left(parseOptions({ elementwiseUnroll: 0 })).message).toContain('init option elementwiseUnroll is 0');
    expect(left(parseOptions({ requireWebGpu: 'yes please' })).message).toContain('a boolean');
    expect(left(parseOptions('cpu')).message).toContain('options must be an object');
  });
});

describe('init', () => {
  it('rejects a bad option with the ArgumentError and keeps the backend in force', async () => {
    const before = currentBackend();
    await expect(init({ backend: 'tpu' as 'cpu' })).rejects.toThrow(errors.ArgumentError);
    expect(currentBackend()).toBe(before);
  });

  it("selects the CPU with backend 'cpu' and sets the debug level until the next init", async () => {
    await expect(init({ backend: 'cpu', debug: 2 })).resolves.toBe('cpu');
    expect(currentBackend()).toBe('cpu');
    expect(debugLevel()).toBe(2);
    expect(Array.from(await np.array([1, 2]).mul(3).data())).toEqual([3, 6]);
    await init({ backend: 'cpu' });
    expect(debugLevel()).toBe(0); // back to FLUXION_DEBUG, unset here
  });
});

describe('messages know where they run', () => {
  /** Runs `f` as if in a browser: no `process` global. Synchronous, so nothing else sees it. */
  const withoutProcess = <T>(f: () => T): T => {
    const g = globalThis as { process?: unknown };
    const saved = g.process;
    g.process = undefined;
    try { return f(); } finally { g.process = saved; }
  };

  it('in a browser: browser advice, no env vars, no lavapipe', () => {
    const advice = withoutProcess(() => navigatorGpuProvider.noAdapterAdvice);
    expect(advice).toContain('navigator.gpu');
    expect(advice).toContain("init({ backend: 'cpu' })");
    expect(advice).not.toMatch(/FLUXION_|lavapipe|apt-get|fluxion\/node/);
  });

  it("in Node without Dawn: import 'fluxion/node'; with Dawn on Linux: lavapipe", () => {
    expect(navigatorGpuProvider.noAdapterAdvice).toContain("import 'fluxion/node'");
    expect(navigatorGpuProvider.noAdapterAdvice).toContain('FLUXION_BACKEND=cpu');
    if (process.platform === 'linux') expect(dawnProvider.noAdapterAdvice).toContain('lavapipe');
  });

  it('the adapter summary falls back to vendor and architecture when the description is blank', () => {
    expect(summarizeAdapter({ vendor: 'google', architecture: 'swiftshader', description: '', device: '' }))
      .toEqual({ vendor: 'google', architecture: 'swiftshader', description: 'google swiftshader', isCpu: true });
    expect(summarizeAdapter({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3080' }))
      .toEqual({ vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3080', isCpu: false });
    expect(summarizeAdapter(undefined).description).toBe('unnamed adapter');
  });
});

describe('a script importing fluxion (child processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fluxion-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs TypeScript `body` after importing the Node entry; returns its last stdout line parsed. */
  const script = (name: string, body: string, env: Record<string, string | undefined>): Record<string, unknown> => {
    const file = join(dir, `${name}.mts`);
    writeFileSync(file, `import * as fx from ${JSON.stringify(join(root, 'src/node.ts'))};\n` +
      `import { getDevice } from ${JSON.stringify(join(root, 'src/backend/webgpu/device.ts'))};\n` +
      `import { getPriority } from 'node:os';\nvoid getDevice; void getPriority;\n${body}\n`);
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
    const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: root, env: childEnv, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>;
  };
  const probe = `const tryOnes = () => { try { fx.np.ones([1]); return 'ok'; } catch (e) { return \`\${(e as Error).name}: \${(e as Error).message}\`; } };`;

  it('without FLUXION_BACKEND, array operations before init raise "call await init() first"; after init they work', () => {
    const out = script('before-init', `${probe}
const before = tryOnes();
const backend = await fx.init({ backend: 'cpu' });
console.log(JSON.stringify({ before, backend, after: tryOnes() }));`, { FLUXION_BACKEND: undefined });
    expect(out.before).toMatch(/^BackendError: fluxion: no backend is ready: call `await init\(\)` first/);
    expect(out).toMatchObject({ backend: 'cpu', after: 'ok' });
  });

  it('with FLUXION_BACKEND=cpu the CPU is ready at import', () => {
    const out = script('cpu-at-import', `${probe}\nconsole.log(JSON.stringify({ backend: fx.currentBackend(), ops: tryOnes() }));`,
      { FLUXION_BACKEND: 'cpu' });
    expect(out).toEqual({ backend: 'cpu', ops: 'ok' });
  });

  it('an invalid variable does not break the import; operations and init report it', () => {
    const out = script('bad-env', `${probe}
let init = '';
try { await fx.init(); } catch (e) { init = \`\${(e as Error).name}: \${(e as Error).message}\`; }
console.log(JSON.stringify({ ops: tryOnes(), init }));`, { FLUXION_BACKEND: 'cpu', FLUXION_ELEMENTWISE_UNROLL: 'lots' });
    for (const m of [out.ops, out.init]) expect(m).toMatch(/^ArgumentError: .*FLUXION_ELEMENTWISE_UNROLL is "lots"/);
  });

  it('renices the main thread on a CPU adapter only when allowed (init option and FLUXION_NICE)', (ctx) => {
    const body = (opts: string) => `const before = getPriority(process.pid);
const backend = await fx.init(${opts});
const gpu = backend === 'webgpu' ? await getDevice() : undefined;
console.log(JSON.stringify({ backend, isCpu: gpu?.adapterInfo.isCpu, niced: gpu?.mainThreadNiced, before, after: getPriority(process.pid) }));`;
    const base = { FLUXION_BACKEND: 'auto', FLUXION_NICE: undefined, FLUXION_REQUIRE_WEBGPU: webgpuRequired ? '1' : undefined };
    const off = script('renice-off', body('{ reniceMainThread: false }'), base);
    if (off.backend !== 'webgpu') { ctx.skip(); return; } // no adapter here (and none required)
    expect(off).toMatchObject({ niced: false, after: off.before });
    const offByEnv = script('renice-env-off', body(''), { ...base, FLUXION_NICE: '0' });
    expect(offByEnv).toMatchObject({ backend: 'webgpu', niced: false, after: offByEnv.before });
    const dflt = script('renice-default', body(''), base);
    const expected = dflt.isCpu === true && process.platform === 'linux';
    expect(dflt).toMatchObject({ backend: 'webgpu', niced: expected, after: expected ? 19 : dflt.before });
  });
});
