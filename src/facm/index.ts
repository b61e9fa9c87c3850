/** Flow-Anchored Consistency Models (docs/facm.md) as composable pure functions. */
export { interpolate, velocity, perSample } from './path.js';
export { sampleTime, type TimeSampler } from './time.js';
export {
  type Net, type ConsistencyParts, type FacmOptions, meanPerSample, cosinePerSample, flowMatchingPerSample,
  teacherLoss, consistencyTarget, consistencyPerSample, facmLoss, cmOnlyLoss, scmLoss, guidedVelocity,
} from './losses.js';
export { sampleOneStep, sampleSteps, eulerSample, heunSample } from './samplers.js';
export {
  type MeanFlowNet, type MeanFlowParts, type MeanFlowTimeOptions, type MeanFlowLossOptions, meanFlowPath,
  sampleMeanFlowTimes, meanFlowTarget, meanFlowLoss, meanFlowSample, meanFlowFromNet,
} from './meanflow.js';
export { makeTrainStep, initTrainState, type TrainState, type TrainStepOptions } from './train.js';
export {
  trainLoop, memoryCheckpointStore, LOOP_CHECKPOINT_METADATA,
  type LoopOptions, type LoopResult, type CheckpointStore, type LoopCheckpoint, type History,
} from './loop.js';
