/**
 * The storage-buffer limit. A kernel binds every stored value it reads and writes, and adapters
 * allow few per shader stage (WebGPU's default 8; lavapipe and Dawn 16 here). The planner inlines
 * elementwise work into its consumers, so one kernel can end up reading many inputs (the gradient
 * of a long cumprod's associative scan reads every level; a sum of 30 arrays reads 30). When a
 * kernel would bind more than the limit, the inlined subexpression reading the most stored values
 * that still fit one kernel is stored (computed by a kernel of its own, read back as one buffer),
 * and the plan is made again, until every kernel fits. Merges already refuse to exceed the limit
 * (plan.ts `fits`); this handles what a single value needs.
 */
import { Var, paramsOf } from '../core/jaxpr.js';
import type { Graph } from './graph.js';
import { OWN_KERNEL, plan, type Plan, type PlannedKernel } from './plan.js';
import type { Target } from './target.js';

/**
 * Bindings a kernel adds beyond its reads and writes: a matmul's 4-wide views of its operands
 * (kernels.ts vec4View), a long sort's scratch words (sort-scan-kernels.ts).
 */
export function extraBindings(k: PlannedKernel, graph: Graph): number {
  if (k.kind === 'matmul') return 2;
  if (k.kind === 'sort') {
    const { numKeys } = paramsOf(graph.definition.get(k.writes[0])!.eqn, 'sort');
    return numKeys + 1;
  }
  return 0;
}

export const bindingsOf = (k: PlannedKernel, graph: Graph): number =>
  new Set([...k.reads.keys(), ...k.writes]).size + extraBindings(k, graph);

/** The plan, with intermediates stored until no kernel binds more buffers than the target allows. */
export function planWithinLimits(graph: Graph, target: Target): Plan {
  const limit = target.maxStorageBuffersPerShaderStage;
  const forced = new Set<Var>();
  for (let round = 0; ; round++) {
    let p: Plan;
    try {
      p = plan(graph, target, forced);
    } catch (e) {
      if (!(e instanceof KernelTooLarge) || forced.has(e.v) || round >= 256) throw e;
      forced.add(e.v);
      continue;
    }
    const over = p.kernels.find((k) => bindingsOf(k, graph) > limit);
    if (!over || round >= 256) return p; // compileJaxpr reports a kernel that still does not fit
    const v = splitPoint(over, p, graph, limit);
    if (!v) return p;
    forced.add(v);
  }
}

/**
 * The value to store out of kernel `k`: among the intermediates inlined into it, the one reading
 * the most distinct stored values (≥ 2, so storing it saves bindings) such that its own kernel
 * fits (reads + its one write ≤ limit). Values that use one of the kernel's registers (a fused
 * reduction or product) cannot move to a kernel of their own.
 */
function splitPoint(k: PlannedKernel, p: Plan, graph: Graph, limit: number): Var | undefined {
  const { stored } = p;
  const reach = new Map<Var, Set<Var> | null>(); // null: touches a register of k
  const reachOf = (v: Var): Set<Var> | null => {
    const hit = reach.get(v);
    if (hit !== undefined) return hit;
    const def = graph.definition.get(v)!;
    const out = new Set<Var>();
    let ok: boolean = true;
    for (const a of def.eqn.inputs) {
      if (!(a instanceof Var)) continue;
      if (stored.has(a)) { out.add(a); continue; }
      const d = graph.definition.get(a);
      if (!d || OWN_KERNEL.has(graph.rule(d.eqn).kind)) { ok = false; continue; }
      const r = reachOf(a);
      if (r === null) ok = false; else for (const s of r) out.add(s);
    }
    const res = ok ? out : null;
    reach.set(v, res);
    return res;
  };
  // The intermediates inlined into k: reachable from its computed values through unstored, non-register values.
  const inlined = new Set<Var>();
  const visit = (a: unknown) => {
    if (!(a instanceof Var) || stored.has(a) || inlined.has(a)) return;
    const d = graph.definition.get(a);
    if (!d || OWN_KERNEL.has(graph.rule(d.eqn).kind)) return;
    inlined.add(a);
    d.eqn.inputs.forEach(visit);
  };
  for (const w of [...k.writes, ...k.reductions, ...(k.dot ? [k.dot] : [])]) graph.definition.get(w)?.eqn.inputs.forEach(visit);
  let best: Var | undefined, size = 1;
  for (const v of inlined) {
    const r = reachOf(v);
    if (r && r.size > size && r.size + 1 <= limit) { best = v; size = r.size; }
  }
  return best;
}

/**
 * Kernel size. Inlining recomputes a value wherever it is read, at each index it is read at, and
 * movement steps put their operand's index into their own index more than once (a pad's bounds
 * test and its clamped load). A deep chain of shared gathers or pads, or an associative scan's
 * levels (level k reads level k − 1 at 2i and 2i + 1), then grows the generated WGSL exponentially
 * with depth: a cumprod gradient over 3000 elements gave a 780 KB kernel that lavapipe took 21 s
 * to compile. The planner's read analysis emits each kernel (plan.ts analyzeReads) and counts the
 * characters written; past KERNEL_BUDGET it stores the inlined value whose instances account for
 * the most of them while one instance stays within half the budget (so its own kernel is small),
 * and the plan is made again. The largest kernel of the FACM step is about 2 600 characters.
 */
export const KERNEL_BUDGET = 32_000;

/** Thrown out of the read analysis when a kernel passes the budget: `v` is the value to store. */
export class KernelTooLarge extends Error {
  constructor(readonly v: Var, readonly why: string) {
    super(`compiler: ${why} (a planner signal; a fluxion bug if seen: please report).`);
  }
}

/** Per-kernel bookkeeping for the read analysis (plan.ts analyzeReads). */
export function sizeGuard() {
  const seen = new Map<Var, { n: number; max: number; total: number }>();
  const split = (chars: number) => {
    let best: Var | undefined, saved = 0;
    for (const [v, s] of seen) {
      // Storing v leaves one load per instance and moves one instance's work to its own kernel.
      const gain = s.total - s.max;
      if (s.max <= KERNEL_BUDGET / 2 && gain > saved) { best = v; saved = gain; }
    }
    if (best) throw new KernelTooLarge(best, `a kernel of ${chars}+ characters inlines ${best.aval} (${seen.get(best)!.n} times)`);
  };
  return {
    inlined(v: Var, chars: number, total: number): void {
      const s = seen.get(v) ?? { n: 0, max: 0, total: 0 };
      s.n++; s.max = Math.max(s.max, chars); s.total += chars;
      seen.set(v, s);
      // Checked as the kernel is written, so that an exponential one is not written in full first.
      if (total > KERNEL_BUDGET) split(total);
    },
    done(chars: number): void {
      if (chars > KERNEL_BUDGET) split(chars);
    },
  };
}
