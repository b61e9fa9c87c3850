/**
 * Dead code elimination. Every primitive is pure — `threefry2x32` included: it is a counter-based
 * hash of its key and counter inputs, not a stateful generator — so an equation whose outputs are
 * never read, directly or through other live equations, can be dropped without changing what the
 * program returns. Typical sources of dead code: the forward values of a `grad` (the loss itself
 * when only the gradient is returned), residuals of an inlined `jvp_f` body the caller ignores,
 * and equations left behind by `simplify` after it rewired their users.
 */
import { Eqn, Jaxpr, Var } from '../../core/jaxpr.js';
import { EFFECTFUL } from '../../core/primitive.js';
import { hasBodies, pruneControlFlow } from './control-flow.js';

/**
 * Keeps only the equations that (transitively) contribute to `j.outs`. An equation with several
 * outputs is kept whole if any of them is live. Inputs and numConsts are unchanged even when
 * unused, so the calling convention (consts first, then arguments) stays the same. Calls
 * (`jit`, `custom_jvp`, `checkpoint`) are treated as opaque but pure: kept or dropped whole, their
 * bodies untouched (run `inlineCalls` first to clean inside them). Control flow (scan, while,
 * cond) keeps only what its live outputs need, inside its bodies too (control-flow.ts).
 */
export function dce(j: Jaxpr): Jaxpr {
  const live = new Set<Var>();
  for (const a of j.outs) if (a instanceof Var) live.add(a);
  const kept: Eqn[] = [];
  // One backward sweep suffices: in A-normal form every use comes after its definition.
  for (let i = j.eqns.length - 1; i >= 0; i--) {
    const e = j.eqns[i];
    // Effects (debug_callback: no outputs) are live by themselves: an unused print still prints.
    if (!EFFECTFUL.has(e.prim) && !e.outs.some((v) => live.has(v))) continue;
    // Control flow keeps only what its live outputs need, inside its bodies too (control-flow.ts).
    const k = hasBodies(e) ? pruneControlFlow(e, e.outs.map((v) => live.has(v)), dce) : e;
    kept.push(k);
    for (const a of k.inputs) if (a instanceof Var) live.add(a);
  }
  kept.reverse();
  return new Jaxpr(j.inVars, kept, j.outs, j.numConsts);
}
