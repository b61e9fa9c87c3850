/**
 * The rest of JAX's everyday lax vocabulary, as compositions of the primitives (lax.ts): JAX's
 * names and argument orders, no broadcasting or promotion (operands of one shape and dtype,
 * except where JAX itself takes a scalar), and named errors instead of XLA's shape failures.
 */
import { DType, isFloat, isInteger } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { Shape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { sameType, tensor } from './lax-args.js';


/**
 * onTrue where pred holds, else onFalse; pred bool of the same shape (JAX's lax.select).
 * @example lax.select(np.array([true, false]), np.array([1, 2]), np.array([3, 4])); // → [1, 4]
 */
export function select(pred: Tensor, onTrue: Tensor, onFalse: Tensor): Tensor {
  const op = 'lax.select';
  const p = tensor(op, pred, 'pred');
  sameType(op, [tensor(op, onTrue, 'onTrue'), tensor(op, onFalse, 'onFalse')]);
  if (p.dtype !== 'bool' || p.shape.join() !== onTrue.shape.join()) {
    throw new ShapeError(`${op}: pred must be a bool array of shape [${onTrue.shape.join(', ')}], got ${p.aval}.`);
  }
  return lax.where(p, onTrue, onFalse);
}

/** A bound of clamp: an array of x's type, or a scalar array or JS number broadcast to x. */
function bound(op: string, b: Tensor | number, x: Tensor, role: string): Tensor {
  if (typeof b === 'number') return lax.full(x.shape, b, x.dtype);
  const t = tensor(op, b, role);
  if (t.dtype !== x.dtype) throw new DTypeError(`${op}: ${role} ${t.aval} must have x's dtype (${x.aval}); cast it with astype('${x.dtype}').`);
  if (t.ndim === 0) return lax.broadcastInDim(t, x.shape, []);
  if (t.shape.join() !== x.shape.join()) throw new ShapeError(`${op}: ${role} ${t.aval} must be a scalar or have x's shape ${x.aval}.`);
  return t;
}

/**
 * x limited to [min, max] elementwise, JAX's argument order clamp(min, x, max); bounds may be
 * scalars. @example lax.clamp(0, np.array([-1, 0.5, 2]), 1); // → [0, 0.5, 1]
 */
export function clamp(min: Tensor | number, x: Tensor, max: Tensor | number): Tensor {
  const op = 'lax.clamp';
  const t = tensor(op, x, 'x');
  return lax.min(lax.max(t, bound(op, min, t, 'min')), bound(op, max, t, 'max'));
}

/**
 * x cast to `dtype` with JAX's semantics (floats to integers truncate toward zero and wrap;
 * lax.cast). @example lax.convertElementType(np.array([1.7, -1.7]), 'int32'); // → [1, -1]
 */
export const convertElementType = (x: Tensor, dtype: DType): Tensor =>
  lax.cast(tensor('lax.convertElementType', x, 'the operand'), validate.dtype('lax.convertElementType', dtype));

/**
 * x broadcast with new leading axes of `sizes` (JAX's lax.broadcast).
 * @example lax.broadcast(np.array([1, 2]), [3]).shape; // → [3, 2]
 */
export function broadcast(x: Tensor, sizes: Shape): Tensor {
  const t = tensor('lax.broadcast', x, 'the operand');
  const s = validate.shape('lax.broadcast', sizes, 'sizes');
  return lax.broadcastInDim(t, [...s, ...t.shape], t.shape.map((_, i) => s.length + i));
}

/**
 * x with length-1 axes inserted at `dimensions` (positions in the result).
 * @example lax.expandDims(np.array([1, 2]), [0, 2]).shape; // → [1, 2, 1]
 */
export function expandDims(x: Tensor, dimensions: readonly number[]): Tensor {
  const op = 'lax.expandDims';
  const t = tensor(op, x, 'the operand');
  const rank = t.ndim + dimensions.length;
  const dims = validate.axes(op, [...dimensions], rank, 'dimensions');
  if (new Set(dims).size !== dims.length) throw new ArgumentError(`${op}: dimensions ${JSON.stringify(dimensions)} repeat an axis.`);
  const shape: number[] = [];
  for (let i = 0, k = 0; i < rank; i++) shape.push(dims.includes(i) ? 1 : t.shape[k++]);
  return lax.reshape(t, shape);
}

/**
 * x without the length-1 axes `dimensions` (each must have length 1).
 * @example lax.squeeze(np.ones([1, 3, 1]), [0, 2]).shape; // → [3]
 */
export function squeeze(x: Tensor, dimensions: readonly number[]): Tensor {
  const op = 'lax.squeeze';
  const t = tensor(op, x, 'the operand');
  const dims = validate.axes(op, [...dimensions], t.ndim, 'dimensions');
  for (const d of dims) if (t.shape[d] !== 1) throw new ShapeError(`${op}: axis ${d} of ${t.aval} has length ${t.shape[d]}, not 1.`);
  return lax.reshape(t, t.shape.filter((_, i) => !dims.includes(i)));
}

/**
 * x reversed along `dimensions` (JAX's lax.rev).
 * @example lax.rev(np.array([[1, 2], [3, 4]]), [1]); // → [[2, 1], [4, 3]]
 */
export function rev(x: Tensor, dimensions: readonly number[]): Tensor {
  const op = 'lax.rev';
  let t = tensor(op, x, 'the operand');
  for (const d of validate.axes(op, [...dimensions], t.ndim, 'dimensions')) {
    const n = t.shape[d];
    if (n > 1) t = lax.gather(t, lax.sub(lax.full([n], n - 1, 'int32'), lax.iota([n], 0, 'int32')), d);
  }
  return t;
}

/**
 * Each element's index along `dimension` of `shape`, in `dtype` (JAX's argument order).
 * @example lax.broadcastedIota('float32', [2, 2], 0); // → [[0, 0], [1, 1]]
 */
export function broadcastedIota(dtype: DType, shape: Shape, dimension: number): Tensor {
  const op = 'lax.broadcastedIota';
  const s = validate.shape(op, shape);
  return lax.iota(s, validate.axis(op, dimension, s.length, 'dimension'), validate.dtype(op, dtype));
}

/**
 * x to a static integer power by repeated squaring (exact for integers; a negative power of a
 * float is 1 / x^|y|), as JAX's lax.integer_pow. @example lax.integerPow(np.array([2, 3]), 3); // → [8, 27]
 */
export function integerPow(x: Tensor, y: number): Tensor {
  const op = 'lax.integerPow';
  const t = tensor(op, x, 'x');
  const n = validate.integer(op, 'the exponent', y);
  if (n < 0 && !isFloat(t.dtype)) throw new DTypeError(`${op}: a negative power of ${t.aval} is not an integer; cast x to a float dtype first.`);
  let result: Tensor | undefined, base = t;
  for (let k = Math.abs(n); k > 0; k >>= 1) {
    if (k & 1) result = result ? lax.mul(result, base) : base;
    if (k > 1) base = lax.mul(base, base);
  }
  const pos = result ?? lax.fullLike(t, 1);
  return n < 0 ? lax.div(lax.fullLike(t, 1), pos) : pos;
}

/** x · x. @example lax.square(np.array([-3, 2])); // → [9, 4] */
export const square = (x: Tensor): Tensor => { const t = tensor('lax.square', x, 'x'); return lax.mul(t, t); };

const comparison = (name: string, opName: 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne') => (x: Tensor, y: Tensor): Tensor => {
  const op = `lax.${name}`;
  sameType(op, [tensor(op, x, 'x'), tensor(op, y, 'y')]);
  return lax.compare(x, y, opName);
};
/** x < y elementwise (bool). @example lax.lt(np.array([1, 3]), np.array([2, 2])); // → [true, false] */
export const lt = comparison('lt', 'lt');
/** x ≤ y elementwise (bool). @example lax.le(np.array([1, 2]), np.array([2, 2])); // → [true, true] */
export const le = comparison('le', 'le');
/** x > y elementwise (bool). @example lax.gt(np.array([1, 3]), np.array([2, 2])); // → [false, true] */
export const gt = comparison('gt', 'gt');
/** x ≥ y elementwise (bool). @example lax.ge(np.array([1, 2]), np.array([2, 2])); // → [false, true] */
export const ge = comparison('ge', 'ge');
/** x = y elementwise (bool). @example lax.eq(np.array([1, 2]), np.array([2, 2])); // → [false, true] */
export const eq = comparison('eq', 'eq');
/** x ≠ y elementwise (bool). @example lax.ne(np.array([1, 2]), np.array([2, 2])); // → [true, false] */
export const ne = comparison('ne', 'ne');

/**
 * JAX's lax.dot: vector·vector, matrix·vector or matrix·matrix, contracting lhs's last axis with
 * rhs's first. @example lax.dot(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // → [3, 7]
 */
export function dot(lhs: Tensor, rhs: Tensor): Tensor {
  const op = 'lax.dot';
  const [a, b] = [tensor(op, lhs, 'lhs'), tensor(op, rhs, 'rhs')];
  if (a.ndim < 1 || a.ndim > 2 || b.ndim < 1 || b.ndim > 2 || a.shape[a.ndim - 1] !== b.shape[0] || a.dtype !== b.dtype) {
    throw new ShapeError(`${op}: expects vectors or matrices of one dtype with lhs's last axis the length of rhs's first, got ${a.aval} and ${b.aval}; use lax.dotGeneral or np.matmul for batches.`);
  }
  return lax.dotGeneral(a, b, [[a.ndim - 1], [0]]);
}

/**
 * The index of the minimum along `axis` (the first of ties; NaN counts as the minimum, as JAX),
 * int32. @example lax.argmin(np.array([[3, 1], [0, 5]]), 1); // → [1, 0]
 */
export function argmin(x: Tensor, axis: number, indexDtype: DType = 'int32'): Tensor {
  const op = 'lax.argmin';
  const t = tensor(op, x, 'the operand');
  const a = validate.axis(op, axis, t.ndim);
  if (indexDtype !== 'int32') throw new DTypeError(`${op}: indexDtype must be 'int32', got ${validate.describe(indexDtype)}.`);
  if (t.dtype === 'bool') return lax.argmax(lax.compare(t, lax.zerosLike(t), 'eq'), a);
  // The minimum of x is the maximum of an order-reversing map: −x for floats and signed
  // integers would overflow at the type's minimum, so integers use the bitwise not (~x = −x − 1),
  // which reverses the order exactly; floats negate (NaN stays NaN, found first by argmax).
  if (isInteger(t.dtype)) return lax.argmax(lax.bitwiseNot(t), a);
  return lax.argmax(lax.neg(t), a);
}
