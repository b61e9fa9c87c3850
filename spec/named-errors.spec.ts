/**
 * The named-errors sweep (issue 11): every error a user can trigger with bad input is a
 * FluxionError subclass whose message names the operation and says what to do — never a plain
 * Error. Each user-facing throw site that used to be a plain `Error` is triggered here once and its
 * class checked; the last tests check the grep rule itself (plain errors left in src/ are internal
 * invariants and say "fluxion bug: please report") and np.max/np.min over an empty axis on both
 * backends.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConcreteArray, Tensor, customJvp, data, errors, facm, grad, io, jit, jvp, kernelsOf, lax, metrics, nn, np, optim, random,
  treeFlatten, treeMap, treeUnflatten, useBackend,
} from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';

const { ArgumentError, BackendError, DTypeError, FluxionError, ShapeError, TracerError } = errors;
type ErrorClass = new (...args: never[]) => Error;

/** The error `fn` throws (or its promise rejects with). */
async function caught(fn: () => unknown): Promise<unknown> {
  try { await fn(); } catch (e) { return e; }
  throw new Error('expected the call to throw, but it returned');
}

/** `fn` throws (or rejects with) a `kind` whose message holds every fragment. */
async function expectNamed(fn: () => unknown, kind: ErrorClass, ...fragments: (string | RegExp)[]): Promise<void> {
  const e = await caught(fn);
  expect(e, String(e)).toBeInstanceOf(kind);
  expect(e).toBeInstanceOf(FluxionError);
  for (const f of fragments) {
    if (typeof f === 'string') expect((e as Error).message).toContain(f);
    else expect((e as Error).message).toMatch(f);
  }
}
const bad = <T>(v: unknown): T => v as T;
const pts = (n: number, d: number) => np.ones([n, d]);

describe('optim', () => {
  it('schedules and transformations name themselves and the bad value', async () => {
    await expectNamed(() => optim.linearWarmup(1, 0), ArgumentError, /^optim\.linearWarmup:/, 'warmupSteps', 'got 0');
    await expectNamed(() => optim.cosineDecay(1, -5), ArgumentError, /^optim\.cosineDecay:/, 'decaySteps', '-5');
    await expectNamed(() => optim.warmupCosine(1, 10, 5), ArgumentError, /^optim\.warmupCosine:/, 'must exceed warmupSteps');
    await expectNamed(() => optim.emaWarmup(1), ArgumentError, /^optim\.emaWarmup:/, '[0, 1)');
    await expectNamed(() => optim.clipByGlobalNorm(0), ArgumentError, /^optim\.clipByGlobalNorm:/, 'positive');
    const g = { w: np.ones([2]) };
    await expectNamed(() => optim.addDecayedWeights(1e-4).update(g, null), ArgumentError, /^optim\.addDecayedWeights:/, 'third argument');
    const c = optim.chain(optim.clipByGlobalNorm(1), optim.sgd(0.1));
    await expectNamed(() => c.update(g, bad([null])), ArgumentError, /^optim\.chain:/, '2 entries', 'an array of 1');
  });
});

describe('tree', () => {
  it('treeUnflatten with the wrong leaf count and treeMap over different structures', async () => {
    const { def } = treeFlatten({ a: np.ones([1]), b: np.ones([1]) });
    await expectNamed(() => treeUnflatten(def, [np.ones([1])]), ArgumentError, /^treeUnflatten:/, '2 leaves, got 1');
    await expectNamed(() => treeMap((x: Tensor) => x, { a: np.ones([1]) }, { b: np.ones([1]) }), ArgumentError, /^treeMap:/, 'tree 2', '{a: *}');
  });
});

describe('metrics', () => {
  it('shapes are ShapeErrors, bad settings ArgumentErrors', async () => {
    const k = random.key(0);
    await expectNamed(() => metrics.slicedWasserstein2(k, pts(5, 2), pts(5, 3)), ShapeError, /^metrics\.slicedWasserstein2:/, 'same dimension');
    await expectNamed(() => metrics.slicedWasserstein2(k, np.ones([5]), pts(5, 1)), ShapeError, '[n, d]');
    await expectNamed(() => metrics.slicedWasserstein2(k, pts(5, 2), pts(5, 2), { directions: 0 }), ArgumentError, 'directions');
    await expectNamed(() => metrics.mmd2(pts(1, 2), pts(5, 2)), ShapeError, /^metrics\.mmd2:/, 'at least 2 points');
    await expectNamed(() => metrics.mmd2(pts(3, 2), pts(3, 2), { bandwidths: [] }), ArgumentError, 'bandwidths');
    await expectNamed(() => metrics.mmd2(pts(3, 2), pts(3, 2), { blockRows: 0 }), ArgumentError, 'blockRows');
    await expectNamed(() => metrics.pairedMapError(pts(3, 2), pts(4, 2)), ShapeError, /^metrics\.pairedMapError:/, 'n must match');
    await expectNamed(() => metrics.modeCoverage(pts(3, 2), np.zeros([2, 2])), ArgumentError, /^metrics\.modeCoverage:/, 'radius');
  });
});

describe('data and facm', () => {
  it('unknown datasets, modeless datasets, bad counts, bad fractions', async () => {
    const k = random.key(0);
    await expectNamed(() => data.sampleDataset(bad('rings'), k, 10), ArgumentError, /^data\.sampleDataset:/, "'rings'");
    await expectNamed(() => data.modeCenters(bad('moons')), ArgumentError, /^data\.modeCenters:/, 'no discrete modes');
    await expectNamed(() => data.twoMoons(k, 2.5), ArgumentError, 'positive integer', '2.5');
    await expectNamed(() => facm.sampleMeanFlowTimes(k, 8, { equalFraction: 1.5 }), ArgumentError, /^facm\.sampleMeanFlowTimes:/, '1.5');
  });
});

describe('io plots and images', () => {
  it('bad point shapes, label counts, sizes, colours and grids', async () => {
    await expectNamed(() => io.parseColor(bad('mauve-ish')), ArgumentError, /^io\.parseColor:/, '#rrggbb');
    await expectNamed(() => io.createImage(0, 4), ArgumentError, /^io\.createImage:/, '0x4');
    await expectNamed(() => io.gridImages([], 2), ArgumentError, /^io\.gridImages:/, 'no images');
    await expectNamed(() => io.gridImages([io.createImage(2, 2)], 0), ArgumentError, 'cols');
  });
});

describe('nn', () => {
  it('timeMlp / withAuxTime / initTimeMlp misuse', async () => {
    const k = random.key(0);
    const p = nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 1, embedDim: 4 });
    const aux = nn.withAuxTime(p);
    const x = np.zeros([3, 2]);
    await expectNamed(() => nn.withAuxTime(aux), ArgumentError, /^nn\.withAuxTime:/, 'already');
    await expectNamed(() => nn.timeMlp(aux, x, 0.5), ArgumentError, /^nn\.timeMlp:/, 'pass r');
    await expectNamed(() => nn.timeMlp(p, x, 0.5, undefined, { r: 1 }), ArgumentError, 'no auxiliary time embedding');
    await expectNamed(() => nn.timeMlp(p, x, 0.5, [1, 2, 3]), ArgumentError, 'no label table');
    await expectNamed(() => nn.timeMlp(p, x, np.zeros([4])), ShapeError, 'batch shape');
    await expectNamed(() => nn.timeMlp(p, np.zeros([3, 5]), 0.5), ShapeError, 'is x the right width');
    await expectNamed(() => nn.timeMlp(bad({}), x, 0.5), ArgumentError, 'nn.initTimeMlp');
    await expectNamed(() => nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 1, embedDim: 5 }), ArgumentError, 'embedDim must be even');
    await expectNamed(() => nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 0, embedDim: 4 }), ArgumentError, 'depth');
    await expectNamed(() => nn.initMlp(k, [2]), ArgumentError, /^nn\.initMlp:/, '[in, out]');
  });
});

describe('arrays and transformations', () => {
  it('item() of a non-scalar is a ShapeError; using a disposed array an ArgumentError', async () => {
    await expectNamed(() => np.ones([2]).item(), ShapeError, /^item\(\):/, 'f32[2]', 'reduce');
    const x = np.ones([3]);
    x.dispose();
    await expectNamed(() => x.data(), ArgumentError, 'f32[3] array was disposed');
    await expectNamed(() => (x as ConcreteArray).dataSync(), ArgumentError, 'disposed');
  });

  it('an escaped tracer is a TracerError', async () => {
    let leaked: Tensor | undefined;
    grad((v: Tensor) => { leaked = v.mul(2); return v.sum(); })(np.ones([2]));
    await expectNamed(() => leaked!.add(1), TracerError, 'escaped tracer', 'Return the value');
  });

  it('grad through a customJvp rule whose tangent is not linear: ArgumentError saying so', async () => {
    const f = customJvp((x: Tensor) => lax.sin(x), ([x], [t]) => [lax.sin(x), lax.mul(t, t)]);
    // jvp itself is fine (it only evaluates the rule)...
    expect(jvp((v: Tensor) => f(v), [np.ones([2])], [np.ones([2])])[1].shape).toEqual([2]);
    // ...but grad must transpose it.
    await expectNamed(() => grad((v: Tensor) => f(v).sum())(np.ones([2])), ArgumentError, 'not linear', 'customJvp rule', 'fluxion bug');
  });

  it('np.max / np.min over an empty axis: ShapeError (no identity), eager and under jit', async () => {
    await expectNamed(() => np.max(np.zeros([3, 0]), 1), ShapeError, /^np\.max:/, 'f32[3,0]', 'no identity');
    await expectNamed(() => np.min(np.zeros([0])), ShapeError, /^np\.min:/, 'empty axis');
    await expectNamed(() => np.zeros([2, 0]).max({ axis: [0, 1] }), ShapeError, /^np\.max:/);
    await expectNamed(() => jit((v: Tensor) => v.min(0))(np.zeros([0, 2])), ShapeError, /^np\.min:/);
    // Reducing a non-empty axis is fine even when the result is empty: [3, 0] over axis 0 is [0].
    expect(np.max(np.zeros([3, 0]), 0).shape).toEqual([0]);
  });
});

describe('the grep rule', () => {
  it('every plain `throw new Error(` left in src/ is an internal invariant that says "fluxion bug: please report"', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk('src');
    const offenders: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      let i = text.indexOf('new Error(');
      while (i >= 0) {
        // The message is the call's text up to the end of the statement (`);` then a line end or `}`):
        // messages span a few lines and hold semicolons of their own.
        const m = /\);(\s*\n| \})/.exec(text.slice(i));
        const end = i + (m ? m.index : 600);
        if (!/fluxion bug: please report/.test(text.slice(i, end))) {
          offenders.push(`${f}:${text.slice(0, i).split('\n').length}`);
        }
        i = text.indexOf('new Error(', i + 1);
      }
    }
    // src/io/node/file-errors.ts builds an example errno error in its TSDoc, not a throw.
    expect(offenders.filter((o) => !o.startsWith(join('src', 'io', 'node', 'file-errors.ts')))).toEqual([]);
  });
});

describeWebGPU('named errors on WebGPU', () => {
  beforeAll(async () => { await useBackend('webgpu'); });
  afterAll(async () => { await useBackend('cpu'); });

  it('np.max / np.min over an empty axis are the same ShapeError on WebGPU, eager and jit', async () => {
    await expectNamed(() => np.max(np.zeros([3, 0]), 1), ShapeError, /^np\.max:/, 'no identity');
    await expectNamed(() => jit((v: Tensor) => np.min(v, 0))(np.zeros([0, 2])), ShapeError, /^np\.min:/);
    // The lax reduction keeps its identity (−∞), as lax.reduce_max does in JAX.
    expect(Array.from(await lax.reduceMax(np.zeros([3, 0]), [1]).data())).toEqual([-Infinity, -Infinity, -Infinity]);
  });

  it('dataSync → BackendError, float64 → DTypeError, kernelsOf(plain f) → ArgumentError, disposed → ArgumentError', async () => {
    await expectNamed(() => (np.ones([2]) as ConcreteArray).dataSync(), BackendError, /^dataSync\(\):/, 'await x.data()');
    await expectNamed(() => np.ones([2], 'float64'), DTypeError, 'float64 is CPU-only on WebGPU');
    await expectNamed(() => (kernelsOf as (f: unknown, ...xs: Tensor[]) => unknown)((v: Tensor) => v, np.ones([2])), ArgumentError, /^kernelsOf:/, 'jit(f)');
    const x = np.ones([3]);
    x.dispose();
    await expectNamed(() => x.data(), ArgumentError, 'was disposed');
  });
});
