// GFLOP/s of every matmul variant emitted by src/compiler/matmul.ts, next to the hand-tuned
// ceiling (ceiling.mjs from --ceiling or $FLUXION_CEILING, run as a child process before and after, same niceness).
//   npx tsx bench/matmul-variants.ts                 all variants × sizes (main thread niced, as getDevice does)
//   npx tsx bench/matmul-variants.ts --no-nice       neither this process nor the ceiling niced
//   npx tsx bench/matmul-variants.ts --only subgroup+vec4,register --sizes 1024,1000 --reps 7
//   npx tsx bench/matmul-variants.ts --tune "rows=6;width=16" --only "subgroup+vec4[rows=6]"
// Timing: median of `reps` (7) runs after 2 warm-ups, each run = submit + onSubmittedWorkDone.
//
// Why an in-process reference too: on a shared 2-core VM the ceiling's child-process figure moves
// 2x between runs a minute apart. So every timed run of ours is followed by one run of the
// ceiling's own kernel (its WGSL, copied below) at 1024³, and the "×ref" columns are the ratios
// of GFLOP/s rep by rep (median) and of the best runs: a comparison that survives the noise.
// Every kernel's result is checked at 16 entries against a float64 reference.
import { execFileSync } from 'node:child_process';
import { init } from '../src/node.js';
import { getDevice, releaseDevice, type GpuContext } from '../src/backend/webgpu/device.js';
import { emitMatmul, type MatmulSpec, type MatmulTuning } from '../src/compiler/matmul.js';
import type { MatmulKernel, Target } from '../src/compiler/target.js';
import { median, uniformData } from './common.js';
import * as cli from '../src/cli/index.js';
import { parseOptionsOrExit } from '../src/cli/index.js';

const argv = process.argv.slice(2);
const options = parseOptionsOrExit('npx tsx bench/matmul-variants.ts', {
  noNice: cli.flag({ help: 'neither this process nor the ceiling niced' }),
  only: cli.string({ default: '-', defaultHelp: 'all', help: 'configurations to run, comma-separated (commas inside [...] belong to a tuning label)' }),
  sizes: cli.list({ choices: ['1024', '256', '2x256', '1000', '4x128', '1000x1000x1001', '999x1001x77', 'facm-fwd', 'facm-wgrad'] as const, default: ['1024', '256', '2x256', '1000', '4x128', '1000x1000x1001', '999x1001x77'], help: 'problem sizes' }),
  reps: cli.int({ min: 1, default: 7, help: 'timed runs per configuration' }),
  tune: cli.string({ default: '-', defaultHelp: 'none', help: 'extra subgroup tuning points, e.g. "rows=6;width=16"' }),
  noInterleave: cli.flag({ help: 'no in-process reference kernel between timed runs' }),
  ceiling: cli.string({ default: () => process.env.FLUXION_CEILING ?? '-', defaultHelp: '$FLUXION_CEILING; "-" runs no ceiling', help: 'path of the ceiling tool (ceiling.mjs)' }),
}, argv);
const nice = !options.noNice;
const REPS = options.reps, WARMUP = 2;

interface Shape { batch: number; m: number; n: number; k: number }
const SHAPES: Record<string, Shape> = {
  '1024': { batch: 1, m: 1024, n: 1024, k: 1024 },
  '256': { batch: 1, m: 256, n: 256, k: 256 },
  '2x256': { batch: 2, m: 256, n: 256, k: 256 },
  '1000': { batch: 1, m: 1000, n: 1000, k: 1000 },
  '4x128': { batch: 4, m: 128, n: 128, k: 128 },
  '1000x1000x1001': { batch: 1, m: 1000, n: 1000, k: 1001 },
  '999x1001x77': { batch: 1, m: 999, n: 1001, k: 77 },
  // The FACM step's products (bench/facm-step.ts, batch 1024, hidden 256): a layer, a weight gradient.
  'facm-fwd': { batch: 1, m: 1024, n: 256, k: 256 },
  'facm-wgrad': { batch: 1, m: 256, n: 256, k: 1024 },
};

/** A configuration: variant + how the operands are presented + tuning knobs. */
interface Config { label: string; kernel: MatmulKernel; plain: boolean; vec4: boolean; tuning?: MatmulTuning }
const CONFIGS: Config[] = [
  { label: 'subgroup+vec4', kernel: 'subgroup', plain: true, vec4: true },  // plain operands + array<vec4f> views
  { label: 'subgroup', kernel: 'subgroup', plain: true, vec4: false },      // plain operands, f32 bindings only
  { label: 'subgroup/load', kernel: 'subgroup', plain: false, vec4: false }, // load expressions only
  { label: 'register+vec4', kernel: 'register', plain: true, vec4: true },
  { label: 'register', kernel: 'register', plain: true, vec4: false },
  { label: 'tiled', kernel: 'tiled', plain: true, vec4: false },
];
// Extra subgroup tuning points: `--tune "rows=6;width=16"` adds subgroup+vec4[rows=6], ...
for (const t of options.tune === '-' ? [] : options.tune.split(';')) {
  const tuning = Object.fromEntries(t.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)])) as MatmulTuning;
  CONFIGS.push({ label: `subgroup+vec4[${t}]`, kernel: 'subgroup', plain: true, vec4: true, tuning });
  CONFIGS.push({ label: `subgroup[${t}]`, kernel: 'subgroup', plain: true, vec4: false, tuning });
}

function ceiling(): { gflops: number; line: string } {
  if (options.ceiling === '-') return { gflops: NaN, line: 'not run (give --ceiling <path of ceiling.mjs> or set FLUXION_CEILING)' };
  const out = execFileSync('node', [options.ceiling, ...(nice ? ['--nice'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const line = out.trim().split('\n').pop()!;
  return { gflops: (JSON.parse(line) as { matmul: { gflops: number } }).matmul.gflops, line };
}

function targetOf(ctx: GpuContext, kernel: MatmulKernel): Target {
  return {
    subgroups: ctx.features.has('subgroups'), subgroupSize: ctx.subgroupSize, isCpu: ctx.adapterInfo.isCpu,
    maxStorageBuffersPerShaderStage: ctx.limits.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupsPerDimension: ctx.limits.maxComputeWorkgroupsPerDimension,
    maxComputeWorkgroupStorageSize: ctx.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: ctx.limits.maxComputeInvocationsPerWorkgroup,
    matmulKernel: kernel,
  };
}

const DECLS = [
  '@group(0) @binding(0) var<storage, read> A: array<f32>;',
  '@group(0) @binding(1) var<storage, read> B: array<f32>;',
  '@group(0) @binding(2) var<storage, read_write> C: array<f32>;',
  '@group(0) @binding(3) var<storage, read> A4: array<vec4f>;', // views of A and B (same buffers)
  '@group(0) @binding(4) var<storage, read> B4: array<vec4f>;',
].join('\n');

/** Row-major C[b] = A[b] · B[b]. */
function specFor(s: Shape, c: Config, target: Target): MatmulSpec {
  const { batch, m, n, k } = s;
  return {
    name: `MM_${batch}x${m}x${n}x${k}`, batch, m, n, k,
    a: {
      load: (b, i, j) => `A[${b} * ${m * k}u + ${i} * ${k}u + ${j}]`,
      plain: c.plain ? { buffer: 'A', batchStride: m * k, rowStride: k, colStride: 1, ...(c.vec4 ? { vec4Buffer: 'A4' } : {}) } : undefined,
    },
    b: {
      load: (b, i, j) => `B[${b} * ${k * n}u + ${i} * ${n}u + ${j}]`,
      plain: c.plain ? { buffer: 'B', batchStride: k * n, rowStride: n, colStride: 1, ...(c.vec4 ? { vec4Buffer: 'B4' } : {}) } : undefined,
    },
    epilogue: (acc) => acc,
    store: (v, b, i, j) => `C[${b} * ${m * n}u + ${i} * ${n}u + ${j}] = ${v};`, output: 'C',
    declarations: DECLS, target, tuning: c.tuning,
  };
}

/** The ceiling's subgroup kernel (ceiling.mjs) at 1024³: A f32, B and C as vec4 rows. */
function ceilingKernel(): string {
  const K = 1024, N4 = 256;
  const L = [`enable subgroups;
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4f>;
@compute @workgroup_size(32) fn main(@builtin(workgroup_id) w: vec3u, @builtin(local_invocation_id) l: vec3u,
    @builtin(subgroup_invocation_id) lane: u32) {
  let r0 = w.x * 8u; let c = w.y * 32u + l.x;`];
  for (let i = 0; i < 8; i++) L.push(`  var acc${i} = vec4f(0.0);`);
  L.push(`  for (var k0 = 0u; k0 < ${K}u; k0 += 8u) {`);
  for (let i = 0; i < 8; i++) L.push(`    let a${i} = A[(r0 + ${i}u) * ${K}u + k0 + lane];`);
  for (let kk = 0; kk < 8; kk++) {
    L.push(`    let b${kk} = B[(k0 + ${kk}u) * ${N4}u + c];`);
    for (let i = 0; i < 8; i++) L.push(`    acc${i} = fma(vec4f(subgroupBroadcast(a${i}, ${kk}u)), b${kk}, acc${i});`);
  }
  L.push('  }');
  for (let i = 0; i < 8; i++) L.push(`  C[(r0 + ${i}u) * ${N4}u + c] = acc${i};`);
  L.push('}');
  return L.join('\n');
}

type Dispatch = { p: GPUComputePipeline; g: GPUBindGroup; wg: [number, number, number] };

async function timeOnce(device: GPUDevice, d: Dispatch): Promise<number> {
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(d.p); pass.setBindGroup(0, d.g); pass.dispatchWorkgroups(...d.wg); pass.end();
  const t0 = performance.now();
  device.queue.submit([enc.finish()]);
  await device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

const U = () => GPUBufferUsage;
const storage = (device: GPUDevice, floats: number) =>
  device.createBuffer({ size: Math.max(16, floats * 4), usage: U().STORAGE | U().COPY_SRC | U().COPY_DST });

function makeReference(ctx: GpuContext): Dispatch | undefined {
  if (!ctx.features.has('subgroups') || ctx.subgroupSize !== 8) return undefined;
  const { device } = ctx;
  const [A, B, C] = [storage(device, 1 << 20), storage(device, 1 << 20), storage(device, 1 << 20)];
  device.queue.writeBuffer(A, 0, uniformData(1 << 20, 1));
  device.queue.writeBuffer(B, 0, uniformData(1 << 20, 2));
  const p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: ceilingKernel() }), entryPoint: 'main' } });
  const g = device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [A, B, C].map((buffer, binding) => ({ binding, resource: { buffer } })) });
  return { p, g, wg: [128, 8, 1] };
}
const REF_FLOPS = 2 * 1024 ** 3;

interface Result { ms: number; firstMs: number; gflops: number; bestGflops: number; err: number; variant: string; refMedian?: number; refBest?: number }

async function run(ctx: GpuContext, s: Shape, c: Config, ref: Dispatch | undefined): Promise<Result> {
  const { device } = ctx;
  const { batch, m, n, k } = s;
  const flops = 2 * batch * m * n * k;
  const spec = specFor(s, c, targetOf(ctx, c.kernel));
  const { wgsl, workgroups, variant } = emitMatmul(spec);
  const ha = uniformData(batch * m * k, 1), hb = uniformData(batch * k * n, 2);
  const A = storage(device, ha.length), B = storage(device, hb.length), C = storage(device, batch * m * n);
  device.queue.writeBuffer(A, 0, ha);
  device.queue.writeBuffer(B, 0, hb);
  device.pushErrorScope('validation');
  const p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: wgsl }), entryPoint: 'main' } });
  // 'auto' layouts drop unused bindings: bind only those the shader reads.
  const names = ['A', 'B', 'C', 'A4', 'B4'], bufs = [A, B, C, A, B];
  const entries = names.map((_, binding) => ({ binding, resource: { buffer: bufs[binding] } }))
    .filter((e) => new RegExp(`\\b${names[e.binding]}\\[`).test(wgsl));
  const g = device.createBindGroup({ layout: p.getBindGroupLayout(0), entries });
  const err = await device.popErrorScope();
  if (err) throw new Error(`${c.label} ${spec.name}: ${err.message}\n${wgsl}`);
  const mine: Dispatch = { p, g, wg: workgroups };
  const ts: number[] = [], trs: number[] = [], ratios: number[] = [];
  let firstMs = 0; // the first run includes lavapipe's LLVM compile of the shader (done on first dispatch)
  for (let r = 0; r < WARMUP + REPS; r++) {
    const t = await timeOnce(device, mine);
    if (r === 0) firstMs = t;
    const tr = ref ? await timeOnce(device, ref) : 0;
    if (r < WARMUP) continue;
    ts.push(t);
    if (ref) { trs.push(tr); ratios.push((flops / t) / (REF_FLOPS / tr)); }
  }
  const ms = median(ts);
  const rb = device.createBuffer({ size: Math.max(16, batch * m * n * 4), usage: U().MAP_READ | U().COPY_DST });
  const enc = device.createCommandEncoder(); enc.copyBufferToBuffer(C, 0, rb, 0, batch * m * n * 4); device.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  const hc = new Float32Array(rb.getMappedRange().slice(0)); rb.unmap();
  let worst = 0;
  for (let t = 0; t < 16; t++) {
    const bb = t % batch, i = (t * 7919) % m, j = (t * 104729 + 13 * t) % n;
    let acc = 0, mag = 0;
    for (let q = 0; q < k; q++) { const x = ha[bb * m * k + i * k + q] * hb[bb * k * n + q * n + j]; acc += x; mag += Math.abs(x); }
    worst = Math.max(worst, Math.abs(hc[bb * m * n + i * n + j] - acc) / (mag + 1e-30));
  }
  for (const b of [A, B, C, rb]) b.destroy();
  return {
    ms, firstMs, gflops: flops / ms / 1e6, bestGflops: flops / Math.min(...ts) / 1e6, err: worst, variant,
    refMedian: ref ? median(ratios) : undefined,
    refBest: ref ? (flops / Math.min(...ts)) / (REF_FLOPS / Math.min(...trs)) : undefined,
  };
}

const only = options.only === '-' ? undefined : options.only.split(/,(?![^[]*\])/); // commas inside [...] belong to a tuning label
const sizes: string[] = options.sizes;
const ceil0 = ceiling();
console.log(`ceiling (child, before): ${ceil0.line}`);
// The device nices the main thread on CPU adapters unless told not to (--no-nice).
await init({ backend: 'webgpu', reniceMainThread: nice });
const ctx = await getDevice();
const ref = options.noInterleave ? undefined : makeReference(ctx);
console.log(`adapter: ${ctx.adapterInfo.description}; main thread niced: ${ctx.mainThreadNiced}; median of ${REPS} after ${WARMUP} warm-ups`);
console.log(`columns: shape, config, variant, median ms, median GFLOP/s, ×ceiling (child run before)` +
  (ref ? ', ×ref median / ×ref best (vs the ceiling kernel at 1024³ run interleaved)' : '') + ', max rel. error');
for (const size of sizes) {
  const s = SHAPES[size];
  if (!s) throw new Error(`unknown size ${size} (known: ${Object.keys(SHAPES).join(', ')})`);
  for (const c of CONFIGS) {
    if (only && !only.includes(c.label)) continue;
    const r = await run(ctx, s, c, ref);
    console.log(`${size.padEnd(15)} ${c.label.padEnd(26)} ${r.variant.padEnd(9)} ${r.ms.toFixed(2).padStart(8)} ms ${r.gflops.toFixed(2).padStart(6)} GFLOP/s` +
      `  ${(r.gflops / ceil0.gflops).toFixed(2)}×ceil` +
      (r.refMedian !== undefined ? `  ${r.refMedian.toFixed(2)}×ref ${r.refBest!.toFixed(2)}×ref-best` : '') +
      `  err ${r.err.toExponential(1)}${r.err > 1e-4 ? '  WRONG' : ''}  first run ${r.firstMs.toFixed(0)} ms (≈ compile ${(r.firstMs - r.ms).toFixed(0)} ms)`);
  }
}
releaseDevice();
const ceil1 = ceiling();
console.log(`ceiling (child, after): ${ceil1.line}`);
console.log(`ceiling matmul 1024³: ${ceil0.gflops} (before) / ${ceil1.gflops} (after) GFLOP/s; nice=${nice}`);
