/**
 * Samplers built on gamma draws (JAX's constructions): Student's t (normal·√((ν/2)/G), G ~
 * Gamma(ν/2)), chi-square (2·Gamma(ν/2)), F (a ratio of two scaled chi-squares), the generalized
 * normal (a random sign times Gamma(1/p)^{1/p}) and the uniform distribution on the unit ℓp ball
 * (Barthe, Guédon, Mendelson and Naor: generalized normals divided by (Σ|g|ᵖ + E)^{1/p}, E
 * exponential). The gamma draws enter as logarithms (gamma.ts's logGamma), so small degrees of
 * freedom, whose gamma draws underflow in float32, still give finite samples.
 *
 * Derivatives: these samples are differentiable in ν, p, dfnum and dfden (as in JAX) through
 * gamma's implicit derivative in its shape parameter (gamma.ts's logGammaGradA, in log space), and
 * in everything else by the chain rule. ball's p is a JavaScript number, so it is a constant.
 */
import { DType } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike } from '../numpy/creation.js';
import { checkKey, floatDtype, keysOf, knownOptions, optionsOf, paramSampler, sampleShape } from './args.js';
import { exponential } from './continuous.js';
import { rademacherImpl } from './counts.js';
import { logGamma } from './gamma.js';
import { normal } from './index.js';

type Opts = { dtype?: DType };

/**
 * Student's t samples (jax.random.t, density ∝ (1 + x²/ν)^{−(ν+1)/2}) with ν = `df` degrees of
 * freedom: z·√(ν/2)·e^{−log G/2}, z standard normal, G ~ Gamma(ν/2). `shape` defaults to df's
 * shape. Differentiable in df (see the module comment).
 * @example random.t(random.key(0), 5, [3]).shape; // → [3] — mean 0, variance ν/(ν − 2) = 5/3
 */
export function t(key: Tensor, df: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const op = 't';
  const { k, s, d, p: [nu] } = paramSampler(op, key, [['df', df]], shape, opts);
  const [kn, kg] = keysOf(k, 2);
  const half = lax.mul(nu!, lax.full(s, 0.5, d));
  const z = normal(kn!, s, { dtype: d });
  const lg = logGamma(op, kg!, half);
  return lax.mul(lax.mul(z, lax.sqrt(half)), lax.exp(lax.mul(lg, lax.full(s, -0.5, d))));
}

/**
 * Chi-square samples (jax.random.chisquare, density ∝ x^{ν/2−1}e^{−x/2} on x > 0) with ν = `df`
 * degrees of freedom: 2·Gamma(ν/2). `shape` defaults to df's shape. Differentiable in df.
 * @example random.chisquare(random.key(0), 3, [4]).shape; // → [4] — mean ν, variance 2ν
 */
export function chisquare(key: Tensor, df: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const op = 'chisquare';
  const { k, s, d, p: [nu] } = paramSampler(op, key, [['df', df]], shape, opts);
  const lg = logGamma(op, k, lax.mul(nu!, lax.full(s, 0.5, d)));
  return lax.mul(lax.full(s, 2, d), lax.exp(lg));
}

/**
 * F-distribution samples (jax.random.f): (χ²(dfnum)/dfnum)/(χ²(dfden)/dfden), computed as
 * e^{log G₁ − log G₂}·dfden/dfnum from the two gamma draws. `shape` defaults to the broadcast of
 * the parameter shapes. Differentiable in dfnum and dfden.
 * @example np.all(np.greater(random.f(random.key(0), 4, 10, [5]), 0)); // → true — mean dfden/(dfden − 2) = 1.25
 */
export function f(key: Tensor, dfnum: ArrayLike, dfden: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const op = 'f';
  const { k, s, d, p: [dn, dd] } = paramSampler(op, key, [['dfnum', dfnum], ['dfden', dfden]], shape, opts);
  // JAX's key order: split(key) → (key for dfden, key for dfnum).
  const [kd, kn] = keysOf(k, 2);
  const half = (x: Tensor): Tensor => lax.mul(x, lax.full(s, 0.5, d));
  const ln = logGamma(op, kn!, half(dn!)), ld = logGamma(op, kd!, half(dd!));
  return lax.mul(lax.exp(lax.sub(ln, ld)), lax.div(dd!, dn!));
}

/** A generalized normal draw as its parts: sign r and log G with G ~ Gamma(1/p); the sample is r·e^{log G/p}. */
function generalizedNormalParts(op: string, key: Tensor, p: Tensor, d: DType): { r: Tensor; lg: Tensor } {
  const s = [...p.shape];
  const [kg, kr] = keysOf(key, 2);
  const lg = logGamma(op, kg!, lax.div(lax.full(s, 1, d), p));
  return { r: rademacherImpl(kr!, s, d), lg };
}

/**
 * Generalized normal samples (jax.random.generalized_normal, density ∝ e^{−|x|ᵖ}) of shape
 * parameter p > 0 (p = 2: normal with variance ½; p = 1: Laplace): a random sign times
 * Gamma(1/p)^{1/p}. `p` is a number or an array; `shape` defaults to its shape. Differentiable
 * in p.
 * @example random.generalizedNormal(random.key(0), 1.5, [3]).shape; // → [3] — symmetric, variance Γ(3/p)/Γ(1/p)
 */
export function generalizedNormal(key: Tensor, p: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const op = 'generalizedNormal';
  const { k, d, p: [pt] } = paramSampler(op, key, [['p', p]], shape, opts);
  const { r, lg } = generalizedNormalParts(op, k, pt!, d);
  return lax.mul(r, lax.exp(lax.div(lg, pt!)));
}

/**
 * Points uniform in the unit ℓp ball of dimension `d` (jax.random.ball; p a number > 0, default
 * 2): g/(Σ|gᵢ|ᵖ + E)^{1/p} with g generalized normal of parameter p and E standard exponential
 * (Barthe et al., 2005). The result has shape [...shape, d]. p is a number (a constant to
 * derivatives).
 * @example
 * const x = random.ball(random.key(0), 3, 2, [100]);
 * x.shape; // → [100, 3]
 * np.all(np.lessEqual(np.sum(np.square(x), -1), 1)); // → true — inside the unit sphere
 */
export function ball(key: Tensor, d: number, p = 2, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const op = 'ball';
  const k = checkKey(op, key);
  const dim = validate.integer(`random.${op}`, 'd (the dimension)', d, { min: 0, max: 2 ** 31 - 1 });
  const pv = validate.number(`random.${op}`, 'p', p);
  if (!(pv > 0)) throw new ArgumentError(`random.ball: p must be a positive number (the ℓp norm's exponent), got ${pv}.`);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const dt = floatDtype(op, o.dtype ?? 'float32');
  const s = sampleShape(op, shape);
  const full = [...s, dim];
  const [k1, k2] = keysOf(k, 2);
  const { r, lg } = generalizedNormalParts(op, k1!, lax.full(full, pv, dt), dt);
  const g = lax.mul(r, lax.exp(lax.mul(lg, lax.full(full, 1 / pv, dt))));
  // |gᵢ|ᵖ = e^{log G} exactly, without the power of the rounded g.
  const e = exponential(k2!, s, { dtype: dt });
  const norm = lax.pow(lax.add(lax.reduceSum(lax.exp(lg), [s.length]), e), lax.full(s, 1 / pv, dt));
  return lax.div(g, lax.broadcastInDim(norm, full, s.map((_, i) => i)));
}
