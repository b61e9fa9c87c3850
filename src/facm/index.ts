/** Flow-Anchored Consistency Models (FACM.md) as composable pure functions. */
export { interpolate, velocity, perSample } from './path';
export { sampleTime, type TimeSampler } from './time';
export {
  type Net, type ConsistencyParts, type FacmOptions, meanPerSample, cosinePerSample, flowMatchingPerSample,
  teacherLoss, consistencyTarget, consistencyPerSample, facmLoss, cmOnlyLoss, scmLoss, guidedVelocity,
} from './losses';
export { sampleOneStep, sampleSteps, eulerSample, heunSample } from './samplers';
export {
  type MeanFlowNet, type MeanFlowParts, type MeanFlowTimeOptions, type MeanFlowLossOptions, meanFlowPath,
  sampleMeanFlowTimes, meanFlowTarget, meanFlowLoss, meanFlowSample, meanFlowFromNet,
} from './meanflow';
export { makeTrainStep, initTrainState, type TrainState } from './train';
export { trainLoop, type LoopOptions, type LoopResult } from './loop';
