/**
 * The 2-D FACM study (docs/facm.md, "How to show it works on small data"): for each toy distribution,
 * pre-train a flow-matching teacher, distil it into a few-step FACM student and, for comparison,
 * beside it, with the same budget from the same teacher, a consistency-only student (no flow anchor),
 * an sCM student and a MeanFlow student (the auxiliary-time net); then sample every arm at 1 and 2
 * steps, score them against held-out data and the teacher's 100-step ODE samples, and write charts
 * (Vega-Lite, rendered to PNG) and tables.
 *
 *   npm run demo                                 default budget (< 10 min on 2 CPU cores, no GPU)
 *   npm run demo -- --quick                      a smoke run (seconds)
 *   npm run demo -- --teacher-steps 8000 --facm-steps 6000 --out out/long
 *
 * Every stage checkpoints atomically into the output folder; run the same command again after an
 * interruption and it continues from the last checkpoint (finished stages are not redone).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SingleBar } from 'cli-progress';
import {
  Tensor, cli, currentBackend, data, errors, facm, init, io, jit, kernelsOf, metrics, nn, np, optim, plot, random, treeMap, webgpuStats,
} from '../src/node.js';

// ---------------------------------------------------------------------------------------------
// configuration

/** Every option of the study; `npm run demo -- --help` prints them. Bad values stop the run before any work. */
const options = {
  quick: cli.flag({ help: 'a smoke run (seconds): small budgets and model' }),
  out: cli.string({ default: (o) => (o.quick ? 'out/facm-2d-quick' : 'out/facm-2d'), defaultHelp: 'out/facm-2d; out/facm-2d-quick with --quick', help: 'output folder (checkpoints, plots, tables)' }),
  datasets: cli.list({ choices: data.datasetNames, default: ['8gaussians', 'checkerboard'], help: 'toy distributions to study' }),
  teacherSteps: cli.int({ min: 1, default: (o) => (o.quick ? 60 : 5000), defaultHelp: '5000; 60 with --quick', help: 'flow-matching teacher steps' }),
  facmSteps: cli.int({ min: 1, default: (o) => (o.quick ? 40 : 3000), defaultHelp: '3000; 40 with --quick', help: 'distillation steps of each student' }),
  batch: cli.int({ min: 1, default: (o) => (o.quick ? 128 : 256), defaultHelp: '256; 128 with --quick', help: 'teacher batch size' }),
  studentBatch: cli.int({ min: 1, default: (o) => o.batch as number, defaultHelp: 'the value of --batch', help: 'student batch size (default: --batch)' }),
  hidden: cli.int({ min: 1, default: (o) => (o.quick ? 32 : 128), defaultHelp: '128; 32 with --quick', help: 'hidden width of the time-MLP' }),
  depth: cli.int({ min: 1, default: 3, help: 'hidden layers of the time-MLP' }),
  embed: cli.int({ min: 2, default: 32, help: 'width of the time embedding' }),
  evalSamples: cli.int({ min: 10, default: (o) => (o.quick ? 1000 : 10000), defaultHelp: '10000; 1000 with --quick', help: 'samples per arm for the metrics' }),
  lr: cli.number({ min: 0, default: 1e-3, help: 'teacher peak learning rate' }),
  studentLr: cli.number({ min: 0, default: 3e-3, help: 'student peak learning rate' }),
  schedule: cli.choice({ choices: ['cosine', 'constant'] as const, default: 'cosine', help: "'cosine': warm-up over 2% of the steps, then cosine decay to 2% of the peak" }),
  ema: cli.number({ min: 0, max: 1, default: 0.999, help: 'EMA decay of the evaluated weights (warmed up: min(ema, (1 + step)/(10 + step)))' }),
  variant: cli.choice({ choices: ['expanded', 'auxiliary'] as const, default: 'expanded', help: "FACM variant: FM at c = 2 − t (the paper's default) or a second time r" }),
  studentTime: cli.choice({ choices: ['default', 'log', 'uniform'] as const, default: 'default', help: 'time sampler of the distillation (default: arctan-lognormal)' }),
  seed: cli.int({ min: 0, default: 0, help: 'root random seed' }),
  threefry: cli.choice({ choices: ['partitionable', 'original'] as const, default: 'partitionable', help: "random-bit layout: JAX's default since 0.5, or the layout of JAX < 0.5 (and of fluxion's results recorded before)" }),
};
const opts = cli.parseOptionsOrExit('npm run demo --', options);
const cfg = {
  ...opts,
  datasets: opts.datasets as data.DatasetName[],
  embedDim: opts.embed,
  studentTime: opts.studentTime as facm.TimeSampler,
};

// ---------------------------------------------------------------------------------------------
// pieces

type Params = nn.TimeMlpParams;
/**
 * F(x, c[, r]) of a timeMlp. A student of the auxiliary-time variant carries a second time r
 * (nn.withAuxTime); called without r — by the samplers — it is the CM task, r = 1 (docs/facm.md).
 */
const net = (p: Params): facm.Net => (x, c, r) =>
  nn.timeMlp(p, x, c, undefined, p.auxTime ? { r: r ?? np.onesLike(np.asTensor(c)) } : {});
const keysOf = (key: Tensor, n: number) => Array.from({ length: n }, (_, i) => random.foldIn(key, i));

/** A batch on the linear path: data, noise, time → (x_t, t, v). */
function pathBatch(name: data.DatasetName, key: Tensor, n: number, time: facm.TimeSampler) {
  const [kx, ke, kt] = keysOf(key, 3);
  const x = data.sampleDataset(name, kx, n).x;
  const eps = random.normal(ke, [n, 2]);
  const t = facm.sampleTime(kt, n, time);
  return { xt: facm.interpolate(x, eps, t), t, v: facm.velocity(x, eps) };
}

const optimizer = (lr: number, steps: number) => optim.chain(optim.clipByGlobalNorm(1), optim.adamw(
  cfg.schedule === 'cosine' ? optim.warmupCosine(lr, Math.ceil(steps / 50), steps + 1, { end: lr / 50 }) : lr, { weightDecay: 0 }));

/** Seconds since `t0` (a performance.now() reading), to a tenth. */
const secondsSince = (t0: number) => Math.round((performance.now() - t0) / 100) / 10;
const formatSeconds = (seconds: Record<string, number>) => Object.entries(seconds).map(([k, v]) => `${k} ${v}`).join(', ');

/**
 * A progress bar per stage (cli-progress): steps done, the logged metrics, steps/s and the ETA. Off a
 * terminal (CI logs, a pipe) it prints a plain line every 15 s instead of redrawing.
 */
function progress(label: string, total: number) {
  const bar = new SingleBar({
    format: `  ${label.padEnd(10)} {bar} {value}/{total}  {metrics}  {rate} steps/s  ETA {eta_formatted}`,
    barsize: 20, barCompleteChar: '█', barIncompleteChar: '·', hideCursor: true,
    noTTYOutput: !process.stdout.isTTY, notTTYSchedule: 15000, etaBuffer: 200,
  });
  const t0 = performance.now();
  let first = -1;
  return (step: number, m: Record<string, number>) => {
    if (first < 0) bar.start(total, (first = step) - 1, { metrics: '', rate: '–' });
    const rate = (step - first + 1) / ((performance.now() - t0) / 1000);
    const metrics = Object.entries(m).map(([k, v]) => `${k} ${v.toFixed(4)}`).join('  ');
    bar.update(step, { metrics, rate: rate.toFixed(1) });
    if (step === total) bar.stop();
  };
}

async function stage<C>(dir: string, label: string, lossFn: (p: Params, c: C, k: Tensor, step: Tensor) => [Tensor, Record<string, Tensor>],
  init: Params, context: C, lr: number, steps: number, key: Tensor) {
  const opt = optimizer(lr, steps);
  const step = facm.makeTrainStep(lossFn, opt, optim.emaWarmup(cfg.ema), label.replace(/\W/g, '_'));
  const state = facm.initTrainState(init, opt, np.zeros([]));
  const kernels = kernelsOf(step, state, context, key).length;
  const ckpt = join(dir, `${label}.safetensors`);
  const resumed = existsSync(ckpt);
  console.log(`  ${label}: one jit program per step, ${kernels} kernels${resumed ? ' (resuming from checkpoint)' : ''}`);
  // Everything that shapes this stage's result: a checkpoint written with other values is refused, not resumed.
  const config = {
    stage: label, dataset: basename(dir), lr, steps, hidden: cfg.hidden, depth: cfg.depth, embed: cfg.embed, schedule: cfg.schedule, ema: cfg.ema, seed: cfg.seed, threefry: cfg.threefry,
    ...(label === 'teacher' ? { batch: cfg.batch } : { batch: cfg.studentBatch, teacherSteps: cfg.teacherSteps, variant: cfg.variant, studentTime: cfg.studentTime }),
  };
  return facm.trainLoop({ step, state, context, key, steps, checkpoint: ckpt, checkpointEvery: 250, logEvery: 50, onLog: progress(label, steps), config });
}

// ---------------------------------------------------------------------------------------------

async function study(name: data.DatasetName, root: Tensor) {
  const dir = join(cfg.out, name);
  await io.ensureWritableDir(dir);
  console.log(`\n${name}`);
  const [kInit, kTeacher, kFacm, kCm, kEval, kScm, kMf] = keysOf(root, 7);
  const init = nn.initTimeMlp(kInit, { dataDim: 2, hidden: cfg.hidden, depth: cfg.depth, embedDim: cfg.embedDim });

  // Stage 1: the flow-matching teacher (half of every batch at c = 2 − t, docs/facm.md).
  const teacherLoss = (p: Params, _c: null, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const b = pathBatch(name, k, cfg.batch, 'uniform');
    return [facm.teacherLoss(net(p), b.xt, b.t, b.v).loss, {}];
  };
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const result = await work();
    seconds[label] = secondsSince(t0);
    return result;
  };
  const teacherRun = await timed('teacher', () => stage(dir, 'teacher', teacherLoss, init, null, cfg.lr, cfg.teacherSteps, kTeacher));
  const teacher = teacherRun.state.ema;

  // Stage 2: FACM distillation, and the consistency-only ablation, both from the teacher's EMA weights.
  const distil = (anchor: boolean) => (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const b = pathBatch(name, k, cfg.studentBatch, cfg.studentTime);
    const v = facm.guidedVelocity((x, c) => nn.timeMlp(tp, x, c), b.xt, b.t);
    const r = facm.facmLoss(net(p), b.xt, b.t, v, { anchor, variant: cfg.variant });
    return [r.loss, anchor ? { cm: r.cm, fm: r.fm } : {}];
  };
  const copy = (p: Params) => {
    const fresh = treeMap((x: Tensor) => x.add(0), p) as Params;
    return cfg.variant === 'auxiliary' ? nn.withAuxTime(fresh) : fresh; // zero-initialised r embedding: starts as the teacher
  };
  const facmRun = await timed('facm', () => stage(dir, 'facm', distil(true), copy(teacher), teacher, cfg.studentLr, cfg.facmSteps, kFacm));
  const cmRun = await timed('cm-only', () => stage(dir, 'cm-only', distil(false), copy(teacher), teacher, cfg.studentLr, cfg.facmSteps, kCm));
  // sCM (docs/facm.md "Related objectives"): the same teacher velocity, its tangent-warm-up target.
  const scm = (p: Params, tp: Params, k: Tensor, step: Tensor): [Tensor, Record<string, Tensor>] => {
    const b = pathBatch(name, k, cfg.studentBatch, cfg.studentTime);
    const v = facm.guidedVelocity((x, c) => nn.timeMlp(tp, x, c), b.xt, b.t);
    return [facm.scmLoss(net(p), b.xt, b.t, v, step, Math.ceil(cfg.facmSteps / 10)).loss, {}];
  };
  const scmRun = await timed('sCM', () => stage(dir, 'scm', scm, copy(teacher), teacher, cfg.studentLr, cfg.facmSteps, kScm));
  // MeanFlow: the auxiliary-time net (the teacher plus a zero-initialised second time) trained on the
  // MeanFlow identity with the teacher's velocity at z_t, read through facm.meanFlowFromNet.
  const meanFlow = (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const [kx, ke, kt] = keysOf(k, 3);
    const x = data.sampleDataset(name, kx, cfg.studentBatch).x;
    const eps = random.normal(ke, [cfg.studentBatch, 2]);
    const { r, t } = facm.sampleMeanFlowTimes(kt, cfg.studentBatch);
    const z = facm.meanFlowPath(x, eps, t).z;
    // The teacher's velocity in MeanFlow's clock: v_MF(z, t) = −F_teacher(z, 1 − t).
    const v = facm.guidedVelocity((xx, c) => nn.timeMlp(tp, xx, c), z, np.subtract(1, t)).neg();
    return [facm.meanFlowLoss(facm.meanFlowFromNet(net(p)), z, r, t, v).loss, {}];
  };
  const mfRun = await timed('MeanFlow', () => stage(dir, 'meanflow', meanFlow, nn.withAuxTime(treeMap((x: Tensor) => x.add(0), teacher) as Params), teacher, cfg.studentLr, cfg.facmSteps, kMf));
  const [student, cmOnly, scmStudent, mfStudent] = [facmRun.state.ema, cmRun.state.ema, scmRun.state.ema, mfRun.state.ema];
  const curve = (label: string, h: Record<string, readonly number[]>, key = 'loss') => ({ name: label, steps: h.step ?? [], values: h[key] ?? [] });
  await plot.writeChart(join(dir, 'losses.png'), plot.lossChart([
    curve('teacher FM', teacherRun.history), curve('FACM', facmRun.history), curve('FACM CM term', facmRun.history, 'cm'),
    curve('CM-only', cmRun.history), curve('sCM', scmRun.history), curve('MeanFlow', mfRun.history),
  ], { title: `${name}: training losses (logged every 50 steps)` }));

  // Evaluation: the same noise for every arm, held-out data, the teacher's 100-step ODE as reference.
  const evalStart = performance.now();
  const [kNoise, kHeld, kRenoise, kSw, kFloor] = keysOf(kEval, 5);
  const eps = random.normal(kNoise, [cfg.evalSamples, 2]);
  const held = data.sampleDataset(name, kHeld, cfg.evalSamples).x;
  const euler = (n: number) => jit((p: Params, e: Tensor) => facm.eulerSample(net(p), e, n), { name: `euler${n}` });
  const steps = (n: number) => jit((p: Params, e: Tensor, k: Tensor) => facm.sampleSteps(net(p), e, n, k), { name: `cm${n}` });
  const meanFlowSteps = (n: number) => jit((p: Params, e: Tensor) => facm.meanFlowSample(facm.meanFlowFromNet(net(p)), e, n), { name: `meanflow${n}` });
  const arms: [string, Tensor][] = [
    ['teacher Euler 1', euler(1)(teacher, eps)], ['teacher Euler 2', euler(2)(teacher, eps)],
    ['teacher Euler 100', euler(100)(teacher, eps)],
    ['FACM 1 step', steps(1)(student, eps, kRenoise)], ['FACM 2 steps', steps(2)(student, eps, kRenoise)],
    ['CM-only 1 step', steps(1)(cmOnly, eps, kRenoise)], ['CM-only 2 steps', steps(2)(cmOnly, eps, kRenoise)],
    ['sCM 1 step', steps(1)(scmStudent, eps, kRenoise)], ['sCM 2 steps', steps(2)(scmStudent, eps, kRenoise)],
    ['MeanFlow 1 step', meanFlowSteps(1)(mfStudent, eps)], ['MeanFlow 2 steps', meanFlowSteps(2)(mfStudent, eps)],
  ];
  const reference = arms[2][1];
  const centers = name === '8gaussians' ? data.modeCenters('8gaussians') : undefined;
  const rows: Record<string, Record<string, number>> = {};
  const mmd2ToHeld = await metrics.mmd2Against(held);
  // The metrics' noise floor: a second held-out sample of the same size scored like an arm.
  const second = data.sampleDataset(name, kFloor, cfg.evalSamples).x;
  const floor = { sw2: await metrics.slicedWasserstein2(kSw, second, held, { directions: 256 }), mmd2: await mmd2ToHeld(second) };
  for (const [arm, x] of arms) {
    const row: Record<string, number> = {
      nfe: Number(arm.match(/(\d+)/)![1]),
      sw2: await metrics.slicedWasserstein2(kSw, x, held, { directions: 256 }),
      mmd2: await mmd2ToHeld(x),
      odeMapError: await metrics.pairedMapError(x, reference),
    };
    if (centers) row.modeCoverage = (await metrics.modeCoverage(x, centers)).coverage; // radius: a quarter of the mode spacing
    rows[arm] = row;
  }
  // Charts: every arm over the held-out data, one file each and one sheet of all.
  const charts = [];
  for (const [arm, x] of arms) {
    const chart = await plot.scatterChart([{ name: 'held-out data', points: held, color: '#c4c4c4' }, { name: arm, points: x, color: '#1f5fa8' }],
      { title: arm, domain: [-3, 3], width: 260, height: 260 });
    await plot.writeChart(join(dir, `samples-${arm.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.png`), chart);
    charts.push(chart);
  }
  await plot.writeChart(join(dir, 'samples.png'), plot.concatCharts(charts, 4, `${name}: samples of every arm (blue) over held-out data (grey)`));
  seconds.evaluation = secondsSince(evalStart);
  console.log(`  seconds: ${formatSeconds(seconds)}`);
  return { rows, floor, seconds };
}

async function main() {
  await init(); // FLUXION_BACKEND etc. apply; without a WebGPU adapter it says so and uses the CPU
  const t0 = performance.now();
  console.log(`FACM 2-D study → ${cfg.out}  (backend: ${currentBackend()}${currentBackend() === 'cpu' ? ': no WebGPU adapter, running on the CPU interpreter' : ''})`);
  console.log(`config: ${JSON.stringify(cfg)}`);
  // Before any training: a full disk or a read-only folder fails now, not after the first stage.
  await io.ensureWritableDir(cfg.out);
  const all: Record<string, Record<string, Record<string, number>>> = {};
  const floors: Record<string, { sw2: number; mmd2: number }> = {}, stageSeconds: Record<string, Record<string, number>> = {};
  random.setThreefryLayout(cfg.threefry);
  const root = random.key(cfg.seed);
  for (const [i, name] of cfg.datasets.entries()) {
    ({ rows: all[name], floor: floors[name], seconds: stageSeconds[name] } = await study(name, random.foldIn(root, i)));
  }
  const seconds = (performance.now() - t0) / 1000;
  const json = JSON.stringify({ config: cfg, backend: currentBackend(), seconds, stageSeconds, metricFloor: floors, results: all, gpu: webgpuStats() }, null, 2);
  await io.writeFileAtomic(join(cfg.out, 'metrics.json'), new TextEncoder().encode(json));
  const lines = ['| dataset | arm | NFE | sliced W2 ↓ | MMD² ↓ | ODE-map error ↓ | modes |', '|---|---|---|---|---|---|---|'];
  for (const [name, rows] of Object.entries(all)) {
    for (const [arm, r] of Object.entries(rows)) {
      lines.push(`| ${name} | ${arm} | ${r.nfe} | ${r.sw2.toFixed(4)} | ${r.mmd2.toExponential(2)} | ${r.odeMapError.toFixed(4)} | ${r.modeCoverage !== undefined ? r.modeCoverage.toFixed(2) : '–'} |`);
    }
  }
  const notes = Object.entries(floors).map(([name, f]) =>
    `- ${name}: metric floor (a second held-out sample scored like an arm) sliced W2 ${f.sw2.toFixed(4)}, MMD² ${f.mmd2.toExponential(2)}; ` +
    `seconds ${formatSeconds(stageSeconds[name])}`);
  const md = `# FACM 2-D study\n\nbackend ${currentBackend()}, ${seconds.toFixed(0)} s, config \`${JSON.stringify(cfg)}\`\n\n${lines.join('\n')}\n\n${notes.join('\n')}\n`;
  await io.writeFileAtomic(join(cfg.out, 'results.md'), new TextEncoder().encode(md));
  console.log(`\n${lines.join('\n')}\n\n${notes.join('\n')}\n\nwrote ${cfg.out}/metrics.json, results.md and <dataset>/samples.png in ${seconds.toFixed(0)} s`);
}

// A deliberate fluxion error (a checkpoint from another run, an unwritable folder) is the user's to
// fix: print its message, which says what to do, without a stack trace; anything else is a bug.
await main().catch((e: unknown) => {
  if (!(e instanceof errors.FluxionError)) throw e;
  console.error(`\nfacm-2d: ${e.message}`);
  process.exitCode = 1;
});
