/**
 * More products: kron, inner, vdot, cross. Broadcasts, reshapes and dot_general, so every
 * transformation and the WebGPU kernels come from those primitives.
 */
import { ShapeError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { ArrayLike, operandTensor } from './creation.js';
import { broadcastShapes, broadcastTo, resultDtype } from './broadcast.js';

function pair(op: string, a: ArrayLike, b: ArrayLike): [Tensor, Tensor] {
  const x = operandTensor(op, a, undefined, 'the first operand'), y = operandTensor(op, b, undefined, 'the second operand');
  const dt = resultDtype(op, x, y);
  return [lax.cast(x, dt), lax.cast(y, dt)];
}

/**
 * The Kronecker product: blocks a[i]·b, as `numpy.kron` (the lower-rank operand gains leading 1s).
 * @example np.kron(np.array([1, 10]), np.array([1, 2, 3])); // → [1, 2, 3, 10, 20, 30]
 */
export function kron(a: ArrayLike, b: ArrayLike): Tensor {
  let [x, y] = pair('np.kron', a, b);
  const nd = Math.max(x.ndim, y.ndim);
  x = lax.reshape(x, [...Array(nd - x.ndim).fill(1), ...x.shape]);
  y = lax.reshape(y, [...Array(nd - y.ndim).fill(1), ...y.shape]);
  // [a0, b0, a1, b1, ...] by broadcasting interleaved axes, then merged pairwise.
  const shape = x.shape.flatMap((d, i) => [d, y.shape[i]]);
  const xb = lax.broadcastInDim(x, shape, x.shape.map((_, i) => 2 * i));
  const yb = lax.broadcastInDim(y, shape, y.shape.map((_, i) => 2 * i + 1));
  return lax.reshape(lax.mul(xb, yb), x.shape.map((d, i) => d * y.shape[i]));
}

/**
 * The inner product over the last axes, as `numpy.inner` (a scalar operand multiplies).
 * @example np.inner(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // → [3, 7]
 */
export function inner(a: ArrayLike, b: ArrayLike): Tensor {
  const op = 'np.inner';
  const [x, y] = pair(op, a, b);
  if (x.ndim === 0 || y.ndim === 0) {
    const s = broadcastShapes(op, x.shape, y.shape);
    return lax.mul(broadcastTo(x, s, op), broadcastTo(y, s, op));
  }
  if (x.shape[x.ndim - 1] !== y.shape[y.ndim - 1]) {
    throw new ShapeError(`${op}: the last axes of ${x.aval} and ${y.aval} differ (${x.shape[x.ndim - 1]} vs ${y.shape[y.ndim - 1]}).`);
  }
  return lax.dotGeneral(x, y, [[x.ndim - 1], [y.ndim - 1]]);
}

/**
 * The dot product of the flattened operands, as `numpy.vdot` (real arrays: no conjugation).
 * @example np.vdot(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [0, 1]])); // → 5
 */
export function vdot(a: ArrayLike, b: ArrayLike): Tensor {
  const op = 'np.vdot';
  const [x, y] = pair(op, a, b);
  if (x.size !== y.size) throw new ShapeError(`${op}: ${x.aval} and ${y.aval} have different sizes (${x.size} vs ${y.size}).`);
  return lax.dotGeneral(lax.reshape(x, [x.size]), lax.reshape(y, [y.size]), [[0], [0]]);
}

/** Options of cross: the vector axis of each operand and of the result (NumPy's axisa, axisb, axisc), or `axis` for all. */
export interface CrossOptions { axisa?: number; axisb?: number; axisc?: number; axis?: number }

/**
 * The cross product of 3-vectors (or 2-vectors, giving the z component) along the last axis,
 * broadcasting the other axes, as `numpy.cross`.
 * @example np.cross(np.array([1, 0, 0]), np.array([0, 1, 0])); // → [0, 0, 1]
 */
export function cross(a: ArrayLike, b: ArrayLike, opts?: CrossOptions): Tensor {
  const op = 'np.cross';
  const o = validate.options<CrossOptions>(op, opts ?? {}, ['axisa', 'axisb', 'axisc', 'axis'], '{ axis: 0 }');
  let [x, y] = pair(op, a, b);
  if (x.ndim === 0 || y.ndim === 0) throw new ShapeError(`${op}: the operands ${x.aval} and ${y.aval} must hold vectors.`);
  const move = (t: Tensor, ax: number) => {
    const d = validate.axis(op, ax, t.ndim);
    const perm = [...Array(t.ndim).keys()].filter((i) => i !== d).concat(d);
    return lax.transpose(t, perm);
  };
  x = move(x, o.axisa ?? o.axis ?? -1); y = move(y, o.axisb ?? o.axis ?? -1);
  const nx = x.shape[x.ndim - 1], ny = y.shape[y.ndim - 1];
  if ((nx !== 2 && nx !== 3) || (ny !== 2 && ny !== 3)) {
    throw new ShapeError(`${op}: the vectors have ${nx} and ${ny} components; cross needs 2 or 3 (${x.aval}, ${y.aval}).`);
  }
  const batch = broadcastShapes(op, x.shape.slice(0, -1), y.shape.slice(0, -1));
  const comp = (t: Tensor, i: number): Tensor => {
    const n = t.shape[t.ndim - 1];
    if (i >= n) return lax.full(batch, 0, t.dtype);
    const s = lax.reshape(lax.slice(t, t.shape.map((_, d) => (d === t.ndim - 1 ? i : 0)), t.shape.map((m, d) => (d === t.ndim - 1 ? i + 1 : m))), t.shape.slice(0, -1));
    return broadcastTo(s, batch, op);
  };
  const [a0, a1, a2, b0, b1, b2] = [comp(x, 0), comp(x, 1), comp(x, 2), comp(y, 0), comp(y, 1), comp(y, 2)];
  const z = lax.sub(lax.mul(a0, b1), lax.mul(a1, b0));
  if (nx === 2 && ny === 2) return z;
  const parts = [lax.sub(lax.mul(a1, b2), lax.mul(a2, b1)), lax.sub(lax.mul(a2, b0), lax.mul(a0, b2)), z];
  const r = lax.concatenate(parts.map((p) => lax.reshape(p, [...batch, 1])), batch.length);
  const axc = validate.axis(op, o.axisc ?? o.axis ?? -1, r.ndim, 'axisc');
  if (axc === r.ndim - 1) return r;
  const perm = [...Array(r.ndim - 1).keys()];
  perm.splice(axc, 0, r.ndim - 1);
  return lax.transpose(r, perm);
}
