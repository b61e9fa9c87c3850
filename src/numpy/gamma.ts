/**
 * scipy.special-style functions: lgamma (log|Γ|), digamma (ψ = Γ'/Γ), logit and expit. Elementwise
 * compositions (the Lanczos series, the recurrence and asymptotic series of ψ, reflection for small
 * and negative arguments), so their derivatives, vmap and the fused WebGPU kernels come from the
 * elementwise primitives. Each branch is evaluated at a safe argument, so the branch not taken
 * never puts NaN or ∞ into a gradient.
 */
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { isFloat } from '../core/dtype.js';
import { ArrayLike, operandTensor } from './creation.js';
import { sigmoid } from './math.js';

/** An elementwise function of a float array (integer and bool inputs become float32, as in JAX). */
const floatUnary = (op: string, f: (x: Tensor) => Tensor) => (a: ArrayLike): Tensor => {
  const x = operandTensor(op, a);
  return f(isFloat(x.dtype) ? x : lax.cast(x, 'float32'));
};

const k = (x: Tensor, v: number): Tensor => lax.full(x.shape, v, x.dtype);

// Lanczos, g = 7, 9 terms: about 1e-15 relative in float64 for x ≥ 1/2.
const G = 7;
const P = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** log Γ(x) for x ≥ 1/2. */
function lgammaRight(x: Tensor): Tensor {
  const z = lax.sub(x, k(x, 1));
  let a = k(x, P[0]);
  for (let i = 1; i < P.length; i++) a = lax.add(a, lax.div(k(x, P[i]), lax.add(z, k(x, i))));
  const t = lax.add(z, k(x, G + 0.5));
  return lax.add(lax.add(k(x, 0.5 * Math.log(2 * Math.PI)), lax.sub(lax.mul(lax.add(z, k(x, 0.5)), lax.log(t)), t)), lax.log(a));
}

/**
 * |sin(πx)| up to sign (callers take |·|), after an exact reduction of a = |x|: r = a − 2·floor(a/2)
 * ∈ [0, 2), shifted to (−1, 1], then folded onto [−½, ½] by sin(π(±1 − r)) = sin(πr). Each step is
 * exact in floating point (x = −1e-30 stays −1e-30), so the result is 0 exactly at the integers and
 * keeps its relative accuracy near them.
 */
function sinPi(x: Tensor): Tensor {
  const a = lax.abs(x);
  let r = lax.sub(a, lax.mul(k(x, 2), lax.floor(lax.mul(a, k(x, 0.5)))));
  r = lax.where(lax.compare(r, k(x, 1), 'gt'), lax.sub(r, k(x, 2)), r);
  const s = lax.where(lax.compare(lax.abs(r), k(x, 0.5), 'gt'), lax.sub(lax.sign(r), r), r);
  return lax.sin(lax.mul(s, k(x, Math.PI)));
}

/** x ≤ 0 and an integer (−∞ included): the poles of Γ. */
const nonPositiveInteger = (x: Tensor): Tensor => {
  const integer = lax.compare(lax.floor(x), x, 'eq');
  return lax.where(lax.compare(x, k(x, 0), 'le'), integer, lax.zerosLike(integer));
};
/** x where `take` holds and x is off the poles, else 0.25 (a safe argument for the reflection). */
const reflectArg = (x: Tensor, take: Tensor, pole: Tensor): Tensor => lax.where(pole, k(x, 0.25), lax.where(take, x, k(x, 0.25)));

/**
 * The log of the absolute value of the gamma function, as `jax.scipy.special.gammaln` / `lax.lgamma`:
 * +∞ at 0 and the negative integers (and at ±∞), as JAX and SciPy.
 * @example np.lgamma(np.array([0.5, 1, 10, -1, -2.5])); // → [0.5723649, 0, 12.8018275, Infinity, -0.0562437]
 */
export const lgamma = floatUnary('np.lgamma', (x: Tensor): Tensor => {
  const pole = nonPositiveInteger(x);
  const small = lax.compare(x, k(x, 0.5), 'lt');
  const right = lgammaRight(lax.where(small, lax.sub(k(x, 1), x), x));
  // Reflection: log Γ(x) = log(π / |sin πx|) − log Γ(1 − x), at a safe argument off the poles.
  const xs = reflectArg(x, small, pole);
  const refl = lax.sub(lax.sub(k(x, Math.log(Math.PI)), lax.log(lax.abs(sinPi(xs)))), right);
  const inf = k(x, Infinity);
  const finite = lax.where(small, refl, right);
  return lax.where(pole, inf, lax.where(lax.compare(x, inf, 'eq'), inf, finite));
});

/**
 * The digamma function ψ(x) = d/dx log Γ(x), as `jax.scipy.special.digamma`: NaN at the poles
 * 0, −1, −2, … (XLA's digamma, which JAX uses; SciPy gives −∞ at 0 and NaN at the negative integers).
 * @example np.digamma(np.array([1, 2, -1, -0.5])); // → [-0.5772157, 0.4227843, NaN, 0.03648997]
 */
export const digamma = floatUnary('np.digamma', (x: Tensor): Tensor => {
  const pole = nonPositiveInteger(x);
  const small = lax.compare(x, k(x, 0.5), 'lt');
  let y = lax.where(small, lax.sub(k(x, 1), lax.where(pole, k(x, 0.25), x)), x);
  // ψ(y) = ψ(y + n) − Σ 1/(y + i): raise y to ≥ 10, where the asymptotic series is accurate to ~1e-16.
  let acc = k(x, 0);
  for (let i = 0; i < 10; i++) {
    const low = lax.compare(y, k(x, 10), 'lt');
    acc = lax.sub(acc, lax.where(low, lax.div(k(x, 1), y), k(x, 0)));
    y = lax.where(low, lax.add(y, k(x, 1)), y);
  }
  const r = lax.div(k(x, 1), lax.mul(y, y));
  // ln y − 1/(2y) − Σ B_2k / (2k y^2k), k = 1..6.
  const B = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760];
  let series = k(x, 0);
  for (let i = B.length - 1; i >= 0; i--) series = lax.mul(r, lax.add(k(x, B[i]), series));
  const right = lax.add(acc, lax.sub(lax.sub(lax.log(y), lax.div(k(x, 0.5), y)), series));
  // Reflection: ψ(x) = ψ(1 − x) − π / tan(πx), with πx reduced exactly to π(x − round(x)) ∈ [−π/2, π/2]
  // (cot has period π), at a safe argument off the poles.
  const xs = reflectArg(x, small, pole);
  const ang = lax.mul(lax.sub(xs, lax.floor(lax.add(xs, k(x, 0.5)))), k(x, Math.PI));
  const value = lax.where(small, lax.sub(right, lax.div(lax.mul(k(x, Math.PI), lax.cos(ang)), lax.sin(ang))), right);
  return lax.where(pole, k(x, NaN), value);
});

/**
 * The log-odds log(p / (1 − p)), the inverse of {@link expit}, as `jax.scipy.special.logit`.
 * @example np.logit(np.array([0.5, 0.75])); // → [0, 1.0986123]
 */
export const logit = floatUnary('np.logit', (p: Tensor): Tensor => lax.log(lax.div(p, lax.sub(k(p, 1), p))));

/**
 * The logistic sigmoid 1 / (1 + e^(−x)), as `jax.scipy.special.expit`: the same computation as
 * np.sigmoid (the stable form, exact to a few ulp for large negative x as well).
 * @example np.expit(np.array([0, -20])); // → [0.5, 2.0611537e-9]
 */
export const expit = floatUnary('np.expit', sigmoid);
