/**
 * The linear probability path of docs/facm.md: time runs from noise (t = 0) to data (t = 1),
 * x_t = t·x + (1 − t)·ε, and the conditional velocity is v = x − ε.
 */
import * as np from '../numpy/index.js';
import type { Tensor } from '../core/tensor.js';

/** Broadcasts per-sample times [B] against samples [B, ...]. */
export const perSample = (t: Tensor, like: Tensor): Tensor => t.reshape([t.shape[0], ...like.shape.slice(1).map(() => 1)]);

/** x_t = t·x + (1 − t)·ε. @example const xt = interpolate(x, eps, t); */
export const interpolate = (x: Tensor, eps: Tensor, t: Tensor): Tensor => {
  const tb = perSample(t, x);
  return tb.mul(x).add(np.subtract(1, tb).mul(eps));
};

/** v = x − ε, the velocity of the straight path from ε to x. @example const v = velocity(x, eps); */
export const velocity = (x: Tensor, eps: Tensor): Tensor => x.sub(eps);
