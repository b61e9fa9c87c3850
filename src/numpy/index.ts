export {
  array, asTensor, full, zeros, ones, zerosLike, onesLike, fullLike, arange, linspace, eye,
  type ArrayLike, type NestedNumbers,
} from './creation.js';
export { broadcastShapes, broadcastTo } from './broadcast.js';
export * from './math.js';
export * from './reductions.js';
export * from './shape.js';
export * from './linalg.js';
export * from './sorting.js';
