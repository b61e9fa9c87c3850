/**
 * Argument checks shared by the lax compositions (lax-conveniences.ts, lax-bits.ts, lax-more.ts):
 * lax takes arrays only, of one shape and dtype where an operation combines them, and says so
 * with a named error instead of failing deeper down.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';

/** `x` when it is an array; an ArgumentError naming `op` and `role` otherwise. */
export const tensor = (op: string, x: unknown, role: string): Tensor => {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${role} must be an array, got ${validate.describe(x)}; make one with np.array.`);
  return x;
};

/** Operands of one shape and dtype, as lax requires (no broadcasting or promotion). */
export function sameType(op: string, xs: readonly Tensor[]): void {
  const a = xs[0].aval;
  for (const x of xs.slice(1)) {
    if (!x.aval.equals(a)) throw new ShapeError(`${op}: operands must have one shape and dtype, got ${xs.map((t) => t.aval).join(', ')}; broadcast or cast first (the np functions do).`);
  }
}
