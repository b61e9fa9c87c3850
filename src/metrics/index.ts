/**
 * Sample-quality metrics for generative models on small data (docs/facm.md, "How to show it works on
 * small data"). Inputs are point sets `Tensor [n, d]`; every metric is async and resolves to plain
 * numbers, because the heavy parts run as fluxion ops on any backend and only small results (or,
 * for sorting, projections) are read back with `await data()`.
 */
export { slicedWasserstein2, w2SquaredSorted, type SlicedWassersteinOptions } from './sliced-wasserstein.js';
export { mmd2, mmd2Against, type MmdOptions } from './mmd.js';
export { pairedMapError } from './paired-map-error.js';
export { modeCoverage, type ModeCoverage, type ModeCoverageOptions } from './mode-coverage.js';
export { frechetDistance, frechetFromMoments, symmetricEigen } from './frechet.js';
