/**
 * Order statistics and moments: quantile, percentile, median, average, ptp, cov, corrcoef,
 * histogram, bincount. Compositions of sort, gathers at static positions, reductions and
 * dot_general, so jvp, vmap and WebGPU come from those primitives (a quantile's gradient flows to
 * the one or two order statistics it interpolates, as in JAX).
 */
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { isFloat, isInteger } from '../core/dtype.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { sort, takeAlongAxis } from './sorting.js';
import { max, min, sum } from './reductions.js';

const floatOf = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
const sliceAxis = (x: Tensor, axis: number, start: number, stop: number): Tensor =>
  lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));
const c = (x: Tensor, v: number): Tensor => lax.full(x.shape, v, x.dtype);
const and = (p: Tensor, q: Tensor): Tensor => lax.where(p, q, lax.zerosLike(q));

/** How a quantile between two order statistics is chosen (NumPy's names). */
export type QuantileMethod = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';
const METHODS: readonly QuantileMethod[] = ['linear', 'lower', 'higher', 'nearest', 'midpoint'];

/** Options of quantile, percentile and median. */
export interface QuantileOptions { axis?: number | null; method?: QuantileMethod; keepdims?: boolean }

function staticQs(op: string, q: unknown, scale: number): { qs: number[]; scalar: boolean } {
  if (isTensor(q)) {
    throw new ArgumentError(`${op}: q is an array; fluxion's quantiles take static q (a number or a list of numbers), ` +
      `since the order statistics they pick are gathers at fixed positions.`);
  }
  const list = typeof q === 'number' ? [q] : Array.isArray(q) ? q : undefined;
  if (!list) throw new ArgumentError(`${op}: q is ${validate.describe(q)}; give a number or a list of numbers.`);
  const qs = list.map((v) => {
    const x = validate.number(op, 'q', v) / scale;
    if (!(x >= 0 && x <= 1)) throw new ArgumentError(`${op}: q = ${v} is outside [0, ${scale}].`);
    return x;
  });
  return { qs, scalar: typeof q === 'number' };
}

/** The checked arguments of a quantile: the float array (flattened for axis null), its axis and the result's kept shape. */
interface QuantileArgs { x: Tensor; axis: number; n: number; qs: number[]; scalar: boolean; method: QuantileMethod; keptShape: number[] }

function quantileArgs(op: string, a: ArrayLike, q: unknown, scale: number, opts: unknown): QuantileArgs {
  const o = validate.options<QuantileOptions>(op, opts ?? {}, ['axis', 'method', 'keepdims'], "{ axis: 0, method: 'linear' }");
  const method = o.method === undefined ? 'linear' : validate.oneOf(op, 'method', o.method, METHODS);
  const keepdims = o.keepdims === undefined ? false : validate.boolean(op, 'keepdims', o.keepdims);
  const { qs, scalar } = staticQs(op, q, scale);
  const x0 = floatOf(operandTensor(op, a));
  const flat = o.axis === undefined || o.axis === null;
  const x = flat ? lax.reshape(x0, [x0.size]) : x0;
  const axis = flat ? 0 : validate.axis(op, o.axis, x.ndim);
  const n = x.shape[axis];
  if (n === 0) throw new ShapeError(`${op}: the reduced axis of ${x.aval} is empty; a quantile needs at least one element.`);
  // Each piece keeps the axis as size 1; the qs are stacked in front as NumPy does.
  const keptShape = flat ? (keepdims ? x0.shape.map(() => 1) : [])
    : keepdims ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis);
  return { x, axis, n, qs, scalar, method, keptShape };
}

/** One result per q (each with the axis kept as size 1) in the result's layout: a leading axis for a list of q. */
function stackQuantiles(outs: Tensor[], { keptShape, scalar }: QuantileArgs): Tensor {
  const pieces = outs.map((t) => lax.reshape(t, keptShape));
  if (scalar) return pieces[0];
  return lax.concatenate(pieces.map((t) => lax.reshape(t, [1, ...keptShape])), 0);
}

function quantileImpl(op: string, a: ArrayLike, q: unknown, scale: number, opts: unknown): Tensor {
  const args = quantileArgs(op, a, q, scale, opts);
  const { axis, n, method } = args;
  const s = sort(args.x, axis);
  const at = (i: number) => sliceAxis(s, axis, i, i + 1);
  const outs: Tensor[] = args.qs.map((p) => {
    const pos = p * (n - 1), lo = Math.floor(pos), hi = Math.min(lo + 1, n - 1), frac = pos - lo;
    switch (method) {
      case 'lower': return at(lo);
      case 'higher': return at(Math.ceil(pos));
      case 'nearest': return at(frac === 0.5 ? (lo % 2 === 0 ? lo : hi) : Math.round(pos)); // NumPy rounds half to even
      case 'midpoint': return frac === 0 ? at(lo) : lax.mul(lax.add(at(lo), at(hi)), c(at(lo), 0.5));
      default: return frac === 0 ? at(lo) : lax.add(at(lo), lax.mul(lax.sub(at(hi), at(lo)), c(at(lo), frac)));
    }
  });
  // NumPy's quantiles are NaN where the slice holds a NaN; the sort puts NaNs last, so the last
  // order statistic says whether there is one.
  const last = at(n - 1), hasNan = lax.compare(last, last, 'ne');
  return stackQuantiles(outs.map((t) => lax.where(hasNan, last, t)), args);
}

/**
 * The quantiles of the non-NaN elements: the sort puts NaNs last, so the order statistics sit at
 * traced positions q·(count − 1), read with a gather along the axis (their gradient flows to the
 * one or two elements picked). NaN where a slice is all NaN.
 */
function nanQuantileImpl(op: string, a: ArrayLike, q: unknown, scale: number, opts: unknown): Tensor {
  const args = quantileArgs(op, a, q, scale, opts);
  const { x, axis, method } = args;
  const s = sort(x, axis);
  const keptAxis = x.shape.map((d, i) => (i === axis ? 1 : d));
  const k = (v: number) => lax.full(keptAxis, v, x.dtype);
  const count = lax.reshape(lax.reduceSum(lax.cast(lax.compare(x, x, 'eq'), x.dtype), [axis]), keptAxis);
  const at = (i: Tensor) => takeAlongAxis(s, lax.cast(i, 'int32'), axis, { mode: 'clip' });
  const clampIdx = (i: Tensor) => lax.max(lax.min(i, lax.sub(count, k(1))), k(0));
  const outs = args.qs.map((p) => {
    const pos = lax.mul(lax.sub(count, k(1)), k(p));
    // A hair above pos, so that a position computed as 2.9999998 for 3 floors to 3.
    const lo = clampIdx(lax.floor(lax.add(pos, lax.mul(lax.max(pos, k(1)), k(1e-6)))));
    const hi = clampIdx(lax.add(lo, k(1)));
    const frac = lax.max(lax.sub(pos, lo), k(0));
    const vlo = at(lo);
    switch (method) {
      case 'lower': return vlo;
      case 'higher': return at(lax.where(lax.compare(frac, k(0), 'gt'), hi, lo));
      case 'nearest': {
        const odd = lax.compare(lax.rem(lo, k(2)), k(1), 'eq');
        const up = lax.where(lax.compare(frac, k(0.5), 'eq'), odd, lax.compare(frac, k(0.5), 'gt'));
        return at(lax.where(up, hi, lo));
      }
      case 'midpoint': return lax.where(lax.compare(frac, k(0), 'eq'), vlo, lax.mul(lax.add(vlo, at(hi)), k(0.5)));
      default: return lax.add(vlo, lax.mul(lax.sub(at(hi), vlo), frac));
    }
  });
  const none = lax.compare(count, k(0), 'eq');
  return stackQuantiles(outs.map((t) => lax.where(none, k(NaN), t)), args);
}

/**
 * The q-th quantiles (q in [0, 1], a number or a list) along `axis` (default: the flattened array),
 * as `numpy.quantile`; a list of q puts a leading axis of len(q) in front.
 * @example np.quantile(np.array([1, 2, 3, 4]), 0.25); // → 1.75
 */
export function quantile(a: ArrayLike, q: number | readonly number[], opts?: QuantileOptions): Tensor {
  return quantileImpl('np.quantile', a, q, 1, opts);
}

/**
 * The q-th percentiles (q in [0, 100]), as `numpy.percentile`.
 * @example np.percentile(np.array([1, 2, 3, 4]), [50, 100]); // → [2.5, 4]
 */
export function percentile(a: ArrayLike, q: number | readonly number[], opts?: QuantileOptions): Tensor {
  return quantileImpl('np.percentile', a, q, 100, opts);
}

/**
 * The median along `axis` (default: the flattened array), as `numpy.median`.
 * @example np.median(np.array([[1, 5], [2, 3]]), { axis: 0 }); // → [1.5, 4]
 */
export function median(a: ArrayLike, opts?: Omit<QuantileOptions, 'method'>): Tensor {
  const op = 'np.median';
  validate.options<QuantileOptions>(op, opts ?? {}, ['axis', 'keepdims'], '{ axis: 0, keepdims: true }');
  return quantileImpl(op, a, 0.5, 1, opts);
}

/**
 * The q-th quantiles of the non-NaN elements (q in [0, 1]) along `axis` (default: the flattened
 * array), as `numpy.nanquantile`; NaN where a slice holds only NaN.
 * @example np.nanquantile(np.array([1, NaN, 3, 4]), 0.5); // → 3
 * @example np.nanquantile(np.array([[1, NaN], [NaN, NaN]]), [0, 1], { axis: 1 }); // → [[1, NaN], [1, NaN]]
 */
export function nanquantile(a: ArrayLike, q: number | readonly number[], opts?: QuantileOptions): Tensor {
  return nanQuantileImpl('np.nanquantile', a, q, 1, opts);
}

/**
 * The q-th percentiles of the non-NaN elements (q in [0, 100]), as `numpy.nanpercentile`.
 * @example np.nanpercentile(np.array([NaN, 10, 20]), [0, 25, 100]); // → [10, 12.5, 20]
 */
export function nanpercentile(a: ArrayLike, q: number | readonly number[], opts?: QuantileOptions): Tensor {
  return nanQuantileImpl('np.nanpercentile', a, q, 100, opts);
}

/**
 * The median of the non-NaN elements along `axis` (default: the flattened array), as `numpy.nanmedian`.
 * @example np.nanmedian(np.array([[1, NaN, 3], [2, 5, NaN]]), { axis: 1 }); // → [2, 3.5]
 */
export function nanmedian(a: ArrayLike, opts?: Omit<QuantileOptions, 'method'>): Tensor {
  const op = 'np.nanmedian';
  validate.options<QuantileOptions>(op, opts ?? {}, ['axis', 'keepdims'], '{ axis: 0, keepdims: true }');
  return nanQuantileImpl(op, a, 0.5, 1, opts);
}

/** Options of average. */
export interface AverageOptions { axis?: number | null; weights?: ArrayLike; keepdims?: boolean }

/**
 * The weighted mean along `axis`, as `numpy.average`: `weights` of the array's shape, or 1-D
 * along `axis`; without weights it is the mean.
 * @example np.average(np.array([1, 2, 3]), { weights: np.array([3, 1, 0]) }); // → 1.25
 */
export function average(a: ArrayLike, opts?: AverageOptions): Tensor {
  const op = 'np.average';
  const o = validate.options<AverageOptions>(op, opts ?? {}, ['axis', 'weights', 'keepdims'], '{ axis: 0, weights: w }');
  const keepdims = o.keepdims === undefined ? false : validate.boolean(op, 'keepdims', o.keepdims);
  const x = floatOf(operandTensor(op, a));
  const axes = o.axis === undefined || o.axis === null ? [...Array(x.ndim).keys()] : [validate.axis(op, o.axis, x.ndim)];
  let w: Tensor;
  if (o.weights === undefined) w = lax.full(x.shape, 1, x.dtype);
  else {
    w = lax.cast(operandTensor(op, o.weights, x.dtype, 'the weights'), x.dtype);
    if (w.ndim === 1 && x.ndim > 1) {
      if (o.axis === undefined || o.axis === null) throw new ShapeError(`${op}: 1-D weights for a ${x.ndim}-D array need an axis.`);
      if (w.shape[0] !== x.shape[axes[0]]) throw new ShapeError(`${op}: weights of length ${w.shape[0]} differ from axis ${axes[0]} of ${x.aval}.`);
      w = lax.broadcastInDim(w, x.shape, [axes[0]]);
    } else if (w.ndim !== x.ndim || w.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`${op}: weights ${w.aval} must have the array's shape ${x.aval}, or be 1-D along the axis.`);
    }
  }
  const num = sum(lax.mul(x, w), axes, { keepdims }), den = sum(w, axes, { keepdims });
  return lax.div(num, den);
}

/**
 * The range (max − min) along `axis`, as `numpy.ptp`.
 * @example np.ptp(np.array([[4, 9], [2, 3]]), 1); // → [5, 1]
 */
export function ptp(a: ArrayLike, axis?: number | readonly number[] | null, opts?: { keepdims?: boolean }): Tensor {
  const op = 'np.ptp';
  const x = operandTensor(op, a);
  const o = validate.options<{ keepdims?: boolean }>(op, opts ?? {}, ['keepdims'], '{ keepdims: true }');
  return lax.sub(max(x, axis ?? null, o), min(x, axis ?? null, o));
}

/** Options of cov and corrcoef. */
export interface CovOptions { y?: ArrayLike; rowvar?: boolean; bias?: boolean; ddof?: number; fweights?: never; aweights?: never }

function variablesOf(op: string, m: ArrayLike, o: Partial<CovOptions>): Tensor {
  const rowvar = o.rowvar === undefined ? true : validate.boolean(op, 'rowvar', o.rowvar);
  const prep = (v: ArrayLike, role: string) => {
    let x = floatOf(operandTensor(op, v, undefined, role));
    if (x.ndim > 2) throw new ShapeError(`${op}: ${role} is ${x.aval}; give a 1-D or 2-D array.`);
    if (x.ndim < 2) x = lax.reshape(x, [1, x.size]);
    return rowvar ? x : lax.transpose(x, [1, 0]);
  };
  let x = prep(m, 'the array');
  if (o.y !== undefined) {
    const y = prep(o.y, 'y');
    if (y.shape[1] !== x.shape[1]) throw new ShapeError(`${op}: y has ${y.shape[1]} observations but the array has ${x.shape[1]}.`);
    const dt = x.dtype === 'float64' || y.dtype === 'float64' ? 'float64' : 'float32';
    x = lax.concatenate([lax.cast(x, dt), lax.cast(y, dt)], 0);
  }
  return x;
}

/**
 * The covariance matrix of variables in rows (observations in columns; `rowvar: false` swaps
 * them), as `numpy.cov`; `ddof` defaults to 1 (0 with `bias: true`). A 1-D input gives a 0-D result.
 * @example np.cov(np.array([[0, 1, 2], [2, 1, 0]])); // → [[1, -1], [-1, 1]]
 */
export function cov(m: ArrayLike, opts?: CovOptions): Tensor {
  const op = 'np.cov';
  const o = validate.options<CovOptions>(op, opts ?? {}, ['y', 'rowvar', 'bias', 'ddof'], '{ rowvar: false, ddof: 0 }');
  const bias = o.bias === undefined ? false : validate.boolean(op, 'bias', o.bias);
  const ddof = o.ddof === undefined ? (bias ? 0 : 1) : validate.integer(op, 'ddof', o.ddof);
  const x = variablesOf(op, m, o);
  const n = x.shape[1];
  const centred = lax.sub(x, lax.broadcastInDim(lax.div(lax.reduceSum(x, [1]), lax.full([x.shape[0]], n, x.dtype)), x.shape, [0]));
  const prod = lax.dotGeneral(centred, centred, [[1], [1]]);
  const r = lax.div(prod, lax.full(prod.shape, Math.max(n - ddof, 0), x.dtype));
  return x.shape[0] === 1 ? lax.reshape(r, []) : r;
}

/**
 * Pearson correlation coefficients, as `numpy.corrcoef`: cov / √(diag ⊗ diag), clipped to [−1, 1].
 * @example np.corrcoef(np.array([[1, 2, 3], [2, 4, 7]])); // → [[1, 0.9934], [0.9934, 1]]
 */
export function corrcoef(x: ArrayLike, opts?: Omit<CovOptions, 'bias' | 'ddof'>): Tensor {
  const op = 'np.corrcoef';
  const o = validate.options<CovOptions>(op, opts ?? {}, ['y', 'rowvar'], '{ rowvar: false }');
  const v = variablesOf(op, x, o);
  let cm = cov(v);
  if (cm.ndim === 0) return lax.div(cm, cm);
  const k = cm.shape[0];
  const d = lax.sqrt(lax.reduceSum(lax.mul(cm, lax.cast(lax.compare(lax.iota([k, k], 0), lax.iota([k, k], 1), 'eq'), cm.dtype)), [1]));
  cm = lax.div(lax.div(cm, lax.broadcastInDim(d, [k, k], [0])), lax.broadcastInDim(d, [k, k], [1]));
  return lax.max(lax.min(cm, c(cm, 1)), c(cm, -1));
}

/** Options of histogram. */
export interface HistogramOptions { bins?: number; range?: readonly [number, number]; weights?: ArrayLike; density?: boolean }

/**
 * Counts of the flattened array in `bins` equal bins over `range` (default the data's min and
 * max), as `numpy.histogram`: returns [counts, edges]. Values outside the range are not counted;
 * the last bin includes its right edge, NaNs are never counted. Counts are int32 (float with
 * weights or density). With the range taken from the data, a NaN in it makes the edges NaN and
 * every count 0 (NumPy raises there; give `range` to count the finite values).
 * @example np.histogram(np.array([1, 2, 1]), { bins: 2 }); // → [[2, 1], [1, 1.5, 2]]
 */
export function histogram(a: ArrayLike, opts?: HistogramOptions): [Tensor, Tensor] {
  const op = 'np.histogram';
  const o = validate.options<HistogramOptions>(op, opts ?? {}, ['bins', 'range', 'weights', 'density'], '{ bins: 10, range: [0, 1] }');
  const bins = o.bins === undefined ? 10 : validate.integer(op, 'bins', o.bins, { min: 1 });
  const density = o.density === undefined ? false : validate.boolean(op, 'density', o.density);
  const x0 = operandTensor(op, a);
  const x = lax.reshape(floatOf(x0), [x0.size]);
  const { edges, idx, inside } = binValues(op, x, bins, o.range);
  const n = x.size;
  let w: Tensor;
  if (o.weights !== undefined) {
    w = operandTensor(op, o.weights, x.dtype, 'the weights');
    if (w.size !== n) throw new ShapeError(`${op}: weights ${w.aval} must have the array's shape ${x0.aval}.`);
    w = lax.reshape(floatOf(w), [n]);
  } else w = lax.full([n], 1, density ? x.dtype : 'int32');
  const counts = oneHotSum(lax.where(inside, idx, lax.full([n], -1, 'int32')), w, bins);
  if (!density) return [counts, edges];
  const cf = floatOf(counts);
  const total = lax.broadcastInDim(lax.reduceSum(cf, [0]), [bins], []);
  const widths = lax.sub(sliceAxis(edges, 0, 1, bins + 1), sliceAxis(edges, 0, 0, bins));
  return [lax.div(lax.div(cf, total), lax.cast(widths, cf.dtype)), edges];
}

/** The [lo, hi] of a histogram: the given range (checked), or the data's min and max; an empty range widened by ±0.5 (NumPy). */
function histogramRange(op: string, x: Tensor, range: unknown, what = 'range'): [Tensor, Tensor] {
  let lo: Tensor, hi: Tensor;
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2) throw new ArgumentError(`${op}: ${what} is ${validate.describe(range)}; give [lo, hi].`);
    const [l, h] = range.map((v, i) => validate.number(op, `${what}[${i}]`, v));
    if (!(l <= h)) throw new ArgumentError(`${op}: ${what} [${l}, ${h}] must have lo ≤ hi.`);
    lo = lax.full([], l, x.dtype); hi = lax.full([], h, x.dtype);
  } else if (x.size === 0) {
    lo = lax.full([], 0, x.dtype); hi = lax.full([], 1, x.dtype);
  } else {
    lo = lax.neg(lax.stopGradient(lax.reduceMax(lax.neg(x), [0])));
    hi = lax.stopGradient(lax.reduceMax(x, [0]));
  }
  const same = lax.compare(lo, hi, 'eq');
  lo = lax.where(same, lax.sub(lo, lax.full([], 0.5, x.dtype)), lo);
  hi = lax.where(same, lax.add(hi, lax.full([], 0.5, x.dtype)), hi);
  return [lo, hi];
}

/** `bins` + 1 equally spaced edges from lo to hi. */
function binEdges(lo: Tensor, hi: Tensor, bins: number): Tensor {
  const dt = lo.dtype;
  const steps = lax.div(lax.iota([bins + 1], 0, dt), lax.full([bins + 1], bins, dt));
  return lax.add(lax.broadcastInDim(lo, [bins + 1], []), lax.mul(lax.broadcastInDim(lax.sub(hi, lo), [bins + 1], []), steps));
}

/**
 * The edges of `bins` equal bins over the range of the 1-D float `x`, each value's bin (NumPy's
 * ⌊(x − lo)·bins/(hi − lo)⌋, corrected against the edges; the last bin holds its right edge) and
 * whether it is inside the range at all.
 */
function binValues(op: string, x: Tensor, bins: number, range: unknown, what = 'range'): { edges: Tensor; idx: Tensor; inside: Tensor } {
  const [lo, hi] = histogramRange(op, x, range, what);
  const edges = binEdges(lo, hi, bins);
  const n = x.size;
  const bx = (t: Tensor) => lax.broadcastInDim(t, [n], []);
  let idx = lax.floor(lax.mul(lax.div(lax.sub(x, bx(lo)), bx(lax.sub(hi, lo))), lax.full([n], bins, x.dtype)));
  idx = lax.cast(lax.max(lax.min(idx, lax.full([n], bins - 1, x.dtype)), lax.full([n], 0, x.dtype)), 'int32');
  const edgeAt = (i: Tensor) => lax.gather(edges, i, 0);
  idx = lax.sub(idx, lax.cast(lax.compare(x, edgeAt(idx), 'lt'), 'int32'));
  idx = lax.max(idx, lax.full([n], 0, 'int32'));
  const up = and(lax.compare(x, edgeAt(lax.add(idx, lax.full([n], 1, 'int32'))), 'ge'), lax.compare(idx, lax.full([n], bins - 1, 'int32'), 'ne'));
  idx = lax.add(idx, lax.cast(up, 'int32'));
  const inside = and(lax.compare(x, bx(lo), 'ge'), lax.compare(x, bx(hi), 'le'));
  return { edges, idx, inside };
}

/** Options of histogramBinEdges. */
export interface HistogramBinEdgesOptions { bins?: number | ArrayLike; range?: readonly [number, number] }

/**
 * The bin edges np.histogram would use (numpy's histogram_bin_edges): `bins` + 1 equal steps over
 * `range` (default the data's min and max, widened by ±0.5 when they are equal); given edges are
 * returned as they are. numpy's named estimators ('auto', 'fd', …) pick the count from the data,
 * which a static shape cannot, so they are refused.
 * @example np.histogramBinEdges(np.array([0, 1, 2, 4]), { bins: 4 }); // → [0, 1, 2, 3, 4]
 * @example np.histogramBinEdges(np.array([3, 3]), { bins: 2 }); // → [2.5, 3, 3.5]
 */
export function histogramBinEdges(a: ArrayLike, opts?: HistogramBinEdgesOptions): Tensor {
  const op = 'np.histogramBinEdges';
  const o = validate.options<HistogramBinEdgesOptions>(op, opts ?? {}, ['bins', 'range'], '{ bins: 10, range: [0, 1] }');
  const x0 = operandTensor(op, a);
  const x = lax.reshape(floatOf(x0), [x0.size]);
  if (typeof o.bins === 'string') {
    throw new ArgumentError(`${op}: bins '${o.bins}' asks numpy to choose the number of bins from the data; that count would set ` +
      `the result's shape, which must be static here. Give the number of bins.`);
  }
  if (o.bins !== undefined && typeof o.bins !== 'number') {
    const e = floatOf(operandTensor(op, o.bins, x.dtype, 'the bins'));
    if (e.ndim !== 1 || e.size < 2) throw new ShapeError(`${op}: explicit bins must be a 1-D array of at least two edges, got ${e.aval}.`);
    return e;
  }
  const bins = o.bins === undefined ? 10 : validate.integer(op, 'bins', o.bins, { min: 1 });
  const [lo, hi] = histogramRange(op, x, o.range);
  return binEdges(lo, hi, bins);
}

/** Options of histogram2d: the bins on each axis (one count or [nx, ny]), the ranges [[x0, x1], [y0, y1]], weights and density. */
export interface Histogram2dOptions {
  bins?: number | readonly [number, number];
  range?: readonly [readonly [number, number], readonly [number, number]];
  weights?: ArrayLike;
  density?: boolean;
}

/**
 * The 2-D histogram of the points (x, y), as `numpy.histogram2d` with a fixed number of equal bins
 * on each axis: returns [H, xedges, yedges], H[i, j] counting the points in x bin i and y bin j
 * (floating point, as numpy's). Points outside the ranges are not counted; the last bin of each
 * axis holds its right edge.
 * @example np.histogram2d(np.array([0, 1, 1, 2]), np.array([0, 0, 2, 2]), { bins: 2 })[0]; // → [[1, 0], [1, 2]]
 */
export function histogram2d(x: ArrayLike, y: ArrayLike, opts?: Histogram2dOptions): [Tensor, Tensor, Tensor] {
  const op = 'np.histogram2d';
  const o = validate.options<Histogram2dOptions>(op, opts ?? {}, ['bins', 'range', 'weights', 'density'], '{ bins: [10, 5], range: [[0, 1], [0, 1]] }');
  const xt = floatOf(operandTensor(op, x, undefined, 'x')), yt = floatOf(operandTensor(op, y, undefined, 'y'));
  if (xt.ndim !== 1 || yt.ndim !== 1 || xt.size !== yt.size) {
    throw new ShapeError(`${op}: x and y must be 1-D of one length (the points' coordinates), got ${xt.aval} and ${yt.aval}.`);
  }
  const dt = xt.dtype === 'float64' || yt.dtype === 'float64' ? 'float64' : 'float32';
  const [nx, ny] = typeof o.bins === 'number' || o.bins === undefined ? [o.bins ?? 10, o.bins ?? 10]
    : Array.isArray(o.bins) && o.bins.length === 2 ? o.bins : [NaN, NaN];
  if (Number.isNaN(nx)) {
    throw new ArgumentError(`${op}: bins is ${validate.describe(o.bins)}; give one number of bins or [nx, ny] (fixed equal bins; explicit edges are not supported).`);
  }
  const bx = validate.integer(op, 'the x bins', nx, { min: 1 }), by = validate.integer(op, 'the y bins', ny, { min: 1 });
  if (o.range !== undefined && (!Array.isArray(o.range) || o.range.length !== 2)) {
    throw new ArgumentError(`${op}: range is ${validate.describe(o.range)}; give [[xmin, xmax], [ymin, ymax]].`);
  }
  const density = o.density === undefined ? false : validate.boolean(op, 'density', o.density);
  const n = xt.size;
  const X = binValues(op, lax.cast(xt, dt), bx, o.range?.[0], 'range[0]');
  const Y = binValues(op, lax.cast(yt, dt), by, o.range?.[1], 'range[1]');
  let w: Tensor;
  if (o.weights !== undefined) {
    w = floatOf(operandTensor(op, o.weights, dt, 'the weights'));
    if (w.ndim !== 1 || w.size !== n) throw new ShapeError(`${op}: weights ${w.aval} must have one per point, shape [${n}].`);
    w = lax.cast(w, dt);
  } else w = lax.full([n], 1, dt);
  const cell = lax.add(lax.mul(X.idx, lax.full([n], by, 'int32')), Y.idx);
  const counts = lax.reshape(oneHotSum(lax.where(and(X.inside, Y.inside), cell, lax.full([n], -1, 'int32')), w, bx * by), [bx, by]);
  if (!density) return [counts, X.edges, Y.edges];
  const wx = lax.sub(sliceAxis(X.edges, 0, 1, bx + 1), sliceAxis(X.edges, 0, 0, bx));
  const wy = lax.sub(sliceAxis(Y.edges, 0, 1, by + 1), sliceAxis(Y.edges, 0, 0, by));
  const area = lax.mul(lax.broadcastInDim(wx, [bx, by], [0]), lax.broadcastInDim(wy, [bx, by], [1]));
  const total = lax.broadcastInDim(lax.reduceSum(counts, [0, 1]), [bx, by], []);
  return [lax.div(lax.div(counts, total), area), X.edges, Y.edges];
}

/** Σ_i w_i [idx_i = k] for k in 0..len−1 (indices outside are dropped): a one-hot reduction, which fuses. */
function oneHotSum(idx: Tensor, w: Tensor, len: number): Tensor {
  const n = idx.shape[0];
  const hit = lax.compare(lax.broadcastInDim(idx, [n, len], [0]), lax.iota([n, len], 1, 'int32'), 'eq');
  return lax.reduceSum(lax.where(hit, lax.broadcastInDim(w, [n, len], [0]), lax.full([n, len], 0, w.dtype)), [0]);
}

/** Options of bincount. */
export interface BincountOptions { weights?: ArrayLike; minlength?: number; length?: number }

/**
 * Counts of each non-negative integer in the 1-D `x`, as `jnp.bincount` with a static `length`
 * (required: the largest value depends on the data, and output shapes must be static); values at
 * or past `length` and negative ones are dropped. With `weights`, sums of the weights instead.
 * @example np.bincount(np.array([0, 1, 1, 3], { dtype: 'int32' }), { length: 5 }); // → [1, 2, 0, 1, 0]
 */
export function bincount(x: ArrayLike, opts?: BincountOptions): Tensor {
  const op = 'np.bincount';
  const o = validate.options<BincountOptions>(op, opts ?? {}, ['weights', 'minlength', 'length'], '{ length: 10 }');
  const t = operandTensor(op, x);
  if (!isInteger(t.dtype) && t.dtype !== 'bool') {
    throw new DTypeError(`${op}: the input is ${t.aval}; bincount counts integers. Cast with np.astype(x, 'int32').`);
  }
  if (t.ndim !== 1) throw new ShapeError(`${op}: the input is ${t.aval}; give a 1-D array.`);
  if (o.length === undefined) {
    throw new ArgumentError(`${op}: needs a static { length }: the largest value depends on the data, and every output ` +
      `shape must be known before anything runs (as jnp.bincount under jit). Pass e.g. { length: 10 }.`);
  }
  const minlength = o.minlength === undefined ? 0 : validate.integer(op, 'minlength', o.minlength, { min: 0 });
  const len = Math.max(validate.integer(op, 'length', o.length, { min: 0 }), minlength);
  const idx = lax.cast(t, 'int32');
  let w: Tensor;
  if (o.weights !== undefined) {
    w = operandTensor(op, o.weights, undefined, 'the weights');
    if (w.ndim !== 1 || w.shape[0] !== t.shape[0]) throw new ShapeError(`${op}: weights ${w.aval} must have the input's shape ${t.aval}.`);
    if (w.dtype === 'bool') w = lax.cast(w, 'int32');
  } else w = lax.full(t.shape, 1, 'int32');
  return oneHotSum(idx, w, len);
}

