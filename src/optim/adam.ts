/** Adam (Kingma & Ba 2015) and AdamW (Loshchilov & Hutter 2019), as optax composes them. */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { chain } from './chain.js';
import { masked } from './masked.js';
import { addDecayedWeights, scaleByLearningRate } from './scale.js';
import type { GradientTransformation, LearningRate } from './transform.js';
import { mapTensors, zeroCount } from './tree.js';
import * as validate from '../core/validate.js';
import { ArgumentError } from '../core/errors.js';

const ADAM_KEYS = ['b1', 'b2', 'eps'];

export interface AdamOptions {
  /** Decay of the first moment (default 0.9). */
  b1?: number;
  /** Decay of the second moment (default 0.999). */
  b2?: number;
  /** Added to √v̂ in the denominator (default 1e-8). */
  eps?: number;
}

/** Adam's state: moments shaped like the parameters, and the step count. */
export interface AdamState<P = unknown> { mu: P; nu: P; count: Tensor }

/**
 * Adam's direction without the learning rate: m̂ / (√v̂ + eps), with bias-corrected moments
 * m̂ = m/(1 − b1ᵗ), v̂ = v/(1 − b2ᵗ) at t = count + 1 (the zero-initialised moments underestimate early on).
 * @example const t = optim.scaleByAdam(); const [u, s] = t.update(grads, t.init(params));
 */
export function scaleByAdam(opts: AdamOptions = {}): GradientTransformation<AdamState> {
  const { b1 = 0.9, b2 = 0.999, eps = 1e-8 } = validate.options<AdamOptions>('optim.scaleByAdam', opts, ADAM_KEYS, '{ b1: 0.9, b2: 0.999 }');
  return {
    init: (params) => ({ mu: mapTensors(np.zerosLike, params), nu: mapTensors(np.zerosLike, params), count: zeroCount() }),
    update: (grads, state) => {
      const mu = mapTensors((m, g) => m.mul(b1).add(g.mul(1 - b1)), state.mu, grads);
      const nu = mapTensors((v, g) => v.mul(b2).add(g.square().mul(1 - b2)), state.nu, grads);
      const count = state.count.add(1);
      // The correction is computed per leaf in the leaf's dtype, so float64 parameters stay exact.
      const updates = mapTensors((m, v) => {
        const t = count.astype(m.dtype);
        const mHat = m.div(np.subtract(1, np.power(b1, t)));
        const vHat = v.div(np.subtract(1, np.power(b2, t)));
        return mHat.div(vHat.sqrt().add(eps));
      }, mu, nu);
      return [updates as typeof grads, { mu, nu, count }];
    },
  };
}

/**
 * Adam: lr · m̂ / (√v̂ + eps), subtracted from the parameters by applyUpdates.
 * @example const opt = optim.adam(1e-3); let s = opt.init(params); const [u, s2] = opt.update(grads, s);
 */
export function adam(lr: LearningRate, opts: AdamOptions = {}): GradientTransformation {
  validate.options('optim.adam', opts, ADAM_KEYS, '{ b1: 0.9, b2: 0.999 }');
  return chain(scaleByAdam(opts), scaleByLearningRate(lr));
}

export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay coefficient (default 1e-4, as optax; FACM uses 0). */
  weightDecay?: number;
  /**
   * Where to decay (optax's mask): a pytree of booleans shaped like the parameters, or a function
   * of the parameters (the updates, as optax.masked calls it) that returns one; leaves marked false
   * (biases, norm scales) get no decay. Default: every leaf.
   */
  mask?: unknown | ((params: unknown) => unknown);
}

/**
 * AdamW: lr · (m̂ / (√v̂ + eps) + weightDecay · params); the decay is decoupled from the moments,
 * so it shrinks every weight at the same relative rate; `mask` limits it to some leaves
 * (optax.adamw's mask, through optim.masked). update needs params.
 * @example const opt = optim.adamw(1e-4, { weightDecay: 0 }); const [u, s] = opt.update(grads, opt.init(params), params);
 * @example const opt = optim.adamw(1e-3, { mask: (p) => tree.mapWithPath((path) => path.at(-1) === 'w', p) }); // no decay on biases
 */
export function adamw(lr: LearningRate, opts: AdamWOptions = {}): GradientTransformation {
  // An unknown key (weight_decay) would otherwise train with the default decay without a word.
  const { weightDecay = 1e-4, mask, ...adamOpts } =
    validate.options<AdamWOptions>('optim.adamw', opts, [...ADAM_KEYS, 'weightDecay', 'mask'], '{ weightDecay: 1e-4, mask: (p) => ... }');
  if (mask !== undefined && (mask === null || (typeof mask !== 'function' && typeof mask !== 'object'))) {
    throw new ArgumentError(`optim.adamw: mask must be a pytree of booleans shaped like the parameters or a function params => such a pytree, got ${validate.describe(mask)}.`);
  }
  const decay = mask === undefined ? addDecayedWeights(weightDecay) : masked(addDecayedWeights(weightDecay), mask);
  return chain(scaleByAdam(adamOpts), decay, scaleByLearningRate(lr));
}
