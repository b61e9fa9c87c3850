/**
 * Polynomials, 1-D signals and integration: polyval, polyfit, polyadd, polysub, polymul, polyder,
 * polyint, convolve, correlate, trapezoid, interp.
 * Compositions (Horner's rule, a constant sliding-window gather and one dot_general, searchsorted
 * and gathers), so their derivatives, vmap and WebGPU kernels come from those primitives.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { isFloat, type DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastTo, resultDtype } from './broadcast.js';
import { searchsorted } from './sorting.js';

const floatOf = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
const promoteFloat = (a: DType, b: DType): DType => (a === 'float64' || b === 'float64' ? 'float64' : 'float32');

/**
 * Evaluates the polynomial with coefficients `p` (highest power first) at `x`, as `numpy.polyval`
 * (Horner's rule).
 * @example np.polyval(np.array([3, 0, 1]), np.array([1, 2])); // → [4, 13]
 */
export function polyval(p: ArrayLike, x: ArrayLike): Tensor {
  const op = 'np.polyval';
  const c = operandTensor(op, p, undefined, 'the coefficients');
  if (c.ndim !== 1) throw new ShapeError(`${op}: the coefficients are ${c.aval}; give a 1-D array, highest power first.`);
  const xt = operandTensor(op, x, undefined, 'x');
  const dt = resultDtype(op, c, xt);
  const X = lax.cast(xt, dt), C = lax.cast(c, dt);
  let y = lax.full(X.shape, 0, dt);
  for (let i = 0; i < c.shape[0]; i++) {
    const ci = lax.broadcastInDim(lax.reshape(lax.slice(C, [i], [i + 1]), []), X.shape, []);
    y = lax.add(lax.mul(y, X), ci);
  }
  return y;
}

/** A convolution mode, as NumPy's: the full overlap, the larger input's length centred, or only full overlaps. */
export type ConvolveMode = 'full' | 'same' | 'valid';
const MODES: readonly ConvolveMode[] = ['full', 'same', 'valid'];

function signals(op: string, a: ArrayLike, v: ArrayLike): [Tensor, Tensor] {
  const x = operandTensor(op, a, undefined, 'the first signal'), y = operandTensor(op, v, undefined, 'the second signal');
  if (x.ndim !== 1 || y.ndim !== 1) throw new ShapeError(`${op}: both signals must be 1-D, got ${x.aval} and ${y.aval}.`);
  if (x.size === 0 || y.size === 0) throw new ShapeError(`${op}: the signals ${x.aval} and ${y.aval} must not be empty.`);
  const dt = isFloat(x.dtype) || isFloat(y.dtype) ? promoteFloat(x.dtype, y.dtype) : resultDtype(op, x, y);
  return [lax.cast(x, dt), lax.cast(y, dt)];
}

/** out[k] = Σ_j x[k + j − (m − 1) + lo] · w[m − 1 − j]: the full convolution's entries lo..lo+len−1. */
function convolveFull(op: string, x: Tensor, w: Tensor, lo: number, len: number): Tensor {
  const m = w.shape[0];
  // Windows of x padded by m − 1 zeros each side: a [len, m] gather with constant indices.
  const xp = lax.pad(x, [m - 1], [m - 1]);
  const idx = Int32Array.from({ length: len * m }, (_, t) => lo + Math.floor(t / m) + (t % m));
  const windows = lax.reshape(lax.gather(xp, arrayFor(op, idx, { dtype: 'int32', shape: [len * m] }), 0), [len, m]);
  const flipped = lax.gather(w, lax.sub(lax.full([m], m - 1, 'int32'), lax.iota([m], 0, 'int32')), 0);
  return lax.dotGeneral(windows, flipped, [[1], [0]]);
}

function modeRange(mode: ConvolveMode, n: number, m: number): [number, number] {
  const full = n + m - 1;
  if (mode === 'full') return [0, full];
  if (mode === 'same') { const len = Math.max(n, m); return [Math.floor((full - len) / 2), len]; }
  const len = Math.max(n, m) - Math.min(n, m) + 1;
  return [Math.min(n, m) - 1, len];
}

/**
 * The discrete linear convolution of two 1-D signals, as `numpy.convolve` (mode 'full' default).
 * @example np.convolve(np.array([1, 2, 3]), np.array([0, 1, 0.5])); // → [0, 1, 2.5, 4, 1.5]
 */
export function convolve(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = 'full'): Tensor {
  const op = 'np.convolve';
  const md = validate.oneOf(op, 'mode', mode, MODES);
  const [x, w] = signals(op, a, v);
  const [lo, len] = modeRange(md, x.shape[0], w.shape[0]);
  return convolveFull(op, x, w, lo, len);
}

/**
 * The cross-correlation c[k] = Σ_n a[n + k]·v[n] of two 1-D signals, as `numpy.correlate`
 * (mode 'valid' default).
 * @example np.correlate(np.array([1, 2, 3]), np.array([0, 1, 0.5]), 'full'); // → [0.5, 2, 3.5, 3, 0]
 */
export function correlate(a: ArrayLike, v: ArrayLike, mode: ConvolveMode = 'valid'): Tensor {
  const op = 'np.correlate';
  const md = validate.oneOf(op, 'mode', mode, MODES);
  const [x, w] = signals(op, a, v);
  const m = w.shape[0];
  const rev = lax.gather(w, lax.sub(lax.full([m], m - 1, 'int32'), lax.iota([m], 0, 'int32')), 0);
  const n = x.shape[0];
  // NumPy swaps the inputs when v is longer and reverses the result: the same numbers as convolving with v reversed.
  const [lo, len] = modeRange(md, n, m);
  return convolveFull(op, x, rev, lo, len);
}

/** Options of trapezoid. */
export interface TrapezoidOptions { x?: ArrayLike; dx?: number; axis?: number }

/**
 * The integral of `y` by the trapezoidal rule along `axis` (default −1), with sample points `x`
 * (1-D along the axis, or y's shape) or a uniform spacing `dx`, as `numpy.trapezoid`.
 * @example np.trapezoid(np.array([1, 2, 3])); // → 4
 */
export function trapezoid(y: ArrayLike, opts?: TrapezoidOptions): Tensor {
  const op = 'np.trapezoid';
  const o = validate.options<TrapezoidOptions>(op, opts ?? {}, ['x', 'dx', 'axis'], '{ x: xs, axis: -1 }');
  const t = floatOf(operandTensor(op, y));
  if (t.ndim === 0) throw new ShapeError(`${op}: y is a scalar (${t.aval}); give at least one axis.`);
  const axis = validate.axis(op, (o.axis === undefined ? -1 : o.axis), t.ndim);
  const n = t.shape[axis];
  const sl = (u: Tensor, a: number, b: number) => lax.slice(u, u.shape.map((_, d) => (d === axis ? a : 0)), u.shape.map((s, d) => (d === axis ? b : s)));
  if (n < 2) return lax.reduceSum(sl(t, 0, 0), [axis]);
  const mids = lax.mul(lax.add(sl(t, 1, n), sl(t, 0, n - 1)), lax.full(sl(t, 1, n).shape, 0.5, t.dtype));
  let d: Tensor;
  if (o.x !== undefined) {
    if (o.dx !== undefined) throw new ArgumentError(`${op}: give x or dx, not both.`);
    let xs = lax.cast(operandTensor(op, o.x, t.dtype, 'x'), t.dtype);
    if (xs.ndim === 1) {
      if (xs.shape[0] !== n) throw new ShapeError(`${op}: x has ${xs.shape[0]} points but axis ${axis} of y has ${n}.`);
      xs = lax.broadcastInDim(xs, t.shape, [axis]);
    } else xs = broadcastTo(xs, t.shape, op);
    d = lax.sub(sl(xs, 1, n), sl(xs, 0, n - 1));
  } else d = lax.full(mids.shape, o.dx === undefined ? 1 : validate.number(op, 'dx', o.dx), t.dtype);
  return lax.reduceSum(lax.mul(mids, d), [axis]);
}

/** Options of interp: the values left of xp[0] and right of xp[−1] (default fp[0] and fp[−1]). */
export interface InterpOptions { left?: number; right?: number }

/**
 * One-dimensional piecewise-linear interpolation of the points (xp, fp) at `x`, as `numpy.interp`
 * (`xp` increasing).
 * @example np.interp(np.array([0.5, 1.5, 5]), np.array([0, 1, 2]), np.array([0, 10, 20])); // → [5, 15, 20]
 */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, opts?: InterpOptions): Tensor {
  const op = 'np.interp';
  const o = validate.options<InterpOptions>(op, opts ?? {}, ['left', 'right'], '{ left: 0, right: 0 }');
  const px = floatOf(operandTensor(op, xp, undefined, 'xp')), pf = floatOf(operandTensor(op, fp, undefined, 'fp'));
  if (px.ndim !== 1 || pf.ndim !== 1 || px.shape[0] !== pf.shape[0]) {
    throw new ShapeError(`${op}: xp and fp must be 1-D of one length, got ${px.aval} and ${pf.aval}.`);
  }
  const n = px.shape[0];
  if (n === 0) throw new ShapeError(`${op}: xp is empty; give at least one point.`);
  const xt0 = operandTensor(op, x, undefined, 'x');
  const dt = promoteFloat(promoteFloat(px.dtype, pf.dtype), floatOf(xt0).dtype);
  const X = lax.cast(xt0, dt), XP = lax.cast(px, dt), FP = lax.cast(pf, dt);
  const flat = lax.reshape(X, [X.size]);
  const at = (t: Tensor, i: Tensor) => lax.gather(t, i, 0);
  const N = flat.shape[0];
  let y: Tensor;
  if (n === 1) y = lax.broadcastInDim(lax.reshape(FP, []), [N], []);
  else {
    const hi = lax.max(lax.min(searchsorted(XP, flat, { side: 'right' }), lax.full([N], n - 1, 'int32')), lax.full([N], 1, 'int32'));
    const lo = lax.sub(hi, lax.full([N], 1, 'int32'));
    const x0 = at(XP, lo), x1 = at(XP, hi), f0 = at(FP, lo), f1 = at(FP, hi);
    const slope = lax.div(lax.sub(f1, f0), lax.sub(x1, x0));
    y = lax.add(f0, lax.mul(slope, lax.sub(flat, x0)));
    // At x = xp[hi] exactly, fp[hi] itself (the slope of a repeated xp would be NaN).
    y = lax.where(lax.compare(flat, x1, 'eq'), f1, y);
  }
  const first = lax.broadcastInDim(lax.reshape(lax.slice(XP, [0], [1]), []), [N], []);
  const last = lax.broadcastInDim(lax.reshape(lax.slice(XP, [n - 1], [n]), []), [N], []);
  const leftV = o.left === undefined ? lax.broadcastInDim(lax.reshape(lax.slice(FP, [0], [1]), []), [N], []) : lax.full([N], validate.number(op, 'left', o.left), dt);
  const rightV = o.right === undefined ? lax.broadcastInDim(lax.reshape(lax.slice(FP, [n - 1], [n]), []), [N], []) : lax.full([N], validate.number(op, 'right', o.right), dt);
  y = lax.where(lax.compare(flat, first, 'lt'), leftV, y);
  y = lax.where(lax.compare(flat, last, 'gt'), rightV, y);
  return lax.reshape(y, X.shape);
}

/** Options of polyfit: weights of the points (multiplying the residuals, as NumPy's `w`). */
export interface PolyfitOptions { w?: ArrayLike }

/**
 * The least-squares polynomial of degree `deg` through (x, y), coefficients highest power first,
 * as `numpy.polyfit`; `y` may be 2-D (one fit per column, coefficients [deg + 1, K]). Solved by QR
 * (Gram–Schmidt with re-orthogonalisation on the column-scaled Vandermonde matrix, as NumPy
 * scales before lstsq), unrolled over the deg + 1 columns, so it is differentiable and runs on every backend.
 * Needs at least deg + 1 points, and deg + 1 distinct x (NumPy returns a rank-deficient fit with a
 * warning instead; here a rank-deficient fit is NaN, not a silently different answer).
 * @example np.polyfit(np.array([0, 1, 2]), np.array([1, 3, 5]), 1); // → [2, 1]
 */
export function polyfit(x: ArrayLike, y: ArrayLike, deg: number, opts?: PolyfitOptions): Tensor {
  const op = 'np.polyfit';
  const o = validate.options<PolyfitOptions>(op, opts ?? {}, ['w'], '{ w: weights }');
  const d = validate.integer(op, 'deg', deg, { min: 0, max: 64 });
  const xt = floatOf(operandTensor(op, x, undefined, 'x')), yt0 = floatOf(operandTensor(op, y, undefined, 'y'));
  if (xt.ndim !== 1) throw new ShapeError(`${op}: x is ${xt.aval}; give a 1-D array of sample points.`);
  if ((yt0.ndim !== 1 && yt0.ndim !== 2) || yt0.shape[0] !== xt.shape[0]) {
    throw new ShapeError(`${op}: y is ${yt0.aval} but x has ${xt.shape[0]} points; give y of shape [${xt.shape[0]}] or [${xt.shape[0]}, K].`);
  }
  const m = xt.shape[0], k = d + 1;
  if (m < k) throw new ShapeError(`${op}: ${m} points cannot determine a degree-${d} polynomial; give at least ${k} points or a lower deg.`);
  const dt = promoteFloat(xt.dtype, yt0.dtype);
  const X = lax.cast(xt, dt);
  let Y = lax.cast(yt0, dt);
  const vec = Y.ndim === 1;
  if (vec) Y = lax.reshape(Y, [m, 1]);
  const K = Y.shape[1];
  // Columns x^deg, …, x, 1, each weighted by w.
  let w: Tensor | undefined;
  if (o.w !== undefined) {
    w = lax.cast(operandTensor(op, o.w, dt, 'the weights'), dt);
    if (w.ndim !== 1 || w.shape[0] !== m) throw new ShapeError(`${op}: the weights are ${w.aval}; give one per point, shape [${m}].`);
    Y = lax.mul(Y, lax.broadcastInDim(w, [m, K], [0]));
  }
  // The Vandermonde matrix [m, k] (columns x^deg, …, x, 1), rows weighted by w, columns scaled to unit norm.
  const cols: Tensor[] = [];
  let p = lax.full([m], 1, dt);
  for (let j = 0; j < k; j++) { cols.unshift(p); p = lax.mul(p, X); }
  let V = lax.concatenate(cols.map((c) => lax.reshape(c, [m, 1])), 1);
  if (w) V = lax.mul(V, lax.broadcastInDim(w, [m, k], [0]));
  const scl = lax.sqrt(lax.reduceSum(lax.mul(V, V), [0]));
  const A = lax.div(V, lax.broadcastInDim(scl, [m, k], [1]));
  // Q by Gram–Schmidt with re-orthogonalisation (two projections per column), built as one matrix
  // with matrix products: every kernel reads a handful of arrays, whatever deg is.
  const col = (j: number) => lax.slice(A, [0, j], [m, j + 1]);
  const unit = (a: Tensor) => lax.div(a, lax.broadcastInDim(lax.sqrt(lax.reduceSum(lax.mul(a, a), [0, 1])), [m, 1], []));
  let Q = unit(col(0));
  for (let j = 1; j < k; j++) {
    let a = col(j);
    for (let pass = 0; pass < 2; pass++) a = lax.sub(a, lax.dotGeneral(Q, lax.dotGeneral(Q, a, [[0], [0]]), [[1], [0]]));
    Q = lax.concatenate([Q, unit(a)], 1);
  }
  const R = lax.dotGeneral(Q, A, [[0], [0]]); // [k, k], upper triangular
  const c = lax.dotGeneral(Q, Y, [[0], [0]]); // [k, K]
  // Back substitution, one row at a time: x_j = (c_j − R[j, :]·x) / R[j, j] (rows ≤ j of x are still 0).
  let sol = lax.full([k, K], 0, dt);
  for (let j = k - 1; j >= 0; j--) {
    const s = lax.dotGeneral(lax.slice(R, [j, 0], [j + 1, k]), sol, [[1], [0]]); // [1, K]
    const rjj = lax.broadcastInDim(lax.reshape(lax.slice(R, [j, j], [j + 1, j + 1]), []), [1, K], []);
    const xj = lax.div(lax.sub(lax.slice(c, [j, 0], [j + 1, K]), s), rjj);
    sol = lax.add(sol, lax.pad(xj, [j, 0], [k - 1 - j, 0]));
  }
  const out = lax.div(sol, lax.broadcastInDim(scl, [k, K], [0]));
  return vec ? lax.reshape(out, [k]) : out;
}

/** A 1-D coefficient array (highest power first); a scalar counts as a constant polynomial. */
function coefficients(op: string, p: ArrayLike, role = 'the coefficients'): Tensor {
  const t = operandTensor(op, p, undefined, role);
  if (t.ndim > 1) throw new ShapeError(`${op}: ${role} are ${t.aval}; give a 1-D array, highest power first.`);
  return t.ndim === 0 ? lax.reshape(t, [1]) : t;
}

/** Two coefficient arrays in one dtype, the shorter padded with leading zeros to the longer's length. */
function aligned(op: string, a1: ArrayLike, a2: ArrayLike): [Tensor, Tensor] {
  const x = coefficients(op, a1, 'the first coefficients'), y = coefficients(op, a2, 'the second coefficients');
  const dt = resultDtype(op, x, y);
  const n = Math.max(x.shape[0], y.shape[0]);
  const pad = (t: Tensor) => lax.pad(lax.cast(t, dt), [n - t.shape[0]], [0]);
  return [pad(x), pad(y)];
}

/**
 * The sum of two polynomials (coefficients highest power first, as `numpy.polyadd`).
 * @example np.polyadd(np.array([1, 2]), np.array([9, 5, 4])); // → [9, 6, 6]
 */
export function polyadd(a1: ArrayLike, a2: ArrayLike): Tensor {
  const [x, y] = aligned('np.polyadd', a1, a2);
  return lax.add(x, y);
}

/**
 * The difference of two polynomials (coefficients highest power first, as `numpy.polysub`).
 * @example np.polysub(np.array([2, 10, -2]), np.array([3, 10, -4])); // → [-1, 0, 2]
 */
export function polysub(a1: ArrayLike, a2: ArrayLike): Tensor {
  const [x, y] = aligned('np.polysub', a1, a2);
  return lax.sub(x, y);
}

/**
 * The product of two polynomials (coefficients highest power first, as `numpy.polymul`): the
 * full convolution of the coefficients.
 * @example np.polymul(np.array([1, 2, 3]), np.array([9, 5, 1])); // → [9, 23, 38, 17, 3]
 */
export function polymul(a1: ArrayLike, a2: ArrayLike): Tensor {
  const op = 'np.polymul';
  const x = coefficients(op, a1, 'the first coefficients'), y = coefficients(op, a2, 'the second coefficients');
  if (x.size === 0 || y.size === 0) throw new ShapeError(`${op}: the coefficients ${x.aval} and ${y.aval} must not be empty.`);
  return convolve(x, y);
}

/**
 * The m-th derivative of a polynomial (coefficients highest power first, as `jnp.polyder`: in
 * floating point; the derivative of a constant is the empty polynomial).
 * @example np.polyder(np.array([1, 1, 1, 1])); // → [3, 2, 1]
 * @example np.polyder(np.array([1, 1, 1, 1]), 2); // → [6, 2]
 */
export function polyder(p: ArrayLike, m = 1): Tensor {
  const op = 'np.polyder';
  const order = validate.integer(op, 'm', m, { min: 0 });
  const c = floatOf(coefficients(op, p));
  const n = c.shape[0];
  if (order === 0) return c;
  if (order >= n) return lax.full([0], 0, c.dtype);
  // Coefficient i (of x^(n−1−i)) times (n−1−i)(n−2−i)…(n−order−i).
  const factors = Array.from({ length: n - order }, (_, i) => {
    let f = 1;
    for (let j = 0; j < order; j++) f *= n - 1 - i - j;
    return f;
  });
  return lax.mul(lax.slice(c, [0], [n - order]), arrayFor(op, Float64Array.from(factors), { dtype: c.dtype }));
}

/**
 * The m-th antiderivative of a polynomial (coefficients highest power first, as `numpy.polyint`),
 * with integration constants `k` (one number, used for every integration, or one per
 * integration, the first integration's first; default 0).
 * @example np.polyint(np.array([3, 2, 1])); // → [1, 1, 1, 0]
 * @example np.polyint(np.array([6]), 2, [1, 2]); // → [3, 1, 2]
 */
export function polyint(p: ArrayLike, m = 1, k?: number | readonly number[]): Tensor {
  const op = 'np.polyint';
  const order = validate.integer(op, 'm', m, { min: 0 });
  const ks = k === undefined ? new Array<number>(order).fill(0)
    : typeof k === 'number' ? new Array<number>(order).fill(validate.number(op, 'k', k))
      : Array.isArray(k) ? k.map((v) => validate.number(op, 'each of k', v)) : undefined;
  if (!ks) throw new ArgumentError(`${op}: k is ${validate.describe(k)}; give a number or one number per integration.`);
  if (ks.length !== order) throw new ArgumentError(`${op}: ${ks.length} integration constants for m = ${order} integrations; give one per integration.`);
  let c = floatOf(coefficients(op, p));
  for (let j = 0; j < order; j++) {
    const n = c.shape[0];
    const divisors = arrayFor(op, Float64Array.from({ length: n }, (_, i) => n - i), { dtype: c.dtype });
    c = lax.concatenate([lax.div(c, divisors), lax.full([1], ks[j], c.dtype)], 0);
  }
  return c;
}
