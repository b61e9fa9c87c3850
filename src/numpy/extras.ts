/**
 * Everyday numpy functions that are compositions of the rest of np and lax: stacking and
 * splitting (vstack, hstack, dstack, columnStack, arraySplit, vsplit, hsplit, dsplit), shape
 * helpers (atleast1d/2d/3d, broadcastArrays, flipud, fliplr, rot90, ravel, tensordot), creation
 * (identity, tri, diagflat, triuIndices, trilIndices, empty, emptyLike, copy), numpy's aliases
 * (amax, amin, absolute, remainder, trueDivide, degrees/rad2deg, radians/deg2rad, positive), more
 * elementwise math (copysign, signbit, heaviside, sinc, logaddexp, logaddexp2, cbrt, fmod, fmax,
 * fmin, gcd, lcm, divmod, modf, ldexp), NaN-aware reductions (nanstd, nanvar, nanprod,
 * nanargmax, nanargmin, nancumsum, nancumprod, countNonzero), digitize and ediff1d. Being
 * compositions, they differentiate, jit and vmap through the primitives they are made of.
 */
import { DType, isFloat, isInteger, isUnsigned } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastShapes, broadcastTo, prepare, resultDtype } from './broadcast.js';
import { axisArgs, axisOptions, type AxisOptions } from './axis-args.js';
import { abs, divide, floorDivide, mod } from './math.js';
import { argmax, argmin, max, min, type ArgOptions } from './reductions.js';
import { nanmax, nanmin, prod, type KeepdimsOption } from './reductions-extra.js';
import { concatenate } from './shape.js';
import { flip } from './rearrange.js';
import { diag } from './matrix.js';
import { cumprod, cumsum, searchsorted, type CumulativeOptions } from './sorting.js';
import { trunc } from './rounding.js';

type A = ArrayLike;

// --- small helpers ------------------------------------------------------------------------------

const c = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);
const isnanT = (x: Tensor): Tensor => lax.compare(x, x, 'ne');
const and = (p: Tensor, q: Tensor): Tensor => lax.where(p, q, lax.zerosLike(q));
const or = (p: Tensor, q: Tensor): Tensor => lax.where(p, lax.fullLike(q, 1), q);
const toFloat = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : lax.cast(x, 'float32'));

/** Two operands promoted and broadcast, then in float32 unless already float (numpy's inexact promotion). */
function floatPair(op: string, a: A, b: A): [Tensor, Tensor] {
  const [x, y] = prepare(op, [a, b]);
  return isFloat(x.dtype) ? [x, y] : [lax.cast(x, 'float32'), lax.cast(y, 'float32')];
}

/** A list of arrays (Tensors, numbers or nested data), non-empty. */
function arrayList(op: string, xs: unknown): Tensor[] {
  if (!Array.isArray(xs)) {
    throw new ArgumentError(`${op}: expected a list of arrays, got ${validate.describe(xs)}; pass e.g. ${op}([a, b]).`);
  }
  if (xs.length === 0) throw new ArgumentError(`${op}: needs at least one array, got an empty list.`);
  return xs.map((x, i) => operandTensor(op, x as A, undefined, `array ${i} of the list`));
}

/** Joins arrays of one rank along `axis` after checking the other axes agree (the error names `op`). */
function join(op: string, ts: Tensor[], axis: number, how: string): Tensor {
  ts.forEach((t) => {
    if (t.ndim !== ts[0].ndim || t.shape.some((d, i) => i !== axis && d !== ts[0].shape[i])) {
      throw new ShapeError(`${op}: the arrays, ${how}, have shapes ${ts.map((u) => fmtShape(u.shape)).join(', ')}, which differ ` +
        `outside axis ${axis}; all must match except along the joined axis.`);
    }
  });
  return concatenate(ts, axis);
}

/** `axis` given positionally or as `{ axis }`; one integer. */
function axisArg(op: string, a: unknown, dflt: number): number {
  const o = axisArgs<{ axis?: number | null }>(op, a, undefined, ['axis'], '{ axis: 1 }');
  if (Array.isArray(o.axis)) throw new ArgumentError(`${op}: takes one axis, got the list [${o.axis.join(', ')}]; pass a single integer.`);
  return o.axis === undefined || o.axis === null ? dflt : o.axis;
}

// --- atleast ------------------------------------------------------------------------------------

function atleast(op: string, xs: A[], f: (t: Tensor) => Tensor): Tensor | Tensor[] {
  if (xs.length === 0) throw new ArgumentError(`${op}: needs at least one array, got none.`);
  const ts = xs.map((x, i) => f(operandTensor(op, x, undefined, xs.length === 1 ? 'the operand' : `array ${i}`)));
  return ts.length === 1 ? ts[0] : ts;
}
const to1d = (t: Tensor): Tensor => (t.ndim === 0 ? lax.reshape(t, [1]) : t);
const to2d = (t: Tensor): Tensor => (t.ndim === 0 ? lax.reshape(t, [1, 1]) : t.ndim === 1 ? lax.reshape(t, [1, t.shape[0]]) : t);
const to3d = (t: Tensor): Tensor => (t.ndim === 0 ? lax.reshape(t, [1, 1, 1]) : t.ndim === 1 ? lax.reshape(t, [1, t.shape[0], 1])
  : t.ndim === 2 ? lax.reshape(t, [...t.shape, 1]) : t);

/** The `atleast` functions' call forms: one array gives one array, several give a list (numpy). */
export interface Atleast {
  (x: A): Tensor;
  (x: A, y: A, ...rest: A[]): Tensor[];
}

/**
 * The array with at least one axis: a scalar becomes shape [1]; several arrays give a list.
 * @example np.atleast1d(3); // → [3]
 * @example np.atleast1d(np.ones([2, 2])).shape; // → [2, 2]
 */
export const atleast1d: Atleast = ((...xs: A[]) => atleast('np.atleast1d', xs, to1d)) as Atleast;
/**
 * The array with at least two axes: a scalar becomes [1, 1], a vector [N] the row [1, N].
 * @example np.atleast2d(np.array([1, 2])); // → [[1, 2]]
 */
export const atleast2d: Atleast = ((...xs: A[]) => atleast('np.atleast2d', xs, to2d)) as Atleast;
/**
 * The array with at least three axes, as numpy places them: a scalar becomes [1, 1, 1], a vector
 * [N] becomes [1, N, 1], a matrix [M, N] becomes [M, N, 1].
 * @example np.atleast3d(np.array([1, 2])).shape; // → [1, 2, 1]
 * @example np.atleast3d(np.ones([2, 3])).shape; // → [2, 3, 1]
 */
export const atleast3d: Atleast = ((...xs: A[]) => atleast('np.atleast3d', xs, to3d)) as Atleast;

// --- stacking -----------------------------------------------------------------------------------

/**
 * Stacks arrays as rows (along axis 0); 1-D arrays of length N become rows [1, N] first.
 * @example np.vstack([np.array([1, 2]), np.array([3, 4])]); // → [[1, 2], [3, 4]]
 * @example np.vstack([np.ones([2, 3]), np.zeros([1, 3])]).shape; // → [3, 3]
 */
export function vstack(xs: A[]): Tensor {
  const op = 'np.vstack';
  return join(op, arrayList(op, xs).map(to2d), 0, 'made at least 2-D');
}

/**
 * Stacks arrays as columns (along axis 1), except that 1-D arrays join end to end (axis 0).
 * @example np.hstack([np.array([1, 2]), np.array([3])]); // → [1, 2, 3]
 * @example np.hstack([np.array([[1], [2]]), np.array([[3], [4]])]); // → [[1, 3], [2, 4]]
 */
export function hstack(xs: A[]): Tensor {
  const op = 'np.hstack';
  const ts = arrayList(op, xs).map(to1d);
  return join(op, ts, ts[0].ndim === 1 ? 0 : 1, 'made at least 1-D');
}

/**
 * Stacks arrays along the third axis (depth), after np.atleast3d: [N] → [1, N, 1], [M, N] → [M, N, 1].
 * @example np.dstack([np.array([1, 2]), np.array([3, 4])]); // → [[[1, 3], [2, 4]]]
 */
export function dstack(xs: A[]): Tensor {
  const op = 'np.dstack';
  return join(op, arrayList(op, xs).map(to3d), 2, 'made at least 3-D');
}

/**
 * Stacks 1-D arrays as the columns of a 2-D array (2-D arrays join along axis 1 as they are).
 * @example np.columnStack([np.array([1, 2]), np.array([3, 4])]); // → [[1, 3], [2, 4]]
 */
export function columnStack(xs: A[]): Tensor {
  const op = 'np.columnStack';
  const ts = arrayList(op, xs).map((t) => (t.ndim === 0 ? lax.reshape(t, [1, 1]) : t.ndim === 1 ? lax.reshape(t, [t.shape[0], 1]) : t));
  return join(op, ts, 1, '1-D ones made columns');
}

// --- splitting ----------------------------------------------------------------------------------

function sliceAxis(x: Tensor, axis: number, start: number, stop: number): Tensor {
  return lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));
}

/** Splits `x` along `ax`: `sections` parts (equal ones when `equal`, else numpy's array_split sizes) or at indices. */
function splitAt(op: string, x: Tensor, sections: unknown, ax: number, equal: boolean): Tensor[] {
  const n = x.shape[ax];
  let cuts: number[];
  if (typeof sections === 'number') {
    const k = validate.integer(op, 'the number of sections', sections, { min: 1 });
    if (equal && n % k !== 0) {
      throw new ShapeError(`${op}: axis ${ax} of ${x.aval} (size ${n}) does not divide into ${k} equal sections; ` +
        `use np.arraySplit for unequal parts, or give the split indices.`);
    }
    // numpy's array_split: the first n mod k parts have one element more.
    const each = Math.floor(n / k), extra = n % k;
    cuts = [];
    let at = 0;
    for (let i = 0; i < k - 1; i++) { at += each + (i < extra ? 1 : 0); cuts.push(at); }
  } else if (Array.isArray(sections)) {
    // Indices are slice bounds, as in numpy: negative counts from the end, clamped to [0, n].
    cuts = sections.map((v) => {
      const i = validate.integer(op, 'each split index', v);
      return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
    });
  } else {
    throw new ArgumentError(`${op}: the sections are ${validate.describe(sections)}; give a number of parts or a list of split indices.`);
  }
  const bounds = [0, ...cuts, n];
  return bounds.slice(0, -1).map((s, i) => sliceAxis(x, ax, s, Math.max(s, bounds[i + 1])));
}

/**
 * Splits into `sections` parts along `axis`, which need not be equal: the first n mod sections
 * parts get one element more, as numpy's array_split. A list of indices splits there (as np.split).
 * @example np.arraySplit(np.arange(7), 3); // → [[0, 1, 2], [3, 4], [5, 6]]
 * @example np.arraySplit(np.arange(5), [2]).map((p) => p.shape); // → [[2], [3]]
 */
export function arraySplit(a: A, sections: number | number[], axis: number | { axis?: number } = 0): Tensor[] {
  const op = 'np.arraySplit';
  const x = operandTensor(op, a);
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar, which has no axis to split; reshape it to [1] first.`);
  return splitAt(op, x, sections, validate.axis(op, axisArg(op, axis, 0), x.ndim), false);
}

/**
 * Splits along axis 0 into equal parts or at indices (numpy's vsplit; the array must be at least 2-D).
 * @example np.vsplit(np.arange(8).reshape([4, 2]), 2).map((p) => p.shape); // → [[2, 2], [2, 2]]
 */
export function vsplit(a: A, sections: number | number[]): Tensor[] {
  const op = 'np.vsplit';
  const x = operandTensor(op, a);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2, got ${x.aval}; use np.split for 1-D arrays.`);
  return splitAt(op, x, sections, 0, true);
}

/**
 * Splits along axis 1 (axis 0 for a 1-D array) into equal parts or at indices (numpy's hsplit).
 * @example np.hsplit(np.arange(6), 3); // → [[0, 1], [2, 3], [4, 5]]
 * @example np.hsplit(np.ones([2, 4]), [1]).map((p) => p.shape); // → [[2, 1], [2, 3]]
 */
export function hsplit(a: A, sections: number | number[]): Tensor[] {
  const op = 'np.hsplit';
  const x = operandTensor(op, a);
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar, which has no axis to split; reshape it to [1] first.`);
  return splitAt(op, x, sections, x.ndim > 1 ? 1 : 0, true);
}

/**
 * Splits along axis 2 (depth) into equal parts or at indices (numpy's dsplit; rank at least 3).
 * @example np.dsplit(np.ones([1, 2, 4]), 2).map((p) => p.shape); // → [[1, 2, 2], [1, 2, 2]]
 */
export function dsplit(a: A, sections: number | number[]): Tensor[] {
  const op = 'np.dsplit';
  const x = operandTensor(op, a);
  if (x.ndim < 3) throw new ShapeError(`${op}: needs an array of rank at least 3, got ${x.aval}; use np.split with an axis for lower ranks.`);
  return splitAt(op, x, sections, 2, true);
}

// --- shape helpers ------------------------------------------------------------------------------

/**
 * The arrays broadcast against each other to one shape (each keeps its dtype).
 * @example np.broadcastArrays(np.array([1, 2]), np.array([[10], [20]])).map((t) => t.shape); // → [[2, 2], [2, 2]]
 */
export function broadcastArrays(...xs: A[]): Tensor[] {
  const op = 'np.broadcastArrays';
  const ts = xs.map((x, i) => operandTensor(op, x, undefined, `array ${i}`));
  if (ts.length === 0) return [];
  const shape = broadcastShapes(op, ...ts.map((t) => t.shape));
  return ts.map((t) => broadcastTo(t, shape, op));
}

/**
 * Reverses the rows (axis 0).
 * @example np.flipud(np.array([[1, 2], [3, 4]])); // → [[3, 4], [1, 2]]
 */
export function flipud(a: A): Tensor {
  const x = operandTensor('np.flipud', a);
  if (x.ndim < 1) throw new ShapeError(`np.flipud: needs an array of rank at least 1, got ${x.aval}.`);
  return flip(x, 0);
}

/**
 * Reverses the columns (axis 1); the array must be at least 2-D.
 * @example np.fliplr(np.array([[1, 2], [3, 4]])); // → [[2, 1], [4, 3]]
 */
export function fliplr(a: A): Tensor {
  const x = operandTensor('np.fliplr', a);
  if (x.ndim < 2) throw new ShapeError(`np.fliplr: needs an array of rank at least 2, got ${x.aval}; use np.flip for 1-D arrays.`);
  return flip(x, 1);
}

/**
 * Rotates by 90° `k` times in the plane of `axes` (from the first axis towards the second), as numpy.
 * @example np.rot90(np.array([[1, 2], [3, 4]])); // → [[2, 4], [1, 3]]
 * @example np.rot90(np.array([[1, 2], [3, 4]]), -1); // → [[3, 1], [4, 2]]
 */
export function rot90(a: A, k = 1, axes: readonly [number, number] = [0, 1]): Tensor {
  const op = 'np.rot90';
  const x = operandTensor(op, a);
  validate.integer(op, 'k', k);
  if (!Array.isArray(axes) || axes.length !== 2) {
    throw new ArgumentError(`${op}: axes must be a list of two axes such as [0, 1], got ${validate.describe(axes)}.`);
  }
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2 (it rotates in a plane of two axes), got ${x.aval}.`);
  const a0 = validate.axis(op, axes[0], x.ndim, 'axes[0]'), a1 = validate.axis(op, axes[1], x.ndim, 'axes[1]');
  if (a0 === a1) throw new ShapeError(`${op}: axes [${axes.join(', ')}] name axis ${a0} twice for ${x.aval}; give two different axes.`);
  const turns = ((k % 4) + 4) % 4;
  if (turns === 0) return x;
  if (turns === 2) return flip(flip(x, a0), a1);
  const perm = x.shape.map((_, i) => i);
  [perm[a0], perm[a1]] = [perm[a1], perm[a0]];
  return turns === 1 ? lax.transpose(flip(x, a1), perm) : flip(lax.transpose(x, perm), a1);
}

/**
 * The elements as one axis, in row-major order.
 * @example np.ravel(np.array([[1, 2], [3, 4]])); // → [1, 2, 3, 4]
 */
export function ravel(a: A): Tensor {
  const x = operandTensor('np.ravel', a);
  return lax.reshape(x, [x.size]);
}

/**
 * Sums products over the given axes: `axes` = N contracts the last N axes of `a` with the first N
 * of `b`; `[axesA, axesB]` pairs them explicitly. The result has a's free axes, then b's.
 * @example np.tensordot(np.ones([2, 3, 4]), np.ones([3, 4, 5])).shape; // → [2, 5]
 * @example np.tensordot(np.array([[1, 2], [3, 4]]), np.array([1, 10]), [[1], [0]]); // → [21, 43]
 */
export function tensordot(a: A, b: A, axes: number | readonly [number | readonly number[], number | readonly number[]] = 2): Tensor {
  const op = 'np.tensordot';
  validate.operand(op, a, 'the first operand');
  validate.operand(op, b, 'the second operand');
  const va = isTensor(a) || typeof a === 'number' || typeof a === 'boolean' ? a : arrayFor(op, a);
  const vb = isTensor(b) || typeof b === 'number' || typeof b === 'boolean' ? b : arrayFor(op, b);
  const dt = resultDtype(op, va, vb);
  const x = lax.cast(operandTensor(op, va, dt, 'the first operand'), dt), y = lax.cast(operandTensor(op, vb, dt, 'the second operand'), dt);
  let ax: number[], bx: number[];
  if (typeof axes === 'number') {
    const n = validate.integer(op, 'axes', axes, { min: 0 });
    if (n > x.ndim || n > y.ndim) {
      throw new ShapeError(`${op}: cannot contract ${n} axes of ${x.aval} with ${y.aval}; axes must be at most both ranks.`);
    }
    ax = Array.from({ length: n }, (_, i) => x.ndim - n + i);
    bx = Array.from({ length: n }, (_, i) => i);
  } else if (Array.isArray(axes) && axes.length === 2) {
    const list = (v: unknown, t: Tensor, which: string): number[] => {
      const vs = Array.isArray(v) ? v : [v];
      const r = vs.map((d) => validate.axis(op, d, t.ndim, `an axis of ${which}`));
      if (new Set(r).size !== r.length) throw new ShapeError(`${op}: the axes of ${which} [${vs.join(', ')}] repeat an axis; list each once.`);
      return r;
    };
    ax = list(axes[0], x, 'the first operand');
    bx = list(axes[1], y, 'the second operand');
    if (ax.length !== bx.length) {
      throw new ShapeError(`${op}: ${ax.length} axes of the first operand paired with ${bx.length} of the second; give the same number.`);
    }
  } else {
    throw new ArgumentError(`${op}: axes is ${validate.describe(axes)}; give a number of axes (e.g. 2) or a pair of axis lists such as [[1], [0]].`);
  }
  ax.forEach((d, i) => {
    if (x.shape[d] !== y.shape[bx[i]]) {
      throw new ShapeError(`${op}: axis ${d} of ${x.aval} (size ${x.shape[d]}) is paired with axis ${bx[i]} of ${y.aval} ` +
        `(size ${y.shape[bx[i]]}); contracted axes must have equal sizes.`);
    }
  });
  return lax.dotGeneral(x, y, [ax, bx]);
}

// --- creation -----------------------------------------------------------------------------------

/**
 * The n×n identity matrix (float32 unless a dtype is given).
 * @example np.identity(2); // → [[1, 0], [0, 1]]
 */
export function identity(n: number, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.identity';
  const [r] = validate.shape(op, [n], 'n');
  return lax.cast(lax.compare(lax.iota([r, r], 0), lax.iota([r, r], 1), 'eq'), validate.dtypeArg(op, dtype, 'float32'));
}

/**
 * An n×m array with ones at and below diagonal `k` (column − row ≤ k) and zeros elsewhere.
 * @example np.tri(3); // → [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 * @example np.tri(2, 3, 1, 'int32'); // → [[1, 1, 0], [1, 1, 1]]
 */
export function tri(n: number, m?: number | null, k = 0, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.tri';
  const [rows, cols] = validate.shape(op, [n, m ?? n], 'the size [n, m] =');
  validate.integer(op, 'k', k);
  const d = lax.sub(lax.iota([rows, cols], 1), lax.iota([rows, cols], 0));
  return lax.cast(lax.compare(d, lax.full([rows, cols], k, 'int32'), 'le'), validate.dtypeArg(op, dtype, 'float32'));
}

/**
 * The flattened input on diagonal `k` of a square 2-D array.
 * @example np.diagflat(np.array([[1, 2]])); // → [[1, 0], [0, 2]]
 * @example np.diagflat(np.array([3]), -1); // → [[0, 0], [3, 0]]
 */
export function diagflat(v: A, k = 0): Tensor {
  const op = 'np.diagflat';
  const x = operandTensor(op, v);
  validate.integer(op, 'k', k);
  return diag(lax.reshape(x, [x.size]), k);
}

function triIndices(op: string, n: number, k: number, m: number | undefined | null, keep: (d: number) => boolean): Tensor[] {
  const [rows, cols] = validate.shape(op, [n, m ?? n], 'the size [n, m] =');
  validate.integer(op, 'k', k);
  const r: number[] = [], cl: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (keep(j - i)) { r.push(i); cl.push(j); }
  return [arrayFor(op, Int32Array.from(r)), arrayFor(op, Int32Array.from(cl))];
}

/**
 * The [rows, cols] indices (int32, row-major order) of the upper triangle of an n×m array: column − row ≥ k.
 * @example np.triuIndices(3); // → [[0, 0, 0, 1, 1, 2], [0, 1, 2, 1, 2, 2]]
 * @example np.triuIndices(3, 1); // → [[0, 0, 1], [1, 2, 2]]
 */
export function triuIndices(n: number, k = 0, m?: number | null): Tensor[] {
  return triIndices('np.triuIndices', n, k, m, (d) => d >= k);
}

/**
 * The [rows, cols] indices (int32, row-major order) of the lower triangle of an n×m array: column − row ≤ k.
 * @example np.trilIndices(3); // → [[0, 1, 1, 2, 2, 2], [0, 0, 1, 0, 1, 2]]
 * @example np.trilIndices(2, 0, 3); // → [[0, 1, 1], [0, 0, 1]]
 */
export function trilIndices(n: number, k = 0, m?: number | null): Tensor[] {
  return triIndices('np.trilIndices', n, k, m, (d) => d <= k);
}

/**
 * An array of `shape`; as in JAX, arrays are never uninitialised, so it holds zeros.
 * @example np.empty([2], 'int32'); // → [0, 0]
 */
export const empty = (shape: number[] | number, dtype?: validate.DTypeArg): Tensor =>
  lax.full(validate.shape('np.empty', shape), 0, validate.dtypeArg('np.empty', dtype, 'float32'));

/**
 * An array of `x`'s shape and dtype (unless one is given); zeros, as in JAX.
 * @example np.emptyLike(np.ones([2, 2])); // → [[0, 0], [0, 0]]
 */
export const emptyLike = (x: A, dtype?: validate.DTypeArg): Tensor => {
  const t = operandTensor('np.emptyLike', x);
  return lax.full(t.shape, 0, validate.dtypeArg('np.emptyLike', dtype, t.dtype));
};

/**
 * A copy of the array: a new array with the same values, shape and dtype, independent of the
 * original (disposing one leaves the other).
 * @example np.copy(np.array([1, 2])); // → [1, 2]
 */
export function copy(a: A): Tensor {
  const x = operandTensor('np.copy', a);
  // A where selecting every element: an op, so a new array (a reshape or cast to the same type may return x itself).
  return lax.where(lax.full(x.shape, 1, 'bool'), x, x);
}

// --- aliases ------------------------------------------------------------------------------------

/** numpy's name for {@link max}. @example np.amax(np.array([[1, 5], [3, 4]]), 1); // → [5, 4] */
export const amax = max;
/** numpy's name for {@link min}. @example np.amin(np.array([[3, 1], [2, 5]]), 0); // → [2, 1] */
export const amin = min;
/** numpy's name for {@link abs}. @example np.absolute(np.array([-1.5, 2])); // → [1.5, 2] */
export const absolute = abs;
/** numpy's name for {@link mod} (the sign of the divisor). @example np.remainder(np.array([7, -7]), 3); // → [1, 2] */
export const remainder = mod;
/** numpy's name for {@link divide}. @example np.trueDivide(np.array([1, 3], 'int32'), 2); // → [0.5, 1.5] */
export const trueDivide = divide;

/**
 * Radians to degrees (x · 180/π); integers in float32.
 * @example np.degrees(np.array([Math.PI, -Math.PI / 2])); // → [180, -90]
 */
export function degrees(a: A): Tensor {
  const x = toFloat(operandTensor('np.degrees', a));
  return lax.mul(x, c(x, 180 / Math.PI));
}
/** The same function as {@link degrees}. @example np.rad2deg(np.array([Math.PI / 4])); // → [45] */
export const rad2deg = degrees;

/**
 * Degrees to radians (x · π/180); integers in float32.
 * @example np.radians(np.array([180, 90])); // → [Math.PI, Math.PI / 2]
 */
export function radians(a: A): Tensor {
  const x = toFloat(operandTensor('np.radians', a));
  return lax.mul(x, c(x, Math.PI / 180));
}
/** The same function as {@link radians}. @example np.deg2rad(np.array([360])); // → [2 * Math.PI] */
export const deg2rad = radians;

/**
 * +x: the array's values unchanged (numpy's positive).
 * @example np.positive(np.array([-1, 2])); // → [-1, 2]
 */
export const positive = (a: A): Tensor => operandTensor('np.positive', a);

// --- elementwise math ---------------------------------------------------------------------------

/** Whether each float's sign bit is set, for non-NaN values: x < 0, or x = −0 (1/x = −∞). */
function signBitOf(x: Tensor): Tensor {
  const zero = lax.zerosLike(x);
  const isZero = lax.compare(x, zero, 'eq');
  const inv = lax.div(c(x, 1), lax.where(isZero, x, c(x, 1)));
  return or(lax.compare(x, zero, 'lt'), and(isZero, lax.compare(inv, zero, 'lt')));
}

/**
 * Whether the sign bit is set, read from the bits as numpy does: true for negative values, −0.0
 * and a NaN with its sign bit set (integers: x < 0; bools: false). float64, which has no integer
 * type of its width here, reads the value instead (x < 0 or −0.0; NaN false).
 * @example np.signbit(np.array([-1, -0, 0, 2])); // → [true, true, false, false]
 */
export function signbit(a: A): Tensor {
  const x = operandTensor('np.signbit', a);
  if (x.dtype === 'float64') return signBitOf(x);
  if (isFloat(x.dtype)) {
    // float16/bfloat16 widen to float32 exactly (a NaN keeps its sign) and share its sign bit.
    const bits = lax.bitcastConvertType(lax.cast(x, 'float32'), 'uint32');
    return lax.compare(lax.bitwiseAnd(bits, lax.fullLike(bits, 0x80000000)), lax.zerosLike(bits), 'ne');
  }
  if (x.dtype === 'bool' || isUnsigned(x.dtype)) return lax.full(x.shape, 0, 'bool');
  return lax.compare(x, lax.zerosLike(x), 'lt');
}

/**
 * |a| with the sign of b (−0.0 counts as negative); integers in float32.
 * @example np.copysign(np.array([1, -2, 3]), np.array([-1, 1, -0])); // → [-1, 2, -3]
 */
export function copysign(a: A, b: A): Tensor {
  const [x, y] = floatPair('np.copysign', a, b);
  const m = lax.abs(x);
  return lax.where(signBitOf(y), lax.neg(m), m);
}

/**
 * The Heaviside step: 0 where x < 0, h0 where x = 0, 1 where x > 0 (NaN stays NaN, as numpy).
 * @example np.heaviside(np.array([-1.5, 0, 2]), 0.5); // → [0, 0.5, 1]
 */
export function heaviside(a: A, h0: A): Tensor {
  const [x, h] = floatPair('np.heaviside', a, h0);
  const zero = lax.zerosLike(x);
  return lax.where(lax.compare(x, zero, 'lt'), zero,
    lax.where(lax.compare(x, zero, 'gt'), c(x, 1), lax.where(lax.compare(x, zero, 'eq'), h, x)));
}

/** sin(y)/y = Σ (−1)ᵏ y²ᵏ/(2k+1)! up to y¹²; for |y| < 0.5 its error is below 1e-16. */
const SINC_TAYLOR = [1, -1 / 6, 1 / 120, -1 / 5040, 1 / 362880, -1 / 39916800, 1 / 6227020800];

/**
 * The normalized sinc, sin(πx)/(πx), 1 at 0. Near 0 (|πx| < 0.5) it is its Taylor polynomial, so
 * every derivative there is right (sinc′(0) = 0, sinc″(0) = −π²/3), not NaN as of 0/0.
 * @example np.sinc(np.array([0, 0.5, 1])); // → [1, 2 / Math.PI, 0]
 */
export function sinc(a: A): Tensor {
  const x = toFloat(operandTensor('np.sinc', a));
  const y = lax.mul(x, c(x, Math.PI));
  const small = lax.compare(lax.abs(y), c(y, 0.5), 'lt');
  // Each branch sees only the inputs it is chosen for, so the other's gradient is finite times zero.
  const ys = lax.where(small, y, lax.zerosLike(y)), yl = lax.where(small, c(y, 1), y);
  const y2 = lax.mul(ys, ys);
  let p = c(y, SINC_TAYLOR[SINC_TAYLOR.length - 1]);
  for (let i = SINC_TAYLOR.length - 2; i >= 0; i--) p = lax.add(c(y, SINC_TAYLOR[i]), lax.mul(y2, p));
  return lax.where(small, p, lax.div(lax.sin(yl), yl));
}

/** hi + f(lo − hi) with hi = max(x, y), lo = min(x, y): f never sees a positive argument. */
function logAddExpWith(op: string, a: A, b: A, f: (d: Tensor) => Tensor): Tensor {
  const [x, y] = floatPair(op, a, b);
  const ge = lax.compare(x, y, 'ge');
  const hi = lax.where(ge, x, y), lo = lax.where(ge, y, x);
  const d = lax.sub(lo, hi);
  // d is NaN for a NaN operand (the sum is NaN too) and for two infinities of one sign (the sum is that infinity).
  const bad = isnanT(d);
  const safeD = lax.where(bad, lax.zerosLike(d), d);
  return lax.where(bad, lax.add(x, y), lax.add(hi, f(safeD)));
}

/**
 * log(eᵃ + eᵇ), computed stably as max + log1p(exp(−|a − b|)); logaddexp(−∞, −∞) = −∞.
 * @example np.logaddexp(np.array([0, 1000, -Infinity]), np.array([0, 1000, -Infinity])); // → [Math.LN2, 1000 + Math.LN2, -Infinity]
 */
export function logaddexp(a: A, b: A): Tensor {
  return logAddExpWith('np.logaddexp', a, b, (d) => lax.log1p(lax.exp(d)));
}

/**
 * log₂(2ᵃ + 2ᵇ), computed stably as max + log₂(1 + 2^−|a − b|).
 * @example np.logaddexp2(np.array([1, 3]), np.array([1, -Infinity])); // → [2, 3]
 */
export function logaddexp2(a: A, b: A): Tensor {
  return logAddExpWith('np.logaddexp2', a, b, (d) => lax.mul(lax.log1p(lax.exp(lax.mul(d, c(d, Math.LN2)))), c(d, 1 / Math.LN2)));
}

/**
 * The real cube root: negative inputs give negative results; integers in float32. y = |x|^(1/3)
 * (1/3 is not exact in floating point, and pow's own error reaches ~17 ulp in float32) refined by
 * one Newton step y + (|x|/y² − y)/3, which leaves ≤ 2 ulp; 0, ±∞ and NaN pass through (−0 stays −0).
 * @example np.cbrt(np.array([27, -8, 0, 1e-30])); // → [3, -2, 0, 1e-10]
 */
export function cbrt(a: A): Tensor {
  const x = toFloat(operandTensor('np.cbrt', a));
  const ax = lax.abs(x);
  // The Newton step only where |x| is finite and non-zero (elsewhere it is 0/0 or ∞/∞), at a safe argument.
  const nonzero = lax.compare(ax, c(x, 0), 'gt');
  const ok = lax.where(nonzero, lax.compare(ax, c(x, Infinity), 'lt'), nonzero);
  const safe = lax.where(ok, ax, c(x, 1));
  const y = lax.pow(safe, c(x, 1 / 3));
  const refined = lax.add(y, lax.mul(lax.sub(lax.div(safe, lax.mul(y, y)), y), c(x, 1 / 3)));
  return lax.mul(lax.sign(x), lax.where(ok, refined, ax));
}

/**
 * C's fmod: the remainder of truncated division, with the sign of the dividend (np.mod takes the
 * divisor's). Integers stay integers (x fmod 0 is 0, as in JAX); bools count as int32.
 * @example np.fmod(np.array([7, -7, 7, -7], 'int32'), np.array([3, 3, -3, -3], 'int32')); // → [1, -1, 1, -1]
 * @example np.fmod(np.array([5.5, -5.5]), 2); // → [1.5, -1.5]
 */
export function fmod(a: A, b: A): Tensor {
  let [x, y] = prepare('np.fmod', [a, b]);
  if (x.dtype === 'bool') { x = lax.cast(x, 'int32'); y = lax.cast(y, 'int32'); }
  if (isFloat(x.dtype)) return lax.rem(x, y);
  return lax.rem(x, lax.where(lax.compare(y, lax.zerosLike(y), 'eq'), c(y, 1), y));
}

function nanIgnoring(op: string, pick: (x: Tensor, y: Tensor) => Tensor) {
  return (a: A, b: A): Tensor => {
    const [x, y] = prepare(op, [a, b]);
    if (!isFloat(x.dtype)) return pick(x, y);
    return lax.where(isnanT(x), y, lax.where(isnanT(y), x, pick(x, y)));
  };
}

/**
 * The larger of a and b elementwise, ignoring NaN: a NaN loses to a number (NaN only when both are).
 * @example np.fmax(np.array([1, NaN, NaN]), np.array([NaN, 2, NaN])); // → [1, 2, NaN]
 */
export const fmax = nanIgnoring('np.fmax', lax.max);
/**
 * The smaller of a and b elementwise, ignoring NaN: a NaN loses to a number (NaN only when both are).
 * @example np.fmin(np.array([1, NaN, 5]), np.array([NaN, 2, 3])); // → [1, 2, 3]
 */
export const fmin = nanIgnoring('np.fmin', lax.min);

/** Integer operands for gcd/lcm: promoted and broadcast; bools count as int32 (JAX); floats are an error. */
function integerPair(op: string, a: A, b: A): [Tensor, Tensor] {
  let [x, y] = prepare(op, [a, b]);
  if (x.dtype === 'bool') { x = lax.cast(x, 'int32'); y = lax.cast(y, 'int32'); }
  if (!isInteger(x.dtype)) {
    throw new DTypeError(`${op}: needs integer arrays, got ${x.dtype} (from ${x.shape.length ? fmtShape(x.shape) : 'scalars'}); ` +
      `cast them with astype('int32') (numpy and JAX accept integers only).`);
  }
  return [x, y];
}

/** Euclid's steps that always suffice for the dtype: the Fibonacci bound on its range. */
function euclidSteps(dtype: DType): number {
  return dtype === 'int8' || dtype === 'uint8' ? 14 : dtype === 'int16' || dtype === 'uint16' ? 26 : 48;
}

function gcdOf(x: Tensor, y: Tensor): Tensor {
  const a0 = isUnsigned(x.dtype) ? x : lax.abs(x), b0 = isUnsigned(y.dtype) ? y : lax.abs(y);
  const [g] = lax.foriLoop(0, euclidSteps(x.dtype), (_i, [p, q]: [Tensor, Tensor]): [Tensor, Tensor] => {
    const nz = lax.compare(q, lax.zerosLike(q), 'ne');
    const safe = lax.where(nz, q, c(q, 1));
    return [lax.where(nz, q, p), lax.where(nz, lax.rem(p, safe), lax.zerosLike(q))];
  }, [a0, b0] as [Tensor, Tensor]);
  return g;
}

/**
 * The greatest common divisor of |a| and |b|, elementwise (integers; gcd(0, 0) = 0). Euclid's
 * algorithm with a fixed number of steps (enough for the dtype), so it runs under jit and vmap.
 * @example np.gcd(np.array([12, -12, 0, 0], 'int32'), np.array([20, 18, 5, 0], 'int32')); // → [4, 6, 5, 0]
 */
export function gcd(a: A, b: A): Tensor {
  const [x, y] = integerPair('np.gcd', a, b);
  return gcdOf(x, y);
}

/**
 * The least common multiple of |a| and |b|, elementwise (integers, never negative; 0 when either is 0).
 * @example np.lcm(np.array([4, -6, 0], 'int32'), np.array([6, 4, 5], 'int32')); // → [12, 12, 0]
 */
export function lcm(a: A, b: A): Tensor {
  const [x, y] = integerPair('np.lcm', a, b);
  const g = gcdOf(x, y);
  const zero = lax.compare(g, lax.zerosLike(g), 'eq');
  const r = lax.mul(lax.div(x, lax.where(zero, c(g, 1), g)), y);
  return lax.where(zero, lax.zerosLike(g), isUnsigned(r.dtype) ? r : lax.abs(r));
}

/**
 * [floorDivide(a, b), mod(a, b)] together, so that a = q·b + r with r of b's sign.
 * @example np.divmod(np.array([7, -7]), 2); // → [[3, -4], [1, 1]]
 */
export function divmod(a: A, b: A): [Tensor, Tensor] {
  validate.operand('np.divmod', a, 'the first operand');
  validate.operand('np.divmod', b, 'the second operand');
  return [floorDivide(a, b), mod(a, b)];
}

/**
 * [fractional part, integral part], both with the sign of x (modf(−2.5) = [−0.5, −2]; ±∞ gives
 * [±0, ±∞]); integers in float32.
 * @example np.modf(np.array([2.5, -2.5, 3])); // → [[0.5, -0.5, 0], [2, -2, 3]]
 */
export function modf(a: A): [Tensor, Tensor] {
  const x = toFloat(operandTensor('np.modf', a));
  const i = trunc(x);
  const inf = lax.compare(lax.abs(x), c(x, Infinity), 'eq');
  const f = lax.where(inf, lax.zerosLike(x), lax.sub(x, lax.where(inf, lax.zerosLike(x), i)));
  const m = lax.abs(f);
  return [lax.where(signBitOf(x), lax.neg(m), m), i];
}

/** |exponent| beyond which x·2ⁱ is 0 or ±∞ for every finite x of the dtype (so it is clamped there). */
const LDEXP_BOUND: Partial<Record<DType, number>> = { float16: 45, bfloat16: 300, float32: 300, float64: 2200 };

/**
 * x · 2ⁱ for integer exponents i (x in float32 when it is an integer array). The power is
 * applied in three exact factors, so a large exponent does not overflow before the product does.
 * @example np.ldexp(np.array([1, 3, 5]), np.array([2, -1, 0], 'int32')); // → [4, 1.5, 5]
 */
export function ldexp(a: A, i: A): Tensor {
  const op = 'np.ldexp';
  const x = toFloat(operandTensor(op, a, undefined, 'the mantissa'));
  validate.operand(op, i, 'the exponent');
  let e: Tensor;
  if (typeof i === 'number') {
    e = lax.scalar(validate.integer(op, 'the exponent', i), 'int32');
  } else {
    e = isTensor(i) ? i : arrayFor(op, i);
    if (!isInteger(e.dtype)) {
      throw new DTypeError(`${op}: the exponent must be an integer array, got ${e.aval}; cast it with astype('int32') ` +
        `(for real exponents use x·np.exp2(i)).`);
    }
  }
  const shape = broadcastShapes(op, x.shape, e.shape);
  const xb = broadcastTo(x, shape, op);
  const bound = LDEXP_BOUND[x.dtype] ?? 300;
  const ef = lax.cast(broadcastTo(e, shape, op), x.dtype);
  const ec = lax.max(lax.min(ef, c(ef, bound)), c(ef, -bound));
  const e1 = trunc(lax.div(ec, c(ec, 3)));
  const e2 = trunc(lax.div(lax.sub(ec, e1), c(ec, 2)));
  const e3 = lax.sub(lax.sub(ec, e1), e2);
  const two = c(ec, 2);
  return lax.mul(lax.mul(lax.mul(xb, lax.pow(two, e1)), lax.pow(two, e2)), lax.pow(two, e3));
}

// --- NaN-aware reductions -----------------------------------------------------------------------

/** The reduced result with its axes kept as size 1, or dropped. */
const shaped = (r: Tensor, inShape: readonly number[], axes: number[], keepdims: boolean): Tensor =>
  lax.reshape(r, keepdims ? inShape.map((d, i) => (axes.includes(i) ? 1 : d)) : inShape.filter((_, i) => !axes.includes(i)));

/** The (axis, options) pair of a reduction, folded into one checked options object. */
function reduceOpts<O extends AxisOptions>(op: string, axis: unknown, opts: unknown, extra: readonly string[] = []): Partial<O> {
  return axisArgs<O>(op, axis, opts, ['axis', 'keepdims', ...extra], extra.length ? '{ axis: 0, ddof: 1 }' : '{ axis: 0, keepdims: true }');
}

/** nanvar / nanstd options: axis and keepdims, plus `ddof` (the divisor is the count of non-NaN values − ddof). */
export interface NanVarOptions extends AxisOptions { ddof?: number }

function nanvarImpl(op: string, a: A, axisOrOptions: unknown, rest: unknown): Tensor {
  const o = reduceOpts<NanVarOptions>(op, axisOrOptions, rest, ['ddof']);
  const ddof = validate.number(op, 'ddof', o.ddof ?? 0);
  const x = toFloat(operandTensor(op, a));
  const { axes, keepdims } = axisOptions(op, { axis: o.axis ?? null, keepdims: o.keepdims }, x.ndim);
  const nan = isnanT(x);
  // NaNs are replaced before any arithmetic, so their (unselected) gradient is zero, not NaN.
  const xs = lax.where(nan, lax.zerosLike(x), x);
  const n = shaped(lax.reduceSum(lax.where(nan, lax.zerosLike(x), c(x, 1)), axes), x.shape, axes, true);
  const mu = lax.div(shaped(lax.reduceSum(xs, axes), x.shape, axes, true), n);
  const d = lax.where(nan, lax.zerosLike(x), lax.sub(xs, broadcastTo(mu, x.shape)));
  const s = lax.reduceSum(lax.mul(d, d), axes);
  const dof = lax.sub(lax.reshape(n, s.shape), c(s, ddof));
  // As numpy and JAX: NaN where no degree of freedom is left (all-NaN slices included).
  const none = lax.compare(dof, lax.zerosLike(dof), 'le');
  const v = lax.where(none, c(s, NaN), lax.div(s, lax.where(none, c(dof, 1), dof)));
  return shaped(v, x.shape, axes, keepdims);
}

/**
 * Variance over `axis` of the non-NaN elements; `ddof` 1 gives the unbiased estimate. NaN where
 * fewer than ddof + 1 values are not NaN.
 * @example np.nanvar(np.array([1, NaN, 3])); // → 1
 * @example np.nanvar(np.array([[1, NaN, 3], [2, 2, NaN]]), 1, { ddof: 1 }); // → [2, 0]
 */
export function nanvar(a: A, axisOrOptions?: number | number[] | null | NanVarOptions, opts?: Omit<NanVarOptions, 'axis'>): Tensor {
  return nanvarImpl('np.nanvar', a, axisOrOptions, opts);
}

/**
 * Standard deviation over `axis` of the non-NaN elements (`ddof` as in {@link nanvar}).
 * @example np.nanstd(np.array([1, NaN, 3])); // → 1
 */
export function nanstd(a: A, axisOrOptions?: number | number[] | null | NanVarOptions, opts?: Omit<NanVarOptions, 'axis'>): Tensor {
  return lax.sqrt(nanvarImpl('np.nanstd', a, axisOrOptions, opts));
}

/**
 * Product over `axis` with NaN counted as 1 (1 for an all-NaN slice).
 * @example np.nanprod(np.array([[2, NaN], [3, 4]]), 1); // → [2, 12]
 */
export function nanprod(a: A, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const op = 'np.nanprod';
  const o = reduceOpts<AxisOptions>(op, axisOrOptions, opts);
  const x = operandTensor(op, a);
  axisOptions(op, { axis: o.axis ?? null, keepdims: o.keepdims }, x.ndim);
  const filled = isFloat(x.dtype) ? lax.where(isnanT(x), c(x, 1), x) : x;
  return prod(filled, { axis: o.axis ?? null, keepdims: o.keepdims ?? false });
}

function nanArg(op: string, a: A, axisOrOptions: unknown, rest: unknown, sign: 1 | -1): Tensor {
  const o = axisArgs<ArgOptions>(op, axisOrOptions, rest, ['axis', 'keepdims'], '{ axis: 0, keepdims: true }');
  const keepdims = o.keepdims === undefined ? false : validate.boolean(op, 'keepdims', o.keepdims);
  const x0 = operandTensor(op, a);
  if (o.axis !== undefined && o.axis !== null) validate.axis(op, o.axis, x0.ndim);
  if (x0.size === 0) {
    throw new ShapeError(`${op}: ${x0.aval} is empty, so it has no ${sign > 0 ? 'maximum' : 'minimum'} to point to; check the shape first.`);
  }
  // No NaN to skip: argmax / argmin itself.
  if (!isFloat(x0.dtype)) return (sign > 0 ? argmax : argmin)(x0, o.axis ?? null, { keepdims });
  const flat = o.axis === undefined || o.axis === null;
  const x = flat ? lax.reshape(x0, [x0.size]) : x0;
  const ax = flat ? 0 : validate.axis(op, o.axis, x.ndim);
  // The first position equal to the NaN-ignoring extreme (right for −∞ too); −1 where all are NaN (JAX).
  const m = sign > 0 ? nanmax(x, ax, { keepdims: true }) : nanmin(x, ax, { keepdims: true });
  const hit = lax.cast(lax.compare(x, broadcastTo(m, x.shape), 'eq'), 'int32');
  const idx = lax.argmax(hit, ax);
  const r = lax.where(isnanT(lax.reshape(m, idx.shape)), lax.full(idx.shape, -1, 'int32'), idx);
  if (!keepdims) return r;
  return lax.reshape(r, x0.shape.map((d, i) => (flat || i === ax ? 1 : d)));
}

/**
 * Index of the maximum along `axis` ignoring NaN (over the flattened array when axis is omitted);
 * −1 where a whole slice is NaN, as in JAX (numpy raises).
 * @example np.nanargmax(np.array([1, NaN, 3, NaN])); // → 2
 * @example np.nanargmax(np.array([[NaN, NaN], [NaN, -Infinity]]), 1); // → [-1, 1]
 */
export const nanargmax: {
  (a: A, options?: ArgOptions): Tensor;
  (a: A, axis: number | null, options?: Omit<ArgOptions, 'axis'>): Tensor;
} = (a: A, axis?: unknown, opts?: unknown): Tensor => nanArg('np.nanargmax', a, axis, opts, 1);

/**
 * Index of the minimum along `axis` ignoring NaN; −1 where a whole slice is NaN, as in JAX.
 * @example np.nanargmin(np.array([[4, NaN, 1], [NaN, 0, 2]]), 1); // → [2, 1]
 */
export const nanargmin: {
  (a: A, options?: ArgOptions): Tensor;
  (a: A, axis: number | null, options?: Omit<ArgOptions, 'axis'>): Tensor;
} = (a: A, axis?: unknown, opts?: unknown): Tensor => nanArg('np.nanargmin', a, axis, opts, -1);

function nanCumulative(op: string, fill: number, f: typeof cumsum) {
  return (a: A, axisOrOpts?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor => {
    const x = operandTensor(op, a);
    // The arguments are checked here, so that a mistake names this function.
    const o = axisArgs<CumulativeOptions>(op, axisOrOpts, opts, ['axis', 'dtype', 'reverse'], '{ axis: 0, reverse: true }');
    if (o.axis !== undefined && o.axis !== null) validate.axis(op, o.axis, x.ndim);
    if (o.dtype !== undefined) validate.dtype(op, o.dtype);
    if (o.reverse !== undefined) validate.boolean(op, 'reverse', o.reverse);
    const filled = isFloat(x.dtype) ? lax.where(isnanT(x), c(x, fill), x) : x;
    return f(filled, { axis: o.axis ?? null, ...(o.dtype !== undefined ? { dtype: o.dtype } : {}), ...(o.reverse !== undefined ? { reverse: o.reverse } : {}) });
  };
}

/**
 * Cumulative sum along `axis` (default: of the flattened array) with NaN counted as 0.
 * @example np.nancumsum(np.array([1, NaN, 3])); // → [1, 1, 4]
 */
export const nancumsum = nanCumulative('np.nancumsum', 0, cumsum);
/**
 * Cumulative product along `axis` (default: of the flattened array) with NaN counted as 1.
 * @example np.nancumprod(np.array([[2, NaN], [3, 4]]), 1); // → [[2, 2], [3, 12]]
 */
export const nancumprod = nanCumulative('np.nancumprod', 1, cumprod);

/**
 * The number of non-zero (true) elements over `axis` (every axis when omitted), as int32; NaN counts.
 * @example np.countNonzero(np.array([[0, 1, 7], [0, 0, NaN]])); // → 3
 * @example np.countNonzero(np.array([[0, 1, 7], [0, 0, 1]]), 1); // → [2, 1]
 */
export function countNonzero(a: A, axisOrOptions?: number | number[] | null | AxisOptions, opts?: KeepdimsOption): Tensor {
  const op = 'np.countNonzero';
  const o = reduceOpts<AxisOptions>(op, axisOrOptions, opts);
  const x = operandTensor(op, a);
  const { axes, keepdims } = axisOptions(op, { axis: o.axis ?? null, keepdims: o.keepdims }, x.ndim);
  const nz = x.dtype === 'bool' ? x : lax.compare(x, lax.zerosLike(x), 'ne');
  return shaped(lax.reduceSum(lax.cast(nz, 'int32'), axes), x.shape, axes, keepdims);
}

// --- binning and differences --------------------------------------------------------------------

/**
 * The index of the bin each value falls in (int32), as numpy: for increasing bins, i with
 * bins[i−1] ≤ x < bins[i] (with `right`, bins[i−1] < x ≤ bins[i]); 0 below the first edge and
 * bins.length above the last. Decreasing bins count from the other end, as numpy. The bins must
 * be monotonic (not checked: they may be traced).
 * @example np.digitize(np.array([0.2, 6.4, 3.0, 1.6]), np.array([0, 1, 2.5, 4, 10])); // → [1, 4, 3, 2]
 * @example np.digitize(np.array([1, 2.5]), np.array([0, 1, 2.5]), true); // → [1, 2]
 */
export function digitize(x: A, bins: A, right = false): Tensor {
  const op = 'np.digitize';
  const b = operandTensor(op, bins, undefined, 'the bins');
  // The values keep their own type (a fractional number is not cut to integer bins); searchsorted promotes.
  const v = operandTensor(op, x, undefined, 'the values');
  validate.boolean(op, 'right', right);
  if (b.ndim !== 1) throw new ShapeError(`${op}: the bins must be 1-D, got ${b.aval}; flatten them with np.ravel.`);
  const n = b.shape[0];
  if (n === 0) return lax.full(v.shape, 0, 'int32');
  const side = right ? 'left' : 'right';
  const inc = searchsorted(b, v, { side });
  if (n === 1) return inc;
  // Decreasing bins: n − searchsorted(reversed bins), chosen by the first and last edges (as JAX).
  const dec = lax.sub(lax.full(v.shape, n, 'int32'), searchsorted(flip(b, 0), v, { side }));
  const last = lax.slice(b, [n - 1], [n]), first = lax.slice(b, [0], [1]);
  const increasing = lax.broadcastInDim(lax.reshape(lax.compare(last, first, 'ge'), []), v.shape, []);
  return lax.where(increasing, inc, dec);
}

/**
 * Differences between consecutive elements of the flattened array, with optional values put at
 * the end and the beginning (cast to the array's dtype).
 * @example np.ediff1d(np.array([1, 2, 4, 7])); // → [1, 2, 3]
 * @example np.ediff1d(np.array([[1, 2], [4, 7]]), [99], 0); // → [0, 1, 2, 3, 99]
 */
export function ediff1d(a: A, toEnd?: A | null, toBegin?: A | null): Tensor {
  const op = 'np.ediff1d';
  const t = operandTensor(op, a);
  if (t.dtype === 'bool') {
    throw new DTypeError(`${op}: bool arrays have no difference (numpy raises too); cast with astype('int32') first, or use np.notEqual on neighbours.`);
  }
  const x = lax.reshape(t, [t.size]);
  const n = x.size;
  let d = n < 2 ? lax.full([0], 0, x.dtype) : lax.sub(lax.slice(x, [1], [n]), lax.slice(x, [0], [n - 1]));
  const extra = (v: A, role: string): Tensor => {
    const e = operandTensor(op, v, x.dtype, role);
    return lax.cast(lax.reshape(e, [e.size]), x.dtype);
  };
  const parts = [
    ...(toBegin === undefined || toBegin === null ? [] : [extra(toBegin, 'toBegin')]),
    d,
    ...(toEnd === undefined || toEnd === null ? [] : [extra(toEnd, 'toEnd')]),
  ];
  if (parts.length > 1) d = lax.concatenate(parts, 0);
  return d;
}
