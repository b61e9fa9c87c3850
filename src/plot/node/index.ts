/**
 * Charts for Node: everything in `plot` plus rendering to SVG and PNG and writing chart files
 * atomically. Reached through the `fluxion/node` entry.
 * @example
 * import { plot } from 'fluxion/node';
 * await plot.writeChart('losses.png', plot.lossChart([{ name: 'loss', steps: [1, 2, 3], values: [3, 2, 1] }]));
 */
export * from '../index.js';
export { renderSvg, renderPng, writeChart, type PngOptions } from './render.js';
