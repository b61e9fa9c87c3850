/**
 * The fusion planner's merge phases as named passes over one IR, the Plan: each pass is a pure
 * Plan → Plan function, and `runPlanPasses` folds them in order. FLUXION_DEBUG=3 logs each pass
 * by name with the kernel and stored-value counts before and after. Each merge keeps every kernel
 * after the producers of what it reads and within the adapter's storage-buffer limit.
 *
 * A pass reads the plan it is given and builds the one it returns copy-on-write (plan-edit.ts):
 * kernels it does not touch are shared between the two, the ones it merges into are copied once.
 * The plan given is left as it was; a pass that merges nothing returns it.
 */
import { pipe } from 'fp-ts/lib/function.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import { debugLevel } from '../config.js';
import { Ix, flatten } from './ix.js';
import { PlanEdit, readsOnlyAt } from './plan-edit.js';
import { rowPrologues, rowsThroughInlined } from './plan-rows-inline.js';
import { analyzeReads, elementwiseIndex, mergeReads, permutations, rowIndex, sameShape, type Plan } from './plan.js';

/** One named, pure Plan → Plan pass. */
export interface PlanPass {
  readonly name: string;
  readonly run: (p: Plan) => Plan;
}

/** A pass whose merges `merge` makes on a copy-on-write edit of the plan it is given. */
const editPass = (name: string, merge: (plan: PlanEdit) => void): PlanPass => ({
  name,
  run: (p) => {
    const plan = new PlanEdit(p);
    merge(plan);
    return plan.result();
  },
});

/**
 * Matmul epilogues: the one elementwise kernel reading a matmul result, at its own index or at a
 * permutation of it (gradients of x·W come out as dot_general then transpose), becomes the
 * epilogue (bias, scale, activation); with a permutation the tile is stored transposed.
 */
export const matmulEpilogues = editPass('matmul-epilogues', (plan) => {
  const { graph } = plan;
  for (const mm of plan.kernels.filter((k) => k.kind === 'matmul')) {
    const dot = mm.dot!;
    if (graph.outputs.has(dot)) continue;
    const readers = plan.readersOf(dot);
    if (readers.length !== 1) continue;
    const e = readers[0];
    if (e.kind !== 'elementwise' || e.writes.length !== 1 || !plan.fits(mm, e)) continue;
    const v = e.writes[0];
    const vIdx = elementwiseIndex(v.aval.shape).idx;
    const perm = permutations(dot.aval.ndim).find((p) => {
      if (!p.every((q, i) => v.aval.shape[i] === dot.aval.shape[q])) return false;
      const dIdx: Ix[] = new Array(p.length);
      p.forEach((q, i) => { dIdx[q] = vIdx[i]; });
      return readsOnlyAt(e, dot, flatten(dIdx, dot.aval.shape).key);
    });
    if (!perm) continue;
    const merged = plan.edit(mm);
    merged.writes = [...e.writes];
    if (perm.some((q, i) => q !== i)) merged.storePerm = perm;
    merged.position = e.position;
    for (const [u, offs] of e.reads) if (u !== dot) mergeReads(merged.reads, u, offs);
    plan.unstoreValue(dot);
    plan.remove(e);
  }
});

/**
 * Row groups: reductions over the same shape and axes share one kernel; a later one may use an
 * earlier one's result for its row (softmax's max, layerNorm's mean) from a register.
 */
export const rowGroups = editPass('row-groups', (plan) => {
  for (let changed = true; changed;) {
    changed = false;
    const rs = plan.rows();
    outer: for (let a = 0; a < rs.length; a++) {
      for (let b = a + 1; b < rs.length; b++) {
        const [k1, k2] = [rs[a], rs[b]];
        if (!sameShape(k1.rowShape!, k2.rowShape!) || !sameShape(k1.rowAxes!, k2.rowAxes!)) continue;
        const { oIdx, kept } = rowIndex(k1.rowShape!, k1.rowAxes!);
        const rowKey = flatten(oIdx, kept).key;
        if (!k1.writes.every((w) => readsOnlyAt(k2, w, rowKey))) continue;
        // k1 moves down to k2: nothing in between may read what k1 writes.
        const between = plan.kernels.filter((k) => k.position > k1.position && k.position < k2.position);
        if (between.some((k) => k1.writes.some((w) => k.reads.has(w)))) continue;
        if (!plan.fits(k1, k2)) continue;
        const merged = plan.edit(k2);
        merged.reductions = [...k1.reductions, ...merged.reductions];
        merged.writes = [...k1.writes, ...merged.writes];
        for (const [v, offs] of k1.reads) mergeReads(merged.reads, v, offs);
        for (const w of k1.writes) merged.reads.delete(w);
        plan.remove(k1);
        for (const r of merged.reductions) plan.unstoreIfLocal(merged, r);
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
export const rowOutputs = editPass('row-outputs', (plan) => {
  const { graph } = plan;
  for (const rowKernel of plan.rows()) {
    // Rebound to the merged copy after the first merge: its writes grow with each output joined.
    let rk = rowKernel;
    const { xIdx, oIdx, kept } = rowIndex(rk.rowShape!, rk.rowAxes!);
    const rowKey = flatten(oIdx, kept).key;
    for (const e of plan.kernels.filter((k) => k.kind === 'elementwise' && k.position > rk.position).sort((a, b) => a.position - b.position)) {
      if (e.writes.length !== 1) continue;
      const shape = e.writes[0].aval.shape;
      const full = sameShape(shape, rk.rowShape!), reduced = sameShape(shape, kept);
      if (!full && !reduced) continue;
      const locals = [...rk.reductions, ...rk.writes];
      if (!locals.some((r) => e.reads.has(r))) continue;
      // Re-read e in the row kernel's own index space: its reads of the reductions must be at the row.
      const idx = full ? xIdx : oIdx;
      const reads = analyzeReads({ ...e, reads: new Map() }, graph, plan.stored, idx);
      if (!locals.every((r) => { const s = reads.get(r); return !s || (s.size === 1 && s.has(rowKey)); })) continue;
      if (!plan.producedBefore({ ...e, reads: new Map([...reads].filter(([v]) => !locals.includes(v))) }, rk.position + 0.5)) continue;
      if (!plan.fits(rk, e)) continue;
      rk = plan.edit(rk);
      rk.writes.push(e.writes[0]);
      for (const [v, offs] of reads) if (!locals.includes(v)) mergeReads(rk.reads, v, offs);
      plan.remove(e);
      for (const r of rk.reductions) plan.unstoreIfLocal(rk, r);
    }
  }
});

/** Row kernels through inlined intermediates (plan-rows-inline.ts): a masked softmax's two passes become one. */
export const rowsThroughInlinedPass = editPass('rows-through-inlined', rowsThroughInlined);

/** Elementwise prologues folded into row kernels (plan-rows-inline.ts): masked, biased logits computed in the row loop. */
export const rowProloguesPass = editPass('row-prologues', rowPrologues);

/**
 * Multi-output elementwise kernels: a later kernel over the same shape joins an earlier one when
 * everything it reads exists by then — or is written by that earlier kernel and read at the
 * element's own index, which the merged kernel then takes from a register (a jvp's or a
 * gradient's chain of same-shape steps becomes one pass instead of one pass per stored step).
 */
export const multiOutputElementwise = editPass('multi-output-elementwise', (plan) => {
  const es = plan.kernels.filter((k) => k.kind === 'elementwise').sort((a, b) => a.position - b.position);
  for (let a = 0; a < es.length; a++) {
    // Rebound to the merged copy after the first merge, so the checks below see what it writes now.
    let k1 = plan.current(es[a]);
    if (!k1) continue;
    const shape = k1.writes[0].aval.shape;
    const own = flatten(elementwiseIndex(shape).idx, shape).key;
    for (let b = a + 1; b < es.length; b++) {
      const k2 = plan.current(es[b]);
      if (!k2 || !sameShape(shape, k2.writes[0].aval.shape)) continue;
      if (!plan.producedBefore(k2, k1.position, [k1])) continue;
      const fromK1 = k1.writes.filter((w) => k2.reads.has(w));
      if (!fromK1.every((w) => readsOnlyAt(k2, w, own))) continue;
      if (!plan.fits(k1, k2)) continue;
      k1 = plan.edit(k1);
      k1.writes.push(...k2.writes);
      for (const [v, offs] of k2.reads) if (!fromK1.includes(v)) mergeReads(k1.reads, v, offs);
      plan.remove(k2);
      for (const w of fromK1) plan.unstore(k1, w);
    }
  }
});

/** Kernels in program order (merges move a kernel to the position of the last value it needs). */
export const programOrder = editPass('program-order', (plan) => plan.sortByPosition());

/** The merge passes, in the order they run: each later one works on what the earlier ones merged. */
export const PLAN_PASSES: readonly PlanPass[] = [
  matmulEpilogues, rowGroups, rowOutputs, rowsThroughInlinedPass, rowProloguesPass, multiOutputElementwise, programOrder,
];

/** "row-groups: 40 → 31 kernels, 52 → 43 stored values", or "… unchanged (31 kernels)". */
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
