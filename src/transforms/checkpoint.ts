/**
 * checkpoint (jax.checkpoint / remat): `checkpoint(f)` computes what f computes, but under grad
 * the backward pass recomputes f's forward from f's inputs instead of keeping f's intermediates
 * alive from the forward pass: memory for compute. It is the higher-order `checkpoint`
 * primitive; its rules are jit's (a call of its body) except partial evaluation: with unknown
 * (tangent) inputs, the known outputs are computed by the body's known part with no residuals
 * kept, and the whole (jvp) body is staged into the linear program with the known inputs as its
 * only residuals. Transposing that staged call recomputes the forward there (transpose.ts's
 * forward sweep) before the backward pass of the body.
 */
import { Jaxpr } from '../core/jaxpr.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor } from '../core/tensor.js';
import { bind, withTrace } from '../core/trace.js';
import * as validate from '../core/validate.js';
import type { Rules } from '../primitives/rules.js';
import { dce } from '../compiler/passes/dce.js';
import { flattenArgs, flattenOutput, treeUnflatten } from './args.js';
import { callRules } from './jit.js';
import { PartialEvalTrace, partialEvalJaxpr, partialEvalRules } from './partial-eval.js';
import type { TreeDef } from '../tree/pytree.js';

export const checkpointRules: Rules<'checkpoint'> = callRules('checkpoint');

partialEvalRules.set('checkpoint', (trace: PartialEvalTrace, args: Tensor[], params) => {
  const { jaxpr, name } = params as { jaxpr: Jaxpr; name: string };
  const unknown = args.map((a) => trace.isUnknown(a));
  const split = partialEvalJaxpr(jaxpr, unknown);
  // The known outputs only: no residual is computed or kept (dce drops what only they needed).
  const nKnown = split.known.outs.length - split.numResiduals;
  const knownOnly = dce(new Jaxpr(split.known.inVars, split.known.eqns, split.known.outs.slice(0, nKnown)));
  const knownOuts = withTrace(trace.parent!, () =>
    bind('jit', [...split.knownConsts, ...args.filter((_, i) => !unknown[i])], { jaxpr: knownOnly, name }));
  // The whole body, staged: its known inputs are the only residuals; it recomputes the rest.
  const staged = trace.stageEqn('checkpoint', args, { jaxpr, name: `remat_${name}` });
  let k = 0;
  return split.outUnknown.map((u, i) => (u ? staged[i] : knownOuts[k++]));
});

/**
 * `f` with rematerialisation (jax.checkpoint): the same values and derivatives, but grad keeps
 * only f's inputs from the forward pass and recomputes f's intermediates in the backward pass.
 * Wrap each layer (or block) of a deep network to trade compute for activation memory.
 * @example
 * const w = np.full([3, 3], 0.1), x = np.ones([2, 3]);
 * const layer = checkpoint((h: Tensor) => np.tanh(np.matmul(h, w)));
 * grad((v: Tensor) => layer(layer(v)).sum())(x).shape; // → [2, 3]
 */
export function checkpoint<A extends unknown[], R>(f: (...args: A) => R, name = f.name || 'checkpoint'): (...args: A) => R {
  validate.fn('checkpoint', f);
  return (...args: A): R => {
    const flat = flattenArgs(`checkpoint(${name})`, args);
    let outDef: TreeDef | undefined;
    const { jaxpr, consts } = traceToJaxpr((...xs) => {
      const out = flattenOutput(`checkpoint(${name})`, f(...treeUnflatten<A>(flat.def, xs)));
      outDef = out.def;
      return out.leaves;
    }, flat.leaves.map((l) => l.aval), name);
    const outs = bind('checkpoint', [...consts, ...flat.leaves], { jaxpr: constsAsInputs(jaxpr), name });
    return treeUnflatten<R>(outDef!, outs);
  };
}
