// fluxion on the workloads of bench/workloads.md. Run as a child process by bench/run.ts (its
// Dawn device never shares a process with a peer's); prints one JSON line.
//
//   npx tsx bench/fluxion.ts [--only matmul,chain,mlp] [--quick] [--nice]
//
// The backend is whatever `init()` picks (FLUXION_BACKEND=auto|cpu|webgpu in the environment,
// default auto: webgpu with a CPU fallback; src/backend/select.ts); it is reported from `currentBackend()`. Kernels per call come from
// `webgpuStats()` (dispatch counts before/after) and, independently, from the same Dawn
// prototype counter used for jax-js (bench/common.ts). Both functions are looked up dynamically:
// while src/index.ts does not export them yet, the JSON says so instead of failing.
import * as fx from '../src/node.js';
import type { Tensor } from '../src/node.js';
import { getPriority } from 'node:os';
import {
  parseArgs, timeRuns, round, loadWebGpu, snapshot, diff, emit, errMsg,
  MATMUL_N, CHAIN_N, MLP, MLP_PARAM_KEYS, matmulInputs, chainInput, mlpInputs,
  checkMatmul, checkChain, checksum, cpuSeconds, type Timing, type DispatchCounter,
} from './common.js';

const { np, jit, grad, treeMap } = fx;
const args = parseArgs();
// Installs the prototype counter before fluxion creates its device (fluxion imports the same
// CommonJS `webgpu` module, so it sees the patched prototypes). Creates no instance itself.
const { counter } = loadWebGpu();
// Chooses the backend (FLUXION_BACKEND) and, on CPU adapters, nices the main thread (FLUXION_NICE).
await fx.init();

const optional = fx as unknown as Record<string, unknown>;
const notes: string[] = [];

/** Reads fluxion's own dispatch counter, whatever shape webgpuStats() returns. */
function fluxionDispatches(): number | undefined {
  const f = optional.webgpuStats;
  if (typeof f !== 'function') return undefined;
  const s = (f as () => unknown)();
  if (typeof s === 'number') return s;
  if (s && typeof s === 'object') {
    const o = s as Record<string, unknown>;
    for (const k of ['dispatches', 'kernels', 'kernelDispatches', 'dispatchCount']) if (typeof o[k] === 'number') return o[k] as number;
  }
  return undefined;
}

function backendName(): string {
  const f = optional.currentBackend;
  if (typeof f !== 'function') {
    notes.push('currentBackend() is not exported by src/index.ts yet: backend inferred from the dispatch counter');
    return counter.dispatches > 0 ? 'webgpu (inferred)' : 'cpu (inferred)';
  }
  const b = (f as () => unknown)();
  return typeof b === 'string' ? b : JSON.stringify(b);
}

const result: Record<string, any> = { bench: 'fluxion', library: 'fluxion (working tree)', reps: args.reps, warmup: args.warmup, workloads: {} };

interface Measured { firstCallMs: number; timing: Timing; perCall: DispatchCounter; fluxionKernels: number | null }

/** First call (trace + compile + first run), then warm-up and timed runs, then one counted run. */
async function measure(run: () => Promise<void>): Promise<Measured> {
  const t0 = performance.now();
  await run();
  const firstCallMs = round(performance.now() - t0, 2);
  const timing = await timeRuns(run, args.reps, Math.max(0, args.warmup - 1));
  const before = snapshot(counter);
  const fBefore = fluxionDispatches();
  await run();
  const fAfter = fluxionDispatches();
  return {
    firstCallMs, timing, perCall: diff(before, snapshot(counter)),
    fluxionKernels: fBefore !== undefined && fAfter !== undefined ? fAfter - fBefore : null,
  };
}

const fromHost = (data: Float32Array, shape: number[]) => np.array(data, { shape });
/** Kernel count: webgpuStats() when available, else the prototype counter; null when not on WebGPU. */
const onGpu = () => (typeof optional.currentBackend === 'function' ? (optional.currentBackend as () => unknown)() === 'webgpu' : counter.dispatches > 0);
const kernels = (m: Measured) => (onGpu() ? m.fluxionKernels ?? m.perCall.dispatches : null);

async function benchMatmul() {
  const { a, b } = matmulInputs();
  const A = fromHost(a, [MATMUL_N, MATMUL_N]), B = fromHost(b, [MATMUL_N, MATMUL_N]);
  const flops = 2 * MATMUL_N ** 3;
  let last: ArrayLike<number> = [];
  const mm = jit((x: Tensor, y: Tensor) => x.matmul(y), { name: 'bench_matmul' });
  const jitted = await measure(async () => { last = await mm(A, B).data(); });
  const jitErr = checkMatmul(a, b, last);
  const plain = await measure(async () => { last = await A.matmul(B).data(); });
  const plainErr = checkMatmul(a, b, last);
  const fig = (m: Measured, err: number) => ({
    ms: m.timing.medianMs, gflops: round(flops / m.timing.medianMs / 1e6, 2), firstCallMs: m.firstCallMs,
    kernels: kernels(m), observedDispatches: m.perCall.dispatches, submits: m.perCall.submits,
    maxRelErr: +err.toExponential(2), timing: m.timing,
  });
  return { size: MATMUL_N, jit: fig(jitted, jitErr), plain: fig(plain, plainErr) };
}

async function benchChain() {
  const xh = chainInput();
  const X = fromHost(xh, [CHAIN_N]);
  // The 10 ops of bench/workloads.md.
  const chain = jit((x: Tensor) => {
    const v1 = x.mul(1.5);
    const v2 = v1.add(0.25);
    const v3 = v2.sin();
    const v4 = v3.mul(x);
    const v5 = v4.tanh();
    const v6 = v5.add(x);
    const v7 = v6.mul(0.5);
    const v8 = v7.exp();
    const v9 = v8.sub(x);
    return v9.mul(v9);
  }, { name: 'bench_chain' });
  let last: ArrayLike<number> = [];
  const m = await measure(async () => { last = await chain(X).data(); });
  const err = checkChain(xh, last);
  return {
    n: CHAIN_N, ms: m.timing.medianMs, gbs: round((CHAIN_N * 8) / m.timing.medianMs / 1e6, 2),
    firstCallMs: m.firstCallMs, kernels: kernels(m), observedDispatches: m.perCall.dispatches, submits: m.perCall.submits,
    maxAbsErr: +err.toExponential(2), timing: m.timing,
  };
}

type Params = Record<(typeof MLP_PARAM_KEYS)[number], Tensor>;

async function benchMlp() {
  const inp = mlpInputs();
  const X = fromHost(inp.x, inp.xShape), Y = fromHost(inp.y, inp.yShape);
  const loss = (p: Params, x: Tensor, y: Tensor) => {
    const h1 = x.matmul(p.w1).add(p.b1).tanh();
    const h2 = h1.matmul(p.w2).add(p.b2).tanh();
    const out = h2.matmul(p.w3).add(p.b3);
    const d = out.sub(y);
    return d.mul(d).mean();
  };
  // One SGD step: p ← p − lr·∇p loss(p, x, y); returns the new params.
  const step = jit((p: Params, x: Tensor, y: Tensor): Params => {
    const g = grad(loss)(p, x, y) as Params;
    return treeMap((pi: Tensor, gi: Tensor) => pi.sub(gi.mul(MLP.lr)), p, g) as Params;
  }, { name: 'bench_mlp_step' });
  let p = Object.fromEntries(MLP_PARAM_KEYS.map((k) => [k, fromHost(inp.params[k], inp.shapes[k])])) as Params;
  let firstChecksum: number | undefined;
  const m = await measure(async () => {
    p = step(p, X, Y);
    const leaves = await Promise.all(MLP_PARAM_KEYS.map((k) => p[k].data()));
    firstChecksum ??= checksum(leaves);
  });
  return {
    batch: MLP.batch, sizes: MLP.sizes, stepMs: m.timing.medianMs, firstCallMs: m.firstCallMs,
    kernels: kernels(m), observedDispatches: m.perCall.dispatches, submits: m.perCall.submits,
    checksumAfterStep1: firstChecksum, timing: m.timing,
  };
}

const benches = { matmul: benchMatmul, chain: benchChain, mlp: benchMlp };
for (const w of args.only) {
  try {
    result.workloads[w] = await benches[w]();
  } catch (e) {
    result.workloads[w] = { error: errMsg(e) };
  }
}
result.backend = backendName();
if (typeof optional.webgpuStats !== 'function') notes.push('webgpuStats() is not exported by src/index.ts yet: kernel counts come from the Dawn prototype counter only');
result.kernelCountSource = typeof optional.webgpuStats === 'function' ? 'webgpuStats()' : 'Dawn prototype counter';
result.mainThreadNice = getPriority(process.pid);
result.cpuSeconds = cpuSeconds();
if (notes.length) result.notes = notes;
emit(result);
// fluxion installs its own exit hook that destroys its device (src/backend/webgpu/device.ts).
process.exit(0);
