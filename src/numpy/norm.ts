/**
 * `np.linalg`: vector and matrix norms (JAX's `jnp.linalg.norm`, `vector_norm`, `matrix_norm`),
 * compositions of abs, powers and reductions. The spectral norms (ord 2 / −2 of a matrix, and
 * 'nuc') are the largest / smallest / sum of the singular values (lax.linalg.svd).
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { max, min, sum } from './reductions.js';

export type VectorOrd = number | null;
export type MatrixOrd = 'fro' | 'nuc' | number | null;

const floatOperand = (op: string, a: ArrayLike): Tensor => {
  const x = operandTensor(op, a);
  return isFloat(x.dtype) ? x : lax.cast(x, 'float32');
};
const pw = (x: Tensor, p: number) => lax.pow(x, lax.fullLike(x, p));

function vectorNormOf(op: string, x: Tensor, ord: VectorOrd, axes: number[], keepdims: boolean): Tensor {
  const a = lax.abs(x);
  const o = { axis: axes, keepdims };
  if (ord === null || ord === 2) return lax.sqrt(sum(lax.mul(x, x), o));
  if (typeof ord !== 'number' || Number.isNaN(ord)) {
    throw new ArgumentError(`${op}: ord ${validate.describe(ord)} is not a vector norm order; use a number (2, 1, Infinity, -Infinity, 0, p).`);
  }
  if (ord === Infinity) return max(a, o);
  if (ord === -Infinity) return min(a, o);
  if (ord === 0) return sum(lax.cast(lax.compare(x, lax.zerosLike(x), 'ne'), x.dtype), o);
  if (ord === 1) return sum(a, o);
  const s = sum(pw(a, ord), o);
  return pw(s, 1 / ord);
}

function vectorOptions(op: string, o: unknown): { ord: VectorOrd; axis: number | number[] | null | undefined; keepdims: boolean } {
  if (o === undefined) return { ord: 2, axis: undefined, keepdims: false };
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ArgumentError(`${op}: options must be an object such as { ord: 1, axis: -1 }, got ${validate.describe(o)}.`);
  const r = o as { ord?: VectorOrd; axis?: number | number[] | null; keepdims?: boolean };
  for (const k of Object.keys(r)) if (!['ord', 'axis', 'keepdims'].includes(k)) throw new ArgumentError(`${op}: unknown option '${k}'; the options are ord, axis and keepdims.`);
  return { ord: r.ord ?? 2, axis: r.axis, keepdims: r.keepdims ?? false };
}

/**
 * The vector norm over `axis` (every axis, flattened, when omitted): ord 2 (default) Euclidean,
 * 1 the sum of magnitudes, ±Infinity the largest/smallest magnitude, 0 the count of non-zeros,
 * any other p (Σ|x|^p)^(1/p).
 * @example np.linalg.vectorNorm(np.array([3, -4])); // → 5
 * @example np.linalg.vectorNorm(np.array([[3, -4], [1, 1]]), { ord: 1, axis: 1 }); // → [7, 2]
 */
export function vectorNorm(a: ArrayLike, opts?: { ord?: VectorOrd; axis?: number | number[] | null; keepdims?: boolean }): Tensor {
  const op = 'np.linalg.vectorNorm';
  const x = floatOperand(op, a);
  const { ord, axis, keepdims } = vectorOptions(op, opts);
  return vectorNormOf(op, x, ord, validate.axes(op, axis, x.ndim), keepdims);
}

function matrixNormOf(op: string, x: Tensor, ord: MatrixOrd, [r, c]: [number, number], keepdims: boolean): Tensor {
  if (ord === null || ord === 'fro') return lax.sqrt(sum(lax.mul(x, x), { axis: [r, c], keepdims }));
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    // The matrix axes last, then the singular values of each matrix.
    const rest = x.shape.map((_, d) => d).filter((d) => d !== r && d !== c);
    const s = lax.linalg.svd(lax.transpose(x, [...rest, r, c]), { computeUv: false });
    const reduce = ord === 'nuc' ? sum : ord === 2 ? max : min;
    const out = reduce(s, { axis: s.ndim - 1 });
    if (!keepdims) return out;
    const shape = [...x.shape];
    shape[r] = 1; shape[c] = 1;
    return lax.reshape(out, shape);
  }
  if (ord !== 1 && ord !== -1 && ord !== Infinity && ord !== -Infinity) {
    throw new ArgumentError(`${op}: ord ${validate.describe(ord)} is not a matrix norm order; use 'fro', 'nuc', 1, -1, 2, -2, Infinity or -Infinity.`);
  }
  // 1 / −1: the largest / smallest column sum (sum over rows); ±∞: over row sums (sum over columns).
  const across = ord === 1 || ord === -1 ? r : c, along = across === r ? c : r;
  const sums = sum(lax.abs(x), { axis: across, keepdims: true });
  const pick = ord > 0 ? max : min;
  const out = pick(sums, { axis: along, keepdims: true });
  return keepdims ? out : lax.reshape(out, x.shape.filter((_, d) => d !== r && d !== c));
}

/**
 * The matrix norm of the last two axes (or `axis` pair): 'fro' (default), 1 / −1 (largest /
 * smallest column sum of magnitudes), Infinity / −Infinity (row sums), 2 / −2 (largest /
 * smallest singular value) and 'nuc' (their sum).
 * @example np.linalg.matrixNorm(np.array([[1, -2], [3, 4]]), { ord: 1 }); // → 6
 * @example np.linalg.matrixNorm(np.array([[3, 0], [0, -4]]), { ord: 2 }); // → 4
 */
export function matrixNorm(a: ArrayLike, opts: { ord?: MatrixOrd; keepdims?: boolean; axis?: [number, number] } = {}): Tensor {
  const op = 'np.linalg.matrixNorm';
  const x = floatOperand(op, a);
  if (opts === null || typeof opts !== 'object') throw new ArgumentError(`${op}: options must be an object such as { ord: 'fro' }, got ${validate.describe(opts)}.`);
  for (const k of Object.keys(opts)) if (!['ord', 'axis', 'keepdims'].includes(k)) throw new ArgumentError(`${op}: unknown option '${k}'; the options are ord, axis and keepdims.`);
  if (x.ndim < 2) throw new ShapeError(`${op}: needs an array of rank at least 2, got ${x.aval}; use vectorNorm for vectors.`);
  const pair = matrixAxes(op, opts.axis ?? [-2, -1], x.ndim);
  return matrixNormOf(op, x, opts.ord ?? 'fro', pair, opts.keepdims ?? false);
}

function matrixAxes(op: string, axis: unknown, ndim: number): [number, number] {
  if (!Array.isArray(axis) || axis.length !== 2) throw new ArgumentError(`${op}: a matrix norm needs two axes, got ${validate.describe(axis)}.`);
  const r = validate.axis(op, axis[0], ndim), c = validate.axis(op, axis[1], ndim);
  if (r === c) throw new ArgumentError(`${op}: the two matrix axes are both ${r}; they must differ.`);
  return [r, c];
}

/**
 * numpy's `linalg.norm(x, ord, axis, keepdims)`: with no axis, a vector norm of a 1-D array, a
 * matrix norm of a 2-D one (Frobenius by default), and the 2-norm of the flattened array when
 * ord is omitted; an integer axis gives vector norms, a pair of axes matrix norms.
 * @example np.linalg.norm(np.array([[1, 2], [3, 4]])); // → Math.sqrt(30)
 * @example np.linalg.norm(np.array([[1, 2], [3, 4]]), Infinity); // → 7 — the largest row sum
 */
export function norm(a: ArrayLike, ord: MatrixOrd = null, axis: number | [number, number] | null = null, keepdims = false): Tensor {
  const op = 'np.linalg.norm';
  const x = floatOperand(op, a);
  if (typeof keepdims !== 'boolean') throw new ArgumentError(`${op}: keepdims must be true or false, got ${validate.describe(keepdims)}.`);
  if (axis === null || axis === undefined) {
    if (ord === null) return vectorNormOf(op, x, 2, validate.axes(op, undefined, x.ndim), keepdims);
    if (x.ndim === 1) {
      if (typeof ord === 'string') throw new ArgumentError(`${op}: ord '${ord}' is a matrix norm, but the input ${x.aval} is a vector.`);
      return vectorNormOf(op, x, ord, [0], keepdims);
    }
    if (x.ndim === 2) return matrixNormOf(op, x, ord, [0, 1], keepdims);
    throw new ShapeError(`${op}: with ord ${String(ord)} and no axis the input must be 1-D or 2-D, got ${x.aval}; give axis.`);
  }
  if (Array.isArray(axis)) return matrixNormOf(op, x, ord, matrixAxes(op, axis, x.ndim), keepdims);
  if (typeof ord === 'string') throw new ArgumentError(`${op}: ord '${ord}' is a matrix norm; give two axes (axis: [r, c]) for it.`);
  return vectorNormOf(op, x, ord, [validate.axis(op, axis, x.ndim)], keepdims);
}
