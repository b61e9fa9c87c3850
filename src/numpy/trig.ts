/**
 * Inverse trigonometric and hyperbolic functions, hypot and log10: compositions of primitives
 * (so jvp, vmap and WGSL come from theirs), written in the forms that keep float32 accuracy —
 * log1p and expm1 near 0, exp(|x| − ln 2) where exp(x)/2 would overflow early, and the
 * double-`where` pattern so a branch that is not taken never sees an input that makes its
 * derivative infinite (0·∞ would turn a gradient into NaN). atan2 is a primitive: every other
 * angle here is built on it.
 */
import { isFloat } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { prepare } from './broadcast.js';
import { ArrayLike, operandTensor } from './creation.js';

/** Float math on integer or bool input computes in float32 (numpy and JAX promote the same way). */
const floatUnary = (op: string, f: (x: Tensor) => Tensor) => (a: ArrayLike): Tensor => {
  const x = operandTensor(op, a);
  return f(isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
};
const floatBinary = (op: string, f: (x: Tensor, y: Tensor) => Tensor) => (a: ArrayLike, b: ArrayLike): Tensor => {
  let [x, y] = prepare(op, [a, b]);
  if (!isFloat(x.dtype)) { x = lax.cast(x, 'float32'); y = lax.cast(y, 'float32'); }
  return f(x, y);
};

const c = (x: Tensor, v: number) => lax.fullLike(x, v);
const lt = (x: Tensor, v: number) => lax.compare(x, c(x, v), 'lt');

/**
 * An odd function from its values on x ≥ 0: g(x) there, −g(−x) below. Unlike sign(x)·g(|x|),
 * the derivative at 0 is g′(0) (the x ≥ 0 branch passes the tangent through), not 0.
 */
function odd(x: Tensor, g: (a: Tensor) => Tensor): Tensor {
  const negative = lt(x, 0);
  const r = g(lax.where(negative, lax.neg(x), x));
  return lax.where(negative, lax.neg(r), r);
}

/** `big ? fBig(x) : fSmall(x)`, each branch fed a harmless stand-in where it is not taken. */
function branch(big: Tensor, x: Tensor, fBig: (x: Tensor) => Tensor, fSmall: (x: Tensor) => Tensor, standIn = 1): Tensor {
  return lax.where(big, fBig(lax.where(big, x, c(x, standIn))), fSmall(lax.where(big, c(x, standIn), x)));
}

/**
 * The angle of the point (x, y) in radians, in [−π, π], elementwise with broadcasting; signed
 * zeros and infinities as in C (`arctan2(0, -1)` is π, `arctan2(-0, -1)` is −π).
 * @example np.arctan2(np.array([1, -1]), np.array([-1, -1])); // → [3 * Math.PI / 4, -3 * Math.PI / 4]
 */
export const arctan2 = floatBinary('np.arctan2', lax.atan2);

/** √((1 − x)(1 + x)): √(1 − x²) without the cancellation of 1 − x² near |x| = 1. */
const cosOfAsin = (x: Tensor) => lax.sqrt(lax.mul(lax.sub(c(x, 1), x), lax.add(c(x, 1), x)));

/**
 * Inverse sine, in [−π/2, π/2]; NaN outside [−1, 1]. atan2(x, √(1 − x²)), accurate at ±1.
 * @example np.arcsin(np.array([0, 0.5, 1])); // → [0, Math.PI / 6, Math.PI / 2]
 */
export const arcsin = floatUnary('np.arcsin', (x) => lax.atan2(x, cosOfAsin(x)));

/**
 * Inverse cosine, in [0, π]; NaN outside [−1, 1].
 * @example np.arccos(np.array([1, 0, -1])); // → [0, Math.PI / 2, Math.PI]
 */
export const arccos = floatUnary('np.arccos', (x) => lax.atan2(cosOfAsin(x), x));

/** e^(a − ln 2) = e^a / 2, finite up to a ≈ 89.4 in float32 where exp(a)/2 overflows at 88.7. */
const halfExp = (a: Tensor) => lax.exp(lax.sub(a, c(a, Math.LN2)));

/**
 * Hyperbolic sine. (expm1(x) − expm1(−x))/2 for |x| < 1 (accurate near 0), e^|x|/2 − e^−|x|/2
 * beyond.
 * @example np.sinh(np.array([0, 1])); // → [0, 1.1752012]
 */
export const sinh = floatUnary('np.sinh', (x) => odd(x, (a) => branch(lax.compare(a, c(a, 1), 'ge'), a,
  (b) => { const h = halfExp(b); return lax.sub(h, lax.div(c(h, 0.25), h)); },
  (s) => lax.mul(c(s, 0.5), lax.sub(lax.expm1(s), lax.expm1(lax.neg(s)))), 0)));

/**
 * Hyperbolic cosine, e^|x|/2 + e^−|x|/2.
 * @example np.cosh(np.array([0, 1])); // → [1, 1.5430806]
 */
export const cosh = floatUnary('np.cosh', (x) => {
  const h = halfExp(lax.abs(x));
  return lax.add(h, lax.div(c(h, 0.25), h));
});

/** Beyond this, asinh(a) = log(2a) and acosh(a) = log(2a) to float64 precision (error 1/(4a²)). */
const LOG_REGIME = 1e8;

/**
 * Inverse hyperbolic sine: log1p(a + a²/(1 + √(1 + a²))) for a = |x| (no cancellation near 0),
 * log(2a) once a² would overflow.
 * @example np.arcsinh(np.array([0, 1])); // → [0, 0.8813736]
 */
export const arcsinh = floatUnary('np.arcsinh', (x) => odd(x, (a) => branch(lax.compare(a, c(a, LOG_REGIME), 'gt'), a,
  (b) => lax.add(lax.log(b), c(b, Math.LN2)),
  (s) => {
    const s2 = lax.mul(s, s);
    return lax.log1p(lax.add(s, lax.div(s2, lax.add(c(s, 1), lax.sqrt(lax.add(c(s, 1), s2))))));
  })));

/**
 * Inverse hyperbolic cosine, for x ≥ 1 (NaN below, and for −∞, as numpy and JAX): log1p(t + √(t(x + 1)))
 * with t = x − 1, accurate near 1. The domain is checked explicitly: for x ≪ −1 the formula's
 * t(x + 1) is positive again and would give −∞ instead of NaN.
 * @example np.arccosh(np.array([1, 2, 0.5, -5000])); // → [0, 1.3169579, NaN, NaN]
 */
export const arccosh = floatUnary('np.arccosh', (x) => {
  const value = branch(lax.compare(x, c(x, LOG_REGIME), 'gt'), x,
    (b) => lax.add(lax.log(b), c(b, Math.LN2)),
    (s) => {
      // Off the domain the stand-in 1 keeps the formula finite (and its gradient), then NaN is selected.
      const d = lax.where(lax.compare(s, c(s, 1), 'lt'), c(s, 1), s);
      const t = lax.sub(d, c(d, 1));
      return lax.log1p(lax.add(t, lax.sqrt(lax.mul(t, lax.add(d, c(d, 1))))));
    });
  return lax.where(lax.compare(x, c(x, 1), 'lt'), c(x, NaN), value);
});

/**
 * Inverse hyperbolic tangent, ½·log1p(2a/(1 − a)) for a = |x|: ±∞ at ±1, NaN beyond.
 * @example np.arctanh(np.array([0, 0.5])); // → [0, 0.5493061]
 */
export const arctanh = floatUnary('np.arctanh', (x) => odd(x, (a) =>
  lax.mul(c(a, 0.5), lax.log1p(lax.div(lax.add(a, a), lax.sub(c(a, 1), a))))));

/**
 * √(x² + y²) without overflow or underflow in the squares: m·√(1 + (n/m)²) with m, n the larger
 * and smaller magnitude; an infinite operand gives +∞ even beside a NaN (as numpy and JAX).
 * @example np.hypot(3, 4); // → 5
 */
export const hypot = floatBinary('np.hypot', (x, y) => {
  const a = lax.abs(x), b = lax.abs(y);
  const m = lax.max(a, b), n = lax.min(a, b);
  const zero = lax.compare(m, c(m, 0), 'eq');
  const r = lax.div(n, lax.where(zero, c(m, 1), m));
  const h = lax.mul(m, lax.sqrt(lax.add(c(r, 1), lax.mul(r, r))));
  const inf = c(a, Infinity);
  const anyInf = lax.where(lax.compare(a, inf, 'eq'), lax.compare(a, inf, 'eq'), lax.compare(b, inf, 'eq'));
  return lax.where(anyInf, inf, h);
});

/**
 * Base-10 logarithm.
 * @example np.log10(np.array([1, 100])); // → [0, 2]
 */
export const log10 = floatUnary('np.log10', (x) => lax.mul(lax.log(x), c(x, 1 / Math.LN10)));
