/**
 * customJvp: a function with a hand-written derivative, for numerical stability (e.g. a safe
 * norm) or speed. It is the higher-order `custom_jvp` primitive: evaluation runs the body's
 * Jaxpr; jvp calls the user's rule instead of differentiating the body.
 */
import { ArgumentError } from '../core/errors.js';
import type { CustomJvpRule } from '../core/primitive.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import { instantiate } from '../primitives/helpers.js';
import type { Rules } from '../primitives/rules.js';
import { toTensor } from './args.js';
import { vmapJaxpr } from './jit.js';
import { vmapFlat } from './vmap.js';

export const customJvpRules: Rules<'custom_jvp'> = {
  abstractEval: (avals, { jaxpr, name }) => {
    if (avals.length !== jaxpr.inVars.length || avals.some((a, i) => !a.equals(jaxpr.inAvals[i]))) {
      throw new Error(`customJvp(${name}): called with (${avals.join(', ')}) but traced for (${jaxpr.inAvals.join(', ')}); fluxion bug: please report.`);
    }
    return jaxpr.outAvals;
  },
  // Symbolic zeros go through: the rule must know which inputs (closed-over constants above all) carry a tangent.
  jvp: (primals, tangents, { jvp }) => jvp(primals, tangents),
  vmap: (args, dims, { jaxpr, jvp, name }, size) => {
    const d = vmapJaxpr(jaxpr, dims, size);
    const nc = d.consts.length, n = args.length;
    // The batched rule: the user's rule vmapped over primals and tangents (batched alike).
    const batchedJvp: CustomJvpRule = (ps, ts) => {
      // The batched constants are the batched body's, not the user's: their tangents are zeros.
      const argTs = ts.slice(nc);
      const given = argTs.map((t) => t !== null);
      const outs = vmapFlat((...xs) => {
        let k = n;
        const [o, ot] = jvp(xs.slice(0, n), given.map((g) => (g ? xs[k++] : null)));
        return [...o, ...ot];
      }, [...ps.slice(nc), ...argTs.filter((t): t is Tensor => t !== null)], [...dims, ...dims.filter((_, i) => given[i])], size, 0);
      return [outs.slice(0, outs.length / 2), outs.slice(outs.length / 2)];
    };
    const outs = bind('custom_jvp', [...d.consts, ...args], { jaxpr: d.jaxpr, jvp: batchedJvp, name });
    return [outs, outs.map(() => 0)];
  },
};

type Out = Tensor | Tensor[];

/**
 * A custom rule covers a function's explicit arguments only: a tangent on a value the function
 * closes over would be dropped without a word, so it is an error (as in JAX).
 */
export function checkNoClosedOverTangents(op: string, constTangents: (Tensor | null)[]): void {
  if (constTangents.some((t) => t !== null)) {
    throw new ArgumentError(`${op}: the function closes over a value that is being differentiated, but its custom rule only ` +
      'says how to differentiate with respect to its arguments. Pass that value as an argument of the function instead of ' +
      'capturing it (and give the rule its tangent or cotangent).');
  }
}

/**
 * Gives `f` a custom derivative rule `(primals, tangents) → [outputs, output tangents]`.
 * @example
 * const softplus = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [softplus(x), t.mul(np.sigmoid(x))]);
 * grad((x) => softplus(x).sum())(np.array([0, 100])); // → [0.5, 1] — the rule's σ(x), finite at 100
 */
export function customJvp<A extends Tensor[], O extends Out>(
  f: (...args: A) => O, rule: (primals: Tensor[], tangents: Tensor[]) => [O, O], name = f.name || 'custom_jvp',
): (...args: (Tensor | number)[]) => O {
  return (...rawArgs) => {
    const args = rawArgs.map((a) => toTensor(`customJvp(${name})`, a));
    let single = false;
    const { jaxpr, consts } = traceToJaxpr((...xs) => {
      const o = f(...(xs as A));
      single = !Array.isArray(o);
      return single ? [o as Tensor] : (o as Tensor[]);
    }, args.map((a) => a.aval), name);
    const nc = consts.length;
    const jvp: CustomJvpRule = (ps, ts) => {
      checkNoClosedOverTangents(`customJvp(${name})`, ts.slice(0, nc));
      const primals = ps.slice(nc);
      const [o, ot] = rule(primals, ts.slice(nc).map((t, i) => instantiate(t, primals[i])));
      return single ? [[o as Tensor], [ot as Tensor]] : [o as Tensor[], ot as Tensor[]];
    };
    const outs = bind('custom_jvp', [...consts, ...args], { jaxpr: constsAsInputs(jaxpr), jvp, name });
    return (single ? outs[0] : outs) as O;
  };
}

