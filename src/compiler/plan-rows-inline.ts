/**
 * Row groups through an inlined intermediate: two row kernels over the same rows where the later
 * one reads a full-row value the earlier one stores — softmax's exp(x − max) when the logits carry
 * a mask, a causal select or a bias. The storage heuristic (plan.ts) stores that value because it
 * is shared and sits on top of a reduction, and then max and sum need two passes: one writing
 * exp(x − max), one reading it back. When the value is cheap to recompute from what the first
 * kernel reads, it is inlined instead, and the two kernels become one (max, then sum, then the
 * normalisation, each loop recomputing exp(x − max) in registers), as for an unmasked softmax.
 */
import { Var } from '../core/jaxpr.js';
import { Graph, isCheap } from './graph.js';
import { flatten } from './ix.js';
import type { PlanEdit } from './plan-edit.js';
import { analyzeReads, rowIndex, type PlannedKernel } from './plan.js';

/**
 * Recompute cost (plan.ts's units: 1 a cheap step, 4 a costly one) up to which the intermediates
 * are inlined: a masked softmax's exp(x − max) with its causal select and its jvp's tangent is
 * about 20; one multi-output step (24) is already too much to repeat in every loop.
 */
const INLINE_BUDGET = 23;

/**
 * Kernels that may recompute an inlined value instead of loading it: those that evaluate it once
 * per element. A matmul would recompute it for every tile that loads it and a scatter for every
 * index tuple (plan.ts stores costly operands of both for that reason).
 */
const RECOMPUTING = new Set<PlannedKernel['kind']>(['elementwise', 'row']);

/**
 * The cost of computing `vs` inline from the values in `stored`: each distinct step once (a
 * kernel computes a shared subexpression once per index), capped at 100.
 */
function inlineCost(vs: readonly Var[], graph: Graph, stored: ReadonlySet<Var>): number {
  const seen = new Set<Var>();
  let c = 0;
  const visit = (v: Var): void => {
    if (stored.has(v) || seen.has(v) || c > 100) return;
    seen.add(v);
    const def = graph.definition.get(v);
    if (!def) return;
    c += graph.rule(def.eqn).kind === 'multi' ? 24 : isCheap(def.eqn) ? 1 : 4;
    for (const a of def.eqn.inputs) if (a instanceof Var) visit(a);
  };
  vs.forEach(visit);
  return Math.min(100, c);
}

const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Merges row kernels through inlined intermediates (see the top of this file), editing `plan`
 * copy-on-write (plan-passes.ts runs it as the rows-through-inlined pass).
 */
export function rowsThroughInlined(plan: PlanEdit): void {
  const { graph } = plan;
  for (let changed = true; changed;) {
    changed = false;
    const rs = plan.kernels.filter((k) => k.kind === 'row').sort((a, b) => a.position - b.position);
    outer: for (let a = 0; a < rs.length; a++) {
      for (let b = a + 1; b < rs.length; b++) {
        const [k1, k2] = [rs[a], rs[b]];
        if (!same(k1.rowShape!, k2.rowShape!) || !same(k1.rowAxes!, k2.rowAxes!)) continue;
        const inlined = k1.writes.filter((w) => !k1.reductions.includes(w) && k2.reads.has(w));
        if (inlined.length === 0) continue;
        if (inlined.some((w) => graph.outputs.has(w))) continue;
        // Elementwise kernels between the two that compute k2's inputs from the inlined values (a
        // jvp's tangent exp(x − max)·dx) are inlined with them.
        const absorbed: PlannedKernel[] = [];
        for (const k of plan.kernels.filter((x) => x.position > k1.position && x.position < k2.position).sort((x, y) => x.position - y.position)) {
          if (k.kind !== 'elementwise' || !k.writes.every((w) => k2.reads.has(w) && !graph.outputs.has(w))) continue;
          if (![...inlined, ...k1.reductions].some((w) => k.reads.has(w))) continue;
          absorbed.push(k);
          inlined.push(...k.writes);
        }
        const others = plan.kernels.filter((k) => k !== k1 && k !== k2 && !absorbed.includes(k));
        // Inlined values disappear from memory: their other readers recompute them too (after the
        // merged kernel, which is where k1's reductions are now written), and the recomputation must be cheap.
        const readers = others.filter((k) => inlined.some((w) => k.reads.has(w)));
        if (readers.some((k) => k.position <= k2.position || !RECOMPUTING.has(k.kind))) continue;
        // k1 and the absorbed kernels move down to k2: nothing in between may read what they write.
        const moved = [...k1.writes, ...inlined];
        if (others.some((k) => k.position > k1.position && k.position < k2.position && moved.some((w) => k.reads.has(w)))) continue;
        // k2 may read k1's other (row-shaped) results only through registers: its reductions at the row.
        if (k1.writes.some((w) => !inlined.includes(w) && !k1.reductions.includes(w) && k2.reads.has(w))) continue;
        const trial = new Set(plan.stored);
        for (const w of inlined) trial.delete(w);
        for (const r of k1.reductions) trial.add(r);
        if (inlineCost(inlined, graph, trial) > INLINE_BUDGET) continue;
        // Where k2 would read k1's reductions once the intermediates are inlined: only at its row.
        const { oIdx, kept } = rowIndex(k2.rowShape!, k2.rowAxes!);
        const rowKey = flatten(oIdx, kept).key;
        const reads = analyzeReads(k2, graph, trial);
        if (!k1.reductions.every((r) => { const s = reads.get(r); return !s || (s.size === 1 && s.has(rowKey)); })) continue;
        const merged: PlannedKernel = {
          ...k2, reductions: [...k1.reductions, ...k2.reductions],
          // k1's reductions are written for whoever else reads them (unstoreIfLocal drops the rest).
          writes: [...new Set([...k1.reductions, ...k1.writes.filter((w) => !inlined.includes(w)), ...k2.writes])], reads: new Map(),
        };
        merged.reads = analyzeReads(merged, graph, trial);
        if (!plan.fits(merged)) continue;
        const rereads = readers.map((k) => analyzeReads(k, graph, trial));
        if (readers.some((k, i) => !plan.fits({ ...k, reads: rereads[i] }))) continue;
        for (const w of inlined) plan.unstoreValue(w);
        for (const r of k1.reductions) plan.store(r);
        plan.replace(k2, merged);
        readers.forEach((k, i) => plan.withReads(k, rereads[i]));
        plan.remove(k1);
        absorbed.forEach((k) => plan.remove(k));
        for (const r of merged.reductions) plan.unstoreIfLocal(merged, r);
        changed = true;
        break outer;
      }
    }
  }
}

/**
 * Row prologues: an elementwise kernel that stores a full-row value only for a row kernel (and
 * for kernels after it) — the masked, biased logits in front of a softmax — is inlined into the
 * row kernel's loops when that keeps each loop's recomputation within the budget; the select and
 * the bias become the row kernel's prologue, as a plain scale does, and the kernel and its
 * store-and-reload disappear.
 */
export function rowPrologues(plan: PlanEdit): void {
  const { graph } = plan;
  for (const rowKernel of plan.kernels.filter((x) => x.kind === 'row').sort((a, b) => a.position - b.position)) {
    // An earlier row kernel's prologue may have re-read this one (a reader of what it inlined):
    // take the kernel as it stands, and rebind it after each prologue folded in.
    const asItStands = plan.current(rowKernel);
    if (!asItStands) continue;
    let k: PlannedKernel = asItStands;
    for (let changed = true; changed;) {
      changed = false;
      for (const e of plan.kernels.filter((x) => x.kind === 'elementwise' && x.position < k.position)) {
        if (!e.writes.every((w) => k.reads.has(w) && !graph.outputs.has(w) && same(w.aval.shape, k.rowShape!))) continue;
        const readers = plan.kernels.filter((x) => x !== e && x !== k && e.writes.some((w) => x.reads.has(w)));
        if (readers.some((x) => x.position <= k.position || !RECOMPUTING.has(x.kind))) continue;
        const trial = new Set(plan.stored);
        for (const w of e.writes) trial.delete(w);
        const loopInputs = k.reductions.map((r) => graph.definition.get(r)!.eqn.inputs[0]).filter((a): a is Var => a instanceof Var);
        if (loopInputs.some((a) => inlineCost([a], graph, trial) > INLINE_BUDGET)) continue;
        const reads = analyzeReads(k, graph, trial);
        if (!plan.fits({ ...k, reads })) continue;
        const rereads = readers.map((x) => analyzeReads(x, graph, trial));
        if (readers.some((x, i) => !plan.fits({ ...x, reads: rereads[i] }))) continue;
        for (const w of e.writes) plan.unstoreValue(w);
        k = plan.withReads(k, reads);
        readers.forEach((x, i) => plan.withReads(x, rereads[i]));
        plan.remove(e);
        changed = true;
        break;
      }
    }
  }
}
