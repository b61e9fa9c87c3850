/**
 * Haar-distributed orthogonal matrices (jax.random.orthogonal), by Mezzadri's recipe: the Q of the
 * QR decomposition of a matrix of standard normal draws, with each column multiplied by the sign of
 * R's diagonal entry. Without that fix Q's distribution depends on the QR algorithm's sign
 * convention (Householder QR makes R's diagonal negative, biasing Q); with it, Q·D·(D·R) = Z with
 * D·R's diagonal positive, the unique such factorization, and the law of Z is invariant under
 * left multiplication by an orthogonal matrix, so Q's law is too: that is the Haar measure.
 */
import { DType } from '../core/dtype.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { checkKey, floatDtype, knownOptions, optionsOf, sampleShape } from './args.js';
import { normal } from './index.js';

/**
 * Orthogonal n×n matrices drawn uniformly (Haar measure) from O(n) (jax.random.orthogonal);
 * `shape` (default []) is the batch shape, the result [...shape, n, n]. About half have
 * determinant −1.
 * @example
 * const q = random.orthogonal(random.key(0), 3);
 * np.allclose(np.matmul(np.transpose(q), q), np.eye(3), { atol: 1e-5 }); // → true — QᵀQ = I
 */
export function orthogonal(key: Tensor, n: number, shape: Shape | number = [], opts?: { dtype?: DType } | DType): Tensor {
  const op = 'orthogonal';
  const k = checkKey(op, key);
  const size = validate.integer(`random.${op}`, 'n (the matrix size)', n, { min: 0, max: 2 ** 15 });
  const o = optionsOf(op, opts, "{ dtype: 'float32' }");
  knownOptions(op, o, ['dtype']);
  const d = floatDtype(op, o.dtype ?? 'float32');
  const s = sampleShape(op, shape);
  const full = [...s, size, size];
  if (size === 0 || s.some((x) => x === 0)) return lax.full(full, 0, d);
  const z = normal(k, full, { dtype: d });
  const [q, r] = lax.linalg.qr(z, { fullMatrices: false });
  const r2 = full.length;
  const onDiag = lax.compare(lax.iota(full, r2 - 2), lax.iota(full, r2 - 1), 'eq');
  const diag = lax.reduceSum(lax.where(onDiag, r, lax.full(full, 0, d)), [r2 - 2]); // [...s, n]: R[j, j]
  const sign = lax.div(diag, lax.abs(diag));
  return lax.mul(q, lax.broadcastInDim(sign, full, [...s.map((_, i) => i), r2 - 1]));
}
