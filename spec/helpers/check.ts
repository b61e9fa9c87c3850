/**
 * Numerical checking helpers for the primitive conformance suite: a seeded PRNG (so a failure
 * names a seed that reproduces it), host read-back, central finite differences and error norms.
 */
import { np, ConcreteArray, Tensor } from '../../src/index.js';
import { mulberry32 } from './prng.js';

/** The fixed seeds every randomized case runs under; change a case's inputs only by editing this list. */
export const SEEDS = [1, 2, 3] as const;


export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) { this.next = mulberry32(seed); }
  uniform(lo = 0, hi = 1): number { return lo + (hi - lo) * this.next(); }
  /** An integer in [lo, hi). */
  int(lo: number, hi: number): number { return lo + Math.floor(this.next() * (hi - lo)); }
  u32(): number { return Math.floor(this.next() * 4294967296) >>> 0; }
  sign(): number { return this.next() < 0.5 ? -1 : 1; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(0, xs.length)]; }
  normal(): number {
    const u = 1 - this.next(), v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** A random shape of rank in [minRank, maxRank], each dimension in [1, maxDim]. */
  shape(minRank = 0, maxRank = 3, maxDim = 4): number[] {
    return Array.from({ length: this.int(minRank, maxRank + 1) }, () => this.int(1, maxDim + 1));
  }
  /** Fisher–Yates permutation of 0..n-1. */
  perm(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

export const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A float64 array of `shape` whose i-th element is `fill(i)`. */
export function f64(shape: readonly number[], fill: (i: number) => number): Tensor {
  const data = Float64Array.from({ length: sizeOf(shape) }, (_, i) => fill(i));
  return np.array(data, { dtype: 'float64', shape: [...shape] });
}
export const normalF64 = (rng: Rng, shape: readonly number[]): Tensor => f64(shape, () => rng.normal());
export const uniformF64 = (rng: Rng, shape: readonly number[], lo: number, hi: number): Tensor =>
  f64(shape, () => rng.uniform(lo, hi));
/** Magnitudes in [lo, hi] with random signs: keeps points away from 0 (kinks of abs, poles of div). */
export const awayFromZero = (rng: Rng, shape: readonly number[], lo = 0.2, hi = 2): Tensor =>
  f64(shape, () => rng.sign() * rng.uniform(lo, hi));
export function i32(shape: readonly number[], fill: (i: number) => number): Tensor {
  return np.array(Int32Array.from({ length: sizeOf(shape) }, (_, i) => fill(i)), { dtype: 'int32', shape: [...shape] });
}
export function u32(shape: readonly number[], fill: (i: number) => number): Tensor {
  return np.array(Uint32Array.from({ length: sizeOf(shape) }, (_, i) => fill(i)), { dtype: 'uint32', shape: [...shape] });
}

/** The elements of a concrete array as float64 on the host. */
export function host(t: Tensor): Float64Array {
  if (!(t instanceof ConcreteArray)) throw new Error(`host: expected a concrete array, got ${String(t)}`);
  return Float64Array.from(t.dataSync() as ArrayLike<number>);
}

export const asList = (y: Tensor | Tensor[]): Tensor[] => (Array.isArray(y) ? y : [y]);

export const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`dot: lengths ${a.length} and ${b.length} differ`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
/** ||a − b|| / max(||b||, 1e-8): the acceptance metric of the jvp check. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i] - b[i]) ** 2;
  const e = Math.sqrt(d) / Math.max(norm(b), 1e-8);
  return Number.isNaN(e) ? Infinity : e;
}

/** `x + s·t` for float64 x (other args are passed through unchanged). */
function shifted(x: Tensor, t: Tensor, s: number): Tensor {
  const xd = host(x), td = host(t);
  return f64(x.shape, (i) => xd[i] + s * td[i]);
}

/**
 * Directional derivative of `fn` at `args` along `tangents` (only at `diffArgs`) by the 5-point
 * central stencil: O(h⁴) truncation, so h ~ 1e-3..1e-4 gives ~1e-12 accuracy in float64.
 */
export function finiteDifference(
  fn: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], tangents: Tensor[], diffArgs: number[], h: number,
): Float64Array[] {
  const at = (s: number) => asList(fn(...args.map((x, i) => (diffArgs.includes(i) ? shifted(x, tangents[i], s) : x)))).map(host);
  const [p2, p1, m1, m2] = [2 * h, h, -h, -2 * h].map(at);
  return p1.map((_, k) => p1[k].map((_, j) => (-p2[k][j] + 8 * p1[k][j] - 8 * m1[k][j] + m2[k][j]) / (12 * h)));
}

export const concat = (xs: ArrayLike<number>[]): Float64Array => {
  const out = new Float64Array(xs.reduce((n, x) => n + x.length, 0));
  let o = 0;
  for (const x of xs) { out.set(x as ArrayLike<number>, o); o += x.length; }
  return out;
};

/** Largest elementwise |a − b| / (1 + |b|); NaN counts as infinitely wrong unless both are NaN. */
export function maxScaledDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    const e = Math.abs(a[i] - b[i]) / (1 + Math.abs(b[i]));
    m = Math.max(m, Number.isNaN(e) ? Infinity : e);
  }
  return m;
}
