/**
 * The narrow dtypes — float16, bfloat16, int8, uint8, int16, uint16 — as full citizens:
 *  - rounding: every float16 and bfloat16 bit pattern survives value → round → bits unchanged,
 *    and midpoints round half to even (so the CPU oracle's rounding is IEEE's);
 *  - JAX's promotion table (known answers from jnp.promote_types) and its weak JS scalars;
 *  - arithmetic known answers on the CPU (wrapping integers, f16 overflow and subnormals);
 *  - WebGPU against the CPU interpreter on fresh random inputs, eager and under jit: bit for bit
 *    for integers, casts and the correctly rounded operations (+ − × ÷ sqrt), within one unit in
 *    the last place of the narrow type where f32 transcendentals or summation order may differ;
 *  - gradients, vmap and scan keep the dtype; safetensors stores each dtype as its own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../src/backend/webgpu/device.js';
import { gpuStorageOf } from '../src/backend/webgpu/storage.js';
import type { ConcreteArray } from '../src/core/tensor.js';
import type { Jaxpr } from '../src/core/jaxpr.js';
import { widenNarrow } from '../src/compiler/passes/widen-narrow.js';
import { DTYPES, type DType } from '../src/core/dtype.js';
import { roundBfloat16, roundFloat16 } from '../src/core/dtype.js';
import { bfloat16ToFloat32, float32ToBfloat16, float32ToHalf, halfToFloat32 } from '../src/io/half.js';
import { grad, init, io, jit, lax, makeJaxpr, np, random, resetPeakMemory, useBackend, vmap, webgpuStats, errors, type Tensor } from '../src/node.js';
import { Rng, SEEDS } from './helpers/check.js';
import { describeWebGPU, webgpuContext } from './helpers/webgpu.js';
import { FLOATS, FLOAT_PROGRAMS, INTS, INT_PROGRAMS, randomOf, ulpError } from './helpers/dtype-cases.js';
import { expectError } from './helpers/expect-error.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

describe('16-bit float rounding', () => {
  it('every finite float16 and bfloat16 bit pattern is a fixed point of rounding and encodes back to itself', () => {
    const all = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const half = halfToFloat32(all), brain = bfloat16ToFloat32(all);
    const halfBits = float32ToHalf(half), brainBits = float32ToBfloat16(brain);
    let checked = 0;
    for (let i = 0; i < 65536; i++) {
      if (!Number.isNaN(half[i])) {
        expect(Object.is(roundFloat16(half[i]), half[i]), `f16 0x${i.toString(16)}`).toBe(true);
        expect(halfBits[i], `f16 bits 0x${i.toString(16)}`).toBe(i);
        checked++;
      }
      if (!Number.isNaN(brain[i])) {
        expect(Object.is(roundBfloat16(brain[i]), brain[i]), `bf16 0x${i.toString(16)}`).toBe(true);
        expect(brainBits[i], `bf16 bits 0x${i.toString(16)}`).toBe(i);
      }
    }
    expect(checked).toBe(65536 - 2046); // all but the NaN patterns
  });

  it('rounds to nearest with ties to even, overflows to ±Infinity, keeps subnormals', () => {
    // Positive finite f16 values in order: each midpoint goes to the neighbour with an even mantissa.
    const pos = halfToFloat32(Uint16Array.from({ length: 0x7c00 }, (_, i) => i));
    for (let i = 0; i + 1 < pos.length; i++) {
      const mid = (pos[i] + pos[i + 1]) / 2;
      expect(roundFloat16(mid), `between 0x${i.toString(16)} and the next`).toBe(i % 2 === 0 ? pos[i] : pos[i + 1]);
      expect(roundFloat16(pos[i] + (pos[i + 1] - pos[i]) * 0.25)).toBe(pos[i]);
      expect(roundFloat16(pos[i] + (pos[i + 1] - pos[i]) * 0.75)).toBe(pos[i + 1]);
    }
    expect([65504, 65519, 65520, 1e6, -1e6].map(roundFloat16)).toEqual([65504, 65504, Infinity, Infinity, -Infinity]);
    expect(roundFloat16(2 ** -24)).toBe(2 ** -24);
    expect(roundFloat16(2 ** -25)).toBe(0); // a tie between 0 (even) and 2^-24
    expect(roundFloat16(1.5 * 2 ** -25)).toBe(2 ** -24);
    expect(roundBfloat16(1 / 3)).toBe(0.333984375);
    expect(roundBfloat16(3.4e38)).toBe(Infinity);
    expect(roundBfloat16(1 + 2 ** -8)).toBe(1); // tie → even
    expect(roundBfloat16(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6);
  });
});

describe('promotion (JAX lattice, weak JS numbers)', () => {
  // Known answers from jnp.promote_types.
  const TABLE: [DType, DType, DType | null][] = [
    ['bool', 'int8', 'int8'], ['bool', 'uint8', 'uint8'], ['int8', 'uint8', 'int16'], ['int8', 'uint16', 'int32'],
    ['int16', 'uint8', 'int16'], ['int16', 'uint16', 'int32'], ['uint8', 'uint16', 'uint16'], ['uint16', 'uint32', 'uint32'],
    ['int8', 'int32', 'int32'], ['uint8', 'int32', 'int32'], ['int8', 'float16', 'float16'], ['uint32', 'bfloat16', 'bfloat16'],
    ['int32', 'float16', 'float16'], ['float16', 'bfloat16', 'float32'], ['float16', 'float32', 'float32'],
    ['bfloat16', 'float64', 'float64'], ['bool', 'float16', 'float16'], ['uint16', 'float32', 'float32'],
    ['int32', 'uint32', null], ['int8', 'uint32', null], ['int16', 'uint32', null],
  ];

  it('matches jnp.promote_types on every pair of the table, both ways, and is the identity on the diagonal', () => {
    for (const [a, b, want] of TABLE) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        if (want) expect(np.promoteTypes(x, y), `${x}, ${y}`).toBe(want);
        else expectError(() => np.promoteTypes(x, y), errors.DTypeError, 'int64', 'cast');
      }
    }
    for (const d of DTYPES) expect(np.promoteTypes(d, d)).toBe(d);
  });

  it('binary operations promote by the table; JS numbers are weak and must fit the array type', () => {
    expect(np.add(np.ones([2], 'int8'), np.ones([2], 'uint8')).dtype).toBe('int16');
    expect(np.multiply(np.ones([2], 'float16'), np.ones([2], 'bfloat16')).dtype).toBe('float32');
    expect(np.add(np.ones([2], 'float16'), 2.5).dtype).toBe('float16');
    expect(np.add(np.ones([2], 'int8'), 3).dtype).toBe('int8');
    expect(np.add(np.ones([2], 'uint16'), 2.5).dtype).toBe('float32');
    expect(np.add(np.ones([2], 'bool'), 1).dtype).toBe('int32');
    expectError(() => np.add(np.ones([2], 'uint8'), 256), errors.ArgumentError, '256', 'uint8', '[0, 255]');
    expectError(() => np.add(np.ones([2], 'int8'), -129), errors.ArgumentError, 'int8');
  });

  it('iinfo and finfo give JAX\'s limits', () => {
    expect(np.iinfo('int8')).toMatchObject({ min: -128, max: 127, bits: 8 });
    expect(np.iinfo('uint16')).toMatchObject({ min: 0, max: 65535, bits: 16 });
    expect(np.finfo('float16')).toMatchObject({ eps: 2 ** -10, max: 65504, tiny: 2 ** -14, bits: 16 });
    expect(np.finfo('bfloat16')).toMatchObject({ eps: 2 ** -7, max: 3.3895313892515355e38, tiny: 2 ** -126 });
    expect(np.finfo('float32').eps).toBe(2 ** -23);
    expectError(() => np.finfo('int8'), errors.DTypeError, 'iinfo');
    expectError(() => np.iinfo('float16'), errors.DTypeError, 'finfo');
  });
});

describe('narrow arithmetic on the CPU: known answers', () => {
  it('integers wrap as two\'s complement; sums are 32-bit as in JAX', async () => {
    await useBackend('cpu');
    const i8 = np.array([100, -100, 127, -128], 'int8');
    expect(await values(np.add(i8, i8))).toEqual([-56, 56, -2, 0]);
    expect(await values(np.negative(i8))).toEqual([-100, 100, -127, -128]);
    expect(await values(np.multiply(i8, 3))).toEqual([44, -44, 125, -128]);
    expect(np.sum(i8).dtype).toBe('int32');
    expect(await values(np.sum(i8))).toEqual([-1]);
    const u8 = np.array([200, 100, 255, 0], 'uint8');
    expect(await values(np.add(u8, u8))).toEqual([144, 200, 254, 0]);
    expect(await values(np.subtract(u8, 1))).toEqual([199, 99, 254, 255]);
    expect(np.sum(u8).dtype).toBe('uint32');
    // Float → int saturates (XLA's convert, so JAX); integer → integer wraps.
    expect(await values(np.array([70000, -1, 3.5, -2.5, NaN]).astype('uint16'))).toEqual([65535, 0, 3, 0, 0]);
    expect(await values(np.array([300.7, -129.2, 5.9]).astype('int8'))).toEqual([127, -128, 5]);
    expect(await values(np.array([40000]).astype('int16'))).toEqual([32767]);
    expect(await values(np.array([70000, -1], 'int32').astype('uint16'))).toEqual([4464, 65535]);
    expect(await values(np.array([40000], 'int32').astype('int16'))).toEqual([-25536]);
  });

  it('16-bit floats round every result: overflow, subnormals, the sum and mean computed in f32', async () => {
    await useBackend('cpu');
    const h = np.array([1, 2.0001, 65504, 70000, 1e-8, -0.1], 'float16');
    expect(await values(h)).toEqual([1, 2, 65504, Infinity, 0, -0.0999755859375]);
    expect(await values(np.add(h, h))).toEqual([2, 4, Infinity, Infinity, 0, -0.199951171875]);
    expect(await values(np.divide(np.array([1], 'float16'), 3))).toEqual([0.333251953125]);
    // 2048 + 1 is not a float16 (a tie, to even: 2048); the sum accumulates in f32 and rounds once.
    expect(await values(np.add(np.array([2048], 'float16'), 1))).toEqual([2048]);
    expect(await values(np.sum(np.ones([4097], 'float16')))).toEqual([4096]);
    expect(await values(np.mean(np.array([0.1, 0.2, 0.3], 'float16')))).toEqual([roundFloat16((roundFloat16(0.1) + roundFloat16(0.2) + roundFloat16(0.3)) / 3)]);
    expect(await values(np.multiply(np.array([1 / 3], 'bfloat16'), 3))).toEqual([1]);
  });
});

/** Within `ulps` units in the last place of `dtype` at each oracle value (exactly equal when 0). */
function expectClose(got: number[], want: number[], dtype: DType, ulps: number, where: string): void {
  expect(got.length, where).toBe(want.length);
  const error = ulpError(got, want, dtype);
  const worst = want.findIndex((w, i) => ulpError([got[i]], [w], dtype) === error);
  expect(error, `${where}: worst [${worst}] ${got[worst]} vs ${want[worst]}`).toBeLessThanOrEqual(ulps);
}

describeWebGPU('narrow dtypes on WebGPU match the CPU interpreter', () => {
  const cases = [
    ...FLOATS.flatMap((d) => FLOAT_PROGRAMS.map(([name, f, exact]) => ({ d, name, f, exact }))),
    ...INTS.flatMap((d) => INT_PROGRAMS.map(([name, f]) => ({ d, name, f, exact: true }))),
  ];
  it.each(cases.map((c) => [c.d, c.name, c] as const))('%s %s (eager and jit, 3 seeds)', async (d, name, c) => {
    for (const seed of SEEDS) {
      const rng = new Rng(seed * 7919 + name.length);
      const shape = [rng.int(2, 6), rng.int(3, 40)];
      await useBackend('cpu');
      const [x, y] = [randomOf(rng, d, shape), randomOf(rng, d, shape)];
      const want = c.f(x, y);
      const wantData = await values(want);
      await useBackend('webgpu');
      const [gx, gy] = [np.array(await x.data(), { dtype: d, shape }), np.array(await y.data(), { dtype: d, shape })];
      for (const [how, out] of [['eager', c.f(gx, gy)], ['jit', jit(c.f)(gx, gy)]] as const) {
        expect(out.dtype, `${d} ${name} ${how}`).toBe(want.dtype);
        expect(out.shape).toEqual(want.shape);
        expectClose(await values(out), wantData, want.dtype, c.exact ? 0 : 1, `${d} ${name} ${how} seed ${seed}`);
      }
    }
  });

  it('float16 and bfloat16 take 2 bytes per element (f16 with shader-f16, packed words without: webgpu-packed.spec.ts)', async () => {
    await useBackend('webgpu');
    expect(gpuStorageOf(np.ones([10], 'float16') as ConcreteArray, 'spec')!.bytes).toBe(20);
    expect(gpuStorageOf(np.ones([10], 'bfloat16') as ConcreteArray, 'spec')!.bytes).toBe(20);
  });

  it('a float16 program stores its temporaries as f16 (half the high-water mark of the float32 one)', async () => {
    await useBackend('webgpu');
    if (!webgpuContext!.features.has('shader-f16')) return; // float16 is f32 words there: nothing to halve
    // h = tanh(x·w) is read by two products and a sum, so it is stored: in f16, not in its f32 widening.
    const f = (x: Tensor, w: Tensor) => {
      const h = np.tanh(np.matmul(x, w));
      return [np.sum(np.matmul(h, w)), np.sum(np.matmul(np.transpose(h), x)), np.sum(h)];
    };
    const peak = async (dtype: DType) => {
      const x = np.ones([512, 256], dtype), w = np.multiply(np.ones([256, 256], dtype), 0.01);
      const g = jit(f);
      for (const t of g(x, w)) await t.data(); // compiled, pipelines made
      const before = webgpuStats().liveBytes;
      resetPeakMemory();
      for (const t of g(x, w)) await t.data();
      return webgpuStats().peakLiveBytes - before;
    };
    const [p32, p16] = [await peak('float32'), await peak('float16')];
    expect(p32).toBeGreaterThan(512 * 256 * 4); // h itself, at least
    expect(p16 / p32).toBeLessThan(0.6);
  });

  it('casting float32 to float16 and bfloat16 rounds bit for bit as the CPU does (midpoints, overflow, subnormals)', async () => {
    const pos = halfToFloat32(Uint16Array.from({ length: 0x7c00 }, (_, i) => i));
    const probe: number[] = [];
    for (let i = 0; i + 1 < pos.length; i += 7) probe.push((pos[i] + pos[i + 1]) / 2, -pos[i] - (pos[i + 1] - pos[i]) * 0.3, pos[i]);
    probe.push(65519, 65520, 1e30, -1e30, Infinity, -Infinity, NaN, 0, -0, 3.4e38, 2 ** -25, 2 ** -24, 1 + 2 ** -8);
    for (const d of FLOATS) {
      await useBackend('cpu');
      const want = await values(np.array(probe).astype(d));
      await useBackend('webgpu');
      const got = await values(np.array(probe).astype(d));
      got.forEach((g, i) => {
        if (Number.isNaN(want[i])) expect(g).toBeNaN();
        else expect(Object.is(g, want[i]) || (g === 0 && want[i] === 0), `${d}: ${probe[i]} → ${g} vs ${want[i]}`).toBe(true);
      });
    }
  });

  it('scan with a float16 carry and an int8 counter runs on the device like the CPU', async () => {
    const body = (c: [Tensor, Tensor], x: Tensor): [[Tensor, Tensor], Tensor] => {
      const h = np.add(np.multiply(c[0], 0.9), x);
      return [[h, np.add(c[1], 50)], h];
    };
    const run = () => lax.scan(body, [np.zeros([3], 'float16'), np.zeros([], 'int8')],
      np.array(Array.from({ length: 24 }, (_, i) => Math.sin(i) * 3), { dtype: 'float16', shape: [8, 3] }));
    await useBackend('cpu');
    const [[hc, kc], ysc] = run() as [[Tensor, Tensor], Tensor];
    const want = [await values(hc), await values(kc), await values(ysc)];
    await useBackend('webgpu');
    const [[hg, kg], ysg] = jit(run)() as [[Tensor, Tensor], Tensor];
    expect([hg.dtype, kg.dtype, ysg.dtype]).toEqual(['float16', 'int8', 'float16']);
    expect(await values(kg)).toEqual(want[1]);
    expect(await values(kg)).toEqual([(8 * 50 << 24) >> 24]); // 400 wraps to -112
    expectClose(await values(hg), want[0], 'float16', 1, 'carry');
    expectClose(await values(ysg), want[2], 'float16', 1, 'stacked');
  });
});

describeWebGPU('float16 without shader-f16 storage (the path of adapters lacking it)', () => {
  afterAll(async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'auto' });
    await useBackend('cpu');
  });

  it('holds float16 in 4-byte f32 words and still matches the CPU bit for bit', async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'f32' });
    const rng = new Rng(11);
    for (const [name, f, exact] of FLOAT_PROGRAMS) {
      await useBackend('cpu');
      const [x, y] = [randomOf(rng, 'float16', [3, 17]), randomOf(rng, 'float16', [3, 17])];
      const want = await values(f(x, y));
      await useBackend('webgpu');
      const [gx, gy] = [np.array(await x.data(), { dtype: 'float16', shape: [3, 17] }), np.array(await y.data(), { dtype: 'float16', shape: [3, 17] })];
      expectClose(await values(jit(f)(gx, gy)), want, 'float16', exact ? 0 : 1, `f32 storage: ${name}`);
    }
    expect(gpuStorageOf(np.ones([10], 'float16') as ConcreteArray, 'spec')!.bytes).toBe(40);
  });
});

describe('the widen-narrow pass (compiler/passes/widen-narrow.ts)', () => {
  const jaxprOf = (f: (...xs: Tensor[]) => Tensor, ...xs: Tensor[]): Jaxpr => {
    const j = makeJaxpr(f)(...xs) as unknown as { jaxpr?: Jaxpr };
    return (j.jaxpr ?? j) as Jaxpr;
  };

  it('leaves a program without narrow types as it is (the same object)', async () => {
    await useBackend('cpu');
    const j = jaxprOf((x) => np.add(np.exp(x), 1), np.ones([3]));
    expect(widenNarrow(j)).toBe(j);
  });

  it('computes int8 in int32 with a wrap after each value-changing step, none after movements', async () => {
    await useBackend('cpu');
    const j = jaxprOf((x) => np.transpose(np.add(np.multiply(x, x), 1)), np.ones([2, 3], 'int8'));
    const w = widenNarrow(j);
    expect(w.inVars.map((v) => v.aval.dtype)).toEqual(['int32']);
    expect(w.outs.map((o) => o.aval.dtype)).toEqual(['int32']);
    // mul and add are each followed by cast → int8 → int32; the broadcast literal and the transpose are not.
    const prims = w.eqns.map((e) => (e.prim === 'cast' ? `cast:${e.params.dtype}` : e.prim));
    expect(prims).toEqual(['mul', 'cast:int8', 'cast:int32', 'broadcast_in_dim', 'add', 'cast:int8', 'cast:int32', 'transpose']);
    // Only the wrap's own middle values are int8.
    const narrow = w.eqns.flatMap((e) => e.outs).filter((v) => v.aval.dtype === 'int8');
    expect(narrow.length).toBe(2);
    expect(narrow.every((v) => w.eqns.filter((e) => e.inputs.includes(v)).every((e) => e.prim === 'cast'))).toBe(true);
  });
});

describe('transformations keep the narrow dtype', () => {
  it('grad of a float16 function is float16 and close to the float32 gradient; vmap keeps the dtype', async () => {
    await useBackend('cpu');
    const f = (x: Tensor) => np.sum(np.multiply(np.tanh(x), x));
    const x32 = np.array([0.1, -0.7, 1.5, 2.25]);
    const g16 = grad(f)(x32.astype('float16'));
    expect(g16.dtype).toBe('float16');
    expectClose(await values(g16), await values(grad(f)(x32.astype('float16').astype('float32'))), 'float16', 4, 'grad');
    const v = vmap((r: Tensor) => np.multiply(r, r))(np.ones([3, 2], 'bfloat16'));
    expect(v.dtype).toBe('bfloat16');
    expect(v.shape).toEqual([3, 2]);
  });
});

describe('random samples of 16-bit floats', () => {
  it('uniform and normal take float16 and bfloat16 (in range, right moments); other samplers say to cast', async () => {
    await useBackend('cpu');
    for (const d of FLOATS) {
      const u = await values(random.uniform(random.key(1), [20000], { dtype: d }));
      const z = await values(random.normal(random.key(2), [20000], { dtype: d }));
      expect(random.uniform(random.key(1), [2], { dtype: d }).dtype).toBe(d);
      expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...u)).toBeLessThan(1);
      expect(u.every((v) => roundFloat16(v) === v || d === 'bfloat16')).toBe(true);
      const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
      expect(Math.abs(mean(u) - 0.5)).toBeLessThan(0.01);
      expect(Math.abs(mean(z))).toBeLessThan(0.03);
      expect(Math.abs(mean(z.map((v) => v * v)) - 1)).toBeLessThan(0.04);
      expect(z.every(Number.isFinite)).toBe(true);
    }
    expectError(() => random.gumbel(random.key(0), [2], { dtype: 'float16' }), errors.DTypeError, "astype('float16')");
  });
});

describe('safetensors stores every dtype as itself', () => {
  it('round-trips all eleven dtypes through bytes, with the format\'s dtype names and 16-bit float bits', async () => {
    await useBackend('cpu');
    const tree: Record<string, Tensor> = {};
    const rng = new Rng(5);
    for (const d of DTYPES) tree[d] = d === 'bool' ? np.array([true, false, true]) : randomOf(rng, d, [2, 3]);
    const bytes = await io.encodeSafetensors(tree);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true)))));
    expect(Object.fromEntries(DTYPES.map((d) => [d, header[d].dtype]))).toEqual({
      float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int32: 'I32', uint32: 'U32',
      int8: 'I8', uint8: 'U8', int16: 'I16', uint16: 'U16', bool: 'BOOL',
    });
    const back = io.decodeSafetensorsTree<Record<string, Tensor>>(bytes);
    for (const d of DTYPES) {
      expect(back[d].dtype, d).toBe(d);
      expect(await values(back[d]), d).toEqual(await values(tree[d]));
    }
    // 1 and -2 as float16 are the bytes 0x3c00, 0xc000 (little-endian), as torch writes them.
    const one = await io.encodeSafetensors({ h: np.array([1, -2], 'float16') });
    expect(Array.from(one.subarray(one.length - 4))).toEqual([0x00, 0x3c, 0x00, 0xc0]);
  });

  it('np.array takes a typed array\'s own dtype (Uint8Array is uint8, Int16Array int16)', () => {
    expect(np.array(new Uint8Array([1, 2])).dtype).toBe('uint8');
    expect(np.array(new Int8Array([1, 2])).dtype).toBe('int8');
    expect(np.array(new Int16Array([1, 2])).dtype).toBe('int16');
    expect(np.array(new Uint16Array([1, 2])).dtype).toBe('uint16');
  });
});
