/**
 * Conformance cases for the public API (np, np.linalg, nn, nn.initializers, lax) that the
 * primitive table (spec/helpers/primitive-cases.ts) does not reach by name: each case is a public
 * function on inputs drawn fresh from a seeded generator, respecting its domain (positive for log,
 * away from integers for floor, away from .5 for round, …), so that the CPU interpreter and WebGPU
 * see the same float32 values and must agree. spec/api-conformance.spec.ts runs them; the case's
 * name starts with the public name it covers (`np.sum (axis 1, keepdims)` covers `np.sum`), and
 * spec/coverage/coverage.ts registers exactly those names.
 */
import { np, nn, lax, type Tensor } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';
import type { Rng } from './check.js';
import {
  between, bools, f32, ints, intsOf, key, normal, offHalf, offInteger, positive, smallInts, special, withNaN,
  awayFromZero, unary, binary, quotientPair, S,
} from './api-generators.js';
import { LAX_EXTRA_CASES } from './api-cases-lax-extras.js';
import { EXTRA_API_CASES } from './api-cases-extras.js';
import { NUMPY_MORE_CASES } from './api-cases-numpy-more.js';
import { LAX_MORE_CASES } from './api-cases-lax-more.js';
import { SCIPY_CASES } from './api-cases-scipy.js';
import { LINALG_MORE_CASES } from './api-cases-linalg-more.js';
import { COLLECTIVE_CASES } from './api-cases-collectives.js';

/** A DiT small enough for a conformance case: 8×8 images, 4 tokens. */
const TINY_DIT = { size: 8, channels: 1, patch: 4, dim: 16, depth: 1, heads: 2, mlpRatio: 2, timeDim: 16, classes: 10 };

export interface ApiCase {
  /** `<public name>` or `<public name> (<variant>)`. */
  name: string;
  /** Tensors in, any pytree of Tensors out; static arguments are closed over. */
  fn: (...xs: Tensor[]) => unknown;
  /** Fresh inputs, made on the CPU backend (the runner copies them to WebGPU). */
  args: (rng: Rng) => Tensor[];
  /** Largest relative error of float results (default 1e-5); integer and boolean results exactly. */
  tol?: number;
}

/** The public name a case covers. */
export const publicNameOf = (c: ApiCase): string => c.name.split(' ')[0];

// --- np: elementwise --------------------------------------------------------------------------

const npElementwise: ApiCase[] = [
  unary('np.abs', np.abs, normal), unary('np.negative', np.negative, normal), unary('np.sign', np.sign, awayFromZero),
  unary('np.exp', np.exp, between(-3, 3)), unary('np.exp2', np.exp2, between(-3, 3)), unary('np.expm1', np.expm1, between(-2, 2)),
  unary('np.log', np.log, positive), unary('np.log2', np.log2, positive), unary('np.log10', np.log10, positive),
  unary('np.log1p', np.log1p, between(-0.5, 3)), unary('np.sqrt', np.sqrt, positive), unary('np.rsqrt', np.rsqrt, positive),
  unary('np.square', np.square, normal), unary('np.reciprocal', np.reciprocal, awayFromZero),
  unary('np.sin', np.sin, between(-4, 4)), unary('np.cos', np.cos, between(-4, 4)), unary('np.tan', np.tan, between(-1.2, 1.2)),
  unary('np.tanh', np.tanh, normal), unary('np.sinh', np.sinh, between(-3, 3)), unary('np.cosh', np.cosh, between(-3, 3)),
  unary('np.arcsin', np.arcsin, between(-0.95, 0.95)), unary('np.arccos', np.arccos, between(-0.95, 0.95)),
  unary('np.arctan', np.arctan, normal), unary('np.arcsinh', np.arcsinh, between(-5, 5)),
  unary('np.arccosh', np.arccosh, between(1.1, 5)), unary('np.arctanh', np.arctanh, between(-0.9, 0.9)),
  unary('np.sigmoid', np.sigmoid, normal), unary('np.erf', np.erf, normal), unary('np.erfc', np.erfc, normal),
  // erfinv's float32 result is ill-conditioned near ±1; away from there it is well within 1e-5.
  unary('np.erfinv', np.erfinv, between(-0.9, 0.9)),
  unary('np.floor', np.floor, offInteger), unary('np.ceil', np.ceil, offInteger), unary('np.trunc', np.trunc, offInteger),
  unary('np.fix', np.fix, offInteger), unary('np.rint', np.rint, offHalf), unary('np.round', np.round, offHalf),
  unary('np.round (2 decimals)', (x) => np.round(x, 2), (r, s) => f32(s, () => (r.int(-400, 400) + r.sign() * r.uniform(0, 0.4)) / 100)),
  unary('np.around', np.around, offHalf),
  unary('np.isnan', np.isnan, special), unary('np.isinf', np.isinf, special), unary('np.isfinite', np.isfinite, special),
  unary('np.isposinf', np.isposinf, special), unary('np.isneginf', np.isneginf, special),
  unary('np.nanToNum', np.nanToNum, special), unary('np.nanToNum (given values)', (x) => np.nanToNum(x, { nan: 1, posinf: 2, neginf: -2 }), special),
  unary('np.logicalNot', np.logicalNot, bools), unary('np.stopGradient', np.stopGradient, normal),
  unary('np.astype (float32 → int32)', (x) => np.astype(x, 'int32'), offInteger),
  unary('np.astype (int32 → float32)', (x) => np.astype(x, 'float32'), ints(-100, 100)),
  { name: 'np.floorDivide (no boundary cases)', fn: (x, y) => np.floorDivide(x, y), args: quotientPair },
  { name: 'np.mod', fn: (x, y) => np.mod(x, y), args: quotientPair, tol: 1e-5 },
  binary('np.hypot', np.hypot, normal, normal), binary('np.arctan2', np.arctan2, normal, awayFromZero),
  binary('np.less', np.less, smallInts, smallInts), binary('np.lessEqual', np.lessEqual, smallInts, smallInts),
  binary('np.greater', np.greater, smallInts, smallInts), binary('np.greaterEqual', np.greaterEqual, smallInts, smallInts),
  binary('np.equal', np.equal, smallInts, smallInts), binary('np.notEqual', np.notEqual, smallInts, smallInts),
  binary('np.logicalAnd', np.logicalAnd, bools, bools), binary('np.logicalOr', np.logicalOr, bools, bools),
  // Bitwise: both signednesses and widths (the narrow ones packed on the GPU), shift amounts past the width.
  binary('np.bitwiseAnd (int32)', np.bitwiseAnd, intsOf('int32', -(2 ** 31), 2 ** 31), intsOf('int32', -(2 ** 31), 2 ** 31)),
  binary('np.bitwiseAnd (bool)', np.bitwiseAnd, bools, bools),
  binary('np.bitwiseOr (uint8)', np.bitwiseOr, intsOf('uint8', 0, 256), intsOf('uint8', 0, 256)),
  binary('np.bitwiseXor (int16)', np.bitwiseXor, intsOf('int16', -32768, 32768), intsOf('int16', -32768, 32768)),
  unary('np.bitwiseNot (uint32)', np.bitwiseNot, intsOf('uint32', 0, 2 ** 32)),
  unary('np.bitwiseNot (int8)', np.bitwiseNot, intsOf('int8', -128, 128)),
  binary('np.leftShift (int8)', np.leftShift, intsOf('int8', -128, 128), intsOf('int8', -2, 12)),
  binary('np.leftShift (uint32)', np.leftShift, intsOf('uint32', 0, 2 ** 32), intsOf('uint32', 0, 40)),
  binary('np.rightShift (int16)', np.rightShift, intsOf('int16', -32768, 32768), intsOf('int16', -2, 20)),
  binary('np.rightShift (uint16)', np.rightShift, intsOf('uint16', 0, 65536), intsOf('uint16', 0, 20)),
  { name: 'np.clip', fn: (x, lo, hi) => np.clip(x, lo, hi), args: (r) => [normal(r, S), between(-1, -0.2)(r, [5]), between(0.2, 1)(r, [5])] },
  {
    name: 'np.isclose', fn: (a, b) => np.isclose(a, b),
    // Half the pairs equal to within 1e-7 relative, half apart by 1e-2: no pair near the tolerance.
    args: (r) => { const a = normal(r, S); const d = f32(S, () => (r.uniform() < 0.5 ? 1e-7 : 1e-2)); return [a, a.mul(d.add(1))]; },
  },
  { name: 'np.allclose', fn: (a, b) => np.allclose(a, b), args: (r) => { const a = normal(r, S); return [a, a.mul(1 + 1e-7)]; } },
];

// --- np: reductions ---------------------------------------------------------------------------

const R = [4, 6];
const reductions: ApiCase[] = [
  ...(['sum', 'mean', 'max', 'min', 'logsumexp', 'std'] as const).flatMap((n) => [
    unary(`np.${n} (all)`, (x) => (np[n] as np.Reduction)(x), normal, 1e-4, R),
    unary(`np.${n} (axis 1, keepdims)`, (x) => (np[n] as np.Reduction)(x, 1, { keepdims: true }), normal, 1e-4, R),
  ]),
  unary('np.var (axis 0, ddof 1)', (x) => np.var(x, 0, { ddof: 1 }), normal, 1e-4, R),
  unary('np.variance (axis 1)', (x) => np.variance(x, 1), normal, 1e-4, R),
  unary('np.prod (axis 1)', (x) => np.prod(x, 1), between(0.5, 1.5), 1e-4, R),
  unary('np.argmax (axis 0)', (x) => np.argmax(x, 0), normal, 0, R), unary('np.argmin (axis 1)', (x) => np.argmin(x, 1), normal, 0, R),
  unary('np.argmax (flattened)', (x) => np.argmax(x), normal, 0, R),
  unary('np.any (axis 1)', (x) => np.any(x, 1), bools, 0, R), unary('np.all (axis 0)', (x) => np.all(x, 0), bools, 0, R),
  unary('np.nanmax (axis 1)', (x) => np.nanmax(x, 1), withNaN, 1e-5, R), unary('np.nanmin (axis 0)', (x) => np.nanmin(x, 0), withNaN, 1e-5, R),
  unary('np.nansum (axis 1)', (x) => np.nansum(x, 1), withNaN, 1e-4, R), unary('np.nanmean (all)', (x) => np.nanmean(x), withNaN, 1e-4, R),
  unary('np.softmax (axis 1)', (x) => np.softmax(x, 1), normal, 1e-5, R), unary('np.logSoftmax', np.logSoftmax, normal, 1e-5, R),
  unary('np.trace', np.trace, normal, 1e-5, [5, 5]),
];

// --- np: shapes, rearranging, indexing, creation, matrices ------------------------------------

const T = [2, 3, 4];
const idx = (n: number, hi: number) => (r: Rng) => ints(0, hi)(r, [n]);
const shapes: ApiCase[] = [
  unary('np.reshape', (x) => np.reshape(x, [4, -1]), normal, 0, T), unary('np.flatten', np.flatten, normal, 0, T),
  unary('np.transpose', (x) => np.transpose(x, [2, 0, 1]), normal, 0, T), unary('np.moveaxis', (x) => np.moveaxis(x, 0, -1), normal, 0, T),
  unary('np.swapaxes', (x) => np.swapaxes(x, 0, 2), normal, 0, T), unary('np.expandDims', (x) => np.expandDims(x, 1), normal, 0, T),
  unary('np.squeeze', np.squeeze, normal, 0, [1, 3, 1, 4]), unary('np.flip', (x) => np.flip(x, 1), normal, 0, T),
  unary('np.roll', (x) => np.roll(x, [1, -2], [0, 2]), normal, 0, T), unary('np.tile', (x) => np.tile(x, [2, 1, 3]), normal, 0, T),
  unary('np.repeat', (x) => np.repeat(x, [1, 3, 2], 1), normal, 0, T),
  ...(['constant', 'edge', 'reflect', 'symmetric', 'wrap'] as const).map((m) => unary(`np.pad (${m})`, (x) => np.pad(x, [[1, 2], [2, 1], [0, 3]], m), normal, 0, T)),
  unary('np.diff (n 2)', (x) => np.diff(x, 2), normal, 1e-5, T), unary('np.broadcastTo', (x) => np.broadcastTo(x, [2, 3, 4]), normal, 0, [3, 1]),
  unary('np.slice', (x) => np.slice(x, [1, [undefined, undefined, -1], [0, 4, 2]]), normal, 0, T),
  unary('np.split', (x) => np.split(x, [1, 3], 2), normal, 0, T),
  { name: 'np.concatenate', fn: (a, b) => np.concatenate([a, b], 1), args: (r) => [normal(r, T), normal(r, [2, 2, 4])] },
  { name: 'np.stack', fn: (a, b) => np.stack([a, b], -1), args: (r) => [normal(r, T), normal(r, T)] },
  { name: 'np.take', fn: (x, i) => np.take(x, i, 1), args: (r) => [normal(r, T), idx(5, 3)(r)] },
  {
    name: 'np.where (one argument, static size)', fn: (c) => np.where(c, { size: 8 }),
    args: (r) => [bools(r, [3, 4])],
  },
  { name: 'np.nonzero (static size)', fn: (x) => np.nonzero(x, { size: 10 }), args: (r) => [smallInts(r, [3, 4])] },
  { name: 'np.argwhere (static size)', fn: (x) => np.argwhere(x, { size: 10 }), args: (r) => [smallInts(r, [3, 4])] },
  { name: 'np.flatnonzero (static size)', fn: (x) => np.flatnonzero(x, { size: 10 }), args: (r) => [smallInts(r, [3, 4])] },
  { name: 'np.at (set)', fn: (x, v) => np.at(x, ':', [2, 0]).set(v), args: (r) => [normal(r, [3, 4]), normal(r, [3, 2])] },
  { name: 'np.at (add, repeated indices)', fn: (x, v) => np.at(x, [0, 2, 0]).add(v), args: (r) => [normal(r, [3, 4]), normal(r, [3, 4])] },
  { name: 'np.meshgrid', fn: (a, b) => np.meshgrid(a, b), args: (r) => [normal(r, [3]), normal(r, [4])] },
  { name: 'np.meshgrid (ij)', fn: (a, b) => np.meshgrid(a, b, { indexing: 'ij' }), args: (r) => [normal(r, [3]), normal(r, [4])] },
  unary('np.tril', (x) => np.tril(x, -1), normal, 0, [4, 5]), unary('np.triu', (x) => np.triu(x, 1), normal, 0, [4, 5]),
  unary('np.diag (of a vector)', (x) => np.diag(x, 1), normal, 0, [4]), unary('np.diag (of a matrix)', (x) => np.diag(x, -1), normal, 0, [4, 5]),
  unary('np.diagonal', (x) => np.diagonal(x, 1, 0, 2), normal, 0, [4, 3, 5]),
  { name: 'np.matmul', fn: (a, b) => np.matmul(a, b), args: (r) => [normal(r, [2, 3, 4]), normal(r, [4, 5])], tol: 1e-4 },
  { name: 'np.dot', fn: (a, b) => np.dot(a, b), args: (r) => [normal(r, [3, 4]), normal(r, [4])], tol: 1e-4 },
  { name: 'np.outer', fn: (a, b) => np.outer(a, b), args: (r) => [normal(r, [3]), normal(r, [4])] },
  { name: 'np.einsum', fn: (a, b) => np.einsum('bij,bjk->bki', a, b), args: (r) => [normal(r, [2, 3, 4]), normal(r, [2, 4, 5])], tol: 1e-4 },
  { name: 'np.einsum (trace)', fn: (a) => np.einsum('ii', a), args: (r) => [normal(r, [4, 4])], tol: 1e-4 },
  unary('np.linalg.norm (Frobenius)', (x) => np.linalg.norm(x), normal, 1e-4, [4, 5]),
  unary('np.linalg.norm (ord Infinity)', (x) => np.linalg.norm(x, Infinity), normal, 1e-4, [4, 5]),
  unary('np.linalg.vectorNorm (ord 1, axis 1)', (x) => np.linalg.vectorNorm(x, { ord: 1, axis: 1 }), normal, 1e-4, [4, 5]),
  unary('np.linalg.vectorNorm (ord 3)', (x) => np.linalg.vectorNorm(x, { ord: 3 }), normal, 1e-4, [4, 5]),
  unary('np.linalg.matrixNorm (ord 1)', (x) => np.linalg.matrixNorm(x, { ord: 1 }), normal, 1e-4, [4, 5]),
  unary('np.linalg.matrixNorm (ord -Infinity)', (x) => np.linalg.matrixNorm(x, { ord: -Infinity }), normal, 1e-4, [2, 4, 5]),
  // Creation: no operands; the same constants on both backends.
  { name: 'np.zeros', fn: () => np.zeros([2, 3], 'int32'), args: () => [] },
  { name: 'np.ones', fn: () => np.ones([4]), args: () => [] },
  { name: 'np.full', fn: () => np.full([2, 2], 1.5), args: () => [] },
  { name: 'np.arange', fn: () => np.arange(-1, 2, 0.25), args: () => [] },
  { name: 'np.linspace', fn: () => np.linspace(-1, 3, 17), args: () => [] },
  { name: 'np.eye', fn: () => np.eye(3, 4), args: () => [] },
  unary('np.zerosLike', np.zerosLike, normal), unary('np.onesLike', np.onesLike, ints(0, 9)),
  unary('np.fullLike', (x) => np.fullLike(x, 7), normal),
  unary('np.array (of an array)', (x) => np.array(x), normal), unary('np.asTensor', (x) => np.asTensor(x).mul(2), normal),
];

// --- nn ----------------------------------------------------------------------------------------

const initializerNames = ['normal', 'uniform', 'truncatedNormal', 'glorotNormal', 'glorotUniform', 'heNormal', 'heUniform',
  'lecunNormal', 'lecunUniform'] as const;
const initializer = (n: (typeof initializerNames)[number]) => {
  const make = nn.initializers[n] as (...a: unknown[]) => (k: Tensor, s: number[], d?: DType) => Tensor;
  return n === 'normal' || n === 'uniform' || n === 'truncatedNormal' ? make(0.5) : make();
};
const nnCases: ApiCase[] = [
  ...(['relu', 'relu6', 'sigmoid', 'softplus', 'logSigmoid', 'silu', 'swish', 'elu', 'selu', 'hardTanh', 'softSign',
    'hardSigmoid', 'hardSilu', 'mish', 'squareplus', 'sparsePlus'] as const)
    .map((n) => unary(`nn.${n}`, (x) => nn[n](x.mul(3)), normal)),
  unary('nn.leakyRelu', (x) => nn.leakyRelu(x, 0.2), normal), unary('nn.celu', (x) => nn.celu(x, 0.5), normal),
  unary('nn.gelu (tanh)', (x) => nn.gelu(x), normal), unary('nn.gelu (exact)', (x) => nn.gelu(x, false), normal),
  unary('nn.glu', (x) => nn.glu(x, 0), normal, 1e-5, [4, 3]),
  unary('nn.softmax', (x) => nn.softmax(x, [0, 1]), normal, 1e-5, R), unary('nn.logSoftmax', (x) => nn.logSoftmax(x, 0), normal, 1e-5, R),
  unary('nn.logsumexp', (x) => nn.logsumexp(x, { axis: 1, keepdims: true }), normal, 1e-5, R),
  unary('nn.standardize', (x) => nn.standardize(x), normal, 1e-4, R), unary('nn.rmsNorm', (x) => nn.rmsNorm(x), normal, 1e-4, R),
  unary('nn.layerNorm', (x) => nn.layerNorm(x), normal, 1e-4, R),
  { name: 'nn.oneHot', fn: (i) => nn.oneHot(i, 5), args: (r) => [ints(-1, 6)(r, [2, 3])] },
  { name: 'nn.softmaxCrossEntropy', fn: (l, p) => nn.softmaxCrossEntropy(l, nn.softmax(p)), args: (r) => [normal(r, R), normal(r, R)], tol: 1e-4 },
  { name: 'nn.softmaxCrossEntropyWithIntegerLabels', fn: (l, y) => nn.softmaxCrossEntropyWithIntegerLabels(l, y), args: (r) => [normal(r, R), ints(0, 6)(r, [4])], tol: 1e-4 },
  { name: 'nn.squaredError', fn: (a, b) => nn.squaredError(a, b), args: (r) => [normal(r, R), normal(r, R)] },
  { name: 'nn.l2Loss', fn: (a, b) => nn.l2Loss(a, b), args: (r) => [normal(r, R), normal(r, R)] },
  { name: 'nn.huberLoss', fn: (a, b) => nn.huberLoss(a, b, 0.5), args: (r) => [normal(r, R), normal(r, R)] },
  {
    name: 'nn.dotProductAttention (causal, bias)', fn: (q, k, v, b) => nn.dotProductAttention(q, k, v, { bias: b, isCausal: true }),
    args: (r) => [normal(r, [2, 5, 2, 4]), normal(r, [2, 5, 2, 4]), normal(r, [2, 5, 2, 3]), normal(r, [2, 2, 5, 5])], tol: 1e-4,
  },
  { name: 'nn.timeEmbedding', fn: (c) => nn.timeEmbedding(c, 8), args: (r) => [between(0, 2)(r, [5])] },
  { name: 'nn.splitKeys', fn: (k) => nn.splitKeys(k, 3), args: (r) => [key(r)] },
  // Initialisers and init functions: random bits from a key, so both backends must draw the same values.
  ...initializerNames.map((n): ApiCase => ({ name: `nn.initializers.${n}`, fn: (k) => initializer(n)(k, [16, 8]), args: (r) => [key(r)] })),
  { name: 'nn.initializers.varianceScaling', fn: (k) => nn.initializers.varianceScaling(2, 'fanAvg', 'normal')(k, [3, 8, 4]), args: (r) => [key(r)] },
  { name: 'nn.initializers.zeros', fn: (k) => nn.initializers.zeros(k, [3, 2]), args: (r) => [key(r)] },
  { name: 'nn.initializers.ones', fn: (k) => nn.initializers.ones(k, [3, 2]), args: (r) => [key(r)] },
  { name: 'nn.initializers.constant', fn: (k) => nn.initializers.constant(-2)(k, [2, 2]), args: (r) => [key(r)] },
  { name: 'nn.initDense', fn: (k) => nn.initDense(k, 6, 4, { mode: 'he', distribution: 'uniform' }), args: (r) => [key(r)] },
  { name: 'nn.initDit', fn: (k) => nn.initDit(k, TINY_DIT), args: (r) => [key(r)] },
  { name: 'nn.ditWithAuxTime', fn: (k) => nn.ditWithAuxTime(nn.initDit(k, TINY_DIT), TINY_DIT), args: (r) => [key(r)] },
  { name: 'nn.patchify', fn: (x) => nn.patchify(x, 4), args: (r) => [normal(r, [2, 8, 8, 3])] },
  { name: 'nn.unpatchify', fn: (t) => nn.unpatchify(t, 4, 3), args: (r) => [normal(r, [2, 4, 48])] },
  { name: 'nn.initClassifier', fn: (k) => nn.initClassifier(k), args: (r) => [key(r)] },
  { name: 'nn.initConv', fn: (k) => nn.initConv(k, 3, 5, [3, 3]), args: (r) => [key(r)] },
  { name: 'nn.dense', fn: (k, x) => nn.dense(nn.initDense(k, 6, 4), x), args: (r) => [key(r), normal(r, [3, 6])], tol: 1e-4 },
  { name: 'nn.initMlp', fn: (k) => nn.initMlp(k, [3, 8, 2]), args: (r) => [key(r)] },
  { name: 'nn.mlp', fn: (k, x) => nn.mlp(nn.initMlp(k, [3, 8, 2]), x), args: (r) => [key(r), normal(r, [5, 3])], tol: 1e-4 },
  { name: 'nn.initTimeMlp', fn: (k) => nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 2, embedDim: 4, classes: 3 }), args: (r) => [key(r)] },
  {
    name: 'nn.timeMlp (labels)', fn: (k, x, c, y) => nn.timeMlp(nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 2, embedDim: 4, classes: 3 }), x, c, y),
    args: (r) => [key(r), normal(r, [5, 2]), between(0, 1)(r, [5]), ints(0, 4)(r, [5])], tol: 1e-4,
  },
  {
    name: 'nn.withAuxTime', fn: (k, x, c, t) => {
      const p = nn.withAuxTime(nn.initTimeMlp(k, { dataDim: 2, hidden: 8, depth: 2, embedDim: 4 }));
      // A non-zero auxiliary embedding, so the r path is exercised.
      return nn.timeMlp({ ...p, auxTime: p.auxTime!.add(0.5) }, x, c, undefined, { r: t });
    },
    args: (r) => [key(r), normal(r, [5, 2]), between(0, 1)(r, [5]), between(0, 1)(r, [5])], tol: 1e-4,
  },
  // JAX-parity additions (spec/nn-jax-parity.spec.ts): masked logits, bias-free layers.
  {
    name: 'nn.softmaxCrossEntropyWithIntegerLabels (masked −∞ class)',
    fn: (l, y) => nn.softmaxCrossEntropyWithIntegerLabels(np.concatenate([l, np.full([4, 1], -Infinity)], 1), y),
    args: (r) => [normal(r, R), ints(0, 6)(r, [4])], tol: 1e-4,
  },
  { name: 'nn.conv (no bias)', fn: (k, x) => nn.conv(nn.initConv(k, 3, 4, [3, 3], { useBias: false }), x), args: (r) => [key(r), normal(r, [2, 5, 5, 3])], tol: 1e-4 },
  {
    name: 'nn.dense (no bias, kernelInit)', fn: (k, x) => nn.dense(nn.initDense(k, 6, 4, { useBias: false, kernelInit: nn.initializers.glorotUniform() }), x),
    args: (r) => [key(r), normal(r, [3, 6])], tol: 1e-4,
  },
  { name: 'nn.dropout', fn: (k, x) => nn.dropout(k, 0.3, x), args: (r) => [key(r), normal(r, [4, 6])] },
  { name: 'nn.initBatchNorm', fn: () => nn.initBatchNorm(5), args: () => [] },
  {
    name: 'nn.batchNorm (training, then eval)', fn: (x, sc, b) => {
      const { state } = nn.initBatchNorm(5);
      const [y, s] = nn.batchNorm({ scale: sc, bias: b }, state, x, { training: true, momentum: 0.9 });
      return [y, s, nn.batchNorm({ scale: sc, bias: b }, s, x, { training: false })[0]];
    },
    args: (r) => [normal(r, [6, 2, 5]), normal(r, [5]), normal(r, [5])], tol: 1e-4,
  },
];

// --- lax: what the primitive table does not name ----------------------------------------------

const laxCases: ApiCase[] = [
  unary('lax.cast (float32 → int32)', (x) => lax.cast(x, 'int32'), offInteger),
  unary('lax.cast (int32 → float32)', (x) => lax.cast(x, 'float32'), ints(-1000, 1000)),
  unary('lax.cast (float32 → bool)', (x) => lax.cast(x, 'bool'), smallInts),
  unary('lax.fullLike', (x) => lax.fullLike(x, 2.5), normal), unary('lax.zerosLike', (x) => lax.zerosLike(x), ints(0, 5)),
  {
    name: 'lax.sortKeyVal', fn: (k, v) => lax.sortKeyVal(k, v, 0),
    args: (r) => [f32([6, 3], () => r.int(0, 1000) / 7), normal(r, [6, 3])],
  },
  { name: 'lax.full', fn: () => lax.full([3, 2], -1.25, 'float32'), args: () => [] },
  { name: 'lax.scalar', fn: (x) => lax.mul(x, lax.broadcastInDim(lax.scalar(3, 'float32'), x.shape, [])), args: (r) => [normal(r, S)] },
];

export const API_CASES: readonly ApiCase[] = [...npElementwise, ...reductions, ...shapes, ...nnCases, ...laxCases, ...LAX_EXTRA_CASES, ...EXTRA_API_CASES,
  ...NUMPY_MORE_CASES, ...LAX_MORE_CASES, ...LINALG_MORE_CASES, ...COLLECTIVE_CASES, ...SCIPY_CASES];
