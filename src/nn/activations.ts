/**
 * Pointwise activations (jax.nn's names and formulas), written as compositions of primitives so
 * every transformation (grad, jvp, vmap, jit) and the compiler's elementwise fusion apply to them
 * without new primitives. Where JAX fixes a derivative at a kink (relu, relu6: 0 at the corners)
 * the composition uses `where` on a strict comparison, whose jvp gives exactly that.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import * as np from '../numpy/index.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

/** The operand as a float tensor (integers and bools promoted to float32, as jax.nn does). */
function floatArg(op: string, x: ArrayLike): Tensor {
  const t = operandTensor(op, x);
  return isFloat(t.dtype) ? t : lax.cast(t, 'float32');
}
const c = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);

/** A positive-or-any finite number option, checked under the op's name. */
function numberOption(op: string, name: string, v: unknown, { positive = false } = {}): number {
  const n = validate.number(op, name, v);
  if (!Number.isFinite(n) || (positive && !(n > 0))) {
    throw new ArgumentError(`${op}: ${name} must be a finite${positive ? ' positive' : ''} number, got ${n}.`);
  }
  return n;
}

/**
 * ReLU: max(x, 0), with derivative 0 at 0 (as jax.nn.relu).
 * @example nn.relu(np.array([-1, 2])); // → [0, 2]
 */
export function relu(x: ArrayLike): Tensor {
  const t = operandTensor('nn.relu', x);
  return lax.where(lax.compare(t, lax.zerosLike(t), 'gt'), t, lax.zerosLike(t));
}

/**
 * ReLU6: min(max(x, 0), 6), with derivative 0 at both corners (as jax.nn.relu6).
 * @example nn.relu6(np.array([-1, 3, 7])); // → [0, 3, 6]
 */
export function relu6(x: ArrayLike): Tensor {
  const t = operandTensor('nn.relu6', x);
  const inside = lax.compare(t, lax.zerosLike(t), 'gt');
  return lax.where(lax.compare(t, c(t, 6), 'lt'), lax.where(inside, t, lax.zerosLike(t)), c(t, 6));
}

/**
 * Logistic sigmoid 1/(1 + e⁻ˣ), computed as ½(1 + tanh(x/2)) (no overflow for large |x|).
 * @example nn.sigmoid(np.array([0])); // → [0.5]
 */
export function sigmoid(x: ArrayLike): Tensor {
  return np.sigmoid(floatArg('nn.sigmoid', x));
}

/**
 * softplus: log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|) (no overflow, no cancellation).
 * @example nn.softplus(np.array([0])); // → [0.69315]
 */
export function softplus(x: ArrayLike): Tensor {
  return softplusOf(floatArg('nn.softplus', x));
}
function softplusOf(t: Tensor): Tensor {
  return lax.add(lax.max(t, lax.zerosLike(t)), lax.log1p(lax.exp(lax.neg(lax.abs(t)))));
}

/**
 * log σ(x) = −softplus(−x), stable for large |x|.
 * @example nn.logSigmoid(np.array([0])); // → [-0.69315]
 */
export function logSigmoid(x: ArrayLike): Tensor {
  return lax.neg(softplusOf(lax.neg(floatArg('nn.logSigmoid', x))));
}

/**
 * SiLU (swish): x·σ(x). Smooth, so second-order uses (grad of a jvp, as in FACM) see no kinks.
 * @example nn.silu(np.array([-1, 0, 1])); // → [-0.26894, 0, 0.73106]
 */
export function silu(x: ArrayLike): Tensor {
  const t = floatArg('nn.silu', x);
  return t.mul(np.sigmoid(t));
}
/** jax.nn.swish, the same function as silu. @example nn.swish(np.array([1])); // → [0.73106] */
export const swish = silu;

/**
 * Leaky ReLU: x for x ≥ 0, negativeSlope·x below (default slope 0.01, as JAX).
 * @example nn.leakyRelu(np.array([-2, 3]), 0.1); // → [-0.2, 3]
 */
export function leakyRelu(x: ArrayLike, negativeSlope = 0.01): Tensor {
  const op = 'nn.leakyRelu';
  const t = floatArg(op, x);
  const s = numberOption(op, 'negativeSlope', negativeSlope);
  return lax.where(lax.compare(t, lax.zerosLike(t), 'ge'), t, lax.mul(t, c(t, s)));
}

/**
 * ELU: x for x > 0, α(eˣ − 1) below (default α = 1).
 * @example nn.elu(np.array([-1, 2])); // → [-0.63212, 2]
 */
export function elu(x: ArrayLike, alpha = 1): Tensor {
  const op = 'nn.elu';
  return eluOf(floatArg(op, x), numberOption(op, 'alpha', alpha));
}
function eluOf(t: Tensor, alpha: number): Tensor {
  const pos = lax.compare(t, lax.zerosLike(t), 'gt');
  // expm1 sees 0 where x > 0, so a large positive x cannot overflow into the unused branch's gradient.
  const negPart = lax.mul(c(t, alpha), lax.expm1(lax.where(pos, lax.zerosLike(t), t)));
  return lax.where(pos, t, negPart);
}

/**
 * CELU: max(x, 0) + min(0, α(e^(x/α) − 1)) (default α = 1; continuously differentiable for any α).
 * @example nn.celu(np.array([-1, 2]), 2); // → [-0.78694, 2]
 */
export function celu(x: ArrayLike, alpha = 1): Tensor {
  const op = 'nn.celu';
  const t = floatArg(op, x);
  const a = numberOption(op, 'alpha', alpha, { positive: true });
  const pos = lax.compare(t, lax.zerosLike(t), 'gt');
  const negPart = lax.mul(c(t, a), lax.expm1(lax.div(lax.where(pos, lax.zerosLike(t), t), c(t, a))));
  return lax.where(pos, t, negPart);
}

// The self-normalising constants of Klambauer et al. (2017), as in JAX.
const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * SELU: scale·elu(x, α) with α ≈ 1.6733, scale ≈ 1.0507.
 * @example nn.selu(np.array([-1, 1])); // → [-1.11133, 1.05070]
 */
export function selu(x: ArrayLike): Tensor {
  const t = floatArg('nn.selu', x);
  return lax.mul(c(t, SELU_SCALE), eluOf(t, SELU_ALPHA));
}

const GELU_C = Math.sqrt(2 / Math.PI);

/**
 * GELU. `approximate` true (the default, as JAX): ½x(1 + tanh(√(2/π)(x + 0.044715x³)));
 * false: the exact x·Φ(x), computed as ½x·erfc(−x/√2) (as JAX, accurate in the negative tail).
 * @example nn.gelu(np.array([-1, 0, 1])); // → [-0.15881, 0, 0.84119]
 * @example nn.gelu(np.array([1]), false); // → [0.84134]
 * @example nn.gelu(np.array([-8]), false); // → [-4.9768e-15]
 */
export function gelu(x: ArrayLike, approximate = true): Tensor {
  const op = 'nn.gelu';
  const t = floatArg(op, x);
  if (typeof approximate !== 'boolean') {
    throw new ArgumentError(`${op}: approximate must be true (tanh form) or false (exact erf form), got ${validate.describe(approximate)}.`);
  }
  // x·erfc(−x/√2)/2 as jax.nn.gelu: 1 + erf(x/√2) cancels to 0 in the negative tail, erfc keeps it.
  if (!approximate) return lax.mul(lax.mul(t, c(t, 0.5)), np.erfc(lax.mul(t, c(t, -Math.SQRT1_2))));
  const inner = t.add(t.mul(t).mul(t).mul(0.044715)).mul(GELU_C);
  return t.mul(0.5).mul(np.tanh(inner).add(1));
}

/**
 * Gated linear unit: splits `x` in two halves along `axis` (default last) and returns a·σ(b).
 * @example nn.glu(np.array([1, 2, 0, 0])); // → [0.5, 1]
 */
export function glu(x: ArrayLike, axis = -1): Tensor {
  const op = 'nn.glu';
  const t = floatArg(op, x);
  const ax = validate.axis(op, axis, t.ndim);
  const n = t.shape[ax];
  if (n % 2 !== 0) {
    throw new ArgumentError(`${op}: axis ${axis} of the input ${t.aval} has odd length ${n}; glu splits it into two equal halves, so it must be even.`);
  }
  const lo = t.shape.map(() => 0), hi = [...t.shape];
  hi[ax] = n / 2;
  const a = lax.slice(t, lo, hi);
  const lo2 = [...lo];
  lo2[ax] = n / 2;
  const b = lax.slice(t, lo2, t.shape);
  return lax.mul(a, np.sigmoid(b));
}

/**
 * Hard tanh: x clipped to [−1, 1].
 * @example nn.hardTanh(np.array([-2, 0.5, 3])); // → [-1, 0.5, 1]
 */
export function hardTanh(x: ArrayLike): Tensor {
  const t = floatArg('nn.hardTanh', x);
  return lax.where(lax.compare(t, c(t, 1), 'gt'), c(t, 1), lax.where(lax.compare(t, c(t, -1), 'lt'), c(t, -1), t));
}

/**
 * Soft sign: x / (|x| + 1).
 * @example nn.softSign(np.array([-1, 3])); // → [-0.5, 0.75]
 */
export function softSign(x: ArrayLike): Tensor {
  const t = floatArg('nn.softSign', x);
  return lax.div(t, lax.add(lax.abs(t), c(t, 1)));
}

/**
 * Hard sigmoid: relu6(x + 3) / 6, derivative 0 at the corners (as jax.nn.hard_sigmoid).
 * @example nn.hardSigmoid(np.array([-4, 0, 1.5, 4])); // → [0, 0.5, 0.75, 1]
 */
export function hardSigmoid(x: ArrayLike): Tensor {
  const t = floatArg('nn.hardSigmoid', x);
  return lax.div(relu6(lax.add(t, c(t, 3))), c(t, 6));
}

/**
 * Hard SiLU (hard swish): x · hardSigmoid(x) (jax.nn.hard_silu).
 * @example nn.hardSilu(np.array([-4, 1.5, 4])); // → [0, 1.125, 4]
 */
export function hardSilu(x: ArrayLike): Tensor {
  const t = floatArg('nn.hardSilu', x);
  return lax.mul(t, hardSigmoid(t));
}
/** jax.nn's other name for hardSilu. @example nn.hardSwish(np.array([4])); // → [4] */
export const hardSwish = hardSilu;

/**
 * Mish: x · tanh(softplus(x)) (jax.nn.mish).
 * @example nn.mish(np.array([0, 1])); // → [0, 0.86510]
 */
export function mish(x: ArrayLike): Tensor {
  const t = floatArg('nn.mish', x);
  return lax.mul(t, lax.tanh(softplusOf(t)));
}

/**
 * Squareplus: (x + √(x² + b)) / 2, a smooth ReLU without exponentials (jax.nn.squareplus, b = 4).
 * @example nn.squareplus(np.array([0, 1.5])); // → [1, 2]
 */
export function squareplus(x: ArrayLike, b = 4): Tensor {
  const t = floatArg('nn.squareplus', x);
  const bb = numberOption('nn.squareplus', 'b', b);
  if (bb < 0) throw new ArgumentError(`nn.squareplus: b must be ≥ 0 (it is the smoothing of the corner), got ${bb}.`);
  return lax.div(lax.add(t, lax.sqrt(lax.add(lax.mul(t, t), c(t, bb)))), c(t, 2));
}

/**
 * Sparse plus: 0 for x ≤ −1, (x + 1)²/4 between, x for x ≥ 1 (jax.nn.sparse_plus).
 * @example nn.sparsePlus(np.array([-2, 0, 2])); // → [0, 0.25, 2]
 */
export function sparsePlus(x: ArrayLike): Tensor {
  const t = floatArg('nn.sparsePlus', x);
  const p1 = lax.add(t, c(t, 1));
  const middle = lax.div(lax.mul(p1, p1), c(t, 4));
  return lax.where(lax.compare(t, c(t, -1), 'le'), lax.zerosLike(t), lax.where(lax.compare(t, c(t, 1), 'ge'), t, middle));
}

/** An activation: a pointwise function of one tensor. */
export type Activation = (x: Tensor) => Tensor;
