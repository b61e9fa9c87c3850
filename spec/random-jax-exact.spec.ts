/**
 * random.uniform / normal / randint equal JAX's samplers bit for bit (issue 11).
 * Oracles: (1) literal values from JAX's tests/random_test.py (_RANDOM_VALUES_CASES, the original
 * threefry layout: JAX runs that table with jax_threefry_partitionable off); (2) for the default
 * partitionable layout, an independent host computation of JAX's algorithm from threefry blocks
 * (src/backend/cpu/threefry.ts's block function, not the graph): floats rounded step by step with
 * Math.fround, randint's wrapping uint32 arithmetic in BigInt, erfinv in float64 by bisection.
 * Then the same samplers inside jit on WebGPU against these oracles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jit, np, random, useBackend, vmap, Tensor } from '../src/index.js';
import { threefry2x32Block } from '../src/backend/cpu/threefry.js';
import { describeWebGPU } from './helpers/webgpu.js';

const arr = async (t: Tensor): Promise<number[]> => Array.from(await t.data(), Number);

/** zlib.adler32, which JAX's RandomValuesCase uses to make each case's seed. */
function adler32(s: string): number {
  let a = 1, b = 0;
  for (const ch of Buffer.from(s, 'utf8')) { a = (a + ch) % 65521; b = (b + a) % 65521; }
  return ((b << 16) | a) >>> 0;
}

// ---------------------------------------------------------------- host oracle (partitionable)
type Key = [number, number];
const block = (k: Key, i: number): Key => threefry2x32Block(k[0], k[1], 0, i) as Key;
/** random.split(key, 2)[i] in the partitionable layout: the block of counters (0, i). */
const splitRow = (k: Key, i: number): Key => block(k, i);
/** 32 random bits: y0 ^ y1 of the block (0, i). */
const bits32 = (k: Key, n: number): number[] => Array.from({ length: n }, (_, i) => { const [a, b] = block(k, i); return (a ^ b) >>> 0; });
const keyOf = (seed: number): Key => [Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0];

/** JAX's _uniform in float32, each operation rounded to float32. */
function uniform32(k: Key, n: number, minval: number, maxval: number): number[] {
  const f = Math.fround, lo = f(minval), span = f(f(maxval) - lo);
  return bits32(k, n).map((w) => {
    const x = new DataView(new ArrayBuffer(4));
    x.setUint32(0, (w >>> 9) | 0x3f800000);
    const floats = f(x.getFloat32(0) - 1);
    return Math.max(lo, f(f(floats * span) + lo));
  });
}

/** JAX's _uniform in float64: 64 bits, high word y0, low word y1; the float from bitcast. */
function uniform64(k: Key, n: number, minval: number, maxval: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const [hiW, loW] = block(k, i);
    const big = ((BigInt(hiW) << 32n) | BigInt(loW)) >> 12n | 0x3ff0000000000000n;
    const x = new DataView(new ArrayBuffer(8));
    x.setBigUint64(0, big);
    const floats = x.getFloat64(0) - 1;
    return Math.max(minval, floats * (maxval - minval) + minval);
  });
}

/** erf by its Taylor series (|x| < 3, float64). */
function erfSeries(x: number): number {
  let term = x, sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n; sum += term / (2 * n + 1);
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
/** erfc(x), x ≥ 0: 1 − series below 2, Lentz's continued fraction above. */
function erfc(x: number): number {
  if (x < 2) return 1 - erfSeries(x);
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
  let f = x, C = x, D = 0;
  for (let j = 1; j < 300; j++) {
    const a = j / 2;
    D = x + a * D; D = 1 / D; C = x + a / C;
    const delta = C * D; f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}
/** erfinv(u) in float64 by bisection on erfc(x) = 1 − |u| (1 − |u| is exact for float32 u). */
function erfinv64(u: number): number {
  const t = 1 - Math.abs(u);
  let a = 0, b = 10;
  for (let i = 0; i < 64; i++) { const m = (a + b) / 2; if (erfc(m) > t) a = m; else b = m; }
  return Math.sign(u) * (a + b) / 2;
}

/** JAX's _randint for int32/uint32 bounds (already integers), in BigInt with wrapping uint32. */
function randintRef(k: Key, n: number, minval: number, maxval: number, dtype: 'int32' | 'uint32' = 'int32'): number[] {
  const [imin, imax] = dtype === 'int32' ? [-(2n ** 31n), 2n ** 31n - 1n] : [0n, 2n ** 32n - 1n];
  const M = 2n ** 32n, w = (v: bigint) => ((v % M) + M) % M;
  const clip = (v: bigint) => (v < imin ? imin : v > imax ? imax : v);
  const lo = clip(BigInt(minval)), hi = clip(BigInt(maxval));
  let span = w(hi - lo);
  if (hi <= lo) span = 1n;
  if (BigInt(maxval) > imax && hi > lo) span = w(span + 1n);
  const rem = (a: bigint, b: bigint) => (b === 0n ? a : a % b); // XLA: x rem 0 = x
  let mult = rem(2n ** 16n, span);
  mult = rem(w(mult * mult), span);
  const H = bits32(splitRow(k, 0), n), L = bits32(splitRow(k, 1), n);
  return H.map((h, i) => {
    const off = rem(w(w(rem(BigInt(h), span) * mult) + rem(BigInt(L[i]!), span)), span);
    const v = w(lo + off); // lo + convert(off): wrapping add in the dtype
    return Number(dtype === 'int32' && v >= 2n ** 31n ? v - M : v);
  });
}

const NORMAL_LO = -1 + 2 ** -24; // nextafter(-1, 0) in float32

// ---------------------------------------------------------------- specs
describe('known answers from JAX tests/random_test.py (original layout)', () => {
  let before: random.ThreefryLayout;
  beforeAll(() => { before = random.setThreefryLayout('original'); });
  afterAll(() => { random.setThreefryLayout(before); });
  const seed = (name: string) => random.key(adler32(name + 'threefry2x32'));
  const close = (got: number[], want: number[], tol: number) =>
    got.forEach((g, i) => expect(Math.abs(g - want[i]!), `element ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol));

  it('bits', async () => {
    expect(await arr(random.bits(seed('bits'), [5]))).toEqual([1978747883, 4134381225, 3628107870, 689687174, 2788938207]);
  });
  it('uniform', async () => {
    close(await arr(random.uniform(seed('uniform'), [5])), [0.298671, 0.073213, 0.873356, 0.260549, 0.412797], 6e-7);
  });
  it('normal', async () => {
    close(await arr(random.normal(seed('normal'), [5])), [-1.173234, -1.511662, 0.070593, -0.099764, 1.052845], 1.5e-6);
  });
  it('randint in [0, 10)', async () => {
    expect(await arr(random.randint(seed('randint'), [5], 0, 10))).toEqual([0, 5, 7, 7, 5]);
  });
  it('truncatedNormal in (0, 2)', async () => {
    close(await arr(random.truncatedNormal(seed('truncated_normal'), 0, 2, [5])), [0.582807, 1.709771, 0.159513, 0.861376, 0.36148], 1.5e-6);
  });
  it('multivariateNormal (mean 1, identity covariance)', async () => {
    const got = await arr(random.multivariateNormal(seed('multivariate_normal'), np.ones([1, 3]), np.eye(3), { shape: [2] }));
    close(got, [1.067826, 1.215599, 0.234166, -0.237534, 1.32591, 1.413987], 1.5e-6);
  });
});

describe('partitionable layout (JAX\'s default) against the host oracle', () => {
  const N = 4099; // odd: no layout may rely on pairs
  const keys: Key[] = [[0, 0], [0, 42], [0x12345678, 0x9abcdef0]];

  it.each(keys)('uniform float32 equals JAX bit for bit for several ranges (key %i, %i)', async (...k) => {
    for (const [lo, hi] of [[0, 1], [NORMAL_LO, 1], [-3.7, 11.1], [0.1, 0.7], [-1e-3, 5e4], [2, 2]] as const) {
      expect(await arr(random.uniform(np.array(k, { dtype: 'uint32' }), [N], { minval: lo, maxval: hi })), `[${lo}, ${hi})`)
        .toEqual(uniform32(k, N, lo, hi));
    }
  });

  it('uniform float64 takes 64 bits, as JAX with x64', async () => {
    const k: Key = [7, 11];
    for (const [lo, hi] of [[0, 1], [-2.5, 3.25]] as const) {
      expect(await arr(random.uniform(np.array(k, { dtype: 'uint32' }), [N], { minval: lo, maxval: hi, dtype: 'float64' })))
        .toEqual(uniform64(k, N, lo, hi));
    }
  });

  it('normal float32 is √2·erfinv(u) of JAX\'s u, within 2 ulp-scale of a float64 erfinv', async () => {
    for (const k of keys) {
      const got = await arr(random.normal(np.array(k, { dtype: 'uint32' }), [N]));
      const u = uniform32(k, N, NORMAL_LO, 1);
      let worst = 0;
      got.forEach((g, i) => {
        const want = Math.SQRT2 * erfinv64(u[i]!);
        worst = Math.max(worst, Math.abs(g - want) / Math.max(Math.abs(want), 1e-3));
      });
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it('normal at the lower end u = nextafter(-1, 0) is finite, ≈ −5.42 (why minval is not −1)', async () => {
    const z = await arr(np.multiply(np.erfinv(np.array([NORMAL_LO])), Math.SQRT2));
    expect(Math.abs(z[0]! - Math.SQRT2 * erfinv64(NORMAL_LO))).toBeLessThan(1e-5);
    expect(z[0]).toBeCloseTo(-5.41998, 4);
  });

  it('normal float64 matches √2·erfinv of the 64-bit uniform to 1e-12', async () => {
    const k: Key = [1, 2];
    const got = await arr(random.normal(np.array(k, { dtype: 'uint32' }), [512], { dtype: 'float64' }));
    const u = uniform64(k, 512, -1 + 2 ** -53, 1);
    got.forEach((g, i) => expect(Math.abs(g - Math.SQRT2 * erfinv64(u[i]!))).toBeLessThan(1e-12 * Math.max(1, Math.abs(g))));
  });

  const RANGES: [number, number, ('int32' | 'uint32')?][] = [
    [0, 10], [-5, 7], [0, 2 ** 31 - 1], [-(2 ** 31), 2 ** 31], [-(2 ** 31), 2 ** 31 - 1], [3, 3], [9, 2],
    [100, 2 ** 40], [-(2 ** 40), -7], [-(2 ** 40), 2 ** 40], [0, 1], [7, 1000003], [0, 2 ** 31],
    [0, 10, 'uint32'], [5, 2 ** 32, 'uint32'], [0, 2 ** 32, 'uint32'], [-3, 17, 'uint32'], [2 ** 31, 2 ** 32 - 3, 'uint32'],
  ];
  it.each(RANGES)('randint [%d, %d) %s equals JAX bit for bit', async (lo, hi, dtype) => {
    const k: Key = [0, 1234];
    const got = await arr(random.randint(np.array(k, { dtype: 'uint32' }), [N], lo, hi, dtype ? { dtype } : undefined));
    expect(got).toEqual(randintRef(k, N, lo, hi, dtype));
  });

  it('randint: empty ranges give minval, values stay in range, and the dtype option is checked', async () => {
    expect(new Set(await arr(random.randint(random.key(1), [50], 4, 4)))).toEqual(new Set([4]));
    const v = await arr(random.randint(random.key(2), [1000], -3, 4));
    expect(Math.min(...v)).toBe(-3); expect(Math.max(...v)).toBe(3);
    expect(random.randint(random.key(2), [2], 0, 5, { dtype: 'uint32' }).dtype).toBe('uint32');
    expect(() => random.randint(random.key(2), [2], 0, 5, { dtype: 'float32' as 'int32' })).toThrow(/random\.randint: dtype must be 'int32' or 'uint32'/);
    expect(() => random.randint(random.key(2), [2], 0.5, 5)).toThrow(/random\.randint/);
  });

  it('jit and vmap give the eager values', async () => {
    const k = random.key(5);
    const f = (q: Tensor) => [random.uniform(q, [33]), random.normal(q, [33]), random.randint(q, [33], -9, 99)];
    const eager = await Promise.all(f(k).map(arr));
    expect(await Promise.all(jit(f)(k).map(arr))).toEqual(eager);
    const ks = random.split(k, 3);
    const rows = await arr(vmap((q: Tensor) => random.randint(q, [4], 0, 1000))(ks));
    const kd = await arr(ks);
    const want = (await Promise.all([0, 1, 2].map((i) => arr(random.randint(np.array(kd.slice(2 * i, 2 * i + 2), { dtype: 'uint32' }), [4], 0, 1000))))).flat();
    expect(rows).toEqual(want);
  });
});

/** float32 points of (−1, 1): a uniform grid plus the tails normal reaches (1 − k·2⁻²⁴). */
const ERFINV_GRID = Float32Array.from([
  ...Array.from({ length: 4001 }, (_, i) => -0.9995 + (1.999 * i) / 4000),
  ...Array.from({ length: 200 }, (_, k) => 1 - (k + 1) * 2 ** -24), ...Array.from({ length: 200 }, (_, k) => -1 + (k + 1) * 2 ** -24),
  ...Array.from({ length: 100 }, (_, k) => 1e-30 * (k + 1)),
]);
/** The worst error of np.erfinv in float32 against the float64 bisection, relative where |x| ≥ 1e-3. */
async function erfinvWorst(): Promise<number> {
  const got = await arr(np.erfinv(np.array(ERFINV_GRID)));
  let worst = 0;
  ERFINV_GRID.forEach((u, i) => { const w = erfinv64(u); worst = Math.max(worst, Math.abs(got[i]! - w) / Math.max(Math.abs(w), 1e-3)); });
  return worst;
}

describe('the float32 erfinv normal relies on', () => {
  it('np.erfinv on the CPU is within 4e-7 relative of a float64 erfinv, tails included', async () => {
    expect(await erfinvWorst()).toBeLessThan(4e-7);
  });
});

describeWebGPU('JAX-exact samplers on WebGPU, inside jit', () => {
  afterAll(() => useBackend('cpu'));
  it('np.erfinv is as accurate as on the CPU (float32, tails included)', async () => {
    await useBackend('webgpu');
    expect(await erfinvWorst()).toBeLessThan(1e-6);
  });

  it('uniform and randint bit for bit, normal within float32 erfinv accuracy', async () => {
    await useBackend('webgpu');
    const k: Key = [0, 77], n = 20001;
    const f = jit((q: Tensor) => [random.uniform(q, [n], { minval: -3.7, maxval: 11.1 }), random.randint(q, [n], -5, 1000003),
      random.normal(q, [n]), random.randint(q, [n], -(2 ** 31), 2 ** 31)]);
    const [u, r, z, full] = await Promise.all(f(np.array(k, { dtype: 'uint32' })).map(arr));
    // u·span + lo may be fused into one fma by the shader compiler: allow one rounding of slack.
    const want = uniform32(k, n, -3.7, 11.1);
    u!.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 2 ** -23 + 1e-30));
    expect(r).toEqual(randintRef(k, n, -5, 1000003));
    expect(full).toEqual(randintRef(k, n, -(2 ** 31), 2 ** 31));
    const un = uniform32(k, n, NORMAL_LO, 1);
    let worst = 0;
    z!.forEach((g, i) => { const w = Math.SQRT2 * erfinv64(un[i]!); worst = Math.max(worst, Math.abs(g - w) / Math.max(Math.abs(w), 1e-3)); });
    expect(worst).toBeLessThan(2e-6);
  });
});
