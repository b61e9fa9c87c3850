/**
 * Conformance cases (WebGPU, eager and jit, against the CPU interpreter on seeded inputs; run by
 * spec/api-conformance.spec.ts) for np.linalg's rank, condition, chain and tensor functions and
 * the array API's linalg names (src/numpy/linalg-extras.ts). Matrices are well conditioned
 * (spec/helpers/linalg-cases.ts), so float32 tolerances mean something.
 */
import { grad, np, type Tensor } from '../../src/index.js';
import type { ApiCase } from './api-conformance-cases.js';
import { normal } from './api-generators.js';
import { wellConditioned as wellConditioned64 } from './linalg-cases.js';
import type { Rng } from './check.js';

/** float32 (WebGPU has no float64) matrices with singular values in [1, 4]. */
const wellConditioned = (r: Rng, batch: number[], m: number, n: number) => np.astype(wellConditioned64(r, batch, m, n), 'float32');

export const LINALG_MORE_CASES: ApiCase[] = [
  { name: 'np.linalg.svdvals (batched)', fn: (a) => np.linalg.svdvals(a), args: (r) => [wellConditioned(r, [2], 4, 3)], tol: 1e-4 },
  // A rank-2 4×4 (product of 4×2 and 2×4): the gap between kept and dropped singular values is wide.
  { name: 'np.linalg.matrixRank', fn: (u, v) => np.linalg.matrixRank(np.matmul(u, v)), args: (r) => [normal(r, [4, 2]), normal(r, [2, 4])] },
  { name: 'np.linalg.cond (2-norm)', fn: (a) => np.linalg.cond(a), args: (r) => [wellConditioned(r, [], 4, 4)], tol: 1e-3 },
  { name: 'np.linalg.cond (fro)', fn: (a) => np.linalg.cond(a, 'fro'), args: (r) => [wellConditioned(r, [], 3, 3)], tol: 1e-4 },
  { name: 'np.linalg.multiDot', fn: (a, b, c, d) => np.linalg.multiDot([a, b, c, d]), args: (r) => [normal(r, [5]), normal(r, [5, 3]), normal(r, [3, 6]), normal(r, [6, 2])], tol: 1e-4 },
  { name: 'np.linalg.tensorinv', fn: (a) => np.linalg.tensorinv(np.reshape(a, [2, 3, 6]), 2), args: (r) => [wellConditioned(r, [], 6, 6)], tol: 1e-4 },
  { name: 'np.linalg.tensorsolve', fn: (a, b) => np.linalg.tensorsolve(np.reshape(a, [2, 3, 6]), b), args: (r) => [wellConditioned(r, [], 6, 6), normal(r, [2, 3])], tol: 1e-4 },
  { name: 'np.linalg.diagonal (offset)', fn: (a) => np.linalg.diagonal(a, { offset: 1 }), args: (r) => [normal(r, [2, 3, 4])] },
  { name: 'np.linalg.trace', fn: (a) => np.linalg.trace(a), args: (r) => [normal(r, [2, 3, 3])] },
  // det's custom derivative (the adjugate through the LU): a batch, and a rank-2 3×3 (finite gradient).
  { name: 'np.linalg.det (grad, batched)', fn: (a) => grad((x: Tensor) => np.sum(np.linalg.det(x)))(a), args: (r) => [wellConditioned(r, [2], 3, 3)], tol: 1e-4 },
  {
    name: 'np.linalg.det (grad, singular)', fn: (u, v) => grad((x: Tensor) => np.linalg.det(x))(np.matmul(u, v)),
    args: (r) => [normal(r, [3, 2]), normal(r, [2, 3])], tol: 1e-3,
  },
  { name: 'np.linalg.outer', fn: (a, b) => np.linalg.outer(a, b), args: (r) => [normal(r, [3]), normal(r, [4])] },
];
