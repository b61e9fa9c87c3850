/**
 * Argument handling shared by the scipy namespace (internal: src/scipy/index.ts does not export
 * this file). Operands become float arrays of one dtype (JAX's promote_args_inexact: integers and
 * bools promote to float32; float arrays promote among themselves; JS numbers adopt the arrays'
 * type) broadcast to one shape, with errors that name the public operation.
 */
import { isFloat, promoteTypes, type DType } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo } from '../numpy/broadcast.js';
import { type ArrayLike, operandTensor } from '../numpy/creation.js';

/** A constant of x's shape and dtype. */
export const k = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);

/** The float dtype that operands compute in (JS numbers are weakly typed). */
export function floatDtype(op: string, xs: readonly Tensor[]): DType {
  let d: DType | undefined;
  for (const x of xs) {
    const f = isFloat(x.dtype) ? x.dtype : 'float32';
    const p: DType | undefined = d === undefined ? f : promoteTypes(d, f) ?? undefined;
    if (p === undefined) throw new DTypeError(`${op}: cannot combine ${d} with ${f} operands; cast them to one float dtype with astype().`);
    d = p;
  }
  return d ?? 'float32';
}

/**
 * The operands as float arrays of one dtype (not broadcast). `roles` names each operand in
 * messages ('x', 'loc', ...); a JS number adopts the other operands' dtype (weak typing, as JAX).
 */
export function floatOperands(op: string, values: readonly ArrayLike[], roles: readonly string[]): Tensor[] {
  const tensors = values.map((v, i) => (typeof v === 'number' ? undefined : operandTensor(op, v, undefined, roles[i])));
  values.forEach((v, i) => { if (typeof v === 'number') validate.operand(op, v, roles[i]); });
  const dt = floatDtype(op, tensors.filter((t): t is Tensor => t !== undefined));
  return values.map((v, i) => (typeof v === 'number' ? lax.scalar(v, dt) : lax.cast(tensors[i]!, dt)));
}

/** The operands as float arrays of one dtype and one broadcast shape (see floatOperands). */
export function floatArgs(op: string, values: readonly ArrayLike[], roles: readonly string[]): Tensor[] {
  const ts = floatOperands(op, values, roles);
  const shape = broadcastShapes(op, ...ts.map((t) => t.shape));
  return ts.map((t) => broadcastTo(t, shape, op));
}

/** One float operand (integers and bools promoted to float32). */
export function floatArg(op: string, value: ArrayLike, role = 'the operand'): Tensor {
  return floatArgs(op, [value], [role])[0];
}

/** NaN where `ok` is false (scipy's answer outside a distribution's parameter domain). */
export const nanUnless = (ok: Tensor, v: Tensor): Tensor => lax.where(ok, v, k(v, NaN));

/** Whether each element is an integer (finite and equal to its floor). */
export const isInteger = (x: Tensor): Tensor => lax.compare(lax.floor(x), x, 'eq');

/** Logical and of two boolean arrays. */
export const and = (a: Tensor, b: Tensor): Tensor => lax.where(a, b, a);
/** Logical or of two boolean arrays. */
export const or = (a: Tensor, b: Tensor): Tensor => lax.where(a, a, b);

/** An axis argument: an integer, a list of them, or null / undefined (every axis). */
export function axesArg(op: string, axis: unknown, ndim: number): number[] {
  if (axis === null || axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new ArgumentError(`${op}: axis must be an integer, a list of integers or null (every axis), got ${validate.describe(axis)}.`);
  }
  return validate.axes(op, axis, ndim);
}
