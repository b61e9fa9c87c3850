/**
 * Thin, typed wrappers over `bind`: the vocabulary rules are written in (as JAX's `lax`).
 * They do no broadcasting or promotion; `numpy/` adds those for users.
 */
import { DType, allocate, coerce } from '../core/dtype.js';
import { hooks } from '../core/hooks.js';
import type { CompareOp, GatherMode, ScatterMode, ScatterOp } from '../core/primitive.js';
import { ShapedArray, Shape } from '../core/shape.js';
import * as validate from '../core/validate.js';
import { Tensor } from '../core/tensor.js';
import { bind, bind1 } from '../core/trace.js';

const un = (p: 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sin' | 'cos' | 'tanh' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'floor' | 'stop_gradient') =>
  (x: Tensor): Tensor => bind1(p, [x], {});
const bin = (p: 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow' | 'rem' | 'shift_right_logical' | 'xor' | 'atan2') =>
  (x: Tensor, y: Tensor): Tensor => bind1(p, [x, y], {});

export const neg = un('neg'), exp = un('exp'), log = un('log'), log1p = un('log1p'), expm1 = un('expm1');
export const sin = un('sin'), cos = un('cos'), tanh = un('tanh'), sqrt = un('sqrt'), rsqrt = un('rsqrt');
export const abs = un('abs'), sign = un('sign'), floor = un('floor'), stopGradient = un('stop_gradient');
export const add = bin('add'), sub = bin('sub'), mul = bin('mul'), div = bin('div');
export const max = bin('max'), min = bin('min'), pow = bin('pow'), rem = bin('rem');
export const shiftRightLogical = bin('shift_right_logical');
/** Bitwise exclusive or of two uint32 or int32 arrays of the same shape (JAX's lax.bitwise_xor). */
export const bitwiseXor = bin('xor');
/** atan2(y, x): the angle of (x, y) in (−π, π], with C's signed-zero and infinity conventions. */
export const atan2 = bin('atan2');

export const compare = (x: Tensor, y: Tensor, op: CompareOp): Tensor => bind1('compare', [x, y], { op });
export const where = (c: Tensor, x: Tensor, y: Tensor): Tensor => bind1('where', [c, x, y], {});
export const cast = (x: Tensor, dtype: DType): Tensor => (x.dtype === dtype ? x : bind1('cast', [x], { dtype }));

export const broadcastInDim = (x: Tensor, shape: Shape, dims: readonly number[]): Tensor =>
  bind1('broadcast_in_dim', [x], { shape: [...shape], dims: [...dims] });
export const reshape = (x: Tensor, shape: Shape): Tensor =>
  (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : bind1('reshape', [x], { shape: [...shape] }));
export const transpose = (x: Tensor, perm: readonly number[]): Tensor =>
  (perm.every((p, i) => p === i) ? x : bind1('transpose', [x], { perm: [...perm] }));
export const slice = (x: Tensor, start: readonly number[], limit: readonly number[]): Tensor =>
  bind1('slice', [x], { start: [...start], limit: [...limit] });
export const pad = (x: Tensor, lo: readonly number[], hi: readonly number[]): Tensor =>
  bind1('pad', [x], { lo: [...lo], hi: [...hi] });
export const concatenate = (xs: Tensor[], axis: number): Tensor => bind1('concatenate', xs, { axis });
export const gather = (x: Tensor, idx: Tensor, axis: number): Tensor => bind1('gather', [x, idx], { axis });
export const scatterAdd = (x: Tensor, idx: Tensor, upd: Tensor, axis: number): Tensor =>
  bind1('scatter_add', [x, idx, upd], { axis });
/** Point gather over several axes: idx [...batch, k] picks one position on each of `axes` (indexing-nd.ts). */
export const gatherNd = (x: Tensor, idx: Tensor, axes: readonly number[], mode: GatherMode = 'clip', fill = 0): Tensor =>
  bind1('gather_nd', [x, idx], { axes: [...axes], mode, fill });
/** Point scatter over several axes, the inverse layout of gatherNd, combining updates by `op`. */
export const scatterNd = (x: Tensor, idx: Tensor, upd: Tensor, axes: readonly number[], op: ScatterOp = 'add', mode: ScatterMode = 'drop'): Tensor =>
  bind1('scatter_nd', [x, idx, upd], { axes: [...axes], mode, op });
export const reduceSum = (x: Tensor, axes: readonly number[]): Tensor =>
  (axes.length === 0 ? x : bind1('reduce_sum', [x], { axes: [...axes].sort((a, b) => a - b) }));
export const reduceMax = (x: Tensor, axes: readonly number[]): Tensor =>
  (axes.length === 0 ? x : bind1('reduce_max', [x], { axes: [...axes].sort((a, b) => a - b) }));
export const argmax = (x: Tensor, axis: number): Tensor => bind1('argmax', [x], { axis });
export const dotGeneral = (
  x: Tensor, y: Tensor,
  contract: readonly [readonly number[], readonly number[]],
  batch: readonly [readonly number[], readonly number[]] = [[], []],
): Tensor => bind1('dot_general', [x, y], { contract, batch });
export const iota = (shape: Shape, dim: number, dtype: DType = 'int32'): Tensor =>
  bind1('iota', [], { shape: [...shape], dim, dtype });
export const threefry2x32 = (k0: Tensor, k1: Tensor, x0: Tensor, x1: Tensor): [Tensor, Tensor] => {
  const [a, b] = bind('threefry2x32', [k0, k1, x0, x1], {});
  return [a, b];
};

/** A concrete scalar (host data), e.g. a literal inside a rule. */
export function scalar(value: number, dtype: DType): Tensor {
  validate.dtype('lax.scalar', dtype);
  validate.number('lax.scalar', 'the value', value);
  const data = allocate(dtype, 1);
  data[0] = coerce(dtype, value);
  return hooks.fromHost(data, new ShapedArray([], dtype));
}

/** `value` broadcast to `shape`: one scalar plus a broadcast, which compiled code fuses away. */
export const full = (shape: Shape, value: number, dtype: DType): Tensor =>
  (shape.length === 0 ? scalar(value, dtype) : broadcastInDim(scalar(value, dtype), shape, []));
export const fullLike = (x: Tensor, value: number): Tensor => full(x.shape, value, x.dtype);
export const zerosLike = (x: { shape: Shape; dtype: DType }): Tensor => full(x.shape, 0, x.dtype);

// Sorting and scans (lax-sort-scan.ts): sort, sortKeyVal, topK, cumsum, cumprod, cummax, cummin, associativeScan.
export { sort, sortKeyVal, topK, cumsum, cumprod, cummax, cummin, associativeScan, type SortOptions } from './lax-sort-scan.js';

// Control flow (lax-control-flow.ts): scan, map, foriLoop, whileLoop, cond, switch.
export { scan, map, foriLoop, whileLoop, cond, switch_ as switch, type ScanOptions, type WhileLoopOptions } from './lax-control-flow.js';
