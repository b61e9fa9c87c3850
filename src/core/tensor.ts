import { DType, TypedArray, isFloat } from './dtype.js';
import { ShapedArray, Shape, stridesOf } from './shape.js';
import type { Trace } from './trace.js';
import { TracerError } from './errors.js';

/**
 * Where a concrete array's elements live. The CPU interpreter keeps a typed array; the WebGPU
 * backend keeps a GPU buffer. `readSync` exists only where reading needs no waiting.
 */
export interface Storage {
  readonly backend: string;
  read(): Promise<TypedArray>;
  readSync?(): TypedArray;
  dispose(): void;
}

/**
 * An immutable n-dimensional array: either concrete data ({@link ConcreteArray}) or a
 * {@link Tracer} standing for a value inside a transformation. Operations are free functions
 * in `numpy` and the same functions as chainable methods (`x.mul(2).sin()`), which
 * `numpy/methods.ts` installs on this class.
 */
export abstract class Tensor {
  abstract readonly aval: ShapedArray;
  get shape(): Shape { return this.aval.shape; }
  get dtype(): DType { return this.aval.dtype; }
  get ndim(): number { return this.aval.ndim; }
  get size(): number { return this.aval.size; }

  /** Copies the elements to the host, row-major. `await x.data()` */
  abstract data(): Promise<TypedArray>;

  /** The elements as nested JS arrays (a number for a scalar). `await x.toArray()` */
  async toArray(): Promise<NestedArray> { return nest(await this.data(), this.shape, this.dtype); }

  /** The single element of a size-1 array. `await x.item()` */
  async item(): Promise<number> {
    if (this.size !== 1) throw new Error(`item(): expected an array with one element, got ${this.aval}; index or reduce it first.`);
    return (await this.data())[0];
  }

  /** Releases device memory now rather than at garbage collection. Using the array afterwards throws. */
  dispose(): void {}
  [Symbol.dispose](): void { this.dispose(); }
}

export type NestedArray = number | boolean | NestedArray[];

function nest(data: TypedArray, shape: Shape, dtype: DType): NestedArray {
  const conv = (v: number): number | boolean => (dtype === 'bool' ? v !== 0 : v);
  if (shape.length === 0) return conv(data[0]);
  const strides = stridesOf(shape);
  const build = (dim: number, offset: number): NestedArray[] => {
    const out: NestedArray[] = [];
    for (let i = 0; i < shape[dim]; i++) {
      const o = offset + i * strides[dim];
      out.push(dim === shape.length - 1 ? conv(data[o]) : build(dim + 1, o));
    }
    return out;
  };
  return build(0, 0);
}

/** An array with data, living on some backend. */
export class ConcreteArray extends Tensor {
  private released = false;
  constructor(readonly aval: ShapedArray, private readonly storage: Storage) { super(); }

  get backend(): string { return this.storage.backend; }

  /** The backend storage; throws a clear error after dispose(). */
  get store(): Storage {
    if (this.released) {
      throw new Error(`fluxion: this ${this.aval} array was disposed and can no longer be used; ` +
        `keep a reference alive (or do not dispose it) while you still need it.`);
    }
    return this.storage;
  }

  data(): Promise<TypedArray> {
    // A promise-returning call rejects rather than throws, so `await x.data()` and `.catch` both see errors.
    try { return this.store.read(); } catch (e) { return Promise.reject(e); }
  }

  /** A synchronous copy, available where the data is already on the host (the CPU backend). */
  dataSync(): TypedArray { return this.hostView().slice(); }

  /** The host data itself, not a copy: for kernels that only read it. */
  hostView(): TypedArray {
    const s = this.store;
    if (!s.readSync) {
      throw new Error(`dataSync(): this ${this.aval} array lives on the ${s.backend} backend, which cannot read ` +
        `synchronously; use \`await x.data()\` (or FLUXION_BACKEND=cpu for synchronous reads).`);
    }
    return s.readSync();
  }

  dispose(): void {
    if (!this.released) { this.released = true; this.storage.dispose(); }
  }

  toString(): string {
    const s = this.storage;
    if (this.released || !s.readSync) return `Tensor(${this.aval})`;
    // Not JSON.stringify: it prints Infinity and NaN as null (softplus(100) showed "null").
    const fmt = (v: NestedArray): string => (Array.isArray(v) ? `[${v.map(fmt).join(',')}]`
      : typeof v === 'number' && isFloat(this.dtype) && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
    return `Tensor(${this.aval}, ${fmt(nest(s.readSync(), this.shape, this.dtype))})`;
  }
}

/**
 * A value standing for an array inside a transformation. Each tracer belongs to one trace;
 * using it after that trace has finished is an "escaped tracer" error.
 *
 * Reading a tracer throws a TracerError at the call, synchronously, even from the
 * promise-returning readers: `x.data()` without `await` inside a jit body would otherwise leave
 * a rejected promise nobody handles, which kills Node with an unhandled rejection instead of
 * failing the trace with a message.
 */
export abstract class Tracer extends Tensor {
  abstract readonly trace: Trace;
  data(): Promise<TypedArray> { throw this.readError('data()'); }
  toArray(): Promise<NestedArray> { throw this.readError('toArray()'); }
  item(): Promise<number> { throw this.readError('item()'); }
  /** Present so that `x.dataSync()` on a tracer names the problem instead of "not a function". */
  dataSync(): TypedArray { throw this.readError('dataSync()'); }
  toString(): string { return `Tracer<${this.trace.kind}>(${this.aval})`; }

  private readError(method: string): TracerError {
    return new TracerError(
      `${method}: cannot read the values of a traced ${this.aval} inside ${this.trace.kind}; tracers are ` +
      `abstract (their values do not exist while the function is being traced). Return the array from the ` +
      `transformed function and read it outside, e.g. \`const y = jit(f)(x); await y.data()\`.`);
  }
}

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor;
