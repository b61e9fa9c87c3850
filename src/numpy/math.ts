/** Elementwise math with numpy broadcasting: arithmetic, comparisons, where, and unary functions. */
import { DType, isFloat } from '../core/dtype.js';
import type { CompareOp } from '../core/primitive.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo, prepare } from './broadcast.js';
import { ArrayLike, asTensor } from './creation.js';

type A = ArrayLike;
/** Bool results are renormalised to 0/1 (numpy: True + True is True, not a stored 2). */
const binary = (op: string, f: (x: Tensor, y: Tensor) => Tensor) =>
  (a: A, b: A): Tensor => {
    const [x, y] = prepare(op, [a, b]);
    const r = f(x, y);
    return r.dtype === 'bool' ? lax.compare(r, lax.zerosLike(r), 'ne') : r;
  };

export const add = binary('add', lax.add);
export const subtract = binary('subtract', lax.sub);
export const multiply = binary('multiply', lax.mul);
export const maximum = binary('maximum', lax.max);
export const minimum = binary('minimum', lax.min);

/** True division: integer operands are divided in float32, as in numpy. */
export function divide(a: A, b: A): Tensor {
  const [x, y] = prepare('divide', [a, b]);
  return isFloat(x.dtype) ? lax.div(x, y) : lax.div(lax.cast(x, 'float32'), lax.cast(y, 'float32'));
}

/**
 * floor(a / b), as numpy's floor_divide (so a = floorDivide(a, b)·b + mod(a, b)). Integer operands
 * stay integer: the truncated quotient, less one where the remainder is non-zero and its sign
 * differs from the divisor's.
 */
export function floorDivide(a: A, b: A): Tensor {
  const [x, y] = prepare('floorDivide', [a, b]);
  if (isFloat(x.dtype)) return lax.floor(lax.div(x, y));
  const q = lax.div(x, y);
  if (x.dtype === 'uint32') return q;
  const r = lax.rem(x, y), zero = lax.zerosLike(r);
  const fix = logicalAnd(lax.compare(r, zero, 'ne'), lax.compare(lax.compare(r, zero, 'lt'), lax.compare(y, zero, 'lt'), 'ne'));
  return lax.where(fix, lax.sub(q, lax.fullLike(q, 1)), q);
}

export function power(a: A, b: A): Tensor {
  const [x, y] = prepare('power', [a, b], undefined);
  if (!isFloat(x.dtype)) return lax.cast(lax.pow(lax.cast(x, 'float32'), lax.cast(y, 'float32')), x.dtype);
  return lax.pow(x, y);
}

/** Remainder with the sign of the divisor (numpy's mod). */
export function mod(a: A, b: A): Tensor {
  const [x, y] = prepare('mod', [a, b]);
  const r = lax.rem(x, y);
  const zero = lax.zerosLike(r);
  const fix = logicalAnd(lax.compare(r, zero, 'ne'), lax.compare(lax.compare(r, zero, 'lt'), lax.compare(y, zero, 'lt'), 'ne'));
  return lax.where(fix, lax.add(r, y), r);
}

const cmp = (op: CompareOp, name: string) => (a: A, b: A): Tensor => { const [x, y] = prepare(name, [a, b]); return lax.compare(x, y, op); };
export const less = cmp('lt', 'less'), lessEqual = cmp('le', 'lessEqual');
export const greater = cmp('gt', 'greater'), greaterEqual = cmp('ge', 'greaterEqual');
export const equal = cmp('eq', 'equal'), notEqual = cmp('ne', 'notEqual');

function asBool(op: string, x: A): Tensor {
  const t = asTensor(x);
  if (t.dtype !== 'bool') throw new Error(`${op}: expected a bool array, got ${t.aval}; compare first (e.g. x.gt(0)).`);
  return t;
}
export function logicalAnd(a: A, b: A): Tensor {
  const [x, y] = prepare('logicalAnd', [asBool('logicalAnd', a), asBool('logicalAnd', b)]);
  return lax.where(x, y, lax.zerosLike(y));
}
export function logicalOr(a: A, b: A): Tensor {
  const [x, y] = prepare('logicalOr', [asBool('logicalOr', a), asBool('logicalOr', b)]);
  return lax.where(x, lax.fullLike(y, 1), y);
}
export const logicalNot = (a: A): Tensor => { const x = asBool('logicalNot', a); return lax.compare(x, lax.zerosLike(x), 'eq'); };

/** Elementwise choice: `cond ? x : y`, all three broadcast together. */
export function where(cond: A, x: A, y: A): Tensor {
  const c = asBool('where', cond);
  const [a, b] = prepare('where', [x, y]);
  const shape = broadcastShapes('where', c.shape, a.shape);
  return lax.where(broadcastTo(c, shape, 'where'), broadcastTo(a, shape, 'where'), broadcastTo(b, shape, 'where'));
}

export const clip = (x: A, lo: A, hi: A): Tensor => minimum(maximum(x, lo), hi);

/** Float math on integer input computes in float32 (numpy promotes the same way). */
const floatUnary = (f: (x: Tensor) => Tensor) => (a: A): Tensor => {
  const x = asTensor(a);
  return f(isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
};
const sameUnary = (f: (x: Tensor) => Tensor) => (a: A): Tensor => f(asTensor(a));

export const negative = sameUnary(lax.neg), abs = sameUnary(lax.abs), sign = sameUnary(lax.sign);
export const exp = floatUnary(lax.exp), log = floatUnary(lax.log), log1p = floatUnary(lax.log1p), expm1 = floatUnary(lax.expm1);
export const sin = floatUnary(lax.sin), cos = floatUnary(lax.cos), tanh = floatUnary(lax.tanh);
export const sqrt = floatUnary(lax.sqrt), rsqrt = floatUnary(lax.rsqrt), floor = floatUnary(lax.floor);
export const ceil = floatUnary((x) => lax.neg(lax.floor(lax.neg(x))));
export const square = sameUnary((x) => lax.mul(x, x));
export const reciprocal = floatUnary((x) => lax.div(lax.fullLike(x, 1), x));
export const tan = floatUnary((x) => lax.div(lax.sin(x), lax.cos(x)));
export const log2 = floatUnary((x) => lax.mul(lax.log(x), lax.fullLike(x, 1 / Math.LN2)));
export const exp2 = floatUnary((x) => lax.exp(lax.mul(x, lax.fullLike(x, Math.LN2))));

/** Logistic sigmoid as 0.5·(1 + tanh(x/2)): no overflow and no NaN gradients for large |x|. */
export const sigmoid = floatUnary((x) => {
  const h = lax.fullLike(x, 0.5);
  return lax.mul(h, lax.add(lax.fullLike(x, 1), lax.tanh(lax.mul(x, h))));
});

/**
 * arctan by range reduction (|x| > 1 → π/2 − atan(1/|x|); z > tan(π/8) → π/4 + atan((z−1)/(z+1)))
 * and a degree-23 odd Taylor polynomial on |w| ≤ 0.4143, accurate to ~1e-11. It is a composition
 * of primitives, so its derivatives come from theirs.
 */
export const arctan = floatUnary((x) => {
  const c = (v: number) => lax.fullLike(x, v);
  const ax = lax.abs(x);
  const inv = lax.compare(ax, c(1), 'gt');
  const z = lax.where(inv, lax.div(c(1), lax.where(inv, ax, c(1))), ax);
  const big = lax.compare(z, c(Math.SQRT2 - 1), 'gt');
  // |x| ≤ tan(π/8) evaluates the polynomial at x itself, not sign(x)·P(|x|): the latter has
  // derivative sign(x)² = 0 at x = 0 (the true derivative there is 1).
  const small = logicalNot(logicalOr(inv, big));
  const w = lax.where(big, lax.div(lax.sub(z, c(1)), lax.add(z, c(1))), lax.where(small, x, z));
  const w2 = lax.mul(w, w);
  // Horner over w²; the coefficient of w^k is (−1)^((k−1)/2)/k.
  const coef = (k: number) => (((k - 1) / 2) % 2 === 0 ? 1 / k : -1 / k);
  let p = c(coef(23));
  for (let k = 21; k >= 1; k -= 2) p = lax.add(c(coef(k)), lax.mul(w2, p));
  const atanW = lax.mul(w, p);
  const r1 = lax.where(big, lax.add(c(Math.PI / 4), atanW), atanW);
  const r2 = lax.where(inv, lax.sub(c(Math.PI / 2), r1), r1);
  return lax.where(small, atanW, lax.mul(lax.sign(x), r2));
});

export function astype(x: A, dtype: DType): Tensor { return lax.cast(asTensor(x), dtype); }
export const stopGradient = (x: A): Tensor => lax.stopGradient(asTensor(x));

/** Non-finite tests by value; the WebGPU backend tests bits (NaN compares unequal to itself there too). */
export const isnan = (a: A): Tensor => { const x = asTensor(a); return lax.compare(x, x, 'ne'); };
export const isfinite = (a: A): Tensor => {
  const x = asTensor(a);
  // Integers and bools are always finite (and Infinity is no int32 literal: it would coerce to 0).
  if (!isFloat(x.dtype)) return lax.compare(x, x, 'eq');
  return lax.compare(lax.abs(x), lax.fullLike(x, Infinity), 'lt');
};
