/**
 * gather (take along one axis) and its transpose scatter_add. Indices are int32; out-of-range
 * indices are clamped in both, so each is exactly the other's transpose.
 */
import { DTypeError, ShapeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { instantiate, mapTangent, moveBatchAxis, shapeError } from './helpers.js';
import type { BatchDim, FirstOrderRules } from './rules.js';

const gatheredShape = (x: ShapedArray, idx: ShapedArray, axis: number) =>
  [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];

function checkIndices(op: string, x: ShapedArray, idx: ShapedArray, axis: number): void {
  if (axis < 0 || axis >= x.ndim) throw shapeError(op, `axis ${axis} out of range for ${x}`, [x.shape]);
  if (idx.dtype !== 'int32') throw new DTypeError(`${op}: indices must be int32, got ${idx}; cast them with astype('int32').`);
}

/**
 * Batching with the batch axis on operand and indices: fold the batch into the indexed axis
 * ([B, pre, A, post] → [B·A, pre, post]) and offset each batch's indices by b·A.
 */
function foldBatch(x: Tensor, idx: Tensor, axis: number): { flat: Tensor; offsetIdx: Tensor; pre: number } {
  const B = x.shape[0], A = x.shape[axis + 1], pre = axis;
  const perm = [0, axis + 1, ...x.shape.map((_, d) => d).filter((d) => d !== 0 && d !== axis + 1)];
  const moved = lax.transpose(x, perm);
  const flat = lax.reshape(moved, [B * A, ...moved.shape.slice(2)]);
  const offsets = lax.mul(lax.iota(idx.shape, 0, 'int32'), lax.full(idx.shape, A, 'int32'));
  return { flat, offsetIdx: lax.add(idx, offsets), pre };
}

export const gather: FirstOrderRules<'gather'> = {
  abstractEval: ([x, idx], { axis }) => {
    checkIndices('gather', x, idx, axis);
    if (x.shape[axis] === 0 && idx.size > 0) {
      throw new ShapeError(`gather: axis ${axis} of ${x} is empty, so none of the ${idx} indices can select an element; ` +
        'take from a non-empty axis, or pass no indices.');
    }
    return [new ShapedArray(gatheredShape(x, idx, axis), x.dtype)];
  },
  jvp: ([x, idx], [tx], { axis }) => [[lax.gather(x, idx, axis)], [mapTangent(tx, (t) => lax.gather(t, idx, axis))]],
  vmap: ([x, idx], [dx, di], { axis }, size): [Tensor[], BatchDim[]] => {
    if (di === null) return [[lax.gather(moveBatchAxis(x, dx, 0, size), idx, axis + 1)], [0]];
    if (dx === null) return [[lax.gather(x, idx, axis)], [axis + di]];
    const xb = moveBatchAxis(x, dx, 0, size), ib = moveBatchAxis(idx, di, 0, size);
    const { flat, offsetIdx, pre } = foldBatch(xb, ib, axis);
    const g = lax.gather(flat, offsetIdx, 0); // [B, idx..., pre..., post...]
    const ni = idx.ndim - 1, rest = g.ndim - 1 - ni;
    const perm = [0, ...Array.from({ length: pre }, (_, i) => 1 + ni + i),
      ...Array.from({ length: ni }, (_, i) => 1 + i), ...Array.from({ length: rest - pre }, (_, i) => 1 + ni + pre + i)];
    return [[lax.transpose(g, perm)], [0]];
  },
  cpu: ([x, idx], { axis }, [o]) => [k.gather(x.data, x.aval.shape, idx.data, axis, o.dtype)],
  transpose: ([ct], [x, idx], { axis }) => {
    if (x instanceof Tensor) return [null, null];
    return [mapTangent(ct, (c) => lax.scatterAdd(lax.zerosLike(x.aval), idx as Tensor, c, axis)), null];
  },
};

export const scatter_add: FirstOrderRules<'scatter_add'> = {
  abstractEval: ([x, idx, upd], { axis }) => {
    checkIndices('scatter_add', x, idx, axis);
    const want = new ShapedArray(gatheredShape(x, idx, axis), x.dtype);
    if (!upd.equals(want)) throw shapeError('scatter_add', `updates must be ${want}, got ${upd}`, [x.shape, idx.shape, upd.shape]);
    return [x];
  },
  jvp: ([x, idx, upd], [tx, , tu], { axis }) => [[lax.scatterAdd(x, idx, upd, axis)],
    [tx === null && tu === null ? null : lax.scatterAdd(instantiate(tx, x), idx, instantiate(tu, upd), axis)]],
  vmap: ([x, idx, upd], [dx, di, du], { axis }, size): [Tensor[], BatchDim[]] => {
    if (di === null) {
      return [[lax.scatterAdd(moveBatchAxis(x, dx, 0, size), idx, moveBatchAxis(upd, du, 0, size), axis + 1)], [0]];
    }
    const xb = moveBatchAxis(x, dx, 0, size), ib = moveBatchAxis(idx, di, 0, size), ub = moveBatchAxis(upd, du, 0, size);
    const { flat, offsetIdx, pre } = foldBatch(xb, ib, axis);
    const ni = ib.ndim - 1;
    // updates [B, pre, idx, post] → [B, idx, pre, post] to match the folded operand.
    const permU = [0, ...Array.from({ length: ni }, (_, i) => 1 + pre + i), ...Array.from({ length: pre }, (_, i) => 1 + i),
      ...Array.from({ length: ub.ndim - 1 - ni - pre }, (_, i) => 1 + pre + ni + i)];
    const s = lax.scatterAdd(flat, offsetIdx, lax.transpose(ub, permU), 0);
    const A = xb.shape[axis + 1];
    const unfolded = lax.reshape(s, [size, A, ...s.shape.slice(1)]); // [B, A, pre, post]
    const back = [0, ...Array.from({ length: pre }, (_, i) => 2 + i), 1, ...Array.from({ length: xb.ndim - 2 - pre }, (_, i) => 2 + pre + i)];
    return [[lax.transpose(unfolded, back)], [0]];
  },
  cpu: ([x, idx, upd], { axis }, [o]) => [k.scatterAdd(x.data, x.aval.shape, idx.data, upd.data, axis, o.dtype)],
  transpose: ([ct], [x, idx, upd], { axis }) => {
    if (ct === null) return [null, null, null];
    return [x instanceof Tensor ? null : ct, null, upd instanceof Tensor ? null : lax.gather(ct, idx as Tensor, axis)];
  },
};
