/**
 * What the specs that predate the coverage registry compare on WebGPU against the CPU interpreter
 * on seeded random inputs, by public name:
 * - spec/webgpu-conformance.spec.ts runs every float32 case of spec/helpers/primitive-cases.ts
 *   (with spec/helpers/indexing-cases.ts and spec/helpers/sort-scan-cases.ts), eager and jit;
 *   the cast cases are float64-only (float32: false) and are not counted here;
 * - spec/sort-scan.spec.ts ('WebGPU matches the CPU on long and odd-length rows'): np.sort,
 *   np.argsort, np.cumsum, np.cumprod, np.cummax, np.cummin, np.searchsorted, lax.sort, lax.topK.
 * Specs that compare on fixed inputs only (webgpu-nn-library, numpy-breadth's fixture) are not
 * counted; spec/api-conformance.spec.ts covers those functions on random inputs.
 */
export const COVERED: readonly string[] = [
  // primitive-cases: one lax wrapper per primitive
  'lax.neg', 'lax.exp', 'lax.log', 'lax.log1p', 'lax.expm1', 'lax.sin', 'lax.cos', 'lax.tanh', 'lax.sqrt', 'lax.rsqrt',
  'lax.abs', 'lax.sign', 'lax.floor', 'lax.stopGradient',
  'lax.add', 'lax.sub', 'lax.mul', 'lax.div', 'lax.max', 'lax.min', 'lax.pow', 'lax.rem', 'lax.atan2',
  'lax.shiftRightLogical', 'lax.bitwiseXor', 'lax.compare', 'lax.where',
  'lax.bitwiseAnd', 'lax.bitwiseOr', 'lax.bitwiseNot', 'lax.shiftLeft', 'lax.shiftRightArithmetic',
  'lax.broadcastInDim', 'lax.reshape', 'lax.transpose', 'lax.slice', 'lax.pad', 'lax.concatenate',
  'lax.gather', 'lax.scatterAdd', 'lax.reduceSum', 'lax.reduceMax', 'lax.argmax', 'lax.dotGeneral', 'lax.iota',
  'lax.threefry2x32',
  // indexing-cases
  'lax.gatherNd', 'lax.scatterNd',
  // sort-scan-cases
  'lax.sort', 'lax.topK', 'lax.cumsum', 'lax.cumprod', 'lax.cummax', 'lax.cummin', 'lax.associativeScan',
  'np.argsort', 'np.searchsorted', 'np.takeAlongAxis',
  // primitive-cases: numpy broadcasting
  'np.add', 'np.subtract', 'np.multiply', 'np.divide', 'np.power', 'np.maximum', 'np.minimum', 'np.where',
  // sort-scan.spec.ts long rows
  'np.sort', 'np.cumsum', 'np.cumprod', 'np.cummax', 'np.cummin',
];
