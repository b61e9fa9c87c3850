/**
 * Issue 11's namespace hygiene: the public namespaces hold user functions only (no internal
 * argument helpers that take the caller's op name first), np.broadcastShapes has
 * jnp.broadcast_shapes's signature and semantics, and item() / toArray() of a bool array give JS
 * booleans (JAX's item() and tolist() give Python bools).
 */
import { describe, expect, it } from 'vitest';
import { errors, lax, nn, np, scipy, useBackend } from '../src/index.js';
import { axisOptions, normalizeAxes } from '../src/numpy/axis-args.js';
import { broadcastShapes as internalBroadcastShapes } from '../src/numpy/broadcast.js';
import { computeFans } from '../src/nn/fans.js';
import { timeFrequencies } from '../src/nn/time-embedding.js';
import { mulberry32 } from './helpers/prng.js';
import { describeWebGPU } from './helpers/webgpu.js';

const isNamespace = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module';

/** The name of a function's first parameter, read from its source (undefined when it has none). */
function firstParam(f: Function): string | undefined {
  const src = Function.prototype.toString.call(f);
  // `function name(a, …`, `async function (a …`, `(a, …) =>`, `a => …`, `name(a, …) {` (methods).
  const m = /^(?:async\s+)?(?:function\s*\*?\s*[\w$]*\s*\(\s*|[\w$]*\s*\(\s*)?([\w$]+)/.exec(src);
  return m?.[1];
}

/** Every exported function of a namespace whose first parameter is an op name (an internal helper's mark). */
function opFirstFunctions(ns: Record<string, unknown>, prefix: string): string[] {
  return Object.entries(ns).flatMap(([k, v]) => {
    if (isNamespace(v)) return opFirstFunctions(v, `${prefix}.${k}`);
    return typeof v === 'function' && firstParam(v) === 'op' ? [`${prefix}.${k}`] : [];
  });
}

describe('the public namespaces export user functions only', () => {
  it('the op-first detector recognises the internal helpers (so the next check can fail)', () => {
    for (const f of [normalizeAxes, axisOptions, internalBroadcastShapes, computeFans]) expect(firstParam(f), f.name).toBe('op');
    expect(firstParam(np.sum)).not.toBe('op');
    expect(opFirstFunctions({ helper: normalizeAxes, sum: np.sum } as Record<string, unknown>, 'np')).toEqual(['np.helper']);
  });

  it('no function of np, nn, lax or scipy takes the caller\'s op name first', () => {
    const leaked = [
      ...opFirstFunctions(np as unknown as Record<string, unknown>, 'np'),
      ...opFirstFunctions(nn as unknown as Record<string, unknown>, 'nn'),
      ...opFirstFunctions(lax as unknown as Record<string, unknown>, 'lax'),
      ...opFirstFunctions(scipy as unknown as Record<string, unknown>, 'scipy'),
    ];
    expect(leaked, 'internal helpers in a public namespace: import them from their files instead').toEqual([]);
  });

  it('the former leaks are gone by name', () => {
    const npNs = np as unknown as Record<string, unknown>, nnNs = nn as unknown as Record<string, unknown>;
    expect('normalizeAxes' in npNs).toBe(false);
    expect('axisOptions' in npNs).toBe(false);
    expect('computeFans' in (nnNs.initializers as Record<string, unknown>)).toBe(false);
    expect('timeFrequencies' in nnNs).toBe(false);
    // The helpers still work where the library uses them.
    expect(normalizeAxes('np.sum', [-1, 0], 3)).toEqual([0, 2]);
    expect(axisOptions('np.prod', { axis: -1, keepdims: true }, 3)).toEqual({ axes: [2], keepdims: true });
    expect(computeFans('init', [3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
    expect(timeFrequencies(3, 1, 100)).toEqual([1, 10, 100]);
  });
});

describe('np.broadcastShapes (jnp.broadcast_shapes)', () => {
  it('gives NumPy\'s answers', () => {
    // Each case as numpy.broadcast_shapes / jnp.broadcast_shapes answer it.
    const cases: [readonly (number[] | number)[], number[]][] = [
      [[[2, 1], [3]], [2, 3]],
      [[[5, 1, 4], [3, 1], 4], [5, 3, 4]],
      [[[8, 1, 6, 1], [7, 1, 5]], [8, 7, 6, 5]],
      [[[0, 1], [1, 7]], [0, 7]],
      [[[0], [1]], [0]],
      [[[3]], [3]],
      [[[], []], []],
      [[6, [1]], [6]],
      [[[2, 3], []], [2, 3]],
      [[], []],
    ];
    for (const [shapes, want] of cases) expect(np.broadcastShapes(...shapes), JSON.stringify(shapes)).toEqual(want);
  });

  it('agrees with the shape real broadcasting gives (np.add of arrays of those shapes), on random shapes', () => {
    const rng = mulberry32(11);
    const pick = (n: number) => Math.floor(rng() * n);
    for (let trial = 0; trial < 200; trial++) {
      const nd = 1 + pick(4);
      const full = Array.from({ length: nd }, () => pick(4));
      // Each operand keeps a suffix of the axes, some of them set to 1: always compatible.
      const shapes = Array.from({ length: 1 + pick(3) }, () => full.slice(pick(nd + 1)).map((d) => (rng() < 0.3 ? 1 : d)));
      const got = np.broadcastShapes(...shapes);
      const viaArrays = shapes.reduce((acc, s) => np.add(acc, np.zeros(s)), np.zeros([]) as ReturnType<typeof np.zeros>).shape;
      expect(got, JSON.stringify(shapes)).toEqual([...viaArrays]);
    }
  });

  it('raises a ShapeError naming the shapes and the axis when they are incompatible', () => {
    const call = () => np.broadcastShapes([2, 3], [4, 3]);
    expect(call).toThrow(errors.ShapeError);
    expect(call).toThrow(/np\.broadcastShapes: shapes \[2, 3\] and \[4, 3\] cannot be broadcast together \(axis -2 has sizes 2 and 4\)/);
    expect(() => np.broadcastShapes([0], [3])).toThrow(/\[0\] and \[3\]/);
    expect(() => np.broadcastShapes([1, 2], [2, 1], [3])).toThrow(errors.ShapeError);
  });

  it('rejects what is not a shape, naming which argument', () => {
    expect(() => np.broadcastShapes([2], 'abc' as never)).toThrow(errors.ArgumentError);
    expect(() => np.broadcastShapes([2], 'abc' as never)).toThrow(/np\.broadcastShapes: shape 2 is the string "abc"/);
    expect(() => np.broadcastShapes([2.5])).toThrow(errors.ShapeError);
    expect(() => np.broadcastShapes([2], [-1])).toThrow(/np\.broadcastShapes: shape 2 \[-1\] has dimension 0 equal to -1/);
    expect(() => np.broadcastShapes(np.ones([2]) as never)).toThrow(errors.ArgumentError);
  });
});

/** item() and toArray() as JAX's item() and tolist(): bools for bool arrays, numbers otherwise. */
async function checkReads(): Promise<void> {
  const t = np.array(true), f = np.greater(np.array(1), 2);
  expect(await t.item()).toBe(true);
  expect(await f.item()).toBe(false);
  expect(await np.array([[false]]).item()).toBe(false);
  expect(await np.any(np.array([0, 0, 3])).item()).toBe(true);
  expect(await np.allclose(np.array([1, 2]), np.array([1, 2.5])).item()).toBe(false);
  // Other dtypes stay numbers (1, not true), whatever their value.
  expect(await np.array(1, { dtype: 'int32' }).item()).toBe(1);
  expect(await np.array(0, { dtype: 'uint32' }).item()).toBe(0);
  expect(await np.array(1).item()).toBe(1);
  expect(await np.array(true).astype('float32').item()).toBe(1);
  expect(await np.array([true, false]).toArray()).toEqual([true, false]);
  expect(await np.less(np.array([[1, 5], [3, 2]]), 3).toArray()).toEqual([[true, false], [false, true]]);
  expect(await np.array(false).toArray()).toBe(false);
  expect(await np.array([1, 0], { dtype: 'int32' }).toArray()).toEqual([1, 0]);
}

describe('item() and toArray() of bool arrays give booleans', () => {
  it('on the CPU backend', async () => {
    await useBackend('cpu');
    await checkReads();
  });
});

describeWebGPU('item() and toArray() of bool arrays on WebGPU', () => {
  it('give booleans there too (read back from the device)', async () => {
    await useBackend('webgpu');
    try { await checkReads(); } finally { await useBackend('cpu'); }
  });
});
