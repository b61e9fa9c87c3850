/**
 * The FACM training step of issue 4's benchmark: batch 1024, timeMlp with 4 hidden layers of 256,
 * a 64-wide time embedding, frozen teacher velocity + jvp + grad + clipByGlobalNorm + AdamW + EMA
 * in one jit program; fluxion on WebGPU against the same step in jax-js (bench/peers/jaxjs-facm.ts)
 * on WebGPU and on wasm, in one session:
 *
 *   npx tsx bench/facm-step.ts [--quick] [--steps 20] [--max-seconds 240] [--no-check | --check-only]
 *                              [--skip ceiling,fluxion,jaxjs-webgpu,jaxjs-wasm] [--no-nice-jaxjs]
 *                              [--timeout 3600] [--out bench/FACM-STEP.md] [--label 'text shown at the top of the report']
 *
 * Runs one after the other, each in its own process (no two Dawn devices in one process): the
 * ceiling tool (--ceiling <path of ceiling.mjs> or $FLUXION_CEILING, run with --nice), fluxion (this file with --role fluxion),
 * jax-js --device webgpu (its main thread niced once its device exists, as fluxion nices itself on
 * CPU adapters; --no-nice-jaxjs leaves it at 0), jax-js --device wasm (single-threaded in Node).
 * Each child times the step first: the first call (trace + compile + run), then up to --steps
 * steps (default 20, --quick 3), stopping early once --max-seconds (default 240, --quick 60) have
 * passed (so a library taking a minute per step is timed on a few steps; the summary says so);
 * median ms per step, time = call + `await loss.data()`. Then it runs the check: loss, gradient and
 * two full steps from the same host parameters and host batch (bench/facm-common.ts), plus the
 * moments of one batch of its in-step sampler; this process compares them across libraries
 * (relative tolerance 1e-3). Prints a summary and, last, one JSON line with everything; --out
 * writes the markdown report (the format of bench/FACM-STEP.md).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Tensor } from '../src/node.js';
import type { TimeMlpParams } from '../src/nn/time-mlp.js';
import { parseOptionsOrExit } from '../src/cli/index.js';
import { facmStepOptions } from './options.js';
import { loadWebGpu, snapshot, diff, emit, errMsg, cpuSeconds, round } from './common.js';
import {
  FACM, LEAF_NAMES, STUDENT_SEED, TEACHER_SEED, CHECK_TOL, hostParams, hostBatch, parseFacmArgs, timeSteps, samplerFigures,
  checkSampler, compareChecks, sumSq, sumSqDiff, stepMatmulFlops, type CheckFigures, type HostLayer,
} from './facm-common.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const argv = process.argv.slice(2);
const options = parseOptionsOrExit('npx tsx bench/facm-step.ts', facmStepOptions, argv);

if (options.role === 'fluxion') await fluxionChild();
else await orchestrate();

// ---------------------------------------------------------------------------------------------
// fluxion (child process)

async function fluxionChild(): Promise<void> {
  const args = parseFacmArgs();
  // Count dispatches the way the jax-js child does (wrapping Dawn's prototypes), before fluxion's device exists.
  const { counter } = loadWebGpu();
  const { data, facm, init, jit, kernelsOf, nn, np, optim, random, currentBackend, valueAndGrad } = await import('../src/node.js');
  await init({ backend: 'webgpu' });
  type Params = TimeMlpParams;
  const B = FACM.batch;
  const cfg = { dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim };
  const result: Record<string, any> = { bench: 'fluxion facm-step', backend: currentBackend(), batch: B, ...cfg, inputs: 'sampled in the step (fluxion random, key fed per step)' };

  /** The batch as the loss sees it; the teacher is frozen context, not differentiated. */
  interface Ctx { teacher: Params; x: Tensor; eps: Tensor; t: Tensor }
  const fedLoss = (p: Params, c: Ctx) => {
    const xt = facm.interpolate(c.x, c.eps, c.t);
    const v = facm.guidedVelocity((a, cc) => nn.timeMlp(c.teacher, a, cc), xt, c.t);
    return facm.facmLoss((a, cc) => nn.timeMlp(p, a, cc), xt, c.t, v);
  };
  const sample = (k: Tensor) => {
    const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
    return { x: data.sampleDataset('8gaussians', kx, B).x, eps: random.normal(ke, [B, 2]), t: facm.sampleTime(kt, B) };
  };
  const opt = optim.chain(optim.clipByGlobalNorm(FACM.clipNorm), optim.adamw(FACM.lr, { b1: FACM.b1, b2: FACM.b2, eps: FACM.eps, weightDecay: 0 }));
  const fromHost = (h: HostLayer[]): Params => ({ layers: h.map((l) => ({ w: np.array(l.w, { shape: l.shapeW }), b: np.array(l.b, { shape: l.shapeB }) })) });
  const leaves = async (p: Params) => Promise.all(p.layers.flatMap((l) => [l.w.data(), l.b.data()]));

  async function check() {
    const t0 = performance.now();
    const hb = hostBatch(), hostStudent = hostParams(STUDENT_SEED);
    const ctx: Ctx = {
      teacher: fromHost(hostParams(TEACHER_SEED)), x: np.array(hb.x, { shape: [B, 2] }), eps: np.array(hb.eps, { shape: [B, 2] }), t: np.array(hb.t),
    };
    // 1) loss and gradient.
    const vg = jit((p: Params, c: Ctx) => valueAndGrad((pp: Params, cc: Ctx): [Tensor, Record<string, Tensor>] => {
      const r = fedLoss(pp, cc);
      return [r.loss, { cm: r.cm, fm: r.fm }];
    }, { hasAux: true })(p, c) as [[Tensor, Record<string, Tensor>], Params], { name: 'facm_check_grad' });
    const [[loss, aux], grads] = vg(fromHost(hostStudent), ctx);
    const g = await leaves(grads);
    const gradSq = Object.fromEntries(LEAF_NAMES.map((k, i) => [k, sumSq(g[i])]));
    // 2) two full steps (the benchmark's step function, on the host batch instead of a sampled one).
    const step = facm.makeTrainStep((p: Params, c: Ctx): [Tensor, Record<string, Tensor>] => [fedLoss(p, c).loss, {}], opt, FACM.checkEmaDecay, 'facm_check_step');
    let state = facm.initTrainState(fromHost(hostStudent), opt, np.zeros([]));
    const [s1, m1] = step(state, ctx, random.key(0));
    const [s2, m2] = step(s1, ctx, random.key(0));
    state = s2;
    const p0 = hostStudent.flatMap((l) => [l.w, l.b]);
    const mu = ((state.opt as any[])[1][0] as { mu: Params }).mu;
    const [p2, e2, mu2] = [await leaves(state.params), await leaves(state.ema), await leaves(mu)];
    // 3) one batch of the in-step sampler.
    const sampler = jit((k: Tensor) => { const b = sample(k); return [b.x, b.eps, b.t]; }, { name: 'facm_check_sampler' });
    const [sx, se, st] = sampler(random.key(12345)) as Tensor[];
    const figures: CheckFigures = {
      loss: (await loss.data())[0], cm: (await aux.cm.data())[0], fm: (await aux.fm.data())[0],
      gradSq, gradNorm: Math.sqrt(Object.values(gradSq).reduce((a, b) => a + b, 0)),
      step1Loss: (await m1.loss.data())[0], step2Loss: (await m2.loss.data())[0],
      muSq: mu2.reduce((s, a) => s + sumSq(a), 0),
      updateSq: p2.reduce((s, a, i) => s + sumSqDiff(a, p0[i]), 0),
      emaSq: e2.reduce((s, a, i) => s + sumSqDiff(a, p0[i]), 0),
    };
    return { figures, sampler: samplerFigures(await sx.data(), await se.data(), await st.data()), ms: round(performance.now() - t0, 0) };
  }

  async function bench() {
    const loss = (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => [fedLoss(p, { teacher: tp, ...sample(k) }).loss, {}];
    const teacher = nn.initTimeMlp(random.key(1), cfg);
    const step = facm.makeTrainStep(loss, opt, FACM.emaDecay, 'facm_bench');
    let state = facm.initTrainState(nn.initTimeMlp(random.key(2), cfg), opt, np.zeros([]));
    const kernels = (kernelsOf as (f: unknown, ...a: unknown[]) => { name: string; flops: number }[])(step, state, teacher, random.key(0));
    const mmFlops = kernels.filter((k) => k.name.startsWith('MM')).reduce((s, k) => s + k.flops, 0);
    const allFlops = kernels.reduce((s, k) => s + k.flops, 0);
    let t0 = performance.now();
    let [next, m] = step(state, teacher, random.key(0));
    await m.loss.data();
    const firstCallMs = round(performance.now() - t0, 0);
    const timing = await timeSteps(async (i) => {
      state = next;
      [next, m] = step(state, teacher, random.foldIn(random.key(0), i));
      await m.loss.data();
    }, args.steps, args.maxSeconds);
    const before = snapshot(counter);
    [next, m] = step(next, teacher, random.foldIn(random.key(0), 10_000));
    const lastLoss = (await m.loss.data())[0];
    const perStep = diff(before, snapshot(counter));
    return {
      kernels: kernels.length, dispatchesPerStep: perStep.dispatches, submitsPerStep: perStep.submits, firstCallMs, ...timing,
      matmulGflop: round(mmFlops / 1e9, 3), matmulGflopByHand: round(stepMatmulFlops() / 1e9, 3), allKernelGflop: round(allFlops / 1e9, 3),
      achievedGflops: round(mmFlops / timing.msPerStep / 1e6, 2), lastLoss,
    };
  }

  try {
    // The bench first, so that its first call is a cold trace + compile (up to Mesa's disk cache).
    if (args.bench) Object.assign(result, await bench());
    if (args.check) {
      const c = await check();
      Object.assign(result, { check: c.figures, sampler: c.sampler, checkMs: c.ms });
    }
  } catch (e) {
    result.error = errMsg(e);
    if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  }
  result.mainThreadNice = os.getPriority(process.pid);
  result.cpuSeconds = cpuSeconds();
  emit(result);
  process.exit(result.error ? 1 : 0);
}

// ---------------------------------------------------------------------------------------------
// Orchestrator (no WebGPU device in this process)

interface ChildRun { name: string; command: string; ok: boolean; seconds: number; json?: any; error?: string; otherCpuPct?: number; stderrTail?: string }

async function orchestrate(): Promise<void> {
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const args = parseFacmArgs();
  const skip = new Set<string>(options.skip);
  const timeoutS = options.timeout;
  const log = (msg: string) => process.stderr.write(`[facm-step] ${msg}\n`);
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const pass = [
    ...(args.quick ? ['--quick'] : []), '--steps', String(args.steps), '--max-seconds', String(args.maxSeconds),
    ...(args.check ? [] : ['--no-check']), ...(args.bench ? [] : ['--check-only']),
  ];
  const readStat = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
      return { idle: f[3] + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
    } catch { return undefined; }
  };

  async function runChild(name: string, nodeArgs: string[]): Promise<ChildRun> {
    const command = `node ${nodeArgs.join(' ')}`;
    log(`${name}: ${command}`);
    const t0 = performance.now(), stat0 = readStat();
    return new Promise<ChildRun>((resolve) => {
      const child = spawn(process.execPath, nodeArgs, { cwd: ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '', stderr = '';
      child.stdout.on('data', (d) => { stdout += d; });
      child.stderr.on('data', (d) => { stderr += d; });
      const timer = setTimeout(() => { stderr += `\n[facm-step] killed after ${timeoutS} s`; child.kill('SIGKILL'); }, timeoutS * 1000);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const wallS = (performance.now() - t0) / 1000, stat1 = readStat();
        const line = stdout.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('{')).pop();
        let json: any;
        try { json = line ? JSON.parse(line) : undefined; } catch { /* reported below */ }
        const ok = code === 0 && json !== undefined && !json.error;
        const error = ok ? undefined : json?.error ?? `exit ${code ?? signal}${json === undefined ? ', no JSON line on stdout' : ''}`;
        // CPU used by other processes while the child ran: machine busy core-seconds − the child's own.
        let otherCpuPct: number | undefined;
        if (stat0 && stat1 && json?.cpuSeconds !== undefined) {
          const busy = (1 - (stat1.idle - stat0.idle) / Math.max(1, stat1.total - stat0.total)) * os.cpus().length * wallS;
          otherCpuPct = Math.round((100 * Math.max(0, busy - json.cpuSeconds)) / (wallS * os.cpus().length));
        }
        const stderrTail = stderr.split('\n').filter((l) => l.trim() && !/artificially reduced|npm warn/.test(l)).slice(-15).join('\n');
        log(`${name}: ${ok ? 'done' : `FAILED (${error})`} in ${wallS.toFixed(1)} s${otherCpuPct !== undefined ? `; other processes used ${otherCpuPct}% of the CPUs meanwhile` : ''}`);
        if (!ok && stderrTail) log(stderrTail.replace(/^/gm, `  ${name} | `));
        resolve({ name, command, ok, seconds: round(wallS, 1), json, error, otherCpuPct, stderrTail: ok ? undefined : stderrTail });
      });
    });
  }

  const started = new Date();
  const runs: ChildRun[] = [];
  if (!skip.has('ceiling') && args.bench) {
    if (options.ceiling === '-') log('ceiling: not run (give --ceiling <path of ceiling.mjs> or set FLUXION_CEILING)');
    else runs.push(await runChild('ceiling', [options.ceiling, '--nice']));
  }
  if (!skip.has('fluxion')) runs.push(await runChild('fluxion', ['--import', 'tsx', 'bench/facm-step.ts', '--role', 'fluxion', ...pass]));
  if (!skip.has('jaxjs-webgpu')) runs.push(await runChild('jaxjs-webgpu', ['--import', 'tsx', 'bench/peers/jaxjs-facm.ts', '--device', 'webgpu', ...(options.noNiceJaxjs ? [] : ['--nice']), ...pass]));
  if (!skip.has('jaxjs-wasm')) runs.push(await runChild('jaxjs-wasm', ['--import', 'tsx', 'bench/peers/jaxjs-facm.ts', '--device', 'wasm', ...pass]));
  const get = (n: string) => runs.find((r) => r.name === n && r.ok)?.json;
  const ceil = get('ceiling'), fx = get('fluxion'), jg = get('jaxjs-webgpu'), jw = get('jaxjs-wasm');

  // Correctness: every pair of libraries that ran the check, and each one's sampler.
  const libs: [string, any][] = [['fluxion', fx], ['jax-js webgpu', jg], ['jax-js wasm', jw]];
  const withCheck = libs.filter(([, j]) => j?.check);
  const pairs: Record<string, ReturnType<typeof compareChecks>> = {};
  for (let i = 0; i < withCheck.length; i++) {
    for (let k = i + 1; k < withCheck.length; k++) pairs[`${withCheck[i][0]} vs ${withCheck[k][0]}`] = compareChecks(withCheck[i][1].check, withCheck[k][1].check);
  }
  const samplers = Object.fromEntries(libs.filter(([, j]) => j?.sampler).map(([n, j]) => [n, checkSampler(j.sampler)]));
  // undefined: fewer than two libraries ran the check (nothing to compare).
  const checkOk = Object.keys(pairs).length === 0 ? undefined : Object.values(pairs).every((p) => p.ok) && Object.values(samplers).every((s) => s.ok);

  // Targets (issue 4).
  const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b > 0 ? round(a / b, 2) : undefined);
  const speedupVsJaxWebgpu = ratio(jg?.msPerStep, fx?.msPerStep), speedupVsJaxWasm = ratio(jw?.msPerStep, fx?.msPerStep);
  const rateToCeiling = ratio(fx?.achievedGflops, ceil?.matmul?.gflops);
  const status = (r: number | undefined, goal: number, strict = false) => (r === undefined ? 'N/A' : (strict ? r > goal : r >= goal) ? 'PASS' : 'FAIL');
  const targets = [
    { what: 'speed-up over jax-js webgpu (jax-js ms ÷ fluxion ms)', value: speedupVsJaxWebgpu, goal: '≥ 5', status: status(speedupVsJaxWebgpu, 5) },
    { what: 'speed-up over jax-js wasm (jax-js ms ÷ fluxion ms)', value: speedupVsJaxWasm, goal: '> 1', status: status(speedupVsJaxWasm, 1, true) },
    { what: 'fluxion step matmul GFLOP/s ÷ ceiling matmul GFLOP/s', value: rateToCeiling, goal: '≥ 0.6', status: status(rateToCeiling, 0.6) },
  ];

  const noisy = runs.filter((r) => (r.otherCpuPct ?? 0) > 10).map((r) => `${r.name} (other processes ${r.otherCpuPct}% of the CPUs)`);
  const summary = {
    date: started.toISOString(), command: ['npx tsx bench/facm-step.ts', ...argv.map((a) => (/[\s;()'"]/.test(a) ? `'${a.replace(/'/g, "'\\''")}'` : a))].join(' '),
    adapter: ceil?.adapter ?? fx?.adapter ?? jg?.adapter, machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}`,
    step: { ...FACM, layers: 'timeMlp [66, 256, 256, 256, 256, 2], SiLU' },
    check: { ok: checkOk, tol: CHECK_TOL, pairs: Object.fromEntries(Object.entries(pairs).map(([k, p]) => [k, { ok: p.ok, worstRel: p.worstRel, worst: p.worst }])), samplers },
    targets, noisy,
    children: runs.map((r) => ({ name: r.name, ok: r.ok, seconds: r.seconds, otherCpuPct: r.otherCpuPct, error: r.error })),
    ceiling: ceil, fluxion: fx, jaxjsWebgpu: jg, jaxjsWasm: jw,
  };

  // Human-readable summary.
  const num = (x: unknown, d = 1) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(d) : '–');
  const perLib = (f: (j: any) => string) => libs.map(([, j]) => (j ? f(j) : '–'));
  const steps = (j: any) => (j.stepsMeasured === undefined ? '–' : `${j.stepsMeasured}/${j.stepsRequested}${j.timeBoxed ? ' (time-boxed)' : ''}`);
  const rows: string[][] = [
    ['ms per step (median)', ...perLib((j) => `${num(j.msPerStep)} (min ${num(j.minMs)})`)],
    ['steps timed', ...perLib(steps)],
    ['first call (trace + compile + run)', ...perLib((j) => `${num(j.firstCallMs, 0)} ms`)],
    ['dispatches per step (queue submits)', ...perLib((j) => (j.dispatchesPerStep == null ? 'n/a' : `${j.dispatchesPerStep} (${j.submitsPerStep})`))],
    ['step matmul GFLOP/s (3.437 GFLOP ÷ ms)', ...perLib((j) => num(j.achievedGflops, 2))],
    ['check: loss (host batch)', ...perLib((j) => num(j.check?.loss, 6))],
    ['check: ‖∇‖ before clipping', ...perLib((j) => num(j.check?.gradNorm, 5))],
  ];
  const md = (head: string[], body: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.join(' | ')} |`)].join('\n');
  const table = md(['', `fluxion (${fx?.backend ?? 'webgpu'})`, 'jax-js webgpu', 'jax-js wasm'], rows);
  const targetTable = md(['target', 'measured', 'goal', 'status'], targets.map((t) => [t.what, t.value === undefined ? '–' : `${t.value}×`, t.goal, `**${t.status}**`]));
  const checkLines = [
    ...Object.entries(pairs).map(([k, p]) => `${k}: ${p.ok ? 'agree' : 'DISAGREE'} (worst relative difference ${p.worstRel} in ${p.worst}; tolerance ${CHECK_TOL})`),
    ...Object.entries(samplers).map(([k, s]) => `${k} in-step sampler moments: ${s.ok ? 'as expected' : `OFF: ${s.notes.join('; ')}`}`),
  ];
  if (!checkLines.length) checkLines.push('(no check ran: fewer than two libraries reported one)');
  const notes = [
    ...runs.filter((r) => r.json?.mainThreadNice !== undefined).map((r) => `${r.name}: main thread at nice ${r.json.mainThreadNice}` +
      `${r.json.threads !== undefined ? `, ${r.json.threads} thread(s)` : ''}${r.json.cpuSeconds !== undefined ? `, ${r.json.cpuSeconds} CPU-s in ${r.seconds} s` : ''}` +
      `${r.otherCpuPct !== undefined ? `; other processes used ${r.otherCpuPct}% of the CPUs meanwhile` : ''}`),
    ...(noisy.length ? [`noisy (machine shared, > 10% of the CPUs taken by other processes): ${noisy.join(', ')}`] : []),
    ...libs.filter(([, j]) => j?.timeBoxed).map(([n, j]) => `${n}: timing stopped after ${j.stepsMeasured} of ${j.stepsRequested} steps (--max-seconds ${args.maxSeconds})`),
    ...runs.filter((r) => !r.ok).map((r) => `child ${r.name} FAILED: ${r.error}`),
  ];
  const text = `${table}\n\n${targetTable}\n\nceiling matmul: ${num(ceil?.matmul?.gflops, 2)} GFLOP/s (${ceil?.matmul?.kernel ?? '?'}) · adapter: ${summary.adapter ?? '?'}\n\n` +
    `Check:\n${checkLines.map((l) => `- ${l}`).join('\n')}\n\nNotes:\n${notes.map((l) => `- ${l}`).join('\n')}`;
  console.log(`\n${text}\n`);

  const out = options.out === '-' ? undefined : options.out;
  if (out) {
    const label = options.label === '-' ? undefined : options.label;
    const report = `# FACM training step (issue 4 benchmark): fluxion vs jax-js
${label ? `\n**${label}**\n` : ''}
- **Date:** ${summary.date}
- **Command:** \`${summary.command}\`
- **Adapter:** ${summary.adapter ?? '?'}
- **Machine:** ${summary.machine}

## The step

Batch ${FACM.batch}; timeMlp F(x, c) = MLP(concat(x, sin(ωc), cos(ωc))) with ${FACM.embedDim / 2} geometric frequencies ω from 1 to
100, ${FACM.depth} hidden dense layers of ${FACM.hidden} with SiLU, output 2; a frozen teacher of the same shape. In one jit program
per library: sample x (8 Gaussians), eps ~ N(0, 1) and t (arctan-lognormal) from a key fed per step; xt = t·x + (1 − t)·eps;
v = sg(teacher(xt, t)); the FACM loss ('expanded' variant of src/facm/losses.ts: jvp of F w.r.t. (x, c) with tangents (v, 1),
clipped relaxed target, cos(πt/2) weight, sg(√(e + 1e−3)) normaliser; FM anchor at c = 2 − t with MSE + (1 − cos)); its
gradient w.r.t. the student (reverse mode over the jvp); clipByGlobalNorm(1); AdamW (lr 1e-4, b1 0.9, b2 0.999, eps 1e-8,
no weight decay); EMA 0.999. fluxion: bench/facm-step.ts with src/facm, src/nn, src/optim; jax-js 0.1.25:
bench/peers/jaxjs-facm.ts, the same step written with jax.jit, jax.valueAndGrad, jax.jvp and jax.random.

- **Time:** the jitted call + \`await loss.data()\` (in jax-js every output of a jit shares one pending list, so reading the
  loss submits and waits for the whole program); median of the timed steps after the first call (which includes trace +
  compile; lavapipe compiles shaders on first dispatch, Mesa's disk cache makes later processes faster).
- **Rate:** the step's matmul FLOPs (3.437 GFLOP: fluxion's kernelsOf, equal to the count by hand: 4 forward passes and
  2 backward passes without the first layer's input gradient) ÷ the median time, against the ceiling tool's best
  hand-written matmul GFLOP/s measured in the same run.
- **Dispatches:** counted by wrapping Dawn's GPUComputePassEncoder.dispatchWorkgroups in each process (bench/common.ts),
  over one step including the host-side key op; queue submits in parentheses.
- **Check:** each child also evaluates, from the same host parameters (student, teacher) and the same host batch
  (bench/facm-common.ts, mulberry32), the loss (and its CM and FM terms), Σg² of each of the 10 gradient leaves and ‖∇‖,
  and two full steps (both losses, Σμ² of Adam's first moment, which sees the clipping, Σ(p₂ − p₀)², Σ(ema₂ − p₀)²);
  every pair of libraries must agree to ${CHECK_TOL} relative. The moments of one batch of each in-step sampler are
  checked against the distributions' own (means within 5 standard errors, variances within 15%).
- **jax-js:** no fallback was needed: jax.valueAndGrad of a loss that calls jax.jvp (reverse over forward) works, under
  jax.jit, and jax.random works inside jit. It has no random.foldIn, so its key per step is random.key(i) (fluxion's is
  foldIn(key(0), i)); the libraries' random streams differ anyway, hence the moment check. Its wasm backend runs on one
  thread in Node (its worker pool needs a global Worker). Its main thread on WebGPU is niced after its device exists,
  the treatment fluxion gives itself on CPU adapters (--no-nice-jaxjs to leave it at 0).

## Results

${text}

## Raw JSON

\`\`\`json
${JSON.stringify(summary)}
\`\`\`
`;
    writeFileSync(path.resolve(ROOT, out), report);
    log(`wrote ${out}`);
  }
  emit(summary);
  process.exit(runs.every((r) => r.ok) && checkOk !== false ? 0 : 1);
}
