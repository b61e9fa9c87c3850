/**
 * Counter-based random numbers (threefry2x32, as JAX): a key is a uint32[2] array; split and
 * foldIn derive new keys; every sampler is a pure function of (key, shape), so results are
 * reproducible and independent of call order, and they work under jit, vmap and grad.
 */
import { DType } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { arrayFor } from '../numpy/creation.js';
// Every sampler checks its key, shape and dtype under its own name (args.ts), so a bad key passed to
// `normal` is reported as `random.normal`, not as the `random.split` it calls inside.
import { checkKey, floatDtype, sampleShape } from './args.js';

/** The options object of a sampler. */
function optionsOf<T extends object>(op: string, o: T | undefined, allowed: readonly (keyof T & string)[]): T {
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
 * @example const before = random.setThreefryLayout('original'); // reproduce bits of JAX < 0.5
 */
export function setThreefryLayout(next: ThreefryLayout): ThreefryLayout {
  if (next !== 'partitionable' && next !== 'original') {
    throw new ArgumentError(`random.setThreefryLayout: expected 'partitionable' (JAX's default) or 'original' (JAX < 0.5), got ${validate.describe(next)}.`);
  }
  const before = layout;
  layout = next;
  return before;
}

/** The threefry layout in use (see setThreefryLayout). */
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
 * @example const k = random.key(0);
 */
export function key(seed: number): Tensor {
  validate.integer('random.key', 'the seed', seed, { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  return arrayFor('random.key', [Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0], { dtype: 'uint32' });
}

/**
 * `num` new independent keys, shape [num, 2].
 * @example const [k1, k2] = [0, 1].map((i) => np.slice(random.split(k), [i]));
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
 * @example const stepKey = random.foldIn(k, step);
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
 * @example random.bits(random.key(0), [4]).dtype; // 'uint32'
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
 * Uniform floats in [minval, maxval): 23 random mantissa bits scaled by 2⁻²³.
 * @example random.uniform(random.key(0), [3], { minval: -1, maxval: 1 });
 */
export function uniform(k: Tensor, shape: Shape | number = [], opts?: { minval?: number; maxval?: number; dtype?: DType }): Tensor {
  return uniformImpl('uniform', k, shape, opts);
}

function uniformImpl(op: string, k: unknown, shape: unknown, opts: { minval?: number; maxval?: number; dtype?: DType } | undefined): Tensor {
  const { minval = 0, maxval = 1, dtype = 'float32' } = optionsOf(op, opts, ['minval', 'maxval', 'dtype']);
  const d = floatDtype(op, dtype);
  const lo = validate.number(`random.${op}`, 'minval', minval), hi = validate.number(`random.${op}`, 'maxval', maxval);
  const s = sampleShape(op, shape);
  const b = lax.shiftRightLogical(bitsImpl(op, k, s), lax.full(s, 9, 'uint32'));
  const u = lax.mul(lax.cast(b, d), lax.full(s, 2 ** -23, d));
  return lax.add(lax.mul(u, lax.full(s, hi - lo, d)), lax.full(s, lo, d));
}

/**
 * Standard normal samples by Box–Muller on two independent uniform streams.
 * @example random.normal(random.key(0), [2, 3]);
 */
export function normal(k: Tensor, shape: Shape | number = [], opts?: { dtype?: DType }): Tensor {
  const op = 'normal';
  const key = checkKey(op, k);
  const dtype = floatDtype(op, optionsOf(op, opts, ['dtype']).dtype ?? 'float32');
  const s = sampleShape(op, shape);
  const [ka, kb] = [0, 1].map((i) => lax.reshape(lax.slice(splitImpl(op, key, 2), [i, 0], [i + 1, 2]), [2]));
  const one = lax.full(s, 1, dtype);
  const u1 = lax.sub(one, uniformImpl(op, ka, s, { dtype })); // (0, 1]: log is finite
  const u2 = uniformImpl(op, kb, s, { dtype });
  const r = lax.sqrt(lax.mul(lax.full(s, -2, dtype), lax.log(u1)));
  return lax.mul(r, lax.cos(lax.mul(lax.full(s, 2 * Math.PI, dtype), u2)));
}

/**
 * Integers uniform in [minval, maxval) (int32; the bounds must be integers).
 * @example random.randint(random.key(0), [5], 0, 10);
 */
export function randint(k: Tensor, shape: Shape | number, minval: number, maxval: number): Tensor {
  const op = 'randint';
  const range = { min: -(2 ** 31), max: 2 ** 31 };
  const lo = validate.integer('random.randint', 'minval', minval, range), hi = validate.integer('random.randint', 'maxval', maxval, range);
  if (!(hi > lo)) throw new ArgumentError(`random.randint: need maxval > minval, got [${lo}, ${hi}); the range must hold at least one integer.`);
  const s = sampleShape(op, shape);
  const u = uniformImpl(op, k, s, { dtype: 'float32' });
  const v = lax.floor(lax.mul(u, lax.full(s, hi - lo, 'float32')));
  return lax.add(lax.cast(v, 'int32'), lax.full(s, lo, 'int32'));
}

/**
 * Booleans that are true with probability p (a number in [0, 1]).
 * @example random.bernoulli(random.key(0), 0.3, [10]);
 */
export function bernoulli(k: Tensor, p = 0.5, shape: Shape | number = []): Tensor {
  const op = 'bernoulli';
  const prob = validate.number('random.bernoulli', 'p', p);
  if (!(prob >= 0 && prob <= 1)) throw new ArgumentError(`random.bernoulli: p must be a probability in [0, 1], got ${prob}.`);
  const s = sampleShape(op, shape);
  return lax.compare(uniformImpl(op, k, s, undefined), lax.full(s, prob, 'float32'), 'lt');
}

// Sort-based permutations (O(n log n)); see permutation.ts.
export { permutation, shuffle } from './permutation.js';

export { truncatedNormal } from './truncated-normal.js';
export { gumbel, exponential, laplace, logistic } from './continuous.js';
export { gamma, beta, dirichlet, GAMMA_ROUNDS } from './gamma.js';
export { categorical, choice } from './discrete.js';
export { multivariateNormal, MAX_MVN_DIM } from './multivariate-normal.js';
