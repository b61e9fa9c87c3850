/**
 * A pool of GPU memory: small arrays are cells of shared slab buffers (slabs.ts: one GPUBuffer per
 * array ran the process out of memory mappings), larger ones are buffers of their own keyed by
 * (usage, size class). Eager ops and jit calls in a loop reuse memory instead of creating buffers (a fresh 16 MiB buffer costs milliseconds on lavapipe, and
 * creating buffers every step makes GPU memory climb until GC runs).
 *
 * Size classes: sizes up to 256 B share one class; above that a size is rounded up to the next
 * 1/8 step between powers of two (…, 1024, 1152, 1280, …, 2048, 2304, …). Why not plain powers of
 * two: they waste up to 50% (a 65 MiB array would take a 128 MiB buffer, which is also the largest
 * storage binding lavapipe allows); 1/8 steps waste at most 12.5% and still let arrays of nearby
 * sizes share buffers. Bindings always use the exact byte size, so a kernel's arrayLength() and
 * bounds see the array, not the padding.
 *
 * Hazard-free release: queue.writeBuffer runs at the next submit *before* the commands of the
 * pending (not yet submitted) encoder. A buffer that the pending encoder may still read, if handed
 * out again and written with writeBuffer, would be overwritten before that read. So a buffer
 * released while the encoder has commands goes to a deferred list and becomes free only after the
 * next submit. Work recorded *into the encoder* is ordered with it, so acquisitions for encoder
 * use (kernel outputs, temps, copy targets) may take deferred buffers; only host writes may not.
 */
import { cpuBackendAdvice } from '../../config.js';

import { ResourceError } from '../../core/errors.js';
import { collectGarbage } from './memory.js';
import { MAX_CELL_BYTES, Slab, cellClass, cellsPerSlab, type Cell } from './slabs.js';

/** Arrays (kernel inputs/outputs, copy source and target, clearBuffer target). */
export const STORAGE_USAGE = 0x80 /* STORAGE */ | 0x04 /* COPY_SRC */ | 0x08 /* COPY_DST */;
/** Readback staging: copied into by the encoder, then mapped for reading. */
export const READBACK_USAGE = 0x01 /* MAP_READ */ | 0x08 /* COPY_DST */;

const MIN_CLASS = 256;

/** The byte size of the pooled buffer that holds `bytes` (see the header for why 1/8 steps). */
export function sizeClass(bytes: number): number {
  if (bytes <= MIN_CLASS) return MIN_CLASS;
  const k = Math.floor(Math.log2(bytes - 1)); // bytes in (2^k, 2^(k+1)], k >= 8
  const step = 2 ** (k - 3); // 2^k / 8: a multiple of 4, as copies and bindings need
  return Math.ceil(bytes / step) * step;
}

/**
 * Most GPUBuffers (slabs, array buffers and pooled free buffers together) that may exist at once.
 * Each costs the process a memory mapping in the Vulkan driver and Linux allows ~65 530 in all
 * (vm.max_map_count); past that the process died with SIGSEGV and no message. A quarter of it
 * leaves room for everything else that maps memory. With small arrays in slabs, reaching it
 * takes ~16 000 live arrays over 64 KiB each (1 GiB or more).
 */
export const MAX_GPU_BUFFERS = 16384;

/**
 * Growth before the pool asks for a garbage collection: when it must create memory and more than
 * this many allocations (or bytes) are live, it runs the collector first, and then again only after
 * the live amount has doubled. The JS heap does not see GPU memory, so without this a loop that
 * drops its arrays lets GPU memory climb long before V8 feels any pressure to collect.
 */
export const COLLECT_AFTER_ALLOCATIONS = 4096;
export const COLLECT_AFTER_BYTES = 64 << 20;

/**
 * How a buffer will first be written. 'host' (queue.writeBuffer, mapping) must not get a buffer
 * the pending encoder may still use; 'encoder' (a command in the pending encoder) may.
 */
export type WriteOrder = 'host' | 'encoder';

/**
 * A range of GPU memory handed out by the pool: a whole buffer (offset 0) or a slab cell.
 * `size` is the reserved size (size class or cell size); the array's own byte size may be smaller.
 * Every acquisition is a new object, so a stale handle can never release someone else's memory.
 */
export interface GpuSlice {
  readonly buffer: GPUBuffer;
  readonly offset: number;
  readonly size: number;
  /** The slab this is a cell of; undefined for a buffer of its own. */
  readonly slab?: Slab;
}

export interface PoolStats {
  /** Allocations handed out (arrays, temporaries, readback staging): one per array, slab cell or not. */
  liveBuffers: number;
  liveBytes: number;
  /** The most liveBytes has been since the device was acquired or resetPeak(): arrays plus a program's temporaries at its widest. */
  peakLiveBytes: number;
  /** Allocations kept for reuse (free buffers and free slab cells) and their bytes. */
  pooledBuffers: number;
  pooledBytes: number;
  /** GPUBuffers ever created by the pool, slabs included (a flat count over a loop means reuse works). */
  createdBuffers: number;
  /** GPUBuffers that exist now: slabs, array buffers and pooled free buffers (bounded by MAX_GPU_BUFFERS). */
  gpuBuffers: number;
  /** Slabs that exist now. */
  slabs: number;
  /** Garbage collections the pool asked for (memory pressure). */
  collections: number;
}

export class BufferPool {
  /** Whole buffers: free, and released while the pending encoder may use them; keyed `${usage}:${size}`. */
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly deferred = new Map<string, GPUBuffer[]>();
  /** Slab cells by cell size: free, and deferred the same way. */
  private readonly freeCells = new Map<number, Cell[]>();
  private readonly deferredCells = new Map<number, Cell[]>();
  private readonly slabs = new Set<Slab>();
  private readonly live = new Set<GpuSlice>();
  private liveBytes = 0;
  private peakLiveBytes = 0;
  private pooledBuffers = 0;
  private pooledBytes = 0;
  private deferredBytes = 0;
  private created = 0;
  private buffers = 0;
  private collections = 0;
  private collectAtCount = COLLECT_AFTER_ALLOCATIONS;
  private collectAtBytes = COLLECT_AFTER_BYTES;
  private readonly alignment: number;

  /**
   * @param encoderBusy whether the pending encoder holds commands (then releases are deferred)
   * @param onPressure called when deferred memory is large, to submit and recycle it; without it
   *   a loop of uploads and disposals next to one unsubmitted dispatch would grow without bound
   * @param maxPooledBytes free memory in whole buffers kept for reuse; beyond it released buffers are destroyed
   * @param maxGpuBuffers see MAX_GPU_BUFFERS (smaller in specs, to reach the limit quickly)
   * @param collect runs the garbage collector and the finalizers of dropped arrays (memory.ts)
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly encoderBusy: () => boolean,
    private readonly onPressure: () => void,
    private readonly maxPooledBytes = 1 << 30,
    private readonly maxDeferredBytes = 256 << 20,
    readonly maxGpuBuffers = MAX_GPU_BUFFERS,
    private readonly collect: () => void = collectGarbage,
  ) {
    // 256 unless the device was created asking for less; cells stay 4-byte multiples either way.
    this.alignment = Math.max(4, device.limits?.minStorageBufferOffsetAlignment ?? 256);
  }

  /** Called when the pool destroys buffers (caches holding bind groups over them must drop those). */
  onDestroy: () => void = () => {};

  /**
   * GPU memory for at least `bytes` bytes with `usage`: a slab cell for small arrays, else a buffer.
   * `ownBuffer` asks for a buffer of its own even when small (a copy that must not share a slab).
   */
  acquire(bytes: number, usage: number, order: WriteOrder, label = 'fluxion', ownBuffer = false): GpuSlice {
    const size = sizeClass(bytes);
    const slice = usage === STORAGE_USAGE && size <= MAX_CELL_BYTES && !ownBuffer
      ? this.acquireCell(bytes, cellClass(size, this.alignment), order)
      : this.acquireBuffer(bytes, size, usage, order, label);
    this.live.add(slice);
    this.liveBytes += slice.size;
    this.peakLiveBytes = Math.max(this.peakLiveBytes, this.liveBytes);
    return slice;
  }

  /** Returns memory to the pool: deferred while the pending encoder may reference it. Double release is a no-op. */
  release(slice: GpuSlice): void {
    if (!this.live.delete(slice)) return;
    const { size, slab } = slice;
    this.liveBytes -= size;
    this.pooledBuffers++;
    this.pooledBytes += size;
    if (slab) slab.live--;
    if (this.encoderBusy()) {
      if (slab) {
        slab.deferred++;
        push(this.deferredCells, size, { slab, offset: slice.offset });
      } else {
        push(this.deferred, keyOf(slice.buffer.usage, size), slice.buffer);
      }
      this.deferredBytes += size;
      if (this.deferredBytes > this.maxDeferredBytes) this.onPressure();
    } else if (slab) {
      push(this.freeCells, size, { slab, offset: slice.offset });
    } else {
      this.toFree(keyOf(slice.buffer.usage, size), slice.buffer, size);
    }
  }

  /** Called right after a submit: nothing deferred is referenced by an unsubmitted command any more. */
  afterSubmit(): void {
    for (const [key, bufs] of this.deferred) {
      for (const b of bufs) this.toFree(key, b, b.size);
    }
    this.deferred.clear();
    for (const [size, cells] of this.deferredCells) {
      for (const c of cells) c.slab.deferred--;
      const free = this.freeCells.get(size);
      if (free) free.push(...cells);
      else this.freeCells.set(size, cells);
    }
    this.deferredCells.clear();
    this.deferredBytes = 0;
  }

  /**
   * Destroys every free pooled buffer and every slab with no cell in use (deferred ones are freed
   * at the next submit and kept).
   */
  trim(): void {
    let destroyed = false;
    for (const bufs of this.free.values()) {
      for (const b of bufs) {
        this.pooledBuffers--;
        this.pooledBytes -= b.size;
        this.destroy(b);
        destroyed = true;
      }
    }
    this.free.clear();
    for (const [size, cells] of this.freeCells) {
      const kept = cells.filter((c) => !c.slab.idle);
      if (kept.length === cells.length) continue;
      for (const c of cells) {
        if (!c.slab.idle) continue;
        this.pooledBuffers--;
        this.pooledBytes -= size;
        if (this.slabs.delete(c.slab)) this.destroy(c.slab.buffer);
      }
      this.freeCells.set(size, kept);
      destroyed = true;
    }
    if (destroyed) this.onDestroy();
  }

  /** Starts measuring the peak of live bytes afresh, from what is live now. */
  resetPeak(): void { this.peakLiveBytes = this.liveBytes; }

  /** Whether `slice` is currently handed out by this pool. */
  owns(slice: GpuSlice): boolean { return this.live.has(slice); }

  stats(): PoolStats {
    return {
      liveBuffers: this.live.size,
      liveBytes: this.liveBytes,
      peakLiveBytes: this.peakLiveBytes,
      pooledBuffers: this.pooledBuffers,
      pooledBytes: this.pooledBytes,
      createdBuffers: this.created,
      gpuBuffers: this.buffers,
      slabs: this.slabs.size,
      collections: this.collections,
    };
  }

  private acquireCell(bytes: number, cellSize: number, order: WriteOrder): GpuSlice {
    const cell = this.takeCell(cellSize, order) ??
      this.grow(bytes, () => this.takeCell(cellSize, order), () => this.newSlab(cellSize));
    cell.slab.live++;
    return { buffer: cell.slab.buffer, offset: cell.offset, size: cellSize, slab: cell.slab };
  }

  private takeCell(cellSize: number, order: WriteOrder): Cell | undefined {
    let cell = this.freeCells.get(cellSize)?.pop();
    if (!cell && order === 'encoder') {
      cell = this.deferredCells.get(cellSize)?.pop();
      if (cell) {
        cell.slab.deferred--;
        this.deferredBytes -= cellSize;
      }
    }
    if (cell) {
      this.pooledBuffers--;
      this.pooledBytes -= cellSize;
    }
    return cell;
  }

  /** A new slab of `cellSize` cells: one is returned, the others go to the free list. */
  private newSlab(cellSize: number): Cell {
    const cells = cellsPerSlab(cellSize);
    const slab = new Slab(this.create(cellSize * cells, STORAGE_USAGE, `fluxion.slab${cellSize}`), cellSize, cells);
    this.slabs.add(slab);
    const free = this.freeCells.get(cellSize) ?? [];
    this.freeCells.set(cellSize, free);
    // Pushed in reverse so cells are handed out from offset 0 upwards.
    for (let k = cells - 1; k >= 1; k--) free.push({ slab, offset: k * cellSize });
    this.pooledBuffers += cells - 1;
    this.pooledBytes += (cells - 1) * cellSize;
    return { slab, offset: 0 };
  }

  private acquireBuffer(bytes: number, size: number, usage: number, order: WriteOrder, label: string): GpuSlice {
    const key = keyOf(usage, size);
    let buf = this.takeBuffer(key, size, order);
    if (!buf) {
      if (size > this.device.limits.maxBufferSize) {
        throw new ResourceError(`fluxion: a GPU buffer of ${bytes} bytes exceeds this adapter's maxBufferSize ` +
          `(${this.device.limits.maxBufferSize} B); split the array or use FLUXION_BACKEND=cpu.`);
      }
      buf = this.grow(bytes, () => this.takeBuffer(key, size, order), () => this.create(size, usage, label));
    }
    return { buffer: buf, offset: 0, size };
  }

  private takeBuffer(key: string, size: number, order: WriteOrder): GPUBuffer | undefined {
    let buf = this.free.get(key)?.pop();
    if (!buf && order === 'encoder') {
      buf = this.deferred.get(key)?.pop();
      if (buf) this.deferredBytes -= size;
    }
    if (buf) {
      this.pooledBuffers--;
      this.pooledBytes -= size;
    }
    return buf;
  }

  /**
   * Called when nothing free fits and the pool would create memory (`make`). Under pressure it
   * first collects dropped arrays, whose finalizers release memory into the free lists, and tries
   * `take` again; at the buffer limit it then destroys pooled buffers of other sizes, and throws
   * a ResourceError if that is not enough.
   */
  private grow<T>(bytes: number, take: () => T | undefined, make: () => T): T {
    const atLimit = this.buffers >= this.maxGpuBuffers;
    // Lowered again once arrays were disposed, so a later loop is collected from the minimum on.
    this.collectAtCount = Math.min(this.collectAtCount, Math.max(COLLECT_AFTER_ALLOCATIONS, 2 * this.live.size));
    this.collectAtBytes = Math.min(this.collectAtBytes, Math.max(COLLECT_AFTER_BYTES, 2 * this.liveBytes));
    if (atLimit || this.live.size >= this.collectAtCount || this.liveBytes >= this.collectAtBytes) {
      this.collections++;
      this.collect();
      // Arrays freed while commands are pending were deferred: submit, so they become reusable now.
      if (this.deferredBytes > 0) this.onPressure();
      // Doubling: a loop that really holds more and more arrays is not collected at every step.
      this.collectAtCount = Math.max(COLLECT_AFTER_ALLOCATIONS, 2 * this.live.size);
      this.collectAtBytes = Math.max(COLLECT_AFTER_BYTES, 2 * this.liveBytes);
      const reused = take();
      if (reused !== undefined) return reused;
    }
    if (this.buffers < this.maxGpuBuffers) return make();
    this.trim();
    if (this.buffers < this.maxGpuBuffers) return make();
    throw new ResourceError(`fluxion: allocating ${bytes} B of GPU memory: ${this.buffers} GPU buffers exist, the ` +
      `limit of ${this.maxGpuBuffers} (each costs a memory mapping and the OS allows about 65 530 per process), ` +
      `holding ${this.live.size} live arrays and temporaries (${(this.liveBytes / 2 ** 20).toFixed(1)} MiB) after ` +
      `collecting dropped ones. Free memory deterministically: wrap each loop step in \`scope(() => ...)\`, ` +
      `dispose() arrays you no longer need, or run the step under \`jit\`.`);
  }

  private create(size: number, usage: number, label: string): GPUBuffer {
    const buf = this.device.createBuffer({ label, size, usage });
    this.created++;
    this.buffers++;
    return buf;
  }

  private destroy(buf: GPUBuffer): void {
    buf.destroy();
    this.buffers--;
  }

  /** Puts a released buffer (already counted as pooled) on its free list, or destroys it past maxPooledBytes. */
  private toFree(key: string, buf: GPUBuffer, size: number): void {
    if (this.pooledBytes > this.maxPooledBytes) {
      // Safe: not referenced by the pending encoder; Dawn keeps it alive for submitted work.
      this.onDestroy();
      this.pooledBuffers--;
      this.pooledBytes -= size;
      this.destroy(buf);
      return;
    }
    push(this.free, key, buf);
  }
}

const keyOf = (usage: number, size: number): string => `${usage}:${size}`;

function push<K, V>(m: Map<K, V[]>, key: K, v: V): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}
