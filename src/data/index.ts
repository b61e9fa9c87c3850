/**
 * 2-D toy distributions for flow and consistency models (docs/facm.md, "How to show it works on small
 * data"): pure functions of a random key, normalised to zero mean and unit variance per
 * dimension with the distribution's exact moments, labelled by mode.
 */
export type { Sample, Moments } from './sample.js';
export { eightGaussians, eightGaussianCenters, eightGaussiansMoments, type EightGaussiansOptions } from './eight-gaussians.js';
export { checkerboard, checkerboardCenters, checkerboardMoments } from './checkerboard.js';
export { twoMoons, twoMoonsMoments, type TwoMoonsOptions } from './two-moons.js';
export { spirals, spiralsMoments, type SpiralsOptions } from './spirals.js';
export { sampleDataset, modeCenters, datasetNames, type DatasetName } from './dataset.js';
export { mnistSplit, mnistPart, mnistToUnit, MNIST_SIDE, type MnistSet, type MnistSplit } from './mnist.js';
