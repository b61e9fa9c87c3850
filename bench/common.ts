// Shared pieces of the benchmark children (bench/fluxion.ts, bench/peers/jaxjs.ts): argument
// parsing, the timing convention, deterministic input data, float64 reference checks, and a
// WebGPU dispatch counter that works the same way for every library.
//
// Timing convention (identical for every library): one timed run = the library call(s) that
// produce the result + `await x.data()` of every output array, measured with performance.now().
// Each figure is the median of the timed runs that follow the warm-up runs.
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';

import { childOptions, ALL_WORKLOADS, type Workload } from './options.js';
import { parseOptionsOrExit } from '../src/cli/index.js';
export { ALL_WORKLOADS, type Workload };

export interface ChildArgs {
  only: Workload[];
  quick: boolean;
  nice: boolean;
  /** Library-specific device / backend name (jax-js: webgpu | wasm). */
  device: 'webgpu' | 'wasm';
  reps: number;
  warmup: number;
}

/** `--only matmul,chain --quick --nice --device wasm --reps 9 --warmup 2`; bad options exit 2 naming each. */
export function parseArgs(argv = process.argv.slice(2)): ChildArgs {
  const o = parseOptionsOrExit('bench child', childOptions, argv);
  if (o.nice) setPriority(process.pid, 19); // keep dawn.node's busy-poll off lavapipe's cores (docs/webgpu.md)
  return o;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const round = (x: number, digits = 3): number => +x.toFixed(digits);

export interface Timing { medianMs: number; minMs: number; maxMs: number; reps: number; runsMs: number[] }

/** Runs `run` warmup times untimed, then `reps` times timed; `run` must include the readback. */
export async function timeRuns(run: () => Promise<void>, reps: number, warmup: number): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await run();
  const runsMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await run();
    runsMs.push(performance.now() - t0);
  }
  return { medianMs: round(median(runsMs)), minMs: round(Math.min(...runsMs)), maxMs: round(Math.max(...runsMs)), reps, runsMs: runsMs.map((t) => round(t, 2)) };
}

// ---------------------------------------------------------------------------------------------
// Deterministic inputs (mulberry32), the same bytes for every library.

// One generator for specs and benches (spec/helpers/prng.ts).
import { mulberry32 } from '../spec/helpers/prng.js';
export { mulberry32 };

/** `n` float32 values uniform in [lo, hi). */
export function uniformData(n: number, seed: number, lo = -0.5, hi = 0.5): Float32Array {
  const r = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

// ---------------------------------------------------------------------------------------------
// Workload definitions (see bench/workloads.md; both libraries implement exactly these).

export const MATMUL_N = 1024;
export const CHAIN_N = 4 * 1024 * 1024;
export const MLP = { batch: 256, sizes: [2, 256, 256, 2], lr: 0.01 } as const;

/** Float64 reference of the 10-op chain for one element (bench/workloads.md). */
export function chainRef(x: number): number {
  const v1 = x * 1.5;           // 1 mul
  const v2 = v1 + 0.25;         // 2 add
  const v3 = Math.sin(v2);      // 3 sin
  const v4 = v3 * x;            // 4 mul
  const v5 = Math.tanh(v4);     // 5 tanh
  const v6 = v5 + x;            // 6 add
  const v7 = v6 * 0.5;          // 7 mul
  const v8 = Math.exp(v7);      // 8 exp
  const v9 = v8 - x;            // 9 sub
  return v9 * v9;               // 10 mul (v9 * v9)
}

export const matmulInputs = () => ({ a: uniformData(MATMUL_N * MATMUL_N, 1), b: uniformData(MATMUL_N * MATMUL_N, 2) });
export const chainInput = () => uniformData(CHAIN_N, 3, -1, 1);

/** MLP parameters (uniform ±1/sqrt(fan_in), biases 0.01·uniform) and a batch x → y = sin(2x). */
export function mlpInputs() {
  const [d0, d1, d2, d3] = MLP.sizes;
  const lin = (fanIn: number, fanOut: number, seed: number) => {
    const s = 1 / Math.sqrt(fanIn);
    return { w: uniformData(fanIn * fanOut, seed, -s, s), b: uniformData(fanOut, seed + 100, -0.01, 0.01) };
  };
  const l1 = lin(d0, d1, 11), l2 = lin(d1, d2, 12), l3 = lin(d2, d3, 13);
  const x = uniformData(MLP.batch * d0, 14, -1, 1);
  const y = x.map((v) => Math.sin(2 * v));
  return {
    params: { w1: l1.w, b1: l1.b, w2: l2.w, b2: l2.b, w3: l3.w, b3: l3.b },
    shapes: { w1: [d0, d1], b1: [d1], w2: [d1, d2], b2: [d2], w3: [d2, d3], b3: [d3] } as Record<string, number[]>,
    x, y, xShape: [MLP.batch, d0], yShape: [MLP.batch, d3],
  };
}
export const MLP_PARAM_KEYS = ['w1', 'b1', 'w2', 'b2', 'w3', 'b3'] as const;

/** Max relative error of 16 entries of A·B (row-major n×n) against a float64 reference. */
export function checkMatmul(a: Float32Array, b: Float32Array, c: ArrayLike<number>, n = MATMUL_N): number {
  let worst = 0;
  for (let s = 0; s < 16; s++) {
    const i = (s * 7919) % n, j = (s * 104729) % n;
    let ref = 0, mag = 0;
    for (let k = 0; k < n; k++) { ref += a[i * n + k] * b[k * n + j]; mag += Math.abs(a[i * n + k] * b[k * n + j]); }
    worst = Math.max(worst, Math.abs(c[i * n + j] - ref) / (mag + 1e-12));
  }
  return worst;
}

/** Max absolute error of 4096 sampled chain outputs against the float64 reference. */
export function checkChain(x: Float32Array, y: ArrayLike<number>): number {
  let worst = 0;
  for (let s = 0; s < 4096; s++) {
    const i = (s * 1021 + 17) % x.length;
    worst = Math.max(worst, Math.abs(y[i] - chainRef(x[i])));
  }
  return worst;
}

/** Sum of all parameter values: compared across libraries by bench/run.ts. */
export const checksum = (leaves: ArrayLike<number>[]): number => {
  let s = 0;
  for (const l of leaves) for (let i = 0; i < l.length; i++) s += l[i];
  return s;
};

// ---------------------------------------------------------------------------------------------
// WebGPU dispatch counting, library-independent: wrap the prototypes of Dawn's classes (the npm
// `webgpu` package) so that every GPUComputePassEncoder.dispatchWorkgroups(Indirect) and every
// GPUQueue.submit in this process is counted. Must be installed before the library encodes work
// (prototype patching also covers objects created earlier, but install it first anyway).

export interface DispatchCounter { dispatches: number; submits: number; passes: number }

let counter: DispatchCounter | undefined;

/** Loads the `webgpu` package, puts its globals (GPUBufferUsage, ...) on globalThis, installs the counter. */
export function loadWebGpu(): { create: (flags: string[]) => GPU; counter: DispatchCounter } {
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  const req = createRequire(process.cwd() + '/');
  const { create, globals } = req('webgpu') as { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  if (!counter) {
    const c: DispatchCounter = { dispatches: 0, submits: 0, passes: 0 };
    const wrap = (cls: unknown, method: string, bump: () => void) => {
      const proto = (cls as { prototype?: Record<string, unknown> } | undefined)?.prototype;
      const orig = proto?.[method];
      if (typeof orig !== 'function') return;
      proto![method] = function (this: unknown, ...args: unknown[]) { bump(); return (orig as (...a: unknown[]) => unknown).apply(this, args); };
    };
    wrap(globals.GPUComputePassEncoder, 'dispatchWorkgroups', () => c.dispatches++);
    wrap(globals.GPUComputePassEncoder, 'dispatchWorkgroupsIndirect', () => c.dispatches++);
    wrap(globals.GPUCommandEncoder, 'beginComputePass', () => c.passes++);
    wrap(globals.GPUQueue, 'submit', () => c.submits++);
    counter = c;
  }
  return { create, counter };
}

export const snapshot = (c: DispatchCounter): DispatchCounter => ({ ...c });
export const diff = (a: DispatchCounter, b: DispatchCounter): DispatchCounter =>
  ({ dispatches: b.dispatches - a.dispatches, submits: b.submits - a.submits, passes: b.passes - a.passes });

/** Prints the one JSON line the parent (bench/run.ts) parses. */
export function emit(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** CPU time of this whole process (all threads, lavapipe's workers included), user + system, s. */
export const cpuSeconds = (): number => { const u = process.cpuUsage(); return round((u.user + u.system) / 1e6, 2); };

export const errMsg = (e: unknown): string => (e instanceof Error ? `${e.message}` : String(e)).slice(0, 2000);
