/**
 * The `np.linalg` namespace: norms (norm.ts), the factorisations and solvers (linalg-decomp.ts),
 * and rank, condition, chains, tensor inverses and the array API's names (linalg-extras.ts).
 */
export * from './norm.js';
export * from './linalg-decomp.js';
export * from './linalg-extras.js';
