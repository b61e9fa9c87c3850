/**
 * Every TSDoc `@example` of the public modules (spec/helpers/tsdoc-examples.ts: src/numpy, src/nn,
 * src/random, src/transforms, src/primitives/lax.ts) runs as written on the CPU backend, with the
 * exports of 'fluxion' in scope as a user imports them (np, nn, lax, random, grad, jit, vmap, …).
 * A statement commented `// → value` must produce that value: a Tensor's shape and elements (to a
 * relative 1e-5, float32's printing precision; NaN only where NaN is stated), anything else equal.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as fluxion from '../src/index.js';
import { Tensor } from '../src/index.js';
import { CHECK_FN, augmentedMembersWithoutExamples, compileExample, extractExamples, unmarkedValues } from './helpers/tsdoc-examples.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const examples = extractExamples(repoRoot);

/** The nested array's shape (the first element's at every level) and its elements in row-major order. */
function shapeAndLeaves(v: unknown): { shape: number[]; leaves: unknown[] } {
  if (!Array.isArray(v)) return { shape: [], leaves: [v] };
  const parts = v.map(shapeAndLeaves);
  const inner = parts[0]?.shape ?? [];
  for (const p of parts) {
    if (JSON.stringify(p.shape) !== JSON.stringify(inner)) throw new Error(`the stated value ${JSON.stringify(v)} is ragged`);
  }
  return { shape: [v.length, ...inner], leaves: parts.flatMap((p) => p.leaves) };
}

function closeNumber(got: number, want: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (got === want) return true;
  return Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want));
}

/** Whether `got` (after reading Tensors back) matches the stated value; a reason when it does not. */
async function mismatch(got: unknown, want: unknown, where: string): Promise<string | undefined> {
  if (got instanceof Tensor) {
    const { shape, leaves } = shapeAndLeaves(want);
    if (JSON.stringify(got.shape) !== JSON.stringify(shape)) return `${where}: shape [${got.shape}] but the example states [${shape}]`;
    const data = Array.from(await got.data() as ArrayLike<number>, Number);
    for (let i = 0; i < data.length; i++) {
      const w = leaves[i];
      const ok = typeof w === 'boolean' ? (got.dtype === 'bool' && data[i] === (w ? 1 : 0))
        : typeof w === 'number' ? got.dtype !== 'bool' && closeNumber(data[i], w) : false;
      if (!ok) return `${where}: element ${i} is ${data[i]} (${got.dtype}) but the example states ${String(w)}`;
    }
    return undefined;
  }
  if (ArrayBuffer.isView(got) && !(got instanceof DataView)) got = Array.from(got as unknown as ArrayLike<number>);
  if (Array.isArray(got)) {
    if (!Array.isArray(want) || want.length !== got.length) return `${where}: ${got.length} items but the example states ${JSON.stringify(want)}`;
    for (let i = 0; i < got.length; i++) {
      const m = await mismatch(got[i], want[i], `${where}[${i}]`);
      if (m) return m;
    }
    return undefined;
  }
  if (typeof got === 'number' && typeof want === 'number') return closeNumber(got, want) ? undefined : `${where}: ${got}, stated ${want}`;
  if (got !== null && typeof got === 'object' && want !== null && typeof want === 'object' && !Array.isArray(want)) {
    const keys = Object.keys(want as object);
    if (JSON.stringify(Object.keys(got as object).sort()) !== JSON.stringify([...keys].sort())) {
      return `${where}: keys ${Object.keys(got as object)} but the example states ${keys}`;
    }
    for (const k of keys) {
      const m = await mismatch((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${where}.${k}`);
      if (m) return m;
    }
    return undefined;
  }
  return Object.is(got, want) ? undefined : `${where}: ${String(got)}, stated ${String(want)}`;
}

async function check(label: string, value: unknown, expected: () => unknown): Promise<void> {
  const got = await value;
  const why = await mismatch(got, expected(), 'value');
  expect(why, label).toBeUndefined();
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
/** Every export of 'fluxion' by name, then the example in a block of its own (its imports may shadow them). */
const prelude = `const { ${Object.keys(fluxion).join(', ')} } = fluxion;\n`;

/** Runs one example's source (its stated values checked); rejects when it throws or a value differs. */
async function runExample(source: string): Promise<void> {
  const body = compileExample(source);
  const run = new AsyncFunction('fluxion', CHECK_FN, `${prelude}{\n${body}\n}`);
  await run(fluxion, check);
}

describe('the example runner', () => {
  it('checks stated values: right ones pass, wrong elements, shapes, dtypes and plain values fail', async () => {
    await runExample("np.array([1, 2]).add(1); // → [2, 3]\nnp.ones([2, 1]).shape; // → [2, 1]\nconst y = np.sum(np.array([1, 2])); // → 3 — prose");
    await expect(runExample('np.array([1, 2]); // → [1, 3]')).rejects.toThrow(/element 1 is 2/);
    await expect(runExample('np.array([[1, 2]]); // → [1, 2]')).rejects.toThrow(/shape \[1,2\]/);
    await expect(runExample('np.array([1, 0]); // → [true, false]')).rejects.toThrow(/float32/);
    await expect(runExample("np.ones([2]).dtype; // → 'int32'")).rejects.toThrow(/stated int32/);
    await expect(runExample('const z = np.array(NaN); // → 0')).rejects.toThrow(/NaN/);
  });
  it('finds values stated without the arrow (they would go unchecked)', () => {
    expect(unmarkedValues('np.abs(x); // [1, 2]\nnp.abs(y); // → [1, 2]\nnp.sum(z); // the total')).toEqual(['np.abs(x); // [1, 2]']);
  });
  it('runs imports from fluxion and TypeScript syntax, and reports names an example lacks', async () => {
    await runExample("import { np as numpy, type Tensor } from 'fluxion';\nconst f = (x: Tensor): Tensor => x.mul(2);\nf(numpy.array([1])); // → [2]");
    await expect(runExample('f(np.ones([2]));')).rejects.toThrow(/f is not defined/);
  });
});

describe('TSDoc examples', () => {
  it('are found (the extraction sees the public modules)', () => {
    expect(examples.length).toBeGreaterThan(100);
    for (const f of ['src/numpy/reductions.ts', 'src/nn/activations.ts', 'src/random/index.ts', 'src/transforms/autodiff.ts', 'src/numpy/methods.ts']) {
      expect(examples.some((e) => e.file === f), f).toBe(true);
    }
  });

  it('cover every Tensor method that src/numpy/methods.ts declares (x.sum, x.reshape, …)', () => {
    expect(examples.filter((e) => e.file === 'src/numpy/methods.ts').map((e) => e.name)).toEqual(
      expect.arrayContaining(['Tensor.add', 'Tensor.sum', 'Tensor.reshape', 'Tensor.T', 'Tensor.[Symbol.iterator]']));
    expect(augmentedMembersWithoutExamples(repoRoot, 'src/numpy/methods.ts'), 'add a TSDoc line and an @example to each').toEqual([]);
  });

  it('state every value with the arrow convention (`// → value`), so that it is checked', () => {
    const unmarked = examples.flatMap((e) => unmarkedValues(e.source).map((u) => `${e.file}:${e.line} ${u}`));
    expect(unmarked, 'write these as `// → value`').toEqual([]);
  });

  const counts = new Map<string, number>();
  const named = examples.map((e) => {
    const key = `${e.file} ${e.name}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    return [n > 1 ? `${key} (#${n})` : key, e] as const;
  });
  it.each(named)('%s', async (_name, e) => {
    try {
      await runExample(e.source);
    } catch (err) {
      // Name the example and show it: the stack points into generated code.
      const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new Error(`the @example of ${e.name} (${e.file}:${e.line}) fails: ${what}\n--- the example ---\n${e.source}`);
    }
  });
});
