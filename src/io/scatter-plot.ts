/**
 * Scatter plots of 2-D points as images, e.g. samples from a generative model over held-out data.
 */
import { Tensor, isTensor } from '../core/tensor.js';
import { Image, Color, PALETTE, createImage, parseColor, fillDisc, drawLine } from './canvas.js';
import { drawText, textWidth, GLYPH_HEIGHT } from './font.js';
import { ArgumentError, ShapeError } from '../core/errors.js';

/** n points: interleaved `[x0, y0, x1, y1, ...]`, `[[x, y], ...]`, or a Tensor of shape [n, 2]. */
export type Points = Float32Array | Float64Array | readonly (readonly number[])[] | Tensor;

export interface ScatterOptions {
  /** Image size in pixels (default 512 x 512). */
  width?: number;
  height?: number;
  /** Data range of both axes (default [-3, 3]), separate `{x, y}` ranges, or 'auto' to fit the data with 5% padding. */
  range?: readonly [number, number] | { x: readonly [number, number]; y: readonly [number, number] } | 'auto';
  /** Point colour when there are no labels (default the first palette colour). */
  color?: Color;
  /** Point diameter in pixels (default 2). */
  pointSize?: number;
  /** A class per point: point i is drawn in `palette[labels[i] % palette.length]`. */
  labels?: ArrayLike<number>;
  palette?: readonly Color[];
  /** Reference points drawn underneath the main ones, e.g. held-out data in grey under model samples. */
  overlay?: Points;
  /** Colour of the overlay points (default light grey). */
  overlayColor?: Color;
  title?: string;
  background?: Color;
  /** Empty border around the plot area in pixels (default 8). */
  margin?: number;
}

/** Points as an interleaved xy array. */
export async function toXY(points: Points, what = 'points'): Promise<ArrayLike<number>> {
  if (isTensor(points)) {
    if (points.shape.length !== 2 || points.shape[1] !== 2) throw new ShapeError(`io.scatterPlot: ${what} must be a Tensor of shape [n, 2], got [${points.shape.join(', ')}].`);
    return points.data();
  }
  if (points instanceof Float32Array || points instanceof Float64Array) {
    if (points.length % 2) throw new ShapeError(`io.scatterPlot: interleaved ${what} [x0, y0, x1, y1, ...] need an even length, got ${points.length}.`);
    return points;
  }
  const rows = points as readonly (readonly number[])[];
  const out = new Float64Array(rows.length * 2);
  rows.forEach((p, i) => {
    if (p.length !== 2) throw new ShapeError(`io.scatterPlot: ${what}[${i}] has ${p.length} coordinates; expected [x, y].`);
    out[2 * i] = p[0]; out[2 * i + 1] = p[1];
  });
  return out;
}

/** [lo, hi] of the finite values at even (axis 0) or odd (axis 1) positions, padded by 5%. */
function autoRange(sets: ArrayLike<number>[], axis: 0 | 1): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of sets) {
    for (let i = axis; i < s.length; i += 2) if (Number.isFinite(s[i])) { lo = Math.min(lo, s[i]); hi = Math.max(hi, s[i]); }
  }
  if (lo > hi) return [-1, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const pad = 0.05 * (hi - lo);
  return [lo - pad, hi + pad];
}

/**
 * Renders 2-D points to an RGBA image. The plot area is the image minus `margin` on every side
 * (and a title band on top); data x = lo maps to its left column, x = hi to its right one, y
 * likewise bottom to top. Points outside the range are not drawn. Light grey lines mark x = 0
 * and y = 0 when they are in range.
 * @example
 * const img = await io.scatterPlot(samples, { overlay: heldOut, title: 'step 1000' });
 * await io.writePngAtomic('samples.png', io.encodePng(img.width, img.height, img.rgba));
 */
export async function scatterPlot(points: Points, opts: ScatterOptions = {}): Promise<Image> {
  const { width = 512, height = 512, pointSize = 2, margin = 8, title, background = 'white' } = opts;
  const xy = await toXY(points);
  const ref = opts.overlay === undefined ? undefined : await toXY(opts.overlay, 'overlay');
  if (opts.labels && opts.labels.length !== xy.length / 2) {
    throw new ShapeError(`io.scatterPlot: ${opts.labels.length} labels for ${xy.length / 2} points; give one label per point.`);
  }
  const range = opts.range ?? [-3, 3];
  const sets = ref ? [xy, ref] : [xy];
  const [xlo, xhi] = range === 'auto' ? autoRange(sets, 0) : 'x' in range ? range.x : range;
  const [ylo, yhi] = range === 'auto' ? autoRange(sets, 1) : 'y' in range ? range.y : range;

  const img = createImage(width, height, background);
  const titleScale = 2;
  const top = margin + (title ? GLYPH_HEIGHT * titleScale + 6 : 0);
  const left = margin, right = width - 1 - margin, bottom = height - 1 - margin;
  if (right <= left || bottom <= top) throw new ArgumentError(`io.scatterPlot: a ${width}x${height} image leaves no room for the plot inside margin ${margin}; use a larger image or a smaller margin.`);
  const px = (x: number) => left + ((x - xlo) / (xhi - xlo)) * (right - left);
  const py = (y: number) => bottom - ((y - ylo) / (yhi - ylo)) * (bottom - top);

  if (title) drawText(img, Math.max(0, Math.round((width - textWidth(title, titleScale)) / 2)), margin, title, 'black', titleScale);
  const axis = 'lightgrey';
  if (xlo < 0 && xhi > 0) drawLine(img, px(0), top, px(0), bottom, axis);
  if (ylo < 0 && yhi > 0) drawLine(img, left, py(0), right, py(0), axis);

  const draw = (s: ArrayLike<number>, colorOf: (i: number) => ReturnType<typeof parseColor>) => {
    for (let i = 0; i < s.length / 2; i++) {
      const x = s[2 * i], y = s[2 * i + 1];
      if (!(x >= xlo && x <= xhi && y >= ylo && y <= yhi)) continue; // also skips NaN
      fillDisc(img, px(x), py(y), pointSize, colorOf(i));
    }
  };
  if (ref) { const c = parseColor(opts.overlayColor ?? '#bbbbbb'); draw(ref, () => c); }
  const palette = (opts.palette ?? PALETTE).map(parseColor);
  const single = parseColor(opts.color ?? PALETTE[0]);
  const labels = opts.labels;
  draw(xy, labels ? (i) => palette[((Math.floor(labels[i]) % palette.length) + palette.length) % palette.length] : () => single);
  return img;
}
