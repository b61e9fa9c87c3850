/**
 * Continuous samplers by inverting a closed-form CDF at one uniform draw each (gumbel, exponential,
 * laplace, logistic), with JAX's formulas and ranges so that no sample is infinite: the uniform
 * draws are 23-bit multiples of 2⁻²³ in [0, 1), shifted away from the point where the inverse CDF
 * diverges (as JAX draws from [tiny, 1) or [−1 + epsneg, 1)).
 */
import { DType } from '../core/dtype.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { checkKey, floatDtype, knownOptions, optionsOf, sampleShape } from './args.js';
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
