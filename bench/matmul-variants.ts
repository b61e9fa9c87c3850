// GFLOP/s of every matmul variant emitted by src/compiler/matmul.ts, next to the hand-tuned
// ceiling (../shared/ceiling/ceiling.mjs, run as a child process before and after, same niceness).
//   npx tsx bench/matmul-variants.ts                 all variants × sizes (main thread niced, as getDevice does)
//   npx tsx bench/matmul-variants.ts --no-nice       neither this process nor the ceiling niced
//   npx tsx bench/matmul-variants.ts --only subgroup,subgroup+vec4 --sizes 1024 --reps 7
// Timing: median of `reps` (7) runs after 2 warm-ups, each run = submit + onSubmittedWorkDone.
// Every kernel's result is checked at 16 entries against a float64 reference.
import { execFileSync } from 'node:child_process';
import { getDevice, releaseDevice, type GpuContext } from '../src/backend/webgpu/device';
import { emitMatmul, type MatmulSpec, type MatmulTuning } from '../src/compiler/matmul';
import type { MatmulKernel, Target } from '../src/compiler/target';
import { median, uniformData } from './common';

const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const nice = !argv.includes('--no-nice');
if (!nice) process.env.FLUXION_NICE = '0';
const REPS = Number(arg('reps') ?? 7), WARMUP = 2;
/** `--interleave`: also time the ceiling's kernel in-process, alternating with ours (ratio per rep). */
const interleave = argv.includes('--interleave');

interface Shape { batch: number; m: number; n: number; k: number }
const SHAPES: Record<string, Shape> = {
  '1024': { batch: 1, m: 1024, n: 1024, k: 1024 },
  '256': { batch: 1, m: 256, n: 256, k: 256 },
  '2x256': { batch: 2, m: 256, n: 256, k: 256 },
  '1000': { batch: 1, m: 1000, n: 1000, k: 1000 },
  '4x128': { batch: 4, m: 128, n: 128, k: 128 },
  '999x1001x77': { batch: 1, m: 999, n: 1001, k: 77 },
};

/** A configuration: variant + how the operands are presented + tuning knobs. */
interface Config { label: string; kernel: MatmulKernel; plain: boolean; vec4: boolean; tuning?: MatmulTuning }
const CONFIGS: Config[] = [
  { label: 'subgroup', kernel: 'subgroup', plain: true, vec4: false },
  { label: 'subgroup+vec4', kernel: 'subgroup', plain: true, vec4: true },
  { label: 'subgroup/load', kernel: 'subgroup', plain: false, vec4: false },
  { label: 'register', kernel: 'register', plain: true, vec4: false },
  { label: 'register+vec4', kernel: 'register', plain: true, vec4: true },
  { label: 'tiled', kernel: 'tiled', plain: true, vec4: false },
];
// Extra tuning points: `--tune rows=8,kUnroll=2,width=32` adds a subgroup+vec4 and a subgroup config.
const tune = arg('tune');
if (tune) {
  for (const t of tune.split(';')) {
    const tuning = Object.fromEntries(t.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k, Number(v)])) as MatmulTuning;
    if (!argv.includes('--tune-vec4-only')) CONFIGS.push({ label: `subgroup[${t}]`, kernel: 'subgroup', plain: true, vec4: false, tuning });
    CONFIGS.push({ label: `subgroup+vec4[${t}]`, kernel: 'subgroup', plain: true, vec4: true, tuning });
  }
}

function ceiling(): { gflops: number; line: string } {
  const out = execFileSync('node', ['../shared/ceiling/ceiling.mjs', ...(nice ? ['--nice'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
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

/** Row-major C[b] = A[b] · B[b] with bindings A (0), B (1), C (2), and B as vec4 (3) when asked. */
function specFor(s: Shape, c: Config, target: Target): MatmulSpec {
  const { batch, m, n, k } = s;
  const decl = [
    '@group(0) @binding(0) var<storage, read> A: array<f32>;',
    '@group(0) @binding(1) var<storage, read> B: array<f32>;',
    '@group(0) @binding(2) var<storage, read_write> C: array<f32>;',
    ...(c.vec4 ? ['@group(0) @binding(3) var<storage, read> B4: array<vec4f>;', '@group(0) @binding(4) var<storage, read> A4: array<vec4f>;'] : []),
  ].join('\n');
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
    store: (v, b, i, j) => `C[${b} * ${m * n}u + ${i} * ${n}u + ${j}] = ${v};`,
    declarations: decl, target, tuning: c.tuning,
  };
}

/**
 * The ceiling's own subgroup kernel (ceiling.mjs, copied verbatim in spirit) for square-ish shapes
 * it supports (batch 1, m % 8, n % 128, k % 8 all 0), timed interleaved with ours rep by rep, so
 * the ratio survives a machine shared with other jobs.
 */
function refKernel(s: Shape): string | undefined {
  const { batch, m, n, k } = s;
  if (batch !== 1 || m % 8 || n % 128 || k % 8) return undefined;
  const N4 = n / 4;
  const L = [`enable subgroups;
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read> B: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> C: array<vec4f>;
@compute @workgroup_size(32) fn main(@builtin(workgroup_id) w: vec3u, @builtin(local_invocation_id) l: vec3u,
    @builtin(subgroup_invocation_id) lane: u32) {
  let r0 = w.x * 8u; let c = w.y * 32u + l.x;`];
  for (let i = 0; i < 8; i++) L.push(`  var acc${i} = vec4f(0.0);`);
  L.push(`  for (var k0 = 0u; k0 < ${k}u; k0 += 8u) {`);
  for (let i = 0; i < 8; i++) L.push(`    let a${i} = A[(r0 + ${i}u) * ${k}u + k0 + lane];`);
  for (let kk = 0; kk < 8; kk++) {
    L.push(`    let b${kk} = B[(k0 + ${kk}u) * ${N4}u + c];`);
    for (let i = 0; i < 8; i++) L.push(`    acc${i} = fma(vec4f(subgroupBroadcast(a${i}, ${kk}u)), b${kk}, acc${i});`);
  }
  L.push('  }');
  for (let i = 0; i < 8; i++) L.push(`  C[(r0 + ${i}u) * ${N4}u + c] = acc${i};`);
  L.push('}');
  return L.join('\n');
}

async function run(ctx: GpuContext, s: Shape, c: Config): Promise<{ ms: number; gflops: number; err: number; variant: string; refRatio?: number; minRatio?: number; bestGflops: number }> {
  const { device } = ctx;
  const { batch, m, n, k } = s;
  const spec = specFor(s, c, targetOf(ctx, c.kernel));
  const { wgsl, workgroups, variant } = emitMatmul(spec);
  const U = GPUBufferUsage;
  const mk = (floats: number) => device.createBuffer({ size: Math.max(16, floats * 4), usage: U.STORAGE | U.COPY_SRC | U.COPY_DST });
  const ha = uniformData(batch * m * k, 1), hb = uniformData(batch * k * n, 2);
  const A = mk(ha.length), B = mk(hb.length), C = mk(batch * m * n);
  device.queue.writeBuffer(A, 0, ha);
  device.queue.writeBuffer(B, 0, hb);
  device.pushErrorScope('validation');
  const module = device.createShaderModule({ code: wgsl });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' } });
  const used = [A, B, C, ...(c.vec4 ? [B, A] : [])];
  // 'auto' layouts drop unused bindings: bind only those the shader declares and uses.
  const entries = used.map((buffer, binding) => ({ binding, resource: { buffer } }))
    .filter((e) => new RegExp(`\\b${['A', 'B', 'C', 'B4', 'A4'][e.binding]}\\[`).test(wgsl));
  const bg = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  const err = await device.popErrorScope();
  if (err) throw new Error(`${c.label} ${spec.name}: ${err.message}\n${wgsl}`);
  const timeOnce = async (p: GPUComputePipeline, g: GPUBindGroup, wg: [number, number, number]): Promise<number> => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(p); pass.setBindGroup(0, g); pass.dispatchWorkgroups(...wg); pass.end();
    const t0 = performance.now();
    device.queue.submit([enc.finish()]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  const refCode = interleave ? refKernel(s) : undefined;
  let ref: { p: GPUComputePipeline; g: GPUBindGroup; wg: [number, number, number] } | undefined;
  if (refCode) {
    const C2 = mk(m * n);
    const p = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code: refCode }), entryPoint: 'main' } });
    const g = device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: [A, B, C2].map((buffer, binding) => ({ binding, resource: { buffer } })) });
    ref = { p, g, wg: [m / 8, n / 128, 1] };
  }
  const ts: number[] = [], trs: number[] = [], ratios: number[] = [];
  for (let r = 0; r < WARMUP + REPS; r++) {
    const t = await timeOnce(pipeline, bg, workgroups);
    const tr = ref ? await timeOnce(ref.p, ref.g, ref.wg) : 0;
    if (r >= WARMUP) { ts.push(t); if (ref) { trs.push(tr); ratios.push(tr / t); } }
  }
  const ms = median(ts);
  const minRatio = ref ? Math.min(...trs) / Math.min(...ts) : undefined;
  const rb = device.createBuffer({ size: batch * m * n * 4, usage: U.MAP_READ | U.COPY_DST });
  const enc = device.createCommandEncoder(); enc.copyBufferToBuffer(C, 0, rb, 0, batch * m * n * 4); device.queue.submit([enc.finish()]);
  await rb.mapAsync(GPUMapMode.READ);
  const hc = new Float32Array(rb.getMappedRange().slice(0)); rb.unmap();
  let worst = 0;
  for (let t = 0; t < 16; t++) {
    const bb = t % batch, i = (t * 7919) % m, j = (t * 104729 + 13 * t) % n;
    let ref = 0, mag = 0;
    for (let q = 0; q < k; q++) { const p = ha[bb * m * k + i * k + q] * hb[bb * k * n + q * n + j]; ref += p; mag += Math.abs(p); }
    worst = Math.max(worst, Math.abs(hc[bb * m * n + i * n + j] - ref) / (mag + 1e-30));
  }
  for (const b of [A, B, C, rb]) b.destroy();
  return { ms, gflops: (2 * batch * m * n * k) / ms / 1e6, err: worst, variant, refRatio: ratios.length ? median(ratios) : undefined, minRatio, bestGflops: (2 * batch * m * n * k) / Math.min(...ts) / 1e6 };
}

const only = arg('only')?.split(/,(?![^[]*\])/); // commas inside [...] belong to a tuning label
const sizes = arg('sizes')?.split(',') ?? Object.keys(SHAPES);
const ceil0 = ceiling();
console.log(`ceiling (before): ${ceil0.line}`);
const ctx = await getDevice();
console.log(`adapter: ${ctx.adapterInfo.description}; main thread niced: ${ctx.mainThreadNiced}; reps ${REPS}`);
const rows: string[] = [];
for (const size of sizes) {
  const s = SHAPES[size];
  if (!s) throw new Error(`unknown size ${size} (known: ${Object.keys(SHAPES).join(', ')})`);
  for (const c of CONFIGS) {
    if (only && !only.includes(c.label)) continue;
    const r = await run(ctx, s, c);
    const line = `${size.padEnd(12)} ${c.label.padEnd(28)} ${r.variant.padEnd(9)} ${r.ms.toFixed(2).padStart(9)} ms ${r.gflops.toFixed(2).padStart(7)} GFLOP/s` +
      `  ${(r.gflops / ceil0.gflops).toFixed(2)}× ceiling` + (r.refRatio ? ` (interleaved: ${r.refRatio.toFixed(2)}× median, ${r.minRatio!.toFixed(2)}× best; best ${r.bestGflops.toFixed(2)})` : '') + `  err ${r.err.toExponential(1)}`;
    console.log(line);
    rows.push(line);
    if (r.err > 1e-4) console.log('  ^ WRONG RESULT');
  }
}
releaseDevice();
const ceil1 = ceiling();
console.log(`ceiling (after): ${ceil1.line}`);
console.log(`ceiling matmul 1024³: ${ceil0.gflops} (before) / ${ceil1.gflops} (after) GFLOP/s; nice=${nice}`);
