/**
 * Differences of sampled functions: numpy's gradient (second-order central differences inside,
 * first- or second-order one-sided ones at the edges) and unwrap (removing jumps of a period from
 * a phase). Slices, sums and cumulative sums, so they differentiate, jit and vmap.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { cumsum } from './sorting.js';

const floatOf = (x: Tensor): Tensor => (isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
const sl = (x: Tensor, axis: number, start: number, stop: number): Tensor =>
  lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));
const k = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);

/** Options of gradient: the axis (or axes; default all) and the order of the one-sided differences at the edges. */
export interface GradientOptions { axis?: number | readonly number[] | null; edgeOrder?: 1 | 2 }

/** numpy's gradient along one axis with uniform spacing h. */
function gradientAlong(op: string, f: Tensor, axis: number, h: number, edgeOrder: number): Tensor {
  const n = f.shape[axis];
  if (n < edgeOrder + 1) {
    throw new ShapeError(`${op}: axis ${axis} of ${f.aval} has ${n} samples; the gradient with edgeOrder ${edgeOrder} needs at ` +
      `least ${edgeOrder + 1}.`);
  }
  const at = (i: number) => sl(f, axis, i, i + 1);
  const over = (t: Tensor, d: number) => lax.div(t, k(t, d));
  // Inside: (f[i+1] − f[i−1]) / 2h.
  const inner = n > 2 ? over(lax.sub(sl(f, axis, 2, n), sl(f, axis, 0, n - 2)), 2 * h) : undefined;
  let first: Tensor, last: Tensor;
  if (edgeOrder === 1) {
    first = over(lax.sub(at(1), at(0)), h);
    last = over(lax.sub(at(n - 1), at(n - 2)), h);
  } else {
    // (−3f₀ + 4f₁ − f₂) / 2h and (3fₙ₋₁ − 4fₙ₋₂ + fₙ₋₃) / 2h.
    const comb = (a: Tensor, b: Tensor, c: Tensor) => over(lax.add(lax.sub(lax.mul(a, k(a, 3)), lax.mul(b, k(b, 4))), c), 2 * h);
    first = lax.neg(comb(at(0), at(1), at(2)));
    last = comb(at(n - 1), at(n - 2), at(n - 3));
  }
  return lax.concatenate(inner ? [first, inner, last] : [first, last], axis);
}

/**
 * The gradient of sampled values along each axis (numpy's gradient): second-order central
 * differences inside, one-sided differences of order `edgeOrder` (1 or 2) at the edges; `spacing`
 * is one sample distance for every axis or one per axis. One axis gives an array, several a list.
 * Coordinate arrays (non-uniform samples) are not supported.
 * @example np.gradient(np.array([1, 2, 4, 7, 11, 16])); // → [1, 1.5, 2.5, 3.5, 4.5, 5]
 * @example np.gradient(np.array([1, 2, 4, 7, 11, 16]), 2, { edgeOrder: 2 }); // → [0.25, 0.75, 1.25, 1.75, 2.25, 2.75]
 * @example np.gradient(np.array([[1, 2, 6], [3, 4, 5]])).length; // → 2
 */
export function gradient(f: ArrayLike, spacingOrOptions?: number | readonly number[] | GradientOptions, opts?: GradientOptions): Tensor | Tensor[] {
  const op = 'np.gradient';
  let spacing: unknown = spacingOrOptions, o: Partial<GradientOptions>;
  if (validate.isOptionsObject(spacingOrOptions)) {
    if (opts !== undefined) throw new ArgumentError(`${op}: two options objects given; pass the spacing (a number or a list), then the options.`);
    spacing = undefined;
    o = validate.options<GradientOptions>(op, spacingOrOptions, ['axis', 'edgeOrder'], '{ axis: 0, edgeOrder: 2 }');
  } else o = validate.options<GradientOptions>(op, opts, ['axis', 'edgeOrder'], '{ axis: 0, edgeOrder: 2 }');
  const x = floatOf(operandTensor(op, f));
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar; a gradient needs samples along an axis.`);
  const edgeOrder = o.edgeOrder === undefined ? 1 : validate.integer(op, 'edgeOrder', o.edgeOrder, { min: 1, max: 2 });
  // numpy keeps the axes in the order given (not sorted).
  const axes = o.axis === undefined || o.axis === null ? x.shape.map((_, i) => i)
    : (Array.isArray(o.axis) ? o.axis : [o.axis]).map((a) => validate.axis(op, a, x.ndim));
  if (new Set(axes).size !== axes.length) throw new ShapeError(`${op}: the axes [${axes.join(', ')}] repeat an axis; list each once.`);
  let hs: number[];
  if (spacing === undefined) hs = axes.map(() => 1);
  else if (typeof spacing === 'number') hs = axes.map(() => validate.number(op, 'the spacing', spacing));
  else if (Array.isArray(spacing) && spacing.every((v) => typeof v === 'number')) {
    if (spacing.length !== axes.length) {
      throw new ArgumentError(`${op}: ${spacing.length} spacings for ${axes.length} axes; give one spacing, or one per axis.`);
    }
    hs = spacing as number[];
  } else {
    throw new ArgumentError(`${op}: the spacing is ${isTensor(spacing) ? 'an array' : validate.describe(spacing)}; fluxion takes uniform ` +
      'spacings only (a number, or one number per axis); coordinate arrays of non-uniform samples are not supported.');
  }
  hs.forEach((h) => { if (!(h !== 0 && Number.isFinite(h))) throw new ArgumentError(`${op}: a spacing of ${h} has no meaning; give a finite non-zero number.`); });
  const out = axes.map((ax, i) => gradientAlong(op, x, ax, hs[i], edgeOrder));
  return out.length === 1 ? out[0] : out;
}

/** Options of unwrap: the axis (default −1), the period (default 2π) and the smallest jump corrected (default period/2). */
export interface UnwrapOptions { axis?: number; period?: number; discont?: number }

/**
 * The phase `p` with every jump between neighbours larger than `discont` replaced by its
 * equivalent modulo `period` (numpy's unwrap): a phase that wrapped at ±π becomes continuous.
 * @example np.unwrap(np.array([0, 3, 6.5, 9.5])); // → [0, 3, 6.5 - 2 * Math.PI, 9.5 - 2 * Math.PI]
 * @example np.unwrap(np.array([1, 2, 3, 4, 5, 6, 1, 2, 3]), { period: 6 }); // → [1, 2, 3, 4, 5, 6, 7, 8, 9]
 */
export function unwrap(p: ArrayLike, opts?: UnwrapOptions): Tensor {
  const op = 'np.unwrap';
  const o = validate.options<UnwrapOptions>(op, opts, ['axis', 'period', 'discont'], '{ axis: 0, period: 2 * Math.PI }');
  const x = floatOf(operandTensor(op, p));
  if (x.ndim === 0) throw new ShapeError(`${op}: ${x.aval} is a scalar; unwrap works along an axis.`);
  const axis = validate.axis(op, (o.axis === undefined ? -1 : o.axis), x.ndim);
  const period = o.period === undefined ? 2 * Math.PI : validate.number(op, 'period', o.period);
  if (!(period > 0 && Number.isFinite(period))) throw new ArgumentError(`${op}: period must be a positive finite number, got ${period}.`);
  const discont = o.discont === undefined ? period / 2 : validate.number(op, 'discont', o.discont);
  const n = x.shape[axis];
  if (n < 2) return x;
  const dd = lax.sub(sl(x, axis, 1, n), sl(x, axis, 0, n - 1));
  const half = period / 2;
  // numpy: ddmod = mod(dd + period/2, period) − period/2, with −period/2 read as +period/2 for rising jumps.
  const shifted = lax.add(dd, k(dd, half));
  const m = lax.rem(shifted, k(dd, period));
  let ddmod = lax.sub(lax.where(lax.compare(m, k(m, 0), 'lt'), lax.add(m, k(m, period)), m), k(dd, half));
  const lowEdge = lax.where(lax.compare(ddmod, k(dd, -half), 'eq'), lax.compare(dd, k(dd, 0), 'gt'), lax.full(dd.shape, 0, 'bool'));
  ddmod = lax.where(lowEdge, k(dd, half), ddmod);
  const small = lax.compare(lax.abs(dd), k(dd, discont), 'lt');
  const correct = lax.where(small, k(dd, 0), lax.sub(ddmod, dd));
  const fix = cumsum(correct, { axis });
  return lax.concatenate([sl(x, axis, 0, 1), lax.add(sl(x, axis, 1, n), fix)], axis);
}
