/** The elementary transformations the named optimisers are chained from. */
import type { Tensor } from '../core/tensor.js';
import { lrAt } from './schedules.js';
import type { GradientTransformation, LearningRate } from './transform.js';
import { mapTensors, zeroCount } from './tree.js';
import { ArgumentError } from '../core/errors.js';

/**
 * Multiplies updates by a constant.
 * @example optim.scale(-0.1).update({ w: np.array([1]) }, null); // [{ w: [-0.1] }, null]
 */
export function scale(factor: number): GradientTransformation<null> {
  return {
    init: () => null,
    update: (updates, state) => [mapTensors((u) => u.mul(factor), updates), state],
  };
}

/**
 * Multiplies updates by −lr (descent). A schedule reads the step count kept in the state.
 * @example optim.scaleByLearningRate(0.1).update({ w: np.array([1]) }, optim.scaleByLearningRate(0.1).init({}));
 */
export function scaleByLearningRate(lr: LearningRate): GradientTransformation<{ count: Tensor } | null> {
  if (typeof lr === 'number') {
    const s = scale(-lr);
    return { init: () => null, update: (u) => [s.update(u, null)[0], null] };
  }
  return {
    init: () => ({ count: zeroCount() }),
    update: (updates, state) => {
      const count = (state as { count: Tensor }).count;
      const step = lrAt(lr, count).neg();
      return [mapTensors((u) => u.mul(step.astype(u.dtype)), updates), { count: count.add(1) }];
    },
  };
}

/**
 * Adds weightDecay · params to the updates (decoupled weight decay, applied before the lr scale).
 * @example optim.addDecayedWeights(1e-4).update(grads, null, params);
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<null> {
  return {
    init: () => null,
    update: (updates, state, params) => {
      if (weightDecay === 0) return [updates, state];
      if (params === undefined) throw new ArgumentError('optim.addDecayedWeights: update needs params (pass them as the third argument: opt.update(grads, state, params)).');
      return [mapTensors((u, p) => u.add(p.mul(weightDecay)), updates, params), state];
    },
  };
}
