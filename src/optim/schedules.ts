/**
 * Learning-rate schedules as functions of the step count tensor, built from np ops so that a
 * schedule evaluates inside a jitted update (no host read of the step). Conventions as optax:
 * the first update sees step 0.
 */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import type { ArrayLike } from '../numpy/creation.js';
import type { LearningRate, Schedule } from './transform.js';
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
 * init · rateˢ with s = (step − begin)/transitionSteps (floored when `staircase`), held at init
 * before `begin` and clipped at `end` when given (optax.exponential_decay).
 * @example optim.exponentialDecay(1, 10, 0.5)(np.array(20)); // 0.25
 */
export function exponentialDecay(init: number, transitionSteps: number, decayRate: number,
  opts: { begin?: number; staircase?: boolean; end?: number } = {}) {
  const { begin = 0, staircase = false, end } = validate.options<{ begin?: number; staircase?: boolean; end?: number }>(
    'optim.exponentialDecay', opts, ['begin', 'staircase', 'end'], '{ staircase: true }');
  if (!(transitionSteps > 0)) throw new ArgumentError(`optim.exponentialDecay: transitionSteps must be a positive number of steps, got ${transitionSteps}.`);
  if (!(decayRate > 0)) throw new ArgumentError(`optim.exponentialDecay: decayRate must be positive, got ${decayRate}.`);
  return (step: ArrayLike): Tensor => {
    let p = np.maximum(asStep(step).sub(begin), 0).div(transitionSteps);
    if (staircase) p = np.floor(p);
    const v = np.power(decayRate, p).mul(init);
    if (end === undefined) return v;
    // Decay (rate < 1) stops at end from above; growth (rate > 1) from below.
    return decayRate < 1 ? np.maximum(v, end) : np.minimum(v, end);
  };
}

/**
 * init, multiplied by each scale once the step reaches its boundary (optax.piecewise_constant_schedule).
 * @example optim.piecewiseConstant(1, { 10: 0.1, 20: 0.5 })(np.array(25)); // 0.05
 */
export function piecewiseConstant(init: number, boundariesAndScales: Record<number, number>) {
  const entries = Object.entries(boundariesAndScales).map(([b, s]) => [Number(b), s] as const).sort((a, b) => a[0] - b[0]);
  for (const [b, s] of entries) {
    if (!Number.isInteger(b) || b < 0 || typeof s !== 'number') {
      throw new ArgumentError(`optim.piecewiseConstant: boundaries must be non-negative integer steps with numeric scales, got ${b}: ${String(s)}.`);
    }
  }
  return (step: ArrayLike): Tensor => {
    const s = asStep(step);
    return entries.reduce((v, [b, sc]) => np.where(s.lt(b), v, v.mul(sc)), np.fullLike(s, init));
  };
}

/**
 * (init − end)·(1 − s/transitionSteps)^power + end, s = step − begin clipped to [0, transitionSteps]
 * (optax.polynomial_schedule; power 1 is a linear decay).
 * @example optim.polynomialDecay(1, 0, 2, 10)(np.array(5)); // 0.25
 */
export function polynomialDecay(init: number, end: number, power: number, transitionSteps: number, opts: { begin?: number } = {}) {
  const { begin = 0 } = validate.options<{ begin?: number }>('optim.polynomialDecay', opts, ['begin'], '{ begin: 100 }');
  if (!(transitionSteps > 0)) throw new ArgumentError(`optim.polynomialDecay: transitionSteps must be a positive number of steps, got ${transitionSteps}.`);
  return (step: ArrayLike): Tensor => {
    const s = np.clip(asStep(step).sub(begin), 0, transitionSteps);
    return np.power(np.subtract(1, s.div(transitionSteps)), power).mul(init - end).add(end);
  };
}

/**
 * Linear from `init` to `end` over transitionSteps steps starting at transitionBegin (default 0):
 * init before it, end after (optax.linear_schedule, i.e. polynomial_schedule with power 1). As
 * optax, transitionSteps ≤ 0 gives the constant init and a negative transitionBegin counts as 0.
 * @example optim.linearSchedule(1, 0.01, 100)(np.array(50)); // 0.505
 */
export function linearSchedule(init: number, end: number, transitionSteps: number, transitionBegin = 0) {
  const op = 'optim.linearSchedule';
  validate.number(op, 'init', init);
  validate.number(op, 'end', end);
  validate.number(op, 'transitionSteps', transitionSteps);
  validate.number(op, 'transitionBegin', transitionBegin);
  if (!(transitionSteps > 0)) return constant(init);
  const begin = Math.max(transitionBegin, 0);
  return (step: ArrayLike): Tensor => {
    const s = np.clip(asStep(step).sub(begin), 0, transitionSteps);
    return np.subtract(1, s.div(transitionSteps)).mul(init - end).add(end);
  };
}

/**
 * Schedules one after another (optax.join_schedules): schedules[0] before boundaries[0], then
 * schedules[i] from boundaries[i − 1] on, each seeing the steps since its own boundary
 * (step − boundary). boundaries has one entry fewer than schedules.
 * @example optim.joinSchedules([optim.linearSchedule(0, 1, 10), optim.cosineDecay(1, 90)], [10])(np.array(55)); // 0.5
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]) {
  const op = 'optim.joinSchedules';
  if (!Array.isArray(schedules) || schedules.length === 0 || schedules.some((f) => typeof f !== 'function')) {
    throw new ArgumentError(`${op}: schedules must be a non-empty list of schedules (step => value), got ${validate.describe(schedules)}.`);
  }
  if (!Array.isArray(boundaries) || boundaries.length !== schedules.length - 1) {
    throw new ArgumentError(`${op}: boundaries must list ${schedules.length - 1} step(s), one fewer than the ${schedules.length} schedules (the step where each next one starts), ` +
      `got ${validate.describe(boundaries)}.`);
  }
  boundaries.forEach((b, i) => validate.number(op, `boundaries[${i}]`, b));
  return (step: ArrayLike): Tensor => {
    const s = asStep(step);
    // Every piece is computed and one selected (a where, not host control flow), so jit works.
    return boundaries.reduce((out, b, i) => np.where(s.lt(b), out, np.asTensor(schedules[i + 1]!(s.sub(b)))),
      np.asTensor(schedules[0]!(s)));
  };
}

/**
 * A learning rate (number or schedule) at `step`, as a scalar tensor.
 * @example optim.lrAt(optim.linearWarmup(1, 10), np.array(5)); // 0.5
 */
export function lrAt(lr: LearningRate, step: Tensor): Tensor {
  return typeof lr === 'number' ? np.fullLike(asStep(step), lr) : lr(asStep(step));
}
