/**
 * Optimisers in the style of optax: pure gradient transformations over pytrees whose states are
 * pytrees of tensors, so a whole training step (loss, grad, clip, AdamW, EMA) jits into one program.
 */
export type { GradientTransformation, OptState, Schedule, LearningRate } from './transform.js';
export { globalNorm } from './tree.js';
export { constant, linearWarmup, cosineDecay, warmupCosine, exponentialDecay, piecewiseConstant, polynomialDecay, linearSchedule, joinSchedules, lrAt } from './schedules.js';
export { scale, scaleByLearningRate, addDecayedWeights } from './scale.js';
export { scaleByAdam, adam, adamw, type AdamOptions, type AdamWOptions, type AdamState } from './adam.js';
export { sgd, trace } from './sgd.js';
export { clip, clipByGlobalNorm } from './clip.js';
export { scaleByRms, rmsprop, adagrad, adamax, lion, type RmsOptions } from './adaptive.js';
export { masked } from './masked.js';
export { chain } from './chain.js';
export { applyUpdates } from './apply.js';
export { ema, emaInit, emaUpdate, emaWarmup } from './ema.js';
