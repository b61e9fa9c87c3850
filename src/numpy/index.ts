export * from './creation.js';
export { broadcastShapes, broadcastTo } from './broadcast.js';
export * from './math.js';
export * from './reductions.js';
export * from './shape.js';
export * from './linalg.js';
