/**
 * NumPy indexing and JAX's functional updates: `x.at(...index).get()`, `.set(v)`, `.add(v)`,
 * `.mul(v)`, `.min(v)`, `.max(v)` (and `x.get(...index)`), for every index form NumPy has:
 *
 *   x.get(1)                        x[1]            an integer (negative counts from the end)
 *   x.get('1:-1'), x.get('::-2')    x[1:-1], x[::-2] a slice, as a string ...
 *   x.get({ start: 1, step: 2 })    x[1::2]         ... or as an object (for computed bounds)
 *   x.get(np.newaxis, ':')          x[None, :]      a new axis of size 1
 *   x.get('...', 0)                 x[..., 0]       the ellipsis (also np.ellipsis)
 *   x.get(idx), x.get([0, 2])       x[idx]          integer arrays, on one or several axes
 *   x.at(mask).get({ size: 3 })     x[mask]         a boolean mask, with a static result size
 *   x.at(mask).set(0)               x.at[mask].set(0) a mask update with a scalar (or trailing-axes)
 *                                                   value: where(mask, v, x), no size needed
 *
 * Semantics are NumPy's (advanced indices broadcast together; their dims go where the first of
 * them stood when they are adjacent, else first) with JAX's out-of-range rules: get clamps
 * (`mode: 'fill'` reads `fillValue`), updates drop out-of-range positions (`mode: 'clip'`
 * clamps). An update with repeated indices accumulates for add/mul/min/max; set keeps the last
 * (JAX: unspecified but deterministic; here the same on CPU and WebGPU).
 *
 * Integers and slices alone become slice (a one-axis gather per strided axis) for reads and
 * pad + select for updates, whose gradients are cheap. Anything else is one gather_nd /
 * scatter_nd over index tuples: integers and integer arrays are components, a partial or strided
 * slice is an arange component on its own batch axis, a full slice is carried whole. So every form
 * is differentiable, batches under vmap and compiles under jit. `null` is not accepted as an index: NumPy's None is np.newaxis here, and `':'` is the
 * whole axis (np.slice's specs, where null means the whole axis, are unchanged).
 */
import { gatherFillValue, isFloat, isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { GatherMode, ScatterMode, ScatterOp } from '../core/primitive.js';
import { fmtShape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo } from './broadcast.js';
import { ArrayLike, NestedNumbers, arrayFor, operandTensor } from './creation.js';

/** NumPy's `None` in an index: a new axis of size 1. */
export const newaxis: unique symbol = Symbol('np.newaxis');
/** NumPy's `...` in an index: as many whole axes as the other entries leave. */
export const ellipsis = '...';

/** A slice as an object: `{ start: 1, stop: -1, step: 2 }` is NumPy's `1:-1:2`; absent/null bounds are the defaults. */
export interface SliceObject { readonly start?: number | null; readonly stop?: number | null; readonly step?: number | null }

/** One entry of an index expression (see the module comment). */
export type IndexItem = number | string | SliceObject | typeof newaxis | Tensor | NestedNumbers | ArrayBufferView;

/** Options of `.get()`: out-of-range handling and a boolean mask's static result size. */
export interface GetOptions {
  /** 'clip' (default; 'promise_in_bounds' is the same): clamp; 'fill' (or 'drop'): read `fillValue`. */
  readonly mode?: 'clip' | 'fill' | 'drop' | 'promise_in_bounds';
  /** The value of an out-of-range read with mode 'fill': NaN for floats, the lowest int32, the largest uint32, true (JAX's). */
  readonly fillValue?: number | boolean;
  /** How many True entries of a boolean mask to take (static, as under jit); padding reads fillValue (default 0). */
  readonly size?: number;
}

/** Options of the updates: out-of-range handling and a boolean mask's static size. */
export interface UpdateOptions {
  /** 'drop' (default; 'fill' and 'promise_in_bounds' are the same): skip out-of-range updates; 'clip': clamp. */
  readonly mode?: 'drop' | 'fill' | 'clip' | 'promise_in_bounds';
  /** How many True entries of a boolean mask to update (static); the rest of the mask is ignored. */
  readonly size?: number;
}

type Entry =
  | { kind: 'newaxis' }
  | { kind: 'full'; axis: number }
  | { kind: 'slice'; axis: number; start: number; step: number; count: number }
  | { kind: 'array'; axis: number; idx: Tensor; static?: number };

type Raw =
  | { kind: 'newaxis' } | { kind: 'ellipsis' }
  | { kind: 'int'; value: number }
  | { kind: 'slice'; start?: number; stop?: number; step?: number }
  | { kind: 'array'; idx: Tensor }
  | { kind: 'mask'; mask: Tensor };

const SLICE_RE = /^\s*([+-]?\d+)?\s*:\s*([+-]?\d+)?\s*(?::\s*([+-]?\d+)?\s*)?$/;
const SLICE_KEYS = new Set(['start', 'stop', 'step']);

function bound(op: string, v: unknown, what: string): number | undefined {
  return v === undefined || v === null ? undefined : validate.integer(op, what, v);
}

/** One user entry → its raw meaning, with a named error for anything not understood. */
function parseItem(op: string, item: unknown, pos: number): Raw {
  const at = `index entry ${pos}`;
  if (item === newaxis) return { kind: 'newaxis' };
  if (item === null || item === undefined) {
    throw new ArgumentError(`${op}: ${at} is ${validate.describe(item)}; NumPy's None is np.newaxis here, and ':' takes a whole axis.`);
  }
  if (typeof item === 'number') return { kind: 'int', value: validate.integer(op, at, item) };
  if (typeof item === 'string') {
    if (item.trim() === '...') return { kind: 'ellipsis' };
    const m = SLICE_RE.exec(item);
    if (!m) {
      throw new ArgumentError(`${op}: ${at} is the string ${JSON.stringify(item)}; a string index is a slice such as ':', '1:-1', '::2' ` +
        `or the ellipsis '...' (an integer index is a number).`);
    }
    return { kind: 'slice', start: m[1] === undefined ? undefined : Number(m[1]), stop: m[2] === undefined ? undefined : Number(m[2]),
      step: m[3] === undefined ? undefined : Number(m[3]) };
  }
  if (typeof item === 'boolean') {
    throw new ArgumentError(`${op}: ${at} is the boolean ${item}; a scalar boolean index is not supported. Use a boolean array as a mask.`);
  }
  if (isTensor(item)) {
    if (item.dtype === 'bool') return { kind: 'mask', mask: item };
    if (item.dtype === 'int32') return { kind: 'array', idx: item };
    if (isInteger(item.dtype)) return { kind: 'array', idx: lax.cast(item, 'int32') };
    throw new DTypeError(`${op}: ${at} is ${validate.describe(item)}; index arrays must be integers (or booleans for a mask); ` +
      "cast it with astype('int32').");
  }
  if (Array.isArray(item)) {
    const { leaves } = validate.nestedData(op, item);
    if (leaves.length > 0 && leaves.every((v) => typeof v === 'boolean')) return { kind: 'mask', mask: arrayFor(op, item as NestedNumbers, { dtype: 'bool' }) };
    const bad = leaves.find((v) => typeof v !== 'number' || !Number.isInteger(v) || Math.abs(v) > 2 ** 31 - 1);
    if (bad !== undefined) {
      throw new ArgumentError(`${op}: ${at} holds ${validate.describe(bad)}; an index list holds integers (or only booleans, a mask).`);
    }
    return { kind: 'array', idx: arrayFor(op, item as NestedNumbers, { dtype: 'int32' }) };
  }
  if (ArrayBuffer.isView(item)) {
    if (item instanceof Int32Array || item instanceof Uint32Array) return { kind: 'array', idx: arrayFor(op, item, { dtype: 'int32' }) };
    if (item instanceof Uint8Array) return { kind: 'mask', mask: arrayFor(op, item, { dtype: 'bool' }) };
    throw new DTypeError(`${op}: ${at} is ${validate.describe(item)}; index data must be an Int32Array, a Uint32Array or a Uint8Array mask.`);
  }
  if (typeof item === 'object') {
    const keys = Object.keys(item as object);
    const extra = keys.filter((k) => !SLICE_KEYS.has(k));
    if (extra.length === 0) {
      const s = item as SliceObject;
      return { kind: 'slice', start: bound(op, s.start, `the start of ${at}`), stop: bound(op, s.stop, `the stop of ${at}`),
        step: bound(op, s.step, `the step of ${at}`) };
    }
    throw new ArgumentError(`${op}: ${at} is ${validate.describe(item)}; an object index is a slice { start, stop, step } ` +
      `(unknown key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}). Options go to get/set/add/..., e.g. .get({ size: 3 }).`);
  }
  throw new ArgumentError(`${op}: ${at} is ${validate.describe(item)}; expected an integer, a slice string (':', '1:-1'), ` +
    "a { start, stop, step } object, np.newaxis, '...', an integer array or a boolean mask.");
}

/** Python's slice.indices(n): the first index, the step and how many indices. */
function sliceRange(op: string, s: { start?: number; stop?: number; step?: number }, n: number, axis: number) {
  const step = s.step ?? 1;
  if (step === 0) throw new ArgumentError(`${op}: the slice on axis ${axis} has step 0; use a positive or negative step.`);
  const norm = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
  const start = s.start === undefined ? (step > 0 ? 0 : n - 1) : norm(s.start, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const stop = s.stop === undefined ? (step > 0 ? n : -1) : norm(s.stop, step > 0 ? 0 : -1, step > 0 ? n : n - 1);
  const count = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, count };
}

/**
 * Where the True entries of `mask` are, as one int32 index array per mask axis, each of static
 * length `size`: the first `size` positions in row-major order, then padding that is out of range
 * on the first axis (so updates drop it and reads see the fill value). A prefix count by
 * log-step shifted adds (all fusable), then one scatter of each position to its rank.
 */
function maskIndices(op: string, mask: Tensor, size: number | undefined): Tensor[] {
  if (size === undefined) {
    throw new ArgumentError(`${op}: a boolean mask ${mask.aval} selects a number of elements known only from its values; ` +
      'give the static result size, e.g. x.at(mask).get({ size: 3 }) or .set(v, { size: 3 }) (JAX needs the same under jit).');
  }
  validate.integer(op, 'the mask size', size, { min: 0 });
  const n = mask.size;
  const flat = lax.cast(lax.reshape(mask, [n]), 'int32');
  let count = flat; // inclusive prefix count, by Hillis–Steele doubling
  for (let s = 1; s < n; s *= 2) count = lax.add(count, lax.pad(lax.slice(count, [0], [n - s]), [s], [0]));
  const rank = lax.sub(count, flat);
  const target = lax.where(lax.compare(flat, lax.zerosLike(flat), 'ne'), rank, lax.full([n], size, 'int32'));
  const pos = lax.scatterNd(lax.full([size], n, 'int32'), lax.reshape(target, [n, 1]), lax.iota([n], 0, 'int32'), [0], 'set', 'drop');
  // Unravel the flat positions; the first coordinate is not reduced, so the padding n stays out of range.
  let stride = n;
  return mask.shape.map((d, i) => {
    stride = d === 0 ? 0 : stride / d;
    const q = stride === 0 ? pos : lax.div(pos, lax.full([size], stride, 'int32'));
    return i === 0 || d === 0 ? q : lax.rem(q, lax.full([size], d, 'int32'));
  });
}

/** The index expression resolved against x's shape. */
interface Resolved {
  entries: Entry[];
  hasMask: boolean;
}

function resolve(op: string, x: Tensor, items: readonly unknown[], size: number | undefined): Resolved {
  const raws = items.map((it, i) => parseItem(op, it, i));
  const ellipses = raws.filter((r) => r.kind === 'ellipsis').length;
  if (ellipses > 1) throw new ArgumentError(`${op}: an index can have only one ellipsis ('...'), got ${ellipses}.`);
  const consumed = raws.reduce((s, r) => s + (r.kind === 'newaxis' || r.kind === 'ellipsis' ? 0 : r.kind === 'mask' ? r.mask.ndim : 1), 0);
  if (consumed > x.ndim) {
    throw new ShapeError(`${op}: too many indices for ${x.aval}: it has ${x.ndim} axes but ${consumed} were indexed.`);
  }
  const expanded: Raw[] = [];
  for (const r of raws) {
    if (r.kind === 'ellipsis') for (let k = 0; k < x.ndim - consumed; k++) expanded.push({ kind: 'slice' });
    else expanded.push(r);
  }
  if (ellipses === 0) for (let k = consumed; k < x.ndim; k++) expanded.push({ kind: 'slice' });

  const entries: Entry[] = [];
  let axis = 0, hasMask = false;
  for (const r of expanded) {
    if (r.kind === 'newaxis') { entries.push({ kind: 'newaxis' }); continue; }
    if (r.kind === 'mask') {
      const want = x.shape.slice(axis, axis + r.mask.ndim);
      if (r.mask.shape.some((d, i) => d !== want[i])) {
        throw new ShapeError(`${op}: the boolean mask ${r.mask.aval} does not match axes ${axis}..${axis + r.mask.ndim - 1} of ${x.aval} ` +
          `(${fmtShape(want)}); a mask must have the shape of the axes it selects.`);
      }
      hasMask = true;
      for (const idx of maskIndices(op, r.mask, size)) entries.push({ kind: 'array', axis: axis++, idx });
      continue;
    }
    const n = x.shape[axis];
    if (r.kind === 'int') {
      const v = r.value < 0 ? r.value + n : r.value;
      entries.push({ kind: 'array', axis, idx: lax.scalar(v, 'int32'), static: r.value });
    } else if (r.kind === 'array') {
      const nn = lax.full(r.idx.shape, n, 'int32');
      const idx = lax.where(lax.compare(r.idx, lax.zerosLike(r.idx), 'lt'), lax.add(r.idx, nn), r.idx);
      entries.push({ kind: 'array', axis, idx });
    } else if (r.kind === 'slice') {
      const { start, step, count } = sliceRange(op, r, n, axis);
      entries.push(start === 0 && step === 1 && count === n ? { kind: 'full', axis } : { kind: 'slice', axis, start, step, count });
    }
    axis++;
  }
  return { entries, hasMask };
}

/**
 * The gather_nd/scatter_nd form of a resolved index: the index tuples, the indexed axes, the
 * layout of the point result ([...B, ...slice counts, ...whole axes]) and the permutation and
 * reshape that turn it into NumPy's result shape.
 */
interface Plan {
  idx: Tensor | null;
  axes: number[];
  /** NumPy's result shape, newaxes included. */
  shape: number[];
  /** Result (newaxes dropped) dim d comes from point-result dim perm[d]. */
  perm: number[];
  pointShape: number[];
}

function plan(op: string, x: Tensor, entries: Entry[]): Plan {
  const arrays = entries.filter((e): e is Extract<Entry, { kind: 'array' }> => e.kind === 'array');
  const slices = entries.filter((e): e is Extract<Entry, { kind: 'slice' }> => e.kind === 'slice');
  const B = arrays.length ? broadcastShapes(op, ...arrays.map((a) => a.idx.shape)) : [];
  const S = slices.map((s) => s.count);
  const rest = entries.filter((e): e is Extract<Entry, { kind: 'full' }> => e.kind === 'full').map((e) => e.axis);
  const lead = [...B, ...S];
  const comps: Tensor[] = [];
  const axes: number[] = [];
  for (const e of entries) {
    if (e.kind === 'array') {
      const b = broadcastTo(e.idx, B, op);
      comps.push(lax.broadcastInDim(b, [...lead, 1], B.map((_, d) => d)));
      axes.push(e.axis);
    } else if (e.kind === 'slice') {
      const i = slices.indexOf(e);
      const v = lax.add(lax.mul(lax.iota([e.count], 0, 'int32'), lax.full([e.count], e.step, 'int32')), lax.full([e.count], e.start, 'int32'));
      comps.push(lax.broadcastInDim(v, [...lead, 1], [B.length + i]));
      axes.push(e.axis);
    }
  }
  // NumPy's placement: the broadcast dims of the advanced indices replace them when they are
  // adjacent in the index, else they come first.
  const advPos = entries.map((e, i) => (e.kind === 'array' ? i : -1)).filter((i) => i >= 0);
  const adjacent = advPos.length > 0 && advPos[advPos.length - 1] - advPos[0] === advPos.length - 1;
  const perm: number[] = [];
  const shape: number[] = [];
  const bDims = B.map((_, d) => d);
  if (advPos.length > 0 && !adjacent) { perm.push(...bDims); shape.push(...B); }
  entries.forEach((e, i) => {
    if (e.kind === 'newaxis') shape.push(1);
    else if (e.kind === 'slice') { const s = slices.indexOf(e); perm.push(B.length + s); shape.push(e.count); }
    else if (e.kind === 'full') { perm.push(lead.length + rest.indexOf(e.axis)); shape.push(x.shape[e.axis]); }
    else if (adjacent && i === advPos[0]) { perm.push(...bDims); shape.push(...B); }
  });
  const idx = comps.length ? lax.concatenate(comps, lead.length) : null;
  return { idx, axes, shape, perm, pointShape: [...lead, ...rest.map((a) => x.shape[a])] };
}

/**
 * Basic indexing (integers and slices, no arrays or masks) as a box [start, limit) per axis and
 * the strided slices inside it, or undefined when the index has arrays. Static integers are
 * clamped ('clip') or, when out of range and not clamped, make the box `outOfRange`.
 */
interface Box { start: number[]; limit: number[]; strided: { axis: number; step: number }[]; outOfRange: boolean }

function basicBox(x: Tensor, entries: Entry[], clip: boolean): Box | undefined {
  const start = x.shape.map(() => 0), limit = [...x.shape];
  const strided: Box['strided'] = [];
  let outOfRange = false;
  for (const e of entries) {
    if (e.kind === 'newaxis' || e.kind === 'full') continue;
    if (e.kind === 'array') {
      if (e.static === undefined) return undefined;
      const n = x.shape[e.axis];
      let i = e.static < 0 ? e.static + n : e.static;
      if (i < 0 || i >= n) {
        if (!clip || n === 0) { outOfRange = true; i = 0; } else i = Math.min(Math.max(i, 0), n - 1);
      }
      start[e.axis] = i; limit[e.axis] = i + 1;
    } else {
      // A slice: its extent [first, last] in increasing order; the step applied after.
      const last = e.start + (e.count - 1) * e.step;
      start[e.axis] = e.count === 0 ? 0 : Math.min(e.start, last);
      limit[e.axis] = e.count === 0 ? 0 : Math.max(e.start, last) + 1;
      if (e.step !== 1 && e.count > 1) strided.push({ axis: e.axis, step: e.step });
    }
  }
  return { start, limit, strided, outOfRange };
}

/** x[box] with the strides taken (a 1-axis gather per strided axis, reversed for negative steps). */
function readBox(x: Tensor, box: Box): Tensor {
  let r = lax.slice(x, box.start, box.limit);
  for (const { axis, step } of box.strided) {
    const len = r.shape[axis], count = Math.ceil(len / Math.abs(step));
    const first = step > 0 ? 0 : len - 1;
    const idx = lax.add(lax.mul(lax.iota([count], 0, 'int32'), lax.full([count], step, 'int32')), lax.full([count], first, 'int32'));
    r = lax.gather(r, idx, axis);
  }
  return r;
}

const GET_MODES: Record<string, GatherMode> = { clip: 'clip', promise_in_bounds: 'clip', fill: 'fill', drop: 'fill' };
const SET_MODES: Record<string, ScatterMode> = { drop: 'drop', fill: 'drop', promise_in_bounds: 'drop', clip: 'clip' };

function checkOptions(op: string, opts: unknown, allowed: string[]): Record<string, unknown> {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts) || isTensor(opts)) {
    throw new ArgumentError(`${op}: options are ${validate.describe(opts)}; expected an object with ${allowed.join(', ')}.`);
  }
  const extra = Object.keys(opts).filter((k) => !allowed.includes(k));
  if (extra.length) throw new ArgumentError(`${op}: unknown option${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; the options are ${allowed.join(', ')}.`);
  return opts as Record<string, unknown>;
}

function modeOf<M>(op: string, mode: unknown, table: Record<string, M>, dflt: M): M {
  if (mode === undefined) return dflt;
  const m = typeof mode === 'string' ? table[mode] : undefined;
  if (m === undefined) throw new ArgumentError(`${op}: mode ${validate.describe(mode)} is not one of ${Object.keys(table).map((k) => `'${k}'`).join(', ')}.`);
  return m;
}

/** JAX's default fill of an out-of-range read. */

/** Updates as x's dtype: numbers adopt it; a float array into an integer or boolean array is refused, not truncated. */
function updateValues(op: string, x: Tensor, v: ArrayLike): Tensor {
  validate.operand(op, v, 'the values');
  const intoExact = !isFloat(x.dtype);
  if (isTensor(v)) {
    if ((intoExact && isFloat(v.dtype)) || (x.dtype === 'bool' && v.dtype !== 'bool')) {
      throw new DTypeError(`${op}: cannot write ${v.aval} values into ${x.aval} without losing information; cast them with astype('${x.dtype}') first.`);
    }
    return lax.cast(v, x.dtype);
  }
  const leaves = typeof v === 'number' || typeof v === 'boolean' ? [v] : Array.isArray(v) ? validate.nestedData(op, v).leaves : Array.from(v as unknown as Iterable<number>);
  const bad = intoExact ? leaves.find((l) => typeof l === 'number' && !Number.isInteger(l)) : undefined;
  if (bad !== undefined) {
    throw new DTypeError(`${op}: the value ${bad} is not an integer, and ${x.aval} holds ${x.dtype}; round it, or cast the array to float first.`);
  }
  return typeof v === 'number' || typeof v === 'boolean' ? operandTensor(op, +v, x.dtype) : arrayFor(op, v, { dtype: x.dtype });
}

/**
 * The indexed view of `x` that JAX writes `x.at[index]`: read it with `get`, or make an updated
 * copy with `set`/`add`/`subtract`/`mul`/`divide`/`min`/`max` (x itself never changes).
 * @example
 * const x = np.zeros([3]);
 * x.at(1).set(5);                 // → [0, 5, 0]
 * x.at([0, 0, 2]).add(1);         // → [2, 0, 1] — repeated indices accumulate
 * np.arange(6).reshape([2, 3]).at(':', '::-1').get(); // → [[2, 1, 0], [5, 4, 3]]
 */
export class IndexUpdateRef {
  constructor(readonly x: Tensor, readonly index: readonly IndexItem[]) {}

  /** x[index]. */
  get(opts?: GetOptions): Tensor {
    const op = 'x.at(...).get';
    const o = checkOptions(op, opts, ['mode', 'fillValue', 'size']);
    const x = this.x;
    const { entries, hasMask } = resolve(op, x, this.index, o.size as number | undefined);
    const mode = modeOf(op, o.mode, GET_MODES, hasMask && o.mode === undefined ? 'fill' : 'clip');
    const fill = o.fillValue === undefined ? (hasMask && o.mode === undefined ? 0 : gatherFillValue(x.dtype))
      : Number(validate.number(op, 'fillValue', typeof o.fillValue === 'boolean' ? +o.fillValue : o.fillValue));
    if (mode === 'clip') {
      for (const e of entries) {
        if (e.kind === 'array' && e.static !== undefined && x.shape[e.axis] === 0) {
          throw new ShapeError(`${op}: index ${e.static} is out of bounds for axis ${e.axis} with size 0 (${x.aval}); there is nothing to clamp to.`);
        }
      }
    }
    // Integers and slices alone: a slice (and strided gathers), whose gradient is a pad.
    const box = mode === 'clip' ? basicBox(x, entries, true) : undefined;
    if (box) return lax.reshape(readBox(x, box), this.resultShape(entries));
    const p = plan(op, x, entries);
    const point = p.idx ? lax.gatherNd(x, p.idx, p.axes, mode, fill) : x;
    return lax.reshape(lax.transpose(point, p.perm), p.shape);
  }

  /** NumPy's result shape of a basic index (no arrays): the kept axes in order, with the newaxes. */
  private resultShape(entries: Entry[]): number[] {
    const shape: number[] = [];
    for (const e of entries) {
      if (e.kind === 'newaxis') shape.push(1);
      else if (e.kind === 'full') shape.push(this.x.shape[e.axis]);
      else if (e.kind === 'slice') shape.push(e.count);
    }
    return shape;
  }

  /**
   * x with x[index] = v (v broadcast to x[index]'s shape; repeated indices: the last wins). A boolean
   * mask index with a scalar value needs no size (it is a select).
   * @example np.array([1, -2, 3, -4]).at(np.array([false, true, false, true])).set(0); // → [1, 0, 3, 0]
   */
  set(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('set', 'x.at(...).set', v, opts); }
  /** x with v added at index (repeated indices accumulate). */
  add(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('add', 'x.at(...).add', v, opts); }
  /** x with v subtracted at index. */
  subtract(v: ArrayLike, opts?: UpdateOptions): Tensor {
    const op = 'x.at(...).subtract';
    return this.update('add', op, lax.neg(updateValues(op, this.x, v)), opts);
  }
  /** x multiplied by v at index (repeated indices multiply). */
  mul(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('mul', 'x.at(...).mul', v, opts); }
  /** Alias of {@link mul} (JAX's name). */
  multiply(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('mul', 'x.at(...).multiply', v, opts); }
  /** x divided by v at index (floating-point arrays). */
  divide(v: ArrayLike, opts?: UpdateOptions): Tensor {
    const op = 'x.at(...).divide';
    if (!isFloat(this.x.dtype)) throw new DTypeError(`${op}: ${this.x.aval} is not floating-point; cast it with astype('float32') first.`);
    const u = updateValues(op, this.x, v);
    return this.update('mul', op, lax.div(lax.fullLike(u, 1), u), opts);
  }
  /** x with min(x, v) at index. */
  min(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('min', 'x.at(...).min', v, opts); }
  /** x with max(x, v) at index. */
  max(v: ArrayLike, opts?: UpdateOptions): Tensor { return this.update('max', 'x.at(...).max', v, opts); }

  /**
   * A boolean mask over x's leading axes as the whole index, with a value that broadcasts to every
   * selected element alike (a scalar, or an array of the trailing axes' shape): the update needs no
   * static size, since it is the select where(mask, x ⊕ v, x) — same answer as the scatter, and it
   * traces under jit. Other values (one per selected element) still need { size }. Undefined when
   * the index is not such a mask.
   */
  private maskUpdate(kind: ScatterOp, op: string, v: ArrayLike): Tensor | undefined {
    if (this.index.length !== 1) return undefined;
    const item = this.index[0];
    const isMask = isTensor(item) ? item.dtype === 'bool'
      : Array.isArray(item) && item.length > 0 && validate.nestedData(op, item as NestedNumbers).leaves.every((l) => typeof l === 'boolean');
    if (!isMask) return undefined;
    const x = this.x;
    const raw = parseItem(op, item, 0);
    if (raw.kind !== 'mask') return undefined;
    const mask = raw.mask;
    if (mask.ndim > x.ndim || mask.shape.some((d, i) => d !== x.shape[i])) return undefined; // resolve() names the mismatch
    const u = updateValues(op, x, v);
    const rest = x.shape.slice(mask.ndim);
    if (u.ndim > rest.length || u.shape.some((d, i) => d !== 1 && d !== rest[rest.length - u.ndim + i])) return undefined;
    const vals = broadcastTo(u, x.shape, op);
    const m = broadcastTo(lax.reshape(mask, [...mask.shape, ...rest.map(() => 1)]), x.shape, op);
    const combined = kind === 'set' ? vals : kind === 'add' ? lax.add(x, vals) : kind === 'mul' ? lax.mul(x, vals)
      : kind === 'min' ? lax.min(x, vals) : lax.max(x, vals);
    return lax.where(m, combined, x);
  }

  private update(kind: ScatterOp, op: string, v: ArrayLike, opts?: UpdateOptions): Tensor {
    const o = checkOptions(op, opts, ['mode', 'size']);
    const x = this.x;
    if (x.dtype === 'bool' && kind !== 'set') throw new DTypeError(`${op}: ${x.aval} is boolean, which only .set updates; cast it first.`);
    const mode = modeOf(op, o.mode, SET_MODES, 'drop');
    if (o.size === undefined) {
      const viaWhere = this.maskUpdate(kind, op, v);
      if (viaWhere) return viaWhere;
    }
    const { entries } = resolve(op, x, this.index, o.size as number | undefined);
    // Integers and unit-step slices alone: the values padded into place, combined by a select.
    const box = basicBox(x, entries, mode === 'clip');
    if (box && box.strided.length === 0) {
      const vals = broadcastTo(updateValues(op, x, v), this.resultShape(entries), op);
      if (box.outOfRange) return x;
      const boxShape = box.start.map((s, d) => box.limit[d] - s);
      const hi = x.shape.map((n, d) => n - box.limit[d]);
      const placed = lax.pad(lax.reshape(vals, boxShape), box.start, hi);
      const inBox = lax.pad(lax.full(boxShape, 1, 'int32'), box.start, hi);
      const inside = lax.compare(inBox, lax.zerosLike(inBox), 'ne');
      const combined = kind === 'set' ? placed : kind === 'add' ? lax.add(x, placed) : kind === 'mul' ? lax.mul(x, placed)
        : kind === 'min' ? lax.min(x, placed) : lax.max(x, placed);
      return lax.where(inside, combined, x);
    }
    const p = plan(op, x, entries);
    const u = broadcastTo(updateValues(op, x, v), p.shape, op);
    // Back to the point layout: drop the newaxes, undo the permutation.
    const inv: number[] = new Array(p.perm.length);
    p.perm.forEach((src, d) => { inv[src] = d; });
    const dropped = lax.reshape(u, p.perm.map((src) => p.pointShape[src]));
    const point = lax.transpose(dropped, inv);
    if (p.idx) return lax.scatterNd(x, p.idx, point, p.axes, kind, mode);
    // Nothing indexed (x.at('...')): the update applies to every element.
    switch (kind) {
      case 'set': return point;
      case 'add': return lax.add(x, point);
      case 'mul': return lax.mul(x, point);
      case 'min': return lax.min(x, point);
      case 'max': return lax.max(x, point);
    }
  }
}

/**
 * JAX's `x.at[index]` as a function: `np.at(x, 0, ':')` is `x.at(0, ':')`.
 * @example np.at(np.zeros([2, 2]), 0, 1).set(3); // → [[0, 3], [0, 0]]
 */
export function at(a: ArrayLike, ...index: IndexItem[]): IndexUpdateRef {
  return new IndexUpdateRef(operandTensor('np.at', a), index);
}

declare module '../core/tensor.js' {
  interface Tensor {
    /**
     * JAX's `x.at[index]`: `x.at(0, '1:').set(v)`, `.add(v)`, `.get()`; see numpy/indexing.ts.
     * @example np.zeros([3]).at(1).set(5); // → [0, 5, 0]
     */
    at(...index: IndexItem[]): IndexUpdateRef;
    /**
     * NumPy's `x[index]`, every index form (clamping out-of-range indices, as JAX).
     * @example np.arange(10).get('2:8:3'); // → [2, 5]
     */
    get(...index: IndexItem[]): Tensor;
  }
}

Object.assign(Tensor.prototype, {
  at(this: Tensor, ...index: IndexItem[]) { return new IndexUpdateRef(this, index); },
  get(this: Tensor, ...index: IndexItem[]) { return new IndexUpdateRef(this, index).get(); },
});
