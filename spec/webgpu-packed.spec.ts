/**
 * Packed narrow storage on WebGPU (src/backend/webgpu/packed.ts): int8/uint8 take one byte per
 * element at rest, int16/uint16/bfloat16 two, and float16 two on every adapter (as `f16` with
 * shader-f16, packed without it). Programs compute on 4-byte words, so the runtime widens packed
 * inputs and packs outputs around each program. Checked here: sizes at rest (partial last words),
 * every bit pattern of each type through uploads, readbacks and programs, odd offsets and
 * lengths, multi-output programs and device loops against the CPU interpreter, the memory saved,
 * and the dispatches the conversion costs.
 */
import { afterAll, expect, it } from 'vitest';
import { releaseDevice } from '../src/backend/webgpu/device.js';
import { gpuStorageOf } from '../src/backend/webgpu/storage.js';
import type { ConcreteArray } from '../src/core/tensor.js';
import type { DType } from '../src/core/dtype.js';
import { bfloat16ToFloat32, halfToFloat32 } from '../src/io/half.js';
import { errors, init, jit, lax, np, useBackend, webgpuStats, type Tensor } from '../src/node.js';
import { Rng } from './helpers/check.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { expectError } from './helpers/expect-error.js';
import { randomOf } from './helpers/dtype-cases.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());
const PACKED: DType[] = ['int8', 'uint8', 'int16', 'uint16', 'bfloat16', 'float16'];
const WIDTH: Record<string, number> = { int8: 1, uint8: 1, int16: 2, uint16: 2, bfloat16: 2, float16: 2 };
const atRest = (t: Tensor): number => gpuStorageOf(t as ConcreteArray, 'spec')!.bytes;

/** Every value of a dtype: all integers of the range, or the value of every 16-bit pattern. */
function everyValue(d: DType): Float64Array | Float32Array {
  const all16 = Uint16Array.from({ length: 65536 }, (_, i) => i);
  switch (d) {
    case 'int8': return Float64Array.from({ length: 256 }, (_, i) => i - 128);
    case 'uint8': return Float64Array.from({ length: 256 }, (_, i) => i);
    case 'int16': return Float64Array.from({ length: 65536 }, (_, i) => i - 32768);
    case 'uint16': return Float64Array.from({ length: 65536 }, (_, i) => i);
    case 'bfloat16': return bfloat16ToFloat32(all16);
    default: return halfToFloat32(all16);
  }
}

/** Same values, NaN for NaN and -0 for -0 (bit-level identity of NaN payloads is not promised). */
function expectSameValues(got: number[], want: ArrayLike<number>, where: string): void {
  expect(got.length, where).toBe(want.length);
  const bad = got.findIndex((g, i) => !(Object.is(g, want[i]) || (Number.isNaN(g) && Number.isNaN(want[i]))));
  expect(bad, `${where}: element ${bad} is ${got[bad]}, want ${want[bad]}`).toBe(-1);
}

async function onCpuAndGpu<T>(make: () => T, read: (t: T) => Promise<number[][]>): Promise<[number[][], number[][]]> {
  await useBackend('cpu');
  const want = await read(make());
  await useBackend('webgpu');
  return [want, await read(make())];
}

describeWebGPU('packed narrow arrays on WebGPU', () => {
  it('take their own width at rest, in whole 4-byte words (partial last words)', async () => {
    await useBackend('webgpu');
    for (const d of PACKED) {
      for (const n of [1, 2, 3, 4, 5, 7, 1000]) {
        expect(atRest(np.zeros([n], d)), `${d}[${n}]`).toBe(Math.max(4, Math.ceil((n * WIDTH[d]) / 4) * 4));
      }
    }
    expect(atRest(np.zeros([7], 'float32'))).toBe(28);
    expect(atRest(np.zeros([7], 'bool'))).toBe(28); // bool stays a u32 per element, as kernels read it
  });

  it('keep every value of their type through upload and readback, a movement program and eager arithmetic', async () => {
    await useBackend('webgpu');
    const flip = jit((x: Tensor) => np.flip(x));
    for (const d of PACKED) {
      const all = everyValue(d);
      const x = np.array(all, d);
      expectSameValues(await values(x), all, `${d} upload/readback`);
      expectSameValues(await values(flip(x)), Array.from(all).reverse(), `${d} jit flip`);
    }
    // Integers wrap in arithmetic; every value of int8/uint8 plus one, against the CPU's wrap.
    for (const d of ['int8', 'uint8', 'int16', 'uint16'] as DType[]) {
      const [want, got] = await onCpuAndGpu(() => np.add(np.array(everyValue(d), d), 1), async (t) => [await values(t)]);
      expect(got, d).toEqual(want);
    }
  });

  it('slices at odd offsets, concatenations and multi-output programs of odd lengths match the CPU', async () => {
    const rng = new Rng(5);
    for (const d of PACKED) {
      for (const n of [1, 2, 3, 5, 9]) {
        const host = await (async () => { await useBackend('cpu'); return randomOf(rng, d, [n]).data(); })();
        const f = (x: Tensor) => [
          lax.slice(x, [n > 1 ? 1 : 0], [n]),                       // starts mid-word
          np.concatenate([x, lax.slice(x, [0], [Math.min(3, n)])]), // ends mid-word
          np.add(x, x),
          np.reshape(x, [1, n]),                                     // an output that is the input
          np.sum(x),
        ];
        const [want, got] = await onCpuAndGpu(() => np.array(host, d), async (x) => {
          const eager = f(x), compiled = jit(f)(x);
          return Promise.all([...eager, ...compiled].map(values));
        });
        got.forEach((g, i) => expectSameValues(g, want[i], `${d}[${n}] output ${i % 5} ${i < 5 ? 'eager' : 'jit'}`));
      }
    }
  });

  it('a device scan with packed carries, stacked inputs and outputs of odd row lengths matches the CPU', async () => {
    const body = (c: [Tensor, Tensor], x: [Tensor, Tensor]): [[Tensor, Tensor], [Tensor, Tensor]] => {
      const k = np.add(c[0], np.sum(x[0]).astype('int8'));
      const h = np.add(np.multiply(c[1], 0.5), x[1]);
      return [[k, h], [np.add(x[0], 1), h]];
    };
    const make = () => lax.scan(body, [np.zeros([], 'int8'), np.zeros([3], 'bfloat16')],
      [np.array(Array.from({ length: 15 }, (_, i) => i * 37), { dtype: 'uint16', shape: [5, 3] }),
        np.array(Array.from({ length: 15 }, (_, i) => Math.cos(i) * 5), { dtype: 'bfloat16', shape: [5, 3] })]) as
      [[Tensor, Tensor], [Tensor, Tensor]];
    const [want, got] = await onCpuAndGpu(make, async ([[k, h], [ys, hs]]) => Promise.all([k, h, ys, hs].map(values)));
    got.forEach((g, i) => expectSameValues(g, want[i], `scan output ${i}`));
  });

  it('hold a uint8 dataset in a quarter of the float32 bytes', async () => {
    await useBackend('webgpu');
    const grow = (make: () => Tensor): number => {
      const before = webgpuStats().liveBytes;
      const t = make();
      const after = webgpuStats().liveBytes - before;
      t.dispose();
      return after;
    };
    const u8 = grow(() => np.zeros([1000, 784], 'uint8')), f32 = grow(() => np.zeros([1000, 784], 'float32'));
    expect(u8).toBeGreaterThanOrEqual(784000);
    expect(u8 / f32).toBeLessThan(0.3);
  });

  it('kernels read packed inputs in place: a gather from an array whose widened copy would not fit one binding works; a widened result that would not is a ResourceError', async () => {
    await useBackend('webgpu');
    const max = webgpuContext!.limits.maxStorageBufferBindingSize;
    const n = (Math.floor(max / 32) + 128) * 8; // fits packed (a quarter of the limit), not widened
    const host = Uint8Array.from({ length: n }, (_, i) => (i * 2654435761) >>> 24);
    const big = np.array(host, 'uint8'); // uploaded packed (np.zeros would compute it widened)
    expect(atRest(big)).toBeLessThan(max);
    const idx = [0, 1, 2, 3, 4, n - 5, n - 1, 123457];
    const picked = jit((x: Tensor, i: Tensor) => np.take(x, i).astype('float32'))(big, np.array(idx, 'int32'));
    expect(await values(picked)).toEqual(idx.map((i) => host[i]));
    expectError(() => jit((x: Tensor) => np.add(x, 1))(big), errors.ResourceError,
      /output 0 \(u8\[\d+\]\) needs \d+ B \(a uint8 array is widened to 4 bytes per element for the program's kernels\), over this adapter's maxStorageBufferBindingSize/);
    big.dispose();
    // A device loop's body reads 32-bit words: its packed operands are widened, so they must fit.
    const rows = np.array(new Uint8Array(n), { dtype: 'uint8', shape: [n / 8, 8] });
    expectError(() => lax.scan((c: Tensor, x: Tensor) => [c, x], np.zeros([], 'int32'), rows as never), errors.ResourceError, /lax\.scan: operand 1/);
    rows.dispose();
  });

  it('cost no dispatch per packed input (the kernels read packed words) and one packing dispatch per packed output', async () => {
    await useBackend('webgpu');
    const f = jit((x: Tensor, y: Tensor) => np.multiply(np.add(x, y), 3));
    const dispatches = async (d: DType) => {
      const [x, y] = [np.ones([300], d), np.ones([300], d)];
      await f(x, y).data(); // compiled
      const before = webgpuStats().dispatches;
      await f(x, y).data();
      return webgpuStats().dispatches - before;
    };
    const wide = await dispatches('int32'), narrow = await dispatches('int8');
    expect(narrow - wide).toBe(1); // the output packed; the two inputs read in place
  });
});

describeWebGPU('float16 packed two to a word (the path of adapters without shader-f16)', () => {
  afterAll(async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'auto' });
    await useBackend('cpu');
  });

  it('every float16 value survives, arithmetic matches the CPU bit for bit, 2 bytes per element', async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'packed' });
    const all = everyValue('float16');
    const x = np.array(all, 'float16');
    expect(atRest(x)).toBe(65536 * 2);
    expectSameValues(await values(x), all, 'upload/readback');
    expectSameValues(await values(jit((t: Tensor) => np.flip(t))(x)), Array.from(all).reverse(), 'jit flip');
    // x·1.5 + x: rounding after each step, overflow to ±Inf, subnormals, NaN — as the CPU computes it.
    const f = (t: Tensor) => np.add(np.multiply(t, 1.5), t);
    const [want, got] = await onCpuAndGpu(() => f(np.array(all, 'float16')), async (t) => [await values(t)]);
    expectSameValues(got[0], want[0], 'x·1.5 + x');
  });
});
