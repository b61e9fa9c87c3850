/** Paired map error: how far one sampler's outputs are from another's on the same noise. */
import type { Tensor } from '../core/tensor.js';
import { checkPair } from './check.js';
import { ShapeError } from '../core/errors.js';

/**
 * E‖a_i − b_i‖² over paired rows of a, b: [n, d] — e.g. a one-step generator G(ε) against the
 * teacher's many-step ODE map Φ(ε) on the same ε. Unlike distribution metrics it sees whether the
 * *map* is right, not only its image. Computed with fluxion ops; only the scalar is read back.
 * @example
 * const err = await metrics.pairedMapError(sampleOneStep(F, eps), teacherOde(eps));   // a number
 */
export async function pairedMapError(a: Tensor, b: Tensor): Promise<number> {
  checkPair('pairedMapError', a, b);
  if (a.shape[0] !== b.shape[0]) {
    throw new ShapeError(`metrics.pairedMapError: a is ${a.aval} and b is ${b.aval}; rows are pairs (same ε), so n must match.`);
  }
  const e = a.astype('float32').sub(b.astype('float32')).square().sum({ axis: 1 }).mean();
  return (await e.data())[0];
}
