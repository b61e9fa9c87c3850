/**
 * Random permutations by sorting random keys, JAX's approach (jax.random.permutation / _shuffle):
 * each round draws 32 random bits per element and sorts by them, carrying the elements along.
 * Ties among the keys would keep their input order (the sort is stable), biasing the result, so
 * JAX runs ⌈3·ln(n) / ln(2³²−1)⌉ rounds (1 round up to n ≈ 1600, 2 up to about 2 million),
 * which makes a tie that survives every round improbable. O(n log² n) work instead of the O(n²)
 * rank counting this replaced (n = 4000 took 6–13 s).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { bits, split } from './index.js';
import { checkKey } from './args.js';

/** JAX's number of sorting rounds for `size` elements. */
export const shuffleRounds = (size: number): number => Math.ceil(3 * Math.log(Math.max(1, size)) / Math.log(0xffffffff));

/** `x` shuffled independently along `axis`: rounds of sorting by fresh random keys (JAX's _shuffle). */
function shuffleAlong(key: Tensor, x: Tensor, axis: number): Tensor {
  let k = key, y = x;
  for (let r = 0; r < shuffleRounds(x.size); r++) {
    const ks = split(k);
    k = lax.reshape(lax.slice(ks, [0, 0], [1, 2]), [2]);
    const sub = lax.reshape(lax.slice(ks, [1, 0], [2, 2]), [2]);
    y = bind('sort', [bits(sub, x.shape), y], { dimension: axis, numKeys: 1 })[1];
  }
  return y;
}

/**
 * A random permutation: of 0..n-1 (int32) when given an integer, else of `x`'s slices along
 * `axis` (default 0) — all moved together, or each 1-D slice along `axis` on its own when
 * `independent` (jax.random.permutation).
 * @example np.sort(random.permutation(random.key(0), 5)); // → [0, 1, 2, 3, 4] — sorted, a permutation is 0..4
 * @example np.sort(random.permutation(random.key(0), np.array([[1, 2], [3, 4], [5, 6]])), 0); // → [[1, 2], [3, 4], [5, 6]] — the rows, reordered
 */
export function permutation(key: Tensor, x: number | Tensor, opts: { axis?: number; independent?: boolean } = {}): Tensor {
  const op = 'permutation';
  const k = checkKey(op, key);
  if (opts === null || typeof opts !== 'object') {
    throw new ArgumentError(`random.permutation: options must be an object such as { axis: 0 }, got ${validate.describe(opts)}.`);
  }
  if (typeof x === 'number') {
    const n = validate.integer('random.permutation', 'n', x, { min: 0, max: 2 ** 31 - 1 });
    if (opts.axis !== undefined && opts.axis !== 0) throw new ShapeError(`random.permutation: an integer n permutes 0..n-1, which has only axis 0; got axis ${opts.axis}.`);
    return shuffleAlong(k, lax.iota([n], 0, 'int32'), 0);
  }
  if (!isTensor(x)) {
    throw new ArgumentError(`random.permutation: x must be an integer n or an array, got ${validate.describe(x)}; wrap host data with np.array(...).`);
  }
  if (x.ndim === 0) throw new ShapeError(`random.permutation: x ${x.aval} is a scalar; give an integer n to permute 0..n-1, or an array with an axis.`);
  const axis = validate.axis('random.permutation', opts.axis ?? 0, x.ndim);
  if (opts.independent !== undefined && typeof opts.independent !== 'boolean') {
    throw new ArgumentError(`random.permutation: independent must be true or false, got ${validate.describe(opts.independent)}.`);
  }
  if (opts.independent) return shuffleAlong(k, x, axis);
  const n = x.shape[axis];
  return lax.gather(x, shuffleAlong(k, lax.iota([n], 0, 'int32'), 0), axis);
}

/**
 * `x` shuffled independently along `axis` (default 0): the old jax.random.shuffle, which is
 * `permutation(key, x, { axis, independent: true })`.
 * @example np.sort(random.shuffle(random.key(1), np.arange(5))); // → [0, 1, 2, 3, 4] — e.g. [3, 0, 4, 1, 2] before sorting
 */
export function shuffle(key: Tensor, x: Tensor, axis = 0): Tensor {
  checkKey('shuffle', key);
  if (!isTensor(x) || x.ndim === 0) {
    throw new ArgumentError(`random.shuffle: x must be an array with at least one axis, got ${isTensor(x) ? x.aval : validate.describe(x)}.`);
  }
  return permutation(key, x, { axis, independent: true });
}
