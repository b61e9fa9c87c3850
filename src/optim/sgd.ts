/** Stochastic gradient descent, optionally with (Nesterov) momentum. */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { chain } from './chain.js';
import { scaleByLearningRate } from './scale.js';
import type { GradientTransformation, LearningRate } from './transform.js';
import { mapTensors } from './tree.js';
import * as validate from '../core/validate.js';

/**
 * Heavy-ball momentum: trace ← g + decay·trace; the update is the trace (g + decay·trace' with Nesterov).
 * @example const t = optim.trace(0.9); const [u, s] = t.update(grads, t.init(params));
 */
export function trace(decay: number, nesterov = false): GradientTransformation<{ trace: unknown }> {
  return {
    init: (params) => ({ trace: mapTensors(np.zerosLike, params) }),
    update: (grads, state) => {
      const tr = mapTensors((t: Tensor, g: Tensor) => g.add(t.mul(decay)), state.trace as typeof grads, grads);
      const out = nesterov ? mapTensors((t: Tensor, g: Tensor) => g.add(t.mul(decay)), tr, grads) : tr;
      return [out, { trace: tr }];
    },
  };
}

/**
 * SGD: updates = −lr · g (with momentum: −lr · trace).
 * @example const opt = optim.sgd(0.1); const [u, s] = opt.update(grads, opt.init(params));
 */
export function sgd(lr: LearningRate, opts: { momentum?: number; nesterov?: boolean } = {}): GradientTransformation {
  const { momentum = 0, nesterov = false } = validate.options<{ momentum?: number; nesterov?: boolean }>('optim.sgd', opts, ['momentum', 'nesterov'], '{ momentum: 0.9 }');
  return momentum > 0 ? chain(trace(momentum, nesterov), scaleByLearningRate(lr)) : chain(scaleByLearningRate(lr));
}
