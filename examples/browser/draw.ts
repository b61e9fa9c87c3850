/**
 * Canvas drawing for the page: scatter panels of 2-D samples over faint data, and loss curves on
 * a log scale. Plain Canvas 2D, so the page needs nothing but the library.
 */

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

/** Loss curves against their step, log-scaled loss axis; each curve keeps its own step range. */
export function drawLosses(canvas: HTMLCanvasElement, curves: Curve[]): void {
  const g = canvas.getContext('2d')!;
  const { width: w, height: h } = canvas;
  const pad = { l: 48, r: 12, t: 24, b: 24 };
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, w, h);
  g.strokeStyle = '#d0d0d0';
  g.strokeRect(0.5, 0.5, w - 1, h - 1);
  const all = curves.flatMap((c) => c.values.map((v) => v.loss)).filter((v) => v > 0 && Number.isFinite(v));
  g.fillStyle = '#222';
  g.font = '13px sans-serif';
  g.fillText('loss (log scale) against step', pad.l, 16);
  if (all.length < 2) return;
  const lo = Math.log10(Math.min(...all)), hi = Math.log10(Math.max(...all));
  const span = Math.max(hi - lo, 1e-3);
  const maxStep = Math.max(...curves.flatMap((c) => c.values.map((v) => v.step)), 1);
  const X = (s: number) => pad.l + (s / maxStep) * (w - pad.l - pad.r);
  const Y = (v: number) => pad.t + (1 - (Math.log10(v) - lo) / span) * (h - pad.t - pad.b);
  g.fillStyle = '#666';
  g.font = '11px sans-serif';
  for (const v of [lo, (lo + hi) / 2, hi]) g.fillText((10 ** v).toPrecision(2), 4, Y(10 ** v) + 4);
  curves.forEach((c, k) => {
    g.strokeStyle = c.color;
    g.lineWidth = 1.5;
    g.beginPath();
    c.values.forEach((v, i) => (i ? g.lineTo(X(v.step), Y(v.loss)) : g.moveTo(X(v.step), Y(v.loss))));
    g.stroke();
    g.fillStyle = c.color;
    g.fillText(c.name, w - pad.r - 90, pad.t + 14 * (k + 1));
  });
}
