/**
 * A small convnet classifier for 28×28 digits (the MNIST study's judge: accuracy per class and the
 * Fréchet distance on its penultimate features): two 3×3 'SAME' convolutions (16 and 32 channels),
 * each with ReLU and 2×2 max pooling, then a 64-unit dense layer (the penultimate features) and a
 * 10-way linear readout. Inputs are NHWC f32[B, 28, 28, 1] in [−1, 1] (data.loadMnist's layout).
 *
 * The convolutions are written as im2col: the 9 shifted windows of the zero-padded input side by side
 * on the channel axis ([B, H, W, 9·Cin]) times the kernel reshaped to [9·Cin, Cout], which is exactly
 * the sum over the 9 shifted slices of slice·w[dy, dx] — a correct convolution as one matmul. When
 * lax.convGeneralDilated / nn conv layers land on main, conv3x3 can be swapped for them (same
 * HWIO kernel layout, same result).
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { fmtShape } from '../core/shape.js';
import { isTensor, type Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { relu } from './activations.js';
import { type DenseParams, dense, initDense, splitKeys } from './dense.js';

/** A 3×3 convolution: w is HWIO [3, 3, Cin, Cout], b is [Cout]. */
export interface Conv3x3Params { w: Tensor; b: Tensor }

/** The classifier's trainable tensors. */
export interface ClassifierParams { conv1: Conv3x3Params; conv2: Conv3x3Params; hidden: DenseParams; out: DenseParams }

/** Widths of the classifier: conv channels, penultimate features, classes. */
export const CLASSIFIER_SHAPE = { conv1: 16, conv2: 32, hidden: 64, classes: 10 } as const;

/**
 * A 3×3 convolution with zero 'SAME' padding and stride 1, NHWC input, HWIO kernel.
 * @example nn.conv3x3({ w: np.ones([3, 3, 1, 2]), b: np.zeros([2]) }, np.ones([1, 4, 4, 1])); // f32[1,4,4,2], 9 inside, 4 at corners
 */
export function conv3x3(params: Conv3x3Params, x: Tensor): Tensor {
  const op = 'nn.conv3x3';
  if (!isTensor(x) || x.ndim !== 4) throw new ShapeError(`${op}: x must be NHWC [batch, height, width, channels], got ${isTensor(x) ? fmtShape(x.shape) : validate.describe(x)}.`);
  if (!isTensor(params?.w) || params.w.ndim !== 4 || params.w.shape[0] !== 3 || params.w.shape[1] !== 3 || params.w.shape[2] !== x.shape[3]) {
    throw new ShapeError(`${op}: the kernel must be HWIO [3, 3, ${x.shape[3]}, Cout] for x ${fmtShape(x.shape)}, got ${isTensor(params?.w) ? fmtShape(params.w.shape) : validate.describe(params?.w)}.`);
  }
  const [B, H, W, C] = x.shape, cout = params.w.shape[3];
  const padded = np.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  const windows: Tensor[] = [];
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) windows.push(np.slice(padded, [null, [dy, dy + H], [dx, dx + W], null]));
  const cols = np.concatenate(windows, -1).reshape([B * H * W, 9 * C]); // (dy, dx, cin) order = w's HWI flattening
  return np.matmul(cols, params.w.reshape([9 * C, cout])).add(params.b).reshape([B, H, W, cout]);
}

/** 2×2 max pooling, stride 2, NHWC (even height and width). */
export function maxPool2(x: Tensor): Tensor {
  const [B, H, W, C] = x.shape;
  if (H % 2 !== 0 || W % 2 !== 0) throw new ShapeError(`nn.maxPool2: height and width must be even, got ${fmtShape(x.shape)}.`);
  return np.max(x.reshape([B, H / 2, 2, W / 2, 2, C]), [2, 4]);
}

/**
 * He-normal convolutions and hidden layer, LeCun-normal readout, zero biases.
 * @example const p = nn.initClassifier(random.key(0)); // ~106 k parameters
 */
export function initClassifier(key: Tensor): ClassifierParams {
  const [k1, k2, k3, k4] = splitKeys(key, 4);
  const { conv1, conv2, hidden, classes } = CLASSIFIER_SHAPE;
  const conv = (k: Tensor, cin: number, cout: number) => ({ w: random.normal(k, [3, 3, cin, cout]).mul(Math.sqrt(2 / (9 * cin))), b: np.zeros([cout]) });
  return {
    conv1: conv(k1, 1, conv1), conv2: conv(k2, conv1, conv2),
    hidden: initDense(k3, 7 * 7 * conv2, hidden, { mode: 'he' }), out: initDense(k4, hidden, classes),
  };
}

/**
 * The penultimate features f32[B, 64] (after the hidden layer's ReLU): what the Fréchet distance compares.
 * @example nn.classifierFeatures(nn.initClassifier(random.key(0)), np.zeros([2, 28, 28, 1])).shape; // → [2, 64]
 */
export function classifierFeatures(params: ClassifierParams, x: Tensor): Tensor {
  if (!isTensor(x) || x.ndim !== 4 || x.shape[1] !== 28 || x.shape[2] !== 28 || x.shape[3] !== 1) {
    throw new ShapeError(`nn.classifier: images must be NHWC [batch, 28, 28, 1], got ${isTensor(x) ? fmtShape(x.shape) : validate.describe(x)}.`);
  }
  if (params === null || typeof params !== 'object' || !params.conv1 || !params.hidden) {
    throw new ArgumentError(`nn.classifier: params must come from nn.initClassifier, got ${validate.describe(params)}.`);
  }
  const h1 = maxPool2(relu(conv3x3(params.conv1, x)));
  const h2 = maxPool2(relu(conv3x3(params.conv2, h1)));
  return relu(dense(params.hidden, h2.reshape([x.shape[0], -1])));
}

/**
 * Class logits f32[B, 10].
 * @example np.argmax(nn.classifier(nn.initClassifier(random.key(0)), np.zeros([2, 28, 28, 1])), -1).shape; // → [2] — predicted digits
 */
export const classifier = (params: ClassifierParams, x: Tensor): Tensor => dense(params.out, classifierFeatures(params, x));
