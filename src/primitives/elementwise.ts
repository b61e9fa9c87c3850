/**
 * Elementwise primitives. Each block is one primitive whole: its type rule, its jvp (written
 * with other primitives, so higher derivatives come for free), its batching rule, its CPU
 * kernel, and — for linear ones only — its transpose.
 */
import { DType, FLOAT_DTYPES, coerce, isFloat, isInteger } from '../core/dtype.js';
import type { CompareOp } from '../core/primitive.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import * as validate from '../core/validate.js';
import { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { NONLINEAR_TANGENT, addTangents, elementwiseVmap, instantiate, mapTangent, requireDtype, requireFloat, sameTypes } from './helpers.js';
import type { FirstOrderRules, Tangent } from './rules.js';

type Unary = 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sin' | 'cos' | 'tanh' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'floor' | 'stop_gradient' | 'not';
type Binary = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow' | 'rem' | 'shift_right_logical' | 'xor' | 'atan2'
  | 'and' | 'or' | 'shift_left' | 'shift_right_arithmetic';

/** A unary primitive from its kernel and its derivative rule `(x, y, t) → ẏ` (null: zero). */
function unary<P extends Unary>(
  prim: P, f: (a: number) => number,
  dy: ((x: Tensor, y: Tensor, t: Tensor) => Tensor) | null,
  opts: { floatOnly?: boolean; dtypes?: DType[]; transpose?: FirstOrderRules<P>['transpose'] } = {},
): FirstOrderRules<P> {
  return {
    abstractEval: ([a]) => {
      if (opts.dtypes) requireDtype(prim, a, opts.dtypes);
      else if (opts.floatOnly !== false) requireFloat(prim, a);
      return [a];
    },
    jvp: ([x], [t]) => {
      const y = lax[primFn[prim]](x);
      return [[y], [dy && t ? dy(x, y, t) : null]];
    },
    vmap: ([x], [d]) => [[lax[primFn[prim]](x)], [d]],
    cpu: ([x], _p, [o]) => [k.map1(x.data, o.dtype, f)],
    transpose: opts.transpose,
  };
}

const primFn = {
  neg: 'neg', exp: 'exp', log: 'log', log1p: 'log1p', expm1: 'expm1', sin: 'sin', cos: 'cos',
  tanh: 'tanh', sqrt: 'sqrt', rsqrt: 'rsqrt', abs: 'abs', sign: 'sign', floor: 'floor',
  stop_gradient: 'stopGradient', not: 'bitwiseNot',
} as const;

const half = (x: Tensor) => lax.fullLike(x, 0.5);
const one = (x: Tensor) => lax.fullLike(x, 1);

export const neg = unary('neg', (a) => -a, (_x, _y, t) => lax.neg(t), {
  floatOnly: false,
  transpose: ([ct]) => [mapTangent(ct, lax.neg)],
});
export const exp = unary('exp', Math.exp, (_x, y, t) => lax.mul(t, y));
export const log = unary('log', Math.log, (x, _y, t) => lax.div(t, x));
export const log1p = unary('log1p', Math.log1p, (x, _y, t) => lax.div(t, lax.add(x, one(x))));
export const expm1 = unary('expm1', Math.expm1, (_x, y, t) => lax.mul(t, lax.add(y, one(y))));
export const sin = unary('sin', Math.sin, (x, _y, t) => lax.mul(t, lax.cos(x)));
export const cos = unary('cos', Math.cos, (x, _y, t) => lax.neg(lax.mul(t, lax.sin(x))));
export const tanh = unary('tanh', Math.tanh, (_x, y, t) => lax.mul(t, lax.sub(one(y), lax.mul(y, y))));
export const sqrt = unary('sqrt', Math.sqrt, (_x, y, t) => lax.div(lax.mul(t, half(y)), y));
export const rsqrt = unary('rsqrt', (a) => 1 / Math.sqrt(a), (x, y, t) => lax.mul(t, lax.neg(lax.div(lax.mul(y, half(y)), x))));
export const abs = unary('abs', Math.abs, (x, _y, t) => lax.mul(t, lax.sign(x)), { floatOnly: false });
export const sign = unary('sign', Math.sign, null, { floatOnly: false });
export const floor = unary('floor', Math.floor, null);
/** Identity on values, zero derivative: the way to treat a quantity as a constant in a loss. */
export const stop_gradient = unary('stop_gradient', (a) => a, null, { floatOnly: false });

// --- binary ---------------------------------------------------------------------------------

function binary<P extends Binary>(
  prim: P, f: (a: number, b: number, dtype: DType) => number,
  jvp: (x: Tensor, y: Tensor, out: Tensor, tx: Tangent, ty: Tangent) => Tangent,
  opts: { dtypes?: DType[]; transpose?: FirstOrderRules<P>['transpose'] } = {},
): FirstOrderRules<P> {
  return {
    abstractEval: (avals) => {
      const a = sameTypes(prim, avals);
      if (opts.dtypes) requireDtype(prim, a, opts.dtypes);
      return [a];
    },
    jvp: ([x, y], [tx, ty]) => {
      const out = bind1(prim, [x, y], {});
      return [[out], [isFloat(out.dtype) ? jvp(x, y, out, tx, ty) : null]];
    },
    vmap: elementwiseVmap(prim),
    cpu: ([x, y], _p, [o]) => [k.map2(x.data, y.data, o.dtype, (a, b) => f(a, b, o.dtype))],
    transpose: opts.transpose,
  };
}

const isInt = isInteger;
const undef = (a: unknown) => !(a instanceof Tensor);

export const add = binary('add', (a, b) => a + b, (_x, _y, _o, tx, ty) => addTangents(tx, ty), {
  transpose: ([ct], [x, y]) => [undef(x) ? ct : null, undef(y) ? ct : null],
});
export const sub = binary('sub', (a, b) => a - b, (_x, _y, _o, tx, ty) => addTangents(tx, mapTangent(ty, lax.neg)), {
  transpose: ([ct], [x, y]) => [undef(x) ? ct : null, undef(y) ? mapTangent(ct, lax.neg) : null],
});
export const mul = binary('mul', (a, b, d) => (isInt(d) ? Math.imul(a, b) : a * b),
  (x, y, _o, tx, ty) => addTangents(mapTangent(tx, (t) => lax.mul(t, y)), mapTangent(ty, (t) => lax.mul(x, t))), {
    transpose: ([ct], [x, y]) => {
      if (undef(x) && undef(y)) throw new ArgumentError(`mul: transpose of a product of two linear inputs: the tangent computation is not linear. ${NONLINEAR_TANGENT}`);
      return undef(x) ? [mapTangent(ct, (c) => lax.mul(c, y as Tensor)), null] : [null, mapTangent(ct, (c) => lax.mul(x as Tensor, c))];
    },
  });
// Integer division truncates; dividing by zero yields the dividend, as WGSL specifies.
export const div = binary('div', (a, b, d) => (isInt(d) ? (b === 0 ? a : Math.trunc(a / b)) : a / b),
  (_x, y, out, tx, ty) => addTangents(mapTangent(tx, (t) => lax.div(t, y)), mapTangent(ty, (t) => lax.neg(lax.div(lax.mul(t, out), y)))), {
    transpose: ([ct], [x, y]) => {
      if (!undef(y)) return [mapTangent(ct, (c) => lax.div(c, y as Tensor)), null];
      throw new ArgumentError(`div: transpose with respect to the divisor${x instanceof Tensor ? ` (${x.aval})` : ''}: the tangent computation is not linear. ${NONLINEAR_TANGENT}`);
    },
  });
// At ties the derivative is split evenly between the operands, as in JAX.
const minmaxJvp = (op: 'gt' | 'lt') => (x: Tensor, y: Tensor, _o: Tensor, tx: Tangent, ty: Tangent): Tangent => {
  const a = instantiate(tx, x), b = instantiate(ty, y);
  const mid = lax.mul(lax.add(a, b), half(x));
  return lax.where(lax.compare(x, y, op), a, lax.where(lax.compare(x, y, 'eq'), mid, b));
};
export const max = binary('max', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b)), minmaxJvp('gt'));
export const min = binary('min', (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b)), minmaxJvp('lt'));
export const pow = binary('pow', (a, b) => Math.pow(a, b), (x, y, out, tx, ty) => {
  // d/dx = y·x^(y−1) (0 where y = 0); d/dy = log(x)·x^y with log(0) read as 0.
  const dx = mapTangent(tx, (t) => {
    const d = lax.mul(y, lax.pow(x, lax.sub(y, one(y))));
    return lax.mul(t, lax.where(lax.compare(y, lax.zerosLike(y), 'eq'), lax.zerosLike(y), d));
  });
  const dy = mapTangent(ty, (t) => {
    const safe = lax.where(lax.compare(x, lax.zerosLike(x), 'eq'), one(x), x);
    return lax.mul(t, lax.mul(lax.log(safe), out));
  });
  return addTangents(dx, dy);
}, { dtypes: FLOAT_DTYPES });
// Truncated remainder (sign of the dividend), as C fmod and WGSL `%`.
export const rem = binary('rem', (a, b, d) => (isInt(d) && b === 0 ? 0 : a % b), (x, y, _o, tx, ty) => {
  const q = lax.div(x, y);
  const trunc = lax.mul(lax.sign(q), lax.floor(lax.abs(q)));
  return addTangents(tx, mapTangent(ty, (t) => lax.neg(lax.mul(t, trunc))));
});
/**
 * atan2(y, x), JS Math.atan2 / C semantics (signed zeros pick ±0 or ±π, infinities give the
 * multiples of π/4). A primitive rather than a composition: the quadrant logic of a composition
 * would give the wrong derivative on the axes (x = 0), and its jvp is one expression:
 * d atan2(y, x) = (x·dy − y·dx) / (x² + y²).
 */
export const atan2 = binary('atan2', (y, x) => Math.atan2(y, x), (y, x, _o, ty, tx) => {
  const r2 = lax.add(lax.mul(x, x), lax.mul(y, y));
  return addTangents(mapTangent(ty, (t) => lax.div(lax.mul(t, x), r2)), mapTangent(tx, (t) => lax.neg(lax.div(lax.mul(t, y), r2))));
}, { dtypes: FLOAT_DTYPES });
// --- bitwise -------------------------------------------------------------------------------
// On integers of every width. JS's bitwise operators work on int32 bit patterns; `coerce` reads
// the result back in the dtype (uint32 unsigned, the narrow types wrapped). A narrow operand holds
// its value sign- or zero-extended, so and/or/xor/not of two such values is already in range and
// a left shift only needs the wrap. Shift amounts are read as unsigned, as in JAX: a negative one
// or one of 32 and more shifts everything out (the sign bit fills an arithmetic right shift); for
// a narrow type, amounts from its width to 31 shift everything out of the type as well.

const INTEGERS: DType[] = ['int32', 'uint32', 'int8', 'uint8', 'int16', 'uint16'];
const outOfRange = (b: number): boolean => b < 0 || b >= 32;

export const shift_right_logical = binary('shift_right_logical', (a, b) => (outOfRange(b) ? 0 : a >>> b), () => null,
  { dtypes: ['uint32', 'uint8', 'uint16'] });
export const shift_right_arithmetic = binary('shift_right_arithmetic', (a, b) => a >> (outOfRange(b) ? 31 : b), () => null,
  { dtypes: ['int32', 'int8', 'int16'] });
export const shift_left = binary('shift_left', (a, b, d) => (outOfRange(b) ? 0 : coerce(d, a << b)), () => null, { dtypes: INTEGERS });
export const xor = binary('xor', (a, b, d) => coerce(d, a ^ b), () => null, { dtypes: INTEGERS });
export const and = binary('and', (a, b, d) => coerce(d, a & b), () => null, { dtypes: INTEGERS });
export const or = binary('or', (a, b, d) => coerce(d, a | b), () => null, { dtypes: INTEGERS });
export const not = unary('not', (a) => ~a, null, { dtypes: INTEGERS });

// --- compare, where, cast -------------------------------------------------------------------

const comparators: Record<CompareOp, true> = { lt: true, le: true, gt: true, ge: true, eq: true, ne: true };

export const compare: FirstOrderRules<'compare'> = {
  abstractEval: (avals, { op }) => {
    if (!comparators[op]) throw new ArgumentError(`compare: unknown comparison '${op}'; use one of ${Object.keys(comparators).join(', ')}.`);
    return [new ShapedArray(sameTypes('compare', avals).shape, 'bool')];
  },
  jvp: ([x, y], _t, p) => [[lax.compare(x, y, p.op)], [null]],
  vmap: elementwiseVmap('compare'),
  cpu: ([x, y], { op }) => [k.compare(x.data, y.data, op)],
};

export const where: FirstOrderRules<'where'> = {
  abstractEval: ([c, x, y]) => {
    if (c.dtype !== 'bool') throw new DTypeError(`where: the condition must be bool, got ${c}; compare first (e.g. x.gt(0)).`);
    sameTypes('where', [x, y]);
    sameTypes('where', [new ShapedArray(c.shape, x.dtype), x]);
    return [x];
  },
  jvp: ([c, x, y], [, tx, ty]) => [[lax.where(c, x, y)],
    [tx === null && ty === null ? null : lax.where(c, instantiate(tx, x), instantiate(ty, y))]],
  vmap: elementwiseVmap('where'),
  cpu: ([c, x, y], _p, [o]) => [k.where(c.data, x.data, y.data, o.dtype)],
  transpose: ([ct], [c, x, y]) => {
    if (ct === null) return [null, null, null];
    const z = lax.zerosLike(ct), cond = c as Tensor;
    return [null, undef(x) ? lax.where(cond, ct, z) : null, undef(y) ? lax.where(cond, z, ct) : null];
  },
};

export const cast: FirstOrderRules<'cast'> = {
  abstractEval: ([a], { dtype }) => [new ShapedArray(a.shape, validate.dtype('cast', dtype))],
  jvp: ([x], [t], { dtype }) => [[lax.cast(x, dtype)],
    [t !== null && isFloat(x.dtype) && isFloat(dtype) ? lax.cast(t, dtype) : null]],
  vmap: ([x], [d], { dtype }) => [[lax.cast(x, dtype)], [d]],
  cpu: ([x], { dtype }) => [k.cast(x.data, dtype)],
  transpose: ([ct], [x]) => [mapTangent(ct, (c) => lax.cast(c, (x as { aval: ShapedArray }).aval.dtype))],
};

