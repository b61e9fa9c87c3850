/**
 * Argument checks shared by every sampler in this folder (index.ts's uniform and normal, and
 * categorical, choice, gamma, permutation, ...), each reporting under the sampler's own name, so an
 * error names the function the user called.
 */
import { DType, isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from '../numpy/creation.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { split } from './index.js';

/** A key (u32[2]); anything else is an ArgumentError naming `random.<op>`. */
export function checkKey(op: string, key: unknown): Tensor {
  if (!isTensor(key) || key.dtype !== 'uint32' || key.ndim !== 1 || key.shape[0] !== 2) {
    const got = isTensor(key) ? `an array ${key.aval}` : validate.describe(key);
    throw new ArgumentError(`random.${op}: expected a key (a u32[2] array from random.key(seed), random.split or ` +
      `random.foldIn), got ${got}.` + (isTensor(key) && key.ndim === 2 && key.shape[1] === 2
      ? ' This looks like a batch of keys from random.split: take one row (const [k1, k2] = keys), or vmap the sampler over the keys.' : ''));
  }
  return key;
}

/**
 * The options object of a sampler (undefined means all defaults). A dtype name alone stands for
 * `{ dtype }` where the sampler takes one, as JAX's positional dtype: random.normal(key, [3], 'float16').
 */
export function optionsOf<T extends object>(op: string, o: T | DType | undefined, example: string): T {
  if (o === undefined) return {} as T;
  if (typeof o === 'string' && example.includes('dtype')) return { dtype: o } as T;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`random.${op}: options must be an object such as ${example}, got ${validate.describe(o)}.`);
  }
  return o;
}

/**
 * A floating-point dtype for samples. `halfOk`: the sampler handles float16/bfloat16 (uniform and
 * normal do); the others compute with float32 constants (the tiny of a log, a rejection bound), so
 * they refuse the 16-bit types with the cast that gives them.
 */
export function floatDtype(op: string, d: unknown, halfOk = false): DType {
  const t = validate.dtype(`random.${op}`, d);
  if (!isFloat(t)) throw new DTypeError(`random.${op}: dtype must be floating-point ('float32' or 'float64'), got '${t}'.`);
  if (!halfOk && (t === 'float16' || t === 'bfloat16')) {
    throw new DTypeError(`random.${op}: dtype '${t}' is not sampled directly; sample float32 and cast, ` +
      `e.g. random.${op}(...).astype('${t}') (random.uniform and random.normal take '${t}').`);
  }
  return t;
}

/** A sample shape (an integer is a 1-D shape). */
export const sampleShape = (op: string, s: unknown, what = 'shape'): number[] => validate.shape(`random.${op}`, s, what);

/**
 * A distribution parameter as a floating-point array of `dtype` (integers and JS numbers are
 * converted; a float array of another width is cast, as JAX converts parameters to the sample dtype).
 */
export function floatParam(op: string, x: ArrayLike, name: string, dtype: DType): Tensor {
  // Host data is made in `dtype` directly (not via float32), so float64 parameters keep their digits.
  const t = isTensor(x) || typeof x === 'number' ? operandTensor(`random.${op}`, x, dtype, name)
    : (validate.operand(`random.${op}`, x, name), arrayFor(`random.${op}`, x, { dtype }));
  if (t.dtype === 'bool') throw new DTypeError(`random.${op}: ${name} must be numeric, got ${t.aval}.`);
  return lax.cast(t, dtype);
}

/** The dtype of the samples: the option if given, else the parameter's float dtype, else float32. */
export function sampleDtype(op: string, given: unknown, ...params: ArrayLike[]): DType {
  if (given !== undefined) return floatDtype(op, given);
  for (const p of params) if (isTensor(p) && p.dtype === 'float64') return 'float64';
  return 'float32';
}

/**
 * Checks that the parameter shapes broadcast into `shape` (JAX's _check_shape: the sample shape
 * must be the broadcast of itself with every parameter shape) and returns it.
 */
export function checkShape(op: string, shape: number[], ...params: { name: string; shape: readonly number[] }[]): number[] {
  for (const p of params) {
    let ok = p.shape.length <= shape.length;
    if (ok) {
      try {
        const b = broadcastShapes(`random.${op}`, shape, p.shape);
        ok = b.length === shape.length && b.every((d, i) => d === shape[i]);
      } catch { ok = false; }
    }
    if (!ok) {
      throw new ShapeError(`random.${op}: shape [${shape.join(', ')}] is not compatible with ${p.name} of shape ` +
        `[${p.shape.join(', ')}]; the parameter must broadcast to the sample shape (its axes matching the shape's ` +
        `trailing axes or of size 1). Omit shape to draw one sample per parameter.`);
    }
  }
  return shape;
}

/** `n` independent keys from `key` (the rows of split(key, n)). */
export function keysOf(key: Tensor, n: number): Tensor[] {
  const ks = split(key, n);
  return Array.from({ length: n }, (_, i) => lax.reshape(lax.slice(ks, [i, 0], [i + 1, 2]), [2]));
}

/** A boolean option. */
export function boolOption(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ArgumentError(`random.${op}: ${name} must be true or false, got ${validate.describe(v)}.`);
  return v;
}

/** Rejects option names a sampler does not know (a misspelt `replace` must not be ignored). */
export function knownOptions(op: string, o: object, names: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!names.includes(k)) {
      throw new ArgumentError(`random.${op}: unknown option '${k}'; the options are ${names.map((n) => `'${n}'`).join(', ')}.`);
    }
  }
}

/** What paramSampler returns: the key, the sample shape and dtype, and each parameter broadcast to the shape. */
export interface ParamDraw { k: Tensor; s: number[]; d: DType; p: Tensor[] }

/**
 * The common preamble of a sampler with distribution parameters (JAX's pattern): the key checked,
 * the options ({ dtype } or a dtype alone; unknown names rejected), the sample dtype (the option,
 * else float64 when a parameter is a float64 array, else float32), each parameter as an array of
 * that dtype, and the shape — the broadcast of the parameter shapes when omitted (null or
 * undefined), else a shape every parameter broadcasts to — with the parameters broadcast to it.
 * `computeDtype` false: the dtype option names the (integer) output, not the computation.
 */
export function paramSampler(op: string, key: unknown, params: readonly (readonly [string, ArrayLike])[], shape: unknown,
  opts: object | DType | undefined, computeDtype = true): ParamDraw & { o: { dtype?: DType } } {
  const k = checkKey(op, key);
  const o = optionsOf<{ dtype?: DType }>(op, opts as { dtype?: DType } | DType | undefined, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, computeDtype ? o.dtype : undefined, ...params.map((x) => x[1]));
  const ts = params.map(([name, v]) => floatParam(op, v, name, d));
  const s = shape === undefined || shape === null ? broadcastShapes(`random.${op}`, ...ts.map((t) => t.shape))
    : checkShape(op, sampleShape(op, shape), ...ts.map((t, i) => ({ name: params[i]![0], shape: t.shape })));
  const p = ts.map((t) => broadcastTo(t, s, `random.${op}`));
  return { k, s, d, p, o };
}
