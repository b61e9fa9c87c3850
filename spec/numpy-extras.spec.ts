/**
 * Everyday numpy functions composed from the rest of np (src/numpy/extras.ts): known answers from
 * numpy's documented behaviour (signed zeros, NaN/±Inf, negative integers, unequal splits, 1-D
 * stacking), the named errors of arguments not understood, gradients against central finite
 * differences in float64, and jit / vmap against eager results.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, jit, grad, vmap, useBackend, Tensor, errors } from '../src/index.js';
import { expectError, bad } from './helpers/expect-error.js';
import { expectClose, val } from './helpers/known-answers.js';

beforeEach(async () => { await useBackend('cpu'); });


const i32 = (v: number[] | number[][]) => np.array(v, 'int32');
const f64 = (v: number[]) => np.array(Float64Array.from(v));

describe('stacking and splitting', () => {
  it('vstack / hstack / dstack / columnStack promote 1-D inputs as numpy', async () => {
    await expectClose(np.vstack([np.array([1, 2]), np.array([3, 4])]), [[1, 2], [3, 4]]);
    await expectClose(np.vstack([np.array([1, 2]), np.array([[3, 4], [5, 6]])]), [[1, 2], [3, 4], [5, 6]]);
    await expectClose(np.vstack([1, 2]), [[1], [2]]);
    await expectClose(np.hstack([np.array([1, 2]), np.array([3])]), [1, 2, 3]);
    await expectClose(np.hstack([np.array([[1], [2]]), np.array([[3, 5], [4, 6]])]), [[1, 3, 5], [2, 4, 6]]);
    await expectClose(np.hstack([1, 2]), [1, 2]);
    await expectClose(np.dstack([np.array([1, 2]), np.array([3, 4])]), [[[1, 3], [2, 4]]]);
    await expectClose(np.dstack([np.array([[1], [2]]), np.array([[3], [4]])]), [[[1, 3]], [[2, 4]]]);
    expect(np.dstack([np.ones([2, 3, 2]), np.ones([2, 3])]).shape).toEqual([2, 3, 3]);
    await expectClose(np.columnStack([np.array([1, 2]), np.array([3, 4])]), [[1, 3], [2, 4]]);
    await expectClose(np.columnStack([np.array([1, 2]), np.array([[3, 4], [5, 6]])]), [[1, 3, 4], [2, 5, 6]]);
  });

  it('promotes dtypes across the stacked arrays', () => {
    expect(np.vstack([i32([1, 2]), np.array([0.5, 1])]).dtype).toBe('float32');
    expect(np.hstack([i32([1]), i32([2])]).dtype).toBe('int32');
  });

  it('arraySplit gives the first n mod k parts one element more', async () => {
    const parts = np.arraySplit(np.arange(10), 4);
    expect(parts.length).toBe(4);
    await expectClose(parts[0], [0, 1, 2]); await expectClose(parts[1], [3, 4, 5]);
    await expectClose(parts[2], [6, 7]); await expectClose(parts[3], [8, 9]);
    expect(np.arraySplit(np.arange(3), 5).map((p) => p.shape)).toEqual([[1], [1], [1], [0], [0]]);
    expect(np.arraySplit(np.ones([2, 5]), 3, 1).map((p) => p.shape)).toEqual([[2, 2], [2, 2], [2, 1]]);
    expect(np.arraySplit(np.ones([2, 5]), 2, { axis: -1 }).map((p) => p.shape)).toEqual([[2, 3], [2, 2]]);
    expect(np.arraySplit(np.arange(6), [2, -1, 10]).map((p) => p.shape)).toEqual([[2], [3], [1], [0]]);
  });

  it('vsplit / hsplit / dsplit split along axes 0, 1 (0 for 1-D) and 2', async () => {
    const x = np.arange(16).reshape([4, 4]);
    const v = np.vsplit(x, 2);
    await expectClose(v[1], [[8, 9, 10, 11], [12, 13, 14, 15]]);
    const h = np.hsplit(x, [3]);
    await expectClose(h[1], [[3], [7], [11], [15]]);
    expect(np.hsplit(np.arange(6), 2).map((p) => p.shape)).toEqual([[3], [3]]);
    const d = np.dsplit(np.arange(8).reshape([1, 2, 4]), [1, 3]);
    await expectClose(d[1], [[[1, 2], [5, 6]]]);
  });

  it('names its errors', () => {
    expectError(() => np.vstack([]), errors.ArgumentError, 'np.vstack', 'at least one');
    expectError(() => np.vstack(bad(np.ones([2]))), errors.ArgumentError, 'np.vstack', 'list of arrays');
    expectError(() => np.vstack([np.ones([2]), np.ones([3])]), errors.ShapeError, 'np.vstack', '[1, 2]', '[1, 3]');
    expectError(() => np.hstack([np.ones([2, 2]), np.ones([3, 2])]), errors.ShapeError, 'np.hstack');
    expectError(() => np.hsplit(np.arange(5), 2), errors.ShapeError, 'np.hsplit', 'np.arraySplit');
    expectError(() => np.vsplit(np.arange(4), 2), errors.ShapeError, 'np.vsplit', 'rank at least 2');
    expectError(() => np.dsplit(np.ones([2, 2]), 2), errors.ShapeError, 'np.dsplit');
    expectError(() => np.arraySplit(np.arange(4), 0), errors.ArgumentError, 'np.arraySplit', 'sections');
    expectError(() => np.arraySplit(np.arange(4), 2, 1), errors.ShapeError, 'np.arraySplit', 'axis 1');
    expectError(() => np.arraySplit(np.arange(4), bad('2')), errors.ArgumentError, 'np.arraySplit');
  });
});

describe('shape helpers', () => {
  it('atleast1d / 2d / 3d place new axes as numpy', () => {
    expect(np.atleast1d(3).shape).toEqual([1]);
    expect(np.atleast2d(3).shape).toEqual([1, 1]);
    expect(np.atleast2d(np.ones([4])).shape).toEqual([1, 4]);
    expect(np.atleast3d(3).shape).toEqual([1, 1, 1]);
    expect(np.atleast3d(np.ones([4])).shape).toEqual([1, 4, 1]);
    expect(np.atleast3d(np.ones([2, 4])).shape).toEqual([2, 4, 1]);
    expect(np.atleast3d(np.ones([2, 4, 1, 5])).shape).toEqual([2, 4, 1, 5]);
    expect(np.atleast1d(1, np.ones([2, 2])).map((t) => t.shape)).toEqual([[1], [2, 2]]);
  });

  it('broadcastArrays keeps dtypes and broadcasts shapes', () => {
    const [a, b, c] = np.broadcastArrays(i32([1, 2, 3]), np.ones([2, 1]), 5);
    expect([a.shape, b.shape, c.shape]).toEqual([[2, 3], [2, 3], [2, 3]]);
    expect(a.dtype).toBe('int32');
    expectError(() => np.broadcastArrays(np.ones([2]), np.ones([3])), errors.ShapeError, 'np.broadcastArrays');
  });

  it('flipud, fliplr, ravel', async () => {
    await expectClose(np.flipud(np.array([1, 2, 3])), [3, 2, 1]);
    await expectClose(np.fliplr(np.array([[1, 2, 3], [4, 5, 6]])), [[3, 2, 1], [6, 5, 4]]);
    await expectClose(np.ravel(np.array([[[1, 2]], [[3, 4]]])), [1, 2, 3, 4]);
    expectError(() => np.fliplr(np.ones([3])), errors.ShapeError, 'np.fliplr');
    expectError(() => np.flipud(np.array(1)), errors.ShapeError, 'np.flipud');
  });

  it('rot90 for k = 1, 2, 3, -1, 4 and other planes', async () => {
    const m = np.array([[1, 2], [3, 4]]);
    await expectClose(np.rot90(m), [[2, 4], [1, 3]]);
    await expectClose(np.rot90(m, 2), [[4, 3], [2, 1]]);
    await expectClose(np.rot90(m, 3), [[3, 1], [4, 2]]);
    await expectClose(np.rot90(m, -1), [[3, 1], [4, 2]]);
    await expectClose(np.rot90(m, 4), [[1, 2], [3, 4]]);
    await expectClose(np.rot90(m, 1, [1, 0]), [[3, 1], [4, 2]]);
    await expectClose(np.rot90(np.array([[1, 2, 3], [4, 5, 6]])), [[3, 6], [2, 5], [1, 4]]);
    await expectClose(np.rot90(np.arange(8).reshape([2, 2, 2]), 1, [1, 2]), [[[1, 3], [0, 2]], [[5, 7], [4, 6]]]);
    expectError(() => np.rot90(np.ones([3])), errors.ShapeError, 'np.rot90');
    expectError(() => np.rot90(m, 1, [0, -2]), errors.ShapeError, 'np.rot90', 'twice');
    expectError(() => np.rot90(m, 1.5), errors.ArgumentError, 'np.rot90', 'k');
  });

  it('tensordot with an integer and with axis lists (numpy documentation example)', async () => {
    const a = np.arange(60, 'float32').reshape([3, 4, 5]), b = np.arange(24, 'float32').reshape([4, 3, 2]);
    await expectClose(np.tensordot(a, b, [[1, 0], [0, 1]]),
      [[4400, 4730], [4532, 4874], [4664, 5018], [4796, 5162], [4928, 5306]]);
    await expectClose(np.tensordot(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]]), 1), [[1, 2], [3, 4]]);
    await expectClose(np.tensordot(np.array([1, 2]), np.array([3, 4]), 0), [[3, 4], [6, 8]]);
    await expectClose(np.tensordot(np.array([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]])), 30);
    expect(np.tensordot(i32([1, 2]), i32([3, 4]), 1).dtype).toBe('int32');
    expectError(() => np.tensordot(np.ones([2, 3]), np.ones([2, 3]), 1), errors.ShapeError, 'np.tensordot', 'size 3', 'size 2');
    expectError(() => np.tensordot(np.ones([2]), np.ones([2]), 2), errors.ShapeError, 'np.tensordot');
    expectError(() => np.tensordot(np.ones([2]), np.ones([2]), bad('x')), errors.ArgumentError, 'np.tensordot');
    expectError(() => np.tensordot(np.ones([2, 2]), np.ones([2, 2]), [[0], [0, 1]]), errors.ShapeError, 'np.tensordot');
  });
});

describe('creation', () => {
  it('identity, tri, diagflat', async () => {
    await expectClose(np.identity(3, 'int32'), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(np.identity(2).dtype).toBe('float32');
    await expectClose(np.tri(3, 5, 2), [[1, 1, 1, 0, 0], [1, 1, 1, 1, 0], [1, 1, 1, 1, 1]]);
    await expectClose(np.tri(3, 5, -1), [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [1, 1, 0, 0, 0]]);
    await expectClose(np.diagflat(np.array([[1, 2], [3, 4]])), [[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]);
    await expectClose(np.diagflat(np.array([1, 2]), 1), [[0, 1, 0], [0, 0, 2], [0, 0, 0]]);
    expectError(() => np.identity(-1), errors.ShapeError, 'np.identity');
    expectError(() => np.tri(2, 2, 0.5), errors.ArgumentError, 'np.tri', 'k');
  });

  it('triuIndices / trilIndices in numpy order, int32', async () => {
    const [r, c] = np.triuIndices(4, -1);
    expect(r.dtype).toBe('int32');
    await expectClose(r, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3]);
    await expectClose(c, [0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 2, 3]);
    const [r2, c2] = np.trilIndices(3, -1);
    await expectClose(r2, [1, 2, 2]); await expectClose(c2, [0, 0, 1]);
    const [r3, c3] = np.triuIndices(2, 0, 3);
    await expectClose(r3, [0, 0, 0, 1, 1]); await expectClose(c3, [0, 1, 2, 1, 2]);
    expectError(() => np.trilIndices(2.5), errors.ShapeError, 'np.trilIndices');
  });

  it('empty / emptyLike are zeros; copy is a new array', async () => {
    await expectClose(np.empty([2, 2]), [[0, 0], [0, 0]]);
    const e = np.emptyLike(i32([1, 2]));
    expect(e.dtype).toBe('int32');
    await expectClose(e, [0, 0]);
    expect(np.emptyLike(np.ones([2]), 'bool').dtype).toBe('bool');
    const x = np.array([1, 2, 3]);
    const y = np.copy(x);
    x.dispose();
    await expectClose(y, [1, 2, 3]);
    await expectClose(np.copy(np.array([true, false])), [true, false]);
  });
});

describe('aliases', () => {
  it('are the same function objects', () => {
    expect(np.amax).toBe(np.max);
    expect(np.amin).toBe(np.min);
    expect(np.absolute).toBe(np.abs);
    expect(np.remainder).toBe(np.mod);
    expect(np.trueDivide).toBe(np.divide);
    expect(np.rad2deg).toBe(np.degrees);
    expect(np.deg2rad).toBe(np.radians);
  });
  it('degrees, radians and positive', async () => {
    await expectClose(np.degrees(i32([0])), [0]);
    await expectClose(np.radians(np.array([90, -45])), [Math.PI / 2, -Math.PI / 4]);
    await expectClose(np.positive(i32([-1, 2])), [-1, 2]);
    expect(np.positive(i32([1])).dtype).toBe('int32');
  });
});

describe('elementwise math', () => {
  it('signbit reads −0.0 and ±∞; integers by value', async () => {
    await expectClose(np.signbit(np.array([-Infinity, Infinity, -0, 0, -1e-30, NaN])), [true, false, true, false, true, false]);
    await expectClose(np.signbit(i32([-3, 0, 3])), [true, false, false]);
    await expectClose(np.signbit(np.array([0, 200], 'uint8')), [false, false]);
  });

  it('copysign uses the sign bit (−0.0 is negative)', async () => {
    await expectClose(np.copysign(np.array([1, -2, 3, -Infinity, NaN]), np.array([-0, 0, -1, 1, -1])), [-1, 2, -3, Infinity, NaN]);
    const z = await np.copysign(0, np.array([-1])).data();
    expect(Object.is(z[0], -0)).toBe(true);
    const r = np.copysign(i32([1, -2]), i32([-1, 1]));
    expect(r.dtype).toBe('float32');
    await expectClose(r, [-1, 2]);
  });

  it('heaviside', async () => {
    await expectClose(np.heaviside(np.array([-1.5, 0, 2, NaN]), 0.5), [0, 0.5, 1, NaN]);
    await expectClose(np.heaviside(np.array([0, 0]), np.array([0, 1])), [0, 1]);
  });

  it('sinc, exact near 0 through its series', async () => {
    await expectClose(np.sinc(np.array([0, 0.5, -1.5, 0.1, 1])), [1, 2 / Math.PI, -2 / (3 * Math.PI), Math.sin(0.1 * Math.PI) / (0.1 * Math.PI), 0], 1e-6);
    const xs = [0.01, 0.1, 0.15, 0.159, 0.16, 0.3, -2.7];
    const want = xs.map((v) => Math.sin(Math.PI * v) / (Math.PI * v));
    const got = await np.sinc(f64(xs)).data();
    xs.forEach((_, i) => expect(Math.abs(got[i] - want[i])).toBeLessThan(1e-14));
  });

  it('logaddexp / logaddexp2 are stable and handle infinities as numpy', async () => {
    await expectClose(np.logaddexp(np.array([-Infinity, Infinity, Infinity, NaN, 1, -Infinity, 1000, 0]),
      np.array([-Infinity, Infinity, -Infinity, 1, 2, 3, 999, -1000])),
    [-Infinity, Infinity, Infinity, NaN, 2 + Math.log1p(Math.exp(-1)), 3, 1000 + Math.log1p(Math.exp(-1)), 0]);
    await expectClose(np.logaddexp2(np.array([1, 3, 0, -Infinity, 500]), np.array([1, -Infinity, 1, -Infinity, 500])),
      [2, 3, Math.log2(3), -Infinity, 501]);
    expect(np.logaddexp(i32([1]), i32([1])).dtype).toBe('float32');
  });

  it('cbrt is the real cube root', async () => {
    await expectClose(np.cbrt(np.array([27, -8, 0, 2, -1e-6])), [3, -2, 0, Math.cbrt(2), -0.01], 1e-6);
    const xs = [-1000, -3.5, 0.001, 7];
    const got = await np.cbrt(f64(xs)).data();
    xs.forEach((v, i) => expect(Math.abs(got[i] - Math.cbrt(v))).toBeLessThan(1e-14 * Math.abs(Math.cbrt(v))));
  });

  it('fmod takes the dividend\'s sign; integer division by 0 gives 0', async () => {
    const r = np.fmod(i32([7, -7, 7, -7, 5]), i32([3, 3, -3, -3, 0]));
    expect(r.dtype).toBe('int32');
    await expectClose(r, [1, -1, 1, -1, 0]);
    await expectClose(np.fmod(np.array([-5.5, 5.5, 1, Infinity]), np.array([2, -2, 0, 1])), [-1.5, 1.5, NaN, NaN]);
    await expectClose(np.fmod(np.array([true, true]), np.array([true, false])), [0, 0]);
    // np.remainder (np.mod) differs: the divisor's sign.
    await expectClose(np.remainder(i32([-7, 7]), i32([3, -3])), [2, -2]);
  });

  it('fmax / fmin ignore NaN', async () => {
    await expectClose(np.fmax(np.array([1, NaN, -Infinity, NaN]), np.array([NaN, 2, NaN, NaN])), [1, 2, -Infinity, NaN]);
    await expectClose(np.fmin(np.array([1, NaN, 5, NaN]), np.array([NaN, 2, 3, NaN])), [1, 2, 3, NaN]);
    await expectClose(np.fmax(i32([1, -5]), i32([-2, 3])), [1, 3]);
    // np.maximum propagates NaN.
    await expectClose(np.maximum(np.array([NaN]), np.array([1])), [NaN]);
  });

  it('gcd / lcm on signed, unsigned and narrow integers', async () => {
    await expectClose(np.gcd(i32([12, -12, -12, 0, 0, 1071, 1836311903]), i32([20, 18, -18, 5, 0, 462, 1134903170])), [4, 6, 6, 5, 0, 21, 1]);
    const g8 = np.gcd(np.array([120, -100], 'int8'), np.array([84, 75], 'int8'));
    expect(g8.dtype).toBe('int8');
    await expectClose(g8, [12, 25]);
    await expectClose(np.gcd(np.array([255, 0], 'uint8'), np.array([85, 7], 'uint8')), [85, 7]);
    await expectClose(np.gcd(i32([12, 9]), 6), [6, 3]);
    await expectClose(np.lcm(i32([4, -6, 0, 21, 0, -3]), i32([6, 4, 5, 6, 0, -5])), [12, 12, 0, 42, 0, 15]);
    expectError(() => np.gcd(np.array([1.5]), np.array([2])), errors.DTypeError, 'np.gcd', 'float32', 'astype');
    expectError(() => np.lcm(np.array([1]), i32([2])), errors.DTypeError, 'np.lcm');
  });

  it('divmod and modf', async () => {
    const [q, r] = np.divmod(i32([7, -7, 7, -7]), i32([2, 2, -2, -2]));
    await expectClose(q, [3, -4, -4, 3]); await expectClose(r, [1, 1, -1, -1]);
    const [qf, rf] = np.divmod(np.array([-7.5]), 2);
    await expectClose(qf, [-4]); await expectClose(rf, [0.5]);
    const [f, i] = np.modf(np.array([2.5, -2.5, 3, -0, Infinity, -Infinity, NaN]));
    await expectClose(f, [0.5, -0.5, 0, 0, 0, 0, NaN]);
    await expectClose(i, [2, -2, 3, 0, Infinity, -Infinity, NaN]);
    const fd = Array.from(await f.data());
    expect([fd[1], fd[3], fd[5]].map((v) => Object.is(v, -0) || v < 0)).toEqual([true, true, true]);
    expect(Object.is(fd[2], 0) && Object.is(fd[4], 0)).toBe(true);
    expect(np.modf(i32([3]))[0].dtype).toBe('float32');
  });

  it('ldexp scales by exact powers of two without early overflow', async () => {
    await expectClose(np.ldexp(np.array([1, 3, 5]), i32([2, -1, 0])), [4, 1.5, 5]);
    await expectClose(np.ldexp(np.array([1, 1, 0, 2 ** -149, 1, -1]), i32([127, 128, 1000, 149, -149, 200])),
      [2 ** 127, Infinity, 0, 1, 2 ** -149, -Infinity]);
    await expectClose(np.ldexp(f64([1]), i32([1023])), [2 ** 1023]);
    await expectClose(np.ldexp(2, 3), 16);
    expectError(() => np.ldexp(np.array([1]), np.array([2.5])), errors.DTypeError, 'np.ldexp', 'integer');
    expectError(() => np.ldexp(np.array([1]), 2.5), errors.ArgumentError, 'np.ldexp', 'exponent');
  });
});

describe('NaN-aware reductions', () => {
  const m = () => np.array([[1, NaN, 3], [2, 2, NaN]]);
  it('nanvar / nanstd with axis, keepdims and ddof', async () => {
    await expectClose(np.nanvar(m(), 1, { ddof: 1 }), [2, 0]);
    await expectClose(np.nanvar(m(), { axis: 0, keepdims: true }), [[0.25, 0, 0]]);
    await expectClose(np.nanvar(m()), 0.5);
    await expectClose(np.nanstd(np.array([1, 2, 3, 4, NaN])), Math.sqrt(1.25));
    await expectClose(np.nanvar(np.array([[NaN, NaN], [1, NaN]]), 1), [NaN, 0]);
    await expectClose(np.nanvar(np.array([1, NaN]), { ddof: 1 }), NaN);
    expectError(() => np.nanvar(m(), { where: true } as never), errors.ArgumentError, 'np.nanvar', 'where');
    expectError(() => np.nanstd(m(), 2), errors.ShapeError, 'np.nanstd');
  });

  it('nanprod', async () => {
    await expectClose(np.nanprod(np.array([[2, NaN], [3, 4]])), 24);
    await expectClose(np.nanprod(np.array([[NaN, NaN], [3, 4]]), 1, { keepdims: true }), [[1], [12]]);
    await expectClose(np.nanprod(i32([2, 3])), 6);
  });

  it('nanargmax / nanargmin: first extreme, −inf included, −1 for all-NaN slices (JAX)', async () => {
    await expectClose(np.nanargmax(np.array([NaN, -Infinity])), 1);
    await expectClose(np.nanargmin(np.array([NaN, Infinity, 2, 2])), 2);
    await expectClose(np.nanargmax(np.array([[NaN, 1, 5], [NaN, NaN, NaN], [7, NaN, 7]]), 1), [2, -1, 0]);
    await expectClose(np.nanargmin(np.array([[NaN, 1], [0, NaN]]), 0, { keepdims: true }), [[1, 0]]);
    await expectClose(np.nanargmax(np.array([[NaN, 1], [0, NaN]]), { keepdims: true }), [[1]]);
    await expectClose(np.nanargmin(i32([[3, 1], [0, 5]]), 1), [1, 0]);
    expect(np.nanargmax(np.array([1, 2])).dtype).toBe('int32');
    expectError(() => np.nanargmax(np.ones([0])), errors.ShapeError, 'np.nanargmax', 'empty');
  });

  it('nancumsum / nancumprod', async () => {
    await expectClose(np.nancumsum(np.array([[1, NaN], [NaN, 4]])), [1, 1, 1, 5]);
    await expectClose(np.nancumsum(np.array([[1, NaN], [NaN, 4]]), 0), [[1, 0], [1, 4]]);
    await expectClose(np.nancumprod(np.array([2, NaN, 3]), { axis: 0, reverse: true }), [6, 3, 3]);
    await expectClose(np.nancumsum(i32([1, 2])), [1, 3]);
    expectError(() => np.nancumsum(np.ones([2]), 1), errors.ShapeError, 'np.nancumsum');
    expectError(() => np.nancumprod(np.ones([2]), { bogus: 1 } as never), errors.ArgumentError, 'np.nancumprod', 'bogus');
  });

  it('countNonzero', async () => {
    const x = np.array([[0, 1, 7, 0], [3, 0, 0, NaN]]);
    const all = np.countNonzero(x);
    expect(all.dtype).toBe('int32');
    await expectClose(all, 4);
    await expectClose(np.countNonzero(x, 0), [1, 1, 1, 1]);
    await expectClose(np.countNonzero(x, 1, { keepdims: true }), [[2], [2]]);
    await expectClose(np.countNonzero(np.array([true, false, true])), 2);
  });
});

describe('digitize and ediff1d', () => {
  it('digitize follows numpy for increasing and decreasing bins', async () => {
    await expectClose(np.digitize(np.array([0.2, 6.4, 3.0, 1.6]), np.array([0, 1, 2.5, 4, 10])), [1, 4, 3, 2]);
    const x = np.array([1.2, 10, 12.4, 15.5, 20]), inc = np.array([0, 5, 10, 15, 20]), dec = np.array([20, 15, 10, 5, 0]);
    await expectClose(np.digitize(x, inc), [1, 3, 3, 4, 5]);
    await expectClose(np.digitize(x, inc, true), [1, 2, 3, 4, 4]);
    await expectClose(np.digitize(x, dec), [4, 2, 2, 1, 0]);
    await expectClose(np.digitize(x, dec, true), [4, 3, 2, 1, 1]);
    await expectClose(np.digitize(np.array([NaN, -1]), inc), [5, 0]);
    await expectClose(np.digitize(i32([3, 7]), i32([5])), [0, 1]);
    await expectClose(np.digitize(4.5, i32([1, 4, 5])), 2);
    await expectClose(np.digitize([0.5, 4], i32([1, 4, 5]), true), [0, 1]);
    expect(np.digitize(x, inc).dtype).toBe('int32');
    expectError(() => np.digitize(x, np.ones([2, 2])), errors.ShapeError, 'np.digitize', '1-D');
  });

  it('ediff1d with toEnd and toBegin', async () => {
    await expectClose(np.ediff1d(np.array([1, 2, 4, 7, 0])), [1, 2, 3, -7]);
    await expectClose(np.ediff1d(np.array([1, 2, 4, 7, 0]), [88, 99], -99), [-99, 1, 2, 3, -7, 88, 99]);
    await expectClose(np.ediff1d(i32([[1, 5], [2, 2]])), [4, -3, 0]);
    expect(np.ediff1d(np.array([1])).shape).toEqual([0]);
    expectError(() => np.ediff1d(np.array([true, false])), errors.DTypeError, 'np.ediff1d');
  });
});

describe('gradients against central finite differences (float64)', () => {
  /** Elementwise f: grad of Σ f(x) against (f(x+h) − f(x−h)) / 2h per element. */
  async function checkElementwise(f: (x: Tensor) => Tensor, xs: number[], tol = 1e-7) {
    const g = await grad((x: Tensor) => np.sum(f(x)))(f64(xs)).data();
    const h = 1e-6;
    const up = await f(f64(xs.map((v) => v + h))).data(), dn = await f(f64(xs.map((v) => v - h))).data();
    xs.forEach((_, i) => {
      const fd = (up[i] - dn[i]) / (2 * h);
      expect(Math.abs(g[i] - fd), `x = ${xs[i]}: grad ${g[i]} vs finite difference ${fd}`).toBeLessThan(tol * Math.max(1, Math.abs(fd)));
    });
  }

  it('sinc, at 0 and elsewhere (and its second derivative at 0)', async () => {
    await checkElementwise(np.sinc, [0, 1e-4, 0.05, 0.159, 0.16, 0.3, -1.7, 2.2]);
    await expectClose(grad((x: Tensor) => np.sinc(x))(np.array(0, 'float64')), 0);
    const d2 = await grad(grad((x: Tensor) => np.sinc(x)))(np.array(0, 'float64')).data();
    expect(Math.abs(d2[0] + Math.PI ** 2 / 3)).toBeLessThan(1e-10);
  });

  it('logaddexp / logaddexp2 in both arguments, ties included', async () => {
    await checkElementwise((x) => np.logaddexp(x, 0.5), [-3, 0.5, 0.7, 40]);
    await checkElementwise((x) => np.logaddexp(0.5, x.mul(2)), [-3, 0.25, 2]);
    await checkElementwise((x) => np.logaddexp2(x, -1), [-3, -1, 2]);
    const [ga, gb] = grad((a: Tensor, b: Tensor) => np.sum(np.logaddexp(a, b)), { argnums: [0, 1] })(f64([1, 2]), f64([1, -2])) as unknown as Tensor[];
    await expectClose(ga, [0.5, 1 / (1 + Math.exp(-4))], 1e-12);
    await expectClose(gb, [0.5, 1 / (1 + Math.exp(4))], 1e-12);
  });

  it('cbrt, copysign, modf, ldexp, heaviside-free compositions', async () => {
    await checkElementwise(np.cbrt, [-2, 0.5, 8, -0.01]);
    await checkElementwise((x) => np.copysign(x, -1), [-2, 0.5]);
    await checkElementwise((x) => np.modf(x)[0], [-2.3, 0.5, 7.1]);
    await checkElementwise((x) => np.ldexp(x, i32([3, -2])), [1.5, -0.25]);
    await checkElementwise((x) => np.fmax(x, np.array([0, NaN], 'float64')), [1.5, -0.25]);
  });

  it('nanvar: NaN entries get zero gradient, the others the variance\'s', async () => {
    const x = f64([1, NaN, 3, 6]);
    const g = await grad((t: Tensor) => np.nanvar(t))(x).data();
    const mu = 10 / 3;
    expect(Array.from(g).map((v) => v.toFixed(10))).toEqual([2 * (1 - mu) / 3, 0, 2 * (3 - mu) / 3, 2 * (6 - mu) / 3].map((v) => v.toFixed(10)));
  });
});

describe('jit and vmap agree with eager', () => {
  it('gcd, logaddexp, rot90, nanargmax, digitize', async () => {
    const a = i32([12, -35, 1071, 0]), b = i32([18, 21, 462, 9]);
    await expectClose(jit(np.gcd)(a, b), await val(np.gcd(a, b)));
    const rows = i32([[12, 18], [35, 21], [0, 7]]);
    await expectClose(vmap((r: Tensor) => np.gcd(np.take(r, [0]), np.take(r, [1])))(rows), [[6], [7], [7]]);
    const x = np.array([[0.5, -2, 3], [1, NaN, -Infinity]]);
    await expectClose(jit((p: Tensor) => np.logaddexp(p, 1))(x), await val(np.logaddexp(x, 1)));
    await expectClose(vmap((r: Tensor) => np.nanargmax(r))(np.array([[NaN, 2, 1], [NaN, NaN, NaN], [4, NaN, 4]])), [1, -1, 0]);
    const m = np.arange(24, 'float32').reshape([2, 3, 4]);
    await expectClose(vmap((t: Tensor) => np.rot90(t, 3))(m), await val(np.rot90(m, 3, [1, 2])));
    const bins = np.array([0, 1, 2.5, 4, 10]);
    await expectClose(jit((v: Tensor, e: Tensor) => np.digitize(v, e, true))(np.array([0.2, 6.4, 2.5, 1]), bins), [1, 4, 2, 1]);
    await expectClose(jit((t: Tensor) => np.vstack([t, t.mul(2)]))(np.array([1, 2])), [[1, 2], [2, 4]]);
  });
});
