/**
 * Weight initializers (jax.nn.initializers): each factory returns `(key, shape, dtype) => Tensor`.
 * The variance-scaling family draws with variance scale/fan, where fan is fan_in, fan_out or
 * their mean, each counting the receptive field (the product of the axes other than in/out).
 */
import { DType, isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { Shape, fmtShape } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import * as random from '../random/index.js';
import { computeFans } from './fans.js';

/** A weight initializer: a pure function of a key, a shape and a dtype (default float32; float only for the random ones). */
export type Initializer = (key: Tensor, shape: Shape | number, dtype?: DType) => Tensor;

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type Distribution = 'truncatedNormal' | 'normal' | 'uniform';

function floatDtype(op: string, dtype: unknown): DType {
  const d = validate.dtype(op, dtype);
  if (!isFloat(d)) throw new DTypeError(`${op}: dtype must be 'float32' or 'float64', got '${d}'.`);
  return d;
}

function finite(op: string, name: string, v: unknown, positive = false): number {
  const n = validate.number(op, name, v);
  if (!Number.isFinite(n) || (positive ? !(n > 0) : n < 0)) {
    throw new ArgumentError(`${op}: ${name} must be a finite ${positive ? 'positive' : 'non-negative'} number, got ${n}.`);
  }
  return n;
}

const scaled = (x: Tensor, s: number): Tensor => lax.mul(x, lax.fullLike(x, s));

/**
 * Normal samples with standard deviation `stddev` (default 1e-2).
 * @example nn.initializers.normal(0.1)(random.key(0), [3, 4]).shape; // → [3, 4]
 */
export function normal(stddev = 1e-2): Initializer {
  const op = 'nn.initializers.normal';
  const s = finite(op, 'stddev', stddev);
  return (key, shape, dtype = 'float32') => scaled(random.normal(key, shape, { dtype: floatDtype(op, dtype) }), s);
}

/**
 * Uniform samples in [0, scale) (default scale 1e-2, as JAX).
 * @example np.all(nn.initializers.uniform(1)(random.key(0), [3]).lt(1)); // → true — in [0, 1)
 */
export function uniform(scale = 1e-2): Initializer {
  const op = 'nn.initializers.uniform';
  const s = finite(op, 'scale', scale);
  return (key, shape, dtype = 'float32') => random.uniform(key, shape, { minval: 0, maxval: s, dtype: floatDtype(op, dtype) });
}

/**
 * Normal samples truncated to [lower, upper] (default ±2) times `stddev` (default 1e-2); as in
 * JAX the result's spread is stddev times the truncated distribution's (≈ 0.88·stddev for ±2).
 * @example nn.initializers.truncatedNormal(0.02)(random.key(0), [768, 768]).dtype; // → 'float32'
 */
export function truncatedNormal(stddev = 1e-2, { lower = -2, upper = 2 }: { lower?: number; upper?: number } = {}): Initializer {
  const op = 'nn.initializers.truncatedNormal';
  const s = finite(op, 'stddev', stddev);
  return (key, shape, dtype = 'float32') =>
    scaled(random.truncatedNormal(key, lower, upper, shape, { dtype: floatDtype(op, dtype) }), s);
}

// The standard deviation of a standard normal truncated to (−2, 2), which varianceScaling
// divides out so that its truncated samples have the requested variance (as JAX).
const TRUNCATED_STD = 0.87962566103423978;

/**
 * Samples with variance scale/fan (jax.nn.initializers.variance_scaling): `mode` picks the fan,
 * `distribution` the law (truncated normal on ±2 rescaled, normal, or uniform on ±√(3·var)).
 * @example nn.initializers.varianceScaling(2, 'fanIn', 'normal')(random.key(0), [64, 32]).shape; // → [64, 32]
 */
export function varianceScaling(scale: number, mode: FanMode, distribution: Distribution,
  { inAxis = -2, outAxis = -1 }: { inAxis?: number; outAxis?: number } = {}): Initializer {
  const op = 'nn.initializers.varianceScaling';
  const sc = finite(op, 'scale', scale, true);
  if (mode !== 'fanIn' && mode !== 'fanOut' && mode !== 'fanAvg') {
    throw new ArgumentError(`${op}: mode must be 'fanIn', 'fanOut' or 'fanAvg', got ${validate.describe(mode)}.`);
  }
  if (distribution !== 'truncatedNormal' && distribution !== 'normal' && distribution !== 'uniform') {
    throw new ArgumentError(`${op}: distribution must be 'truncatedNormal', 'normal' or 'uniform', got ${validate.describe(distribution)}.`);
  }
  return (key, shape, dtype = 'float32') => {
    const d = floatDtype(op, dtype);
    const s = validate.shape(op, shape);
    const { fanIn, fanOut } = computeFans(op, s, inAxis, outAxis);
    const fan = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    if (!(fan > 0)) throw new ShapeError(`${op}: the ${mode} of ${fmtShape(s)} is 0, so the variance scale/${mode} is undefined.`);
    const variance = sc / fan;
    if (distribution === 'truncatedNormal') return scaled(random.truncatedNormal(key, -2, 2, s, { dtype: d }), Math.sqrt(variance) / TRUNCATED_STD);
    if (distribution === 'normal') return scaled(random.normal(key, s, { dtype: d }), Math.sqrt(variance));
    const lim = Math.sqrt(3 * variance);
    return random.uniform(key, s, { minval: -lim, maxval: lim, dtype: d });
  };
}

/** Glorot/Xavier normal: variance 1/fan_avg, truncated normal. @example nn.initializers.glorotNormal()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const glorotNormal = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(1, 'fanAvg', 'truncatedNormal', opts);
/** Glorot/Xavier uniform: variance 1/fan_avg, uniform. @example nn.initializers.glorotUniform()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const glorotUniform = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(1, 'fanAvg', 'uniform', opts);
/** He/Kaiming normal: variance 2/fan_in, truncated normal. @example nn.initializers.heNormal()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const heNormal = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(2, 'fanIn', 'truncatedNormal', opts);
/** He/Kaiming uniform: variance 2/fan_in, uniform. @example nn.initializers.heUniform()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const heUniform = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(2, 'fanIn', 'uniform', opts);
/** LeCun normal: variance 1/fan_in, truncated normal. @example nn.initializers.lecunNormal()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const lecunNormal = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(1, 'fanIn', 'truncatedNormal', opts);
/** LeCun uniform: variance 1/fan_in, uniform. @example nn.initializers.lecunUniform()(random.key(0), [64, 32]).shape; // → [64, 32] */
export const lecunUniform = (opts?: { inAxis?: number; outAxis?: number }): Initializer => varianceScaling(1, 'fanIn', 'uniform', opts);

/** Any dtype: zeros, ones and constant take integer and boolean dtypes too, as JAX's. */
const anyDtype = (op: string, dtype: unknown): DType => validate.dtype(op, dtype);

/** Zeros (any dtype, as JAX). @example nn.initializers.zeros(random.key(0), [3]); // → [0, 0, 0] */
export const zeros: Initializer = (_key, shape, dtype = 'float32') =>
  lax.full(validate.shape('nn.initializers.zeros', shape), 0, anyDtype('nn.initializers.zeros', dtype));
/**
 * Ones (any dtype, as JAX).
 * @example nn.initializers.ones(random.key(0), [3]); // → [1, 1, 1]
 * @example nn.initializers.ones(random.key(0), [2], 'int32').dtype; // → 'int32'
 */
export const ones: Initializer = (_key, shape, dtype = 'float32') =>
  lax.full(validate.shape('nn.initializers.ones', shape), 1, anyDtype('nn.initializers.ones', dtype));
/** A constant (any dtype, converted as jnp.full does). @example nn.initializers.constant(0.5)(random.key(0), [3]); // → [0.5, 0.5, 0.5] */
export function constant(value: number): Initializer {
  const v = validate.number('nn.initializers.constant', 'value', value);
  return (_key, shape, dtype = 'float32') =>
    lax.full(validate.shape('nn.initializers.constant', shape), v, anyDtype('nn.initializers.constant', dtype));
}
