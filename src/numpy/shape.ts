/** Shape manipulation, joining/splitting and indexing, all lowering to movement primitives. */
import { highestValue, isInteger, isUnsigned, lowestValue } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Shape, fmtShape, sizeOf } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { resultDtype } from './broadcast.js';
import { axisArgs } from './axis-args.js';

/** An axis given positionally or as `{ axis }` (numpy's positional-or-keyword axis; see axis-args.ts). */
export type AxisArg = number | { axis?: number };
/**
 * The axis of a positional-or-options argument, or `dflt` when absent (undefined). An explicit null
 * (Python's None) is refused unless `nullOk` (then it is returned as null, for the callers where JAX
 * gives None a meaning: concatenate and take flatten); it never silently means the default.
 */
function axisOf(op: string, a: unknown, dflt: number | undefined, nullOk?: false): number | undefined;
function axisOf(op: string, a: unknown, dflt: number | undefined, nullOk: true): number | null | undefined;
function axisOf(op: string, a: unknown, dflt: number | undefined, nullOk = false): number | null | undefined {
  const o = axisArgs<{ axis?: number | null }>(op, a, undefined, ['axis'], '{ axis: 0 }');
  if (Array.isArray(o.axis)) throw new ArgumentError(`${op}: takes one axis, got the list [${o.axis.join(', ')}]; pass a single integer.`);
  if (o.axis === null) {
    if (nullOk) return null;
    throw new ArgumentError(`${op}: axis null (None) is not accepted, as in JAX; pass an integer axis` +
      `${dflt === undefined ? '' : `, or omit it for the default (${dflt})`}.`);
  }
  return o.axis === undefined ? dflt : o.axis;
}

/**
 * Reshape; one dimension may be -1 (inferred).
 * @example np.reshape(np.arange(6), [2, -1]); // → [[0, 1, 2], [3, 4, 5]]
 */
export function reshape(a: ArrayLike, newShape: Shape | number): Tensor {
  const op = 'np.reshape';
  const x = operandTensor(op, a);
  const shape = typeof newShape === 'number' ? [newShape] : newShape;
  if (!Array.isArray(shape)) throw new ArgumentError(`${op}: the new shape is ${validate.describe(shape)}; expected a list of integers such as [2, -1].`);
  // -1 is the one wildcard; every other entry must be a valid dimension.
  validate.shape(op, shape.map((d) => (d === -1 ? 1 : d)), 'the new shape (with -1 read as 1)');
  const known = shape.filter((d) => d !== -1);
  const free = shape.length - known.length;
  const rest = x.size / sizeOf(known);
  if (free > 1 || (free === 1 && !Number.isInteger(rest)) || (free === 0 && sizeOf(shape) !== x.size)) {
    throw new ShapeError(`${op}: cannot reshape ${x.aval} (${x.size} elements) to ${fmtShape(shape)}; ` +
      `the sizes must multiply to ${x.size} (at most one -1).`);
  }
  return lax.reshape(x, shape.map((d) => (d === -1 ? rest : d)));
}

/** The elements as one axis. @example np.flatten(np.ones([2, 3])).shape; // → [6] */
export const flatten = (a: ArrayLike): Tensor => { const x = operandTensor('np.flatten', a); return lax.reshape(x, [x.size]); };

/**
 * Permutes axes (reverses them when `axes` is omitted); `axes` must name every axis once.
 * @example np.transpose(np.ones([2, 3])).shape; // → [3, 2]
 */
export function transpose(a: ArrayLike, axes?: number[]): Tensor {
  const x = operandTensor('np.transpose', a);
  const perm = axes === undefined || axes === null ? x.shape.map((_, i) => x.ndim - 1 - i)
    : validate.permutation('np.transpose', axes, x.ndim);
  return lax.transpose(x, perm);
}

/**
 * Moves axes to new positions: one axis, or a list of axes to a list of destinations (as
 * jnp.moveaxis; the other axes keep their order).
 * @example
 * np.moveaxis(np.ones([2, 3, 4]), 0, -1).shape;           // → [3, 4, 2]
 * np.moveaxis(np.ones([2, 3, 4]), [0, 1], [-1, -2]).shape; // → [4, 3, 2]
 */
export function moveaxis(a: ArrayLike, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const op = 'np.moveaxis';
  const x = operandTensor(op, a);
  const list = (v: unknown, name: string): number[] => {
    const l = typeof v === 'number' ? [v] : Array.isArray(v) ? v : null;
    if (l === null) throw new ArgumentError(`${op}: ${name} must be an axis or a list of axes, got ${validate.describe(v)}.`);
    const r = l.map((ax) => validate.axis(op, ax, x.ndim, name));
    if (new Set(r).size !== r.length) throw new ArgumentError(`${op}: ${name} repeats an axis ([${l.join(', ')}] for an array of rank ${x.ndim}); each axis may move once.`);
    return r;
  };
  const s = list(source, 'source'), d = list(destination, 'destination');
  if (s.length !== d.length) {
    throw new ArgumentError(`${op}: source and destination have different lengths ([${s.join(', ')}] and [${d.join(', ')}]); give one destination per axis.`);
  }
  const perm = x.shape.map((_, i) => i).filter((i) => !s.includes(i));
  d.map((to, k) => [to, s[k]] as const).sort((p, q) => p[0] - q[0]).forEach(([to, from]) => perm.splice(to, 0, from));
  return lax.transpose(x, perm);
}

/** Exchanges two axes. @example np.swapaxes(np.ones([2, 3]), 0, 1).shape; // → [3, 2] */
export function swapaxes(a: ArrayLike, a1: number, a2: number): Tensor {
  const x = operandTensor('np.swapaxes', a);
  const p = x.shape.map((_, i) => i);
  const i = validate.axis('np.swapaxes', a1, x.ndim, 'axis1'), j = validate.axis('np.swapaxes', a2, x.ndim, 'axis2');
  [p[i], p[j]] = [p[j], p[i]];
  return lax.transpose(x, p);
}

/** Inserts a size-1 axis at `axis`. @example np.expandDims(np.ones([3]), 0).shape; // → [1, 3] */
export function expandDims(a: ArrayLike, axis: AxisArg): Tensor {
  const x = operandTensor('np.expandDims', a);
  const ax = validate.axis('np.expandDims', axisOf('np.expandDims', axis, undefined), x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(ax, 0, 1);
  return lax.reshape(x, shape);
}

/** Removes size-1 axes (all of them, or the given ones). @example np.squeeze(np.ones([1, 3, 1])).shape; // → [3] */
export function squeeze(a: ArrayLike, axisOrOptions?: number | number[] | null | { axis?: number | number[] | null }): Tensor {
  const x = operandTensor('np.squeeze', a);
  const axis = axisArgs<{ axis?: number | number[] | null }>('np.squeeze', axisOrOptions, undefined, ['axis'], '{ axis: 0 }').axis;
  const axes = axis === undefined || axis === null ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
    : validate.axes('np.squeeze', axis, x.ndim);
  for (const ax of axes) {
    if (x.shape[ax] !== 1) throw new ShapeError(`np.squeeze: axis ${ax} of ${x.aval} has size ${x.shape[ax]}, not 1; only size-1 axes can be squeezed.`);
  }
  return lax.reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

/** The arrays of a list as an array of arrays (a list of Tensors, numbers or nested data). */
function arrayList(op: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs)) {
    throw new ArgumentError(`${op}: expected a list of arrays, got ${validate.describe(xs)}; pass e.g. ${op}([a, b]).`);
  }
  if (xs.length === 0) throw new ArgumentError(`${op}: needs at least one array, got an empty list.`);
  return xs.map((x, i) => operandTensor(op, x as ArrayLike, undefined, `array ${i} of the list`));
}

/**
 * Joins arrays along an existing axis (default 0), given positionally or as `{ axis }`; axis null
 * flattens every array first and joins them end to end (JAX's axis=None).
 * @example
 * np.concatenate([np.array([[1, 2]]), np.array([3])], null);       // → [1, 2, 3]
 * np.concatenate([np.ones([2]), np.zeros([3])]).shape;              // → [5]
 * np.concatenate([np.ones([2, 1]), np.zeros([2, 2])], -1).shape;    // → [2, 3]
 * np.concatenate([np.ones([2, 1]), np.zeros([2, 2])], { axis: 1 }).shape; // → [2, 3]
 */
export function concatenate(xs: ArrayLike[], axisArg: AxisArg | null | { axis?: number | null } = 0): Tensor {
  const op = 'np.concatenate';
  const axis = axisOf(op, axisArg, 0, true);
  let ts = arrayList(op, xs);
  // axis null (JAX's axis=None): every array is flattened first, then they are joined end to end.
  if (axis === null) ts = ts.map((t) => lax.reshape(t, [t.size]));
  const dtype = ts.slice(1).reduce((d, t) => resultDtype(op, lax.scalar(0, d), t), ts[0].dtype);
  if (ts.some((t) => t.ndim === 0)) {
    throw new ShapeError(`${op}: cannot join scalars (${ts.map((t) => `${t.aval}`).join(', ')}); use np.stack, or reshape them to [1].`);
  }
  const ax = validate.axis(op, axis ?? 0, ts[0].ndim);
  ts.forEach((t) => {
    if (t.ndim !== ts[0].ndim || t.shape.some((d, i) => i !== ax && d !== ts[0].shape[i])) {
      throw new ShapeError(`${op}: shapes ${ts.map((u) => fmtShape(u.shape)).join(', ')} differ outside axis ${ax}; ` +
        `all arrays must match except along the joined axis.`);
    }
  });
  return ts.length === 1 ? lax.cast(ts[0], dtype) : lax.concatenate(ts.map((t) => lax.cast(t, dtype)), ax);
}

/** Joins same-shape arrays along a new axis. @example np.stack([np.ones([2]), np.zeros([2])], { axis: 1 }).shape; // → [2, 2] */
export function stack(xs: ArrayLike[], axisArg: AxisArg = 0): Tensor {
  const op = 'np.stack';
  const axis = axisOf(op, axisArg, 0);
  const ts = arrayList(op, xs);
  const ax = validate.axis(op, axis, ts[0].ndim + 1);
  ts.forEach((t) => {
    if (t.shape.length !== ts[0].shape.length || t.shape.some((d, i) => d !== ts[0].shape[i])) {
      throw new ShapeError(`${op}: all arrays must have the same shape, got ${ts.map((u) => fmtShape(u.shape)).join(', ')}.`);
    }
  });
  return concatenate(ts.map((t) => expandDims(t, ax)), ax);
}

/**
 * Splits into `sections` equal parts, or at the given indices, along `axis`.
 * @example np.split(np.arange(6), 3); // → [[0, 1], [2, 3], [4, 5]]
 * @example np.split(np.arange(5), [1, 3]).map((p) => p.shape); // → [[1], [2], [2]]
 */
export function split(a: ArrayLike, sections: number | number[], axisArg: AxisArg = 0): Tensor[] {
  const op = 'np.split';
  const axis = axisOf(op, axisArg, 0);
  const x = operandTensor(op, a);
  const ax = validate.axis(op, axis, x.ndim);
  const n = x.shape[ax];
  let cuts: number[];
  if (typeof sections === 'number') {
    validate.integer(op, 'the number of sections', sections, { min: 1 });
    if (n % sections !== 0) throw new ShapeError(`${op}: axis ${ax} of ${x.aval} (size ${n}) does not divide into ${sections} equal sections.`);
    cuts = Array.from({ length: sections - 1 }, (_, i) => ((i + 1) * n) / sections);
  } else {
    if (!Array.isArray(sections)) {
      throw new ArgumentError(`${op}: sections is ${validate.describe(sections)}; give a number of equal parts or a list of split indices.`);
    }
    // Indices are slice bounds, as in numpy: negative counts from the end, clamped to [0, n].
    cuts = sections.map((c) => {
      validate.integer(op, 'each split index', c);
      return Math.min(Math.max(c < 0 ? c + n : c, 0), n);
    });
  }
  const bounds = [0, ...cuts, n];
  // A part whose end precedes its start is empty (x[3:1]).
  return bounds.slice(0, -1).map((s, i) => sliceAxis(x, ax, s, Math.max(s, bounds[i + 1])));
}

function sliceAxis(x: Tensor, axis: number, start: number, stop: number): Tensor {
  return lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));
}

/** One entry per leading axis: an index (drops the axis), null (all), or [start, stop, step]. */
export type SliceSpec = number | null | [number?, number?, number?];

/** A slice bound or step: an integer, or undefined/null for the default. */
function bound(op: string, v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  return validate.integer(op, what, v);
}

/**
 * Basic numpy indexing: `slice(x, [0, null, [1, -1]])` is x[0, :, 1:-1]. Negative indices
 * count from the end; steps other than 1 gather. Indices must be integers.
 * @example np.slice(np.arange(10), [[1, 8, 3]]); // → [1, 4, 7]
 */
export function slice(a: ArrayLike, specs: SliceSpec[]): Tensor {
  const op = 'np.slice';
  const x = operandTensor(op, a);
  if (!Array.isArray(specs)) {
    throw new ArgumentError(`${op}: specs is ${validate.describe(specs)}; expected one entry per leading axis, e.g. [0, null, [1, -1]].`);
  }
  if (specs.length > x.ndim) throw new ShapeError(`${op}: ${specs.length} indices for an array of rank ${x.ndim} (${x.aval}); give at most one per axis.`);
  const start: number[] = [], limit: number[] = [], drop: number[] = [];
  const strided: [number, number, number][] = [];
  x.shape.forEach((n, d) => {
    const s: unknown = specs[d];
    if (s === undefined || s === null) { start.push(0); limit.push(n); return; }
    if (typeof s === 'number') {
      validate.integer(op, `the index for axis ${d}`, s);
      const i = s < 0 ? s + n : s;
      if (i < 0 || i >= n) throw new ShapeError(`${op}: index ${s} is out of bounds for axis ${d} with size ${n}; use an index in [${-n}, ${n - 1}].`);
      start.push(i); limit.push(i + 1); drop.push(d);
      return;
    }
    if (!Array.isArray(s) || s.length > 3) {
      throw new ArgumentError(`${op}: the entry for axis ${d} is ${validate.describe(s)}; use an integer index, null (the whole axis), ` +
        `or [start, stop, step].`);
    }
    const step = bound(op, s[2], `the step for axis ${d}`) ?? 1;
    const first = bound(op, s[0], `the start for axis ${d}`), last = bound(op, s[1], `the stop for axis ${d}`);
    if (step === 0) throw new ArgumentError(`${op}: step must not be zero (axis ${d}); use a positive or negative step.`);
    const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    if (step > 0) {
      const b = clampTo(first ?? 0, 0, n), e = clampTo(last ?? n, 0, n);
      start.push(b); limit.push(Math.max(b, e));
      if (step !== 1) strided.push([d, 0, step]);
    } else {
      // Negative step: take [e+1, b] then gather it reversed with the step.
      const b = first === undefined ? n - 1 : clampTo(first, -1, n - 1);
      const e = last === undefined ? -1 : clampTo(last, -1, n - 1);
      start.push(e + 1); limit.push(Math.max(e + 1, b + 1));
      strided.push([d, -1, step]);
    }
  });
  let r = lax.slice(x, start, limit);
  for (const [d, , step] of strided) {
    const len = r.shape[d];
    const count = Math.max(0, Math.ceil(len / Math.abs(step)));
    const idx = Array.from({ length: count }, (_, i) => (step > 0 ? i * step : len - 1 + i * step));
    r = lax.gather(r, arrayFor(op, idx, { dtype: 'int32' }), d);
  }
  return drop.length ? lax.reshape(r, r.shape.filter((_, d) => !drop.includes(d))) : r;
}

/** Integer index data: an int tensor, or JS integers (never a float silently truncated to an index). */
function indexTensor(op: string, indices: ArrayLike): Tensor {
  validate.operand(op, indices, 'indices');
  if (isTensor(indices)) {
    if (indices.dtype === 'int32') return indices;
    if (isInteger(indices.dtype)) return lax.cast(indices, 'int32');
    throw new DTypeError(`${op}: indices must be integers, got ${indices.aval}; cast them with astype('int32').`);
  }
  const leaves = typeof indices === 'number' || typeof indices === 'boolean' ? [indices]
    : Array.isArray(indices) ? validate.nestedData(op, indices).leaves : Array.from(indices as unknown as Iterable<number>);
  const bad = leaves.find((v) => typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1);
  if (bad !== undefined) {
    throw new ArgumentError(`${op}: indices must be integers, got ${validate.describe(bad)}; round them explicitly ` +
      `(Math.floor / Math.round), or cast an index array with astype('int32').`);
  }
  return arrayFor(op, indices, { dtype: 'int32' });
}

/** np.take's out-of-range modes (JAX's): 'fill' (the default), 'clip' or 'wrap'. */
export type TakeMode = 'fill' | 'clip' | 'wrap';
/** np.take's options: the axis, the out-of-range mode and the fill value of mode 'fill'. */
export interface TakeOptions { axis?: number | null; mode?: TakeMode; fillValue?: number | boolean }

/** JAX's default fill of an out-of-range take: NaN, the most negative signed, the largest unsigned, true. */
function defaultFill(dtype: Tensor['dtype']): number {
  if (dtype === 'bool') return 1;
  if (!isInteger(dtype)) return NaN;
  return isUnsigned(dtype) ? highestValue(dtype) : lowestValue(dtype);
}

/**
 * Elements at `indices` along `axis` (over the flattened array when axis is omitted), as jnp.take.
 * The axis is given positionally or as `{ axis }`. Out-of-range indices follow `mode`, as in JAX:
 * - `'fill'` (the default): indices in [−n, n) count from the end when negative; any other index
 *   gives `fillValue`, by default NaN for floats, the most negative value for signed integers, the
 *   largest for unsigned ones and true for bool (JAX's defaults);
 * - `'clip'`: indices are clamped to [0, n − 1] (a negative index gives the first element, as in
 *   JAX and numpy: clip disables counting from the end);
 * - `'wrap'`: indices are taken modulo n.
 * @example
 * np.take(np.array([10, 20, 30]), [2, 0]);                 // → [30, 10]
 * np.take(np.array([[1, 2], [3, 4]]), [1], { axis: 1 });   // → [[2], [4]]
 * np.take(np.array([10, 20, 30]), [-1, 3]);                // → [30, NaN]
 * np.take(np.array([10, 20, 30]), [-1, 3], { fillValue: 0 }); // → [30, 0]
 * np.take(np.array([10, 20, 30]), [-1, 3], { mode: 'clip' }); // → [10, 30]
 * np.take(np.array([10, 20, 30]), [-1, 3], 0, { mode: 'wrap' }); // → [30, 10]
 */
export function take(a: ArrayLike, indices: ArrayLike, axisArg?: number | null | TakeOptions,
  opts?: Omit<TakeOptions, 'axis'>): Tensor {
  const op = 'np.take';
  const o = axisArgs<TakeOptions>(op, axisArg, opts, ['axis', 'mode', 'fillValue'], "{ axis: 0, mode: 'clip' }");
  if (Array.isArray(o.axis)) throw new ArgumentError(`${op}: takes one axis, got the list [${o.axis.join(', ')}]; pass a single integer.`);
  const mode = o.mode === undefined ? 'fill' : validate.oneOf(op, 'mode', o.mode, ['fill', 'clip', 'wrap'] as const);
  if (o.fillValue !== undefined && typeof o.fillValue !== 'number' && typeof o.fillValue !== 'boolean') {
    throw new ArgumentError(`${op}: fillValue must be a number or a boolean (a static scalar, as in JAX), got ${validate.describe(o.fillValue)}.`);
  }
  if (o.fillValue !== undefined && mode !== 'fill') {
    throw new ArgumentError(`${op}: fillValue is used by mode 'fill' only, but mode is '${mode}'; drop fillValue or use mode 'fill'.`);
  }
  let axis = o.axis;
  let x = operandTensor(op, a);
  const idx = indexTensor(op, indices);
  if (axis === undefined || axis === null) { x = lax.reshape(x, [x.size]); axis = 0; }
  const ax = validate.axis(op, axis, x.ndim);
  if (x.shape[ax] === 0 && idx.size > 0) {
    throw new ShapeError(`${op}: cannot take ${idx.size} index(es) from axis ${ax} of ${x.aval}, which is empty (JAX raises too); ` +
      `check the shape, or skip the take when the axis is empty.`);
  }
  const size = x.shape[ax];
  const c = (v: number) => lax.full(idx.shape, v, 'int32');
  const clamp = (t: Tensor) => lax.min(lax.max(t, c(0)), c(Math.max(size - 1, 0)));
  if (mode === 'clip') return lax.gather(x, clamp(idx), ax);
  if (mode === 'wrap') {
    const r = lax.rem(idx, c(size));
    return lax.gather(x, lax.where(lax.compare(r, c(0), 'lt'), lax.add(r, c(size)), r), ax);
  }
  const wrapped = lax.where(lax.compare(idx, c(0), 'lt'), lax.add(idx, c(size)), idx);
  const inRange = lax.where(lax.compare(wrapped, c(0), 'ge'), lax.compare(wrapped, c(size), 'lt'), lax.full(idx.shape, 0, 'bool'));
  const got = lax.gather(x, clamp(wrapped), ax);
  const fill = o.fillValue === undefined ? defaultFill(x.dtype) : Number(o.fillValue);
  // The in-range mask, shaped as the gathered result: x's axes before `ax`, the indices', x's after.
  const maskShape = [...x.shape.slice(0, ax).map(() => 1), ...idx.shape, ...x.shape.slice(ax + 1).map(() => 1)];
  const mask = lax.broadcastInDim(lax.reshape(inRange, maskShape), got.shape, maskShape.map((_, i) => i));
  return lax.where(mask, got, lax.full(got.shape, fill, x.dtype));
}
