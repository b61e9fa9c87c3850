/**
 * Multivariate normal samples (jax.random.multivariate_normal, method 'cholesky'):
 * mean + L·z with L the lower Cholesky factor of cov and z standard normal.
 *
 * There is no Cholesky primitive, so the factor is a composition for a static size n: column j
 * of L is v / √v_j with v = A[:, j] − L·L[j, :]ᵀ (L holding columns 0..j−1 so far), masked to rows
 * i ≥ j. That is n steps of a few primitives each, differentiable (the reparameterization gradient
 * with respect to mean and cov comes free) and batched over leading axes; the program grows with
 * n, so n is limited to MAX_MVN_DIM = 128. As JAX's cholesky, cov is symmetrized ((A + Aᵀ)/2)
 * first, and a covariance that is not positive definite gives NaN samples.
 */
import { DType } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike } from '../numpy/creation.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { checkKey, checkShape, floatParam, knownOptions, optionsOf, sampleDtype, sampleShape } from './args.js';
import { normal } from './index.js';

/** The largest dimension multivariateNormal factors (the Cholesky composition unrolls n steps). */
export const MAX_MVN_DIM = 128;

/** Lower Cholesky factor of the symmetric positive-definite matrices A[..., n, n]. */
function cholesky(a: Tensor): Tensor {
  const s = [...a.shape], r = s.length, n = s[r - 1]!;
  const batch = s.slice(0, -2), bd = batch.map((_, i) => i);
  const perm = [...bd, r - 1, r - 2];
  const sym = lax.mul(lax.add(a, lax.transpose(a, perm)), lax.full(s, 0.5, a.dtype));
  const vec = [...batch, n];
  const rowIdx = lax.iota(vec, r - 2);
  let l = lax.full(s, 0, a.dtype);
  for (let j = 0; j < n; j++) {
    const colA = lax.reshape(lax.slice(sym, [...bd.map(() => 0), 0, j], [...batch, n, j + 1]), vec);
    const rowL = lax.reshape(lax.slice(l, [...bd.map(() => 0), j, 0], [...batch, j + 1, n]), vec);
    // (L·L[j, :]ᵀ)_i = Σ_k L[i, k]·L[j, k]
    const proj = lax.reduceSum(lax.mul(l, lax.broadcastInDim(rowL, s, [...bd, r - 1])), [r - 1]);
    const v = lax.sub(colA, proj);
    const pivot = lax.reshape(lax.slice(v, [...bd.map(() => 0), j], [...batch, j + 1]), batch);
    const col = lax.div(v, lax.broadcastInDim(lax.sqrt(pivot), vec, bd));
    const masked = lax.where(lax.compare(rowIdx, lax.full(vec, j, 'int32'), 'ge'), col, lax.full(vec, 0, a.dtype));
    const onj = lax.compare(lax.iota(s, r - 1), lax.full(s, j, 'int32'), 'eq');
    l = lax.add(l, lax.where(onj, lax.broadcastInDim(masked, s, [...bd, r - 2]), lax.full(s, 0, a.dtype)));
  }
  return l;
}

/**
 * Samples of the multivariate normal N(mean, cov) (jax.random.multivariate_normal): mean [..., n],
 * cov [..., n, n]; `shape` (default: the broadcast of their batch axes) is the batch shape of the
 * result [...shape, n]. Only method 'cholesky' exists here, for n ≤ 128 (see the module comment).
 * @example random.multivariateNormal(random.key(0), [0, 0], [[1, 0.5], [0.5, 1]], { shape: [1000] }).shape; // → [1000, 2]
 */
export function multivariateNormal(key: Tensor, mean: ArrayLike, cov: ArrayLike,
  opts?: { shape?: Shape | number | null; dtype?: DType; method?: 'cholesky' }): Tensor {
  const op = 'multivariateNormal';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ shape: [100], method: 'cholesky' }");
  knownOptions(op, o, ['shape', 'dtype', 'method']);
  if (o.method !== undefined && o.method !== 'cholesky') {
    throw new ArgumentError(`random.multivariateNormal: method ${JSON.stringify(o.method)} is not available; only 'cholesky' ` +
      `is implemented (JAX's 'eigh' and 'svd' need eigen/singular value decompositions fluxion does not have).`);
  }
  const d = sampleDtype(op, o.dtype, mean, cov);
  const m = floatParam(op, mean, 'mean', d), c = floatParam(op, cov, 'cov', d);
  if (m.ndim < 1) throw new ShapeError(`random.multivariateNormal: mean must have at least one axis, got ${m.aval}.`);
  const n = m.shape[m.ndim - 1]!;
  if (c.ndim < 2 || c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ShapeError(`random.multivariateNormal: cov must have shape [..., ${n}, ${n}] to match mean ${m.aval}, got ${c.aval}.`);
  }
  if (n > MAX_MVN_DIM) {
    throw new ShapeError(`random.multivariateNormal: dimension ${n} is above the ${MAX_MVN_DIM} this Cholesky composition ` +
      `supports (it unrolls one step per dimension); factor the covariance yourself and use mean + L·random.normal(...).`);
  }
  const mb = m.shape.slice(0, -1), cb = c.shape.slice(0, -2);
  const s = o.shape === undefined || o.shape === null ? broadcastShapes(`random.${op}`, mb, cb)
    : checkShape(op, sampleShape(op, o.shape), { name: "mean's batch axes", shape: mb }, { name: "cov's batch axes", shape: cb });
  const full = [...s, n];
  const l = broadcastTo(cholesky(c), [...s, n, n], `random.${op}`);
  const z = normal(k, full, { dtype: d });
  const lz = lax.reduceSum(lax.mul(l, lax.broadcastInDim(z, [...s, n, n], [...s.map((_, i) => i), s.length + 1])), [s.length + 1]);
  return lax.add(broadcastTo(m, full, `random.${op}`), lz);
}
