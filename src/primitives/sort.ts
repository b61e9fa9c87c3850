/**
 * sort: several operands of one shape sorted together along `dimension`, ordered
 * lexicographically by the first `numKeys` of them, stably, in JAX's order for floats (NaN last,
 * -0 equal to +0). The other operands ride along (sort_key_val, argsort's iota).
 *
 * jvp: sorting is a permutation of each row, so tangents are permuted the same way; the
 * permutation comes from sorting one more operand, an iota, alongside (stability makes that the
 * same order). The permuting is a gather (take-along), whose transpose is a scatter-add: exact,
 * though on WebGPU the scatter kernel loops over a row per element (O(n²) per row for the
 * gradient of a sort; the forward sort is O(n log² n)).
 */
import { ShapeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as k from '../backend/cpu/sort-scan.js';
import { moveBatchAxis, shapeError } from './helpers.js';
import { positions, takeAlong } from './take-along.js';
import type { BatchDim, FirstOrderRules } from './rules.js';

export const sort: FirstOrderRules<'sort'> = {
  abstractEval: (avals, { dimension, numKeys }) => {
    if (avals.length === 0) throw new ShapeError('sort: needs at least one operand.');
    const [a] = avals;
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= a.ndim) {
      throw shapeError('sort', `dimension ${dimension} is out of range for ${a} (sort needs an axis; reshape a scalar to [1] first)`, [a.shape]);
    }
    if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > avals.length) {
      throw shapeError('sort', `numKeys must be an integer in [1, ${avals.length}] (the number of operands), got ${numKeys}`, avals.map((x) => x.shape));
    }
    if (avals.some((x) => x.ndim !== a.ndim || x.shape.some((d, i) => d !== a.shape[i]))) {
      throw shapeError('sort', `every operand must have the same shape, got ${avals.join(', ')}; broadcast them first`, avals.map((x) => x.shape));
    }
    return avals.map((x) => new ShapedArray(x.shape, x.dtype));
  },
  jvp: (xs, ts, params) => {
    if (ts.every((t) => t === null)) return [bind('sort', xs, params), ts.map(() => null)];
    const outs = bind('sort', [...xs, positions(xs[0].shape, params.dimension)], params);
    const perm = outs.pop()!;
    return [outs, ts.map((t) => (t === null ? null : takeAlong(t, perm, params.dimension)))];
  },
  vmap: (xs, dims, { dimension, numKeys }, size): [Tensor[], BatchDim[]] => {
    const moved = xs.map((x, i) => moveBatchAxis(x, dims[i], 0, size));
    const outs = bind('sort', moved, { dimension: dimension + 1, numKeys });
    return [outs, outs.map(() => 0)];
  },
  cpu: (xs, { dimension, numKeys }, outAvals) =>
    k.sort(xs.map((x) => x.data), outAvals.map((o) => o.dtype), xs[0].aval.shape, dimension, numKeys),
};
