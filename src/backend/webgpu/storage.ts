/**
 * Arrays whose elements live in a GPU buffer. Every element takes 4 bytes on the GPU (bool as
 * u32, int8/uint8/int16/uint16 as i32/u32 and float16/bfloat16 as f32 holding their values: WGSL
 * has no 8- or 16-bit storage without extensions); on the host bool is a Uint8Array of 0/1 and the
 * narrow types are their own typed arrays (core/dtype allocate).
 * Reading is asynchronous only: mapping a buffer needs the GPU to finish, so there is no readSync
 * and `dataSync()` on a GPU array throws, naming `await x.data()`.
 */
import { allocate, float32ToHalf, halfToFloat32, type TypedArray } from '../../core/dtype.js';
import type { ShapedArray } from '../../core/shape.js';
import { ConcreteArray, type Storage } from '../../core/tensor.js';
import { gpuBytes, halfStoredOnGpu } from '../../compiler/program.js';
import { READBACK_USAGE, STORAGE_USAGE, type GpuSlice } from './buffers.js';
import { trackCreated, untrack } from './memory.js';
import { activeRuntime, type GpuRuntime } from './queue.js';
import type { Submission } from './submission.js';
import { cpuBackendAdvice } from '../../config.js';
import { BackendError, DTypeError } from '../../core/errors.js';

export class GpuStorage implements Storage {
  readonly backend = 'webgpu';
  private disposed = false;

  /**
   * `bytes` is the logical size (gpuBytes of the aval); `slice` may be larger (its size class) and
   * may be a cell of a shared slab buffer, at `slice.offset`. `submission` is the submit that
   * computes the contents (none for uploads): if it fails, so does every read of this array
   * (submission.ts).
   */
  constructor(readonly runtime: GpuRuntime, readonly slice: GpuSlice, readonly aval: ShapedArray, readonly bytes: number,
    readonly submission?: Submission) {}

  /** The GPUBuffer holding the elements, from `offset` on (shared with other small arrays when it is a slab). */
  get buffer(): GPUBuffer { return this.slice.buffer; }
  get offset(): number { return this.slice.offset; }

  get isDisposed(): boolean { return this.disposed; }

  /**
   * Copies the array into a staging buffer, submits, maps it. The array's own submission must
   * have run, else this throws that submission's KernelError (the same one on every read). The
   * readback copy may also share a submit with unrelated work that failed; the array itself is
   * then fine but the copy did not run, so the copy is made again in a submit of its own.
   */
  async read(): Promise<TypedArray> {
    const { aval, runtime } = this;
    if (aval.size === 0) return allocate(aval.dtype, 0);
    if (this.submission?.failure) throw this.submission.failure; // known already: no GPU round trip
    for (let attempt = 0; ; attempt++) {
      if (!runtime.alive) throw deadDevice('data()', aval);
      const { pool, queue } = runtime;
      const staging = pool.acquire(this.bytes, READBACK_USAGE, 'encoder', 'fluxion.readback');
      queue.copy('readback', this.slice, staging, this.bytes);
      const copiedIn = queue.submission();
      await queue.flushSoon(); // mapAsync only after the copy into `staging` is submitted
      runtime.readbacks++;
      let mapped = true;
      let mapError: unknown;
      try {
        await staging.buffer.mapAsync(GPUMapMode.READ, 0, this.bytes);
      } catch (e) {
        mapped = false;
        mapError = e;
      }
      try {
        const own = await this.submission?.verdict();
        if (own) throw own;
        const copy = await copiedIn.verdict();
        if (copy && attempt === 0) continue; // unrelated work spoiled the copy's submit: copy again
        if (copy) throw copy;
        if (!mapped) throw new BackendError(`fluxion: data(): reading a ${aval} array back from the GPU failed: ${String(mapError)}; the device may have been lost (restart, or use the CPU backend).`, { cause: mapError });
        return copyOut(staging.buffer.getMappedRange(0, this.bytes), aval);
      } finally {
        if (mapped) staging.buffer.unmap();
        pool.release(staging);
      }
    }
  }

  /** Returns the buffer to the pool. Idempotent: the finalizer and dispose() may both call it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    untrack(this);
    if (this.runtime.alive) this.runtime.pool.release(this.slice);
  }
}

/**
 * Copies mapped bytes into a fresh host array of the aval's dtype (bool: u32 → 0/1 bytes; the
 * narrow types from the 32-bit words holding their values: compiler/passes/widen-narrow.ts).
 */
function copyOut(mapped: ArrayBuffer, aval: ShapedArray): TypedArray {
  const n = aval.size;
  if (halfStoredOnGpu(aval.dtype)) return halfToFloat32(new Uint16Array(mapped, 0, n));
  switch (aval.dtype) {
    case 'float32': case 'float16': case 'bfloat16': return new Float32Array(mapped, 0, n).slice();
    case 'int32': return new Int32Array(mapped, 0, n).slice();
    case 'uint32': return new Uint32Array(mapped, 0, n).slice();
    case 'int8': case 'int16': case 'uint8': case 'uint16': {
      const out = allocate(aval.dtype, n);
      out.set(aval.dtype.startsWith('u') ? new Uint32Array(mapped, 0, n) : new Int32Array(mapped, 0, n));
      return out;
    }
    case 'bool': {
      const words = new Uint32Array(mapped, 0, n);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = words[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'float64': throw float64Error('data()');
  }
}

export const float64Error = (op: string): Error => new DTypeError(
  `fluxion: ${op}: float64 is CPU-only on WebGPU; cast to float32 or ${cpuBackendAdvice()}.`);

const deadDevice = (op: string, aval: ShapedArray): Error => new BackendError(
  `fluxion: ${op}: this ${aval} array lived on a WebGPU device that has since been released or lost, ` +
  `so its data is gone; recompute it after \`await useBackend('webgpu')\`.`);

/**
 * A scalar uploaded from the host keeps its value on the host too, so it can be read without
 * waiting — which is what lets tracing turn `x.mul(2)` into a literal inside jit instead of
 * a captured constant buffer (core/staging.ts reads scalars with readSync).
 */
class HostScalarGpuStorage extends GpuStorage {
  constructor(runtime: GpuRuntime, slice: GpuSlice, aval: ShapedArray, private readonly host: TypedArray) {
    super(runtime, slice, aval, gpuBytes(aval));
  }
  readSync(): TypedArray { return this.host; }
}

/** Wraps pool memory (already holding the data, or about to) as an array: tracked by scope() and the finalizer. */
export function wrapBuffer(runtime: GpuRuntime, slice: GpuSlice, aval: ShapedArray, host?: TypedArray,
  submission?: Submission): ConcreteArray {
  const storage = host ? new HostScalarGpuStorage(runtime, slice, aval, host)
    : new GpuStorage(runtime, slice, aval, gpuBytes(aval), submission);
  const arr = new ConcreteArray(aval, storage);
  trackCreated(arr, storage);
  return arr;
}

/**
 * Uploads host data as a GPU array (the WebGPU backend's `fromHost` hook).
 * @example const x = gpuFromHost(new Float32Array([1, 2]), new ShapedArray([2], 'float32'));
 */
export function gpuFromHost(data: TypedArray, aval: ShapedArray): ConcreteArray {
  if (aval.dtype === 'float64' || data instanceof Float64Array) throw float64Error(`uploading a ${aval} array`);
  if (data.length !== aval.size) throw new Error(`fluxion: fromHost: ${data.length} elements given for ${aval} (fluxion bug: please report; public functions check shapes first).`);
  const rt = activeRuntime(`uploading a ${aval} array`);
  const bytes = gpuBytes(aval);
  // 'host' order: writeBuffer runs before the pending encoder's commands, so the buffer must not be one they use.
  const slice = rt.pool.acquire(bytes, STORAGE_USAGE, 'host', 'fluxion.array');
  if (aval.size > 0) {
    // Elements narrower than 4 bytes travel widened to the 32-bit words the GPU holds them in;
    // float16 on an f16 device as its bits, padded to whole words.
    const words = halfStoredOnGpu(aval.dtype) ? float32ToHalf(data, Math.ceil(data.length / 2) * 2)
      : data.BYTES_PER_ELEMENT === 4 ? data : data instanceof Int8Array || data instanceof Int16Array
        ? Int32Array.from(data) : Uint32Array.from(data);
    rt.device.queue.writeBuffer(slice.buffer, slice.offset, words.buffer, words.byteOffset, Math.min(bytes, words.byteLength));
  }
  rt.uploads++;
  return wrapBuffer(rt, slice, aval, aval.ndim === 0 ? data.slice() : undefined);
}

/** The GPU storage of an array on this runtime, or undefined for a host (CPU) array. */
export function gpuStorageOf(x: ConcreteArray, op: string): GpuStorage | undefined {
  const s = x.store; // throws the clear "disposed" error
  if (!(s instanceof GpuStorage)) return undefined;
  if (!s.runtime.alive) throw deadDevice(op, x.aval);
  return s;
}
