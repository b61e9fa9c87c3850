/**
 * Neural-network building blocks as pure functions over pytree parameters (plain objects of
 * Tensors): init functions take a random key and return parameters; apply functions take
 * (params, inputs). Nothing is stateful, so grad, jit, vmap and the optimisers compose with them.
 */
export { silu, relu, gelu, type Activation } from './activations.js';
export { dense, initDense, splitKeys, type DenseParams, type DenseInitOptions } from './dense.js';
export { mlp, initMlp, type MlpInitOptions } from './mlp.js';
export { timeEmbedding, timeFrequencies, type TimeEmbeddingOptions } from './time-embedding.js';
export { layerNorm, type LayerNormOptions } from './layer-norm.js';
export { timeMlp, initTimeMlp, withAuxTime, type TimeMlpParams, type TimeMlpConfig, type TimeMlpOptions } from './time-mlp.js';
