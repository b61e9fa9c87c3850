/**
 * Counter-based random numbers (threefry2x32, as JAX): a key is a uint32[2] array; split and
 * foldIn derive new keys; every sampler is a pure function of (key, shape), so results are
 * reproducible and independent of call order, and they work under jit, vmap and grad.
 */
import { DType, coerce, isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { type ArrayLike, arrayFor, operandTensor } from '../numpy/creation.js';
import { broadcastTo } from '../numpy/broadcast.js';
import { erfinv } from '../numpy/special.js';
// Every sampler checks its key, shape and dtype under its own name (args.ts), so a bad key passed to
// `normal` is reported as `random.normal`, not as the `random.split` it calls inside.
import { checkKey, checkShape, floatDtype, sampleShape } from './args.js';

/** The options object of a sampler. */
function optionsOf<T extends object>(op: string, o: T | DType | undefined, allowed: readonly (keyof T & string)[]): T {
  // A dtype name alone stands for { dtype }, as JAX's positional dtype: random.normal(key, [3], 'float16').
  if (typeof o === 'string' && (allowed as readonly string[]).includes('dtype')) return { dtype: o } as T;
  // Unknown keys (e.g. { min: -1 } for minval) are errors: ignored, they would sample the default range.
  return validate.options<T>(`random.${op}`, o, allowed, `{ ${allowed.map((k) => `${k}: …`).join(', ')} }`) as T;
}

const halves = (key: Tensor): [Tensor, Tensor] => [lax.slice(key, [0], [1]), lax.slice(key, [1], [2])];

/**
 * How keys become bits: JAX's two threefry layouts.
 * - 'partitionable' (JAX's default since 0.5, `jax_threefry_partitionable=True`): element i of any
 *   draw encrypts the counter pair (0, i) — its 64-bit index split into words — so each element's
 *   bits depend only on its own index, whatever the shape or sharding; 32 random bits are the xor of
 *   the two output words; split(key, n)[i] is the pair itself, which equals foldIn(key, i).
 * - 'original' (JAX before 0.5): the counters 0..n-1 are encrypted as pairs (first half, second half)
 *   and the output words concatenated.
 * foldIn is the same in both.
 */
export type ThreefryLayout = 'partitionable' | 'original';
let layout: ThreefryLayout = 'partitionable';

/**
 * Chooses the threefry layout for draws traced from now on (jit programs already traced keep
 * theirs), as JAX's `jax_threefry_partitionable` flag does; returns the previous one.
 * @example
 * const before = random.setThreefryLayout('original'); // reproduce bits of JAX < 0.5
 * const bits = random.bits(random.key(0), [2]);
 * random.setThreefryLayout(before);                      // → 'original' — returns the layout it replaces
 */
export function setThreefryLayout(next: ThreefryLayout): ThreefryLayout {
  if (next !== 'partitionable' && next !== 'original') {
    throw new ArgumentError(`random.setThreefryLayout: expected 'partitionable' (JAX's default) or 'original' (JAX < 0.5), got ${validate.describe(next)}.`);
  }
  const before = layout;
  layout = next;
  return before;
}

/** The threefry layout in use (see setThreefryLayout). @example random.threefryLayout(); // → 'partitionable' */
export const threefryLayout = (): ThreefryLayout => layout;

/** The pair of output words for the counters (0, i), i < n: the partitionable layout's block per element. */
function indexBlocks(key: Tensor, n: number): [Tensor, Tensor] {
  const [k0, k1] = halves(key).map((h) => lax.broadcastInDim(h, [n], [0]));
  return lax.threefry2x32(k0!, k1!, lax.full([n], 0, 'uint32'), lax.iota([n], 0, 'uint32'));
}

/**
 * n uint32 random words under `key` in the current layout.
 * 'original': the counters 0..n-1 as pairs (first half, second half); for odd n they are padded
 * with one 0 (as JAX's threefry_2x32), so the last pair is (m-1, 0), and the last output word is
 * dropped: x0 = [0..m-1], x1 = [m..n-1, 0], m = ⌈n/2⌉.
 */
function counterBits(key: Tensor, n: number): Tensor {
  if (layout === 'partitionable') {
    const [y0, y1] = indexBlocks(key, n);
    return lax.bitwiseXor(y0, y1);
  }
  const m = Math.ceil(n / 2);
  const [k0, k1] = halves(key).map((h) => lax.broadcastInDim(h, [m], [0]));
  const x0 = lax.iota([m], 0, 'uint32');
  const hi = lax.add(x0, lax.full([m], m, 'uint32'));
  const x1 = 2 * m === n ? hi
    : lax.where(lax.compare(x0, lax.full([m], m - 1, 'uint32'), 'lt'), hi, lax.full([m], 0, 'uint32'));
  const [y0, y1] = lax.threefry2x32(k0!, k1!, x0, x1);
  const bits = lax.concatenate([y0, y1], 0);
  return 2 * m === n ? bits : lax.slice(bits, [0], [n]);
}

/**
 * A key from an integer seed (any safe integer, negative ones included).
 * @example random.key(0); // → [0, 0] — as jax.random.PRNGKey(0)
 * @example random.key(2 ** 32 + 5); // → [1, 5] — high and low words
 */
export function key(seed: number): Tensor {
  return keyFromSeed('key', seed);
}

function keyFromSeed(op: string, seed: unknown): Tensor {
  const s = validate.integer(`random.${op}`, 'the seed', seed, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  return arrayFor(`random.${op}`, [Math.floor(s / 2 ** 32) >>> 0, s >>> 0], { dtype: 'uint32' });
}

/**
 * jax.random.PRNGKey: the same key as `key(seed)` (JAX's legacy name; its keys, like fluxion's,
 * are raw uint32[2] arrays).
 * @example random.PRNGKey(42); // → [0, 42] — equals random.key(42)
 */
export function PRNGKey(seed: number): Tensor {
  return keyFromSeed('PRNGKey', seed);
}

/** A uint32 array of keys (shape [..., 2]) as is; anything else is an ArgumentError naming `random.<op>`. */
function keyArray(op: string, x: unknown): Tensor {
  if (!isTensor(x) || x.dtype !== 'uint32' || x.ndim < 1 || x.shape[x.ndim - 1] !== 2) {
    throw new ArgumentError(`random.${op}: expected key data, a uint32 array of shape [..., 2] (a key from random.key, ` +
      `or keys from random.split), got ${isTensor(x) ? `an array ${x.aval}` : validate.describe(x)}.`);
  }
  return x;
}

/**
 * The raw uint32 data of a key or an array of keys (jax.random.key_data). fluxion's keys are their
 * data already (JAX's legacy uint32[2] keys, not typed key arrays), so this returns its argument,
 * after checking that it is key data (uint32, last axis 2).
 * @example random.keyData(random.key(7)); // → [0, 7]
 */
export function keyData(keys: Tensor): Tensor {
  return keyArray('keyData', keys);
}

/**
 * Keys from raw uint32 data of shape [..., 2] (jax.random.wrap_key_data): the identity on
 * fluxion's keys, which are that data (see keyData). Host data (nested arrays of integers in
 * [0, 2³²)) becomes a uint32 array. The only implementation is `impl: 'threefry2x32'` (JAX's default).
 * @example random.wrapKeyData(random.keyData(random.key(7))); // → [0, 7]
 * @example random.normal(random.wrapKeyData([0, 7]), [2]).shape; // → [2]
 */
export function wrapKeyData(data: Tensor | number[] | number[][], opts?: { impl?: 'threefry2x32' }): Tensor {
  const op = 'wrapKeyData';
  const o = validate.options<{ impl?: string }>(`random.${op}`, opts, ['impl'], "{ impl: 'threefry2x32' }");
  if (o.impl !== undefined && o.impl !== 'threefry2x32') {
    throw new ArgumentError(`random.wrapKeyData: impl ${validate.describe(o.impl)} is not available; fluxion's keys are ` +
      `threefry2x32 keys ('rbg' and 'unsafe_rbg' are not implemented).`);
  }
  if (isTensor(data)) return keyArray(op, data);
  validate.operand(`random.${op}`, data, 'the key data');
  const flat = (data as unknown[]).flat(Infinity as 1) as unknown[];
  for (const v of flat) validate.integer(`random.${op}`, 'a key word', v, { min: 0, max: 2 ** 32 - 1 });
  return keyArray(op, arrayFor(`random.${op}`, data, { dtype: 'uint32' }));
}

/**
 * `num` new independent keys, shape [num, 2].
 * @example
 * const keys = random.split(random.key(0), 3);
 * keys.shape; // → [3, 2]
 * const [k1, k2, k3] = keys; // arrays iterate over their first axis
 */
export function split(k: Tensor, num = 2): Tensor {
  return splitImpl('split', k, num);
}

function splitImpl(op: string, k: unknown, num: unknown): Tensor {
  const key = checkKey(op, k);
  const n = validate.integer(`random.${op}`, 'the number of keys', num, { min: 0, max: 2 ** 30 });
  if (layout === 'original') return lax.reshape(counterBits(key, 2 * n), [n, 2]);
  // Partitionable: key i is the block of counter pair (0, i), i.e. foldIn(key, i).
  const [y0, y1] = indexBlocks(key, n);
  return lax.concatenate([lax.reshape(y0, [n, 1]), lax.reshape(y1, [n, 1])], 1);
}

/**
 * A new key derived from `k` and an integer in [0, 2³²) (e.g. a step number). Fractions are an
 * error rather than truncated, so foldIn(k, 2.5) cannot silently equal foldIn(k, 2).
 * @example
 * const k = random.key(0), step = 7;
 * const stepKey = random.foldIn(k, step);
 * stepKey.shape; // → [2]
 */
export function foldIn(k: Tensor, data: number | Tensor): Tensor {
  const key = checkKey('foldIn', k);
  // A traced integer scalar (a loop counter inside lax.scan, a step count) folds in the same way.
  const word = isTensor(data) ? tensorWord(data)
    : lax.full([1], validate.integer('random.foldIn', 'the data folded in', data, { min: 0, max: 2 ** 32 - 1 }) >>> 0, 'uint32');
  const [k0, k1] = halves(key);
  const [y0, y1] = lax.threefry2x32(k0, k1, lax.full([1], 0, 'uint32'), word);
  return lax.concatenate([y0, y1], 0);
}

/** An integer scalar array as one uint32 word (a float step count must hold an integer: it is cast). */
function tensorWord(data: Tensor): Tensor {
  if (data.ndim !== 0 || !['int32', 'uint32', 'float32', 'float64'].includes(data.dtype)) {
    throw new DTypeError(`random.foldIn: the data folded in must be a scalar integer (or integral float) array, got ${data.aval}; pass a JS integer or e.g. step.astype('int32').`);
  }
  const word = data.dtype === 'uint32' ? data : lax.cast(data.dtype === 'int32' ? data : lax.cast(data, 'int32'), 'uint32');
  return lax.reshape(word, [1]);
}

/**
 * Raw uint32 random bits.
 * @example random.bits(random.key(0), [4]).dtype; // → 'uint32'
 */
export function bits(k: Tensor, shape: Shape | number): Tensor {
  return bitsImpl('bits', k, shape);
}

function bitsImpl(op: string, k: unknown, shape: unknown): Tensor {
  const key = checkKey(op, k);
  const s = sampleShape(op, shape);
  return lax.reshape(counterBits(key, s.reduce((a, b) => a * b, 1)), s);
}

/**
 * Uniform floats in [minval, maxval), as JAX's `_uniform`: the top mantissa bits of the random
 * words make a float in [0, 1) (exactly `bitcast(bits >> (width − mantissa) | bits(1.0)) − 1`),
 * then `max(minval, u·(maxval − minval) + minval)` in the sample dtype — the bounds are rounded to
 * the dtype first and their difference taken there, so the samples equal JAX's bit for bit.
 * float32 uses 32 random bits per sample, float64 64 (two words), as JAX does.
 * @example random.uniform(random.key(0), [3], { minval: -1, maxval: 1 });
 */
export function uniform(k: Tensor, shape: Shape | number = [], opts?: DType | { minval?: number; maxval?: number; dtype?: DType }): Tensor {
  return uniformImpl('uniform', k, shape, opts);
}

function uniformImpl(op: string, k: unknown, shape: unknown, opts: DType | { minval?: number; maxval?: number; dtype?: DType } | undefined): Tensor {
  const { minval = 0, maxval = 1, dtype = 'float32' } = optionsOf(op, opts, ['minval', 'maxval', 'dtype']);
  const d = floatDtype(op, dtype, true);
  // convert_element_type(minval, dtype): the bounds are values of the sample dtype from here on.
  const lo = coerce(d, validate.number(`random.${op}`, 'minval', minval)), hi = coerce(d, validate.number(`random.${op}`, 'maxval', maxval));
  const s = sampleShape(op, shape);
  const key = checkKey(op, k);
  const loT = lax.full(s, lo, d);
  // (maxval − minval) rounded in the dtype (a float32 subtraction, not JS's float64 one).
  const span = lax.sub(lax.full(s, hi, d), loT);
  // The lax.max guards against u·span + lo rounding below lo (e.g. normal's lo = −1 + 2⁻²⁴).
  return lax.max(loT, lax.add(lax.mul(unitFloats(op, key, s, d), span), loT));
}

/**
 * JAX's floats in [0, 1): the random word's top `mantissa` bits as a fraction. bitcast(m | bits of
 * 1.0) − 1 is exactly m·2⁻ᵐᵃⁿᵗ, so it is computed as that product (both steps are exact).
 * float64 takes 64 bits: the high word (the first threefry output in the partitionable layout,
 * the first half of the counters' outputs in the original one) gives the top 32 of the 52
 * mantissa bits (hi·2⁻³²), the low word's top 20 the rest ((lo >> 12)·2⁻⁵²); the sum is exact.
 */
function unitFloats(op: string, key: Tensor, s: number[], d: DType): Tensor {
  const n = s.reduce((a, b) => a * b, 1);
  if (d === 'float16' || d === 'bfloat16') {
    // The top nmant bits of one word, as multiples of 2^-nmant: exact in the 16-bit type, as JAX's
    // construction is (which fills the mantissa of 1.0 and subtracts 1; its bits differ from these).
    const nmant = d === 'float16' ? 10 : 7;
    const b = lax.shiftRightLogical(bitsImpl(op, key, s), lax.full(s, 32 - nmant, 'uint32'));
    return lax.mul(lax.cast(b, d), lax.full(s, 2 ** -nmant, d));
  }
  if (d === 'float32') {
    const b = lax.shiftRightLogical(bitsImpl(op, key, s), lax.full(s, 9, 'uint32'));
    return lax.mul(lax.cast(b, d), lax.full(s, 2 ** -23, d));
  }
  let hiW: Tensor, loW: Tensor;
  if (layout === 'partitionable') [hiW, loW] = indexBlocks(key, n);
  else {
    const words = counterBits(key, 2 * n);
    [hiW, loW] = [lax.slice(words, [0], [n]), lax.slice(words, [n], [2 * n])];
  }
  const hi = lax.mul(lax.cast(lax.reshape(hiW, s), d), lax.full(s, 2 ** -32, d));
  const lo20 = lax.shiftRightLogical(lax.reshape(loW, s), lax.full(s, 12, 'uint32'));
  return lax.add(hi, lax.mul(lax.cast(lo20, d), lax.full(s, 2 ** -52, d)));
}

/**
 * Standard normal samples, as JAX's `_normal_real`: u uniform in [nextafter(−1, 0), 1) and
 * √2·erfinv(u) (the uniform bits equal JAX's exactly; the values are as close as the float32
 * erfinv, a few ulp). The dtype goes in the options or alone, as JAX's positional dtype.
 * @example
 * random.normal(random.key(0), [2, 3]);
 * random.normal(random.key(0), [2], 'float16').dtype; // → 'float16'
 */
export function normal(k: Tensor, shape: Shape | number = [], opts?: DType | { dtype?: DType }): Tensor {
  const op = 'normal';
  const key = checkKey(op, k);
  const dtype = floatDtype(op, optionsOf(op, opts, ['dtype']).dtype ?? 'float32', true);
  const s = sampleShape(op, shape);
  // 16-bit floats: float32 samples rounded once — erfinv evaluated in 16-bit steps would be coarse.
  if (dtype === 'float16' || dtype === 'bfloat16') return lax.cast(normal(key, s, { dtype: 'float32' }), dtype);
  // nextafter(−1, 0): the open lower end keeps erfinv finite (erfinv(−1) = −∞).
  const lo = dtype === 'float32' ? -1 + 2 ** -24 : -1 + 2 ** -53;
  const u = uniformImpl(op, key, s, { minval: lo, maxval: 1, dtype });
  return lax.mul(lax.full(s, Math.SQRT2, dtype), erfinv(u));
}

/** The integer dtypes randint samples (JAX's default, int32 without x64, and uint32). */
const RANDINT_RANGE = { int32: { min: -(2 ** 31), max: 2 ** 31 - 1 }, uint32: { min: 0, max: 2 ** 32 - 1 } } as const;

/**
 * Integers uniform in [minval, maxval), as JAX's `_randint`, bit for bit: two 32-bit draws from
 * split(key) (hi, lo) are combined into a 64-bit number taken mod span = maxval − minval,
 * (hi mod span)·(2³² mod span) + lo mod span, all in wrapping uint32 arithmetic as JAX's
 * (slightly biased when span is not a power of 2, as JAX's). The bounds are integers, clamped to
 * the dtype's range (maxval one past its largest value still reaches it); maxval ≤ minval gives
 * minval everywhere, as JAX.
 * @example random.randint(random.key(0), [5], 0, 10).dtype; // → 'int32' — values in [0, 10)
 */
export function randint(k: Tensor, shape: Shape | number, minval: number, maxval: number, opts?: DType | { dtype?: DType }): Tensor {
  const op = 'randint';
  const key = checkKey(op, k);
  const { dtype = 'int32' } = optionsOf(op, opts, ['dtype']);
  if (dtype !== 'int32' && dtype !== 'uint32') {
    throw new DTypeError(`random.randint: dtype must be 'int32' or 'uint32', got ${validate.describe(dtype)}; draw int32 and ` +
      `cast (random.randint(key, shape, lo, hi).astype(...)). JAX draws 8- and 16-bit integers from other bits, which fluxion does not reproduce.`);
  }
  const range = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER };
  const lo0 = validate.integer('random.randint', 'minval', minval, range), hi0 = validate.integer('random.randint', 'maxval', maxval, range);
  const s = sampleShape(op, shape);
  const info = RANDINT_RANGE[dtype];
  // _convert_and_clip_integer: clamp (not wrap) the bounds into the dtype.
  const clip = (v: number): number => Math.min(Math.max(v, info.min), info.max);
  const lo = clip(lo0), hi = clip(hi0);
  // span = uint32(maxval − minval) (wrapping); 1 when the range is empty (minval is returned);
  // one more when maxval lay past the dtype's top, 2³² wrapping to 0 (the full 32-bit range).
  let span = (hi - lo) >>> 0;
  if (hi <= lo) span = 1;
  if (hi0 > info.max && hi > lo) span = (span + 1) >>> 0;
  const [k1, k2] = [0, 1].map((i) => lax.reshape(lax.slice(splitImpl(op, key, 2), [i, 0], [i + 1, 2]), [2]));
  const higher = bitsImpl(op, k1!, s), lower = bitsImpl(op, k2!, s);
  let offset: Tensor;
  if (span === 0) {
    // XLA's x rem 0 = x and the multiplier (2¹⁶)² wraps to 0: the offset is the low word itself.
    offset = lower;
  } else {
    // multiplier = 2³² mod span as ((2¹⁶ mod span)² mod 2³²) mod span, the square below 2³².
    const m16 = 2 ** 16 % span;
    const mult = ((m16 * m16) >>> 0) % span;
    const u = (v: number): Tensor => lax.full(s, v, 'uint32');
    const sp = u(span);
    offset = lax.rem(lax.add(lax.mul(lax.rem(higher, sp), u(mult)), lax.rem(lower, sp)), sp);
  }
  return lax.add(lax.full(s, lo, dtype), lax.cast(offset, dtype));
}

/**
 * Booleans that are true with probability p (jax.random.bernoulli): `p` is a number in [0, 1] or
 * a float array (traced under jit too) that broadcasts to `shape`; `shape` defaults to p's shape.
 * The uniform draw compared with p has p's dtype (float32 for a number), as JAX.
 * @example random.bernoulli(random.key(0), 0.3, [10]).dtype; // → 'bool'
 * @example random.bernoulli(random.key(0), np.array([0, 1, 1])); // → [false, true, true]
 */
export function bernoulli(k: Tensor, p: ArrayLike = 0.5, shape?: Shape | number | null): Tensor {
  const op = 'bernoulli';
  if (typeof p === 'number' || !isTensor(p) && !Array.isArray(p) && !ArrayBuffer.isView(p)) {
    const prob = validate.number('random.bernoulli', 'p', p);
    if (!(prob >= 0 && prob <= 1)) throw new ArgumentError(`random.bernoulli: p must be a probability in [0, 1], got ${prob}.`);
    const s = shape === undefined || shape === null ? [] : sampleShape(op, shape);
    return lax.compare(uniformImpl(op, k, s, undefined), lax.full(s, prob, 'float32'), 'lt');
  }
  const pt = operandTensor('random.bernoulli', p, undefined, 'p');
  if (!isFloat(pt.dtype)) {
    throw new DTypeError(`random.bernoulli: p must have a floating dtype (as JAX), got ${pt.aval}; cast it with .astype('float32').`);
  }
  const s = shape === undefined || shape === null ? [...pt.shape]
    : checkShape(op, sampleShape(op, shape), { name: 'p', shape: pt.shape });
  return lax.compare(uniformImpl(op, k, s, { dtype: pt.dtype }), broadcastTo(pt, s, 'random.bernoulli'), 'lt');
}

// Sort-based permutations (O(n log n)); see permutation.ts.
export { permutation, shuffle } from './permutation.js';

export { truncatedNormal } from './truncated-normal.js';
export { gumbel, exponential, laplace, logistic, cauchy, rayleigh, pareto, weibullMin, triangular } from './continuous.js';
export { gamma, loggamma, beta, dirichlet, GAMMA_ROUNDS } from './gamma.js';
export { lognormal, maxwell, doubleSidedMaxwell, wald } from './normal-based.js';
export { t, chisquare, f, generalizedNormal, ball } from './gamma-based.js';
export { rademacher, geometric, poisson, binomial, multinomial, POISSON_ROUNDS, BINOMIAL_ROUNDS } from './counts.js';
export { orthogonal } from './orthogonal.js';
export { categorical, choice } from './discrete.js';
export { multivariateNormal, MAX_MVN_DIM } from './multivariate-normal.js';
