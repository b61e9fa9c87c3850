/**
 * Zero-size conformance cases: at least one per primitive of the closed set, each with an
 * operand or a result that has a 0 dimension. Some give an empty result (the backend must make
 * no kernel and not fail); the interesting ones give a non-empty result from an empty operand
 * (a sum over an empty axis, a product with k = 0, padding of nothing, concatenating an empty
 * piece, scattering no updates), which has a definite value the CPU interpreter computes.
 * Inputs are float32 (or the primitive's own dtype) so WebGPU can take them as they are.
 */
import { customJvp, jit, lax, np, Tensor } from '../../src/index.js';
import type { Primitive } from '../../src/core/primitive.js';
import type { Rng } from './check.js';
import { sizeOf } from './check.js';
import { SORT_SCAN_ZERO_SIZE_CASES } from './sort-scan-cases.js';
import { DEBUG_ZERO_SIZE_CASES } from './debug-cases.js';
import { LINALG_ZERO_SIZE_CASES } from './linalg-cases.js';
import { CONV_ZERO_SIZE_CASES } from './conv-cases.js';
import { CONTROL_FLOW_ZERO_SIZE_CASES } from './control-flow-cases.js';
import { BITS_ZERO_SIZE_CASES } from './bits-cases.js';

export interface ZeroSizeCase {
  name: string;
  prim: Primitive;
  fn: (...xs: Tensor[]) => Tensor | Tensor[];
  /** Float inputs are normal(0, 1) unless `positive`; int32/uint32 inputs are small integers. */
  args: (rng: Rng) => Tensor[];
}

const f32 = (rng: Rng, shape: number[], positive = false): Tensor =>
  np.array(Float32Array.from({ length: sizeOf(shape) }, () => (positive ? rng.uniform(0.3, 2) : rng.normal())), { dtype: 'float32', shape });
const i32 = (rng: Rng, shape: number[], hi: number): Tensor =>
  np.array(Int32Array.from({ length: sizeOf(shape) }, () => rng.int(0, hi)), { dtype: 'int32', shape });
const u32 = (rng: Rng, shape: number[]): Tensor =>
  np.array(Uint32Array.from({ length: sizeOf(shape) }, () => rng.u32()), { dtype: 'uint32', shape });

const UNARY: [Primitive, (x: Tensor) => Tensor, boolean][] = [
  ['neg', lax.neg, false], ['exp', lax.exp, false], ['log', lax.log, true], ['log1p', lax.log1p, true],
  ['expm1', lax.expm1, false], ['sin', lax.sin, false], ['cos', lax.cos, false], ['tanh', lax.tanh, false],
  ['sqrt', lax.sqrt, true], ['rsqrt', lax.rsqrt, true], ['abs', lax.abs, false], ['sign', lax.sign, false],
  ['floor', lax.floor, false], ['stop_gradient', lax.stopGradient, false],
];
const BINARY: [Primitive, (x: Tensor, y: Tensor) => Tensor][] = [
  ['add', lax.add], ['sub', lax.sub], ['mul', lax.mul], ['div', lax.div], ['max', lax.max], ['min', lax.min],
  ['pow', lax.pow], ['rem', lax.rem],
  ['atan2', lax.atan2],
];

// An empty operand inside a custom_jvp and inside a nested jit: their bodies are inlined by the
// compiler, so the zero-size rules must apply there too.
const sumPlusOne = customJvp(
  (x: Tensor) => lax.add(lax.reduceSum(x, [0]), lax.full([], 1, x.dtype)),
  ([x], [t]) => [lax.add(lax.reduceSum(x, [0]), lax.full([], 1, x.dtype)), lax.reduceSum(t, [0])],
  'sumPlusOne',
);
const sumPlusFive = jit((x: Tensor) => x.sum().add(5));

export const ZERO_SIZE_CASES: ZeroSizeCase[] = [
  ...UNARY.map(([prim, f, positive]): ZeroSizeCase => ({ name: `${prim} of [2,0,3]`, prim, fn: f, args: (r) => [f32(r, [2, 0, 3], positive)] })),
  ...BINARY.map(([prim, f]): ZeroSizeCase => ({ name: `${prim} of [0]`, prim, fn: f, args: (r) => [f32(r, [0], true), f32(r, [0], true)] })),
  { name: 'xor of [0,2]', prim: 'xor', fn: lax.bitwiseXor, args: (r) => [u32(r, [0, 2]), u32(r, [0, 2])] },
  { name: 'and of [0,2]', prim: 'and', fn: lax.bitwiseAnd, args: (r) => [u32(r, [0, 2]), u32(r, [0, 2])] },
  { name: 'or of [0,2]', prim: 'or', fn: lax.bitwiseOr, args: (r) => [u32(r, [0, 2]), u32(r, [0, 2])] },
  { name: 'not of [2,0]', prim: 'not', fn: lax.bitwiseNot, args: (r) => [u32(r, [2, 0])] },
  { name: 'shift_left of [0,2]', prim: 'shift_left', fn: lax.shiftLeft, args: (r) => [u32(r, [0, 2]), u32(r, [0, 2])] },
  { name: 'shift_right_arithmetic of [0,2]', prim: 'shift_right_arithmetic', fn: lax.shiftRightArithmetic, args: (r) => [i32(r, [0, 2], 40), i32(r, [0, 2], 40)] },
  ...BITS_ZERO_SIZE_CASES,
  { name: 'shift_right_logical of [0,2]', prim: 'shift_right_logical', fn: lax.shiftRightLogical, args: (r) => [u32(r, [0, 2]), u32(r, [0, 2])] },
  { name: 'compare(lt) of [3,0]', prim: 'compare', fn: (x, y) => lax.compare(x, y, 'lt'), args: (r) => [f32(r, [3, 0]), f32(r, [3, 0])] },
  {
    name: 'where of [0,4]', prim: 'where', fn: (x, a, b) => lax.where(lax.compare(x, lax.zerosLike(x), 'gt'), a, b),
    args: (r) => [f32(r, [0, 4]), f32(r, [0, 4]), f32(r, [0, 4])],
  },
  { name: 'cast f32→i32 of [0]', prim: 'cast', fn: (x) => lax.cast(x, 'int32'), args: (r) => [f32(r, [0])] },
  { name: 'broadcast_in_dim [0] → [2,0]', prim: 'broadcast_in_dim', fn: (x) => lax.broadcastInDim(x, [2, 0], [1]), args: (r) => [f32(r, [0])] },
  { name: 'broadcast_in_dim [1,3] → [0,3]', prim: 'broadcast_in_dim', fn: (x) => lax.broadcastInDim(x, [0, 3], [0, 1]), args: (r) => [f32(r, [1, 3])] },
  { name: 'reshape [0,3] → [3,0,1]', prim: 'reshape', fn: (x) => lax.reshape(x, [3, 0, 1]), args: (r) => [f32(r, [0, 3])] },
  { name: 'transpose [2,0,3]', prim: 'transpose', fn: (x) => lax.transpose(x, [2, 0, 1]), args: (r) => [f32(r, [2, 0, 3])] },
  { name: 'slice [3,4] to [3,0]', prim: 'slice', fn: (x) => lax.slice(x, [0, 2], [3, 2]), args: (r) => [f32(r, [3, 4])] },
  { name: 'slice of [0,3]', prim: 'slice', fn: (x) => lax.slice(x, [0, 1], [0, 3]), args: (r) => [f32(r, [0, 3])] },
  // Non-empty results from an empty operand: only padding, and the non-empty pieces.
  { name: 'pad [0,2] → [2,3]', prim: 'pad', fn: (x) => lax.pad(x, [1, 0], [1, 1]), args: (r) => [f32(r, [0, 2])] },
  {
    name: 'concatenate [2,0] ++ [2,3] ++ [2,1]', prim: 'concatenate', fn: (a, b, c) => lax.concatenate([a, b, c], 1),
    args: (r) => [f32(r, [2, 0]), f32(r, [2, 3]), f32(r, [2, 1])],
  },
  { name: 'concatenate of empties', prim: 'concatenate', fn: (a, b) => lax.concatenate([a, b], 0), args: (r) => [f32(r, [0, 2]), f32(r, [0, 2])] },
  { name: 'gather no indices from [3,4]', prim: 'gather', fn: (x, i) => lax.gather(x, i, 0), args: (r) => [f32(r, [3, 4]), i32(r, [0], 3)] },
  { name: 'gather from [0,3] along axis 1', prim: 'gather', fn: (x, i) => lax.gather(x, i, 1), args: (r) => [f32(r, [0, 3]), i32(r, [2], 3)] },
  {
    name: 'scatter_add of no updates into [3,2]', prim: 'scatter_add', fn: (x, i, u) => lax.scatterAdd(x, i, u, 0),
    args: (r) => [f32(r, [3, 2]), i32(r, [0], 3), f32(r, [0, 2])],
  },
  // Multi-axis point gather/scatter (NumPy indexing): no tuples, an empty indexed axis, no updates.
  { name: 'gather_nd of no tuples from [3,4]', prim: 'gather_nd', fn: (x, i) => lax.gatherNd(x, i, [0]), args: (r) => [f32(r, [3, 4]), i32(r, [0, 1], 3)] },
  {
    name: 'gather_nd (fill) from the empty axis of [0,3]', prim: 'gather_nd', fn: (x, i) => lax.gatherNd(x, i, [0], 'fill', 0.5),
    args: (r) => [f32(r, [0, 3]), i32(r, [2, 1], 3)],
  },
  {
    name: 'scatter_nd (add) of no updates into [3,2]', prim: 'scatter_nd', fn: (x, i, u) => lax.scatterNd(x, i, u, [0, 1], 'add'),
    args: (r) => [f32(r, [3, 2]), i32(r, [0, 2], 2), f32(r, [0])],
  },
  {
    name: 'scatter_nd (set) of no updates into [2,3]', prim: 'scatter_nd', fn: (x, i, u) => lax.scatterNd(x, i, u, [1], 'set'),
    args: (r) => [f32(r, [2, 3]), i32(r, [0, 1], 3), f32(r, [0, 2])],
  },
  { name: 'reduce_sum [3,0] over axis 1', prim: 'reduce_sum', fn: (x) => lax.reduceSum(x, [1]), args: (r) => [f32(r, [3, 0])] },
  { name: 'reduce_sum [0] to a scalar', prim: 'reduce_sum', fn: (x) => lax.reduceSum(x, [0]), args: (r) => [f32(r, [0])] },
  { name: 'reduce_sum [0,4] over axis 1', prim: 'reduce_sum', fn: (x) => lax.reduceSum(x, [1]), args: (r) => [f32(r, [0, 4])] },
  { name: 'reduce_max [3,0] over axis 1', prim: 'reduce_max', fn: (x) => lax.reduceMax(x, [1]), args: (r) => [f32(r, [3, 0])] },
  { name: 'reduce_max int32 [2,0] over axis 1', prim: 'reduce_max', fn: (x) => lax.reduceMax(x, [1]), args: (r) => [i32(r, [2, 0], 5)] },
  { name: 'argmax [0,3] along axis 1', prim: 'argmax', fn: (x) => lax.argmax(x, 1), args: (r) => [f32(r, [0, 3])] },
  { name: 'dot_general [2,0]·[0,3] (k = 0)', prim: 'dot_general', fn: (x, y) => lax.dotGeneral(x, y, [[1], [0]], [[], []]), args: (r) => [f32(r, [2, 0]), f32(r, [0, 3])] },
  { name: 'dot_general [0]·[0] (k = 0)', prim: 'dot_general', fn: (x, y) => lax.dotGeneral(x, y, [[0], [0]], [[], []]), args: (r) => [f32(r, [0]), f32(r, [0])] },
  { name: 'dot_general [0,3]·[3,2] (m = 0)', prim: 'dot_general', fn: (x, y) => lax.dotGeneral(x, y, [[1], [0]], [[], []]), args: (r) => [f32(r, [0, 3]), f32(r, [3, 2])] },
  {
    name: 'dot_general batched [2,3,0]·[2,0,4] (k = 0)', prim: 'dot_general', fn: (x, y) => lax.dotGeneral(x, y, [[2], [1]], [[0], [0]]),
    args: (r) => [f32(r, [2, 3, 0]), f32(r, [2, 0, 4])],
  },
  { name: 'iota [0,3]', prim: 'iota', fn: () => lax.iota([0, 3], 1, 'int32'), args: (r) => [f32(r, [1])] },
  { name: 'threefry2x32 of [0]', prim: 'threefry2x32', fn: (a, b, c, d) => lax.threefry2x32(a, b, c, d), args: (r) => [0, 1, 2, 3].map(() => u32(r, [0])) },
  { name: 'custom_jvp: sum of [0] plus 1', prim: 'custom_jvp', fn: (x) => sumPlusOne(x), args: (r) => [f32(r, [0])] },
  { name: 'jit: sum of [0] plus 5', prim: 'jit', fn: (x) => sumPlusFive(x) as Tensor, args: (r) => [f32(r, [0])] },
  // numpy compositions from the issue: mean over an empty axis is 0/0, a matmul with k = 0 is zeros.
  { name: 'np.mean over an empty axis', prim: 'div', fn: (x) => np.mean(x, { axis: 1 }), args: (r) => [f32(r, [2, 0])] },
  // Under jit this is 0 / 0 of two literals, which WGSL must not fold as a constant expression.
  { name: 'np.mean of [0] to a scalar', prim: 'div', fn: (x) => np.mean(x), args: (r) => [f32(r, [0])] },
  { name: 'np.matmul [2,0]·[0,2] + 1', prim: 'dot_general', fn: (x, y) => np.matmul(x, y).add(1), args: (r) => [f32(r, [2, 0]), f32(r, [0, 2])] },
  {
    name: 'empty and non-empty together', prim: 'reduce_sum',
    fn: (x, y) => [np.sum(x, { axis: 0 }).add(np.sum(y)), lax.exp(x)], args: (r) => [f32(r, [0, 3]), f32(r, [4])],
  },
  // Sorting and scans (issue 11).
  ...SORT_SCAN_ZERO_SIZE_CASES,
  ...DEBUG_ZERO_SIZE_CASES,
  ...LINALG_ZERO_SIZE_CASES,
  ...CONV_ZERO_SIZE_CASES,
  // Control flow (issue 12).
  ...CONTROL_FLOW_ZERO_SIZE_CASES,
];
