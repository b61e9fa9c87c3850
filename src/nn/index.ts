/**
 * Neural-network building blocks as pure functions over pytree parameters (plain objects of
 * Tensors): init functions take a random key and return parameters; apply functions take
 * (params, inputs). Nothing is stateful, so grad, jit, vmap and the optimisers compose with them.
 */
export {
  silu, swish, relu, relu6, gelu, sigmoid, logSigmoid, softplus, leakyRelu, elu, celu, selu, glu, hardTanh, softSign,
  hardSigmoid, hardSilu, hardSwish, mish, squareplus, sparsePlus,
  type Activation,
} from './activations.js';
export { softmax, logSoftmax, logsumexp, type SoftmaxAxis } from './softmax.js';
export { standardize, rmsNorm, type StandardizeOptions, type RmsNormOptions } from './normalization.js';
export { oneHot, type OneHotOptions } from './one-hot.js';
export { dropout, type DropoutOptions } from './dropout.js';
export { dotProductAttention, type DotProductAttentionOptions } from './attention.js';
export { dense, initDense, splitKeys, type DenseParams, type DenseInitOptions } from './dense.js';
export { mlp, initMlp, type MlpInitOptions } from './mlp.js';
export { timeEmbedding, type TimeEmbeddingOptions } from './time-embedding.js';
export { layerNorm, type LayerNormOptions } from './layer-norm.js';
export { batchNorm, initBatchNorm, type BatchNormParams, type BatchNormState, type BatchNormOptions } from './batch-norm.js';
export { timeMlp, initTimeMlp, withAuxTime, type TimeMlpParams, type TimeMlpConfig, type TimeMlpOptions } from './time-mlp.js';
export {
  softmaxCrossEntropy, softmaxCrossEntropyWithIntegerLabels, squaredError, l2Loss, huberLoss,
} from './losses.js';
export * as initializers from './initializers.js';
export type { Initializer } from './initializers.js';
// Convolution layers, pooling and upsampling (issue 13).
export { conv, initConv, type ConvParams, type ConvInitOptions, type ConvApplyOptions } from './conv.js';
export { maxPool, avgPool, upsample } from './pooling.js';
// The small DiT and the MNIST classifier (issue 14).
export { dit, initDit, ditWithAuxTime, ditConfig, patchify, unpatchify, sincos2d, type DitConfig, type DitParams, type DitBlockParams } from './dit.js';
export {
  classifier, classifierFeatures, initClassifier, conv3x3, maxPool2, CLASSIFIER_SHAPE, type ClassifierParams, type Conv3x3Params,
} from './classifier.js';
