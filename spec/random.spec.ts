/**
 * random: key derivation and the bit stream against threefry2x32 applied by hand (JAX's counter
 * layout), distribution checks at ~5 sigma on 100k samples, and behaviour under jit and vmap.
 */
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { np, random, jit, vmap, Tensor } from '../src/index.js';
import { threefry2x32Block } from '../src/backend/cpu/threefry.js';

const u32 = async (t: Tensor) => [...(await t.data())];

/**
 * The reference stream: counters 0..n-1, padded with one 0 when n is odd, split into halves
 * (x0 = first half, x1 = second half) and encrypted pairwise; the outputs are concat(y0, y1)
 * without the padded word. This is JAX's threefry_2x32 / _threefry_random_bits layout.
 */
function refBits(key: [number, number], n: number): number[] {
  const counts = Array.from({ length: n }, (_, i) => i);
  if (n % 2) counts.push(0);
  const m = counts.length / 2;
  const y0: number[] = [], y1: number[] = [];
  for (let i = 0; i < m; i++) {
    const [a, b] = threefry2x32Block(key[0], key[1], counts[i], counts[m + i]);
    y0.push(a); y1.push(b);
  }
  return [...y0, ...y1].slice(0, n);
}

/** The partitionable layout (JAX's default): element i is y0 ^ y1 of the block of counters (0, i). */
function partitionableBits(key: [number, number], n: number): number[] {
  return Array.from({ length: n }, (_, i) => { const [a, b] = threefry2x32Block(key[0], key[1], 0, i); return (a ^ b) >>> 0; });
}

/** Φ via erfc (Numerical Recipes' erfcc, fractional error < 1.2e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2, t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * r : 0.5 * r;
}

const meanVar = (d: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i];
  const m = s / d.length;
  let v = 0;
  for (let i = 0; i < d.length; i++) v += (d[i] - m) ** 2;
  return { mean: m, var: v / d.length };
};

const N = 100_000;

/** Runs a describe block's draws in the given threefry layout, restoring the default after. */
function inLayout(l: random.ThreefryLayout): void {
  let before: random.ThreefryLayout;
  beforeAll(() => { before = random.setThreefryLayout(l); });
  afterAll(() => { random.setThreefryLayout(before); });
}

describe('keys (the original layout, JAX < 0.5)', () => {
  inLayout('original');
  it('key(seed) is deterministic: [seed / 2^32, seed mod 2^32] as uint32', async () => {
    const k = random.key(42);
    expect(k.dtype).toBe('uint32');
    expect(k.shape).toEqual([2]);
    expect(await u32(k)).toEqual([0, 42]);
    expect(await u32(random.key(42))).toEqual(await u32(k));
    expect(await u32(random.key(2 ** 40 + 5))).toEqual([256, 5]);
    expect(await u32(random.key(-1))).not.toEqual(await u32(random.key(1)));
    expect(() => random.key(1.5)).toThrow(/integer/);
  });

  it('split(key(0)) is JAX\'s known answer', async () => {
    // jax.random.split(jax.random.PRNGKey(0)) with the threefry PRNG.
    expect(await random.split(random.key(0)).toArray()).toEqual([[4146024105, 967050713], [2718843009, 1272950319]]);
  });

  it('split is deterministic, gives distinct keys, and follows the counter layout', async () => {
    for (const num of [1, 2, 3, 5, 8]) {
      const k = random.key(7);
      const s = random.split(k, num);
      expect(s.shape).toEqual([num, 2]);
      expect(s.dtype).toBe('uint32');
      const rows = (await s.toArray()) as number[][];
      expect(rows.flat()).toEqual(refBits([0, 7], 2 * num));
      expect(await random.split(random.key(7), num).toArray()).toEqual(rows);
      const all = [...rows.map((r) => r.join(',')), '0,7'];
      expect(new Set(all).size).toBe(num + 1);
    }
    // Different parents give different children.
    expect(await random.split(random.key(8)).toArray()).not.toEqual(await random.split(random.key(7)).toArray());
    // A split row is a usable key.
    const [a, b] = np.split(random.split(random.key(3)), 2).map((r) => np.reshape(r, [2]));
    expect(await u32(random.bits(a, [4]))).not.toEqual(await u32(random.bits(b, [4])));
  });

  it('foldIn differs by data, is deterministic, and is threefry(key, [0, data])', async () => {
    const k = random.key(11);
    const seen = new Set<string>();
    for (const d of [0, 1, 2, 3, 1000, 2 ** 32 - 1]) {
      const f = await u32(random.foldIn(k, d));
      expect(f).toEqual(threefry2x32Block(0, 11, 0, d));
      expect(await u32(random.foldIn(random.key(11), d))).toEqual(f);
      seen.add(f.join(','));
    }
    expect(seen.size).toBe(6);
    expect(await u32(random.foldIn(random.key(12), 5))).not.toEqual(await u32(random.foldIn(k, 5)));
  });

  it('non-keys are rejected', () => {
    expect(() => random.bits(np.zeros([2]), [3])).toThrow(/key/);
    expect(() => random.split(np.zeros([3], 'uint32'))).toThrow(/key/);
    expect(() => random.uniform(random.key(0), [2], { dtype: 'int32' })).toThrow(/floating/);
    expect(() => random.randint(random.key(0), [2], 5.5, 7)).toThrow(/minval/);
  });
});

describe('bits (the original layout, JAX < 0.5)', () => {
  inLayout('original');
  it('equals threefry2x32 over the counter layout for odd and even sizes', async () => {
    for (const seed of [0, 1, 123456789]) {
      const key: [number, number] = [0, seed];
      for (const n of [1, 2, 3, 4, 5, 7, 10, 33, 64]) {
        const b = random.bits(random.key(seed), [n]);
        expect(b.dtype).toBe('uint32');
        expect(await u32(b)).toEqual(refBits(key, n));
      }
    }
  });

  it('multi-dimensional and scalar shapes are the flat stream reshaped', async () => {
    const k = random.key(5);
    const b = random.bits(k, [3, 5]);
    expect(b.shape).toEqual([3, 5]);
    expect(await u32(b)).toEqual(refBits([0, 5], 15));
    const s = random.bits(k, []);
    expect(s.shape).toEqual([]);
    expect(await u32(s)).toEqual(refBits([0, 5], 1));
  });
});

describe('JAX known answers (tests/random_test.py)', () => {
  it('original layout: bits of PRNGKey(1701), split(PRNGKey(0), 4); fold_in(PRNGKey(0), 4) in both layouts', async () => {
    const before = random.setThreefryLayout('original');
    try {
      expect(await u32(random.bits(random.key(1701), [3]))).toEqual([56197195, 4200222568, 961309823]);
      expect(await random.split(random.key(0), 4).toArray()).toEqual(
        [[2285895361, 1501764800], [1518642379, 4090693311], [433833334, 4221794875], [839183663, 3740430601]]);
      expect(await u32(random.foldIn(random.key(0), 4))).toEqual([2285895361, 433833334]);
    } finally { random.setThreefryLayout(before); }
    expect(random.threefryLayout()).toBe('partitionable');
    expect(await u32(random.foldIn(random.key(0), 4))).toEqual([2285895361, 433833334]);
  });

  it('partitionable (the default): split(key, n)[i] equals foldIn(key, i) (test_threefry_split_fold_in_symmetry)', async () => {
    const k = random.key(72);
    const rows = await random.split(k, 3).toArray() as number[][];
    for (let i = 0; i < 3; i++) expect(rows[i]).toEqual(await u32(random.foldIn(k, i)));
    // jax.random.split(jax.random.key(0)) in JAX ≥ 0.5, as its documentation prints it.
    expect(await random.split(random.key(0)).toArray()).toEqual([[1797259609, 2579123966], [928981903, 3453687069]]);
    // With JAX's fold_in known answer: row 4 of split(PRNGKey(0), 5) is fold_in(PRNGKey(0), 4).
    expect((await random.split(random.key(0), 5).toArray() as number[][])[4]).toEqual([2285895361, 433833334]);
  });

  it('partitionable bits: element i is the xor of the block of counters (0, i), whatever the shape', async () => {
    for (const [seed, n] of [[1701, 3], [5, 15], [0, 1], [123456789, 1000]] as const) {
      const want = partitionableBits([0, seed], n);
      expect(await u32(random.bits(random.key(seed), [n]))).toEqual(want);
    }
    // An element's bits do not depend on the draw's shape: the first 6 of [2, 3] are the first 6 of [10].
    const flat = await u32(random.bits(random.key(9), [10]));
    expect(await u32(random.bits(random.key(9), [2, 3]))).toEqual(flat.slice(0, 6));
    // uniform is built on these bits exactly as JAX builds it: top 23 bits as the mantissa of [1, 2), minus 1.
    const u = await u32(random.uniform(random.key(9), [10]));
    expect(u).toEqual(flat.map((b) => Math.fround((b >>> 9) * 2 ** -23)));
  });

  it('rejects an unknown layout', () => {
    expect(() => random.setThreefryLayout('sharded' as never)).toThrow(/setThreefryLayout: expected 'partitionable'/);
  });
});

describe('distributions', () => {
  it('uniform: [0,1), 23-bit grid from the top bits, mean ≈ 1/2, var ≈ 1/12', async () => {
    const k = random.key(2024);
    const u = random.uniform(k, [N]);
    expect(u.dtype).toBe('float32');
    const d = await u.data();
    const bits = partitionableBits([0, 2024], N);
    let mismatches = 0;
    for (let i = 0; i < N; i++) if (d[i] !== (bits[i] >>> 9) * 2 ** -23) mismatches++;
    expect(mismatches).toBe(0);
    let lo = Infinity, hi = -Infinity;
    for (const v of d) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(lo).toBeLessThan(1e-3);
    expect(hi).toBeGreaterThan(1 - 1e-3);
    const { mean, var: v } = meanVar(d);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(5 * Math.sqrt((1 / 80 - 1 / 144) / N));
    expect(await u32(random.uniform(random.key(2024), [N]))).toEqual([...d]);
  });

  it('uniform with minval/maxval, float64, and odd shapes', async () => {
    const d = await random.uniform(random.key(1), [7, 13], { minval: -2, maxval: 3 }).data();
    expect(d.length).toBe(91);
    expect([...d].every((v) => v >= -2 && v < 3)).toBe(true);
    expect(Math.max(...d) - Math.min(...d)).toBeGreaterThan(3.5);
    const n = 20_001;
    const w = await random.uniform(random.key(9), [n], { minval: 10, maxval: 12 }).data();
    const { mean } = meanVar(w);
    expect(Math.abs(mean - 11)).toBeLessThan(5 * Math.sqrt(4 / 12 / n));
    const f64 = random.uniform(random.key(1), [5], { dtype: 'float64' });
    expect(f64.dtype).toBe('float64');
    const s = random.uniform(random.key(3));
    expect(s.shape).toEqual([]);
    const v = Number(await s.item());
    expect(v >= 0 && v < 1).toBe(true);
  });

  it('normal: mean ≈ 0, var ≈ 1, and the empirical CDF is within 0.01 of Φ (KS)', async () => {
    const z = random.normal(random.key(77), [N]);
    expect(z.dtype).toBe('float32');
    const d = Float64Array.from(await z.data());
    expect(d.every(Number.isFinite)).toBe(true);
    const { mean, var: v } = meanVar(d);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(v - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    d.sort();
    let ks = 0;
    for (let i = 0; i < N; i++) {
      const F = normalCdf(d[i]);
      ks = Math.max(ks, Math.abs(F - i / N), Math.abs((i + 1) / N - F));
    }
    expect(ks).toBeLessThan(0.01);
    // Tails are populated symmetrically: P(|z| > 3) ≈ 0.0027.
    const tail = d.filter((x) => Math.abs(x) > 3).length / N;
    expect(Math.abs(tail - 0.0027)).toBeLessThan(5 * Math.sqrt(0.0027 / N));
    expect(await u32(random.normal(random.key(77), [N]))).toEqual([...(await z.data())]);
  });

  it('normal of odd shapes and a scalar', async () => {
    const z = random.normal(random.key(4), [3, 7]);
    expect(z.shape).toEqual([3, 7]);
    const d = await z.data();
    expect(new Set(d).size).toBe(21);
    expect(Number.isFinite(await random.normal(random.key(4)).item())).toBe(true);
  });

  it('randint: in [lo, hi), int32, all values hit, chi-square bound on counts', async () => {
    const lo = -3, hi = 7, kBins = hi - lo;
    const r = random.randint(random.key(31337), [N], lo, hi);
    expect(r.dtype).toBe('int32');
    const d = await r.data();
    const counts = new Array<number>(kBins).fill(0);
    let outside = 0;
    for (const v of d) {
      if (!(Number.isInteger(v) && v >= lo && v < hi)) outside++;
      else counts[v - lo]++;
    }
    expect(outside).toBe(0);
    const e = N / kBins;
    const chi2 = counts.reduce((s, c) => s + (c - e) ** 2 / e, 0);
    // df = 9: mean 9, sd ≈ 4.2; 40 is beyond p = 1e-5.
    expect(chi2).toBeLessThan(40);
    for (const c of counts) expect(Math.abs(c - e)).toBeLessThan(5 * Math.sqrt(e * (1 - 1 / kBins)));
    const odd = await random.randint(random.key(1), [5, 3], 0, 2).data();
    expect([...odd].every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('bernoulli: bool with rate p', async () => {
    for (const p of [0.1, 0.3, 0.5]) {
      const b = random.bernoulli(random.key(5), p, [N]);
      expect(b.dtype).toBe('bool');
      const d = await b.data();
      let s = 0;
      for (const v of d) s += v;
      expect(Math.abs(s / N - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
    expect([...(await random.bernoulli(random.key(5), 0, [100]).data())].every((v) => v === 0)).toBe(true);
    expect([...(await random.bernoulli(random.key(5), 1, [100]).data())].every((v) => v === 1)).toBe(true);
  });

  it('permutation is a permutation of 0..n-1, differs between keys, and is deterministic', async () => {
    for (const n of [1, 2, 7, 50, 301]) {
      const p = random.permutation(random.key(n), n);
      expect(p.dtype).toBe('int32');
      const d = [...(await p.data())];
      expect([...d].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    const a = await u32(random.permutation(random.key(1), 50)), b = await u32(random.permutation(random.key(2), 50));
    expect(a).not.toEqual(b);
    expect(await u32(random.permutation(random.key(1), 50))).toEqual(a);
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    // As JAX (sort-based, one round for n < ~1600): split the key, and sort 0..n-1 by the bits of
    // the second key; perm[p] is the index of the p-th smallest.
    const sub = [...(await random.split(random.key(1)).data())].slice(2, 4) as [number, number];
    const bits = partitionableBits(sub, 50);
    for (let p = 1; p < 50; p++) expect(bits[a[p - 1]] <= bits[a[p]]).toBe(true);
  });

  it('first elements of position 0 are roughly uniform across keys (no key-dependent bias)', async () => {
    const firsts = np.stack(Array.from({ length: 400 }, (_, i) => random.uniform(random.key(i), [1])));
    const { mean } = meanVar(await firsts.data());
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / 400));
  });
});

describe('random under transformations', () => {
  it('jit matches eager (normal, uniform, bits of odd size, randint, permutation, split, foldIn)', async () => {
    const k = random.key(42);
    const cases: [string, (k: Tensor) => Tensor][] = [
      ['normal', (q) => random.normal(q, [4])],
      ['uniform', (q) => random.uniform(q, [3, 3], { minval: -1, maxval: 1 })],
      ['bits', (q) => random.bits(q, [7])],
      ['randint', (q) => random.randint(q, [9], 0, 4)],
      ['permutation', (q) => random.permutation(q, 9)],
      ['split', (q) => random.split(q, 3)],
      ['foldIn', (q) => random.foldIn(q, 17)],
    ];
    for (const [, f] of cases) {
      const eager = await f(k).toArray();
      expect(await jit(f)(k).toArray()).toEqual(eager);
      expect(await jit(f)(random.key(43)).toArray()).not.toEqual(eager);
    }
  });

  it('vmap over split keys equals stacking the per-key results', async () => {
    const keys = random.split(random.key(0), 5);
    const rows = np.split(keys, 5).map((r) => np.reshape(r, [2]));
    const fs: ((k: Tensor) => Tensor)[] = [
      (q) => random.uniform(q, [3]),
      (q) => random.normal(q, [2, 3]),
      (q) => random.bits(q, [5]),
      (q) => random.randint(q, [3], 0, 100),
      (q) => random.split(q, 3),
      (q) => random.foldIn(q, 3),
    ];
    for (const f of fs) {
      const batched = vmap(f)(keys);
      const stacked = np.stack(rows.map(f));
      expect(batched.shape).toEqual(stacked.shape);
      expect(await batched.toArray()).toEqual(await stacked.toArray());
    }
    const u = await vmap((q: Tensor) => random.uniform(q, [3]))(keys).toArray() as number[][];
    expect(new Set(u.map((r) => r.join(','))).size).toBe(5);
    // jit of vmap too.
    const jv = jit(vmap((q: Tensor) => random.normal(q, [3])));
    expect(await jv(keys).toArray()).toEqual(await np.stack(rows.map((q) => random.normal(q, [3]))).toArray());
  });
});

describe('a dtype name in place of the options object (JAX\'s positional dtype)', () => {
  it('gives the same samples as { dtype }, for every sampler that takes a dtype', async () => {
    const k = random.key(3);
    const pairs: [string, Tensor, Tensor][] = [
      ['normal', random.normal(k, [4], 'float16'), random.normal(k, [4], { dtype: 'float16' })],
      ['uniform', random.uniform(k, [4], 'bfloat16'), random.uniform(k, [4], { dtype: 'bfloat16' })],
      ['randint', random.randint(k, [4], 0, 9, 'uint32'), random.randint(k, [4], 0, 9, { dtype: 'uint32' })],
      ['exponential', random.exponential(k, [4], 'float64'), random.exponential(k, [4], { dtype: 'float64' })],
      ['gamma', random.gamma(k, 2, [4], 'float64'), random.gamma(k, 2, [4], { dtype: 'float64' })],
      ['truncatedNormal', random.truncatedNormal(k, -1, 1, [4], 'float64'), random.truncatedNormal(k, -1, 1, [4], { dtype: 'float64' })],
    ];
    for (const [name, a, b] of pairs) {
      expect(a.dtype, name).toBe(b.dtype);
      expect(Array.from(await a.data()), name).toEqual(Array.from(await b.data()));
    }
    expect(random.normal(k, [2], 'float16').dtype).toBe('float16');
  });

  it('a narrow integer randint says how to get one', () => {
    expect(() => random.randint(random.key(0), [3], 0, 9, 'int8')).toThrow(/random\.randint: dtype must be 'int32' or 'uint32', got the string "int8"; draw int32 and cast/);
  });
});
