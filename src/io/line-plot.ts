/**
 * Line plots of series against their step index, e.g. training and validation loss curves.
 */
import { Image, Color, PALETTE, createImage, drawLine, fillRect } from './canvas.js';
import { drawText, textWidth, GLYPH_HEIGHT } from './font.js';
import { niceTicks, logTicks, formatTick } from './ticks.js';
import { ArgumentError } from '../core/errors.js';

export interface Series {
  name: string;
  /** One value per step; non-finite values (and values <= 0 on a log axis) break the line. */
  values: ArrayLike<number>;
  color?: Color;
}

export interface LinePlotOptions {
  /** Image size in pixels (default 512 x 320). */
  width?: number;
  height?: number;
  /** A base-10 logarithmic y axis, as loss curves usually want. */
  logY?: boolean;
  title?: string;
  background?: Color;
  /** Pixel size of one font dot for tick labels and legend (default 1; the title is twice that). */
  textScale?: number;
  /** Empty border around everything in pixels (default 8). */
  margin?: number;
}

/**
 * Renders series as lines over x = 0..n-1 with axes, tick marks at nice values, their labels,
 * faint grid lines, and a legend of series names in the top-right corner.
 * @example
 * const img = io.linePlot([{ name: 'train', values: trainLoss }, { name: 'val', values: valLoss }], { logY: true });
 */
export function linePlot(series: readonly Series[], opts: LinePlotOptions = {}): Image {
  const { width = 512, height = 320, logY = false, title, background = 'white', textScale: s = 1, margin = 8 } = opts;
  // Everything below works in "plot space": log10(value) on a log axis.
  const toY = (v: number) => (logY ? (v > 0 ? Math.log10(v) : NaN) : v);
  let lo = Infinity, hi = -Infinity, n = 0;
  for (const { values } of series) {
    n = Math.max(n, values.length);
    for (let i = 0; i < values.length; i++) {
      const y = toY(values[i]);
      if (Number.isFinite(y)) { lo = Math.min(lo, y); hi = Math.max(hi, y); }
    }
  }
  if (lo > hi) { lo = 0; hi = 1; }
  if (lo === hi) { lo -= logY ? 0.5 : Math.abs(lo) * 0.1 || 1; hi += logY ? 0.5 : Math.abs(hi) * 0.1 || 1; }
  const pad = 0.05 * (hi - lo);
  lo -= pad; hi += pad;
  const xhi = Math.max(1, n - 1);

  const yTicks = logY ? logTicks(10 ** lo, 10 ** hi).map((v) => ({ at: Math.log10(v), label: formatTick(v) }))
    : niceTicks(lo, hi, 5).map((v) => ({ at: v, label: formatTick(v) }));
  const xTicks = niceTicks(0, xhi, 5).filter(Number.isInteger).map((v) => ({ at: v, label: formatTick(v) }));

  const img = createImage(width, height, background);
  const textH = GLYPH_HEIGHT * s, tick = 3;
  const top = margin + (title ? 2 * textH + 6 : 0);
  const left = margin + Math.max(0, ...yTicks.map((t) => textWidth(t.label, s))) + tick + 3;
  const right = width - 1 - margin - Math.ceil(textWidth(xTicks.at(-1)?.label ?? '', s) / 2);
  const bottom = height - 1 - margin - textH - tick - 3;
  if (right <= left || bottom <= top) throw new ArgumentError(`io.linePlot: a ${width}x${height} image leaves no room for the plot; use a larger image.`);
  const px = (x: number) => left + (x / xhi) * (right - left);
  const py = (y: number) => bottom - ((y - lo) / (hi - lo)) * (bottom - top);

  if (title) drawText(img, Math.max(0, Math.round((width - textWidth(title, 2 * s)) / 2)), margin, title, 'black', 2 * s);
  for (const t of yTicks) {
    const y = Math.round(py(t.at));
    drawLine(img, left + 1, y, right, y, '#eeeeee');
    drawLine(img, left - tick, y, left, y, 'black');
    drawText(img, left - tick - 2 - textWidth(t.label, s), y - Math.floor(textH / 2), t.label, 'black', s);
  }
  for (const t of xTicks) {
    const x = Math.round(px(t.at));
    drawLine(img, x, top, x, bottom - 1, '#eeeeee');
    drawLine(img, x, bottom, x, bottom + tick, 'black');
    drawText(img, x - Math.floor(textWidth(t.label, s) / 2), bottom + tick + 2, t.label, 'black', s);
  }
  drawLine(img, left, top, left, bottom, 'black');
  drawLine(img, left, bottom, right, bottom, 'black');

  series.forEach((ser, k) => {
    const color = ser.color ?? PALETTE[k % PALETTE.length];
    let prev: [number, number] | undefined;
    for (let i = 0; i < ser.values.length; i++) {
      const y = toY(ser.values[i]);
      if (!Number.isFinite(y)) { prev = undefined; continue; }
      const p: [number, number] = [px(i), py(y)];
      if (prev) drawLine(img, prev[0], prev[1], p[0], p[1], color);
      else drawLine(img, p[0], p[1], p[0], p[1], color); // a lone point still shows
      prev = p;
    }
  });

  // Legend: a colour swatch and the name per series, right-aligned inside the plot area.
  const named = series.map((ser, k) => ({ name: ser.name, color: ser.color ?? PALETTE[k % PALETTE.length] })).filter((e) => e.name);
  if (named.length) {
    const swatch = 3 * textH, rowH = textH + 3;
    const boxW = swatch + 4 + Math.max(...named.map((e) => textWidth(e.name, s))) + 6;
    const x0 = right - boxW - 2, y0 = top + 2;
    fillRect(img, x0, y0, boxW, named.length * rowH + 3, background);
    named.forEach((e, k) => {
      const y = y0 + 3 + k * rowH;
      fillRect(img, x0 + 3, y + Math.floor(textH / 2) - Math.floor(s / 2), swatch, Math.max(1, s), e.color);
      drawText(img, x0 + 3 + swatch + 4, y, e.name, 'black', s);
    });
  }
  return img;
}
