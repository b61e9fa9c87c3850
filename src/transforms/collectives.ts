/**
 * Collectives over a named vmap axis (JAX's axis_name): psum, pmax, pmin and axis_index. Inside
 * `vmap(f, { axisName: 'i' })`, `lax.psum(x, 'i')` is the sum of x over the mapped axis, the same
 * for every member. They are primitives so that every transformation between the call and its
 * vmap sees them: jvp (psum is linear; pmax/pmin pass the tangent of the members that attain the
 * extremum), transpose (psum's is psum), a vmap over another axis (elementwise), and jit (staged;
 * a vmap of the jitted body answers to the same name). The BatchTrace that owns the name answers
 * them directly (vmap.ts): a reduction over its batch axis. Met outside such a vmap, they are an
 * error that names the axis.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import type { Primitive } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import * as lax from '../primitives/lax.js';
import { mapTangent } from '../primitives/helpers.js';
import type { BatchDim, Rules } from '../primitives/rules.js';

/** What the vmap that owns the axis computes: a reduction over its batch axis, or the index. */
export function collectiveOverAxis(prim: Primitive, vals: Tensor[], dims: BatchDim[], size: number): [Tensor[], BatchDim[]] {
  if (prim === 'axis_index') return [[lax.iota([size], 0, 'int32')], [0]];
  const [x] = vals, d = dims[0];
  if (prim === 'psum') {
    // Unbatched: every member holds x, so the sum is size·x.
    if (d === null) return [[lax.mul(x, lax.full(x.shape, size, x.dtype))], [null]];
    return [[lax.reduceSum(x, [d])], [null]];
  }
  if (d === null) return [[x], [null]];
  return [[prim === 'pmax' ? lax.reduceMax(x, [d]) : lax.reduceMin(x, [d])], [null]];
}

const identityType = (op: string) => (avals: ShapedArray[]): ShapedArray[] => {
  if (avals.length !== 1) throw new ArgumentError(`lax.${op}: takes one array, got ${avals.length}.`);
  return [avals[0]];
};
/** Another vmap's axis: the collective is elementwise across it. */
const passThrough = (prim: 'psum' | 'pmax' | 'pmin') =>
  (args: Tensor[], dims: BatchDim[], params: { axisName: string }): [Tensor[], BatchDim[]] => [[bind1(prim, args, params)], dims];

/** pmax/pmin's tangent: the mean tangent of the members that attain the extremum (ties shared). */
const extremumJvp = (prim: 'pmax' | 'pmin') => ([x]: Tensor[], [t]: (Tensor | null)[], params: { axisName: string }): [Tensor[], (Tensor | null)[]] => {
  const y = bind1(prim, [x], params);
  if (t === null || !isFloat(x.dtype)) return [[y], [null]];
  const hit = lax.compare(x, y, 'eq'), zero = lax.zerosLike(t);
  const count = bind1('psum', [lax.where(hit, lax.fullLike(t, 1), zero)], params);
  return [[y], [lax.div(bind1('psum', [lax.where(hit, t, zero)], params), count)]];
};

export const psumRules: Rules<'psum'> = {
  abstractEval: identityType('psum'),
  jvp: ([x], [t], params) => [[bind1('psum', [x], params)], [mapTangent(t, (v) => bind1('psum', [v], params))]],
  // Each member's output is the sum of every member's input: the adjoint sums the cotangents.
  transpose: ([ct], _args, params) => [ct === null ? null : bind1('psum', [ct], params)],
  vmap: passThrough('psum'),
};
export const pmaxRules: Rules<'pmax'> = { abstractEval: identityType('pmax'), jvp: extremumJvp('pmax'), vmap: passThrough('pmax') };
export const pminRules: Rules<'pmin'> = { abstractEval: identityType('pmin'), jvp: extremumJvp('pmin'), vmap: passThrough('pmin') };
export const axisIndexRules: Rules<'axis_index'> = {
  abstractEval: () => [new ShapedArray([], 'int32')],
  jvp: (_p, _t, params) => [[bind1('axis_index', [], params)], [null]],
  // No operand is batched by another vmap, so this is never called; an unbound name is reported at evaluation.
  vmap: (_a, _d, params) => [[bind1('axis_index', [], params)], [null]],
};
