/**
 * lax.pad in JAX's general form: a padding value and, per axis, (low, high, interior) — interior
 * values between neighbours, negative low/high cropping. Built from the zero-padding primitive's
 * neighbours (concatenate, reshape, slice, where), so every transformation already applies.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';

const OP = 'lax.pad';

/** One axis: `interior` copies of the value after every element but the last. */
function interiorPad(x: Tensor, axis: number, interior: number, value: Tensor): Tensor {
  const n = x.shape[axis];
  if (interior === 0 || n <= 1) return x;
  // [.., n, ..] → [.., n, 1 + interior, ..] (element then its fillers) → flatten → drop the last fillers.
  const withAxis = lax.reshape(x, [...x.shape.slice(0, axis + 1), 1, ...x.shape.slice(axis + 1)]);
  const fillShape = [...x.shape.slice(0, axis + 1), interior, ...x.shape.slice(axis + 1)];
  const fill = lax.broadcastInDim(value, fillShape, []);
  const joined = lax.concatenate([withAxis, fill], axis + 1);
  const flat = lax.reshape(joined, [...x.shape.slice(0, axis), n * (1 + interior), ...x.shape.slice(axis + 1)]);
  return lax.slice(flat, flat.shape.map(() => 0), flat.shape.map((d, i) => (i === axis ? d - interior : d)));
}

/** One axis: `lo` / `hi` values added at its ends, then (where negative) elements cropped, as XLA's pad. */
function edgePad(x: Tensor, axis: number, lo: number, hi: number, value: Tensor): Tensor {
  const block = (k: number) => lax.broadcastInDim(value, x.shape.map((d, i) => (i === axis ? k : d)), []);
  const parts = [...(lo > 0 ? [block(lo)] : []), x, ...(hi > 0 ? [block(hi)] : [])];
  const y = parts.length === 1 ? x : lax.concatenate(parts, axis);
  if (lo >= 0 && hi >= 0) return y;
  const start = Math.max(0, -lo), stop = y.shape[axis] - Math.max(0, -hi);
  return lax.slice(y, y.shape.map((_, i) => (i === axis ? start : 0)), y.shape.map((d, i) => (i === axis ? stop : d)));
}

/**
 * x padded with `paddingValue`, one [low, high, interior] per axis (JAX's padding_config).
 * @example lax.pad(np.array([[1, 2]]), 0, [[0, 0, 0], [1, 0, 2]]); // → [[0, 1, 0, 0, 2]]
 */
export function padWithConfig(x: Tensor, paddingValue: number | Tensor, config: readonly (readonly [number, number, number])[]): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${OP}: the operand must be a Tensor, got ${validate.describe(x)}.`);
  let value: Tensor;
  if (typeof paddingValue === 'number') value = lax.scalar(paddingValue, x.dtype);
  else if (isTensor(paddingValue) && paddingValue.ndim === 0 && paddingValue.dtype === x.dtype) value = paddingValue;
  else {
    throw new ArgumentError(`${OP}: the padding value must be a number or a 0-d array of the operand's dtype ${x.dtype}, ` +
      `got ${validate.describe(paddingValue)}.`);
  }
  if (!Array.isArray(config) || config.length !== x.ndim) {
    throw new ShapeError(`${OP}: the padding config needs one [low, high, interior] per axis of ${x.aval}, got ${validate.describe(config)}.`);
  }
  let y = x;
  config.forEach((c, axis) => {
    if (!Array.isArray(c) || c.length !== 3 || !c.every(Number.isInteger)) {
      throw new ArgumentError(`${OP}: axis ${axis}'s padding (${validate.describe(c)}) must be three integers [low, high, interior].`);
    }
    const [lo, hi, interior] = c;
    if (interior < 0) throw new ArgumentError(`${OP}: axis ${axis}'s interior padding is ${interior}; it must be ≥ 0 (negative low/high crop instead).`);
    y = interiorPad(y, axis, interior, value);
    if (y.shape[axis] + lo + hi < 0) {
      throw new ShapeError(`${OP}: axis ${axis} of ${x.aval} with padding [${lo}, ${hi}, ${interior}] would have negative size ${y.shape[axis] + lo + hi}.`);
    }
    y = edgePad(y, axis, lo, hi, value);
  });
  return y;
}
