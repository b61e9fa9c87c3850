/**
 * sort: several operands of one shape sorted together along `dimension`, ordered
 * lexicographically by the first `numKeys` of them, stably, in JAX's order for floats (NaN last,
 * -0 equal to +0). The other operands ride along (sort_key_val, argsort's iota).
 *
 * jvp: sorting is a permutation of each row, so tangents are permuted the same way — by sorting
 * them as extra (non-key) operands behind the same keys: stability makes that the same order. So
 * the tangent is a sort that is linear in its non-key operands, and its transpose un-permutes the
 * cotangent: sorting it by the permutation (itself a sort of the keys with an iota). Gradients
 * of sorts thus cost sorts, O(n log² n) on WebGPU, where a gather's transpose (a scatter-add
 * kernel looping over every index per element) would cost O(n²).
 */
import { ShapeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as k from '../backend/cpu/sort-scan.js';
import { moveBatchAxis, shapeError } from './helpers.js';
import { positions } from './take-along.js';
import { UndefinedPrimal, type BatchDim, type FirstOrderRules } from './rules.js';

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
    const live = ts.filter((t): t is Tensor => t !== null);
    if (live.length === 0) return [bind('sort', xs, params), ts.map(() => null)];
    // The tangents' sort is separate from the primals' so that linearization finds the primal
    // outputs computable from primals alone, and the tangent part linear in its non-key operands.
    const keys = xs.slice(0, params.numKeys);
    const outs = bind('sort', xs, params);
    const moved = bind('sort', [...keys, ...live], params).slice(keys.length);
    let k = 0;
    return [outs, ts.map((t) => (t === null ? null : moved[k++]))];
  },
  transpose: (cts, args, { dimension, numKeys }) => {
    const keys = args.slice(0, numKeys);
    if (!keys.every((a): a is Tensor => a instanceof Tensor)) {
      throw new Error('sort: transpose with respect to a sort key is not linear (fluxion bug: please report; the jvp rule must keep keys known).');
    }
    let perm: Tensor | undefined;
    return args.map((a, i) => {
      const ct = cts[i];
      if (!(a instanceof UndefinedPrimal) || ct === null) return null;
      // out[j] = a[perm[j]]  ⇒  ct_a[perm[j]] = ct[j]: sorting ct by perm puts each back.
      perm ??= bind('sort', [...keys, positions(keys[0].shape, dimension)], { dimension, numKeys }).at(-1)!;
      return bind('sort', [perm, ct], { dimension, numKeys: 1 })[1];
    });
  },
  vmap: (xs, dims, { dimension, numKeys }, size): [Tensor[], BatchDim[]] => {
    const moved = xs.map((x, i) => moveBatchAxis(x, dims[i], 0, size));
    const outs = bind('sort', moved, { dimension: dimension + 1, numKeys });
    return [outs, outs.map(() => 0)];
  },
  cpu: (xs, { dimension, numKeys }, outAvals) =>
    k.sort(xs.map((x) => x.data), outAvals.map((o) => o.dtype), xs[0].aval.shape, dimension, numKeys),
};
