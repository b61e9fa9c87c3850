/**
 * Inlining: splices the body of every `jit` and `custom_jvp` equation into the program that
 * calls it, recursively, so the compiler downstream sees one flat list of first-order
 * primitives. Nothing is lost by doing this at compile time: a nested `jit` only marks a
 * tracing/caching boundary, and a `custom_jvp`'s rule is only consulted by `jvp`, which can no
 * longer be applied to a program that is being compiled. Flattening also lets the other passes
 * (simplify, CSE, DCE) see across call boundaries — e.g. drop the residuals a `jvp_f` body
 * computes that its caller never reads.
 */
import { Atom, Eqn, Jaxpr, Var } from '../../core/jaxpr.js';

// A checkpoint is a plain call once compiled (remat only matters to partial evaluation).
const isCall = (e: Eqn): boolean => e.prim === 'jit' || e.prim === 'custom_jvp' || e.prim === 'checkpoint';

/**
 * Appends the equations of `j` to `out`, reading j's inputs from `env` (already populated for
 * j.inVars) and extending `env` with every variable j binds. Returns j's outputs as atoms of
 * the enclosing program. With `fresh`, every variable bound by an equation is renamed to a new
 * Var of the same type: a body may be inlined more than once (the same jit called twice), and
 * each copy must bind its own variables to keep the program in single-assignment form.
 */
function splice(j: Jaxpr, env: Map<Var, Atom>, out: Eqn[], fresh: boolean): Atom[] {
  const read = (a: Atom): Atom => (a instanceof Var ? env.get(a) ?? a : a);
  for (const e of j.eqns) {
    const inputs = e.inputs.map(read);
    if (isCall(e)) {
      const body = (e.params as { jaxpr: Jaxpr }).jaxpr;
      // The body's inputs (its captured constants included: a `jit` parameter carries its
      // constants as ordinary leading inputs) are exactly the equation's inputs.
      const inner = new Map<Var, Atom>();
      body.inVars.forEach((v, i) => inner.set(v, inputs[i]));
      const results = splice(body, inner, out, true);
      // The call's outputs become whatever the body returned: possibly a literal or one of the
      // caller's own variables (a body that returns its input), which Jaxpr allows.
      e.outs.forEach((v, i) => env.set(v, results[i]));
    } else {
      const outs = fresh ? e.outs.map((v) => new Var(v.aval)) : e.outs;
      if (fresh) e.outs.forEach((v, i) => env.set(v, outs[i]));
      const unchanged = !fresh && inputs.every((a, i) => a === e.inputs[i]);
      // First-order params are plain data and never mutated, so they are shared, not copied.
      out.push(unchanged ? e : { ...e, inputs, outs });
    }
  }
  return j.outs.map(read);
}

/**
 * Replaces every `jit` / `custom_jvp` equation by the equations of its body (recursively). The
 * result has the same inputs (same Var objects, same numConsts) and computes the same values,
 * using only first-order primitives. The input Jaxpr is not modified.
 */
export function inlineCalls(j: Jaxpr): Jaxpr {
  const eqns: Eqn[] = [];
  const outs = splice(j, new Map(), eqns, false);
  return new Jaxpr(j.inVars, eqns, outs, j.numConsts);
}
