/**
 * JAX's lax elementwise functions that fluxion's numpy layer already computes as compositions of
 * the primitives (acos, asinh, erf, lgamma, ...; found through lax-compositions.ts, which numpy
 * fills in when imported): the same compositions under lax's contract — an
 * array of a floating-point dtype, no promotion of integers (a named DTypeError instead), no
 * broadcasting — and lax.round with JAX's rounding methods. Being compositions they differentiate,
 * jit and vmap through their primitives.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { tensor } from './lax-args.js';
import { type CompositionName, composition } from './lax-compositions.js';

/** `x` when it is a floating-point array (lax does not promote); a named error otherwise. */
export function floatOperand(op: string, x: unknown, npName?: string): Tensor {
  const t = tensor(op, x, 'x');
  if (!isFloat(t.dtype)) {
    throw new DTypeError(`${op}: expected a floating-point array, got ${t.aval}; lax does not promote: cast it with astype('float32')${npName ? ` or use ${npName}, which does` : ''}.`);
  }
  return t;
}

const floatFn = (name: CompositionName, npName: string) => (x: Tensor): Tensor => composition(name)(floatOperand(`lax.${name}`, x, npName));

/** arccos, in [0, π] (JAX's lax.acos). @example lax.acos(np.array([1, 0])); // → [0, Math.PI / 2] */
export const acos = floatFn('acos', 'np.arccos');
/** Inverse hyperbolic cosine, for x ≥ 1 (JAX's lax.acosh). @example lax.acosh(np.array([1])); // → [0] */
export const acosh = floatFn('acosh', 'np.arccosh');
/** arcsin, in [−π/2, π/2] (JAX's lax.asin). @example lax.asin(np.array([0, 1])); // → [0, Math.PI / 2] */
export const asin = floatFn('asin', 'np.arcsin');
/** Inverse hyperbolic sine (JAX's lax.asinh). @example lax.asinh(np.array([0])); // → [0] */
export const asinh = floatFn('asinh', 'np.arcsinh');
/** arctan, in (−π/2, π/2) (JAX's lax.atan). @example lax.atan(np.array([0, 1])); // → [0, Math.PI / 4] */
export const atan = floatFn('atan', 'np.arctan');
/** Inverse hyperbolic tangent, for |x| < 1 (JAX's lax.atanh). @example lax.atanh(np.array([0])); // → [0] */
export const atanh = floatFn('atanh', 'np.arctanh');
/** The real cube root, negative for negative x (JAX's lax.cbrt). @example lax.cbrt(np.array([8, -27])); // → [2, -3] */
export const cbrt = floatFn('cbrt', 'np.cbrt');
/** The smallest integer ≥ x (JAX's lax.ceil). @example lax.ceil(np.array([-0.5, 1.2])); // → [-0, 2] */
export const ceil = floatFn('ceil', 'np.ceil');
/** Hyperbolic cosine (JAX's lax.cosh). @example lax.cosh(np.array([0])); // → [1] */
export const cosh = floatFn('cosh', 'np.cosh');
/** Hyperbolic sine (JAX's lax.sinh). @example lax.sinh(np.array([0])); // → [0] */
export const sinh = floatFn('sinh', 'np.sinh');
/** Tangent (JAX's lax.tan). @example lax.tan(np.array([0])); // → [0] */
export const tan = floatFn('tan', 'np.tan');
/** The error function (JAX's lax.erf). @example lax.erf(np.array([0])); // → [0] */
export const erf = floatFn('erf', 'np.erf');
/** 1 − erf(x), accurate in the tails (JAX's lax.erfc). @example lax.erfc(np.array([0])); // → [1] */
export const erfc = floatFn('erfc', 'np.erfc');
/** The inverse of erf on (−1, 1) (JAX's lax.erf_inv). @example lax.erfInv(np.array([0])); // → [0] */
export const erfInv = floatFn('erfInv', 'np.erfinv');
/** log |Γ(x)| (JAX's lax.lgamma). @example lax.lgamma(np.array([1, 3])); // → [0, Math.log(2)] */
export const lgamma = floatFn('lgamma', 'np.lgamma');
/** ψ(x) = d/dx log Γ(x) (JAX's lax.digamma). @example lax.digamma(np.array([1])); // → [-0.5772156649] */
export const digamma = floatFn('digamma', 'np.digamma');
/** 2ˣ (JAX's lax.exp2). @example lax.exp2(np.array([3, -1])); // → [8, 0.5] */
export const exp2 = floatFn('exp2', 'np.exp2');
/** The logistic sigmoid 1 / (1 + e⁻ˣ) (JAX's lax.logistic). @example lax.logistic(np.array([0])); // → [0.5] */
export const logistic = floatFn('logistic', 'np.sigmoid');
/** Whether each float is finite (not ±∞, not NaN), bool (JAX's lax.is_finite). @example lax.isFinite(np.array([1, Infinity, NaN])); // → [true, false, false] */
export const isFinite = floatFn('isFinite', 'np.isfinite');

/** JAX's lax.RoundingMethod: 0 rounds halves away from zero, 1 to the nearest even integer. */
export type RoundingMethod = 0 | 1 | 'awayFromZero' | 'toNearestEven';

/**
 * x rounded to an integer value (JAX's lax.round): halves away from zero by default
 * (roundingMethod 0, 'awayFromZero'), or to even (1, 'toNearestEven', numpy's rounding).
 * @example lax.round(np.array([0.5, 1.5, -2.5, 2.4])); // → [1, 2, -3, 2]
 * lax.round(np.array([0.5, 1.5, -2.5]), 'toNearestEven'); // → [0, 2, -2]
 */
export function round(x: Tensor, roundingMethod: RoundingMethod = 0): Tensor {
  const op = 'lax.round';
  const t = floatOperand(op, x, 'np.round');
  const method = roundingMethod === 'awayFromZero' ? 0 : roundingMethod === 'toNearestEven' ? 1 : roundingMethod;
  if (method !== 0 && method !== 1) {
    throw new ArgumentError(`${op}: roundingMethod must be 0 / 'awayFromZero' or 1 / 'toNearestEven' (JAX's RoundingMethod), got ${validate.describe(roundingMethod)}.`);
  }
  // numpy's rint gives +0 for −0.5; JAX keeps the sign: |rint(x)| with x's sign.
  if (method === 1) return lax.mul(lax.abs(composition('roundToEven')(t)), lax.sign(t));
  // trunc(x) plus one step away from zero where the dropped fraction is at least a half: x − trunc(x)
  // is exact, where floor(|x| + 0.5) would round 0.49999997 up.
  const a = lax.abs(t), whole = lax.floor(a);
  const up = lax.compare(lax.sub(a, whole), lax.fullLike(t, 0.5), 'ge');
  // |result| with x's sign: sign(±0) is ±0, so −0.3 and −0 round to −0 as in JAX; NaN stays NaN.
  return lax.mul(lax.add(whole, lax.where(up, lax.fullLike(t, 1), lax.zerosLike(t))), lax.sign(t));
}
