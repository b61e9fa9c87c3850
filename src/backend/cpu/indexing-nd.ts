/**
 * The reference kernels of gather_nd and scatter_nd (primitives/indexing-nd.ts): point indexing
 * over several axes. `idx` holds N index tuples of k = axes.length components (its shape is
 * [...batch, k]); each tuple picks one position on the indexed axes, and the remaining axes of
 * the operand (in their order) are carried whole. Updates are applied in tuple order, so for
 * `set` with repeated tuples the last one wins — the WebGPU kernel scans them in the same order.
 */
import { DType, TypedArray, allocate, isInteger } from '../../core/dtype.js';
import type { GatherMode, ScatterMode, ScatterOp } from '../../core/primitive.js';
import { Shape, sizeOf, stridesOf } from '../../core/shape.js';

interface Layout {
  /** Number of index tuples and of elements carried per tuple. */
  N: number; R: number;
  /** Offset into the operand of each carried element (row-major over the remaining axes). */
  restOffsets: Int32Array;
  /** Offset of tuple n, or -1 when it is out of range and not clamped. */
  base(n: number): number;
}

function layout(xShape: Shape, idx: TypedArray, axes: readonly number[], clip: boolean): Layout {
  const k = axes.length, strides = stridesOf(xShape);
  const rest = xShape.map((_, d) => d).filter((d) => !axes.includes(d));
  const restShape = rest.map((d) => xShape[d]);
  const R = sizeOf(restShape), N = k === 0 ? 0 : idx.length / k;
  const restOffsets = new Int32Array(R);
  const rs = stridesOf(restShape);
  for (let r = 0; r < R; r++) {
    let off = 0;
    rest.forEach((d, q) => { off += (Math.floor(r / rs[q]) % restShape[q]) * strides[d]; });
    restOffsets[r] = off;
  }
  const base = (n: number): number => {
    let off = 0;
    for (let m = 0; m < k; m++) {
      const len = xShape[axes[m]];
      let t = idx[n * k + m];
      if (clip) t = Math.min(Math.max(t, 0), len - 1);
      else if (t < 0 || t >= len) return -1;
      off += t * strides[axes[m]];
    }
    return off;
  };
  return { N, R, restOffsets, base };
}

export function gatherNd(
  x: TypedArray, xShape: Shape, idx: TypedArray, axes: readonly number[], mode: GatherMode, fill: number, dtype: DType,
): TypedArray {
  const { N, R, restOffsets, base } = layout(xShape, idx, axes, mode === 'clip');
  const out = allocate(dtype, N * R);
  for (let n = 0; n < N; n++) {
    const b = base(n);
    for (let r = 0; r < R; r++) out[n * R + r] = b < 0 ? fill : x[b + restOffsets[r]];
  }
  return out;
}

const NAN_MIN = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
const NAN_MAX = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));

/** The combining step of each scatter op, in the dtype's arithmetic (32-bit wrapping products for integers). */
function combiner(op: ScatterOp, dtype: DType): (acc: number, u: number) => number {
  switch (op) {
    case 'set': return (_a, u) => u;
    case 'add': return (a, u) => a + u;
    case 'mul': return isInteger(dtype) ? (a, u) => Math.imul(a, u) : (a, u) => a * u;
    case 'min': return NAN_MIN;
    case 'max': return NAN_MAX;
  }
}

export function scatterNd(
  x: TypedArray, xShape: Shape, idx: TypedArray, upd: TypedArray, axes: readonly number[], mode: ScatterMode, op: ScatterOp, dtype: DType,
): TypedArray {
  const { N, R, restOffsets, base } = layout(xShape, idx, axes, mode === 'clip');
  const f = combiner(op, dtype);
  const out = allocate(dtype, x.length);
  out.set(x);
  for (let n = 0; n < N; n++) {
    const b = base(n);
    if (b < 0) continue;
    for (let r = 0; r < R; r++) {
      const o = b + restOffsets[r];
      out[o] = f(out[o], upd[n * R + r]);
    }
  }
  return out;
}
