// Tensor implements Symbol.dispose (`using x = ...`): keep the lib reference in the emitted .d.ts so
// a consumer whose `lib` lacks ESNext.Disposable still compiles fluxion's declarations.
/// <reference lib="esnext.disposable" preserve="true" />
import { DType, TypedArray, isFloat } from './dtype.js';
import { ArgumentError, BackendError, ShapeError, TracerError } from './errors.js';
import { ShapedArray, Shape, stridesOf } from './shape.js';
import type { Trace } from './trace.js';
import { cpuBackendAdvice } from '../config.js';

/**
 * Where a concrete array's elements live. The CPU interpreter keeps a typed array; the WebGPU
 * backend keeps a GPU buffer. `readSync` exists only where reading needs no waiting.
 */
export interface Storage {
  readonly backend: string;
  read(): Promise<TypedArray>;
  readSync?(): TypedArray;
  /** Resolves once the contents are computed (a device's queued work done), throwing its failure. */
  ready?(): Promise<void>;
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

  /** Resolves once the elements are computed, without copying them (`blockUntilReady` returns the array). */
  abstract ready(): Promise<void>;

  /** The elements as nested JS arrays (a number for a scalar; booleans for a bool array, as JAX's tolist). `await x.toArray()` */
  async toArray(): Promise<NestedArray> { return nest(await this.data(), this.shape, this.dtype); }

  /**
   * The single element of a size-1 array: a number, or a boolean for a bool array (as JAX's
   * `item()` gives a Python bool), so `if (await x.any().item())` reads as it should.
   * `await x.item()`; where the dtype is known, narrow with `Number(…)` or `=== true`.
   */
  async item(): Promise<number | boolean> {
    if (this.size !== 1) throw new ShapeError(`item(): expected an array with one element, got ${this.aval} (${this.size} elements); index or reduce it first (e.g. x.sum()).`);
    const v = (await this.data())[0];
    return this.dtype === 'bool' ? v !== 0 : v;
  }

  /** Releases device memory now rather than at garbage collection. Using the array afterwards throws. */
  dispose(): void {}
  [Symbol.dispose](): void { this.dispose(); }

  /**
   * Reads the array and prints it with its values on any backend (the WebGPU backend cannot read
   * synchronously, so `console.log(x)` shows only its type there).
   * @example await np.arange(3).print(); // Tensor(i32[3], [0,1,2])
   */
  async print(label?: string): Promise<void> {
    console.log(`${label ? `${label}: ` : ''}${formatTensor(this.aval, await this.data())}`);
  }

  /**
   * A Tensor has no JS primitive value: `x > 0`, `x + 1`, `Number(x)` would silently compare or
   * concatenate strings (JAX raises on a traced bool the same way). Only string conversion works,
   * so that template strings and `String(x)` describe the array.
   */
  [Symbol.toPrimitive](hint: 'string' | 'number' | 'default'): string {
    if (hint === 'string') return this.toString();
    throw this.noPrimitive(hint === 'number' ? 'a number' : 'a primitive value');
  }

  /** Throws: see `[Symbol.toPrimitive]`. */
  valueOf(): never { throw this.noPrimitive('a primitive value (valueOf)'); }

  /** Node's `console.log` / `util.inspect` show `toString()` rather than the object's internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string { return this.toString(); }

  protected noPrimitive(what: string): Error {
    return new ArgumentError(`${this.toString()} cannot be converted to ${what}: JS operators and Number() do not read arrays ` +
      '(and `if (x)` is always true for an object). Use array operations (x.gt(0), x.add(1), np.where(c, a, b)), ' +
      '`await x.item()` for a number, or `await x.data()` for all elements.');
  }
}

/** `Tensor(f32[2,2], [[1,2],[3,4]])`: floats to 6 significant digits, NaN and ±Infinity spelled out. */
export function formatTensor(aval: ShapedArray, data: TypedArray): string {
  // Not JSON.stringify: it prints Infinity and NaN as null (softplus(100) showed "null").
  const fmt = (v: NestedArray): string => (Array.isArray(v) ? `[${v.map(fmt).join(',')}]`
    : typeof v === 'number' && isFloat(aval.dtype) && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
  return `Tensor(${aval}, ${fmt(nest(data, aval.shape, aval.dtype))})`;
}

/** Numbers concrete arrays, so two arrays whose values cannot be shown still print differently. */
let nextArrayId = 1;

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
  /** A number unique to this array in the process, shown where its values cannot be. */
  readonly id = nextArrayId++;
  constructor(readonly aval: ShapedArray, private readonly storage: Storage) { super(); }

  get backend(): string { return this.storage.backend; }

  /** The backend storage; throws a clear error after dispose(). */
  get store(): Storage {
    if (this.released) {
      throw new ArgumentError(`fluxion: this ${this.aval} array was disposed and can no longer be used; ` +
        `keep a reference alive (or do not dispose it) while you still need it.`);
    }
    return this.storage;
  }

  data(): Promise<TypedArray> {
    // A promise-returning call rejects rather than throws, so `await x.data()` and `.catch` both see errors.
    try { return this.store.read(); } catch (e) { return Promise.reject(e); }
  }

  async ready(): Promise<void> { await this.store.ready?.(); }

  /** A synchronous copy, available where the data is already on the host (the CPU backend). */
  dataSync(): TypedArray { return this.hostView().slice(); }

  /** The host data itself, not a copy: for kernels that only read it. */
  hostView(): TypedArray {
    const s = this.store;
    if (!s.readSync) {
      throw new BackendError(`dataSync(): this ${this.aval} array lives on the ${s.backend} backend, which cannot read ` +
        `synchronously; use \`await x.data()\` (or ${cpuBackendAdvice()} for synchronous reads).`);
    }
    return s.readSync();
  }

  dispose(): void {
    if (!this.released) { this.released = true; this.storage.dispose(); }
  }

  /**
   * With its values where they can be read synchronously (the CPU backend); elsewhere its type, its
   * number and how to read it, e.g. `Tensor#12(f32[3] on webgpu: await x.print() or await x.data() to read)`.
   */
  toString(): string {
    const s = this.storage;
    if (this.released) return `Tensor#${this.id}(${this.aval}, disposed)`;
    if (!s.readSync) return `Tensor#${this.id}(${this.aval} on ${s.backend}: await x.print() or await x.data() to read)`;
    return formatTensor(this.aval, s.readSync());
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
  protected noPrimitive(what: string): Error {
    return new TracerError(`${this.toString()} cannot be converted to ${what}: inside ${this.trace.kind} an array has no value yet, ` +
      'and JS operators, Number() and `if (x)` cannot see it. Use array operations (x.gt(0), np.where(c, a, b)) or move the branch ' +
      'outside the transformed function and read the result there.');
  }
  data(): Promise<TypedArray> { throw this.readError('data()'); }
  ready(): Promise<void> { throw this.readError('ready()'); }
  toArray(): Promise<NestedArray> { throw this.readError('toArray()'); }
  item(): Promise<number | boolean> { throw this.readError('item()'); }
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
