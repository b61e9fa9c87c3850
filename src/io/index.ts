/**
 * Input and output: safetensors checkpoints of pytrees, PNG encoding, and dependency-free plots
 * (scatter, line, grids) rendered to RGBA images. Node-only where files are involved.
 * @example
 * import { io } from 'fluxion';
 * await io.saveSafetensors('ckpt.safetensors', { params, opt });
 * const img = io.linePlot([{ name: 'loss', values: losses }], { logY: true });
 * await io.writePngAtomic('loss.png', io.encodePngImage(img));
 */
export { saveSafetensors, loadSafetensors, loadSafetensorsFlat, readSafetensorsHeader, decodeSafetensors } from './safetensors.js';
export type { SafetensorsHeader, TensorEntry } from './safetensors-format.js';
export { halfToFloat32, bfloat16ToFloat32 } from './half.js';
export { writeAtomic, writeFileAtomic } from './atomic-write.js';
export { encodePng, encodePngImage, writePngAtomic, crc32 } from './png.js';
export { createImage, getPixel, setPixel, fillRect, drawLine, fillDisc, blit, parseColor, PALETTE, type Image, type Color } from './canvas.js';
export { drawText, textWidth } from './font.js';
export { niceTicks, logTicks, formatTick } from './ticks.js';
export { scatterPlot, type ScatterOptions, type Points } from './scatter-plot.js';
export { linePlot, type LinePlotOptions, type Series } from './line-plot.js';
export { gridImages } from './grid-images.js';
