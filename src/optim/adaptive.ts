/**
 * The other adaptive optimisers of optax: RMSProp (scale_by_rms), AdaGrad (scale_by_rss), Adamax
 * (scale_by_adamax) and Lion (scale_by_lion), each an elementary transformation plus the named
 * chain, with optax's formulas and defaults (eps inside the square root where optax puts it).
 */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import * as validate from '../core/validate.js';
import { chain } from './chain.js';
import { addDecayedWeights, scaleByLearningRate } from './scale.js';
import { trace } from './sgd.js';
import type { GradientTransformation, LearningRate } from './transform.js';
import { mapTensors, zeroCount } from './tree.js';

export interface RmsOptions { decay?: number; eps?: number; initialScale?: number }

/**
 * RMSProp's direction: ν ← decay·ν + (1 − decay)·g², update g / √(ν + eps) (optax.scale_by_rms).
 * @example const t = optim.scaleByRms(); const [u, s] = t.update(grads, t.init(params));
 */
export function scaleByRms(opts: RmsOptions = {}): GradientTransformation<{ nu: unknown }> {
  const { decay = 0.9, eps = 1e-8, initialScale = 0 } = validate.options<RmsOptions>('optim.scaleByRms', opts, ['decay', 'eps', 'initialScale'], '{ decay: 0.9 }');
  return {
    init: (params) => ({ nu: mapTensors((p) => np.fullLike(p, initialScale), params) }),
    update: (grads, state) => {
      const nu = mapTensors((v: Tensor, g: Tensor) => v.mul(decay).add(g.square().mul(1 - decay)), state.nu as typeof grads, grads);
      return [mapTensors((g: Tensor, v: Tensor) => g.mul(v.add(eps).rsqrt()), grads, nu), { nu }];
    },
  };
}

/**
 * RMSProp (optax.rmsprop): scaleByRms then −lr, with optional heavy-ball momentum.
 * @example const opt = optim.rmsprop(1e-3); const [u, s] = opt.update(grads, opt.init(params));
 */
export function rmsprop(lr: LearningRate, opts: RmsOptions & { momentum?: number; nesterov?: boolean } = {}): GradientTransformation {
  const { momentum = 0, nesterov = false, ...rms } = validate.options<RmsOptions & { momentum?: number; nesterov?: boolean }>(
    'optim.rmsprop', opts, ['decay', 'eps', 'initialScale', 'momentum', 'nesterov'], '{ decay: 0.9, momentum: 0.9 }');
  return momentum > 0 ? chain(scaleByRms(rms), scaleByLearningRate(lr), trace(momentum, nesterov)) : chain(scaleByRms(rms), scaleByLearningRate(lr));
}

/**
 * AdaGrad (optax.adagrad): Σg² accumulated from `initialAccumulatorValue`; update
 * −lr · g / √(Σg² + eps) (0 where the sum is 0).
 * @example const opt = optim.adagrad(0.1); const [u, s] = opt.update(grads, opt.init(params));
 */
export function adagrad(lr: LearningRate, opts: { initialAccumulatorValue?: number; eps?: number } = {}): GradientTransformation {
  const { initialAccumulatorValue = 0.1, eps = 1e-7 } = validate.options<{ initialAccumulatorValue?: number; eps?: number }>(
    'optim.adagrad', opts, ['initialAccumulatorValue', 'eps'], '{ initialAccumulatorValue: 0.1 }');
  const rss: GradientTransformation<{ sumOfSquares: unknown }> = {
    init: (params) => ({ sumOfSquares: mapTensors((p) => np.fullLike(p, initialAccumulatorValue), params) }),
    update: (grads, state) => {
      const sum = mapTensors((s: Tensor, g: Tensor) => s.add(g.square()), state.sumOfSquares as typeof grads, grads);
      const out = mapTensors((g: Tensor, s: Tensor) => np.where(s.gt(0), g.mul(s.add(eps).rsqrt()), np.zerosLike(g)), grads, sum);
      return [out, { sumOfSquares: sum }];
    },
  };
  return chain(rss, scaleByLearningRate(lr));
}

/**
 * Adamax (optax.adamax): m ← b1·m + (1 − b1)·g, u ← max(b2·u, |g| + eps), update
 * −lr · m̂ / u with m̂ = m / (1 − b1ᵗ).
 * @example const opt = optim.adamax(2e-3); const [u, s] = opt.update(grads, opt.init(params));
 */
export function adamax(lr: LearningRate, opts: { b1?: number; b2?: number; eps?: number } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = validate.options<{ b1?: number; b2?: number; eps?: number }>('optim.adamax', opts, ['b1', 'b2', 'eps'], '{ b1: 0.9 }');
  const inner: GradientTransformation<{ mu: unknown; nu: unknown; count: Tensor }> = {
    init: (params) => ({ mu: mapTensors(np.zerosLike, params), nu: mapTensors(np.zerosLike, params), count: zeroCount() }),
    update: (grads, state) => {
      const mu = mapTensors((m: Tensor, g: Tensor) => m.mul(b1).add(g.mul(1 - b1)), state.mu as typeof grads, grads);
      const nu = mapTensors((u: Tensor, g: Tensor) => np.maximum(u.mul(b2), g.abs().add(eps)), state.nu as typeof grads, grads);
      const count = state.count.add(1);
      const out = mapTensors((m: Tensor, u: Tensor) => m.div(np.subtract(1, np.power(b1, count.astype(m.dtype)))).div(u), mu, nu);
      return [out, { mu, nu, count }];
    },
  };
  return chain(inner, scaleByLearningRate(lr));
}

/**
 * Lion (Chen et al. 2023; optax.lion): update sign((1 − b1)·g + b1·m), then m ← (1 − b2)·g + b2·m;
 * decoupled weight decay (default 1e-3) before −lr. update needs params when weightDecay ≠ 0.
 * @example const opt = optim.lion(1e-4); const [u, s] = opt.update(grads, opt.init(params), params);
 */
export function lion(lr: LearningRate, opts: { b1?: number; b2?: number; weightDecay?: number } = {}): GradientTransformation {
  const { b1 = 0.9, b2 = 0.99, weightDecay = 1e-3 } = validate.options<{ b1?: number; b2?: number; weightDecay?: number }>(
    'optim.lion', opts, ['b1', 'b2', 'weightDecay'], '{ b1: 0.9, b2: 0.99, weightDecay: 1e-3 }');
  const inner: GradientTransformation<{ mu: unknown }> = {
    init: (params) => ({ mu: mapTensors(np.zerosLike, params) }),
    update: (grads, state) => {
      const out = mapTensors((g: Tensor, m: Tensor) => np.sign(g.mul(1 - b1).add(m.mul(b1))), grads, state.mu);
      const mu = mapTensors((m: Tensor, g: Tensor) => m.mul(b2).add(g.mul(1 - b2)), state.mu as typeof grads, grads);
      return [out, { mu }];
    },
  };
  return chain(inner, addDecayedWeights(weightDecay), scaleByLearningRate(lr));
}
