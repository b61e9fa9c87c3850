/**
 * The fusion planner's merge passes (src/compiler/plan-passes.ts), each on a small program where it
 * is the pass that merges: the kernel list before and after it, purity (the plan a pass is given
 * is left as it was, down to each read's offsets), and copy-on-write (the kernels a pass does not
 * touch are the input's own objects). Planning needs no device: the default target stands in for one.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tensor, makeJaxpr, nn, np, random } from '../src/index.js';
import { Graph } from '../src/compiler/graph.js';
import { seedPlan, type Plan, type PlannedKernel } from '../src/compiler/plan.js';
import {
  PLAN_PASSES, matmulEpilogues, multiOutputElementwise, programOrder, rowGroups, rowOutputs, rowProloguesPass, rowsThroughInlinedPass, runPlanPasses, type PlanPass,
} from '../src/compiler/plan-passes.js';
import { DEFAULT_TARGET } from '../src/compiler/target.js';
import { optimize } from '../src/compiler/passes/index.js';
import { LOWERING_PASSES } from '../src/compiler/index.js';
import { runPasses } from '../src/compiler/passes/pipeline.js';
import { setDebugLevel } from '../src/config.js';

/** The seed plan of `f` as jit plans it: after the Jaxpr optimisation and lowering passes. */
const seeded = (f: (...a: Tensor[]) => unknown, ...args: Tensor[]): Plan =>
  seedPlan(new Graph(runPasses(LOWERING_PASSES, optimize(makeJaxpr(f)(...args), DEFAULT_TARGET), { target: DEFAULT_TARGET })), DEFAULT_TARGET);
/** Kernel kinds with how many values each writes, in order: "matmul:1 elementwise:2". */
const shapeOf = (p: Plan) => p.kernels.map((k) => `${k.kind}:${k.writes.length}`).join(' ');
/** Every pass before `pass` in PLAN_PASSES, so `pass` sees the plan it sees in the planner. */
const upTo = (pass: PlanPass, p: Plan) => runPlanPasses(PLAN_PASSES.slice(0, PLAN_PASSES.indexOf(pass)), p);

/** Everything a pass could change in a kernel, as plain data (Vars by id, read offsets sorted). */
const kernelState = (k: PlannedKernel) => ({
  kind: k.kind, position: k.position, writes: k.writes.map((v) => v.id), reductions: k.reductions.map((v) => v.id),
  storePerm: k.storePerm && [...k.storePerm], reads: [...k.reads].map(([v, offs]) => [v.id, [...offs].sort()]),
});

/**
 * Runs one pass and checks it left its input untouched — the same kernel objects in the same
 * order, each with the same writes, reductions, reads and read offsets, and the same stored set —
 * and that every kernel it kept unchanged is the input's own object (copy-on-write, no deep copy).
 */
function runPure(pass: PlanPass, before: Plan): Plan {
  const kernels = [...before.kernels], states = before.kernels.map(kernelState), stored = [...before.stored];
  const after = pass.run(before);
  expect(before.kernels.length).toBe(kernels.length);
  before.kernels.forEach((k, i) => expect(k).toBe(kernels[i]));
  expect(before.kernels.map(kernelState)).toEqual(states);
  expect([...before.stored]).toEqual(stored);
  const input = new Map(kernels.map((k, i) => [JSON.stringify(states[i]), k]));
  for (const k of after.kernels) {
    const same = input.get(JSON.stringify(kernelState(k)));
    if (same) expect(k).toBe(same);
  }
  return after;
}

const x = random.normal(random.key(0), [64, 32]), w = random.normal(random.key(1), [32, 16]), b = random.normal(random.key(2), [16]);

describe('the planner\'s merge passes', () => {
  afterEach(() => setDebugLevel(undefined));

  it('matmul-epilogues: bias + ReLU after a product join the matmul kernel', () => {
    const p = seeded((a, ww, bb) => nn.relu(a.matmul(ww).add(bb)), x, w, b);
    expect(shapeOf(p)).toBe('matmul:1 elementwise:1');
    expect(shapeOf(runPure(matmulEpilogues, p))).toBe('matmul:1');
  });

  it('row-groups: softmax\'s max and sum over the same rows become one row kernel', () => {
    const p = upTo(rowGroups, seeded((a) => nn.softmax(a, -1), x));
    expect(p.kernels.filter((k) => k.kind === 'row').length).toBe(2);
    const after = runPure(rowGroups, p);
    expect(after.kernels.filter((k) => k.kind === 'row').length).toBe(1);
    expect(after.kernels.find((k) => k.kind === 'row')!.reductions.length).toBe(2);
  });

  it('row-outputs: softmax\'s normalisation joins its row kernel', () => {
    const p = upTo(rowOutputs, seeded((a) => nn.softmax(a, -1), x));
    expect(shapeOf(p)).toMatch(/^row:\d elementwise:1$/);
    expect(shapeOf(runPure(rowOutputs, p))).toMatch(/^row:\d$/);
  });

  it('rows-through-inlined and row-prologues: a masked softmax is one row kernel', () => {
    const mask = np.less(random.uniform(random.key(3), [64, 32]), 0.8);
    const f = (a: Tensor, m: Tensor) => nn.softmax(np.where(m, a.mul(0.5), -1e9), -1);
    const before = upTo(rowsThroughInlinedPass, seeded(f, x, mask));
    const afterInlined = runPure(rowsThroughInlinedPass, before);
    const afterPrologue = runPure(rowProloguesPass, afterInlined);
    expect(before.kernels.length).toBeGreaterThan(afterPrologue.kernels.length);
    expect(runPlanPasses(PLAN_PASSES, seeded(f, x, mask)).kernels.length).toBe(1);
  });

  it('multi-output-elementwise: two same-shape outputs share one pass', () => {
    const p = upTo(multiOutputElementwise, seeded((a) => [np.sin(a).mul(2), np.cos(a).add(1)], x));
    expect(shapeOf(p)).toBe('elementwise:1 elementwise:1');
    expect(shapeOf(runPure(multiOutputElementwise, p))).toBe('elementwise:2');
  });

  it('multi-output-elementwise: reading an input at a second offset extends the merged kernel\'s reads, not the input\'s', () => {
    const sq = random.normal(random.key(4), [32, 32]);
    const p = upTo(multiOutputElementwise, seeded((a) => [np.sin(a), np.transpose(a).mul(2)], sq));
    expect(shapeOf(p)).toBe('elementwise:1 elementwise:1');
    const after = runPure(multiOutputElementwise, p);
    expect(shapeOf(after)).toBe('elementwise:2');
    expect([...after.kernels[0].reads.values()].map((offs) => offs.size)).toEqual([2]);
  });

  it('program-order: kernels end sorted by position, and the full list equals plan()', () => {
    const p = runPlanPasses(PLAN_PASSES, seeded((a, ww, bb) => { const h = nn.silu(a.matmul(ww).add(bb)); return [h, nn.softmax(h, -1), np.sum(h, 0)]; }, x, w, b));
    const positions = p.kernels.map((k) => k.position);
    expect(positions).toEqual([...positions].sort((m, n) => m - n));
    expect(runPure(programOrder, p)).toBe(p);
  });

  it('a pass with nothing to merge returns the plan it was given', () => {
    const p = seeded((a) => nn.softmax(a, -1), x);
    expect(matmulEpilogues.run(p)).toBe(p);
    const merged = runPlanPasses(PLAN_PASSES, p);
    for (const pass of PLAN_PASSES) expect(runPure(pass, merged)).toBe(merged);
  });

  it('kernels a pass does not touch are shared with its input, not copied', () => {
    // A product with a bias (matmul-epilogues merges) beside an unrelated softmax (left alone).
    const p = seeded((a, ww, bb, c) => [a.matmul(ww).add(bb), nn.softmax(c, -1)], x, w, b, x);
    const after = runPure(matmulEpilogues, p);
    const rows = p.kernels.filter((k) => k.kind === 'row');
    expect(rows.length).toBeGreaterThan(0);
    for (const k of rows) expect(after.kernels).toContain(k);
    expect(after.kernels.filter((k) => k.kind === 'matmul').every((k) => !p.kernels.includes(k))).toBe(true);
  });

  it('FLUXION_DEBUG=3 logs every pass by name with what it changed', () => {
    const seed = seeded((a, ww, bb) => nn.relu(a.matmul(ww).add(bb)), x, w, b);
    setDebugLevel(3);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((s: string) => { lines.push(s); });
    try {
      runPlanPasses(PLAN_PASSES, seed);
    } finally { spy.mockRestore(); }
    expect(lines.map((l) => l.match(/plan pass ([\w-]+):/)?.[1])).toEqual(PLAN_PASSES.map((q) => q.name));
    expect(lines[0]).toMatch(/matmul-epilogues: 2 → 1 kernels/);
  });
});
