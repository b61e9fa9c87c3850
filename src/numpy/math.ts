/** Elementwise math with numpy broadcasting: arithmetic, comparisons, where, and unary functions. */
import { DType, isFloat, isUnsigned } from '../core/dtype.js';
import type { CompareOp } from '../core/primitive.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo, prepare } from './broadcast.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { NonzeroOptions, whereNonzero } from './nonzero.js';
import * as validate from '../core/validate.js';
import { ArrayLike, operandTensor } from './creation.js';
import { treeMap } from '../tree/pytree.js';

type A = ArrayLike;
/** Bool results are renormalised to 0/1 (numpy: True + True is True, not a stored 2). */
const binary = (op: string, f: (x: Tensor, y: Tensor) => Tensor) =>
  (a: A, b: A): Tensor => {
    const [x, y] = prepare(op, [a, b]);
    const r = f(x, y);
    return r.dtype === 'bool' ? lax.compare(r, lax.zerosLike(r), 'ne') : r;
  };

/** a + b, broadcast. @example np.add(np.array([[1], [2]]), np.array([10, 20])); // → [[11, 21], [12, 22]] */
export const add = binary('np.add', lax.add);
/**
 * a − b, broadcast. Two bool operands are refused, as in JAX and numpy (a bool has no
 * subtraction): use np.logicalXor or np.notEqual for the elementwise difference of bools.
 * @example np.subtract(np.array([5, 7]), 2); // → [3, 5]
 */
export const subtract = binary('np.subtract', (x, y) => {
  if (x.dtype === 'bool') {
    throw new DTypeError(`np.subtract: cannot subtract two bool arrays (${x.aval}, ${y.aval}), as in JAX; ` +
      `use np.logicalXor(a, b) or np.notEqual(a, b) for where they differ, or cast to a number type first (np.astype(a, 'int32')).`);
  }
  return lax.sub(x, y);
});
/** a · b, broadcast. @example np.multiply(np.array([1, 2, 3]), np.array([2, 2, 2])); // → [2, 4, 6] */
export const multiply = binary('np.multiply', lax.mul);
/** The larger of a and b elementwise; NaN propagates. @example np.maximum(np.array([1, 5]), np.array([3, 2])); // → [3, 5] */
export const maximum = binary('np.maximum', lax.max);
/** The smaller of a and b elementwise; NaN propagates. @example np.minimum(np.array([1, 5]), np.array([3, 2])); // → [1, 2] */
export const minimum = binary('np.minimum', lax.min);

/**
 * True division: integer operands are divided in float32, as in numpy.
 * @example np.divide(np.array([1, 3], 'int32'), 2); // → [0.5, 1.5]
 */
export function divide(a: A, b: A): Tensor {
  const [x, y] = prepare('np.divide', [a, b]);
  return isFloat(x.dtype) ? lax.div(x, y) : lax.div(lax.cast(x, 'float32'), lax.cast(y, 'float32'));
}

/**
 * The floored quotient, as numpy's and JAX's floor_divide, so that a = floorDivide(a, b)·b + mod(a, b)
 * with mod's remainder. Floats follow JAX's _float_divmod (CPython's float divmod): the remainder
 * r = fmod(a, b), the quotient (a − r)/b, less one where r ≠ 0 and its sign differs from b's, then
 * rounded; so 1 // 0.1 is 9 (0.1 is a little more than 1/10), not floor(1 / 0.1) = 10. Its
 * gradient is zero (a step function). Integer operands stay integer: the truncated quotient, less
 * one where the remainder is non-zero and its sign differs from the divisor's; an integer division
 * by zero gives what the backend's integer division gives (XLA leaves it implementation-defined;
 * do not rely on it).
 * @example np.floorDivide(np.array([7, -7]), 2); // → [3, -4]
 * @example np.floorDivide(np.array([1, -7]), np.array([0.1, 0.7])); // → [9, -11]
 */
export function floorDivide(a: A, b: A): Tensor {
  const [x, y] = prepare('np.floorDivide', [a, b]);
  if (isFloat(x.dtype)) {
    const r = lax.rem(x, y), zero = lax.zerosLike(r);
    const num = lax.where(lax.compare(y, zero, 'eq'), x, lax.sub(x, r));
    const q = lax.div(num, y);
    const fix = logicalAnd(lax.compare(r, zero, 'ne'), lax.compare(lax.sign(y), lax.sign(r), 'ne'));
    // q is an integer up to rounding error: round it (half up; floor's derivative is zero).
    return lax.floor(lax.add(lax.where(fix, lax.sub(q, lax.fullLike(q, 1)), q), lax.fullLike(q, 0.5)));
  }
  const q = lax.div(x, y);
  if (isUnsigned(x.dtype)) return q;
  const r = lax.rem(x, y), zero = lax.zerosLike(r);
  const fix = logicalAnd(lax.compare(r, zero, 'ne'), lax.compare(lax.compare(r, zero, 'lt'), lax.compare(y, zero, 'lt'), 'ne'));
  return lax.where(fix, lax.sub(q, lax.fullLike(q, 1)), q);
}

/** The exponent bits a square-and-multiply loop must visit for an exponent of `dtype` (its sign bit aside). */
const EXPONENT_BITS: Partial<Record<DType, number>> = { int8: 7, uint8: 8, int16: 15, uint16: 16, int32: 31, uint32: 32 };

/**
 * x^y for integer arrays x, y of the same dtype: square-and-multiply over all of y's bits with
 * integer multiplies, so the result is exact and wraps as integer multiplication does (JAX's
 * _pow_int_int, which visits only 6 bits; here every bit, so ±1 to a large power is right too).
 * A negative exponent gives the truncated 1/x^|y|: 1 for x = 1, ±1 for x = −1, 0 otherwise (0 for
 * x = 0, as JAX's initial accumulator; numpy raises instead).
 */
function integerPower(x: Tensor, y: Tensor): Tensor {
  const one = lax.fullLike(y, 1), zero = lax.zerosLike(y);
  const negative = isUnsigned(y.dtype) ? undefined : lax.compare(y, zero, 'lt');
  let e = negative ? lax.where(negative, zero, y) : y;
  let base = x;
  let acc = lax.fullLike(x, 1);
  const bits = EXPONENT_BITS[y.dtype] ?? 32;
  for (let i = 0; i < bits; i++) {
    acc = lax.where(lax.compare(lax.bitwiseAnd(e, one), zero, 'ne'), lax.mul(acc, base), acc);
    if (i + 1 < bits) { base = lax.mul(base, base); e = lax.shiftRightLogical(e, one); }
  }
  if (!negative) return acc;
  const xOne = lax.compare(x, lax.fullLike(x, 1), 'eq'), xMinusOne = lax.compare(x, lax.fullLike(x, -1), 'eq');
  const odd = lax.compare(lax.bitwiseAnd(y, one), zero, 'ne');
  const reciprocal = lax.where(xOne, lax.fullLike(x, 1),
    lax.where(xMinusOne, lax.where(odd, lax.fullLike(x, -1), lax.fullLike(x, 1)), lax.zerosLike(x)));
  return lax.where(negative, reciprocal, acc);
}

/**
 * a raised to b, broadcast. Integer operands stay integer and are exact, wrapping on overflow as
 * integer multiplication does (JAX): a JS integer exponent is lax.integerPow's repeated squaring,
 * an integer array exponent square-and-multiply over its bits; a negative JS integer exponent of an
 * integer array is a DTypeError (JAX's integer_pow raises), a negative element of an integer
 * exponent array gives the truncated 1/a^|b| (0 unless |a| = 1).
 * @example np.power(np.array([2, 3]), 2); // → [4, 9]
 * @example np.power(np.array([3, 12345], 'int32'), np.array([16, 2], 'int32')); // → [43046721, 152399025]
 */
export function power(a: A, b: A): Tensor {
  const [x, y] = prepare('np.power', [a, b], undefined);
  if (isFloat(x.dtype)) return lax.pow(x, y);
  if (x.dtype === 'bool') return lax.cast(lax.pow(lax.cast(x, 'float32'), lax.cast(y, 'float32')), x.dtype);
  if (typeof b === 'number' && Number.isInteger(b)) {
    if (b < 0) {
      throw new DTypeError(`np.power: an integer array (${x.aval}) to the negative power ${b} is not an integer (JAX's integer_pow raises too); ` +
        `cast the base to a float dtype first, e.g. np.power(np.astype(a, 'float32'), ${b}), or use np.floatPower.`);
    }
    return lax.integerPow(x, b);
  }
  return integerPower(x, y);
}

/**
 * Remainder with the sign of the divisor (numpy's and JAX's mod / remainder), consistent with
 * np.floorDivide: a = floorDivide(a, b)·b + mod(a, b). A float divisor of 0 gives NaN; an integer
 * divisor of 0 gives what the backend's integer remainder gives (implementation-defined in XLA).
 * @example np.mod(np.array([7, -7]), 3); // → [1, 2]
 */
export function mod(a: A, b: A): Tensor {
  const [x, y] = prepare('np.mod', [a, b]);
  const r = lax.rem(x, y);
  const zero = lax.zerosLike(r);
  const fix = logicalAnd(lax.compare(r, zero, 'ne'), lax.compare(lax.compare(r, zero, 'lt'), lax.compare(y, zero, 'lt'), 'ne'));
  return lax.where(fix, lax.add(r, y), r);
}

const cmp = (op: CompareOp, name: string) => (a: A, b: A): Tensor => { const [x, y] = prepare(name, [a, b]); return lax.compare(x, y, op); };
/** a < b, broadcast, as bool. @example np.less(np.array([1, 2, 3]), 2); // → [true, false, false] */
export const less = cmp('lt', 'np.less');
/** a ≤ b, broadcast, as bool. @example np.lessEqual(np.array([1, 2, 3]), 2); // → [true, true, false] */
export const lessEqual = cmp('le', 'np.lessEqual');
/** a > b, broadcast, as bool. @example np.greater(np.array([1, 2, 3]), 2); // → [false, false, true] */
export const greater = cmp('gt', 'np.greater');
/** a ≥ b, broadcast, as bool. @example np.greaterEqual(np.array([1, 2, 3]), 2); // → [false, true, true] */
export const greaterEqual = cmp('ge', 'np.greaterEqual');
/** a = b, broadcast, as bool (NaN equals nothing). @example np.equal(np.array([1, NaN]), np.array([1, NaN])); // → [true, false] */
export const equal = cmp('eq', 'np.equal');
/** a ≠ b, broadcast, as bool. @example np.notEqual(np.array([1, 2]), 1); // → [false, true] */
export const notEqual = cmp('ne', 'np.notEqual');

function asBool(op: string, x: A, role?: string): Tensor {
  const t = operandTensor(op, x, undefined, role);
  if (t.dtype !== 'bool') throw new DTypeError(`${op}: expected a bool array, got ${t.aval}; compare first (e.g. x.gt(0)).`);
  return t;
}
/** Elementwise and of bool arrays. @example np.logicalAnd(np.array([true, true]), np.array([true, false])); // → [true, false] */
export function logicalAnd(a: A, b: A): Tensor {
  const [x, y] = prepare('np.logicalAnd', [asBool('np.logicalAnd', a, 'the first operand'), asBool('np.logicalAnd', b, 'the second operand')]);
  return lax.where(x, y, lax.zerosLike(y));
}
/** Elementwise or of bool arrays. @example np.logicalOr(np.array([false, false]), np.array([true, false])); // → [true, false] */
export function logicalOr(a: A, b: A): Tensor {
  const [x, y] = prepare('np.logicalOr', [asBool('np.logicalOr', a, 'the first operand'), asBool('np.logicalOr', b, 'the second operand')]);
  return lax.where(x, lax.fullLike(y, 1), y);
}
/** Elementwise not of a bool array. @example np.logicalNot(np.array([true, false])); // → [false, true] */
export const logicalNot = (a: A): Tensor => { const x = asBool('np.logicalNot', a); return lax.compare(x, lax.zerosLike(x), 'eq'); };

/**
 * Elementwise choice: `cond ? x : y`, all three broadcast together. With the condition alone it
 * is `np.nonzero(cond, { size, fillValue })` (JAX's one-argument `jnp.where`): a list of index
 * arrays, one per axis, of the static length `size`.
 * @example
 * np.where(np.array([true, false]), 1, 2);                 // → [1, 2]
 * np.where(np.array([0, 5, 0, 7]), { size: 2 });           // → [[1, 3]]
 */
export function where(cond: A, x: A, y: A): Tensor;
export function where(cond: A, options?: NonzeroOptions): Tensor[];
export function where(cond: A, x?: A | NonzeroOptions, y?: A): Tensor | Tensor[] {
  const op = 'np.where';
  // One argument (or options): the indices of the non-zeros. Plain objects are options; arrays,
  // numbers and Tensors are the x operand, which needs its y.
  const isOptions = validate.isOptionsObject(x);
  if (y === undefined && (x === undefined || isOptions)) return whereNonzero(cond, x);
  if (y === undefined) {
    throw new ArgumentError(`${op}: got x but no y; give both (np.where(cond, x, y)) or neither ` +
      `(np.where(cond, { size }) for the indices of the non-zeros), as JAX requires.`);
  }
  const c = asBool(op, cond, 'the condition');
  const [a, b] = prepare(op, [x as A, y]);
  const shape = broadcastShapes(op, c.shape, a.shape);
  return lax.where(broadcastTo(c, shape, op), broadcastTo(a, shape, op), broadcastTo(b, shape, op));
}

/**
 * Limits values to [lo, hi]; a bound given as null (JAX's None) is not applied, so
 * np.clip(x, null, hi) only caps from above (with both null, x is returned as it is, as in JAX).
 * @example
 * np.clip(np.array([-2, 0.5, 3]), 0, 1);    // → [0, 0.5, 1]
 * np.clip(np.array([-2, 0.5, 3]), null, 1); // → [-2, 0.5, 1]
 * np.clip(np.array([-2, 0.5, 3]), 0, null); // → [0, 0.5, 3]
 */
export function clip(x: A, lo: A | null, hi: A | null): Tensor {
  const op = 'np.clip';
  validate.operand(op, x, 'the array');
  if (lo === undefined || hi === undefined) {
    throw new ArgumentError(`${op}: give both bounds; pass null for a side that is not clipped, e.g. np.clip(x, null, 1) or np.clip(x, 0, null).`);
  }
  if (lo !== null) validate.operand(op, lo, 'the lower bound');
  if (hi !== null) validate.operand(op, hi, 'the upper bound');
  let r = operandTensor(op, x);
  if (lo !== null) r = maximum(r, lo);
  if (hi !== null) r = minimum(r, hi);
  return r;
}

/** Float math on integer input computes in float32 (numpy promotes the same way). */
const floatUnary = (op: string, f: (x: Tensor) => Tensor) => (a: A): Tensor => {
  const x = operandTensor(op, a);
  return f(isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
};
const sameUnary = (op: string, f: (x: Tensor) => Tensor) => (a: A): Tensor => f(operandTensor(op, a));

/**
 * −x. A bool array is refused, as JAX's lax.neg does (numpy too): use np.logicalNot to flip bools.
 * Unsigned integers wrap (two's complement), as in JAX.
 * @example np.negative(np.array([1, -2])); // → [-1, 2]
 */
export const negative = sameUnary('np.negative', (x) => {
  if (x.dtype === 'bool') {
    throw new DTypeError(`np.negative: cannot negate a bool array (${x.aval}), as in JAX; ` +
      `use np.logicalNot(x) to flip it, or cast to a number type first (np.astype(x, 'int32')).`);
  }
  return lax.neg(x);
});
/** |x|. @example np.abs(np.array([-1.5, 2])); // → [1.5, 2] */
export const abs = sameUnary('np.abs', lax.abs);
/** −1, 0 or 1 by the sign of x. @example np.sign(np.array([-3, 0, 2])); // → [-1, 0, 1] */
export const sign = sameUnary('np.sign', lax.sign);
/** eˣ. @example np.exp(np.array([0, 1])); // → [1, Math.E] */
export const exp = floatUnary('np.exp', lax.exp);
/** The natural logarithm. @example np.log(np.array([1, Math.E])); // → [0, 1] */
export const log = floatUnary('np.log', lax.log);
/** log(1 + x), accurate for small x. @example np.log1p(np.array([0, 1e-10])); // → [0, 1e-10] */
export const log1p = floatUnary('np.log1p', lax.log1p);
/** eˣ − 1, accurate for small x. @example np.expm1(np.array([0, 1e-10])); // → [0, 1e-10] */
export const expm1 = floatUnary('np.expm1', lax.expm1);
/** Sine (radians). @example np.sin(np.array([0, Math.PI / 2])); // → [0, 1] */
export const sin = floatUnary('np.sin', lax.sin);
/** Cosine (radians). @example np.cos(np.array([0, Math.PI])); // → [1, -1] */
export const cos = floatUnary('np.cos', lax.cos);
/** Hyperbolic tangent. @example np.tanh(np.array([0, 1])); // → [0, Math.tanh(1)] */
export const tanh = floatUnary('np.tanh', lax.tanh);
/** √x; NaN below 0. @example np.sqrt(np.array([4, 2])); // → [2, Math.SQRT2] */
export const sqrt = floatUnary('np.sqrt', lax.sqrt);
/** 1/√x. @example np.rsqrt(np.array([4, 0.25])); // → [0.5, 2] */
export const rsqrt = floatUnary('np.rsqrt', lax.rsqrt);
/** The largest integer ≤ x. @example np.floor(np.array([-1.5, 1.5])); // → [-2, 1] */
export const floor = floatUnary('np.floor', lax.floor);
/** The smallest integer ≥ x. @example np.ceil(np.array([-1.5, 1.5])); // → [-1, 2] */
export const ceil = floatUnary('np.ceil', (x) => lax.neg(lax.floor(lax.neg(x))));
/** x². @example np.square(np.array([-3, 2])); // → [9, 4] */
export const square = sameUnary('np.square', (x) => lax.mul(x, x));
/** 1/x (integers in float32). @example np.reciprocal(np.array([2, -4])); // → [0.5, -0.25] */
export const reciprocal = floatUnary('np.reciprocal', (x) => lax.div(lax.fullLike(x, 1), x));
/** Tangent (radians). @example np.tan(np.array([0, Math.PI / 4])); // → [0, 1] */
export const tan = floatUnary('np.tan', (x) => lax.div(lax.sin(x), lax.cos(x)));
/** Base-2 logarithm. @example np.log2(np.array([1, 8])); // → [0, 3] */
export const log2 = floatUnary('np.log2', (x) => lax.mul(lax.log(x), lax.fullLike(x, 1 / Math.LN2)));
/** 2ˣ. @example np.exp2(np.array([0, 3])); // → [1, 8] */
export const exp2 = floatUnary('np.exp2', (x) => lax.exp(lax.mul(x, lax.fullLike(x, Math.LN2))));

/**
 * The logistic sigmoid 1/(1 + e⁻ˣ) of a float array, in the stable form: with e = exp(−|x|) (as
 * exp(where(x ≥ 0, −x, x)), so the derivative at 0 is right), where(x ≥ 0, 1, e) / (1 + e): 1/(1 + e)
 * for x ≥ 0 and e/(1 + e) for x < 0, so e never overflows and nothing cancels (σ(−20) keeps its full
 * relative accuracy, 2.06e-9, where ½(1 + tanh(x/2)) rounds to 0 in float32). Every intermediate is
 * finite, so the gradient through the select is σ(1 − σ). The one implementation behind np.sigmoid,
 * np.expit (scipy.special.expit), lax.logistic and nn.sigmoid / silu / glu.
 */
function logisticOf(x: Tensor): Tensor {
  const nonneg = lax.compare(x, lax.fullLike(x, 0), 'ge');
  const e = lax.exp(lax.where(nonneg, lax.neg(x), x));
  return lax.div(lax.where(nonneg, lax.fullLike(x, 1), e), lax.add(lax.fullLike(x, 1), e));
}

/**
 * Logistic sigmoid 1/(1 + e⁻ˣ), computed stably (see {@link logisticOf}): no overflow, no NaN
 * gradients for large |x|, and full relative accuracy for large negative x.
 * @example np.sigmoid(np.array([-20, 0, 100])); // → [2.0611537e-9, 0.5, 1]
 */
export const sigmoid = floatUnary('np.sigmoid', logisticOf);

/**
 * arctan by range reduction (|x| > 1 → π/2 − atan(1/|x|); z > tan(π/8) → π/4 + atan((z−1)/(z+1)))
 * and a degree-23 odd Taylor polynomial on |w| ≤ 0.4143, accurate to ~1e-11. It is a composition
 * of primitives, so its derivatives come from theirs.
 * @example np.arctan(np.array([0, 1])); // → [0, Math.PI / 4]
 */
export const arctan = floatUnary('np.arctan', (x) => {
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

/**
 * The array converted to `dtype`. Float → integer truncates toward zero; out-of-range values and
 * ±∞ saturate to the target's ends and NaN gives 0, on both backends (what XLA's convert does on CPU
 * and GPU; JAX and XLA leave out-of-range conversions implementation-defined, so portable code
 * should clip first). Integer → integer wraps (two's complement); anything → bool is `x != 0`.
 * @example
 * np.astype(np.array([1.7]), 'int32'); // → [1]
 * np.astype(np.array([-1.7, 300, -Infinity, NaN]), 'int8'); // → [-1, 127, -128, 0]
 */
export function astype(x: A, dtype: DType): Tensor { return lax.cast(operandTensor('np.astype', x), validate.dtype('np.astype', dtype)); }
/**
 * The same values, with no gradient flowing back through them (JAX's lax.stop_gradient). An array
 * gives an array; any other pytree (nested JS arrays and plain objects) is mapped over its leaves,
 * as JAX's tree_map: each Tensor leaf is stopped, JS numbers, booleans, null and undefined are left
 * as they are, and another array-like leaf (a typed array) becomes a stopped array.
 * @example grad((x) => np.stopGradient(x).mul(x).sum())(np.array([3])); // → [3] — x·x with one factor held fixed
 * @example grad((p) => { const s = np.stopGradient(p); return s.a.mul(p.a).sum().add(s.b.mul(p.b).sum()); })({ a: np.array([2]), b: np.array([5]) }).b; // → [5]
 */
export function stopGradient(x: Tensor): Tensor;
export function stopGradient<T>(tree: T): T;
export function stopGradient(x: unknown): unknown {
  if (x instanceof Tensor) return lax.stopGradient(x);
  if (Array.isArray(x) || isPlainObject(x)) {
    return treeMap((leaf: unknown) => (typeof leaf === 'number' || typeof leaf === 'boolean' ? leaf
      : lax.stopGradient(operandTensor('np.stopGradient', leaf as A, undefined, 'a leaf'))), x);
  }
  return lax.stopGradient(operandTensor('np.stopGradient', x as A));
}
const isPlainObject = (x: unknown): boolean => typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;

/**
 * Whether each element is NaN. Non-finite tests by value; the WebGPU backend tests bits (NaN
 * compares unequal to itself there too).
 * @example np.isnan(np.array([1, NaN])); // → [false, true]
 */
export const isnan = (a: A): Tensor => { const x = operandTensor('np.isnan', a); return lax.compare(x, x, 'ne'); };
/** Whether each element is neither NaN nor ±∞. @example np.isfinite(np.array([1, NaN, Infinity])); // → [true, false, false] */
export const isfinite = (a: A): Tensor => {
  const x = operandTensor('np.isfinite', a);
  // Integers and bools are always finite (and Infinity is no int32 literal: it would coerce to 0).
  if (!isFloat(x.dtype)) return lax.compare(x, x, 'eq');
  return lax.compare(lax.abs(x), lax.fullLike(x, Infinity), 'lt');
};
