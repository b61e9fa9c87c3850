// The WebGPU runtime without the compiler: uploads and readbacks, the buffer pool and its
// hazard-free release, command batching, scope()/dispose, and runProgram on hand-written Programs.
import { existsSync } from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { beforeAll, expect, it } from 'vitest';
import { KernelError } from '../src/core/errors.js';
import { ShapedArray } from '../src/core/shape.js';
import type { ConcreteArray } from '../src/core/tensor.js';
import { gpuBytes, type Binding, type Program, type Step } from '../src/compiler/program.js';
import { getDevice } from '../src/backend/webgpu/device.js';
import { sizeClass } from '../src/backend/webgpu/buffers.js';
import { scope } from '../src/backend/webgpu/memory.js';
import { activeRuntime, AUTO_FLUSH_DISPATCHES } from '../src/backend/webgpu/queue.js';
import { runProgram } from '../src/backend/webgpu/run.js';
import { webgpuStats } from '../src/backend/webgpu/stats.js';
import { gpuFromHost, gpuStorageOf } from '../src/backend/webgpu/storage.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { mulberry32 } from './helpers/prng.js';

const f32 = (...shape: number[]) => new ShapedArray(shape, 'float32');
const upload = (data: Float32Array, shape = [data.length]) => gpuFromHost(data, f32(...shape));
/** Where an array's elements live: buffer identity and offset, as one comparable string. */
const bufferIds = new Map<GPUBuffer, number>();
const memoryOf = (x: ConcreteArray): string => {
  const s = gpuStorageOf(x, 'test')!;
  if (!bufferIds.has(s.buffer)) bufferIds.set(s.buffer, bufferIds.size);
  return `${bufferIds.get(s.buffer)}@${s.offset}`;
};
const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

/** An elementwise kernel over n f32 elements: `out[i] = expr` with inputs a (and b). */
function ewKernel(name: string, n: number, arity: 1 | 2, expr: string, slots: Binding[]): Step {
  const decls = arity === 2
    ? `@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read> b: array<f32>;\n@group(0) @binding(2) var<storage, read_write> out: array<f32>;`
    : `@group(0) @binding(0) var<storage, read> a: array<f32>;\n@group(0) @binding(1) var<storage, read_write> out: array<f32>;`;
  const wgsl = `${decls}
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let i = g.x;
  if (i >= ${n}u) { return; }
  out[i] = ${expr};
}`;
  return { kind: 'kernel', name: `${name}_${n}`, wgsl, bindings: slots, workgroups: [Math.ceil(n / 64), 1, 1], flops: n, bytes: 4 * n * (arity + 1) };
}

const input = (index: number) => ({ kind: 'input', index }) as const;
const output = (index: number) => ({ kind: 'output', index }) as const;
const temp = (index: number) => ({ kind: 'temp', index }) as const;

/** out = a * 2 + 1 on f32[n]: one kernel, the unit of "eager-style" dispatches below. */
function affineProgram(n: number): Program {
  return {
    name: `affine_${n}`, inputs: [f32(n)], outputs: [f32(n)], temps: [],
    steps: [ewKernel('E_affine', n, 1, 'a[i] * 2.0 + 1.0', [{ slot: input(0), access: 'read' }, { slot: output(0), access: 'read_write' }])],
  };
}

function randomFloats(n: number, seed: number): Float32Array {
  const u = mulberry32(seed);
  return Float32Array.from({ length: n }, () => Math.fround((u() - 0.5) * 100));
}

describeWebGPU('WebGPU runtime', () => {
  beforeAll(async () => {
    await getDevice();
  });

  it('round-trips every dtype bit-exactly, including NaN payloads, ±Inf, -0 and denormals', async () => {
    const f = new Float32Array([0, -0, 1.5, -2.25, Infinity, -Infinity, NaN, 1e-45, 3.4028234663852886e38]);
    const bits = new Uint32Array(f.buffer);
    bits[6] = 0x7fc00001; // a quiet NaN with a payload
    const fNaN2 = new Uint32Array([0xffbfffff]); // a negative signalling-range NaN
    const fAll = new Float32Array([...f, new Float32Array(fNaN2.buffer)[0]]);
    expect(bitsOf(await upload(fAll).data() as Float32Array)).toEqual(bitsOf(fAll));

    const i = new Int32Array([0, -1, 2147483647, -2147483648, 42]);
    expect(Array.from(await gpuFromHost(i, new ShapedArray([5], 'int32')).data())).toEqual(Array.from(i));
    const u = new Uint32Array([0, 1, 0xffffffff, 0x80000000]);
    expect(Array.from(await gpuFromHost(u, new ShapedArray([2, 2], 'uint32')).data())).toEqual(Array.from(u));
    const b = new Uint8Array([1, 0, 0, 1, 1]);
    const back = await gpuFromHost(b, new ShapedArray([5], 'bool')).data();
    expect(back).toBeInstanceOf(Uint8Array);
    expect(Array.from(back)).toEqual([1, 0, 0, 1, 1]);
  });

  it('handles empty and scalar arrays', async () => {
    for (const shape of [[0], [2, 0], [0, 3]]) {
      const x = gpuFromHost(new Float32Array(0), f32(...shape));
      const d = await x.data();
      expect(d).toBeInstanceOf(Float32Array);
      expect(d.length).toBe(0);
      expect(await x.toArray()).toEqual(shape[0] === 0 ? [] : [[], []]);
    }
    const s = gpuFromHost(new Int32Array([-7]), new ShapedArray([], 'int32'));
    expect(await s.item()).toBe(-7);
    expect(await gpuFromHost(new Uint8Array([1]), new ShapedArray([], 'bool')).toArray()).toBe(true);
  });

  it('rejects float64 uploads and dataSync with messages that say what to do', () => {
    expect(() => gpuFromHost(new Float64Array([1, 2]), new ShapedArray([2], 'float64')))
      .toThrow('float64 is CPU-only on WebGPU; cast to float32 or use the CPU backend (FLUXION_BACKEND=cpu');
    const x = upload(new Float32Array([1, 2]));
    expect(() => x.dataSync()).toThrow(/await x\.data\(\)/);
    expect(String(x)).toMatch(/^Tensor#\d+\(f32\[2\] on webgpu: await x\.print\(\) or await x\.data\(\) to read\)$/);
  });

  it('size classes waste at most 1/8 and stay 4-byte aligned', () => {
    for (let b = 4; b < 1 << 22; b = Math.ceil(b * 1.37) + 4) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c % 4).toBe(0);
      if (b > 256) expect(c / b).toBeLessThanOrEqual(1.125);
    }
    expect(sizeClass(1024)).toBe(1024);
    expect(sizeClass(1025)).toBe(1152);
  });

  it('reuses pooled buffers: 1000 upload/dispose iterations keep live buffers flat', async () => {
    const rt = activeRuntime();
    rt.queue.flush();
    const before = webgpuStats();
    const data = new Float32Array(1000).fill(3);
    for (let k = 0; k < 1000; k++) {
      const x = upload(data);
      x.dispose();
      x.dispose(); // double dispose is a no-op
    }
    const after = webgpuStats();
    // "At most": the finalizer may free undisposed arrays of earlier tests meanwhile.
    expect(after.liveBuffers).toBeLessThanOrEqual(before.liveBuffers);
    expect(after.createdBuffers - before.createdBuffers).toBeLessThanOrEqual(1);
    // The same with a kernel in every iteration: outputs come back to the pool too.
    const x = upload(data);
    const mid = webgpuStats();
    for (let k = 0; k < 200; k++) runProgram(affineProgram(1000), [x])[0].dispose();
    await x.data();
    const end = webgpuStats();
    expect(end.liveBuffers).toBeLessThanOrEqual(mid.liveBuffers);
    expect(end.createdBuffers - mid.createdBuffers).toBeLessThanOrEqual(2);
    x.dispose();
  });

  it('trim() destroys pooled buffers and idle slabs, and the runtime keeps working', async () => {
    const rt = activeRuntime();
    // Over 64 KiB: buffers of their own.
    const big = 20000;
    const x = upload(new Float32Array(big).fill(1));
    const [y] = runProgram(affineProgram(big), [x]);
    await y.data();
    y.dispose();
    rt.queue.flush();
    // A cell class nothing else uses (48 KiB cells): its one slab is idle once the array is gone.
    const small = upload(new Float32Array(12 * 1024 - 7));
    const withSlab = webgpuStats();
    small.dispose();
    rt.queue.flush();
    expect(webgpuStats().pooledBuffers).toBeGreaterThan(0);
    rt.pool.trim();
    const after = webgpuStats();
    expect(after.slabs).toBeLessThanOrEqual(withSlab.slabs - 1); // other idle slabs may go too
    // y's buffer and the slab are gone; x's buffer and every other slab stay.
    expect(after.gpuBuffers).toBeLessThanOrEqual(withSlab.gpuBuffers - 2);
    expect(after.gpuBuffers).toBeGreaterThanOrEqual(after.slabs + 1);
    expect(Array.from((await runProgram(affineProgram(big), [x])[0].data()).slice(0, 3))).toEqual([3, 3, 3]);
    x.dispose();
  });

  it('defers release while a pending command may read the buffer (writeBuffer must not overtake it)', async () => {
    const n = 4096;
    const a = randomFloats(n, 1);
    const x = upload(a);
    const xMem = memoryOf(x);
    const [y] = runProgram(affineProgram(n), [x]); // recorded, not submitted
    expect(activeRuntime().queue.busy).toBe(true);
    x.dispose(); // the pending dispatch still reads x's memory
    const z = upload(new Float32Array(n).fill(-1)); // same size class: must not get x's memory
    expect(memoryOf(z)).not.toBe(xMem);
    const want = a.map((v) => Math.fround(Math.fround(v * 2) + 1));
    expect(bitsOf(await y.data() as Float32Array)).toEqual(bitsOf(want));
    expect(Array.from((await z.data()).slice(0, 3))).toEqual([-1, -1, -1]);
    // After the submit the deferred memory is free again and uploads may reuse it.
    const w = upload(new Float32Array(n));
    expect(memoryOf(w)).toBe(xMem);
    for (const t of [y, z, w]) t.dispose();
  });

  it('runs a hand-written program: two kernels through a temp, a copy and fills', async () => {
    const n = 1000;
    const a = randomFloats(n, 2), b = randomFloats(n, 3);
    const fillWords = new Uint32Array(new Float32Array([1.5, -0, Infinity, 7]).buffer);
    const program: Program = {
      name: 'add_mul_copy_fill',
      inputs: [f32(n), f32(n)],
      outputs: [f32(n), f32(n), f32(4), new ShapedArray([3], 'int32'), f32(n)],
      temps: [4 * n],
      steps: [
        // t = a + b; out0 = t * b
        ewKernel('E_add', n, 2, 'a[i] + b[i]', [{ slot: input(0), access: 'read' }, { slot: input(1), access: 'read' }, { slot: temp(0), access: 'read_write' }]),
        ewKernel('E_mul', n, 2, 'a[i] * b[i]', [{ slot: temp(0), access: 'read' }, { slot: input(1), access: 'read' }, { slot: output(0), access: 'read_write' }]),
        // out1 = t (a pure copy), out2 = constant words, out3 = zeros (clearBuffer path)
        { kind: 'copy', src: temp(0), dst: output(1), bytes: 4 * n },
        { kind: 'fill', dst: output(2), words: fillWords },
        { kind: 'fill', dst: output(3), words: new Uint32Array(3) },
        // out4: filled first, then overwritten by a kernel: the fill must not land after it.
        { kind: 'fill', dst: output(4), words: new Uint32Array(n).fill(0x3f800000) },
        ewKernel('E_neg', n, 1, '-a[i]', [{ slot: temp(0), access: 'read' }, { slot: output(4), access: 'read_write' }]),
        // An empty grid is skipped (it would be a validation error).
        ewKernel('E_empty', 0, 1, 'a[i]', [{ slot: input(0), access: 'read' }, { slot: output(4), access: 'read_write' }]),
      ],
    };
    const x = upload(a), y = upload(b);
    const before = webgpuStats();
    const outs = runProgram(program, [x, y]);
    expect(webgpuStats().dispatches - before.dispatches).toBe(3);
    const t = a.map((v, i) => Math.fround(v + b[i]));
    const [o0, o1, o2, o3, o4] = await Promise.all(outs.map((o) => o.data()));
    expect(bitsOf(o0 as Float32Array)).toEqual(bitsOf(t.map((v, i) => Math.fround(v * b[i]))));
    expect(bitsOf(o1 as Float32Array)).toEqual(bitsOf(t));
    expect(bitsOf(o2 as Float32Array)).toEqual(Array.from(fillWords));
    expect(Array.from(o3)).toEqual([0, 0, 0]);
    expect(bitsOf(o4 as Float32Array)).toEqual(bitsOf(t.map((v) => -v)));
    // Outputs never alias inputs or each other (small arrays may share a slab buffer, never a range).
    const mems = [x, y, ...outs].map(memoryOf);
    expect(new Set(mems).size).toBe(mems.length);
    for (const o of [x, y, ...outs]) o.dispose();
  });

  it('uploads host (CPU-backend) inputs and rejects inputs of the wrong type', async () => {
    const { cpuFromHost } = await import('../src/backend/cpu/executor.js');
    const host = cpuFromHost(new Float32Array([1, 2, 3]), f32(3));
    const [y] = runProgram(affineProgram(3), [host]);
    expect(Array.from(await y.data())).toEqual([3, 5, 7]);
    expect(() => runProgram(affineProgram(3), [upload(new Float32Array(4))]))
      .toThrow(/affine_3 takes \(f32\[3\]\) but was given \(f32\[4\]\)/);
  });

  it('batches dispatches: 100 eager-style dispatches take at most 2 submits before a read', async () => {
    const rt = activeRuntime();
    rt.queue.flush();
    const before = webgpuStats();
    let x = upload(new Float32Array([0, 1, 2, 3]));
    for (let k = 0; k < 100; k++) {
      const [y] = runProgram(affineProgram(4), [x]);
      x.dispose();
      x = y;
    }
    const mid = webgpuStats();
    expect(mid.dispatches - before.dispatches).toBe(100);
    expect(mid.submits - before.submits).toBeLessThanOrEqual(2);
    expect(mid.submits - before.submits).toBe(Math.floor(100 / AUTO_FLUSH_DISPATCHES));
    // The same 100 steps in f32 on the host (x -> 2x + 1: 2x is exact, so fma or not gives the same).
    const want = Float32Array.from([0, 1, 2, 3]);
    for (let k = 0; k < 100; k++) want.forEach((v, i) => { want[i] = Math.fround(v * 2 + 1); });
    expect(Array.from(await x.data())).toEqual(Array.from(want));
    expect(webgpuStats().submits - mid.submits).toBe(1); // the read's own submit
    x.dispose();
  });

  it('scope() frees everything created inside except the result, also for async functions', async () => {
    const base = webgpuStats().liveBuffers;
    let inner: ConcreteArray[] = [];
    const kept = scope(() => {
      const a = upload(new Float32Array([1, 2]));
      const [b] = runProgram(affineProgram(2), [a]);
      const [c] = runProgram(affineProgram(2), [b]);
      inner = [a, b];
      return { c, label: 'not an array' };
    });
    expect(webgpuStats().liveBuffers).toBe(base + 1);
    expect(Array.from(await kept.c.data())).toEqual([7, 11]);
    expect(() => inner[0].dataSync()).toThrow(/disposed/);
    await expect(inner[1].data()).rejects.toThrow(/was disposed and can no longer be used/);

    // Nested and async: the inner result survives into the outer scope, which then frees it.
    // (Checked on the arrays, not on counts: across awaits the finalizer may free other arrays.)
    let made: ConcreteArray[] = [];
    const out = await scope(async () => {
      const x = upload(new Float32Array([1]));
      const y = scope(() => runProgram(affineProgram(1), [x])[0]);
      await y.data(); // y outlived the inner scope
      const z = runProgram(affineProgram(1), [y])[0];
      made = [x, y];
      return z;
    });
    expect(Array.from(await out.data())).toEqual([7]);
    for (const m of made) await expect(m.data()).rejects.toThrow(/disposed/);
    kept.c.dispose();
    out.dispose();
  });

  it('reports use after dispose clearly', async () => {
    const x = upload(new Float32Array([1, 2, 3]));
    x.dispose();
    await expect(x.data()).rejects.toThrow(/f32\[3\] array was disposed and can no longer be used/);
    expect(() => runProgram(affineProgram(3), [x])).toThrow(/was disposed/);
  });

  it('returns the buffers of garbage-collected arrays to the pool (FinalizationRegistry)', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const base = webgpuStats().liveBuffers;
    (() => { for (let k = 0; k < 20; k++) upload(new Float32Array(16)); })();
    expect(webgpuStats().liveBuffers).toBe(base + 20);
    for (let k = 0; k < 20 && webgpuStats().liveBuffers > base; k++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // Other undisposed arrays of earlier tests may be collected too, so "at most".
    expect(webgpuStats().liveBuffers).toBeLessThanOrEqual(base);
  });

  it('surfaces a WGSL compile error at the next read, naming the kernel', async () => {
    const bad: Program = {
      name: 'broken', inputs: [f32(4)], outputs: [f32(4)], temps: [],
      steps: [{ ...ewKernel('E_bad', 4, 1, 'a[i] + undefined_name', [{ slot: input(0), access: 'read' }, { slot: output(0), access: 'read_write' }]) }],
    };
    const errs: unknown[] = [];
    const origError = console.error;
    console.error = (...xs: unknown[]) => { errs.push(xs); };
    try {
      const [y] = runProgram(bad, [upload(new Float32Array(4))]);
      await expect(y.data()).rejects.toThrow(/kernel E_bad_4 of broken \(f32\[4\]\) → \(f32\[4\]\) failed to compile/);
      await expect(y.data()).rejects.toBeInstanceOf(KernelError);
    } finally {
      console.error = origError;
    }
    // The runtime keeps working afterwards.
    const [z] = runProgram(affineProgram(2), [upload(new Float32Array([1, 1]))]);
    expect(Array.from(await z.data())).toEqual([3, 3]);
  });

  it('binds the exact array size, not the pooled buffer size', async () => {
    // arrayLength() must see 5 elements even though the buffer holds 64 (a 256 B size class).
    const n = 5;
    const p: Program = {
      name: 'length', inputs: [f32(n)], outputs: [new ShapedArray([1], 'uint32')], temps: [],
      steps: [{
        kind: 'kernel', name: 'E_len', bindings: [{ slot: input(0), access: 'read' }, { slot: output(0), access: 'read_write' }],
        wgsl: `@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<u32>;
@compute @workgroup_size(1) fn main() { out[0] = arrayLength(&a); }`,
        workgroups: [1, 1, 1], flops: 0, bytes: 4,
      }],
    };
    const [len] = runProgram(p, [upload(new Float32Array(n))]);
    expect(Array.from(await len.data())).toEqual([n]);
    expect(gpuBytes(f32(n))).toBe(20);
  });

  // Lights up once src/compiler/index.ts (compileJaxpr) exists: the backend switch end to end.
  it.runIf(existsSync(new URL('../src/compiler/index.ts', import.meta.url)))('useBackend switches fromHost and the executor', async () => {
    const { np, useBackend, currentBackend } = await import('../src/index.js');
    await useBackend('webgpu');
    try {
      expect(currentBackend()).toBe('webgpu');
      const x = np.array([1, 2, 3]);
      expect((x as ConcreteArray).backend).toBe('webgpu');
      expect(Array.from(await x.mul(2).add(1).data())).toEqual([3, 5, 7]);
    } finally {
      await useBackend('cpu');
    }
    expect(currentBackend()).toBe('cpu');
  });
});
