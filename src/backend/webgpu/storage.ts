/**
 * Arrays whose elements live in a GPU buffer. At rest an element takes its dtype's own size:
 * float32/int32/uint32 4 bytes; int8/uint8 1 and int16/uint16/bfloat16 2, packed into 32-bit
 * words in the layout of a little-endian typed array (packed.ts); float16 2 (as WGSL `f16` where
 * the device has shader-f16, else packed); bool 4 (a u32 0/1, as kernels read it). On the host bool
 * is a Uint8Array of 0/1, float16/bfloat16 a Float32Array of their values, and the integer types
 * their own typed arrays (core/dtype allocate), so uploads and readbacks only reinterpret bytes,
 * except for the float16/bfloat16 bit patterns.
 * Reading is asynchronous only: mapping a buffer needs the GPU to finish, so there is no readSync
 * and `dataSync()` on a GPU array throws, naming `await x.data()`.
 */
import { allocate, float32ToHalf, halfToFloat32, type TypedArray } from '../../core/dtype.js';
import type { ShapedArray } from '../../core/shape.js';
import { ConcreteArray, type Storage } from '../../core/tensor.js';
import { gpuBytes, halfStoredOnGpu, packedBits } from '../../compiler/program.js';
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

  /**
   * Waits for the submit that computes this array (flushing the queue so that it is submitted),
   * with no copy: jax.block_until_ready. Throws that submit's KernelError, as a read would.
   */
  async ready(): Promise<void> {
    const { aval, runtime } = this;
    if (this.submission?.failure) throw this.submission.failure;
    if (!runtime.alive) throw deadDevice('blockUntilReady()', aval);
    await runtime.queue.flushSoon();
    await runtime.device.queue.onSubmittedWorkDone();
    const own = await this.submission?.verdict();
    if (own) throw own;
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
 * Copies mapped bytes into a fresh host array of the aval's dtype (bool: u32 → 0/1 bytes; float16
 * and bfloat16 from their bit patterns; the packed integer types as they are).
 */
function copyOut(mapped: ArrayBuffer, aval: ShapedArray): TypedArray {
  const n = aval.size;
  switch (aval.dtype) {
    case 'float16': return halfStoredOnGpu('float16') || packedBits('float16')
      ? halfToFloat32(new Uint16Array(mapped, 0, n)) : new Float32Array(mapped, 0, n).slice();
    case 'bfloat16': {
      const out = new Float32Array(n);
      const bits = new Uint16Array(mapped, 0, n), words = new Uint32Array(out.buffer);
      for (let i = 0; i < n; i++) words[i] = bits[i] << 16;
      return out;
    }
    case 'float32': return new Float32Array(mapped, 0, n).slice();
    case 'int32': return new Int32Array(mapped, 0, n).slice();
    case 'uint32': return new Uint32Array(mapped, 0, n).slice();
    case 'int8': return new Int8Array(mapped, 0, n).slice();
    case 'uint8': return new Uint8Array(mapped, 0, n).slice();
    case 'int16': return new Int16Array(mapped, 0, n).slice();
    case 'uint16': return new Uint16Array(mapped, 0, n).slice();
    case 'bool': {
      const words = new Uint32Array(mapped, 0, n);
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = words[i] !== 0 ? 1 : 0;
      return out;
    }
    case 'float64': throw float64Error('data()');
  }
}

/**
 * The bytes an upload writes: the array's memory at rest, padded to whole words (see the module
 * comment). Widening never happens here; packed types go up packed.
 */
function uploadBytes(data: TypedArray, aval: ShapedArray, bytes: number): ArrayBufferView {
  const d = aval.dtype;
  if (d === 'float16' && (packedBits(d) || halfStoredOnGpu(d))) return float32ToHalf(data, Math.ceil(data.length / 2) * 2);
  if (d === 'bfloat16') {
    // Host bfloat16 values are exact (rounded when made), so their top 16 bits are the pattern.
    const f32 = data instanceof Float32Array ? data : Float32Array.from(data);
    const words = new Uint32Array(f32.buffer, f32.byteOffset, f32.length);
    const bits = new Uint16Array(Math.ceil(f32.length / 2) * 2);
    for (let i = 0; i < f32.length; i++) bits[i] = words[i] >>> 16;
    return bits;
  }
  if (d === 'bool') return Uint32Array.from(data);
  if (packedBits(d)) {
    const out = new Uint8Array(bytes);
    out.set(new Uint8Array(data.buffer, data.byteOffset, Math.min(data.byteLength, bytes)));
    return out;
  }
  return data;
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
    const words = uploadBytes(data, aval, bytes);
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
