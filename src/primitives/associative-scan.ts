/**
 * lax.associativeScan: the parallel prefix scan of Blelloch / Ladner–Fischer as JAX writes it,
 * a composition of slices, pads, reshapes and concatenates around the user's combining function.
 * It takes O(log n) levels of O(n) work, and because it is built from primitives that all have
 * jvp, vmap, transpose and WGSL rules, so does every scan written with it (cumprod's jvp is one).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { rev, stored } from './take-along.js';

type Combine = (a: Tensor[], b: Tensor[]) => Tensor[];

function sliceAxis(x: Tensor, axis: number, start: number, stop: number): Tensor {
  const s = x.shape.map(() => 0), l = [...x.shape];
  s[axis] = start; l[axis] = stop;
  return lax.slice(x, s, l);
}

/** Elements start, start+2, ... before `stop` along `axis` (a stride-2 slice by reshape). */
function everyOther(x: Tensor, axis: number, start: number, stop: number): Tensor {
  const len = Math.max(0, stop - start), count = Math.ceil(len / 2);
  let y = sliceAxis(x, axis, start, start + len);
  if (count === 0) return y;
  if (len % 2) {
    const lo = x.shape.map(() => 0), hi = x.shape.map(() => 0);
    hi[axis] = 1;
    y = lax.pad(y, lo, hi);
  }
  const split = [...x.shape.slice(0, axis), count, 2, ...x.shape.slice(axis + 1)];
  const start0 = split.map(() => 0), limit = [...split];
  limit[axis + 1] = 1;
  return lax.reshape(lax.slice(lax.reshape(y, split), start0, limit), [...x.shape.slice(0, axis), count, ...x.shape.slice(axis + 1)]);
}

/** a0 b0 a1 b1 ... along `axis` (a has as many elements as b, or one more). */
function interleave(a: Tensor, b: Tensor, axis: number): Tensor {
  const la = a.shape[axis], lb = b.shape[axis];
  let bb = b;
  if (lb < la) {
    const lo = b.shape.map(() => 0), hi = b.shape.map(() => 0);
    hi[axis] = la - lb;
    bb = lax.pad(b, lo, hi);
  }
  const pair = [...a.shape.slice(0, axis + 1), 1, ...a.shape.slice(axis + 1)];
  const both = lax.concatenate([lax.reshape(a, pair), lax.reshape(bb, pair)], axis + 1);
  const joined = lax.reshape(both, [...a.shape.slice(0, axis), 2 * la, ...a.shape.slice(axis + 1)]);
  return sliceAxis(joined, axis, 0, la + lb);
}

function checked(fn: Combine, a: Tensor[], b: Tensor[]): Tensor[] {
  const out = fn(a, b);
  if (!Array.isArray(out) || out.length !== a.length || out.some((o, i) => !isTensor(o) || o.ndim !== a[i].ndim)) {
    throw new ArgumentError(`lax.associativeScan: the combining function must return ${a.length} array(s) shaped like its inputs ` +
      `(${a.map((x) => x.aval).join(', ')}), got ${validate.describe(out)}.`);
  }
  return out;
}

function scanLevels(fn: Combine, elems: Tensor[], axis: number): Tensor[] {
  const n = elems[0].shape[axis];
  if (n < 2) return elems;
  // Combine adjacent pairs, scan those recursively: that gives the odd positions.
  const reduced = checked(fn, elems.map((e) => everyOther(e, axis, 0, n - 1)), elems.map((e) => everyOther(e, axis, 1, n)));
  const odd = scanLevels(fn, reduced, axis);
  // The even positions after the first are an odd result combined with the next element.
  let even: Tensor[];
  if (n === 2) even = elems.map((e) => sliceAxis(e, axis, 0, 1));
  else {
    const left = n % 2 === 0 ? odd.map((e) => sliceAxis(e, axis, 0, e.shape[axis] - 1)) : odd;
    even = checked(fn, left, elems.map((e) => everyOther(e, axis, 2, n)))
      .map((r, i) => lax.concatenate([sliceAxis(elems[i], axis, 0, 1), r], axis));
  }
  // Each level is stored (take-along.ts's `stored`): the next reads it twice, at other indices.
  return even.map((e, i) => stored(interleave(e, odd[i], axis)));
}

/**
 * The inclusive scan of `elems` along `axis` with an associative `fn` (JAX's
 * lax.associative_scan): `out[i] = fn(... fn(elems[0], elems[1]) ..., elems[i])`, or from the end
 * when `reverse`. `elems` is one array or a list of arrays scanned together (fn then takes and
 * returns lists), all with the same length along `axis`.
 * @example lax.associativeScan((a, b) => lax.add(a, b), np.array([1, 2, 3, 4])); // → [1, 3, 6, 10]
 */
export function associativeScan(fn: (a: Tensor, b: Tensor) => Tensor, elems: Tensor, opts?: { axis?: number; reverse?: boolean }): Tensor;
export function associativeScan(fn: (a: Tensor[], b: Tensor[]) => Tensor[], elems: Tensor[], opts?: { axis?: number; reverse?: boolean }): Tensor[];
export function associativeScan(
  fn: ((a: Tensor, b: Tensor) => Tensor) | ((a: Tensor[], b: Tensor[]) => Tensor[]),
  elems: Tensor | Tensor[], opts: { axis?: number; reverse?: boolean } = {},
): Tensor | Tensor[] {
  validate.fn('lax.associativeScan', fn, 'the combining function');
  const single = isTensor(elems);
  const list = single ? [elems] : elems;
  if (!Array.isArray(list) || list.length === 0 || !list.every(isTensor)) {
    throw new ArgumentError(`lax.associativeScan: elems must be an array or a non-empty list of arrays, got ${validate.describe(elems)}.`);
  }
  const ndim = list[0].ndim;
  const axis = validate.axis('lax.associativeScan', opts.axis ?? 0, ndim);
  const n = list[0].shape[axis];
  if (list.some((e) => e.ndim !== ndim || e.shape[axis] !== n)) {
    throw new ShapeError(`lax.associativeScan: every array must have the same length along axis ${axis}, got ${list.map((e) => e.aval).join(', ')}.`);
  }
  const combine: Combine = single ? (a, b) => [(fn as (a: Tensor, b: Tensor) => Tensor)(a[0], b[0])] : fn as Combine;
  const reverse = opts.reverse ?? false;
  const input = reverse ? list.map((e) => rev(e, [axis])) : list;
  let out = scanLevels(combine, input, axis);
  if (reverse) out = out.map((e) => rev(e, [axis]));
  return single ? out[0] : out;
}
