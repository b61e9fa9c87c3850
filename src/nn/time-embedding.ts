/**
 * Sinusoidal embedding of a raw scalar time, for FACM's single condition c ∈ [0, 2] (docs/facm.md:
 * the raw c, no ×1000 scaling).
 */
import { isFloat } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

export interface TimeEmbeddingOptions {
  /** Lowest angular frequency (default 1): cos(c) alone is monotone on [0, 2], so c is never aliased. */
  minFreq?: number;
  /**
   * Highest angular frequency (default 100): resolves differences in c of about 1/maxFreq. It also
   * bounds ∂emb/∂c, which enters FACM's jvp tangent, so larger is not free.
   */
  maxFreq?: number;
  /** DiT's name for the same ratio: with minFreq = 1, maxPeriod is an alias of maxFreq. */
  maxPeriod?: number;
}

/**
 * [sin(ω_k c), cos(ω_k c)] for dim/2 geometric frequencies ω_k from minFreq to maxFreq.
 * DiT's frequencies (1 down to 1e-4) assume times scaled to [0, 1000]; on the raw c ∈ [0, 2] most
 * of them would be constant, so the range is set for unit-scale times instead.
 * c has any shape [...]; the result is [..., dim], sin half first, in c's float dtype.
 * @example nn.timeEmbedding(np.array([0, 0.5, 2]), 16).shape; // → [3, 16]
 */
export function timeEmbedding(c: ArrayLike, dim: number, opts: TimeEmbeddingOptions = {}): Tensor {
  const op = 'nn.timeEmbedding';
  if (typeof dim !== 'number' || !Number.isInteger(dim) || dim < 2 || dim % 2 !== 0) {
    throw new ArgumentError(`${op}: dim must be an even integer ≥ 2 (sin and cos halves), got ${validate.describe(dim)}.`);
  }
  const o = validate.options<TimeEmbeddingOptions>(op, opts, ['minFreq', 'maxFreq', 'maxPeriod'], '{ maxFreq: 100 }');
  if (o.maxFreq !== undefined && o.maxPeriod !== undefined && o.maxFreq !== o.maxPeriod) {
    throw new ArgumentError(`${op}: maxFreq ${o.maxFreq} and its alias maxPeriod ${o.maxPeriod} disagree; give one of them.`);
  }
  const { minFreq = 1, maxFreq = o.maxPeriod ?? 100 } = o;
  validate.number(op, 'minFreq', minFreq);
  validate.number(op, 'maxFreq', maxFreq);
  let t = operandTensor(op, c);
  if (!isFloat(t.dtype)) t = t.astype('float32');
  const freqs = timeFrequencies(dim / 2, minFreq, maxFreq);
  const arg = t.expandDims(-1).mul(np.array(freqs, { dtype: t.dtype }));
  return np.concatenate([np.sin(arg), np.cos(arg)], -1);
}

/**
 * The angular frequencies timeEmbedding uses: geometric from minFreq to maxFreq (inclusive), e.g.
 * `timeFrequencies(3, 1, 100)` is `[1, 10, 100]`. Internal, not in `nn`: a list of host numbers
 * rather than an array function (the embedding itself is nn.timeEmbedding).
 */
export function timeFrequencies(half: number, minFreq = 1, maxFreq = 100): number[] {
  if (half === 1) return [minFreq];
  return Array.from({ length: half }, (_, k) => minFreq * (maxFreq / minFreq) ** (k / (half - 1)));
}
