/**
 * Data with files (Node only): everything in `data` plus loadMnist, which reads the `mnist`
 * package's digits. Reached through the `fluxion/node` entry.
 * @example
 * import { data } from 'fluxion/node';
 * const { train } = data.loadMnist();
 */
export * from '../index.js';
export { loadMnist, mnistRaw } from './mnist.js';
