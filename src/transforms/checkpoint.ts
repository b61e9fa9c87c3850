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
import { type Atom, Jaxpr, Var, evalJaxpr } from '../core/jaxpr.js';
import { ArgumentError } from '../core/errors.js';
import { CheckpointPolicy, type AnyParams, type Params, type Primitive } from '../core/primitive.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor } from '../core/tensor.js';
import { bind, withTrace } from '../core/trace.js';
import * as validate from '../core/validate.js';
import type { Rules } from '../primitives/rules.js';
import { dce } from '../compiler/passes/dce.js';
import { flattenArgs, flattenOutput, treeUnflatten } from './args.js';
import { callRules } from './jit.js';
import { PartialEvalTrace, type SplitJaxpr, partialEvalJaxpr, partialEvalRules } from './partial-eval.js';
import type { TreeDef } from '../tree/pytree.js';

export const checkpointRules: Rules<'checkpoint'> = callRules('checkpoint');

partialEvalRules.set('checkpoint', (trace: PartialEvalTrace, args: Tensor[], params) => {
  const { jaxpr, name, policy } = params as Params<'checkpoint'>;
  const unknown = args.map((a) => trace.isUnknown(a));
  const split = partialEvalJaxpr(jaxpr, unknown);
  const plan = policy ? planSaved(split, policy) : undefined;
  if (plan) return partialEvalWithSaved(trace, args, unknown, split, plan, name, policy!);
  // The known outputs only: no residual is computed or kept (dce drops what only they needed).
  const nKnown = split.known.outs.length - split.numResiduals;
  const knownOnly = dce(new Jaxpr(split.known.inVars, split.known.eqns, split.known.outs.slice(0, nKnown)));
  const knownOuts = withTrace(trace.parent!, () =>
    bind('jit', [...split.knownConsts, ...args.filter((_, i) => !unknown[i])], { jaxpr: knownOnly, name }));
  // The whole body, staged: its known inputs are the only residuals; it recomputes the rest.
  const staged = trace.stageEqn('checkpoint', args, { jaxpr, name: `remat_${name}`, ...(policy ? { policy } : {}) });
  let k = 0;
  return split.outUnknown.map((u, i) => (u ? staged[i] : knownOuts[k++]));
});

/** What a policy keeps: the saved forward values, and the program that rebuilds the residuals from them. */
interface SavedPlan {
  /** Values of the known program kept from the forward pass. */
  readonly saved: readonly Var[];
  /** (known inputs, saved values) → the residuals of the unknown program, recomputing the rest. */
  readonly recompute: Jaxpr;
}

/**
 * Cuts the known program at the outputs of the equations the policy saves (JAX's
 * partial_eval_jaxpr_custom, for one level): the residuals are rebuilt from the known inputs and
 * the saved values that rebuilding actually reads, so a tanh of a saved product is recomputed
 * from the product, not from the layer's input. Undefined when nothing would be saved.
 */
function planSaved(split: SplitJaxpr, policy: CheckpointPolicy): SavedPlan | undefined {
  const known = split.known;
  const residuals = known.outs.slice(known.outs.length - split.numResiduals);
  const cut = new Set<Var>();
  for (const e of known.eqns) if (policy.saveable(e.prim, e.params)) e.outs.forEach((v) => cut.add(v));
  if (cut.size === 0) return undefined;
  const cutVars = [...cut];
  const rebuild = dce(new Jaxpr([...known.inVars, ...cutVars], known.eqns.filter((e) => !e.outs.some((v) => cut.has(v))), residuals));
  const read = new Set<Atom>(rebuild.outs);
  for (const e of rebuild.eqns) e.inputs.forEach((a) => read.add(a));
  const saved = cutVars.filter((v) => read.has(v));
  if (saved.length === 0) return undefined;
  return { saved, recompute: new Jaxpr([...known.inVars, ...saved], rebuild.eqns, residuals) };
}

/**
 * Partial evaluation when the policy saves some values: the forward (known) program computes the
 * known outputs and the saved values; the staged checkpoint rebuilds the residuals from the known
 * inputs and the saved values, then runs the unknown (tangent) program.
 */
function partialEvalWithSaved(
  trace: PartialEvalTrace, args: Tensor[], unknown: boolean[], split: SplitJaxpr, plan: SavedPlan, name: string, policy: CheckpointPolicy,
): Tensor[] {
  const nKnown = split.known.outs.length - split.numResiduals;
  const knownIns = [...split.knownConsts, ...args.filter((_, i) => !unknown[i])];
  const unknownArgs = args.filter((_, i) => unknown[i]);
  const forward = dce(new Jaxpr(split.known.inVars, split.known.eqns, [...split.known.outs.slice(0, nKnown), ...plan.saved]));
  const forwardOuts = withTrace(trace.parent!, () => bind('jit', knownIns, { jaxpr: forward, name }));
  const knownOuts = forwardOuts.slice(0, nKnown), savedVals = forwardOuts.slice(nKnown);
  const stagedIns = [...knownIns, ...savedVals, ...unknownArgs];
  const nRebuildIns = knownIns.length + savedVals.length;
  const { jaxpr: body, consts } = traceToJaxpr((...xs) => {
    const residuals = evalJaxpr(plan.recompute, xs.slice(0, nRebuildIns));
    return evalJaxpr(split.unknown, [...residuals, ...xs.slice(nRebuildIns)]);
  }, stagedIns.map((t) => t.aval), `remat_${name}`);
  const staged = trace.stageEqn('checkpoint', [...consts, ...stagedIns], { jaxpr: constsAsInputs(body), name: `remat_${name}`, policy });
  let k = 0, u = 0;
  return split.outUnknown.map((isUnknown) => (isUnknown ? staged[u++] : knownOuts[k++]));
}

const isDot = (prim: Primitive): boolean => prim === 'dot_general';

/**
 * The policies of jax.checkpoint_policies: which forward values a checkpoint keeps for the
 * backward pass (the rest is recomputed). Pass one as `checkpoint(f, { policy })`; a function
 * `(prim, params) => boolean` (JAX's custom policy) works too.
 * @example
 * checkpointPolicies.dotsSaveable.saveable('dot_general', { contract: [[1], [0]], batch: [[], []] }); // → true
 * String(checkpointPolicies.nothingSaveable); // → 'nothingSaveable'
 */
export const checkpointPolicies = {
  /** Recompute everything (the default): only the checkpoint's inputs are kept. */
  nothingSaveable: new CheckpointPolicy('nothingSaveable', () => false),
  /** Keep every forward value: no recomputation, the memory of plain grad. */
  everythingSaveable: new CheckpointPolicy('everythingSaveable', () => true),
  /** Keep the results of matrix products (the costly part) and recompute the elementwise work around them. */
  dotsSaveable: new CheckpointPolicy('dotsSaveable', isDot),
  /** Keep the results of matrix products without batch dimensions (layers' weight products, not attention's). */
  dotsWithNoBatchDimsSaveable: new CheckpointPolicy('dotsWithNoBatchDimsSaveable',
    (prim, params) => isDot(prim) && (params as Params<'dot_general'>).batch[0].length === 0),
  /** A value is kept when either policy keeps it. */
  saveFromBothPolicies: (a: CheckpointPolicy, b: CheckpointPolicy): CheckpointPolicy =>
    new CheckpointPolicy(`saveFromBothPolicies(${a.name}, ${b.name})`, (p, q) => a.saveable(p, q) || b.saveable(p, q)),
} as const;
/** JAX's alias of dotsSaveable. */
export const checkpointDots = checkpointPolicies.dotsSaveable;

export interface CheckpointOptions {
  /** Which forward values to keep (jax.checkpoint's policy); default: nothing but the inputs. */
  policy?: CheckpointPolicy | ((prim: Primitive, params: AnyParams) => boolean);
  /** The name shown in printed Jaxprs. */
  name?: string;
}

/** The options as given: a bare string is the name (the earlier signature). */
function readOptions(f: Function, options: string | CheckpointOptions): { name: string; policy?: CheckpointPolicy } {
  if (typeof options === 'string') return { name: options };
  const { policy, name = f.name || 'checkpoint' } = validate.options<CheckpointOptions>('checkpoint', options, ['policy', 'name'], '{ policy: checkpointPolicies.dotsSaveable }');
  if (policy === undefined || policy instanceof CheckpointPolicy) return { name, policy };
  if (typeof policy === 'function') return { name, policy: new CheckpointPolicy(policy.name || 'customPolicy', policy) };
  throw new ArgumentError(`checkpoint: policy must be one of checkpointPolicies (e.g. checkpointPolicies.dotsSaveable) ` +
    `or a function (prim, params) => boolean, got ${validate.describe(policy)}.`);
}

/**
 * `f` with rematerialisation (jax.checkpoint): the same values and derivatives, but grad keeps
 * only f's inputs from the forward pass and recomputes f's intermediates in the backward pass.
 * Wrap each layer (or block) of a deep network to trade compute for activation memory; a
 * `policy` (checkpointPolicies) keeps some intermediates, e.g. the matrix products.
 * @example
 * const w = np.full([3, 3], 0.1), x = np.ones([2, 3]);
 * const layer = checkpoint((h: Tensor) => np.tanh(np.matmul(h, w)));
 * grad((v: Tensor) => layer(layer(v)).sum())(x).shape; // → [2, 3]
 * const keepProducts = checkpoint((h: Tensor) => np.tanh(np.matmul(h, w)), { policy: checkpointPolicies.dotsSaveable });
 * grad((v: Tensor) => keepProducts(v).sum())(x).shape; // → [2, 3]
 */
export function checkpoint<A extends unknown[], R>(f: (...args: A) => R, options: string | CheckpointOptions = {}): (...args: A) => R {
  validate.fn('checkpoint', f);
  const { name, policy } = readOptions(f, options);
  return (...args: A): R => {
    const flat = flattenArgs(`checkpoint(${name})`, args);
    let outDef: TreeDef | undefined;
    const { jaxpr, consts } = traceToJaxpr((...xs) => {
      const out = flattenOutput(`checkpoint(${name})`, f(...treeUnflatten<A>(flat.def, xs)));
      outDef = out.def;
      return out.leaves;
    }, flat.leaves.map((l) => l.aval), name);
    const outs = bind('checkpoint', [...consts, ...flat.leaves], { jaxpr: constsAsInputs(jaxpr), name, ...(policy ? { policy } : {}) });
    return treeUnflatten<R>(outDef!, outs);
  };
}
