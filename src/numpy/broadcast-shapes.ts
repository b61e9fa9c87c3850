/**
 * np.broadcastShapes, the public face of numpy's broadcasting rule on shapes alone
 * (jnp.broadcast_shapes). The library's own callers use broadcast.ts's `broadcastShapes(op, ...)`,
 * which names *their* operation in its error; this one checks a user's shapes first (each an
 * array of non-negative integers, or one integer as a 1-D shape, as JAX and NumPy accept).
 */
import * as validate from '../core/validate.js';
import { broadcastShapes as broadcastShapesOf } from './broadcast.js';

/**
 * The shape that arrays of the given shapes broadcast to (jnp.broadcast_shapes): trailing axes
 * aligned, each axis's sizes equal or 1. No shapes give `[]`. Incompatible shapes raise a
 * ShapeError naming them and the axis where they differ.
 * @example
 * np.broadcastShapes([2, 1], [3]);        // → [2, 3]
 * np.broadcastShapes([5, 1, 4], [3, 1], 4); // → [5, 3, 4]
 * np.broadcastShapes([0, 1], [1, 7]);     // → [0, 7]
 * np.broadcastShapes();                   // → []
 */
export function broadcastShapes(...shapes: readonly (readonly number[] | number)[]): number[] {
  const op = 'np.broadcastShapes';
  const checked = shapes.map((s, i) => validate.shape(op, s, shapes.length > 1 ? `shape ${i + 1}` : 'the shape'));
  return checked.length ? broadcastShapesOf(op, ...checked) : [];
}
