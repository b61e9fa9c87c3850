/**
 * Set operations with static output shapes: unique (with a static `size`, as jnp.unique under
 * jit) and isin. Compositions of sort, a running count (np.nonzero), gathers and comparisons.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { sort } from './sorting.js';
import { nonzero } from './nonzero.js';

/** Options of unique: the static output length and the value of the slots past the count. */
export interface UniqueOptions { size?: number; fillValue?: number }

/**
 * The sorted distinct values of the flattened array, as `jnp.unique(a, size=…, fill_value=…)`:
 * `size` (required: the count depends on the data, and output shapes must be static) slots, the
 * ones past the number of distinct values holding `fillValue` (default: the smallest value).
 * NaNs count as one value (NumPy's and JAX's default `equal_nan=True`).
 * @example np.unique(np.array([3, 1, 3, 2]), { size: 4, fillValue: -1 }); // → [1, 2, 3, -1]
 */
export function unique(a: ArrayLike, opts?: UniqueOptions): Tensor {
  const op = 'np.unique';
  const o = validate.options<UniqueOptions>(op, opts ?? {}, ['size', 'fillValue'], '{ size: 10, fillValue: 0 }');
  if (o.size === undefined) {
    throw new ArgumentError(`${op}: needs a static { size }: the number of distinct values depends on the data, and every ` +
      `output shape must be known before anything runs (as jnp.unique under jit). Pass an upper bound, e.g. { size: x.size }.`);
  }
  const size = validate.integer(op, 'size', o.size, { min: 0, max: validate.MAX_ELEMENTS });
  const x = operandTensor(op, a);
  const n = x.size;
  if (n === 0) {
    if (o.fillValue === undefined && size > 0) throw new ShapeError(`${op}: the array is empty, so there is no smallest value to fill ${size} slots with; give fillValue.`);
    return lax.full([size], o.fillValue ?? 0, x.dtype);
  }
  const s = sort(lax.reshape(x, [n]), 0);
  // A value starts a run when it differs from its predecessor.
  const first = lax.full([1], 1, 'bool');
  // NaNs (sorted last) count as one value, as NumPy's and JAX's default equal_nan=True.
  const cur = lax.slice(s, [1], [n]), prev = lax.slice(s, [0], [n - 1]);
  const differ = lax.where(lax.compare(prev, prev, 'ne'), lax.full([n - 1], 0, 'bool'), lax.compare(cur, prev, 'ne'));
  const starts = n === 1 ? first : lax.concatenate([first, differ], 0);
  const [pos] = nonzero(starts, { size });
  const vals = lax.gather(s, pos, 0);
  const count = lax.reduceSum(lax.cast(starts, 'int32'), [0]);
  const fill = o.fillValue === undefined ? lax.broadcastInDim(lax.reshape(lax.slice(s, [0], [1]), []), [size], [])
    : lax.full([size], validate.number(op, 'fillValue', o.fillValue), x.dtype);
  return lax.where(lax.compare(lax.iota([size], 0, 'int32'), lax.broadcastInDim(count, [size], []), 'lt'), vals, fill);
}

/**
 * Whether each element of `element` occurs in `testElements` (bool, element's shape), as
 * `numpy.isin`; `invert` negates.
 * @example np.isin(np.array([1, 2, 3]), np.array([3, 1])); // [true, false, true]
 */
export function isin(element: ArrayLike, testElements: ArrayLike, opts?: { invert?: boolean }): Tensor {
  const op = 'np.isin';
  const o = validate.options<{ invert?: boolean }>(op, opts ?? {}, ['invert'], '{ invert: true }');
  const invert = o.invert === undefined ? false : validate.boolean(op, 'invert', o.invert);
  const e = operandTensor(op, element, undefined, 'the elements');
  let t = operandTensor(op, testElements, e.dtype, 'the test elements');
  const dt = e.dtype === t.dtype ? e.dtype : (e.dtype === 'float64' || t.dtype === 'float64') ? 'float64' : 'float32';
  t = lax.reshape(lax.cast(t, dt), [t.size]);
  const m = t.size, shape = [...e.shape, m];
  const eq = lax.compare(lax.broadcastInDim(lax.cast(e, dt), shape, e.shape.map((_, i) => i)), lax.broadcastInDim(t, shape, [e.ndim]), 'eq');
  const hits = lax.reduceSum(lax.cast(eq, 'int32'), [e.ndim]);
  return lax.compare(hits, lax.full(e.shape, 0, 'int32'), invert ? 'eq' : 'gt');
}
