export {
  array, asTensor, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye,
  type ArrayLike, type NestedNumbers,
} from './creation.js';
export { broadcastTo } from './broadcast.js';
export { broadcastShapes } from './broadcast-shapes.js';
export * from './math.js';
export * from './bitwise.js';
export * from './bits.js';
// lax's elementwise names are these numpy compositions: installed when numpy loads.
import './lax-compositions.js';
export * from './reductions.js';
export * from './shape.js';
export * from './linalg.js';
export { erf, erfc, erfinv } from './special.js';
// numpy breadth (issue 11): more elementwise math, rounding, reductions, rearranging, matrices.
export * from './trig.js';
export * from './rounding.js';
export * from './reductions-extra.js';
export * from './float-checks.js';
export * from './rearrange.js';
export * from './matrix.js';
export * as linalg from './linalg-namespace.js';
export * from './indexing.js';
export { nonzero, argwhere, flatnonzero, type NonzeroOptions } from './nonzero.js';
export * from './sorting.js';
// np.fft and more numpy (issue 13).
export * as fft from './fft.js';
export * from './statistics.js';
export * from './polynomial.js';
export * from './products.js';
export * from './grids.js';
export * from './gamma.js';
export * from './sets.js';
export * from './extras.js';
export * from './array-api.js';
export * from './dtype-queries.js';
export * from './editing.js';
export * from './finite-differences.js';
export * from './windows.js';
export { promoteTypes, iinfo, finfo, type IntegerInfo, type FloatInfo } from './dtypes.js';
export { vectorize, type VectorizeOptions } from './vectorize.js';
