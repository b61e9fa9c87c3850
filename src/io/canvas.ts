/**
 * RGBA images and the few drawing operations the plots need (pixels, rectangles, lines, discs).
 * They draw in place: a plot function creates an image, draws on it, and hands it back.
 * Coordinates are pixels, x to the right, y down, (0, 0) the top-left pixel; drawing outside
 * the image is clipped.
 */
import { ArgumentError } from '../core/errors.js';

/** Row-major 8-bit RGBA pixels, top row first: what {@link encodePng} takes. */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

/** `[r, g, b]` or `[r, g, b, a]` in 0..255, `'#rrggbb'`, `'#rrggbbaa'`, or a name in {@link NAMED}. */
export type Color = readonly [number, number, number] | readonly [number, number, number, number] | string;

export const NAMED: Readonly<Record<string, string>> = {
  white: '#ffffff', black: '#000000', grey: '#999999', gray: '#999999', lightgrey: '#dddddd',
  // CSS's meanings, so 'red' is what a reader expects; PALETTE holds the softer plot colours.
  red: '#ff0000', green: '#008000', blue: '#0000ff', orange: '#ffa500',
};

/** Distinct colours for series and labels (matplotlib's tab10), cycled when there are more. */
export const PALETTE: readonly string[] = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/**
 * A colour as `[r, g, b, a]` bytes.
 * @example parseColor('#ff000080') // [255, 0, 0, 128]
 */
export function parseColor(c: Color): [number, number, number, number] {
  if (typeof c !== 'string') {
    const [r, g, b, a = 255] = c;
    return [r, g, b, a].map((v) => Math.max(0, Math.min(255, Math.round(v)))) as [number, number, number, number];
  }
  const hex = NAMED[c.toLowerCase()] ?? c;
  const m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(hex);
  if (!m) throw new ArgumentError(`io.parseColor: "${c}" is not a colour; use "#rrggbb", "#rrggbbaa", [r, g, b] or one of ${Object.keys(NAMED).join(', ')}.`);
  const n = parseInt(m[1], 16);
  return [n >> 16, (n >> 8) & 255, n & 255, m[2] ? parseInt(m[2], 16) : 255];
}

/**
 * A `width` x `height` image filled with `background`.
 * @example const img = createImage(64, 32, 'white');
 */
export function createImage(width: number, height: number, background: Color = 'white'): Image {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ArgumentError(`io.createImage: width and height must be positive integers, got ${width}x${height}.`);
  }
  const rgba = new Uint8Array(width * height * 4);
  const c = parseColor(background);
  for (let i = 0; i < rgba.length; i += 4) rgba.set(c, i);
  return { width, height, rgba };
}

/** The `[r, g, b, a]` at (x, y). @example getPixel(img, 0, 0) // [255, 255, 255, 255] */
export function getPixel(img: Image, x: number, y: number): [number, number, number, number] {
  const i = (y * img.width + x) * 4;
  return [img.rgba[i], img.rgba[i + 1], img.rgba[i + 2], img.rgba[i + 3]];
}

/**
 * Paints one pixel, blending by the colour's alpha so translucent points show density where
 * they overlap. Out-of-range pixels are ignored.
 * @example setPixel(img, 3, 4, [255, 0, 0, 255]);
 */
export function setPixel(img: Image, x: number, y: number, c: readonly [number, number, number, number]): void {
  x = Math.round(x); y = Math.round(y);
  if (x < 0 || y < 0 || x >= img.width || y >= img.height) return;
  const i = (y * img.width + x) * 4, p = img.rgba, a = c[3] / 255;
  if (a >= 1) { p[i] = c[0]; p[i + 1] = c[1]; p[i + 2] = c[2]; p[i + 3] = 255; return; }
  for (let k = 0; k < 3; k++) p[i + k] = Math.round(c[k] * a + p[i + k] * (1 - a));
  p[i + 3] = Math.round(255 * (a + (p[i + 3] / 255) * (1 - a)));
}

/** Fills the rectangle with top-left (x, y). @example fillRect(img, 0, 0, 10, 2, 'black'); */
export function fillRect(img: Image, x: number, y: number, w: number, h: number, color: Color): void {
  const c = parseColor(color);
  for (let j = Math.max(0, y); j < Math.min(img.height, y + h); j++) {
    for (let i = Math.max(0, x); i < Math.min(img.width, x + w); i++) setPixel(img, i, j, c);
  }
}

/** A one-pixel line from (x0, y0) to (x1, y1), endpoints included (Bresenham). @example drawLine(img, 0, 0, 9, 9, 'red'); */
export function drawLine(img: Image, x0: number, y0: number, x1: number, y1: number, color: Color): void {
  const c = parseColor(color);
  x0 = Math.round(x0); y0 = Math.round(y0); x1 = Math.round(x1); y1 = Math.round(y1);
  const dx = Math.abs(x1 - x0), dy = -Math.abs(y1 - y0), sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1;
  let err = dx + dy;
  // Bounded by the line's length, so a wild coordinate cannot loop for long.
  for (let steps = 0; steps <= dx - dy; steps++) {
    setPixel(img, x0, y0, c);
    if (x0 === x1 && y0 === y1) return;
    const e2 = 2 * err;
    if (e2 >= dy) { err += dy; x0 += sx; }
    if (e2 <= dx) { err += dx; y0 += sy; }
  }
}

/**
 * A filled disc of `diameter` pixels centred on (cx, cy); diameter 1 is a single pixel.
 * @example fillDisc(img, 20, 20, 5, '#1f77b4');
 */
export function fillDisc(img: Image, cx: number, cy: number, diameter: number, color: Color): void {
  const c = parseColor(color);
  cx = Math.round(cx); cy = Math.round(cy);
  const r = Math.max(0, (diameter - 1) / 2);
  const R = Math.ceil(r);
  for (let dy = -R; dy <= R; dy++) {
    for (let dx = -R; dx <= R; dx++) if (dx * dx + dy * dy <= r * r + 0.5) setPixel(img, cx + dx, cy + dy, c);
  }
}

/** Copies `src` into `dst` with its top-left at (x, y), clipped. @example blit(sheet, plot, 8, 8); */
export function blit(dst: Image, src: Image, x: number, y: number): void {
  for (let j = 0; j < src.height; j++) {
    const ty = y + j;
    if (ty < 0 || ty >= dst.height) continue;
    const x0 = Math.max(0, x), x1 = Math.min(dst.width, x + src.width);
    if (x1 <= x0) return;
    dst.rgba.set(src.rgba.subarray((j * src.width + (x0 - x)) * 4, (j * src.width + (x1 - x)) * 4), (ty * dst.width + x0) * 4);
  }
}
