/**
 * numpy's window functions for spectral analysis and filter design: bartlett, blackman, hamming,
 * hanning and kaiser, with numpy's definitions (symmetric windows of M points, M = 1 gives [1],
 * M ≤ 0 an empty array). The points are computed on the host in float64 and returned in float32
 * (or a given float dtype): a window is a constant, like np.linspace.
 */
import { ArgumentError, DTypeError } from '../core/errors.js';
import { isFloat } from '../core/dtype.js';
import { ShapedArray } from '../core/shape.js';
import { allocate, coerce } from '../core/dtype.js';
import { hooks } from '../core/hooks.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { i0Host } from './bessel.js';

/** A window of M points from w(n) for n = 1 − M, 3 − M, …, M − 1 (numpy's symmetric sampling), divided by M − 1. */
function symmetricWindow(op: string, M: number, dtype: validate.DTypeArg | undefined, w: (t: number) => number): Tensor {
  const m = validate.integer(op, 'M', M, { max: validate.MAX_ELEMENTS });
  const dt = validate.dtypeArg(op, dtype, 'float32');
  if (!isFloat(dt)) throw new DTypeError(`${op}: a window is floating point; ${dt} cannot hold it. Use a float dtype such as 'float32'.`);
  const len = Math.max(m, 0);
  const data = allocate(dt, len);
  for (let i = 0; i < len; i++) data[i] = coerce(dt, m === 1 ? 1 : w((1 - m + 2 * i) / (m - 1)));
  return hooks.fromHost(data, new ShapedArray([len], dt));
}

/**
 * The Bartlett (triangular) window of M points: 1 − |n|/(M − 1) for n from −(M−1) to M−1 in steps of 2.
 * @example np.bartlett(5); // → [0, 0.5, 1, 0.5, 0]
 */
export function bartlett(M: number, dtype?: validate.DTypeArg): Tensor {
  return symmetricWindow('np.bartlett', M, dtype, (t) => 1 - Math.abs(t));
}

/**
 * The Blackman window of M points: 0.42 + 0.5·cos(πt) + 0.08·cos(2πt), t from −1 to 1.
 * @example np.blackman(3); // → [-1.3877787807814457e-17, 1, -1.3877787807814457e-17]
 */
export function blackman(M: number, dtype?: validate.DTypeArg): Tensor {
  return symmetricWindow('np.blackman', M, dtype, (t) => 0.42 + 0.5 * Math.cos(Math.PI * t) + 0.08 * Math.cos(2 * Math.PI * t));
}

/**
 * The Hamming window of M points: 0.54 + 0.46·cos(πt), t from −1 to 1.
 * @example np.hamming(3); // → [0.08, 1, 0.08]
 */
export function hamming(M: number, dtype?: validate.DTypeArg): Tensor {
  return symmetricWindow('np.hamming', M, dtype, (t) => 0.54 + 0.46 * Math.cos(Math.PI * t));
}

/**
 * The Hann window of M points (numpy's hanning): 0.5 + 0.5·cos(πt), t from −1 to 1.
 * @example np.hanning(5); // → [0, 0.5, 1, 0.5, 0]
 */
export function hanning(M: number, dtype?: validate.DTypeArg): Tensor {
  return symmetricWindow('np.hanning', M, dtype, (t) => 0.5 + 0.5 * Math.cos(Math.PI * t));
}

/**
 * The Kaiser window of M points with shape parameter β: I0(β·√(1 − t²)) / I0(β), t from −1 to 1
 * (β = 0 is a rectangle; larger β narrows it).
 * @example np.kaiser(3, 0); // → [1, 1, 1]
 * @example np.kaiser(3, 5); // → [0.03671089, 1, 0.03671089]
 */
export function kaiser(M: number, beta: number, dtype?: validate.DTypeArg): Tensor {
  const op = 'np.kaiser';
  if (typeof beta !== 'number' || !Number.isFinite(beta)) {
    throw new ArgumentError(`${op}: beta must be a finite number (a static shape parameter), got ${validate.describe(beta)}.`);
  }
  const norm = i0Host(beta);
  return symmetricWindow(op, M, dtype, (t) => i0Host(beta * Math.sqrt(Math.max(0, 1 - t * t))) / norm);
}
