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
import { grad, init, jit, np, setKernelOptions, useBackend, type Tensor } from '../src/node.js';
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

/** |got − want| in float32 ULPs at `want` (the float64 answer; spacing 2^-149 below 2^-126). */
function ulps(got: number, want: number): number {
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want) || want === 0) return Object.is(got, want) || (want === 0 && got === 0) ? 0 : Infinity;
  const e = Math.max(Math.floor(Math.log2(Math.abs(want))), -126);
  return Math.abs(got - want) / 2 ** (e - 23);
}

/** Seeded float32 values log-uniform in magnitude over [10^lo, 10^hi] (with `signs`), plus `edges`. */
function mathInputs(seed: number, lo: number, hi: number, signs: 1 | -1 | 0, edges: readonly number[]): Float32Array {
  const rng = new Rng(seed);
  const random = Array.from({ length: 20000 }, () => (signs === 0 ? rng.sign() : signs) * 10 ** rng.uniform(lo, hi));
  return Float32Array.from([...edges, ...random]);
}

/** Worst ULP error of `f` on `xs` against the float64 `ref` (of the float32 inputs), and where. */
async function worstUlps(f: (t: Tensor) => Tensor, ref: (x: number) => number, xs: Float32Array): Promise<{ ulps: number; at: number; got: number }> {
  const got = await values(f(np.array(xs)));
  let worst = { ulps: 0, at: NaN, got: NaN };
  xs.forEach((x, i) => { const u = ulps(got[i], ref(x)); if (u > worst.ulps) worst = { ulps: u, at: x, got: got[i] }; });
  return worst;
}

// The probe's edge values: around 1 (where an absolute error is a large relative one), subnormals,
// tiny arguments, and expm1's overflow edge.
const NEAR_ONE = [0.5, 0.75, 0.9375, 0.999, 0.99999, 0.999999, 0.9999999, 0.99999994, 1, 1.0000001, 1.000001, 1.00001, 1.0625, 1.5, 2];
const SUBNORMAL = [1.4e-45, 1e-44, 1e-42, 1e-40, 1e-39, 1.1754942e-38, 1.1754944e-38];

const MATH: [string, (t: Tensor) => Tensor, (x: number) => number, number, (seed: number) => Float32Array][] = [
  // tanh: lavapipe's builtin was 1.3% off at 1e-6 and ±2.98e-8 for every |x| < 3e-8.
  ['tanh', np.tanh, Math.tanh, 2, (s) => mathInputs(s, -30, 1.3, 0, [1e-30, 1e-8, 2e-8, 3e-8, 1e-6, 1e-5, 0.6249, 0.625, 0.6251, 8.9, 9, 9.1, 15, 20, -1e-6, -20])],
  // log: 1.25% off at 0.999999 and log(1e-40) = -88.02 before; log2/log10 are np's log · constant.
  ['log', np.log, Math.log, 1, (s) => mathInputs(s, -45, 38.5, 1, [...NEAR_ONE, ...SUBNORMAL, 3.4e38])],
  ['log (near 1)', np.log, Math.log, 1, (s) => { const r = new Rng(s); return Float32Array.from({ length: 20000 }, () => r.uniform(0.5, 2)); }],
  ['log2', np.log2, Math.log2, 2.5, (s) => mathInputs(s, -45, 38.5, 1, [...NEAR_ONE, ...SUBNORMAL])],
  ['log10', np.log10, Math.log10, 2.5, (s) => mathInputs(s, -45, 38.5, 1, [...NEAR_ONE, ...SUBNORMAL])],
  ['log1p', np.log1p, Math.log1p, 3, (s) => mathInputs(s, -30, 38, 1, [-0.999999, -0.5, -0.2929, -0.0946, -1e-7, 1e-10, 0.0625, 0.0642, 0.4142, 0.5, 1e30])],
  ['log1p (negative)', np.log1p, Math.log1p, 3, (s) => mathInputs(s, -30, -1e-7, -1, [])],
  // expm1 overflowed to Inf on [84.3, 88.72] before; exp was off by 62 ulp near ±86.
  ['expm1', np.expm1, Math.expm1, 3, (s) => { const r = new Rng(s); return Float32Array.from([84, 84.3, 85, 87.32, 88, 88.72, -100, 1e-10, -1e-10, 1e-5, -5e-6,
    ...Array.from({ length: 20000 }, () => r.uniform(-100, 88.72))]); }],
  ['exp', np.exp, Math.exp, 2, (s) => { const r = new Rng(s); return Float32Array.from([-87.3, -86.0073, 88.72, 1e-7, -1e-7, ...Array.from({ length: 20000 }, () => r.uniform(-87.3, 88.72))]); }],
];

describe('the CPU interpreter computes these within half an ulp (float64, rounded once)', () => {
  it.each(MATH.map(([n, f, ref, , inputs]) => [n, f, ref, inputs] as const))('%s', async (n, f, ref, inputs) => {
    await useBackend('cpu');
    // np.log2 and np.log10 are log times a float32 constant (src/numpy), one more rounding.
    expect((await worstUlps(f, ref, inputs(SEEDS[0]))).ulps).toBeLessThanOrEqual(/log2|log10/.test(n) ? 2 : 0.5);
  });
});

describeWebGPU('tanh, exp, expm1, log, log1p on WebGPU within a few ulp of float64', () => {
  it.each(MATH.flatMap(([n, f, ref, tol, inputs]) => SEEDS.map((s) => [n, s, f, ref, tol, inputs] as const)))('%s, seed %i, eager and jit', async (_n, seed, f, ref, tol, inputs) => {
    await useBackend('webgpu');
    const xs = inputs(seed);
    for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
      const w = await worstUlps(g, ref, xs);
      expect(w.ulps, `${mode}: ${w.got} at ${w.at}, want ${ref(w.at)}`).toBeLessThanOrEqual(tol);
    }
  });

  it('special values as on the CPU: NaN, ±Inf, ±0, negatives, -1 for log1p', async () => {
    const fs = [np.tanh, np.exp, np.expm1, np.log, np.log1p, np.log2, np.log10];
    await useBackend('cpu');
    const specials = np.array([NaN, Infinity, -Infinity, 0, -0, -1, -1e-40, 1e-40]);
    const want = await Promise.all(fs.map((f) => values(f(specials))));
    await useBackend('webgpu');
    const x = np.array([NaN, Infinity, -Infinity, 0, -0, -1, -1e-40, 1e-40]);
    for (const [i, f] of fs.entries()) {
      const got = await values(f(x));
      // Subnormal results flush to ±0 on adapters without subnormals (lavapipe): tanh, expm1 and
      // log1p of ±1e-40 (docs/webgpu.md); everything else exactly.
      got.forEach((g, k) => {
        if (Math.abs(want[i][k]) < 1.2e-38 && want[i][k] !== 0) expect(Math.abs(g), `${f.name}(${x}) [${k}]`).toBeLessThanOrEqual(Math.abs(want[i][k]));
        else expect(Object.is(g, want[i][k]) || (g === 0 && want[i][k] === 0), `fn ${i} at ${k}: ${g} vs ${want[i][k]}`).toBe(true);
      });
    }
  });

  it('cbrt of subnormals matches the CPU (it was 160× off: pow read them through the builtin log2)', async () => {
    const xs = Float32Array.from([...SUBNORMAL, ...SUBNORMAL.map((v) => -v), 1e-30, 27, -8]);
    await useBackend('cpu');
    const want = await values(np.cbrt(np.array(xs)));
    await useBackend('webgpu');
    const got = await values(np.cbrt(np.array(xs)));
    // Both are np.cbrt's pow(|x|, float32(1/3)); the GPU's exp2(y·log2 x) in float32 adds ~3e-6.
    got.forEach((g, i) => expect(Math.abs(g - want[i]) / Math.abs(want[i]), `cbrt(${xs[i]})`).toBeLessThan(1e-5));
  });
});

/** OR of ANDs over the shared axis of row-major [m, k] and [k, n] boolean matrices (JAX's bool matmul). */
function boolMatmul(a: boolean[], b: boolean[], m: number, k: number, n: number): number[] {
  return Array.from({ length: m * n }, (_, i) => {
    const r = Math.floor(i / n), c = i % n;
    for (let j = 0; j < k; j++) if (a[r * k + j] && b[j * n + c]) return 1;
    return 0;
  });
}

/** Bool matmul, dot, einsum and a vmapped matmul against the OR-of-ANDs reference, eager and jit. */
async function checkBoolDots(seed: number): Promise<void> {
  const rng = new Rng(seed);
  const [m, k, n] = [rng.int(2, 9), rng.int(6, 40), rng.int(2, 9)];
  // Sparse enough that some outputs are false, dense enough that many sums exceed 1.
  const a = Array.from({ length: m * k }, () => rng.uniform() < 0.4), b = Array.from({ length: k * n }, () => rng.uniform() < 0.4);
  const want = boolMatmul(a, b, m, k, n);
  const A = np.array(a).reshape([m, k]), B = np.array(b).reshape([k, n]);
  const cases: [string, () => Tensor][] = [
    ['matmul', () => np.matmul(A, B)], ['jit matmul', () => jit(np.matmul)(A, B)],
    ['dot', () => np.dot(A, B)], ['einsum', () => np.einsum('ij,jk->ik', A, B)],
    ['jit einsum', () => jit((x: Tensor, y: Tensor) => np.einsum('ij,jk->ik', x, y))(A, B)],
  ];
  for (const [name, f] of cases) {
    const r = f();
    expect(r.dtype, name).toBe('bool');
    expect(await values(r), `${name} [${m}, ${k}] · [${k}, ${n}]`).toEqual(want);
  }
  // A batched contraction (dot_general with batch axes) and a bool dot feeding a float program under grad.
  const stacked = np.stack([A, A]), bs = np.stack([B, B]);
  expect(await values(np.matmul(stacked, bs))).toEqual([...want, ...want]);
  const g = jit(grad((x: Tensor) => np.sum(np.where(np.matmul(A, B), x, 0).mul(x))));
  const x = np.arange(m * n).astype('float32').reshape([m, n]);
  expect(await values(g(x))).toEqual(want.map((w, i) => 2 * w * i));
}

describe('matmul, dot and einsum of bools on the CPU interpreter: bool, the OR of ANDs (JAX)', () => {
  it('a known answer: [[T, F], [T, T]] · [[T, T], [F, T]] is all true (it stored 2 in a bool)', async () => {
    await useBackend('cpu');
    const r = np.matmul(np.array([true, false, true, true]).reshape([2, 2]), np.array([true, true, false, true]).reshape([2, 2]));
    expect(r.dtype).toBe('bool');
    expect(await values(r)).toEqual([1, 1, 1, 1]);
  });
  it.each(SEEDS.map((s) => [s]))('seed %i', async (seed) => {
    await useBackend('cpu');
    await checkBoolDots(seed);
  });
});

describeWebGPU('matmul, dot and einsum of bools on WebGPU (the kernel failed to compile)', () => {
  it.each(SEEDS.map((s) => [s]))('seed %i', async (seed) => {
    await useBackend('webgpu');
    await checkBoolDots(seed);
  });
});

describeWebGPU('sin and cos of huge arguments on WebGPU (an exact reduction beyond 2^15)', () => {
  afterAll(() => setKernelOptions({}));
  // Math.sin/Math.cos of a double reduce exactly (fdlibm's Payne–Hanek), so they are the reference.
  it.each(SEEDS.flatMap((s) => (['builtin', 'fluxion'] as const).map((v) => [v, s] as const)))('%s variant, seed %i: within 2e-7 of Math on 32768 < |x| < 3.4e38', async (variant, seed) => {
    await useBackend('webgpu');
    setKernelOptions({ sinCos: variant });
    const rng = new Rng(seed);
    const xs = Float32Array.from([32768.5, 1e5, 1e6, 1e8, 1e8 + 8, 1e9, -1e9, 3e9, 1e10, 1e20, 1e30, 3.4e38, -3.4e38,
      ...Array.from({ length: 20000 }, () => rng.sign() * 10 ** rng.uniform(4.52, 38.5))]);
    for (const [name, f, ref] of [['sin', np.sin, Math.sin], ['cos', np.cos, Math.cos]] as const) {
      for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
        const got = await values(g(np.array(xs)));
        let worst = 0, at = 0;
        xs.forEach((x, i) => { const e = Math.abs(got[i] - ref(x)); if (e > worst) { worst = e; at = x; } });
        expect(worst, `${variant} ${mode} ${name}(${at}) = ${got[xs.indexOf(at)]}, want ${ref(at)}`).toBeLessThan(2e-7);
      }
    }
  });
});
