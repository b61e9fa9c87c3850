/** Numpy broadcasting and dtype promotion, done explicitly before binding primitives. */
import { DType, isFloat, promoteTypes, shortName } from '../core/dtype.js';
import { Shape, fmtShape } from '../core/shape.js';
import { DTypeError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';

/**
 * The shape the given shapes broadcast to (numpy's rules); `op` names the caller in the error.
 * Internal (np's index exports broadcast-shapes.ts's user-facing `np.broadcastShapes(...shapes)`
 * instead): callers inside the library pass their own op name, e.g.
 * `broadcastShapes('np.add', [2, 1], [3])` is `[2, 3]`.
 */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const nd = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < nd; i++) {
    let d = 1;
    for (const s of shapes) {
      const n = s[s.length - nd + i] ?? 1;
      if (n === 1) continue;
      if (d !== 1 && d !== n) {
        throw new ShapeError(`${op}: shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together ` +
          `(axis ${i - nd} has sizes ${d} and ${n}). Sizes must match or be 1; reshape or expandDims an operand.`);
      }
      d = n;
    }
    out.push(d);
  }
  return out;
}

/**
 * Broadcasts `x` to `shape` (numpy rules: align trailing axes).
 * @example np.broadcastTo(np.array([1, 2]), [3, 2]); // → [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(a: ArrayLike, s: Shape | number, op = 'np.broadcastTo'): Tensor {
  const x = operandTensor(op, a);
  const shape = validate.shape(op, s);
  if (x.ndim === shape.length && x.shape.every((d, i) => d === shape[i])) return x;
  const target = broadcastShapes(op, x.shape, shape);
  if (target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
    throw new ShapeError(`${op}: cannot broadcast ${x.aval} to ${fmtShape(shape)}; each axis must match the target's ` +
      `trailing axes or have size 1 (reshape or expandDims first).`);
  }
  const lead = shape.length - x.ndim;
  return lax.broadcastInDim(x, shape, x.shape.map((_, i) => i + lead));
}

/** The dtype two operands compute in; JS numbers are weakly typed (they adopt the other's type). */
export function resultDtype(op: string, a: ArrayLike, b: ArrayLike): DType {
  const ta = isTensor(a), tb = isTensor(b);
  if (ta && tb) {
    const d = promoteTypes(a.dtype, b.dtype);
    if (!d) {
      throw new DTypeError(`${op}: cannot combine ${shortName(a.dtype)} ${fmtShape(a.shape)} with ${shortName(b.dtype)} ` +
        `${fmtShape(b.shape)}: there is no common type (JAX's promotion gives int64, which fluxion does not have). Cast one operand with astype().`);
    }
    return d;
  }
  const t = ta ? a : tb ? (b as Tensor) : undefined;
  const n = ta ? b : a;
  if (!t) return typeof a === 'boolean' && typeof b === 'boolean' ? 'bool' : 'float32';
  // A fractional literal with an integer array computes in float32, like numpy.
  if (typeof n === 'number' && !Number.isInteger(n) && !isFloat(t.dtype)) return 'float32';
  if (typeof n === 'number' && t.dtype === 'bool') return Number.isInteger(n) ? 'int32' : 'float32';
  return t.dtype;
}

const ROLES = ['the first operand', 'the second operand'];

/**
 * Converts, promotes and broadcasts one or two operands to one shape and dtype, after checking
 * each is an operand at all (a string, undefined, null or object is an error naming `op`).
 */
export function prepare(op: string, xs: [ArrayLike] | [ArrayLike, ArrayLike], dtype?: DType): Tensor[] {
  const role = (i: number) => (xs.length === 1 ? 'the operand' : ROLES[i]);
  // Array data becomes an array first, with its own dtype (a list holding 0.5 is float32), so it
  // promotes like an array and is never cast down to the other operand's integer type.
  const vs = xs.map((x, i) => (isTensor(x) || typeof validate.operand(op, x, role(i)) === 'number' || typeof x === 'boolean'
    ? x : arrayFor(op, x)));
  const dt = dtype ?? resultDtype(op, vs[0], vs[vs.length - 1]);
  const ts = vs.map((x, i) => lax.cast(operandTensor(op, x, dt, role(i)), dt));
  const shape = broadcastShapes(op, ...ts.map((t) => t.shape));
  return ts.map((t) => broadcastTo(t, shape, op));
}
