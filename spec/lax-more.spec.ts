/**
 * The lax-more breadth: the bit-level primitives bitcast_convert_type, population_count and clz
 * (src/primitives/bits.ts) with lax.bitcastConvertType / populationCount / clz / nextafter /
 * reducePrecision (src/primitives/lax-bits.ts), numpy's bit functions (src/numpy/bits.ts) and the
 * sign-bit np.signbit. JAX's and numpy's documented answers, the named errors, the
 * transformations (zero tangents, vmap, jit), and WebGPU on every integer width, narrow packed
 * types included. Random-input WebGPU conformance is spec/api-conformance.spec.ts and
 * spec/webgpu-conformance.spec.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { errors, grad, jit, jvp, lax, makeJaxpr, np, useBackend, vmap, type Tensor } from '../src/index.js';
import type { DType } from '../src/core/dtype.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { expectError } from './helpers/expect-error.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());
const bitsOf = (v: number): Tensor => lax.bitcastConvertType(np.array([v >>> 0], 'uint32'), 'float32');

describe('lax.bitcastConvertType: JAX\'s answers', () => {
  it('reads float32 bits as int32 and back, NaN sign and payload kept', async () => {
    expect(await values(lax.bitcastConvertType(np.array([1, -2, 0, -0], 'float32'), 'int32'))).toEqual([1065353216, -1073741824, 0, -2147483648]);
    expect(await values(lax.bitcastConvertType(np.array([1065353216], 'int32'), 'float32'))).toEqual([1]);
    const nan = lax.bitcastConvertType(bitsOf(0xffc00123), 'uint32');
    expect(await values(nan)).toEqual([0xffc00123]);
  });

  it('16- and 8-bit types of one width: float16 1 is 0x3c00, bfloat16 −2 is 0xc000, int8 −1 is uint8 255', async () => {
    expect(await values(lax.bitcastConvertType(np.array([1, -2, 65504, -0], 'float16'), 'uint16'))).toEqual([0x3c00, 0xc000, 0x7bff, 0x8000]);
    expect(await values(lax.bitcastConvertType(np.array([1, -2], 'bfloat16'), 'int16'))).toEqual([0x3f80, -16384]);
    expect(await values(lax.bitcastConvertType(np.array([0x3c00, 0x7c00, 1], 'uint16'), 'float16'))).toEqual([1, Infinity, 2 ** -24]);
    expect(await values(lax.bitcastConvertType(np.array([-1, -128, 5], 'int8'), 'uint8'))).toEqual([255, 128, 5]);
    expect(await values(lax.bitcastConvertType(np.array([0xffff], 'uint16'), 'int16'))).toEqual([-1]);
  });

  it('between widths JAX adds or removes a trailing axis, little-endian', async () => {
    const b = lax.bitcastConvertType(np.array([1, 2], 'float32'), 'uint8');
    expect([b.dtype, b.shape, await values(b)]).toEqual(['uint8', [2, 4], [0, 0, 128, 63, 0, 0, 0, 64]]);
    const back = lax.bitcastConvertType(b, 'float32');
    expect([back.shape, await values(back)]).toEqual([[2], [1, 2]]);
    expect(await values(lax.bitcastConvertType(np.array([0x12345678], 'uint32'), 'uint16'))).toEqual([0x5678, 0x1234]);
    expect(await values(lax.bitcastConvertType(np.array([[-1, 0]], 'int8'), 'int16'))).toEqual([255]);
  });

  it('names what it cannot do: mismatched last axis, bool, float64, the primitive across widths', () => {
    expectError(() => lax.bitcastConvertType(np.array([1, 2, 3], 'uint8'), 'float32'), errors.ShapeError, 'last axis of x must have length 4');
    expectError(() => lax.bitcastConvertType(np.array([true]), 'uint8'), errors.DTypeError, 'cannot bitcast from bool');
    expectError(() => lax.bitcastConvertType(np.array([1], 'float64'), 'int32'), errors.DTypeError, 'no 64-bit integer type');
    expectError(() => lax.bitcastConvertType(np.array([1], 'int32'), 'float64'), errors.DTypeError, 'cannot bitcast to f64');
    expectError(() => lax.bitcastConvertType(np.array([1]), 'nope' as DType), errors.DTypeError);
  });
});

describe('lax.populationCount and lax.clz: JAX\'s answers on every width', () => {
  it('populationCount counts set bits within the type: −1 has 8 in int8, 32 in int32', async () => {
    expect(await values(lax.populationCount(np.array([7, -1, 0, -128], 'int8')))).toEqual([3, 8, 0, 1]);
    expect(await values(lax.populationCount(np.array([-1, 0x55555555], 'int32')))).toEqual([32, 16]);
    expect(await values(lax.populationCount(np.array([0xffff, 0x8001], 'uint16')))).toEqual([16, 2]);
    expect(await values(lax.populationCount(np.array([0xffffffff], 'uint32')))).toEqual([32]);
  });

  it('clz counts leading zeros within the width: clz(1) is 31 for int32, 7 for int8; clz(0) is the width', async () => {
    expect(await values(lax.clz(np.array([1, 0, -1, 0x10000], 'int32')))).toEqual([31, 32, 0, 15]);
    expect(await values(lax.clz(np.array([1, 0, -1, 16], 'int8')))).toEqual([7, 8, 0, 3]);
    expect(await values(lax.clz(np.array([1, 0, 0x8000], 'uint16')))).toEqual([15, 16, 0]);
    expect(await values(lax.clz(np.array([255, 1], 'uint8')))).toEqual([0, 7]);
    const t = lax.clz(np.array([1], 'int16'));
    expect([t.dtype, await values(t)]).toEqual(['int16', [15]]);
  });

  it('refuse floats and bools with a DTypeError naming the primitive', () => {
    expectError(() => lax.populationCount(np.array([1.5])), errors.DTypeError, 'population_count: expected i32');
    expectError(() => lax.clz(np.array([true])), errors.DTypeError, 'clz: expected');
    expectError(() => lax.clz([1] as unknown as Tensor), errors.ArgumentError, 'lax.clz: x must be an array');
  });
});

describe('the bit primitives under transformations', () => {
  it('have zero derivatives: float → int → float through a bitcast carries no gradient', async () => {
    const f = (x: Tensor) => lax.bitcastConvertType(lax.bitcastConvertType(x, 'int32'), 'float32').mul(x).sum();
    // d/dx of x·x with the first factor seen through bits: only the second factor's derivative.
    expect(await values(grad(f)(np.array([1.5, -2])))).toEqual([1.5, -2]);
    const [, t] = jvp((x: Tensor) => lax.bitcastConvertType(x, 'uint32'), [np.array([1, 2])], [np.array([1, 1])]);
    expect([t.dtype, await values(t)]).toEqual(['uint32', [0, 0]]);
  });

  it('vmap and jit give the unbatched answers; the Jaxpr names the primitives', async () => {
    const x = np.array([[1, 2], [-1, 0]], 'int8');
    expect(await values(vmap((r: Tensor) => lax.clz(r))(x))).toEqual([7, 6, 0, 8]);
    expect(await values(jit((r: Tensor) => lax.populationCount(r))(x))).toEqual([1, 1, 8, 0]);
    const split = vmap((r: Tensor) => lax.bitcastConvertType(r, 'uint16'))(np.array([[0x12345678], [0x9abcdef0]], 'uint32'));
    expect([split.shape, await values(split)]).toEqual([[2, 1, 2], [0x5678, 0x1234, 0xdef0, 0x9abc]]);
    const text = makeJaxpr((a: Tensor) => lax.clz(lax.populationCount(lax.bitcastConvertType(a, 'int32'))))(np.array([1])).toString();
    for (const p of ['bitcast_convert_type', 'population_count', 'clz']) expect(text).toContain(p);
  });
});

describe('lax.nextafter and lax.reducePrecision', () => {
  it('nextafter steps one ulp: nextafter(1, 2) = 1 + 2⁻²³, toward 0 from 1 is 1 − 2⁻²⁴, from 0 the smallest subnormal', async () => {
    const got = await values(lax.nextafter(np.array([1, 1, 0, -0, 3, NaN, Infinity, -(2 ** -149)]), np.array([2, 0, 1, -1, 3, 1, 0, 0])));
    expect(got.slice(0, 5)).toEqual([1 + 2 ** -23, 1 - 2 ** -24, 2 ** -149, -(2 ** -149), 3]);
    expect(got[5]).toBeNaN();
    expect(got.slice(6)).toEqual([3.4028234663852886e38, -0]);
    expect(await values(lax.nextafter(np.array([1], 'float16'), np.array([2], 'float16')))).toEqual([1 + 2 ** -10]);
    expect(await values(lax.nextafter(np.array([1], 'bfloat16'), np.array([0], 'bfloat16')))).toEqual([1 - 2 ** -8]);
    expectError(() => lax.nextafter(np.array([1]), np.array([1, 2])), errors.ShapeError, 'lax.nextafter: operands must have one shape and dtype');
    expectError(() => lax.nextafter(np.array([1], 'int32'), np.array([1], 'int32')), errors.DTypeError, 'lax.nextafter: expected float32, float16 or bfloat16');
  });

  it('reducePrecision to bfloat16\'s bits (8, 7) equals a cast to bfloat16 and back; to float16\'s (5, 10) in its normal range', async () => {
    const x = np.array(Float32Array.from({ length: 64 }, (_, i) => Math.sin(i * 12.9898) * 10 ** ((i % 13) - 6)));
    expect(await values(lax.reducePrecision(x, 8, 7))).toEqual(await values(x.astype('bfloat16').astype('float32')));
    const y = np.array(Float32Array.from({ length: 64 }, (_, i) => (i % 2 ? -1 : 1) * (1 + Math.cos(i * 7.1) / 2) * 2 ** ((i % 20) - 10)));
    expect(await values(lax.reducePrecision(y, 5, 10))).toEqual(await values(y.astype('float16').astype('float32')));
  });

  it('reducePrecision overflows to ±∞, flushes below the reduced range to ±0, keeps NaN, and rounds ties to even', async () => {
    const got = await values(lax.reducePrecision(np.array([70000, -1e-6, NaN, 1 + 2 ** -11, 1 + 3 * 2 ** -11, 65504]), 5, 10));
    expect(got[0]).toBe(Infinity);
    expect(Object.is(got[1], -0)).toBe(true);
    expect(got[2]).toBeNaN();
    expect(got.slice(3)).toEqual([1, 1 + 2 ** -9, 65504]);
    expectError(() => lax.reducePrecision(np.array([1]), 0, 3), errors.ArgumentError, 'exponentBits');
    expectError(() => lax.reducePrecision(np.array([1], 'int32'), 5, 10), errors.DTypeError, 'lax.reducePrecision');
  });
});

describe('numpy\'s bit functions: numpy\'s answers', () => {
  it('bitwiseCount counts the bits of |x| as uint8 (numpy 2)', async () => {
    const t = np.bitwiseCount(np.array([0, 7, -1, 255, -128], 'int32'));
    expect([t.dtype, await values(t)]).toEqual(['uint8', [0, 3, 1, 8, 1]]);
    expect(await values(np.bitwiseCount(np.array([-128], 'int8')))).toEqual([1]);
    expect(await values(np.bitwiseCount(np.array([true, false])))).toEqual([1, 0]);
    expectError(() => np.bitwiseCount(np.array([1.5])), errors.DTypeError, 'np.bitwiseCount: expected integer or bool');
  });

  it('nextafter broadcasts; spacing is the ulp with x\'s sign (eps at 1), NaN at ±∞', async () => {
    expect(await values(np.nextafter(np.array([1, 2]), 3))).toEqual([1 + 2 ** -23, 2 + 2 ** -22]);
    const s = await values(np.spacing(np.array([1, -1, 1024, 0, Infinity, NaN])));
    expect(s.slice(0, 4)).toEqual([2 ** -23, -(2 ** -23), 2 ** -13, 2 ** -149]);
    expect(s.slice(4).every(Number.isNaN)).toBe(true);
    expect(await values(np.spacing(np.array([1], 'float16')))).toEqual([2 ** -10]);
  });

  it('frexp: frexp(8) = [0.5, 4]; 0, ±∞ and NaN give [x, 0]; subnormals exact; int32 exponents', async () => {
    const [m, e] = np.frexp(np.array([8, -3, 0.5, 0, 2 ** -149, 3 * 2 ** -140, Infinity, 1e30]));
    expect(e.dtype).toBe('int32');
    expect(await values(m)).toEqual([0.5, -0.75, 0.5, 0, 0.5, 0.75, Infinity, 0.7888609170913696]);
    expect(await values(e)).toEqual([4, 2, 0, 0, -148, -138, 0, 100]);
    const [mn, en] = np.frexp(np.array([NaN]));
    expect([(await values(mn))[0], await values(en)]).toEqual([NaN, [0]]);
    const [mh, eh] = np.frexp(np.array([2 ** -24, 65504], 'float16'));
    expect([mh.dtype, await values(mh), await values(eh)]).toEqual(['float16', [0.5, 0.99951171875], [-23, 16]]);
    expectError(() => np.frexp(np.array([1], 'float64')), errors.DTypeError, 'np.frexp');
  });

  it('packbits / unpackbits: numpy\'s examples, both bit orders, an axis, count', async () => {
    expect(await values(np.packbits(np.array([1, 0, 1, 1, 0, 0, 0, 1, 1], 'uint8')))).toEqual([177, 128]);
    expect(await values(np.packbits(np.array([1, 1, 0], 'uint8'), { bitorder: 'little' }))).toEqual([3]);
    // numpy: np.packbits([[[1,0,1],[0,1,0]],[[1,1,0],[0,0,1]]], axis=-1) == [[[160],[64]],[[192],[32]]]
    const p = np.packbits(np.array([[[1, 0, 1], [0, 1, 0]], [[1, 1, 0], [0, 0, 1]]], 'uint8'), -1);
    expect([p.shape, await values(p)]).toEqual([[2, 2, 1], [160, 64, 192, 32]]);
    // numpy: np.unpackbits(np.array([[2], [7], [23]], dtype=np.uint8), axis=1)
    const u = np.unpackbits(np.array([[2], [7], [23]], 'uint8'), 1);
    expect([u.shape, await values(u)]).toEqual([[3, 8], [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1, 1, 1]]);
    expect(await values(np.unpackbits(np.array([[2], [7]], 'uint8'), 1, { count: -3 }))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(await values(np.unpackbits(np.array([3], 'uint8'), { count: 10, bitorder: 'little' }))).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const x = np.array([[1, 0, 1, 1, 0, 1, 0, 1, 1, 1]], 'uint8');
    expect(await values(np.unpackbits(np.packbits(x, 1), 1, { count: 10 }))).toEqual(await values(x));
    expectError(() => np.unpackbits(np.array([1], 'int32')), errors.DTypeError, 'np.unpackbits: expected uint8');
    expectError(() => np.packbits(np.array([1], 'uint8'), { bitorder: 'middle' as 'big' }), errors.ArgumentError, 'bitorder');
    expectError(() => np.packbits(np.array([0.5])), errors.DTypeError, 'np.packbits');
  });

  it('signbit reads the sign bit: true for −0 and a NaN with its sign set (numpy)', async () => {
    expect(await values(np.signbit(bitsOf(0xffc00000)))).toEqual([1]);
    expect(await values(np.signbit(bitsOf(0x7fc00000)))).toEqual([0]);
    expect(await values(np.signbit(np.array([-1, -0, 0, 2, -Infinity])))).toEqual([1, 1, 0, 0, 1]);
    expect(await values(np.signbit(np.array([-0, 1], 'bfloat16')))).toEqual([1, 0]);
    expect(await values(np.signbit(np.array([-0, 1], 'float64')))).toEqual([1, 0]);
    expect(await values(np.signbit(np.array([-3, 3], 'int8')))).toEqual([1, 0]);
  });
});

describeWebGPU('the bit primitives on WebGPU: every integer width, the narrow ones packed', () => {
  afterAll(async () => { await useBackend('cpu'); });
  const CASES: [DType, number[]][] = [
    ['int32', [1, 0, -1, 0x10000, -2147483648]], ['uint32', [1, 0, 0xffffffff, 0x80000000, 12345]],
    ['int16', [1, 0, -1, 0x100, -32768]], ['uint16', [1, 0, 0xffff, 0x8000, 777]],
    ['int8', [1, 0, -1, 16, -128]], ['uint8', [1, 0, 255, 128, 77]],
  ];
  it.each(CASES)('populationCount, clz and a bitcast of %s equal the CPU interpreter, eager and under jit', async (dtype, data) => {
    const other: Record<string, DType> = { int32: 'float32', uint32: 'int32', int16: 'bfloat16', uint16: 'float16', int8: 'uint8', uint8: 'int8' };
    const f = (x: Tensor) => [lax.populationCount(x), lax.clz(x), lax.bitcastConvertType(x, other[dtype])];
    await useBackend('cpu');
    const want = await Promise.all(f(np.array(data, dtype)).map(values));
    await useBackend('webgpu');
    for (const run of [f, jit(f)]) {
      const got = await Promise.all(run(np.array(data, dtype)).map(values));
      expect(got.slice(0, 2)).toEqual(want.slice(0, 2));
      expect(got[2].map(String)).toEqual(want[2].map(String)); // NaN-safe
    }
    expect(want[1][0]).toBe(({ int32: 31, uint32: 31, int16: 15, uint16: 15, int8: 7, uint8: 7 } as Record<string, number>)[dtype]); // clz(1)
  });

  it('float16 and bfloat16 bits on the GPU: 1.0 is 0x3c00 / 0x3f80; NaN is canonical', async () => {
    await useBackend('webgpu');
    expect(await values(lax.bitcastConvertType(np.array([1, -2, NaN], 'float16'), 'uint16'))).toEqual([0x3c00, 0xc000, 0x7e00]);
    expect(await values(lax.bitcastConvertType(np.array([1, -2, NaN], 'bfloat16'), 'uint16'))).toEqual([0x3f80, 0xc000, 0x7fc0]);
    expect(await values(jit((x: Tensor) => np.signbit(x))(bitsOf(0xffc00000)))).toEqual([1]);
  });
});

describe('lax\'s elementwise functions over np\'s compositions', () => {
  it('JAX\'s and numpy\'s values', async () => {
    const close = async (t: Tensor, want: number[]) => (await values(t)).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    await close(lax.acos(np.array([1, 0, -1])), [0, Math.PI / 2, Math.PI]);
    await close(lax.asin(np.array([1, -0.5])), [Math.PI / 2, -Math.PI / 6]);
    await close(lax.atan(np.array([1, -1e6])), [Math.PI / 4, -Math.PI / 2 + 1e-6]);
    await close(lax.acosh(np.array([1, 2])), [0, Math.acosh(2)]);
    await close(lax.asinh(np.array([1, -2])), [Math.asinh(1), Math.asinh(-2)]);
    await close(lax.atanh(np.array([0.5])), [Math.atanh(0.5)]);
    await close(lax.cbrt(np.array([-27, 8, 2])), [-3, 2, Math.cbrt(2)]);
    await close(lax.cosh(np.array([1])), [Math.cosh(1)]);
    await close(lax.sinh(np.array([-1])), [Math.sinh(-1)]);
    await close(lax.tan(np.array([1])), [Math.tan(1)]);
    await close(lax.erf(np.array([1])), [0.8427007929497149]);
    await close(lax.erfc(np.array([2])), [0.004677734981047266]);
    await close(lax.erfInv(np.array([0.5])), [0.4769362762044699]);
    await close(lax.lgamma(np.array([0.5, 10])), [Math.log(Math.sqrt(Math.PI)), Math.log(362880)]);
    await close(lax.digamma(np.array([1, 0.5])), [-0.5772156649015329, -1.9635100260214235]);
    await close(lax.exp2(np.array([10, -2])), [1024, 0.25]);
    await close(lax.logistic(np.array([0, 2])), [0.5, 1 / (1 + Math.exp(-2))]);
    expect(await values(lax.ceil(np.array([-1.5, 1.2, 3])))).toEqual([-1, 2, 3]);
    expect(await values(lax.isFinite(np.array([1, Infinity, -Infinity, NaN])))).toEqual([1, 0, 0, 0]);
  });

  it('lax.round: halves away from zero by default (RoundingMethod 0), to even with 1', async () => {
    const x = np.array([0.5, 1.5, 2.5, -0.5, -2.5, 2.4, -2.6, 0.49999997, 8388609]);
    expect(await values(lax.round(x))).toEqual([1, 2, 3, -1, -3, 2, -3, 0, 8388609]);
    expect(await values(lax.round(x, 0))).toEqual(await values(lax.round(x, 'awayFromZero')));
    expect(await values(lax.round(x, 1))).toEqual([0, 2, 2, -0, -2, 2, -3, 0, 8388609]);
    expect(await values(lax.round(x, 'toNearestEven'))).toEqual(await values(lax.round(x, 1)));
    const z = await values(lax.round(np.array([-0.3, -0, NaN, Infinity])));
    expect(Object.is(z[0], -0) && Object.is(z[1], -0)).toBe(true);
    expect(z[2]).toBeNaN();
    expect(z[3]).toBe(Infinity);
    expectError(() => lax.round(x, 2 as 0), errors.ArgumentError, "roundingMethod must be 0 / 'awayFromZero' or 1 / 'toNearestEven'");
  });

  it('keep lax\'s contract: integers are a DTypeError pointing at the np function, non-arrays an ArgumentError', () => {
    expectError(() => lax.acos(np.array([1], 'int32')), errors.DTypeError, 'lax.acos: expected a floating-point array, got i32[1]', 'np.arccos');
    expectError(() => lax.round(np.array([1], 'int8')), errors.DTypeError, 'lax.round');
    expectError(() => lax.isFinite(np.array([1], 'int32')), errors.DTypeError, 'lax.isFinite');
    expectError(() => lax.logistic(0.5 as unknown as Tensor), errors.ArgumentError, 'lax.logistic: x must be an array');
  });

  const DIFFERENTIABLE: [string, (x: Tensor) => Tensor, number, number][] = [
    ['acos', lax.acos, -0.9, 0.9], ['acosh', lax.acosh, 1.2, 4], ['asin', lax.asin, -0.9, 0.9], ['asinh', lax.asinh, -3, 3],
    ['atan', lax.atan, -3, 3], ['atanh', lax.atanh, -0.9, 0.9], ['cbrt', lax.cbrt, 0.2, 3], ['cbrt (negative)', lax.cbrt, -3, -0.2],
    ['cosh', lax.cosh, -3, 3], ['sinh', lax.sinh, -3, 3], ['tan', lax.tan, -1.2, 1.2], ['erf', lax.erf, -2, 2],
    ['erfc', lax.erfc, -2, 2], ['erfInv', lax.erfInv, -0.9, 0.9], ['lgamma', lax.lgamma, 0.5, 6], ['digamma', lax.digamma, 0.5, 6],
    ['exp2', lax.exp2, -3, 3], ['logistic', lax.logistic, -4, 4],
  ];
  it.each(DIFFERENTIABLE)('the gradient of lax.%s equals float64 central differences', async (_name, f, lo, hi) => {
    const pts = Array.from({ length: 7 }, (_, i) => lo + ((hi - lo) * (i + 0.5)) / 7);
    const x = np.array(pts, 'float64');
    const g = await values(grad((v: Tensor) => f(v).sum())(x));
    const h = 1e-5;
    const fd = await Promise.all(pts.map(async (p) => {
      const [a, b] = await Promise.all([values(f(np.array([p + h], 'float64'))), values(f(np.array([p - h], 'float64')))]);
      return (a[0] - b[0]) / (2 * h);
    }));
    g.forEach((v, i) => expect(Math.abs(v - fd[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(fd[i]))));
  });

  it('ceil and round have zero gradients, isFinite none to give (bool)', async () => {
    expect(await values(grad((v: Tensor) => lax.ceil(v).add(lax.round(v)).sum())(np.array([0.3, -1.7], 'float64')))).toEqual([0, 0]);
    expect(lax.isFinite(np.array([1])).dtype).toBe('bool');
  });
});

describe('lax reductions: reduceMin/Prod/And/Or/Xor and lax.reduce', () => {
  it('JAX\'s values on every kind of dtype, the identity over nothing', async () => {
    expect(await values(lax.reduceMin(np.array([[1, 5], [3, -0.5]]), [1]))).toEqual([1, -0.5]);
    expect(await values(lax.reduceMin(np.array([[1, -128], [127, 0]], 'int8'), [0, 1]))).toEqual([-128]);
    expect(await values(lax.reduceMin(np.array([0, 4294967295], 'uint32'), [0]))).toEqual([0]);
    expect((await values(lax.reduceMin(np.array([1, NaN, 0]), [0])))[0]).toBeNaN();
    expect(await values(lax.reduceMin(np.array([[true, false], [true, true]]), [1]))).toEqual([0, 1]);
    expect(await values(lax.reduceProd(np.arange(1, 8, 1, 'int32'), [0]))).toEqual([5040]);
    expect(await values(lax.reduceProd(np.array([[1, 2, 3], [4, 5, 6]]), [1]))).toEqual([6, 120]);
    expect(await values(lax.reduceProd(np.zeros([2, 0]), [1]))).toEqual([1, 1]);
    expect(await values(lax.reduceAnd(np.array([[12, 10, 14], [7, 3, -1]], 'int32'), [1]))).toEqual([8, 3]);
    expect(await values(lax.reduceAnd(np.zeros([0], 'uint8'), [0]))).toEqual([255]);
    expect(await values(lax.reduceOr(np.array([[12, 10], [4, 1]], 'uint8'), [1]))).toEqual([14, 5]);
    expect(await values(lax.reduceXor(np.array([1, 2, 4, 1], 'int16'), [0]))).toEqual([6]);
    expect(await values(lax.reduceXor(np.array([true, true, true]), [0]))).toEqual([1]);
    expect(await values(lax.reduceOr(np.array([[false, false], [true, false]]), [0]))).toEqual([1, 0]);
  });

  it('lax.reduce recognises add/mul/max/min/and/or/xor traced on scalars, with variadic operands', async () => {
    expect(await values(lax.reduce(np.array([[1, 2], [3, 4]]), 0, (a, b) => lax.add(a, b), [1]))).toEqual([3, 7]);
    expect(await values(lax.reduce(np.array([[1, 2], [3, 4]]), 1, (a, b) => lax.mul(b, a), [0]))).toEqual([3, 8]);
    expect(await values(lax.reduce(np.array([3, -1, 2]), Infinity, lax.min, [0]))).toEqual([-1]);
    expect(await values(lax.reduce(np.array([5, 6], 'int32'), -1, lax.bitwiseAnd, [0]))).toEqual([4]);
    expect(await values(lax.reduce(np.array([true, false]), false, lax.bitwiseOr, [0]))).toEqual([1]);
    const [m, p] = lax.reduce([np.array([1, 5, 2]), np.array([1, 2, 3], 'int32')], [-Infinity, 1], ([a, b], [c, d]) => [lax.max(a, c), lax.mul(b, d)], [0]);
    expect([await values(m), await values(p)]).toEqual([[5], [6]]);
    expect(await values(jit((x: Tensor) => lax.reduce(x, 0, lax.bitwiseXor, [1]))(np.array([[1, 3], [2, 2]], 'uint32')))).toEqual([2, 0]);
    expect(await values(vmap((x: Tensor) => lax.reduce(x, 1, lax.mul, [0]))(np.array([[1, 2, 3], [4, 5, 6]])))).toEqual([6, 120]);
    expect(await values(grad((x: Tensor) => lax.reduce(x, -Infinity, lax.max, [0]))(np.array([1, 5, 2], 'float64')))).toEqual([0, 1, 0]);
  });

  it('lax.reduce applies any other elementwise computation as a pairwise tree (XLA\'s contract: associative, commutative)', async () => {
    const hypot = (a: Tensor, b: Tensor) => lax.sqrt(lax.add(lax.mul(a, a), lax.mul(b, b)));
    expect(await values(lax.reduce(np.array([3, 4, 12]), 0, hypot, [0]))).toEqual([13]);
    // A variadic argmax: (value, index) pairs, ties to the lower index.
    const x = np.array([[1, 9, 3, 9, 2], [5, 1, 7, 0, 7]]), idx = np.broadcastTo(np.arange(5), [2, 5]);
    const [v, i] = lax.reduce([x, idx], [-Infinity, 0], ([a, ia], [b, ib]) => {
      const takeA = np.logicalOr(a.gt(b), np.logicalAnd(a.eq(b), ia.lt(ib)));
      return [np.where(takeA, a, b), np.where(takeA, ia, ib)];
    }, [1]);
    expect([await values(v), await values(i)]).toEqual([[9, 7], [1, 2]]);
    // logaddexp over two axes equals logsumexp, eager and jitted; nothing reduced gives the init value.
    const y = np.array([[0.5, -1, 2], [1, 0.25, -3], [0, 0, 1]], 'float64');
    const lse = await values(np.logsumexp(y));
    expect((await values(lax.reduce(y, -Infinity, np.logaddexp, [0, 1])))[0]).toBeCloseTo(lse[0], 12);
    expect((await values(jit((t: Tensor) => lax.reduce(t, -Infinity, np.logaddexp, [1, 0]))(y)))[0]).toBeCloseTo(lse[0], 12);
    expect(await values(lax.reduce(np.ones([0, 2]), 7, np.logaddexp, [0]))).toEqual([7, 7]);
    expect(await values(vmap((t: Tensor) => lax.reduce(t, 0, hypot, [0]))(np.array([[3, 4], [5, 12]])))).toEqual([5, 13]);
    // d/dx_i of ‖x‖ is x_i / ‖x‖.
    const g = await values(grad((t: Tensor) => lax.reduce(t, 0, hypot, [0]))(np.array([3, 4, 12], 'float64')));
    [3, 4, 12].forEach((xi, k) => expect(g[k]).toBeCloseTo(xi / 13, 12));
  });

  it('lax.reduce names what it cannot do: a malformed computation, a non-identity init, a float bitwise reduction', () => {
    expectError(() => lax.reduce(np.array([1, 2]), 0, (a) => a.sum(), [0]), errors.ArgumentError,
      'lax.reduce: the computation must return one array', 'f32[1]');
    expectError(() => lax.reduce([np.array([1, 2]), np.array([1, 2])], [0, 0], ([a]) => [a], [0]), errors.ArgumentError, 'a list of 2 arrays');
    expectError(() => lax.reduce(np.array([1, 2]), 1, lax.add, [0]), errors.ArgumentError, 'the init value 1 is not the identity of add on f32 (0)');
    expectError(() => lax.reduce([np.array([1])], [0, 0], ([a], [b]) => [lax.add(a, b)], [0]), errors.ArgumentError, '1 operand(s) but 2 init value(s)');
    expectError(() => lax.reduceOr(np.array([1.5]), [0]), errors.DTypeError, 'lax.reduceOr: expected integer or bool');
    expectError(() => lax.reduceProd(np.array([1, 2]), [0, 0]), errors.ShapeError, 'lax.reduceProd: repeated axis');
  });

  it('gradients equal float64 central differences (reduceProd through its products, reduceMin at its minimum)', async () => {
    const x = [0.7, -1.3, 2.1, 0.4, 1.9];
    const g = await values(grad((v: Tensor) => lax.reduceProd(v, [0]))(np.array(x, 'float64')));
    const prod = x.reduce((a, b) => a * b, 1);
    g.forEach((v, i) => expect(v).toBeCloseTo(prod / x[i], 10));
    expect(await values(grad((v: Tensor) => lax.reduceMin(v, [0]))(np.array(x, 'float64')))).toEqual([0, 1, 0, 0, 0]);
  });
});

describe('lax structure: selectN, slices, indexTake, shapes, batchMatmul, cumlogsumexp, scatters', () => {
  it('JAX\'s answers', async () => {
    expect(await values(lax.selectN(np.array([0, 2, 1], 'int32'), np.array([1, 2, 3]), np.array([4, 5, 6]), np.array([7, 8, 9])))).toEqual([1, 8, 6]);
    expect(await values(lax.selectN(np.array(true), np.array([1, 2]), np.array([3, 4])))).toEqual([3, 4]);
    expect(await values(lax.sliceInDim(np.arange(10, 'int32'), 1, 8, 3))).toEqual([1, 4, 7]);
    expect(await values(lax.sliceInDim(np.arange(6, 'int32').reshape([2, 3]), -2, null, 1, 1))).toEqual([1, 2, 4, 5]);
    expect(lax.indexInDim(np.ones([2, 3]), 1, 1).shape).toEqual([2, 1]);
    expect(await values(lax.indexInDim(np.array([[1, 2], [3, 4]]), -1, 1, false))).toEqual([2, 4]);
    const t = await values(lax.indexTake(np.array([[1, 2], [3, 4]]), [np.array([1, 0, 7], 'int32'), np.array([0, 1, 0], 'int32')], [0, 1]));
    expect(t.slice(0, 2)).toEqual([3, 2]);
    expect(t[2]).toBeNaN(); // out of range: JAX's default gather mode fills
    expect(await values(lax.zerosLikeArray(np.array([[1, 2]], 'int8')))).toEqual([0, 0]);
    expect(lax.broadcastToRank(np.array([1, 2]), 3).shape).toEqual([1, 1, 2]);
    expect(lax.collapse(np.ones([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(lax.collapse(np.ones([2, 3, 4]), 0, -1).shape).toEqual([6, 4]);
    expect(await values(lax.batchMatmul(np.array([[[1, 2]], [[3, 4]]]), np.array([[[1], [1]], [[2], [0]]])))).toEqual([3, 6]);
    const x = np.array([1, 2]);
    expect(lax.optimizationBarrier(x)).toBe(x);
    const c = await values(lax.cumlogsumexp(np.array([0, 0, Math.log(2), -1000])));
    [0, Math.log(2), Math.log(4), Math.log(4)].forEach((w, i) => expect(c[i]).toBeCloseTo(w, 6));
    expect(await values(lax.cumlogsumexp(np.array([-1000, 0])))).toEqual([-1000, 0]); // no underflow to −∞
    expect(await values(lax.cumlogsumexp(np.array([[1, 2], [3, 4]]), 1, true))).toEqual(await values(np.log(np.flip(np.cumsum(np.flip(np.exp(np.array([[1, 2], [3, 4]])), 1), 1), 1))));
    expect(await values(lax.scatterMul(np.ones([3]), np.array([0, 0, 2, 9], 'int32'), np.array([2, 3, 5, 7]), 0))).toEqual([6, 1, 5]);
    expect(await values(lax.scatterMax(np.zeros([2, 3]), np.array([0, 0, 2], 'int32'), np.array([[2, -3, -5], [1, 1, 1]]), 1))).toEqual([2, 0, 0, 1, 0, 1]);
    expect(await values(lax.scatterMin(np.zeros([3], 'int32'), np.array([1, 1], 'int32'), np.array([-4, -2], 'int32'), 0))).toEqual([0, -4, 0]);
  });

  it('named errors', () => {
    expectError(() => lax.selectN(np.array([1.5]), np.array([1])), errors.DTypeError, 'lax.selectN: which must be bool or int32');
    expectError(() => lax.selectN(np.array([true, false]), np.array([1, 2, 3])), errors.ShapeError, 'must be a scalar or have the cases');
    expectError(() => lax.sliceInDim(np.arange(4), 3, 1), errors.ShapeError, 'lax.sliceInDim');
    expectError(() => lax.indexInDim(np.arange(4), 4), errors.ShapeError, 'out of range');
    expectError(() => lax.indexTake(np.ones([2, 2]), [np.array([0], 'int32')], [0, 1]), errors.ArgumentError, 'one index array per axis');
    expectError(() => lax.broadcastToRank(np.ones([2, 2]), 1), errors.ShapeError, 'already has rank 2');
    expectError(() => lax.batchMatmul(np.ones([2, 3]), np.ones([4, 2])), errors.ShapeError, 'lax.batchMatmul');
    expectError(() => lax.cumlogsumexp(np.array([1], 'int32')), errors.DTypeError, 'lax.cumlogsumexp');
    expectError(() => lax.scatterMul(np.ones([3]), np.array([0], 'int32'), np.ones([2]), 0), errors.ShapeError, 'lax.scatterMul: updates must be');
  });

  it('gradients equal float64 central differences: cumlogsumexp, scatterMul, batchMatmul', async () => {
    const fd = async (f: (v: Tensor) => Tensor, x: number[]) => {
      const g = await values(grad((v: Tensor) => f(v).sum())(np.array(x, 'float64')));
      const h = 1e-6;
      for (let i = 0; i < x.length; i++) {
        const up = [...x], dn = [...x];
        up[i] += h; dn[i] -= h;
        const d = ((await values(f(np.array(up, 'float64')).sum())))[0] - (await values(f(np.array(dn, 'float64')).sum()))[0];
        expect(Math.abs(g[i] - d / (2 * h))).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(g[i])));
      }
    };
    await fd((v) => lax.cumlogsumexp(v).mul(np.array([1, -2, 0.5, 3], 'float64')), [0.3, -1.2, 2.5, 0.1]);
    await fd((v) => lax.scatterMul(v, np.array([0, 0, 2], 'int32'), np.array([2, 3, -1.5], 'float64'), 0).mul(v), [0.5, -1, 2]);
    await fd((v) => lax.batchMatmul(v.reshape([2, 1, 2]), np.array([[[1, 2], [3, 4]], [[-1, 0], [2, 1]]], 'float64')).mul(v.reshape([2, 1, 2])), [0.5, -1, 2, 0.3]);
  });
});

describe('lax special functions: polygamma, igamma / igammac, besselI0e / besselI1e', () => {
  const f64 = (v: number[]) => np.array(v, 'float64');
  const closeTo = async (t: Tensor, want: number[], digits: number) => (await values(t)).forEach((v, i) => expect(v).toBeCloseTo(want[i], digits));

  it('scipy\'s values (float64)', async () => {
    // scipy.special.i0e / i1e
    await closeTo(lax.besselI0e(f64([0, 1, -1, 10, 16])), [1, 0.46575960759364043, 0.46575960759364043, 0.1278333371634286, 0.10054412736125197], 11);
    await closeTo(lax.besselI1e(f64([0, 1, -1, 10, 16])), [0, 0.2079104153497085, -0.2079104153497085, 0.12126268138445555, 0.09734961475646364], 11);
    expect(await values(lax.besselI0e(f64([Infinity])))).toEqual([0]);
    // scipy.special.polygamma: ψ'(1) = π²/6, ψ''(1) = −2ζ(3), ψ(1) = −γ
    await closeTo(lax.polygamma(f64([1, 2, 0, 3]), f64([1, 1, 1, 2.5])), [Math.PI ** 2 / 6, -2.4041138063191885, -0.5772156649015329, 0.22390584881712616], 11);
    // scipy.special.gammainc / gammaincc: P(1, x) = 1 − e^−x, P(½, x) = erf(√x), Q(2, 3) = 4e^−3
    await closeTo(lax.igamma(f64([1, 0.5, 2, 3]), f64([1, 1, 3, 0.5])), [1 - Math.exp(-1), 0.8427007929497149, 1 - 4 * Math.exp(-3), 1 - Math.exp(-0.5) * 1.625], 12);
    await closeTo(lax.igammac(f64([2, 0.5, 1]), f64([3, 40, 30])), [4 * Math.exp(-3), 1.7398e-19, Math.exp(-30)], 12);
    expect((await values(lax.igammac(f64([1]), f64([30]))))[0] / Math.exp(-30)).toBeCloseTo(1, 10); // the tail stays relative
  });

  it('edges: igamma(a, 0) = 0, (a, ∞) = 1, NaN for a ≤ 0 or x < 0; polygamma NaN for non-integer or negative m', async () => {
    expect(await values(lax.igamma(f64([2, 2]), f64([0, Infinity])))).toEqual([0, 1]);
    expect(await values(lax.igammac(f64([2, 2]), f64([0, Infinity])))).toEqual([1, 0]);
    expect((await values(lax.igamma(f64([0, -1, 1]), f64([1, 1, -1])))).every(Number.isNaN)).toBe(true);
    expect((await values(lax.polygamma(f64([1.5, -1, 1]), f64([1, 1, -2])))).every(Number.isNaN)).toBe(true);
    expectError(() => lax.igamma(np.array([1], 'int32'), np.array([1], 'int32')), errors.DTypeError, 'lax.igamma');
    expectError(() => lax.polygamma(np.array([1]), np.array([1, 2])), errors.ShapeError, 'lax.polygamma');
  });

  it('derivatives are JAX\'s closed forms: ∂P/∂x = xᵃ⁻¹e⁻ˣ/Γ(a), i0e\' = i1e − sign·i0e, ψ⁽ᵐ⁾\' = ψ⁽ᵐ⁺¹⁾', async () => {
    const a = [0.7, 2, 5, 3], x = [0.4, 3.5, 2, 9];
    const gx = await values(grad((v: Tensor) => lax.igamma(f64(a), v).sum())(f64(x)));
    const lg = await values(lax.lgamma(f64(a)));
    gx.forEach((g, i) => expect(g).toBeCloseTo(Math.exp((a[i] - 1) * Math.log(x[i]) - x[i] - lg[i]), 9));
    const gq = await values(grad((v: Tensor) => lax.igammac(f64(a), v).sum())(f64(x)));
    gq.forEach((g, i) => expect(g).toBeCloseTo(-gx[i], 9));
    const b = [-3, -0.5, 0.8, 20];
    const g0 = await values(grad((v: Tensor) => lax.besselI0e(v).sum())(f64(b)));
    const [i0, i1] = await Promise.all([values(lax.besselI0e(f64(b))), values(lax.besselI1e(f64(b)))]);
    g0.forEach((g, i) => expect(g).toBeCloseTo(i1[i] - Math.sign(b[i]) * i0[i], 9));
    const gp = await values(grad((v: Tensor) => lax.polygamma(f64([1, 1, 2]), v).sum())(f64([0.5, 3, 1.5])));
    await closeTo(lax.polygamma(f64([2, 2, 3]), f64([0.5, 3, 1.5])), gp, 7);
  });

  it('∂P/∂a and i1e\'s derivative equal float64 central differences', async () => {
    const h = 1e-6, a = [0.7, 2, 5], x = [0.4, 3.5, 2];
    const ga = await values(grad((v: Tensor) => lax.igamma(v, f64(x)).sum())(f64(a)));
    for (let i = 0; i < a.length; i++) {
      const up = [...a], dn = [...a];
      up[i] += h; dn[i] -= h;
      const d = ((await values(lax.igamma(f64(up), f64(x))))[i] - (await values(lax.igamma(f64(dn), f64(x))))[i]) / (2 * h);
      expect(ga[i]).toBeCloseTo(d, 7);
    }
    const g1 = await values(grad((v: Tensor) => lax.besselI1e(v).sum())(f64([0.5, -2, 17])));
    const fd = await Promise.all([0.5, -2, 17].map(async (p) => ((await values(lax.besselI1e(f64([p + h]))))[0] - (await values(lax.besselI1e(f64([p - h]))))[0]) / (2 * h)));
    g1.forEach((g, i) => expect(g).toBeCloseTo(fd[i], 7));
  });
});

describe('lax.pad in JAX\'s form and lax.shiftRightLogical on signed integers', () => {
  const vals = async (t: Tensor) => Array.from(await t.data() as ArrayLike<number>);

  it('pads with a value, interior fillers and negative (cropping) edges, as XLA\'s pad', async () => {
    expect(await vals(lax.pad(np.array([1, 2, 3]), -1, [[1, -1, 1]]))).toEqual([-1, 1, -1, 2, -1]);
    expect(await vals(lax.pad(np.array([[1, 2]]), 0, [[0, 0, 0], [1, 0, 2]]))).toEqual([0, 1, 0, 0, 2]);
    // lo −3 with hi +5 on two elements: the padded [1, 2, 9×5] cropped from position 3.
    expect(await vals(lax.pad(np.array([1, 2]), 9, [[-3, 5, 0]]))).toEqual([9, 9, 9, 9]);
    expect(await vals(lax.pad(np.array([1, 2, 3, 4]), 0, [[-1, -2, 0]]))).toEqual([2]);
    expect(await vals(lax.pad(np.array([5, 6], 'int32'), np.array(7, 'int32'), [[0, 1, 2]]))).toEqual([5, 7, 7, 6, 7]);
    // The zero-padding form is unchanged.
    expect(await vals(lax.pad(np.array([1, 2]), [1], [2]))).toEqual([0, 1, 2, 0, 0]);
  });

  it('is differentiable (a linear map: the cotangent is read back at the kept positions) and works under jit and vmap', async () => {
    const f = (x: Tensor) => lax.pad(x, 0, [[1, -1, 2]]).mul(np.arange(7).astype('float32')).sum();
    expect(await vals(grad(f)(np.array([1, 2, 3])))).toEqual([1, 4, 0]);
    expect(await vals(jit((x: Tensor) => lax.pad(x, 0, [[0, 0, 1]]))(np.array([1, 2])))).toEqual([1, 0, 2]);
    expect(await vals(vmap((x: Tensor) => lax.pad(x, 0, [[1, 0, 0]]))(np.array([[1, 2], [3, 4]])))).toEqual([0, 1, 2, 0, 3, 4]);
  });

  it('names malformed configs', () => {
    expectError(() => lax.pad(np.array([1, 2]), 0, [[1, 1]] as never), errors.ArgumentError, 'lax.pad', 'three integers');
    expectError(() => lax.pad(np.array([1, 2]), 0, [[-3, 0, 0]]), errors.ShapeError, 'lax.pad', 'negative size');
    expectError(() => lax.pad(np.array([1, 2]), 0, [[0, 0, -1]]), errors.ArgumentError, 'lax.pad', 'interior');
    expectError(() => lax.pad(np.array([[1, 2]]), 0, [[0, 0, 0]]), errors.ShapeError, 'lax.pad', 'one [low, high, interior] per axis');
    expectError(() => lax.pad(np.array([1, 2]), np.array([0, 0]), [[0, 0, 0]]), errors.ArgumentError, 'lax.pad', 'padding value');
  });

  it('shifts signed integers as their bits (JAX\'s shift_right_logical)', async () => {
    expect(await vals(lax.shiftRightLogical(np.array([-8, 8, -1], 'int32'), np.array([28, 1, 31], 'int32')))).toEqual([15, 4, 1]);
    expect(await vals(lax.shiftRightLogical(np.array([-1, -128], 'int8'), np.array([4, 7], 'int8')))).toEqual([15, 1]);
    expect(await vals(lax.shiftRightLogical(np.array([-1], 'int16'), np.array([16], 'int16')))).toEqual([0]);
  });
});
