/**
 * Tiles several images into one sheet, e.g. generated digits, one row per class.
 */
import { Image, Color, createImage, blit } from './canvas.js';
import { ArgumentError } from '../core/errors.js';

/**
 * Lays `images` out row by row, `cols` per row, in equal cells as large as the largest image,
 * with `margin` pixels around and between them; smaller images sit at their cell's top-left.
 * @example const sheet = io.gridImages([io.createImage(28, 28, 'white'), io.createImage(28, 28, 'black')], 2);
 */
export function gridImages(images: readonly Image[], cols: number, opts: { margin?: number; background?: Color } = {}): Image {
  const { margin = 8, background = 'white' } = opts;
  if (!images.length) throw new ArgumentError('io.gridImages: no images to tile; pass a non-empty list of images.');
  if (!Number.isInteger(cols) || cols < 1) throw new ArgumentError(`io.gridImages: cols must be a positive integer, got ${cols}.`);
  const c = Math.min(cols, images.length), rows = Math.ceil(images.length / c);
  const cellW = Math.max(...images.map((i) => i.width)), cellH = Math.max(...images.map((i) => i.height));
  const sheet = createImage(margin + c * (cellW + margin), margin + rows * (cellH + margin), background);
  images.forEach((img, k) => blit(sheet, img, margin + (k % c) * (cellW + margin), margin + Math.floor(k / c) * (cellH + margin)));
  return sheet;
}
