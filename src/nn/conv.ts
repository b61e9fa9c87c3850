/**
 * Convolution layers (flax's nn.Conv as pure functions): inputs are channels-last,
 * [batch, ...spatial, features]; the kernel is [...window, in / groups, out] (HWIO), so that one
 * layer is one lax.convGeneralDilated — on WebGPU one fused kernel with its bias and activation.
 * Parameters are the plain pytree `{ w, b }`, like nn.dense's.
 */
import type { DType } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { isTensor, type Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as np from '../numpy/index.js';
import { convGeneralDilated, type ConvPadding } from '../primitives/lax-conv.js';
import { type Initializer, lecunNormal } from './initializers.js';

/**
 * Parameters of one convolution layer: w is [...window, in / groups, out], b is [out];
 * `ConvParams<null>` is a layer without a bias (flax's use_bias=False: no parameter, so nothing
 * to train), `ConvParams<Tensor | null>` either.
 */
export interface ConvParams<B extends Tensor | null = Tensor> { w: Tensor; b: B }

export interface ConvInitOptions {
  /** Input features split into groups (each sees in / groups of them); in and out must divide by it. */
  featureGroupCount?: number;
  /** false: no bias parameter (`b: null`, as flax's use_bias=False) and nn.conv adds none; default true. */
  useBias?: boolean;
  /** The kernel's initializer (a jax.nn.initializers-style `(key, shape, dtype)` function); default LeCun normal. */
  kernelInit?: Initializer;
  dtype?: DType;
}

/**
 * Initialises a convolution layer: LeCun-normal kernel (fan-in = window size × in / groups, as
 * flax) unless `kernelInit` is given, zero bias (none with `useBias: false`).
 * @example const p = nn.initConv(random.key(0), 3, 16, [3, 3]); // { w: f32[3,3,3,16], b: f32[16] }
 * @example nn.initConv(random.key(0), 3, 16, [3, 3], { useBias: false }).b; // → null
 */
export function initConv(key: Tensor, inFeatures: number, outFeatures: number, kernelSize: readonly number[], opts: ConvInitOptions & { useBias: false }): ConvParams<null>;
export function initConv(key: Tensor, inFeatures: number, outFeatures: number, kernelSize: readonly number[], opts?: ConvInitOptions & { useBias?: true }): ConvParams;
export function initConv(key: Tensor, inFeatures: number, outFeatures: number, kernelSize: readonly number[], opts?: ConvInitOptions): ConvParams<Tensor | null>;
export function initConv(key: Tensor, inFeatures: number, outFeatures: number, kernelSize: readonly number[], opts: ConvInitOptions = {}): ConvParams<Tensor | null> {
  const op = 'nn.initConv';
  const { featureGroupCount = 1, useBias = true, kernelInit, dtype = 'float32' } =
    validate.options<ConvInitOptions>(op, opts, ['featureGroupCount', 'useBias', 'kernelInit', 'dtype'], '{ featureGroupCount: 2 }');
  if (kernelInit !== undefined && typeof kernelInit !== 'function') {
    throw new ArgumentError(`${op}: kernelInit must be an initializer (key, shape, dtype) => Tensor such as nn.initializers.heNormal(), got ${validate.describe(kernelInit)}.`);
  }
  validate.integer(op, 'inFeatures', inFeatures, { min: 1 });
  validate.integer(op, 'outFeatures', outFeatures, { min: 1 });
  validate.integer(op, 'featureGroupCount', featureGroupCount, { min: 1 });
  validate.boolean(op, 'useBias', useBias);
  if (!Array.isArray(kernelSize) || kernelSize.length === 0) {
    throw new ArgumentError(`${op}: kernelSize must list the window's size on each spatial axis (e.g. [3, 3]), got ${validate.describe(kernelSize)}.`);
  }
  kernelSize.forEach((k, i) => validate.integer(op, `kernelSize[${i}]`, k, { min: 1 }));
  if (inFeatures % featureGroupCount !== 0 || outFeatures % featureGroupCount !== 0) {
    throw new ShapeError(`${op}: inFeatures ${inFeatures} and outFeatures ${outFeatures} must both be divisible by featureGroupCount ${featureGroupCount}.`);
  }
  const w = (kernelInit ?? lecunNormal())(key, [...kernelSize, inFeatures / featureGroupCount, outFeatures], dtype);
  return { w, b: useBias ? np.zeros([outFeatures], dtype) : null };
}

export interface ConvApplyOptions {
  /** Default 1 on every spatial axis. */
  strides?: readonly number[];
  /** Default 'SAME'. */
  padding?: ConvPadding;
  /** Dilation of the input (default 1s). */
  inputDilation?: readonly number[];
  /** Dilation of the kernel (atrous; default 1s). */
  kernelDilation?: readonly number[];
  /** Must match the layer's init (the kernel's in axis is in / groups). */
  featureGroupCount?: number;
}

const LAYOUTS: Record<number, [string, string, string]> = {
  3: ['NHC', 'HIO', 'NHC'], 4: ['NHWC', 'HWIO', 'NHWC'], 5: ['NDHWC', 'DHWIO', 'NDHWC'],
};

/**
 * A convolution layer: conv(x, w) + b over channels-last x ([batch, ...spatial, in]); no bias
 * is added when `b` is null (a layer made with `useBias: false`).
 * @example
 * const p = nn.initConv(random.key(0), 3, 8, [3, 3]);
 * nn.conv(p, np.ones([2, 16, 16, 3])).shape; // → [2, 16, 16, 8]
 * nn.conv(p, np.ones([2, 16, 16, 3]), { strides: [2, 2] }).shape; // → [2, 8, 8, 8]
 */
export function conv(params: ConvParams<Tensor | null>, x: Tensor, opts: ConvApplyOptions = {}): Tensor {
  const op = 'nn.conv';
  if (params === null || typeof params !== 'object' || !isTensor(params.w) || !(params.b === null || isTensor(params.b))) {
    throw new ArgumentError(`${op}: params must be { w, b } with b a Tensor or null (from nn.initConv), got ${validate.describe(params)}.`);
  }
  const o = validate.options<ConvApplyOptions>(op, opts, ['strides', 'padding', 'inputDilation', 'kernelDilation', 'featureGroupCount'], "{ strides: [2, 2], padding: 'SAME' }");
  const t = np.asTensor(validate.operand(op, x, 'x') as np.ArrayLike);
  const layout = LAYOUTS[params.w.ndim];
  if (!layout) throw new ShapeError(`${op}: the kernel ${params.w.aval} must be [...window, in, out] with 1 to 3 spatial axes.`);
  if (t.ndim !== params.w.ndim) {
    throw new ShapeError(`${op}: x is ${t.aval} but the layer's kernel ${params.w.aval} takes [batch, ${params.w.shape.slice(0, -2).map(() => '·').join(', ')}, features] inputs ` +
      `(rank ${params.w.ndim}); add a batch axis with x.reshape([1, ...x.shape]) for a single input.`);
  }
  const nsp = t.ndim - 2;
  const y = convGeneralDilated(t, params.w, o.strides ?? new Array<number>(nsp).fill(1), o.padding ?? 'SAME', {
    lhsDilation: o.inputDilation, rhsDilation: o.kernelDilation, dimensionNumbers: layout, featureGroupCount: o.featureGroupCount ?? 1,
  });
  return params.b === null ? y : y.add(params.b);
}
