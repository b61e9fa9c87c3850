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
import { padWithConfig } from './lax-pad.js';

const un = (p: 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sin' | 'cos' | 'tanh' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'floor' | 'stop_gradient' | 'not') =>
  (x: Tensor): Tensor => bind1(p, [x], {});
const bin = (p: 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow' | 'rem' | 'shift_right_logical' | 'xor' | 'atan2'
  | 'and' | 'or' | 'shift_left' | 'shift_right_arithmetic') =>
  (x: Tensor, y: Tensor): Tensor => bind1(p, [x, y], {});

/** −x. @example lax.neg(np.array([1, -2])); // → [-1, 2] */
export const neg = un('neg');
/** eˣ. @example lax.exp(np.array([0])); // → [1] */
export const exp = un('exp');
/** The natural logarithm. @example lax.log(np.array([1])); // → [0] */
export const log = un('log');
/** log(1 + x). @example lax.log1p(np.array([0])); // → [0] */
export const log1p = un('log1p');
/** eˣ − 1. @example lax.expm1(np.array([0])); // → [0] */
export const expm1 = un('expm1');
/** Sine. @example lax.sin(np.array([0])); // → [0] */
export const sin = un('sin');
/** Cosine. @example lax.cos(np.array([0])); // → [1] */
export const cos = un('cos');
/** Hyperbolic tangent. @example lax.tanh(np.array([0])); // → [0] */
export const tanh = un('tanh');
/** √x. @example lax.sqrt(np.array([9])); // → [3] */
export const sqrt = un('sqrt');
/** 1/√x. @example lax.rsqrt(np.array([4])); // → [0.5] */
export const rsqrt = un('rsqrt');
/** |x|. @example lax.abs(np.array([-2])); // → [2] */
export const abs = un('abs');
/** −1, 0 or 1. @example lax.sign(np.array([-2, 0, 3])); // → [-1, 0, 1] */
export const sign = un('sign');
/** The largest integer ≤ x. @example lax.floor(np.array([-0.5])); // → [-1] */
export const floor = un('floor');
/** x, with a zero derivative. @example lax.stopGradient(np.array([1])); // → [1] */
export const stopGradient = un('stop_gradient');
/** x + y: same shapes and dtypes (no broadcasting or promotion in lax). @example lax.add(np.array([1]), np.array([2])); // → [3] */
export const add = bin('add');
/** x − y, same shapes and dtypes. @example lax.sub(np.array([1]), np.array([2])); // → [-1] */
export const sub = bin('sub');
/** x · y, same shapes and dtypes. @example lax.mul(np.array([3]), np.array([2])); // → [6] */
export const mul = bin('mul');
/** x / y; integers divide truncating toward zero (as C, JAX's lax.div). @example lax.div(np.array([-7], 'int32'), np.array([2], 'int32')); // → [-3] */
export const div = bin('div');
/** The larger of x and y. @example lax.max(np.array([1, 4]), np.array([3, 2])); // → [3, 4] */
export const max = bin('max');
/** The smaller of x and y. @example lax.min(np.array([1, 4]), np.array([3, 2])); // → [1, 2] */
export const min = bin('min');
/** xʸ. @example lax.pow(np.array([2]), np.array([10])); // → [1024] */
export const pow = bin('pow');
/** Remainder with the sign of x (C's fmod; np.mod takes the divisor's). @example lax.rem(np.array([-7]), np.array([3])); // → [-1] */
export const rem = bin('rem');
const shiftRightLogicalBits = bin('shift_right_logical');
const UNSIGNED_TWIN: Partial<Record<DType, DType>> = { int8: 'uint8', int16: 'uint16', int32: 'uint32' };
/**
 * x >> y filling with zero bits (shifts of the bit width or more give 0). Signed integers are
 * shifted as their two's-complement bits, as JAX's shift_right_logical does.
 * @example lax.shiftRightLogical(np.array([256], 'uint32'), np.array([4], 'uint32')); // → [16]
 * @example lax.shiftRightLogical(np.array([-8], 'int32'), np.array([28], 'int32')); // → [15]
 */
export const shiftRightLogical = (x: Tensor, y: Tensor): Tensor => {
  const twin = UNSIGNED_TWIN[x.dtype];
  if (twin === undefined || y.dtype !== x.dtype) return shiftRightLogicalBits(x, y);
  // int → uint casts of the same width keep the bits (they wrap modulo 2^bits), and back again.
  return cast(shiftRightLogicalBits(cast(x, twin), cast(y, twin)), x.dtype);
};
/** Bitwise exclusive or of two uint32 or int32 arrays of the same shape (JAX's lax.bitwise_xor). @example lax.bitwiseXor(np.array([12], 'uint32'), np.array([10], 'uint32')); // → [6] */
export const bitwiseXor = bin('xor');
/** Bitwise and of two integer arrays of the same shape and dtype (JAX's lax.bitwise_and). @example lax.bitwiseAnd(np.array([12], 'int32'), np.array([10], 'int32')); // → [8] */
export const bitwiseAnd = bin('and');
/** Bitwise or of two integer arrays of the same shape and dtype (JAX's lax.bitwise_or). @example lax.bitwiseOr(np.array([12], 'int32'), np.array([10], 'int32')); // → [14] */
export const bitwiseOr = bin('or');
/** Bitwise not of an integer array (JAX's lax.bitwise_not). @example lax.bitwiseNot(np.array([0, 5], 'uint8')); // → [255, 250] */
export const bitwiseNot = un('not');
/** x << y of integer arrays of the same shape and dtype; 0 once y reaches the width (JAX's lax.shift_left). @example lax.shiftLeft(np.array([100], 'int8'), np.array([1], 'int8')); // → [-56] */
export const shiftLeft = bin('shift_left');
/** x >> y of signed integer arrays, filling with the sign bit (JAX's lax.shift_right_arithmetic). @example lax.shiftRightArithmetic(np.array([-8], 'int32'), np.array([1], 'int32')); // → [-4] */
export const shiftRightArithmetic = bin('shift_right_arithmetic');
/** atan2(y, x): the angle of (x, y) in (−π, π], with C's signed-zero and infinity conventions. @example lax.atan2(np.array([1]), np.array([0])); // → [Math.PI / 2] */
export const atan2 = bin('atan2');

/** x op y elementwise ('lt', 'le', 'gt', 'ge', 'eq', 'ne'), as bool. @example lax.compare(np.array([1, 2]), np.array([2, 2]), 'lt'); // → [true, false] */
export const compare = (x: Tensor, y: Tensor, op: CompareOp): Tensor => bind1('compare', [x, y], { op });
/** x where c is true, else y (all the same shape). @example lax.where(np.array([true, false]), np.array([1, 2]), np.array([3, 4])); // → [1, 4] */
export const where = (c: Tensor, x: Tensor, y: Tensor): Tensor => bind1('where', [c, x, y], {});
/** The values converted to `dtype` (floats to integers truncate). @example lax.cast(np.array([-1.7, 2.5]), 'int32'); // → [-1, 2] */
export const cast = (x: Tensor, dtype: DType): Tensor => (x.dtype === dtype ? x : bind1('cast', [x], { dtype }));

/** x broadcast to `shape`, its axis i becoming axis dims[i]. @example lax.broadcastInDim(np.array([1, 2]), [3, 2], [1]).shape; // → [3, 2] */
export const broadcastInDim = (x: Tensor, shape: Shape, dims: readonly number[]): Tensor =>
  bind1('broadcast_in_dim', [x], { shape: [...shape], dims: [...dims] });
/** The elements in a new shape of the same size (no −1 here). @example lax.reshape(np.arange(6), [2, 3]).shape; // → [2, 3] */
export const reshape = (x: Tensor, shape: Shape): Tensor =>
  (x.shape.length === shape.length && x.shape.every((d, i) => d === shape[i]) ? x : bind1('reshape', [x], { shape: [...shape] }));
/** Axes permuted: result axis i is x's axis perm[i]. @example lax.transpose(np.ones([2, 3, 4]), [2, 0, 1]).shape; // → [4, 2, 3] */
export const transpose = (x: Tensor, perm: readonly number[]): Tensor =>
  (perm.every((p, i) => p === i) ? x : bind1('transpose', [x], { perm: [...perm] }));
/** The elements from `start` up to `limit` (exclusive) on every axis. @example lax.slice(np.arange(5), [1], [4]); // → [1, 2, 3] */
export const slice = (x: Tensor, start: readonly number[], limit: readonly number[]): Tensor =>
  bind1('slice', [x], { start: [...start], limit: [...limit] });
/**
 * Padding. `pad(x, lo, hi)` adds zeros before (`lo`) and after (`hi`) every axis (the primitive);
 * JAX's form `pad(x, paddingValue, [[lo, hi, interior], ...])` pads with a value, puts `interior`
 * values between neighbours, and crops where lo or hi is negative (see lax-pad.ts).
 * @example lax.pad(np.array([1, 2]), [1], [2]); // → [0, 1, 2, 0, 0]
 * @example lax.pad(np.array([1, 2, 3]), -1, [[1, -1, 1]]); // → [-1, 1, -1, 2, -1]
 */
export function pad(x: Tensor, lo: readonly number[], hi: readonly number[]): Tensor;
export function pad(x: Tensor, paddingValue: number | Tensor, config: readonly (readonly [number, number, number])[]): Tensor;
export function pad(x: Tensor, a: readonly number[] | number | Tensor, b: readonly number[] | readonly (readonly [number, number, number])[]): Tensor {
  if (Array.isArray(a)) return bind1('pad', [x], { lo: [...(a as number[])], hi: [...(b as number[])] });
  return padWithConfig(x, a as number | Tensor, b as readonly (readonly [number, number, number])[]);
}
/** Arrays joined along an existing axis. @example lax.concatenate([np.array([1]), np.array([2, 3])], 0); // → [1, 2, 3] */
export const concatenate = (xs: Tensor[], axis: number): Tensor => bind1('concatenate', xs, { axis });
/** x indexed along `axis` by an int32 array (indices clamped). @example lax.gather(np.array([10, 20, 30]), np.array([2, 0], 'int32'), 0); // → [30, 10] */
export const gather = (x: Tensor, idx: Tensor, axis: number): Tensor => bind1('gather', [x, idx], { axis });
/** x with `upd` added at the indices along `axis` (repeats accumulate). @example lax.scatterAdd(np.zeros([3]), np.array([0, 0], 'int32'), np.array([1, 2]), 0); // → [3, 0, 0] */
export const scatterAdd = (x: Tensor, idx: Tensor, upd: Tensor, axis: number): Tensor =>
  bind1('scatter_add', [x, idx, upd], { axis });
/**
 * Point gather over several axes: idx [...batch, k] picks one position on each of `axes` (indexing-nd.ts).
 * @example lax.gatherNd(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]], 'int32'), [0, 1]); // → [3, 2]
 */
export const gatherNd = (x: Tensor, idx: Tensor, axes: readonly number[], mode: GatherMode = 'clip', fill = 0): Tensor =>
  bind1('gather_nd', [x, idx], { axes: [...axes], mode, fill });
/**
 * Point scatter over several axes, the inverse layout of gatherNd, combining updates by `op`.
 * @example lax.scatterNd(np.zeros([2, 2]), np.array([[1, 0]], 'int32'), np.array([5]), [0, 1]); // → [[0, 0], [5, 0]]
 */
export const scatterNd = (x: Tensor, idx: Tensor, upd: Tensor, axes: readonly number[], op: ScatterOp = 'add', mode: ScatterMode = 'drop'): Tensor =>
  bind1('scatter_nd', [x, idx, upd], { axes: [...axes], mode, op });
/** The sum over `axes`. @example lax.reduceSum(np.array([[1, 2], [3, 4]]), [0]); // → [4, 6] */
export const reduceSum = (x: Tensor, axes: readonly number[]): Tensor =>
  (axes.length === 0 ? x : bind1('reduce_sum', [x], { axes: [...axes].sort((a, b) => a - b) }));
/** The maximum over `axes`. @example lax.reduceMax(np.array([[1, 5], [3, 4]]), [1]); // → [5, 4] */
export const reduceMax = (x: Tensor, axes: readonly number[]): Tensor =>
  (axes.length === 0 ? x : bind1('reduce_max', [x], { axes: [...axes].sort((a, b) => a - b) }));
/** The index of the maximum along `axis` (the first of ties), int32. @example lax.argmax(np.array([[1, 5], [7, 3]]), 1); // → [1, 0] */
export const argmax = (x: Tensor, axis: number): Tensor => bind1('argmax', [x], { axis });
/**
 * Contracts x's `contract[0]` axes with y's `contract[1]`, batching over `batch` axes (JAX's dot_general).
 * @example lax.dotGeneral(np.array([[1, 2], [3, 4]]), np.array([1, 1]), [[1], [0]]); // → [3, 7]
 */
export const dotGeneral = (
  x: Tensor, y: Tensor,
  contract: readonly [readonly number[], readonly number[]],
  batch: readonly [readonly number[], readonly number[]] = [[], []],
): Tensor => bind1('dot_general', [x, y], { contract, batch });
/** Each element's index along `dim`. @example lax.iota([2, 3], 1); // → [[0, 1, 2], [0, 1, 2]] */
export const iota = (shape: Shape, dim: number, dtype: DType = 'int32'): Tensor =>
  bind1('iota', [], { shape: [...shape], dim, dtype });
/**
 * The threefry-2x32 block cipher (20 rounds) on counters (x0, x1) under the key (k0, k1), all uint32.
 * @example lax.threefry2x32(...[0, 0, 0, 0].map((v) => np.array([v], 'uint32'))); // → [[1797259609], [2579123966]] — Random123's known answer
 */
export const threefry2x32 = (k0: Tensor, k1: Tensor, x0: Tensor, x1: Tensor): [Tensor, Tensor] => {
  const [a, b] = bind('threefry2x32', [k0, k1, x0, x1], {});
  return [a, b];
};

/** A concrete scalar (host data), e.g. a literal inside a rule. @example lax.scalar(2, 'int32'); // → 2 */
export function scalar(value: number, dtype: DType): Tensor {
  validate.dtype('lax.scalar', dtype);
  validate.number('lax.scalar', 'the value', value);
  const data = allocate(dtype, 1);
  data[0] = coerce(dtype, value);
  return hooks.fromHost(data, new ShapedArray([], dtype));
}

/** `value` broadcast to `shape`: one scalar plus a broadcast, which compiled code fuses away. @example lax.full([2], 7, 'float32'); // → [7, 7] */
export const full = (shape: Shape, value: number, dtype: DType): Tensor =>
  (shape.length === 0 ? scalar(value, dtype) : broadcastInDim(scalar(value, dtype), shape, []));
/** `value` in x's shape and dtype. @example lax.fullLike(np.zeros([2], 'int32'), 3); // → [3, 3] */
export const fullLike = (x: Tensor, value: number): Tensor => full(x.shape, value, x.dtype);
/** Zeros in x's shape and dtype. @example lax.zerosLike(np.ones([2])); // → [0, 0] */
export const zerosLike = (x: { shape: Shape; dtype: DType }): Tensor => full(x.shape, 0, x.dtype);

// Sorting and scans (lax-sort-scan.ts): sort, sortKeyVal, topK, cumsum, cumprod, cummax, cummin, associativeScan.
export { sort, sortKeyVal, topK, cumsum, cumprod, cummax, cummin, associativeScan, type SortOptions } from './lax-sort-scan.js';
export * as linalg from './lax-linalg.js';

// Convolution and windowed reductions (lax-conv.ts, reduce-window.ts).
export { convGeneralDilated, convTranspose, type ConvPadding, type ConvGeneralDilatedOptions, type ConvTransposeOptions, type ConvDimensionNumbersLike } from './lax-conv.js';
export { reduceWindow, type WindowComputation } from './reduce-window.js';

// Control flow (lax-control-flow.ts): scan, map, foriLoop, whileLoop, cond, switch.
export { scan, map, foriLoop, whileLoop, cond, switch_ as switch, type ScanOptions, type WhileLoopOptions, type MapOptions } from './lax-control-flow.js';

// Slices with traced starts (lax-dynamic.ts) and the rest of the everyday vocabulary (lax-conveniences.ts).
export { dynamicSlice, dynamicUpdateSlice, dynamicSliceInDim, dynamicUpdateSliceInDim, dynamicIndexInDim, type StartIndex } from './lax-dynamic.js';
export {
  select, clamp, convertElementType, broadcast, expandDims, squeeze, rev, broadcastedIota, integerPow, square,
  lt, le, gt, ge, eq, ne, dot, argmin,
} from './lax-conveniences.js';

// Bit-level functions (lax-bits.ts): bitcasts, bit counts, and float bit arithmetic.
export { bitcastConvertType, populationCount, clz, nextafter, reducePrecision } from './lax-bits.js';

// JAX's elementwise lax functions that np computes as compositions, under lax's contract (lax-more.ts).
export {
  acos, acosh, asin, asinh, atan, atanh, cbrt, ceil, cosh, sinh, tan, erf, erfc, erfInv, lgamma, digamma, exp2,
  logistic, isFinite, round, type RoundingMethod,
} from './lax-more.js';

// Reductions beyond reduce_sum / reduce_max, and lax.reduce (lax-reductions.ts).
export { reduceMin, reduceProd, reduceAnd, reduceOr, reduceXor, reduce } from './lax-reductions.js';
// More structure: selections, slices, batched products, scatter combinations (lax-structure.ts).
export {
  selectN, sliceInDim, indexInDim, indexTake, zerosLikeArray, broadcastToRank, collapse, batchMatmul,
  optimizationBarrier, cumlogsumexp, scatterMul, scatterMax, scatterMin,
} from './lax-structure.js';
// Special functions (lax-special.ts): polygamma, the incomplete gamma functions, scaled Bessel functions.
export { polygamma, igamma, igammac, besselI0e, besselI1e } from './lax-special.js';
// Collectives over a named vmap axis (JAX's axis_name): rules in transforms/collectives.ts.
export { psum, pmean, pmax, pmin, axisIndex } from './lax-collectives.js';
