/**
 * Transposition of linear programs: given cotangents of a linear Jaxpr's outputs, accumulate
 * cotangents of its linear inputs by running each equation's transpose rule in reverse order.
 * Only linear primitives have transpose rules; grad is derived from jvp and this, never written
 * per op.
 */
import { Jaxpr, Lit, Var, literalTensor } from '../core/jaxpr.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as lax from '../primitives/lax.js';
import { Tangent, UndefinedPrimal } from '../primitives/rules.js';
import { rulesOf } from '../primitives/table.js';
import { ArgumentError } from '../core/errors.js';
import { NONLINEAR_TANGENT } from '../primitives/helpers.js';

/**
 * @param args   one per input: a value (non-linear input) or UndefinedPrimal (linear input)
 * @param cts    one cotangent (or symbolic zero) per output
 * @returns      one cotangent per input (null for non-linear inputs and zero cotangents)
 */
export function backwardPass(jaxpr: Jaxpr, args: (Tensor | UndefinedPrimal)[], cts: Tangent[]): Tangent[] {
  const known = new Map<Var, Tensor>();
  const linear = new Set<Var>();
  jaxpr.inVars.forEach((v, i) => {
    const a = args[i];
    if (a instanceof UndefinedPrimal) linear.add(v); else known.set(v, a);
  });
  const isLinear = (a: Lit | Var) => a instanceof Var && linear.has(a);
  const value = (a: Lit | Var): Tensor => (a instanceof Lit ? literalTensor(a) : known.get(a)!);

  // Forward sweep: equations that do not touch a linear value are just computed.
  const linearEqns = [];
  for (const e of jaxpr.eqns) {
    if (e.inputs.some(isLinear)) {
      e.outs.forEach((v) => linear.add(v));
      linearEqns.push(e);
    } else {
      const outs = bind(e.prim, e.inputs.map(value), e.params);
      e.outs.forEach((v, i) => known.set(v, outs[i]));
    }
  }

  const ctEnv = new Map<Var, Tensor>();
  const accumulate = (v: Var, ct: Tangent) => {
    if (ct === null) return;
    const prev = ctEnv.get(v);
    ctEnv.set(v, prev ? lax.add(prev, ct) : ct);
  };
  jaxpr.outs.forEach((o, i) => { if (isLinear(o)) accumulate(o as Var, cts[i]); });

  for (let k = linearEqns.length - 1; k >= 0; k--) {
    const e = linearEqns[k];
    const outCts = e.outs.map((v) => ctEnv.get(v) ?? null);
    if (outCts.every((c) => c === null)) continue;
    const rule = rulesOf(e.prim).transpose;
    if (!rule) {
      throw new ArgumentError(`transpose: '${e.prim}' is applied to a linear value but is not a linear primitive, ` +
        `so it has no transpose rule: the tangent computation is not linear. ${NONLINEAR_TANGENT}`);
    }
    const ins = e.inputs.map((a) => (isLinear(a) ? new UndefinedPrimal(a.aval) : value(a)));
    const inCts = rule(outCts, ins, e.params);
    e.inputs.forEach((a, i) => { if (isLinear(a)) accumulate(a as Var, inCts[i]); });
  }
  return jaxpr.inVars.map((v, i) => (args[i] instanceof UndefinedPrimal ? ctEnv.get(v) ?? null : null));
}

