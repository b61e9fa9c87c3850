export * from './creation';
export { broadcastShapes, broadcastTo } from './broadcast';
export * from './math';
export * from './reductions';
export * from './shape';
export * from './linalg';
