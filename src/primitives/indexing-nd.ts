/**
 * gather_nd and scatter_nd: point indexing over several axes, the primitives behind NumPy
 * indexing (numpy/indexing.ts) and JAX's `x.at[...]` updates. They are XLA's gather/scatter with
 * the dimension numbers NumPy indexing needs and no more: `idx` has shape [...batch, k] and its
 * last axis holds one index per axis of `axes` (XLA's start_index_map, all of them collapsed
 * slice dims with slice size 1); every other operand axis is carried whole (the offset dims, at
 * the end of the result, in operand order). So gather_nd's result is [...batch, ...rest] and
 * scatter_nd's updates have that shape. Slices and strides become index arrays in the numpy
 * layer, so windows are not needed.
 *
 * Out-of-range tuples (JAX's defaults): gather_nd 'clip' clamps each index into range, 'fill'
 * reads `fill` for a tuple with any index out of range; scatter_nd 'drop' skips such a tuple's
 * updates, 'clip' clamps. Updates are applied in tuple order, so `set` with repeated tuples keeps
 * the last (JAX leaves that unspecified; here it is the same on both backends).
 *
 * gather_nd is linear in x (transpose: scatter-add into zeros, 'clip' ↔ 'clip', 'fill' ↔ 'drop').
 * scatter_nd 'add' and 'set' are linear in (x, updates) jointly; 'mul', 'min' and 'max' are not,
 * and their jvps are written with the linear ones, so transposition never meets them.
 */
import { isFloat } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import type { Params } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { gatherNd as cpuGather, scatterNd as cpuScatter } from '../backend/cpu/indexing-nd.js';
import * as lax from './lax.js';
import { instantiate, mapTangent, moveBatchAxis, shapeError } from './helpers.js';
import type { BatchDim, FirstOrderRules, Tangent } from './rules.js';

/** The result shape of gather_nd (= the updates' shape of scatter_nd), after checking the operands. */
function pointShape(op: string, x: ShapedArray, idx: ShapedArray, axes: readonly number[]): number[] {
  if (idx.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, got ${idx}; cast them with astype('int32').`);
  if (axes.length === 0) throw shapeError(op, 'index at least one axis (axes is empty)', [x.shape, idx.shape]);
  if (axes.some((a) => !Number.isInteger(a) || a < 0 || a >= x.ndim) || new Set(axes).size !== axes.length) {
    throw shapeError(op, `axes (${axes.join(',')}) must be distinct axes of ${x}`, [x.shape, idx.shape]);
  }
  if (idx.ndim === 0 || idx.shape[idx.ndim - 1] !== axes.length) {
    throw shapeError(op, `indices ${idx} must end in an axis of ${axes.length} (one index per axis of (${axes.join(',')}))`, [x.shape, idx.shape]);
  }
  return [...idx.shape.slice(0, -1), ...x.shape.filter((_, d) => !axes.includes(d))];
}

/** gather_nd's mode for reading back at a scatter's tuples: where the scatter dropped, read `fill`. */
const readMode = (mode: Params<'scatter_nd'>['mode']) => (mode === 'clip' ? 'clip' : 'fill') as 'clip' | 'fill';

/** Batched indices [B, ...batch, k] → [B, ...batch, k + 1] whose first component is the batch number. */
function withBatchColumn(idx: Tensor): Tensor {
  const shape = [...idx.shape.slice(0, -1), 1];
  return lax.concatenate([lax.iota(shape, 0, 'int32'), idx], idx.ndim - 1);
}

const asDtype = (c: Tensor, like: Tensor): Tensor => lax.cast(c, like.dtype);

export const gather_nd: FirstOrderRules<'gather_nd'> = {
  abstractEval: ([x, idx], { axes, mode }) => {
    const shape = pointShape('gather_nd', x, idx, axes);
    const empty = axes.find((a) => x.shape[a] === 0);
    if (mode === 'clip' && empty !== undefined && shape.every((d) => d > 0)) {
      throw new ShapeError(`gather_nd: axis ${empty} of ${x} is empty, so the ${idx} indices have nothing to clamp to; ` +
        "index a non-empty axis, pass no indices, or use mode 'fill'.");
    }
    return [new ShapedArray(shape, x.dtype)];
  },
  jvp: ([x, idx], [tx], { axes, mode, fill }) =>
    [[lax.gatherNd(x, idx, axes, mode, fill)], [mapTangent(tx, (t) => lax.gatherNd(t, idx, axes, mode, 0))]],
  vmap: ([x, idx], [dx, di], { axes, mode, fill }, size): [Tensor[], BatchDim[]] => {
    const up = axes.map((a) => a + 1);
    if (di === null) return [[lax.gatherNd(moveBatchAxis(x, dx, 0, size), idx, up, mode, fill)], [idx.ndim - 1]];
    const ib = moveBatchAxis(idx, di, 0, size);
    if (dx === null) return [[lax.gatherNd(x, ib, axes, mode, fill)], [0]];
    return [[lax.gatherNd(moveBatchAxis(x, dx, 0, size), withBatchColumn(ib), [0, ...up], mode, fill)], [0]];
  },
  cpu: ([x, idx], { axes, mode, fill }, [o]) => [cpuGather(x.data, x.aval.shape, idx.data, axes, mode, fill, o.dtype)],
  transpose: ([ct], [x, idx], { axes, mode }) => {
    if (x instanceof Tensor || ct === null) return [null, null];
    return [lax.scatterNd(lax.zerosLike(x.aval), idx as Tensor, ct, axes, 'add', mode === 'clip' ? 'clip' : 'drop'), null];
  },
};

/** The tangent of scatter 'mul': tx·Π u + x·Σ_j tu_j·Π_{i≠j} u_i, exact with repeated tuples and zeros in u. */
function mulTangent(x: Tensor, idx: Tensor, u: Tensor, tx: Tangent, tu: Tangent, p: Params<'scatter_nd'>): Tangent {
  const { axes, mode } = p;
  const ones = lax.fullLike(x, 1), zeros = lax.zerosLike(x);
  let out: Tangent = null;
  if (tx !== null) out = lax.mul(tx, lax.scatterNd(ones, idx, u, axes, 'mul', mode));
  if (tu !== null) {
    const isZero = lax.compare(u, lax.zerosLike(u), 'eq');
    const uSafe = lax.where(isZero, lax.fullLike(u, 1), u);
    // Per position: how many of its updates are zero, and the product of the others.
    const zeroCount = lax.gatherNd(lax.scatterNd(zeros, idx, asDtype(isZero, u), axes, 'add', mode), idx, axes, readMode(mode), 0);
    const nonzeroProd = lax.gatherNd(lax.scatterNd(ones, idx, uSafe, axes, 'mul', mode), idx, axes, readMode(mode), 0);
    const zero = lax.zerosLike(u), one = lax.fullLike(u, 1);
    const others = lax.where(isZero,
      lax.where(lax.compare(zeroCount, one, 'gt'), zero, nonzeroProd),
      lax.where(lax.compare(zeroCount, zero, 'gt'), zero, lax.div(nonzeroProd, uSafe)));
    const t = lax.mul(x, lax.scatterNd(zeros, idx, lax.mul(tu, others), axes, 'add', mode));
    out = out === null ? t : lax.add(out, t);
  }
  return out;
}

/** The tangent of scatter 'min'/'max' (as JAX): the winners' tangents, averaged over ties. */
function extremalTangent(x: Tensor, idx: Tensor, u: Tensor, out: Tensor, tx: Tangent, tu: Tangent, p: Params<'scatter_nd'>): Tangent {
  const { axes, mode } = p;
  const won = asDtype(lax.compare(u, lax.gatherNd(out, idx, axes, readMode(mode), NaN), 'eq'), u);
  const kept = asDtype(lax.compare(x, out, 'eq'), x);
  const count = lax.scatterNd(kept, idx, won, axes, 'add', mode);
  const sum = lax.scatterNd(lax.mul(instantiate(tx, x), kept), idx, lax.mul(instantiate(tu, u), won), axes, 'add', mode);
  return lax.div(sum, count);
}

export const scatter_nd: FirstOrderRules<'scatter_nd'> = {
  abstractEval: ([x, idx, upd], { axes, op }) => {
    const want = new ShapedArray(pointShape('scatter_nd', x, idx, axes), x.dtype);
    if (!upd.equals(want)) throw shapeError(`scatter_nd(${op})`, `updates must be ${want}, got ${upd}`, [x.shape, idx.shape, upd.shape]);
    if (x.dtype === 'bool' && op !== 'set') {
      throw new DTypeError(`scatter_nd(${op}): ${x} is boolean, which only 'set' updates; cast it with astype('int32') first.`);
    }
    return [x];
  },
  jvp: ([x, idx, u], [tx, , tu], p) => {
    const out = lax.scatterNd(x, idx, u, p.axes, p.op, p.mode);
    if ((tx === null && tu === null) || !isFloat(x.dtype)) return [[out], [null]];
    switch (p.op) {
      case 'add': case 'set':
        return [[out], [lax.scatterNd(instantiate(tx, x), idx, instantiate(tu, u), p.axes, p.op, p.mode)]];
      case 'mul': return [[out], [mulTangent(x, idx, u, tx, tu, p)]];
      case 'min': case 'max': return [[out], [extremalTangent(x, idx, u, out, tx, tu, p)]];
    }
  },
  vmap: ([x, idx, u], [dx, di, du], { axes, mode, op }, size): [Tensor[], BatchDim[]] => {
    const xb = moveBatchAxis(x, dx, 0, size), up = axes.map((a) => a + 1);
    if (di === null) return [[lax.scatterNd(xb, idx, moveBatchAxis(u, du, idx.ndim - 1, size), up, op, mode)], [0]];
    const ib = withBatchColumn(moveBatchAxis(idx, di, 0, size));
    return [[lax.scatterNd(xb, ib, moveBatchAxis(u, du, 0, size), [0, ...up], op, mode)], [0]];
  },
  cpu: ([x, idx, upd], { axes, mode, op }, [o]) => [cpuScatter(x.data, x.aval.shape, idx.data, upd.data, axes, mode, op, o.dtype)],
  transpose: ([ct], [x, idx, u], { axes, mode, op }) => {
    if (op !== 'add' && op !== 'set') throw new Error(`scatter_nd(${op}) is not linear, so it has no transpose (fluxion bug: please report; its jvp should not produce it).`);
    if (ct === null) return [null, null, null];
    const ix = idx as Tensor, uAval = u.aval;
    const read = (c: Tensor) => lax.gatherNd(c, ix, axes, readMode(mode), 0);
    if (op === 'add') return [x instanceof Tensor ? null : ct, null, u instanceof Tensor ? null : read(ct)];
    // set: the operand's cotangent loses the overwritten positions; each update gets the
    // cotangent of the position it wrote only if it was the write that stayed (the last one).
    const ctx = x instanceof Tensor ? null : lax.scatterNd(ct, ix, lax.zerosLike(uAval), axes, 'set', mode);
    if (u instanceof Tensor) return [ctx, null, null];
    return [ctx, null, lax.mul(read(ct), lax.cast(lastWriter(ix, uAval.shape, x.aval.shape, axes, mode), ct.dtype))];
  },
};

/** For each update element of a 'set' scatter, whether it is the one left at its position. */
function lastWriter(idx: Tensor, updShape: readonly number[], xShape: readonly number[], axes: readonly number[], mode: Params<'scatter_nd'>['mode']): Tensor {
  const nb = idx.ndim - 1;
  const batch = idx.shape.slice(0, nb);
  const n = batch.reduce((a, b) => a * b, 1);
  const ids = lax.broadcastInDim(lax.reshape(lax.iota([n], 0, 'int32'), batch), updShape, batch.map((_, d) => d));
  const written = lax.scatterNd(lax.full(xShape, -1, 'int32'), idx, ids, axes, 'set', mode);
  return lax.compare(lax.gatherNd(written, idx, axes, readMode(mode), -2), ids, 'eq');
}
