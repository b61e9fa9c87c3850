/**
 * Samplers that transform standard normal draws (JAX's formulas): lognormal (exp(σz)), maxwell (the
 * length of a 3-D standard normal vector), doubleSidedMaxwell (a maxwell draw with a random sign,
 * scaled and shifted) and wald (the inverse Gaussian by Michael, Schucany and Haas's transformation
 * with one normal and one uniform draw). All are differentiable in their parameters through the
 * transformation (the reparameterization gradient). Parameter values are not checked (they may be
 * traced): values outside the domain (σ < 0 is fine for lognormal; a scale or mean ≤ 0 is not) give
 * NaN or meaningless samples, as in JAX.
 */
import { DType } from '../core/dtype.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike } from '../numpy/creation.js';
import { checkKey, floatDtype, keysOf, knownOptions, optionsOf, paramSampler, sampleShape } from './args.js';
import { rademacherImpl } from './counts.js';
import { normal, uniform } from './index.js';

type Opts = { dtype?: DType };

/**
 * Log-normal samples (jax.random.lognormal): exp(σ·z), z standard normal, so log x ~ N(0, σ²).
 * `sigma` (default 1) is a number or an array; `shape` defaults to its shape. Differentiable in sigma.
 * @example random.lognormal(random.key(0), 0.5, [3]).shape; // → [3] — median 1, mean e^{σ²/2}
 */
export function lognormal(key: Tensor, sigma: ArrayLike = 1, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const { k, s, d, p: [sg] } = paramSampler('lognormal', key, [['sigma', sigma]], shape, opts);
  return lax.exp(lax.mul(normal(k, s, { dtype: d }), sg!));
}

/** Maxwell draws of shape `s` reported under `op`: the norm of three standard normals (last axis). */
export function maxwellImpl(key: Tensor, s: number[], d: DType): Tensor {
  const z = normal(key, [...s, 3], { dtype: d });
  return lax.sqrt(lax.reduceSum(lax.mul(z, z), [s.length]));
}

/**
 * One-sided Maxwell samples (jax.random.maxwell, density √(2/π)·x²e^{−x²/2} on x ≥ 0): the length
 * of a vector of three standard normal draws.
 * @example random.maxwell(random.key(0), [2, 3]).shape; // → [2, 3] — mean 2√(2/π) ≈ 1.596, variance 3 − 8/π
 */
export function maxwell(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const op = 'maxwell';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  return maxwellImpl(k, sampleShape(op, shape), floatDtype(op, o.dtype ?? 'float32'));
}

/**
 * Double-sided Maxwell samples (jax.random.double_sided_maxwell, density ∝ z²e^{−z²/2} with
 * z = (x − loc)/scale, on the whole line): sign·maxwell·scale + loc with an independent random sign.
 * `shape` defaults to the broadcast of loc's and scale's shapes and otherwise must be a shape they
 * broadcast to (JAX appends the parameter shape to a given shape; here, as for the other samplers,
 * the parameters broadcast against it). Differentiable in loc and scale.
 * @example random.doubleSidedMaxwell(random.key(0), 0, 1, [4]).shape; // → [4] — mean loc, variance 3·scale²
 */
export function doubleSidedMaxwell(key: Tensor, loc: ArrayLike, scale: ArrayLike, shape?: Shape | number | null,
  opts?: Opts | DType): Tensor {
  const op = 'doubleSidedMaxwell';
  const { k, s, d, p: [l, sc] } = paramSampler(op, key, [['loc', loc], ['scale', scale]], shape, opts);
  const [km, kr] = keysOf(k, 2);
  const signed = lax.mul(rademacherImpl(kr!, s, d), maxwellImpl(km!, s, d));
  return lax.add(lax.mul(signed, sc!), l!);
}

/**
 * Wald (inverse Gaussian with shape parameter λ = 1) samples (jax.random.wald, density
 * (2πx³)^{−½}·e^{−(x − μ)²/(2μ²x)} on x > 0) of mean μ, by Michael, Schucany and Haas's method: with
 * y = z² (z standard normal), the smaller root x = μ + μ²y/2 − (μ/2)√(4μy + μ²y²) — computed as
 * μ/(1 + μy/2 + √(μy(1 + μy/4))), the same value without cancellation — is taken with probability
 * μ/(μ + x), else the other root μ²/x. `shape` defaults to mean's shape. Differentiable in mean.
 * @example np.all(np.greater(random.wald(random.key(0), 2, [5]), 0)); // → true — mean μ, variance μ³
 */
export function wald(key: Tensor, mean: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const { k, s, d, p: [mu] } = paramSampler('wald', key, [['mean', mean]], shape, opts);
  const [k1, k2] = keysOf(k, 2);
  const c = (v: number): Tensor => lax.full(s, v, d);
  const z = normal(k1!, s, { dtype: d });
  const u = uniform(k2!, s, { dtype: d });
  const t = lax.mul(mu!, lax.mul(z, z)); // μy
  const denom = lax.add(lax.add(c(1), lax.mul(t, c(0.5))), lax.sqrt(lax.mul(t, lax.add(c(1), lax.mul(t, c(0.25))))));
  const x = lax.div(mu!, denom);
  // The other root μ²/x = μ·denom.
  return lax.where(lax.compare(u, lax.div(mu!, lax.add(mu!, x)), 'le'), x, lax.mul(mu!, denom));
}
