/**
 * The browser demo page: trains the FACM 2-D model live and draws as it trains. Served by
 * `npm run demo:browser` (scripts/serve-browser.ts). URL parameters preset the controls
 * (?dataset=checkerboard&teacherSteps=800&facmSteps=600&nfe=8&autostart=1), which is how
 * spec/browser-demo.spec.ts drives it; `window.fluxionDemo` reports progress to that spec.
 * It uses the DOM, so it is type-checked with examples/browser/tsconfig.json (lib DOM), not the
 * root configuration (whose WebGPU types come from @webgpu/types and clash with DOM's).
 */
import { currentBackend, data, useBackend } from '../../src/index.js';
import { getDevice } from '../../src/backend/webgpu/device.js';
import { DEFAULT_CONFIG, Trainer } from './trainer.js';
import { drawLosses, drawScatter } from './draw.js';
import type { DemoReport } from './report.js';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $<HTMLDivElement>('status');
const params = new URLSearchParams(location.search);

// Where the arrays live: WebGPU when the browser has it, else the CPU interpreter, said plainly.
let adapter = '';
try {
  await useBackend('webgpu');
  const { adapterInfo: a } = await getDevice();
  adapter = [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unnamed adapter';
  status.textContent = `WebGPU adapter: ${adapter}${a.isCpu ? ' (a software adapter running on the CPU)' : ''}. Press Start.`;
} catch (e) {
  await useBackend('cpu');
  adapter = 'none';
  status.classList.add('warn');
  status.textContent = `WebGPU is not available in this browser (${e instanceof Error ? e.message : String(e)}).\n` +
    'Training runs on fluxion\'s CPU interpreter instead: the same results, more slowly. Press Start.';
}
const backendNote = status.textContent.replace(/ Press Start\.$/, '');

// Controls, preset from the URL.
const datasetSelect = $<HTMLSelectElement>('dataset');
for (const name of data.datasetNames) datasetSelect.add(new Option(name, name));
const initial = (id: string, fallback: string | number) => String(params.get(id) ?? fallback);
datasetSelect.value = initial('dataset', DEFAULT_CONFIG.dataset);
const inputs = { teacherSteps: $<HTMLInputElement>('teacherSteps'), facmSteps: $<HTMLInputElement>('facmSteps'), nfe: $<HTMLInputElement>('nfe') };
inputs.teacherSteps.value = initial('teacherSteps', DEFAULT_CONFIG.teacherSteps);
inputs.facmSteps.value = initial('facmSteps', DEFAULT_CONFIG.facmSteps);
inputs.nfe.value = initial('nfe', 8);
const [startButton, stopButton] = [$<HTMLButtonElement>('start'), $<HTMLButtonElement>('stop')];
const canvases = { teacher: $<HTMLCanvasElement>('teacher'), facm1: $<HTMLCanvasElement>('facm1'), facm2: $<HTMLCanvasElement>('facm2') };
const lossesDiv = $<HTMLDivElement>('losses');

let trainer: Trainer | undefined;
let running = false;
let frames = 0;
let error: string | undefined;
let background: Float32Array | undefined;

const positive = (input: HTMLInputElement, fallback: number) => {
  const v = Math.floor(Number(input.value));
  return Number.isFinite(v) && v >= 1 ? v : fallback;
};

async function draw(t: Trainer): Promise<void> {
  const nfe = Math.min(positive(inputs.nfe, 8), 100);
  const [teacher, one, two] = [await t.teacherSamples(nfe), await t.studentSamples(1), await t.studentSamples(2)];
  drawScatter(canvases.teacher, `teacher, Euler ${nfe} step${nfe > 1 ? 's' : ''} (NFE ${nfe})`, teacher, background, '#b8501f');
  drawScatter(canvases.facm1, 'FACM student, 1 step (NFE 1)', one, background);
  drawScatter(canvases.facm2, 'FACM student, 2 steps (NFE 2)', two, background);
  await drawLosses(lossesDiv, [
    { name: 'teacher FM', color: '#b8501f', values: t.teacherLoss },
    { name: 'FACM', color: '#1f5fbf', values: t.facmLoss },
  ]);
  frames++;
}

async function run(): Promise<void> {
  const t = trainer!;
  const stepsPerChunk = currentBackend() === 'cpu' ? 5 : 20;
  let lastDraw = -Infinity;
  while (running && t.phase !== 'done') {
    const t0 = performance.now();
    await t.advance(stepsPerChunk);
    const rate = stepsPerChunk / ((performance.now() - t0) / 1000);
    const phase = t.phase as string; // advance() moves it on
    status.textContent = `${backendNote}\n${phase === 'done' ? 'finished' : `training the ${phase === 'teacher' ? 'teacher' : 'FACM student'}`}: ` +
      `step ${t.step}, ${rate.toFixed(0)} steps/s`;
    // Sampling costs a few steps' time: draw about once a second.
    if (performance.now() - lastDraw > 1000 || phase === 'done') { await draw(t); lastDraw = performance.now(); }
    await new Promise((r) => setTimeout(r, 0)); // let the page paint and take clicks
  }
  running = false;
  startButton.disabled = false;
  stopButton.disabled = true;
}

async function start(): Promise<void> {
  if (running) return;
  running = true;
  error = undefined;
  startButton.disabled = true;
  stopButton.disabled = false;
  if (!trainer || trainer.phase === 'done' || trainer.cfg.dataset !== datasetSelect.value) {
    trainer = new Trainer({
      ...DEFAULT_CONFIG, dataset: datasetSelect.value as data.DatasetName,
      teacherSteps: positive(inputs.teacherSteps, DEFAULT_CONFIG.teacherSteps), facmSteps: positive(inputs.facmSteps, DEFAULT_CONFIG.facmSteps),
    });
    background = await trainer.dataSamples(2000);
  }
  run().catch((e: unknown) => {
    error = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
    status.classList.add('warn');
    status.textContent = `${backendNote}\nstopped by an error: ${error}`;
    running = false;
  });
}

startButton.onclick = () => void start();
stopButton.onclick = () => { running = false; };
drawScatter(canvases.teacher, 'teacher', undefined);
drawScatter(canvases.facm1, 'FACM student, 1 step', undefined);
drawScatter(canvases.facm2, 'FACM student, 2 steps', undefined);
void drawLosses(lossesDiv, []);

(globalThis as unknown as { fluxionDemo: { report(): DemoReport } }).fluxionDemo = {
  report: () => ({
    backend: currentBackend() ?? 'none', adapter, phase: trainer ? trainer.phase : 'idle', step: trainer?.step ?? 0,
    teacherLoss: trainer?.teacherLoss.map((l) => l.loss) ?? [], facmLoss: trainer?.facmLoss.map((l) => l.loss) ?? [], frames, error,
  }),
};
if (params.get('autostart') === '1') void start();
