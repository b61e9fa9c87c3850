/** Making arrays: from JS data, and the usual constant/range constructors. */
import { DType, TypedArray, allocate, coerce } from '../core/dtype.js';
import { hooks } from '../core/hooks.js';
import { ShapedArray, Shape, sizeOf } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';

export type ArrayLike = Tensor | number | boolean | TypedArray | NestedNumbers;
export interface NestedNumbers extends ReadonlyArray<number | boolean | NestedNumbers> {}

function inferShape(data: unknown): number[] {
  const shape: number[] = [];
  let d: unknown = data;
  while (Array.isArray(d)) { shape.push(d.length); d = d[0]; }
  return shape;
}

const dtypeOfTyped = (t: TypedArray): DType =>
  t instanceof Float64Array ? 'float64' : t instanceof Int32Array ? 'int32' : t instanceof Uint32Array ? 'uint32'
    : t instanceof Uint8Array ? 'bool' : 'float32';

/**
 * A concrete array from JS data: nested arrays, a typed array (with `shape`), or a scalar.
 * Defaults: float32 for numbers, bool for booleans.
 * @example const x = array([[1, 2], [3, 4]]); const i = array([0, 2], { dtype: 'int32' });
 */
export function array(data: ArrayLike, opts: { dtype?: DType; shape?: Shape } = {}): Tensor {
  if (isTensor(data)) return opts.dtype ? lax.cast(data, opts.dtype) : data;
  if (ArrayBuffer.isView(data)) {
    const typed = data as TypedArray;
    const dtype = opts.dtype ?? dtypeOfTyped(typed);
    const shape = opts.shape ?? [typed.length];
    if (sizeOf(shape) !== typed.length) throw new Error(`array: ${typed.length} elements do not fill shape [${shape.join(', ')}].`);
    const out = allocate(dtype, typed.length);
    // Same dtype: a plain copy. Otherwise convert each element as a literal would be (the typed
    // array conversion of set() would store 0.5 as bool 0 and 2 as bool 2).
    if (dtypeOfTyped(typed) === dtype && dtype !== 'bool') out.set(typed);
    else for (let i = 0; i < typed.length; i++) out[i] = coerce(dtype, typed[i]);
    return hooks.fromHost(out, new ShapedArray(shape, dtype));
  }
  const shape = opts.shape ?? inferShape(data);
  const flat = (Array.isArray(data) ? (data as unknown[]).flat(Infinity) : [data]) as (number | boolean)[];
  if (flat.length !== sizeOf(shape)) {
    throw new Error(`array: ragged nested data (${flat.length} elements for inferred shape [${shape.join(', ')}]); every row must have the same length.`);
  }
  const dtype = opts.dtype ?? (typeof flat[0] === 'boolean' ? 'bool' : 'float32');
  const out = allocate(dtype, flat.length);
  flat.forEach((v, i) => { out[i] = coerce(dtype, Number(v)); });
  return hooks.fromHost(out, new ShapedArray(shape, dtype));
}

/** Converts numbers (weakly typed: they take `like`'s dtype) and data to tensors. */
export function asTensor(x: ArrayLike, likeDtype?: DType): Tensor {
  if (isTensor(x)) return x;
  if (typeof x === 'number') return lax.scalar(x, likeDtype ?? 'float32');
  return array(x);
}

export const full = (shape: Shape, value: number, dtype: DType = 'float32'): Tensor => lax.full(shape, value, dtype);
export const zeros = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 0, dtype);
export const ones = (shape: Shape, dtype: DType = 'float32'): Tensor => full(shape, 1, dtype);
export const zerosLike = (x: Tensor): Tensor => full(x.shape, 0, x.dtype);
export const onesLike = (x: Tensor): Tensor => full(x.shape, 1, x.dtype);
export const fullLike = (x: Tensor, v: number): Tensor => full(x.shape, v, x.dtype);

/**
 * Evenly spaced values in [start, stop) — `arange(n)` is 0..n-1 (int32 unless a dtype is given
 * or a bound is fractional).
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) { stop = start; start = 0; }
  if (step === 0) throw new Error('arange: step must not be zero.');
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dt = dtype ?? ([start, stop, step].every(Number.isInteger) ? 'int32' : 'float32');
  const i = lax.iota([n], 0, dt);
  if (start === 0 && step === 1) return i;
  return lax.add(lax.mul(i, lax.full([n], step, dt)), lax.full([n], start, dt));
}

/** `num` evenly spaced values from start to stop inclusive (float32). */
export function linspace(start: number, stop: number, num = 50, dtype: DType = 'float32'): Tensor {
  if (num === 1) return full([1], start, dtype);
  const data = allocate(dtype, num);
  for (let i = 0; i < num; i++) data[i] = start + ((stop - start) * i) / (num - 1);
  return hooks.fromHost(data, new ShapedArray([num], dtype));
}

/** The identity matrix. */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  return lax.cast(lax.compare(lax.iota([n, m], 0), lax.iota([n, m], 1), 'eq'), dtype);
}
