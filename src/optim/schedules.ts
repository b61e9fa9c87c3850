/**
 * Learning-rate schedules as functions of the step count tensor, built from np ops so that a
 * schedule evaluates inside a jitted update (no host read of the step). Conventions as optax:
 * the first update sees step 0.
 */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import type { ArrayLike } from '../numpy/creation.js';
import type { LearningRate } from './transform.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

const asStep = (step: ArrayLike): Tensor => np.asTensor(step).astype('float32');

/**
 * The same value at every step.
 * @example optim.constant(1e-3)(np.array(10)); // 1e-3
 */
export const constant = (value: number) => (step: ArrayLike): Tensor => np.fullLike(asStep(step), value);

/**
 * Linear ramp from `init` (step 0) to `peak` (step warmupSteps), then held at `peak`.
 * @example optim.linearWarmup(1e-3, 100)(np.array(50)); // 5e-4
 */
export function linearWarmup(peak: number, warmupSteps: number, init = 0) {
  if (!(warmupSteps > 0)) throw new ArgumentError(`optim.linearWarmup: warmupSteps must be a positive number of steps, got ${warmupSteps}; use optim.constant(peak) for no warmup.`);
  return (step: ArrayLike): Tensor => {
    const frac = np.minimum(asStep(step).div(warmupSteps), 1);
    return frac.mul(peak - init).add(init);
  };
}

/**
 * Cosine decay from `init` at step 0 to `alpha·init` at decaySteps, held after.
 * @example optim.cosineDecay(1, 100)(np.array(50)); // 0.5
 */
export function cosineDecay(init: number, decaySteps: number, alpha = 0) {
  if (!(decaySteps > 0)) throw new ArgumentError(`optim.cosineDecay: decaySteps must be a positive number of steps, got ${decaySteps}.`);
  return (step: ArrayLike): Tensor => {
    const frac = np.minimum(asStep(step).div(decaySteps), 1);
    const cosine = np.cos(frac.mul(Math.PI)).add(1).mul(0.5);
    return cosine.mul((1 - alpha) * init).add(alpha * init);
  };
}

/**
 * Linear warmup from `init` to `peak` over warmupSteps, then cosine decay to `end` at decaySteps
 * (decaySteps counts from step 0 and includes the warmup, as optax's warmup_cosine_decay_schedule).
 * @example optim.warmupCosine(1e-3, 10, 100)(np.array(10)); // 1e-3
 */
export function warmupCosine(peak: number, warmupSteps: number, decaySteps: number, opts: { init?: number; end?: number } = {}) {
  const { init = 0, end = 0 } = validate.options<{ init?: number; end?: number }>('optim.warmupCosine', opts, ['init', 'end'], '{ init: 0, end: 1e-5 }');
  if (!(decaySteps > warmupSteps)) {
    throw new ArgumentError(`optim.warmupCosine: decaySteps (${decaySteps}) must exceed warmupSteps (${warmupSteps}); both count from step 0, so decaySteps includes the warmup.`);
  }
  const warm = linearWarmup(peak, Math.max(warmupSteps, 1), init);
  const decay = cosineDecay(peak - end, decaySteps - warmupSteps);
  return (step: ArrayLike): Tensor => {
    const s = asStep(step);
    // Both branches are computed and one is selected: a select, not host control flow, so jit works.
    return np.where(s.lt(warmupSteps), warm(s), decay(s.sub(warmupSteps)).add(end));
  };
}

/**
 * A learning rate (number or schedule) at `step`, as a scalar tensor.
 * @example optim.lrAt(optim.linearWarmup(1, 10), np.array(5)); // 0.5
 */
export function lrAt(lr: LearningRate, step: Tensor): Tensor {
  return typeof lr === 'number' ? np.fullLike(asStep(step), lr) : lr(asStep(step));
}
