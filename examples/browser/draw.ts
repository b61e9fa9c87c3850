/**
 * Drawing for the page: scatter panels of 2-D samples over faint data (plain Canvas 2D, redrawn
 * every second as training runs), and the loss curves as the library's Vega-Lite chart.
 */
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { plot } from '../../src/index.js';

const RANGE = 3; // data are standardised: ±3 holds nearly every point

/** Points [x0, y0, x1, y1, ...] as dots over faint `background` points, with a title. */
export function drawScatter(canvas: HTMLCanvasElement, title: string, points?: Float32Array, background?: Float32Array, color = '#1f5fbf'): void {
  const g = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.strokeStyle = '#d0d0d0';
  g.strokeRect(0.5, 0.5, w - 1, h - 1);
  const px = (x: number) => ((x + RANGE) / (2 * RANGE)) * w;
  const py = (y: number) => h - ((y + RANGE) / (2 * RANGE)) * h;
  const dots = (pts: Float32Array, fill: string, r: number) => {
    g.fillStyle = fill;
    for (let i = 0; i + 1 < pts.length; i += 2) g.fillRect(px(pts[i]) - r / 2, py(pts[i + 1]) - r / 2, r, r);
  };
  if (background) dots(background, '#c8c8c8', 2);
  if (points) dots(points, color, 2.5);
  g.fillStyle = '#222';
  g.font = '13px sans-serif';
  g.fillText(title, 8, 18);
  if (!points) {
    g.fillStyle = '#888';
    g.fillText('waiting for the teacher…', 8, h / 2);
  }
}

export interface Curve { name: string; color: string; values: { step: number; loss: number }[] }

let lossView: View | undefined;

/**
 * Loss curves against their training step: the library's `plot.lossChart` Vega-Lite spec (the same
 * spec `npm run demo` renders to losses.png in Node), drawn by Vega into `container` on a canvas.
 */
export async function drawLosses(container: HTMLElement, curves: Curve[]): Promise<void> {
  const spec = plot.lossChart(curves.map((c) => ({ name: c.name, color: c.color, steps: c.values.map((v) => v.step), values: c.values.map((v) => v.loss) })),
    { title: 'training losses', width: 700, height: 170 });
  lossView?.finalize(); // one live view: the previous one releases its canvas and listeners
  lossView = new View(parse(compile(spec as unknown as TopLevelSpec).spec), { renderer: 'canvas', container, hover: false });
  await lossView.runAsync();
}
