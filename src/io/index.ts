/**
 * Input and output without a file system (safe in a browser): safetensors checkpoints as bytes,
 * RGBA images (digit grids and sample sheets) and their PNG encoding. Charts (loss curves, scatter
 * plots) are Vega-Lite specs in the `plot` namespace. The
 * functions that read and write paths (saveSafetensors, writePngAtomic, ...) are in the
 * `fluxion/node` entry's `io`, which holds everything here as well.
 * @example
 * import { io, np } from 'fluxion';
 * const bytes = await io.encodeSafetensors({ w: np.ones([2, 2]) });
 * const { w } = io.decodeSafetensorsTree<{ w: Tensor }>(bytes);
 * const png = io.encodePngImage(io.gridImages([io.createImage(28, 28, 'white'), io.createImage(28, 28, 'black')], 2));
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
export { gridImages } from './grid-images.js';
