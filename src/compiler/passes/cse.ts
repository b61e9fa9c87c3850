/**
 * Common subexpression elimination. Primitives are pure and deterministic, so two equations with
 * the same primitive, the same parameters and the same inputs compute the same values: the later
 * one is dropped and its outputs are replaced by the earlier one's. Autodiff produces many such
 * duplicates (`sin x` recomputed by the forward and the linearized program, one
 * `broadcast_in_dim 1.0` per seed, the same `iota` per random draw), and the numpy layer emits a
 * fresh `broadcast_in_dim` of the same scalar for every broadcasted literal.
 *
 * A single forward walk finds every merge: inputs are rewritten to their representatives before
 * an equation is keyed, so `cos(sin x)` twice merges once both `sin x` have merged.
 */
import { Atom, Eqn, Jaxpr, Lit, Var, makeEqn } from '../../core/jaxpr.js';
import { EFFECTFUL } from '../../core/primitive.js';
import { hasBodies, mapBodies } from './control-flow.js';

/** Object identity as a number, for keys of params that are not plain data (Jaxprs, rules). */
const identities = new WeakMap<object, number>();
let nextIdentity = 0;
function identityOf(o: object): number {
  let id = identities.get(o);
  if (id === undefined) identities.set(o, (id = nextIdentity++));
  return id;
}

/**
 * A canonical string for a parameter value: deep structural equality for plain data (object
 * keys sorted, so insertion order does not matter), identity for anything else — a nested Jaxpr
 * or a custom_jvp rule is only "the same" when it is the same object.
 */
function paramKey(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  switch (typeof v) {
    case 'number': return Object.is(v, -0) ? '-0' : String(v);
    case 'string': return JSON.stringify(v);
    case 'boolean': return String(v);
    case 'function': return `#fn${identityOf(v)}`;
    case 'object': {
      if (Array.isArray(v)) return `[${v.map(paramKey).join(',')}]`;
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `#obj${identityOf(v)}`;
      const rec = v as Record<string, unknown>;
      return `{${Object.keys(rec).sort().map((k) => `${JSON.stringify(k)}:${paramKey(rec[k])}`).join(',')}}`;
    }
    default: return String(v);
  }
}

/**
 * Literals are equal by dtype and value; -0 and 0 differ (1/x tells them apart), and every NaN
 * literal is the same NaN as far as the program can observe.
 */
const litKey = (l: Lit): string => `${l.aval.dtype}:${Object.is(l.value, -0) ? '-0' : String(l.value)}`;

/** Merges equations that compute the same thing. Inputs, numConsts and the input Jaxpr are unchanged. */
export function cse(j: Jaxpr): Jaxpr {
  const subst = new Map<Var, Var>();
  const varIds = new Map<Var, number>();
  const varKey = (v: Var): string => {
    let id = varIds.get(v);
    if (id === undefined) varIds.set(v, (id = varIds.size));
    return `v${id}`;
  };
  const read = (a: Atom): Atom => (a instanceof Var ? subst.get(a) ?? a : a);
  const atomKey = (a: Atom): string => (a instanceof Lit ? `l${litKey(a)}` : varKey(a));

  const seen = new Map<string, Eqn>();
  const eqns: Eqn[] = [];
  for (const e of j.eqns) {
    const inputs = e.inputs.map(read);
    const key = `${e.prim}|${paramKey(e.params)}|${inputs.map(atomKey).join(' ')}`;
    // Two prints of the same value are two prints: effects are never merged.
    const prev = EFFECTFUL.has(e.prim) ? undefined : seen.get(key);
    if (prev && prev.outs.length === e.outs.length && prev.outs.every((v, i) => v.aval.equals(e.outs[i].aval))) {
      e.outs.forEach((v, i) => subst.set(v, prev.outs[i]));
      continue;
    }
    const unchanged = inputs.every((a, i) => a === e.inputs[i]);
    // Bodies of control flow are cleaned on their own (their variables are theirs alone).
    const params = hasBodies(e) ? mapBodies(e, cse).params : e.params;
    const kept: Eqn = unchanged && params === e.params ? e : makeEqn(e.prim, inputs, params, e.outs);
    seen.set(key, kept);
    eqns.push(kept);
  }
  return new Jaxpr(j.inVars, eqns, j.outs.map(read), j.numConsts);
}
