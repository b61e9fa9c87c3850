/**
 * Time of the fusion planner alone (no device, no WGSL) on the FACM bench step's program:
 *
 *   npx tsx bench/plan-time.ts [--reps 10]
 *
 * Prints the median ms of plan() over the optimised Jaxpr (85 kernels), to show what planning
 * costs within a compile (lavapipe's shader compile is tens of seconds; this is milliseconds).
 */
import { data, facm, init, makeJaxpr, nn, np, optim, random, type Tensor } from '../src/index.js';
import { parseOptionsOrExit, int } from '../src/cli/index.js';
import { Graph } from '../src/compiler/graph.js';
import { plan } from '../src/compiler/plan.js';
import { optimize } from '../src/compiler/passes/index.js';
import { DEFAULT_TARGET } from '../src/compiler/target.js';
import { FACM } from './facm-common.js';

const opts = parseOptionsOrExit('npx tsx bench/plan-time.ts', { reps: int({ min: 1, default: 10, help: 'timed plans' }) });
await init({ backend: 'cpu' });
const cfg = { dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim };
const student = nn.initTimeMlp(random.key(0), cfg), teacher = nn.initTimeMlp(random.key(1), cfg);
const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-4, { weightDecay: 0 }));
const loss = (p: typeof student, t0: typeof teacher, key: Tensor): [Tensor, Record<string, Tensor>] => {
  const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(key, i));
  const x = data.sampleDataset('8gaussians', kx, FACM.batch).x, eps = random.normal(ke, [FACM.batch, 2]), t = facm.sampleTime(kt, FACM.batch);
  const xt = facm.interpolate(x, eps, t);
  return [facm.facmLoss((a, c) => nn.timeMlp(p, a, c), xt, t, facm.guidedVelocity((a, c) => nn.timeMlp(t0, a, c), xt, t)).loss, {}];
};
const step = facm.makeTrainStep(loss, opt, 0.999, 'plan_time_step');
const jaxpr = optimize(makeJaxpr(step)(facm.initTrainState(student, opt, np.zeros([])), teacher, random.key(2)), DEFAULT_TARGET);
const ms: number[] = [];
let kernels = 0;
for (let i = 0; i < opts.reps + 2; i++) {
  const t0 = performance.now();
  kernels = plan(new Graph(jaxpr), DEFAULT_TARGET).kernels.length;
  if (i >= 2) ms.push(performance.now() - t0);
}
ms.sort((a, b) => a - b);
console.log(JSON.stringify({ bench: 'plan-time', equations: jaxpr.eqns.length, kernels, medianMs: +ms[ms.length >> 1].toFixed(1), minMs: +ms[0].toFixed(1) }));
