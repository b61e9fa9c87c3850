/** Multi-layer perceptrons: a list of dense layers with an activation between them. */
import type { Tensor } from '../core/tensor.js';
import { Activation, silu } from './activations.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';
import { DENSE_INIT_KEYS, DenseInitOptions, DenseParams, dense, initDense, splitKeys } from './dense.js';

export interface MlpInitOptions extends Omit<DenseInitOptions, 'zeroInit'> {
  /** Zero weights in the last layer, so the network starts as the constant 0 (default false). */
  zeroInitLast?: boolean;
}

/**
 * Initialises an MLP with layer widths `sizes` ([in, hidden..., out]); each layer as initDense.
 * @example
 * const p = nn.initMlp(random.key(0), [2, 64, 64, 2]);
 * p.map((layer) => layer.w.shape); // → [[2, 64], [64, 64], [64, 2]]
 */
export function initMlp(key: Tensor, sizes: readonly number[], opts: MlpInitOptions & { useBias: false }): DenseParams<null>[];
export function initMlp(key: Tensor, sizes: readonly number[], opts?: MlpInitOptions & { useBias?: true }): DenseParams[];
export function initMlp(key: Tensor, sizes: readonly number[], opts?: MlpInitOptions): DenseParams<Tensor | null>[];
export function initMlp(key: Tensor, sizes: readonly number[], opts: MlpInitOptions = {}): DenseParams<Tensor | null>[] {
  const op = 'nn.initMlp';
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new ArgumentError(`${op}: sizes needs at least [in, out] layer widths, got ${Array.isArray(sizes) ? `[${sizes.join(', ')}]` : validate.describe(sizes)}; ` +
      `e.g. nn.initMlp(key, [2, 64, 64, 2]).`);
  }
  sizes.forEach((n, i) => validate.integer(op, `sizes[${i}]`, n, { min: 1 }));
  const { zeroInitLast = false, ...dense } = validate.options<MlpInitOptions>(op, opts,
    [...DENSE_INIT_KEYS.filter((k) => k !== 'zeroInit'), 'zeroInitLast'], '{ zeroInitLast: true }');
  validate.boolean(op, 'zeroInitLast', zeroInitLast);
  const keys = splitKeys(key, sizes.length - 1);
  return keys.map((k, i) => initDense(k, sizes[i], sizes[i + 1], { ...dense, zeroInit: zeroInitLast && i === sizes.length - 2 }));
}

/**
 * Applies the layers in order with `activation` (default SiLU) between them and none after the
 * last, so the output is unconstrained (a velocity, a logit).
 * @example nn.mlp(nn.initMlp(random.key(0), [2, 8, 1]), np.ones([5, 2])).shape; // → [5, 1]
 */
export function mlp(params: readonly DenseParams<Tensor | null>[], x: Tensor, opts: { activation?: Activation } = {}): Tensor {
  const op = 'nn.mlp';
  const { activation = silu } = validate.options<{ activation?: Activation }>(op, opts, ['activation'], '{ activation: nn.relu }');
  validate.fn(op, activation, 'the activation');
  if (!Array.isArray(params)) {
    throw new ArgumentError(`${op}: params must be the list of layers from nn.initMlp, got ${validate.describe(params)}.`);
  }
  return params.reduce((h, layer, i) => {
    const y = dense(layer, h);
    return i < params.length - 1 ? activation(y) : y;
  }, x);
}
