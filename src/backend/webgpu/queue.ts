/**
 * Command batching and the per-device runtime state.
 *
 * Eager dispatches and jit programs append to one pending GPUCommandEncoder, which is submitted
 * when something must leave the GPU (a read), every AUTO_FLUSH_DISPATCHES dispatches, or when
 * deferred buffers pile up. Why: a submit plus its completion costs 30-60 µs on lavapipe while a
 * dispatch recorded into an open pass costs about 20 µs, and a loop of eager ops should not pay a
 * round trip per op. The periodic flush bounds how much memory waits in the deferred list and
 * lets the GPU start on long chains before the first read.
 */
import type { Jaxpr } from '../../core/jaxpr.js';
import { setHalfStorage, type Program } from '../../compiler/program.js';
import { BackendError, KernelError } from '../../core/errors.js';
import { BufferPool, STORAGE_USAGE } from './buffers.js';
import { MAX_CELL_BYTES } from './slabs.js';
import { LruCache } from '../../core/lru.js';

/** Compute pipelines kept per device (see GpuRuntime.pipelines); the FACM training step uses ~90. */
export const MAX_PIPELINES = 1024;
/** Eager programs kept per device: one per (primitive, parameters, input shapes) seen. */
export const MAX_PRIM_PROGRAMS = 2048;
import { currentContext, debugLog, type GpuContext } from './device.js';
import { Submission, describeLabels, type CheckResult } from './submission.js';
import { cpuBackendAdvice } from '../../config.js';

/** Dispatches recorded before a program boundary triggers a submit. */
export const AUTO_FLUSH_DISPATCHES = 64;

/**
 * 'shared': consecutive dispatches share one compute pass (closed by a copy or a submit);
 * 'perDispatch': each dispatch gets its own pass. Measured on lavapipe (see spec and report):
 * shared is faster for chains of small kernels, so it is the default; timing at FLUXION_DEBUG>=2
 * needs a pass per kernel for timestampWrites and switches per call.
 */
export type PassMode = 'shared' | 'perDispatch';

/** Where a copy reads or writes: a buffer from a byte offset (a pool slice is one). */
export interface BufferRange { readonly buffer: GPUBuffer; readonly offset: number }

export class CommandQueue {
  private encoder: GPUCommandEncoder | undefined;
  private pass: GPUComputePassEncoder | undefined;
  /** Commands in the pending encoder: releases are deferred while this is non-zero. */
  private pendingCommands = 0;
  private dispatchesSinceSubmit = 0;
  /** The submit being recorded: arrays recorded now point at it to learn whether it ran. */
  private pending: Submission | undefined;
  /** For copies between two cells of one slab (see copy). */
  private scratch: GPUBuffer | undefined;
  dispatches = 0;
  submits = 0;
  passMode: PassMode = 'shared';
  /** Set by the runtime: called after each submit (the pool recycles deferred buffers). */
  afterSubmit: () => void = () => {};

  constructor(private readonly device: GPUDevice, private readonly onError: (msg: string) => void) {}

  /** The submission that work recorded now belongs to (the next flush submits it). */
  submission(): Submission {
    this.pending ??= new Submission();
    return this.pending;
  }

  /** True while the pending encoder holds commands that a host write could overtake. */
  get busy(): boolean { return this.pendingCommands > 0; }

  /** The pending encoder, created on demand; `label` names the work in validation errors. */
  encoderFor(label: string): GPUCommandEncoder {
    if (!this.encoder) this.encoder = this.device.createCommandEncoder({ label: 'fluxion' });
    const labels = this.submission().labels;
    if (labels[labels.length - 1] !== label && labels.length < 32) labels.push(label);
    return this.encoder;
  }

  /**
   * Records one dispatch; `timestampWrites` forces a pass of its own (FLUXION_DEBUG>=2 timing).
   * `recorded` is told the submission the dispatch belongs to (to attach the pipeline's check).
   */
  dispatch(label: string, pipeline: GPUComputePipeline, bindGroup: GPUBindGroup, wg: readonly [number, number, number],
    timestampWrites?: GPUComputePassTimestampWrites, recorded?: (sub: Submission) => void): void {
    const enc = this.encoderFor(label);
    recorded?.(this.submission()); // before anything can flush: the submission this dispatch is in
    if (timestampWrites || this.passMode === 'perDispatch') this.endPass();
    if (!this.pass) this.pass = enc.beginComputePass(timestampWrites ? { timestampWrites } : undefined);
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, bindGroup);
    this.pass.dispatchWorkgroups(wg[0], wg[1], wg[2]);
    if (timestampWrites || this.passMode === 'perDispatch') this.endPass();
    this.pendingCommands++;
    this.dispatchesSinceSubmit++;
    this.dispatches++;
  }

  /**
   * copyBufferToBuffer in order with the dispatches (it closes an open pass). Two cells of one slab
   * are one buffer, which WebGPU does not copy within, so such a copy goes through a scratch buffer
   * (cells are at most MAX_CELL_BYTES; encoder commands run in order, so one scratch serves all).
   */
  copy(label: string, src: BufferRange, dst: BufferRange, bytes: number): void {
    const enc = this.encoderFor(label);
    this.endPass();
    if (src.buffer === dst.buffer) {
      if (!this.scratch || this.scratch.size < bytes) {
        this.scratch?.destroy();
        this.scratch = this.device.createBuffer({ label: 'fluxion.copy-scratch', size: Math.max(bytes, MAX_CELL_BYTES), usage: STORAGE_USAGE });
      }
      enc.copyBufferToBuffer(src.buffer, src.offset, this.scratch, 0, bytes);
      enc.copyBufferToBuffer(this.scratch, 0, dst.buffer, dst.offset, bytes);
    } else {
      enc.copyBufferToBuffer(src.buffer, src.offset, dst.buffer, dst.offset, bytes);
    }
    this.pendingCommands++;
  }

  /** Zero-fills `bytes` bytes from `dst.offset` on, in order with the dispatches. */
  clear(label: string, dst: BufferRange, bytes: number): void {
    const enc = this.encoderFor(label);
    this.endPass();
    enc.clearBuffer(dst.buffer, dst.offset, bytes);
    this.pendingCommands++;
  }

  /** Records an arbitrary encoder command (query resolution for timing). */
  record(label: string, fn: (enc: GPUCommandEncoder) => void): void {
    const enc = this.encoderFor(label);
    this.endPass();
    fn(enc);
    this.pendingCommands++;
  }

  /** Submits at a program boundary once enough dispatches are pending. */
  maybeFlush(): void {
    if (this.dispatchesSinceSubmit >= AUTO_FLUSH_DISPATCHES) this.flush();
  }

  private soon: Promise<void> | undefined;
  /**
   * Submits at the end of the current synchronous run of code: reads started together
   * (`Promise.all(xs.map((x) => x.data()))`) share one submit instead of one each.
   */
  flushSoon(): Promise<void> {
    if (!this.soon) {
      this.soon = Promise.resolve().then(() => { this.soon = undefined; this.flush(); });
    }
    return this.soon;
  }

  /** Submits the pending encoder, if it holds anything, and settles its submission. */
  flush(): void {
    const sub = this.pending;
    this.pending = undefined;
    if (!this.encoder) {
      sub?.markSubmitted(); // arrays recorded without commands (empty results): nothing can fail
      return;
    }
    this.endPass();
    const enc = this.encoder;
    this.encoder = undefined;
    this.pendingCommands = 0;
    this.dispatchesSinceSubmit = 0;
    // Encoding errors (a bad binding, an invalid pipeline) surface at finish/submit. The scope
    // catches them for this submission, whose results then fail with the error when read.
    this.device.pushErrorScope('validation');
    this.device.queue.submit([enc.finish()]);
    this.submits++;
    const found = this.device.popErrorScope().then((err) => err?.message);
    if (sub) {
      const labels = describeLabels(sub.labels);
      sub.addCheck(found, (message) => new KernelError(
        `fluxion: a WebGPU submit of [${labels}] failed validation, so none of it ran: ${message}\n` +
        'Every result of that submit is invalid and throws this error when read; later work is unaffected. ' +
        'This is a fluxion bug: please report it (FLUXION_DEBUG=4 prints the WGSL); FLUXION_BACKEND=cpu computes on the CPU.'));
      sub.markSubmitted();
      // Settle now rather than at the first read: the failure is logged once, and a settled
      // submission lets go of the submissions it depended on.
      void sub.verdict().then((f) => { if (f) this.onError(f.message); });
    }
    this.afterSubmit();
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = undefined;
    }
  }
}

/** Everything tied to one device: pool, queue, caches, counters. A new device gets a new runtime. */
export class GpuRuntime {
  readonly pool: BufferPool;
  readonly queue: CommandQueue;
  /**
   * Pipelines by WGSL text, each with the outcome of its creation (the error scope around it),
   * which every submission that dispatches it waits on. A pipeline whose creation failed is
   * dropped once that is known, so a later program tries again. The least recently used are
   * dropped past MAX_PIPELINES: kernels are specialised to shapes, so every new input shape adds
   * pipelines (about 1.2 MB and 110–150 ms of compiling per shape for a small jitted training
   * step on lavapipe); unbounded, a program fed many shapes held hundreds of MB. WebGPU has no
   * destroy() for pipelines: dropping the last reference lets the garbage collector release it.
   */
  readonly pipelines = new LruCache<string, { pipeline: GPUComputePipeline; created: Promise<CheckResult> }>(MAX_PIPELINES);
  /** Pipelines ever created (compiles), next to `pipelines.size` (cached now). */
  pipelinesCreated = 0;
  readonly layouts = new Map<string, { bgl: GPUBindGroupLayout; pl: GPUPipelineLayout }>();
  /**
   * Bind groups by (layout, buffers, sizes). createBindGroup costs ~37 µs on Dawn/lavapipe, more
   * than recording and running a small dispatch, and pooled buffers recur in loops, so caching
   * makes repeated eager ops and jit calls much cheaper (118 → 51 µs per small dispatch in a
   * 32-kernel chain). Keys use buffer ids, and only live buffers are ever bound, so an entry over
   * a destroyed buffer can never be hit; the cache is cleared when the pool destroys buffers only
   * so that stale entries do not keep those buffers' objects (and Dawn's memory) alive.
   */
  readonly bindGroups = new Map<string, GPUBindGroup>();
  private readonly bufferIds = new WeakMap<GPUBuffer, number>();
  private nextBufferId = 0;
  /** Compiled programs of first-order primitives, keyed by `prim|params|avals` (least recently used dropped past MAX_PRIM_PROGRAMS). */
  readonly primPrograms = new LruCache<string, Program>(MAX_PRIM_PROGRAMS);
  /** Compiled programs of jit / custom_jvp bodies. */
  jaxprPrograms = new WeakMap<Jaxpr, Program>();
  /** Loop bodies' programs (32-bit inputs; executor.ts programOfJaxpr), apart from jit's. */
  bodyPrograms = new WeakMap<Jaxpr, Program>();
  programsCompiled = 0;
  uploads = 0;
  readbacks = 0;
  /** False once the device was released or lost: buffers of this runtime are gone. */
  alive = true;

  constructor(readonly ctx: GpuContext) {
    const device = ctx.device;
    // Before any array or program of this device exists: both size buffers by it.
    setHalfStorage(ctx.halfStorage, ctx.packedHalf);
    this.queue = new CommandQueue(device, (m) => this.reportError(m));
    this.pool = new BufferPool(device, () => this.queue.busy, () => this.queue.flush());
    this.queue.afterSubmit = () => this.pool.afterSubmit();
    this.pool.onDestroy = () => this.bindGroups.clear();
  }

  /** A small stable id per buffer, for bind group cache keys. */
  bufferId(b: GPUBuffer): number {
    let id = this.bufferIds.get(b);
    if (id === undefined) this.bufferIds.set(b, (id = this.nextBufferId++));
    return id;
  }

  get device(): GPUDevice { return this.ctx.device; }

  /**
   * Logs a failed submission once, when it is found (reads of its results throw the error; this
   * line tells a user who never reads them that something failed).
   */
  reportError(msg: string): void {
    debugLog(msg);
  }
}

let runtime: GpuRuntime | undefined;

/**
 * The runtime of the current device. Throws a clear error when no device is acquired (the
 * WebGPU backend needs `await useBackend('webgpu')` first, because acquiring a device is async).
 */
export function activeRuntime(op = 'WebGPU'): GpuRuntime {
  const ctx = currentContext();
  if (runtime && runtime.ctx === ctx) return runtime;
  if (runtime) runtime.alive = false;
  runtime = ctx ? new GpuRuntime(ctx) : undefined;
  if (!runtime) {
    throw new BackendError(`fluxion: ${op} needs a WebGPU device, but none is acquired (it was never acquired, ` +
      `was released, or was lost); call \`await init()\` or \`await useBackend('webgpu')\` first, or ${cpuBackendAdvice()}.`);
  }
  return runtime;
}

/** The runtime if a device is alive, without creating or throwing (for stats). */
export function peekRuntime(): GpuRuntime | undefined {
  const ctx = currentContext();
  return runtime && runtime.ctx === ctx ? runtime : ctx ? activeRuntime() : undefined;
}
