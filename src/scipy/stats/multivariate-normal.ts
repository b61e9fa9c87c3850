/**
 * The multivariate normal distribution N(mean, cov) (jax.scipy.stats.multivariate_normal): x
 * [..., n], mean [n] (or batched, or a scalar), cov [n, n] (or batched, or a scalar: cov·I).
 * The density comes from the Cholesky factor L of cov: NaN where cov is not positive definite.
 */
import { ShapeError } from '../../core/errors.js';
import type { Tensor } from '../../core/tensor.js';
import * as lax from '../../primitives/lax.js';
import { diagonalOf } from '../../primitives/linalg.js';
import { broadcastShapes, broadcastTo } from '../../numpy/broadcast.js';
import type { ArrayLike } from '../../numpy/creation.js';
import { floatArgs, floatOperands, k } from '../args.js';
import { LOG_2PI } from './common.js';

function logDensity(op: string, x: ArrayLike, mean: ArrayLike, cov: ArrayLike): Tensor {
  const [xt, m, c] = floatOperands(op, [x, mean, cov], ['x', 'mean', 'cov']);
  if (m.ndim === 0) {
    const [a, b, s] = floatArgs(op, [xt, m, c], ['x', 'mean', 'cov']);
    const d = lax.sub(a, b);
    return lax.sub(lax.mul(k(d, -0.5), lax.div(lax.mul(d, d), s)), lax.mul(k(d, 0.5), lax.add(k(s, LOG_2PI), lax.log(s))));
  }
  const n = m.shape[m.ndim - 1];
  if (xt.ndim === 0 || xt.shape[xt.ndim - 1] !== n) {
    throw new ShapeError(`${op}: x ${xt.aval} must end in the dimension ${n} of mean ${m.aval}; pass points as [..., ${n}].`);
  }
  const dShape = broadcastShapes(op, xt.shape, m.shape);
  const d = lax.sub(broadcastTo(xt, dShape, op), broadcastTo(m, dShape, op));
  if (c.ndim === 0) {
    const ss = lax.reduceSum(lax.mul(d, d), [d.ndim - 1]);
    const cs = broadcastTo(c, ss.shape, op);
    return lax.sub(lax.mul(k(ss, -0.5), lax.div(ss, cs)), lax.mul(k(ss, n / 2), lax.add(k(cs, LOG_2PI), lax.log(cs))));
  }
  if (c.ndim < 2 || c.shape[c.ndim - 1] !== n || c.shape[c.ndim - 2] !== n) {
    throw new ShapeError(`${op}: cov ${c.aval} must be a scalar or [..., ${n}, ${n}] matrices to match mean ${m.aval}; ` +
      `a vector of variances v is np.diag(v).`);
  }
  const batch = broadcastShapes(op, dShape.slice(0, -1), c.shape.slice(0, -2));
  const L = lax.linalg.cholesky(broadcastTo(c, [...batch, n, n], op));
  const b = lax.reshape(broadcastTo(d, [...batch, n], op), [...batch, n, 1]);
  const y = lax.linalg.triangularSolve(L, b, { leftSide: true, lower: true });
  const maha = lax.reduceSum(lax.mul(y, y), [y.ndim - 2, y.ndim - 1]);
  const logDet = lax.reduceSum(lax.log(diagonalOf(L)), [L.ndim - 2]);
  return lax.sub(lax.sub(lax.mul(k(maha, -0.5), maha), k(maha, (n / 2) * LOG_2PI)), logDet);
}

/**
 * The log density −½(x − μ)ᵀΣ⁻¹(x − μ) − (n/2)·log 2π − ½·log det Σ, over x's last axis.
 * @example scipy.stats.multivariateNormal.logpdf(np.array([0, 0]), np.array([0, 0]), np.array([[1, 0], [0, 1]])); // → -Math.log(2 * Math.PI)
 */
export function logpdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike): Tensor {
  return logDensity('scipy.stats.multivariateNormal.logpdf', x, mean, cov);
}

/**
 * The density exp(logpdf).
 * @example scipy.stats.multivariateNormal.pdf(np.array([[0, 0], [1, 1]]), np.array([0, 0]), np.array([[2, 0], [0, 2]])); // → [1 / (4 * Math.PI), Math.exp(-0.5) / (4 * Math.PI)]
 */
export function pdf(x: ArrayLike, mean: ArrayLike, cov: ArrayLike): Tensor {
  return lax.exp(logDensity('scipy.stats.multivariateNormal.pdf', x, mean, cov));
}
