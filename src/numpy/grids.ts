/**
 * Grids and index arithmetic: logspace, geomspace, indices, fromfunction, unravelIndex,
 * ravelMultiIndex, and the choosers select and piecewise.
 */
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { allocate, coerce, isFloat, isInteger, type DType } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { broadcastShapes, broadcastTo } from './broadcast.js';

function spaced(op: string, num: number, endpoint: boolean, f: (t: number) => number, dtype: DType): Tensor {
  const n = validate.integer(op, 'num', num, { min: 0, max: validate.MAX_ELEMENTS });
  const dt = validate.dtype(op, dtype);
  const div = endpoint ? n - 1 : n;
  const data = allocate(dt, n);
  for (let i = 0; i < n; i++) data[i] = coerce(dt, f(div === 0 ? 0 : i / div));
  return arrayFor(op, data, { dtype: dt, shape: [n] });
}

/** Options of logspace and geomspace. */
export interface SpaceOptions { endpoint?: boolean; base?: number; dtype?: DType }

/**
 * `num` numbers base**t for t evenly spaced from start to stop, as `numpy.logspace` (base 10).
 * @example np.logspace(0, 2, 3); // → [1, 10, 100]
 */
export function logspace(start: number, stop: number, num = 50, opts?: SpaceOptions): Tensor {
  const op = 'np.logspace';
  const o = validate.options<SpaceOptions>(op, opts ?? {}, ['endpoint', 'base', 'dtype'], '{ base: 2, endpoint: false }');
  const s = validate.number(op, 'start', start), e = validate.number(op, 'stop', stop);
  const base = o.base === undefined ? 10 : validate.number(op, 'base', o.base);
  const endpoint = o.endpoint === undefined ? true : validate.boolean(op, 'endpoint', o.endpoint);
  return spaced(op, num, endpoint, (t) => base ** (s + (e - s) * t), o.dtype ?? 'float32');
}

/**
 * `num` numbers evenly spaced on a log scale from start to stop (same sign, non-zero), as
 * `numpy.geomspace`; the endpoints are exact.
 * @example np.geomspace(1, 1000, 4); // → [1, 10, 100, 1000]
 */
export function geomspace(start: number, stop: number, num = 50, opts?: Omit<SpaceOptions, 'base'>): Tensor {
  const op = 'np.geomspace';
  const o = validate.options<SpaceOptions>(op, opts ?? {}, ['endpoint', 'dtype'], '{ endpoint: false }');
  const s = validate.number(op, 'start', start), e = validate.number(op, 'stop', stop);
  if (s === 0 || e === 0) throw new ArgumentError(`${op}: start ${s} and stop ${e} must be non-zero (a geometric sequence cannot reach 0).`);
  if (Math.sign(s) !== Math.sign(e)) throw new ArgumentError(`${op}: start ${s} and stop ${e} must have one sign.`);
  const endpoint = o.endpoint === undefined ? true : validate.boolean(op, 'endpoint', o.endpoint);
  const sg = Math.sign(s), ls = Math.log10(Math.abs(s)), le = Math.log10(Math.abs(e));
  const n = validate.integer(op, 'num', num, { min: 0 });
  return spaced(op, n, endpoint, (t) => {
    if (t === 0) return s;
    if (t === 1 && endpoint) return e;
    return sg * 10 ** (ls + (le - ls) * t);
  }, o.dtype ?? 'float32');
}

/**
 * A grid of indices: result[k] holds each element's index along axis k, shape [len(dims), ...dims],
 * as `numpy.indices` (int32).
 * @example np.indices([2, 3]).at(0).get(); // → [[0, 0, 0], [1, 1, 1]]
 */
export function indices(dimensions: readonly number[], dtype?: validate.DTypeArg): Tensor {
  const op = 'np.indices';
  const dims = validate.shape(op, dimensions, 'dimensions');
  const dt = validate.dtypeArg(op, dtype, 'int32');
  if (dims.length === 0) return lax.full([0], 0, dt);
  return lax.concatenate(dims.map((_, k) => lax.reshape(lax.iota(dims, k, dt), [1, ...dims])), 0);
}

/**
 * Builds an array by calling `fn` on index grids, one per axis, as `numpy.fromfunction`
 * (the grids are float32 unless `dtype` says otherwise).
 * @example np.fromfunction((i, j) => np.add(i, j), [2, 2]); // → [[0, 1], [1, 2]]
 */
export function fromfunction(fn: (...idx: Tensor[]) => Tensor, shape: readonly number[], dtype?: validate.DTypeArg): Tensor {
  const op = 'np.fromfunction';
  validate.fn(op, fn);
  const dims = validate.shape(op, shape);
  const dt = validate.dtypeArg(op, dtype, 'float32');
  return fn(...dims.map((_, k) => lax.iota(dims, k, dt)));
}

function intIndex(op: string, a: ArrayLike, role: string): Tensor {
  const t = operandTensor(op, a, 'int32', role);
  if (!isInteger(t.dtype)) throw new DTypeError(`${op}: ${role} is ${t.aval}; give integers.`);
  return lax.cast(t, 'int32');
}

/**
 * Converts flat indices into one index array per axis of `shape`, as `numpy.unravel_index`
 * (C order). Out-of-range indices are clipped into range (JAX's behaviour under jit).
 * @example np.unravelIndex(np.array([5, 1], { dtype: 'int32' }), [2, 3]); // → [[1, 0], [2, 1]]
 */
export function unravelIndex(idx: ArrayLike, shape: readonly number[]): Tensor[] {
  const op = 'np.unravelIndex';
  const dims = validate.shape(op, shape);
  const total = dims.reduce((p, d) => p * d, 1);
  let i = intIndex(op, idx, 'the flat indices');
  if (total === 0) throw new ShapeError(`${op}: the shape [${dims}] has no elements to index.`);
  // Negative indices count from the end as in JAX, then clip.
  const full = (v: number) => lax.full(i.shape, v, 'int32');
  i = lax.where(lax.compare(i, full(0), 'lt'), lax.add(i, full(total)), i);
  i = lax.max(lax.min(i, full(total - 1)), full(0));
  let stride = total;
  return dims.map((d) => {
    stride /= d;
    return lax.rem(lax.div(i, full(stride)), full(d));
  });
}

/**
 * Converts one index array per axis into flat (C-order) indices of `dims`, as
 * `numpy.ravel_multi_index`; `mode` 'clip' (default here: checks need the values) or 'wrap'.
 * @example np.ravelMultiIndex([np.array([1, 0], { dtype: 'int32' }), np.array([2, 1], { dtype: 'int32' })], [2, 3]); // → [5, 1]
 */
export function ravelMultiIndex(multiIndex: readonly ArrayLike[], dims: readonly number[], mode: 'clip' | 'wrap' = 'clip'): Tensor {
  const op = 'np.ravelMultiIndex';
  const shape = validate.shape(op, dims, 'dims');
  const md = validate.oneOf(op, 'mode', mode, ['clip', 'wrap'] as const);
  if (!Array.isArray(multiIndex) || multiIndex.length !== shape.length) {
    throw new ShapeError(`${op}: give one index array per dimension of [${shape}] (${shape.length}), got ${validate.describe(multiIndex)}.`);
  }
  const idx = multiIndex.map((m, k) => intIndex(op, m, `index ${k}`));
  const bshape = idx.reduce<number[]>((s, t) => broadcastShapes(op, s, t.shape), []);
  let flat = lax.full(bshape, 0, 'int32');
  shape.forEach((d, k) => {
    const full = (v: number) => lax.full(bshape, v, 'int32');
    let i = broadcastTo(idx[k], bshape, op);
    i = md === 'clip' ? lax.max(lax.min(i, full(d - 1)), full(0)) : lax.rem(lax.add(lax.rem(i, full(d)), full(d)), full(d));
    flat = lax.add(lax.mul(flat, full(d)), i);
  });
  return flat;
}

/**
 * Elements from the choice of the first true condition, `default` where none holds, as
 * `numpy.select`.
 * @example const x = np.array([-2, 0, 3]);
 * np.select([np.less(x, 0), np.greater(x, 0)], [np.negative(x), x], 0); // → [2, 0, 3]
 */
export function select(condlist: readonly ArrayLike[], choicelist: readonly ArrayLike[], dflt: ArrayLike = 0): Tensor {
  const op = 'np.select';
  if (!Array.isArray(condlist) || !Array.isArray(choicelist) || condlist.length !== choicelist.length) {
    throw new ArgumentError(`${op}: condlist and choicelist must be lists of one length, got ${validate.describe(condlist)} and ${validate.describe(choicelist)}.`);
  }
  if (condlist.length === 0) throw new ArgumentError(`${op}: condlist is empty; give at least one condition.`);
  const conds = condlist.map((cnd, i) => {
    const t = operandTensor(op, cnd, undefined, `condition ${i}`);
    if (t.dtype !== 'bool') throw new DTypeError(`${op}: condition ${i} is ${t.aval}; conditions must be bool arrays.`);
    return t;
  });
  const choices = choicelist.map((ch, i) => operandTensor(op, ch, undefined, `choice ${i}`));
  const d0 = operandTensor(op, dflt, choices[0].dtype, 'the default');
  const dt = [d0, ...choices].map((t) => t.dtype).reduce((a, b) => (a === b ? a : isFloat(a) || isFloat(b) ? (a === 'float64' || b === 'float64' ? 'float64' : 'float32') : 'int32'));
  const shape = [...conds, ...choices, d0].reduce<number[]>((s, t) => broadcastShapes(op, s, t.shape), []);
  let out = broadcastTo(lax.cast(d0, dt), shape, op);
  for (let i = conds.length - 1; i >= 0; i--) {
    out = lax.where(broadcastTo(conds[i], shape, op), broadcastTo(lax.cast(choices[i], dt), shape, op), out);
  }
  return out;
}

/**
 * Evaluates `funclist[i](x)` where `condlist[i]` holds (later conditions win), as
 * `numpy.piecewise`; one extra function (or value) is used where no condition holds, else 0.
 * A list entry may be a number instead of a function. Every function sees all of x.
 * @example const x = np.array([-2, 0, 3]);
 * np.piecewise(x, [np.less(x, 0)], [(v) => np.negative(v), (v) => v]); // → [2, 0, 3]
 */
export function piecewise(x: ArrayLike, condlist: readonly ArrayLike[], funclist: readonly (((x: Tensor) => Tensor) | number)[]): Tensor {
  const op = 'np.piecewise';
  const t = operandTensor(op, x);
  if (!Array.isArray(condlist) || !Array.isArray(funclist)) throw new ArgumentError(`${op}: condlist and funclist must be lists.`);
  const n = condlist.length;
  if (funclist.length !== n && funclist.length !== n + 1) {
    throw new ArgumentError(`${op}: ${n} conditions need ${n} or ${n + 1} functions, got ${funclist.length}.`);
  }
  const val = (f: ((x: Tensor) => Tensor) | number): Tensor => {
    if (typeof f === 'number') return lax.full(t.shape, f, t.dtype);
    if (typeof f !== 'function') throw new ArgumentError(`${op}: a funclist entry is ${validate.describe(f)}; give a function or a number.`);
    return broadcastTo(lax.cast(operandTensor(op, f(t)), t.dtype), t.shape, op);
  };
  let out = funclist.length === n + 1 ? val(funclist[n]) : lax.full(t.shape, 0, t.dtype);
  condlist.forEach((cnd, i) => {
    const c = operandTensor(op, cnd, undefined, `condition ${i}`);
    if (c.dtype !== 'bool') throw new DTypeError(`${op}: condition ${i} is ${c.aval}; conditions must be bool arrays.`);
    out = lax.where(broadcastTo(c, t.shape, op), val(funclist[i]), out);
  });
  return out;
}
