/** Reductions over axes. The output drops the reduced axes; numpy's keepdims is a reshape on top. */
import { lowestValue } from '../core/dtype.js';
import { ShapeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { linearJvp, mapTangent, requireFloat, shapeError } from './helpers.js';
import type { BatchDim, FirstOrderRules } from './rules.js';

function reducedAval(op: string, a: ShapedArray, axes: readonly number[]): ShapedArray {
  if (axes.some((ax, i) => !Number.isInteger(ax) || ax < 0 || ax >= a.ndim || (i > 0 && ax <= axes[i - 1]))) {
    throw shapeError(op, `axes (${axes.join(', ')}) must be distinct, sorted and within the ${a.ndim} axes of ${a}`, [a.shape]);
  }
  return new ShapedArray(a.shape.filter((_, d) => !axes.includes(d)), a.dtype);
}

/** Batching a reduction leaves the batch axis where it is and renumbers the reduced axes around it. */
function reduceVmap(axes: readonly number[], d: BatchDim): { axes: number[]; out: BatchDim } {
  if (d === null) return { axes: [...axes], out: null };
  const shifted = axes.map((a) => (a >= d ? a + 1 : a));
  return { axes: shifted, out: d - axes.filter((a) => a < d).length };
}

const keptDims = (ndim: number, axes: readonly number[]) =>
  Array.from({ length: ndim }, (_, d) => d).filter((d) => !axes.includes(d));

export const reduce_sum: FirstOrderRules<'reduce_sum'> = {
  abstractEval: ([a], { axes }) => [reducedAval('reduce_sum', a, axes)],
  jvp: linearJvp('reduce_sum'),
  vmap: ([x], [d], { axes }) => {
    const v = reduceVmap(axes, d);
    return [[lax.reduceSum(x, v.axes)], [v.out]];
  },
  cpu: ([x], { axes }, [o]) => [k.reduce(x.data, x.aval.shape, axes, o.dtype, 0, (acc, v) => acc + v)],
  transpose: ([ct], [x], { axes }) =>
    [mapTangent(ct, (c) => lax.broadcastInDim(c, x.aval.shape, keptDims(x.aval.ndim, axes)))],
};

export const reduce_max: FirstOrderRules<'reduce_max'> = {
  abstractEval: ([a], { axes }) => [reducedAval('reduce_max', a, axes)],
  jvp: ([x], [t], { axes }) => {
    const y = lax.reduceMax(x, axes);
    if (t === null) return [[y], [null]];
    // The derivative is shared evenly among the positions that attain the maximum (as in JAX).
    const kept = keptDims(x.ndim, axes);
    const hit = lax.cast(lax.compare(x, lax.broadcastInDim(y, x.shape, kept), 'eq'), x.dtype);
    return [[y], [lax.div(lax.reduceSum(lax.mul(t, hit), axes), lax.reduceSum(hit, axes))]];
  },
  vmap: ([x], [d], { axes }) => {
    const v = reduceVmap(axes, d);
    return [[lax.reduceMax(x, v.axes)], [v.out]];
  },
  // Over an empty axis the result is the identity, the dtype's lowest value (as on WebGPU).
  cpu: ([x], { axes }, [o]) => [k.reduce(x.data, x.aval.shape, axes, o.dtype, lowestValue(o.dtype),
    (acc, v) => (v > acc || Number.isNaN(v) ? v : acc))],
};

export const argmax: FirstOrderRules<'argmax'> = {
  abstractEval: ([a], { axis }) => {
    if (a.dtype === 'bool') requireFloat('argmax', a);
    // No element to point to: an index of 0 would be a silent wrong answer.
    if (Number.isInteger(axis) && axis >= 0 && axis < a.ndim && a.shape[axis] === 0) {
      throw shapeError('argmax', `axis ${axis} of ${a} is empty, so there is no maximum to point to; check the shape first`, [a.shape]);
    }
    return [new ShapedArray(reducedAval('argmax', a, [axis]).shape, 'int32')];
  },
  jvp: ([x], _t, { axis }) => [[lax.argmax(x, axis)], [null]],
  vmap: ([x], [d], { axis }) => {
    const v = reduceVmap([axis], d);
    return [[lax.argmax(x, v.axes[0])], [v.out]];
  },
  cpu: ([x], { axis }) => [k.argmax(x.data, x.aval.shape, axis)],
};

