/**
 * Partial evaluation: run a program where some inputs are known and some are not; compute what
 * can be computed now (in the parent trace) and stage the rest into a Jaxpr. Known values the
 * staged part needs become its constants: the residuals. linearize = jvp + this.
 */
import { Jaxpr } from '../core/jaxpr.js';
import { evalJaxpr } from '../core/jaxpr.js';
import type { AnyParams, Params, Primitive } from '../core/primitive.js';
import { JaxprTrace, JaxprTracer, constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor, Tracer } from '../core/tensor.js';
import { bind, currentTrace, withTrace } from '../core/trace.js';

/**
 * Partial-evaluation rules of higher-order primitives that split their bodies (control flow:
 * transforms/control-flow-rules.ts registers scan, cond and while). A primitive without one is
 * staged whole when any input is unknown.
 */
export const partialEvalRules = new Map<Primitive, (trace: PartialEvalTrace, args: Tensor[], params: AnyParams) => Tensor[]>();

export class PartialEvalTrace extends JaxprTrace {
  kind = 'linearize';

  isUnknown(x: Tensor): boolean { return x instanceof JaxprTracer && x.trace === this; }

  process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    if (!args.some((a) => this.isUnknown(a))) return withTrace(this.parent!, () => bind(prim, args, params));
    if (prim === 'jit') return this.processJit(args, params as Params<'jit'>);
    const rule = partialEvalRules.get(prim);
    if (rule) return rule(this, args, params);
    return this.stage(prim, args.map((a) => this.atomOf(a)), params);
  }

  /** Stages one equation on these (known or unknown) values: known ones become residuals. */
  stageEqn(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    return this.stage(prim, args.map((a) => this.atomOf(a)), params);
  }

  /** A jit call with mixed inputs splits into a known jit (run now) and an unknown jit (staged). */
  private processJit(args: Tensor[], { jaxpr, name }: Params<'jit'>): Tensor[] {
    const unknownIns = args.map((a) => this.isUnknown(a));
    const split = partialEvalJaxpr(jaxpr, unknownIns);
    const knownArgs = args.filter((_, i) => !unknownIns[i]), unknownArgs = args.filter((_, i) => unknownIns[i]);
    const knownOuts = withTrace(this.parent!, () =>
      bind('jit', [...split.knownConsts, ...knownArgs], { jaxpr: split.known, name }));
    const nKnown = knownOuts.length - split.numResiduals;
    const residuals = knownOuts.slice(nKnown);
    const unknownOuts = this.stage('jit', [...residuals, ...unknownArgs].map((a) => this.atomOf(a)),
      { jaxpr: split.unknown, name: `${name}_lin` });
    let k = 0, u = 0;
    return split.outUnknown.map((isU) => (isU ? unknownOuts[u++] : knownOuts[k++]));
  }
}

export interface SplitJaxpr {
  /** (knownConsts, known inputs) → (known outputs, residuals) */
  known: Jaxpr;
  knownConsts: Tensor[];
  /** (residuals, unknown inputs) → unknown outputs */
  unknown: Jaxpr;
  outUnknown: boolean[];
  numResiduals: number;
}

const splitCache = new WeakMap<Jaxpr, Map<string, SplitJaxpr>>();

/** Splits a Jaxpr by which inputs are unknown (cached: grad of a jitted function re-uses it). */
export function partialEvalJaxpr(jaxpr: Jaxpr, unknownIns: boolean[]): SplitJaxpr {
  const key = unknownIns.map(Number).join('');
  let byMask = splitCache.get(jaxpr);
  if (!byMask) splitCache.set(jaxpr, (byMask = new Map()));
  const hit = byMask.get(key);
  if (hit) return hit;

  let unknown: Jaxpr | undefined, outUnknown: boolean[] = [], numResiduals = 0;
  const knownAvals = jaxpr.inAvals.filter((_, i) => !unknownIns[i]);
  const { jaxpr: known, consts: knownConsts } = traceToJaxpr((...knownArgs) => {
    const pe = new PartialEvalTrace(currentTrace());
    try {
      let k = 0;
      const ins = jaxpr.inVars.map((v, i) => (unknownIns[i] ? pe.newArg(v.aval) : knownArgs[k++]));
      const outs = withTrace(pe, () => evalJaxpr(jaxpr, ins));
      outUnknown = outs.map((o) => pe.isUnknown(o));
      const built = pe.build(outs.filter((_, i) => outUnknown[i]));
      unknown = constsAsInputs(built.jaxpr);
      numResiduals = built.consts.length;
      return [...outs.filter((_, i) => !outUnknown[i]), ...built.consts];
    } finally {
      pe.alive = false;
    }
  }, knownAvals, 'jit');
  const split: SplitJaxpr = { known: constsAsInputs(known), knownConsts, unknown: unknown!, outUnknown, numResiduals };
  // Only cache when nothing from an enclosing transformation was captured.
  if (knownConsts.every((c) => !(c instanceof Tracer))) byMask.set(key, split);
  return split;
}
