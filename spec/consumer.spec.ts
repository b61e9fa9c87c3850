/**
 * fluxion as a user gets it: `npm run build`, `npm pack`, the tarball installed into a fresh
 * project with its own strict tsconfig (NodeNext, noUncheckedIndexedAccess, skipLibCheck false),
 * then `tsc --noEmit`, the README's example run by `node` (extracted from README.md, so the
 * README cannot rot), a typed program run by `tsx`, and a CommonJS `require('fluxion')` (which
 * only works without top-level await). The tarball is installed without a download: it is
 * unpacked into node_modules/fluxion and its dependencies are symlinked from this repository's
 * node_modules (what `npm install` would have put there).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webgpuAvailable, webgpuRequired, webgpuUnavailableReason } from './helpers/webgpu.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string; version: string; dependencies: Record<string, string>;
};

// With an adapter (or in CI, where one is required) the consumer must run on WebGPU.
const expectedBackend = webgpuAvailable || webgpuRequired ? 'webgpu' : 'cpu';

/** The child's environment: not vitest's FLUXION_BACKEND=cpu; WebGPU required when expected. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.FLUXION_BACKEND;
  if (expectedBackend === 'webgpu') env.FLUXION_REQUIRE_WEBGPU = '1';
  return env;
}

function run(cmd: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: childEnv(), encoding: 'utf8', timeout });
}
const transcript = (r: SpawnSyncReturns<string>): string =>
  `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;

/** The first fenced block after `<!-- consumer-example: NAME -->` in README.md. */
function readmeExample(name: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- consumer-example: ${name} -->`);
  if (at < 0) throw new Error(`README.md has no <!-- consumer-example: ${name} --> marker`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!block?.[1]) throw new Error(`README.md: no fenced code block after the ${name} marker`);
  return block[1] + '\n';
}

/** ∇ Σ x·sin x = sin x + x·cos x, the gradient every consumer program computes at [0, 1, 2]. */
const expectedGrad = [0, 1, 2].map((x) => Math.sin(x) + x * Math.cos(x));

/** Parses the one JSON line a consumer program prints and checks backend and gradient. */
function checkResult(r: SpawnSyncReturns<string>): Record<string, unknown> {
  expect(r.status, transcript(r)).toBe(0);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const out = JSON.parse(line) as { backend: string; grad: number[] } & Record<string, unknown>;
  expect(out.backend).toBe(expectedBackend);
  expect(out.grad).toHaveLength(3);
  out.grad.forEach((g, i) => expect(g).toBeCloseTo(expectedGrad[i]!, 5));
  return out;
}

// No explicit `lib`: TypeScript's default for the target includes DOM, which WebGPU's types
// (@webgpu/types, which fluxion's declarations name) are part of.
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext',
    strict: true, noUncheckedIndexedAccess: true, exactOptionalPropertyTypes: true,
    skipLibCheck: false, noEmit: true, types: ['node'],
  },
  include: ['main.ts'],
};

// The browser entry's declarations must compile without Node's types (a web project has none),
// and without ESNext.Disposable in `lib` (fluxion's declarations reference it themselves).
const TSCONFIG_BROWSER = {
  compilerOptions: { ...TSCONFIG.compilerOptions, lib: ['ES2022', 'DOM'], types: [] },
  include: ['browser.ts'],
};

const MAIN_TS = `import { init, np, grad, type Tensor, errors } from 'fluxion';
import { io } from 'fluxion/node';

const backend = await init({ reniceMainThread: false });
const f = (x: Tensor): Tensor => np.sum(np.sin(x).mul(x));
const g = grad(f)(np.array([0, 1, 2]));
await io.saveSafetensors('typed.safetensors', { layer: { g } });
const back = await io.loadSafetensors<{ layer: { g: Tensor } }>('typed.safetensors');
const values = await back.layer.g.data();
const first: number | undefined = values[0]; // noUncheckedIndexedAccess: an index may be missing
let optionError = '';
try { await init({ backend: 'tpu' as 'cpu' }); } catch (e) { if (e instanceof errors.ArgumentError) optionError = e.name; }
console.log(JSON.stringify({ backend, grad: Array.from(values), first, shape: back.layer.g.shape, optionError }));
`;

const BROWSER_TS = `import { init, np, grad, type Tensor } from 'fluxion';

export async function gradient(): Promise<number[]> {
  await init();
  const g = grad((x: Tensor) => np.sum(x.mul(x)))(np.array([1, 2]));
  return Array.from(await g.data());
}
`;

const REQUIRE_CJS = `// CommonJS loading the ESM package: Node refuses modules with top-level await here.
const { init, np, grad } = require('fluxion');
init().then(async (backend) => {
  const g = grad((x) => np.sum(np.sin(x).mul(x)))(np.array([0, 1, 2]));
  console.log(JSON.stringify({ backend, grad: Array.from(await g.data()) }));
});
`;

// Importing takes no device: Dawn prints its maxDynamic… lines when an adapter is discovered,
// so their absence (and a quick exit) shows that no adapter was asked for.
const IMPORT_ONLY_MJS = `import * as a from 'fluxion';
import * as b from 'fluxion/node';
let before = '';
try { a.np.ones([1]); } catch (e) { before = e.name + ': ' + e.message; }
console.log(JSON.stringify({ before, backend: a.currentBackend() ?? null, node: typeof b.io.saveSafetensors }));
`;

/** Bare specifiers reachable from `entry` through static relative imports of the built files. */
function bareImportsReachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/(?:^|[\s;])(?:import|export)\s*(?:[^'"]*?\sfrom\s*)?['"]([^'"]+)['"]/g)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else bare.add(spec);
    }
    for (const m of src.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) bare.add(m[1]!);
  };
  visit(entry);
  return bare;
}

describe('the packed tarball in a fresh consumer project', () => {
  let work = '';
  let consumer = '';
  let packed: { filename: string; files: { path: string }[] } | undefined;
  let setupError = '';

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'fluxion-consumer-'));
    const build = run('npm', ['run', 'build'], root, 180_000);
    if (build.status !== 0) { setupError = `npm run build failed:\n${transcript(build)}`; return; }
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
    if (pack.status !== 0) { setupError = `npm pack failed:\n${transcript(pack)}`; return; }
    packed = (JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[])[0];
    if (!packed) { setupError = `npm pack printed no result:\n${transcript(pack)}`; return; }

    consumer = join(work, 'consumer');
    const modules = join(consumer, 'node_modules');
    mkdirSync(modules, { recursive: true });
    const untar = run('tar', ['-xzf', join(work, packed.filename), '-C', work], work);
    if (untar.status !== 0) { setupError = `tar failed:\n${transcript(untar)}`; return; }
    renameSync(join(work, 'package'), join(modules, 'fluxion'));
    // What `npm install` would add: fluxion's dependencies, and the consumer's own tools.
    for (const dep of [...Object.keys(pkg.dependencies), 'typescript', 'tsx', '@types/node']) {
      const target = join(modules, dep);
      mkdirSync(dirname(target), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), target, 'dir');
    }
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({
      name: 'fluxion-consumer', private: true, type: 'module',
      dependencies: { fluxion: `file:../${packed.filename}` },
    }, null, 2));
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(consumer, 'tsconfig.browser.json'), JSON.stringify(TSCONFIG_BROWSER, null, 2));
    writeFileSync(join(consumer, 'example.mjs'), readmeExample('example.mjs'));
    writeFileSync(join(consumer, 'main.ts'), MAIN_TS);
    writeFileSync(join(consumer, 'browser.ts'), BROWSER_TS);
    writeFileSync(join(consumer, 'require.cjs'), REQUIRE_CJS);
    writeFileSync(join(consumer, 'import-only.mjs'), IMPORT_ONLY_MJS);
  }, 300_000);

  afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

  const ready = (): void => { expect(setupError).toBe(''); };

  it('WebGPU is there when CI requires it', () => {
    if (webgpuRequired) expect(webgpuAvailable, webgpuUnavailableReason).toBe(true);
  });

  it('ships dist (JavaScript, declarations, source maps), README and LICENSE, and no specs, bench, examples, scripts or CI', () => {
    ready();
    const paths = packed!.files.map((f) => f.path);
    for (const p of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.js.map',
      'dist/index.node.js', 'dist/node.js', 'dist/node.d.ts', 'dist/config.js', 'dist/backend/webgpu/dawn.js']) {
      expect(paths).toContain(p);
    }
    const unwanted = paths.filter((p) => /^(spec|bench|examples|scripts|\.ci|out|node_modules|docs)\//.test(p) || p.endsWith('.spec.ts'));
    expect(unwanted).toEqual([]);
  });

  it('has a publishable package.json with conditional exports for fluxion and fluxion/node', () => {
    ready();
    const shipped = JSON.parse(readFileSync(join(consumer, 'node_modules/fluxion/package.json'), 'utf8')) as Record<string, any>;
    expect(shipped.private).toBeUndefined();
    expect(shipped.name).toBe('fluxion');
    expect(Object.keys(shipped.exports['.'])).toEqual(['types', 'browser', 'node', 'default']);
    expect(shipped.exports['./node'].types).toBe('./dist/node.d.ts');
    for (const target of [...Object.values(shipped.exports['.']), ...Object.values(shipped.exports['./node'])]) {
      expect(existsSync(join(consumer, 'node_modules/fluxion', target as string)), String(target)).toBe(true);
    }
    expect(Array.isArray(shipped.sideEffects)).toBe(true);
  });

  it("reaches the 'webgpu' package only from the Node builds", () => {
    ready();
    const dist = join(consumer, 'node_modules/fluxion/dist');
    expect([...bareImportsReachable(join(dist, 'index.js'))]).not.toContain('webgpu');
    expect([...bareImportsReachable(join(dist, 'node.js'))]).toContain('webgpu');
    expect([...bareImportsReachable(join(dist, 'index.node.js'))]).toContain('webgpu');
  });

  it('typechecks under strict NodeNext settings with skipLibCheck false', () => {
    ready();
    const r = run('node', [join(consumer, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], consumer);
    expect(r.status, transcript(r)).toBe(0);
  }, 120_000);

  it("typechecks the browser entry without Node's types", () => {
    ready();
    const r = run('node', [join(consumer, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.browser.json'], consumer);
    expect(r.status, transcript(r)).toBe(0);
  }, 120_000);

  it('importing takes no device and leaves array operations asking for init()', () => {
    ready();
    const r = run('node', ['import-only.mjs'], consumer);
    expect(r.status, transcript(r)).toBe(0);
    expect(r.stderr).not.toMatch(/maxDynamic/);
    const out = JSON.parse(r.stdout.trim()) as { before: string; backend: string | null; node: string };
    expect(out.before).toMatch(/^BackendError: .*call `await init\(\)` first/);
    expect(out.backend).toBeNull();
    expect(out.node).toBe('function');
  });

  it("runs the README's example with node: a gradient and a checkpoint round trip", () => {
    ready();
    checkResult(run('node', ['example.mjs'], consumer));
  });

  it('runs a typed program with tsx: gradient, nested checkpoint, named option errors', () => {
    ready();
    const out = checkResult(run('node', [join(consumer, 'node_modules/tsx/dist/cli.mjs'), 'main.ts'], consumer));
    expect(out.first).toBeCloseTo(expectedGrad[0]!, 6);
    expect(out.shape).toEqual([3]);
    expect(out.optionError).toBe('ArgumentError');
  });

  it('loads from CommonJS with require (no top-level await anywhere)', () => {
    ready();
    checkResult(run('node', ['require.cjs'], consumer));
  });
});
