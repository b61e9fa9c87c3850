/** Dropout as a pure function of a key (flax.linen.Dropout / equinox.nn.Dropout). */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';
import * as random from '../random/index.js';

export interface DropoutOptions {
  /** true: return x unchanged (evaluation; Flax's deterministic=True); default false. */
  deterministic?: boolean;
}

/**
 * Inverted dropout: each element of `x` is kept with probability 1 − rate and scaled by
 * 1 / (1 − rate), else zeroed, so the expectation is x (as Flax: a bernoulli(key, 1 − rate)
 * mask and a select). rate 0 or `deterministic: true` returns x; rate 1 returns zeros. A pure
 * function of the key: jit, vmap and grad compose with it (the gradient is the mask / (1 − rate)).
 * @example nn.dropout(random.key(0), 0.5, np.ones([4]), { deterministic: true }); // → [1, 1, 1, 1]
 * @example nn.dropout(random.key(0), 1, np.ones([3])); // → [0, 0, 0]
 * @example nn.dropout(random.key(0), 0.5, np.ones([8])); // → [0, 0, 2, 2, 0, 2, 2, 0] — kept elements scaled by 2
 */
export function dropout(key: Tensor, rate: number, x: ArrayLike, opts: DropoutOptions = {}): Tensor {
  const op = 'nn.dropout';
  const { deterministic = false } = validate.options<DropoutOptions>(op, opts, ['deterministic'], '{ deterministic: true }');
  validate.boolean(op, 'deterministic', deterministic);
  const r = validate.number(op, 'rate', rate);
  if (!(r >= 0 && r <= 1)) throw new ArgumentError(`${op}: rate is the probability of dropping an element, a number in [0, 1], got ${r}.`);
  const t = operandTensor(op, x, undefined, 'x');
  if (!isFloat(t.dtype)) throw new DTypeError(`${op}: x must be a float array, got ${t.aval}; cast with .astype('float32').`);
  if (r === 0 || deterministic) return t;
  if (r === 1) return lax.zerosLike(t);
  const keep = 1 - r;
  const mask = random.bernoulli(key, keep, t.shape);
  return lax.where(mask, lax.div(t, lax.fullLike(t, keep)), lax.zerosLike(t));
}
