/**
 * np.fft (issue 13): NumPy's answers (spec/fixtures/fft.py, float64) for every transform, option
 * and algorithm path (direct, four-step, Bluestein); a direct float64 DFT on the host as the
 * oracle at many lengths; round trips and Parseval; jvp against finite differences and vjp by the
 * dot-product test (⟨vjp(ct), t⟩ = ⟨ct, jvp(t)⟩) in float64; vmap against a loop; WebGPU (float32,
 * eager and jit) against the CPU interpreter; the named errors.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { np, jit, jvp, vjp, vmap, useBackend, Tensor, errors } from '../src/index.js';
import type { Complex } from '../src/numpy/fft.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { Rng, f64, host, relErr, dot, finiteDifference, concat } from './helpers/check.js';

type Nested = number | Nested[];
interface TransformCase { call: string; opts: Record<string, unknown>; re: Nested; im?: Nested; shape: number[]; want_re: Nested; want_im?: Nested; want_shape: number[] }
const FIX: {
  transforms: Record<string, TransformCase>;
  freqs: Record<string, { call: 'fftfreq' | 'rfftfreq'; n: number; d: number; want: number[] }>;
  shifts: Record<string, { call: 'fftshift' | 'ifftshift'; axes: number[] | null; x: Nested; want: Nested }>;
} = JSON.parse(readFileSync(new URL('./fixtures/fft.json', import.meta.url), 'utf8'));

const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
const arr = (v: Nested, shape: number[], dtype: 'float64' | 'float32' = 'float64') =>
  np.array(dtype === 'float64' ? Float64Array.from(flat(v)) : Float32Array.from(flat(v)), { dtype, shape });

type AnyFft = (a: Tensor | Complex, o?: object) => Complex | Tensor;
const CALL: Record<string, AnyFft> = {
  fft: np.fft.fft, ifft: np.fft.ifft, rfft: np.fft.rfft as AnyFft, irfft: np.fft.irfft,
  fft2: np.fft.fft2, ifft2: np.fft.ifft2, fftn: np.fft.fftn, ifftn: np.fft.ifftn,
};
const input = (c: TransformCase, dtype: 'float64' | 'float32' = 'float64'): Tensor | Complex =>
  c.im === undefined ? arr(c.re, c.shape, dtype) : { re: arr(c.re, c.shape, dtype), im: arr(c.im, c.shape, dtype) };
const parts = (r: Complex | Tensor): Tensor[] => (r instanceof Tensor ? [r] : [r.re, r.im]);

/** Largest |got − want| over the largest |want| (a relative error in the max norm). */
function maxRel(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let e = 0, s = 0;
  for (let i = 0; i < want.length; i++) { e = Math.max(e, Math.abs(got[i] - want[i])); s = Math.max(s, Math.abs(want[i])); }
  return Number.isNaN(e) ? Infinity : e / Math.max(s, 1e-300);
}

/** The oracle: the DFT along the last axis by its definition, in float64 on the host. */
function hostDft(re: Float64Array, im: Float64Array, n: number, sign: number): [Float64Array, Float64Array] {
  const rows = re.length / n, outR = new Float64Array(re.length), outI = new Float64Array(re.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < n; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) {
        const t = (sign * 2 * Math.PI * ((j * k) % n)) / n, c = Math.cos(t), s = Math.sin(t);
        sr += re[r * n + j] * c - im[r * n + j] * s;
        si += re[r * n + j] * s + im[r * n + j] * c;
      }
      outR[r * n + k] = sr; outI[r * n + k] = si;
    }
  }
  return [outR, outI];
}

beforeEach(async () => { await useBackend('cpu'); });

describe('np.fft: NumPy known answers (float64)', () => {
  it.each(Object.keys(FIX.transforms))('%s', (name) => {
    const c = FIX.transforms[name];
    const r = CALL[c.call](input(c), c.opts);
    const [re, im] = parts(r);
    expect(re.shape).toEqual(c.want_shape);
    expect(re.dtype).toBe('float64');
    const want = concat([flat(c.want_re), ...(c.want_im ? [flat(c.want_im)] : [])]);
    expect(im === undefined).toBe(c.want_im === undefined);
    expect(maxRel(concat([host(re), ...(im ? [host(im)] : [])]), want)).toBeLessThan(1e-12);
  });

  it.each(Object.keys(FIX.freqs))('%s', (name) => {
    const c = FIX.freqs[name];
    const got = np.fft[c.call](c.n, c.d, 'float64');
    expect(Array.from(host(got))).toEqual(c.want);
    expect(maxRel(host(np.fft[c.call](c.n, c.d)), c.want)).toBeLessThan(1e-7);
  });

  it.each(Object.keys(FIX.shifts))('%s', (name) => {
    const c = FIX.shifts[name];
    const shape = (function s(v: Nested): number[] { return Array.isArray(v) ? [v.length, ...s(v[0])] : []; })(c.x);
    const x = arr(c.x, shape);
    const got = np.fft[c.call](x, c.axes);
    expect(Array.from(host(got))).toEqual(flat(c.want));
    const z = np.fft[c.call]({ re: x, im: np.negative(x) }, c.axes);
    expect(Array.from(host(z.im), (v) => -v + 0)).toEqual(flat(c.want).map((v) => v + 0));
  });
});

describe('np.fft: against the direct DFT at every length 1..70 and across the algorithm paths', () => {
  const lengths = [...Array.from({ length: 70 }, (_, i) => i + 1), 72, 96, 127, 128, 130, 139, 192, 210, 257, 289, 512, 521, 1031, 2048];
  it.each(lengths)('n = %i: fft and ifft of a complex batch', (n) => {
    const r = new Rng(n);
    const rows = n > 600 ? 1 : 3;
    const re = f64([rows, n], () => r.normal()), im = f64([rows, n], () => r.normal());
    for (const sign of [-1, 1]) {
      const [wr, wi] = hostDft(host(re), host(im), n, sign);
      const got = sign < 0 ? np.fft.fft({ re, im }) : np.fft.ifft({ re, im }, { norm: 'forward' });
      expect(maxRel(concat([host(got.re), host(got.im)]), concat([wr, wi])), `sign ${sign}`).toBeLessThan(1e-12);
    }
  });
});

describe('np.fft: identities', () => {
  it('round trips: ifft∘fft, irfft∘rfft (odd and even n), ifftn∘fftn, every norm', () => {
    const r = new Rng(3);
    for (const n of [1, 6, 7, 64, 90, 131]) {
      const x = f64([2, n], () => r.normal());
      for (const norm of ['backward', 'ortho', 'forward'] as const) {
        const back = np.fft.ifft(np.fft.fft(x, { norm }), { norm });
        expect(maxRel(host(back.re), host(x)), `fft ${n} ${norm}`).toBeLessThan(1e-12);
        expect(Math.max(...host(back.im).map(Math.abs)), `fft ${n} ${norm}: imaginary part`).toBeLessThan(1e-12);
        expect(maxRel(host(np.fft.irfft(np.fft.rfft(x, { norm }), { n, norm })), host(x)), `rfft ${n} ${norm}`).toBeLessThan(1e-12);
      }
    }
    const y = f64([3, 5, 4], () => r.normal());
    expect(maxRel(host(np.fft.ifftn(np.fft.fftn(y)).re), host(y))).toBeLessThan(1e-12);
  });

  it("Parseval: ‖x‖² = ‖fft(x)‖²/n, and 'ortho' is unitary", () => {
    const r = new Rng(4);
    for (const n of [5, 32, 77, 200]) {
      const x = f64([n], () => r.normal());
      const X = np.fft.fft(x), O = np.fft.fft(x, { norm: 'ortho' });
      const energy = dot(host(x), host(x));
      const spec = dot(host(X.re), host(X.re)) + dot(host(X.im), host(X.im));
      expect(Math.abs(spec / n - energy) / energy).toBeLessThan(1e-12);
      expect(Math.abs(dot(host(O.re), host(O.re)) + dot(host(O.im), host(O.im)) - energy) / energy).toBeLessThan(1e-12);
    }
  });

  it('integer input becomes float32, and fft of a real array equals fft of { re, im: 0 }', () => {
    expect(np.fft.fft(np.arange(4)).re.dtype).toBe('float32');
    const x = f64([9], (i) => Math.cos(i * i));
    const a = np.fft.fft(x), b = np.fft.fft({ re: x, im: np.zerosLike(x) });
    expect(maxRel(concat([host(a.re), host(a.im)]), concat([host(b.re), host(b.im)]))).toBeLessThan(1e-14);
  });
});

// --- derivatives and vmap -----------------------------------------------------------------------

interface Smooth { fn: (re: Tensor, im: Tensor) => Tensor[]; shape: number[] }
const SMOOTH: Record<string, Smooth> = {
  'fft 8': { fn: (re, im) => parts(np.fft.fft({ re, im })), shape: [2, 8] },
  'fft 100 (four-step)': { fn: (re, im) => parts(np.fft.fft({ re, im })), shape: [100] },
  'fft 139 (Bluestein)': { fn: (re, im) => parts(np.fft.fft({ re, im }, { norm: 'ortho' })), shape: [139] },
  'ifft n 6 axis 0': { fn: (re, im) => parts(np.fft.ifft({ re, im }, { n: 6, axis: 0 })), shape: [4, 3] },
  'rfft 9': { fn: (re) => parts(np.fft.rfft(re)), shape: [2, 9] },
  'rfft 90': { fn: (re) => parts(np.fft.rfft(re, { norm: 'forward' })), shape: [90] },
  'irfft 5': { fn: (re, im) => parts(np.fft.irfft({ re, im })), shape: [2, 5] },
  'irfft 70 n 139': { fn: (re, im) => parts(np.fft.irfft({ re, im }, { n: 139 })), shape: [70] },
  'fft2': { fn: (re, im) => parts(np.fft.fft2({ re, im })), shape: [3, 4, 5] },
  'ifftn s': { fn: (re, im) => parts(np.fft.ifftn({ re, im }, { s: [3, 7] })), shape: [4, 5] },
  'fftshift': { fn: (re, im) => parts(np.fft.fftshift({ re, im })), shape: [3, 5] },
};

describe('np.fft: derivatives (float64)', () => {
  it.each(Object.keys(SMOOTH))('%s: jvp by finite differences, vjp by the dot-product test', (name) => {
    const c = SMOOTH[name];
    const r = new Rng(name.length * 31);
    const xs: [Tensor, Tensor] = [f64(c.shape, () => r.normal()), f64(c.shape, () => r.normal())];
    const ts: [Tensor, Tensor] = [f64(c.shape, () => r.normal()), f64(c.shape, () => r.normal())];
    const fd = finiteDifference(c.fn, xs, ts, [0, 1], 1e-3);
    const [outs, touts] = jvp(c.fn, xs, ts);
    (touts as Tensor[]).forEach((t, k) => expect(relErr(host(t), fd[k]), `${name} jvp output ${k}`).toBeLessThan(1e-9));
    const cts = (outs as Tensor[]).map((o) => f64(o.shape, () => r.normal()));
    const [, pull] = vjp(c.fn, ...xs);
    const back = pull(cts) as Tensor[];
    const lhs = back.reduce((s, b, i) => s + dot(host(b), host(ts[i])), 0);
    const rhs = (touts as Tensor[]).reduce((s, t, k) => s + dot(host(t), host(cts[k])), 0);
    expect(Math.abs(lhs - rhs) / Math.max(1, Math.abs(rhs)), `${name} vjp`).toBeLessThan(1e-10);
  });

  it.each(Object.keys(SMOOTH))('%s: vmap equals a loop', (name) => {
    const c = SMOOTH[name];
    const r = new Rng(9);
    const B = 3;
    const xs: [Tensor, Tensor] = [f64([B, ...c.shape], () => r.normal()), f64([B, ...c.shape], () => r.normal())];
    const batched = vmap(c.fn)(...xs) as Tensor[];
    const rows = Array.from({ length: B }, (_, b) => c.fn(...xs.map((x) => np.take(x, [b], 0).reshape(x.shape.slice(1))) as [Tensor, Tensor]));
    batched.forEach((t, k) => {
      expect(t.shape).toEqual([B, ...rows[0][k].shape]);
      expect(maxRel(host(t), concat(rows.map((row) => host(row[k]))))).toBeLessThan(1e-13);
    });
  });
});

// --- WebGPU -------------------------------------------------------------------------------------

describeWebGPU('np.fft on WebGPU (float32) against the CPU interpreter', () => {
  afterAll(async () => { await useBackend('cpu'); });
  const cases = ['fft real 12', 'fft real 100', 'fft real 263', 'fft complex 16', 'ifft complex 137', 'fft norm ortho',
    'rfft 7', 'rfft 129', 'irfft 5 n 9', 'irfft 70 n 131', 'fft2', 'ifft2', 'ifftn ortho', 'fftn s', 'fft axis 1 n 9', 'fft2 real'];
  it.each(cases)('%s: eager and jit within 1e-5 of the oracle', async (name) => {
    const c = FIX.transforms[name];
    const f = (...xs: Tensor[]) => parts(CALL[c.call](xs.length === 2 ? { re: xs[0], im: xs[1] } : xs[0], c.opts));
    const ins = parts(input(c, 'float32'));
    await useBackend('cpu');
    const want = f(...ins).map(host);
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
      const got = g(...parts(input(c, 'float32')));
      for (let k = 0; k < want.length; k++) {
        const data = Float64Array.from(await got[k].data() as Float32Array);
        expect(maxRel(data, want[k]), `${name} ${mode} output ${k}`).toBeLessThan(1e-5);
      }
    }
  });

  it('fftfreq, rfftfreq, fftshift, ifftshift as on the CPU', async () => {
    const f = (x: Tensor) => [np.fft.fftshift(np.add(x, np.fft.fftfreq(7, 0.5))), np.fft.ifftshift(np.multiply(x, np.fft.rfftfreq(12).reshape([7, 1])), [0])];
    const x = np.array(Float32Array.from({ length: 7 }, (_, i) => Math.sin(i)));
    const want = f(x).map(host);
    await useBackend('webgpu');
    for (const g of [f, jit(f)]) {
      const got = g(np.array(Float32Array.from({ length: 7 }, (_, i) => Math.sin(i))));
      for (let k = 0; k < 2; k++) expect(maxRel(Float64Array.from(await got[k].data() as Float32Array), want[k])).toBeLessThan(1e-6);
    }
  });

  it('grad through fft under jit on WebGPU equals the CPU', async () => {
    const { grad } = await import('../src/index.js');
    const loss = (x: Tensor) => { const X = np.fft.rfft(x); return np.sum(np.add(np.multiply(X.re, X.re), np.multiply(X.im, X.im))); };
    const x = np.array(Float32Array.from({ length: 96 }, (_, i) => Math.cos(0.3 * i * i)));
    const want = host(grad(loss)(x));
    await useBackend('webgpu');
    const got = Float64Array.from(await jit(grad(loss))(np.array(Float32Array.from({ length: 96 }, (_, i) => Math.cos(0.3 * i * i)))).data() as Float32Array);
    expect(maxRel(got, want)).toBeLessThan(1e-5);
  });
});

// --- errors -------------------------------------------------------------------------------------

describe('np.fft: arguments not understood are named errors', () => {
  const { ArgumentError, ShapeError, DTypeError } = errors;
  const x = np.ones([4]);
  it.each([
    ['a scalar', () => np.fft.fft(np.array(1)), ShapeError, /np\.fft\.fft: the input is a scalar/],
    ['n = 0', () => np.fft.fft(x, { n: 0 }), ArgumentError, /np\.fft\.fft: n/],
    ['an axis out of range', () => np.fft.fft(x, { axis: 1 }), ShapeError, /np\.fft\.fft/],
    ['an unknown norm', () => np.fft.ifft(x, { norm: 'unitary' as never }), ArgumentError, /np\.fft\.ifft: norm/],
    ['an unknown option', () => np.fft.fft(x, { axes: [0] } as never), ArgumentError, /np\.fft\.fft/],
    ['mismatched re and im', () => np.fft.fft({ re: x, im: np.ones([3]) }), ShapeError, /imaginary part/],
    ['complex input to rfft', () => np.fft.rfft({ re: x, im: x } as never), DTypeError, /np\.fft\.rfft: the input is a complex/],
    ['irfft of one point', () => np.fft.irfft(np.ones([1])), ShapeError, /np\.fft\.irfft: invalid number of data points \(0\)/],
    ['s and axes of different lengths', () => np.fft.fftn(np.ones([2, 2]), { s: [2], axes: [0, 1] }), ShapeError, /np\.fft\.fftn: s has 1/],
    ['s longer than the rank', () => np.fft.fftn(x, { s: [2, 2] }), ShapeError, /np\.fft\.fftn: s has 2/],
    ['fftfreq of 0', () => np.fft.fftfreq(0), ArgumentError, /np\.fft\.fftfreq: n/],
    ['a zero spacing', () => np.fft.rfftfreq(4, 0), ArgumentError, /np\.fft\.rfftfreq: the sample spacing d is 0/],
    ['an integer dtype of frequencies', () => np.fft.fftfreq(4, 1, 'int32'), DTypeError, /np\.fft\.fftfreq: dtype int32/],
    ['fftshift axis out of range', () => np.fft.fftshift(x, 2), ShapeError, /np\.fft\.fftshift/],
  ] as const)('%s', (_name, f, E, msg) => {
    expect(f).toThrow(E);
    expect(f).toThrow(msg);
  });
});

describe('np.fft: zero-size inputs', () => {
  it('an empty batch transforms to an empty batch; fftfreq-style helpers keep shapes', () => {
    const e = np.zeros([0, 4]);
    expect(np.fft.fft(e).re.shape).toEqual([0, 4]);
    expect(np.fft.rfft(e).im.shape).toEqual([0, 3]);
    expect(np.fft.irfft(e).shape).toEqual([0, 6]);
    expect(np.fft.fft2(np.zeros([0, 3, 5])).re.shape).toEqual([0, 3, 5]);
    expect(np.fft.fftshift(e).shape).toEqual([0, 4]);
    expect(() => np.fft.fft(e, { axis: 0 })).toThrow(/np\.fft\.fft: invalid number of data points \(0\)/);
  });
});
