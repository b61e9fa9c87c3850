/**
 * Zero-size arrays are settled here, before any kernel is planned, because a kernel cannot be
 * written for them: a loop over 0 elements has no index expression (the generated WGSL read
 * `b0[( % 0u)]` and failed to compile), and WebGPU cannot bind an empty buffer range anyway.
 *
 * Two kinds of equations touch empty arrays:
 *  - those whose every output is empty compute nothing. They are left in place; the compiler
 *    plans no kernel for them (compiler/index.ts), and their consumers are empty too or are
 *    rewritten below, so dce drops them unless the program returns them.
 *  - those with a non-empty output and an empty operand are rewritten into what the result is
 *    without looking at any element:
 *      reduce_sum over an empty axis        → 0 (the sum's identity; mean = 0/0 is then NaN);
 *      reduce_max over an empty axis        → the dtype's lowest value (-∞ for floats), the max's
 *                                             identity (min = -max(-x) is then +∞);
 *      dot_general with an empty contraction → 0 (a sum of no products), and so conv_general_dilated;
 *      pad of an empty array                 → 0 everywhere (only padding remains);
 *      concatenate                           → without its empty operands;
 *      scatter_add of no updates             → its operand unchanged.
 *    (lu of an m×0 matrix and the complete qr of an m×0 matrix: linalgRewrite, one equation per output.)
 *    argmax of an empty axis and gather from an empty axis are shape errors raised when the
 *    equation is built (primitives/reduce.ts, indexing.ts), so they never get here.
 * The CPU interpreter computes the same values from the same definitions, and the zero-size
 * conformance cases (spec/webgpu-conformance.spec.ts) hold the two backends together.
 */
import { KernelError } from '../../core/errors.js';
import { Eqn, Jaxpr, Lit, Var } from '../../core/jaxpr.js';
import { lowestValue } from '../../core/dtype.js';
import { ShapedArray } from '../../core/shape.js';

const isEmpty = (a: { aval: ShapedArray }): boolean => a.aval.size === 0;

/** `out` as every element equal to `value`: a broadcast of a scalar literal. */
function filled(out: Var, value: number): Eqn {
  const lit = new Lit(value, new ShapedArray([], out.aval.dtype));
  return { prim: 'broadcast_in_dim', inputs: [lit], params: { shape: [...out.aval.shape], dims: [] }, outs: [out] };
}

function rewrite(e: Eqn): Eqn {
  const [out] = e.outs;
  switch (e.prim) {
    case 'reduce_sum': case 'dot_general': case 'pad': case 'conv_general_dilated':
      return filled(out, 0);
    case 'reduce_max':
      return filled(out, lowestValue(out.aval.dtype));
    case 'concatenate':
      // At least one operand is non-empty (the output is); the others add nothing.
      return { ...e, inputs: e.inputs.filter((a) => !isEmpty(a)) };
    case 'gather_nd':
      // The operand is empty on an indexed axis ('clip' refuses that when the equation is built):
      // every tuple is out of range and reads the fill value.
      return filled(out, (e.params as { fill: number }).fill);
    case 'scatter_nd':
    case 'scatter_add':
      // Only the indices and updates can be empty here (the output has the operand's shape).
      return { prim: 'reshape', inputs: [e.inputs[0]], params: { shape: [...out.aval.shape] }, outs: [out] };
    default:
      throw new KernelError(`compiler: ${e.prim} of ${e.inputs.map((a) => a.aval).join(', ')} → ` +
        `${e.outs.map((v) => v.aval).join(', ')} reads an empty array but its result is not empty, and no rule says ` +
        'what it is without elements. This is a fluxion bug; please report it. FLUXION_BACKEND=cpu computes it on the CPU.');
  }
}

/**
 * The multi-output linear-algebra primitives with an m×0 operand: lu's permutation is the
 * identity order (an iota) and the complete qr's q the m×m identity; their other outputs are empty.
 */
function linalgRewrite(e: Eqn): Eqn[] | undefined {
  if (e.prim !== 'lu' && e.prim !== 'qr') return undefined;
  return e.outs.map((v, k): Eqn[] => {
    if (isEmpty(v)) return [filled(v, 0)];
    const shape = [...v.aval.shape], nd = shape.length;
    if (e.prim === 'lu' && k === 2) return [{ prim: 'iota', inputs: [], params: { shape, dim: nd - 1, dtype: 'int32' }, outs: [v] }];
    if (e.prim === 'qr' && k === 0) {
      const r = new Var(new ShapedArray(shape, 'int32')), c = new Var(new ShapedArray(shape, 'int32')), eq = new Var(new ShapedArray(shape, 'bool'));
      return [
        { prim: 'iota', inputs: [], params: { shape, dim: nd - 2, dtype: 'int32' }, outs: [r] },
        { prim: 'iota', inputs: [], params: { shape, dim: nd - 1, dtype: 'int32' }, outs: [c] },
        { prim: 'compare', inputs: [r, c], params: { op: 'eq' }, outs: [eq] },
        { prim: 'cast', inputs: [eq], params: { dtype: v.aval.dtype }, outs: [v] },
      ];
    }
    return [rewrite(e)]; // no rule: the named error
  }).flat();
}

/**
 * Rewrites every equation that makes a non-empty result from an empty operand (see the header).
 * @example const j2 = zeroSize(j); // reduce_sum of f32[3,0] over axis 1 → broadcast_in_dim 0.0 to [3]
 */
export function zeroSize(j: Jaxpr): Jaxpr {
  if (!j.eqns.some((e) => e.inputs.some(isEmpty))) return j;
  const eqns = j.eqns.flatMap((e) =>
    (e.inputs.some(isEmpty) && e.outs.some((v) => !isEmpty(v)) ? linalgRewrite(e) ?? [rewrite(e)] : [e]));
  return new Jaxpr(j.inVars, eqns, j.outs, j.numConsts);
}
