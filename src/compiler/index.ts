/**
 * The jit compiler: Jaxpr → optimised Jaxpr (passes/) → fusion plan (plan.ts) → WGSL kernels
 * (kernels.ts) → a Program of steps over buffer slots, with temporaries packed by liveness.
 */
import { DTypeError, KernelError, ResourceError } from '../core/errors.js';
import { checkEvaluable } from '../primitives/unevaluable.js';
import { Atom, Eqn, Jaxpr, Lit, Var } from '../core/jaxpr.js';
import { ShapedArray } from '../core/shape.js';
import { Graph } from './graph.js';
import { emitKernel, type EmittedKernel } from './kernels.js';
import { optimize, runPasses, type JaxprPass } from './passes/index.js';
import { widenNarrow } from './passes/widen-narrow.js';
import { plan, type PlannedKernel } from './plan.js';
import { planWithinLimits } from './plan-bindings.js';
import { BufferSlot, Program, Step, slotBytes, halfStoredOnGpu } from './program.js';
import { coerce, computeDtype, float16Bits } from '../core/dtype.js';
import type { Target } from './target.js';
import { cpuBackendAdvice, debugLevel } from '../config.js';

export type { Program, Step } from './program.js';
export type { Target } from './target.js';
export { countKernels } from './program.js';


/**
 * A kernel binds every buffer it reads, and adapters allow few per shader stage (8–16), so a
 * concatenate of many arrays becomes a tree of concatenates of at most WIDE operands; the planner
 * stores each wide one (plan.ts), so no kernel reads more than WIDE of them.
 */
const WIDE = 6;
function splitWideConcatenates(j: Jaxpr): Jaxpr {
  if (!j.eqns.some((e) => e.prim === 'concatenate' && e.inputs.length > WIDE)) return j;
  const eqns: Eqn[] = [];
  for (const e of j.eqns) {
    if (e.prim !== 'concatenate' || e.inputs.length <= WIDE) { eqns.push(e); continue; }
    const { axis } = e.params as { axis: number };
    let level: Atom[] = [...e.inputs];
    while (level.length > WIDE) {
      const next: Atom[] = [];
      for (let i = 0; i < level.length; i += WIDE) {
        const chunk = level.slice(i, i + WIDE);
        if (chunk.length === 1) { next.push(chunk[0]); continue; }
        const shape = [...chunk[0].aval.shape];
        shape[axis] = chunk.reduce((n, a) => n + a.aval.shape[axis], 0);
        const out = new Var(new ShapedArray(shape, chunk[0].aval.dtype));
        eqns.push({ prim: 'concatenate', inputs: chunk, params: { axis }, outs: [out] });
        next.push(out);
      }
      level = next;
    }
    eqns.push({ ...e, inputs: level });
  }
  return new Jaxpr(j.inVars, eqns, j.outs, j.numConsts);
}

/** Passes that shape the optimised program for kernels (after passes/OPTIMIZE_PASSES). */
export const LOWERING_PASSES: readonly JaxprPass[] = [{ name: 'splitWideConcatenates', run: (j) => splitWideConcatenates(j) }];

/**
 * Drops the kernels that would write only empty arrays: they compute nothing, and a kernel over 0
 * elements cannot even be written (passes/zero-size.ts). What remains must not read an empty
 * array either, since that pass rewrote every non-empty result of one; a kernel that still does
 * would be invalid WGSL, failing on the GPU at some later submit, so it is refused here instead.
 */
function withoutEmptyKernels(p: ReturnType<typeof plan>, name: string): ReturnType<typeof plan> {
  const kernels = p.kernels.filter((k) => k.writes.some((w) => w.aval.size > 0));
  for (const k of kernels) {
    const empty = [...k.reads.keys()].find((v) => v.aval.size === 0);
    if (empty) {
      throw new KernelError(`jit(${name}): a ${k.kind} kernel writing ${k.writes.map((w) => w.aval).join(', ')} reads the ` +
        `empty array ${empty.aval}; this is a fluxion compiler bug (passes/zero-size.ts should have rewritten it). ` +
        'Please report it; FLUXION_BACKEND=cpu computes it on the CPU.');
    }
  }
  return { ...p, kernels };
}

/** The kernel with the `enable` directives its text needs: f16 where it declares f16 buffers. */
const withExtensions = (wgsl: string): string => (/array<f16>/.test(wgsl) && !/enable f16;/.test(wgsl) ? `enable f16;\n${wgsl}` : wgsl);

/**
 * A first-order Jaxpr compiled for `target`: passes, widening of the narrow dtypes, the fusion
 * plan, WGSL kernels and buffer slots. `packedInputs`: the kernels read packed narrow inputs
 * directly (programs the runtime runs on arrays at rest); otherwise every input is 32-bit words
 * (loop bodies). @example const program = compileJaxpr(makeJaxpr(f)(x), targetOf(ctx), 'f', { packedInputs: true });
 */
export function compileJaxpr(source: Jaxpr, target: Target, name = 'jit', { packedInputs = false }: { packedInputs?: boolean } = {}): Program {
  for (const v of source.inVars) {
    if (v.aval.dtype === 'float64') {
      throw new DTypeError(`jit(${name}): input ${v.aval} is float64, which WebGPU cannot compute; cast to float32 or ${cpuBackendAdvice()}.`);
    }
  }
  // Widening changes the program's dtypes, so it runs outside the passes that keep them (passes/widen-narrow.ts).
  const jaxpr = widenNarrow(runPasses(LOWERING_PASSES, optimize(source, target), { target }), { packedInputs });
  // A customVjp's tangent map (jit(jvp(f))) or a collective whose axis no vmap binds (jit(f) called
  // unmapped) reaches the compiler only to be refused; after inlining, so nested calls are seen.
  for (const e of jaxpr.eqns) checkEvaluable(e.prim, e.params);
  const graph = new Graph(jaxpr);
  const p = withoutEmptyKernels(planWithinLimits(graph, target), name);

  // Slots: inputs, outputs (the first occurrence of each output var), temporaries by liveness.
  const slotOf = new Map<Var, BufferSlot>();
  jaxpr.inVars.forEach((v, index) => slotOf.set(v, { kind: 'input', index }));
  jaxpr.outs.forEach((o, index) => {
    if (o instanceof Var && !slotOf.has(o)) slotOf.set(o, { kind: 'output', index });
  });
  // A kernel that only moves a stored array unchanged (a reshape of it) is a buffer copy instead:
  // copyBufferToBuffer is a memcpy inside the driver, several times faster than a copy kernel.
  const copySource = (k: PlannedKernel): Var | undefined => {
    if (k.kind !== 'elementwise' || k.writes.length !== 1) return undefined;
    const w = k.writes[0];
    let v: Var = w;
    for (;;) {
      const def = graph.definition.get(v);
      if (!def || (v !== w && p.stored.has(v))) break;
      if (def.eqn.prim !== 'reshape' || !(def.eqn.inputs[0] instanceof Var)) return undefined;
      v = def.eqn.inputs[0];
    }
    return v !== w && p.stored.has(v) && v.aval.dtype === w.aval.dtype ? v : undefined;
  };
  const emitted: (EmittedKernel | { copy: Var; into: Var })[] = p.kernels.map((k) => {
    const src = copySource(k);
    if (src) return { copy: src, into: k.writes[0] };
    const e = emitKernel(k, graph, p.stored, target);
    if (e.bound.length > target.maxStorageBuffersPerShaderStage) {
      throw new ResourceError(`jit(${name}): kernel ${e.name} needs ${e.bound.length} storage buffers but the adapter allows ` +
        `${target.maxStorageBuffersPerShaderStage} per shader stage; split the operation (e.g. concatenate fewer arrays at once).`);
    }
    return e;
  });
  const boundOf = (k: (typeof emitted)[number]) => ('copy' in k ? [{ v: k.copy }, { v: k.into }] : k.bound);
  // Liveness of temporaries over kernel order: [first write, last read].
  const life = new Map<Var, [number, number]>();
  emitted.forEach((k, i) => {
    for (const { v } of boundOf(k)) {
      if (slotOf.has(v)) continue;
      const l = life.get(v);
      if (!l) life.set(v, [i, i]); else l[1] = i;
    }
  });
  const temps: number[] = [];
  const freeAt: number[] = []; // kernel index after which each temp slot is free
  for (const [v, [start, end]] of [...life].sort((a, b) => a[1][0] - b[1][0])) {
    const bytes = slotBytes(v.aval);
    let best = -1;
    temps.forEach((size, s) => {
      if (freeAt[s] < start && size >= bytes && (best < 0 || size < temps[best])) best = s;
    });
    if (best < 0) { best = temps.length; temps.push(bytes); freeAt.push(end); } else freeAt[best] = end;
    slotOf.set(v, { kind: 'temp', index: best });
  }

  const steps: Step[] = emitted.map((k): Step => ('copy' in k
    ? { kind: 'copy', src: slotOf.get(k.copy)!, dst: slotOf.get(k.into)!, bytes: slotBytes(k.into.aval) }
    : {
      kind: 'kernel', name: k.name, wgsl: withExtensions(k.wgsl), workgroups: k.workgroups, flops: k.flops, bytes: k.bytes,
      bindings: k.bound.map(({ v, write }) => ({ slot: slotOf.get(v)!, access: write ? 'read_write' as const : 'read' as const })),
    }));
  // Outputs that no kernel writes: literals, program inputs, repeated outputs.
  jaxpr.outs.forEach((o, index) => {
    const dst: BufferSlot = { kind: 'output', index };
    if (o.aval.size === 0) return; // nothing to write (the buffer is a 4-byte placeholder)
    if (o instanceof Lit) {
      const words = new Uint32Array(slotBytes(o.aval) / 4);
      const d = o.aval.dtype;
      if (halfStoredOnGpu(d)) new Uint16Array(words.buffer).fill(float16Bits(o.value), 0, o.aval.size);
      else {
        const wide = computeDtype(d);
        const view = wide === 'float32' ? new Float32Array(words.buffer) : wide === 'int32' ? new Int32Array(words.buffer) : words;
        view.fill(d === 'bool' ? (o.value ? 1 : 0) : coerce(d, o.value));
      }
      steps.push({ kind: 'fill', dst, words });
      return;
    }
    const src = slotOf.get(o)!;
    if (src.kind === 'output' && src.index === index) return;
    steps.push({ kind: 'copy', src, dst, bytes: slotBytes(o.aval) });
  });

  if (debugLevel() >= 3) {
    const lines = p.kernels.map((k, i) => `  ${'copy' in emitted[i] ? 'copy' : (emitted[i] as EmittedKernel).name}: ${k.kind} writes ${k.writes.map((w) => w.aval).join(', ')}` +
      `${k.reductions.length ? ` reductions ${k.reductions.length}` : ''} reads ${k.reads.size}`);
    console.error(`[fluxion] fusion plan of ${name}: ${jaxpr.eqns.length} equations → ${emitted.length} kernels\n${lines.join('\n')}`);
  }
  return { name, inputs: source.inAvals, outputs: source.outAvals, temps, steps, packedInputs };
}
