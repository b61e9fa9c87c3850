/**
 * The FACM training step of issue 4's benchmark, fluxion only (the jax-js twin is not written
 * yet): batch 1024, 4 hidden layers of 256, a 64-wide time embedding, AdamW with clipping and EMA,
 * teacher velocity + jvp + grad in one jit program. Prints ms per step, kernels per step and the
 * achieved rate of the step's matmul FLOPs against the ceiling tool's matmul GFLOP/s (same run).
 *   npx tsx bench/facm-step.ts [--steps 30]
 */
import { execFileSync } from 'node:child_process';
import { Tensor, data, facm, kernelsOf, nn, np, optim, random, useBackend, currentBackend } from '../src/index';

const steps = Number(process.argv[process.argv.indexOf('--steps') + 1]) || 30;
const ceiling = JSON.parse(execFileSync('node', ['../shared/ceiling/ceiling.mjs', '--nice'], { encoding: 'utf8' }).trim().split('\n').pop()!);
await useBackend('webgpu');
type Params = nn.TimeMlpParams;
const B = 1024;
const cfg = { dataDim: 2, hidden: 256, depth: 4, embedDim: 64 };
const loss = (p: Params, tp: Params, k: Tensor): [Tensor, Record<string, Tensor>] => {
  const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
  const x = data.sampleDataset('8gaussians', kx, B).x, eps = random.normal(ke, [B, 2]), t = facm.sampleTime(kt, B);
  const xt = facm.interpolate(x, eps, t);
  const v = facm.guidedVelocity((a, c) => nn.timeMlp(tp, a, c), xt, t);
  const r = facm.facmLoss((a, c) => nn.timeMlp(p, a, c), xt, t, v);
  return [r.loss, {}];
};
const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-4, { weightDecay: 0 }));
const teacher = nn.initTimeMlp(random.key(1), cfg);
const step = facm.makeTrainStep(loss, opt, 0.999, 'facm_bench');
let state = facm.initTrainState(nn.initTimeMlp(random.key(2), cfg), opt, np.zeros([]));
const kernels = (kernelsOf as (f: unknown, ...a: unknown[]) => { name: string; flops: number }[])(step, state, teacher, random.key(0));
const mmFlops = kernels.filter((k) => k.name.startsWith('MM')).reduce((s, k) => s + k.flops, 0);
let t0 = performance.now();
let [next, m] = step(state, teacher, random.key(0));
await m.loss.data();
const firstMs = performance.now() - t0;
const times: number[] = [];
for (let i = 1; i <= steps; i++) {
  state = next;
  t0 = performance.now();
  [next, m] = step(state, teacher, random.foldIn(random.key(0), i));
  await m.loss.data();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const ms = times[times.length >> 1];
const out = {
  backend: currentBackend(), adapter: ceiling.adapter, batch: B, ...cfg, kernels: kernels.length, firstCallMs: Math.round(firstMs),
  msPerStep: +ms.toFixed(2), matmulGflop: +(mmFlops / 1e9).toFixed(3), achievedGflops: +(mmFlops / ms / 1e6).toFixed(2),
  ceilingMatmulGflops: ceiling.matmul.gflops, ratioToCeiling: +((mmFlops / ms / 1e6) / ceiling.matmul.gflops).toFixed(2),
};
console.log(JSON.stringify(out));
