// Control flow on the device (issue 12, step 6): fluxion only, on whatever `init()` picks
// (WebGPU by default; lavapipe on the CI machine).
//
//   npx tsx bench/control-flow.ts [--points 10000] [--reps 3] [--hidden 128]
//
// 1. Teacher Euler-100 sampling of N points (timeMlp 2→hidden×3→2, 32-wide time embedding):
//    (a) jit(eulerSample): one program whose 100 steps are one lax.scan (one device loop, one
//        submit), against (b) 100 calls of one jitted Euler step (the host loop).
// 2. The 256-batch MLP training step of bench/workloads.md (2→256→256→2, tanh, SGD 0.01): 10
//    single jitted steps against one call of a 10-step foriLoop of the same step.
// Timing: median of `reps` runs after one warm-up, each ending with `await x.data()` of the result.
import * as fx from '../src/node.js';
import type { Tensor } from '../src/node.js';
import { MLP, MLP_PARAM_KEYS, median, mlpInputs, round } from './common.js';

const { np, jit, grad, treeMap, lax, nn, facm, random } = fx;
const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const POINTS = arg('points', 10000), REPS = arg('reps', 3), HIDDEN = arg('hidden', 128), STEPS = 100, K = 10;

await fx.init();
const backend = fx.currentBackend();

async function time(run: () => Promise<void>): Promise<{ firstMs: number; medianMs: number; runsMs: number[]; submits: number }> {
  const t0 = performance.now();
  await run();
  const firstMs = performance.now() - t0;
  const runsMs: number[] = [];
  let submits = 0;
  for (let r = 0; r < REPS; r++) {
    const s0 = fx.webgpuStats().submits;
    const t = performance.now();
    await run();
    runsMs.push(round(performance.now() - t, 1));
    submits = fx.webgpuStats().submits - s0;
  }
  return { firstMs: round(firstMs, 1), medianMs: round(median(runsMs), 1), runsMs, submits };
}

// 1. Euler-100 sampling.
const params = nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: HIDDEN, depth: 3, embedDim: 32 });
type P = typeof params;
const net = (p: P) => (x: Tensor, c: Tensor) => nn.timeMlp(p, x, c);
const eps = random.normal(random.key(1), [POINTS, 2]);
const scanSampler = jit((p: P, e: Tensor) => facm.eulerSample(net(p), e, STEPS), { name: 'euler_scan' });
const eulerStep = jit((p: P, x: Tensor, c: Tensor) => x.add(net(p)(x, c).mul(1 / STEPS)), { name: 'euler_step' });
const times = Array.from({ length: STEPS }, (_, k) => np.full([POINTS], k / STEPS));
let scanOut: Tensor | undefined, loopOut: Tensor | undefined;
const scanT = await time(async () => { scanOut = scanSampler(params, eps); await scanOut.data(); });
const loopT = await time(async () => {
  let x = eps;
  for (let k = 0; k < STEPS; k++) x = eulerStep(params, x, times[k]);
  loopOut = x;
  await x.data();
});
const a = await scanOut!.data(), b = await loopOut!.data();
let maxDiff = 0;
for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));

// 2. The MLP training step, 10 per call.
const inp = mlpInputs();
const X = np.array(inp.x, { shape: inp.xShape }), Y = np.array(inp.y, { shape: inp.yShape });
type MP = Record<(typeof MLP_PARAM_KEYS)[number], Tensor>;
const loss = (p: MP, x: Tensor, y: Tensor) => {
  const h1 = x.matmul(p.w1).add(p.b1).tanh();
  const h2 = h1.matmul(p.w2).add(p.b2).tanh();
  const d = h2.matmul(p.w3).add(p.b3).sub(y);
  return d.mul(d).mean();
};
const sgd = (p: MP, x: Tensor, y: Tensor): MP => treeMap((pi: Tensor, gi: Tensor) => pi.sub(gi.mul(MLP.lr)), p, grad(loss)(p, x, y)) as MP;
const single = jit(sgd, { name: 'mlp_step' });
const multi = jit((p: MP, x: Tensor, y: Tensor) => lax.foriLoop(0, K, (_i, q: MP) => sgd(q, x, y), p), { name: 'mlp_step_x10' });
const p0 = Object.fromEntries(MLP_PARAM_KEYS.map((k) => [k, np.array(inp.params[k], { shape: inp.shapes[k] })])) as MP;
let pSingle = p0, pMulti = p0;
const singleT = await time(async () => { pSingle = p0; for (let i = 0; i < K; i++) pSingle = single(pSingle, X, Y); await pSingle.w1.data(); });
const multiT = await time(async () => { pMulti = multi(p0, X, Y); await pMulti.w1.data(); });
const w1a = await pSingle.w1.data(), w1b = await pMulti.w1.data();
let mlpDiff = 0;
for (let i = 0; i < w1a.length; i++) mlpDiff = Math.max(mlpDiff, Math.abs(w1a[i] - w1b[i]));

// 3. whileLoop on WebGPU: (a) a bounded loop, maxIterations predicated iterations in one
//    program (what lax.whileLoop does on a device); (b) a host round trip per check: the predicate
//    read back (await) before each body call, which only an async caller can do.
const W_ITERS = 48, W_MAX = 64;
const grow = (x: Tensor) => x.mul(1.05).add(0.01);
const W_LIMIT = await (async () => { let x = np.ones([POINTS, 2]); for (let i = 0; i < W_ITERS; i++) x = grow(x); return (await x.sum().data())[0]; })();
const wCond = (x: Tensor) => x.sum().lt(W_LIMIT);
const bounded = jit((x: Tensor) => lax.whileLoop(wCond, grow, x, { maxIterations: W_MAX }), { name: 'while_bounded' });
const condJ = jit(wCond, { name: 'while_cond' }), bodyJ = jit(grow, { name: 'while_body' });
let wa: Tensor | undefined, wb: Tensor | undefined;
const boundedT = await time(async () => { wa = bounded(np.ones([POINTS, 2])); await wa.data(); });
const roundTripT = await time(async () => {
  let x = np.ones([POINTS, 2]);
  while ((await condJ(x).data())[0]) x = bodyJ(x);
  wb = x;
  await x.data();
});
const whileSame = (await wa!.sum().data())[0] === (await wb!.sum().data())[0];

console.log(JSON.stringify({
  backend, points: POINTS, hidden: HIDDEN, reps: REPS,
  euler100: { scan: scanT, hostLoop: loopT, speedup: round(loopT.medianMs / scanT.medianMs, 2), maxAbsDiff: maxDiff },
  whileLoop: { iterations: W_ITERS, maxIterations: W_MAX, boundedOnDevice: boundedT, hostRoundTrip: roundTripT, sameResult: whileSame },
  mlpTrain: { stepsPerCall: K, singleCalls: singleT, foriLoop: multiT, perStepMsSingle: round(singleT.medianMs / K, 2), perStepMsLoop: round(multiT.medianMs / K, 2), speedup: round(singleT.medianMs / multiT.medianMs, 2), maxAbsDiffW1: mlpDiff },
}, null, 1));
