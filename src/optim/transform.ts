/**
 * The optax interface: an optimiser is a pair of pure functions over pytrees. `init` builds a
 * state (a pytree of tensors, so it can be jitted, saved and checkpointed); `update` maps
 * gradients to updates (what to add to the parameters) and the next state, never mutating.
 */
import type { Tensor } from '../core/tensor.js';

/** Optimiser state: a pytree of tensors (objects, arrays, tensors, null). */
export type OptState = unknown;

/** init(params) → state; update(grads, state, params?) → [updates, state']. */
export interface GradientTransformation<S = OptState> {
  init<P>(params: P): S;
  update<P>(updates: P, state: S, params?: P): [P, S];
}

/** A schedule maps the step count (a float32 scalar tensor, 0 at the first update) to a value. */
export type Schedule = (step: Tensor) => Tensor;

/** A learning rate: a constant or a schedule of the step count. */
export type LearningRate = number | Schedule;
