import { ConcreteArray, Tensor, Tracer } from './tensor.js';
import type { AnyParams, Params, Primitive } from './primitive.js';
import { BackendError, TracerError } from './errors.js';

/**
 * A trace interprets primitives for one transformation instance (one jvp call, one vmap call,
 * one jit staging...). Tracing is context-based ("stackless", as in current JAX): the current
 * trace is module state; a rule runs with the current trace set to its trace's parent, so the
 * operations a rule emits are interpreted one level further out. Trace identity is the tag that
 * keeps nested differentiation from confusing its perturbations.
 */
export abstract class Trace {
  /** Human-readable name for error messages: 'jvp', 'vmap', 'jit', ... */
  abstract readonly kind: string;
  alive = true;
  constructor(readonly parent: Trace | null) {}
  abstract process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[];

  /** True when `other` is this trace or one it runs inside. */
  encloses(other: Trace): boolean {
    for (let t: Trace | null = this; t; t = t.parent) if (t === other) return true;
    return false;
  }
}

export type Executor = (prim: Primitive, args: ConcreteArray[], params: AnyParams) => ConcreteArray[];
let executor: Executor = () => { throw new BackendError('fluxion: no backend registered: import "fluxion" (or "fluxion/node") rather than its core modules.'); };

/** Installed by the backend layer: how concrete arrays are computed. */
export function setExecutor(e: Executor): void { executor = e; }

/** The outermost trace: computes primitives on concrete arrays. */
export class EvalTrace extends Trace {
  readonly kind = 'eval';
  constructor() { super(null); }
  process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    return executor(prim, args as ConcreteArray[], params);
  }
}

export const evalTrace = new EvalTrace();
let current: Trace = evalTrace;

export const currentTrace = (): Trace => current;

/** Runs `fn` with `trace` as the current trace. */
export function withTrace<T>(trace: Trace, fn: () => T): T {
  const prev = current;
  current = trace;
  try { return fn(); } finally { current = prev; }
}

/**
 * Applies a primitive under the current trace. Every operation in fluxion ends here.
 * A tracer whose trace does not enclose the current one has escaped its transformation.
 */
export function bind<P extends Primitive>(prim: P, args: Tensor[], params: Params<P>): Tensor[] {
  const trace = current;
  for (const a of args) {
    if (a instanceof Tracer && !(a.trace.alive && trace.encloses(a.trace))) {
      throw new TracerError(
        `${prim}: a tracer (${a.aval}) from a ${a.trace.kind} transformation was used outside it ` +
        `(an escaped tracer). This happens when a value computed inside jvp/grad/vmap/jit is ` +
        `stored in an outer variable and used after the transformation returned. ` +
        `Return the value from the transformed function instead.`);
    }
  }
  return trace.process(prim, args, params);
}

/** bind for single-output primitives. */
export const bind1 = <P extends Primitive>(prim: P, args: Tensor[], params: Params<P>): Tensor =>
  bind(prim, args, params)[0];
