/**
 * Optimisers in the style of optax: pure gradient transformations over pytrees whose states are
 * pytrees of tensors, so a whole training step (loss, grad, clip, AdamW, EMA) jits into one program.
 */
export type { GradientTransformation, OptState, Schedule, LearningRate } from './transform';
export { globalNorm } from './tree';
export { constant, linearWarmup, cosineDecay, warmupCosine, lrAt } from './schedules';
export { scale, scaleByLearningRate, addDecayedWeights } from './scale';
export { scaleByAdam, adam, adamw, type AdamOptions, type AdamWOptions, type AdamState } from './adam';
export { sgd, trace } from './sgd';
export { clipByGlobalNorm } from './clip';
export { chain } from './chain';
export { applyUpdates } from './apply';
export { ema, emaInit, emaUpdate, emaWarmup } from './ema';
