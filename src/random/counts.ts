/**
 * Integer-valued samplers: rademacher (±1), geometric (inversion), poisson, binomial and multinomial
 * (a binomial per category).
 *
 * poisson and binomial follow JAX's algorithms (which follow TensorFlow and NumPy) but run a fixed
 * number of rounds — a lax.scan over the keys split(key, rounds), one loop body whatever the
 * count — instead of JAX's while loop over "any element still undecided", so that they run under
 * jit, vmap and on WebGPU with no host round trip (WebGPU cannot read a loop predicate
 * synchronously), as gamma does:
 * - poisson, λ < 10: Knuth's method — the number of arrivals of a unit-rate Poisson process in
 *   [0, λ], i.e. how many partial sums of standard exponential draws are ≤ λ. POISSON_ROUNDS = 22
 *   rounds draw two exponentials each; the count is exact whenever it is below 44, and
 *   P(X ≥ 44) < 2.2·10⁻¹⁵ for λ < 10.
 * - poisson, λ ≥ 10: Hörmann's transformed rejection (PTRS, 1993), the same constants as JAX; a
 *   proposal is rejected with probability at most 0.248 (at λ = 10; 0.15 at λ = 100, 0.11 as
 *   λ → ∞; measured with 2·10⁶ float64 trials), so all 22 rounds fail with probability below
 *   0.248²² ≈ 5·10⁻¹⁴. The log-pmf −λ + k·log λ − lgamma(k + 1) of the acceptance test is evaluated
 *   as k·log1p((λ − k − 1)/(k + 1)) + (k + 1 − λ) − ½·log(2π(k + 1)) − the Stirling remainder, which
 *   avoids subtracting numbers of size k·log k (in float32 their rounding error grows with λ).
 * - binomial(n, p) works with q = min(p, 1 − p) (and returns n − X when p ≥ ½). n·q ≤ 10:
 *   inversion by geometric waiting times — X is the number of successes whose trial index, a sum of
 *   geometric draws, is ≤ n; 60 geometric draws make it exact whenever X < 60 (for n·q ≤ 10,
 *   P(X ≥ 60) < 10⁻²²). n·q > 10: Hörmann's BTRS (1993), with TensorFlow's and JAX's constants and
 *   Stirling remainders; a proposal is rejected with probability at most 0.285 (measured with
 *   2·10⁵–2·10⁶ float64 trials from n·q just above 10 — the worst, n = 22, p = ½ — to n·q = 5·10⁴,
 *   0.11), so all BINOMIAL_ROUNDS = 30 rounds fail with probability below 0.3³⁰ ≈ 2·10⁻¹⁶.
 * Exact in distribution: a rejection sampler's accepted value has the target law whatever the
 * number of rounds before it, and the count methods are exact once decided; the only departures are
 * the float rounding of the arithmetic and of the 23-bit uniforms (as in JAX) and the sample whose
 * rounds are all used up — at the odds above, never seen in practice — which is −1 (poisson) or NaN
 * (binomial), never a silently biased value. Both branches share each round's two uniform draws (an
 * element uses one branch's result only).
 */
import { DType } from '../core/dtype.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor } from '../numpy/creation.js';
import { checkKey, checkShape, floatParam, knownOptions, optionsOf, paramSampler, sampleDtype, sampleShape } from './args.js';
import { broadcastTo } from '../numpy/broadcast.js';
import { bernoulli, split, uniform } from './index.js';

/** Rounds of poisson (see the module comment for the failure probability they give). */
export const POISSON_ROUNDS = 22;
/** Rounds of binomial (see the module comment). */
export const BINOMIAL_ROUNDS = 30;

type IntOpts = { dtype?: DType };

// Logic on bool arrays (the bitwise primitives take integers only).
const or = (a: Tensor, b: Tensor): Tensor => lax.where(a, lax.fullLike(b, 1), b);
const and = (a: Tensor, b: Tensor): Tensor => lax.where(a, b, lax.zerosLike(b));
const not = (a: Tensor): Tensor => lax.where(a, lax.zerosLike(a), lax.fullLike(a, 1));

/** ±1 in `dtype`, each with probability ½ (bernoulli(½) mapped to 2b − 1, as JAX). */
export function rademacherImpl(key: Tensor, s: number[], d: DType): Tensor {
  return lax.where(bernoulli(key, 0.5, s), lax.full(s, 1, d), lax.full(s, -1, d));
}

/** The output dtype of an integer sampler: int32 (JAX's default int without x64), or `also`. */
function intDtype(op: string, given: unknown, also: readonly DType[] = []): DType {
  if (given === undefined) return 'int32';
  const d = validate.dtype(`random.${op}`, given);
  if (d !== 'int32' && !also.includes(d)) {
    throw new DTypeError(`random.${op}: dtype must be ${['int32', ...also].map((x) => `'${x}'`).join(' or ')}, got '${d}'; ` +
      `draw int32 and cast (.astype(...)).`);
  }
  return d;
}

/**
 * Rademacher samples (jax.random.rademacher): −1 or 1 with probability ½ each, int32 by default
 * (any signed dtype: 'int32', 'int8', 'int16' or a float dtype, positional or { dtype }).
 * @example np.all(np.equal(np.abs(random.rademacher(random.key(0), [6])), 1)); // → true — each entry is −1 or 1
 */
export function rademacher(key: Tensor, shape: Shape | number, opts?: IntOpts | DType): Tensor {
  const op = 'rademacher';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ dtype: 'int32' }");
  knownOptions(op, o, ['dtype']);
  const d = intDtype(op, o.dtype, ['int8', 'int16', 'float32', 'float64', 'float16', 'bfloat16']);
  return rademacherImpl(k, sampleShape(op, shape), d);
}

/** Float results cast to int32, with values past int32's range (and ±∞) saturated. */
function toInt32(x: Tensor): Tensor {
  const s = [...x.shape], d = x.dtype;
  // 2³¹ − 128: the largest float32 below 2³¹ (a float64 computation saturates there too).
  return lax.cast(lax.min(lax.max(x, lax.full(s, -(2 ** 31), d)), lax.full(s, 2 ** 31 - 128, d)), 'int32');
}

/**
 * Geometric samples (jax.random.geometric): the number of Bernoulli(p) trials up to and including
 * the first success, support 1, 2, …, by inversion: ⌊log u / log1p(−p)⌋ + 1 with u uniform in
 * (0, 1]. `p` is a number or an array (shape defaults to its shape); int32 results (values past
 * int32's range saturate). p outside (0, 1] (or NaN) gives −1, outside the support.
 * @example np.all(np.greaterEqual(random.geometric(random.key(0), 0.3, [5]), 1)); // → true — mean 1/p
 */
export function geometric(key: Tensor, p: ArrayLike, shape?: Shape | number | null, opts?: IntOpts | DType): Tensor {
  const op = 'geometric';
  const { k, s, d, p: [pt], o } = paramSampler(op, key, [['p', p]], shape, opts, false);
  intDtype(op, o.dtype);
  const c = (v: number): Tensor => lax.full(s, v, d);
  const u = lax.sub(c(1), uniform(k, s, { dtype: d }));
  const g = lax.add(lax.floor(lax.div(lax.log(u), lax.log1p(lax.neg(pt!)))), c(1));
  const valid = and(lax.compare(pt!, c(0), 'gt'), lax.compare(pt!, c(1), 'le'));
  return toInt32(lax.where(valid, g, c(-1)));
}

/** log k! − [(k + ½)·log(k + 1) − (k + 1) + ½·log 2π] for k = 0..9 (the Stirling remainders JAX and TensorFlow tabulate). */
const STIRLING_TAIL = [0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509, 0.0166446911898211,
  0.0138761288230707, 0.0118967099458917, 0.0104112652619720, 0.00925546218271273, 0.00833056343336287];

/** log Γ(k + 1) minus its Stirling approximation (k + ½)·log(k + 1) − (k + 1) + ½·log 2π, for integral k ≥ 0. */
function stirlingTail(k: Tensor): Tensor {
  const s = [...k.shape], d = k.dtype;
  const c = (v: number): Tensor => lax.full(s, v, d);
  // k ≤ 9: the table (indices clamped, so the unused lookups stay in range).
  const idx = lax.cast(lax.min(lax.max(k, c(0)), c(9)), 'int32');
  const table = lax.gather(arrayFor('random.stirlingTail', STIRLING_TAIL, { dtype: d }), idx, 0);
  // k > 9: 1/(12n) − 1/(360n³) + 1/(1260n⁵), n = k + 1.
  const n = lax.add(lax.max(k, c(9)), c(1));
  const n2 = lax.mul(n, n);
  const series = lax.div(lax.sub(c(1 / 12), lax.div(lax.sub(c(1 / 360), lax.div(c(1 / 1260), n2)), n2)), n);
  return lax.where(lax.compare(k, c(9), 'le'), table, series);
}

/** The two uniform draws of one round, each of shape s. */
function roundUniforms(key: Tensor, s: number[], d: DType): [Tensor, Tensor] {
  const uv = uniform(key, [2, ...s], { dtype: d });
  const part = (i: number): Tensor => lax.reshape(lax.slice(uv, [i, ...s.map(() => 0)], [i + 1, ...s]), s);
  return [part(0), part(1)];
}

/** Poisson counts (as floats of lam's dtype; −1 where invalid or out of rounds) for lam broadcast to the sample shape. */
function poissonBody(key: Tensor, lam: Tensor): Tensor {
  const s = [...lam.shape], d = lam.dtype;
  const c = (v: number): Tensor => lax.full(s, v, d);
  const useKnuth = lax.compare(lam, c(10), 'lt');
  // PTRS constants from a λ ≥ 10 (elements that use Knuth get a placeholder, as JAX).
  const lr = lax.where(useKnuth, c(10), lam);
  const b = lax.add(c(0.931), lax.mul(c(2.53), lax.sqrt(lr)));
  const a = lax.add(c(-0.059), lax.mul(c(0.02483), b));
  const invAlpha = lax.add(c(1.1239), lax.div(c(1.1328), lax.sub(b, c(3.4))));
  const vR = lax.sub(c(0.9277), lax.div(c(3.6224), lax.sub(b, c(2))));
  const halfLog2Pi = c(0.5 * Math.log(2 * Math.PI));
  // One round per key of split(key, POISSON_ROUNDS), as a scan: one loop body, whatever the round count.
  type Carry = [Tensor, Tensor, Tensor, Tensor];
  const init: Carry = [c(0), c(0), c(-1), lax.full(s, 0, 'bool')];
  const [[sum, count, out]] = lax.scan(([sum0, count0, out0, done]: Carry, kr: Tensor) => {
    const [u0, v] = roundUniforms(kr, s, d);
    // Knuth: two more exponential arrivals.
    let sum = sum0, count = count0;
    for (const w of [u0, v]) {
      sum = lax.add(sum, lax.neg(lax.log1p(lax.neg(w))));
      count = lax.add(count, lax.where(lax.compare(sum, lam, 'le'), c(1), c(0)));
    }
    // PTRS.
    const u = lax.sub(u0, c(0.5));
    const us = lax.sub(c(0.5), lax.abs(u));
    const k = lax.floor(lax.add(lax.mul(lax.add(lax.div(lax.mul(c(2), a), us), b), u), lax.add(lr, c(0.43))));
    const sv = lax.log(lax.div(lax.mul(v, invAlpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
    const k1 = lax.add(k, c(1));
    const t = lax.sub(lax.sub(lax.add(lax.mul(k, lax.log1p(lax.div(lax.sub(lr, k1), k1))), lax.sub(k1, lr)),
      lax.add(lax.mul(c(0.5), lax.log(k1)), halfLog2Pi)), stirlingTail(k));
    const accept1 = and(lax.compare(us, c(0.07), 'ge'), lax.compare(v, vR, 'le'));
    const reject = or(lax.compare(k, c(0), 'lt'), and(lax.compare(us, c(0.013), 'lt'), lax.compare(v, us, 'gt')));
    const accept = or(accept1, and(not(reject), lax.compare(sv, t, 'le')));
    const next: Carry = [sum, count, lax.where(and(accept, not(done)), k, out0), or(done, accept)];
    return [next, null] as const;
  }, init, split(key, POISSON_ROUNDS));
  const knuth = lax.where(lax.compare(sum, lam, 'gt'), count, c(-1));
  let res = lax.where(useKnuth, knuth, out);
  res = lax.where(lax.compare(lam, c(0), 'eq'), c(0), res);
  // λ < 0 or NaN: −1, as JAX; λ = ∞ too (JAX's loop would not end).
  return lax.where(and(lax.compare(lam, c(0), 'ge'), lax.compare(lam, c(Infinity), 'lt')), res, c(-1));
}

/**
 * Poisson samples (jax.random.poisson, P(k) = λᵏe^{−λ}/k!) of rate `lam` (a number or an array;
 * `shape` defaults to its shape), int32: Knuth's method for λ < 10, Hörmann's transformed rejection
 * for λ ≥ 10, in POISSON_ROUNDS fixed rounds (see the module comment for why this is exact in
 * distribution and the < 10⁻¹³ chance per sample of running out, which gives −1). λ = 0 gives 0;
 * λ < 0 or NaN gives −1, as JAX, and so does λ = ∞. Computed in float32 (float64 when lam is a float64 array).
 * @example random.poisson(random.key(0), np.array([0.5, 4, 50]), [1000, 3]).shape; // → [1000, 3] — column means ≈ 0.5, 4, 50
 */
export function poisson(key: Tensor, lam: ArrayLike, shape?: Shape | number | null, opts?: IntOpts | DType): Tensor {
  const op = 'poisson';
  const { k, p: [l], o } = paramSampler(op, key, [['lam', lam]], shape, opts, false);
  intDtype(op, o.dtype);
  return toInt32(poissonBody(k, l!));
}

/** Binomial counts in the dtype of p (NaN where invalid or out of rounds), n and p broadcast to the sample shape. */
function binomialBody(key: Tensor, count0: Tensor, prob: Tensor): Tensor {
  const s = [...prob.shape], d = prob.dtype;
  const c = (v: number): Tensor => lax.full(s, v, d);
  const pLtHalf = lax.compare(prob, c(0.5), 'lt');
  let q = lax.where(pLtHalf, prob, lax.sub(c(1), prob));
  const qBad = not(lax.compare(q, c(0), 'ge')); // q < 0 or NaN
  q = lax.where(qBad, c(0.01), q);
  const countBad = not(lax.compare(count0, c(0), 'ge')); // n < 0 or NaN
  const countInf = lax.compare(count0, c(Infinity), 'eq');
  const n = lax.floor(lax.where(or(countBad, countInf), c(0), count0));
  const useInversion = lax.compare(lax.mul(n, q), c(10), 'le');
  // BTRS parameters from placeholders where inversion is used (as JAX).
  const nb = lax.where(useInversion, c(1e4), n), qb = lax.where(useInversion, c(0.5), q);
  const stddev = lax.sqrt(lax.mul(lax.mul(nb, qb), lax.sub(c(1), qb)));
  const b = lax.add(c(1.15), lax.mul(c(2.53), stddev));
  const a = lax.add(lax.add(c(-0.0873), lax.mul(c(0.0248), b)), lax.mul(c(0.01), qb));
  const cc = lax.add(lax.mul(nb, qb), c(0.5));
  const vR = lax.sub(c(0.92), lax.div(c(4.2), b));
  const r = lax.div(qb, lax.sub(c(1), qb));
  const alpha = lax.mul(lax.add(c(2.83), lax.div(c(5.1), b)), stddev);
  const m = lax.floor(lax.mul(lax.add(nb, c(1)), qb));
  const m1 = lax.add(m, c(1)), nm = lax.sub(nb, m);
  // The parts of the bound that depend on the mode m only.
  const ubM = lax.add(lax.add(lax.mul(lax.add(m, c(0.5)), lax.log(lax.div(m1, lax.mul(r, lax.add(nm, c(1)))))),
    stirlingTail(m)), stirlingTail(nm));
  const log1mq = lax.log1p(lax.neg(q));
  type Carry = [Tensor, Tensor, Tensor, Tensor];
  const init: Carry = [c(0), c(0), c(NaN), lax.full(s, 0, 'bool')];
  const [[geomSum, successes, out]] = lax.scan(([sum0, succ0, out0, done]: Carry, kr: Tensor) => {
    const [u0, v0] = roundUniforms(kr, s, d);
    // Inversion: two more geometric waiting times ⌊log w / log(1 − q)⌋ + 1, w in (0, 1].
    let geomSum = sum0, successes = succ0;
    for (const w of [u0, v0]) {
      geomSum = lax.add(geomSum, lax.add(lax.floor(lax.div(lax.log(lax.sub(c(1), w)), log1mq)), c(1)));
      successes = lax.add(successes, lax.where(lax.compare(geomSum, n, 'le'), c(1), c(0)));
    }
    // BTRS.
    const u = lax.sub(u0, c(0.5));
    const us = lax.sub(c(0.5), lax.abs(u));
    const accept1 = and(lax.compare(us, c(0.07), 'ge'), lax.compare(v0, vR, 'le'));
    const k = lax.floor(lax.add(lax.mul(lax.add(lax.div(lax.mul(c(2), a), us), b), u), cc));
    const reject = or(lax.compare(k, c(0), 'lt'), lax.compare(k, nb, 'gt'));
    const v = lax.log(lax.div(lax.mul(v0, alpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
    const nk1 = lax.add(lax.sub(nb, k), c(1)), k1 = lax.add(k, c(1));
    // (n + 1)·log((n − m + 1)/(n − k + 1)) as a log1p of the small relative difference.
    const mid = lax.mul(lax.add(nb, c(1)), lax.log1p(lax.div(lax.sub(k, m), nk1)));
    const tail = lax.mul(lax.add(k, c(0.5)), lax.log(lax.div(lax.mul(r, nk1), k1)));
    // Clamped into [0, n] for the remainders (k outside is rejected anyway).
    const kc = lax.min(lax.max(k, c(0)), nb);
    const ub = lax.sub(lax.sub(lax.add(lax.add(ubM, mid), tail), stirlingTail(kc)), stirlingTail(lax.sub(nb, kc)));
    const accept = or(accept1, and(not(reject), lax.compare(v, ub, 'le')));
    const next: Carry = [geomSum, successes, lax.where(and(accept, not(done)), k, out0), or(done, accept)];
    return [next, null] as const;
  }, init, split(key, BINOMIAL_ROUNDS));
  // Inversion is exact once the waiting times pass n; q = 0 or n = 0 is 0 successes.
  const inversion = lax.where(or(lax.compare(q, c(0), 'eq'), lax.compare(n, c(0), 'eq')), c(0),
    lax.where(lax.compare(geomSum, n, 'gt'), successes, c(NaN)));
  let x = lax.where(useInversion, inversion, out);
  x = lax.where(pLtHalf, x, lax.sub(n, x));
  x = lax.where(countInf, c(Infinity), x);
  return lax.where(or(qBad, countBad), c(NaN), x);
}

/**
 * Binomial samples (jax.random.binomial): successes in `n` trials of probability `p` (numbers or
 * arrays; `shape` defaults to their broadcast shape), as floats (float32 by default, as JAX's
 * dtype=float): inversion by geometric waiting times where n·min(p, 1 − p) ≤ 10, Hörmann's BTRS
 * above, in BINOMIAL_ROUNDS fixed rounds (see the module comment; running out, below 10⁻¹⁴ per
 * sample, gives NaN). Non-integer n is floored; n < 0, NaN n, p outside [0, 1] or NaN p give NaN;
 * n = ∞ gives ∞, as JAX.
 * @example
 * const x = random.binomial(random.key(0), 10, 0.3, [1000]);
 * np.all(np.equal(x, np.floor(x))); // → true — integers in [0, 10], mean n·p = 3
 */
export function binomial(key: Tensor, n: ArrayLike, p: ArrayLike, shape?: Shape | number | null, opts?: IntOpts | DType): Tensor {
  const op = 'binomial';
  const { k, p: [nt, pt] } = paramSampler(op, key, [['n', n], ['p', p]], shape, opts);
  return binomialBody(k, nt!, pt!);
}

/**
 * Multinomial samples (jax.random.multinomial): the counts of `n` draws over the categories of
 * `p`'s last axis (K probabilities summing to 1, as JAX assumes), as floats (float32 by default, as
 * JAX's dtype=float). Category by category (a lax.scan, as JAX's), the count is a binomial draw of
 * the trials left with the conditional probability pᵢ/(pᵢ + … + p_K), so every row sums to n.
 * `shape` (default p's shape) must end with K and p must broadcast to it; n broadcasts to its
 * leading axes. `unroll` is scan's hint (values are unchanged).
 * @example np.sum(random.multinomial(random.key(0), 10, [0.2, 0.3, 0.5], { shape: [4, 3] }), -1); // → [10, 10, 10, 10] — each row sums to n
 */
export function multinomial(key: Tensor, n: ArrayLike, p: ArrayLike,
  opts?: { shape?: Shape | number | null; dtype?: DType; unroll?: number | boolean }): Tensor {
  const op = 'multinomial';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, "{ shape: [10, 3], dtype: 'float32' }");
  knownOptions(op, o, ['shape', 'dtype', 'unroll']);
  const d = sampleDtype(op, o.dtype, n, p);
  const nt = floatParam(op, n, 'n', d), pt = floatParam(op, p, 'p', d);
  if (pt.ndim < 1) throw new ShapeError(`random.multinomial: p must have at least one axis (the K category probabilities), got ${pt.aval}.`);
  const kk = pt.shape[pt.ndim - 1]!;
  const s = o.shape === undefined || o.shape === null ? [...pt.shape] : checkShape(op, sampleShape(op, o.shape), { name: 'p', shape: pt.shape });
  if (s.length === 0 || s[s.length - 1] !== kk) {
    throw new ShapeError(`random.multinomial: shape [${s.join(', ')}] must end with the ${kk} categories of p ${pt.aval}.`);
  }
  const batch = s.slice(0, -1);
  checkShape(op, batch, { name: 'n', shape: nt.shape });
  const r = s.length;
  // Categories first: scan over them.
  const pk = lax.transpose(broadcastTo(pt, s, `random.${op}`), [r - 1, ...batch.map((_, i) => i)]);
  const full = [kk, ...batch];
  const remaining = lax.cumsum(pk, 0, true);
  const zero = lax.compare(remaining, lax.full(full, 0, d), 'eq');
  const ratio = lax.div(pk, lax.where(zero, lax.full(full, 1, d), remaining));
  const clipped = lax.min(lax.max(ratio, lax.full(full, 0, d)), lax.full(full, 1, d));
  const [, counts] = lax.scan((left: Tensor, [q, kc]: [Tensor, Tensor]) => {
    const c = binomialBody(kc, left, q);
    return [lax.sub(left, c), c] as const;
  }, broadcastTo(nt, batch, `random.${op}`), [clipped, split(k, kk)] as [Tensor, Tensor],
  o.unroll === undefined ? {} : { unroll: o.unroll });
  return lax.transpose(counts, [...batch.map((_, i) => i + 1), 0]);
}
