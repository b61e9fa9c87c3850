/**
 * Conformance cases for the lax functions that are compositions (src/primitives/lax-dynamic.ts,
 * src/primitives/lax-conveniences.ts): WebGPU against the CPU interpreter on seeded inputs, eager
 * and under jit (spec/api-conformance.spec.ts). Start indices are array arguments, so under jit
 * they are traced: the windows move with values the compiled program only sees at run time.
 */
import { np, lax, type Tensor } from '../../src/index.js';
import type { ApiCase } from './api-conformance-cases.js';
import type { Rng } from './check.js';

const f32 = (r: Rng, shape: number[]): Tensor =>
  np.array(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal()), { dtype: 'float32', shape });
const i32 = (r: Rng, shape: number[], lo: number, hi: number): Tensor =>
  np.array(Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.int(lo, hi)), { dtype: 'int32', shape });
/** A start index: in range, or past either end (the window is clamped back inside). */
const start = (r: Rng, n: number): Tensor => np.array(r.int(-2, n + 3), 'int32');

export const LAX_EXTRA_CASES: ApiCase[] = [
  { name: 'lax.dynamicSlice', fn: (x, i, j) => lax.dynamicSlice(x, [i, j], [2, 3]), args: (r) => [f32(r, [5, 6]), start(r, 5), start(r, 6)] },
  { name: 'lax.dynamicSlice (one static start)', fn: (x, j) => lax.dynamicSlice(x, [1, j], [3, 2]), args: (r) => [f32(r, [4, 7]), start(r, 7)] },
  { name: 'lax.dynamicUpdateSlice', fn: (x, u, i, j) => lax.dynamicUpdateSlice(x, u, [i, j]), args: (r) => [f32(r, [5, 6]), f32(r, [2, 3]), start(r, 5), start(r, 6)] },
  { name: 'lax.dynamicSliceInDim', fn: (x, i) => lax.dynamicSliceInDim(x, i, 3, 1), args: (r) => [f32(r, [3, 8]), start(r, 8)] },
  { name: 'lax.dynamicUpdateSliceInDim', fn: (x, u, i) => lax.dynamicUpdateSliceInDim(x, u, i, 0), args: (r) => [f32(r, [6, 3]), f32(r, [2, 3]), start(r, 6)] },
  { name: 'lax.dynamicIndexInDim', fn: (x, i) => lax.dynamicIndexInDim(x, i, 1, false), args: (r) => [f32(r, [3, 5]), start(r, 5)] },
  { name: 'lax.select', fn: (p, a, b) => lax.select(lax.gt(p, lax.zerosLike(p)), a, b), args: (r) => [f32(r, [3, 4]), f32(r, [3, 4]), f32(r, [3, 4])] },
  { name: 'lax.clamp', fn: (lo, x, hi) => lax.clamp(lo, x, hi), args: (r) => [np.array(-0.5), f32(r, [3, 4]), np.array(0.7)] },
  { name: 'lax.convertElementType', fn: (x) => lax.convertElementType(lax.mul(x, lax.full(x.shape, 10, 'float32')), 'int32'),
    // away from integers after scaling: truncation has no boundary case
    args: (r) => [np.array(Float32Array.from({ length: 12 }, () => (r.int(-30, 30) + r.uniform(0.1, 0.9)) / 10), { dtype: 'float32', shape: [3, 4] })] },
  { name: 'lax.broadcast', fn: (x) => lax.broadcast(x, [2, 3]), args: (r) => [f32(r, [4])] },
  { name: 'lax.expandDims', fn: (x) => lax.expandDims(x, [0, 3]), args: (r) => [f32(r, [2, 3])] },
  { name: 'lax.squeeze', fn: (x) => lax.squeeze(x, [0, 2]), args: (r) => [f32(r, [1, 4, 1])] },
  { name: 'lax.rev', fn: (x) => lax.rev(x, [0, 1]), args: (r) => [f32(r, [3, 5])] },
  { name: 'lax.broadcastedIota', fn: (x) => lax.add(x, lax.broadcastedIota('float32', [3, 4], 1)), args: (r) => [f32(r, [3, 4])] },
  { name: 'lax.integerPow', fn: (x) => lax.integerPow(x, 5), args: (r) => [f32(r, [3, 4])], tol: 1e-5 },
  { name: 'lax.integerPow (negative power)', fn: (x) => lax.integerPow(x, -2),
    args: (r) => [np.array(Float32Array.from({ length: 8 }, () => r.sign() * r.uniform(0.5, 2)), { dtype: 'float32', shape: [8] })] },
  { name: 'lax.square', fn: (x) => lax.square(x), args: (r) => [f32(r, [3, 4])] },
  ...(['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const).map((c): ApiCase =>
    ({ name: `lax.${c}`, fn: (x, y) => lax[c](x, y), args: (r) => [i32(r, [3, 4], -2, 3), i32(r, [3, 4], -2, 3)] })),
  { name: 'lax.dot (matrix · vector)', fn: (a, b) => lax.dot(a, b), args: (r) => [f32(r, [4, 6]), f32(r, [6])], tol: 1e-4 },
  { name: 'lax.dot (matrix · matrix)', fn: (a, b) => lax.dot(a, b), args: (r) => [f32(r, [3, 5]), f32(r, [5, 2])], tol: 1e-4 },
  { name: 'lax.argmin', fn: (x) => lax.argmin(x, 1), args: (r) => [f32(r, [4, 7])] },
  { name: 'lax.argmin (int8, ties)', fn: (x) => lax.argmin(lax.convertElementType(x, 'int8'), 0), args: (r) => [i32(r, [6, 3], -128, 128)] },
];
