/**
 * The rule tables. The mapped types make a primitive without a rule a compile error; the two
 * higher-order primitives (jit, custom_jvp) have rules that are transformations of their
 * program, so `transforms/` registers them.
 */
import type { Primitive } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { broadcast_in_dim, concatenate, pad, reshape, slice, transpose } from './movement.js';
import { dot_general } from './dot.js';
import * as ew from './elementwise.js';
import { gather, scatter_add } from './indexing.js';
import { gather_nd, scatter_nd } from './indexing-nd.js';
import { argmax, reduce_max, reduce_sum } from './reduce.js';
import { iota, threefry2x32 } from './sources.js';
import { sort } from './sort.js';
import { cummax, cummin, cumprod, cumsum } from './cumulative.js';
import { debug_callback } from './debug-callback.js';
import { cholesky, eigh, lu, qr, svd, triangular_solve } from './linalg.js';
import { conv_general_dilated } from './conv.js';
import { bitcast_convert_type, clz, population_count } from './bits.js';
import type { FirstOrder, FirstOrderTable, HigherOrderTable, Rules } from './rules.js';
import { BackendError } from '../core/errors.js';

export const firstOrder: FirstOrderTable = {
  neg: ew.neg, exp: ew.exp, log: ew.log, log1p: ew.log1p, expm1: ew.expm1, sin: ew.sin, cos: ew.cos,
  tanh: ew.tanh, sqrt: ew.sqrt, rsqrt: ew.rsqrt, abs: ew.abs, sign: ew.sign, floor: ew.floor,
  add: ew.add, sub: ew.sub, mul: ew.mul, div: ew.div, max: ew.max, min: ew.min, pow: ew.pow, rem: ew.rem,
  shift_right_logical: ew.shift_right_logical, xor: ew.xor, and: ew.and, or: ew.or, not: ew.not,
  shift_left: ew.shift_left, shift_right_arithmetic: ew.shift_right_arithmetic, compare: ew.compare, where: ew.where, cast: ew.cast,
  stop_gradient: ew.stop_gradient,
  bitcast_convert_type, population_count, clz,
  atan2: ew.atan2,
  broadcast_in_dim, reshape, transpose, slice, pad, concatenate, gather, scatter_add,
  reduce_sum, reduce_max, argmax, dot_general, iota, threefry2x32,
  gather_nd, scatter_nd,
  sort, cumsum, cumprod, cummax, cummin,
  debug_callback,
  cholesky, triangular_solve, lu, qr, eigh, svd,
  conv_general_dilated,
};

let higherOrder: HigherOrderTable | undefined;
export function registerHigherOrder(table: HigherOrderTable): void { higherOrder = table; }

export const isFirstOrder = (p: Primitive): p is FirstOrder => p in firstOrder;

export function rulesOf<P extends Primitive>(prim: P): Rules<P> {
  if (isFirstOrder(prim)) return firstOrder[prim] as unknown as Rules<P>;
  if (!higherOrder) throw new BackendError(`fluxion: rules for '${prim}' are not registered: import from "fluxion" (or "fluxion/node"), not from its internal modules.`);
  return higherOrder[prim as keyof HigherOrderTable] as unknown as Rules<P>;
}

/** Shape inference for any primitive: the hook core uses to stage and type-check Jaxprs. */
export function abstractEval(prim: Primitive, avals: ShapedArray[], params: object): ShapedArray[] {
  return rulesOf(prim).abstractEval(avals, params);
}
