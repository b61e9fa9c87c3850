/**
 * Movement primitives: they only move elements, so every one is linear, and the compiler turns
 * each into index arithmetic inside the kernel that consumes it.
 */
import { ArgumentError } from '../core/errors.js';
import { ShapedArray, sizeOf } from '../core/shape.js';
import * as validate from '../core/validate.js';
import { Tensor } from '../core/tensor.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { linearJvp, mapTangent, moveBatchAxis, shapeError } from './helpers.js';
import type { FirstOrderRules, UndefinedPrimal } from './rules.js';

const avalOf = (x: Tensor | UndefinedPrimal): ShapedArray => x.aval;

export const broadcast_in_dim: FirstOrderRules<'broadcast_in_dim'> = {
  abstractEval: ([a], { shape, dims }) => {
    validate.shape('broadcast_in_dim', shape);
    const ok = dims.length === a.ndim && dims.every((d, i) =>
      d >= 0 && d < shape.length && (i === 0 || d > dims[i - 1]) && (a.shape[i] === shape[d] || a.shape[i] === 1));
    if (!ok) {
      throw shapeError('broadcast_in_dim', `cannot broadcast ${a} to [${shape.join(', ')}] with operand dims ` +
        `(${dims.join(', ')}); each operand dim must map, in increasing order, to an output dim of equal size or come from size 1`, [a.shape, shape]);
    }
    return [new ShapedArray(shape, a.dtype)];
  },
  jvp: linearJvp('broadcast_in_dim'),
  vmap: ([x], [d], { shape, dims }, size) =>
    [[lax.broadcastInDim(moveBatchAxis(x, d, 0, size), [size, ...shape], [0, ...dims.map((e) => e + 1)])], [0]],
  cpu: ([x], { shape, dims }, [o]) => [k.broadcastInDim(x.data, x.aval.shape, shape, dims, o.dtype)],
  transpose: ([ct], [x], { shape, dims }) => [mapTangent(ct, (c) => {
    const xs = avalOf(x).shape;
    const summed = shape.map((_, d) => d).filter((d) => {
      const i = dims.indexOf(d);
      return i < 0 || (xs[i] === 1 && shape[d] !== 1);
    });
    return lax.reshape(lax.reduceSum(c, summed), xs);
  })],
};

export const reshape: FirstOrderRules<'reshape'> = {
  abstractEval: ([a], { shape }) => {
    if (sizeOf(shape) !== a.size || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw shapeError('reshape', `cannot reshape ${a} (${a.size} elements) to [${shape.join(', ')}] (${sizeOf(shape)} elements)`, [a.shape, shape]);
    }
    return [new ShapedArray(shape, a.dtype)];
  },
  jvp: linearJvp('reshape'),
  vmap: ([x], [d], { shape }, size) => [[lax.reshape(moveBatchAxis(x, d, 0, size), [size, ...shape])], [0]],
  cpu: ([x]) => [x.data.slice()],
  transpose: ([ct], [x]) => [mapTangent(ct, (c) => lax.reshape(c, avalOf(x).shape))],
};

export const transpose: FirstOrderRules<'transpose'> = {
  abstractEval: ([a], { perm }) => {
    const sorted = [...perm].sort((p, q) => p - q);
    if (perm.length !== a.ndim || sorted.some((p, i) => p !== i)) {
      throw shapeError('transpose', `perm (${perm.join(', ')}) is not a permutation of the ${a.ndim} axes of ${a}`, [a.shape]);
    }
    return [new ShapedArray(perm.map((p) => a.shape[p]), a.dtype)];
  },
  jvp: linearJvp('transpose'),
  vmap: ([x], [d], { perm }, size) => [[lax.transpose(moveBatchAxis(x, d, 0, size), [0, ...perm.map((p) => p + 1)])], [0]],
  cpu: ([x], { perm }, [o]) => [k.transpose(x.data, x.aval.shape, perm, o.dtype)],
  transpose: ([ct], _x, { perm }) => {
    const inv = perm.map((_, i) => perm.indexOf(i));
    return [mapTangent(ct, (c) => lax.transpose(c, inv))];
  },
};

export const slice: FirstOrderRules<'slice'> = {
  abstractEval: ([a], { start, limit }) => {
    const ok = start.length === a.ndim && limit.length === a.ndim &&
      start.every((s, d) => Number.isInteger(s) && s >= 0 && s <= limit[d] && limit[d] <= a.shape[d]);
    if (!ok) throw shapeError('slice', `start (${start.join(', ')}) / limit (${limit.join(', ')}) out of bounds for ${a}`, [a.shape]);
    return [new ShapedArray(start.map((s, d) => limit[d] - s), a.dtype)];
  },
  jvp: linearJvp('slice'),
  vmap: ([x], [d], { start, limit }, size) => [[lax.slice(moveBatchAxis(x, d, 0, size), [0, ...start], [size, ...limit])], [0]],
  cpu: ([x], { start, limit }, [o]) => [k.slice(x.data, x.aval.shape, start, limit, o.dtype)],
  transpose: ([ct], [x], { start, limit }) =>
    [mapTangent(ct, (c) => lax.pad(c, start, avalOf(x).shape.map((n, d) => n - limit[d])))],
};

export const pad: FirstOrderRules<'pad'> = {
  abstractEval: ([a], { lo, hi }) => {
    const ok = lo.length === a.ndim && hi.length === a.ndim && [...lo, ...hi].every((p) => Number.isInteger(p) && p >= 0);
    if (!ok) throw shapeError('pad', `padding lo (${lo.join(', ')}) hi (${hi.join(', ')}) must be non-negative, one per axis of ${a}`, [a.shape]);
    return [new ShapedArray(a.shape.map((n, d) => n + lo[d] + hi[d]), a.dtype)];
  },
  jvp: linearJvp('pad'),
  vmap: ([x], [d], { lo, hi }, size) => [[lax.pad(moveBatchAxis(x, d, 0, size), [0, ...lo], [0, ...hi])], [0]],
  cpu: ([x], { lo, hi }, [o]) => [k.pad(x.data, x.aval.shape, lo, hi, o.dtype)],
  transpose: ([ct], [x], { lo }) => [mapTangent(ct, (c) => lax.slice(c, lo, lo.map((l, d) => l + avalOf(x).shape[d])))],
};

export const concatenate: FirstOrderRules<'concatenate'> = {
  abstractEval: (avals, { axis }) => {
    const [a] = avals;
    if (avals.length === 0) throw new ArgumentError('concatenate: needs at least one array.');
    const ok = axis >= 0 && axis < a.ndim && avals.every((b) => b.dtype === a.dtype && b.ndim === a.ndim &&
      b.shape.every((n, d) => d === axis || n === a.shape[d]));
    if (!ok) {
      throw shapeError('concatenate', `arrays ${avals.join(', ')} must share dtype and every dimension except axis ${axis}`, avals.map((b) => b.shape));
    }
    const shape = [...a.shape];
    shape[axis] = avals.reduce((s, b) => s + b.shape[axis], 0);
    return [new ShapedArray(shape, a.dtype)];
  },
  jvp: linearJvp('concatenate'),
  vmap: (xs, ds, { axis }, size) => [[lax.concatenate(xs.map((x, i) => moveBatchAxis(x, ds[i], 0, size)), axis + 1)], [0]],
  cpu: (xs, { axis }, [o]) => [k.concatenate(xs.map((x) => x.data), xs.map((x) => x.aval.shape), axis, o.shape, o.dtype)],
  transpose: ([ct], xs, { axis }) => {
    let at = 0;
    return xs.map((x) => {
      const shape = avalOf(x).shape, from = at;
      at += shape[axis];
      if (x instanceof Tensor || ct === null) return null;
      return lax.slice(ct, shape.map((_, d) => (d === axis ? from : 0)), shape.map((n, d) => (d === axis ? from + n : ct.shape[d])));
    });
  },
};
