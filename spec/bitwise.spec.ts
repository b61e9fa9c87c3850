/**
 * Bitwise operations (src/numpy/bitwise.ts over the and/or/xor/not/shift primitives): known
 * answers from numpy and JAX on every integer width, the logical meaning on bools, shifts by the
 * width or more, errors for floats, and the transformations (zero gradient, vmap, jit). WebGPU
 * against the CPU interpreter is in spec/webgpu-conformance.spec.ts (the primitives) and
 * spec/api-conformance.spec.ts (the np functions, narrow types included).
 */
import { describe, expect, it } from 'vitest';
import { errors, grad, jit, lax, makeJaxpr, np, vmap, type Tensor } from '../src/index.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

describe('bitwise operations: known answers (numpy / JAX)', () => {
  it('and, or, xor, not on every width, results in the operand type', async () => {
    expect(await values(np.bitwiseAnd(np.array([12, -1], 'int32'), 10))).toEqual([8, 10]);
    expect(await values(np.bitwiseOr(np.array([12], 'uint16'), 10))).toEqual([14]);
    expect(await values(np.bitwiseXor(np.array([12, -1], 'int8'), 10))).toEqual([6, -11]);
    const n = np.bitwiseNot(np.array([0, 5, 255], 'uint8'));
    expect([n.dtype, await values(n)]).toEqual(['uint8', [255, 250, 0]]);
    expect(await values(np.invert(np.array([5, -128], 'int8')))).toEqual([-6, 127]); // np.invert(np.int8(-128)) == 127
    expect(await values(np.bitwiseNot(np.array([0], 'uint32')))).toEqual([4294967295]);
    expect(np.invert).toBe(np.bitwiseNot);
  });

  it('shifts: bits past the width are lost; a shift by the width or more gives 0 (or the sign for a signed right shift)', async () => {
    // np.left_shift(np.int8(100), 1) == -56; jnp.left_shift(jnp.int8(3), 8) == 0
    expect(await values(np.leftShift(np.array([1, 100, 3, 3], 'int8'), np.array([1, 1, 8, 40], 'int8')))).toEqual([2, -56, 0, 0]);
    expect(await values(np.leftShift(np.array([0xffffffff], 'uint32'), 4))).toEqual([0xfffffff0]);
    // Signed: arithmetic (np.right_shift(np.int16(-8), 2) == -2); unsigned: logical.
    expect(await values(np.rightShift(np.array([-8, 200, -3, -3], 'int16'), np.array([2, 2, 16, 99], 'int16')))).toEqual([-2, 50, -1, -1]);
    expect(await values(np.rightShift(np.array([200, 200], 'uint8'), np.array([3, 8], 'uint8')))).toEqual([25, 0]);
    expect(await values(np.rightShift(np.array([0x80000000], 'uint32'), 31))).toEqual([1]);
    // Shift amounts are unsigned in JAX: a negative one shifts everything out.
    expect(await values(lax.shiftLeft(np.array([5], 'int32'), np.array([-1], 'int32')))).toEqual([0]);
    expect(await values(lax.shiftRightArithmetic(np.array([-5, 5], 'int32'), np.array([-1, -1], 'int32')))).toEqual([-1, 0]);
  });

  it('on bools and/or/xor/not are logical; a bool shifted is promoted with the JS number, as in numpy', async () => {
    const [a, b] = [np.array([true, true, false, false]), np.array([true, false, true, false])];
    expect(await values(np.bitwiseAnd(a, b))).toEqual([1, 0, 0, 0]);
    expect(await values(np.bitwiseOr(a, b))).toEqual([1, 1, 1, 0]);
    expect(await values(np.bitwiseXor(a, b))).toEqual([0, 1, 1, 0]);
    const n = np.bitwiseNot(a);
    expect([n.dtype, await values(n)]).toEqual(['bool', [0, 0, 1, 1]]);
  });

  it('a nibble swap of uint8 bytes broadcasts, and is the same under jit', async () => {
    const swap = (x: Tensor) => np.bitwiseOr(np.leftShift(np.bitwiseAnd(x, 0x0f), 4), np.rightShift(x, 4));
    const x = np.array([0x12, 0xab, 0xf0], 'uint8');
    expect(await values(swap(x))).toEqual([0x21, 0xba, 0x0f]);
    expect(await values(jit(swap)(x))).toEqual([0x21, 0xba, 0x0f]);
  });

  it('float operands are a DTypeError naming the function and the cast; lax refuses the wrong signedness for a right shift', () => {
    expect(() => np.bitwiseAnd(np.array([1.5]), 1)).toThrow(errors.DTypeError);
    expect(() => np.bitwiseAnd(np.array([1.5]), 1)).toThrow(/np\.bitwiseAnd: expected integer or bool operands, got f32\[1\]; cast with astype\('int32'\)/);
    expect(() => np.leftShift(np.array([1.5]), 1)).toThrow(/np\.leftShift: expected integer operands/);
    expect(() => np.bitwiseNot(np.array([1.5]))).toThrow(/np\.bitwiseNot/);
    expect(() => lax.shiftRightArithmetic(np.array([1], 'uint32'), np.array([1], 'uint32'))).toThrow(/shift_right_arithmetic: expected i32 or i8 or i16/);
  });
});

describe('bitwise operations under transformations', () => {
  it('have zero derivative: grad flows only through the float path', async () => {
    const mask = np.array([5, 6, 7], 'int32');
    const f = (x: Tensor) => np.sum(np.multiply(x, np.bitwiseAnd(mask, 3).astype('float32')));
    expect(await values(grad(f)(np.array([1, 2, 3])))).toEqual([1, 2, 3]);
  });

  it('vmap of a shift by a per-example amount equals the loop; the Jaxpr names the primitives', async () => {
    const x = np.array([[1, 2], [3, 4], [5, 6]], 'int32'), s = np.array([1, 2, 3], 'int32');
    const batched = vmap((row: Tensor, k: Tensor) => np.leftShift(row, k))(x, s);
    expect(await values(batched)).toEqual([2, 4, 12, 16, 40, 48]);
    const text = makeJaxpr((a: Tensor, b: Tensor) => np.rightShift(np.bitwiseNot(a), b))(np.array([1], 'int8'), np.array([1], 'int8')).toString();
    expect(text).toContain('not');
    expect(text).toContain('shift_right_arithmetic');
  });
});
