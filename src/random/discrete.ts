/**
 * Discrete samplers: categorical (the Gumbel-max trick: argmax of logits plus Gumbel noise is a
 * draw from softmax(logits)) and choice (with replacement: uniform integers, or Gumbel-max on
 * log p; without replacement: the k largest of n random scores — uniform bits, or Gumbel noise
 * plus log p, the Gumbel-top-k trick, which is sequential sampling without replacement).
 *
 * The k largest scores come from lax.topK: one stable sort, O(n log n), ties broken by position.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from '../numpy/creation.js';
import { broadcastTo } from '../numpy/broadcast.js';
import { boolOption, checkKey, checkShape, floatParam, knownOptions, optionsOf, sampleShape } from './args.js';
import { gumbelImpl } from './continuous.js';
import { bits, randint } from './index.js';

/** Indices of the k largest of the 1-D `scores`, largest first (ties: lower index first): one stable sort. */
function topIndices(scores: Tensor, k: number): Tensor {
  return lax.topK(scores, k)[1];
}

/** Gumbel-max draws of `shape` from the categorical distribution with the given 1-D log-weights. */
function gumbelMax(op: string, key: Tensor, logw: Tensor, shape: number[]): Tensor {
  const n = logw.shape[0]!;
  const full = [...shape, n];
  const g = gumbelImpl(op, key, full, { dtype: logw.dtype });
  return lax.argmax(lax.add(g, lax.broadcastInDim(logw, full, [shape.length])), shape.length);
}

/**
 * Draws from categorical distributions (jax.random.categorical) given unnormalized log-probabilities
 * `logits` along `axis` (default −1), by the Gumbel-max trick; int32 indices. The other axes of
 * logits are a batch; `shape` (default: the batch shape) must end with axes the batch broadcasts
 * to, its leading axes drawing independent samples.
 * @example random.categorical(random.key(0), np.log(np.array([0.2, 0.8])), { shape: [5] }).shape; // → [5] — mostly 1
 */
export function categorical(key: Tensor, logits: ArrayLike, opts?: { axis?: number; shape?: Shape | number | null }): Tensor {
  const op = 'categorical';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, '{ axis: -1, shape: [10] }');
  knownOptions(op, o, ['axis', 'shape']);
  const l = operandTensor(`random.${op}`, logits, 'float32', 'logits');
  if (!isFloat(l.dtype)) {
    throw new DTypeError(`random.categorical: logits must be floating-point (log-probabilities), got ${l.aval}; ` +
      `cast them, e.g. logits.astype('float32').`);
  }
  if (l.ndim === 0) throw new ShapeError(`random.categorical: logits must have at least one axis (the categories), got ${l.aval}.`);
  const ax = validate.axis(`random.${op}`, o.axis ?? -1, l.ndim);
  if (l.shape[ax] === 0) throw new ShapeError(`random.categorical: axis ${ax} of logits ${l.aval} is empty; there is no category to draw.`);
  const batch = l.shape.filter((_, i) => i !== ax);
  const s = o.shape === undefined || o.shape === null ? [...batch]
    : checkShape(op, sampleShape(op, o.shape), { name: 'the logits batch (all axes but axis)', shape: batch });
  const prefix = s.slice(0, s.length - batch.length), tail = s.slice(s.length - batch.length);
  const logitsShape = [...tail.slice(0, ax), l.shape[ax]!, ...tail.slice(ax)];
  const full = [...prefix, ...logitsShape];
  const g = gumbelImpl(op, k, full, { dtype: l.dtype });
  return lax.argmax(lax.add(g, broadcastTo(l, full, `random.${op}`)), prefix.length + ax);
}

/**
 * A random sample from `a` (jax.random.choice): from arange(a) when a is an integer, else from
 * the slices of the array `a` along `axis` (default 0). `shape` (default []) is the sample shape;
 * `replace` (default true) draws with replacement; `p` gives the probability of each of the n
 * candidates (1-D, length n; unnormalized weights are normalized). Without replacement the draws
 * are distinct and need prod(shape) ≤ n (and n ≤ 8192, see the module comment).
 * @example
 * const c = random.choice(random.key(0), 10, { shape: [3], replace: false }); // 3 distinct of 0..9
 * np.all(np.greater(np.diff(np.sort(c)), 0)); // → true — no repeats
 */
export function choice(key: Tensor, a: number | ArrayLike,
  opts?: { shape?: Shape | number; replace?: boolean; p?: ArrayLike | null; axis?: number }): Tensor {
  const op = 'choice';
  const k = checkKey(op, key);
  const o = optionsOf(op, opts, '{ shape: [3], replace: false }');
  knownOptions(op, o, ['shape', 'replace', 'p', 'axis']);
  const s = sampleShape(op, o.shape ?? []);
  const replace = boolOption(op, 'replace', o.replace, true);
  let arr: Tensor | null = null, n: number, ax = 0;
  if (typeof a === 'number') {
    n = validate.integer(`random.${op}`, 'a (the population size)', a, { min: 0, max: 2 ** 31 - 1 });
    if (o.axis !== undefined && o.axis !== 0) {
      throw new ArgumentError(`random.choice: axis ${String(o.axis)} was given but a is an integer (the population arange(a) has one axis); omit axis.`);
    }
  } else {
    arr = operandTensor(`random.${op}`, a, undefined, 'a');
    if (arr.ndim === 0) {
      throw new ShapeError(`random.choice: a must be an integer or an array of at least one axis, got ${arr.aval}; ` +
        `pass a JS number for arange(a).`);
    }
    ax = validate.axis(`random.${op}`, o.axis ?? 0, arr.ndim);
    n = arr.shape[ax]!;
  }
  const draws = s.reduce((x, y) => x * y, 1);
  const outShape = arr === null ? s : [...arr.shape.slice(0, ax), ...s, ...arr.shape.slice(ax + 1)];
  if (draws === 0) return lax.full(outShape, 0, arr === null ? 'int32' : arr.dtype);
  if (n === 0) throw new ShapeError(`random.choice: the population is empty (n = 0), so ${draws} draw(s) cannot be made.`);
  if (!replace && draws > n) {
    throw new ShapeError(`random.choice: cannot take ${draws} distinct draws (shape [${s.join(', ')}]) from a population ` +
      `of ${n} without replacement; use a smaller shape or replace: true.`);
  }
  let logp: Tensor | null = null;
  if (o.p !== undefined && o.p !== null) {
    const pd = isTensor(o.p) && o.p.dtype === 'float64' ? 'float64' : 'float32';
    const p = floatParam(op, o.p, 'p', pd);
    if (p.ndim !== 1 || p.shape[0] !== n) {
      throw new ShapeError(`random.choice: p must be 1-D with one probability per candidate (length ${n}), got ${p.aval}.`);
    }
    logp = lax.log(p); // p = 0 gives −∞: never drawn (until only zero-probability candidates remain)
  }
  let ind: Tensor;
  if (replace) {
    ind = logp === null ? randint(k, s, 0, n) : gumbelMax(op, k, logp, s);
  } else {
    const scores = logp === null ? bits(k, [n]) : lax.add(gumbelImpl(op, k, [n], { dtype: logp.dtype }), logp);
    ind = lax.reshape(topIndices(scores, draws), s);
  }
  return arr === null ? ind : lax.gather(arr, ind, ax);
}
