/**
 * numpy functions whose behaviour a probe against numpy 2.4 / JAX found wrong, each pinned to JAX's
 * answer (numpy's where they agree; known answers computed with numpy and pasted): bool negation
 * and subtraction refused, axis null, integer promotion of products, float floor division, take's
 * modes, argmax of empty non-reduced axes, the everyday options (linspace endpoint, eye k, one-sided
 * clip, moveaxis lists, reductions' where / initial), integer linspace, masked .at() updates.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, jit, grad, useBackend, errors, type Tensor } from '../src/index.js';
import { expectError, bad } from './helpers/expect-error.js';
import { expectClose } from './helpers/known-answers.js';

beforeEach(async () => { await useBackend('cpu'); });

describe('bool arithmetic that JAX refuses', () => {
  it('np.negative and .neg() refuse bool arrays, naming the fix', async () => {
    expectError(() => np.negative(np.array([true, false])), errors.DTypeError, 'np.negative', 'bool', 'np.logicalNot');
    expectError(() => np.array([true]).neg(), errors.DTypeError, 'np.negative', 'bool');
    await expectClose(np.negative(np.array([1, -2], 'int8')), [-1, 2]);
  });

  it('np.subtract refuses two bools but subtracts a bool and a number', async () => {
    expectError(() => np.subtract(np.array([true, false]), np.array([true, true])), errors.DTypeError, 'np.subtract', 'bool', 'np.logicalXor');
    expectError(() => np.array([true]).sub(np.array([false])), errors.DTypeError, 'np.subtract');
    await expectClose(np.subtract(np.array([true, false]), np.array([1, 1], 'int32')), [0, -1]);
  });
});

describe('axis null', () => {
  it('np.concatenate with axis null flattens every array first (JAX axis=None)', async () => {
    await expectClose(np.concatenate([np.array([[1, 2], [3, 4]]), np.array([5])], null), [1, 2, 3, 4, 5]);
    await expectClose(np.concatenate([np.array([[1, 2]]), np.array([[3], [4]])], { axis: null }), [1, 2, 3, 4]);
    await expectClose(np.concatenate([np.array(7), np.array([8])], null), [7, 8]);
    await expectClose(jit((a: Tensor, b: Tensor) => np.concatenate([a, b], null))(np.ones([2, 2]), np.zeros([3])), [1, 1, 1, 1, 0, 0, 0]);
  });

  it('stack, split, expandDims and other single-axis functions refuse null instead of using axis 0', () => {
    const x = np.ones([2, 3]);
    expectError(() => np.stack([x, x], bad(null)), errors.ArgumentError, 'np.stack', 'axis null');
    expectError(() => np.stack([x, x], bad({ axis: null })), errors.ArgumentError, 'np.stack', 'axis null');
    expectError(() => np.split(x, 2, bad(null)), errors.ArgumentError, 'np.split', 'axis null');
    expectError(() => np.expandDims(x, bad(null)), errors.ArgumentError, 'np.expandDims', 'axis null');
    expectError(() => np.vecdot(x, x, bad({ axis: null })), errors.ArgumentError, 'np.vecdot', 'null');
    expectError(() => np.diff(x, 1, bad(null)), errors.ArgumentError, 'np.diff', 'null');
    expectError(() => np.unwrap(x, bad({ axis: null })), errors.ArgumentError, 'np.unwrap', 'null');
  });
});

describe('integer promotion of products and cumulative sums (JAX promote_integers)', () => {
  it('np.prod and np.nanprod of narrow integers and bools multiply in 32 bits', async () => {
    const i8 = np.array([100, 100, -3], 'int8');
    expect(np.prod(i8).dtype).toBe('int32');
    await expectClose(np.prod(i8), -30000);
    expect(np.prod(np.array([200, 200], 'uint8')).dtype).toBe('uint32');
    await expectClose(np.prod(np.array([200, 200], 'uint8')), 40000);
    await expectClose(np.prod(np.array([[300, 300]], 'int16'), 1), [90000]);
    expect(np.prod(np.array([300], 'uint16')).dtype).toBe('uint32');
    expect(np.prod(np.array([true, true])).dtype).toBe('int32');
    expect(np.nanprod(np.array([100, 100], 'int8')).dtype).toBe('int32');
    await expectClose(np.nanprod(np.array([100, 100], 'int8')), 10000);
    expect(np.prod(np.array([2], 'int32')).dtype).toBe('int32');
  });

  it('np.cumulativeSum promotes narrow integers (jnp.cumulative_sum); cumsum, cumprod and cumulativeProd keep them (bool counts as int32)', async () => {
    const i8 = np.array([100, 100], 'int8');
    expect(np.cumulativeSum(i8).dtype).toBe('int32');
    await expectClose(np.cumulativeSum(i8), [100, 200]);
    expect(np.cumulativeSum(np.array([200, 200], 'uint8'), { includeInitial: true }).dtype).toBe('uint32');
    expect(np.cumulativeSum(i8, { dtype: 'int8' }).dtype).toBe('int8');
    expect(np.cumsum(i8).dtype).toBe('int8');
    expect(np.cumprod(i8).dtype).toBe('int8');
    expect(np.cumulativeProd(i8).dtype).toBe('int8');
    expect(np.cumulativeProd(np.array([true, true])).dtype).toBe('int32');
    expect(np.cumsum(np.array([true, true])).dtype).toBe('int32');
  });
});

describe('float floor division as JAX (_float_divmod)', () => {
  it('floorDivide rounds the corrected quotient, so a = q·b + mod(a, b)', async () => {
    await expectClose(np.floorDivide(np.array([1, -7]), np.array([0.1, 0.7])), [9, -11]);
    const a = np.array([1, -7, 5, -5, 0, 3.5, 7, -7]), b = np.array([0.1, 0.7, -3, 3, 2, 0.5, 0.3, 0.3]);
    const [q, r] = np.divmod(a, b);
    await expectClose(q, [9, -11, -2, -2, 0, 7, 23, -24]);
    await expectClose(r, [0.09999999403953552, 0.6999998688697815, -1, 1, 0, 0, 0.10000016540288925, 0.19999982416629791], 1e-5);
    await expectClose(np.add(np.multiply(q, b), r), [1, -7, 5, -5, 0, 3.5, 7, -7], 1e-5);
    await expectClose(np.floorDivide(np.array([1, -1, 0]), 0), [Infinity, -Infinity, NaN]);
    await expectClose(jit((x: Tensor, y: Tensor) => np.floorDivide(x, y))(np.array([1, -7]), np.array([0.1, 0.7])), [9, -11]);
  });

  it('its gradient is zero, as for a step function', async () => {
    await expectClose(grad((x: Tensor) => np.sum(np.floorDivide(x, np.array([0.3, 0.7]))))(np.array([1.1, -2.5])), [0, 0]);
    await expectClose(grad((y: Tensor) => np.sum(np.floorDivide(np.array([1.1, -2.5]), y)))(np.array([0.3, 0.7])), [0, 0]);
  });
});

describe("np.take's out-of-range modes (jnp.take)", () => {
  it("defaults to mode 'fill' with JAX's fill values per dtype", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectClose(np.take(x, [-1, 3, -4, 0], 1), [[3, NaN, NaN, 1], [6, NaN, NaN, 4]]);
    await expectClose(np.take(np.array([1, 2], 'int32'), [2, -3]), [-2147483648, -2147483648]);
    await expectClose(np.take(np.array([1, 2], 'int8'), [5]), [-128]);
    await expectClose(np.take(np.array([1, 2], 'uint8'), [5]), [255]);
    await expectClose(np.take(np.array([1, 2], 'uint32'), [5]), [4294967295]);
    await expectClose(np.take(np.array([false, false]), [0, 9]), [false, true]);
    await expectClose(np.take(x, [[0, 7]], { axis: 0, fillValue: -1 }), [[[1, 2, 3], [-1, -1, -1]]]);
    await expectClose(x.take([9], 1, { fillValue: 0 }), [[0], [0]]);
    await expectClose(jit((t: Tensor) => np.take(t, [6, 1]))(x), [NaN, 2]);
  });

  it("mode 'clip' clamps to [0, n − 1] (negative indices too) and mode 'wrap' takes them modulo n", async () => {
    const x = np.array([[1, 2, 3], [4, 5, 6]]);
    await expectClose(np.take(x, [-1, 5], 1, { mode: 'clip' }), [[1, 3], [4, 6]]);
    await expectClose(np.take(x, [[-1, 3], [0, -4]], { axis: 1, mode: 'wrap' }), [[[3, 1], [1, 3]], [[6, 4], [4, 6]]]);
    await expectClose(np.take(x, [7, -8], { mode: 'wrap' }), [2, 5]);
  });

  it('gradients flow to the taken elements only; bad modes and fill values are named errors', async () => {
    await expectClose(grad((t: Tensor) => np.sum(np.take(t, [0, 0, 5], { fillValue: 0 })))(np.array([1, 2, 3])), [2, 0, 0]);
    expectError(() => np.take(np.ones([3]), [0], bad({ mode: 'raise' })), errors.ArgumentError, 'np.take', 'mode');
    expectError(() => np.take(np.ones([3]), [0], { mode: 'clip', fillValue: 0 }), errors.ArgumentError, 'np.take', 'fillValue');
    expectError(() => np.take(np.ones([3]), [0], bad({ fillValue: 'x' })), errors.ArgumentError, 'np.take', 'fillValue');
    expectError(() => np.take(np.ones([0]), [0]), errors.ShapeError, 'np.take', 'empty');
  });
});

describe('argmax / argmin', () => {
  it('an empty array whose reduced axis is not empty gives an empty result; an empty reduced axis raises', async () => {
    const e = np.zeros([0, 3]);
    expect(np.argmax(e, 1).shape).toEqual([0]);
    expect(np.argmax(e, 1).dtype).toBe('int32');
    expect(np.argmin(e, 1, { keepdims: true }).shape).toEqual([0, 1]);
    expect(jit((t: Tensor) => np.argmax(t, -1))(e).shape).toEqual([0]);
    expectError(() => np.argmax(e, 0), errors.ShapeError, 'np.argmax', 'axis 0', 'empty');
    expectError(() => np.argmin(e), errors.ShapeError, 'np.argmin', 'empty');
  });

  it('bool arrays order false < true, first index on ties', async () => {
    await expectClose(np.argmax(np.array([[false, true], [true, true]]), 1), [1, 0]);
    await expectClose(np.argmin(np.array([true, false, false])), 1);
    await expectClose(np.array([false, true]).argmax(), 1);
  });
});

describe('everyday options: linspace, eye, clip, moveaxis', () => {
  it("np.linspace takes endpoint and retstep (JAX's keywords), with the dtype positionally or in the options", async () => {
    await expectClose(np.linspace(0, 1, 4, { endpoint: false }), [0, 0.25, 0.5, 0.75]);
    const [v, step] = np.linspace(2, 3, 5, { endpoint: false, retstep: true });
    await expectClose(v, [2, 2.2, 2.4, 2.6, 2.8]);
    expect(step.shape).toEqual([]);
    await expectClose(step, 0.2);
    const [one, nan] = np.linspace(0, 1, 1, 'float32', { retstep: true });
    await expectClose(one, [0]); await expectClose(nan, NaN);
    await expectClose(np.linspace(0, 10, 4, 'int32', { endpoint: false }), [0, 2, 5, 7]);
    await expectClose(np.linspace(0, 0.3, 4, { dtype: 'float64' }), [0, 0.1, 0.2, 0.3], 1e-12);
    expect(np.linspace(0, 1, 0, { endpoint: false }).shape).toEqual([0]);
    expectError(() => np.linspace(0, 1, 4, bad({ endpoint: 1 })), errors.ArgumentError, 'np.linspace', 'endpoint');
    expectError(() => np.linspace(0, 1, 4, bad({ axis: 0 })), errors.ArgumentError, 'np.linspace', "'axis'");
  });

  it('np.linspace with an integer dtype floors (JAX, numpy 2), not truncates', async () => {
    await expectClose(np.linspace(0, -5, 4, 'int32'), [0, -2, -4, -5]);
    await expectClose(np.linspace(1, -7, 5, { dtype: 'int32' }), [1, -1, -3, -5, -7]);
  });

  it('np.eye takes the diagonal offset k', async () => {
    await expectClose(np.eye(3, 4, { k: 1 }), [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]);
    await expectClose(np.eye(3, { k: -2 }), [[0, 0, 0], [0, 0, 0], [1, 0, 0]]);
    await expectClose(np.eye(2, null, { k: 5, dtype: 'int32' }), [[0, 0], [0, 0]]);
    expect(np.eye(2, 2, 'int32').dtype).toBe('int32');
    expect(np.eye(2, 'int32').dtype).toBe('int32');
    expectError(() => np.eye(2, 2, bad({ k: 0.5 })), errors.ArgumentError, 'np.eye', 'k');
  });

  it('np.clip with a null bound clips one side only', async () => {
    const x = np.array([-2, 0.5, 3]);
    await expectClose(np.clip(x, null, 1), [-2, 0.5, 1]);
    await expectClose(np.clip(x, 0, null), [0, 0.5, 3]);
    await expectClose(x.clip(null, np.array([0, 0, 2])), [-2, 0, 2]);
    await expectClose(np.clip(x, null, null), [-2, 0.5, 3]);
    await expectClose(grad((t: Tensor) => np.sum(np.clip(t, null, 1)))(x), [1, 1, 0]);
    expectError(() => np.clip(x, bad(undefined), 1), errors.ArgumentError, 'np.clip', 'null');
  });

  it('np.moveaxis moves lists of axes as jnp.moveaxis', async () => {
    const x = np.ones([2, 3, 4, 5]);
    expect(np.moveaxis(x, [0, 1], [-1, -2]).shape).toEqual([4, 5, 3, 2]);
    expect(np.moveaxis(x, [3, 0], [0, 2]).shape).toEqual([5, 3, 2, 4]);
    await expectClose(np.moveaxis(np.arange(6).reshape([1, 2, 3]), [2], [0]), [[[0, 3]], [[1, 4]], [[2, 5]]]);
    expectError(() => np.moveaxis(x, [0, 1], [0]), errors.ArgumentError, 'np.moveaxis', 'lengths');
    expectError(() => np.moveaxis(x, [0, 0], [1, 2]), errors.ArgumentError, 'np.moveaxis', 'repeats');
  });
});

describe("reductions' where and initial (JAX's keywords)", () => {
  const x = () => np.array([[1, 5, 3], [4, 2, 6]]);
  const m = () => np.array([[true, false, true], [false, false, true]]);

  it('sum, prod, max and min take where and initial', async () => {
    await expectClose(np.sum(x(), 1, { where: m() }), [4, 6]);
    await expectClose(np.sum(x(), { initial: 10 }), 31);
    await expectClose(np.prod(x(), 1, { where: m(), initial: 2 }), [6, 12]);
    await expectClose(np.max(x(), 1, { where: m(), initial: -100 }), [3, 6]);
    await expectClose(np.min(x(), 1, { where: m(), initial: 100 }), [1, 6]);
    await expectClose(np.max(x(), { axis: 1, where: np.array([false, false, false]), initial: -1 }), [-1, -1]);
    await expectClose(np.max(np.zeros([0, 2]), 0, { initial: 3 }), [3, 3]);
    await expectClose(np.min(np.array([4, 9], 'int32'), { initial: 6 }), 4);
    await expectClose(np.max(np.array([4, 9], 'uint8'), { where: np.array([true, false]), initial: 0 }), 4);
    await expectClose(np.sum(x(), 1, { where: np.array([true, false, true]), keepdims: true }), [[4], [10]]);
  });

  it('mean, any and all take where (a slice with no true element has mean NaN)', async () => {
    await expectClose(np.mean(x(), 1, { where: m() }), [2, 6]);
    await expectClose(np.mean(x(), 0, { where: m() }), [1, NaN, 4.5]);
    await expectClose(np.any(x().gt(2), 1, { where: m() }), [true, true]);
    await expectClose(np.all(x().gt(2), 1, { where: m() }), [false, true]);
    await expectClose(np.all(x().gt(2), { where: np.zeros([2, 3], 'bool') }), true);
  });

  it('works under jit and grad (masked elements get zero gradient)', async () => {
    await expectClose(jit((t: Tensor, w: Tensor) => np.sum(t, 1, { where: w, initial: 1 }))(x(), m()), [5, 7]);
    await expectClose(grad((t: Tensor) => np.sum(t, { where: m() }))(x()), [[1, 0, 1], [0, 0, 1]]);
    await expectClose(grad((t: Tensor) => np.sum(np.mean(t, 1, { where: m() })))(x()), [[0.5, 0, 0.5], [0, 0, 1]]);
  });

  it('max / min with where need initial (as JAX); bad masks and initials are named errors', () => {
    expectError(() => np.max(x(), 1, { where: m() }), errors.ArgumentError, 'np.max', 'initial');
    expectError(() => np.min(x(), { where: m() }), errors.ArgumentError, 'np.min', 'initial');
    expectError(() => np.sum(x(), { where: np.ones([2, 3]) }), errors.DTypeError, 'np.sum', 'where', 'bool');
    expectError(() => np.sum(x(), { where: np.array([true, false]) }), errors.ShapeError, 'np.sum');
    expectError(() => np.sum(x(), bad({ initial: np.array([1]) })), errors.ArgumentError, 'np.sum', 'initial');
    expectError(() => np.mean(x(), bad({ initial: 1 })), errors.ArgumentError, 'np.mean', "'initial'");
    expectError(() => np.any(x(), bad({ initial: 1 })), errors.ArgumentError, 'np.any', "'initial'");
  });
});

describe('x.at(mask) updates without a size', () => {
  it('a mask with a scalar or trailing-axes value is where(mask, x ⊕ v, x), eager and under jit', async () => {
    const x = np.array([[1, -2, 3], [-4, 5, -6]]);
    const neg = x.lt(0);
    await expectClose(x.at(neg).set(0), [[1, 0, 3], [0, 5, 0]]);
    await expectClose(x.at(neg).add(10), [[1, 8, 3], [6, 5, 4]]);
    await expectClose(x.at(neg).multiply(-1), [[1, 2, 3], [4, 5, 6]]);
    await expectClose(x.at(neg).subtract(1), [[1, -3, 3], [-5, 5, -7]]);
    await expectClose(x.at(neg).min(-5), [[1, -5, 3], [-5, 5, -6]]);
    await expectClose(x.at(neg).max(-3), [[1, -2, 3], [-3, 5, -3]]);
    await expectClose(x.at(np.array([true, false])).set(np.array([7, 8, 9])), [[7, 8, 9], [-4, 5, -6]]);
    await expectClose(x.at([false, true]).set(0), [[1, -2, 3], [0, 0, 0]]);
    await expectClose(jit((t: Tensor) => t.at(t.lt(0)).set(0))(x), [[1, 0, 3], [0, 5, 0]]);
    await expectClose(grad((t: Tensor) => np.sum(t.at(t.lt(0)).set(0).mul(t)))(np.array([1, -2, 3])), [2, 0, 6]);
  });

  it('a value per selected element, and reads, still need the static size', () => {
    const x = np.array([1, -2, 3, -4]);
    expectError(() => x.at(x.lt(0)).set(np.array([5, 6])), errors.ArgumentError, 'size');
    expectError(() => x.at(x.lt(0)).get(), errors.ArgumentError, 'size');
    expectError(() => x.at(np.array([true, false])).set(0), errors.ShapeError, 'mask');
  });
});
