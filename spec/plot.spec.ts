/**
 * Charts: the Vega-Lite specs say what the 2-D study's plots promise (labelled axes, a legend,
 * loss against training step, points inside the domain), and they render through Vega and resvg
 * to SVG and PNG with their text drawn.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as browser from '../src/index.js';
import { errors, np, plot } from '../src/node.js';

type Row = Record<string, number | string>;
const rowsOf = (spec: plot.ChartSpec) => (spec.data as { values: Row[] }).values;
const enc = (spec: plot.ChartSpec) => spec.encoding as Record<string, Record<string, unknown>>;

describe('plot.lossChart', () => {
  const series = [
    { name: 'teacher FM', steps: [50, 100, 150], values: [1.5, 0.9, 0.8] },
    { name: 'FACM', steps: [50, 100], values: [0.5, Number.NaN] },
  ];

  it('plots each value at its training step, with axis titles, a log y axis and the series order', () => {
    const spec = plot.lossChart(series, { title: 'losses' });
    expect(rowsOf(spec)).toEqual([
      { step: 50, value: 1.5, series: 'teacher FM' }, { step: 100, value: 0.9, series: 'teacher FM' },
      { step: 150, value: 0.8, series: 'teacher FM' }, { step: 50, value: 0.5, series: 'FACM' }, // NaN left out
    ]);
    expect(enc(spec).x).toMatchObject({ field: 'step', title: 'training step' });
    expect(enc(spec).y).toMatchObject({ field: 'value', title: 'loss', scale: { type: 'log' } });
    expect(enc(spec).color).toMatchObject({ sort: ['teacher FM', 'FACM'] });
    expect(spec.title).toBe('losses');
    // On a log axis a value ≤ 0 cannot be drawn; on a linear one it can.
    expect(rowsOf(plot.lossChart([{ name: 'a', steps: [1, 2], values: [0, 1] }]))).toHaveLength(1);
    expect(rowsOf(plot.lossChart([{ name: 'a', steps: [1, 2], values: [0, 1] }], { logY: false }))).toHaveLength(2);
  });

  it('refuses mismatched steps and unknown options by name', () => {
    expect(() => plot.lossChart([{ name: 'a', steps: [1], values: [1, 2] }])).toThrow(errors.ShapeError);
    expect(() => plot.lossChart([{ name: 'a', steps: [1], values: [1, 2] }])).toThrow(/plot\.lossChart: series 'a' has 1 steps but 2 values/);
    expect(() => plot.lossChart(series, { logy: true } as never)).toThrow(/plot\.lossChart.*logy/);
  });

  it('renders to SVG with the title, axis titles and legend entries as text', async () => {
    const svg = await plot.renderSvg(plot.lossChart(series, { title: 'checkerboard losses' }));
    for (const text of ['checkerboard losses', 'training step', 'loss', 'teacher FM', 'FACM']) expect(svg).toContain(`>${text}<`);
  });
});

describe('plot.scatterChart', () => {
  it('takes a Tensor, pairs or interleaved numbers; drops points outside a fixed domain', async () => {
    const spec = await plot.scatterChart([
      { name: 'data', points: np.array([[0, 0], [5, 0]]), color: '#cccccc' },
      { name: 'model', points: [[1, -1]], color: '#1f5fa8' },
      { name: 'more', points: Float32Array.from([2, 2]), color: 'red' },
    ], { domain: [-3, 3] });
    expect(rowsOf(spec)).toEqual([{ x: 0, y: 0, set: 'data' }, { x: 1, y: -1, set: 'model' }, { x: 2, y: 2, set: 'more' }]);
    expect(enc(spec).x).toMatchObject({ scale: { domain: [-3, 3] } });
    expect(enc(spec).color).toMatchObject({ scale: { domain: ['data', 'model', 'more'], range: ['#cccccc', '#1f5fa8', 'red'] } });
  });

  it('names the bad input', async () => {
    await expect(plot.scatterChart([{ name: 'a', points: np.zeros([3]) }])).rejects.toThrow(/plot\.scatterChart: layers\[0\]\.points must be a Tensor of shape \[n, 2\], got \[3\]/);
    await expect(plot.scatterChart([{ name: 'a', points: [1, 2, 3] }])).rejects.toThrow(errors.ShapeError);
    await expect(plot.scatterChart([{ name: 'a', points: [[1, 2], [3]] }])).rejects.toThrow(/layers\[0\]\.points\[1\] has 1 coordinates/);
    await expect(plot.scatterChart([], { domain: [1, 1] })).rejects.toThrow(errors.ArgumentError);
  });
});

describe('rendering and files', () => {
  it('concatCharts keeps each chart its own colours and legend', async () => {
    const a = await plot.scatterChart([{ name: 'data', points: [[0, 0]], color: 'grey' }, { name: 'FACM', points: [[1, 1]], color: 'blue' }]);
    const sheet = plot.concatCharts([a, a], 2, 'samples');
    expect(sheet).toMatchObject({ columns: 2, resolve: { scale: { color: 'independent' } } });
    expect((sheet.concat as object[]).every((c) => !('$schema' in c) && !('config' in c))).toBe(true);
    expect(() => plot.concatCharts([a], 0)).toThrow(errors.ArgumentError);
    const svg = await plot.renderSvg(sheet);
    expect(svg.split('>FACM<').length - 1).toBe(2); // one legend per chart
  });

  it('writeChart writes PNG (text drawn with the shipped font) and SVG atomically; other extensions are refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxion-plot-'));
    const spec = plot.lossChart([{ name: 'loss', steps: [1, 2, 3], values: [3, 2, 1] }], { width: 200, height: 100 });
    await plot.writeChart(join(dir, 'a.png'), spec, { scale: 1 });
    await plot.writeChart(join(dir, 'a.svg'), spec);
    const png = await readFile(join(dir, 'a.png'));
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(200); // the plot area plus axes, labels and legend
    expect(height).toBeGreaterThan(100);
    // With text drawn, the scale-2 image is not just a scaled copy of the geometry: more bytes.
    const noText = await plot.renderPng({ ...spec, config: { axis: { labels: false, title: null }, legend: { disable: true } } }, { scale: 1 });
    expect(png.length).toBeGreaterThan(noText.length + 500);
    expect((await readFile(join(dir, 'a.svg'), 'utf8')).startsWith('<svg')).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['a.png', 'a.svg']); // no temporaries left
    await expect(plot.writeChart(join(dir, 'a.jpg'), spec)).rejects.toThrow(/plot\.writeChart: cannot tell the format of .*a\.jpg.*\.svg or \.png/);
    await expect(plot.renderPng(spec, { scale: 0 })).rejects.toThrow(errors.ArgumentError);
  });

  it('the browser entry has the spec builders only (rendering needs Node)', () => {
    const names = Object.keys(browser.plot).sort();
    expect(names).toEqual(['concatCharts', 'lossChart', 'scatterChart']);
  });
});
