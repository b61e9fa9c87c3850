/**
 * The reference kernels of sort and the cumulative scans (the oracle the WebGPU kernels are
 * checked against). Both work on "rows": every index of the other axes, walking one axis.
 */
import { DType, TypedArray, allocate } from '../../core/dtype.js';
import { Shape, sizeOf } from '../../core/shape.js';

const blocks = (shape: Shape, axis: number): [outer: number, len: number, inner: number] =>
  [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];

/**
 * JAX's sort order: NaN after everything (all NaNs equal), -0 equal to +0 (so a stable sort keeps
 * zeros in their input order, whatever their sign), otherwise the usual order.
 */
export function compareForSort(a: number, b: number): number {
  const na = Number.isNaN(a), nb = Number.isNaN(b);
  if (na || nb) return (na ? 1 : 0) - (nb ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts every row of `operands` (all of `shape`) along `axis` by the first `numKeys` operands,
 * lexicographically, stably; the other operands follow the same permutation.
 */
export function sort(operands: TypedArray[], dtypes: DType[], shape: Shape, axis: number, numKeys: number): TypedArray[] {
  const [outer, len, inner] = blocks(shape, axis);
  const outs = operands.map((_, k) => allocate(dtypes[k], operands[k].length));
  const perm = new Array<number>(len);
  const keys = operands.slice(0, numKeys);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      for (let j = 0; j < len; j++) perm[j] = j;
      // Array.prototype.sort is stable (ES2019), which is the tie rule.
      perm.sort((p, q) => {
        for (const key of keys) {
          const c = compareForSort(key[base + p * inner], key[base + q * inner]);
          if (c !== 0) return c;
        }
        return 0;
      });
      for (let k = 0; k < operands.length; k++) {
        const src = operands[k], dst = outs[k];
        for (let j = 0; j < len; j++) dst[base + j * inner] = src[base + perm[j] * inner];
      }
    }
  }
  return outs;
}

export type ScanOp = 'sum' | 'prod' | 'max' | 'min';

/** The combining step of each scan in `dtype`'s arithmetic (integers wrap as on the GPU; NaN propagates through max/min). */
function combiner(op: ScanOp, dtype: DType): (acc: number, v: number) => number {
  const int = dtype === 'int32', uint = dtype === 'uint32';
  switch (op) {
    case 'sum': return int ? (a, v) => (a + v) | 0 : uint ? (a, v) => (a + v) >>> 0 : (a, v) => a + v;
    case 'prod': return int ? (a, v) => Math.imul(a, v) : uint ? (a, v) => Math.imul(a, v) >>> 0 : (a, v) => a * v;
    case 'max': return (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? NaN : v > a ? v : a);
    case 'min': return (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? NaN : v < a ? v : a);
  }
}

/**
 * Inclusive scan of `x` along `axis` (from the end when `reverse`). Float sums and products
 * accumulate in float64, so the oracle is at least as accurate as what it checks.
 */
export function scan(x: TypedArray, shape: Shape, axis: number, reverse: boolean, op: ScanOp, dtype: DType): TypedArray {
  const [outer, len, inner] = blocks(shape, axis);
  const out = allocate(dtype, x.length);
  const f = combiner(op, dtype);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * len * inner + i;
      let acc = 0;
      for (let t = 0; t < len; t++) {
        const at = base + (reverse ? len - 1 - t : t) * inner;
        acc = t === 0 ? x[at] : f(acc, x[at]);
        out[at] = acc;
      }
    }
  }
  return out;
}
