/**
 * More numpy (issue 13): statistics, polynomials and signals, products, grids, the gamma family,
 * unique/isin. NumPy/SciPy known answers (spec/fixtures/numpy-more.py, float64); WebGPU (float32,
 * eager and jit) against the CPU interpreter; jvp and grad against finite differences in float64;
 * vmap against a loop; the named errors.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { np, jit, jvp, grad, vmap, useBackend, Tensor, errors } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { Rng, f64, host, relErr, dot, finiteDifference, maxScaledDiff } from './helpers/check.js';

type Nested = number | boolean | Nested[];
const FIX: Record<string, { inputs: Nested[]; want: Nested }> & { fixed: Record<string, Nested> } =
  JSON.parse(readFileSync(new URL('./fixtures/numpy-more.json', import.meta.url), 'utf8'));
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [Number(v)]);
const shapeOf = (v: Nested): number[] => (Array.isArray(v) ? [v.length, ...(v.length ? shapeOf(v[0]) : [])] : []);

type Out = Tensor | Tensor[];
interface Case { f: (...xs: Tensor[]) => Out; int?: number[]; tol?: number }
const CASES: Record<string, Case> = {
  quantile: { f: (x) => np.quantile(x, 0.3) },
  'quantile list axis 1': { f: (x) => np.quantile(x, [0.1, 0.5, 1.0], { axis: 1 }) },
  'quantile lower axis 0': { f: (x) => np.quantile(x, 0.4, { axis: 0, method: 'lower' }) },
  'quantile higher': { f: (x) => np.quantile(x, 0.4, { axis: 0, method: 'higher' }) },
  'quantile nearest': { f: (x) => np.quantile(x, [0.25, 0.5, 0.625], { axis: 1, method: 'nearest' }) },
  'quantile midpoint keepdims': { f: (x) => np.quantile(x, 0.3, { axis: 1, method: 'midpoint', keepdims: true }) },
  percentile: { f: (x) => np.percentile(x, [0, 37.5, 100], { axis: 0 }) },
  median: { f: (x) => np.median(x) },
  'median axis 1': { f: (x) => np.median(x, { axis: 1 }) },
  'median even axis 0 keepdims': { f: (x) => np.median(x, { axis: 0, keepdims: true }) },
  average: { f: (x) => np.average(x) },
  'average weights axis 1': { f: (x, w) => np.average(x, { axis: 1, weights: w }) },
  'average full weights': { f: (x, w) => np.average(x, { weights: w }) },
  'ptp axis 1': { f: (x) => np.ptp(x, 1) },
  ptp: { f: (x) => np.ptp(x) },
  cov: { f: (x) => np.cov(x) },
  'cov rowvar bias': { f: (x) => np.cov(x, { rowvar: false, bias: true }) },
  'cov 1d': { f: (x) => np.cov(x) },
  'cov y ddof 0': { f: (x, y) => np.cov(x, { y, ddof: 0 }) },
  corrcoef: { f: (x) => np.corrcoef(x) },
  'corrcoef rowvar': { f: (x) => np.corrcoef(x, { rowvar: false }) },
  histogram: { f: (x) => np.histogram(x, { bins: 4 }) },
  'histogram range': { f: (x) => np.histogram(x, { bins: 5, range: [-1.5, 1] }) },
  'histogram weights density': { f: (x, w) => np.histogram(x, { bins: 3, range: [-1, 1], weights: w, density: true }) },
  bincount: { f: (x) => np.bincount(x, { length: 10, minlength: 12 }), int: [0] },
  'bincount weights': { f: (x, w) => np.bincount(x, { weights: w, length: 10 }), int: [0] },
  polyval: { f: (p, x) => np.polyval(p, x) },
  'convolve full': { f: (a, v) => np.convolve(a, v) },
  'convolve same': { f: (a, v) => np.convolve(a, v, 'same') },
  'convolve valid': { f: (a, v) => np.convolve(a, v, 'valid') },
  'convolve same longer v': { f: (a, v) => np.convolve(a, v, 'same') },
  correlate: { f: (a, v) => np.correlate(a, v) },
  'correlate full': { f: (a, v) => np.correlate(a, v, 'full') },
  'correlate same': { f: (a, v) => np.correlate(a, v, 'same') },
  'correlate full longer v': { f: (a, v) => np.correlate(a, v, 'full') },
  'correlate valid longer v': { f: (a, v) => np.correlate(a, v, 'valid') },
  trapezoid: { f: (y) => np.trapezoid(y) },
  'trapezoid x axis 0': { f: (y, x) => np.trapezoid(y, { x, axis: 0 }) },
  'trapezoid dx': { f: (y) => np.trapezoid(y, { dx: 0.5 }) },
  interp: { f: (x, xp, fp) => np.interp(x, xp, fp) },
  'interp left right': { f: (x, xp, fp) => np.interp(x, xp, fp, { left: 7, right: -7 }) },
  kron: { f: (a, b) => np.kron(a, b) },
  'kron 1d 2d': { f: (a, b) => np.kron(a, b) },
  inner: { f: (a, b) => np.inner(a, b) },
  vdot: { f: (a, b) => np.vdot(a, b) },
  cross: { f: (a, b) => np.cross(a, b) },
  'cross 2d': { f: (a, b) => np.cross(a, b) },
  'cross 2 by 3': { f: (a, b) => np.cross(a, b) },
  lgamma: { f: (x) => np.lgamma(x) },
  digamma: { f: (x) => np.digamma(x) },
  logit: { f: (x) => np.logit(x) },
  expit: { f: (x) => np.expit(x) },
  select: { f: (x) => np.select([np.less(x, -0.5), np.greater(x, 0.5)], [np.multiply(x, 2), np.square(x)], -9) },
  piecewise: { f: (x) => np.piecewise(x, [np.less(x, 0), np.greater(x, 1)], [(v) => np.negative(v), (v) => np.multiply(v, 3), (v) => np.add(v, 0.5)]) },
  isin: { f: (a, b) => np.isin(a, b) },
  unique: { f: (x) => np.unique(x, { size: 4 }) },
  polyfit: { f: (x, y) => np.polyfit(x, y, 2) },
  'polyfit 2d weights': { f: (x, y, w) => np.polyfit(x, y, 3, { w }), tol: 1e-4 },
};

function inputsOf(name: string, dtype: 'float64' | 'float32'): Tensor[] {
  const c = CASES[name];
  return FIX[name].inputs.map((v, i) => {
    const d = flat(v), shape = shapeOf(v);
    if (c.int?.includes(i)) return np.array(Int32Array.from(d), { dtype: 'int32', shape });
    return np.array(dtype === 'float64' ? Float64Array.from(d) : Float32Array.from(d), { dtype, shape });
  });
}
const list = (o: Out): Tensor[] => (Array.isArray(o) ? o : [o]);

beforeEach(async () => { await useBackend('cpu'); });

describe('numpy more: NumPy / SciPy known answers (float64)', () => {
  it('every case has a fixture and every fixture a case', () => {
    expect(Object.keys(FIX).filter((k) => k !== 'fixed').sort()).toEqual(Object.keys(CASES).sort());
  });
  it.each(Object.keys(CASES))('%s', (name) => {
    const got = list(CASES[name].f(...inputsOf(name, 'float64')));
    const want = Array.isArray(FIX[name].want) && ['histogram', 'histogram range', 'histogram weights density'].includes(name)
      ? (FIX[name].want as Nested[]) : [FIX[name].want];
    expect(got.length).toBe(want.length);
    got.forEach((g, k) => {
      expect(g.shape, `${name} output ${k} shape`).toEqual(shapeOf(want[k]));
      const w = flat(want[k]);
      // lgamma at 170 is ~700 and digamma's series: a few ulps of the result.
      expect(maxScaledDiff(host(g), w), `${name} output ${k}: ${Array.from(host(g)).slice(0, 6)} vs ${w.slice(0, 6)}`).toBeLessThan(name === 'unique' || name === 'isin' ? 1e-300 : 2e-13);
    });
  });

  it('logspace, geomspace, indices, fromfunction, unravelIndex, ravelMultiIndex', () => {
    const F = FIX.fixed;
    const i32 = (xs: number[]) => np.array(Int32Array.from(xs), { dtype: 'int32' });
    expect(maxScaledDiff(host(np.logspace(0, 2, 5, { dtype: 'float64' })), flat(F.logspace))).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(np.logspace(1, 4, 3, { endpoint: false, base: 2, dtype: 'float64' })), flat(F['logspace base 2 no endpoint']))).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(np.geomspace(1, 1000, 4, { dtype: 'float64' })), flat(F.geomspace))).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(np.geomspace(-3, -0.03, 5, { dtype: 'float64' })), flat(F['geomspace negative']))).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(np.geomspace(2, 64, 5, { endpoint: false, dtype: 'float64' })), flat(F['geomspace no endpoint']))).toBeLessThan(1e-14);
    expect(host(np.geomspace(1, 1000, 4, { dtype: 'float64' }))[3]).toBe(1000);
    const ind = np.indices([2, 3]);
    expect(ind.shape).toEqual([2, 2, 3]);
    expect(Array.from(host(ind))).toEqual(flat(F.indices));
    expect(Array.from(host(np.fromfunction((i, j) => np.add(np.multiply(i, 10), j), [2, 3])))).toEqual([0, 1, 2, 10, 11, 12]);
    const un = np.unravelIndex(i32([5, 1, 0, 11]), [3, 4]);
    expect(un.map((t) => Array.from(host(t)))).toEqual(F.unravel);
    expect(Array.from(host(np.ravelMultiIndex([i32([1, 0, 2]), i32([3, 1, 0])], [3, 4])))).toEqual(flat(F.ravel));
    expect(Array.from(host(np.ravelMultiIndex([i32([5, -1]), i32([-1, 9])], [3, 4], 'wrap')))).toEqual([2 * 4 + 3, 2 * 4 + 1]);
    expect(Array.from(host(np.ravelMultiIndex([i32([5, -1]), i32([-1, 9])], [3, 4])))).toEqual([2 * 4 + 0, 0 * 4 + 3]);
  });

  it('NaN as NumPy: quantiles of a slice with a NaN are NaN, unique keeps one NaN', () => {
    const q = np.quantile(np.array([[1, NaN, 2], [1, 2, 3]], { dtype: 'float64' }), 0.5, { axis: 1 });
    expect(Array.from(host(q))).toEqual([NaN, 2]);
    expect(Array.from(host(np.median(np.array([3, NaN, 1]))))).toEqual([NaN]);
    expect(Array.from(host(np.percentile(np.array([3, NaN, 1]), [0, 100], { method: 'lower' })))).toEqual([NaN, NaN]);
    expect(Array.from(host(np.unique(np.array([3, NaN, 1, NaN]), { size: 4, fillValue: 0 })))).toEqual([1, 3, NaN, 0]);
  });

  it('unique pads with fillValue, or the smallest value; isin invert; bincount drops out-of-range values', () => {
    const x = np.array([3, 1, 3, 2, 1, 7]);
    expect(Array.from(host(np.unique(x, { size: 6, fillValue: -1 })))).toEqual([1, 2, 3, 7, -1, -1]);
    expect(Array.from(host(np.unique(x, { size: 6 })))).toEqual([1, 2, 3, 7, 1, 1]);
    expect(Array.from(host(np.unique(x, { size: 2 })))).toEqual([1, 2]);
    expect(Array.from(host(np.isin(x, [1, 7], { invert: true })))).toEqual([1, 0, 1, 1, 0, 0]);
    expect(Array.from(host(np.bincount(np.array([0, 5, -1, 2, 2], { dtype: 'int32' }), { length: 3 })))).toEqual([1, 0, 2]);
  });
});

// --- WebGPU -------------------------------------------------------------------------------------

describeWebGPU('numpy more on WebGPU (float32) against the CPU interpreter', () => {
  afterAll(async () => { await useBackend('cpu'); });
  it.each(Object.keys(CASES))('%s: eager and jit', async (name) => {
    const c = CASES[name];
    await useBackend('cpu');
    const want = list(c.f(...inputsOf(name, 'float32'))).map(host);
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', c.f], ['jit', jit(c.f)]] as const) {
      const got = list(g(...inputsOf(name, 'float32')));
      for (let k = 0; k < want.length; k++) {
        const data = Float64Array.from(await got[k].data() as ArrayLike<number>, Number);
        expect(maxScaledDiff(data, want[k]), `${name} ${mode} output ${k}: ${Array.from(data).slice(0, 6)} vs ${Array.from(want[k]).slice(0, 6)}`).toBeLessThan(c.tol ?? 1e-5);
      }
    }
  });

  it('logspace, geomspace, indices, fromfunction, unravelIndex, ravelMultiIndex', async () => {
    const f = (i: Tensor, j: Tensor) => [
      np.multiply(np.logspace(0, 2, 5), np.geomspace(1, 16, 5)),
      np.add(np.indices([2, 3]), np.fromfunction((a, b) => np.add(np.multiply(a, 3), b), [2, 3], 'int32')),
      ...np.unravelIndex(i, [3, 4]),
      np.ravelMultiIndex([i, j], [12, 5], 'wrap'),
    ];
    const mk = () => [np.array(Int32Array.from([5, 1, 0, 11, -3]), { dtype: 'int32' }), np.array(Int32Array.from([7, -1, 2, 0, 4]), { dtype: 'int32' })];
    const want = f(...(mk() as [Tensor, Tensor])).map(host);
    await useBackend('webgpu');
    for (const g of [f, jit(f)]) {
      const got = g(...(mk() as [Tensor, Tensor]));
      for (let k = 0; k < want.length; k++) expect(maxScaledDiff(Float64Array.from(await got[k].data() as ArrayLike<number>, Number), want[k]), `output ${k}`).toBeLessThan(1e-6);
    }
  });
});

// --- derivatives and vmap -----------------------------------------------------------------------

interface Smooth { fn: (...xs: Tensor[]) => Tensor; shapes: number[][]; draw?: (r: Rng, arg: number) => number }
const pos = (r: Rng) => r.uniform(0.3, 2);
const SMOOTH: Record<string, Smooth> = {
  quantile: { fn: (x) => np.quantile(x, [0.3, 0.75], { axis: 1 }), shapes: [[3, 5]] },
  median: { fn: (x) => np.median(x, { axis: 0 }), shapes: [[4, 3]] },
  percentile: { fn: (x) => np.percentile(x, 62.5, { method: 'midpoint' }), shapes: [[6]] },
  average: { fn: (x, w) => np.average(x, { axis: 1, weights: w }), shapes: [[3, 4], [4]], draw: (r, i) => (i === 1 ? pos(r) : r.normal()) },
  ptp: { fn: (x) => np.ptp(x, 1), shapes: [[3, 4]] },
  cov: { fn: (x) => np.cov(x), shapes: [[3, 5]] },
  corrcoef: { fn: (x) => np.corrcoef(x, { rowvar: false }), shapes: [[6, 3]] },
  'histogram weights': { fn: (x, w) => np.histogram(x, { bins: 3, range: [-1, 1], weights: w })[0], shapes: [[7], [7]] },
  'bincount weights': { fn: (w) => np.bincount(np.array([0, 2, 2, 1, 0], { dtype: 'int32' }), { weights: w, length: 4 }), shapes: [[5]] },
  polyval: { fn: (p, x) => np.polyval(p, x), shapes: [[4], [5]] },
  convolve: { fn: (a, v) => np.convolve(a, v, 'same'), shapes: [[6], [3]] },
  correlate: { fn: (a, v) => np.correlate(a, v, 'full'), shapes: [[3], [5]] },
  trapezoid: { fn: (y, x) => np.trapezoid(y, { x, axis: 0 }), shapes: [[4, 2], [4]] },
  interp: { fn: (x, fp) => np.interp(x, np.array([-1, 0, 0.5, 2], { dtype: 'float64' }), fp), shapes: [[6], [4]] },
  kron: { fn: (a, b) => np.kron(a, b), shapes: [[2, 2], [2, 3]] },
  inner: { fn: (a, b) => np.inner(a, b), shapes: [[2, 3], [4, 3]] },
  vdot: { fn: (a, b) => np.vdot(a, b), shapes: [[2, 3], [3, 2]] },
  cross: { fn: (a, b) => np.cross(a, b), shapes: [[2, 3], [2, 3]] },
  lgamma: { fn: (x) => np.lgamma(x), shapes: [[8]], draw: (r) => r.sign() * r.uniform(0.1, 6) + 0.05 },
  digamma: { fn: (x) => np.digamma(x), shapes: [[8]], draw: (r) => r.sign() * r.uniform(0.1, 6) + 0.05 },
  logit: { fn: (x) => np.logit(x), shapes: [[6]], draw: (r) => r.uniform(0.05, 0.95) },
  expit: { fn: (x) => np.expit(x), shapes: [[6]], draw: (r) => r.uniform(-6, 6) },
  select: { fn: (x, y) => np.select([np.less(x, 0)], [np.multiply(x, y)], np.square(y)), shapes: [[6], [6]] },
  piecewise: { fn: (x) => np.piecewise(x, [np.less(x, 0)], [(v) => np.sin(v), (v) => np.square(v)]), shapes: [[6]] },
  polyfit: { fn: (x, y, w) => np.polyfit(x, y, 2, { w }), shapes: [[7], [7], [7]], draw: (r, i) => (i === 2 ? pos(r) : r.normal()) },
};

describe('numpy more: derivatives match finite differences (float64)', () => {
  it.each(Object.keys(SMOOTH))('%s: jvp and grad', (name) => {
    const c = SMOOTH[name];
    for (const seed of [1, 2]) {
      const r = new Rng(seed * 131 + name.length);
      const xs = c.shapes.map((s, i) => f64(s, () => (c.draw ? c.draw(r, i) : r.normal())));
      const ts = c.shapes.map((s) => f64(s, () => r.normal()));
      const fd = finiteDifference(c.fn, xs, ts, xs.map((_, i) => i), 1e-5)[0];
      const [, tOut] = jvp((...a: Tensor[]) => c.fn(...a), xs, ts);
      expect(relErr(host(tOut as Tensor), fd), `${name} jvp seed ${seed}`).toBeLessThan(1e-7);
      const out = c.fn(...xs);
      const w = f64(out.shape, () => r.normal());
      const g = grad((...a: Tensor[]) => np.sum(np.multiply(c.fn(...a), w)), { argnums: xs.map((_, i) => i) })(...xs) as unknown as Tensor[];
      const viaGrad = g.reduce((s, gi, i) => s + dot(host(gi), host(ts[i])), 0);
      expect(Math.abs(viaGrad - dot(fd, host(w))) / Math.max(1, Math.abs(viaGrad)), `${name} grad seed ${seed}`).toBeLessThan(1e-7);
    }
  });

  it.each(Object.keys(SMOOTH))('%s: vmap equals a loop', (name) => {
    const c = SMOOTH[name];
    const r = new Rng(5);
    const B = 3;
    const xs = c.shapes.map((s, i) => f64([B, ...s], () => (c.draw ? c.draw(r, i) : r.normal())));
    const batched = vmap((...a: Tensor[]) => c.fn(...a))(...xs) as Tensor;
    const rows = Array.from({ length: B }, (_, b) => c.fn(...xs.map((x) => np.take(x, [b], 0).reshape(x.shape.slice(1)))));
    expect(batched.shape).toEqual([B, ...rows[0].shape]);
    expect(maxScaledDiff(host(batched), rows.flatMap((t) => Array.from(host(t))))).toBeLessThan(1e-14);
  });
});

// --- errors -------------------------------------------------------------------------------------

describe('numpy more: arguments not understood are named errors', () => {
  const { ArgumentError, ShapeError, DTypeError } = errors;
  const x = np.ones([3, 4]);
  it.each([
    ['quantile q out of range', () => np.quantile(x, 1.5), ArgumentError, /np\.quantile: q = 1\.5/],
    ['quantile q an array', () => np.quantile(x, np.array(0.5) as never), ArgumentError, /np\.quantile: q is an array/],
    ['quantile unknown method', () => np.quantile(x, 0.5, { method: 'hazen' as never }), ArgumentError, /np\.quantile: method/],
    ['median of an empty axis', () => np.median(np.ones([0, 2]), { axis: 0 }), ShapeError, /np\.median: the reduced axis/],
    ['median method', () => np.median(x, { method: 'lower' } as never), ArgumentError, /np\.median/],
    ['average weights of another length', () => np.average(x, { axis: 1, weights: np.ones([3]) }), ShapeError, /np\.average: weights of length 3/],
    ['cov of 3-D', () => np.cov(np.ones([2, 2, 2])), ShapeError, /np\.cov/],
    ['histogram range reversed', () => np.histogram(x, { range: [2, 1] }), ArgumentError, /np\.histogram: range/],
    ['histogram 0 bins', () => np.histogram(x, { bins: 0 }), ArgumentError, /np\.histogram: bins/],
    ['bincount without length', () => np.bincount(np.array([1, 2], { dtype: 'int32' })), ArgumentError, /np\.bincount: needs a static \{ length \}/],
    ['bincount of floats', () => np.bincount(np.array([1, 2]), { length: 3 }), DTypeError, /np\.bincount: the input is f32/],
    ['polyval 2-D coefficients', () => np.polyval(x, 1), ShapeError, /np\.polyval: the coefficients/],
    ['convolve 2-D', () => np.convolve(x, np.ones([2])), ShapeError, /np\.convolve: both signals must be 1-D/],
    ['convolve mode', () => np.convolve(np.ones([3]), np.ones([2]), 'circular' as never), ArgumentError, /np\.convolve: mode/],
    ['trapezoid x and dx', () => np.trapezoid(x, { x: np.ones([4]), dx: 2 }), ArgumentError, /np\.trapezoid: give x or dx/],
    ['interp xp and fp lengths', () => np.interp(1, np.ones([3]), np.ones([4])), ShapeError, /np\.interp: xp and fp/],
    ['inner mismatch', () => np.inner(x, np.ones([3])), ShapeError, /np\.inner: the last axes/],
    ['vdot sizes', () => np.vdot(x, np.ones([5])), ShapeError, /np\.vdot/],
    ['cross of 4-vectors', () => np.cross(x, x), ShapeError, /np\.cross: the vectors have 4 and 4 components/],
    ['geomspace through 0', () => np.geomspace(-1, 1, 3), ArgumentError, /np\.geomspace/],
    ['unravelIndex of floats', () => np.unravelIndex(np.array([1.5]), [2, 2]), DTypeError, /np\.unravelIndex/],
    ['ravelMultiIndex arity', () => np.ravelMultiIndex([np.array([1], { dtype: 'int32' })], [2, 2]), ShapeError, /np\.ravelMultiIndex: give one index array per dimension/],
    ['ravelMultiIndex raise', () => np.ravelMultiIndex([np.array([1], { dtype: 'int32' })], [2], 'raise' as never), ArgumentError, /np\.ravelMultiIndex: mode/],
    ['select lengths', () => np.select([np.less(x, 0)], []), ArgumentError, /np\.select: condlist and choicelist/],
    ['select non-bool condition', () => np.select([x], [x]), DTypeError, /np\.select: condition 0/],
    ['piecewise function count', () => np.piecewise(x, [np.less(x, 0)], [1, 2, 3]), ArgumentError, /np\.piecewise: 1 conditions need 1 or 2/],
    ['unique without size', () => np.unique(x), ArgumentError, /np\.unique: needs a static \{ size \}/],
    ['unique returnCounts', () => np.unique(x, { size: 2, returnCounts: true } as never), ArgumentError, /np\.unique/],
    ['polyfit with too few points', () => np.polyfit([0, 1], [1, 2], 2), ShapeError, /np\.polyfit: 2 points cannot determine a degree-2/],
    ['polyfit y length', () => np.polyfit([0, 1, 2], [1, 2], 1), ShapeError, /np\.polyfit: y is/],
    ['isin option', () => np.isin(x, x, { assumeUnique: true } as never), ArgumentError, /np\.isin/],
  ] as const)('%s', (_name, f, E, msg) => {
    expect(f).toThrow(E);
    expect(f).toThrow(msg);
  });
});

describe('numpy more: zero-size inputs', () => {
  const e = (shape: number[]) => np.zeros(shape);
  it.each([
    ['quantile over a non-empty axis of an empty batch', () => np.quantile(e([0, 3]), 0.5, { axis: 1 }), [0]],
    ['average of an empty batch', () => np.average(e([0, 3]), { axis: 1 }), [0]],
    ['ptp', () => np.ptp(e([0, 3]), 1), [0]],
    ['histogram of nothing', () => np.histogram(e([0]), { bins: 3, range: [0, 1] })[0], [3]],
    ['bincount of nothing', () => np.bincount(np.zeros([0], 'int32'), { length: 4 }), [4]],
    ['polyval at no points', () => np.polyval(np.ones([3]), e([0])), [0]],
    ['trapezoid over one point', () => np.trapezoid(e([2, 1])), [2]],
    ['interp at no points', () => np.interp(e([0]), np.array([0, 1]), np.array([1, 2])), [0]],
    ['kron with an empty factor', () => np.kron(e([0, 2]), np.ones([2, 2])), [0, 4]],
    ['inner of empty vectors', () => np.inner(e([0]), e([0])), []],
    ['cross of an empty batch', () => np.cross(e([0, 3]), e([0, 3])), [0, 3]],
    ['unique of nothing with a fill', () => np.unique(e([0]), { size: 2, fillValue: 5 }), [2]],
    ['isin against nothing', () => np.isin(np.ones([3]), e([0])), [3]],
    ['lgamma of nothing', () => np.lgamma(e([0])), [0]],
    ['logspace of 0 points', () => np.logspace(0, 1, 0), [0]],
  ] as const)('%s', async (_name, f, shape) => {
    expect(f().shape).toEqual(shape);
  });
  it('empty sums are 0: a histogram of nothing, an inner product of empty vectors', async () => {
    expect(Array.from(host(np.histogram(np.zeros([0]), { bins: 3, range: [0, 1] })[0]))).toEqual([0, 0, 0]);
    expect(Array.from(host(np.inner(np.zeros([0]), np.zeros([0]))))).toEqual([0]);
    expect(Array.from(host(np.trapezoid(np.zeros([2, 1]))))).toEqual([0, 0]);
  });
});
