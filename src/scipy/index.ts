/**
 * scipy (jax.scipy names in camelCase): scipy.special (special functions), scipy.stats
 * (probability distributions: logpdf / pdf / cdf / … per distribution) and scipy.linalg
 * (triangular solves, Cholesky and LU factor/solve pairs, the matrix exponential, blockDiag).
 */
export * as special from './special.js';
export * as stats from './stats/index.js';
export * as linalg from './linalg.js';
