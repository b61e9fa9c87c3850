/**
 * Primitive and zero-size cases of the bit-level primitives (src/primitives/bits.ts):
 * bitcast_convert_type between every pair of equal widths fluxion has, population_count and clz
 * on every integer width, over whole bit ranges (every pattern of the narrow types, which the
 * GPU holds packed in words and computes in 32 bits). None is differentiable: the jvp specs check
 * an exactly zero tangent; the float→int bitcast starts from float64 so the vjp spec checks a zero
 * cotangent too.
 */
import { lax, np, type Tensor } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';
import type { PrimitiveCase } from './primitive-cases.js';
import type { ZeroSizeCase } from './zero-size-cases.js';
import { type Rng, sizeOf } from './check.js';

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

const RANGES: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31], uint32: [0, 2 ** 32], int16: [-32768, 32768], uint16: [0, 65536], int8: [-128, 128], uint8: [0, 256],
};
/** Values of `dtype`: integers over their whole range, floats normal with ±0, ±Inf and NaN among them. */
function valuesOf(r: Rng, dtype: DType, shape: number[]): Tensor {
  const fill = RANGES[dtype] ? () => r.int(RANGES[dtype][0], RANGES[dtype][1])
    : () => (r.uniform() < 0.2 ? r.pick([0, -0, Infinity, -Infinity, NaN]) : r.normal() * 100);
  return np.array(Float64Array.from({ length: sizeOf(shape) }, fill), { dtype, shape });
}

const bitcastCase = (from: DType, to: DType): PrimitiveCase => ({
  name: `bitcast_convert_type (${from}→${to})`, prim: 'bitcast_convert_type', differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    return { fn: (x) => lax.bitcastConvertType(x, to), args: (r) => [valuesOf(r, from, s)], desc: fmt(s) };
  },
});

const INTEGERS: DType[] = ['int32', 'uint32', 'int16', 'uint16', 'int8', 'uint8'];
const countCase = (prim: 'population_count' | 'clz', dtype: DType): PrimitiveCase => ({
  name: `${prim} (${dtype})`, prim, differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    // Zeros and small values too: clz of 0 is the width, of 1 the width − 1.
    const gen = (r: Rng) => (r.uniform() < 0.5 ? valuesOf(r, dtype, s) : np.array(Float64Array.from({ length: sizeOf(s) }, () => r.int(0, 3)), { dtype, shape: s }));
    return { fn: prim === 'clz' ? (x) => lax.clz(x) : (x) => lax.populationCount(x), args: (r) => [gen(r)], desc: fmt(s) };
  },
});

export const BITS_CASES: PrimitiveCase[] = [
  {
    // From float64 through a cast, so the vjp spec checks the float input gets a zero cotangent.
    name: 'bitcast_convert_type (float32→int32)', prim: 'bitcast_convert_type', differentiable: false,
    make: (rng) => {
      const s = rng.shape(0, 3, 4);
      return { fn: (x) => lax.bitcastConvertType(lax.cast(x, 'float32'), 'int32'), args: (r) => [valuesOf(r, 'float64', s)], desc: fmt(s) };
    },
  },
  ...([['int32', 'float32'], ['uint32', 'float32'], ['int32', 'uint32'], ['float16', 'int16'], ['int16', 'float16'],
    ['bfloat16', 'uint16'], ['uint16', 'bfloat16'], ['float16', 'bfloat16'], ['int16', 'uint16'], ['int8', 'uint8'], ['uint8', 'int8']] as const)
    .map(([a, b]) => bitcastCase(a, b)),
  ...INTEGERS.flatMap((d) => [countCase('population_count', d), countCase('clz', d)]),
];

export const BITS_ZERO_SIZE_CASES: ZeroSizeCase[] = [
  { name: 'bitcast_convert_type of [2,0]', prim: 'bitcast_convert_type', fn: (x) => lax.bitcastConvertType(x, 'int32'), args: (r) => [valuesOf(r, 'float32', [2, 0])] },
  { name: 'population_count of [0,3]', prim: 'population_count', fn: (x) => lax.populationCount(x), args: (r) => [valuesOf(r, 'uint8', [0, 3])] },
  { name: 'clz of [0]', prim: 'clz', fn: (x) => lax.clz(x), args: (r) => [valuesOf(r, 'int16', [0])] },
];
