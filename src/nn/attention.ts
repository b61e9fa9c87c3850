/**
 * Scaled dot-product attention with jax.nn.dot_product_attention's layout and semantics:
 * query [B, T, N, H], key and value [B, S, K, H] (or the same without the batch axis), N a
 * multiple of K (grouped-query attention: query head n reads key/value head ⌊n / (N/K)⌋).
 *
 * It is a composition: two batched matmuls around a softmax over the key axis. The softmax is
 * the max/exp/sum/divide composition of ./softmax.js, which the compiler fuses into one row
 * kernel (the scale, bias and mask fuse into it too, as its elementwise prologue), and being a
 * composition it has jvp, vmap and transposition for free — including grad of a jvp through it,
 * which FACM-style objectives on a transformer need.
 */
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { isFloat } from '../core/dtype.js';
import { fmtShape } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { softmaxOver } from './softmax.js';

export interface DotProductAttentionOptions {
  /** Added to the logits; broadcastable to [B, N, T, S] (or [N, T, S] without a batch axis). */
  bias?: Tensor;
  /** Bool, broadcastable like `bias`: false drops that query–key pair (its weight becomes 0). */
  mask?: Tensor;
  /** Causal masking: query t attends to keys s ≤ t (default false). */
  isCausal?: boolean;
  /** Multiplies the logits (default 1/√H). */
  scale?: number;
}

const OPTION_NAMES = new Set(['bias', 'mask', 'isCausal', 'scale']);

/**
 * JAX masks by replacing logits with a large negative finite number, not −∞: a fully masked row
 * then gets uniform weights instead of NaN (0/0), and no ∞ − ∞ can appear in the softmax.
 */
const largeNegative = (dtype: 'float32' | 'float64'): number => (dtype === 'float32' ? -0.7 * 3.4028234663852886e38 : -0.7 * Number.MAX_VALUE);

function checkOperand(op: string, name: string, x: unknown): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${name} must be an array, got ${validate.describe(x)}.`);
  if (!isFloat(x.dtype)) throw new DTypeError(`${op}: ${name} must be float32 or float64, got ${x.aval}; cast it with .astype('float32').`);
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new ShapeError(`${op}: ${name} has shape ${fmtShape(x.shape)}; expected rank 4 [batch, seqLen, numHeads, headDim] ` +
      `or rank 3 [seqLen, numHeads, headDim].`);
  }
  return x;
}

/**
 * softmax(scale · q·kᵀ + bias, masked) · v per head (jax.nn.dot_product_attention).
 * @example
 * const q = random.normal(random.key(0), [2, 5, 4, 8]); // [batch, seqLen, heads, headDim]
 * nn.dotProductAttention(q, q, q, { isCausal: true }).shape; // → [2, 5, 4, 8]
 */
export function dotProductAttention(query: Tensor, key: Tensor, value: Tensor, opts: DotProductAttentionOptions = {}): Tensor {
  const op = 'nn.dotProductAttention';
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new ArgumentError(`${op}: options must be an object such as { isCausal: true }, got ${validate.describe(opts)}.`);
  }
  for (const k of Object.keys(opts)) {
    if (!OPTION_NAMES.has(k)) {
      throw new ArgumentError(`${op}: unknown option '${k}'; the options are ${[...OPTION_NAMES].join(', ')}.`);
    }
  }
  const q0 = checkOperand(op, 'query', query), k0 = checkOperand(op, 'key', key), v0 = checkOperand(op, 'value', value);
  if (q0.ndim !== k0.ndim || q0.ndim !== v0.ndim) {
    throw new ShapeError(`${op}: query ${fmtShape(q0.shape)}, key ${fmtShape(k0.shape)} and value ${fmtShape(v0.shape)} must have ` +
      `the same rank (all with a batch axis, or none).`);
  }
  if (k0.dtype !== q0.dtype || v0.dtype !== q0.dtype) {
    throw new DTypeError(`${op}: query, key and value must share a dtype, got ${q0.dtype}, ${k0.dtype} and ${v0.dtype}; cast them to one.`);
  }
  const batched = q0.ndim === 4;
  const [q, k, v] = [q0, k0, v0].map((x) => (batched ? x : lax.reshape(x, [1, ...x.shape])));
  const [B, T, N, H] = q.shape, [Bk, S, K, Hk] = k.shape;
  if (Bk !== B || Hk !== H || v.shape[0] !== B || v.shape[1] !== S || v.shape[2] !== K) {
    throw new ShapeError(`${op}: key ${fmtShape(k0.shape)} and value ${fmtShape(v0.shape)} do not fit query ${fmtShape(q0.shape)}: ` +
      `key must be [batch, kvLen, kvHeads, headDim] with the query's batch and headDim, and value [batch, kvLen, kvHeads, valueDim].`);
  }
  if (K === 0 ? N !== 0 : N % K !== 0) {
    throw new ShapeError(`${op}: the query's ${N} heads must be a multiple of the key/value's ${K} heads (grouped-query attention).`);
  }
  const G = K === 0 ? 0 : N / K, Hv = v.shape[3];
  const dtype = q.dtype as 'float32' | 'float64';
  const scale = opts.scale === undefined ? 1 / Math.sqrt(H) : validate.number(op, 'scale', opts.scale);
  if (!Number.isFinite(scale)) throw new ArgumentError(`${op}: scale must be a finite number, got ${scale}.`);
  if (opts.isCausal !== undefined && typeof opts.isCausal !== 'boolean') {
    throw new ArgumentError(`${op}: isCausal must be true or false, got ${validate.describe(opts.isCausal)}.`);
  }
  const logitShape = [B, N, T, S];

  // Heads grouped as (K, G): q → [B·K, G·T, H], k → [B·K, S, H]; one batched matmul gives
  // [B·K, G·T, S], which is [B, N, T, S] as it lies (n = k·G + g, as JAX groups them).
  // The scale goes on the query (JAX scales the logits; the same product up to rounding): on the
  // logits it would be one more step in the softmax's prologue, recomputed in each of its loops
  // (the bias and mask are there too: compiler/plan-rows-inline.ts keeps it one row kernel).
  const qs = lax.mul(q, lax.full(q.shape, scale, dtype));
  const qg = lax.reshape(lax.transpose(lax.reshape(qs, [B, T, K, G, H]), [0, 2, 3, 1, 4]), [B * K, G * T, H]);
  const kg = lax.reshape(lax.transpose(k, [0, 2, 1, 3]), [B * K, S, H]);
  const vg = lax.reshape(lax.transpose(v, [0, 2, 1, 3]), [B * K, S, Hv]);
  let logits = lax.reshape(lax.dotGeneral(qg, kg, [[2], [2]], [[0], [0]]), logitShape);
  if (opts.bias !== undefined) logits = lax.add(logits, extra(op, 'bias', opts.bias, logitShape, batched, dtype));
  let keep: Tensor | undefined;
  if (opts.mask !== undefined) keep = extra(op, 'mask', opts.mask, logitShape, batched, 'bool');
  if (opts.isCausal) {
    const causal = lax.compare(lax.iota(logitShape, 3), lax.iota(logitShape, 2), 'le'); // s ≤ t
    keep = keep ? lax.where(keep, causal, keep) : causal;
  }
  if (keep) logits = lax.where(keep, logits, lax.full(logitShape, largeNegative(dtype), dtype));
  const probs = softmaxOver(logits, [3]);
  const out = lax.dotGeneral(lax.reshape(probs, [B * K, G * T, S]), vg, [[2], [1]], [[0], [0]]); // [B·K, G·T, Hv]
  const result = lax.reshape(lax.transpose(lax.reshape(out, [B, K, G, T, Hv]), [0, 3, 1, 2, 4]), [B, T, N, Hv]);
  return batched ? result : lax.reshape(result, [T, N, Hv]);
}

/** A bias or mask operand, checked and broadcast to the logits' [B, N, T, S]. */
function extra(op: string, name: 'bias' | 'mask', x: unknown, logitShape: number[], batched: boolean, dtype: 'float32' | 'float64' | 'bool'): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${name} must be an array, got ${validate.describe(x)}.`);
  if (name === 'mask' && x.dtype !== 'bool') {
    throw new DTypeError(`${op}: mask must be bool (true keeps a query–key pair), got ${x.aval}; build it with a comparison, ` +
      `or pass additive logits as bias instead.`);
  }
  if (name === 'bias' && x.dtype !== dtype) {
    throw new DTypeError(`${op}: bias must have the query's dtype ${dtype}, got ${x.aval}; cast it with .astype('${dtype}').`);
  }
  const want = batched ? logitShape : logitShape.slice(1);
  if (x.ndim > want.length) {
    throw new ShapeError(`${op}: ${name} has shape ${fmtShape(x.shape)}, rank ${x.ndim}; it must broadcast to the logits' ` +
      `${fmtShape(want)} (${batched ? '[batch, numHeads, qLen, kvLen]' : '[numHeads, qLen, kvLen]'}).`);
  }
  const target = broadcastShapes(op, x.shape, want);
  if (target.some((d, i) => d !== want[i])) {
    throw new ShapeError(`${op}: ${name} of shape ${fmtShape(x.shape)} does not broadcast to the logits' ${fmtShape(want)} ` +
      `(${batched ? '[batch, numHeads, qLen, kvLen]' : '[numHeads, qLen, kvLen]'}).`);
  }
  return broadcastTo(x, logitShape, op);
}
