/**
 * A generic time-conditioned MLP F(x, c[, y]) = MLP(concat(x, timeEmbedding(c)[, E[y]])): the
 * network shape docs/facm.md asks for on 2-D toy data. Output has the shape of x.
 *
 * Optionally a second time r (docs/facm.md's "auxiliary time condition", MeanFlow's second time): its
 * embedding enters the first layer's pre-activation through its own matrix, timeEmbedding(r)·W_r,
 * with W_r = 0 at initialisation, so a fresh model (or a teacher extended by withAuxTime) computes
 * exactly what it computed without r.
 */
import type { DType } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import * as validate from '../core/validate.js';
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import type { ArrayLike } from '../numpy/creation.js';
import * as random from '../random/index.js';
import { silu } from './activations.js';
import { DenseParams, dense, splitKeys } from './dense.js';
import { initMlp, mlp } from './mlp.js';
import { TimeEmbeddingOptions, timeEmbedding } from './time-embedding.js';

const TIME_MLP_CONFIG_KEYS = ['dataDim', 'hidden', 'depth', 'embedDim', 'classes', 'labelDim', 'zeroInitLast', 'auxTime', 'dtype'] as const;

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
  /** Add the zero-initialised auxiliary time embedding (then every call must pass `r`). */
  auxTime?: boolean;
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
  /**
   * [embedDim, hidden]: maps timeEmbedding(r) into the first layer's pre-activation. No bias of
   * its own (the first layer's bias already is one).
   */
  auxTime?: Tensor;
}

/**
 * Initialises timeMlp: LeCun-normal dense layers (see initDense) and an N(0, 1) label table.
 * @example const p = nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: 64, depth: 3, embedDim: 32 });
 */
export function initTimeMlp(key: Tensor, cfg: TimeMlpConfig): TimeMlpParams {
  const op = 'nn.initTimeMlp';
  if (!validate.isOptionsObject(cfg)) {
    throw new ArgumentError(`${op}: the config must be an object such as { dataDim: 2, hidden: 64, depth: 3, embedDim: 32 }, got ${validate.describe(cfg)}.`);
  }
  const { dataDim, hidden, depth, embedDim, classes, labelDim = embedDim, zeroInitLast = false, auxTime = false, dtype = 'float32' } =
    validate.options<TimeMlpConfig>(op, cfg, TIME_MLP_CONFIG_KEYS, '{ dataDim: 2, hidden: 64, depth: 3, embedDim: 32 }') as TimeMlpConfig;
  // A missing or misspelt width would otherwise become NaN-shaped layers deep inside initDense.
  validate.integer(op, 'dataDim', dataDim, { min: 1 });
  validate.integer(op, 'hidden', hidden, { min: 1 });
  validate.integer(op, 'depth', depth, { min: 1 });
  validate.integer(op, 'embedDim', embedDim, { min: 2 });
  if (classes !== undefined) validate.integer(op, 'classes', classes, { min: 0 });
  validate.integer(op, 'labelDim', labelDim, { min: 1 });
  validate.boolean(op, 'zeroInitLast', zeroInitLast);
  validate.boolean(op, 'auxTime', auxTime);
  const [kMlp, kLabel] = splitKeys(key, 2);
  const inDim = dataDim + embedDim + (classes ? labelDim : 0);
  const sizes = [inDim, ...Array<number>(depth).fill(hidden), dataDim];
  if (embedDim % 2 !== 0) throw new ArgumentError(`${op}: embedDim must be even (sin and cos halves), got ${embedDim}.`);
  const params: TimeMlpParams = { layers: initMlp(kMlp, sizes, { zeroInitLast, dtype }) };
  if (classes) params.labelTable = random.normal(kLabel, [classes + 1, labelDim], { dtype });
  return auxTime ? withAuxTime(params) : params;
}

/**
 * The same network with a zero auxiliary time embedding added: FACM's auxiliary-time student
 * starts as a copy of a teacher trained without r, and computes exactly the teacher's F at any r.
 * @example
 * const teacher = nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 });
 * const student = nn.withAuxTime(teacher);
 * student.auxTime.shape; // → [8, 16] — zeros, so the student starts as the teacher
 */
export function withAuxTime(params: TimeMlpParams): TimeMlpParams {
  checkParams('nn.withAuxTime', params);
  if (params.auxTime) {
    throw new ArgumentError('nn.withAuxTime: the model already has an auxiliary time embedding (params.auxTime); pass the params without it, or use them as they are.');
  }
  if (params.layers.length < 2) {
    throw new ShapeError(`nn.withAuxTime: the auxiliary time enters a hidden layer's pre-activation, but the model has ${params.layers.length} layer(s) ` +
      `and no hidden layer; initialise it with depth ≥ 1 (nn.initTimeMlp).`);
  }
  const [, hidden] = params.layers[0].w.shape;
  return { ...params, auxTime: np.zeros([timeEmbedDim(params), hidden], params.layers[0].w.dtype) };
}

export interface TimeMlpOptions {
  /** Frequencies of the sinusoidal time embedding (see timeEmbedding); pass the same at every call. */
  time?: TimeEmbeddingOptions;
  /**
   * The auxiliary time [...] (or a scalar), embedded like c with the same frequencies. Required
   * exactly when the model has `auxTime`: there is no default, because the right value depends on
   * the task (FACM's auxiliary variant: r = 1 for the consistency jump, r = c for flow matching)
   * and a silent one would train or sample the wrong task.
   */
  r?: ArrayLike;
}

/**
 * F(x, c, y): x [..., dataDim], c [...] (or a scalar, broadcast over the batch), y int32 [...]
 * labels (the value `classes`, or omitting y, means unconditional). SiLU between layers.
 * A model with `auxTime` takes its second time as `opts.r` (see TimeMlpOptions.r).
 * Pure in (params, x, c, y, r), so it works under jit, grad, jvp (w.r.t. x, c and r) and vmap.
 * @example
 * const p = nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 });
 * nn.timeMlp(p, np.zeros([8, 2]), np.full([8], 0.5)).shape; // → [8, 2]
 * @example
 * const pAux = nn.withAuxTime(nn.initTimeMlp(random.key(0), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 }));
 * const F: facm.Net = (x, c, r) => nn.timeMlp(pAux, x, c, undefined, { r }); // auxiliary time r
 * F(np.zeros([4, 2]), np.full([4], 0.5), np.full([4], 0.25)).shape; // → [4, 2]
 */
export function timeMlp(params: TimeMlpParams, xIn: Tensor, c: ArrayLike, y?: ArrayLike, options: TimeMlpOptions = {}): Tensor {
  const op = 'nn.timeMlp';
  checkParams(op, params);
  const opts = validate.options<TimeMlpOptions>(op, options, ['time', 'r'], '{ r: 1 }');
  const x = np.asTensor(validate.operand(op, xIn, 'x') as ArrayLike);
  if (x.ndim === 0) throw new ShapeError(`${op}: x is a scalar ${x.aval}; it must be [..., dataDim] (e.g. [batch, 2]).`);
  const batch = x.shape.slice(0, -1);
  const t = batchTime('c', c, x, batch);
  const embedDim = params.layers[0].w.shape[0] - x.shape[x.ndim - 1] - (params.labelTable?.shape[1] ?? 0);
  if (embedDim < 2) {
    throw new ShapeError(`${op}: x has ${x.shape[x.ndim - 1]} features but the first layer takes ${params.layers[0].w.shape[0]} ` +
      `inputs in all (x, time embedding, label embedding); is x the right width (${x.aval})?`);
  }
  const parts = [x, timeEmbedding(t, embedDim, opts.time)];
  if (params.labelTable) {
    const nullClass = params.labelTable.shape[0] - 1;
    let labels = np.asTensor(y ?? nullClass, 'int32');
    if (labels.ndim === 0 && batch.length > 0) labels = np.broadcastTo(labels, batch);
    parts.push(np.take(params.labelTable, labels, 0));
  } else if (y !== undefined) {
    throw new ArgumentError(`${op}: labels were given but the model has no label table; initialise it with \`classes\` (nn.initTimeMlp), or omit y.`);
  }
  const input = np.concatenate(parts, -1);
  if (!params.auxTime) {
    if (opts.r !== undefined) {
      throw new ArgumentError(`${op}: an auxiliary time r was given but the model has no auxiliary time embedding; ` +
        'initialise it with `auxTime: true` or extend it with nn.withAuxTime(params).');
    }
    return mlp(params.layers, input, { activation: silu });
  }
  if (opts.r === undefined) {
    throw new ArgumentError(`${op}: the model has an auxiliary time embedding, so pass r in the options ` +
      '(FACM\'s auxiliary variant: r = 1 for the consistency jump, r = c for flow matching).');
  }
  if (params.auxTime.shape[0] !== embedDim) {
    throw new ShapeError(`${op}: auxTime is ${params.auxTime.aval} but the time embedding has ${embedDim} features; ` +
      'the auxiliary embedding must have the width of the first one.');
  }
  const [first, ...rest] = params.layers;
  const auxEmbedding = timeEmbedding(batchTime('r', opts.r, x, batch), embedDim, opts.time);
  const h = silu(dense(first, input).add(np.matmul(auxEmbedding, params.auxTime)));
  return mlp(rest, h, { activation: silu });
}

/** params must look like initTimeMlp's result: a list of { w, b } layers (optional tables). */
function checkParams(op: string, params: unknown): asserts params is TimeMlpParams {
  const layers = validate.isOptionsObject(params) ? params.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new ArgumentError(`${op}: params must be the { layers, labelTable?, auxTime? } object from nn.initTimeMlp, got ${validate.describe(params)}.`);
  }
}

/** A time argument as x's dtype and batch shape (a scalar is broadcast). */
function batchTime(name: string, c: ArrayLike, x: Tensor, batch: number[]): Tensor {
  let t = np.asTensor(c, x.dtype).astype(x.dtype);
  if (t.ndim === 0 && batch.length > 0) t = np.broadcastTo(t, batch);
  if (t.shape.join() !== batch.join()) {
    throw new ShapeError(`nn.timeMlp: ${name} must be a scalar or have x's batch shape [${batch.join(', ')}], got ${t.aval}.`);
  }
  return t;
}

/** The sinusoidal embedding width, read off the first layer's fan-in. */
function timeEmbedDim(params: TimeMlpParams): number {
  // x has the output layer's width (timeMlp's output has the shape of x).
  const dataDim = params.layers[params.layers.length - 1].w.shape[1];
  return params.layers[0].w.shape[0] - dataDim - (params.labelTable?.shape[1] ?? 0);
}
