/**
 * numpy breadth (issue 11): known answers from NumPy (spec/fixtures/numpy-breadth.py, float64,
 * NaN/±Inf/signed-zero and half-to-even edge cases), float32 accuracy on WebGPU against the CPU
 * interpreter in float64 on random inputs (eager and jit), non-finite inputs on WebGPU against
 * the CPU interpreter, finite-difference checks of jvp and grad in float64, vmap against a loop,
 * zero-size inputs, and the named errors of arguments not understood.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { np, jit, jvp, grad, vmap, useBackend, Tensor, errors } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { Rng, f64, finiteDifference, host, relErr, dot } from './helpers/check.js';

type Json = number | string | boolean | Json[];
interface Fixture { inputs: Json[]; shape: number[]; want: Json }
const { ArgumentError, ShapeError } = errors;
const FIXTURES: Record<string, Fixture> = JSON.parse(readFileSync(new URL('./fixtures/numpy-breadth.json', import.meta.url), 'utf8'));

const num = (v: Json): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v));
const flat = (v: Json): Json[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
const shapeOf = (v: Json): number[] => (Array.isArray(v) ? [v.length, ...(v.length ? shapeOf(v[0]) : [])] : []);
const isBool = (v: Json) => typeof flat(v)[0] === 'boolean';

/** The fixture's inputs as float64 arrays (or int32 for the integer rounding case). */
function inputs(name: string, dtype: 'float64' | 'float32' = 'float64'): Tensor[] {
  return FIXTURES[name].inputs.map((v) => {
    const data = flat(v).map(num);
    const dt = name.includes(' int ') ? 'int32' : dtype;
    return np.array(dt === 'int32' ? Int32Array.from(data) : dt === 'float64' ? Float64Array.from(data) : Float32Array.from(data), { dtype: dt, shape: shapeOf(v) });
  });
}

/** The fluxion call behind each fixture. */
const CALLS: Record<string, (...xs: Tensor[]) => Tensor> = {
  arctan2: (y, x) => np.arctan2(y, x),
  arcsin: (x) => np.arcsin(x), arccos: (x) => np.arccos(x), arctanh: (x) => np.arctanh(x),
  sinh: (x) => np.sinh(x), cosh: (x) => np.cosh(x), arcsinh: (x) => np.arcsinh(x), arccosh: (x) => np.arccosh(x),
  hypot: (y, x) => np.hypot(y, x), 'hypot big': (y, x) => np.hypot(y, x),
  log10: (x) => np.log10(x), log2: (x) => np.log2(x), exp2: (x) => np.exp2(x),
  round: (x) => np.round(x), 'round 2': (x) => np.round(x, 2), 'round -1': (x) => np.round(x, -1),
  'round int -1': (x) => np.round(x, -1), rint: (x) => np.rint(x), trunc: (x) => np.trunc(x), ceil: (x) => np.ceil(x),
  isnan: (x) => np.isnan(x), isinf: (x) => np.isinf(x), isfinite: (x) => np.isfinite(x),
  nanToNum: (x) => np.nanToNum(x), 'nanToNum opts': (x) => np.nanToNum(x, { nan: 7, posinf: 8, neginf: -9 }),
  isclose: (a, b) => np.isclose(a, b), 'isclose equalNan': (a, b) => np.isclose(a, b, { equalNan: true }),
  flip: (x) => np.flip(x), 'flip 1': (x) => np.flip(x, 1),
  roll: (x) => np.roll(x, 5), 'roll axis': (x) => np.roll(x, [-1, 6], [0, 1]),
  tile: (x) => np.tile(x, [2, 1, 3]), repeat: (x) => np.repeat(x, 2), 'repeat list': (x) => np.repeat(x, [1, 0, 3], 0),
  'pad constant': (x) => np.pad(x, [[1, 2], [0, 1]], { constantValues: 9 }),
  'pad edge': (x) => np.pad(x, [[2, 1], [3, 0]], 'edge'),
  'pad reflect': (x) => np.pad(x, [[4, 1], [2, 6]], 'reflect'),
  'pad symmetric': (x) => np.pad(x, [[1, 3], [5, 2]], 'symmetric'),
  'pad wrap': (x) => np.pad(x, [[3, 4], [1, 5]], 'wrap'),
  tril: (x) => np.tril(x), 'tril -1': (x) => np.tril(x, -1), 'triu 2': (x) => np.triu(x, 2),
  'diag vec': (x) => np.diag(x), 'diag vec -2': (x) => np.diag(x, -2), 'diag mat 1': (x) => np.diag(x, 1),
  'diagonal 3d': (x) => np.diagonal(x, 1, 2, 1), trace: (x) => np.trace(x), 'trace 3d': (x) => np.trace(x, -1, 1, 2),
  diff: (x) => np.diff(x), 'diff 2 axis 0': (x) => np.diff(x, 2, 0), 'diff prepend': (x) => np.diff(x, 1, -1, { prepend: 0, append: [20] }),
  outer: (a, b) => np.outer(a, b),
  prod: (x) => np.prod(x), 'prod 1': (x) => np.prod(x, 1), 'prod 0 2': (x) => np.prod(x, { axis: [0, 2] }),
  all: (x) => np.all(x, 1), any: (x) => np.any(x, 1),
  'max nan': (x) => np.max(x, { axis: 1 }), 'min nan': (x) => np.min(x, { axis: 1 }),
  'argmax nan': (x) => np.argmax(x, { axis: 1 }), argmin: (x) => np.argmin(x, { axis: 1 }),
  nanmax: (x) => np.nanmax(x, 1), nanmin: (x) => np.nanmin(x, 1), nansum: (x) => np.nansum(x, 1), nanmean: (x) => np.nanmean(x, 1),
  'einsum trace': (x) => np.einsum('ii', x), 'einsum diag': (x) => np.einsum('ii->i', x),
  'einsum ellipsis': (a, b) => np.einsum('...ij,jk->...ik', a, b),
  'einsum ellipsis broadcast': (a, b) => np.einsum('...ij,...jk', a, b),
  'einsum batch diag': (x) => np.einsum('bii->b', x),
  norm: (x) => np.linalg.norm(x), 'norm vec 1': (x) => np.linalg.norm(x, 1, 1), 'norm vec inf': (x) => np.linalg.norm(x, Infinity, 0),
  'norm vec -inf': (x) => np.linalg.norm(x, -Infinity, 1), 'norm vec 0': (x) => np.linalg.norm(x, 0, 1),
  'norm vec 3': (x) => np.linalg.vectorNorm(x, { ord: 3, axis: 1 }),
  'norm mat 1': (x) => np.linalg.norm(x, 1), 'norm mat -1': (x) => np.linalg.norm(x, -1),
  'norm mat inf': (x) => np.linalg.matrixNorm(x, { ord: Infinity }), 'norm mat -inf': (x) => np.linalg.norm(x, -Infinity),
  'norm fro 3d': (x) => np.linalg.matrixNorm(x), 'norm 3d keepdims': (x) => np.linalg.norm(x, 1, [2, 0], true),
};

/** Mismatches between got and want: NaN only against NaN, infinities and zero signs exactly, else relative `tol`. */
function mismatches(got: ArrayLike<number>, want: number[], tol: number, signedZeros = false): string[] {
  const bad: string[] = [];
  if (got.length !== want.length) return [`length ${got.length} vs ${want.length}`];
  for (let i = 0; i < want.length; i++) {
    const g = Number(got[i]), w = want[i];
    const ok = Number.isNaN(w) ? Number.isNaN(g)
      : !Number.isFinite(w) || w === 0 ? (signedZeros ? Object.is(g, w) : g === w)
        : Math.abs(g - w) <= tol * Math.abs(w);
    if (!ok) bad.push(`[${i}] got ${g}, want ${w}`);
  }
  return bad;
}

describe('numpy breadth: known answers from NumPy (CPU, float64)', () => {
  beforeEach(async () => { await useBackend('cpu'); });
  it('every fixture has a fluxion call and every call a fixture', () => {
    expect(Object.keys(FIXTURES).filter((k) => !CALLS[k])).toEqual([]);
    expect(Object.keys(CALLS).filter((k) => !FIXTURES[k])).toEqual([]);
  });
  it.each(Object.keys(FIXTURES))('%s', async (name) => {
    const fx = FIXTURES[name];
    const r = CALLS[name](...inputs(name));
    expect(r.shape).toEqual(fx.shape);
    const got = await r.data();
    if (isBool(fx.want)) {
      expect(r.dtype).toBe('bool');
      expect(Array.from(got as ArrayLike<number>, Boolean)).toEqual(flat(fx.want));
      return;
    }
    // Within a few float64 ulps; sinh/cosh(700) within its conditioning (|x|·ε ≈ 1.6e-13).
    const tol = name === 'sinh' || name === 'cosh' ? 1e-12 : 4e-15;
    expect(mismatches(got as ArrayLike<number>, flat(fx.want).map(num), tol, name === 'arctan2')).toEqual([]);
  });
});

// --- float32 on WebGPU against the CPU interpreter in float64 -----------------------------------

interface Elementwise { fn: (...xs: Tensor[]) => Tensor; draw: (r: Rng) => number[]; arity?: number; tol?: number }
const logUniform = (r: Rng, lo: number, hi: number) => r.sign() * Math.exp(r.uniform(Math.log(lo), Math.log(hi)));
const ELEMENTWISE: Record<string, Elementwise> = {
  arctan2: { fn: (y, x) => np.arctan2(y, x), arity: 2, draw: (r) => [logUniform(r, 1e-4, 1e4)] },
  arcsin: { fn: (x) => np.arcsin(x), draw: (r) => [r.uniform(-1, 1), logUniform(r, 1e-6, 1)] },
  arccos: { fn: (x) => np.arccos(x), draw: (r) => [r.uniform(-1, 1)] },
  sinh: { fn: (x) => np.sinh(x), draw: (r) => [r.uniform(-3, 3), logUniform(r, 1e-6, 40)] },
  cosh: { fn: (x) => np.cosh(x), draw: (r) => [r.uniform(-3, 3), logUniform(r, 1e-6, 40)] },
  arcsinh: { fn: (x) => np.arcsinh(x), draw: (r) => [r.uniform(-3, 3), logUniform(r, 1e-6, 1e15)] },
  arccosh: { fn: (x) => np.arccosh(x), draw: (r) => [1 + Math.exp(r.uniform(Math.log(1e-3), Math.log(1e9)))] },
  arctanh: { fn: (x) => np.arctanh(x), draw: (r) => [r.uniform(-0.99, 0.99), logUniform(r, 1e-6, 0.5)] },
  hypot: { fn: (y, x) => np.hypot(y, x), arity: 2, draw: (r) => [logUniform(r, 1e-20, 1e20)] },
  log10: { fn: (x) => np.log10(x), draw: (r) => [Math.exp(r.uniform(-20, 20))] },
  round: { fn: (x) => np.round(x, 1), draw: (r) => [r.uniform(-50, 50), r.int(-40, 40) / 4] },
  trunc: { fn: (x) => np.trunc(x), draw: (r) => [r.uniform(-50, 50)] },
};

/** `n` float32 values from the case's distributions (each element picks one at random). */
function drawF32(c: Elementwise, r: Rng, n: number): Float32Array {
  return Float32Array.from({ length: n }, () => Math.fround(r.pick(c.draw(r))));
}

/** Non-finite and boundary values every elementwise function must treat as the CPU does. */
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -0.5, 2, 1e30, -1e30, 1e-30];

describeWebGPU('numpy breadth on WebGPU (float32) against the CPU interpreter', () => {
  afterAll(async () => { await useBackend('cpu'); });
  it.each(Object.keys(ELEMENTWISE))('%s: within 1e-5 relative of the float64 oracle, eager and jit', async (name) => {
    const c = ELEMENTWISE[name];
    const r = new Rng(7);
    const xs = Array.from({ length: c.arity ?? 1 }, () => drawF32(c, r, 512));
    await useBackend('cpu');
    const want = Array.from(await c.fn(...xs.map((x) => np.array(Float64Array.from(x), { dtype: 'float64' }))).data() as Float64Array);
    await useBackend('webgpu');
    for (const [mode, f] of [['eager', c.fn], ['jit', jit(c.fn)]] as const) {
      const got = await f(...xs.map((x) => np.array(x))).data();
      expect(mismatches(got as Float32Array, want.map((w) => Math.fround(w)), c.tol ?? 1e-5), `${name} ${mode}`).toEqual([]);
    }
  });

  it.each(Object.keys(ELEMENTWISE))('%s: NaN, ±Inf, ±0 and boundaries as on the CPU', async (name) => {
    const c = ELEMENTWISE[name];
    const n = SPECIALS.length;
    // Every pair of specials for binary functions.
    const xs = c.arity === 2 ? [Float32Array.from({ length: n * n }, (_, i) => SPECIALS[Math.floor(i / n)]), Float32Array.from({ length: n * n }, (_, i) => SPECIALS[i % n])]
      : [Float32Array.from(SPECIALS)];
    await useBackend('cpu');
    const want = Array.from(await c.fn(...xs.map((x) => np.array(x))).data() as Float32Array);
    await useBackend('webgpu');
    for (const [mode, f] of [['eager', c.fn], ['jit', jit(c.fn)]] as const) {
      const got = await f(...xs.map((x) => np.array(x))).data();
      expect(mismatches(got as Float32Array, want, 1e-5), `${name} ${mode} at ${JSON.stringify(xs.map((x) => Array.from(x).map(String)))}`).toEqual([]);
    }
  });

  it.each(Object.keys(FIXTURES).filter((k) => !ELEMENTWISE[k] && !k.startsWith('hypot big') && !k.includes(' int ')))('%s: the NumPy fixture in float32, eager and jit, as on the CPU', async (name) => {
    const f = CALLS[name];
    await useBackend('cpu');
    const want = Array.from(await f(...inputs(name, 'float32')).data() as ArrayLike<number>, Number);
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
      const got = await g(...inputs(name, 'float32')).data();
      expect(mismatches(got as ArrayLike<number>, want, 1e-5), `${name} ${mode}`).toEqual([]);
    }
  });
});

// --- derivatives in float64 ---------------------------------------------------------------------

interface Smooth { fn: (...xs: Tensor[]) => Tensor; shapes: number[][]; draw: (r: Rng) => number }
const SMOOTH: Record<string, Smooth> = {
  arctan2: { fn: (y, x) => np.arctan2(y, x), shapes: [[3, 4], [4]], draw: (r) => r.sign() * r.uniform(0.2, 2) },
  arcsin: { fn: (x) => np.arcsin(x), shapes: [[7]], draw: (r) => r.uniform(-0.9, 0.9) },
  arccos: { fn: (x) => np.arccos(x), shapes: [[7]], draw: (r) => r.uniform(-0.9, 0.9) },
  sinh: { fn: (x) => np.sinh(x), shapes: [[9]], draw: (r) => r.uniform(-3, 3) },
  cosh: { fn: (x) => np.cosh(x), shapes: [[9]], draw: (r) => r.uniform(-3, 3) },
  arcsinh: { fn: (x) => np.arcsinh(x), shapes: [[9]], draw: (r) => r.uniform(-5, 5) },
  arccosh: { fn: (x) => np.arccosh(x), shapes: [[9]], draw: (r) => r.uniform(1.1, 5) },
  arctanh: { fn: (x) => np.arctanh(x), shapes: [[9]], draw: (r) => r.uniform(-0.9, 0.9) },
  hypot: { fn: (x, y) => np.hypot(x, y), shapes: [[2, 3], [2, 3]], draw: (r) => r.sign() * r.uniform(0.2, 2) },
  log10: { fn: (x) => np.log10(x), shapes: [[5]], draw: (r) => r.uniform(0.2, 5) },
  prod: { fn: (x) => np.prod(x, 1), shapes: [[3, 5]], draw: (r) => r.uniform(-2, 2) },
  'prod with a zero': { fn: (x) => np.prod(np.multiply(x, np.array([1, 0, 1], { dtype: 'float64' }))), shapes: [[3]], draw: (r) => r.uniform(-2, 2) },
  flip: { fn: (x) => np.flip(x, 0), shapes: [[3, 2]], draw: (r) => r.normal() },
  roll: { fn: (x) => np.roll(x, 2, 1), shapes: [[2, 5]], draw: (r) => r.normal() },
  tile: { fn: (x) => np.tile(x, [2, 2]), shapes: [[2, 3]], draw: (r) => r.normal() },
  repeat: { fn: (x) => np.repeat(x, [2, 0, 1], 1), shapes: [[2, 3]], draw: (r) => r.normal() },
  'pad reflect': { fn: (x) => np.pad(x, [[2, 3]], 'reflect'), shapes: [[3, 3]], draw: (r) => r.normal() },
  'pad constant': { fn: (x) => np.pad(x, 1, { constantValues: 2 }), shapes: [[2, 2]], draw: (r) => r.normal() },
  'pad wrap': { fn: (x) => np.pad(x, [1, 4], 'wrap'), shapes: [[3]], draw: (r) => r.normal() },
  tril: { fn: (x) => np.tril(x, 1), shapes: [[2, 3, 4]], draw: (r) => r.normal() },
  diag: { fn: (x) => np.diag(x, 1), shapes: [[3]], draw: (r) => r.normal() },
  trace: { fn: (x) => np.trace(x, 1), shapes: [[4, 5]], draw: (r) => r.normal() },
  diff: { fn: (x) => np.diff(x, 2), shapes: [[2, 6]], draw: (r) => r.normal() },
  'einsum diagonal': { fn: (x) => np.einsum('...ii->...i', x), shapes: [[2, 3, 3]], draw: (r) => r.normal() },
  'einsum trace product': { fn: (a, b) => np.einsum('ij,ji', a, b), shapes: [[2, 3], [3, 2]], draw: (r) => r.normal() },
  'norm 2': { fn: (x) => np.linalg.norm(x, null, 1), shapes: [[3, 4]], draw: (r) => r.normal() },
  'norm 3': { fn: (x) => np.linalg.vectorNorm(x, { ord: 3 }), shapes: [[5]], draw: (r) => r.sign() * r.uniform(0.2, 2) },
  'norm fro': { fn: (x) => np.linalg.matrixNorm(x), shapes: [[2, 3, 3]], draw: (r) => r.normal() },
};

describe('numpy breadth: meshgrid (NumPy known answers)', () => {
  const rows = async (t: Tensor) => { const d = Array.from(await t.data() as ArrayLike<number>); return Array.from({ length: t.shape[0] }, (_, i) => d.slice(i * t.shape[1], (i + 1) * t.shape[1])); };
  it('xy (default) and ij indexing, sparse shapes', async () => {
    const [X, Y] = np.meshgrid(np.array([1, 2, 3]), np.array([4, 5]));
    expect(await rows(X)).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(await rows(Y)).toEqual([[4, 4, 4], [5, 5, 5]]);
    const [A, B] = np.meshgrid(np.array([1, 2, 3]), np.array([4, 5]), { indexing: 'ij' });
    expect(await rows(A)).toEqual([[1, 1], [2, 2], [3, 3]]);
    expect(await rows(B)).toEqual([[4, 5], [4, 5], [4, 5]]);
    expect(np.meshgrid(np.array([1, 2, 3]), np.array([4, 5]), np.array([6]), { sparse: true }).map((t) => t.shape)).toEqual([[1, 3, 1], [2, 1, 1], [1, 1, 1]]);
    expect(() => np.meshgrid(np.array([1]), { indexing: 'yx' as never })).toThrow(errors.ArgumentError);
  });
});

describe('numpy breadth: derivatives match finite differences (float64)', () => {
  beforeEach(async () => { await useBackend('cpu'); });
  it.each(Object.keys(SMOOTH))('%s: jvp and grad', (name) => {
    const c = SMOOTH[name];
    for (const seed of [1, 2]) {
      const r = new Rng(seed * 97 + name.length);
      const xs = c.shapes.map((s) => f64(s, () => c.draw(r)));
      const ts = c.shapes.map((s) => f64(s, () => r.normal()));
      const fd = finiteDifference(c.fn, xs, ts, xs.map((_, i) => i), 1e-4)[0];
      const [, tOut] = jvp((...a: Tensor[]) => c.fn(...a), xs, ts);
      expect(relErr(host(tOut as Tensor), fd), `${name} jvp seed ${seed}`).toBeLessThan(1e-7);
      // grad of ⟨w, f(x)⟩, paired with the tangent: the same directional derivative.
      const out = c.fn(...xs);
      const w = f64(out.shape, () => r.normal());
      const g = grad((...a: Tensor[]) => np.sum(np.multiply(c.fn(...a), w)), { argnums: xs.map((_, i) => i) })(...xs) as unknown as Tensor[];
      const viaGrad = g.reduce((s, gi, i) => s + dot(host(gi), host(ts[i])), 0);
      expect(Math.abs(viaGrad - dot(fd, host(w))) / Math.max(1, Math.abs(viaGrad)), `${name} grad seed ${seed}`).toBeLessThan(1e-7);
    }
  });

  it('gradients at the points compositions get wrong: 0 for odd functions, a zero factor of prod', () => {
    const at0 = (f: (x: Tensor) => Tensor) => host(grad((x: Tensor) => np.sum(f(x)))(np.array([0], { dtype: 'float64' })))[0];
    expect(at0(np.sinh)).toBe(1);
    expect(at0(np.arcsinh)).toBe(1);
    expect(at0(np.arctanh)).toBe(1);
    expect(at0(np.arcsin)).toBe(1);
    expect(at0(np.arccos)).toBe(-1);
    // On the axes atan2 is smooth: d/dx atan2(1, x) at x = 0 is −1.
    expect(host(grad((x: Tensor) => np.arctan2(1, x).sum())(np.array([0], { dtype: 'float64' })))[0]).toBe(-1);
    // d/dx₁ of x₀·x₁·x₂ at x₁ = 0 is x₀·x₂, which exp(Σ log x) would make NaN.
    expect(Array.from(host(grad((x: Tensor) => np.prod(x))(np.array([2, 0, 3], { dtype: 'float64' }))))).toEqual([0, 6, 0]);
  });
});

describe('numpy breadth: vmap equals a loop', () => {
  beforeEach(async () => { await useBackend('cpu'); });
  it.each(Object.keys(SMOOTH))('%s', async (name) => {
    const c = SMOOTH[name];
    const r = new Rng(5);
    const B = 3;
    const xs = c.shapes.map((s) => f64([B, ...s], () => c.draw(r)));
    const batched = vmap((...a: Tensor[]) => c.fn(...a))(...xs) as Tensor;
    const rows = Array.from({ length: B }, (_, b) => c.fn(...xs.map((x) => np.take(x, [b], 0).reshape(x.shape.slice(1)))));
    expect(batched.shape).toEqual([B, ...rows[0].shape]);
    expect(Array.from(host(batched))).toEqual(rows.flatMap((t) => Array.from(host(t))));
  });
});

describe('numpy breadth: zero-size inputs', () => {
  beforeEach(async () => { await useBackend('cpu'); });
  const e = (shape: number[]) => np.zeros(shape);
  it.each([
    ['flip', () => np.flip(e([0, 3])), [0, 3]],
    ['roll', () => np.roll(e([0]), 3), [0]],
    ['tile', () => np.tile(e([2, 0]), [2, 3]), [4, 0]],
    ['repeat', () => np.repeat(e([0]), 3), [0]],
    ['pad constant', () => np.pad(e([0]), 2), [4]],
    ['tril', () => np.tril(e([0, 3])), [0, 3]],
    ['diagonal', () => np.diagonal(e([0, 3])), [0]],
    ['diff', () => np.diff(e([3, 1])), [3, 0]],
    ['prod', () => np.prod(e([2, 0]), 1), [2]],
    ['all', () => np.all(e([0])), []],
    ['any', () => np.any(e([0])), []],
    ['norm', () => np.linalg.norm(e([0])), []],
    ['arctan2', () => np.arctan2(e([0, 2]), e([0, 2])), [0, 2]],
    ['einsum', () => np.einsum('ii', e([0, 0])), []],
  ] as const)('%s', async (_name, f, shape) => {
    const r = f();
    expect(r.shape).toEqual(shape);
  });
  it('empty reductions have their identities', async () => {
    expect(Array.from(await np.prod(np.zeros([2, 0]), 1).data())).toEqual([1, 1]);
    expect(Number(await np.all(np.zeros([0])).item())).toBe(1);
    expect(Number(await np.any(np.zeros([0])).item())).toBe(0);
    expect(await np.trace(np.zeros([0, 0])).item()).toBe(0);
  });
});

describe('numpy breadth: named errors for arguments not understood', () => {
  beforeEach(async () => { await useBackend('cpu'); });
  it.each([
    // (ord 2, −2 and 'nuc' of a matrix are singular-value norms now: spec/linalg.spec.ts.)
    ['norm 3 of a matrix', () => np.linalg.norm(np.ones([2, 2]), 3), ArgumentError, /not a matrix norm order/],
    ['norm fro of a vector', () => np.linalg.norm(np.ones([2]), 'fro'), ArgumentError, /matrix norm/],
    ['norm of 3-D with ord and no axis', () => np.linalg.norm(np.ones([2, 2, 2]), 1), ShapeError, /give axis/],
    ['pad mode', () => np.pad(np.ones([2]), 1, 'mirror' as never), ArgumentError, /unknown mode/],
    ['pad width', () => np.pad(np.ones([2, 2]), [[1, 1], [1, 1], [1, 1]]), ArgumentError, /pad width/],
    ['pad negative', () => np.pad(np.ones([2]), -1), ArgumentError, /pad width/],
    ['pad reflect of empty', () => np.pad(np.ones([0]), 1, 'reflect'), ShapeError, /empty axis/],
    ['repeat counts', () => np.repeat(np.ones([3]), [1, 2]), ShapeError, /one count per element/],
    ['tril of a vector', () => np.tril(np.ones([3])), ShapeError, /rank at least 2/],
    ['diagonal same axes', () => np.diagonal(np.ones([2, 2]), 0, 1, 1), ShapeError, /must differ/],
    ['round decimals', () => np.round(np.ones([2]), 0.5), ArgumentError, /decimals/],
    ['round bool', () => np.round(np.array([true])), ArgumentError, /bool/],
    ['einsum ellipsis mismatch', () => np.einsum('...i,...i', np.ones([2, 3]), np.ones([4, 3])), ShapeError, /broadcast/],
    ['einsum diagonal sizes', () => np.einsum('ii', np.ones([2, 3])), ShapeError, /equal sizes/],
    ['einsum bad subscripts', () => np.einsum('i.j', np.ones([2, 3])), ArgumentError, /letters/],
    ['prod option', () => np.prod(np.ones([2]), { axes: 0 } as never), ArgumentError, /unknown option 'axes'/],
    ['isclose tolerance', () => np.isclose(1, 2, { rtol: -1 }), ArgumentError, /non-negative/],
    ['nanToNum option', () => np.nanToNum(np.ones([2]), { inf: 1 } as never), ArgumentError, /unknown option 'inf'/],
    ['nanmax of empty', () => np.nanmax(np.ones([0])), ShapeError, /empty axis/],
  ] as const)('%s', (_name, f, cls, msg) => {
    expect(f).toThrow(cls);
    expect(f).toThrow(msg);
  });
});
