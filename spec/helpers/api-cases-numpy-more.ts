/**
 * Conformance cases (WebGPU, eager and jit, against the CPU interpreter on seeded inputs; run by
 * spec/api-conformance.spec.ts) for the numpy-more functions: the array API names and numpy 2's
 * additions (src/numpy/array-api.ts), the editing functions (src/numpy/editing.ts), the NaN-aware
 * quantiles, partitions, lexsort, unwrap, gradient and 2-D histograms, the polynomial arithmetic,
 * the set functions with a static size, and the window functions. The dtype questions (ndim,
 * shape, size, isscalar, resultType, canCast, issubdtype) answer with JS values, not arrays; they
 * are listed in spec/conformance-coverage.spec.ts's NOT_ARRAY_FUNCTIONS instead.
 */
import { np, type Tensor } from '../../src/index.js';
import type { Rng } from './check.js';
import { awayFromZero, between, binary, bools, f32, type Gen, ints, intsOf, normal, S, smallInts, special, unary, withNaN } from './api-generators.js';
import type { ApiCase } from './api-conformance-cases.js';

const T = [2, 3, 4];

// --- the array API and numpy 2 -------------------------------------------------------------------

const arrayApi: ApiCase[] = [
  unary('np.asarray', (x) => np.asarray(x), normal),
  unary('np.asarray (dtype int32)', (x) => np.asarray(x, 'int32'), (r, s) => f32(s, () => r.int(-9, 9) + r.uniform(0.1, 0.9))),
  binary('np.logicalXor', np.logicalXor, bools, bools),
  { name: 'np.arrayEqual', fn: (a, b) => [np.arrayEqual(a, a), np.arrayEqual(a, b)], args: (r) => [smallInts(r, S), smallInts(r, S)] },
  { name: 'np.arrayEqual (equalNan)', fn: (a) => np.arrayEqual(a, a, { equalNan: true }), args: (r) => [withNaN(r, S)] },
  { name: 'np.arrayEquiv', fn: (a, b) => [np.arrayEquiv(a, np.stack([a, a])), np.arrayEquiv(a, b)], args: (r) => [smallInts(r, [5]), smallInts(r, [3, 5])] },
  unary('np.matrixTranspose', np.matrixTranspose, normal, 0, T),
  unary('np.permuteDims', (x) => np.permuteDims(x, [2, 0, 1]), normal, 0, T),
  binary('np.vecdot', np.vecdot, normal, normal, 1e-4),
  { name: 'np.vecdot (axis 0)', fn: (a, b) => np.vecdot(a, b, { axis: 0 }), args: (r) => [normal(r, [4, 3]), normal(r, [4, 1])], tol: 1e-4 },
  { name: 'np.matvec', fn: (a, b) => np.matvec(a, b), args: (r) => [normal(r, [2, 3, 4]), normal(r, [4])], tol: 1e-4 },
  { name: 'np.vecmat', fn: (a, b) => np.vecmat(a, b), args: (r) => [normal(r, [2, 3]), normal(r, [2, 3, 5])], tol: 1e-4 },
  unary('np.unstack (axis 1)', (x) => np.unstack(x, 1), normal, 0, T),
  unary('np.cumulativeSum (axis 1, includeInitial)', (x) => np.cumulativeSum(x, { axis: 1, includeInitial: true }), normal, 1e-4),
  unary('np.cumulativeProd (1-D)', (x) => np.cumulativeProd(x), between(0.5, 1.5), 1e-4, [6]),
  unary('np.rollaxis', (x) => np.rollaxis(x, 2, 1), normal, 0, T),
  binary('np.floatPower', np.floatPower, between(0.2, 3), between(-2, 2), 1e-4),
  binary('np.floatPower (int32)', np.floatPower, ints(1, 5), ints(-2, 3)),
  unary('np.i0', np.i0, between(-12, 12), 1e-4),
  { name: 'np.ixGrid', fn: (x) => x.get(...np.ixGrid([0, 2], [1, 3, 4])), args: (r) => [normal(r, S)] },
];

// --- editing -------------------------------------------------------------------------------------

const editing: ApiCase[] = [
  { name: 'np.append', fn: (a, b) => np.append(a, b), args: (r) => [normal(r, S), normal(r, [4])] },
  { name: 'np.append (axis 0)', fn: (a, b) => np.append(a, b, { axis: 0 }), args: (r) => [normal(r, S), normal(r, [2, 5])] },
  unary('np.insert (one position, axis 1)', (x) => np.insert(x, 2, [7, 8, 9], { axis: 1 }), normal),
  unary('np.insert (positions)', (x) => np.insert(x, [0, -1, 2], [1, 2, 3]), normal),
  unary('np.delete (axis 1)', (x) => np.delete(x, [0, -1], { axis: 1 }), normal),
  unary('np.resize', (x) => np.resize(x, [4, 4]), normal),
  unary('np.vander', (x) => np.vander(x, 4), normal, 1e-5, [5]),
  { name: 'np.diagIndices', fn: () => np.diagIndices(4, 3), args: () => [] },
  unary('np.diagIndicesFrom', (x) => np.diagIndicesFrom(x), normal, 0, [3, 3]),
  unary('np.trilIndicesFrom', (x) => np.trilIndicesFrom(x, -1), normal),
  unary('np.triuIndicesFrom', (x) => np.triuIndicesFrom(x, 1), normal),
  { name: 'np.fillDiagonal', fn: (x, v) => np.fillDiagonal(x, v), args: (r) => [normal(r, [4, 4]), normal(r, [3])] },
  unary('np.fillDiagonal (wrap)', (x) => np.fillDiagonal(x, 1, { wrap: true }), normal, 0, [7, 2]),
  {
    name: 'np.putAlongAxis', fn: (x, i, v) => np.putAlongAxis(x, i, v, 1),
    args: (r) => [normal(r, S), ints(-5, 5)(r, [3, 2]), normal(r, [3, 2])],
  },
  { name: 'np.put', fn: (x, i, v) => np.put(x, i, v, { mode: 'wrap' }), args: (r) => [normal(r, S), ints(-30, 30)(r, [4]), normal(r, [2])] },
  {
    name: 'np.choose', fn: (i, a, b, c) => np.choose(i, [a, b, c], { mode: 'wrap' }),
    args: (r) => [ints(-4, 6)(r, S), normal(r, S), normal(r, [5]), normal(r, [3, 1])],
  },
  { name: 'np.choose (clip)', fn: (i, a, b) => np.choose(i, [a, b]), args: (r) => [ints(-2, 4)(r, S), normal(r, S), normal(r, S)] },
  { name: 'np.compress (axis 1)', fn: (c, x) => np.compress(c, x, { axis: 1, size: 4, fillValue: -1 }), args: (r) => [bools(r, [5]), normal(r, S)] },
  { name: 'np.extract', fn: (c, x) => np.extract(c, x, { size: 10 }), args: (r) => [bools(r, S), normal(r, S)] },
];


// --- statistics, sorting, differences ----------------------------------------------------------------

/** Distinct values (a permutation of spaced levels plus a little noise): sorts and partitions have no ties. */
const distinct = (r: Rng, s: number[]): Tensor => {
  const n = s.reduce((a, b) => a * b, 1);
  const levels = Array.from({ length: n }, (_, i) => i - n / 2);
  for (let i = n - 1; i > 0; i--) { const j = r.int(0, i + 1); [levels[i], levels[j]] = [levels[j], levels[i]]; }
  let i = 0;
  return f32(s, () => levels[i++] + r.uniform(0, 0.5));
};
const R = [4, 6];

const statistics: ApiCase[] = [
  unary('np.nanquantile (axis 1, list)', (x) => np.nanquantile(x, [0, 0.3, 0.5, 1], { axis: 1 }), withNaN, 1e-5, R),
  unary('np.nanquantile (nearest)', (x) => np.nanquantile(x, 0.4, { method: 'nearest', axis: 0, keepdims: true }), withNaN, 1e-5, R),
  unary('np.nanpercentile (midpoint)', (x) => np.nanpercentile(x, [25, 75], { method: 'midpoint' }), withNaN, 1e-5, R),
  unary('np.nanmedian (axis 0)', (x) => np.nanmedian(x, { axis: 0 }), withNaN, 1e-5, R),
  unary('np.partition', (x) => np.partition(x, 2), distinct, 0, R),
  unary('np.argpartition (axis 0)', (x) => np.argpartition(x, -1, 0), distinct, 0, R),
  { name: 'np.lexsort', fn: (a, b) => np.lexsort([a, b]), args: (r) => [smallInts(r, [12]), smallInts(r, [12])] },
  unary('np.unwrap', (x) => np.unwrap(x), between(-10, 10), 1e-4, R),
  unary('np.unwrap (axis 0, period 4)', (x) => np.unwrap(x, { axis: 0, period: 4 }), between(-5, 5), 1e-4, R),
  unary('np.gradient', (x) => np.gradient(x, [0.5, 2]), normal, 1e-5, R),
  unary('np.gradient (axis 1, edge order 2)', (x) => np.gradient(x, 0.5, { axis: 1, edgeOrder: 2 }), normal, 1e-5, R),
  unary('np.histogramBinEdges', (x) => np.histogramBinEdges(x, { bins: 5 }), normal, 1e-5, [20]),
  {
    name: 'np.histogram2d', fn: (x, y, w) => np.histogram2d(x, y, { bins: [3, 4], range: [[-1, 1], [-2, 2]], weights: w }),
    args: (r) => [normal(r, [30]), normal(r, [30]), between(0, 1)(r, [30])], tol: 1e-5,
  },
  { name: 'np.histogram2d (density, data range)', fn: (x, y) => np.histogram2d(x, y, { bins: 3, density: true }), args: (r) => [normal(r, [30]), normal(r, [30])], tol: 1e-4 },
];


// --- polynomials, sets, windows ------------------------------------------------------------------------

const polynomials: ApiCase[] = [
  { name: 'np.polyadd', fn: (a, b) => np.polyadd(a, b), args: (r) => [normal(r, [3]), normal(r, [5])] },
  { name: 'np.polysub', fn: (a, b) => np.polysub(a, b), args: (r) => [normal(r, [4]), ints(-5, 5)(r, [2])] },
  { name: 'np.polymul', fn: (a, b) => np.polymul(a, b), args: (r) => [normal(r, [4]), normal(r, [3])], tol: 1e-4 },
  unary('np.polyder', (p) => np.polyder(p, 2), normal, 1e-5, [6]),
  unary('np.polyint', (p) => np.polyint(p, 2, [1, -1]), normal, 1e-5, [5]),
];

/** Small integers with repeats (as float32 or int32), so that the set functions see duplicates and overlaps. */
const repeats = (dtype: 'float32' | 'int32') => (r: Rng, s: number[]): Tensor =>
  (dtype === 'int32' ? ints(-3, 4)(r, s) : smallInts(r, s));

const sets: ApiCase[] = [
  unary('np.uniqueValues', (x) => np.uniqueValues(x, { size: 8, fillValue: -9 }), repeats('float32')),
  unary('np.uniqueCounts', (x) => np.uniqueCounts(x, { size: 8 }), repeats('int32')),
  unary('np.uniqueInverse', (x) => np.uniqueInverse(x, { size: 8 }), repeats('float32')),
  unary('np.uniqueAll', (x) => np.uniqueAll(x, { size: 8, fillValue: 0 }), withNaN),
  { name: 'np.setdiff1d', fn: (a, b) => np.setdiff1d(a, b, { size: 8 }), args: (r) => [repeats('float32')(r, S), repeats('float32')(r, [4])] },
  { name: 'np.intersect1d', fn: (a, b) => np.intersect1d(a, b, { size: 6, fillValue: 99 }), args: (r) => [repeats('int32')(r, S), repeats('int32')(r, [6])] },
  { name: 'np.union1d', fn: (a, b) => np.union1d(a, b, { size: 10 }), args: (r) => [repeats('float32')(r, S), normal(r, [3])] },
  { name: 'np.setxor1d', fn: (a, b) => np.setxor1d(a, b, { size: 8, fillValue: 0 }), args: (r) => [repeats('int32')(r, S), repeats('int32')(r, [5])] },
];

const windows: ApiCase[] = [
  { name: 'np.bartlett', fn: () => np.bartlett(7), args: () => [] },
  { name: 'np.blackman', fn: () => np.blackman(8), args: () => [] },
  { name: 'np.hamming', fn: () => np.hamming(9), args: () => [] },
  { name: 'np.hanning', fn: () => np.hanning(6), args: () => [] },
  { name: 'np.kaiser', fn: () => np.kaiser(10, 8.6), args: () => [] },
];

// --- vectorize (one vmap per loop axis) ------------------------------------------------------------

const vectorized: ApiCase[] = [
  unary('np.vectorize', (x) => np.vectorize((v: Tensor) => np.where(np.greater(v, 0), v.mul(v), np.sin(v)))(x), normal, 1e-6, T),
  {
    name: 'np.vectorize (signature, broadcast loop axes)',
    fn: (m, v) => np.vectorize((a: Tensor, b: Tensor) => np.matmul(a, b), { signature: '(m,n),(n)->(m)' })(m, v),
    args: (r) => [normal(r, [2, 1, 3, 4]), normal(r, [5, 4])], tol: 1e-4,
  },
];

// --- JAX semantics found by the numpy probe (spec/numpy-jax-semantics.spec.ts) -----------------------

const jaxSemantics: ApiCase[] = [
  { name: 'np.concatenate (axis null)', fn: (a, b) => np.concatenate([a, b], null), args: (r) => [normal(r, S), normal(r, [4])] },
  binary('np.floorDivide (float, JAX divmod)', np.floorDivide, normal, awayFromZero),
  unary('np.take (fill)', (x) => np.take(x, [0, -1, 5, -6, 4], 1), normal),
  unary('np.take (fillValue)', (x) => np.take(x, [[7, 2], [-9, 0]], { fillValue: -1 }), smallInts),
  unary('np.take (clip)', (x) => np.take(x, [-2, 1, 9], 0, { mode: 'clip' }), normal),
  unary('np.take (wrap)', (x) => np.take(x, [-7, 1, 9], 1, { mode: 'wrap' }), normal),
  unary('np.argmax (bool)', (x) => np.argmax(x, 1), bools),
  { name: 'np.linspace (endpoint false)', fn: () => np.linspace(-1, 2, 7, { endpoint: false }), args: () => [] },
  { name: 'np.eye (k)', fn: () => np.eye(4, 5, { k: -1 }), args: () => [] },
  unary('np.clip (upper only)', (x) => np.clip(x, null, 0.5), normal),
  unary('np.moveaxis (lists)', (x) => np.moveaxis(x, [0, 2], [-1, 0]), normal, 0, T),
  { name: 'np.sum (where, initial)', fn: (x, m) => np.sum(x, 1, { where: m, initial: 2 }), args: (r) => [normal(r, S), bools(r, S)], tol: 1e-5 },
  { name: 'np.prod (where)', fn: (x, m) => np.prod(x, 0, { where: m }), args: (r) => [between(0.5, 1.5)(r, S), bools(r, S)], tol: 1e-5 },
  { name: 'np.max (where, initial)', fn: (x, m) => np.max(x, 1, { where: m, initial: -0.5 }), args: (r) => [normal(r, S), bools(r, S)] },
  { name: 'np.min (where, initial)', fn: (x, m) => np.min(x, { where: m, initial: 9 }), args: (r) => [ints(-9, 9)(r, S), bools(r, S)] },
  { name: 'np.mean (where)', fn: (x, m) => np.mean(x, 1, { where: m }), args: (r) => [normal(r, S), bools(r, [5])], tol: 1e-5 },
  { name: 'np.any (where)', fn: (x, m) => np.any(x, 0, { where: m }), args: (r) => [bools(r, S), bools(r, S)] },
  { name: 'np.all (where)', fn: (x, m) => np.all(x, 1, { where: m }), args: (r) => [bools(r, S), bools(r, S)] },
  { name: 'np.at (mask set, no size)', fn: (x, m) => np.at(x, m).set(0.5), args: (r) => [normal(r, S), bools(r, S)] },
  { name: 'np.at (leading mask add, row value)', fn: (x, m, v) => np.at(x, m).add(v), args: (r) => [normal(r, S), bools(r, [3]), normal(r, [5])] },
];

// --- accuracy at the edges (spec/numpy-accuracy.spec.ts) ----------------------------------------------

/** Integers in [lo, hi] mixed with non-integers: the poles of lgamma / digamma and points near them. */
const poles = (lo: number, hi: number): Gen => (r, s) => f32(s, () => (r.uniform() < 0.4 ? r.int(lo, hi) : r.uniform(lo, hi)));

const accuracy: ApiCase[] = [
  // log σ(x) turns σ's relative error at large negative x into an absolute one the comparison sees.
  unary('np.sigmoid (large |x|, log)', (x) => np.log(np.sigmoid(x)), between(-80, 80), 1e-5),
  unary('np.expit (large |x|)', np.expit, between(-80, 80)),
  unary('np.sigmoid (±∞, NaN)', np.sigmoid, special),
  unary('np.lgamma (poles)', np.lgamma, poles(-6, 0), 1e-4),
  unary('np.digamma (poles)', np.digamma, poles(-6, 0), 1e-4),
  binary('np.power (int32 arrays, exact, wrapping)', np.power, ints(-20, 20), ints(-3, 40)),
  unary('np.power (int32, JS exponent)', (x) => np.power(x, 13), ints(-40, 40)),
  binary('np.power (uint8 arrays)', np.power, intsOf('uint8', 0, 255), intsOf('uint8', 0, 20)),
  unary('np.cbrt (1e-30…1e30, signed)', np.cbrt, (r, s) => f32(s, () => r.sign() * 10 ** r.uniform(-30, 30)), 3e-7),
  unary('np.cbrt (0, ±∞, NaN)', np.cbrt, special),
  unary('np.arccosh (whole line)', np.arccosh, (r, s) => f32(s, () => r.pick([-1e10, -5000, -1, 0.5, 1, 1.5, 40, 1e10, NaN, -Infinity, Infinity]))),
];

export const NUMPY_MORE_CASES: ApiCase[] = [...arrayApi, ...vectorized, ...editing, ...statistics, ...polynomials, ...sets, ...windows, ...jaxSemantics, ...accuracy];
