// What bench/facm-step.ts (fluxion) and bench/peers/jaxjs-facm.ts (jax-js) share for the FACM
// training-step benchmark: the configuration, the host-generated parameters and batch of the
// correctness check (mulberry32, spec/helpers/prng.ts: the same bytes in both processes), the
// checksums each side reports, the comparison, the analytic FLOP count and the time-boxed timing
// loop. Library-free: neither fluxion nor jax-js is imported here.
import { mulberry32 } from '../spec/helpers/prng.js';
import { median, round } from './common.js';
import { parseOptionsOrExit } from '../src/cli/index.js';
import { facmStepOptions } from './options.js';

/** The step of issue 4: batch 1024, timeMlp with 4 hidden layers of 256, 64-wide time embedding. */
export const FACM = {
  batch: 1024,
  dataDim: 2,
  hidden: 256,
  depth: 4,
  embedDim: 64,
  /** clipByGlobalNorm(1) then AdamW(1e-4, b1 .9, b2 .999, eps 1e-8, weight decay 0). */
  clipNorm: 1,
  lr: 1e-4,
  b1: 0.9,
  b2: 0.999,
  eps: 1e-8,
  emaDecay: 0.999,
  /**
   * The check's two steps use this EMA decay instead: after two steps at 0.999 the EMA has moved
   * ~1e-7 from p₀, below float32's resolution of weights ~0.1, so Σ(ema₂ − p₀)² would compare
   * rounding (0.2 % apart when one library writes d·e + (1 − d)·p and the other p + d·(e − p)).
   */
  checkEmaDecay: 0.5,
  /** Time embedding: embedDim/2 geometric angular frequencies from 1 to 100 (src/nn/time-embedding.ts). */
  minFreq: 1,
  maxFreq: 100,
  /** arctan-lognormal time sampler (src/facm/time.ts 'default'): t = 1 − (2/π)·atan(exp(N(−0.8, 1.6²))). */
  timeMean: -0.8,
  timeStd: 1.6,
  /** 8 Gaussians on a ring of radius 2, std 0.1, standardised by sqrt(r²/2 + std²) (src/data/eight-gaussians.ts). */
  ringRadius: 2,
  ringStd: 0.1,
} as const;

/** Layer widths [in, hidden × depth, out]: [66, 256, 256, 256, 256, 2]. */
export const LAYER_SIZES: number[] = [FACM.dataDim + FACM.embedDim, ...Array<number>(FACM.depth).fill(FACM.hidden), FACM.dataDim];

/** The frequencies of timeFrequencies(embedDim/2, 1, 100), as float32 (the same values both libraries use). */
export function timeFrequencies(): Float32Array {
  const half = FACM.embedDim / 2, { minFreq, maxFreq } = FACM;
  return Float32Array.from({ length: half }, (_, k) => minFreq * (maxFreq / minFreq) ** (k / (half - 1)));
}

/** Matmul FLOPs of one step, counted by hand (fluxion's kernelsOf gives the same number). */
export function stepMatmulFlops(B = FACM.batch): number {
  const layerFlops = LAYER_SIZES.slice(1).map((out, i) => 2 * B * LAYER_SIZES[i] * out);
  const forward = layerFlops.reduce((a, b) => a + b, 0);
  // 4 forward passes: teacher (v), the jvp's primal and tangent, the FM anchor. The loss depends on
  // the parameters through two of them (the jvp's primal, the FM anchor; the tangent is a
  // stop-gradient), each with a backward of 2 matmuls per layer but no input gradient at layer 0.
  const backward = 2 * (2 * forward - layerFlops[0]);
  return 4 * forward + backward;
}

// ---------------------------------------------------------------------------------------------
// Host data of the correctness check.

export interface HostLayer { w: Float32Array; b: Float32Array; shapeW: [number, number]; shapeB: [number] }

function normals(n: number, seed: number): Float32Array {
  const r = mulberry32(seed), out = new Float32Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - r(), u2 = r(); // u1 in (0, 1]
    const rad = Math.sqrt(-2 * Math.log(u1));
    out[i] = rad * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = rad * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** LeCun-normal weights (as nn.initDense), biases uniform in ±0.1 (non-zero, so their gradients are exercised too). */
export function hostParams(seed: number): HostLayer[] {
  return LAYER_SIZES.slice(1).map((out, i) => {
    const inp = LAYER_SIZES[i], std = 1 / Math.sqrt(inp);
    const w = normals(inp * out, seed * 1000 + i).map((v) => v * std);
    const rb = mulberry32(seed * 1000 + 500 + i);
    const b = Float32Array.from({ length: out }, () => 0.2 * rb() - 0.1);
    return { w, b, shapeW: [inp, out], shapeB: [out] };
  });
}
export const STUDENT_SEED = 7, TEACHER_SEED = 8, BATCH_SEED = 9;

/** One batch (x from the 8 Gaussians, eps ~ N(0, 1), t from the arctan-lognormal sampler), made on the host. */
export function hostBatch(seed = BATCH_SEED, B = FACM.batch): { x: Float32Array; eps: Float32Array; t: Float32Array } {
  const r = mulberry32(seed), noise = normals(2 * B, seed + 1), z = normals(B, seed + 2);
  const s = Math.sqrt(FACM.ringRadius ** 2 / 2 + FACM.ringStd ** 2);
  const x = new Float32Array(2 * B);
  for (let i = 0; i < B; i++) {
    const a = (2 * Math.PI * Math.floor(8 * r())) / 8;
    x[2 * i] = (FACM.ringRadius * Math.cos(a) + FACM.ringStd * noise[2 * i]) / s;
    x[2 * i + 1] = (FACM.ringRadius * Math.sin(a) + FACM.ringStd * noise[2 * i + 1]) / s;
  }
  const eps = normals(2 * B, seed + 3);
  const t = z.map((n) => 1 - (2 / Math.PI) * Math.atan(Math.exp(FACM.timeMean + FACM.timeStd * n)));
  return { x, eps, t };
}

// ---------------------------------------------------------------------------------------------
// What each side reports for the check, and the comparison.

/** Leaf names in the order both sides list them: w0, b0, w1, b1, ... */
export const LEAF_NAMES = LAYER_SIZES.slice(1).flatMap((_, i) => [`w${i}`, `b${i}`]);

export const sumSq = (a: ArrayLike<number>): number => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i]; return s; };
export const sumSqDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s;
};

/**
 * The check's figures, from the same host params (student, teacher) and host batch:
 * - loss, cm, fm and Σg² per leaf of ∇ loss w.r.t. the student (before clipping);
 * - two full steps (loss, grad, clip, AdamW, EMA) on that batch: the losses of both, Σ mu² (Adam's
 *   first moment: sees the clipping, which Adam's normalised update hides), Σ (p₂ − p₀)² and
 *   Σ (ema₂ − p₀)² over all leaves.
 */
export interface CheckFigures {
  loss: number; cm: number; fm: number;
  gradSq: Record<string, number>;
  gradNorm: number;
  step1Loss: number; step2Loss: number;
  muSq: number; updateSq: number; emaSq: number;
}

/** Host samples of the in-step sampler (one batch, read back), summarised for a loose distribution check. */
export interface SamplerFigures { xMean: number; xVar: number; epsMean: number; epsVar: number; tMean: number; tVar: number; n: number }

export function samplerFigures(x: ArrayLike<number>, eps: ArrayLike<number>, t: ArrayLike<number>): SamplerFigures {
  const mv = (a: ArrayLike<number>) => {
    let m = 0; for (let i = 0; i < a.length; i++) m += a[i];
    m /= a.length;
    let v = 0; for (let i = 0; i < a.length; i++) v += (a[i] - m) ** 2;
    return [m, v / a.length];
  };
  const [xMean, xVar] = mv(x), [epsMean, epsVar] = mv(eps), [tMean, tVar] = mv(t);
  return { xMean, xVar, epsMean, epsVar, tMean, tVar, n: t.length };
}

/** The moments the sampler should have: x and eps zero mean, unit variance; t's from quadrature. */
export function samplerExpected(): { tMean: number; tVar: number } {
  // E[f(z)], z ~ N(0, 1), by the trapezoid rule on [−8, 8].
  const f = (z: number) => 1 - (2 / Math.PI) * Math.atan(Math.exp(FACM.timeMean + FACM.timeStd * z));
  let m1 = 0, m2 = 0;
  const h = 1e-3;
  for (let z = -8; z <= 8; z += h) {
    const w = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * h, v = f(z);
    m1 += w * v; m2 += w * v * v;
  }
  return { tMean: m1, tVar: m2 - m1 * m1 };
}

/** Means within 5 standard errors and variances within 15% (per coordinate pooled, n = 1024 samples). */
export function checkSampler(s: SamplerFigures): { ok: boolean; notes: string[] } {
  const exp = samplerExpected(), notes: string[] = [];
  const n = s.n;
  const within = (name: string, got: number, want: number, tol: number) => {
    const ok = Math.abs(got - want) <= tol;
    if (!ok) notes.push(`${name} ${got.toFixed(4)}, expected ${want.toFixed(4)} ± ${tol.toFixed(4)}`);
    return ok;
  };
  const ok = [
    within('x mean', s.xMean, 0, 5 / Math.sqrt(2 * n)), within('x var', s.xVar, 1, 0.15),
    within('eps mean', s.epsMean, 0, 5 / Math.sqrt(2 * n)), within('eps var', s.epsVar, 1, 0.15),
    within('t mean', s.tMean, exp.tMean, 5 * Math.sqrt(exp.tVar / n)), within('t var', s.tVar, exp.tVar, 0.15 * exp.tVar),
  ].every(Boolean);
  return { ok, notes };
}

export const CHECK_TOL = 1e-3;

/** Relative differences of every figure between two libraries; ok when all are ≤ tol. */
export function compareChecks(a: CheckFigures, b: CheckFigures, tol = CHECK_TOL): { ok: boolean; worstRel: number; worst: string; rel: Record<string, number> } {
  const rel: Record<string, number> = {};
  const put = (k: string, x: number, y: number) => { rel[k] = Math.abs(x - y) / Math.max(Math.abs(x), Math.abs(y), 1e-30); };
  for (const k of ['loss', 'cm', 'fm', 'gradNorm', 'step1Loss', 'step2Loss', 'muSq', 'updateSq', 'emaSq'] as const) put(k, a[k], b[k]);
  for (const k of LEAF_NAMES) put(`gradSq.${k}`, a.gradSq[k], b.gradSq[k]);
  let worst = '', worstRel = 0;
  for (const [k, v] of Object.entries(rel)) if (!(v <= worstRel)) { worst = k; worstRel = v; }
  return { ok: Object.values(rel).every((v) => v <= tol), worstRel: +worstRel.toExponential(2), worst, rel };
}

// ---------------------------------------------------------------------------------------------
// Arguments and the timing loop.

export interface FacmArgs {
  quick: boolean;
  /** Timed steps wanted after the first call. */
  steps: number;
  /** Stop timing after this many seconds (at least one timed step is always taken). */
  maxSeconds: number;
  check: boolean;
  bench: boolean;
  nice: boolean;
  device?: string;
}

export function parseFacmArgs(argv = process.argv.slice(2)): FacmArgs {
  const o = parseOptionsOrExit('npx tsx bench/facm-step.ts', facmStepOptions, argv);
  return { quick: o.quick, steps: o.steps, maxSeconds: o.maxSeconds, check: !o.noCheck, bench: !o.checkOnly, nice: o.nice, device: o.device };
}

export interface StepTiming {
  msPerStep: number; minMs: number; maxMs: number;
  stepsRequested: number; stepsMeasured: number;
  /** True when the time box ended the loop before `stepsRequested` steps. */
  timeBoxed: boolean;
  runsMs: number[];
}

/** Times `step()` (which must include the readback) up to `steps` times or until `maxSeconds` have passed. */
export async function timeSteps(step: (i: number) => Promise<void>, steps: number, maxSeconds: number): Promise<StepTiming> {
  const runsMs: number[] = [];
  const start = performance.now();
  for (let i = 1; i <= steps; i++) {
    const t0 = performance.now();
    await step(i);
    runsMs.push(performance.now() - t0);
    if (performance.now() - start > maxSeconds * 1000) break;
  }
  return {
    msPerStep: round(median(runsMs), 2), minMs: round(Math.min(...runsMs), 2), maxMs: round(Math.max(...runsMs), 2),
    stepsRequested: steps, stepsMeasured: runsMs.length, timeBoxed: runsMs.length < steps, runsMs: runsMs.map((t) => round(t, 1)),
  };
}
