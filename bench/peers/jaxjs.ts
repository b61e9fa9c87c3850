// jax-js (npm @jax-js/jax) on the workloads of bench/workloads.md. Run as a child process by
// bench/run.ts (its Dawn device never shares a process with fluxion's); prints one JSON line.
//
//   npx tsx bench/peers/jaxjs.ts [--device webgpu|wasm] [--only matmul,chain,mlp] [--quick] [--nice]
//
// jax-js notes:
// - In Node it needs `globalThis.navigator = { gpu, userAgent }` (gpu from the `webgpu` package)
//   before it is imported, then `await init('webgpu')` + `defaultDevice('webgpu')`. On the wasm
//   backend it runs single-threaded in Node (its worker pool needs a global `Worker`).
// - Reference counting: every function consumes its array arguments, `x.ref` adds a reference.
//   `await x.data()` reads back and disposes x, so kept arrays are read with `x.ref.data()`.
// - It is lazy: kernels are compiled (`prepare`) and submitted when a result is read.
// - Kernels are counted by wrapping Dawn's GPUComputePassEncoder.prototype.dispatchWorkgroups
//   (bench/common.ts); jax-js has no dispatch statistic of its own (setDebug only logs).
import { getPriority } from 'node:os';
import {
  parseArgs, timeRuns, round, snapshot, diff, emit, errMsg,
  MATMUL_N, CHAIN_N, MLP, MLP_PARAM_KEYS, matmulInputs, chainInput, mlpInputs,
  checkMatmul, checkChain, checksum, cpuSeconds, type Timing, type DispatchCounter,
} from '../common.js';
import { startJaxjs } from './jaxjs-start.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const args = parseArgs();
const result: Record<string, any> = {
  bench: 'jax-js',
  reps: args.reps,
  warmup: args.warmup,
  workloads: {},
};
const { jax, device, library, counter, gpuDevice, info } = await startJaxjs(args.device, result);
Object.assign(result, { library, device, ...info });
const np = jax.numpy;

/** First call (trace + compile + first run), then warm-up and timed runs, then one counted run. */
async function measure(run: () => Promise<void>): Promise<{ firstCallMs: number; timing: Timing; perCall: DispatchCounter }> {
  const t0 = performance.now();
  await run();
  const firstCallMs = round(performance.now() - t0, 2);
  const timing = await timeRuns(run, args.reps, Math.max(0, args.warmup - 1));
  const before = snapshot(counter);
  await run();
  return { firstCallMs, timing, perCall: diff(before, snapshot(counter)) };
}

const fromHost = (data: Float32Array, shape: number[]) => np.array(data, { shape });

async function benchMatmul() {
  const { a, b } = matmulInputs();
  const A = fromHost(a, [MATMUL_N, MATMUL_N]), B = fromHost(b, [MATMUL_N, MATMUL_N]);
  const flops = 2 * MATMUL_N ** 3;
  let last: ArrayLike<number> = [];
  const mm = jax.jit((x: any, y: any) => np.matmul(x, y));
  const jitted = await measure(async () => { last = await mm(A.ref, B.ref).data(); });
  const jitErr = checkMatmul(a, b, last);
  const plain = await measure(async () => { last = await np.matmul(A.ref, B.ref).data(); });
  const plainErr = checkMatmul(a, b, last);
  mm.dispose?.();
  A.dispose(); B.dispose();
  const fig = (m: Awaited<ReturnType<typeof measure>>, err: number) => ({
    ms: m.timing.medianMs, gflops: round(flops / m.timing.medianMs / 1e6, 2), firstCallMs: m.firstCallMs,
    kernels: device === 'webgpu' ? m.perCall.dispatches : null, submits: m.perCall.submits, maxRelErr: +err.toExponential(2), timing: m.timing,
  });
  return { size: MATMUL_N, jit: fig(jitted, jitErr), plain: fig(plain, plainErr) };
}

async function benchChain() {
  const xh = chainInput();
  const X = fromHost(xh, [CHAIN_N]);
  // The 10 ops of bench/workloads.md, with jax-js's ownership rules (x is used 4 times).
  const chain = jax.jit((x: any) => {
    const v1 = x.ref.mul(1.5);
    const v2 = v1.add(0.25);
    const v3 = np.sin(v2);
    const v4 = v3.mul(x.ref);
    const v5 = np.tanh(v4);
    const v6 = v5.add(x.ref);
    const v7 = v6.mul(0.5);
    const v8 = np.exp(v7);
    const v9 = v8.sub(x);
    return v9.ref.mul(v9);
  });
  let last: ArrayLike<number> = [];
  const m = await measure(async () => { last = await chain(X.ref).data(); });
  const err = checkChain(xh, last);
  chain.dispose?.();
  X.dispose();
  return {
    n: CHAIN_N, ms: m.timing.medianMs, gbs: round((CHAIN_N * 8) / m.timing.medianMs / 1e6, 2),
    firstCallMs: m.firstCallMs, kernels: device === 'webgpu' ? m.perCall.dispatches : null, submits: m.perCall.submits,
    maxAbsErr: +err.toExponential(2), timing: m.timing,
  };
}

async function benchMlp() {
  const inp = mlpInputs();
  const X = fromHost(inp.x, inp.xShape), Y = fromHost(inp.y, inp.yShape);
  const loss = (p: any, x: any, y: any) => {
    const h1 = np.tanh(np.matmul(x, p.w1).add(p.b1));
    const h2 = np.tanh(np.matmul(h1, p.w2).add(p.b2));
    const out = np.matmul(h2, p.w3).add(p.b3);
    const d = out.sub(y);
    return d.ref.mul(d).mean();
  };
  // One SGD step: p ← p − lr·∇p loss(p, x, y); returns the new params.
  const step = jax.jit((p: any, x: any, y: any) => {
    const g = jax.grad(loss)(jax.tree.ref(p), x, y);
    return jax.tree.map((pi: any, gi: any) => pi.sub(gi.mul(MLP.lr)), p, g);
  });
  let p: any = Object.fromEntries(MLP_PARAM_KEYS.map((k) => [k, fromHost(inp.params[k], inp.shapes[k])]));
  let leaves: ArrayLike<number>[] = [];
  let firstChecksum: number | undefined;
  const m = await measure(async () => {
    p = step(p, X.ref, Y.ref);
    leaves = await Promise.all(MLP_PARAM_KEYS.map((k) => p[k].ref.data()));
    firstChecksum ??= checksum(leaves);
  });
  step.dispose?.();
  jax.tree.dispose(p); X.dispose(); Y.dispose();
  return {
    batch: MLP.batch, sizes: MLP.sizes, stepMs: m.timing.medianMs, firstCallMs: m.firstCallMs,
    kernels: device === 'webgpu' ? m.perCall.dispatches : null, submits: m.perCall.submits,
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
result.mainThreadNice = getPriority(process.pid);
result.cpuSeconds = cpuSeconds();
emit(result);
gpuDevice?.destroy();
process.exit(0);
