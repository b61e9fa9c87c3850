/**
 * scipy.stats (jax.scipy.stats names in camelCase): one namespace per distribution, each with the
 * functions JAX has for it (logpdf / pdf / cdf / logcdf / sf / logsf / ppf / isf for continuous
 * ones, logpmf / pmf / cdf for discrete ones); loc and scale broadcast against x as in JAX.
 */
export * as norm from './norm.js';
export * as uniform from './uniform.js';
export * as laplace from './laplace.js';
export * as logistic from './logistic.js';
export * as cauchy from './cauchy.js';
export * as t from './t.js';
export * as beta from './beta.js';
export * as gamma from './gamma.js';
export * as chi2 from './chi2.js';
export * as expon from './expon.js';
export * as bernoulli from './bernoulli.js';
export * as poisson from './poisson.js';
export * as binom from './binom.js';
export * as multivariateNormal from './multivariate-normal.js';
