/**
 * The numpy functions a JAX user reaches for beyond the first breadth: the array API names and
 * numpy 2's additions (src/numpy/array-api.ts), the dtype questions (src/numpy/dtype-queries.ts),
 * functional editing (src/numpy/editing.ts), NaN-aware quantiles, partitions, lexsort, unwrap,
 * gradient and 2-D histograms, polynomial arithmetic, set functions with a static size, and the
 * window functions. Known answers are numpy 2's (computed with numpy and pasted), with its edge
 * cases (negative positions, empty arrays, NaN); arguments fluxion does not understand raise
 * named errors; gradients agree with central finite differences in float64; jit and vmap agree
 * with eager results.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, jit, grad, vmap, useBackend, Tensor, errors } from '../src/index.js';
import { expectError, bad } from './helpers/expect-error.js';
import { expectClose, val } from './helpers/known-answers.js';

beforeEach(async () => { await useBackend('cpu'); });


const i32 = (v: number[] | number[][]) => np.array(v, 'int32');
const f64 = (v: number[] | number[][]) => np.array(v, 'float64');

/** Central finite differences of a scalar function of one float64 array, against grad. */
async function expectGradMatchesFD(f: (x: Tensor) => Tensor, x0: number[] | number[][], tol = 1e-6): Promise<void> {
  const x = f64(x0);
  const g = Array.from(await grad((t: Tensor) => np.sum(f(t)))(x).data() as Float64Array);
  const flat = Array.from(await x.data() as Float64Array);
  const h = 1e-6;
  for (let i = 0; i < flat.length; i++) {
    const at = (d: number) => { const p = flat.slice(); p[i] += d; return np.sum(f(np.array(Float64Array.from(p), { dtype: 'float64', shape: x.shape }))); };
    const fd = ((await at(h).item() as number) - (await at(-h).item() as number)) / (2 * h);
    expect(Math.abs(g[i] - fd), `element ${i}: grad ${g[i]} vs finite difference ${fd}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(fd)));
  }
}

// --- the array API and numpy 2 -----------------------------------------------------------------------

describe('array API names and numpy 2 additions', () => {
  it('asarray returns a Tensor as it is, casts when asked, and converts data as np.array does', async () => {
    const x = np.ones([2]);
    expect(np.asarray(x)).toBe(x);
    expect(np.asarray(x, 'float32')).toBe(x);
    expect(np.asarray(x, { dtype: 'int32' }).dtype).toBe('int32');
    await expectClose(np.asarray([[1, 2]]), [[1, 2]]);
    expect(np.asarray([true, false]).dtype).toBe('bool');
    expect(np.asarray(3).shape).toEqual([]);
    expectError(() => np.asarray(bad('abc')), errors.ArgumentError, 'np.asarray');
    expectError(() => np.asarray([1], bad('int64')), errors.DTypeError, 'np.asarray', 'int64');
  });

  it('logicalXor is true where exactly one is, broadcast; non-bool operands are refused', async () => {
    await expectClose(np.logicalXor(np.array([[true], [false]]), np.array([true, false])), [[false, true], [true, false]]);
    expectError(() => np.logicalXor(np.array([1, 0]), np.array([true, false])), errors.DTypeError, 'np.logicalXor', 'the first operand');
  });

  it('arrayEqual / arrayEquiv give bool scalars with numpy\'s answers', async () => {
    const eq = np.arrayEqual(np.array([1, 2]), np.array([1, 2], 'int32'));
    expect(eq.shape).toEqual([]); expect(eq.dtype).toBe('bool');
    expect(await eq.item()).toBe(true);
    expect(await np.arrayEqual(np.array([1, 2]), np.array([1, 3])).item()).toBe(false);
    expect(await np.arrayEqual(np.array([1, NaN]), np.array([1, NaN])).item()).toBe(false);
    expect(await np.arrayEqual(np.array([1, NaN]), np.array([1, NaN]), { equalNan: true }).item()).toBe(true);
    expect(await np.arrayEqual(np.array([1, 2]), np.array([[1, 2]])).item()).toBe(false);
    expect(await np.arrayEqual(np.zeros([0]), np.zeros([0])).item()).toBe(true);
    expect(await np.arrayEquiv(np.array([[1, 2]]), np.array([1, 2])).item()).toBe(true);
    expect(await np.arrayEquiv(np.array([[1, 2], [1, 3]]), np.array([1, 2])).item()).toBe(false);
    expect(await np.arrayEquiv(np.array([1, 2]), np.array([1, 2, 3])).item()).toBe(false);
    expectError(() => np.arrayEqual(np.ones([1]), np.ones([1]), bad({ equal_nan: true })), errors.ArgumentError, 'np.arrayEqual', "'equal_nan'");
  });

  it('matrixTranspose, permuteDims, rollaxis and unstack move axes as numpy', async () => {
    await expectClose(np.matrixTranspose(np.array([[[1, 2, 3]], [[4, 5, 6]]])), [[[1], [2], [3]], [[4], [5], [6]]]);
    expect(np.permuteDims(np.ones([2, 3, 4]), [-1, 0, 1]).shape).toEqual([4, 2, 3]);
    expect(np.rollaxis(np.ones([3, 4, 5, 6]), -1, 0).shape).toEqual([6, 3, 4, 5]);
    expect(np.rollaxis(np.ones([3, 4, 5, 6]), 2, 2).shape).toEqual([3, 4, 5, 6]);
    expect(np.rollaxis(np.ones([3, 4, 5, 6]), 1, -4).shape).toEqual([4, 3, 5, 6]);
    const parts = np.unstack(np.arange(6).reshape([2, 3]), -1);
    expect(parts.length).toBe(3);
    await expectClose(parts[2], [2, 5]);
    expect(np.unstack(np.zeros([0, 2])).length).toBe(0);
    expectError(() => np.matrixTranspose(np.ones([3])), errors.ShapeError, 'np.matrixTranspose', '[3]');
    expectError(() => np.permuteDims(np.ones([2, 3]), [0, 0]), errors.ShapeError, 'np.permuteDims', 'permutation');
    expectError(() => np.rollaxis(np.ones([2, 3]), 0, 3), errors.ShapeError, 'np.rollaxis', 'start 3');
    expectError(() => np.unstack(np.array(1)), errors.ShapeError, 'np.unstack', 'scalar');
  });

  it('vecdot / matvec / vecmat contract the last axes with the leading ones broadcast', async () => {
    await expectClose(np.vecdot(np.ones([2, 3]), np.arange(3, 'float32')), [3, 3]);
    await expectClose(np.matvec(np.arange(6, 'float32').reshape([2, 3]), np.ones([3])), [3, 12]);
    await expectClose(np.vecmat(np.ones([2]), np.arange(6, 'float32').reshape([2, 3])), [3, 5, 7]);
    expect(np.vecdot(np.ones([4, 1, 3]), np.ones([5, 3])).shape).toEqual([4, 5]);
    expect(np.matvec(np.ones([4, 1, 2, 3]), np.ones([5, 3])).shape).toEqual([4, 5, 2]);
    expect(np.vecmat(np.ones([5, 3]), np.ones([4, 1, 3, 2])).shape).toEqual([4, 5, 2]);
    expectError(() => np.vecdot(np.ones([2, 3]), np.ones([2, 1])), errors.ShapeError, 'np.vecdot', 'not broadcast');
    expectError(() => np.matvec(np.ones([2, 3]), np.ones([2])), errors.ShapeError, 'np.matvec');
    expectError(() => np.vecmat(np.ones([3]), np.ones([3])), errors.ShapeError, 'np.vecmat', 'rank ≥ 2');
    expectError(() => np.vecdot(np.ones([2]), np.ones([2]), bad('0')), errors.ArgumentError, 'np.vecdot');
  });

  it('cumulativeSum / cumulativeProd follow numpy 2: includeInitial, the axis required beyond 1-D', async () => {
    await expectClose(np.cumulativeSum(i32([[1, 2], [3, 4]]), { axis: 0, includeInitial: true }), [[0, 0], [1, 2], [4, 6]]);
    await expectClose(np.cumulativeProd(np.array([2, 3, 4]), { axis: -1 }), [2, 6, 24]);
    await expectClose(np.cumulativeSum(np.zeros([0]), { includeInitial: true }), [0]);
    expect(np.cumulativeSum(np.array([true, true])).dtype).toBe('int32');
    expect(np.cumulativeSum(np.array([1, 2]), { dtype: 'float64' }).dtype).toBe('float64');
    expectError(() => np.cumulativeSum(np.ones([2, 2])), errors.ArgumentError, 'np.cumulativeSum', 'axis must be given');
    expectError(() => np.cumulativeProd(np.array(2)), errors.ShapeError, 'np.cumulativeProd', 'scalar');
    expectError(() => np.cumulativeSum(np.ones([2]), bad({ include_initial: true })), errors.ArgumentError, "'include_initial'");
  });

  it('floatPower is always floating point; NaN for a negative base with a fractional exponent', async () => {
    const r = np.floatPower(i32([2, 4]), i32([-1, 2]));
    expect(r.dtype).toBe('float32');
    await expectClose(r, [0.5, 16]);
    expect(np.floatPower(f64([2]), 2).dtype).toBe('float64');
    await expectClose(np.floatPower(np.array([-8, 4]), 1 / 3), [NaN, 1.5874010519681994], 1e-6);
  });

  it('i0 matches numpy (both Chebyshev ranges, the sign symmetry) in float32 and float64', async () => {
    await expectClose(np.i0(f64([0, 1, -2, 10, 30])), [1, 1.2660658777520082, 2.279585302336067, 2815.716628466254, 781672297823.9775], 1e-14);
    await expectClose(np.i0(np.array([-8, 8, 8.5])), [427.56411572180474, 427.56411572180474, 683.1619269901155], 1e-6);
    expect(np.i0(i32([1])).dtype).toBe('float32');
    await expectClose(np.i0(np.array([Infinity, NaN])), [Infinity, NaN]);
  });

  it('ixGrid builds an open mesh that picks the cross product; masks are refused', async () => {
    const [r, c] = np.ixGrid([0, 2], i32([1, 0]));
    expect(r.shape).toEqual([2, 1]); expect(c.shape).toEqual([1, 2]);
    await expectClose(np.arange(9).reshape([3, 3]).get(r, c), [[1, 0], [7, 6]]);
    expectError(() => np.ixGrid(np.array([true, false])), errors.DTypeError, 'np.ixGrid', 'np.nonzero');
    expectError(() => np.ixGrid(np.ones([2, 2], 'int32')), errors.ShapeError, 'np.ixGrid', '1-D');
    expectError(() => np.ixGrid([0, 1.5]), errors.ArgumentError, 'np.ixGrid', 'integer');
    expectError(() => np.ixGrid(np.array([0.5, 1])), errors.DTypeError, 'np.ixGrid', 'integer');
  });
});

describe('dtype and shape questions', () => {
  it('ndim / shape / size read Tensors and nested data without making arrays', () => {
    expect(np.ndim(np.ones([2, 3, 4]))).toBe(3);
    expect(np.ndim(7)).toBe(0);
    expect(np.shape([[1, 2, 3], [4, 5, 6]])).toEqual([2, 3]);
    expect(np.shape(Float32Array.from([1, 2]))).toEqual([2]);
    expect(np.size([[1, 2, 3], [4, 5, 6]])).toBe(6);
    expect(np.size(np.ones([2, 0]))).toBe(0);
    expect(np.size(np.ones([2, 5]), 1)).toBe(5);
    expectError(() => np.shape([[1, 2], [3]]), errors.ShapeError, 'np.shape');
    expectError(() => np.size(np.ones([2]), 1), errors.ShapeError, 'np.size', 'axis 1');
  });

  it('isscalar counts numbers, booleans and 0-D Tensors, as jnp.isscalar', () => {
    expect(np.isscalar(1)).toBe(true);
    expect(np.isscalar(false)).toBe(true);
    expect(np.isscalar(np.array(1))).toBe(true);
    expect(np.isscalar(np.array([1]))).toBe(false);
    expect(np.isscalar([1])).toBe(false);
    expect(np.isscalar(null)).toBe(false);
  });

  it('resultType is the dtype np.add gives', () => {
    const cases: [unknown[], string][] = [
      [['int8', 'uint8'], 'int16'], [['int32', 'float16'], 'float16'], [[np.ones([1], 'bool'), 2], 'int32'],
      [[np.ones([1], 'int8'), 3], 'int8'], [[np.ones([1], 'int8'), 0.5], 'float32'], [[1, 2], 'float32'], [[true], 'bool'],
      [['bfloat16', 'float16'], 'float32'],
    ];
    for (const [args, want] of cases) expect(np.resultType(...(args as never[])), JSON.stringify(args)).toBe(want);
    // It agrees with what the operation itself gives.
    expect(np.resultType(np.ones([1], 'uint8'), np.ones([1], 'int16'))).toBe(np.add(np.ones([1], 'uint8'), np.ones([1], 'int16')).dtype);
    expectError(() => np.resultType('uint32', 'int32'), errors.DTypeError, 'np.resultType', 'int64');
    expectError(() => np.resultType(bad([1, 2])), errors.ArgumentError, 'np.resultType', 'argument 0');
    expectError(() => np.resultType(), errors.ArgumentError, 'np.resultType');
  });

  it('canCast follows numpy\'s casting rules', () => {
    const safe: [string, string, boolean][] = [
      ['uint8', 'int8', false], ['uint8', 'int16', true], ['int16', 'float16', false], ['int16', 'float32', true],
      ['uint32', 'float32', false], ['uint32', 'float64', true], ['float16', 'float32', true], ['bool', 'uint8', true],
      ['float16', 'bfloat16', false], ['int32', 'int32', true], ['float32', 'int32', false], ['int8', 'uint32', false],
    ];
    for (const [f, t, want] of safe) expect(np.canCast(f as never, t as never), `${f} → ${t}`).toBe(want);
    expect(np.canCast('int32', 'uint32', 'same_kind')).toBe(false);
    expect(np.canCast('uint32', 'int32', 'same_kind')).toBe(true);
    expect(np.canCast('float32', 'int32', 'same_kind')).toBe(false);
    expect(np.canCast('float64', 'float16', 'same_kind')).toBe(true);
    expect(np.canCast('float64', 'int8', 'unsafe')).toBe(true);
    expect(np.canCast('int8', 'int16', 'no')).toBe(false);
    expect(np.canCast(np.ones([1], 'int8'), 'int16')).toBe(true);
    expectError(() => np.canCast('int8', 'int16', bad('sometimes')), errors.ArgumentError, 'np.canCast', "'sometimes'");
    expectError(() => np.canCast(bad(3), 'int16'), errors.ArgumentError, 'np.canCast', 'number');
  });

  it('issubdtype knows the categories', () => {
    expect(np.issubdtype('int8', 'integer')).toBe(true);
    expect(np.issubdtype('float32', 'number')).toBe(true);
    expect(np.issubdtype('bool', 'number')).toBe(false);
    expect(np.issubdtype('uint16', 'unsignedinteger')).toBe(true);
    expect(np.issubdtype('bfloat16', 'inexact')).toBe(true);
    expect(np.issubdtype(np.ones([1]), 'float32')).toBe(true);
    expect(np.issubdtype('float32', 'float64')).toBe(false);
    expectError(() => np.issubdtype('int8', bad('integral')), errors.ArgumentError, 'np.issubdtype', 'categories');
  });
});

// --- editing -------------------------------------------------------------------------------------------

describe('functional editing', () => {
  it('append flattens without an axis and joins along one', async () => {
    await expectClose(np.append(np.array([[1, 2]]), [[3], [4]]), [1, 2, 3, 4]);
    await expectClose(np.append(np.array([[1, 2]]), np.array([[3, 4]]), { axis: 0 }), [[1, 2], [3, 4]]);
    expectError(() => np.append(np.ones([2, 2]), np.ones([2]), { axis: 0 }), errors.ShapeError, 'np.append', 'different ranks');
  });

  it('insert places blocks and slices as numpy', async () => {
    const a = np.array([[1, 2], [3, 4]]);
    await expectClose(np.insert(a, 1, [5, 6], { axis: 1 }), [[1, 5, 2], [3, 6, 4]]);
    await expectClose(np.insert(a, 1, 5), [1, 5, 2, 3, 4]);
    await expectClose(np.insert(a, [1, 1], [[7], [8]], { axis: 0 }), [[1, 2], [7, 7], [8, 8], [3, 4]]);
    await expectClose(np.insert(np.arange(5), [3, 0, 3], [10, 20, 30]), [20, 0, 1, 2, 10, 30, 3, 4]);
    await expectClose(np.insert(a, 2, [[9, 9]], { axis: 0 }), [[1, 2], [3, 4], [9, 9]]);
    await expectClose(np.insert(a, -1, 0, { axis: 0 }), [[1, 2], [0, 0], [3, 4]]);
    // Values take the array's dtype, as numpy.
    const r = np.insert(i32([1, 2]), 0, 2.7);
    expect(r.dtype).toBe('int32');
    await expectClose(r, [2, 1, 2]);
    expectError(() => np.insert(np.arange(3), 5, 1), errors.ArgumentError, 'np.insert', 'position 5');
    expectError(() => np.insert(np.arange(3), bad(i32([1])), 1), errors.ArgumentError, 'np.insert', 'static');
    expectError(() => np.insert(a, 1, [1, 2, 3], { axis: 1 }), errors.ShapeError, 'np.insert', 'broadcast');
  });

  it('delete drops positions (negative and repeated ones included)', async () => {
    await expectClose(np.delete(np.arange(6).reshape([2, 3]), [0, 0, -1], { axis: 1 }), [[1], [4]]);
    await expectClose(np.delete(np.array([[1, 2], [3, 4]]), 1), [1, 3, 4]);
    await expectClose(np.delete(np.array([1]), 0), []);
    expectError(() => np.delete(np.arange(3), 3), errors.ArgumentError, 'np.delete', 'position 3');
    expectError(() => np.delete(np.arange(3), bad([true])), errors.ArgumentError, 'np.delete', 'booleans');
  });

  it('resize repeats the data cyclically; an empty array gives zeros', async () => {
    await expectClose(np.resize(np.array([[1, 2], [3, 4]]), [3]), [1, 2, 3]);
    await expectClose(np.resize(np.array([1, 2, 3]), [2, 2]), [[1, 2], [3, 1]]);
    await expectClose(np.resize(np.zeros([0]), [2]), [0, 0]);
  });

  it('vander builds descending (or increasing) powers', async () => {
    await expectClose(np.vander(i32([2, 3])), [[2, 1], [3, 1]]);
    expect(np.vander(np.array([1, 2, 3]), 0).shape).toEqual([3, 0]);
    await expectClose(np.vander(np.array([-1, 0.5]), 4, { increasing: true }), [[1, -1, 1, -1], [1, 0.5, 0.25, 0.125]]);
    expectError(() => np.vander(np.ones([2, 2])), errors.ShapeError, 'np.vander', '1-D');
  });

  it('the diagonal and triangle index helpers', async () => {
    const [a, b, c] = np.diagIndices(2, 3);
    await expectClose(a, [0, 1]); await expectClose(c, [0, 1]); expect(b.dtype).toBe('int32');
    const [r, k] = np.trilIndicesFrom(np.ones([3, 2]), -1);
    await expectClose(r, [1, 2, 2]); await expectClose(k, [0, 0, 1]);
    const [ur, uc] = np.triuIndicesFrom(np.ones([2, 3]));
    await expectClose(ur, [0, 0, 0, 1, 1]); await expectClose(uc, [0, 1, 2, 1, 2]);
    expectError(() => np.diagIndicesFrom(np.ones([2, 3])), errors.ShapeError, 'np.diagIndicesFrom', 'same length');
    expectError(() => np.trilIndicesFrom(np.ones([2])), errors.ShapeError, 'np.trilIndicesFrom', '2-D');
  });

  it('fillDiagonal returns a new array; wrap and rank 3 as numpy', async () => {
    const z = np.zeros([5, 3]);
    await expectClose(np.fillDiagonal(z, [1, 2], { wrap: true }), [[1, 0, 0], [0, 2, 0], [0, 0, 1], [0, 0, 0], [2, 0, 0]]);
    await expectClose(np.fillDiagonal(z, 4), [[4, 0, 0], [0, 4, 0], [0, 0, 4], [0, 0, 0], [0, 0, 0]]);
    await expectClose(z, [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]]);
    const cube = np.fillDiagonal(np.zeros([2, 2, 2]), 7);
    await expectClose(cube, [[[7, 0], [0, 0]], [[0, 0], [0, 7]]]);
    expectError(() => np.fillDiagonal(z, 1, { inplace: true }), errors.ArgumentError, 'np.fillDiagonal', 'immutable');
    expectError(() => np.fillDiagonal(np.zeros([2, 2, 3]), 1), errors.ShapeError, 'np.fillDiagonal', 'same length');
  });

  it('putAlongAxis and put write functionally; the last of repeated indices wins', async () => {
    const x = np.arange(6, 'float32').reshape([2, 3]);
    await expectClose(np.putAlongAxis(x, i32([[0, 2], [1, 1]]), np.array([[9, 8], [7, 6]]), 1), [[9, 1, 8], [3, 6, 5]]);
    await expectClose(np.putAlongAxis(x, i32([[-1]]), 0, 0), [[0, 1, 2], [0, 0, 0]]);
    await expectClose(np.putAlongAxis(np.arange(4, 'float32'), i32([3, 0]), -1, null), [-1, 1, 2, -1]);
    await expectClose(np.put(np.zeros([2, 3]), [1, 100], [5], { mode: 'clip' }), [[0, 5, 0], [0, 0, 5]]);
    await expectClose(np.put(np.zeros([2]), [5], 1), [0, 0]);
    await expectClose(np.put(np.zeros([3]), [-1, -7], [1, 2], { mode: 'clip' }), [2, 0, 1]);
    await expectClose(np.put(np.zeros([4]), [0, 1, 2, 3], [1, 2]), [1, 2, 1, 2]);
    expectError(() => np.put(np.zeros([2]), [0], 1, bad({ mode: 'raise' })), errors.ArgumentError, 'np.put', "'raise'");
    expectError(() => np.putAlongAxis(x, i32([[0]]), 1, 1, { inplace: true }), errors.ArgumentError, 'np.putAlongAxis', 'immutable');
    expectError(() => np.putAlongAxis(x, i32([0]), 1, 1), errors.ShapeError, 'np.putAlongAxis', 'rank');
    expectError(() => np.put(x, np.array([0.5]), 1), errors.DTypeError, 'np.put', 'integers');
  });

  it('choose picks elementwise with clip and wrap; raise is refused', async () => {
    const choices = [[0, 1, 2, 3], [10, 11, 12, 13], [20, 21, 22, 23], [30, 31, 32, 33]];
    await expectClose(np.choose(i32([2, 3, 1, 0]), choices), [20, 31, 12, 3]);
    await expectClose(np.choose(i32([5, -1]), [[0, 0], [1, 1], [2, 2]], { mode: 'wrap' }), [2, 2]);
    await expectClose(np.choose(i32([5, -1]), [[0, 0], [1, 1], [2, 2]], { mode: 'clip' }), [2, 0]);
    await expectClose(np.choose(i32([[1], [0]]), [np.array([1, 2]), np.array(9)]), [[9, 9], [1, 2]]);
    expectError(() => np.choose(i32([0]), [[1]], bad({ mode: 'raise' })), errors.ArgumentError, 'np.choose', "'raise'");
    expectError(() => np.choose(np.array([0.5]), [[1]]), errors.DTypeError, 'np.choose');
    expectError(() => np.choose(i32([0]), []), errors.ArgumentError, 'np.choose', 'non-empty');
  });

  it('compress and extract need a static size, and fill the slots past the count', async () => {
    await expectClose(np.compress(np.array([false, true, true]), np.array([[1, 2], [3, 4], [5, 6]]), { axis: 0, size: 3 }), [[3, 4], [5, 6], [0, 0]]);
    await expectClose(np.compress(np.array([1, 0]), np.array([[1, 2, 3]]), { axis: 1, size: 1 }), [[1]]);
    await expectClose(np.compress(np.array([true, true, true]), np.array([4, 5, 6]), { size: 2 }), [4, 5]);
    await expectClose(np.extract(np.array([[NaN, 0], [0, 2]]), np.array([[1, 2], [3, 4]]), { size: 3, fillValue: -7 }), [1, 4, -7]);
    expectError(() => np.compress(np.array([true]), np.ones([3])), errors.ArgumentError, 'np.compress', 'depends on its values', 'size');
    expectError(() => np.extract(np.array([true]), np.ones([3])), errors.ArgumentError, 'np.extract', 'size');
    expectError(() => np.compress(np.array([true, true]), np.ones([1]), { size: 1 }), errors.ShapeError, 'np.compress', 'not longer');
    expectError(() => np.extract(np.array([true]), np.ones([3]), { size: 1 }), errors.ShapeError, 'np.extract', 'same number');
  });
});

describe('gradients of the array API and editing functions (float64, against finite differences)', () => {
  it('i0 (both ranges), floatPower and vecdot', async () => {
    await expectGradMatchesFD((x) => np.i0(x), [-9.5, -3, -0.4, 0.7, 5, 8.3, 12]);
    // I0′(0) = I1(0) = 0.
    await expectClose(grad((x: Tensor) => np.i0(x))(np.array(0, 'float64')), 0);
    await expectGradMatchesFD((x) => np.floatPower(x, 2.5), [0.5, 1.5, 3]);
    await expectGradMatchesFD((x) => np.vecdot(x, f64([[1, -2], [3, 0.5]])), [[0.3, 0.1], [2, -1]]);
  });

  it('insert, fillDiagonal, putAlongAxis, choose and compress pass gradients to the kept entries only', async () => {
    await expectGradMatchesFD((x) => np.insert(x, [1], 5).mul(np.arange(4, 'float64')), [1, 2, 3]);
    const gd = await grad((x: Tensor) => np.sum(np.fillDiagonal(x, 0).mul(x)))(f64([[1, 2], [3, 4]]));
    await expectClose(gd, [[0, 4], [6, 0]]);
    const gp = await grad((v: Tensor) => np.sum(np.putAlongAxis(np.zeros([3], 'float64'), i32([2, 2]), v, 0).mul(f64([1, 2, 3]))))(f64([5, 6]));
    await expectClose(gp, [0, 3]);
    await expectGradMatchesFD((x) => np.choose(i32([1, 0, 1]), [x, x.mul(x)]), [0.5, -1, 2]);
    await expectGradMatchesFD((x) => np.compress(np.array([true, false, true]), x.mul(x), { size: 3 }), [0.5, -1, 2]);
  });
});

describe('jit and vmap agree with eager for the new functions', () => {
  it('vecdot, i0, insert, choose and cumulativeSum', async () => {
    const a = np.array([[1, 2, 3], [4, 5, 6]]), b = np.array([1, -1, 2]);
    await expectClose(vmap((r: Tensor) => np.vecdot(r, b))(a), await val(np.vecdot(a, b)));
    await expectClose(jit((x: Tensor) => np.i0(x))(np.array([0.5, 9])), await val(np.i0(np.array([0.5, 9]))), 1e-6);
    await expectClose(vmap((x: Tensor) => np.insert(x, 1, 0))(a), [[1, 0, 2, 3], [4, 0, 5, 6]]);
    await expectClose(jit((i: Tensor, x: Tensor) => np.choose(i, [x, x.neg()]))(i32([0, 1, 0]), b), [1, 1, 2]);
    await expectClose(vmap((x: Tensor) => np.cumulativeSum(x, { includeInitial: true }))(a), [[0, 1, 3, 6], [0, 4, 9, 15]]);
    await expectClose(jit((c: Tensor, x: Tensor) => np.extract(c, x, { size: 2 }))(np.array([false, true, true]), b), [-1, 2]);
  });

  it('nanmedian, lexsort, gradient, unwrap and histogram2d', async () => {
    const m = np.array([[1, NaN, 3], [NaN, NaN, NaN], [2, 8, 4]]);
    await expectClose(vmap((r: Tensor) => np.nanmedian(r))(m), [2, NaN, 4]);
    await expectClose(jit((a: Tensor, k: Tensor) => np.lexsort([a, k]))(np.array([3, 1, 2, 1]), np.array([1, 1, 0, 0])), [3, 2, 1, 0]);
    await expectClose(jit((t: Tensor) => np.gradient(t, 0.5) as Tensor)(np.array([1, 4, 9, 16])), [6, 8, 12, 14]);
    await expectClose(vmap((r: Tensor) => np.unwrap(r, { period: 360 }))(np.array([[0, 179, -178], [10, -170, 20]])), [[0, 179, 182], [10, -170, -340]]);
    const [h] = jit((x: Tensor, y: Tensor) => np.histogram2d(x, y, { bins: 2, range: [[0, 2], [0, 2]] }))(np.array([0, 1.5, 1.5]), np.array([0.5, 0.5, 1.5])) as Tensor[];
    await expectClose(h, [[1, 0], [1, 1]]);
  });
});

// --- statistics, sorting and differences -------------------------------------------------------------

describe('NaN-aware quantiles', () => {
  const x = () => np.array([[3, NaN, 1, 4], [NaN, 2, 8, 5], [NaN, NaN, NaN, NaN]]);

  it('skip NaN, and are NaN for an all-NaN slice (numpy\'s answers)', async () => {
    await expectClose(np.nanmedian(x(), { axis: 1 }), [3, 5, NaN]);
    await expectClose(np.nanpercentile(x(), [10, 90], { axis: 1, method: 'higher' }), [[3, 5, NaN], [4, 8, NaN]]);
    await expectClose(np.nanquantile(x(), 0.5, { axis: 0, keepdims: true }), [[3, 2, 4.5, 4.5]]);
    await expectClose(np.nanquantile(np.array([1, 2, 3, 4]), [0.3, 0.7], { method: 'nearest' }), [2, 3]);
    // Round half to even, as numpy: positions 0.5, 1.5 and 2.5 pick 0, 2 and 2.
    await expectClose(np.nanquantile(np.array([1, 2, 3, 4, 5]), [0.125, 0.375, 0.625], { method: 'nearest' }), [1, 3, 3]);
    await expectClose(np.nanmedian(i32([[1, 2], [3, 4]])), 2.5);
    // Without NaN they agree with the plain quantiles.
    const y = np.array([[0.3, -1, 2, 5, 4], [1, 1, 0, 7, 2]]);
    await expectClose(np.nanquantile(y, [0.1, 0.55], { axis: 1 }), await val(np.quantile(y, [0.1, 0.55], { axis: 1 })), 1e-6);
  });

  it('reject what they do not understand', () => {
    expectError(() => np.nanquantile(x(), 1.5), errors.ArgumentError, 'np.nanquantile', 'outside [0, 1]');
    expectError(() => np.nanpercentile(x(), bad(np.array([50]))), errors.ArgumentError, 'np.nanpercentile', 'static q');
    expectError(() => np.nanmedian(x(), bad({ method: 'lower' })), errors.ArgumentError, 'np.nanmedian', "'method'");
    expectError(() => np.nanquantile(np.zeros([0]), 0.5), errors.ShapeError, 'np.nanquantile', 'empty');
  });

  it('pass the gradient to the order statistics they interpolate (float64)', async () => {
    await expectGradMatchesFD((t) => np.nanquantile(t, [0.3, 0.8]), [0.5, 3, -1, 2, 7]);
    const g = await grad((t: Tensor) => np.nanmedian(t))(f64([5, NaN, 1, 3])).data();
    expect(Array.from(g)).toEqual([0, 0, 0, 1]);
  });
});

describe('partition, argpartition and lexsort', () => {
  it('put the kth element in its sorted place, smaller before and larger after', async () => {
    const p = np.array([[5, 2, 9, 1, 7], [0, -3, 4, 4, 1]]);
    for (const kth of [0, 2, -1]) {
      const r = await val(np.partition(p, kth)) as number[][];
      const idx = await val(np.argpartition(p, kth)) as number[][];
      const rows = await val(p) as number[][];
      rows.forEach((row, i) => {
        const sorted = [...row].sort((a, b) => a - b), k = kth < 0 ? kth + row.length : kth;
        expect(r[i][k]).toBe(sorted[k]);
        expect(r[i].slice(0, k).every((v) => v <= sorted[k]) && r[i].slice(k + 1).every((v) => v >= sorted[k])).toBe(true);
        expect(idx[i].map((j) => row[j])[k]).toBe(sorted[k]);
      });
    }
    expect(np.argpartition(p, 1, null).shape).toEqual([10]);
    await expectClose(np.partition(np.array([[3, 1], [2, 0]]), 0, 0), [[2, 0], [3, 1]]);
  });

  it('lexsort sorts by the last key first, stably, NaN last', async () => {
    await expectClose(np.lexsort([np.array([3, 1, 2, 1]), np.array([1, 1, 0, 0])]), [3, 2, 1, 0]);
    await expectClose(np.lexsort(np.array([[2, 1, NaN, 1], [0, 0, 0, 0]])), [1, 3, 0, 2]);
    await expectClose(np.lexsort([np.array([[2, 1], [0, 5]])], 0), [[1, 0], [0, 1]]);
  });

  it('reject what they do not understand', () => {
    expectError(() => np.partition(np.ones([3]), 3), errors.ShapeError, 'np.partition', 'kth = 3');
    expectError(() => np.partition(np.ones([3]), bad([0, 1])), errors.ArgumentError, 'np.partition', 'one integer');
    expectError(() => np.argpartition(np.array(1), 0), errors.ShapeError, 'np.argpartition', 'scalar');
    expectError(() => np.lexsort([np.ones([2]), np.ones([3])]), errors.ShapeError, 'np.lexsort', 'one shape');
    expectError(() => np.lexsort([]), errors.ArgumentError, 'np.lexsort', 'at least one key');
  });

  it('partition differentiates through the sort, and vmaps', async () => {
    await expectGradMatchesFD((t) => np.partition(t, 1).mul(f64([1, 2, 3])), [0.3, -2, 1]);
    await expectClose(vmap((r: Tensor) => np.argpartition(r, 0))(np.array([[2, 1, 3], [0, 5, 4]])), [[1, 0, 2], [0, 2, 1]]);
  });
});

describe('gradient and unwrap', () => {
  it('gradient: central differences inside, first or second order at the edges, per axis', async () => {
    await expectClose(np.gradient(np.array([1, 4, 9, 16, 25]), { edgeOrder: 2 }) as Tensor, [2, 4, 6, 8, 10]);
    await expectClose(np.gradient(np.array([1, 4]), 0.5) as Tensor, [6, 6]);
    const [g0, g1] = np.gradient(np.array([[1, 2, 6], [3, 4, 5]]), [2, 3], { axis: [1, 0] }) as Tensor[];
    await expectClose(g0, [[0.5, 1.25, 2], [0.5, 0.5, 0.5]]);
    await expectClose(g1, [[2 / 3, 2 / 3, -1 / 3], [2 / 3, 2 / 3, -1 / 3]]);
    expect((np.gradient(i32([1, 2, 4])) as Tensor).dtype).toBe('float32');
    expectError(() => np.gradient(np.array([1, 2]), { edgeOrder: 2 }), errors.ShapeError, 'np.gradient', 'at least 3');
    expectError(() => np.gradient(np.array([1, 2, 3]), bad(np.array([0, 1, 3]))), errors.ArgumentError, 'np.gradient', 'coordinate arrays');
    expectError(() => np.gradient(np.ones([2, 2]), [1, 2, 3]), errors.ArgumentError, 'np.gradient', '3 spacings for 2 axes');
    expectError(() => np.gradient(np.ones([3]), 0), errors.ArgumentError, 'np.gradient', 'spacing of 0');
    await expectGradMatchesFD((t) => (np.gradient(t, { edgeOrder: 2 }) as Tensor).mul(t), [0.5, 2, -1, 3]);
  });

  it('unwrap removes jumps of a period (numpy\'s answers)', async () => {
    await expectClose(np.unwrap(np.array([0, 0.7, 1.4, 2.1, 2.8, 3.5 - 2 * Math.PI, 4.2 - 2 * Math.PI])), [0, 0.7, 1.4, 2.1, 2.8, 3.5, 4.2], 1e-5);
    await expectClose(np.unwrap(np.array([0, 179, -178, -175]), { period: 360 }), [0, 179, 182, 185]);
    await expectClose(np.unwrap(np.array([[0, 3.5, 7]]), { discont: 1 }), [[0, 3.5 - 2 * Math.PI, 7 - 4 * Math.PI]], 1e-5);
    await expectClose(np.unwrap(np.array([2])), [2]);
    expectError(() => np.unwrap(np.ones([3]), { period: -1 }), errors.ArgumentError, 'np.unwrap', 'period');
    expectError(() => np.unwrap(np.array(1)), errors.ShapeError, 'np.unwrap', 'scalar');
    await expectGradMatchesFD((t) => np.unwrap(t).mul(t), [0.1, 3, 6.4, 0.2]);
  });
});

describe('histogramBinEdges and histogram2d', () => {
  it('give numpy\'s edges and counts', async () => {
    await expectClose(np.histogramBinEdges(np.array([1, 2, 3, 10]), { bins: 3, range: [0, 6] }), [0, 2, 4, 6]);
    await expectClose(np.histogramBinEdges(np.array([1, 2]), { bins: [0, 1, 5] }), [0, 1, 5]);
    // The same edges np.histogram uses.
    const data = np.array([0.3, -1.2, 4.4, 2, 2.1]);
    await expectClose(np.histogramBinEdges(data, { bins: 4 }), await val(np.histogram(data, { bins: 4 })[1]));
    const [h, xe, ye] = np.histogram2d(np.array([0, 1, 2, 3]), np.array([0, 0, 1, 1]), { bins: [2, 2], weights: np.array([1, 2, 3, 4]) });
    await expectClose(h, [[3, 0], [0, 7]]); await expectClose(xe, [0, 1.5, 3]); await expectClose(ye, [0, 0.5, 1]);
    const [h1, , y1] = np.histogram2d(np.array([0, 1, 5]), np.array([0, 1, 1]), { bins: 1, range: [[0, 1], [0, 2]] });
    await expectClose(h1, [[2]]); await expectClose(y1, [0, 2]);
    const [hd] = np.histogram2d(np.array([0, 1, 1, 2]), np.array([0, 0, 2, 2]), { bins: 2, density: true });
    await expectClose(hd, [[0.25, 0], [0.25, 0.5]]);
  });

  it('reject what they do not understand', () => {
    expectError(() => np.histogramBinEdges(np.ones([3]), { bins: bad('auto') }), errors.ArgumentError, 'np.histogramBinEdges', "'auto'", 'static');
    expectError(() => np.histogramBinEdges(np.ones([3]), bad({ weights: np.ones([3]) })), errors.ArgumentError, "'weights'");
    expectError(() => np.histogram2d(np.ones([3]), np.ones([2])), errors.ShapeError, 'np.histogram2d', 'one length');
    expectError(() => np.histogram2d(np.ones([3]), np.ones([3]), { bins: bad([np.ones([3]), 2, 1]) }), errors.ArgumentError, 'np.histogram2d', 'bins');
    expectError(() => np.histogram2d(np.ones([3]), np.ones([3]), { range: bad([[1, 0], [0, 1]]) }), errors.ArgumentError, 'np.histogram2d', 'lo ≤ hi');
  });
});

// --- polynomials, sets and windows ----------------------------------------------------------------------

describe('polynomial arithmetic (highest power first)', () => {
  it('gives numpy\'s coefficients', async () => {
    await expectClose(np.polyadd(np.array([1, 2]), np.array([3])), [1, 5]);
    await expectClose(np.polysub(np.array([1]), np.array([1, 2, 3])), [-1, -2, -2]);
    await expectClose(np.polymul(np.array([1, -1]), np.array([1, 1])), [1, 0, -1]);
    await expectClose(np.polymul(2, np.array([3, 4])), [6, 8]);
    expect(np.polyadd(i32([1]), i32([2, 3])).dtype).toBe('int32');
    await expectClose(np.polyder(np.array([3, 0, 1, 5])), [9, 0, 1]);
    await expectClose(np.polyder(np.array([5])), []);
    await expectClose(np.polyder(np.array([1, 2]), 0), [1, 2]);
    await expectClose(np.polyint(np.array([1, 1]), 3), [1 / 24, 1 / 6, 0, 0, 0]);
    await expectClose(np.polyint(np.array([4]), 1, 7), [4, 7]);
    // polyder undoes polyint; polyval agrees with the product.
    await expectClose(np.polyder(np.polyint(np.array([3, -2, 1]), 2, [4, 5]), 2), [3, -2, 1], 1e-6);
    const p = np.array([1, -2]), q = np.array([0.5, 3, 1]), at = np.array([-1, 0.5, 2]);
    await expectClose(np.polyval(np.polymul(p, q), at), await val(np.polyval(p, at).mul(np.polyval(q, at))), 1e-6);
  });

  it('reject what they do not understand', () => {
    expectError(() => np.polyadd(np.ones([2, 2]), np.ones([2])), errors.ShapeError, 'np.polyadd', '1-D');
    expectError(() => np.polyder(np.ones([3]), -1), errors.ArgumentError, 'np.polyder', 'm');
    expectError(() => np.polyint(np.ones([3]), 2, [1]), errors.ArgumentError, 'np.polyint', '1 integration constants for m = 2');
    expectError(() => np.polymul(np.zeros([0]), np.ones([2])), errors.ShapeError, 'np.polymul', 'empty');
  });

  it('differentiate in their coefficients (float64)', async () => {
    await expectGradMatchesFD((c) => np.polymul(c, f64([1, -2, 0.5])).mul(np.arange(5, 'float64')), [0.3, -1, 2]);
    await expectGradMatchesFD((c) => np.polyint(c, 1, 2).mul(c.sum()), [0.3, -1, 2]);
  });
});

describe('set functions with a static size', () => {
  it('uniqueAll / uniqueCounts / uniqueInverse / uniqueValues (NaNs one value, as jnp)', async () => {
    const r = np.uniqueAll(np.array([[4, 2], [4, NaN]]), { size: 4, fillValue: -1 });
    await expectClose(r.values, [2, 4, NaN, -1]);
    await expectClose(r.indices, [1, 0, 3, 0]);
    await expectClose(r.inverseIndices, [[1, 0], [1, 2]]);
    await expectClose(r.counts, [1, 2, 1, 0]);
    const c = np.uniqueCounts(np.array([1, 1, 2, 2, 2, NaN, NaN]), { size: 3 });
    await expectClose(c.values, [1, 2, NaN]); await expectClose(c.counts, [2, 3, 2]);
    const inv = np.uniqueInverse(i32([7, 3, 7, 7, 1]), { size: 3 });
    await expectClose(inv.values, [1, 3, 7]);
    await expectClose(inv.values.get(inv.inverseIndices), [7, 3, 7, 7, 1]);
    await expectClose(np.uniqueValues(np.array([2, 2, 1]), { size: 1 }), [1]);
    await expectClose(np.uniqueValues(np.array([2, 2, 1]), { size: 4 }), [1, 2, 1, 1]);
    const e = np.uniqueAll(np.zeros([0]), { size: 2, fillValue: 5 });
    await expectClose(e.values, [5, 5]); await expectClose(e.counts, [0, 0]); expect(e.inverseIndices.shape).toEqual([0]);
  });

  it('setdiff1d / intersect1d / union1d / setxor1d give numpy\'s sets, padded', async () => {
    await expectClose(np.setdiff1d(np.array([5, NaN, 1]), np.array([1]), { size: 3, fillValue: 0 }), [5, NaN, 0]);
    await expectClose(np.setdiff1d(np.array([1, 2]), np.array([1, 2]), { size: 2 }), [0, 0]);
    await expectClose(np.intersect1d(np.array([1, 2, 2, NaN]), np.array([2, NaN]), { size: 2 }), [2, 2]);
    await expectClose(np.union1d(np.array([[1, 2], [3, 1]]), np.array([0]), { size: 5, fillValue: -1 }), [0, 1, 2, 3, -1]);
    await expectClose(np.setxor1d(np.array([1, 2, 3]), np.array([3, 4]), { size: 3 }), [1, 2, 4]);
    await expectClose(np.setxor1d(np.array([1, 2]), np.array([2, 1]), { size: 1, fillValue: 9 }), [9]);
    // Mixed dtypes promote as the operations do.
    expect(np.union1d(i32([1]), np.array([0.5]), { size: 2 }).dtype).toBe('float32');
    await expectClose(np.intersect1d(np.zeros([0]), np.array([1]), { size: 1 }), [0]);
  });

  it('need a static size and reject what they do not understand', () => {
    expectError(() => np.setdiff1d(np.ones([2]), np.ones([2])), errors.ArgumentError, 'np.setdiff1d', 'static { size }');
    expectError(() => np.uniqueAll(np.ones([2])), errors.ArgumentError, 'np.uniqueAll', 'jnp.unique_all');
    expectError(() => np.setxor1d(np.ones([2]), np.ones([2]), bad({ size: 2, assumeUnique: true })), errors.ArgumentError, 'np.setxor1d', "'assumeUnique'");
    expectError(() => np.uniqueCounts(np.ones([2]), { size: -1 }), errors.ArgumentError, 'np.uniqueCounts', 'size');
    expectError(() => np.uniqueValues(np.zeros([0]), { size: 2 }), errors.ShapeError, 'np.uniqueValues', 'fillValue');
  });

  it('run under jit and vmap', async () => {
    const x = np.array([[3, 1, 3], [2, 2, 5]]);
    const r = vmap((row: Tensor) => np.uniqueCounts(row, { size: 3, fillValue: 0 }).counts)(x);
    await expectClose(r, [[1, 2, 0], [2, 1, 0]]);
    await expectClose(jit((a: Tensor, b: Tensor) => np.setdiff1d(a, b, { size: 2 }))(np.array([4, 1, 4, 2]), np.array([1])), [2, 4]);
  });
});

describe('window functions', () => {
  it('give numpy\'s windows, with its edge cases (M = 1, M ≤ 0)', async () => {
    await expectClose(np.kaiser(4, 14), [7.726866835270368e-06, 0.46271649780079116, 0.46271649780079116, 7.726866835270368e-06], 1e-6);
    await expectClose(np.bartlett(6), [0, 0.4, 0.8, 0.8, 0.4, 0]);
    await expectClose(np.blackman(5), [0, 0.34, 1, 0.34, 0], 1e-6);
    await expectClose(np.hamming(4), [0.08, 0.77, 0.77, 0.08], 1e-6);
    await expectClose(np.hanning(1), [1]);
    await expectClose(np.hanning(0), []);
    await expectClose(np.bartlett(-2), []);
    expect(np.hamming(3).dtype).toBe('float32');
    expect(np.hamming(3, 'float64').dtype).toBe('float64');
    await expectClose(np.kaiser(5, 0), [1, 1, 1, 1, 1]);
  });

  it('reject what they do not understand', () => {
    expectError(() => np.hanning(2.5), errors.ArgumentError, 'np.hanning', 'M');
    expectError(() => np.kaiser(4, bad(np.array(3))), errors.ArgumentError, 'np.kaiser', 'beta');
    expectError(() => np.bartlett(4, 'int32'), errors.DTypeError, 'np.bartlett', 'float');
  });
});

describe('vectorize (jnp.vectorize: one vmap per broadcast loop axis)', () => {
  it('applies an element function over every element, and a gufunc over broadcast loop axes', async () => {
    const clampedSquare = np.vectorize((x: Tensor) => np.minimum(x.mul(x), 4));
    await expectClose(clampedSquare(np.array([[1, 2], [3, 4]])), [[1, 4], [4, 4]]);
    await expectClose(np.vectorize((x: Tensor) => x.add(1))(np.array(5)), 6);
    // (m,n),(n)->(m) over loop shapes [2, 1] and [5]: numpy's matmul of the broadcast stacks.
    const mv = np.vectorize((m: Tensor, v: Tensor) => np.matmul(m, v), { signature: '(m,n),(n)->(m)' });
    const M = f64([[1, 2], [3, 4]]).reshape([1, 2, 2]).mul(np.array([1, 10], 'float64').reshape([2, 1, 1])).reshape([2, 1, 2, 2]);
    const V = f64([[1, 0], [0, 1], [1, 1]]);
    const out = mv(M, V);
    expect(out.shape).toEqual([2, 3, 2]);
    await expectClose(out, [[[1, 3], [2, 4], [3, 7]], [[10, 30], [20, 40], [30, 70]]]);
  });

  it('several outputs, excluded arguments, and grad and jit through it', async () => {
    const split = np.vectorize((a: Tensor) => [a.sum(), a.mul(2)], { signature: '(n)->(),(n)' });
    const [s, d] = split(f64([[1, 2], [3, 4], [5, 6]])) as Tensor[];
    await expectClose(s, [3, 7, 11]);
    expect(d.shape).toEqual([3, 2]);
    const scaled = np.vectorize((x: Tensor, p: number) => x.mul(p), { excluded: [1] });
    await expectClose(scaled(np.array([1, 2]), 3), [3, 6]);
    const dot = np.vectorize((a: Tensor, b: Tensor) => a.mul(b).sum(), { signature: '(n),(n)->()' });
    await expectClose(grad((x: Tensor) => dot(x, x).sum())(f64([[1, 2], [3, 4]])), [[2, 4], [6, 8]]);
    await expectClose(jit((x: Tensor) => clampedJit(x))(np.array([1, 3])), [1, 4]);
  });
  const clampedJit = np.vectorize((x: Tensor) => np.minimum(x.mul(x), 4));

  it('names signature and core-size mistakes', () => {
    const dot = np.vectorize((a: Tensor, b: Tensor) => a.mul(b).sum(), { signature: '(n),(n)->()' });
    expectError(() => dot(np.ones([3, 2]), np.ones([3])), errors.ShapeError, 'np.vectorize', "core axis 'n'", 'size 3');
    expectError(() => dot(np.ones([3, 2])), errors.ArgumentError, 'np.vectorize', '2 inputs', '1 vectorized');
    expectError(() => np.vectorize((a: Tensor) => a, { signature: '(n->()' }), errors.ArgumentError, 'np.vectorize', 'cannot read');
    expectError(() => np.vectorize((a: Tensor) => a.sum(), { signature: '(n)->(n)' })(np.ones([2, 3])), errors.ShapeError, 'output 0', 'core axes (n)');
    expectError(() => dot(np.ones([2, 3]), np.ones([4, 3])), errors.ShapeError, 'np.vectorize', 'cannot be broadcast');
    expectError(() => np.vectorize((a: Tensor) => a, { excluded: [-1] }), errors.ArgumentError, 'excluded');
  });
});
