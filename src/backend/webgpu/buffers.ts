/**
 * A pool of GPU buffers keyed by (usage, size class), so eager ops and jit calls in a loop reuse
 * memory instead of creating buffers (a fresh 16 MiB buffer costs milliseconds on lavapipe, and
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
 * How a buffer will first be written. 'host' (queue.writeBuffer, mapping) must not get a buffer
 * the pending encoder may still use; 'encoder' (a command in the pending encoder) may.
 */
export type WriteOrder = 'host' | 'encoder';

export interface PoolStats {
  liveBuffers: number;
  liveBytes: number;
  pooledBuffers: number;
  pooledBytes: number;
  /** Buffers ever created by the pool (a flat count over a loop means reuse works). */
  createdBuffers: number;
}

export class BufferPool {
  private readonly free = new Map<string, GPUBuffer[]>();
  private readonly deferred = new Map<string, GPUBuffer[]>();
  private readonly live = new Map<GPUBuffer, number>();
  private liveBytes = 0;
  private pooledBuffers = 0;
  private pooledBytes = 0;
  private deferredBytes = 0;
  private created = 0;

  /**
   * @param encoderBusy whether the pending encoder holds commands (then releases are deferred)
   * @param onPressure called when deferred memory is large, to submit and recycle it; without it
   *   a loop of uploads and disposals next to one unsubmitted dispatch would grow without bound
   * @param maxPooledBytes free memory kept for reuse; beyond it released buffers are destroyed
   */
  constructor(
    private readonly device: GPUDevice,
    private readonly encoderBusy: () => boolean,
    private readonly onPressure: () => void,
    private readonly maxPooledBytes = 1 << 30,
    private readonly maxDeferredBytes = 256 << 20,
  ) {}

  /** Called when the pool destroys buffers (caches holding bind groups over them must drop those). */
  onDestroy: () => void = () => {};

  /** A buffer of at least `bytes` bytes with `usage`, from the pool or new. */
  acquire(bytes: number, usage: number, order: WriteOrder, label = 'fluxion'): GPUBuffer {
    const size = sizeClass(bytes);
    const key = `${usage}:${size}`;
    let buf = this.free.get(key)?.pop();
    if (!buf && order === 'encoder') {
      buf = this.deferred.get(key)?.pop();
      if (buf) this.deferredBytes -= size;
    }
    if (buf) {
      this.pooledBuffers--;
      this.pooledBytes -= size;
    } else {
      if (size > this.device.limits.maxBufferSize) {
        throw new Error(`fluxion: a GPU buffer of ${bytes} bytes exceeds this adapter's maxBufferSize ` +
          `(${this.device.limits.maxBufferSize} B); split the array or ${cpuBackendAdvice()}.`);
      }
      buf = this.device.createBuffer({ label, size, usage });
      this.created++;
    }
    this.live.set(buf, size);
    this.liveBytes += size;
    return buf;
  }

  /** Returns a buffer to the pool: deferred while the pending encoder may reference it. Double release is a no-op. */
  release(buf: GPUBuffer): void {
    const size = this.live.get(buf);
    if (size === undefined) return;
    this.live.delete(buf);
    this.liveBytes -= size;
    const key = `${buf.usage}:${size}`;
    if (this.encoderBusy()) {
      push(this.deferred, key, buf);
      this.deferredBytes += size;
      this.pooledBuffers++;
      this.pooledBytes += size;
      if (this.deferredBytes > this.maxDeferredBytes) this.onPressure();
    } else {
      this.toFree(key, buf, size);
    }
  }

  /** Called right after a submit: nothing deferred is referenced by an unsubmitted command any more. */
  afterSubmit(): void {
    if (this.deferred.size === 0) return;
    for (const [key, bufs] of this.deferred) {
      for (const b of bufs) {
        this.pooledBuffers--;
        this.pooledBytes -= b.size;
        this.toFree(key, b, b.size);
      }
    }
    this.deferred.clear();
    this.deferredBytes = 0;
  }

  /** Destroys every free pooled buffer (deferred ones are freed at the next submit and kept). */
  trim(): void {
    if (this.free.size > 0) this.onDestroy();
    for (const bufs of this.free.values()) {
      for (const b of bufs) {
        this.pooledBuffers--;
        this.pooledBytes -= b.size;
        b.destroy();
      }
    }
    this.free.clear();
  }

  /** Whether `buf` is currently handed out by this pool. */
  owns(buf: GPUBuffer): boolean { return this.live.has(buf); }

  stats(): PoolStats {
    return {
      liveBuffers: this.live.size,
      liveBytes: this.liveBytes,
      pooledBuffers: this.pooledBuffers,
      pooledBytes: this.pooledBytes,
      createdBuffers: this.created,
    };
  }

  private toFree(key: string, buf: GPUBuffer, size: number): void {
    if (this.pooledBytes + size > this.maxPooledBytes) {
      // Safe: not referenced by the pending encoder; Dawn keeps it alive for submitted work.
      this.onDestroy();
      buf.destroy();
      return;
    }
    push(this.free, key, buf);
    this.pooledBuffers++;
    this.pooledBytes += size;
  }
}

function push(m: Map<string, GPUBuffer[]>, key: string, buf: GPUBuffer): void {
  const list = m.get(key);
  if (list) list.push(buf);
  else m.set(key, [buf]);
}
