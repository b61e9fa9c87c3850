/**
 * Argument validation for the public entry points. JavaScript coerces quietly ('abc' + 1, null
 * as 0, 2.5 as an index), so every public function checks what it was given before using it,
 * and a mistake becomes a named error that says which operation, what was given and what is
 * accepted, instead of NaNs or a confusing failure deeper down.
 * @example
 * import { validate } from './validate.js';
 * validate.shape('np.zeros', [2, 3]); // [2, 3]
 * validate.shape('np.zeros', [2.5]);  // throws ShapeError: np.zeros: shape [2.5] has dimension 2.5 ...
 */
import { DTYPES, DType } from './dtype.js';
import { ArgumentError, DTypeError, ShapeError } from './errors.js';
import { Tensor } from './tensor.js';

/**
 * The most elements one array may hold: kernels index elements with 32-bit integers, and host
 * typed arrays of more than 2³¹ − 1 elements fail to allocate on some engines.
 */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** A short, readable account of a JS value for error messages: `the string 'abc'`, `undefined`, `an object {a, b}`. */
export function describe(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (x instanceof Tensor) return `an array ${x.aval}`;
  switch (typeof x) {
    case 'string': return `the string ${JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x)}`;
    case 'number': return `the number ${x}`;
    case 'boolean': return `the boolean ${x}`;
    case 'bigint': return `the bigint ${x}n`;
    case 'symbol': return `the symbol ${String(x)}`;
    case 'function': return `a function${x.name ? ` (${x.name})` : ''}`;
  }
  if (Array.isArray(x)) return `an array literal of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  const name = Object.getPrototypeOf(x) === null ? 'Object' : (x as object).constructor?.name ?? 'Object';
  const keys = Object.keys(x as object);
  const shown = keys.slice(0, 4).join(', ') + (keys.length > 4 ? ', …' : '');
  return name === 'Object' ? `an object {${shown}}` : `a ${name}`;
}

const ACCEPTED_OPERANDS = 'a Tensor, a number, a boolean, a typed array, or (nested) arrays of numbers';

/** Host data an array can be made from (checked by {@link nestedData}). */
export type HostData = number | boolean | ArrayBufferView | readonly unknown[];

/**
 * Checks that `x` can be an array operand of `op`: a Tensor, number, boolean, typed array or
 * nested array (nested arrays are checked in full when they are converted). `role` says which
 * argument it is, e.g. 'the second operand'.
 */
export function operand(op: string, x: unknown, role = 'the operand'): Tensor | HostData {
  if (x instanceof Tensor || typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x)) return x;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView) && !(x instanceof BigInt64Array) && !(x instanceof BigUint64Array)) return x;
  throw new ArgumentError(`${op}: ${role} is ${describe(x)}; expected ${ACCEPTED_OPERANDS}. ` +
    (typeof x === 'string' ? 'Convert strings to numbers yourself (Number(s)) if that is what you meant.'
      : x === undefined ? 'Did you forget an argument?' : 'Pass the array or number itself.'));
}

/**
 * The shape and row-major leaves of nested JS arrays, checking that every row at one depth has
 * the same length (numpy calls ragged data an "inhomogeneous shape") and that each leaf is a
 * number or boolean.
 */
export function nestedData(op: string, data: unknown): { shape: number[]; leaves: (number | boolean)[] } {
  const shape: number[] = [];
  for (let d: unknown = data; Array.isArray(d); d = d[0]) shape.push(d.length);
  const leaves: (number | boolean)[] = [];
  const path = (idx: number[]) => idx.map((i) => `[${i}]`).join('');
  const walk = (d: unknown, depth: number, idx: number[]): void => {
    if (depth === shape.length) {
      if (Array.isArray(d)) {
        throw new ShapeError(`${op}: ragged nested data: the element at ${path(idx)} is a list, but the data's first ` +
          `entries give shape [${shape.join(', ')}]; every row must have the same length and depth.`);
      }
      if (typeof d !== 'number' && typeof d !== 'boolean') {
        throw new ArgumentError(`${op}: the element at ${path(idx) || '(top level)'} is ${describe(d)}; ` +
          `array data must be numbers or booleans.`);
      }
      leaves.push(d);
      return;
    }
    if (!Array.isArray(d) || d.length !== shape[depth]) {
      const got = Array.isArray(d) ? `a list of length ${d.length}` : describe(d);
      throw new ShapeError(`${op}: ragged nested data: the entry at ${path(idx) || '(top level)'} is ${got}, but the ` +
        `data's first entries give shape [${shape.join(', ')}] (length ${shape[depth]} at depth ${depth}); ` +
        `every row must have the same length and depth.`);
    }
    for (let i = 0; i < d.length; i++) walk(d[i], depth + 1, [...idx, i]);
  };
  walk(data, 0, []);
  return { shape, leaves };
}

/**
 * A valid shape: non-negative integer dimensions whose product fits {@link MAX_ELEMENTS}. A
 * single integer is accepted as a 1-D shape (as JAX accepts `zeros(3)`).
 */
export function shape(op: string, s: unknown, what = 'shape'): number[] {
  if (typeof s === 'number') s = [s];
  if (!Array.isArray(s)) {
    throw new ArgumentError(`${op}: ${what} is ${describe(s)}; expected an array of non-negative integers such as [2, 3] (or one integer).`);
  }
  const shown = `[${s.map((d) => (typeof d === 'string' ? JSON.stringify(d) : String(d))).join(', ')}]`;
  s.forEach((d, i) => {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ShapeError(`${op}: ${what} ${shown} has dimension ${i} equal to ${typeof d === 'number' ? d : describe(d)}; ` +
        `dimensions must be non-negative integers.`);
    }
  });
  const size = (s as number[]).reduce((a, b) => a * b, 1);
  if (size > MAX_ELEMENTS) {
    throw new ShapeError(`${op}: ${what} ${shown} holds ${size} elements, more than fluxion's limit of ${MAX_ELEMENTS} ` +
      `(2³¹ − 1) elements per array; split the work into smaller arrays.`);
  }
  return [...(s as number[])];
}

/** A known dtype name. */
export function dtype(op: string, d: unknown, what = 'dtype'): DType {
  if (typeof d === 'string' && (DTYPES as readonly string[]).includes(d)) return d as DType;
  throw new DTypeError(`${op}: ${what} ${typeof d === 'string' ? JSON.stringify(d) : describe(d)} is not a dtype fluxion knows; ` +
    `use one of ${DTYPES.map((t) => `'${t}'`).join(', ')}.`);
}

/** A dtype given positionally (`'int32'`) or as JAX's keyword argument (`{ dtype: 'int32' }`). */
export type DTypeArg = DType | { readonly dtype?: DType };

/**
 * The dtype of a `DTypeArg`, or `dflt` when it is absent (or an options object without `dtype`):
 * `np.zeros([2], 'int8')` and `np.zeros([2], { dtype: 'int8' })` mean the same, as in JAX. An
 * options object with another key is an ArgumentError naming it.
 */
export function dtypeArg(op: string, d: unknown, dflt: DType): DType {
  if (d === undefined) return dflt;
  if (typeof d === 'object' && d !== null && !Array.isArray(d)) {
    const o = options<{ dtype?: DType }>(op, d, ['dtype'], "{ dtype: 'int32' } or 'int32'");
    return o.dtype === undefined ? dflt : dtype(op, o.dtype);
  }
  return dtype(op, d);
}

/** An integer (a safe one: beyond 2⁵³ integers are not exact) within optional bounds. */
export function integer(op: string, name: string, v: unknown, { min, max }: { min?: number; max?: number } = {}): number {
  const range = min !== undefined && max !== undefined ? ` in [${min}, ${max}]`
    : min !== undefined ? ` ≥ ${min}` : max !== undefined ? ` ≤ ${max}` : '';
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || (min !== undefined && v < min) || (max !== undefined && v > max)) {
    throw new ArgumentError(`${op}: ${name} must be an integer${range}, got ${typeof v === 'number' ? v : describe(v)}.` +
      (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v) ? ` Round it explicitly (Math.floor, Math.round) if that is what you meant.` : ''));
  }
  return v;
}

/** A number (any value, NaN and ±Infinity included: they are valid fill values). */
export function number(op: string, name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new ArgumentError(`${op}: ${name} must be a number, got ${describe(v)}.`);
}

/** Resolves one axis (negative counts from the end) against rank `ndim`. */
export function axis(op: string, a: unknown, ndim: number, name = 'axis'): number {
  if (typeof a !== 'number' || !Number.isInteger(a)) {
    throw new ArgumentError(`${op}: ${name} must be an integer, got ${typeof a === 'number' ? a : describe(a)}; ` +
      `use an axis in [${-ndim}, ${ndim - 1}] for an array of rank ${ndim}.`);
  }
  const r = a < 0 ? a + ndim : a;
  if (r < 0 || r >= ndim) {
    throw new ShapeError(ndim === 0
      ? `${op}: ${name} ${a} is out of range for an array of rank 0 (a scalar has no axes); omit the ${name}.`
      : `${op}: ${name} ${a} is out of range for an array of rank ${ndim}; use an axis in [${-ndim}, ${ndim - 1}].`);
  }
  return r;
}

/**
 * Resolves an axis option: undefined / null mean every axis; a number or a list of numbers are
 * resolved and sorted; a repeated axis is an error (numpy's "duplicate value in axis").
 */
export function axes(op: string, a: unknown, ndim: number, name = 'axis'): number[] {
  if (a === undefined || a === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = (Array.isArray(a) ? a : [a]).map((x) => axis(op, x, ndim, name));
  const seen = new Set<number>();
  for (const x of list) {
    if (seen.has(x)) {
      throw new ShapeError(`${op}: repeated axis in ${name} [${(a as number[]).join(', ')}] (axis ${x} appears twice ` +
        `for an array of rank ${ndim}); list each axis once.`);
    }
    seen.add(x);
  }
  return list.sort((p, q) => p - q);
}

/** A permutation of the `ndim` axes (negative axes allowed), as transpose needs. */
export function permutation(op: string, perm: unknown, ndim: number, name = 'axes'): number[] {
  if (!Array.isArray(perm)) {
    throw new ArgumentError(`${op}: ${name} is ${describe(perm)}; expected a list of the ${ndim} axes in their new order.`);
  }
  if (perm.length !== ndim) {
    throw new ShapeError(`${op}: ${name} [${perm.join(', ')}] has ${perm.length} entries but the array has rank ${ndim}; ` +
      `give each of the ${ndim} axes exactly once (e.g. [${Array.from({ length: ndim }, (_, i) => ndim - 1 - i).join(', ')}]).`);
  }
  const r = perm.map((p) => axis(op, p, ndim, 'axis'));
  if (new Set(r).size !== ndim) {
    throw new ShapeError(`${op}: ${name} [${perm.join(', ')}] is not a permutation of the ${ndim} axes (an axis repeats); ` +
      `give each axis exactly once.`);
  }
  return r;
}

/** A function argument (for transformations). */
export function fn<F>(op: string, f: F, name = 'the function'): F {
  if (typeof f !== 'function') throw new ArgumentError(`${op}: ${name} is ${describe(f)}; pass a function, e.g. ${op}((x) => x.sum()).`);
  return f;
}

/** A plain options object (an object literal or a prototype-free record; not an array, a Tensor, a typed array or null). */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Tensor || ArrayBuffer.isView(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks an options object: absent, or a plain object whose keys are all in `allowed` (keys set to
 * undefined count as absent). An unknown key is an error naming it, because a misspelt or
 * unimplemented option (`{ keepdim: true }`, JAX's `where=`) would otherwise be ignored without a
 * word and the call would answer as if it had not been given. `example` shows a correct object.
 */
export function options<O extends object>(op: string, o: unknown, allowed: readonly string[], example: string): Partial<O> {
  if (o === undefined) return {};
  if (!isOptionsObject(o)) {
    throw new ArgumentError(`${op}: options must be an object such as ${example}, got ${describe(o)}.`);
  }
  for (const k of Object.keys(o)) {
    if (o[k] !== undefined && !allowed.includes(k)) {
      throw new ArgumentError(`${op}: unknown option '${k}'; ${op} accepts ${allowed.length ? allowed.map((a) => `'${a}'`).join(', ') : 'no options'}. ` +
        `fluxion rejects options it does not implement rather than ignore them.`);
    }
  }
  return o as Partial<O>;
}

/** One of a fixed set of string values (a mode, a distribution): anything else would fall through to a default silently. */
export function oneOf<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ArgumentError(`${op}: ${name} ${typeof v === 'string' ? `'${v}'` : describe(v)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}.`);
  }
  return v as T;
}

/** A boolean flag (1, 'true' or an object are mistakes JS would coerce quietly). */
export function boolean(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ArgumentError(`${op}: ${name} must be true or false, got ${describe(v)}.`);
  return v;
}
