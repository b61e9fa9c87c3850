/**
 * The reference interpreter's kernels: plain loops over typed arrays, written for obvious
 * correctness first. They are the oracle every other backend is tested against.
 */
import { DType, TypedArray, allocate, isInteger } from '../../core/dtype.js';
import type { CompareOp } from '../../core/primitive.js';
import { Shape, sizeOf, stridesOf } from '../../core/shape.js';
import { forEachStrided } from './strided.js';
import { threefry2x32 as threefryBlocks } from './threefry.js';

export function map1(x: TypedArray, dtype: DType, f: (a: number) => number): TypedArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

export function map2(x: TypedArray, y: TypedArray, dtype: DType, f: (a: number, b: number) => number): TypedArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i], y[i]);
  return out;
}

const comparators: Record<CompareOp, (a: number, b: number) => number> = {
  lt: (a, b) => +(a < b), le: (a, b) => +(a <= b), gt: (a, b) => +(a > b),
  ge: (a, b) => +(a >= b), eq: (a, b) => +(a === b), ne: (a, b) => +(a !== b),
};
export const compare = (x: TypedArray, y: TypedArray, op: CompareOp): TypedArray => map2(x, y, 'bool', comparators[op]);

export function where(c: TypedArray, x: TypedArray, y: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = c[i] ? x[i] : y[i];
  return out;
}

/** The least and greatest value of each integer dtype (float → int casts saturate to them). */
const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};

export function cast(x: TypedArray, to: DType): TypedArray {
  if (to === 'bool') return map1(x, to, (a) => (a !== 0 ? 1 : 0));
  if (isInteger(to)) {
    // Float → int saturates as XLA's convert does on CPU and GPU (so JAX): truncate toward zero,
    // clamp to the target's range (±Inf to its ends), NaN → 0. float16/bfloat16 are held in
    // Float32Arrays, so the source's storage tells a float. Integer → integer wraps (the typed
    // array's store), as in JAX.
    if (x instanceof Float32Array || x instanceof Float64Array) {
      const [lo, hi] = INT_RANGE[to]!;
      return map1(x, to, (a) => (Number.isNaN(a) ? 0 : Math.min(Math.max(Math.trunc(a), lo), hi)));
    }
    return map1(x, to, (a) => a);
  }
  return map1(x, to, (a) => a);
}

export function broadcastInDim(x: TypedArray, xShape: Shape, shape: Shape, dims: readonly number[], dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  const xs = stridesOf(xShape);
  const strides = shape.map(() => 0);
  dims.forEach((d, k) => { if (xShape[k] !== 1) strides[d] = xs[k]; });
  forEachStrided(shape, strides, 0, (o, i) => { out[o] = x[i]; });
  return out;
}

export function transpose(x: TypedArray, xShape: Shape, perm: readonly number[], dtype: DType): TypedArray {
  const xs = stridesOf(xShape);
  const out = allocate(dtype, x.length);
  forEachStrided(perm.map((p) => xShape[p]), perm.map((p) => xs[p]), 0, (o, i) => { out[o] = x[i]; });
  return out;
}

export function slice(x: TypedArray, xShape: Shape, start: readonly number[], limit: readonly number[], dtype: DType): TypedArray {
  const xs = stridesOf(xShape);
  const shape = start.map((s, d) => limit[d] - s);
  const out = allocate(dtype, sizeOf(shape));
  const offset = start.reduce((acc, s, d) => acc + s * xs[d], 0);
  forEachStrided(shape, xs, offset, (o, i) => { out[o] = x[i]; });
  return out;
}

/** Writes `x` into `out` (of shape `outShape`) at `offsets`: the inverse of slice. */
function place(out: TypedArray, outShape: Shape, x: TypedArray, xShape: Shape, offsets: readonly number[]): void {
  const os = stridesOf(outShape);
  const offset = offsets.reduce((acc, s, d) => acc + s * os[d], 0);
  forEachStrided(xShape, os, offset, (i, o) => { out[o] = x[i]; });
}

export function pad(x: TypedArray, xShape: Shape, lo: readonly number[], hi: readonly number[], dtype: DType): TypedArray {
  const shape = xShape.map((d, i) => d + lo[i] + hi[i]);
  const out = allocate(dtype, sizeOf(shape));
  place(out, shape, x, xShape, lo);
  return out;
}

export function concatenate(xs: TypedArray[], shapes: Shape[], axis: number, outShape: Shape, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  let at = 0;
  xs.forEach((x, k) => {
    place(out, outShape, x, shapes[k], outShape.map((_, d) => (d === axis ? at : 0)));
    at += shapes[k][axis];
  });
  return out;
}

// gather/scatter_add index along one axis. Out-of-range indices are clamped in both, so that
// scatter_add stays the exact transpose of gather.
function axisBlocks(shape: Shape, axis: number): [outer: number, len: number, inner: number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}
const clampIndex = (j: number, n: number): number => Math.min(Math.max(j, 0), n - 1);

export function gather(x: TypedArray, xShape: Shape, idx: TypedArray, axis: number, dtype: DType): TypedArray {
  const [outer, len, inner] = axisBlocks(xShape, axis);
  const n = idx.length;
  const out = allocate(dtype, outer * n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * len + clampIndex(idx[j], len)) * inner, dst = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = x[src + i];
    }
  }
  return out;
}

export function scatterAdd(x: TypedArray, xShape: Shape, idx: TypedArray, upd: TypedArray, axis: number, dtype: DType): TypedArray {
  const [outer, len, inner] = axisBlocks(xShape, axis);
  const n = idx.length;
  const out = allocate(dtype, x.length);
  out.set(x);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * len + clampIndex(idx[j], len)) * inner, src = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += upd[src + i];
    }
  }
  return out;
}

/** Reduces over `axes` (sorted); the output drops them. */
export function reduce(
  x: TypedArray, xShape: Shape, axes: readonly number[], dtype: DType, init: number, f: (acc: number, v: number) => number,
): TypedArray {
  const outShape = xShape.filter((_, d) => !axes.includes(d));
  const os = stridesOf(outShape);
  const strides: number[] = [];
  let k = 0;
  xShape.forEach((_, d) => { strides.push(axes.includes(d) ? 0 : os[k++]); });
  // Accumulate in float64 so the oracle is more accurate than what it checks.
  const acc = new Float64Array(sizeOf(outShape)).fill(init);
  forEachStrided(xShape, strides, 0, (i, o) => { acc[o] = f(acc[o], x[i]); });
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return out;
}

export function argmax(x: TypedArray, xShape: Shape, axis: number): TypedArray {
  const [outer, len, inner] = axisBlocks(xShape, axis);
  const out = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0, bv = x[o * len * inner + i];
      for (let j = 1; j < len && !Number.isNaN(bv); j++) {
        const v = x[(o * len + j) * inner + i];
        if (v > bv || Number.isNaN(v)) { bv = v; best = j; }
      }
      out[o * inner + i] = best;
    }
  }
  return out;
}

/**
 * dot_general: both operands are laid out as [batch, free, contract] / [batch, contract, free]
 * by a transposing copy, then one cache-friendly i-k-j loop. Output dims: batch, lhs free, rhs free.
 */
export function dotGeneral(
  x: TypedArray, xShape: Shape, y: TypedArray, yShape: Shape,
  contract: readonly [readonly number[], readonly number[]], batch: readonly [readonly number[], readonly number[]],
  dtype: DType,
): TypedArray {
  const [xc, yc] = contract, [xb, yb] = batch;
  const xf = xShape.map((_, d) => d).filter((d) => !xc.includes(d) && !xb.includes(d));
  const yf = yShape.map((_, d) => d).filter((d) => !yc.includes(d) && !yb.includes(d));
  const B = sizeOf(xb.map((d) => xShape[d])), K = sizeOf(xc.map((d) => xShape[d]));
  const M = sizeOf(xf.map((d) => xShape[d])), N = sizeOf(yf.map((d) => yShape[d]));
  const xt = transpose(x, xShape, [...xb, ...xf, ...xc], 'float64');
  const yt = transpose(y, yShape, [...yb, ...yc, ...yf], 'float64');
  const acc = new Float64Array(B * M * N);
  for (let b = 0; b < B; b++) {
    for (let m = 0; m < M; m++) {
      const row = (b * M + m) * N;
      for (let k = 0; k < K; k++) {
        const a = xt[(b * M + m) * K + k];
        const col = (b * K + k) * N;
        for (let n = 0; n < N; n++) acc[row + n] += a * yt[col + n];
      }
    }
  }
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return out;
}

export function iota(shape: Shape, dim: number, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  const strides = stridesOf(shape);
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(i / strides[dim]) % shape[dim];
  return out;
}

export function threefry2x32(k0: TypedArray, k1: TypedArray, x0: TypedArray, x1: TypedArray): [TypedArray, TypedArray] {
  const n = x0.length;
  const o0 = new Uint32Array(n), o1 = new Uint32Array(n);
  threefryBlocks(k0 as Uint32Array, k1 as Uint32Array, x0 as Uint32Array, x1 as Uint32Array, o0, o1);
  return [o0, o1];
}
