/**
 * A generic time-conditioned MLP F(x, c[, y]) = MLP(concat(x, timeEmbedding(c)[, E[y]])): the
 * network shape FACM.md asks for on 2-D toy data. Output has the shape of x.
 */
import type { DType } from '../core/dtype';
import type { Tensor } from '../core/tensor';
import * as np from '../numpy/index';
import type { ArrayLike } from '../numpy/creation';
import * as random from '../random/index';
import { silu } from './activations';
import { DenseParams, splitKeys } from './dense';
import { initMlp, mlp } from './mlp';
import { TimeEmbeddingOptions, timeEmbedding } from './time-embedding';

export interface TimeMlpConfig {
  /** Features of x (2 for 2-D toy data); also the output width. */
  dataDim: number;
  /** Width of each hidden layer. */
  hidden: number;
  /** Number of hidden layers (≥ 1). */
  depth: number;
  /** Width of the sinusoidal time embedding (even). */
  embedDim: number;
  /** Number of classes for a conditional model; the table gets one extra "null" row for CFG. */
  classes?: number;
  /** Width of the learned label embedding (default embedDim). */
  labelDim?: number;
  /** Zero the output layer so F starts at 0 (default false). */
  zeroInitLast?: boolean;
  dtype?: DType;
}

/**
 * Parameters of timeMlp: only trainable tensors, so an optimiser (weight decay included) can map
 * over all of them. The embedding width is recovered from the first layer's fan-in.
 */
export interface TimeMlpParams {
  layers: DenseParams[];
  /** [classes + 1, labelDim]; the last row is the unconditional (null) label. */
  labelTable?: Tensor;
}

/**
 * Initialises timeMlp: LeCun-normal dense layers (see initDense) and an N(0, 1) label table.
 * @example const p = nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: 64, depth: 3, embedDim: 32 });
 */
export function initTimeMlp(key: Tensor, cfg: TimeMlpConfig): TimeMlpParams {
  const { dataDim, hidden, depth, embedDim, classes, labelDim = embedDim, zeroInitLast = false, dtype = 'float32' } = cfg;
  if (!(Number.isInteger(depth) && depth >= 1)) throw new Error(`initTimeMlp: depth must be an integer ≥ 1, got ${depth}.`);
  const [kMlp, kLabel] = splitKeys(key, 2);
  const inDim = dataDim + embedDim + (classes ? labelDim : 0);
  const sizes = [inDim, ...Array<number>(depth).fill(hidden), dataDim];
  if (embedDim % 2 !== 0) throw new Error(`initTimeMlp: embedDim must be even (sin and cos halves), got ${embedDim}.`);
  const params: TimeMlpParams = { layers: initMlp(kMlp, sizes, { zeroInitLast, dtype }) };
  if (classes) params.labelTable = random.normal(kLabel, [classes + 1, labelDim], { dtype });
  return params;
}

export interface TimeMlpOptions {
  /** Frequencies of the sinusoidal time embedding (see timeEmbedding); pass the same at every call. */
  time?: TimeEmbeddingOptions;
}

/**
 * F(x, c, y): x [..., dataDim], c [...] (or a scalar, broadcast over the batch), y int32 [...]
 * labels (the value `classes`, or omitting y, means unconditional). SiLU between layers.
 * Pure in (params, x, c, y), so it works under jit, grad, jvp (w.r.t. x and c) and vmap.
 * @example nn.timeMlp(p, np.zeros([8, 2]), np.full([8], 0.5)); // f32[8,2]
 */
export function timeMlp(params: TimeMlpParams, x: Tensor, c: ArrayLike, y?: ArrayLike, opts: TimeMlpOptions = {}): Tensor {
  const batch = x.shape.slice(0, -1);
  let t = np.asTensor(c, x.dtype);
  if (t.ndim === 0 && batch.length > 0) t = np.broadcastTo(t, batch);
  if (t.shape.join() !== batch.join()) {
    throw new Error(`timeMlp: c must be a scalar or have x's batch shape [${batch.join(', ')}], got ${t.aval}.`);
  }
  const labelDim = params.labelTable?.shape[1] ?? 0;
  const embedDim = params.layers[0].w.shape[0] - x.shape[x.ndim - 1] - labelDim;
  if (embedDim < 2) {
    throw new Error(`timeMlp: x has ${x.shape[x.ndim - 1]} features but the first layer takes ${params.layers[0].w.shape[0]} ` +
      `inputs in all (x, time embedding, label embedding); is x the right width (${x.aval})?`);
  }
  const parts = [x, timeEmbedding(t.astype(x.dtype), embedDim, opts.time)];
  if (params.labelTable) {
    const nullClass = params.labelTable.shape[0] - 1;
    let labels = np.asTensor(y ?? nullClass, 'int32');
    if (labels.ndim === 0 && batch.length > 0) labels = np.broadcastTo(labels, batch);
    parts.push(np.take(params.labelTable, labels, 0));
  } else if (y !== undefined) {
    throw new Error('timeMlp: labels were given but the model has no label table; initialise it with `classes`.');
  }
  return mlp(params.layers, np.concatenate(parts, -1), { activation: silu });
}
