/** Layer normalisation over the last axis (Ba et al. 2016). */
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { operandTensor } from '../numpy/creation.js';
import { ShapeError } from '../core/errors.js';

export interface LayerNormOptions {
  /** Per-feature scale, shape [d] (default: none). */
  gamma?: Tensor;
  /** Per-feature shift, shape [d] (default: none). */
  beta?: Tensor;
  /** Added to the variance before the rsqrt (default 1e-5, as PyTorch's LayerNorm; Flax's LayerNorm uses 1e-6: pass eps: 1e-6 to match it). */
  eps?: number;
}

/**
 * (x − mean) / √(var + eps) over the last axis, then · gamma + beta. The variance is the mean of
 * the squared centred values (biased), computed after centring for accuracy in float32.
 * @example nn.layerNorm(np.array([[1, 2, 3]])); // → [[-1.2247357, 0, 1.2247357]] — ε = 1e-5 in the variance
 */
export function layerNorm(input: Tensor, opts: LayerNormOptions = {}): Tensor {
  const { gamma, beta, eps = 1e-5 } = validate.options<LayerNormOptions>('nn.layerNorm', opts, ['gamma', 'beta', 'eps'], '{ gamma, beta, eps: 1e-6 }');
  const x = operandTensor('nn.layerNorm', input);
  validate.number('nn.layerNorm', 'eps', eps);
  // gamma and beta are per feature: a wrong length would fail inside np.multiply (or broadcast
  // along the wrong axis), so say here what they must be.
  const d = x.shape[x.ndim - 1];
  for (const [name, p] of [['gamma', gamma], ['beta', beta]] as const) {
    if (p === undefined) continue;
    const t = operandTensor('nn.layerNorm', p, undefined, name);
    if (t.ndim !== 1 || t.shape[0] !== d) {
      throw new ShapeError(`nn.layerNorm: ${name} is ${t.aval} but the input ${x.aval} has ${d} features on its last axis; ${name} must be [${d}].`);
    }
  }
  const centred = x.sub(x.mean({ axis: -1, keepdims: true }));
  const variance = centred.square().mean({ axis: -1, keepdims: true });
  let y = centred.mul(variance.add(eps).rsqrt());
  if (gamma) y = y.mul(gamma);
  if (beta) y = y.add(beta);
  return y;
}
