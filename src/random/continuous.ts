/**
 * Continuous samplers by inverting a closed-form CDF at one uniform draw each (gumbel, exponential,
 * laplace, logistic, cauchy, rayleigh, pareto, weibullMin, triangular), with JAX's formulas and
 * ranges so that no sample is infinite: the uniform draws are 23-bit multiples of 2⁻²³ in [0, 1),
 * shifted away from the point where the inverse CDF diverges (as JAX draws from [tiny, 1) or
 * [−1 + epsneg, 1)). The samplers with parameters take numbers or arrays that broadcast to the
 * sample shape (which defaults to their broadcast shape, JAX's shape=None); the parameter values
 * are not checked (they may be traced), so values outside the domain give NaN or meaningless
 * samples, as in JAX. They are differentiable in their parameters (the reparameterization gradient).
 */
import { DType } from '../core/dtype.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike } from '../numpy/creation.js';
import { checkKey, floatDtype, knownOptions, optionsOf, paramSampler, sampleShape } from './args.js';
import { uniform } from './index.js';

/** The smallest positive normal number of a float dtype (finfo(dtype).tiny). */
export const tiny = (d: DType): number => (d === 'float64' ? 2 ** -1022 : 2 ** -126);

type Opts = { dtype?: DType };

function prepare(op: string, key: unknown, shape: unknown, opts: Opts | DType | undefined): { k: Tensor; s: number[]; d: DType } {
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = floatDtype(op, o.dtype ?? 'float32');
  return { k, s: sampleShape(op, shape), d };
}

/**
 * Standard Gumbel samples (jax.random.gumbel): −log(−log u), u uniform in [tiny, 1).
 * @example random.gumbel(random.key(0), [3]).shape; // → [3] — location 0, scale 1; mean ≈ 0.5772 (Euler's γ)
 */
export function gumbel(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  return gumbelImpl('gumbel', key, shape, opts);
}

/** Gumbel samples reported under another sampler's name (categorical and choice use them). */
export function gumbelImpl(op: string, key: unknown, shape: unknown, opts: Opts | DType | undefined): Tensor {
  const { k, s, d } = prepare(op, key, shape, opts);
  const u = uniform(k, s, { minval: tiny(d), maxval: 1, dtype: d });
  return lax.neg(lax.log(lax.neg(lax.log(u))));
}

/**
 * Standard exponential samples (jax.random.exponential, rate 1): −log1p(−u), u uniform in [0, 1).
 * @example np.all(np.greaterEqual(random.exponential(random.key(0), [3]), 0)); // → true — mean 1
 */
export function exponential(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const { k, s, d } = prepare('exponential', key, shape, opts);
  return lax.neg(lax.log1p(lax.neg(uniform(k, s, { dtype: d }))));
}

/**
 * Standard Laplace samples (jax.random.laplace, density ½e^{−|x|}): sign(u)·log1p(−|u|), u uniform
 * in [−1 + epsneg, 1) so that |u| < 1.
 * @example random.laplace(random.key(0), [3]).shape; // → [3] — mean 0, variance 2
 */
export function laplace(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const { k, s, d } = prepare('laplace', key, shape, opts);
  const epsneg = d === 'float64' ? 2 ** -53 : 2 ** -24;
  const u = uniform(k, s, { minval: -1 + epsneg, maxval: 1, dtype: d });
  return lax.mul(lax.sign(u), lax.log1p(lax.neg(lax.abs(u))));
}

/**
 * Standard logistic samples (jax.random.logistic, CDF 1/(1 + e^{−x})): the logit log(u) − log1p(−u)
 * of u uniform in [tiny, 1).
 * @example random.logistic(random.key(0), [3]).shape; // → [3] — mean 0, variance π²/3
 */
export function logistic(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const { k, s, d } = prepare('logistic', key, shape, opts);
  const u = uniform(k, s, { minval: tiny(d), maxval: 1, dtype: d });
  return lax.sub(lax.log(u), lax.log1p(lax.neg(u)));
}

/**
 * Standard Cauchy samples (jax.random.cauchy, density 1/(π(1 + x²))): tan(π(u − ½)), u uniform in
 * [eps, 1) (eps = 2⁻²³ for float32), so that no sample is infinite.
 * @example random.cauchy(random.key(0), [3]).shape; // → [3] — median 0, quartiles ±1; no mean
 */
export function cauchy(key: Tensor, shape: Shape | number = [], opts?: Opts | DType): Tensor {
  const { k, s, d } = prepare('cauchy', key, shape, opts);
  const eps = d === 'float64' ? 2 ** -52 : 2 ** -23;
  const u = uniform(k, s, { minval: eps, maxval: 1, dtype: d });
  const x = lax.mul(lax.full(s, Math.PI, d), lax.sub(u, lax.full(s, 0.5, d)));
  return lax.div(lax.sin(x), lax.cos(x));
}

/** u uniform in (0, 1]: one minus a [0, 1) draw, so that its logarithm is finite. */
const openUniform = (k: Tensor, s: number[], d: DType): Tensor => lax.sub(lax.full(s, 1, d), uniform(k, s, { dtype: d }));

/**
 * Rayleigh samples (jax.random.rayleigh, density x/σ²·e^{−x²/(2σ²)} on x ≥ 0) of scale σ:
 * σ·√(−2·log u), u uniform in (0, 1] (JAX draws u in [0, 1), where u = 0 gives ∞). `shape` defaults
 * to scale's shape. Differentiable in scale.
 * @example random.rayleigh(random.key(0), 2, [3]).shape; // → [3] — mean σ·√(π/2) ≈ 2.51
 */
export function rayleigh(key: Tensor, scale: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const { k, s, d, p: [sc] } = paramSampler('rayleigh', key, [['scale', scale]], shape, opts);
  const r = lax.sqrt(lax.mul(lax.full(s, -2, d), lax.log(openUniform(k, s, d))));
  return lax.mul(sc!, r);
}

/**
 * Pareto samples (jax.random.pareto, density b/x^{b+1} on x ≥ 1) of shape b: exp(E/b) with E a
 * standard exponential draw. `shape` defaults to b's shape. Differentiable in b.
 * @example np.all(np.greaterEqual(random.pareto(random.key(0), 3, [5]), 1)); // → true — support [1, ∞), mean b/(b − 1)
 */
export function pareto(key: Tensor, b: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const { k, s, d, p: [bt] } = paramSampler('pareto', key, [['b', b]], shape, opts);
  return lax.exp(lax.div(exponential(k, s, { dtype: d }), bt!));
}

/**
 * Weibull samples (jax.random.weibull_min, density (c/σ)(x/σ)^{c−1}e^{−(x/σ)^c} on x ≥ 0) of scale σ
 * and concentration c: σ·(−log1p(−u))^{1/c}, u uniform in [0, 1). `shape` defaults to the broadcast
 * of the parameter shapes (JAX's default shape () draws one uniform for all parameters; here every
 * element is independent). Differentiable in both parameters.
 * @example random.weibullMin(random.key(0), 1, 2, [4]).shape; // → [4] — c = 2, σ = 1 is the Rayleigh with σ = 1/√2
 */
export function weibullMin(key: Tensor, scale: ArrayLike, concentration: ArrayLike, shape?: Shape | number | null, opts?: Opts | DType): Tensor {
  const { k, s, d, p: [sc, c] } = paramSampler('weibullMin', key, [['scale', scale], ['concentration', concentration]], shape, opts);
  const e = lax.neg(lax.log1p(lax.neg(uniform(k, s, { dtype: d }))));
  return lax.mul(lax.pow(e, lax.div(lax.full(s, 1, d), c!)), sc!);
}

/**
 * Triangular samples (jax.random.triangular) on [left, right] with the density's peak at `mode`
 * (left ≤ mode ≤ right), by the inverse CDF at u uniform in [0, 1): left + √(u(right − left)(mode − left))
 * below u = (mode − left)/(right − left), right − √((1 − u)(right − left)(right − mode)) above.
 * `shape` defaults to the broadcast of the parameter shapes. Differentiable in the parameters.
 * @example
 * const x = random.triangular(random.key(0), -1, 0, 2, [100]);
 * np.all(np.logicalAnd(np.greaterEqual(x, -1), np.lessEqual(x, 2))); // → true — mean (left + mode + right)/3
 */
export function triangular(key: Tensor, left: ArrayLike, mode: ArrayLike, right: ArrayLike, shape?: Shape | number | null,
  opts?: Opts | DType): Tensor {
  const { k, s, d, p: [l, m, r] } = paramSampler('triangular', key, [['left', left], ['mode', mode], ['right', right]], shape, opts);
  const width = lax.sub(r!, l!);
  const fc = lax.div(lax.sub(m!, l!), width);
  const u = uniform(k, s, { dtype: d });
  const below = lax.add(l!, lax.sqrt(lax.mul(lax.mul(u, width), lax.sub(m!, l!))));
  const above = lax.sub(r!, lax.sqrt(lax.mul(lax.mul(lax.sub(lax.full(s, 1, d), u), width), lax.sub(r!, m!))));
  return lax.where(lax.compare(u, fc, 'lt'), below, above);
}
