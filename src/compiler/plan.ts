/**
 * The fusion plan: which values get a buffer and which kernels compute them.
 *
 * 1. Storage. Program outputs, reductions, matmuls and scatters are stored; an elementwise or
 *    movement value is inlined into the kernels that use it, unless it is expensive and used by
 *    several kernels, or it is an expensive matmul operand (a prologue is re-evaluated for every
 *    tile that loads it), or it sits on top of a matmul/reduction and is shared (then storing it
 *    is what lets that matmul/reduction fuse it as an epilogue), or it is a transpose that a
 *    matmul reads as its rhs and that, stored, the matmul reads 4-wide (layout.ts).
 * 2. One kernel per stored value, in program order.
 * 3. Merges (plan-passes.ts, one named pure pass each), each keeping every kernel after the
 *    producers of what it reads:
 *    - matmul epilogue: an elementwise kernel that is the only reader of a matmul result, reading
 *      it at its own index, becomes the matmul's epilogue (bias, scale, activation);
 *    - row groups: reductions over the same shape and axes share one kernel; a later one may use
 *      an earlier one's result for its row (softmax's max, layerNorm's mean) from a register;
 *    - row outputs: elementwise kernels over the reduced shape, or over the full shape reading
 *      the reductions at their row (softmax's normalisation), join the row kernel;
 *    - rows through inlined intermediates (plan-rows-inline.ts): two row kernels over the same rows
 *      joined by a cheap full-row value (a masked softmax's exp(x − max)) become one, the value
 *      recomputed in each loop; an elementwise kernel storing the rows' input (masked, biased
 *      logits) folds into the row kernel as its prologue;
 *    - multi-output: elementwise kernels over the same shape share one pass.
 * 4. Limits (plan-bindings.ts): while a kernel binds more storage buffers than the adapter allows,
 *    or inlines more WGSL than a budget (deep shared gathers, scan levels), an inlined intermediate
 *    is stored and the plan is made again.
 * Whether a read is "at its own index / at its row" is decided on symbolic indices (ix.ts), so
 * reshapes and broadcasts that cancel out are recognised.
 */
import { Var, paramsOf } from '../core/jaxpr.js';
import { halfStoredOnGpu } from './program.js';
import { sizeGuard } from './plan-bindings.js';
import { PLAN_PASSES, runPlanPasses } from './plan-passes.js';
import { Scope, type KernelEnv } from './emit.js';
import { Graph, isCheap } from './graph.js';
import { Ix, flatten, unflatten } from './ix.js';
import { dotDims, storesRhs, type DotDims } from './layout.js';
import type { Target } from './target.js';

export type KernelKind = 'elementwise' | 'row' | 'matmul' | 'scatter' | 'sort' | 'scan' | 'linalg';

/** Lowering kinds whose results are always stored: each is computed by a kernel of its own. */
export const OWN_KERNEL = new Set<string>(['reduce', 'dot', 'scatter', 'sort', 'scan', 'linalg']);

export interface PlannedKernel {
  kind: KernelKind;
  /** Order key: the program position of the last value it needs to follow. */
  position: number;
  /** Stored values this kernel writes. */
  writes: Var[];
  /** row: the reductions it computes, in order (registers). */
  reductions: Var[];
  /** row: the shape reduced and the reduced axes. */
  rowShape?: readonly number[];
  rowAxes?: readonly number[];
  /** matmul: the dot_general whose accumulator the epilogue reads. */
  dot?: Var;
  /** matmul: the result is stored transposed by this permutation (a transpose fused as the store). */
  storePerm?: readonly number[];
  /** Stored values it reads (program inputs included), with the symbolic offsets read. */
  reads: Map<Var, Set<string>>;
}

export interface Plan {
  graph: Graph;
  /** The adapter planned for: its storage-buffer limit bounds every merge. */
  target: Target;
  stored: Set<Var>;
  kernels: PlannedKernel[];
}

// ---------------------------------------------------------------------------------------------
// Generic indices of a kernel's iteration space (shared by the planner and the kernel writer).

export function elementwiseIndex(shape: readonly number[]): { i: Ix; idx: Ix[] } {
  const i = Ix.loopVar('i', shape.reduce((a, b) => a * b, 1));
  return { i, idx: unflatten(i, shape) };
}

/**
 * The outputs an elementwise kernel has computed so far in one pass, as registers: a later output
 * reading one of them at the element's own index takes the register instead of its buffer (which
 * is written only at the end of the pass). The planner merges kernels on exactly this condition,
 * and analyzeReads and the kernel writer both resolve reads through it.
 */
export function earlierOutputs(shape: readonly number[]) {
  const own = flatten(elementwiseIndex(shape).idx, shape).key;
  const registers = new Map<Var, string>();
  return {
    local: (v: Var, idx: readonly Ix[]): string | undefined => (flatten(idx, v.aval.shape).key === own ? registers.get(v) : undefined),
    record: (v: Var, register: string): void => { registers.set(v, register); },
  };
}

/** Row kernels iterate over the kept dimensions (`o`) and, inside, the reduced ones (`j`). */
export function rowIndex(shape: readonly number[], axes: readonly number[]) {
  const kept = shape.filter((_, d) => !axes.includes(d));
  const red = axes.map((d) => shape[d]);
  const O = kept.reduce((a, b) => a * b, 1), I = red.reduce((a, b) => a * b, 1);
  const o = Ix.loopVar('o', O), j = Ix.loopVar('j', I);
  const oIdx = unflatten(o, kept), jIdx = unflatten(j, red);
  let a = 0, b = 0;
  const xIdx = shape.map((_, d) => (axes.includes(d) ? jIdx[b++] : oIdx[a++]));
  return { kept, O, I, o, j, oIdx, jIdx, xIdx };
}

/** Matmul iteration (batch b, row m, column n) and the dot_general output's multi-index. */
export function matmulIndex(dot: Var, graph: Graph): DotDims {
  const eqn = graph.definition.get(dot)!.eqn;
  return dotDims(paramsOf(eqn, 'dot_general'), eqn.inputs[0].aval.shape, eqn.inputs[1].aval.shape);
}

/**
 * Recompute cost (see `cost` in plan) from which a matmul operand is stored rather than
 * inlined: one non-cheap step. Measured (commit aa0f754): SiLU's tanh behind a cheap mul, inlined
 * into a 1024×256×256 product's prologue, was re-evaluated for every output tile and made the
 * product 4× slower; storing it took the FACM bench step's kernel time from 666 to 377 ms.
 */
const PROLOGUE_COST = 4;

/**
 * Recompute costs of one step, in the planner's units: relative weights set by hand when the
 * planner was written (commit 3284503), not timings — a cheap step (add, mul, a movement) about
 * one ALU op per element, a costly one (exp, tanh, div, a gather) a few, a multi-output step
 * (sin/cos pairs, erfinv) about six costly ones. No bench isolates them; what pins their effect is
 * the kernel lists of spec/golden/kernel-lists.json and the fusion specs (spec/webgpu-fusion).
 */
const STEP_COST = { cheap: 1, costly: 4, multi: 24 } as const;
/** Recompute costs are capped here: past it a value is costly enough that the exact figure does not matter. */
const COST_CAP = 100;
/**
 * A value inlined into K kernels is recomputed K − 1 extra times; it is stored when that extra
 * work exceeds this (two extra costly steps), against one write and K reads of a buffer. Set by
 * hand with STEP_COST (commit 3284503), not measured; pinned by spec/golden/kernel-lists.json.
 */
const SHARED_RECOMPUTE_LIMIT = 8;

// ---------------------------------------------------------------------------------------------

/**
 * The plan of a graph: the storage decisions and one kernel per stored value (seedPlan), then the
 * merge passes of plan-passes.ts in order. `forced`: values stored whatever the heuristics say
 * (plan-bindings.ts splits kernels that bind too many buffers this way).
 */
export function plan(graph: Graph, target: Target, forced: ReadonlySet<Var> = new Set()): Plan {
  return runPlanPasses(PLAN_PASSES, seedPlan(graph, target, forced));
}

/** Storage (which values get a buffer) and one kernel per stored value, in program order: the plan before any merge. */
export function seedPlan(graph: Graph, target: Target, forced: ReadonlySet<Var> = new Set()): Plan {
  const { jaxpr } = graph;
  const stored = new Set<Var>([...jaxpr.inVars, ...forced]);
  for (const v of graph.outputs) stored.add(v);
  // The uses of a value; a float16 value's are those of its widening cast (passes/widen-narrow.ts).
  const readers = (v: Var) => graph.usesOf(v).flatMap((u) => (u.eqn.prim === 'cast' && halfStoredOnGpu(v.aval.dtype) ? graph.usesOf(u.eqn.outs[0]) : [u]));
  for (const e of jaxpr.eqns) {
    const k = graph.rule(e).kind;
    // A sort's unused outputs (argsort's sorted keys) are neither stored nor written.
    if (OWN_KERNEL.has(k)) e.outs.forEach((v) => { if ((k !== 'sort' && k !== 'linalg') || graph.outputs.has(v) || graph.usesOf(v).length > 0) stored.add(v); });
    // A concatenate of several arrays binds each of them: store it so its consumers bind one.
    if (e.prim === 'concatenate' && e.inputs.length > 3) e.outs.forEach((v) => stored.add(v));
    // A transpose read as a product's rhs (passes/rhs-layout.ts puts W's copy there for x·Wᵀ) is
    // stored when that lets the product read B 4-wide: inlined into the prologue, as cheap
    // movements are, it would make B strided and scalar again.
    if (e.prim === 'transpose' && readers(e.outs[0]).some((u) => u.operand === 1 && u.eqn.prim === 'dot_general' && storesRhs(u.eqn, target))) {
      stored.add(e.outs[0]);
    }
    // Likewise a convolution's operands copied into HWIO / channels-last order (passes/conv-layout.ts).
    if (e.prim === 'transpose' && graph.usesOf(e.outs[0]).some((u) => u.eqn.prim === 'conv_general_dilated')) stored.add(e.outs[0]);
  }

  // Values computed on top of a matmul/reduction by elementwise steps (epilogue candidates).
  const onLocal = new Set<Var>();
  for (const e of jaxpr.eqns) {
    if (graph.rule(e).kind !== 'scalar') continue;
    if (e.inputs.some((a) => a instanceof Var && (['reduce', 'dot'].includes(graph.kindOf(a)) || onLocal.has(a)))) e.outs.forEach((v) => onLocal.add(v));
  }

  // Forward: the cost of recomputing each value from stored ones (capped), to weigh storing it.
  const cost = new Map<Var, number>();
  for (const e of jaxpr.eqns) {
    const kind = graph.rule(e).kind;
    const own = kind === 'multi' ? STEP_COST.multi : isCheap(e) ? STEP_COST.cheap : STEP_COST.costly;
    const inner = e.inputs.reduce((s, a) => s + (a instanceof Var ? cost.get(a) ?? 0 : 0), 0);
    for (const v of e.outs) cost.set(v, stored.has(v) || OWN_KERNEL.has(kind) ? 0 : Math.min(COST_CAP, own + inner));
  }

  // Backward: the kernels (named by their stored root) each value would be inlined into.
  const home = new Map<Var, Set<Var>>();
  for (let p = jaxpr.eqns.length - 1; p >= 0; p--) {
    const e = jaxpr.eqns[p];
    for (const v of e.outs) {
      if (stored.has(v)) { home.set(v, new Set([v])); continue; }
      const uses = graph.usesOf(v);
      const K = new Set<Var>();
      for (const u of uses) for (const w of u.eqn.outs) for (const r of home.get(w) ?? []) K.add(r);
      // A scatter's indices and updates are read inside its loop over the index tuples, once per
      // output element: a costly one is stored as a matmul operand is.
      const feedsDot = uses.some((u) => graph.rule(u.eqn).kind === 'dot' || (graph.rule(u.eqn).kind === 'scatter' && u.operand > 0));
      // Recomputing in every kernel beats a store-and-reload unless the value is costly to redo.
      // A matmul operand is loaded once per output tile (N/32 times on lavapipe), so one whose
      // inlined expression holds any costly step (SiLU's tanh behind a cheap mul) is stored: a
      // fused SiLU prologue made a 1024×256×256 product 4× slower.
      const materialize = (feedsDot && cost.get(v)! >= PROLOGUE_COST) || (K.size > 1 && ((K.size - 1) * cost.get(v)! > SHARED_RECOMPUTE_LIMIT || onLocal.has(v)));
      if (materialize) { stored.add(v); home.set(v, new Set([v])); } else home.set(v, K);
    }
  }

  // Where float16 is 2-byte f16 on the GPU, a float16 value is computed in f32 and widened back
  // after its rounding (passes/widen-narrow.ts: n = cast(x, f16); w = cast(n, f32)). A widened
  // copy the heuristics above store is stored as the float16 value instead — half the bytes — and
  // its readers widen it as they load (an exact f16 → f32 conversion, no recomputation).
  // Likewise a product's or reduction's f32 result whose one use is its rounding to float16, read
  // (widened) by another product or reduction, which cannot take it as an epilogue: the rounded
  // value is stored, which the matmul-epilogues / row-outputs passes then fold into the product's
  // or reduction's own kernel, so the f32 result is never written. (Read by elementwise steps,
  // the epilogue pass already stores their result in the product's kernel.)
  const readByLoop = (v: Var) => readers(v).some((r) => !['scalar', 'index'].includes(graph.rule(r.eqn).kind));
  for (const w of [...stored]) {
    if (forced.has(w) || graph.outputs.has(w)) continue;
    const def = graph.definition.get(w);
    const n = def?.eqn.prim === 'cast' ? def.eqn.inputs[0] : undefined;
    if (n instanceof Var && halfStoredOnGpu(n.aval.dtype)) { stored.delete(w); stored.add(n); continue; }
    const uses = graph.usesOf(w);
    const rounded = uses.length === 1 && uses[0].eqn.prim === 'cast' ? uses[0].eqn.outs[0] : undefined;
    if (def && rounded && halfStoredOnGpu(rounded.aval.dtype) && ['dot', 'reduce'].includes(graph.rule(def.eqn).kind) && readByLoop(rounded)) {
      stored.add(rounded);
    }
  }

  // One kernel per stored value.
  const kernels: PlannedKernel[] = [];
  for (const e of jaxpr.eqns) {
    const position = graph.definition.get(e.outs[0])!.position;
    // A sort computes all its outputs in one kernel (each is a permutation of the same rows).
    if (graph.rule(e).kind === 'sort' || graph.rule(e).kind === 'linalg') {
      kernels.push({ kind: graph.rule(e).kind as 'sort' | 'linalg', position, writes: e.outs.filter((v) => stored.has(v)), reductions: [], reads: new Map() });
      continue;
    }
    for (const v of e.outs) {
      if (!stored.has(v)) continue;
      const kind = graph.rule(e).kind;
      const k: PlannedKernel = { kind: 'elementwise', position, writes: [v], reductions: [], reads: new Map() };
      if (kind === 'reduce') {
        const x = e.inputs[0].aval;
        const axes = e.prim === 'argmax' ? [e.params.axis] : [...paramsOf(e, 'reduce_sum', 'reduce_max').axes];
        Object.assign(k, { kind: 'row', reductions: [v], rowShape: x.shape, rowAxes: axes });
      } else if (kind === 'dot') {
        Object.assign(k, { kind: 'matmul', dot: v });
      } else if (kind === 'scatter') {
        k.kind = 'scatter';
      } else if (kind === 'scan') {
        k.kind = 'scan';
      }
      kernels.push(k);
    }
  }
  for (const k of kernels) k.reads = analyzeReads(k, graph, stored);

  return { graph, target, stored, kernels };
}

/** All permutations of 0..n-1, identity first (n ≤ 4 in practice: dot_general outputs are small-rank). */
export function permutations(n: number): number[][] {
  if (n > 4) return [Array.from({ length: n }, (_, i) => i)];
  const out: number[][] = [];
  const go = (prefix: number[]) => {
    if (prefix.length === n) { out.push(prefix); return; }
    for (let i = 0; i < n; i++) if (!prefix.includes(i)) go([...prefix, i]);
  };
  go([]);
  return out;
}

/** Whether two shapes (or axis lists) are equal. */
export const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Adds `offs` to the offsets at which `into` reads `v`. */
export function mergeReads(into: Map<Var, Set<string>>, v: Var, offs: Set<string>) {
  let s = into.get(v);
  if (!s) into.set(v, (s = new Set()));
  for (const o of offs) s.add(o);
}

/**
 * The stored values a kernel reads and at which symbolic offsets, found by emitting its
 * expressions with a recording environment. `idxOverride` evaluates an elementwise kernel's
 * value in another iteration space (a row kernel's), to check where it would read.
 */
export function analyzeReads(k: PlannedKernel, graph: Graph, stored: ReadonlySet<Var>, idxOverride?: readonly Ix[]): Map<Var, Set<string>> {
  const reads = new Map<Var, Set<string>>();
  const size = sizeGuard();
  const locals = new Set<Var>(k.kind === 'row' ? k.reductions : k.dot ? [k.dot] : []);
  const earlier = k.kind === 'elementwise' && !idxOverride ? earlierOutputs(k.writes[0].aval.shape) : undefined;
  const env: KernelEnv = {
    graph,
    local: (v, idx) => (locals.has(v) ? `local${v.id}` : earlier?.local(v, idx)),
    stored: (v) => stored.has(v),
    load: (v, offset) => { mergeReads(reads, v, new Set([offset.key])); return `buf${v.id}`; },
    inlined: size.inlined,
  };
  // Statements rather than one inlined expression: what a kernel emits, and what sizeGuard measures.
  // (Expression-only, every reuse of a value would copy its whole expression, so a deep DAG — ten
  // rounds of gamma's rejection step, each with an erfinv-based normal — grew exponentially.)
  const scope = new Scope(env);
  const eqnOf = (v: Var) => graph.definition.get(v)!.eqn;
  for (const w of k.writes) {
    if (k.kind === 'elementwise') {
      viaDefinition(w, graph, scope, idxOverride ?? elementwiseIndex(w.aval.shape).idx);
      earlier?.record(w, `local${w.id}`);
    } else if (k.kind === 'scatter' && eqnOf(w).prim === 'scatter_nd') {
      // As the kernel reads (kernels.ts scatterNdKernel): operand at the element, each tuple, its update.
      const e = eqnOf(w);
      const { axes } = paramsOf(e, 'scatter_nd');
      const x = e.inputs[0].aval, ind = e.inputs[1].aval, nb = ind.ndim - 1;
      const { idx: outIdx } = elementwiseIndex(x.shape);
      const jIdx = unflatten(Ix.loopVar('j', ind.shape.slice(0, nb).reduce((a, b) => a * b, 1)), ind.shape.slice(0, nb));
      scope.value(e.inputs[0], outIdx);
      axes.forEach((_, m) => scope.value(e.inputs[1], [...jIdx, Ix.const(m)]));
      scope.value(e.inputs[2], [...jIdx, ...outIdx.filter((_, d) => !axes.includes(d))]);
    } else if (k.kind === 'sort' || k.kind === 'scan' || k.kind === 'linalg') {
      // Rows are read at positions the kernel chooses (sorted order, chunks): any element.
      for (const a of eqnOf(w).inputs) scope.value(a, unflatten(Ix.loopVar('p', a.aval.size), a.aval.shape));
    } else if (k.kind === 'scatter') {
      const e = eqnOf(w);
      const x = e.inputs[0].aval, idx = e.inputs[1].aval;
      const { axis } = paramsOf(e, 'scatter_add');
      const { idx: outIdx } = elementwiseIndex(x.shape);
      const jIdx = unflatten(Ix.loopVar('j', idx.size), idx.shape);
      scope.value(e.inputs[0], outIdx);
      scope.value(e.inputs[1], jIdx);
      scope.value(e.inputs[2], [...outIdx.slice(0, axis), ...jIdx, ...outIdx.slice(axis + 1)]);
    }
  }
  if (k.kind === 'row') {
    const { xIdx, oIdx } = rowIndex(k.rowShape!, k.rowAxes!);
    for (const r of k.reductions) scope.value(eqnOf(r).inputs[0], xIdx);
    for (const w of k.writes) {
      if (k.reductions.includes(w)) continue;
      viaDefinition(w, graph, scope, sameShape(w.aval.shape, k.rowShape!) ? xIdx : oIdx);
    }
  }
  if (k.kind === 'matmul') {
    const d = k.dot!;
    const e = eqnOf(d);
    // Operands: every element is read (the matmul kernel decides the order).
    const [x, y] = e.inputs;
    for (const [a, shape] of [[x, x.aval.shape], [y, y.aval.shape]] as const) {
      scope.value(a, unflatten(Ix.loopVar(`p${a === x ? 'x' : 'y'}`, a.aval.size), shape));
    }
    for (const w of k.writes) if (w !== d) viaDefinition(w, graph, scope, elementwiseIndex(w.aval.shape).idx);
  }
  size.done(scope.chars.n);
  return reads;
}

/**
 * The value of a stored var computed from its definition (not loaded from its own buffer);
 * reductions and products come from the kernel's registers (Scope.value finds the local).
 */
export function viaDefinition(w: Var, graph: Graph, scope: Scope, idx: readonly Ix[]): string {
  const kind = graph.kindOf(w);
  return OWN_KERNEL.has(kind) ? scope.value(w, idx) : scope.define(w, idx);
}
