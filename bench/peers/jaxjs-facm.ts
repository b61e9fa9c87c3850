// The FACM training step of bench/facm-step.ts written in jax-js (npm @jax-js/jax), for the
// issue-4 comparison. Run as a child process by bench/facm-step.ts (its Dawn device never shares a
// process with fluxion's); prints one JSON line.
//
//   npx tsx bench/peers/jaxjs-facm.ts [--device webgpu|wasm] [--steps 20] [--max-seconds 240]
//                                     [--quick] [--no-check] [--check-only] [--nice]
//
// The step, as fluxion's (src/facm, src/nn, src/optim), in one jax.jit:
// - in-step sampling from a key fed per step: x from the 8 Gaussians (randint mode, normal noise,
//   standardised), eps ~ N(0, 1), t = 1 − (2/π)·atan(exp(N(−0.8, 1.6²))); xt = t·x + (1 − t)·eps;
// - v = sg(teacher(xt, t)), the frozen teacher (same timeMlp) passed as an argument;
// - F(x, c) = MLP(concat(x, sin(ω c), cos(ω c))), ω geometric 1..100 (32 of them), 4 hidden dense
//   layers of 256 with SiLU, output 2;
// - facmLoss 'expanded': (F_cm, Ḟ) = jvp(F, (xt, t), (v, 1)); v̄ = v + (1 − t)·sg(Ḟ);
//   g = clip(sg(F_cm) − v̄, −1, 1); target = sg(F_cm) − (1 − √t)·g; e = mean_dim (F_cm − target)²;
//   L_CM = mean_B cos(πt/2)·e / sg(√(e + 1e−3)); anchor F_fm = F(xt, 2 − t),
//   L_FM = mean_B [mean_dim (F_fm − v)² + 1 − cos(F_fm, v)]; loss = L_CM + L_FM;
// - valueAndGrad of that loss w.r.t. the student parameters (reverse mode over the jvp: jax-js
//   differentiates a function containing jvp, under jit; the check compares it with fluxion);
// - clipByGlobalNorm(1), AdamW (lr 1e-4, b1 .9, b2 .999, eps 1e-8, no weight decay, bias-corrected),
//   EMA 0.999 of the parameters, step counter.
// Timing as fluxion's: one timed step = the jitted call + `await loss.data()`. All outputs of a
// jax-js jit share one pending list, so reading the loss submits (and waits for) the whole program.
// Dispatches are counted by wrapping Dawn's GPUComputePassEncoder.dispatchWorkgroups (bench/common.ts).
// After the timing, unless --no-check: the check of bench/facm-common.ts (loss, gradient, two full
// steps from host params and a host batch; one batch of the sampler); --check-only skips the timing.
// --nice lowers the main thread to nice 19 once the device exists (as fluxion does on CPU adapters).
import { getPriority, setPriority } from 'node:os';
import { snapshot, diff, emit, errMsg, cpuSeconds, round } from '../common.js';
import { startJaxjs } from './jaxjs-start.js';
import {
  FACM, LAYER_SIZES, LEAF_NAMES, STUDENT_SEED, TEACHER_SEED, timeFrequencies, hostParams, hostBatch, parseFacmArgs, timeSteps,
  samplerFigures, sumSq, sumSqDiff, stepMatmulFlops, type CheckFigures, type HostLayer,
} from '../facm-common.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Arr = any;
type Layer = { w: Arr; b: Arr };
type Params = Layer[];
interface State { params: Params; mu: Params; nu: Params; count: Arr; ema: Params; step: Arr }

const args = parseFacmArgs();
const result: Record<string, any> = {
  bench: 'jax-js facm-step',
  batch: FACM.batch, dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim,
  inputs: 'sampled in the step (jax.random, key fed per step)',
};
const { jax, device, library, counter, gpuDevice, info } = await startJaxjs(args.device, result);
Object.assign(result, { library, device, ...info });
const np = jax.numpy, lax = jax.lax, random = jax.random, tree = jax.tree;
// As fluxion on CPU adapters: lower the main thread's priority once the device exists (Linux: this
// thread only, threads created later inherit it).
if (args.nice) setPriority(process.pid, 19);

// ---------------------------------------------------------------------------------------------
// The model and the loss. jax-js ownership: every function consumes its array arguments, `.ref`
// adds a reference (so a value used n times is passed n − 1 times as `.ref`), `tree.ref(p)` for a pytree.

const FREQS = timeFrequencies();
const PI = Math.PI;

/** F(x, c): consumes p, x [n, 2], c [n]. */
function timeMlp(p: Params, x: Arr, c: Arr): Arr {
  const n = c.shape[0];
  const arg = c.reshape([n, 1]).mul(np.array(FREQS).reshape([1, FREQS.length]));
  let h = np.concatenate([x, np.sin(arg.ref), np.cos(arg)], 1);
  p.forEach((l, i) => {
    h = np.matmul(h, l.w).add(l.b);
    if (i < p.length - 1) h = jax.nn.silu(h);
  });
  return h;
}

/** facmLoss 'expanded' with the teacher velocity; consumes everything; returns [loss, { cm, fm }]. */
function facmLoss(p: Params, tp: Params, x: Arr, eps: Arr, t: Arr): [Arr, { cm: Arr; fm: Arr }] {
  const n = t.shape[0];
  const tb = t.ref.reshape([n, 1]);
  const xt = tb.ref.mul(x).add(np.subtract(1, tb.ref).mul(eps));
  const v = lax.stopGradient(timeMlp(tp, xt.ref, t.ref));
  const [Fcm, FdotRaw] = jax.jvp((a: Arr, c: Arr) => timeMlp(tree.ref(p), a, c), [xt.ref, t.ref], [v.ref, np.ones([n])]);
  const Fdot = lax.stopGradient(FdotRaw), Fminus = lax.stopGradient(Fcm.ref);
  const vbar = v.ref.add(np.subtract(1, tb.ref).mul(Fdot));
  const g = np.clip(Fminus.ref.sub(vbar), -1, 1);
  const alpha = np.subtract(1, np.sqrt(tb));
  const target = Fminus.sub(alpha.mul(g));
  const e = np.square(Fcm.sub(target)).mean(1);
  const cm = np.cos(t.ref.mul(PI / 2)).mul(e.ref).div(lax.stopGradient(np.sqrt(e.add(1e-3)))).mean();
  const Ffm = timeMlp(p, xt, np.subtract(2, t));
  const mse = np.square(Ffm.ref.sub(v.ref)).mean(1);
  const dot = Ffm.ref.mul(v.ref).sum(1);
  const norms = np.sqrt(np.square(Ffm).sum(1)).mul(np.sqrt(np.square(v).sum(1)));
  const fm = mse.add(np.subtract(1, dot.div(np.maximum(norms, 1e-8)))).mean();
  return [cm.ref.add(fm.ref), { cm, fm }];
}

/** loss, grad, clipByGlobalNorm, AdamW, EMA; consumes state, tp and the batch. */
function trainCore(state: State, tp: Params, x: Arr, eps: Arr, t: Arr, emaDecay: number = FACM.emaDecay): [State, Arr] {
  const [[loss, aux], grads] = jax.valueAndGrad(facmLoss, { hasAux: true })(tree.ref(state.params), tp, x, eps, t);
  tree.dispose(aux);
  const gl: Arr[] = tree.leaves(grads);
  const norm = np.sqrt(gl.map((gi) => np.square(gi.ref).sum()).reduce((a, b) => a.add(b)));
  const factor = np.reciprocal(np.maximum(norm, FACM.clipNorm)).mul(FACM.clipNorm);
  const gc: Params = tree.map((gi: Arr) => gi.mul(factor.ref), grads);
  factor.dispose();
  const { b1, b2, eps: adamEps, lr } = FACM;
  const mu: Params = tree.map((m: Arr, gi: Arr) => m.mul(b1).add(gi.mul(1 - b1)), state.mu, tree.ref(gc));
  const nu: Params = tree.map((v: Arr, gi: Arr) => v.mul(b2).add(np.square(gi).mul(1 - b2)), state.nu, gc);
  const count = state.count.add(1);
  const c1 = np.subtract(1, np.power(b1, count.ref)), c2 = np.subtract(1, np.power(b2, count.ref));
  const updates: Params = tree.map((m: Arr, v: Arr) => m.div(c1.ref).div(np.sqrt(v.div(c2.ref)).add(adamEps)).mul(-lr), tree.ref(mu), tree.ref(nu));
  c1.dispose(); c2.dispose();
  const params: Params = tree.map((p: Arr, u: Arr) => p.add(u), state.params, updates);
  const ema: Params = tree.map((e: Arr, p: Arr) => e.mul(emaDecay).add(p.mul(1 - emaDecay)), state.ema, tree.ref(params));
  return [{ params, mu, nu, count, ema, step: state.step.add(1) }, loss];
}

/** The in-step sampler: consumes key; x f32[n, 2] (8 Gaussians), eps f32[n, 2], t f32[n]. */
function sampleBatch(key: Arr, n: number): { x: Arr; eps: Arr; t: Arr } {
  const ks = random.split(key, 3);
  const kx = ks.ref.slice(0), ke = ks.ref.slice(1), kt = ks.slice(2);
  const kk = random.split(kx, 2);
  const kMode = kk.ref.slice(0), kNoise = kk.slice(1);
  const angle = random.randint(kMode, { minval: 0, maxval: 8, shape: [n] }).astype(np.float32).mul((2 * PI) / 8);
  const centre = np.stack([np.cos(angle.ref), np.sin(angle)], 1).mul(FACM.ringRadius);
  const s = Math.sqrt(FACM.ringRadius ** 2 / 2 + FACM.ringStd ** 2);
  const x = centre.add(random.normal(kNoise, [n, 2]).mul(FACM.ringStd)).div(s);
  const eps = random.normal(ke, [n, 2]);
  const z = random.normal(kt, [n]).mul(FACM.timeStd).add(FACM.timeMean);
  const t = np.subtract(1, np.atan(np.exp(z)).mul(2 / PI));
  return { x, eps, t };
}

// ---------------------------------------------------------------------------------------------

const fromHost = (l: HostLayer[]): Params => l.map((h) => ({ w: np.array(h.w, { shape: h.shapeW }), b: np.array(h.b, { shape: h.shapeB }) }));
const zerosLikeParams = (): Params => LAYER_SIZES.slice(1).map((out, i) => ({ w: np.zeros([LAYER_SIZES[i], out]), b: np.zeros([out]) }));
const initState = (params: Params): State => ({
  params: tree.ref(params), mu: zerosLikeParams(), nu: zerosLikeParams(), count: np.zeros([]),
  ema: tree.map((p: Arr) => p.add(0), params), step: np.zeros([]),
});
/** Reads a pytree's leaves (w0, b0, w1, ...) without consuming it. */
const readLeaves = async (p: Params): Promise<Float32Array[]> => Promise.all(p.flatMap((l) => [l.w.ref.data(), l.b.ref.data()]));

async function check(): Promise<{ figures: CheckFigures; sampler: ReturnType<typeof samplerFigures>; ms: number }> {
  const t0 = performance.now();
  const hb = hostBatch();
  const batch = () => [np.array(hb.x, { shape: [FACM.batch, 2] }), np.array(hb.eps, { shape: [FACM.batch, 2] }), np.array(hb.t)];
  const hostStudent = hostParams(STUDENT_SEED);
  const teacher = fromHost(hostParams(TEACHER_SEED));
  // 1) loss and gradient.
  const vg = jax.jit((p: Params, tp: Params, x: Arr, eps: Arr, t: Arr) => jax.valueAndGrad(facmLoss, { hasAux: true })(p, tp, x, eps, t));
  const [[loss, aux], grads] = vg(fromHost(hostStudent), tree.ref(teacher), ...batch());
  const gLeaves = await readLeaves(grads);
  tree.dispose(grads);
  const gradSq = Object.fromEntries(LEAF_NAMES.map((k, i) => [k, sumSq(gLeaves[i])]));
  const [lossV, cmV, fmV] = [(await loss.data())[0], (await aux.cm.data())[0], (await aux.fm.data())[0]];
  vg.dispose?.();
  // 2) two full steps on the same batch.
  const core = jax.jit((s: State, tp: Params, x: Arr, eps: Arr, t: Arr) => trainCore(s, tp, x, eps, t, FACM.checkEmaDecay));
  let state = initState(fromHost(hostStudent));
  let l1: Arr, l2: Arr;
  [state, l1] = core(state, tree.ref(teacher), ...batch());
  [state, l2] = core(state, tree.ref(teacher), ...batch());
  const [step1Loss, step2Loss] = [(await l1.data())[0], (await l2.data())[0]];
  const p0 = hostStudent.flatMap((l) => [l.w, l.b]);
  const [p2, e2, mu2] = [await readLeaves(state.params), await readLeaves(state.ema), await readLeaves(state.mu)];
  tree.dispose(state);
  core.dispose?.();
  // 3) one batch of the in-step sampler.
  const sampler = jax.jit((key: Arr) => { const b = sampleBatch(key, FACM.batch); return [b.x, b.eps, b.t]; });
  const [sx, se, st] = sampler(random.key(12345));
  const sf = samplerFigures(await sx.data(), await se.data(), await st.data());
  sampler.dispose?.();
  tree.dispose(teacher);
  const figures: CheckFigures = {
    loss: lossV, cm: cmV, fm: fmV, gradSq, gradNorm: Math.sqrt(Object.values(gradSq).reduce((a, b) => a + b, 0)),
    step1Loss, step2Loss,
    muSq: mu2.reduce((s, a) => s + sumSq(a), 0),
    updateSq: p2.reduce((s, a, i) => s + sumSqDiff(a, p0[i]), 0),
    emaSq: e2.reduce((s, a, i) => s + sumSqDiff(a, p0[i]), 0),
  };
  return { figures, sampler: sf, ms: round(performance.now() - t0, 0) };
}

async function bench() {
  const step = jax.jit((state: State, tp: Params, key: Arr) => {
    const { x, eps, t } = sampleBatch(key, FACM.batch);
    return trainCore(state, tp, x, eps, t);
  });
  // Parameters as fluxion's bench makes them (LeCun normal, zero bias; any values do for timing).
  const init = (seed: number): Params => fromHost(hostParams(seed)).map((l) => { l.b.dispose(); return { w: l.w, b: np.zeros([l.w.shape[1]]) }; });
  const teacher = init(1);
  let state = initState(init(2));
  let loss: Arr;
  let t0 = performance.now();
  [state, loss] = step(state, tree.ref(teacher), random.key(0));
  await loss.data();
  const firstCallMs = round(performance.now() - t0, 0);
  const timing = await timeSteps(async (i) => {
    [state, loss] = step(state, tree.ref(teacher), random.key(i));
    await loss.data();
  }, args.steps, args.maxSeconds);
  const before = snapshot(counter);
  t0 = performance.now();
  [state, loss] = step(state, tree.ref(teacher), random.key(10_000));
  const lastLoss = (await loss.data())[0];
  const countedMs = performance.now() - t0;
  const perStep = diff(before, snapshot(counter));
  tree.dispose(state); tree.dispose(teacher);
  step.dispose?.();
  const flops = stepMatmulFlops();
  return {
    firstCallMs, ...timing, countedStepMs: round(countedMs, 1),
    dispatchesPerStep: device === 'webgpu' ? perStep.dispatches : null, submitsPerStep: perStep.submits,
    matmulGflop: round(flops / 1e9, 3), achievedGflops: round(flops / timing.msPerStep / 1e6, 2), lastLoss,
  };
}

try {
  // The bench first, so that its first call is a cold trace + compile (up to Mesa's disk cache).
  if (args.bench) Object.assign(result, await bench());
  if (args.check) {
    const c = await check();
    result.check = c.figures;
    result.sampler = c.sampler;
    result.checkMs = c.ms;
  }
} catch (e) {
  result.error = errMsg(e);
  if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
}
result.mainThreadNice = getPriority(process.pid);
result.cpuSeconds = cpuSeconds();
emit(result);
gpuDevice?.destroy();
process.exit(result.error ? 1 : 0);
