/**
 * The Python array API standard's names and numpy 2's everyday additions that a JAX user reaches
 * for: asarray, logicalXor, arrayEqual, arrayEquiv, matrixTranspose, permuteDims, vecdot, matvec,
 * vecmat, unstack, cumulativeSum, cumulativeProd, rollaxis, floatPower, i0 (the modified Bessel
 * function, differentiable) and ixGrid (numpy's ix_). Compositions of lax and the rest of np, so
 * grad, jit and vmap go through them.
 */
import { DType, isFloat, isInteger, isNarrow, isUnsigned } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';
import { prepare } from './broadcast.js';
import { axisArgs } from './axis-args.js';
import { matmul } from './linalg.js';
import { cumprod, cumsum } from './sorting.js';
import { I0_A, I0_B, chebyshev } from './bessel.js';

type A = ArrayLike;

const sliceAxis = (x: Tensor, axis: number, start: number, stop: number): Tensor =>
  lax.slice(x, x.shape.map((_, d) => (d === axis ? start : 0)), x.shape.map((n, d) => (d === axis ? stop : n)));

/** One axis from a positional-or-options argument (default `dflt`), resolved against `ndim`. */
function oneAxis(op: string, axisOrOptions: unknown, ndim: number, dflt: number): number {
  const o = axisArgs<{ axis?: number | null }>(op, axisOrOptions, undefined, ['axis'], '{ axis: 0 }');
  if (Array.isArray(o.axis)) throw new ArgumentError(`${op}: takes one axis, got the list [${o.axis.join(', ')}]; pass a single integer.`);
  return validate.axis(op, o.axis ?? dflt, ndim);
}

/**
 * The argument as an array: a Tensor is returned as it is (cast when `dtype` differs); numbers,
 * booleans, typed arrays and nested lists become arrays as np.array makes them (jnp.asarray).
 * @example np.asarray([1, 2], 'int32'); // → [1, 2]
 * @example const x = np.ones([2]); np.asarray(x) === x; // → true
 */
export function asarray(a: A, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.asarray';
  return arrayFor(op, a, dtype === undefined ? {} : { dtype: validate.dtypeArg(op, dtype, 'float32') });
}

function asBool(op: string, x: A, role: string): Tensor {
  const t = operandTensor(op, x, 'bool', role);
  if (t.dtype !== 'bool') throw new DTypeError(`${op}: ${role} is ${t.aval}, not a bool array; compare first (e.g. x.gt(0)) or cast with astype('bool').`);
  return t;
}

/**
 * Elementwise exclusive or of bool arrays (true where exactly one is true), broadcast.
 * @example np.logicalXor(np.array([true, true, false]), np.array([true, false, false])); // → [false, true, false]
 */
export function logicalXor(a: A, b: A): Tensor {
  const op = 'np.logicalXor';
  const [x, y] = prepare(op, [asBool(op, a, 'the first operand'), asBool(op, b, 'the second operand')]);
  return lax.compare(x, y, 'ne');
}

/** Options of arrayEqual: whether NaNs compare equal to each other (numpy's equal_nan). */
export interface ArrayEqualOptions { equalNan?: boolean }

/**
 * Whether two arrays have the same shape and elements (a bool scalar, as jnp.array_equal);
 * different shapes give false, NaN equals NaN only with `equalNan`.
 * @example np.arrayEqual(np.array([1, 2]), np.array([1, 2])); // → true
 * @example np.arrayEqual(np.array([1, NaN]), np.array([1, NaN]), { equalNan: true }); // → true
 * @example np.arrayEqual(np.array([1, 2]), np.array([[1, 2]])); // → false
 */
export function arrayEqual(a1: A, a2: A, opts?: ArrayEqualOptions): Tensor {
  const op = 'np.arrayEqual';
  const o = validate.options<ArrayEqualOptions>(op, opts, ['equalNan'], '{ equalNan: true }');
  const equalNan = o.equalNan === undefined ? false : validate.boolean(op, 'equalNan', o.equalNan);
  const x = operandTensor(op, a1, undefined, 'the first array'), y = operandTensor(op, a2, undefined, 'the second array');
  if (x.ndim !== y.ndim || x.shape.some((d, i) => d !== y.shape[i])) return lax.full([], 0, 'bool');
  return allEqual(op, x, y, equalNan);
}

function allEqual(op: string, a: Tensor, b: Tensor, equalNan: boolean): Tensor {
  const [x, y] = prepare(op, [a, b]);
  let eq = lax.compare(x, y, 'eq');
  if (equalNan && isFloat(x.dtype)) {
    const both = lax.where(lax.compare(x, x, 'ne'), lax.compare(y, y, 'ne'), lax.full(x.shape, 0, 'bool'));
    eq = lax.where(both, lax.full(x.shape, 1, 'bool'), eq);
  }
  // All equal ⇔ no element differs.
  const differ = lax.reduceSum(lax.cast(lax.compare(eq, lax.full(eq.shape, 0, 'bool'), 'eq'), 'int32'), eq.shape.map((_, i) => i));
  return lax.compare(differ, lax.full([], 0, 'int32'), 'eq');
}

/**
 * Whether two arrays broadcast to one shape and are equal there (a bool scalar, as
 * jnp.array_equiv); shapes that do not broadcast give false.
 * @example np.arrayEquiv(np.array([1, 2]), np.array([[1, 2], [1, 2]])); // → true
 * @example np.arrayEquiv(np.array([1, 2]), np.array([1, 2, 3])); // → false
 */
export function arrayEquiv(a1: A, a2: A): Tensor {
  const op = 'np.arrayEquiv';
  const x = operandTensor(op, a1, undefined, 'the first array'), y = operandTensor(op, a2, undefined, 'the second array');
  const nd = Math.max(x.ndim, y.ndim);
  for (let i = 1; i <= nd; i++) {
    const p = x.shape[x.ndim - i] ?? 1, q = y.shape[y.ndim - i] ?? 1;
    if (p !== q && p !== 1 && q !== 1) return lax.full([], 0, 'bool');
  }
  return allEqual(op, x, y, false);
}

/**
 * The array with its last two axes swapped (the array API's matrix_transpose; a stack of matrices
 * stays a stack).
 * @example np.matrixTranspose(np.ones([4, 2, 3])).shape; // → [4, 3, 2]
 * @example np.matrixTranspose(np.array([[1, 2]])); // → [[1], [2]]
 */
export function matrixTranspose(x: A): Tensor {
  const op = 'np.matrixTranspose';
  const t = operandTensor(op, x);
  if (t.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2 (a matrix or a stack of them), got ${t.aval}; use np.expandDims for a vector.`);
  const perm = t.shape.map((_, i) => i);
  [perm[t.ndim - 2], perm[t.ndim - 1]] = [perm[t.ndim - 1], perm[t.ndim - 2]];
  return lax.transpose(t, perm);
}

/**
 * The axes of `x` in the order `axes` gives (the array API's permute_dims; every axis once,
 * negative ones counted from the end).
 * @example np.permuteDims(np.ones([2, 3, 4]), [2, 0, 1]).shape; // → [4, 2, 3]
 */
export function permuteDims(x: A, axes: readonly number[]): Tensor {
  const op = 'np.permuteDims';
  const t = operandTensor(op, x);
  return lax.transpose(t, validate.permutation(op, axes, t.ndim));
}

/** The size of `axis` (negative counts from the end) of an operand, checked. */
function sizeAt(op: string, t: Tensor, axis: number, role: string): number {
  return t.shape[validate.axis(op, axis, t.ndim, `the axis of ${role}`)];
}

/**
 * The dot product of vectors along `axis` (default −1), the other axes broadcast (numpy 2's and
 * the array API's vecdot; real arrays, so no conjugation). Both operands need the axis, of one size.
 * @example np.vecdot(np.array([[1, 2], [3, 4]]), np.array([1, 10])); // → [21, 43]
 * @example np.vecdot(np.array([[1, 2], [3, 4]]), np.array([[1], [10]]), { axis: 0 }); // → [31, 42]
 */
export function vecdot(x1: A, x2: A, axisOrOptions?: number | { axis?: number }): Tensor {
  const op = 'np.vecdot';
  const o = axisArgs<{ axis?: number }>(op, axisOrOptions, undefined, ['axis'], '{ axis: -1 }');
  const axis = (o.axis === undefined ? -1 : o.axis);
  const a = operandTensor(op, x1, undefined, 'the first operand'), b = operandTensor(op, x2, undefined, 'the second operand');
  if (a.ndim === 0 || b.ndim === 0) throw new ShapeError(`${op}: needs arrays of rank at least 1, got ${a.aval} and ${b.aval}; use np.multiply for scalars.`);
  const n1 = sizeAt(op, a, axis, 'the first operand'), n2 = sizeAt(op, b, axis, 'the second operand');
  if (n1 !== n2) {
    throw new ShapeError(`${op}: axis ${axis} has size ${n1} in ${a.aval} but ${n2} in ${b.aval}; the vectors must have one length (it is not broadcast).`);
  }
  const [x, y] = prepare(op, [a, b]);
  return lax.reduceSum(lax.mul(x, y), [validate.axis(op, axis, x.ndim)]);
}

function checkedMatmul(op: string, a: Tensor, b: Tensor, k1: number, k2: number): Tensor {
  if (a.shape[a.ndim - k1] !== b.shape[b.ndim - k2]) {
    throw new ShapeError(`${op}: the contracted sizes differ: ${a.aval} and ${b.aval}; the vector's length must equal the matrix's ` +
      `${op === 'np.matvec' ? 'last' : 'second-to-last'} axis.`);
  }
  return matmul(a, b);
}

/**
 * The matrix-vector product over the last axes, the leading axes broadcast (numpy 2's matvec:
 * [..., m, n] and [..., n] give [..., m]).
 * @example np.matvec(np.array([[1, 2], [3, 4]]), np.array([1, 10])); // → [21, 43]
 * @example np.matvec(np.ones([5, 3, 2]), np.ones([2])).shape; // → [5, 3]
 */
export function matvec(x1: A, x2: A): Tensor {
  const op = 'np.matvec';
  const m = operandTensor(op, x1, undefined, 'the matrix'), v = operandTensor(op, x2, undefined, 'the vector');
  if (m.ndim < 2 || v.ndim < 1) throw new ShapeError(`${op}: needs a matrix (rank ≥ 2) and a vector (rank ≥ 1), got ${m.aval} and ${v.aval}.`);
  const col = lax.reshape(v, [...v.shape, 1]);
  const r = checkedMatmul(op, m, col, 1, 2);
  return lax.reshape(r, r.shape.slice(0, -1));
}

/**
 * The vector-matrix product over the last axes, the leading axes broadcast (numpy 2's vecmat:
 * [..., n] and [..., n, m] give [..., m]; real arrays, so no conjugation).
 * @example np.vecmat(np.array([1, 10]), np.array([[1, 2], [3, 4]])); // → [31, 42]
 */
export function vecmat(x1: A, x2: A): Tensor {
  const op = 'np.vecmat';
  const v = operandTensor(op, x1, undefined, 'the vector'), m = operandTensor(op, x2, undefined, 'the matrix');
  if (m.ndim < 2 || v.ndim < 1) throw new ShapeError(`${op}: needs a vector (rank ≥ 1) and a matrix (rank ≥ 2), got ${v.aval} and ${m.aval}.`);
  const row = lax.reshape(v, [...v.shape.slice(0, -1), 1, v.shape[v.ndim - 1]]);
  const r = checkedMatmul(op, row, m, 1, 2);
  return lax.reshape(r, [...r.shape.slice(0, -2), r.shape[r.ndim - 1]]);
}

/**
 * The slices along `axis` (default 0) as a list of arrays, each without that axis (the array
 * API's unstack; np.stack undoes it).
 * @example np.unstack(np.array([[1, 2], [3, 4]])); // → [[1, 2], [3, 4]]
 * @example np.unstack(np.array([[1, 2], [3, 4]]), { axis: 1 }); // → [[1, 3], [2, 4]]
 */
export function unstack(x: A, axisOrOptions?: number | { axis?: number }): Tensor[] {
  const op = 'np.unstack';
  const t = operandTensor(op, x);
  if (t.ndim === 0) throw new ShapeError(`${op}: ${t.aval} is a scalar, which has no axis to unstack.`);
  const axis = oneAxis(op, axisOrOptions, t.ndim, 0);
  const rest = t.shape.filter((_, i) => i !== axis);
  return Array.from({ length: t.shape[axis] }, (_, i) => lax.reshape(sliceAxis(t, axis, i, i + 1), rest));
}

/** Options of cumulativeSum and cumulativeProd (numpy 2). */
export interface CumulativeAccumulateOptions {
  /** The axis to accumulate along; may be omitted only for a 1-D array. */
  axis?: number;
  /** The result's dtype (default: the input's; bools count in int32). */
  dtype?: DType;
  /** Put the identity (0 or 1) first, so that the result is one longer along the axis. */
  includeInitial?: boolean;
}

function cumulative(op: string, identity: number, f: typeof cumsum) {
  return (x: A, opts?: CumulativeAccumulateOptions): Tensor => {
    const o = validate.options<CumulativeAccumulateOptions>(op, opts, ['axis', 'dtype', 'includeInitial'], '{ axis: 0, includeInitial: true }');
    const t = operandTensor(op, x);
    if (t.ndim === 0) throw new ShapeError(`${op}: ${t.aval} is a scalar; numpy 2's ${op.slice(3)} needs at least one axis (reshape it to [1]).`);
    if (o.axis === undefined && t.ndim > 1) {
      throw new ArgumentError(`${op}: ${t.aval} has ${t.ndim} axes, so the axis must be given (numpy 2 does not flatten here); ` +
        `pass e.g. { axis: 0 }, or np.ravel the array first.`);
    }
    const axis = validate.axis(op, o.axis ?? 0, t.ndim);
    const initial = o.includeInitial === undefined ? false : validate.boolean(op, 'includeInitial', o.includeInitial);
    // cumulative_sum promotes bool and the narrow integers to 32 bits (JAX's _cumsum_with_promotion,
    // promote_integers=True); cumulative_prod promotes bool only, as jnp.cumprod.
    const promoted = o.dtype === undefined && identity === 0 && isInteger(t.dtype) && isNarrow(t.dtype)
      ? (isUnsigned(t.dtype) ? 'uint32' : 'int32') : o.dtype;
    const r = f(t, { axis, ...(promoted === undefined ? {} : { dtype: validate.dtype(op, promoted) }) });
    if (!initial) return r;
    const first = lax.full(r.shape.map((d, i) => (i === axis ? 1 : d)), identity, r.dtype);
    return lax.concatenate([first, r], axis);
  };
}

/**
 * Cumulative sum along `axis` (numpy 2's cumulative_sum: the axis is required beyond 1-D, and
 * `includeInitial` puts a 0 first). bool and the narrow integers sum in 32 bits (int8 → int32,
 * uint8 → uint32), as JAX's cumulative_sum; np.cumsum keeps them, as jnp.cumsum does.
 * @example np.cumulativeSum(np.array([1, 2, 3])); // → [1, 3, 6]
 * @example np.cumulativeSum(np.array([[1, 2], [3, 4]]), { axis: 1, includeInitial: true }); // → [[0, 1, 3], [0, 3, 7]]
 */
export const cumulativeSum = cumulative('np.cumulativeSum', 0, cumsum);
/**
 * Cumulative product along `axis` (numpy 2's cumulative_prod: the axis is required beyond 1-D,
 * and `includeInitial` puts a 1 first).
 * @example np.cumulativeProd(np.array([1, 2, 3]), { includeInitial: true }); // → [1, 1, 2, 6]
 */
export const cumulativeProd = cumulative('np.cumulativeProd', 1, cumprod);

/**
 * Moves `axis` to stand before the axis now at position `start` (numpy's rollaxis; start may be
 * ndim, the end). np.moveaxis says the same more plainly.
 * @example np.rollaxis(np.ones([3, 4, 5, 6]), 3, 1).shape; // → [3, 6, 4, 5]
 * @example np.rollaxis(np.ones([3, 4, 5, 6]), 1, 4).shape; // → [3, 5, 6, 4]
 */
export function rollaxis(a: A, axis: number, start = 0): Tensor {
  const op = 'np.rollaxis';
  const t = operandTensor(op, a);
  const n = t.ndim;
  const ax = validate.axis(op, axis, n);
  let s = validate.integer(op, 'start', start);
  if (s < 0) s += n;
  if (s < 0 || s > n) throw new ShapeError(`${op}: start ${start} is out of range for an array of rank ${n}; use a start in [${-n}, ${n}].`);
  if (ax < s) s -= 1;
  if (ax === s) return t;
  const perm = t.shape.map((_, i) => i).filter((i) => i !== ax);
  perm.splice(s, 0, ax);
  return lax.transpose(t, perm);
}

/**
 * a ** b elementwise, always in floating point (integers in float32, as jnp.float_power; numpy
 * uses float64): negative bases with fractional exponents give NaN.
 * @example np.floatPower(np.array([2, 3], 'int32'), -1); // → [0.5, 1 / 3]
 */
export function floatPower(a: A, b: A): Tensor {
  const op = 'np.floatPower';
  const [x, y] = prepare(op, [a, b]);
  if (isFloat(x.dtype)) return lax.pow(x, y);
  return lax.pow(lax.cast(x, 'float32'), lax.cast(y, 'float32'));
}

/**
 * The modified Bessel function of the first kind, order 0 (numpy's i0), elementwise; integers in
 * float32. Cephes' Chebyshev expansions, so it differentiates (I0′ = I1) and runs on every backend.
 * @example np.i0(np.array([0, 1, -2])); // → [1, 1.2660658777520082, 2.2795853023360673]
 */
export function i0(x: A): Tensor {
  const op = 'np.i0';
  let t = operandTensor(op, x);
  if (!isFloat(t.dtype)) t = lax.cast(t, 'float32');
  const ax = lax.abs(t);
  const k = (v: number) => lax.fullLike(ax, v);
  const small = lax.compare(ax, k(8), 'le');
  // Each branch sees only the inputs it is chosen for, so the other's gradient is finite times zero.
  const xs = lax.where(small, ax, k(0)), xl = lax.where(small, k(9), ax);
  const lo = lax.mul(lax.exp(xs), chebyshev(lax.sub(lax.mul(xs, k(0.5)), k(2)), I0_A));
  const hi = lax.div(lax.mul(lax.exp(xl), chebyshev(lax.sub(lax.div(k(32), xl), k(2)), I0_B)), lax.sqrt(xl));
  // exp(x)/√x is ∞/∞ at x = ∞, where I0 is ∞.
  return lax.where(small, lo, lax.where(lax.compare(ax, k(Infinity), 'eq'), ax, hi));
}

/**
 * Open-mesh index arrays from 1-D integer sequences (numpy's ix_): the i-th of N becomes shape
 * [1, …, n_i, …, 1], so that `x.get(...np.ixGrid(rows, cols))` picks the cross product.
 * @example np.ixGrid([0, 1], [2, 4]).map((t) => t.shape); // → [[2, 1], [1, 2]]
 * @example np.ones([3, 5]).get(...np.ixGrid([0, 2], [1, 3, 4])).shape; // → [2, 3]
 */
export function ixGrid(...seqs: A[]): Tensor[] {
  const op = 'np.ixGrid';
  const n = seqs.length;
  return seqs.map((s, i) => {
    const list = Array.isArray(s) && s.every((v) => typeof v === 'number')
      ? arrayFor(op, (s as number[]).map((v) => validate.integer(op, `each index of sequence ${i}`, v)), { dtype: 'int32' }) : s;
    const t = operandTensor(op, list, undefined, `sequence ${i}`);
    if (t.dtype === 'bool') {
      throw new DTypeError(`${op}: sequence ${i} is a bool mask ${t.aval}; its positions depend on its values, so the shape would too ` +
        `(jnp.ix_ refuses masks as well). Use np.nonzero(mask, { size })[0] to turn it into indices.`);
    }
    if (!isInteger(t.dtype)) throw new DTypeError(`${op}: sequence ${i} is ${t.aval}; indices must be integers (cast with astype('int32')).`);
    if (t.ndim !== 1) throw new ShapeError(`${op}: sequence ${i} is ${t.aval}; each must be 1-D.`);
    return lax.reshape(t, Array.from({ length: n }, (_, d) => (d === i ? t.shape[0] : 1)));
  });
}

