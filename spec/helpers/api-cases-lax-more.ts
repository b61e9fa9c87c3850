/**
 * Conformance cases (WebGPU, eager and jit, against the CPU interpreter on seeded inputs; run by
 * spec/api-conformance.spec.ts) for the lax-more functions: the bit-level lax functions and
 * numpy's bit functions (src/primitives/lax-bits.ts, src/numpy/bits.ts), narrow types included.
 */
import { lax, np } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';
import type { ApiCase } from './api-conformance-cases.js';
import { type Gen, S, between, f32, intsOf, normal, offHalf, offInteger, positive, special, unary } from './api-generators.js';

/** Float values of `dtype` over a wide range of magnitudes (no subnormals: GPUs may flush them). */
const wide = (dtype: DType): Gen => (r, s) => np.astype(f32(s, () => r.sign() * 2 ** r.uniform(-30, 30)), dtype);
const bits = (dtype: DType): Gen => {
  const [lo, hi] = ({ int32: [-(2 ** 31), 2 ** 31], uint32: [0, 2 ** 32], int16: [-32768, 32768], uint16: [0, 65536], int8: [-128, 128], uint8: [0, 256] } as Record<string, [number, number]>)[dtype];
  return intsOf(dtype, lo, hi);
};

const i32 = (lo: number, hi: number): Gen => intsOf('int32', lo, hi);

export const LAX_MORE_CASES: ApiCase[] = [
  // --- special functions ------------------------------------------------------------------
  unary('lax.besselI0e', lax.besselI0e, (r, s) => f32(s, () => r.sign() * r.uniform(0, 40))),
  unary('lax.besselI1e', lax.besselI1e, (r, s) => f32(s, () => r.sign() * r.uniform(0, 40))),
  { name: 'lax.polygamma', fn: (m, x) => lax.polygamma(m, x), args: (r) => [f32(S, () => r.int(0, 4)), positive(r, S)], tol: 1e-4 },
  { name: 'lax.igamma', fn: (a, x) => lax.igamma(a, x), args: (r) => [between(0.2, 8)(r, S), between(0.05, 12)(r, S)], tol: 1e-4 },
  { name: 'lax.igammac', fn: (a, x) => lax.igammac(a, x), args: (r) => [between(0.2, 8)(r, S), between(0.05, 12)(r, S)], tol: 1e-4 },

  // --- reductions and structure -----------------------------------------------------------
  { name: 'lax.reduceMin', fn: (x) => lax.reduceMin(x, [1]), args: (r) => [normal(r, [4, 7])] },
  { name: 'lax.reduceMin (int8, all axes)', fn: (x) => lax.reduceMin(x, [0, 1]), args: (r) => [bits('int8')(r, [3, 5])] },
  { name: 'lax.reduceProd', fn: (x) => lax.reduceProd(x, [0, 2]), args: (r) => [between(0.5, 1.5)(r, [3, 2, 5])], tol: 1e-5 },
  { name: 'lax.reduceProd (int32, odd length)', fn: (x) => lax.reduceProd(x, [1]), args: (r) => [i32(-3, 4)(r, [2, 7])] },
  { name: 'lax.reduceAnd', fn: (x) => lax.reduceAnd(x, [0]), args: (r) => [bits('uint16')(r, [5, 3])] },
  { name: 'lax.reduceOr', fn: (x) => lax.reduceOr(x, [1]), args: (r) => [bits('int8')(r, [3, 6])] },
  { name: 'lax.reduceXor', fn: (x) => lax.reduceXor(x, [0, 1]), args: (r) => [bits('uint32')(r, [3, 3])] },
  { name: 'lax.reduceXor (bool)', fn: (x) => lax.reduceXor(x.gt(0), [1]), args: (r) => [normal(r, [4, 5])] },
  { name: 'lax.reduce (add)', fn: (x) => lax.reduce(x, 0, (a, b) => lax.add(a, b), [0]), args: (r) => [normal(r, [6, 3])], tol: 1e-5 },
  { name: 'lax.reduce (max and mul, two operands)', fn: (x, y) => lax.reduce([x, y], [-Infinity, 1], ([a, b], [c, d]) => [lax.max(a, c), lax.mul(b, d)], [1]),
    args: (r) => [normal(r, [3, 4]), normal(r, [3, 4])] },
  { name: 'lax.reduce (a general computation: logaddexp)', fn: (x) => lax.reduce(x, -Infinity, (a, b) => np.logaddexp(a, b), [0, 2]), args: (r) => [normal(r, [5, 2, 3])], tol: 1e-5 },
  { name: 'lax.selectN', fn: (w, a, b, c) => lax.selectN(w, a, b, c), args: (r) => [i32(0, 3)(r, S), normal(r, S), normal(r, S), normal(r, S)] },
  { name: 'lax.pad (padding value, interior, negative edges)', fn: (x) => lax.pad(x, -2, [[1, -1, 1], [-2, 3, 2]]), args: (r) => [normal(r, [3, 4])] },
  { name: 'lax.shiftRightLogical (int32 bits)', fn: (x, y) => lax.shiftRightLogical(x, y), args: (r) => [bits('int32')(r, [7]), i32(0, 33)(r, [7])] },
  { name: 'lax.shiftRightLogical (int8 bits)', fn: (x, y) => lax.shiftRightLogical(x, y), args: (r) => [bits('int8')(r, [7]), i32(0, 9)(r, [7]).astype('int8')] },
  { name: 'lax.sliceInDim', fn: (x) => lax.sliceInDim(x, 1, -1, 2, 1), args: (r) => [normal(r, [3, 9])] },
  { name: 'lax.indexInDim', fn: (x) => lax.indexInDim(x, -2, 1, false), args: (r) => [normal(r, [3, 4])] },
  { name: 'lax.indexTake', fn: (x, i, j) => lax.indexTake(x, [i, j], [0, 2]), args: (r) => [normal(r, [4, 3, 5]), i32(-1, 5)(r, [6]), i32(0, 6)(r, [6])] },
  unary('lax.zerosLikeArray', lax.zerosLikeArray, normal),
  unary('lax.broadcastToRank', (x) => lax.broadcastToRank(x, 4), normal),
  unary('lax.collapse', (x) => lax.collapse(x, 0, 2), normal, undefined, [2, 3, 4]),
  { name: 'lax.batchMatmul', fn: (a, b) => lax.batchMatmul(a, b), args: (r) => [normal(r, [2, 3, 4]), normal(r, [2, 4, 5])], tol: 1e-4 },
  unary('lax.optimizationBarrier', (x) => lax.optimizationBarrier(x.mul(2)), normal),
  unary('lax.cumlogsumexp', (x) => lax.cumlogsumexp(x, 1), (r, s) => f32(s, () => r.normal() * 30), 1e-5, [3, 6]),
  unary('lax.cumlogsumexp (reverse)', (x) => lax.cumlogsumexp(x, 0, true), normal, 1e-5, [5, 2]),
  { name: 'lax.scatterMul', fn: (x, i, u) => lax.scatterMul(x, i, u, 0), args: (r) => [normal(r, [4, 3]), i32(0, 5)(r, [5]), between(0.5, 2)(r, [5, 3])], tol: 1e-5 },
  { name: 'lax.scatterMax', fn: (x, i, u) => lax.scatterMax(x, i, u, 1), args: (r) => [normal(r, [2, 4]), i32(0, 4)(r, [3]), normal(r, [2, 3])] },
  { name: 'lax.scatterMin', fn: (x, i, u) => lax.scatterMin(x, i, u, 0), args: (r) => [i32(-5, 5)(r, [4]), i32(0, 4)(r, [6]), i32(-5, 5)(r, [6])] },

  // --- elementwise aliases of np's compositions -------------------------------------------
  unary('lax.acos', lax.acos, between(-0.95, 0.95)), unary('lax.acosh', lax.acosh, between(1.1, 5)),
  unary('lax.asin', lax.asin, between(-0.95, 0.95)), unary('lax.asinh', lax.asinh, between(-5, 5)),
  unary('lax.atan', lax.atan, normal), unary('lax.atanh', lax.atanh, between(-0.9, 0.9)),
  unary('lax.cbrt', lax.cbrt, (r, s) => f32(s, () => r.sign() * r.uniform(0.01, 30))),
  unary('lax.ceil', lax.ceil, offInteger), unary('lax.cosh', lax.cosh, between(-3, 3)), unary('lax.sinh', lax.sinh, between(-3, 3)),
  unary('lax.tan', lax.tan, between(-1.2, 1.2)), unary('lax.erf', lax.erf, normal), unary('lax.erfc', lax.erfc, normal),
  unary('lax.erfInv', lax.erfInv, between(-0.9, 0.9)),
  unary('lax.lgamma', lax.lgamma, (r, s) => f32(s, () => r.sign() * r.uniform(0.1, 6) + 0.05), 1e-4),
  unary('lax.digamma', lax.digamma, (r, s) => f32(s, () => r.sign() * r.uniform(0.1, 6) + 0.05), 1e-4),
  unary('lax.exp2', lax.exp2, between(-3, 3)), unary('lax.logistic', lax.logistic, normal),
  unary('lax.isFinite', lax.isFinite, special),
  unary('lax.round', (x) => lax.round(x), offHalf),
  unary('lax.round (halves, away from zero)', (x) => lax.round(x), (r, s) => f32(s, () => r.int(-4, 4) + 0.5)),
  unary('lax.round (halves, to even)', (x) => lax.round(x, 'toNearestEven'), (r, s) => f32(s, () => r.int(-4, 4) + 0.5)),

  // --- bits --------------------------------------------------------------------------------
  unary('lax.bitcastConvertType (float32 → int32)', (x) => lax.bitcastConvertType(x, 'int32'), normal),
  unary('lax.bitcastConvertType (float32 → uint8, a trailing axis of 4)', (x) => lax.bitcastConvertType(x, 'uint8'), normal),
  unary('lax.bitcastConvertType (uint8 → float32, the last axis joined)', (x) => lax.bitcastConvertType(x, 'float32'),
    // bytes of normal floats: the high byte keeps the exponent in range
    (r, s) => lax.bitcastConvertType(normal(r, s.slice(0, -1)), 'uint8'), undefined, [3, 4]),
  unary('lax.bitcastConvertType (float16 → int16)', (x) => lax.bitcastConvertType(x, 'int16'), wide('float16')),
  unary('lax.bitcastConvertType (bfloat16 → uint8, packed)', (x) => lax.bitcastConvertType(x, 'uint8'), wide('bfloat16')),
  unary('lax.bitcastConvertType (int16 → int8 pairs → int16)', (x) => lax.bitcastConvertType(lax.bitcastConvertType(x, 'int8'), 'int16'), bits('int16')),
  ...(['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'] as const).flatMap((d) => [
    unary(`lax.populationCount (${d})`, (x) => lax.populationCount(x), bits(d)),
    unary(`lax.clz (${d})`, (x) => lax.clz(x), bits(d)),
  ]),
  { name: 'lax.nextafter', fn: (x, y) => lax.nextafter(x, y), args: (r) => [wide('float32')(r, S), wide('float32')(r, S)] },
  { name: 'lax.nextafter (bfloat16, ties)', fn: (x, y) => lax.nextafter(x, y), args: (r) => [wide('bfloat16')(r, S), np.astype(f32(S, () => r.pick([-1, 0, 1, 2 ** 20])), 'bfloat16')] },
  unary('lax.reducePrecision (to bfloat16)', (x) => lax.reducePrecision(x, 8, 7), wide('float32')),
  unary('lax.reducePrecision (e4m3, overflow and underflow)', (x) => lax.reducePrecision(x, 4, 3), wide('float32')),
  unary('np.bitwiseCount (int8)', np.bitwiseCount, bits('int8')),
  unary('np.bitwiseCount (uint32)', np.bitwiseCount, bits('uint32')),
  { name: 'np.nextafter', fn: (x, y) => np.nextafter(x, y), args: (r) => [wide('float32')(r, S), wide('float32')(r, [5])] },
  unary('np.spacing', np.spacing, wide('float32')),
  unary('np.spacing (float16)', np.spacing, wide('float16')),
  unary('np.frexp', (x) => np.frexp(x), (r, s) => f32(s, () => (r.uniform() < 0.2 ? r.pick([0, -0, Infinity, -Infinity, NaN]) : r.sign() * 2 ** r.uniform(-100, 100)))),
  unary('np.frexp (float16, subnormals)', (x) => np.frexp(x), (r, s) => np.astype(f32(s, () => r.sign() * 2 ** r.uniform(-24, 15)), 'float16')),
  unary('np.packbits', (x) => np.packbits(x), bits('uint8'), undefined, [3, 7]),
  unary('np.packbits (axis 0, little)', (x) => np.packbits(x, 0, { bitorder: 'little' }), (r, s) => between(-1, 1)(r, s).gt(0), undefined, [11, 3]),
  unary('np.unpackbits', (x) => np.unpackbits(x), bits('uint8'), undefined, [2, 3]),
  unary('np.unpackbits (axis 1, count 5, little)', (x) => np.unpackbits(x, 1, { count: 5, bitorder: 'little' }), bits('uint8'), undefined, [3, 2]),
  unary('np.signbit (bits of NaN and zeros)', np.signbit, (r, s) => lax.bitcastConvertType(intsOf('uint32', 0, 2)(r, s).mul(2 ** 31).add(np.array(r.pick([0, 0x7fc00000, 0x3f800000]), 'uint32')), 'float32')),
];
