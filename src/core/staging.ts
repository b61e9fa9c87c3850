import { hooks } from './hooks.js';
import { Atom, Eqn, Jaxpr, Lit, Var, makeEqn, typecheckJaxpr } from './jaxpr.js';
import type { AnyParams, Primitive } from './primitive.js';
import { ShapedArray } from './shape.js';
import { ConcreteArray, Tensor, Tracer } from './tensor.js';
import { Trace, currentTrace, withTrace } from './trace.js';

export class JaxprTracer extends Tracer {
  constructor(readonly trace: JaxprTrace, readonly v: Var) { super(); }
  get aval(): ShapedArray { return this.v.aval; }
}

/**
 * Stages every primitive into a Jaxpr instead of computing it (what jit and makeJaxpr use).
 * Values from outside (concrete arrays, or tracers of enclosing transformations) become
 * constants of the Jaxpr; scalars known on the host become inline literals.
 */
export class JaxprTrace extends Trace {
  kind = 'jit';
  protected readonly eqns: Eqn[] = [];
  private readonly constVars: Var[] = [];
  private readonly constVals: Tensor[] = [];
  private readonly constOf = new Map<Tensor, Var>();
  private readonly argVars: Var[] = [];

  newArg(aval: ShapedArray): JaxprTracer {
    const v = new Var(aval);
    this.argVars.push(v);
    return new JaxprTracer(this, v);
  }

  protected atomOf(x: Tensor): Atom {
    if (x instanceof JaxprTracer && x.trace === this) return x.v;
    if (x instanceof ConcreteArray && x.ndim === 0) {
      const read = x.store.readSync;
      if (read) return new Lit(read.call(x.store)[0], x.aval);
    }
    let v = this.constOf.get(x);
    if (!v) {
      v = new Var(x.aval);
      this.constOf.set(x, v);
      this.constVars.push(v);
      this.constVals.push(x);
    }
    return v;
  }

  /** Records one equation and returns tracers for its outputs. */
  protected stage(prim: Primitive, inputs: Atom[], params: AnyParams): JaxprTracer[] {
    const outAvals = hooks.abstractEval(prim, inputs.map((a) => a.aval), params);
    const outs = outAvals.map((a) => new Var(a));
    this.eqns.push(makeEqn(prim, inputs, params, outs));
    return outs.map((v) => new JaxprTracer(this, v));
  }

  process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    return this.stage(prim, args.map((a) => this.atomOf(a)), params);
  }

  /**
   * Closes the trace: a Jaxpr whose inputs are (captured constants, arguments), and the
   * constant values to pass for the former.
   */
  build(outputs: Tensor[]): { jaxpr: Jaxpr; consts: Tensor[] } {
    const outs = outputs.map((o) => this.atomOf(o));
    const jaxpr = new Jaxpr([...this.constVars, ...this.argVars], this.eqns, outs, this.constVars.length);
    typecheckJaxpr(jaxpr);
    return { jaxpr, consts: [...this.constVals] };
  }
}

/**
 * Traces a function of flat tensor arguments to a Jaxpr at the given input types. The returned
 * consts are the captured values to pass before the arguments when evaluating the Jaxpr.
 */
export function traceToJaxpr(
  fn: (...args: Tensor[]) => Tensor[], avals: readonly ShapedArray[], name = 'jit',
): { jaxpr: Jaxpr; consts: Tensor[] } {
  const trace = new JaxprTrace(currentTrace());
  trace.kind = name;
  const args = avals.map((a) => trace.newArg(a));
  try {
    const outs = withTrace(trace, () => fn(...args));
    return trace.build(outs);
  } finally {
    trace.alive = false;
  }
}

/** The same program with its constants as ordinary leading inputs: the form a `jit` parameter holds. */
export function constsAsInputs(j: Jaxpr): Jaxpr {
  return j.numConsts === 0 ? j : new Jaxpr(j.inVars, j.eqns, j.outs, 0);
}
