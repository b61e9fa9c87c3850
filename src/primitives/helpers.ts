/** Shared pieces that keep each primitive's rules short (as Autodidax's defLinear etc.). */
import { DType, isFloat, shortName } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import { ShapedArray, Shape, fmtShape, shapesEqual } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import type { Primitive } from '../core/primitive.js';
import * as lax from './lax.js';
import type { BatchDim, Tangent } from './rules.js';

export function requireFloat(op: string, a: ShapedArray): void {
  if (!isFloat(a.dtype)) {
    throw new DTypeError(`${op}: expected a floating-point array, got ${a}; convert it first, e.g. x.astype('float32').`);
  }
}

/** Elementwise primitives take operands of identical type; the numpy layer broadcasts and promotes. */
export function sameTypes(op: string, avals: ShapedArray[]): ShapedArray {
  const [a] = avals;
  for (const b of avals.slice(1)) {
    if (!a.equals(b)) {
      throw new (shapesEqual(a.shape, b.shape) ? DTypeError : ShapeError)(`${op}: operands must have the same shape and dtype at the primitive level, got ` +
        `${avals.join(' and ')}. Use the numpy function (np.${op}), which broadcasts shapes and ` +
        `promotes dtypes, or broadcast/cast explicitly.`);
    }
  }
  return a;
}

export function requireDtype(op: string, a: ShapedArray, allowed: DType[]): void {
  if (!allowed.includes(a.dtype)) {
    throw new DTypeError(`${op}: expected ${allowed.map(shortName).join(' or ')}, got ${a}; cast the input with astype().`);
  }
}

export const shapeError = (op: string, msg: string, shapes: Shape[]): Error =>
  new ShapeError(`${op}: ${msg} (shapes ${shapes.map(fmtShape).join(', ')}).`);

// --- tangents -------------------------------------------------------------------------------

export const instantiate = (t: Tangent, like: Tensor): Tensor => t ?? lax.zerosLike(like);

export function addTangents(a: Tangent, b: Tangent): Tangent {
  if (a === null) return b;
  if (b === null) return a;
  return lax.add(a, b);
}

/** Applies `f` to a tangent, keeping symbolic zeros symbolic. */
export const mapTangent = (t: Tangent, f: (t: Tensor) => Tensor): Tangent => (t === null ? null : f(t));

// --- batching -------------------------------------------------------------------------------

/** Moves the batch axis of `x` to `to`, materialising it (by broadcast) when `x` is unbatched. */
export function moveBatchAxis(x: Tensor, from: BatchDim, to: number, size: number): Tensor {
  if (from === null) {
    const shape = [...x.shape];
    shape.splice(to, 0, size);
    const dims = x.shape.map((_, d) => (d < to ? d : d + 1));
    return lax.broadcastInDim(x, shape, dims);
  }
  if (from === to) return x;
  const perm = x.shape.map((_, d) => d).filter((d) => d !== from);
  perm.splice(to, 0, from);
  return lax.transpose(x, perm);
}

/** vmap of an elementwise primitive: line every batch axis up at 0, apply, output batched at 0. */
export const elementwiseVmap = (prim: Primitive) =>
  (args: Tensor[], dims: BatchDim[], params: object, size: number): [Tensor[], BatchDim[]] => {
    // Fast path: all batched operands share an axis and none is unbatched.
    if (dims.every((d) => d !== null && d === dims[0])) return [bind(prim, args, params), args.map(() => dims[0])];
    const moved = args.map((x, i) => moveBatchAxis(x, dims[i], 0, size));
    const outs = bind(prim, moved, params);
    return [outs, outs.map(() => 0)];
  };

/** Inserts a batch axis at `at` into a static list of dims that refer to an unbatched array. */
export const shiftDims = (dims: readonly number[], at: number): number[] => dims.map((d) => (d >= at ? d + 1 : d));

/** jvp of a primitive linear in all its operands: apply it to the tangents. */
export const linearJvp = (prim: Primitive) =>
  (xs: Tensor[], ts: Tangent[], params: object): [Tensor[], Tangent[]] => {
    const outs = bind(prim, xs, params);
    if (ts.every((t) => t === null)) return [outs, outs.map(() => null)];
    return [outs, bind(prim, ts.map((t, i) => instantiate(t, xs[i])), params)];
  };

/**
 * Why a tangent program can fail to transpose, and what to do: a user's customJvp rule whose
 * tangent is not linear in the input tangents is the one way a user can reach it.
 */
export const NONLINEAR_TANGENT = "If it comes from a customJvp rule, make the rule's tangent output linear in the input tangents " +
  '(e.g. t·cos(x), never t·t); otherwise this is a fluxion bug: please report it.';

/**
 * Why a `custom_lin` equation (a customVjp's tangent map, transforms/custom-vjp.ts) cannot run
 * forward: the user gave a backward rule only. Raised by its jvp rule, the backends and the compiler.
 */
export function customLinEvaluated(params: { name: string }): ArgumentError {
  return new ArgumentError(`customVjp(${params.name}): forward-mode differentiation (jvp, jacfwd, linearize's tangent map, ` +
    `hessian's outer jacfwd) is not defined for a function with a custom vjp: it has a backward rule only. Use reverse mode ` +
    `(grad, vjp, jacrev), or give the function a forward rule with customJvp.`);
}
