/**
 * Charts as Vega-Lite specifications: plain JSON that says what to draw (data, marks, axes, legend)
 * and leaves drawing to Vega. The same spec renders to SVG/PNG in Node (`fluxion/node`'s
 * `plot.writeChart`) and into a page in the browser (vega-embed or `new vega.View`), so a chart made
 * during training looks the same in a report and on a web page. Nothing here imports Vega: building
 * a spec costs no bundle size.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';

/** A Vega-Lite specification (JSON). */
export type ChartSpec = { readonly [key: string]: unknown };

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
/** Text sizes chosen to stay readable when a PNG is viewed at its natural size. */
const CONFIG = {
  font: 'DejaVu Sans',
  title: { fontSize: 15, anchor: 'start' },
  axis: { labelFontSize: 12, titleFontSize: 13, grid: true, gridOpacity: 0.5 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 260 },
  background: 'white',
};

/** One curve of a line chart: y values at x positions (training steps). */
export interface LineSeries {
  name: string;
  /** The x position of each value (e.g. the training step it was logged at). */
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  /** A CSS colour (default: Vega's category colours in order; used only when every series has one). */
  color?: string;
}

export interface LossChartOptions {
  title?: string;
  /** Axis titles (default 'training step' and 'loss'). */
  xTitle?: string;
  yTitle?: string;
  /** A logarithmic y axis, as loss curves usually want (default true). */
  logY?: boolean;
  /** Plot-area size in pixels (default 560 × 300). */
  width?: number;
  height?: number;
}

/**
 * A line chart of series against their steps, with labelled axes and a legend: loss curves.
 * Non-finite values (and values ≤ 0 on a log axis) are left out, breaking no other point.
 * @example
 * const spec = plot.lossChart([{ name: 'teacher', steps: [50, 100, 150], values: [1.2, 0.8, 0.7] }], { title: 'losses' });
 */
export function lossChart(series: readonly LineSeries[], opts: LossChartOptions = {}): ChartSpec {
  const o = validate.options<LossChartOptions>('plot.lossChart', opts,
    ['title', 'xTitle', 'yTitle', 'logY', 'width', 'height'], "{ title: 'losses', logY: true }");
  const logY = o.logY ?? true;
  const rows: { step: number; value: number; series: string }[] = [];
  for (const s of series) {
    if (s.steps.length !== s.values.length) {
      throw new ShapeError(`plot.lossChart: series '${s.name}' has ${s.steps.length} steps but ${s.values.length} values; give one step per value.`);
    }
    for (let i = 0; i < s.values.length; i++) {
      const value = s.values[i]!, step = s.steps[i]!;
      if (Number.isFinite(value) && Number.isFinite(step) && (!logY || value > 0)) rows.push({ step, value, series: s.name });
    }
  }
  return {
    $schema: SCHEMA,
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 560, height: o.height ?? 300,
    data: { values: rows },
    // Small points on the line: a series logged once (a short run) still shows.
    mark: { type: 'line', strokeWidth: 2, point: { size: 12 } },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: o.xTitle ?? 'training step' },
      y: { field: 'value', type: 'quantitative', title: o.yTitle ?? 'loss', scale: logY ? { type: 'log' } : { zero: false } },
      color: {
        field: 'series', type: 'nominal', title: null, sort: series.map((s) => s.name),
        ...(series.length && series.every((s) => s.color) ? { scale: { domain: series.map((s) => s.name), range: series.map((s) => s.color) } } : {}),
      },
    },
    config: CONFIG,
  };
}

/** Points as a Tensor [n, 2], interleaved x, y numbers, or [x, y] pairs. */
export type Points = Tensor | ArrayLike<number> | readonly (readonly number[])[];

/** One set of points of a scatter chart. */
export interface ScatterLayer {
  name: string;
  points: Points;
  /** A CSS colour (default: Vega's category colours in order). */
  color?: string;
}

export interface ScatterChartOptions {
  title?: string;
  /** The square's axis range, the same on x and y (default: fitted to the data). */
  domain?: readonly [number, number];
  /** Plot-area size in pixels (default 300 × 300). */
  width?: number;
  height?: number;
  /** Marker area in square pixels (default 4). */
  pointSize?: number;
}

/** Flattens any accepted points form to interleaved x, y. Reads a Tensor (async on WebGPU). */
async function flatPoints(what: string, points: Points): Promise<ArrayLike<number>> {
  if (points instanceof Tensor) {
    if (points.shape.length !== 2 || points.shape[1] !== 2) {
      throw new ShapeError(`plot.scatterChart: ${what} must be a Tensor of shape [n, 2], got [${points.shape.join(', ')}].`);
    }
    return points.data();
  }
  if (Array.isArray(points) && points.length && Array.isArray(points[0])) {
    const out: number[] = [];
    (points as readonly (readonly number[])[]).forEach((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new ShapeError(`plot.scatterChart: ${what}[${i}] has ${Array.isArray(p) ? p.length : 'no'} coordinates; expected [x, y].`);
      out.push(p[0]!, p[1]!);
    });
    return out;
  }
  const flat = points as ArrayLike<number>;
  if (flat.length % 2) throw new ShapeError(`plot.scatterChart: interleaved ${what} [x0, y0, x1, y1, ...] need an even length, got ${flat.length}.`);
  return flat;
}

/**
 * A scatter chart of one or more point sets (e.g. held-out data in grey under a model's samples),
 * with labelled axes and a legend. Reads Tensors, so it is async.
 * @example
 * const spec = await plot.scatterChart([{ name: 'data', points: heldOut, color: '#bbb' }, { name: 'FACM 1 step', points: samples }], { domain: [-3, 3] });
 */
export async function scatterChart(layers: readonly ScatterLayer[], opts: ScatterChartOptions = {}): Promise<ChartSpec> {
  const o = validate.options<ScatterChartOptions>('plot.scatterChart', opts,
    ['title', 'domain', 'width', 'height', 'pointSize'], '{ domain: [-3, 3] }');
  if (o.domain && !(o.domain.length === 2 && o.domain[0] < o.domain[1])) {
    throw new ArgumentError(`plot.scatterChart: domain must be [lo, hi] with lo < hi, got [${o.domain.join(', ')}].`);
  }
  const rows: { x: number; y: number; set: string }[] = [];
  for (const [i, layer] of layers.entries()) {
    const xy = await flatPoints(`layers[${i}].points`, layer.points);
    for (let j = 0; j + 1 < xy.length; j += 2) {
      const x = xy[j]!, y = xy[j + 1]!;
      // Points outside a fixed domain are dropped rather than drawn on the frame.
      if (Number.isFinite(x) && Number.isFinite(y) && (!o.domain || (x >= o.domain[0] && x <= o.domain[1] && y >= o.domain[0] && y <= o.domain[1]))) {
        rows.push({ x, y, set: layer.name });
      }
    }
  }
  const scale = o.domain ? { domain: [...o.domain], nice: false } : { zero: false };
  const colored = layers.every((l) => l.color);
  return {
    $schema: SCHEMA,
    ...(o.title ? { title: o.title } : {}),
    width: o.width ?? 300, height: o.height ?? 300,
    data: { values: rows },
    mark: { type: 'circle', size: o.pointSize ?? 4, opacity: 0.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: 'x₁', scale },
      y: { field: 'y', type: 'quantitative', title: 'x₂', scale },
      color: {
        field: 'set', type: 'nominal', title: null, sort: layers.map((l) => l.name),
        ...(colored ? { scale: { domain: layers.map((l) => l.name), range: layers.map((l) => l.color) } } : {}),
        legend: { orient: 'bottom' },
      },
      // Draw the layers in the order given: the first (e.g. the data) underneath.
      order: { field: 'layer', type: 'quantitative' },
    },
    transform: [{ calculate: `indexof(${JSON.stringify(layers.map((l) => l.name))}, datum.set)`, as: 'layer' }],
    config: CONFIG,
  };
}

/**
 * Charts side by side in rows of `columns` (Vega-Lite's concat): a sheet of sample plots.
 * @example const sheet = plot.concatCharts([specA, specB, specC], 3);
 */
export function concatCharts(charts: readonly ChartSpec[], columns: number, title?: string): ChartSpec {
  validate.integer('plot.concatCharts', 'columns', columns, { min: 1 });
  // Each part drops its own $schema/config: Vega-Lite allows those only at the top level.
  const parts = charts.map(({ $schema: _s, config: _c, ...rest }) => rest);
  // Each chart keeps its own colour scale and legend: one shared scale would repaint every chart's
  // sets with the colours of the first chart that named them.
  return {
    $schema: SCHEMA, ...(title ? { title } : {}), columns, concat: parts,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } }, config: CONFIG,
  };
}
