/**
 * Counter-based random numbers (threefry2x32, as JAX): a key is a uint32[2] array; split and
 * foldIn derive new keys; every sampler is a pure function of (key, shape), so results are
 * reproducible and independent of call order, and they work under jit, vmap and grad.
 */
import { DType, isFloat } from '../core/dtype.js';
import { Shape, sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { array } from '../numpy/creation.js';

function checkKey(op: string, key: Tensor): void {
  if (key.dtype !== 'uint32' || key.ndim !== 1 || key.shape[0] !== 2) {
    throw new Error(`random.${op}: expected a key (u32[2], from random.key(seed)), got ${key.aval}.`);
  }
}

const halves = (key: Tensor): [Tensor, Tensor] => [lax.slice(key, [0], [1]), lax.slice(key, [1], [2])];

/**
 * Encrypts the counters 0..n-1 under `key` (JAX's layout: first half and second half as the pair).
 * For odd n the counters are padded with one 0 (as JAX's threefry_2x32), so the last pair is
 * (m-1, 0), and the last output word is dropped: x0 = [0..m-1], x1 = [m..n-1, 0], m = ⌈n/2⌉.
 */
function counterBits(key: Tensor, n: number): Tensor {
  const m = Math.ceil(n / 2);
  const [k0, k1] = halves(key).map((h) => lax.broadcastInDim(h, [m], [0]));
  const x0 = lax.iota([m], 0, 'uint32');
  const hi = lax.add(x0, lax.full([m], m, 'uint32'));
  const x1 = 2 * m === n ? hi
    : lax.where(lax.compare(x0, lax.full([m], m - 1, 'uint32'), 'lt'), hi, lax.full([m], 0, 'uint32'));
  const [y0, y1] = lax.threefry2x32(k0, k1, x0, x1);
  const bits = lax.concatenate([y0, y1], 0);
  return 2 * m === n ? bits : lax.slice(bits, [0], [n]);
}

/** A key from an integer seed. */
export function key(seed: number): Tensor {
  if (!Number.isInteger(seed)) throw new Error(`random.key: the seed must be an integer, got ${seed}.`);
  return array([Math.floor(seed / 2 ** 32) >>> 0, seed >>> 0], { dtype: 'uint32' });
}

/** `num` new independent keys, shape [num, 2]. */
export function split(k: Tensor, num = 2): Tensor {
  checkKey('split', k);
  return lax.reshape(counterBits(k, 2 * num), [num, 2]);
}

/** A new key derived from `k` and an integer (e.g. a step number). */
export function foldIn(k: Tensor, data: number): Tensor {
  checkKey('foldIn', k);
  const [k0, k1] = halves(k);
  const [y0, y1] = lax.threefry2x32(k0, k1, lax.full([1], 0, 'uint32'), lax.full([1], data >>> 0, 'uint32'));
  return lax.concatenate([y0, y1], 0);
}

/** Raw uint32 random bits. */
export function bits(k: Tensor, shape: Shape): Tensor {
  checkKey('bits', k);
  return lax.reshape(counterBits(k, sizeOf(shape)), shape);
}

/** Uniform floats in [minval, maxval): 23 random mantissa bits scaled by 2⁻²³. */
export function uniform(k: Tensor, shape: Shape = [], { minval = 0, maxval = 1, dtype = 'float32' as DType } = {}): Tensor {
  if (!isFloat(dtype)) throw new Error(`random.uniform: dtype must be floating-point, got ${dtype}.`);
  const b = lax.shiftRightLogical(bits(k, shape), lax.full(shape, 9, 'uint32'));
  const u = lax.mul(lax.cast(b, dtype), lax.full(shape, 2 ** -23, dtype));
  return lax.add(lax.mul(u, lax.full(shape, maxval - minval, dtype)), lax.full(shape, minval, dtype));
}

/** Standard normal samples by Box–Muller on two independent uniform streams. */
export function normal(k: Tensor, shape: Shape = [], { dtype = 'float32' as DType } = {}): Tensor {
  const [ka, kb] = [0, 1].map((i) => lax.reshape(lax.slice(split(k), [i, 0], [i + 1, 2]), [2]));
  const one = lax.full(shape, 1, dtype);
  const u1 = lax.sub(one, uniform(ka, shape, { dtype })); // (0, 1]: log is finite
  const u2 = uniform(kb, shape, { dtype });
  const r = lax.sqrt(lax.mul(lax.full(shape, -2, dtype), lax.log(u1)));
  return lax.mul(r, lax.cos(lax.mul(lax.full(shape, 2 * Math.PI, dtype), u2)));
}

/** Integers uniform in [minval, maxval). */
export function randint(k: Tensor, shape: Shape, minval: number, maxval: number): Tensor {
  if (!(maxval > minval)) throw new Error(`random.randint: need maxval > minval, got [${minval}, ${maxval}).`);
  const u = uniform(k, shape, { dtype: 'float32' });
  const v = lax.floor(lax.mul(u, lax.full(shape, maxval - minval, 'float32')));
  return lax.add(lax.cast(v, 'int32'), lax.full(shape, minval, 'int32'));
}

/** Booleans that are true with probability p. */
export function bernoulli(k: Tensor, p = 0.5, shape: Shape = []): Tensor {
  return lax.compare(uniform(k, shape), lax.full(shape, p, 'float32'), 'lt');
}

/**
 * A random permutation of 0..n-1 (int32): ranks of n random keys, ties broken by position. This
 * is O(n²) work — fine for shuffling datasets of thousands, and a pure composition of primitives.
 */
export function permutation(k: Tensor, n: number): Tensor {
  const r = bits(k, [n]);
  const a = lax.broadcastInDim(r, [n, n], [0]), b = lax.broadcastInDim(r, [n, n], [1]);
  const i = lax.iota([n, n], 0), j = lax.iota([n, n], 1);
  const before = lax.where(lax.compare(b, a, 'lt'), lax.full([n, n], 1, 'int32'),
    lax.where(lax.compare(b, a, 'eq'), lax.cast(lax.compare(j, i, 'lt'), 'int32'), lax.full([n, n], 0, 'int32')));
  const rank = lax.reduceSum(before, [1]); // rank[i] = position of element i
  // perm[rank[i]] = i  ⇔  perm[p] = Σ_i i·[rank[i] = p]
  const hit = lax.compare(lax.broadcastInDim(rank, [n, n], [1]), lax.iota([n, n], 0), 'eq');
  return lax.reduceSum(lax.where(hit, lax.iota([n, n], 1), lax.full([n, n], 0, 'int32')), [1]);
}

