/**
 * Dense (fully connected) layers. Parameters are a plain pytree `{ w, b }`, so grad, optimisers,
 * treeMap and checkpoints see them as ordinary data.
 */
import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Initializer } from './initializers.js';

/**
 * Parameters of one dense layer: w is [in, out], b is [out]; `DenseParams<null>` is a layer
 * without a bias (flax's use_bias=False: no parameter), `DenseParams<Tensor | null>` either.
 */
export interface DenseParams<B extends Tensor | null = Tensor> { w: Tensor; b: B }

/** The keys DenseInitOptions has (an unknown key is an error, not ignored). */
export const DENSE_INIT_KEYS = ['scale', 'mode', 'distribution', 'zeroInit', 'useBias', 'kernelInit', 'dtype'] as const;

export interface DenseInitOptions {
  /** Multiplies the standard deviation (default 1). */
  scale?: number;
  /** 'lecun' (default): Var(w) = scale²/in; 'he': Var(w) = 2·scale²/in (for ReLU nets). */
  mode?: 'lecun' | 'he';
  /** 'normal' (default) or 'uniform' on ±√3·std (the same variance). */
  distribution?: 'normal' | 'uniform';
  /** All-zero weights: an output layer that starts as the identity of a residual, or a branch that starts switched off. */
  zeroInit?: boolean;
  /** false: no bias parameter (`b: null`, as flax's use_bias=False) and nn.dense adds none; default true. */
  useBias?: boolean;
  /**
   * The kernel's initializer, a jax.nn.initializers-style `(key, shape, dtype)` function (flax's
   * kernel_init), e.g. nn.initializers.glorotUniform(); replaces scale/mode/distribution (zeroInit still gives zeros).
   */
  kernelInit?: Initializer;
  dtype?: DType;
}

/**
 * Initialises a dense layer: variance-scaling weights (LeCun normal by default, fan-in; or
 * `kernelInit`), zero bias (none with `useBias: false`).
 * Fan-in scaling keeps the pre-activation variance near 1 whatever the width.
 * @example
 * const p = nn.initDense(random.key(0), 3, 4);
 * [p.w.shape, p.b.shape]; // → [[3, 4], [4]]
 * @example nn.initDense(random.key(0), 3, 4, { kernelInit: nn.initializers.ones, useBias: false }).w; // → [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]
 */
export function initDense(key: Tensor, inDim: number, outDim: number, opts: DenseInitOptions & { useBias: false }): DenseParams<null>;
export function initDense(key: Tensor, inDim: number, outDim: number, opts?: DenseInitOptions & { useBias?: true }): DenseParams;
export function initDense(key: Tensor, inDim: number, outDim: number, opts?: DenseInitOptions): DenseParams<Tensor | null>;
export function initDense(key: Tensor, inDim: number, outDim: number, opts: DenseInitOptions = {}): DenseParams<Tensor | null> {
  const op = 'nn.initDense';
  const { scale = 1, mode = 'lecun', distribution = 'normal', zeroInit = false, useBias = true, kernelInit, dtype = 'float32' } =
    validate.options<DenseInitOptions>(op, opts, DENSE_INIT_KEYS, "{ mode: 'he', distribution: 'uniform' }");
  validate.integer(op, 'inDim', inDim, { min: 0 });
  validate.integer(op, 'outDim', outDim, { min: 0 });
  // An unknown mode or distribution would otherwise fall through to the default without a word.
  validate.oneOf(op, 'mode', mode, ['lecun', 'he']);
  validate.oneOf(op, 'distribution', distribution, ['normal', 'uniform']);
  validate.number(op, 'scale', scale);
  validate.boolean(op, 'zeroInit', zeroInit);
  validate.boolean(op, 'useBias', useBias);
  if (kernelInit !== undefined && typeof kernelInit !== 'function') {
    throw new ArgumentError(`${op}: kernelInit must be an initializer (key, shape, dtype) => Tensor such as nn.initializers.glorotUniform(), got ${validate.describe(kernelInit)}.`);
  }
  const b = useBias ? np.zeros([outDim], dtype) : null;
  if (zeroInit) return { w: np.zeros([inDim, outDim], dtype), b };
  if (kernelInit !== undefined) {
    const clash = (['scale', 'mode', 'distribution'] as const).filter((k) => opts[k] !== undefined);
    if (clash.length > 0) {
      throw new ArgumentError(`${op}: kernelInit replaces ${clash.join(', ')}; give either kernelInit or those options, not both.`);
    }
    return { w: kernelInit(key, [inDim, outDim], dtype), b };
  }
  const std = scale * Math.sqrt((mode === 'he' ? 2 : 1) / inDim);
  const w = distribution === 'uniform'
    ? random.uniform(key, [inDim, outDim], { minval: -Math.sqrt(3) * std, maxval: Math.sqrt(3) * std, dtype })
    : random.normal(key, [inDim, outDim], { dtype }).mul(std);
  return { w, b };
}

/**
 * x @ w + b over the last axis of x (any leading axes, or none: a single vector); no bias is
 * added when `b` is null (a layer made with `useBias: false`).
 * @example nn.dense(nn.initDense(random.key(0), 3, 4), np.ones([2, 3])).shape; // → [2, 4]
 */
export function dense(params: DenseParams<Tensor | null>, x: Tensor): Tensor {
  if (params === null || typeof params !== 'object' || !isTensor(params.w) || !(params.b === null || isTensor(params.b))) {
    throw new ArgumentError(`nn.dense: params must be { w, b } with b a Tensor or null (from nn.initDense), got ${validate.describe(params)}.`);
  }
  const t = np.asTensor(validate.operand('nn.dense', x, 'x') as np.ArrayLike);
  const [inDim, outDim] = params.w.shape;
  if (t.ndim === 0 || t.shape[t.ndim - 1] !== inDim) {
    throw new ShapeError(`nn.dense: x is ${t.aval} but the layer takes ${inDim} features (w is ${params.w.aval}); ` +
      `x must be [..., ${inDim}] and gives [..., ${outDim}].`);
  }
  const y = np.matmul(t, params.w);
  return params.b === null ? y : y.add(params.b);
}

/**
 * `n` independent keys as a list (random.split gives them stacked as [n, 2]).
 * @example const [kW, kB] = nn.splitKeys(random.key(0), 2);
 * @example nn.splitKeys(random.key(0), 3).length; // → 3
 */
export function splitKeys(key: Tensor, n: number): Tensor[] {
  const ks = random.split(key, n);
  return Array.from({ length: n }, (_, i) => np.slice(ks, [i]));
}
