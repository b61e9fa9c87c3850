/**
 * Charts as Vega-Lite specifications (browser-safe JSON; no Vega code is imported here). Render
 * them with `fluxion/node`'s `plot.writeChart` (SVG or PNG) or with Vega in a page.
 * @example
 * import { plot } from 'fluxion';
 * const spec = plot.lossChart([{ name: 'loss', steps: [1, 2, 3], values: [3, 2, 1] }]);
 */
export {
  lossChart, scatterChart, concatCharts,
  type ChartSpec, type LineSeries, type LossChartOptions, type Points, type ScatterLayer, type ScatterChartOptions,
} from './charts.js';
