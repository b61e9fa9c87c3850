/**
 * Rearranging elements: flip, roll, tile, repeat, pad (constant/edge/reflect/symmetric/wrap),
 * meshgrid, diff. All are movement primitives (slice, concatenate, broadcast, reshape, pad) or a
 * gather with a static index list, so their gradients are the transposes (a reflected pad's
 * gradient adds the mirrored cotangents back, by scatter-add) and they fuse into kernels.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastTo } from './broadcast.js';

const sliceAxis = (x: Tensor, axis: number, start: number, stop: number): Tensor =>
  lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));

/** Elements of `x` along `axis` at the static positions `idx` (a constant int32 index array). */
const pick = (op: string, x: Tensor, axis: number, idx: number[]): Tensor =>
  lax.gather(x, arrayFor(op, idx, { dtype: 'int32', shape: [idx.length] }), axis);

/**
 * Reverses the order of elements along `axis` (every axis when omitted).
 * @example np.flip(np.array([[1, 2], [3, 4]]), 1); // → [[2, 1], [4, 3]]
 */
export function flip(a: ArrayLike, axis?: number | number[] | null): Tensor {
  const op = 'np.flip';
  let x = operandTensor(op, a);
  for (const d of validate.axes(op, axis, x.ndim)) {
    const n = x.shape[d];
    if (n <= 1) continue;
    // n − 1 − iota: an index computed in the kernel, no constant buffer.
    x = lax.gather(x, lax.sub(lax.full([n], n - 1, 'int32'), lax.iota([n], 0, 'int32')), d);
  }
  return x;
}

/**
 * Rolls elements by `shift` along `axis` (over the flattened array when omitted); elements that
 * leave one end come back at the other. Several axes take a list of shifts (or one for all).
 * @example np.roll(np.array([1, 2, 3, 4]), 1); // → [4, 1, 2, 3]
 */
export function roll(a: ArrayLike, shift: number | number[], axis?: number | number[] | null): Tensor {
  const op = 'np.roll';
  const x = operandTensor(op, a);
  if (axis === undefined || axis === null) {
    if (typeof shift !== 'number') throw new ArgumentError(`${op}: a list of shifts needs a list of axes; give axis, or one shift.`);
    return lax.reshape(roll(lax.reshape(x, [x.size]), shift, 0), x.shape);
  }
  const axes = (Array.isArray(axis) ? axis : [axis]).map((ax) => validate.axis(op, ax, x.ndim));
  const shifts = Array.isArray(shift) ? shift : axes.map(() => shift);
  if (shifts.length !== axes.length) {
    throw new ArgumentError(`${op}: ${shifts.length} shifts for ${axes.length} axes; give one shift per axis, or a single shift.`);
  }
  let r = x;
  axes.forEach((d, i) => {
    const n = r.shape[d];
    const s = validate.integer(op, 'shift', shifts[i]);
    const k = n === 0 ? 0 : ((s % n) + n) % n;
    if (k !== 0) r = lax.concatenate([sliceAxis(r, d, n - k, n), sliceAxis(r, d, 0, n - k)], d);
  });
  return r;
}

const counts = (op: string, what: string, v: unknown): number[] => {
  const list = typeof v === 'number' ? [v] : Array.isArray(v) ? v : undefined;
  if (!list) throw new ArgumentError(`${op}: ${what} is ${validate.describe(v)}; give a non-negative integer or a list of them.`);
  return list.map((r) => validate.integer(op, what, r, { min: 0 }));
};

/**
 * The array repeated `reps` times along each axis (numpy's tile: reps shorter than the rank
 * applies to the last axes; longer adds leading axes).
 * @example np.tile(np.array([1, 2]), [2, 2]); // → [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function tile(a: ArrayLike, reps: number | number[]): Tensor {
  const op = 'np.tile';
  let x = operandTensor(op, a);
  let rs = counts(op, 'reps', reps);
  const nd = Math.max(rs.length, x.ndim);
  rs = [...Array(nd - rs.length).fill(1), ...rs];
  x = lax.reshape(x, [...Array(nd - x.ndim).fill(1), ...x.shape]);
  // [d0, d1, ...] → [r0, d0, r1, d1, ...] by broadcasting, then merge each pair.
  const wide = rs.flatMap((r, i) => [r, x.shape[i]]);
  const b = lax.broadcastInDim(x, wide, x.shape.map((_, i) => 2 * i + 1));
  return lax.reshape(b, rs.map((r, i) => r * x.shape[i]));
}

/**
 * Repeats each element `repeats` times along `axis` (over the flattened array when omitted);
 * a list gives each element its own count (static, as JAX needs for a static shape).
 * @example np.repeat(np.array([1, 2]), 2); // → [1, 1, 2, 2]
 * @example np.repeat(np.array([[1, 2], [3, 4]]), [1, 2], 0); // → [[1, 2], [3, 4], [3, 4]]
 */
export function repeat(a: ArrayLike, repeats: number | number[], axis?: number | null): Tensor {
  const op = 'np.repeat';
  let x = operandTensor(op, a);
  if (isTensor(repeats as unknown)) {
    throw new ArgumentError(`${op}: repeats must be JS integers (the output shape depends on them); read a tensor with await r.data() first.`);
  }
  if (axis === undefined || axis === null) { x = lax.reshape(x, [x.size]); axis = 0; }
  const d = validate.axis(op, axis, x.ndim);
  const n = x.shape[d];
  const rs = counts(op, 'repeats', repeats);
  if (rs.length === 1) {
    const r = rs[0];
    const wide = [...x.shape.slice(0, d + 1), r, ...x.shape.slice(d + 1)];
    const dims = x.shape.map((_, i) => (i <= d ? i : i + 1));
    const shape = [...x.shape];
    shape[d] = n * r;
    return lax.reshape(lax.broadcastInDim(x, wide, dims), shape);
  }
  if (rs.length !== n) throw new ShapeError(`${op}: ${rs.length} repeat counts for axis ${d} of ${x.aval} (size ${n}); give one count per element.`);
  return pick(op, x, d, rs.flatMap((r, i) => Array(r).fill(i)));
}

export type PadMode = 'constant' | 'edge' | 'reflect' | 'symmetric' | 'wrap';
export interface PadOptions { mode?: PadMode; constantValues?: number }
const MODES: PadMode[] = ['constant', 'edge', 'reflect', 'symmetric', 'wrap'];

/** numpy's pad_width: n, [before, after], or one [before, after] per axis. */
function padWidths(op: string, w: unknown, ndim: number): [number, number][] {
  const int = (v: unknown) => validate.integer(op, 'each pad width', v, { min: 0 });
  if (typeof w === 'number') { const n = int(w); return Array.from({ length: ndim }, () => [n, n]); }
  if (Array.isArray(w)) {
    if (w.length === 1 && typeof w[0] === 'number') { const n = int(w[0]); return Array.from({ length: ndim }, () => [n, n]); }
    if (w.length === 2 && typeof w[0] === 'number') { const p: [number, number] = [int(w[0]), int(w[1])]; return Array.from({ length: ndim }, () => p); }
    if (w.every((p) => Array.isArray(p) && p.length === 2)) {
      const ps = (w as unknown[][]).map((p): [number, number] => [int(p[0]), int(p[1])]);
      if (ps.length === 1) return Array.from({ length: ndim }, () => ps[0]);
      if (ps.length === ndim) return ps;
    }
  }
  throw new ArgumentError(`${op}: pad width ${validate.describe(w)} does not fit an array of rank ${ndim}; give n, [before, after], ` +
    `or one [before, after] per axis.`);
}

/** The source position of output position i (−lo ≤ i < n + hi) along an axis of size n. */
const SOURCE: Record<Exclude<PadMode, 'constant'>, (i: number, n: number) => number> = {
  edge: (i, n) => Math.min(Math.max(i, 0), n - 1),
  wrap: (i, n) => ((i % n) + n) % n,
  reflect: (i, n) => {
    if (n === 1) return 0;
    const p = 2 * (n - 1), j = ((i % p) + p) % p;
    return j < n ? j : p - j;
  },
  symmetric: (i, n) => {
    const p = 2 * n, j = ((i % p) + p) % p;
    return j < n ? j : p - 1 - j;
  },
};

/**
 * Pads with `mode` (numpy's names): 'constant' (`constantValues`, default 0), 'edge' (repeat the
 * edge), 'reflect' (mirror without the edge), 'symmetric' (mirror with it), 'wrap' (periodic).
 * @example np.pad(np.array([1, 2, 3]), [2, 1], 'reflect'); // → [3, 2, 1, 2, 3, 2]
 * @example np.pad(np.array([[1]]), 1, { constantValues: 9 }); // → [[9, 9, 9], [9, 1, 9], [9, 9, 9]]
 */
export function pad(a: ArrayLike, padWidth: number | number[] | number[][], opts: PadMode | PadOptions = {}): Tensor {
  const op = 'np.pad';
  const x = operandTensor(op, a);
  const o: PadOptions = typeof opts === 'string' ? { mode: opts } : opts;
  if (o === null || typeof o !== 'object') throw new ArgumentError(`${op}: the third argument is ${validate.describe(opts)}; give a mode or { mode, constantValues }.`);
  for (const k of Object.keys(o)) if (k !== 'mode' && k !== 'constantValues') throw new ArgumentError(`${op}: unknown option '${k}'; the options are mode and constantValues.`);
  const mode = o.mode ?? 'constant';
  if (!MODES.includes(mode)) throw new ArgumentError(`${op}: unknown mode ${validate.describe(mode)}; use one of ${MODES.join(', ')}.`);
  const widths = padWidths(op, padWidth, x.ndim);
  if (mode === 'constant') {
    const v = validate.number(op, 'constantValues', o.constantValues ?? 0);
    const padded = lax.pad(x, widths.map((p) => p[0]), widths.map((p) => p[1]));
    if (v === 0) return padded;
    const inside = lax.pad(lax.full(x.shape, 1, 'bool'), widths.map((p) => p[0]), widths.map((p) => p[1]));
    return lax.where(inside, padded, lax.fullLike(padded, v));
  }
  if (o.constantValues !== undefined) throw new ArgumentError(`${op}: constantValues applies only to mode 'constant', not '${mode}'.`);
  let r = x;
  widths.forEach(([lo, hi], d) => {
    if (lo === 0 && hi === 0) return;
    const n = r.shape[d];
    if (n === 0) throw new ShapeError(`${op}: cannot pad the empty axis ${d} of ${x.aval} with mode '${mode}' (there is nothing to repeat); use mode 'constant'.`);
    r = pick(op, r, d, Array.from({ length: lo + n + hi }, (_, i) => SOURCE[mode](i - lo, n)));
  });
  return r;
}

export interface MeshgridOptions { indexing?: 'xy' | 'ij'; sparse?: boolean }

/**
 * Coordinate arrays from coordinate vectors: with 'xy' indexing (the default) the first two
 * output axes are swapped (Cartesian, as numpy), with 'ij' they follow the inputs (matrix).
 * An options object may come last.
 * @example
 * const [X, Y] = np.meshgrid(np.array([1, 2, 3]), np.array([4, 5]));
 * X; // → [[1, 2, 3], [1, 2, 3]]
 * Y; // → [[4, 4, 4], [5, 5, 5]]
 */
export function meshgrid(...args: (ArrayLike | MeshgridOptions)[]): Tensor[] {
  const op = 'np.meshgrid';
  const last = args[args.length - 1];
  const hasOpts = last !== null && typeof last === 'object' && !Array.isArray(last) && !isTensor(last) && !ArrayBuffer.isView(last);
  const o = (hasOpts ? last : {}) as MeshgridOptions;
  for (const k of Object.keys(o)) if (k !== 'indexing' && k !== 'sparse') throw new ArgumentError(`${op}: unknown option '${k}'; the options are indexing and sparse.`);
  const indexing = o.indexing ?? 'xy';
  if (indexing !== 'xy' && indexing !== 'ij') throw new ArgumentError(`${op}: indexing must be 'xy' or 'ij', got ${validate.describe(indexing)}.`);
  const xs = (hasOpts ? args.slice(0, -1) : args).map((v, i) => {
    const t = operandTensor(op, v as ArrayLike, undefined, `array ${i}`);
    return lax.reshape(t, [t.size]);
  });
  const sizes = xs.map((t) => t.size);
  const nd = xs.length;
  // Output axis of input i: i, except that 'xy' swaps the first two.
  const axisOf = (i: number) => (indexing === 'xy' && nd >= 2 && i < 2 ? 1 - i : i);
  const shape = Array.from({ length: nd }, () => 0);
  xs.forEach((_, i) => { shape[axisOf(i)] = sizes[i]; });
  return xs.map((t, i) => {
    if (o.sparse) return lax.reshape(t, shape.map((n, d) => (d === axisOf(i) ? n : 1)));
    return lax.broadcastInDim(t, shape, [axisOf(i)]);
  });
}

export interface DiffOptions { prepend?: ArrayLike; append?: ArrayLike }

/**
 * The n-th discrete difference along `axis` (default last): out[i] = x[i+1] − x[i], n times;
 * bool arrays give x[i+1] ≠ x[i]. `prepend`/`append` are joined to the axis first (scalars are
 * broadcast to one slice).
 * @example np.diff(np.array([1, 4, 9, 16])); // → [3, 5, 7]
 * @example np.diff(np.array([1, 4, 9, 16]), 2); // → [2, 2]
 */
export function diff(a: ArrayLike, n = 1, axis = -1, opts: DiffOptions = {}): Tensor {
  const op = 'np.diff';
  let x = operandTensor(op, a);
  validate.integer(op, 'n', n, { min: 0 });
  if (x.ndim === 0) throw new ShapeError(`${op}: needs an array of rank at least 1, got ${x.aval}.`);
  const d = validate.axis(op, axis, x.ndim);
  for (const k of Object.keys(opts)) if (k !== 'prepend' && k !== 'append') throw new ArgumentError(`${op}: unknown option '${k}'; the options are prepend and append.`);
  const edge = (v: ArrayLike, role: string) => {
    let t = lax.cast(operandTensor(op, v, x.dtype, role), x.dtype);
    if (t.ndim === 0) t = broadcastTo(t, x.shape.map((s, i) => (i === d ? 1 : s)), op);
    return t;
  };
  const parts = [...(opts.prepend !== undefined ? [edge(opts.prepend, 'prepend')] : []), x,
    ...(opts.append !== undefined ? [edge(opts.append, 'append')] : [])];
  if (parts.length > 1) x = lax.concatenate(parts, d);
  for (let k = 0; k < n; k++) {
    const len = x.shape[d];
    if (len === 0) break;
    const hi = sliceAxis(x, d, 1, len), lo = sliceAxis(x, d, 0, len - 1);
    x = x.dtype === 'bool' ? lax.compare(hi, lo, 'ne') : lax.sub(hi, lo);
  }
  return x;
}

