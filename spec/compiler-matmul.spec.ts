// The matmul kernel generator (src/compiler/matmul.ts): every variant, forced through
// target.matmulKernel, on aligned and odd shapes (k = 0, k = 1, m = 1, n = 1, n % 4 != 0,
// batch 3, a folded workgroup grid), with plain operands (with and without vec4 views), strided
// plain operands and prologue load expressions, and the epilogue tanh(acc + bias[n]); compared
// with a float64 reference, error scaled by Σ|a||b|.
import { describe, expect, it } from 'vitest';
import { getDevice, type GpuContext } from '../src/backend/webgpu/device.js';
import { emitMatmul, usableVariant, vec4AliasUseful, type MatmulSpec } from '../src/compiler/matmul.js';
import { DEFAULT_TARGET, type MatmulKernel, type Target } from '../src/compiler/target.js';
import { mulberry32 } from './helpers/prng.js';
import { describeWebGPU } from './helpers/webgpu.js';

interface Shape { batch: number; m: number; n: number; k: number }
/**
 * How the operands reach the kernel:
 * - plain: row-major A (b,m,k) and B (b,k,n) as `plain`, with vec4 views (used where aligned);
 * - plain-scalar: the same without vec4 views;
 * - strided: A stored transposed (b,k,m) as a plain read with rowStride 1, B shared by every
 *   batch (batchStride 0);
 * - prologue: A stored transposed and B row-major, read only through load expressions that scale
 *   A by 2 and clamp B at 0.8 (a fused prologue: no `plain`);
 * - epilogue2: as plain, with an epilogue that reads a second buffer, tanh(acc + bias[n]) ·
 *   (1 + B[0, n] / 2) (every epilogue is stored in a loop over the elements, matmul.ts storeBlock;
 *   this one reads more than the bias).
 */
type Mode = 'plain' | 'plain-scalar' | 'strided' | 'prologue' | 'epilogue2';
const MODES: Mode[] = ['plain', 'plain-scalar', 'strided', 'prologue', 'epilogue2'];
const VARIANTS: MatmulKernel[] = ['subgroup', 'register', 'tiled'];

const SHAPES: Shape[] = [
  { batch: 1, m: 8, n: 128, k: 8 },      // exactly one subgroup tile
  { batch: 1, m: 64, n: 64, k: 64 },     // exactly one tiled tile
  { batch: 1, m: 24, n: 256, k: 40 },    // aligned, several blocks and K steps
  { batch: 2, m: 16, n: 136, k: 32 },    // n % 4 == 0 but not a multiple of the column block
  { batch: 1, m: 37, n: 45, k: 29 },     // odd everything
  { batch: 3, m: 17, n: 20, k: 13 },     // batch 3
  { batch: 1, m: 1, n: 33, k: 19 },      // m = 1
  { batch: 1, m: 21, n: 1, k: 40 },      // n = 1
  { batch: 1, m: 9, n: 6, k: 1 },        // k = 1
  { batch: 2, m: 5, n: 7, k: 0 },        // k = 0: acc = 0, output = tanh(bias)
  { batch: 1, m: 130, n: 70, k: 71 },    // several tiles with ragged edges
];

const round16 = (floats: number) => Math.max(16, Math.ceil((floats * 4) / 16) * 16);

function targetOf(ctx: GpuContext, kernel: MatmulKernel, maxDim?: number): Target {
  return {
    subgroups: ctx.features.has('subgroups'), subgroupSize: ctx.subgroupSize, isCpu: ctx.adapterInfo.isCpu,
    maxStorageBuffersPerShaderStage: ctx.limits.maxStorageBuffersPerShaderStage,
    maxComputeWorkgroupsPerDimension: maxDim ?? ctx.limits.maxComputeWorkgroupsPerDimension,
    maxComputeWorkgroupStorageSize: ctx.limits.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: ctx.limits.maxComputeInvocationsPerWorkgroup,
    matmulKernel: kernel,
  };
}

const DECLS = [
  '@group(0) @binding(0) var<storage, read> A: array<f32>;',
  '@group(0) @binding(1) var<storage, read> B: array<f32>;',
  '@group(0) @binding(2) var<storage, read> bias: array<f32>;',
  '@group(0) @binding(3) var<storage, read_write> C: array<f32>;',
  '@group(0) @binding(4) var<storage, read> A4: array<vec4f>;',
  '@group(0) @binding(5) var<storage, read> B4: array<vec4f>;',
  'fn clampB(x: f32) -> f32 { return min(x, 0.8); }',
].join('\n');

/** The spec for `mode`; `aT` says A is stored transposed, `bShared` that B has one batch. */
function specFor(s: Shape, mode: Mode, target: Target): { spec: MatmulSpec; aT: boolean; bShared: boolean } {
  const { batch, m, n, k } = s;
  const aT = mode === 'strided' || mode === 'prologue';
  const bShared = mode === 'strided';
  const aRowMajor = { buffer: 'A', batchStride: m * k, rowStride: k, colStride: 1 };
  const bRowMajor = { buffer: 'B', batchStride: bShared ? 0 : k * n, rowStride: n, colStride: 1 };
  const aLoad = aT
    ? (b: string, i: string, j: string) => `A[${b} * ${m * k}u + ${j} * ${m}u + ${i}]`
    : (b: string, i: string, j: string) => `A[${b} * ${m * k}u + ${i} * ${k}u + ${j}]`;
  const bLoad = (b: string, i: string, j: string) => `B[${bShared ? '' : `${b} * ${k * n}u + `}${i} * ${n}u + ${j}]`;
  const spec: MatmulSpec = {
    name: `MM_${batch}x${m}x${n}x${k}_${mode}`, batch, m, n, k,
    a: mode === 'prologue' ? { load: (b, i, j) => `(2.0 * ${aLoad(b, i, j)})` }
      : { load: aLoad, plain: aT ? { buffer: 'A', batchStride: m * k, rowStride: 1, colStride: m } : { ...aRowMajor, ...(mode === 'plain' ? { vec4Buffer: 'A4' } : {}) } },
    b: mode === 'prologue' ? { load: (b, i, j) => `clampB(${bLoad(b, i, j)})` }
      : { load: bLoad, plain: { ...bRowMajor, ...(mode === 'plain' ? { vec4Buffer: 'B4' } : {}) } },
    epilogue: mode === 'epilogue2'
      ? (acc, _b, _i, j) => `tanh(${acc} + bias[${j}]) * (1.0 + 0.5 * B[${j}])`
      : (acc, _b, _i, j) => `tanh(${acc} + bias[${j}])`,
    store: (v, b, i, j) => `C[${b} * ${m * n}u + ${i} * ${n}u + ${j}] = ${v};`, output: 'C',
    declarations: DECLS,
    target,
  };
  return { spec, aT, bShared };
}

/** `infLastRow`: A in [0.5, 1), B's last row +Inf and the identity epilogue (every output must be +Inf). */
async function runCase(ctx: GpuContext, s: Shape, mode: Mode, kernel: MatmulKernel, maxDim?: number, infLastRow = false):
    Promise<{ worst: number; variant: MatmulKernel; untouched: number; out: Float32Array }> {
  const { device } = ctx;
  const { batch, m, n, k } = s;
  const { spec, aT, bShared } = specFor(s, mode, targetOf(ctx, kernel, maxDim));
  if (infLastRow) spec.epilogue = (acc) => acc;
  const rnd = mulberry32(1000 * m + 100 * n + 10 * k + batch);
  const ha = new Float32Array(batch * m * k).map(() => (infLastRow ? 0.5 + rnd() / 2 : rnd() * 2 - 1));
  const hb = new Float32Array((bShared ? 1 : batch) * k * n).map(() => rnd() * 2 - 1);
  if (infLastRow) for (let bt = 0; bt < (bShared ? 1 : batch); bt++) hb.fill(Infinity, bt * k * n + (k - 1) * n, bt * k * n + k * n);
  const hbias = new Float32Array(n).map(() => rnd() - 0.5);
  const PAD = 16; // sentinel floats after C: a write past the output would land here
  const U = GPUBufferUsage;
  const buf = (data: Float32Array, floats: number) => {
    const b = device.createBuffer({ size: round16(floats), usage: U.STORAGE | U.COPY_DST | U.COPY_SRC });
    if (data.length) device.queue.writeBuffer(b, 0, data);
    return b;
  };
  const A = buf(ha, ha.length), B = buf(hb, hb.length), bias = buf(hbias, n);
  const cInit = new Float32Array(batch * m * n + PAD).fill(NaN);
  const C = buf(cInit, cInit.length);
  const { wgsl, workgroups, variant } = emitMatmul(spec);
  const entries = [A, B, bias, C, A, B];
  const layout = device.createBindGroupLayout({
    entries: entries.map((_, binding) => ({ binding, visibility: GPUShaderStage.COMPUTE, buffer: { type: binding === 3 ? 'storage' : 'read-only-storage' } as GPUBufferBindingLayout })),
  });
  device.pushErrorScope('validation');
  const pipeline = device.createComputePipeline({
    layout: device.createPipelineLayout({ bindGroupLayouts: [layout] }),
    compute: { module: device.createShaderModule({ code: wgsl }), entryPoint: 'main' },
  });
  const bg = device.createBindGroup({ layout, entries: entries.map((buffer, binding) => ({ binding, resource: { buffer } })) });
  const enc = device.createCommandEncoder();
  const pass = enc.beginComputePass();
  pass.setPipeline(pipeline); pass.setBindGroup(0, bg); pass.dispatchWorkgroups(...workgroups); pass.end();
  const rb = device.createBuffer({ size: round16(cInit.length), usage: U.MAP_READ | U.COPY_DST });
  enc.copyBufferToBuffer(C, 0, rb, 0, rb.size);
  device.queue.submit([enc.finish()]);
  const err = await device.popErrorScope();
  if (err) throw new Error(`${spec.name} (${kernel}): ${err.message}\n${wgsl}`);
  await rb.mapAsync(GPUMapMode.READ);
  const hc = new Float32Array(rb.getMappedRange().slice(0, cInit.length * 4));
  rb.unmap();
  for (const b of [A, B, bias, C, rb]) b.destroy();

  const out = hc.subarray(0, batch * m * n);
  let worst = 0;
  if (infLastRow) return { worst, variant, untouched: 0, out };
  for (let bt = 0; bt < batch; bt++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
    let acc = 0, mag = 0;
    for (let q = 0; q < k; q++) {
      let a = aT ? ha[bt * m * k + q * m + i] : ha[bt * m * k + i * k + q];
      let b = hb[(bShared ? 0 : bt * k * n) + q * n + j];
      if (mode === 'prologue') { a = 2 * Math.fround(a); b = Math.min(b, Math.fround(0.8)); }
      acc += a * b; mag += Math.abs(a * b);
    }
    const ref = Math.tanh(acc + hbias[j]) * (mode === 'epilogue2' ? 1 + 0.5 * hb[j] : 1);
    const got = hc[bt * m * n + i * n + j];
    const e = Number.isNaN(got) ? Infinity : Math.abs(got - ref) / (mag + Math.abs(hbias[j]) + 1e-3);
    worst = Math.max(worst, e);
  }
  let untouched = 0;
  for (let p = batch * m * n; p < cInit.length; p++) if (!Number.isNaN(hc[p])) untouched++;
  return { worst, variant, untouched, out };
}

describe('emitMatmul WGSL (no device)', () => {
  const sub: Target = { ...DEFAULT_TARGET, subgroups: true, subgroupSize: 8, isCpu: true };
  const base = (t: Target, s: Shape = { batch: 1, m: 1024, n: 1024, k: 1024 }): MatmulSpec => ({
    name: 'MM', ...s,
    a: { load: (b, i, j) => `A[${i} * ${s.k}u + ${j}]`, plain: { buffer: 'A', batchStride: s.m * s.k, rowStride: s.k, colStride: 1 } },
    b: { load: (b, i, j) => `B[${i} * ${s.n}u + ${j}]`, plain: { buffer: 'B', batchStride: s.k * s.n, rowStride: s.n, colStride: 1, vec4Buffer: 'B4' } },
    epilogue: (acc) => acc, store: (v, b, i, j) => `C[${i} * ${s.n}u + ${j}] = ${v};`, output: 'C', declarations: '// decls', target: t,
  });

  it('puts `enable subgroups;` first for the subgroup variant and reads B through the vec4 view', () => {
    const { wgsl, workgroups, variant } = emitMatmul(base(sub));
    expect(variant).toBe('subgroup');
    expect(wgsl.startsWith('enable subgroups;')).toBe(true);
    expect(wgsl).toContain('B4[');
    expect(workgroups).toEqual([128, 8, 1]);
  });

  it('emits no clamps or store guards when the sizes divide the blocks', () => {
    for (const t of [sub, { ...sub, matmulKernel: 'register' as const }, { ...sub, matmulKernel: 'tiled' as const }]) {
      const { wgsl } = emitMatmul(base(t));
      expect(wgsl).not.toMatch(/\bmin\(|\bif \(|select\(/);
    }
  });

  it('stores through an epilogue in a loop with a trip count LLVM cannot see, a bare accumulator unrolled', () => {
    for (const t of [sub, { ...sub, matmulKernel: 'register' as const }]) {
      expect(emitMatmul(base(t)).wgsl).not.toContain('mm_out');
      const looped = emitMatmul({ ...base(t), epilogue: (acc, b, i, j) => `${acc} * R[${i} * 1024u + ${j}] + bias[${j}]` }).wgsl;
      expect(looped).toContain('var mm_out = array<vec4f');
      expect(looped).toContain('arrayLength(&C)');
      expect(looped.match(/R\[/g)).toHaveLength(1); // the epilogue written once
    }
  });

  it('falls back to register without size-8 subgroups', () => {
    expect(usableVariant({ ...sub, subgroupSize: undefined, matmulKernel: 'subgroup' })).toBe('register');
    expect(emitMatmul(base({ ...sub, subgroupSize: 32 })).variant).toBe('register');
    expect(emitMatmul(base(DEFAULT_TARGET)).variant).toBe('tiled');
  });

  it('folds a grid that exceeds maxComputeWorkgroupsPerDimension', () => {
    const { workgroups, wgsl } = emitMatmul(base({ ...sub, maxComputeWorkgroupsPerDimension: 100 }, { batch: 7, m: 1024, n: 1024, k: 8 }));
    expect(Math.max(...workgroups)).toBeLessThanOrEqual(100);
    expect(workgroups[0] * workgroups[1] * workgroups[2]).toBeGreaterThanOrEqual(128 * 8 * 7);
    expect(wgsl).toContain('return;');
  });

  it('says when a vec4 view would be used', () => {
    expect(vec4AliasUseful(base(sub), 'b')).toBe(true);
    expect(vec4AliasUseful(base(sub), 'a')).toBe(false);
    expect(vec4AliasUseful(base({ ...sub, matmulKernel: 'register' }), 'a')).toBe(true);
    expect(vec4AliasUseful(base(sub, { batch: 1, m: 8, n: 6, k: 8 }), 'b')).toBe(false);
    expect(vec4AliasUseful(base({ ...sub, matmulKernel: 'tiled' }), 'b')).toBe(false);
  });

  it('rejects negative or fractional sizes', () => {
    expect(() => emitMatmul(base(sub, { batch: 1, m: -1, n: 4, k: 4 }))).toThrow(/m must be/);
    expect(() => emitMatmul(base(sub, { batch: 1.5, m: 4, n: 4, k: 4 }))).toThrow(/batch must be/);
  });
});

// Each new kernel costs lavapipe 1-4 s of LLVM compilation on a 2-core machine (the tiled one,
// with barriers, up to 15 s; Mesa's disk cache makes reruns fast), so every shape runs in the main
// mode and a few edge shapes in the others; the tiled variant, meant for real GPUs, gets fewer.
const EDGE_SHAPES: Shape[] = [SHAPES[4], SHAPES[5], SHAPES[7], SHAPES[9]];
const shapesFor = (kernel: MatmulKernel, mode: Mode): Shape[] =>
  mode === 'epilogue2' ? (kernel === 'tiled' ? [SHAPES[4], SHAPES[5]] : [SHAPES[2], SHAPES[4], SHAPES[5], SHAPES[10]]) // k ≥ 1: the epilogue reads B's first row
  : kernel === 'tiled'
    ? (mode === 'plain' ? [SHAPES[1], SHAPES[4], SHAPES[5], SHAPES[7], SHAPES[8], SHAPES[9], SHAPES[10]] : [SHAPES[4], SHAPES[5], SHAPES[9]])
    : (mode === 'plain' ? SHAPES : EDGE_SHAPES);
const COMPILE_TIMEOUT_MS = 300_000;

describeWebGPU('emitMatmul kernels on WebGPU', () => {
  for (const kernel of VARIANTS) {
    for (const mode of MODES) {
      const shapes = shapesFor(kernel, mode);
      it(`${kernel}, ${mode}: ${shapes.length} shapes match float64`, async () => {
        const ctx = await getDevice();
        const expected = usableVariant(targetOf(ctx, kernel));
        for (const s of shapes) {
          const r = await runCase(ctx, s, mode, kernel);
          const what = `${kernel}/${mode} batch ${s.batch} ${s.m}x${s.n}x${s.k}`;
          expect(r.variant, what).toBe(expected);
          expect(r.worst, what).toBeLessThanOrEqual(1e-4);
          expect(r.untouched, `${what}: wrote past the output`).toBe(0);
        }
      }, COMPILE_TIMEOUT_MS);
    }
    it(`${kernel}: k past the end reads 0 on both sides (Inf in B's last row gives Inf, not NaN)`, async () => {
      const ctx = await getDevice();
      // k = 13: one guarded body (subgroup); k = 45: loop + tail (subgroup), 4-step tail (register).
      for (const s of [{ batch: 1, m: 9, n: 12, k: 13 }, { batch: 2, m: 8, n: 8, k: 45 }]) {
        const { out } = await runCase(ctx, s, 'plain', kernel, undefined, true);
        expect([...new Set(out)], `${kernel} batch ${s.batch} ${s.m}x${s.n}x${s.k}`).toEqual([Infinity]);
      }
    }, COMPILE_TIMEOUT_MS);
    it(`${kernel}: a folded grid (maxComputeWorkgroupsPerDimension 4) matches float64`, async () => {
      const ctx = await getDevice();
      // subgroup and register fold (9 and 5 blocks along x); tiled folds the batch of 5.
      const s = kernel === 'tiled' ? { batch: 5, m: 70, n: 40, k: 9 } : { batch: 2, m: 70, n: 140, k: 9 };
      const r = await runCase(ctx, s, 'plain', kernel, 4);
      expect(r.worst, `${kernel} batch ${s.batch} ${s.m}x${s.n}x${s.k}`).toBeLessThanOrEqual(1e-4);
      expect(r.untouched).toBe(0);
    }, COMPILE_TIMEOUT_MS);
  }
});
