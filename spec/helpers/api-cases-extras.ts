/**
 * Conformance cases for the everyday numpy functions of src/numpy/extras.ts (stacking, splitting,
 * shape helpers, creation, elementwise math, NaN-aware reductions, digitize, ediff1d): each runs on
 * WebGPU (eager and jit) against the CPU interpreter on inputs drawn from the seeded generator
 * (spec/api-conformance.spec.ts). Inputs keep away from discontinuities: fmod/divmod/modf from
 * integer quotients, signbit and copysign from zeros unless they are exact. Aliases (amax, amin,
 * absolute, remainder, trueDivide, rad2deg, deg2rad) are the originals' function objects and are
 * covered by the originals' cases.
 */
import { np } from '../../src/index.js';
import {
  awayFromZero, between, binary, f32, ints, nanOr, nonzeroInts, normal, offInteger, quotientPair, S, smallInts, unary,
  withInf, withNaN,
} from './api-generators.js';
import type { ApiCase } from './api-conformance-cases.js';

const R = [4, 6];
const T = [2, 3, 4];

// --- stacking, splitting, shapes -----------------------------------------------------------------

const shapes: ApiCase[] = [
  { name: 'np.vstack (1-D and 2-D)', fn: (a, b) => np.vstack([a, b]), args: (r) => [normal(r, [4]), normal(r, [3, 4])] },
  { name: 'np.hstack (1-D)', fn: (a, b) => np.hstack([a, b]), args: (r) => [normal(r, [4]), normal(r, [2])] },
  { name: 'np.hstack (2-D)', fn: (a, b) => np.hstack([a, b]), args: (r) => [normal(r, [3, 2]), ints(-5, 5)(r, [3, 4])] },
  { name: 'np.dstack', fn: (a, b, c) => np.dstack([a, b, c]), args: (r) => [normal(r, [3, 4]), normal(r, [3, 4, 2]), normal(r, [3, 4])] },
  { name: 'np.columnStack', fn: (a, b) => np.columnStack([a, b]), args: (r) => [normal(r, [5]), normal(r, [5, 2])] },
  unary('np.arraySplit (unequal sections)', (x) => np.arraySplit(x, 3, 2), normal, 0, [2, 3, 7]),
  unary('np.arraySplit (indices)', (x) => np.arraySplit(x, [1, -2]), normal, 0, [5, 3]),
  unary('np.vsplit', (x) => np.vsplit(x, 2), normal, 0, [4, 3]),
  unary('np.hsplit', (x) => np.hsplit(x, [1, 3]), normal, 0, [2, 5, 2]),
  unary('np.dsplit', (x) => np.dsplit(x, 2), normal, 0, T),
  unary('np.atleast1d', (x) => np.atleast1d(x), normal, 0, []),
  unary('np.atleast2d', (x) => np.atleast2d(x), normal, 0, [5]),
  unary('np.atleast3d', (x) => np.atleast3d(x), normal, 0, [3, 5]),
  { name: 'np.broadcastArrays', fn: (a, b, c) => np.broadcastArrays(a, b, c), args: (r) => [normal(r, [3, 1]), ints(0, 9)(r, [4]), normal(r, [2, 1, 1])] },
  unary('np.flipud', np.flipud, normal, 0, T), unary('np.fliplr', np.fliplr, normal, 0, T),
  unary('np.rot90', (x) => np.rot90(x), normal, 0, T),
  unary('np.rot90 (k 2, axes 1 2)', (x) => np.rot90(x, 2, [1, 2]), normal, 0, T),
  unary('np.rot90 (k -1, axes 2 0)', (x) => np.rot90(x, -1, [2, 0]), normal, 0, T),
  unary('np.ravel', np.ravel, normal, 0, T),
  { name: 'np.tensordot', fn: (a, b) => np.tensordot(a, b), args: (r) => [normal(r, T), normal(r, [3, 4, 5])], tol: 1e-4 },
  { name: 'np.tensordot (axis lists)', fn: (a, b) => np.tensordot(a, b, [[0, 2], [2, 0]]), args: (r) => [normal(r, T), normal(r, [4, 5, 2])], tol: 1e-4 },
];

// --- creation ------------------------------------------------------------------------------------

const creation: ApiCase[] = [
  { name: 'np.identity', fn: () => np.identity(4, 'int32'), args: () => [] },
  { name: 'np.tri', fn: () => np.tri(3, 5, 1), args: () => [] },
  unary('np.diagflat', (x) => np.diagflat(x, -1), normal, 0, [2, 2]),
  { name: 'np.triuIndices', fn: () => np.triuIndices(4, 1, 5), args: () => [] },
  { name: 'np.trilIndices', fn: () => np.trilIndices(4, -1), args: () => [] },
  { name: 'np.empty', fn: () => np.empty([2, 3], 'int32'), args: () => [] },
  unary('np.emptyLike', (x) => np.emptyLike(x), normal),
  unary('np.copy', np.copy, normal),
];

// --- elementwise ---------------------------------------------------------------------------------

const elementwise: ApiCase[] = [
  unary('np.degrees', np.degrees, normal), unary('np.radians', np.radians, between(-360, 360)),
  unary('np.positive', np.positive, normal),
  binary('np.copysign', np.copysign, normal, awayFromZero),
  unary('np.signbit', np.signbit, withInf),
  unary('np.signbit (int32)', np.signbit, ints(-3, 4)),
  binary('np.heaviside', np.heaviside, smallInts, normal),
  unary('np.sinc', np.sinc, between(-3, 3)),
  binary('np.logaddexp', np.logaddexp, normal, normal),
  binary('np.logaddexp (infinities)', np.logaddexp, withInf, withInf),
  binary('np.logaddexp2', np.logaddexp2, normal, between(-3, 3)),
  unary('np.cbrt', np.cbrt, (r, s) => f32(s, () => r.sign() * r.uniform(0.01, 30)), 1e-5),
  { name: 'np.fmod', fn: (x, y) => np.fmod(x, y), args: quotientPair, tol: 1e-5 },
  binary('np.fmod (int32, zero divisors)', np.fmod, ints(-50, 50), ints(-3, 4)),
  binary('np.fmax', np.fmax, withNaN, withNaN), binary('np.fmin', np.fmin, withNaN, withNaN),
  binary('np.gcd', np.gcd, ints(-1000, 1000), ints(-100, 100)),
  binary('np.lcm', np.lcm, ints(-1000, 1000), ints(-100, 100)),
  { name: 'np.divmod', fn: (x, y) => np.divmod(x, y), args: quotientPair, tol: 1e-5 },
  binary('np.divmod (int32)', np.divmod, ints(-50, 50), nonzeroInts),
  unary('np.modf', np.modf, offInteger),
  binary('np.ldexp', np.ldexp, normal, ints(-10, 10)),
];

// --- NaN-aware reductions, binning, differences ----------------------------------------------------

const reductions: ApiCase[] = [
  unary('np.nanvar (axis 1, ddof 1)', (x) => np.nanvar(x, 1, { ddof: 1 }), withNaN, 1e-4, R),
  unary('np.nanvar (all)', (x) => np.nanvar(x), withNaN, 1e-4, R),
  unary('np.nanstd (axis 0, keepdims)', (x) => np.nanstd(x, 0, { keepdims: true }), withNaN, 1e-4, R),
  unary('np.nanprod (axis 1)', (x) => np.nanprod(x, 1), (r, s) => nanOr(() => (r.uniform() < 0.25 ? NaN : r.uniform(0.5, 1.5)))(r, s), 1e-4, R),
  unary('np.nanargmax (axis 1)', (x) => np.nanargmax(x, 1), withNaN, 0, R),
  unary('np.nanargmax (flattened)', (x) => np.nanargmax(x), withNaN, 0, R),
  unary('np.nanargmin (axis 0, keepdims)', (x) => np.nanargmin(x, 0, { keepdims: true }), withNaN, 0, R),
  unary('np.nancumsum (axis 1)', (x) => np.nancumsum(x, 1), withNaN, 1e-4, R),
  unary('np.nancumprod', (x) => np.nancumprod(x), (r, s) => nanOr(() => (r.uniform() < 0.25 ? NaN : r.uniform(0.7, 1.3)))(r, s), 1e-4, R),
  unary('np.countNonzero (axis 1)', (x) => np.countNonzero(x, 1), smallInts, 0, R),
  unary('np.countNonzero (all)', (x) => np.countNonzero(x), smallInts, 0, R),
  {
    name: 'np.digitize', fn: (x, b) => np.digitize(x, b),
    args: (r) => [normal(r, S), np.array([-1.5, -0.5, 0, 0.5, 1.5])],
  },
  {
    name: 'np.digitize (right, decreasing bins)', fn: (x, b) => np.digitize(x, b, true),
    args: (r) => [smallInts(r, S), np.array([2, 1, 0, -1])],
  },
  unary('np.ediff1d', (x) => np.ediff1d(x, [1, 2], 0), normal),
];

export const EXTRA_API_CASES: ApiCase[] = [...shapes, ...creation, ...elementwise, ...reductions];
