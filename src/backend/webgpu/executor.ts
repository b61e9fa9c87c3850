/**
 * The WebGPU backend's Executor: every primitive is compiled to a Program (src/compiler) once per
 * signature and run with runProgram. A first-order primitive becomes a one-equation Jaxpr, so
 * eager mode and jit share one code generator; jit and custom_jvp compile their whole body, so
 * one jit call is one recording into the pending encoder.
 */
import { Jaxpr, Var, evalJaxpr, makeEqn } from '../../core/jaxpr.js';
import { segmentControlFlow } from '../../compiler/segment.js';
import type { AnyParams, Primitive } from '../../core/primitive.js';
import type { ConcreteArray } from '../../core/tensor.js';
import { compileJaxpr } from '../../compiler/index.js';
import { countKernels, type Program } from '../../compiler/program.js';
import type { Target } from '../../compiler/target.js';
import { SIN_COS_TOLERANCE } from './sincos-probe.js';
import { abstractEval } from '../../primitives/table.js';
import { debugLevel, debugLog, type GpuContext } from './device.js';
import { activeRuntime, peekRuntime, type GpuRuntime } from './queue.js';
import { runProgram } from './run.js';
import { ArgumentError } from '../../core/errors.js';
import { hasEffects, hoistEffects, scheduleCallbacks } from './effects.js';
import type { Params } from '../../core/primitive.js';
import { isControlFlow, runControlFlow } from '../../primitives/control-flow.js';
import { checkEvaluable } from '../../primitives/unevaluable.js';
import type { ScanParams } from '../../core/primitive.js';
import { runScanOnDevice } from './loop.js';

/**
 * Kernel choices a user or spec forces: init's matmulKernel / rowKernel / elementwiseUnroll
 * (FLUXION_MATMUL_KERNEL, FLUXION_ROW_KERNEL, FLUXION_ELEMENTWISE_UNROLL, parsed in
 * src/config.ts), or setKernelOptions.
 */
export type KernelOptions = Pick<Target, 'matmulKernel' | 'rowKernel' | 'elementwiseUnroll' | 'sinCos'>;

// Set from the environment at import and by init() (src/backend/select.ts).
let kernelOptions: KernelOptions = {};

/**
 * Forces kernel variants (default: chosen per adapter). Programs compiled earlier are dropped so
 * the next call compiles with the new choice.
 * @example setKernelOptions({ matmulKernel: 'tiled' });
 */
export function setKernelOptions(options: KernelOptions): void {
  kernelOptions = { ...options };
  const rt = peekRuntime();
  if (rt) { rt.primPrograms.clear(); rt.jaxprPrograms = new WeakMap(); rt.bodyPrograms = new WeakMap(); }
}

/** What the compiler needs to know about this device (kernel choice is per adapter). */
export function targetOf(ctx: GpuContext): Target {
  return {
    ...Object.fromEntries(Object.entries(kernelOptions).filter(([, v]) => v !== undefined)),
    subgroups: ctx.features.has('subgroups'),
    subgroupSize: ctx.subgroupSize,
    isCpu: ctx.adapterInfo.isCpu,
    // fluxion's range-reduced sin/cos where the adapter's builtins were measured too loose.
    sinCos: kernelOptions.sinCos ?? (ctx.builtinSinCosError > SIN_COS_TOLERANCE ? 'fluxion' : 'builtin'),
    maxStorageBuffersPerShaderStage: ctx.limits.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupsPerDimension: ctx.limits.maxComputeWorkgroupsPerDimension,
    maxComputeWorkgroupStorageSize: ctx.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: ctx.limits.maxComputeInvocationsPerWorkgroup,
  };
}

/** `packedInputs`: see compileJaxpr (true for what runProgram runs on arrays at rest, false for loop bodies). */
function compile(rt: GpuRuntime, jaxpr: Jaxpr, what: string, name = 'jit', packedInputs = true): Program {
  const debug = debugLevel();
  if (debug >= 5) debugLog(`compiling ${what}:\n${jaxpr}`);
  const t0 = performance.now();
  const program = compileJaxpr(jaxpr, targetOf(rt.ctx), name, { packedInputs });
  rt.programsCompiled++;
  if (debug >= 1) {
    const kernels = countKernels(program);
    debugLog(`compiled ${program.name} (${what}): ${kernels} kernel(s), ${program.steps.length} step(s), ` +
      `${(performance.now() - t0).toFixed(1)} ms`);
  }
  return program;
}

/**
 * The compiled Program of a loop body, cached per Jaxpr apart from jit programs: its inputs are
 * the loop's 32-bit carry and slice buffers, never packed arrays (compileJaxpr's packedInputs).
 */
export function programOfJaxpr(rt: GpuRuntime, jaxpr: Jaxpr, name: string): Program {
  let program = rt.bodyPrograms.get(jaxpr);
  if (!program) {
    program = compile(rt, jaxpr, name, name, false);
    rt.bodyPrograms.set(jaxpr, program);
  }
  return program;
}

/** The Program of a first-order primitive on these input types: a one-equation Jaxpr, compiled once. */
function primProgram(rt: GpuRuntime, prim: Primitive, args: readonly ConcreteArray[], params: AnyParams): Program {
  // Params of first-order primitives are plain JSON (shapes, axes, dtypes, comparison ops).
  const key = `${prim}|${JSON.stringify(params)}|${args.map((a) => a.aval).join(',')}`;
  let program = rt.primPrograms.get(key);
  if (!program) {
    const inVars = args.map((a) => new Var(a.aval));
    const outs = abstractEval(prim, inVars.map((v) => v.aval), params).map((a) => new Var(a));
    const eqn = makeEqn(prim, inVars, params, outs);
    program = compile(rt, new Jaxpr(inVars, [eqn], outs), key, prim);
    rt.primPrograms.set(key, program);
  }
  return program;
}

/**
 * Runs one primitive on GPU arrays (host arrays among `args` are uploaded).
 * Installed with setExecutor by `useBackend('webgpu')`.
 */
export function webgpuExecute(prim: Primitive, args: ConcreteArray[], params: AnyParams): ConcreteArray[] {
  if (prim === 'scan') {
    // A scan whose body compiles whole runs as one device loop (loop.ts); others iterate here.
    const outs = runScanOnDevice(args, params as ScanParams, programOfJaxpr);
    if (outs) return outs;
  }
  if (isControlFlow(prim)) return runControlFlow(prim, args, params) as ConcreteArray[];
  checkEvaluable(prim, params);
  const rt = activeRuntime(prim);
  if (prim === 'debug_callback') {
    // Eager: read the operands back and call the host after everything queued before.
    scheduleCallbacks([{ callback: (params as Params<'debug_callback'>).callback, arity: args.length }], args);
    return [];
  }
  if (prim === 'jit' || prim === 'custom_jvp' || prim === 'checkpoint') {
    const { jaxpr, name } = params as { jaxpr: Jaxpr; name: string };
    // A body with loops or branches runs as compiled segments around them (compiler/segment.ts).
    const segments = segmentControlFlow(jaxpr);
    if (segments) return evalJaxpr(segments, args) as ConcreteArray[];
    // Callbacks inside: the same program returns their operands too (effects.ts).
    const hoisted = hasEffects(jaxpr) ? hoistEffects(jaxpr) : undefined;
    let program = rt.jaxprPrograms.get(jaxpr);
    if (!program) {
      program = compile(rt, hoisted ? hoisted.jaxpr : jaxpr, `${prim} ${name}`, name);
      rt.jaxprPrograms.set(jaxpr, program);
    }
    const outs = runProgram(program, args);
    if (!hoisted) return outs;
    scheduleCallbacks(hoisted.callbacks, outs.slice(hoisted.numOuts));
    return outs.slice(0, hoisted.numOuts);
  }
  return runProgram(primProgram(rt, prim, args, params), args);
}

/** One compiled kernel, as `kernelsOf` reports it. */
export interface KernelInfo { name: string; flops: number; bytes: number; wgsl: string }

/**
 * The kernels WebGPU runs for a jitted function on these arguments (compiling it if needed): for
 * counting fusion, reading the generated WGSL, or estimating work.
 * @example const ks = kernelsOf(jit(f), x); console.log(ks.length, ks.map((k) => k.name));
 */
export function kernelsOf<A extends unknown[]>(fn: ((...args: A) => unknown) & { lower?: (...args: A) => Jaxpr }, ...args: A): KernelInfo[] {
  if (typeof fn.lower !== 'function') throw new ArgumentError('kernelsOf: pass a jit-compiled function (jit(f)), not a plain one.');
  const rt = activeRuntime('kernelsOf');
  const jaxpr = fn.lower(...args);
  if (segmentControlFlow(jaxpr)) {
    throw new ArgumentError('kernelsOf: this program has control flow (lax.scan / whileLoop / cond), which runs as compiled ' +
      'segments around loop bodies rather than one kernel list; call kernelsOf on a jitted loop body or branch instead.');
  }
  let program = rt.jaxprPrograms.get(jaxpr);
  if (!program) {
    program = compile(rt, hasEffects(jaxpr) ? hoistEffects(jaxpr).jaxpr : jaxpr, 'kernelsOf');
    rt.jaxprPrograms.set(jaxpr, program);
  }
  return program.steps.flatMap((st) => (st.kind === 'kernel' ? [{ name: st.name, flops: st.flops, bytes: st.bytes, wgsl: st.wgsl }] : []));
}
