/**
 * Counters of the WebGPU runtime, for tests (batching, pool reuse, flat memory in a loop) and for
 * benchmarks that report dispatches per step. All zero when no device is acquired.
 */
import { peekRuntime } from './queue.js';

export interface WebGpuStats {
  /** Kernel dispatches recorded since the device was acquired. */
  dispatches: number;
  /** Command-buffer submits since the device was acquired. */
  submits: number;
  /** Allocations (and their reserved bytes) held by arrays, temporaries and in-flight readbacks: one per array, whether it is a slab cell or a buffer of its own. */
  liveBuffers: number;
  liveBytes: number;
  /** The largest liveBytes since the device was acquired or resetPeakMemory() (a program's temporaries included). */
  peakLiveBytes: number;
  /** Allocations kept for reuse (free buffers and slab cells, or waiting for the next submit). */
  pooledBuffers: number;
  pooledBytes: number;
  /** Buffers ever created by the pool: flat across a loop iteration when reuse works. */
  createdBuffers: number;
  /** Compute pipelines cached now (one per distinct kernel text, at most MAX_PIPELINES). */
  pipelines: number;
  /** Compute pipelines ever created (more than `pipelines` once the cache has dropped some). */
  pipelinesCreated: number;
  /** GPUBuffers that exist now (slabs of small arrays, buffers of large ones, pooled free ones); at most MAX_GPU_BUFFERS. */
  gpuBuffers: number;
  /** Slab buffers holding small arrays. */
  slabs: number;
  /** Garbage collections the buffer pool asked for under memory pressure. */
  collections: number;
  /** Programs compiled (eager primitive signatures plus jit bodies). */
  programs: number;
  uploads: number;
  readbacks: number;
}

/**
 * A snapshot of the WebGPU runtime's counters.
 * @example const { dispatches, submits, liveBytes } = webgpuStats();
 */
export function webgpuStats(): WebGpuStats {
  const rt = peekRuntime();
  if (!rt) {
    return { dispatches: 0, submits: 0, liveBuffers: 0, liveBytes: 0, peakLiveBytes: 0, pooledBuffers: 0, pooledBytes: 0,
      createdBuffers: 0, pipelines: 0, pipelinesCreated: 0, gpuBuffers: 0, slabs: 0, collections: 0, programs: 0, uploads: 0, readbacks: 0 };
  }
  const p = rt.pool.stats();
  return {
    dispatches: rt.queue.dispatches,
    submits: rt.queue.submits,
    liveBuffers: p.liveBuffers,
    liveBytes: p.liveBytes,
    peakLiveBytes: p.peakLiveBytes,
    pooledBuffers: p.pooledBuffers,
    pooledBytes: p.pooledBytes,
    createdBuffers: p.createdBuffers,
    pipelines: rt.pipelines.size,
    pipelinesCreated: rt.pipelinesCreated,
    gpuBuffers: p.gpuBuffers,
    slabs: p.slabs,
    collections: p.collections,
    programs: rt.programsCompiled,
    uploads: rt.uploads,
    readbacks: rt.readbacks,
  };
}

/**
 * Starts measuring `webgpuStats().peakLiveBytes` afresh from the bytes live now (no-op without a
 * device): call it before a step to learn that step's high-water mark.
 * @example resetPeakMemory(); await jit(f)(x).data(); const { peakLiveBytes } = webgpuStats(); // f's high-water mark
 */
export function resetPeakMemory(): void { peekRuntime()?.pool.resetPeak(); }
