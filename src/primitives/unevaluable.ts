/**
 * Primitives that exist only for a transformation to consume, never to be computed: a customVjp's
 * tangent map (`custom_lin`, transposed by grad; forward mode has no rule for it) and the
 * collectives (answered by the vmap that names their axis). The backends and the jit compiler
 * call this before computing anything, so each such equation fails with its own named error.
 */
import type { AnyParams, Primitive } from '../core/primitive.js';
import { customLinEvaluated } from './helpers.js';
import { isCollective, unboundAxis } from './lax-collectives.js';

/** Throws the named error of a primitive that cannot be evaluated; returns for every other one. */
export function checkEvaluable(prim: Primitive, params: AnyParams): void {
  if (prim === 'custom_lin') throw customLinEvaluated(params as { name: string });
  if (isCollective(prim)) throw unboundAxis(prim, (params as { axisName: string }).axisName);
}
