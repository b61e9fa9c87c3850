/**
 * linearTranspose (jax.linear_transpose): the transpose of a linear function, found by tracing it
 * once and running the transpose rules backwards (transforms/transpose.ts), as grad does for the
 * linear part of a program. Useful for adjoint operators (a convolution's adjoint, a
 * finite-difference stencil's) without writing them by hand.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { UndefinedPrimal } from '../primitives/rules.js';
import { treeDefEqual, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { flattenFun, toTensor } from './args.js';
import { argumentAvals } from './eval-shape.js';
import { backwardPass } from './transpose.js';

/**
 * The transpose of `f`, linear in its arguments, at the types of `primals` (arrays or
 * ShapedArrays; their values are not used): a function from a cotangent shaped like f's output
 * to a list of cotangents, one per argument. A non-linear `f` raises a named error.
 * @example
 * const f = (x: Tensor) => np.cumsum(x.mul(2));
 * const fT = linearTranspose(f, np.zeros([3]));
 * fT(np.array([1, 0, 0]))[0]; // → [2, 0, 0]
 */
export function linearTranspose<A extends unknown[]>(f: (...args: A) => unknown, ...primals: unknown[]): (ct: unknown) => unknown[] {
  validate.fn('linearTranspose', f);
  const { avals, def } = argumentAvals('linearTranspose', primals);
  const flat = flattenFun('linearTranspose', f as unknown as (...a: unknown[]) => unknown, def);
  const { jaxpr, consts } = traceToJaxpr(flat.fn, avals, 'linearTranspose');
  const program = constsAsInputs(jaxpr), outDef = flat.outDef();
  for (const a of avals) {
    if (!isFloat(a.dtype)) {
      throw new ArgumentError(`linearTranspose: argument type ${a} is not floating point; a linear function's arguments are floats.`);
    }
  }
  return (ct: unknown): unknown[] => {
    const c = treeFlatten(ct);
    if (!treeDefEqual(c.def, outDef)) {
      throw new ArgumentError(`linearTranspose: the cotangent has structure ${treeDefToString(c.def)} but f returns ${treeDefToString(outDef)}.`);
    }
    const cts = c.leaves.map((l, i) => {
      const t: Tensor = toTensor('linearTranspose', l), want = jaxpr.outAvals[i];
      if (!t.aval.equals(want)) throw new ShapeError(`linearTranspose: cotangent ${i} is ${t.aval} but f's output ${i} is ${want}; pass one shaped like f's output.`);
      return t;
    });
    let ins;
    try {
      ins = backwardPass(program, [...consts, ...avals.map((a) => new UndefinedPrimal(a))], cts).slice(consts.length);
    } catch (e) {
      if (e instanceof ArgumentError && /not linear|linear primitive/.test(e.message)) {
        throw new ArgumentError(`linearTranspose: f is not linear in its arguments, so it has no transpose (${e.message.split('. ')[0]}).`);
      }
      throw e;
    }
    const leaves = ins.map((t, i) => t ?? lax.full(avals[i].shape, 0, avals[i].dtype));
    return treeUnflatten<unknown[]>(def, leaves);
  };
}
