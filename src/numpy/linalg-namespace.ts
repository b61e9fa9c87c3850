/** The `np.linalg` namespace: norms (norm.ts) and the factorisations and solvers (linalg-decomp.ts). */
export * from './norm.js';
export * from './linalg-decomp.js';
