/**
 * Truncated standard normal samples (jax.random.truncated_normal), by the inverse CDF:
 * u uniform in [Φ(lower), Φ(upper)) mapped through Φ⁻¹(u) = √2·erfinv(2u − 1). In erf terms, as
 * JAX: u uniform in [erf(lower/√2), erf(upper/√2)), x = √2·erfinv(u). Every sample lies in the
 * open interval (lower, upper): the rounding of the two maps is clamped away at the ends.
 */
import { DType, isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { Shape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { erfHost, erfinv } from '../numpy/special.js';
import { uniform } from './index.js';

/** The representable neighbour of `x` towards `toward` in float32 or float64 (C's nextafter). */
function nextAfter(x: number, toward: number, dtype: DType): number {
  if (Number.isNaN(x) || x === toward) return x;
  const buf = new DataView(new ArrayBuffer(8));
  const up = toward > x;
  if (dtype === 'float32') {
    if (x === 0) return (up ? 1 : -1) * 2 ** -149;
    buf.setFloat32(0, x);
    const bits = buf.getUint32(0);
    buf.setUint32(0, (x > 0) === up ? bits + 1 : bits - 1);
    return buf.getFloat32(0);
  }
  if (x === 0) return (up ? 1 : -1) * Number.MIN_VALUE;
  buf.setFloat64(0, x);
  let bits = buf.getBigUint64(0);
  bits = (x > 0) === up ? bits + 1n : bits - 1n;
  buf.setBigUint64(0, bits);
  return buf.getFloat64(0);
}

/** The representable value of `dtype` nearest to `bound` strictly on `toward`'s side of it. */
function strictlyInside(bound: number, toward: number, dtype: DType): number {
  const r = dtype === 'float32' ? Math.fround(bound) : bound;
  return (toward > bound ? r > bound : r < bound) ? r : nextAfter(r, toward, dtype);
}

/**
 * Standard normal samples conditioned on lower < x < upper (the bounds are numbers, ±Infinity
 * allowed; lower < upper).
 * @example np.max(np.abs(random.truncatedNormal(random.key(0), -2, 2, [1000]))).lt(2); // → true — all in (-2, 2)
 */
export function truncatedNormal(key: Tensor, lower: number, upper: number, shape: Shape | number = [],
  optsArg?: DType | { dtype?: DType }): Tensor {
  const op = 'random.truncatedNormal';
  const opts = typeof optsArg === 'string' ? { dtype: optsArg } : optsArg;
  if (!isTensor(key) || key.dtype !== 'uint32' || key.ndim !== 1 || key.shape[0] !== 2) {
    throw new ArgumentError(`${op}: expected a key (a u32[2] array from random.key(seed), random.split or random.foldIn), ` +
      `got ${isTensor(key) ? `an array ${key.aval}` : validate.describe(key)}.`);
  }
  const lo = validate.number(op, 'lower', lower), hi = validate.number(op, 'upper', upper);
  if (!(lo < hi)) throw new ArgumentError(`${op}: need lower < upper, got lower ${lo} and upper ${hi}.`);
  if (opts !== undefined && (opts === null || typeof opts !== 'object' || Array.isArray(opts))) {
    throw new ArgumentError(`${op}: options must be an object such as { dtype: 'float32' }, got ${validate.describe(opts)}.`);
  }
  const dtype = validate.dtype(op, opts?.dtype ?? 'float32');
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype must be floating-point ('float32' or 'float64'), got '${dtype}'.`);
  const s = validate.shape(op, shape);
  // The bounds' erf on the host in float64 (rounded once to dtype), not as array constants.
  const a = lax.full(s, erfHost(lo * Math.SQRT1_2), dtype), b = lax.full(s, erfHost(hi * Math.SQRT1_2), dtype);
  const u01 = uniform(key, s, { dtype });
  const u = lax.add(a, lax.mul(u01, lax.sub(b, a)));
  const x = lax.mul(erfinv(u), lax.full(s, Math.SQRT2, dtype));
  const min = strictlyInside(lo, Infinity, dtype), max = strictlyInside(hi, -Infinity, dtype);
  return lax.min(lax.max(x, lax.full(s, min, dtype)), lax.full(s, max, dtype));
}
