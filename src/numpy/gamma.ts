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

/** |sin(πx)| computed after reducing x mod 2, so large arguments keep their accuracy. */
const sinPi = (x: Tensor): Tensor => lax.sin(lax.mul(lax.sub(x, lax.mul(k(x, 2), lax.floor(lax.mul(x, k(x, 0.5))))), k(x, Math.PI)));

/**
 * The log of the absolute value of the gamma function, as `jax.scipy.special.gammaln` / `lax.lgamma`
 * (∞ at 0 and the negative integers).
 * @example np.lgamma(np.array([0.5, 1, 10])); // → [0.5723649, 0, 12.8018275]
 */
export const lgamma = floatUnary('np.lgamma', (x: Tensor): Tensor => {
  const small = lax.compare(x, k(x, 0.5), 'lt');
  const right = lgammaRight(lax.where(small, lax.sub(k(x, 1), x), x));
  // Reflection: log Γ(x) = log(π / |sin πx|) − log Γ(1 − x).
  const xs = lax.where(small, x, k(x, 0.25));
  const refl = lax.sub(lax.log(lax.div(k(x, Math.PI), lax.abs(sinPi(xs)))), right);
  return lax.where(small, refl, right);
});

/**
 * The digamma function ψ(x) = d/dx log Γ(x), as `jax.scipy.special.digamma` (NaN… at the poles
 * 0, −1, −2, … as ±∞ or NaN, like SciPy's ±∞/NaN there).
 * @example np.digamma(np.array([1, 2])); // → [-0.5772157, 0.4227843]
 */
export const digamma = floatUnary('np.digamma', (x: Tensor): Tensor => {
  const small = lax.compare(x, k(x, 0.5), 'lt');
  let y = lax.where(small, lax.sub(k(x, 1), x), x);
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
  // Reflection: ψ(x) = ψ(1 − x) − π / tan(πx).
  const xs = lax.where(small, x, k(x, 0.25));
  const ang = lax.mul(xs, k(x, Math.PI));
  return lax.where(small, lax.sub(right, lax.div(lax.mul(k(x, Math.PI), lax.cos(ang)), lax.sin(ang))), right);
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
