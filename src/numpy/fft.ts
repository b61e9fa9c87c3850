/**
 * np.fft: discrete Fourier transforms with NumPy's `n`, `axis`/`axes`, `s` and `norm` arguments.
 *
 * fluxion has no complex dtype, so a complex array is a pair of real arrays of one shape and dtype,
 * `{ re, im }` (a {@link Complex}). Every transform returns one (irfft returns a real array), and
 * every transform takes either a real array or such a pair. A pair is a pytree, so `grad`, `vmap`
 * and `jit` see two ordinary arrays: `grad((x) => np.sum(np.fft.fft(x).re))` just works.
 * (A trailing axis of size 2 was the alternative; it makes `axis=-1` mean two things, and a real
 * input with a last axis of 2 indistinguishable from a complex one.)
 *
 * Every transform is a composition of linear primitives, so jvp (the transform of the tangent),
 * transpose (the adjoint transform), vmap and the WebGPU lowering come from theirs:
 * - n ≤ DIRECT_MAX, or no factor left: one dot_general with the constant DFT matrix (re and im side
 *   by side: a [.., 2n] @ [2n, 2n] product), the fastest at these sizes on every backend;
 * - n = n1·n2 composite: the four-step Cooley–Tukey split (transforms of length n1 along one axis,
 *   a constant twiddle product, transforms of length n2 along the other), recursively, O(n·Σ factors);
 * - a large n with a large prime factor: Bluestein's chirp-z, a convolution of a power-of-two length
 *   done by the power-of-two transform above.
 * The constant matrices and chirps are computed in float64 on the host and stored in the input's
 * float dtype, so float32 results carry float32 rounding only once per stage.
 */
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { isFloat, type DType } from '../core/dtype.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';

/** A complex array: real and imaginary parts, two arrays of one shape and float dtype. */
export interface Complex { readonly re: Tensor; readonly im: Tensor }

/** `'backward'` (NumPy's default: the inverse divides by n), `'ortho'` (both by √n), `'forward'`. */
export type FftNorm = 'backward' | 'ortho' | 'forward';

/**
 * Below this length (and for lengths without a usable factor), the DFT is one matrix product.
 * Measured on lavapipe (jit, complex [65536/n, n] batches): at n = 256 the four-step split took
 * 10 ms against 90 ms for the direct product, at 128 35 against 51 ms; at 32–64 the direct product
 * was as fast or faster (the split's transposes cost more than the n² work saved).
 */
const DIRECT_MAX = 64;

const NORMS: readonly FftNorm[] = ['backward', 'ortho', 'forward'];

/** A complex value inside this file: `im` null means exactly zero (a real input), saving work. */
interface Cx { re: Tensor; im: Tensor | null }

function isComplexLike(a: unknown): a is { re: unknown; im: unknown } {
  return typeof a === 'object' && a !== null && !isTensor(a) && !Array.isArray(a) && !ArrayBuffer.isView(a) && 're' in a && 'im' in a;
}

const floatDtype = (d: DType): DType => (isFloat(d) ? d : 'float32');

/** The operand as a float complex value (an integer or bool input becomes float32, as JAX's complex64). */
function complexOperand(op: string, a: ArrayLike | Complex): Cx {
  if (isComplexLike(a)) {
    const re = operandTensor(op, a.re as ArrayLike, undefined, 'the real part');
    const im = operandTensor(op, a.im as ArrayLike, undefined, 'the imaginary part');
    if (re.shape.length !== im.shape.length || re.shape.some((d, i) => d !== im.shape[i])) {
      throw new ShapeError(`${op}: the real part is ${re.aval} but the imaginary part is ${im.aval}; a complex array { re, im } needs both of one shape.`);
    }
    const dt = re.dtype === 'float64' || im.dtype === 'float64' ? 'float64' : 'float32';
    return { re: lax.cast(re, dt), im: lax.cast(im, dt) };
  }
  const x = operandTensor(op, a as ArrayLike);
  return { re: lax.cast(x, floatDtype(x.dtype)), im: null };
}

function realOperand(op: string, a: ArrayLike): Tensor {
  if (isComplexLike(a)) {
    throw new DTypeError(`${op}: the input is a complex array { re, im }; ${op} transforms real input. Use np.fft.fft for complex input (or pass its .re).`);
  }
  const x = operandTensor(op, a);
  return lax.cast(x, floatDtype(x.dtype));
}

const out = (c: Cx): Complex => ({ re: c.re, im: c.im ?? lax.zerosLike(c.re) });

function constant(op: string, data: Float64Array, shape: number[], dtype: DType): Tensor {
  return arrayFor(op, dtype === 'float64' ? data : Float32Array.from(data), { dtype, shape });
}

/** cos and sin of 2π·(j·k mod n)/n: the reduction keeps the angle exact for large j·k. */
function angle(jk: number, n: number): number {
  return (2 * Math.PI * (jk % n)) / n;
}

// --- the 1-D transform along the last axis ------------------------------------------------------

const lastSlice = (x: Tensor, start: number, stop: number): Tensor =>
  lax.slice(x, x.shape.map((_, d) => (d === x.ndim - 1 ? start : 0)), x.shape.map((n, d) => (d === x.ndim - 1 ? stop : n)));

const cmap = (c: Cx, f: (t: Tensor) => Tensor): Cx => ({ re: f(c.re), im: c.im && f(c.im) });

/**
 * The DFT of length n = c's last axis, keeping outputs 0..m-1: X_k = Σ_j x_j e^{sign·2πi·jk/n}.
 * `sign` is −1 for the forward transform, +1 for the inverse (unscaled).
 */
function dft(op: string, c: Cx, sign: number, m?: number): Cx {
  const n = c.re.shape[c.re.ndim - 1];
  const keep = m ?? n;
  if (n <= 1 || c.re.size === 0) return keep === n ? c : cmap(c, (t) => lastSlice(t, 0, keep));
  if (n > DIRECT_MAX) {
    const f = splitFactor(n);
    if (f !== 0) {
      const r = fourStep(op, c, sign, f, n / f);
      return keep === n ? r : cmap(r, (t) => lastSlice(t, 0, keep));
    }
    if (n > 2 * DIRECT_MAX) {
      const r = bluestein(op, c, sign);
      return keep === n ? r : cmap(r, (t) => lastSlice(t, 0, keep));
    }
  }
  return direct(op, c, sign, keep);
}

/** One matrix product with the DFT matrix; the real-input case uses only its top half. */
function direct(op: string, c: Cx, sign: number, m: number): Cx {
  const n = c.re.shape[c.re.ndim - 1];
  const dt = c.re.dtype;
  const rows = c.im ? 2 * n : n;
  const w = new Float64Array(rows * 2 * m);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) {
      const t = angle(j * k, n), cs = Math.cos(t), sn = sign * Math.sin(t);
      // Row j (re input): [cos | s·sin]; row n + j (im input): [−s·sin | cos].
      w[j * 2 * m + k] = cs;
      w[j * 2 * m + m + k] = sn;
      if (c.im) {
        w[(n + j) * 2 * m + k] = -sn;
        w[(n + j) * 2 * m + m + k] = cs;
      }
    }
  }
  const x = c.im ? lax.concatenate([c.re, c.im], c.re.ndim - 1) : c.re;
  const y = lax.dotGeneral(x, constant(op, w, [rows, 2 * m], dt), [[x.ndim - 1], [0]]);
  return { re: lastSlice(y, 0, m), im: lastSlice(y, m, 2 * m) };
}

/** The divisor of n closest to √n from below, or 0 when n is prime (or its best split is lopsided). */
function splitFactor(n: number): number {
  for (let f = Math.floor(Math.sqrt(n)); f >= 2; f--) {
    if (n % f === 0) {
      // A split into a tiny factor and a huge prime cofactor does not help: Bluestein does better.
      const g = n / f;
      return g > DIRECT_MAX && largestPrimeFactor(g) > 2 * DIRECT_MAX ? 0 : f;
    }
  }
  return 0;
}

function largestPrimeFactor(n: number): number {
  let p = 1;
  for (let f = 2; f * f <= n; f++) while (n % f === 0) { p = f; n /= f; }
  return n > 1 ? n : p;
}

function complexMul(op: string, c: Cx, wr: Float64Array, wi: Float64Array, shape: number[]): Cx {
  const dt = c.re.dtype;
  const a = constant(op, wr, shape, dt), b = constant(op, wi, shape, dt);
  const bc = (t: Tensor) => lax.broadcastInDim(t, c.re.shape, shape.map((_, i) => c.re.ndim - shape.length + i));
  const A = bc(a), B = bc(b);
  if (!c.im) return { re: lax.mul(c.re, A), im: lax.mul(c.re, B) };
  return { re: lax.sub(lax.mul(c.re, A), lax.mul(c.im, B)), im: lax.add(lax.mul(c.re, B), lax.mul(c.im, A)) };
}

/**
 * Four-step Cooley–Tukey for n = n1·n2: with j = n2·j1 + j2 and k = k1 + n1·k2,
 * X[k] = Σ_j2 e^{s·2πi·j2·k1/n} (Σ_j1 x[n2·j1 + j2] e^{s·2πi·j1·k1/n1}) e^{s·2πi·j2·k2/n2}.
 */
function fourStep(op: string, c: Cx, sign: number, n1: number, n2: number): Cx {
  const lead = c.re.shape.slice(0, -1), L = lead.length, n = n1 * n2;
  // [.., j1, j2] → [.., j2, j1]: the inner transform runs over j1, the last axis.
  const perm = [...lead.map((_, i) => i), L + 1, L];
  let y = cmap(c, (t) => lax.transpose(lax.reshape(t, [...lead, n1, n2]), perm));
  y = dft(op, y, sign); // [.., j2, k1]
  const wr = new Float64Array(n2 * n1), wi = new Float64Array(n2 * n1);
  for (let j2 = 0; j2 < n2; j2++) {
    for (let k1 = 0; k1 < n1; k1++) {
      const t = angle(j2 * k1, n);
      wr[j2 * n1 + k1] = Math.cos(t);
      wi[j2 * n1 + k1] = sign * Math.sin(t);
    }
  }
  y = complexMul(op, y, wr, wi, [n2, n1]);
  y = cmap(y, (t) => lax.transpose(t, perm)); // [.., k1, j2]
  y = dft(op, y, sign); // [.., k1, k2]
  // k = k1 + n1·k2: k2 is the slower index.
  return cmap(y, (t) => lax.reshape(lax.transpose(t, perm), [...lead, n]));
}

const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

/**
 * Bluestein: with j·k = (j² + k² − (k−j)²)/2, X_k = c_k Σ_j (x_j c_j) conj(c_{k−j}), c_m = e^{s·πi·m²/n},
 * a linear convolution computed as a circular one of power-of-two length M ≥ 2n − 1.
 */
function bluestein(op: string, c: Cx, sign: number): Cx {
  const n = c.re.shape[c.re.ndim - 1], M = nextPow2(2 * n - 1), dt = c.re.dtype;
  const cr = new Float64Array(n), ci = new Float64Array(n);
  for (let m = 0; m < n; m++) {
    const t = (Math.PI * ((m * m) % (2 * n))) / n;
    cr[m] = Math.cos(t); ci[m] = sign * Math.sin(t);
  }
  // The kernel b_m = conj(c_m) for |m| < n, wrapped circularly, and its forward DFT, on the host.
  const br = new Float64Array(M), bi = new Float64Array(M);
  for (let m = 0; m < n; m++) {
    br[m] = cr[m]; bi[m] = -ci[m];
    if (m > 0) { br[M - m] = cr[m]; bi[M - m] = -ci[m]; }
  }
  const [Br, Bi] = hostDft(br, bi, -1);
  const a = complexMul(op, c, cr, ci, [n]);
  const pad = (t: Tensor) => lax.pad(t, t.shape.map(() => 0), t.shape.map((_, d) => (d === t.ndim - 1 ? M - n : 0)));
  let y = dft(op, cmap(a, pad), -1);
  // Pointwise by the kernel's transform, scaled by 1/M for the inverse transform that follows.
  y = complexMul(op, y, Br.map((v) => v / M), Bi.map((v) => v / M), [M]);
  y = dft(op, y, +1, n);
  return complexMul(op, y, cr, ci, [n]);
}

/** A float64 power-of-two FFT on the host (radix-2, iterative), for constant kernels. */
function hostDft(re: Float64Array, im: Float64Array, sign: number): [Float64Array, Float64Array] {
  const n = re.length, xr = Float64Array.from(re), xi = Float64Array.from(im);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) { [xr[i], xr[j]] = [xr[j], xr[i]]; [xi[i], xi[j]] = [xi[j], xi[i]]; }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const t = (2 * Math.PI * k) / len, wr = Math.cos(t), wi = sign * Math.sin(t);
        const ur = xr[i + k], ui = xi[i + k];
        const vr = xr[i + k + half] * wr - xi[i + k + half] * wi, vi = xr[i + k + half] * wi + xi[i + k + half] * wr;
        xr[i + k] = ur + vr; xi[i + k] = ui + vi;
        xr[i + k + half] = ur - vr; xi[i + k + half] = ui - vi;
      }
    }
  }
  return [xr, xi];
}

// --- axes, lengths and normalisation ------------------------------------------------------------

/** Truncates or zero-pads `x` along `axis` to length n. */
function resize(x: Tensor, axis: number, n: number): Tensor {
  const have = x.shape[axis];
  if (have === n) return x;
  if (have > n) return lax.slice(x, x.shape.map(() => 0), x.shape.map((d, i) => (i === axis ? n : d)));
  return lax.pad(x, x.shape.map(() => 0), x.shape.map((_, i) => (i === axis ? n - have : 0)));
}

/** Runs `f` (a last-axis transform) along `axis`: moves the axis last and back. */
function alongAxis(c: Cx, axis: number, f: (c: Cx) => Cx): Cx {
  const nd = c.re.ndim;
  if (axis === nd - 1) return f(c);
  const perm = [...Array(nd).keys()].filter((d) => d !== axis).concat(axis);
  const inv = perm.map((_, i) => perm.indexOf(i));
  return cmap(f(cmap(c, (t) => lax.transpose(t, perm))), (t) => lax.transpose(t, inv));
}

function normOf(op: string, norm: unknown): FftNorm {
  return norm === undefined || norm === null ? 'backward' : validate.oneOf(op, 'norm', norm, NORMS);
}

/** The factor a transform of length n is multiplied by under `norm`. */
function scaleOf(norm: FftNorm, n: number, inverse: boolean): number {
  if (norm === 'ortho') return 1 / Math.sqrt(n);
  return (norm === 'forward') !== inverse ? 1 / n : 1;
}

const scaled = (c: Cx, s: number): Cx => (s === 1 ? c : cmap(c, (t) => lax.mul(t, lax.fullLike(t, s))));

function lengthArg(op: string, n: unknown, name = 'n'): number | undefined {
  return n === undefined || n === null ? undefined : validate.integer(op, name, n, { min: 1 });
}

function needsAxis(op: string, x: Tensor): void {
  if (x.ndim === 0) throw new ShapeError(`${op}: the input is a scalar (${x.aval}); a transform needs at least one axis.`);
}

/** Options of the 1-D transforms. */
export interface FftOptions { n?: number | null; axis?: number; norm?: FftNorm | null }
/** Options of the n-D transforms: `s` the lengths, `axes` the axes (NumPy's defaults). */
export interface FftnOptions { s?: readonly number[] | null; axes?: readonly number[] | null; norm?: FftNorm | null }

function oneDim(op: string, a: ArrayLike | Complex, opts: unknown, inverse: boolean): Complex {
  const o = validate.options<FftOptions>(op, opts ?? {}, ['n', 'axis', 'norm'], "{ n: 16, axis: -1, norm: 'ortho' }");
  const c = complexOperand(op, a);
  needsAxis(op, c.re);
  const axis = validate.axis(op, (o.axis === undefined ? -1 : o.axis), c.re.ndim);
  const n = lengthArg(op, o.n) ?? c.re.shape[axis];
  if (n === 0) {
    throw new ShapeError(`${op}: invalid number of data points (0) along axis ${axis} of ${c.re.aval}; give n ≥ 1.`);
  }
  const r = alongAxis(cmap(c, (t) => resize(t, axis, n)), axis, (y) => dft(op, y, inverse ? 1 : -1));
  return out(scaled(r, scaleOf(normOf(op, o.norm), n, inverse)));
}

/**
 * The 1-D discrete Fourier transform along `axis` (default −1), as `numpy.fft.fft`: a real array
 * or a complex `{ re, im }` in, a complex `{ re, im }` out; `n` truncates or zero-pads the input.
 * @example const { re, im } = np.fft.fft(np.array([1, 2, 3, 4])); // re [10, -2, -2, -2], im [0, 2, 0, -2]
 */
export function fft(a: ArrayLike | Complex, opts?: FftOptions): Complex {
  return oneDim('np.fft.fft', a, opts, false);
}

/**
 * The inverse of {@link fft} (divides by n under the default norm 'backward').
 * @example np.fft.ifft({ re: np.array([10, -2, -2, -2]), im: np.array([0, 2, 0, -2]) }).re; // → [1, 2, 3, 4]
 */
export function ifft(a: ArrayLike | Complex, opts?: FftOptions): Complex {
  return oneDim('np.fft.ifft', a, opts, true);
}

/**
 * The FFT of a real array, keeping the n/2 + 1 non-negative frequencies, as `numpy.fft.rfft`.
 * @example np.fft.rfft(np.array([1, 2, 3, 4])).re; // → [10, -2, -2]
 */
export function rfft(a: ArrayLike, opts?: FftOptions): Complex {
  const op = 'np.fft.rfft';
  const o = validate.options<FftOptions>(op, opts ?? {}, ['n', 'axis', 'norm'], "{ n: 16, axis: -1, norm: 'ortho' }");
  const x = realOperand(op, a);
  needsAxis(op, x);
  const axis = validate.axis(op, (o.axis === undefined ? -1 : o.axis), x.ndim);
  const n = lengthArg(op, o.n) ?? x.shape[axis];
  if (n === 0) throw new ShapeError(`${op}: invalid number of data points (0) along axis ${axis} of ${x.aval}; give n ≥ 1.`);
  const r = alongAxis({ re: resize(x, axis, n), im: null }, axis, (y) => dft(op, y, -1, Math.floor(n / 2) + 1));
  return out(scaled(r, scaleOf(normOf(op, o.norm), n, false)));
}

/**
 * The inverse of {@link rfft}: n/2 + 1 non-negative frequencies in (a Hermitian spectrum's half),
 * a real array of length `n` (default 2·(m − 1)) out, as `numpy.fft.irfft`. The imaginary parts of
 * the zero frequency (and of the Nyquist one for even n) are ignored, as NumPy does.
 * @example np.fft.irfft({ re: np.array([10, -2, -2]), im: np.array([0, 2, 0]) }); // → [1, 2, 3, 4]
 */
export function irfft(a: ArrayLike | Complex, opts?: FftOptions): Tensor {
  const op = 'np.fft.irfft';
  const o = validate.options<FftOptions>(op, opts ?? {}, ['n', 'axis', 'norm'], "{ n: 16, axis: -1, norm: 'ortho' }");
  const c = complexOperand(op, a);
  needsAxis(op, c.re);
  const axis = validate.axis(op, (o.axis === undefined ? -1 : o.axis), c.re.ndim);
  const m = c.re.shape[axis];
  const n = lengthArg(op, o.n) ?? 2 * (m - 1);
  if (n < 1) throw new ShapeError(`${op}: invalid number of data points (${n}) along axis ${axis} of ${c.re.aval}; give n ≥ 1 (an input of length ≥ 2, or n).`);
  const half = Math.floor(n / 2) + 1;
  const r = alongAxis(cmap(c, (t) => resize(t, axis, half)), axis, (y) => irfftLast(op, y, n));
  return scaled(r, scaleOf(normOf(op, o.norm), n, true)).re;
}

/** Real output of length n from the n/2 + 1 leading frequencies on the last axis (unscaled). */
function irfftLast(op: string, c: Cx, n: number): Cx {
  const half = Math.floor(n / 2) + 1, dt = c.re.dtype;
  const im = c.im ?? lax.zerosLike(c.re);
  if (n <= DIRECT_MAX) {
    // x_j = Σ_k w_k (Re X_k cos θ − Im X_k sin θ), θ = 2π·jk/n, w = 1 at k = 0 and k = n/2, else 2.
    const w = new Float64Array(2 * half * n);
    for (let k = 0; k < half; k++) {
      const wk = k === 0 || 2 * k === n ? 1 : 2;
      for (let j = 0; j < n; j++) {
        const t = angle(j * k, n);
        w[k * n + j] = wk * Math.cos(t);
        w[(half + k) * n + j] = -wk * Math.sin(t) * (k === 0 || 2 * k === n ? 0 : 1);
      }
    }
    const x = lax.concatenate([c.re, im], c.re.ndim - 1);
    return { re: lax.dotGeneral(x, constant(op, w, [2 * half, n], dt), [[x.ndim - 1], [0]]), im: null };
  }
  // The full Hermitian spectrum: X_{n−k} = conj(X_k) for the upper half, then the complex inverse.
  const mirror = (t: Tensor, neg: boolean) => {
    const hi = n - half; // how many upper frequencies: k = half..n−1 ↔ n−k = n−half..1
    if (hi === 0) return t;
    const part = lax.gather(t, arrayFor(op, Array.from({ length: hi }, (_, i) => n - half - i), { dtype: 'int32', shape: [hi] }), t.ndim - 1);
    return lax.concatenate([t, neg ? lax.neg(part) : part], t.ndim - 1);
  };
  const full = dft(op, { re: mirror(c.re, false), im: mirror(im, true) }, +1);
  return { re: full.re, im: null };
}

function axesArgs(op: string, nd: number, o: Partial<FftnOptions>, dflt: number[] | null): { axes: number[]; s: (number | undefined)[] } {
  const s = o.s === undefined || o.s === null ? undefined : validate.shape(op, o.s, 's');
  let axes: number[];
  if (o.axes !== undefined && o.axes !== null) {
    if (!Array.isArray(o.axes)) throw new ArgumentError(`${op}: axes is ${validate.describe(o.axes)}; give a list of axes such as [0, 1].`);
    axes = o.axes.map((ax) => validate.axis(op, ax, nd, 'axes'));
  } else if (dflt) {
    axes = dflt.map((ax) => validate.axis(op, ax, nd, 'axes'));
  } else {
    axes = s ? Array.from({ length: s.length }, (_, i) => nd - s.length + i) : [...Array(nd).keys()];
    if (s && s.length > nd) throw new ShapeError(`${op}: s has ${s.length} lengths but the input has only ${nd} axes.`);
  }
  if (s && s.length !== axes.length) throw new ShapeError(`${op}: s has ${s.length} lengths for ${axes.length} axes; give one per axis.`);
  for (const len of s ?? []) if (len < 1) throw new ShapeError(`${op}: s = [${s}] has a length below 1.`);
  return { axes, s: s ?? axes.map(() => undefined) };
}

function nDim(op: string, a: ArrayLike | Complex, opts: unknown, inverse: boolean, dflt: number[] | null): Complex {
  const o = validate.options<FftnOptions>(op, opts ?? {}, ['s', 'axes', 'norm'], "{ axes: [0, 1], norm: 'ortho' }");
  let c = complexOperand(op, a);
  const { axes, s } = axesArgs(op, c.re.ndim, o, dflt);
  const norm = normOf(op, o.norm);
  let scale = 1;
  // NumPy applies the axes last to first; the transforms commute, the order only matters for `s`.
  for (let i = axes.length - 1; i >= 0; i--) {
    const axis = axes[i], n = s[i] ?? c.re.shape[axis];
    if (n === 0) throw new ShapeError(`${op}: invalid number of data points (0) along axis ${axis} of ${c.re.aval}.`);
    c = alongAxis(cmap(c, (t) => resize(t, axis, n)), axis, (y) => dft(op, y, inverse ? 1 : -1));
    scale *= scaleOf(norm, n, inverse);
  }
  return out(scaled(c, scale));
}

/**
 * The n-D FFT over `axes` (default all, or the last `s.length` when `s` is given), as `numpy.fft.fftn`.
 * @example np.fft.fftn(np.ones([2, 3])).re; // → [[6, 0, 0], [0, 0, 0]]
 */
export function fftn(a: ArrayLike | Complex, opts?: FftnOptions): Complex {
  return nDim('np.fft.fftn', a, opts, false, null);
}

/**
 * The inverse of {@link fftn}.
 * @example np.fft.ifftn(np.fft.fftn(np.ones([2, 3]))).re; // → [[1, 1, 1], [1, 1, 1]]
 */
export function ifftn(a: ArrayLike | Complex, opts?: FftnOptions): Complex {
  return nDim('np.fft.ifftn', a, opts, true, null);
}

/**
 * The 2-D FFT over the last two axes (or `axes`), as `numpy.fft.fft2`.
 * @example np.fft.fft2(np.array([[1, 2], [3, 4]])).re; // → [[10, -2], [-4, 0]]
 */
export function fft2(a: ArrayLike | Complex, opts?: FftnOptions): Complex {
  return nDim('np.fft.fft2', a, opts, false, [-2, -1]);
}

/**
 * The inverse of {@link fft2}.
 * @example np.fft.ifft2(np.fft.fft2(np.array([[1, 2], [3, 4]]))).re; // → [[1, 2], [3, 4]]
 */
export function ifft2(a: ArrayLike | Complex, opts?: FftnOptions): Complex {
  return nDim('np.fft.ifft2', a, opts, true, [-2, -1]);
}

// --- frequencies and shifts ---------------------------------------------------------------------

function spacing(op: string, d: unknown): number {
  const v = validate.number(op, 'the sample spacing d', d);
  if (!(v > 0) && !(v < 0)) throw new ArgumentError(`${op}: the sample spacing d is ${v}; give a non-zero number.`);
  return v;
}

/**
 * The sample frequencies of an n-point FFT with spacing `d`: [0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n).
 * @example np.fft.fftfreq(4); // → [0, 0.25, -0.5, -0.25]
 */
export function fftfreq(n: number, d = 1, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.fft.fftfreq';
  const len = validate.integer(op, 'n', n, { min: 1 }), dd = spacing(op, d);
  const dt = validate.dtypeArg(op, dtype, 'float32');
  if (!isFloat(dt)) throw new DTypeError(`${op}: dtype ${dt} cannot hold frequencies; give 'float32' or 'float64'.`);
  const f = Float64Array.from({ length: len }, (_, i) => (i < Math.ceil(len / 2) ? i : i - len) * (1 / (len * dd)));
  return constant(op, f, [len], dt);
}

/**
 * The sample frequencies of an n-point {@link rfft}: [0, 1, …, ⌊n/2⌋] / (d·n).
 * @example np.fft.rfftfreq(4); // → [0, 0.25, 0.5]
 */
export function rfftfreq(n: number, d = 1, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.fft.rfftfreq';
  const len = validate.integer(op, 'n', n, { min: 1 }), dd = spacing(op, d);
  const dt = validate.dtypeArg(op, dtype, 'float32');
  if (!isFloat(dt)) throw new DTypeError(`${op}: dtype ${dt} cannot hold frequencies; give 'float32' or 'float64'.`);
  const m = Math.floor(len / 2) + 1;
  return constant(op, Float64Array.from({ length: m }, (_, i) => i * (1 / (len * dd))), [m], dt);
}

function shiftBy(op: string, x: Tensor, axes: unknown, back: boolean): Tensor {
  const ax = axes === undefined || axes === null ? [...Array(x.ndim).keys()] : validate.axes(op, axes, x.ndim, 'axes');
  let r = x;
  for (const d of ax) {
    const n = r.shape[d];
    const k = back ? n - Math.floor(n / 2) : Math.floor(n / 2); // a roll by k to the right
    if (n === 0 || k % n === 0) continue;
    const sl = (a: number, b: number) => lax.slice(r, r.shape.map((_, i) => (i === d ? a : 0)), r.shape.map((m, i) => (i === d ? b : m)));
    r = lax.concatenate([sl(n - k, n), sl(0, n - k)], d);
  }
  return r;
}

function shifted<T extends ArrayLike | Complex>(op: string, a: T, axes: unknown, back: boolean): T extends Complex ? Complex : Tensor;
function shifted(op: string, a: ArrayLike | Complex, axes: unknown, back: boolean): Tensor | Complex {
  if (isComplexLike(a)) {
    const c = complexOperand(op, a as Complex);
    return { re: shiftBy(op, c.re, axes, back), im: shiftBy(op, c.im!, axes, back) };
  }
  return shiftBy(op, operandTensor(op, a as ArrayLike), axes, back);
}

/**
 * Moves the zero frequency to the centre (a roll by ⌊n/2⌋ along `axes`, default all), on a real
 * array or a complex `{ re, im }`.
 * @example np.fft.fftshift(np.fft.fftfreq(5)); // → [-0.4, -0.2, 0, 0.2, 0.4]
 */
export function fftshift<T extends ArrayLike | Complex>(a: T, axes?: number | readonly number[] | null): T extends Complex ? Complex : Tensor {
  return shifted('np.fft.fftshift', a, axes, false);
}

/**
 * The inverse of {@link fftshift} (they differ for odd lengths).
 * @example np.fft.ifftshift(np.fft.fftshift(np.arange(5))); // → [0, 1, 2, 3, 4]
 */
export function ifftshift<T extends ArrayLike | Complex>(a: T, axes?: number | readonly number[] | null): T extends Complex ? Complex : Tensor {
  return shifted('np.fft.ifftshift', a, axes, true);
}
