/**
 * Public functions whose WebGPU results the linalg specs compare against the CPU oracle on fresh
 * random inputs: the generic table (spec/helpers/linalg-cases.ts, run by webgpu-conformance.spec)
 * and spec/linalg.spec.ts's WebGPU block.
 */
export const COVERED: readonly string[] = [
  'lax.linalg.cholesky', 'lax.linalg.triangularSolve', 'lax.linalg.lu', 'lax.linalg.qr', 'lax.linalg.eigh', 'lax.linalg.svd',
  'np.linalg.cholesky', 'np.linalg.qr', 'np.linalg.eigh', 'np.linalg.eigvalsh', 'np.linalg.svd',
  'np.linalg.det', 'np.linalg.slogdet', 'np.linalg.inv', 'np.linalg.solve', 'np.linalg.lstsq', 'np.linalg.pinv',
  'np.linalg.matrixPower', 'np.linalg.norm', 'np.linalg.matrixNorm', 'np.linalg.vectorNorm',
];
