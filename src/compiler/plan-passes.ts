/**
 * The fusion planner's merge phases as named passes over one IR, the Plan: each pass is a pure
 * Plan → Plan function (immer's `produce` makes its edits on a draft and returns a new plan; the
 * plan it was given is left as it was), and `runPlanPasses` folds them in order. FLUXION_DEBUG=3
 * logs each pass by name with the kernel count before and after. Each merge keeps every kernel
 * after the producers of what it reads and within the adapter's storage-buffer limit.
 *
 * The passes draft `kernels` and `stored` only: the graph and the target are read from the plan
 * given, never through the draft, so immer never proxies the program's equations or variables
 * (Var is a class: immer keeps class instances by reference, which the Map and Set keys rely on).
 */
import { pipe } from 'fp-ts/lib/function.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import { Immer, enableMapSet } from 'immer';
import { debugLevel } from '../config.js';
import { Var } from '../core/jaxpr.js';
import { Ix, flatten } from './ix.js';
import { extraBindings } from './plan-bindings.js';
import { rowPrologues, rowsThroughInlined } from './plan-rows-inline.js';
import { analyzeReads, elementwiseIndex, mergeReads, permutations, rowIndex, sameShape, type Plan, type PlannedKernel } from './plan.js';

enableMapSet();
// Not auto-frozen: later stages (plan-bindings.ts, the kernel writers) hold plans and kernels by
// reference and deep-freezing a plan of a few hundred kernels on every compile would cost for
// nothing the passes need — purity here is that a pass never edits the plan it was given.
const immer = new Immer({ autoFreeze: false });

/** One named, pure Plan → Plan pass. */
export interface PlanPass {
  readonly name: string;
  readonly run: (p: Plan) => Plan;
}

/** The planner's bookkeeping over a draft: who writes and reads a value, merging rules. */
function tools(p: Plan, d: Plan) {
  const { graph, target } = p;
  const writer = (v: Var) => d.kernels.find((k) => k.writes.includes(v));
  const readersOf = (v: Var) => d.kernels.filter((k) => k.reads.has(v));
  const producedBefore = (k: PlannedKernel, position: number, except: PlannedKernel[] = []) =>
    [...k.reads.keys()].every((v) => {
      const w = writer(v);
      return !w || except.includes(w) || w.position < position;
    });
  const bindings = (...ks: PlannedKernel[]) => new Set(ks.flatMap((k) => [...k.reads.keys(), ...k.writes])).size;
  const fits = (...ks: PlannedKernel[]) => bindings(...ks) + Math.max(0, ...ks.map((k) => extraBindings(k, graph))) <= target.maxStorageBuffersPerShaderStage;
  const onlyAt = (k: PlannedKernel, v: Var, offsetKey: string) => {
    const r = k.reads.get(v);
    return !r || (r.size === 1 && r.has(offsetKey));
  };
  const remove = (k: PlannedKernel) => { d.kernels = d.kernels.filter((x) => x !== k); };
  /** Stops storing a value that is now only used inside the kernel that computes it. */
  const unstore = (k: PlannedKernel, v: Var) => {
    if (graph.outputs.has(v) || readersOf(v).some((r) => r !== k)) return;
    d.stored.delete(v);
    k.writes = k.writes.filter((w) => w !== v);
    k.reads.delete(v);
  };
  const unstoreIfLocal = (k: PlannedKernel, r: Var) => { if (k.writes.includes(r)) unstore(k, r); };
  const rows = () => d.kernels.filter((k) => k.kind === 'row').sort((a, b) => a.position - b.position);
  return { graph, writer, readersOf, producedBefore, fits, onlyAt, remove, unstore, unstoreIfLocal, rows };
}

/** A pass whose edits `edit` makes on a draft of the plan (kernels, stored), with the planner's tools. */
const draftPass = (name: string, edit: (d: Plan, t: ReturnType<typeof tools>) => void): PlanPass => ({
  name,
  run: (p) => immer.produce(p, (draft) => {
    // The draft is a Plan at run time. immer's Draft type would re-type the Var keys and entries as
    // drafts of Var (deep-writable ShapedArrays), but Var is a class, which immer never drafts.
    const d = draft as unknown as Plan;
    edit(d, tools(p, d));
  }),
});

/**
 * Matmul epilogues: the one elementwise kernel reading a matmul result, at its own index or at a
 * permutation of it (gradients of x·W come out as dot_general then transpose), becomes the
 * epilogue (bias, scale, activation); with a permutation the tile is stored transposed.
 */
export const matmulEpilogues = draftPass('matmul-epilogues', (d, { graph, readersOf, fits, onlyAt, remove }) => {
  for (const mm of d.kernels.filter((k) => k.kind === 'matmul')) {
    const dot = mm.dot!;
    if (graph.outputs.has(dot)) continue;
    const readers = readersOf(dot);
    if (readers.length !== 1) continue;
    const e = readers[0];
    if (e.kind !== 'elementwise' || e.writes.length !== 1 || !fits(mm, e)) continue;
    const v = e.writes[0];
    const vIdx = elementwiseIndex(v.aval.shape).idx;
    const perm = permutations(dot.aval.ndim).find((p) => {
      if (!p.every((q, i) => v.aval.shape[i] === dot.aval.shape[q])) return false;
      const dIdx: Ix[] = new Array(p.length);
      p.forEach((q, i) => { dIdx[q] = vIdx[i]; });
      return onlyAt(e, dot, flatten(dIdx, dot.aval.shape).key);
    });
    if (!perm) continue;
    mm.writes = e.writes;
    if (perm.some((q, i) => q !== i)) mm.storePerm = perm;
    mm.position = e.position;
    for (const [u, offs] of e.reads) if (u !== dot) mergeReads(mm.reads, u, offs);
    d.stored.delete(dot);
    remove(e);
  }
});

/**
 * Row groups: reductions over the same shape and axes share one kernel; a later one may use an
 * earlier one's result for its row (softmax's max, layerNorm's mean) from a register.
 */
export const rowGroups = draftPass('row-groups', (d, { fits, onlyAt, remove, unstoreIfLocal, rows }) => {
  for (let changed = true; changed;) {
    changed = false;
    const rs = rows();
    outer: for (let a = 0; a < rs.length; a++) {
      for (let b = a + 1; b < rs.length; b++) {
        const [k1, k2] = [rs[a], rs[b]];
        if (!sameShape(k1.rowShape!, k2.rowShape!) || !sameShape(k1.rowAxes!, k2.rowAxes!)) continue;
        const { oIdx, kept } = rowIndex(k1.rowShape!, k1.rowAxes!);
        const rowKey = flatten(oIdx, kept).key;
        if (!k1.writes.every((w) => onlyAt(k2, w, rowKey))) continue;
        // k1 moves down to k2: nothing in between may read what k1 writes.
        const between = d.kernels.filter((k) => k.position > k1.position && k.position < k2.position);
        if (between.some((k) => k1.writes.some((w) => k.reads.has(w)))) continue;
        if (!fits(k1, k2)) continue;
        k2.reductions = [...k1.reductions, ...k2.reductions];
        k2.writes = [...k1.writes, ...k2.writes];
        for (const [v, offs] of k1.reads) mergeReads(k2.reads, v, offs);
        for (const w of k1.writes) k2.reads.delete(w);
        remove(k1);
        for (const r of k2.reductions) unstoreIfLocal(k2, r);
        changed = true;
        break outer;
      }
    }
  }
});

/**
 * Row outputs: elementwise kernels over the reduced shape, or over the full shape reading the
 * reductions at their row (softmax's normalisation), join the row kernel.
 */
export const rowOutputs = draftPass('row-outputs', (d, { graph, producedBefore, fits, remove, unstoreIfLocal, rows }) => {
  for (const rk of rows()) {
    const { xIdx, oIdx, kept } = rowIndex(rk.rowShape!, rk.rowAxes!);
    const rowKey = flatten(oIdx, kept).key;
    for (const e of d.kernels.filter((k) => k.kind === 'elementwise' && k.position > rk.position).sort((a, b) => a.position - b.position)) {
      if (e.writes.length !== 1) continue;
      const shape = e.writes[0].aval.shape;
      const full = sameShape(shape, rk.rowShape!), reduced = sameShape(shape, kept);
      if (!full && !reduced) continue;
      const locals = [...rk.reductions, ...rk.writes];
      if (!locals.some((r) => e.reads.has(r))) continue;
      // Re-read e in the row kernel's own index space: its reads of the reductions must be at the row.
      const idx = full ? xIdx : oIdx;
      const reads = analyzeReads({ ...e, reads: new Map() }, graph, d.stored, idx);
      if (!locals.every((r) => { const s = reads.get(r); return !s || (s.size === 1 && s.has(rowKey)); })) continue;
      if (!producedBefore({ ...e, reads: new Map([...reads].filter(([v]) => !locals.includes(v))) }, rk.position + 0.5)) continue;
      if (!fits(rk, e)) continue;
      rk.writes.push(e.writes[0]);
      for (const [v, offs] of reads) if (!locals.includes(v)) mergeReads(rk.reads, v, offs);
      remove(e);
      for (const r of rk.reductions) unstoreIfLocal(rk, r);
    }
  }
});

/** The row-merge context plan-rows-inline.ts's passes take, over a draft. */
const rowContext = (d: Plan, t: ReturnType<typeof tools>) =>
  ({ graph: t.graph, stored: d.stored, kernels: () => d.kernels, remove: t.remove, fits: t.fits, unstoreIfLocal: t.unstoreIfLocal });

/** Row kernels through inlined intermediates (plan-rows-inline.ts): a masked softmax's two passes become one. */
export const rowsThroughInlinedPass = draftPass('rows-through-inlined', (d, t) => rowsThroughInlined(rowContext(d, t)));

/** Elementwise prologues folded into row kernels (plan-rows-inline.ts): masked, biased logits computed in the row loop. */
export const rowProloguesPass = draftPass('row-prologues', (d, t) => rowPrologues(rowContext(d, t)));

/**
 * Multi-output elementwise kernels: a later kernel over the same shape joins an earlier one when
 * everything it reads exists by then — or is written by that earlier kernel and read at the
 * element's own index, which the merged kernel then takes from a register (a jvp's or a
 * gradient's chain of same-shape steps becomes one pass instead of one pass per stored step).
 */
export const multiOutputElementwise = draftPass('multi-output-elementwise', (d, { producedBefore, fits, onlyAt, remove, unstore }) => {
  const es = d.kernels.filter((k) => k.kind === 'elementwise').sort((a, b) => a.position - b.position);
  for (let a = 0; a < es.length; a++) {
    const k1 = es[a];
    if (!d.kernels.includes(k1)) continue;
    const shape = k1.writes[0].aval.shape;
    const own = flatten(elementwiseIndex(shape).idx, shape).key;
    for (let b = a + 1; b < es.length; b++) {
      const k2 = es[b];
      if (!d.kernels.includes(k2) || !sameShape(shape, k2.writes[0].aval.shape)) continue;
      if (!producedBefore(k2, k1.position, [k1])) continue;
      const fromK1 = k1.writes.filter((w) => k2.reads.has(w));
      if (!fromK1.every((w) => onlyAt(k2, w, own))) continue;
      if (!fits(k1, k2)) continue;
      k1.writes.push(...k2.writes);
      for (const [v, offs] of k2.reads) if (!fromK1.includes(v)) mergeReads(k1.reads, v, offs);
      remove(k2);
      for (const w of fromK1) unstore(k1, w);
    }
  }
});

/** Kernels in program order (merges move a kernel to the position of the last value it needs). */
export const programOrder = draftPass('program-order', (d) => { d.kernels.sort((a, b) => a.position - b.position); });

/** The merge passes, in the order they run: each later one works on what the earlier ones merged. */
export const PLAN_PASSES: readonly PlanPass[] = [
  matmulEpilogues, rowGroups, rowOutputs, rowsThroughInlinedPass, rowProloguesPass, multiOutputElementwise, programOrder,
];

/** "row-groups: 40 → 31 kernels", or "… unchanged (31 kernels)". */
export function describePlanChange(name: string, before: Plan, after: Plan): string {
  if (before === after) return `${name}: unchanged (${before.kernels.length} kernels)`;
  return `${name}: ${before.kernels.length} → ${after.kernels.length} kernels, ${before.stored.size} → ${after.stored.size} stored values`;
}

/**
 * Runs `passes` in order over `p` (folded with fp-ts). At FLUXION_DEBUG >= 3 each pass logs one
 * line to stderr: its name and how the kernel and stored-value counts changed.
 * @example const merged = runPlanPasses(PLAN_PASSES, seedPlan(graph, target));
 */
export function runPlanPasses(passes: readonly PlanPass[], p: Plan): Plan {
  const log = debugLevel() >= 3;
  return pipe(passes, RA.reduce(p, (acc, pass) => {
    const out = pass.run(acc);
    if (log) console.error(`[fluxion] plan pass ${describePlanChange(pass.name, acc, out)}`);
    return out;
  }));
}
