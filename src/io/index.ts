/**
 * Input and output: safetensors checkpoints of pytrees, PNG encoding, and dependency-free plots
 * (scatter, line, grids) rendered to RGBA images. Node-only where files are involved.
 * @example
 * import { io } from 'fluxion';
 * await io.saveSafetensors('ckpt.safetensors', { params, opt });
 * const img = io.linePlot([{ name: 'loss', values: losses }], { logY: true });
 * await io.writePngAtomic('loss.png', io.encodePngImage(img));
 */
export { saveSafetensors, loadSafetensors, loadSafetensorsFlat, readSafetensorsHeader, decodeSafetensors } from './safetensors';
export type { SafetensorsHeader, TensorEntry } from './safetensors-format';
export { halfToFloat32, bfloat16ToFloat32 } from './half';
export { writeAtomic, writeFileAtomic } from './atomic-write';
export { encodePng, encodePngImage, writePngAtomic, crc32 } from './png';
export { createImage, getPixel, setPixel, fillRect, drawLine, fillDisc, blit, parseColor, PALETTE, type Image, type Color } from './canvas';
export { drawText, textWidth } from './font';
export { niceTicks, logTicks, formatTick } from './ticks';
export { scatterPlot, type ScatterOptions, type Points } from './scatter-plot';
export { linePlot, type LinePlotOptions, type Series } from './line-plot';
export { gridImages } from './grid-images';
