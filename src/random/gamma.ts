/**
 * Gamma samples by Marsaglia and Tsang's method (ACM TOMS 26(3), 2000), and beta and dirichlet
 * built on them, as JAX does: all three work with the logarithm of gamma samples, so that small
 * shape parameters (whose samples underflow to 0) still give finite betas and dirichlets.
 *
 * Marsaglia–Tsang for shape α ≥ 1: d = α − ⅓, c = 1/√(9d); draw x ~ N(0, 1) and u ~ U(0, 1], set
 * v = (1 + cx)³ and accept d·v when 1 + cx > 0 and log u < x²/2 + d − dv + d·log v. For α < 1, JAX's
 * boost: a sample of shape α + 1 times u^{1/α} (in logs: + log(u)/α).
 *
 * There is no loop primitive, so instead of JAX's while loop every element runs a fixed
 * ROUNDS = 10 proposals and keeps the first one accepted (masks, no control flow; it works under
 * jit and vmap). A proposal is rejected with probability at most 0.0485 (at α = 1, the worst case;
 * measured by 4·10⁶ float64 trials: 0.048, 0.027, 0.018, 0.006 at α = 1, 1.5, 2, 5), so all ten
 * are rejected with probability below 0.0485¹⁰ ≈ 7·10⁻¹⁴ per sample. Such a sample is NaN — never a
 * silently biased value. Parameters α < 0 or NaN give NaN; α = 0 gives 0 (log-sample −∞).
 *
 * Samples are not differentiable with respect to α here (JAX differentiates them implicitly
 * through the CDF); differentiating raises an ArgumentError rather than returning a wrong zero.
 */
import { DType } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike } from '../numpy/creation.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { customJvp } from '../transforms/custom-jvp.js';
import { checkKey, checkShape, floatParam, keysOf, knownOptions, optionsOf, sampleDtype, sampleShape } from './args.js';
import { normal, uniform } from './index.js';

/** Proposals per sample (see the module comment for the failure probability this gives). */
export const GAMMA_ROUNDS = 10;

/** u uniform in (0, 1] (one minus a [0, 1) draw), so its logarithm is finite. */
const openUniform = (k: Tensor, s: number[], d: DType): Tensor => lax.sub(lax.full(s, 1, d), uniform(k, s, { dtype: d }));

/** log of Gamma(a, 1) samples, a already broadcast to the sample shape. */
function logGammaBody(key: Tensor, a: Tensor): Tensor {
  const s = [...a.shape], d = a.dtype;
  const c = (v: number) => lax.full(s, v, d);
  const keys = keysOf(key, 2 * GAMMA_ROUNDS + 1);
  const boost = lax.compare(a, c(1), 'lt');
  const alpha = lax.where(boost, lax.add(a, c(1)), a);
  const dd = lax.sub(alpha, c(1 / 3));
  const cc = lax.rsqrt(lax.mul(dd, c(9)));
  let out = c(NaN);
  let done = lax.full(s, 0, 'bool');
  for (let r = 0; r < GAMMA_ROUNDS; r++) {
    const x = normal(keys[2 * r]!, s, { dtype: d });
    const logU = lax.log(openUniform(keys[2 * r + 1]!, s, d));
    const t = lax.add(c(1), lax.mul(cc, x));
    const positive = lax.compare(t, c(0), 'gt');
    // log v = 3·log t; where t ≤ 0 it is NaN, but such a proposal is masked out by `positive`.
    const logV = lax.mul(c(3), lax.log(lax.max(t, c(tinyOf(d)))));
    const v = lax.exp(logV);
    const bound = lax.add(lax.mul(c(0.5), lax.mul(x, x)), lax.add(lax.sub(dd, lax.mul(dd, v)), lax.mul(dd, logV)));
    const accept = lax.where(positive, lax.compare(logU, bound, 'lt'), lax.full(s, 0, 'bool'));
    const take = lax.where(done, lax.full(s, 0, 'bool'), accept);
    out = lax.where(take, lax.add(lax.log(dd), logV), out);
    done = lax.where(accept, lax.full(s, 1, 'bool'), done);
  }
  const logU = lax.log(openUniform(keys[2 * GAMMA_ROUNDS]!, s, d));
  const boosted = lax.add(out, lax.div(logU, a));
  // a = 0 is the point mass at 0 (log −∞); log(u)/0 alone would be NaN when u = 1.
  const res = lax.where(lax.compare(a, c(0), 'eq'), c(-Infinity), lax.where(boost, boosted, out));
  // α < 0 (and NaN, which fails every comparison) have no distribution: NaN, as JAX.
  return lax.where(lax.compare(a, c(0), 'ge'), res, c(NaN));
}

const tinyOf = (d: DType): number => (d === 'float64' ? 2 ** -1022 : 2 ** -126);

/**
 * logGammaBody behind a derivative rule that refuses, naming the sampler the user called (t,
 * chisquare, f, generalizedNormal and ball build on it too).
 */
export function logGamma(op: string, key: Tensor, a: Tensor): Tensor {
  const f = customJvp((k: Tensor, p: Tensor) => logGammaBody(k, p), () => {
    throw new ArgumentError(`random.${op}: samples are not differentiable with respect to the shape parameters in ` +
      `fluxion (JAX differentiates them implicitly through the gamma CDF, which is not implemented). Wrap the ` +
      `parameters in np.stopGradient if a zero derivative is what you want.`);
  }, `random.${op}`);
  return f(key, a);
}

/**
 * Gamma(a, 1) samples (jax.random.gamma): shape parameter `a` (> 0; an array or number), scale 1.
 * `shape` defaults to a's shape; otherwise a must broadcast to it. See the module comment for the
 * fixed number of rejection rounds and its failure probability (< 10⁻¹³ per sample, then NaN).
 * @example random.gamma(random.key(0), [0.5, 1, 5]).shape; // → [3] — three samples, means 0.5, 1, 5
 */
export function gamma(key: Tensor, a: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'gamma';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, a);
  const at = floatParam(op, a, 'a', d);
  const s = shape === undefined || shape === null ? [...at.shape] : checkShape(op, sampleShape(op, shape), { name: 'a', shape: at.shape });
  return lax.exp(logGamma(op, k, broadcastTo(at, s, `random.${op}`)));
}

/**
 * Logarithms of Gamma(a, 1) samples (jax.random.loggamma): exp(loggamma(key, a)) is gamma(key, a)
 * up to rounding, but small shape parameters, whose samples underflow to 0 in float32 (a = 0.01:
 * most of them), keep their precision as finite logarithms. `shape` defaults to a's shape.
 * @example random.loggamma(random.key(0), 0.01, [4]).shape; // → [4] — finite; gamma(key, 0.01) would be mostly 0
 */
export function loggamma(key: Tensor, a: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'loggamma';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, a);
  const at = floatParam(op, a, 'a', d);
  const s = shape === undefined || shape === null ? [...at.shape] : checkShape(op, sampleShape(op, shape), { name: 'a', shape: at.shape });
  return logGamma(op, k, broadcastTo(at, s, `random.${op}`));
}

/**
 * Beta(a, b) samples (jax.random.beta) from two gamma draws, G_a / (G_a + G_b), computed from their
 * logarithms. `shape` defaults to the broadcast of a's and b's shapes.
 * @example random.beta(random.key(0), 2, 5, [3]).shape; // → [3] — in [0, 1], mean 2/7
 */
export function beta(key: Tensor, a: ArrayLike, b: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'beta';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, a, b);
  const at = floatParam(op, a, 'a', d), bt = floatParam(op, b, 'b', d);
  const s = shape === undefined || shape === null ? broadcastShapes(`random.${op}`, at.shape, bt.shape)
    : checkShape(op, sampleShape(op, shape), { name: 'a', shape: at.shape }, { name: 'b', shape: bt.shape });
  const [ka, kb] = keysOf(k, 2);
  const la = logGamma(op, ka!, broadcastTo(at, s, `random.${op}`)), lb = logGamma(op, kb!, broadcastTo(bt, s, `random.${op}`));
  // G_a/(G_a + G_b) = 1/(1 + e^{lb − la}), scaled by the larger log so neither exponent overflows.
  const m = lax.max(la, lb);
  const ga = lax.exp(lax.sub(la, m)), gb = lax.exp(lax.sub(lb, m));
  return lax.div(ga, lax.add(ga, gb));
}

/**
 * Dirichlet(α) samples (jax.random.dirichlet): `alpha` has shape [..., K]; each sample is K
 * normalized gamma draws (a softmax of their logarithms). `shape` is the batch shape, defaulting to
 * alpha's leading axes; the result has shape [...shape, K].
 * @example np.sum(random.dirichlet(random.key(0), [1, 2, 3], [4]), -1); // → [1, 1, 1, 1] — 4 rows of 3 that sum to 1
 */
export function dirichlet(key: Tensor, alpha: ArrayLike, shape?: Shape | number | null, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'dirichlet';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = sampleDtype(op, o.dtype, alpha);
  const al = floatParam(op, alpha, 'alpha', d);
  if (al.ndim < 1) {
    throw new ShapeError(`random.dirichlet: alpha must have at least one axis (the K concentrations), got ${al.aval}; ` +
      `e.g. random.dirichlet(key, [1, 1, 1]).`);
  }
  const batch = al.shape.slice(0, -1), kk = al.shape[al.ndim - 1]!;
  const s = shape === undefined || shape === null ? [...batch]
    : checkShape(op, sampleShape(op, shape), { name: "alpha's batch axes (all but the last)", shape: batch });
  const full = [...s, kk];
  const lg = logGamma(op, k, broadcastTo(al, full, `random.${op}`));
  const ax = full.length - 1;
  const m = lax.reduceMax(lg, [ax]);
  const e = lax.exp(lax.sub(lg, lax.broadcastInDim(m, full, full.slice(0, -1).map((_, i) => i))));
  const z = lax.reduceSum(e, [ax]);
  return lax.div(e, lax.broadcastInDim(z, full, full.slice(0, -1).map((_, i) => i)));
}
