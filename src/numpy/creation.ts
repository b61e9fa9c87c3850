/** Making arrays: from JS data, and the usual constant/range constructors. */
import { DType, TypedArray, allocate, coerce, integerRange, isFloat, isInteger } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { hooks } from '../core/hooks.js';
import { ShapedArray, Shape, fmtShape, shapesEqual, sizeOf } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import * as validate from '../core/validate.js';

export type ArrayLike = Tensor | number | boolean | TypedArray | NestedNumbers;
export interface NestedNumbers extends ReadonlyArray<number | boolean | NestedNumbers> {}

/** The dtype of a typed array's own element type (a Uint8Array is uint8, as numpy's uint8 arrays are). */
const dtypeOfTyped = (t: ArrayBufferView): DType =>
  t instanceof Float64Array ? 'float64' : t instanceof Int32Array ? 'int32' : t instanceof Uint32Array ? 'uint32'
    : t instanceof Uint8Array || t instanceof Uint8ClampedArray ? 'uint8' : t instanceof Int8Array ? 'int8'
      : t instanceof Int16Array ? 'int16' : t instanceof Uint16Array ? 'uint16' : 'float32';

/**
 * A concrete array from JS data: nested arrays, a typed array (with `shape`), or a scalar.
 * Defaults: float32 for numbers, bool for booleans. Ragged nested data, strings, null and other
 * non-numbers are errors, not NaN.
 * @example
 * np.array([[1, 2], [3, 4]]).shape;          // → [2, 2]
 * np.array([0, 2], { dtype: 'int32' }).dtype; // → 'int32'
 * np.array([0, 2], 'int32');                  // → [0, 2]
 */
export function array(data: ArrayLike, opts: DType | { dtype?: DType; shape?: Shape | number } = {}): Tensor {
  // The dtype may come second positionally, as in jnp.array(x, 'int32'); a string there was once
  // ignored (the options object of a string has no dtype) and gave float32.
  const o = typeof opts === 'string' ? { dtype: opts }
    : validate.options<{ dtype?: DType; shape?: Shape | number }>('np.array', opts, ['dtype', 'shape'], "{ dtype: 'int32' } or 'int32'");
  return arrayFor('np.array', data, o);
}

/** {@link array}, with errors naming `op` (the public function that was called). */
export function arrayFor(op: string, data: ArrayLike, opts: { dtype?: DType; shape?: Shape | number } = {}): Tensor {
  validate.operand(op, data, 'the data');
  const wantDtype = opts.dtype === undefined ? undefined : validate.dtype(op, opts.dtype);
  const wantShape = opts.shape === undefined ? undefined : validate.shape(op, opts.shape);
  if (isTensor(data)) {
    if (wantShape && !shapesEqual(wantShape, data.shape)) {
      throw new ShapeError(`${op}: shape ${fmtShape(wantShape)} was given for an existing array ${data.aval}; reshape it instead.`);
    }
    return wantDtype ? lax.cast(data, wantDtype) : data;
  }
  if (ArrayBuffer.isView(data)) {
    const typed = data as unknown as { readonly length: number; readonly [i: number]: number };
    const dtype = wantDtype ?? dtypeOfTyped(data);
    const shape = wantShape ?? [typed.length];
    if (sizeOf(shape) !== typed.length) {
      throw new ShapeError(`${op}: ${typed.length} elements of a ${data.constructor.name} do not fill shape ${fmtShape(shape)} ` +
        `(${sizeOf(shape)} elements); give a shape whose sizes multiply to ${typed.length}.`);
    }
    const out = allocate(dtype, typed.length);
    // Same element type: a plain copy (dtypeOfTyped names no type that rounds, nor bool). Otherwise convert each element as a literal would be (the typed
    // array conversion of set() would store 0.5 as bool 0 and 2 as bool 2).
    if (dtypeOfTyped(data) === dtype) out.set(data as TypedArray);
    else for (let i = 0; i < typed.length; i++) out[i] = coerce(dtype, typed[i]);
    return hooks.fromHost(out, new ShapedArray(shape, dtype));
  }
  const { shape: inferred, leaves } = validate.nestedData(op, data);
  validate.shape(op, inferred, 'the data\'s shape');
  const shape = wantShape ?? inferred;
  if (leaves.length !== sizeOf(shape)) {
    throw new ShapeError(`${op}: ${leaves.length} elements (data of shape ${fmtShape(inferred)}) do not fill shape ${fmtShape(shape)}; ` +
      `give a shape whose sizes multiply to ${leaves.length}.`);
  }
  // Booleans alone make a bool array; any number makes it numeric (as jnp.array([True, 2]) is numeric).
  const dtype = wantDtype ?? (leaves.length > 0 && leaves.every((v) => typeof v === 'boolean') ? 'bool' : 'float32');
  const out = allocate(dtype, leaves.length);
  leaves.forEach((v, i) => { out[i] = coerce(dtype, Number(v)); });
  return hooks.fromHost(out, new ShapedArray(shape, dtype));
}

/**
 * Converts an operand of `op` to a tensor, after checking it is one (strings, undefined, null and
 * objects are errors). Numbers are weakly typed: they take `likeDtype`.
 */
export function operandTensor(op: string, x: ArrayLike, likeDtype?: DType, role?: string): Tensor {
  validate.operand(op, x, role);
  if (isTensor(x)) return x;
  if (typeof x === 'number') return lax.scalar(integerLiteral(op, x, likeDtype ?? 'float32'), likeDtype ?? 'float32');
  return arrayFor(op, x);
}

/** A literal that an integer array adopts must fit its type (JAX raises OverflowError too); wrapping would be silent. */
function integerLiteral(op: string, x: number, dtype: DType): number {
  const range = integerRange(dtype);
  if (range && Number.isInteger(x) && (x < range[0] || x > range[1])) {
    throw new ArgumentError(`${op}: the number ${x} does not fit the ${dtype} array it is combined with ` +
      `(range [${range[0]}, ${range[1]}]); cast the array first, e.g. x.astype('float32').`);
  }
  return x;
}

/**
 * Converts numbers (weakly typed: they take `likeDtype`) and data to tensors.
 * @example np.asTensor(3).dtype; // → 'float32'
 */
export const asTensor = (x: ArrayLike, likeDtype?: DType): Tensor => operandTensor('np.asTensor', x, likeDtype);

// The creation functions take their dtype positionally or as JAX's keyword, `{ dtype }`
// (validate.dtypeArg): np.zeros([2], 'int8') and np.zeros([2], { dtype: 'int8' }) are the same.

/** `value` in every element of an array of `shape`. @example np.full([2, 2], 7); // → [[7, 7], [7, 7]] */
export function full(shape: Shape | number, value: number | boolean, dtype?: validate.DTypeArg): Tensor {
  return lax.full(validate.shape('np.full', shape), validate.number('np.full', 'the fill value', value), validate.dtypeArg('np.full', dtype, 'float32'));
}
/** @example np.zeros([2, 3], { dtype: 'int32' }) */
export const zeros = (shape: Shape | number, dtype?: validate.DTypeArg): Tensor =>
  lax.full(validate.shape('np.zeros', shape), 0, validate.dtypeArg('np.zeros', dtype, 'float32'));
/** @example np.ones([2, 3]) */
export const ones = (shape: Shape | number, dtype?: validate.DTypeArg): Tensor =>
  lax.full(validate.shape('np.ones', shape), 1, validate.dtypeArg('np.ones', dtype, 'float32'));
/** Zeros of `x`'s shape, in `x`'s dtype unless one is given. @example np.zerosLike(np.ones([2]), 'int8') */
export const zerosLike = (x: ArrayLike, dtype?: validate.DTypeArg): Tensor => {
  const t = operandTensor('np.zerosLike', x);
  return lax.full(t.shape, 0, validate.dtypeArg('np.zerosLike', dtype, t.dtype));
};
/** Ones of `x`'s shape, in `x`'s dtype unless one is given. @example np.onesLike(np.zeros([2])) */
export const onesLike = (x: ArrayLike, dtype?: validate.DTypeArg): Tensor => {
  const t = operandTensor('np.onesLike', x);
  return lax.full(t.shape, 1, validate.dtypeArg('np.onesLike', dtype, t.dtype));
};
/** `v` in an array of `x`'s shape, in `x`'s dtype unless one is given. @example np.fullLike(np.zeros([2]), 3, { dtype: 'int32' }) */
export const fullLike = (x: ArrayLike, v: number | boolean, dtype?: validate.DTypeArg): Tensor => {
  const t = operandTensor('np.fullLike', x);
  return lax.full(t.shape, validate.number('np.fullLike', 'the fill value', v), validate.dtypeArg('np.fullLike', dtype, t.dtype));
};

/** A finite number argument (a bound or step: NaN or ±Infinity there has no meaning). */
function finite(op: string, name: string, v: unknown): number {
  const x = validate.number(op, name, v);
  if (!Number.isFinite(x)) throw new ArgumentError(`${op}: ${name} must be a finite number, got ${x}.`);
  return x;
}

/**
 * Evenly spaced values in [start, stop) — `arange(n)` is 0..n-1 (int32 unless a dtype is given
 * or a bound is fractional).
 * @example
 * np.arange(3);           // → [0, 1, 2]
 * np.arange(0, 1, 0.25); // → [0, 0.25, 0.5, 0.75]
 * np.arange(3, { dtype: 'int8' }); // → [0, 1, 2]
 */
export function arange(stop: number, dtype?: validate.DTypeArg): Tensor;
export function arange(start: number, stop: number, dtype?: validate.DTypeArg): Tensor;
export function arange(start: number, stop?: number, step?: number, dtype?: validate.DTypeArg): Tensor;
export function arange(start: number, stopArg?: number | validate.DTypeArg, stepArg: number | validate.DTypeArg = 1,
  dtype?: validate.DTypeArg): Tensor {
  const op = 'np.arange';
  // A dtype right after the bounds, as JAX's jnp.arange(10, dtype=jnp.int8) reads: arange(10, 'int8').
  const isDtype = (v: unknown): v is validate.DTypeArg => typeof v === 'string' || (typeof v === 'object' && v !== null);
  let stop: number | undefined, step: number;
  if (isDtype(stopArg) || isDtype(stepArg)) {
    if (dtype !== undefined || (isDtype(stopArg) && stepArg !== 1)) {
      throw new ArgumentError(`${op}: the dtype must be the last argument, given once; write np.arange(stop, dtype) or np.arange(start, stop, step, dtype).`);
    }
    dtype = isDtype(stopArg) ? stopArg : (stepArg as validate.DTypeArg);
    stop = isDtype(stopArg) ? undefined : stopArg;
    step = 1;
  } else {
    stop = stopArg;
    step = stepArg;
  }
  if (stop === undefined) { stop = start; start = 0; }
  start = finite(op, 'start', start); stop = finite(op, 'stop', stop); step = finite(op, 'step', step);
  if (step === 0) throw new ArgumentError(`${op}: step must not be zero; use a positive step to count up or a negative one to count down.`);
  const n = validate.shape(op, [Math.max(0, Math.ceil((stop - start) / step))], 'the result length')[0];
  const dt = validate.dtypeArg(op, dtype, [start, stop, step].every(Number.isInteger) ? 'int32' : 'float32');
  const i = lax.iota([n], 0, dt);
  if (start === 0 && step === 1) return i;
  return lax.add(lax.mul(i, lax.full([n], step, dt)), lax.full([n], start, dt));
}

/** np.linspace's options (JAX's keywords): the dtype, whether stop is included, and whether to return the step. */
export interface LinspaceOptions { dtype?: DType; endpoint?: boolean; retstep?: boolean }

/**
 * `num` evenly spaced values from start to stop (float32 by default), stop included unless
 * `endpoint` is false (then the step is (stop − start)/num). The dtype is given positionally or in
 * the options; an integer dtype floors the values, as JAX and numpy 2 do (linspace(0, −5, 4,
 * 'int32') is [0, −2, −4, −5]). With `retstep` it returns [values, step], the step as a scalar
 * array (NaN when num is 1 with the endpoint, as in JAX).
 * @example
 * np.linspace(0, 1, 5);                          // → [0, 0.25, 0.5, 0.75, 1]
 * np.linspace(0, 1, 4, { endpoint: false });     // → [0, 0.25, 0.5, 0.75]
 * np.linspace(0, -5, 4, 'int32');                // → [0, -2, -4, -5]
 * np.linspace(0, 1, 3, { retstep: true })[1];    // → 0.5
 */
export function linspace(start: number, stop: number, num?: number, dtypeOrOptions?: DType | (LinspaceOptions & { retstep?: false }), options?: Omit<LinspaceOptions, 'dtype'> & { retstep?: false }): Tensor;
export function linspace(start: number, stop: number, num: number, options: LinspaceOptions & { retstep: true }): [Tensor, Tensor];
export function linspace(start: number, stop: number, num: number, dtype: DType, options: Omit<LinspaceOptions, 'dtype'> & { retstep: true }): [Tensor, Tensor];
export function linspace(start: number, stop: number, num = 50, dtypeOrOptions?: DType | LinspaceOptions,
  options?: Omit<LinspaceOptions, 'dtype'>): Tensor | [Tensor, Tensor] {
  const op = 'np.linspace';
  start = finite(op, 'start', start); stop = finite(op, 'stop', stop);
  num = validate.integer(op, 'num', num, { min: 0, max: validate.MAX_ELEMENTS });
  const example = "{ dtype: 'float32', endpoint: false, retstep: true }";
  let o: Partial<LinspaceOptions>;
  if (validate.isOptionsObject(dtypeOrOptions)) {
    if (options !== undefined) throw new ArgumentError(`${op}: two options objects given; put every option in one, e.g. ${example}.`);
    o = validate.options<LinspaceOptions>(op, dtypeOrOptions, ['dtype', 'endpoint', 'retstep'], example);
  } else {
    o = { ...validate.options<LinspaceOptions>(op, options, ['endpoint', 'retstep'], '{ endpoint: false }'),
      ...(dtypeOrOptions === undefined ? {} : { dtype: validate.dtype(op, dtypeOrOptions) }) };
  }
  const dtype = validate.dtypeArg(op, o.dtype, 'float32');
  const endpoint = o.endpoint === undefined ? true : validate.boolean(op, 'endpoint', o.endpoint);
  const retstep = o.retstep === undefined ? false : validate.boolean(op, 'retstep', o.retstep);
  const div = endpoint ? num - 1 : num;
  const data = allocate(dtype, num);
  // Integer dtypes floor (JAX's lax.floor before the cast; numpy 2 too), not truncate toward zero.
  const put = isFloat(dtype) ? (v: number) => coerce(dtype, v) : (v: number) => coerce(dtype, Math.floor(v));
  for (let i = 0; i < num; i++) data[i] = put(div > 0 ? start + ((stop - start) * i) / div : start);
  if (endpoint && num > 1) data[num - 1] = put(stop);
  const values = hooks.fromHost(data, new ShapedArray([num], dtype));
  if (!retstep) return values;
  const stepDtype = isFloat(dtype) ? dtype : 'float32';
  const step = num === 0 || (num === 1 && endpoint) ? NaN : (stop - start) / div;
  return [values, full([], step, stepDtype)];
}

/** np.eye's options (JAX's keywords): the dtype and the diagonal offset k (above the main one when positive). */
export interface EyeOptions { dtype?: DType; k?: number }

/**
 * The n×m matrix with ones on diagonal k (0, the main one, by default; k > 0 above it, k < 0
 * below), as jnp.eye. The dtype is given positionally or in the options.
 * @example
 * np.eye(2); // → [[1, 0], [0, 1]]
 * np.eye(2, 3, { k: 1 }); // → [[0, 1, 0], [0, 0, 1]]
 * np.eye(2, { k: -1, dtype: 'int32' }); // → [[0, 0], [1, 0]]
 */
export function eye(n: number, m?: number | null | DType | EyeOptions, dtypeOrOptions?: DType | EyeOptions): Tensor {
  const op = 'np.eye';
  // eye(n, options) / eye(n, 'int32'): m defaults to n.
  if (typeof m === 'string' || validate.isOptionsObject(m)) {
    if (dtypeOrOptions !== undefined) throw new ArgumentError(`${op}: got ${validate.describe(m)} for m and then ${validate.describe(dtypeOrOptions)}; pass np.eye(n, m, { k, dtype }).`);
    dtypeOrOptions = m as DType | EyeOptions; m = undefined;
  }
  const o = validate.isOptionsObject(dtypeOrOptions)
    ? validate.options<EyeOptions>(op, dtypeOrOptions, ['dtype', 'k'], "{ k: 1, dtype: 'int32' }")
    : { dtype: dtypeOrOptions as DType | undefined };
  const [rows, cols] = validate.shape(op, [n, m === undefined || m === null ? n : m], 'the size [n, m] =');
  const k = o.k === undefined ? 0 : validate.integer(op, 'k', o.k);
  const dtype = validate.dtypeArg(op, o.dtype, 'float32');
  const i = lax.iota([rows, cols], 0), j = lax.iota([rows, cols], 1);
  return lax.cast(lax.compare(k === 0 ? i : lax.add(i, lax.full([rows, cols], k, i.dtype)), j, 'eq'), dtype);
}
