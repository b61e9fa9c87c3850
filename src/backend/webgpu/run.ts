/**
 * Runs a compiled Program: binds buffers, records its steps into the pending command encoder,
 * and returns its outputs as GPU arrays without waiting for the GPU. Programs are straight-line
 * (program.ts), so running one is a loop over steps; the only state is the pipeline cache.
 */
import type { ShapedArray } from '../../core/shape.js';
import type { ConcreteArray } from '../../core/tensor.js';
import { gpuBytes, slotBytes, type BufferSlot, type KernelStep, type Program } from '../../compiler/program.js';
import { ArgumentError, KernelError, ResourceError } from '../../core/errors.js';
import { STORAGE_USAGE, type GpuSlice } from './buffers.js';
import { INJECTED_FAULT_WGSL, takeKernelFault } from './fault-injection.js';
import { debugLevel, debugLog } from './device.js';
import { activeRuntime, type GpuRuntime } from './queue.js';
import { gpuFromHost, gpuStorageOf, wrapBuffer } from './storage.js';
import { describeLabels, type CheckResult, type Submission } from './submission.js';
import { needsConversion, recordPack } from './packed.js';
import { cpuBackendAdvice } from '../../config.js';

/** A bound slot: its memory (a buffer or a slab cell) and the byte size the program sees (the memory may be larger). */
export interface Bound { slice: GpuSlice; bytes: number }

const slotName = (s: BufferSlot): string => `${s.kind} ${s.index}`;

/**
 * Records `program` on `inputs` and returns its outputs (not yet computed: reading them waits).
 * Host (CPU-backend) inputs are uploaded first. Output buffers come fresh from the pool, which
 * never hands out a live buffer, so outputs never alias inputs. Packed narrow inputs are bound as
 * they are: every program run here reads them in place (Program.packedInputs; loop bodies, whose
 * inputs are 4-byte words, run through loop.ts, which widens their operands once). Packed outputs
 * are packed after the program's steps (packed.ts).
 * @example const [y] = runProgram(program, [x]); await y.data();
 */
export function runProgram(program: Program, inputs: readonly ConcreteArray[]): ConcreteArray[] {
  const rt = activeRuntime(`running ${program.name}`);
  checkInputs(program, inputs);
  const maxBinding = rt.ctx.limits.maxStorageBufferBindingSize;
  if (!program.packedInputs && program.inputs.some(needsConversion)) {
    throw new Error(`fluxion: ${program.name} reads its inputs as 4-byte words but is given packed arrays: only loop bodies ` +
      'are compiled that way, and loop.ts widens their operands (fluxion bug: please report).');
  }
  // Inputs too: an array can be larger than a binding (a buffer may be, up to maxBufferSize).
  for (const [i, a] of program.inputs.entries()) checkBindable(program.name, `input ${i}`, a, gpuBytes(a), maxBinding);
  for (const [i, a] of program.outputs.entries()) checkBindable(program.name, `output ${i}`, a, slotBytes(a), maxBinding, needsConversion(a));
  for (const [i, bytes] of program.temps.entries()) checkBindable(program.name, `temp ${i}`, undefined, bytes, maxBinding);

  const uploaded: ConcreteArray[] = [];
  const producers: (Submission | undefined)[] = [];
  let ins: Bound[];
  try {
    ins = inputs.map((x, i) => {
      let s = gpuStorageOf(x, `${program.name} input ${i}`);
      if (!s) {
        // A host array (CPU backend, or a constant captured before switching): upload it for this run.
        const up = gpuFromHost(x.hostView(), x.aval);
        uploaded.push(up);
        s = gpuStorageOf(up, program.name)!;
      }
      producers.push(s.submission);
      return { slice: s.slice, bytes: s.bytes };
    });
  } catch (e) {
    for (const u of uploaded) u.dispose();
    throw e;
  }
  const { pool, queue } = rt;
  // The submit this program is recorded into: its outputs are valid only if it runs, and it
  // runs on valid data only if the inputs' submits did. A program normally lands in one submit;
  // when something flushes mid-program (per-kernel timing, memory pressure) each later submit
  // depends on the one before, so the outputs, wrapped with the last, inherit every failure.
  let submission = queue.submission();
  for (const p of producers) submission.dependsOn(p);
  const follow = (): Submission => {
    const now = queue.submission();
    if (now !== submission) { now.dependsOn(submission); submission = now; }
    return now;
  };
  // outs: the slots the program writes; packedOuts[i]: the array's own memory when output i is
  // packed at rest (outs[i] is then a temporary of 4-byte words).
  const outs: Bound[] = [], temps: Bound[] = [], packedOuts: (Bound | undefined)[] = [];
  const take = (bytes: number, label: string): Bound =>
    ({ slice: pool.acquire(bytes, STORAGE_USAGE, 'encoder', label), bytes: Math.max(4, bytes) });
  try {
    for (const a of program.outputs) {
      const packed = needsConversion(a);
      outs.push(take(slotBytes(a), packed ? 'fluxion.widened' : 'fluxion.array'));
      packedOuts.push(packed ? take(gpuBytes(a), 'fluxion.array') : undefined);
    }
    // Never bind 0 bytes (WebGPU cannot bind an empty range), as slotBytes does for arrays.
    for (const bytes of program.temps) temps.push(take(bytes, 'fluxion.temp'));
  } catch (e) {
    // The pool can refuse (ResourceError at its buffer limit): give back what this run took.
    for (const b of [...outs, ...temps, ...packedOuts]) if (b) pool.release(b.slice);
    for (const u of uploaded) u.dispose();
    throw e;
  }
  const slot = (s: BufferSlot): Bound => {
    const b = s.kind === 'input' ? ins[s.index] : s.kind === 'output' ? outs[s.index] : temps[s.index];
    if (!b) throw new Error(`fluxion: program ${program.name} refers to ${slotName(s)}, which does not exist ` +
      `(${ins.length} inputs, ${outs.length} outputs, ${temps.length} temps): a compiler bug (fluxion bug: please report).`);
    return b;
  };

  /** Copies made by separateRepeatedRanges, released when the program is recorded. */
  const scratch: GpuSlice[] = [];
  const debug = debugLevel();
  const timer = debug >= 2 ? new KernelTimer(rt, program) : undefined;
  let producedBy: Submission;
  try {
    recordSteps(rt, program, slot, follow, scratch, timer);
    program.outputs.forEach((a, i) => { if (packedOuts[i]) recordPack(rt, a, outs[i], packedOuts[i], follow, scratch, program.name); });
    // Before the releases below, which may flush: the outputs belong to the submit recorded into now.
    producedBy = follow();
  } catch (e) {
    // Nothing of this run is handed out: give every buffer back (deferred if commands were recorded).
    for (const o of [...outs, ...packedOuts]) if (o) pool.release(o.slice);
    throw e;
  } finally {
    for (const t of temps) pool.release(t.slice);
    for (const c of scratch) pool.release(c);
    for (const u of uploaded) u.dispose();
  }
  timer?.finish();
  // The 4-byte temporaries of packed outputs are done with once their pack kernels are recorded.
  outs.forEach((o, i) => { if (packedOuts[i]) pool.release(o.slice); });
  queue.maybeFlush();
  return outs.map((o, i) => wrapBuffer(rt, (packedOuts[i] ?? o).slice, program.outputs[i]!, undefined, producedBy));
}

/**
 * Records a program's steps into the pending encoder over buffers chosen by `slot` (runProgram
 * binds fresh outputs and temporaries; a device loop, loop.ts, binds ping-ponged carries and the
 * same temporaries every iteration). Kernels that would bind one buffer both read-only and
 * writable run in their read_write variant; copies made for that go into `scratch`.
 */
export function recordSteps(rt: GpuRuntime, program: Program, slot: (s: BufferSlot) => Bound, follow: () => Submission,
  scratch: GpuSlice[], timer?: KernelTimer): void {
  const { queue, pool } = rt;
  const debug = debugLevel();
  for (const step of program.steps) {
    switch (step.kind) {
      case 'kernel': {
        if (step.workgroups.some((n) => n === 0)) break; // an empty array: nothing to compute
        const maxWg = rt.ctx.limits.maxComputeWorkgroupsPerDimension;
        if (step.workgroups.some((n) => n > maxWg)) {
          throw new Error(`fluxion: kernel ${step.name} of ${program.name} dispatches ${step.workgroups.join('x')} ` +
            `workgroups, over this adapter's ${maxWg} per dimension: a compiler bug (it must split the grid; fluxion bug: please report).`);
        }
        let bound = step.bindings.map((b) => slot(b.slot));
        const allWritable = sharesWritableBuffer(step, bound);
        if (allWritable) bound = separateRepeatedRanges(rt, step.name, bound, scratch);
        const { pipeline, layout, layoutKey, created } = pipelineFor(rt, step, program.name, debug, allWritable);
        const bindGroup = bindGroupFor(rt, layout, layoutKey, bound);
        // The dispatch's submit waits on the pipeline's creation check (a kernel that did not
        // compile invalidates the whole command buffer, so it is what the results must name).
        const recorded = () => {
          const sub = follow();
          sub.addCheck(created, (message) => compileFailure(program, step, message, sub));
        };
        if (timer) timer.dispatch(step, pipeline, bindGroup, recorded, program.name);
        else queue.dispatch(`${program.name}/${step.name}`, pipeline, bindGroup, step.workgroups, undefined, recorded);
        break;
      }
      case 'copy': {
        if (step.bytes === 0) break;
        const src = slot(step.src), dst = slot(step.dst);
        if (step.bytes > src.bytes || step.bytes > dst.bytes) {
          throw new Error(`fluxion: program ${program.name} copies ${step.bytes} B from ${slotName(step.src)} ` +
            `(${src.bytes} B) to ${slotName(step.dst)} (${dst.bytes} B): a compiler bug (fluxion bug: please report).`);
        }
        queue.copy(program.name, src.slice, dst.slice, step.bytes);
        break;
      }
      case 'fill': {
        const dst = slot(step.dst);
        const bytes = step.words.byteLength;
        if (bytes === 0) break;
        if (bytes > dst.bytes) {
          throw new Error(`fluxion: program ${program.name} fills ${bytes} B into ${slotName(step.dst)} (${dst.bytes} B): a compiler bug (fluxion bug: please report).`);
        }
        if (step.words.every((w) => w === 0)) {
          queue.clear(program.name, dst.slice, bytes);
        } else {
          // queue.writeBuffer straight into dst would run before the pending commands (a kernel
          // writing dst earlier in this program would then win), so stage and copy in order.
          // The staging buffer comes from the free list ('host'): no pending command uses it.
          const staging = pool.acquire(bytes, STORAGE_USAGE, 'host', 'fluxion.fill');
          rt.device.queue.writeBuffer(staging.buffer, staging.offset, step.words.buffer, step.words.byteOffset, bytes);
          queue.copy(program.name, staging, dst.slice, bytes);
          pool.release(staging); // deferred: the copy is pending
        }
        break;
      }
    }
  }
}

function checkInputs(program: Program, inputs: readonly ConcreteArray[]): void {
  const want = program.inputs;
  const fmt = (xs: readonly { toString(): string }[]) => `(${xs.join(', ')})`;
  const ok = inputs.length === want.length && inputs.every((x, i) => x.aval.equals(want[i]));
  if (!ok) {
    throw new ArgumentError(`fluxion: program ${program.name} takes ${fmt(want)} but was given ` +
      `${fmt(inputs.map((x) => x.aval))}; call it with arrays of the shapes and dtypes it was compiled for.`);
  }
}

/**
 * Every buffer a kernel binds must fit one binding (maxStorageBufferBindingSize: 128 MiB on
 * lavapipe); beyond it WebGPU rejects the bind group, so the program is refused before recording.
 * A packed narrow array binds as its widened copy, 4 bytes per element (packed.ts).
 */
export function checkBindable(programName: string, what: string, aval: ShapedArray | undefined, bytes: number, max: number,
  widened = false): void {
  if (bytes > max) {
    const note = widened && aval ? ` (a ${aval.dtype} array is widened to 4 bytes per element for the program's kernels)` : '';
    throw new ResourceError(`fluxion: ${programName}: ${what}${aval ? ` (${aval})` : ''} needs ${bytes} B${note}, over this adapter's ` +
      `maxStorageBufferBindingSize of ${max} B; split the computation into smaller arrays (e.g. slice a dataset into parts ` +
      `before indexing it) or ${cpuBackendAdvice()}.`);
  }
}

/**
 * Whether a kernel binds one buffer both read-only and writable: two cells of one slab (small
 * arrays share slab buffers). WebGPU forbids a buffer in a dispatch as both read-only storage and
 * writable storage, whatever the ranges, so such a kernel runs in its read_write variant.
 */
function sharesWritableBuffer(step: KernelStep, bound: readonly Bound[]): boolean {
  let written: Set<GPUBuffer> | undefined;
  for (const [i, b] of step.bindings.entries()) {
    if (b.access === 'read_write') (written ??= new Set()).add(bound[i].slice.buffer);
  }
  if (!written) return false;
  return step.bindings.some((b, i) => b.access === 'read' && written.has(bound[i].slice.buffer));
}

/**
 * In a read_write variant every binding is writable, and WebGPU rejects two writable bindings of
 * overlapping ranges: an array bound twice (`x * x`) would be. Each repeat after the first is
 * bound to a copy in a buffer of its own instead (recorded in order, so it sees earlier writes).
 */
function separateRepeatedRanges(rt: GpuRuntime, label: string, bound: readonly Bound[], scratch: GpuSlice[]): Bound[] {
  return bound.map((b, i) => {
    const repeated = bound.slice(0, i).some((a) => a.slice.buffer === b.slice.buffer && a.slice.offset === b.slice.offset);
    if (!repeated) return b;
    const copy = rt.pool.acquire(b.bytes, STORAGE_USAGE, 'encoder', 'fluxion.repeat', true);
    scratch.push(copy);
    rt.queue.copy(label, b.slice, copy, b.bytes);
    return { slice: copy, bytes: b.bytes };
  });
}

/** WGSL of a kernel with its read-only bindings declared read_write (see sharesWritableBuffer). */
const readWriteVariant = (wgsl: string): string => wgsl.replaceAll('var<storage, read>', 'var<storage, read_write>');

/**
 * The pipeline of a kernel, cached by WGSL text (a shape-specialised kernel text is its own key).
 * Layouts are explicit, from the bindings' access modes, rather than 'auto': 'auto' drops
 * bindings the shader never touches and then the bind group built from `bindings` would not
 * match; explicit layouts are also shared by every kernel with the same access pattern.
 * `allWritable` asks for the read_write variant: every binding writable in layout and WGSL.
 * The cache keeps the MAX_PIPELINES most recently used (queue.ts).
 */
function pipelineFor(rt: GpuRuntime, step: KernelStep, programName: string, debug: number, allWritable = false):
  { pipeline: GPUComputePipeline; layout: GPUBindGroupLayout; layoutKey: string; created: Promise<CheckResult> } {
  const key = step.bindings.map((b) => (b.access === 'read' && !allWritable ? 'r' : 'w')).join('');
  let layouts = rt.layouts.get(key);
  if (!layouts) {
    const bgl = rt.device.createBindGroupLayout({
      label: `fluxion.${key}`,
      entries: [...key].map((access, i) => ({
        binding: i,
        visibility: GPUShaderStage.COMPUTE,
        buffer: { type: access === 'r' ? 'read-only-storage' : 'storage' },
      })),
    });
    layouts = { bgl, pl: rt.device.createPipelineLayout({ bindGroupLayouts: [bgl] }) };
    rt.layouts.set(key, layouts);
  }
  // An injected fault (fault-injection.ts) builds a broken pipeline outside the cache.
  const injected = takeKernelFault(programName, step.name);
  const variant = allWritable ? readWriteVariant(step.wgsl) : step.wgsl;
  let entry = injected ? undefined : rt.pipelines.get(variant);
  if (!entry) {
    const wgsl = injected ? variant + INJECTED_FAULT_WGSL : variant;
    if (debug >= 4) debugLog(`WGSL of ${step.name} (${programName}):\n${wgsl}`);
    const t0 = performance.now();
    // Shader and pipeline errors are reported asynchronously; the scope ties them to this
    // kernel, and every submission that dispatches it waits on the outcome (submission.ts).
    rt.device.pushErrorScope('validation');
    const module = rt.device.createShaderModule({ label: step.name, code: wgsl });
    const pipeline = rt.device.createComputePipeline({ label: step.name, layout: layouts.pl, compute: { module, entryPoint: 'main' } });
    const created = rt.device.popErrorScope().then((err) => {
      if (!err) return undefined;
      if (rt.pipelines.get(variant)?.pipeline === pipeline) rt.pipelines.delete(variant);
      return err.message;
    });
    entry = { pipeline, created };
    if (!injected) rt.pipelines.set(variant, entry);
    rt.pipelinesCreated++;
    if (debug >= 1) debugLog(`pipeline ${step.name} (${programName}${allWritable ? ', read_write variant' : ''}): ${(performance.now() - t0).toFixed(1)} ms`);
  }
  return { pipeline: entry.pipeline, layout: layouts.bgl, layoutKey: key, created: entry.created };
}

/** The error every result of a submit carries when one of its kernels did not compile. */
function compileFailure(program: Program, step: KernelStep, message: string, sub: Submission): KernelError {
  const types = `(${program.inputs.join(', ')}) → (${program.outputs.join(', ')})`;
  return new KernelError(
    `fluxion: kernel ${step.name} of ${program.name} ${types} failed to compile, so the WebGPU submit that ` +
    `ran it [${describeLabels(sub.labels)}] did not run: ${message.trim()}\n` +
    'Every result of that submit is invalid and throws this error when read; later work is unaffected. ' +
    'This is a fluxion bug: please report it with the kernel\'s WGSL (FLUXION_DEBUG=4 prints it); ' +
    'FLUXION_BACKEND=cpu computes on the CPU meanwhile.');
}

/** Most distinct bind groups kept; beyond it the oldest go (Map order is insertion order). */
const MAX_BIND_GROUPS = 4096;

/** A bind group over `bound`, cached (see GpuRuntime.bindGroups for why). */
function bindGroupFor(rt: GpuRuntime, layout: GPUBindGroupLayout, layoutKey: string, bound: readonly Bound[]): GPUBindGroup {
  let key = layoutKey;
  for (const b of bound) key += `|${rt.bufferId(b.slice.buffer)}@${b.slice.offset}:${b.bytes}`;
  let bg = rt.bindGroups.get(key);
  if (!bg) {
    bg = rt.device.createBindGroup({
      layout,
      entries: bound.map(({ slice, bytes }, i) => ({ binding: i, resource: { buffer: slice.buffer, offset: slice.offset, size: bytes } })),
    });
    if (rt.bindGroups.size >= MAX_BIND_GROUPS) rt.bindGroups.delete(rt.bindGroups.keys().next().value!);
    rt.bindGroups.set(key, bg);
  }
  return bg;
}

/**
 * FLUXION_DEBUG>=2: per-kernel GPU time. With timestamp-query each kernel gets a pass whose
 * begin/end timestamps are resolved and read back after the program; without it each kernel is
 * submitted alone and timed from submit to onSubmittedWorkDone (includes ~50 µs of round trip).
 */
class KernelTimer {
  private readonly kernels: KernelStep[] = [];
  private readonly querySet: GPUQuerySet | undefined;
  private readonly done: Promise<number>[] = [];
  private readonly submitted: number[] = [];

  constructor(private readonly rt: GpuRuntime, private readonly program: Program) {
    const n = program.steps.filter((s) => s.kind === 'kernel').length;
    if (n > 0 && rt.ctx.features.has('timestamp-query')) {
      this.querySet = rt.device.createQuerySet({ type: 'timestamp', count: 2 * n });
    }
  }

  dispatch(step: KernelStep, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, recorded: () => void, programName: string): void {
    const label = `${programName}/${step.name}`;
    const k = this.kernels.length;
    this.kernels.push(step);
    const { queue, device } = this.rt;
    if (this.querySet) {
      queue.dispatch(label, pipeline, bindGroup, step.workgroups,
        { querySet: this.querySet, beginningOfPassWriteIndex: 2 * k, endOfPassWriteIndex: 2 * k + 1 }, recorded);
    } else {
      queue.flush(); // earlier work must not count towards this kernel
      queue.dispatch(label, pipeline, bindGroup, step.workgroups, undefined, recorded);
      queue.flush();
      this.submitted.push(performance.now());
      this.done.push(device.queue.onSubmittedWorkDone().then(() => performance.now()));
    }
  }

  finish(): void {
    const n = this.kernels.length;
    if (n === 0) return;
    const print = (us: number[]) => {
      for (const [i, s] of this.kernels.entries()) {
        const t = us[i];
        debugLog(`kernel ${s.name.padEnd(24)} ${t.toFixed(1).padStart(9)} µs  ` +
          `${(s.flops / (t * 1e3)).toFixed(2).padStart(8)} GFLOP/s  ${(s.bytes / (t * 1e3)).toFixed(2).padStart(8)} GB/s  (${this.program.name})`);
      }
    };
    if (!this.querySet) {
      void Promise.all(this.done).then((ends) =>
        print(ends.map((e, i) => e - Math.max(this.submitted[i], i > 0 ? ends[i - 1] : 0)).map((ms) => ms * 1e3)));
      return;
    }
    const { device, queue } = this.rt;
    const bytes = 16 * n;
    const resolve = device.createBuffer({ size: bytes, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    const qs = this.querySet;
    queue.record('timing', (enc) => {
      enc.resolveQuerySet(qs, 0, 2 * n, resolve, 0);
      enc.copyBufferToBuffer(resolve, 0, read, 0, bytes);
    });
    queue.flush();
    void read.mapAsync(GPUMapMode.READ).then(() => {
      const ts = new BigUint64Array(read.getMappedRange());
      print(this.kernels.map((_, i) => Number(ts[2 * i + 1] - ts[2 * i]) / 1e3));
      read.unmap();
    }, () => {}).finally(() => { read.destroy(); resolve.destroy(); qs.destroy(); });
  }
}
