/**
 * lax.reduceWindow for sum, max and min (JAX's lax.reduce_window with lax.add / lax.max /
 * lax.min), as a composition: the operand padded with the init value, then one strided view per
 * window position (slice + reshape + slice: movement ops that compile to index arithmetic and
 * whose transposes are pads and reshapes, so no scatter), combined elementwise. On WebGPU the whole
 * window reduction is one fused elementwise kernel.
 *
 * Gradients. Sum: each view's transpose pads the cotangent back (the pad+conv-like transpose of
 * a box filter). Max/min: select-and-scatter semantics — the cotangent of a window goes to the
 * first position (in window order) holding its extreme value; the value is written as
 * Σ_k where(first_k, view_k, 0) with `first_k` computed from stop-gradient values, so it is
 * exact and its derivative is exactly that selection (a NaN in a window propagates to the value).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { convPadding } from './lax-conv.js';
import { dilateDim } from './conv.js';

export type WindowComputation = 'sum' | 'max' | 'min' | ((x: Tensor, y: Tensor) => Tensor);

function kindOf(op: string, c: unknown): 'sum' | 'max' | 'min' {
  if (c === 'sum' || c === lax.add) return 'sum';
  if (c === 'max' || c === lax.max) return 'max';
  if (c === 'min' || c === lax.min) return 'min';
  throw new ArgumentError(`${op}: computation must be lax.add, lax.max or lax.min (or 'sum', 'max', 'min'), got ${validate.describe(c)}; ` +
    'other reductions over windows are not implemented (an average is a sum divided by the window size).');
}

/** Every window offset (multi-indices over `dims`, last fastest). */
function offsets(dims: readonly number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of dims) out = out.flatMap((o) => Array.from({ length: n }, (_, j) => [...o, j]));
  return out;
}

/**
 * Reduces each window of `operand` (JAX's lax.reduce_window): windows of `windowDimensions` with
 * `windowStrides`, `padding` ('SAME', 'VALID' or [lo, hi] pairs, filled with `initValue`), and
 * `windowDilation`; `baseDilation` must be 1.
 * @example
 * const x = np.arange(16).astype('float32').reshape([4, 4]);
 * lax.reduceWindow(x, -Infinity, lax.max, [2, 2], [2, 2], 'VALID'); // → [[5, 7], [13, 15]]
 * lax.reduceWindow(x, 0, lax.add, [2, 2], [1, 1], 'SAME').shape; // → [4, 4]
 */
export function reduceWindow(operand: Tensor, initValue: number, computation: WindowComputation, windowDimensions: readonly number[],
  windowStrides?: readonly number[] | null, padding: 'SAME' | 'SAME_LOWER' | 'VALID' | readonly (readonly [number, number])[] = 'VALID',
  baseDilation?: readonly number[] | null, windowDilation?: readonly number[] | null): Tensor {
  const op = 'lax.reduceWindow';
  if (!isTensor(operand)) throw new ArgumentError(`${op}: the operand must be an array, got ${validate.describe(operand)}.`);
  const x = operand, nd = x.ndim;
  const kind = kindOf(op, computation);
  const init = validate.number(op, 'initValue', initValue);
  const list = (name: string, v: unknown, dflt: number) => {
    if (v === null || v === undefined) return new Array<number>(nd).fill(dflt);
    if (!Array.isArray(v) || v.length !== nd) {
      throw new ShapeError(`${op}: ${name} must list ${nd} positive integers (one per axis of ${x.aval}), got ${validate.describe(v)}.`);
    }
    return v.map((n, i) => validate.integer(op, `${name}[${i}]`, n, { min: 1 }));
  };
  const win = list('windowDimensions', windowDimensions, 1), strides = list('windowStrides', windowStrides, 1);
  const wdil = list('windowDilation', windowDilation, 1), bdil = list('baseDilation', baseDilation, 1);
  if (bdil.some((d) => d !== 1)) throw new ArgumentError(`${op}: baseDilation [${bdil}] is not implemented (only 1s); dilate the operand with lax.pad-like interior zeros yourself, or use lax.convTranspose.`);
  const span = win.map((w, i) => dilateDim(w, wdil[i]));
  const pads = convPadding(op, padding, x.shape, span, strides);
  if (pads.some(([lo, hi]) => lo < 0 || hi < 0)) throw new ArgumentError(`${op}: negative padding ${JSON.stringify(pads)} is not supported; slice the operand first.`);
  const out = x.shape.map((n, d) => {
    const p = n + pads[d][0] + pads[d][1];
    return p < span[d] ? 0 : Math.floor((p - span[d]) / strides[d]) + 1;
  });
  if (out.some((n) => n === 0)) return lax.full(out, init, x.dtype);
  // Padded with the init value, plus one stride at the end so every strided slice is in range.
  const lo = pads.map((p) => p[0]), hi = pads.map((p, d) => p[1] + strides[d]);
  const padInit = (v: Tensor) => {
    const padded = lax.pad(v, lo, hi);
    if (init === 0 || v.size === 0) return padded;
    const inside = lax.pad(lax.full(v.shape, 1, 'bool'), lo, hi);
    return lax.where(inside, padded, lax.full(padded.shape, init, v.dtype));
  };
  const view = (xp: Tensor, k: readonly number[]) => {
    const start = k.map((j, d) => j * wdil[d]);
    const cut = lax.slice(xp, start, start.map((s, d) => s + out[d] * strides[d]));
    const split = lax.reshape(cut, out.flatMap((o, d) => [o, strides[d]]));
    const first = lax.slice(split, split.shape.map(() => 0), split.shape.map((n, i) => (i % 2 === 1 ? 1 : n)));
    return lax.reshape(first, out);
  };
  const xp = padInit(x);
  const ks = offsets(win);
  if (kind === 'sum') {
    let acc = lax.full(out, init, x.dtype);
    for (const k of ks) acc = lax.add(acc, view(xp, k));
    return acc;
  }
  const pick = kind === 'max' ? lax.max : lax.min;
  const still = lax.stopGradient(xp);
  const views = ks.map((k) => view(still, k));
  let m = lax.full(out, init, x.dtype);
  for (const v of views) m = pick(m, v);
  // The first window position holding the extreme value gets the value (and the gradient).
  let taken = lax.full(out, 0, 'bool');
  const no = lax.full(out, 0, 'bool'), yes = lax.full(out, 1, 'bool'), zero = lax.full(out, 0, x.dtype);
  let acc = zero;
  ks.forEach((k, i) => {
    const eq = lax.compare(views[i], m, 'eq');
    const first = lax.where(taken, no, eq);
    taken = lax.where(eq, yes, taken);
    acc = lax.add(acc, lax.where(first, view(xp, k), zero));
  });
  // No position holds it: a NaN in the window, or the init value won (no gradient either way).
  return lax.where(taken, acc, m);
}
