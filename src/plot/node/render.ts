/**
 * Rendering Vega-Lite charts in Node: Vega-Lite compiles the spec to Vega, Vega's headless View
 * draws SVG (no canvas package needed), and resvg rasterises the SVG to PNG. Text uses the DejaVu
 * Sans files of the `dejavu-fonts-ttf` package, never the system's fonts, so a chart renders the
 * same on every machine (a fresh CI machine may have no fonts at all, and resvg would then drop
 * every label without a word).
 */
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ArgumentError } from '../../core/errors.js';
import { writeFileAtomic } from '../../io/node/atomic-write.js';
import type { ChartSpec } from '../charts.js';

const fontDir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(fontDir, f));

/**
 * The chart as an SVG document.
 * @example const svg = await plot.renderSvg(plot.lossChart([{ name: 'loss', steps: [1, 2], values: [2, 1] }]));
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens and in papers). */
  scale?: number;
}

/**
 * The chart as PNG bytes.
 * @example const png = await plot.renderPng(spec, { scale: 2 });
 */
export async function renderPng(spec: ChartSpec, opts: PngOptions = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 2;
  if (!(scale > 0 && scale <= 16)) throw new ArgumentError(`plot.renderPng: scale must be in (0, 16], got ${scale}.`);
  const svg = await renderSvg(spec);
  const resvg = new Resvg(svg, {
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
  });
  return resvg.render().asPng();
}

/**
 * Writes the chart atomically as SVG or PNG, chosen by the path's extension (`.svg` / `.png`).
 * @example await plot.writeChart('out/losses.png', plot.lossChart(series));
 */
export async function writeChart(path: string, spec: ChartSpec, opts: PngOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') return writeFileAtomic(path, new TextEncoder().encode(await renderSvg(spec)));
  if (ext === '.png') return writeFileAtomic(path, await renderPng(spec, opts));
  throw new ArgumentError(`plot.writeChart: cannot tell the format of '${path}'; end the path in .svg or .png.`);
}
