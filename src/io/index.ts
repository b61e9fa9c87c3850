/**
 * Input and output without a file system (safe in a browser): safetensors checkpoints as bytes,
 * PNG encoding, and dependency-free plots (scatter, line, grids) rendered to RGBA images. The
 * functions that read and write paths (saveSafetensors, writePngAtomic, ...) are in the
 * `fluxion/node` entry's `io`, which holds everything here as well.
 * @example
 * import { io, np } from 'fluxion';
 * const bytes = await io.encodeSafetensors({ w: np.ones([2, 2]) });
 * const { w } = io.decodeSafetensorsTree<{ w: Tensor }>(bytes);
 * const png = io.encodePngImage(io.linePlot([{ name: 'loss', values: [3, 2, 1] }], { logY: true }));
 */
export {
  encodeSafetensors, decodeSafetensors, decodeSafetensorsTree, type LoadOptions, type DecodedSafetensors,
} from './safetensors.js';
export {
  parseSafetensorsHeader, MAX_HEADER_BYTES, DEFAULT_MAX_TENSORS, type SafetensorsHeader, type TensorEntry, type HeaderLimits,
} from './safetensors-header.js';
export { halfToFloat32, bfloat16ToFloat32 } from './half.js';
export { encodePng, encodePngImage, crc32 } from './png.js';
export { createImage, getPixel, setPixel, fillRect, drawLine, fillDisc, blit, parseColor, PALETTE, type Image, type Color } from './canvas.js';
export { drawText, textWidth } from './font.js';
export { niceTicks, logTicks, formatTick } from './ticks.js';
export { scatterPlot, type ScatterOptions, type Points } from './scatter-plot.js';
export { linePlot, type LinePlotOptions, type Series } from './line-plot.js';
export { gridImages } from './grid-images.js';
