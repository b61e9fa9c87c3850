/**
 * The narrow-dtype programs shared by spec/dtypes.spec.ts (Node, lavapipe) and the browser suites
 * (spec/helpers/browser-suites.ts, Chromium's SwiftShader, which has no shader-f16): random data a
 * dtype holds exactly, two-operand programs per dtype family, and the ulp measure they are judged by.
 */
import { lax, np, type DType, type Tensor } from '../../src/index.js';
import type { Rng } from './check.js';

/** Random values that `dtype` holds exactly: normals (scaled) for floats, the whole range for integers. */
export function randomValues(rng: Rng, dtype: DType, n: number, scale = 4): number[] {
  const info = dtype.startsWith('float') || dtype === 'bfloat16' ? undefined : np.iinfo(dtype);
  return Array.from({ length: n }, () => (info ? rng.int(info.min, info.max + 1) : rng.normal() * scale));
}

/** A random array of `dtype` (see randomValues). */
export const randomOf = (rng: Rng, dtype: DType, shape: number[], scale = 4): Tensor =>
  np.array(randomValues(rng, dtype, shape.reduce((a, b) => a * b, 1), scale), { dtype, shape });

export const FLOATS: DType[] = ['float16', 'bfloat16'];
export const INTS: DType[] = ['int8', 'uint8', 'int16', 'uint16'];

/** Programs over two operands of one dtype; `exact` ones must agree bit for bit between backends. */
export const FLOAT_PROGRAMS: [string, (x: Tensor, y: Tensor) => Tensor, boolean][] = [
  ['add', (x, y) => np.add(x, y), true],
  ['sub', (x, y) => np.subtract(x, y), true],
  ['mul', (x, y) => np.multiply(x, y), true],
  ['div', (x, y) => np.divide(x, y), true],
  ['sqrt|x|', (x) => np.sqrt(np.abs(x)), true],
  ['max', (x, y) => np.maximum(x, y), true],
  ['chain', (x, y) => np.add(np.multiply(np.multiply(x, y), 1 / 3), np.subtract(x, 7.25)), true],
  ['casts', (x) => np.concatenate([x.astype('float32'), x.astype('int8').astype('float32'), x.astype('uint16').astype('float32'),
    x.astype('bfloat16').astype('float32'), x.astype('float16').astype('float32')]), true],
  ['where', (x, y) => np.where(np.greater(x, y), x, np.negative(y)), true],
  ['sort', (x) => np.sort(x, -1), true],
  ['exp', (x) => np.exp(np.divide(x, 4)), false],
  ['tanh*x', (x, y) => np.multiply(np.tanh(x), y), false],
  ['sum', (x) => np.sum(x, -1), false],
  ['mean', (x) => np.mean(x, 0), false],
  ['matmul', (x, y) => np.matmul(x, np.transpose(y)), false],
  ['cumsum', (x) => np.cumsum(x, -1), false],
];

export const INT_PROGRAMS: [string, (x: Tensor, y: Tensor) => Tensor][] = [
  ['add', (x, y) => np.add(x, y)],
  ['sub', (x, y) => np.subtract(x, y)],
  ['mul', (x, y) => np.multiply(x, y)],
  ['neg abs', (x) => np.abs(np.negative(x))],
  ['div rem', (x, y) => { const d = np.where(np.equal(y, 0), np.onesLike(y), y); return np.concatenate([lax.div(x, d), lax.rem(x, d)]); }],
  ['max min', (x, y) => np.concatenate([np.maximum(x, y), np.minimum(x, y)])],
  ['compare', (x, y) => np.less(x, np.add(y, 1))],
  ['sum', (x) => np.sum(x, -1)],
  ['cumsum', (x) => np.cumsum(x, -1)],
  ['sort', (x) => np.sort(x, -1)],
  ['casts', (x) => np.concatenate([x.astype('int32'), x.astype('int8').astype('int32'), x.astype('uint8').astype('int32'),
    x.astype('int16').astype('int32'), x.astype('uint16').astype('int32'), x.astype('float16').astype('float32').astype('int32')])],
  ['chain', (x, y) => np.add(np.multiply(x, 3), np.subtract(y, 100))],
];

/**
 * The worst difference of `got` from `want` in units in the last place of `dtype` at each oracle
 * value (0 when equal; Infinity for a NaN or infinity mismatch or a length mismatch). Integers and
 * bool count any difference as Infinity.
 * @example ulpError([1.0009765625], [1], 'float16'); // → 1
 */
export function ulpError(got: ArrayLike<number>, want: ArrayLike<number>, dtype: DType): number {
  if (got.length !== want.length) return Infinity;
  const eps = dtype === 'float16' ? 2 ** -10 : dtype === 'bfloat16' ? 2 ** -7 : 0;
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [Number(got[i]), Number(want[i])];
    if (Object.is(g, w) || g === w || (Number.isNaN(g) && Number.isNaN(w))) continue;
    if (eps === 0 || !Number.isFinite(w) || !Number.isFinite(g)) return Infinity;
    worst = Math.max(worst, Math.abs(g - w) / (eps * Math.max(Math.abs(w), dtype === 'float16' ? 2 ** -14 : 2 ** -126)));
  }
  return worst;
}
