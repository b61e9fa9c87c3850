/**
 * Pointwise activations, written as compositions of np ops so every transformation (grad, jvp,
 * vmap, jit) and the compiler's elementwise fusion apply to them without new primitives.
 */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

/**
 * SiLU (swish): x·σ(x). Smooth, so second-order uses (grad of a jvp, as in FACM) see no kinks.
 * @example nn.silu(np.array([-1, 0, 1])); // [-0.26894, 0, 0.73106]
 */
export function silu(x: ArrayLike): Tensor {
  const t = operandTensor('nn.silu', x);
  return t.mul(np.sigmoid(t));
}

/**
 * ReLU: max(x, 0).
 * @example nn.relu(np.array([-1, 2])); // [0, 2]
 */
export const relu = (x: ArrayLike): Tensor => np.maximum(operandTensor('nn.relu', x), 0);

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * GELU, tanh approximation: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). The exact form x·Φ(x) needs
 * erf, which np does not have (and WGSL has no builtin for); the approximation is within 1e-3.
 * @example nn.gelu(np.array([-1, 0, 1])); // [-0.15881, 0, 0.84119]
 */
export function gelu(x: ArrayLike): Tensor {
  const t = operandTensor('nn.gelu', x);
  const inner = t.add(t.mul(t).mul(t).mul(0.044715)).mul(GELU_C);
  return t.mul(0.5).mul(np.tanh(inner).add(1));
}

/** An activation: a pointwise function of one tensor. */
export type Activation = (x: Tensor) => Tensor;
