/**
 * The Jaxpr pipeline as a list of named passes (passes/pipeline.ts): the order is the documented
 * one, `optimize` is exactly the fold of the list, each pass is pure, and FLUXION_DEBUG=3 logs one
 * line per pass saying what it changed.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Tensor, grad, jit, makeJaxpr, nn, np, useBackend } from '../src/index.js';
import { setDebugLevel } from '../src/config.js';
import { OPTIMIZE_PASSES, describeChange, optimize, runPasses } from '../src/compiler/passes/index.js';
import { DEFAULT_TARGET } from '../src/compiler/target.js';

beforeAll(async () => { await useBackend('cpu'); });
afterEach(() => { setDebugLevel(undefined); vi.restoreAllMocks(); });

/** A program with something for every pass: a nested jit, x*1 and duplicated subexpressions, dead code. */
const inner = jit((y: Tensor) => np.tanh(y).mul(1), { name: 'inner' });
const program = () => makeJaxpr((w: Tensor, x: Tensor) => {
  const loss = (ww: Tensor) => np.sum(nn.softmax(inner(np.matmul(x, ww)), -1).add(np.sin(x.sum())).add(np.sin(x.sum())));
  void np.exp(w); // dead
  return grad(loss)(w);
})(np.ones([4, 3]), np.ones([2, 4]));

describe('the optimising pipeline', () => {
  it('is the documented list of named passes, in order', () => {
    expect(OPTIMIZE_PASSES.map((p) => p.name)).toEqual(['inline', 'zeroSize', 'simplify', 'convLayout', 'rhsLayout', 'cse', 'dce']);
  });

  it('optimize is exactly the fold of the list (with and without a target)', () => {
    const j = program();
    for (const target of [undefined, DEFAULT_TARGET]) {
      const byHand = OPTIMIZE_PASSES.reduce((acc, p) => p.run(acc, { target }), j);
      expect(String(optimize(j, target))).toBe(String(byHand));
    }
  });

  it('every pass leaves its input program untouched', () => {
    const j = program();
    const before = String(j);
    let acc = j;
    for (const p of OPTIMIZE_PASSES) {
      const text = String(acc);
      const out = p.run(acc, { target: DEFAULT_TARGET });
      expect(String(acc), p.name).toBe(text);
      acc = out;
    }
    expect(String(j)).toBe(before);
  });

  it('each pass does its job on the program (inline removes jit, cse merges, dce drops dead code)', () => {
    const j = program();
    const after = (name: string) => {
      let acc = j;
      for (const p of OPTIMIZE_PASSES) { acc = p.run(acc, { target: DEFAULT_TARGET }); if (p.name === name) return acc; }
      throw new Error(name);
    };
    expect(j.eqns.some((e) => e.prim === 'jit')).toBe(true);
    expect(after('inline').eqns.some((e) => e.prim === 'jit')).toBe(false);
    const sins = (x: ReturnType<typeof program>) => x.eqns.filter((e) => e.prim === 'sin').length;
    expect(sins(after('simplify'))).toBeGreaterThan(1);
    expect(sins(after('cse'))).toBe(1);
    expect(after('dce').eqns.some((e) => e.prim === 'exp' && e.outs[0]!.aval.shape.join() === '4,3')).toBe(false);
  });
});

describe('FLUXION_DEBUG=3', () => {
  it('logs one line per pass naming it and what changed', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => { lines.push(String(m)); });
    setDebugLevel(3);
    runPasses(OPTIMIZE_PASSES, program(), { target: DEFAULT_TARGET });
    const passLines = lines.filter((l) => l.startsWith('[fluxion] pass '));
    expect(passLines.map((l) => l.split(':')[0]!.replace('[fluxion] pass ', ''))).toEqual(OPTIMIZE_PASSES.map((p) => p.name));
    expect(passLines.find((l) => l.includes('pass cse:'))).toMatch(/cse: \d+ → \d+ equations \(.*sin −1/);
    expect(passLines.find((l) => l.includes('pass inline:'))).toMatch(/jit −\d/);
  });

  it('is silent below level 3', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    setDebugLevel(2);
    runPasses(OPTIMIZE_PASSES, program());
    expect(spy.mock.calls.filter((c) => String(c[0]).startsWith('[fluxion] pass '))).toEqual([]);
  });

  it('describeChange names unchanged and rewired programs too', () => {
    const j = program();
    expect(describeChange('x', j, j)).toBe(`x: unchanged (${j.eqns.length} equations)`);
  });
});
