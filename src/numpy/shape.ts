/** Shape manipulation, joining/splitting and indexing, all lowering to movement primitives. */
import { Shape, fmtShape, normalizeAxis, sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, array, asTensor } from './creation.js';
import { resultDtype } from './broadcast.js';

/** Reshape; one dimension may be -1 (inferred). */
export function reshape(a: ArrayLike, shape: Shape): Tensor {
  const x = asTensor(a);
  const known = shape.filter((d) => d !== -1);
  const free = shape.length - known.length;
  const rest = x.size / sizeOf(known);
  if (free > 1 || (free === 1 && !Number.isInteger(rest)) || (free === 0 && sizeOf(shape) !== x.size)) {
    throw new Error(`reshape: cannot reshape ${x.aval} (${x.size} elements) to ${fmtShape(shape)}; ` +
      `the sizes must multiply to ${x.size} (at most one -1).`);
  }
  return lax.reshape(x, shape.map((d) => (d === -1 ? rest : d)));
}

export const flatten = (a: ArrayLike): Tensor => reshape(a, [-1]);

/** Permutes axes (reverses them when `axes` is omitted). */
export function transpose(a: ArrayLike, axes?: number[]): Tensor {
  const x = asTensor(a);
  const perm = axes ? axes.map((ax) => normalizeAxis('transpose', ax, x.ndim)) : x.shape.map((_, i) => x.ndim - 1 - i);
  return lax.transpose(x, perm);
}

export function moveaxis(a: ArrayLike, source: number, destination: number): Tensor {
  const x = asTensor(a);
  const s = normalizeAxis('moveaxis', source, x.ndim), d = normalizeAxis('moveaxis', destination, x.ndim);
  const perm = x.shape.map((_, i) => i).filter((i) => i !== s);
  perm.splice(d, 0, s);
  return lax.transpose(x, perm);
}

export function swapaxes(a: ArrayLike, a1: number, a2: number): Tensor {
  const x = asTensor(a);
  const p = x.shape.map((_, i) => i);
  const i = normalizeAxis('swapaxes', a1, x.ndim), j = normalizeAxis('swapaxes', a2, x.ndim);
  [p[i], p[j]] = [p[j], p[i]];
  return lax.transpose(x, p);
}

export function expandDims(a: ArrayLike, axis: number): Tensor {
  const x = asTensor(a);
  const ax = normalizeAxis('expandDims', axis, x.ndim + 1);
  const shape = [...x.shape];
  shape.splice(ax, 0, 1);
  return lax.reshape(x, shape);
}

export function squeeze(a: ArrayLike, axis?: number | number[]): Tensor {
  const x = asTensor(a);
  const axes = axis === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : []))
    : (Array.isArray(axis) ? axis : [axis]).map((ax) => normalizeAxis('squeeze', ax, x.ndim));
  for (const ax of axes) {
    if (x.shape[ax] !== 1) throw new Error(`squeeze: axis ${ax} of ${x.aval} has size ${x.shape[ax]}, not 1; only size-1 axes can be squeezed.`);
  }
  return lax.reshape(x, x.shape.filter((_, i) => !axes.includes(i)));
}

export function concatenate(xs: ArrayLike[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('concatenate: needs at least one array.');
  const ts = xs.map((x) => asTensor(x));
  const dtype = ts.slice(1).reduce((d, t) => resultDtype('concatenate', lax.scalar(0, d), t), ts[0].dtype);
  const ax = normalizeAxis('concatenate', axis, ts[0].ndim);
  ts.forEach((t) => {
    if (t.ndim !== ts[0].ndim || t.shape.some((d, i) => i !== ax && d !== ts[0].shape[i])) {
      throw new Error(`concatenate: shapes ${ts.map((u) => fmtShape(u.shape)).join(', ')} differ outside axis ${ax}; ` +
        `all arrays must match except along the joined axis.`);
    }
  });
  return ts.length === 1 ? lax.cast(ts[0], dtype) : lax.concatenate(ts.map((t) => lax.cast(t, dtype)), ax);
}

export function stack(xs: ArrayLike[], axis = 0): Tensor {
  if (xs.length === 0) throw new Error('stack: needs at least one array.');
  const ts = xs.map((x) => asTensor(x));
  const ax = normalizeAxis('stack', axis, ts[0].ndim + 1);
  ts.forEach((t) => {
    if (t.shape.length !== ts[0].shape.length || t.shape.some((d, i) => d !== ts[0].shape[i])) {
      throw new Error(`stack: all arrays must have the same shape, got ${ts.map((u) => fmtShape(u.shape)).join(', ')}.`);
    }
  });
  return concatenate(ts.map((t) => expandDims(t, ax)), ax);
}

/** Splits into `sections` equal parts, or at the given indices, along `axis`. */
export function split(a: ArrayLike, sections: number | number[], axis = 0): Tensor[] {
  const x = asTensor(a);
  const ax = normalizeAxis('split', axis, x.ndim);
  const n = x.shape[ax];
  let cuts: number[];
  if (typeof sections === 'number') {
    if (n % sections !== 0) throw new Error(`split: axis ${ax} of ${x.aval} (size ${n}) does not divide into ${sections} equal sections.`);
    cuts = Array.from({ length: sections - 1 }, (_, i) => ((i + 1) * n) / sections);
  } else {
    // Indices are slice bounds, as in numpy: negative counts from the end, clamped to [0, n].
    cuts = sections.map((c) => {
      if (!Number.isInteger(c)) throw new Error(`split: indices must be integers, got ${c}.`);
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

/**
 * Basic numpy indexing: `slice(x, [0, null, [1, -1]])` is x[0, :, 1:-1]. Negative indices
 * count from the end; steps other than 1 gather.
 */
export function slice(a: ArrayLike, specs: SliceSpec[]): Tensor {
  const x = asTensor(a);
  if (specs.length > x.ndim) throw new Error(`slice: ${specs.length} indices for an array of rank ${x.ndim} (${x.aval}).`);
  const start: number[] = [], limit: number[] = [], drop: number[] = [];
  const strided: [number, number, number][] = [];
  x.shape.forEach((n, d) => {
    const s = specs[d];
    if (s === undefined || s === null) { start.push(0); limit.push(n); return; }
    if (typeof s === 'number') {
      const i = s < 0 ? s + n : s;
      if (!Number.isInteger(s) || i < 0 || i >= n) throw new Error(`slice: index ${s} is out of bounds for axis ${d} with size ${n}.`);
      start.push(i); limit.push(i + 1); drop.push(d);
      return;
    }
    const step = s[2] ?? 1;
    if (step === 0) throw new Error('slice: step must not be zero.');
    const clampTo = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + n : v, lo), hi);
    if (step > 0) {
      const b = clampTo(s[0] ?? 0, 0, n), e = clampTo(s[1] ?? n, 0, n);
      start.push(b); limit.push(Math.max(b, e));
      if (step !== 1) strided.push([d, 0, step]);
    } else {
      // Negative step: take [e+1, b] then gather it reversed with the step.
      const b = s[0] === undefined ? n - 1 : clampTo(s[0], -1, n - 1);
      const e = s[1] === undefined ? -1 : clampTo(s[1], -1, n - 1);
      start.push(e + 1); limit.push(Math.max(e + 1, b + 1));
      strided.push([d, -1, step]);
    }
  });
  let r = lax.slice(x, start, limit);
  for (const [d, , step] of strided) {
    const len = r.shape[d];
    const count = Math.max(0, Math.ceil(len / Math.abs(step)));
    const idx = Array.from({ length: count }, (_, i) => (step > 0 ? i * step : len - 1 + i * step));
    r = lax.gather(r, array(idx, { dtype: 'int32' }), d);
  }
  return drop.length ? lax.reshape(r, r.shape.filter((_, d) => !drop.includes(d))) : r;
}

/**
 * Elements at `indices` along `axis` (over the flattened array when axis is omitted).
 * Negative indices count from the end; indices out of range are clamped.
 */
export function take(a: ArrayLike, indices: ArrayLike, axis?: number): Tensor {
  let x = asTensor(a);
  let idx = Array.isArray(indices) || typeof indices === 'number' ? array(indices as number[], { dtype: 'int32' }) : asTensor(indices);
  if (idx.dtype !== 'int32') {
    if (idx.dtype === 'uint32') idx = lax.cast(idx, 'int32');
    else throw new Error(`take: indices must be integers, got ${idx.aval}; cast them with astype('int32').`);
  }
  if (axis === undefined) { x = lax.reshape(x, [x.size]); axis = 0; }
  const ax = normalizeAxis('take', axis, x.ndim);
  const n = lax.full(idx.shape, x.shape[ax], 'int32');
  const wrapped = lax.where(lax.compare(idx, lax.zerosLike(idx), 'lt'), lax.add(idx, n), idx);
  return lax.gather(x, wrapped, ax);
}
