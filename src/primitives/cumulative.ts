/**
 * The cumulative scans cumsum, cumprod, cummax, cummin along one axis (from its end when
 * `reverse`), as JAX's lax has them. They are primitives rather than associativeScan
 * compositions because a scan is one pass over the data (a kernel of its own on WebGPU: a
 * work-efficient per-row scan) where the composition is O(log n) passes of slices.
 *  - cumsum is linear; its transpose is the cumsum in the other direction.
 *  - cumprod's jvp is JAX's: the jvp of the associative scan, here written out as the linear
 *    recurrence d_i = d_{i-1}·x_i + y_{i-1}·t_i (product rule on y_i = y_{i-1}·x_i) scanned
 *    with lax.associativeScan — exact at zeros, unlike y·cumsum(t/x).
 *  - cummax/cummin's jvp takes each tangent from the position the running extremum came from
 *    (its first occurrence): a gather along that index path (extremumJvp).
 */
import { isFloat } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import type { CumulativeParams } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as k from '../backend/cpu/sort-scan.js';
import * as lax from './lax.js';
import { associativeScan } from './associative-scan.js';
import { shapeError } from './helpers.js';
import { positions, takeAlong } from './take-along.js';
import type { BatchDim, FirstOrderRules, Tangent } from './rules.js';

type Cumulative = 'cumsum' | 'cumprod' | 'cummax' | 'cummin';
const OPS: Record<Cumulative, k.ScanOp> = { cumsum: 'sum', cumprod: 'prod', cummax: 'max', cummin: 'min' };

const cum = (prim: Cumulative, x: Tensor, axis: number, reverse: boolean): Tensor => bind1(prim, [x], { axis, reverse });

function checkAval(prim: Cumulative, a: ShapedArray, { axis, reverse }: CumulativeParams): ShapedArray[] {
  if (!Number.isInteger(axis) || axis < 0 || axis >= a.ndim) {
    throw shapeError(prim, `axis ${axis} is out of range for ${a} (a scan needs an axis; reshape a scalar to [1] first)`, [a.shape]);
  }
  if (typeof reverse !== 'boolean') throw shapeError(prim, `reverse must be true or false, got ${String(reverse)}`, [a.shape]);
  if (a.dtype === 'bool') {
    throw new DTypeError(`${prim}: bool operands have no ${OPS[prim]}; cast first (np.${prim} promotes bool to int32), e.g. x.astype('int32').`);
  }
  return [a];
}

/** `x` shifted one place along `axis` in scan order (the value before each position), `fill` at the start. */
function shifted(x: Tensor, axis: number, reverse: boolean, fill: number): Tensor {
  const n = x.shape[axis];
  if (n === 0) return x;
  const start = x.shape.map(() => 0), limit = [...x.shape];
  if (reverse) start[axis] = 1; else limit[axis] = n - 1;
  const one = [...x.shape];
  one[axis] = 1;
  const rest = lax.slice(x, start, limit), edge = lax.full(one, fill, x.dtype);
  return lax.concatenate(reverse ? [rest, edge] : [edge, rest], axis);
}

function cumulativeRules(prim: Cumulative, jvpOf: (x: Tensor, y: Tensor, t: Tensor, p: CumulativeParams) => Tensor): FirstOrderRules<Cumulative> {
  return {
    abstractEval: ([a], p) => checkAval(prim, a, p),
    jvp: ([x], [t], p) => {
      const y = cum(prim, x, p.axis, p.reverse);
      const tangent: Tangent = t === null || !isFloat(x.dtype) ? null : jvpOf(x, y, t, p);
      return [[y], [tangent]];
    },
    vmap: ([x], [d], { axis, reverse }): [Tensor[], BatchDim[]] =>
      (d === null ? [[cum(prim, x, axis, reverse)], [null]] : [[cum(prim, x, axis >= d ? axis + 1 : axis, reverse)], [d]]),
    cpu: ([x], { axis, reverse }, [o]) => [k.scan(x.data, x.aval.shape, axis, reverse, OPS[prim], o.dtype)],
  };
}

export const cumsum: FirstOrderRules<'cumsum'> = {
  ...cumulativeRules('cumsum', (_x, _y, t, p) => cum('cumsum', t, p.axis, p.reverse)),
  transpose: ([ct], _args, { axis, reverse }) => [ct === null ? null : cum('cumsum', ct, axis, !reverse)],
};

export const cumprod: FirstOrderRules<'cumprod'> = cumulativeRules('cumprod', (x, y, t, { axis, reverse }) => {
  const before = shifted(y, axis, reverse, 1); // y_{i-1}, 1 at the start
  const [, d] = associativeScan(
    ([a1, b1], [a2, b2]) => [lax.mul(a1, a2), lax.add(lax.mul(b1, a2), b2)],
    [x, lax.mul(before, t)], { axis, reverse },
  );
  return d;
});

/**
 * Where a new running extremum starts (first position, or strictly better than everything
 * before it in scan order): the running value comes from the latest such position.
 */
function freshExtremum(x: Tensor, y: Tensor, axis: number, reverse: boolean, better: 'gt' | 'lt'): Tensor {
  const n = x.shape[axis];
  const before = shifted(y, axis, reverse, 0);
  const first = lax.compare(positions(x.shape, axis), lax.full(x.shape, reverse ? n - 1 : 0, 'int32'), 'eq');
  return lax.where(first, lax.full(x.shape, 1, 'bool'), lax.compare(x, before, better));
}

/**
 * The tangent of a running max/min is the tangent at the position its value came from: the
 * latest fresh position so far (a running max of their indices; from the end, a running min),
 * then a gather along that index path. (On WebGPU the gather's transpose is a scatter-add kernel,
 * O(n²) per row: a forward-fill recurrence via associativeScan avoids that but needs more
 * buffers per fused kernel than adapters allow at n in the thousands — see the report.)
 */
function extremumJvp(better: 'gt' | 'lt') {
  return (x: Tensor, y: Tensor, t: Tensor, { axis, reverse }: CumulativeParams): Tensor => {
    const n = x.shape[axis];
    if (n === 0) return t;
    const fresh = freshExtremum(x, y, axis, reverse, better);
    const pos = positions(x.shape, axis);
    const candidate = lax.where(fresh, pos, lax.full(x.shape, reverse ? n - 1 : 0, 'int32'));
    return takeAlong(t, cum(reverse ? 'cummin' : 'cummax', candidate, axis, reverse), axis);
  };
}

export const cummax: FirstOrderRules<'cummax'> = cumulativeRules('cummax', extremumJvp('gt'));

export const cummin: FirstOrderRules<'cummin'> = cumulativeRules('cummin', extremumJvp('lt'));
