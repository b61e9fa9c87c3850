/** Who defines and who uses each variable of a (first-order, optimised) Jaxpr. */
import { Eqn, Jaxpr, Var } from '../core/jaxpr.js';
import { FirstOrderPrimitive, Lowering, lowering } from './lowering.js';

export interface Definition { readonly eqn: Eqn; readonly position: number; readonly output: number }
export interface Use { readonly eqn: Eqn; readonly position: number; readonly operand: number }

export class Graph {
  readonly definition = new Map<Var, Definition>();
  readonly uses = new Map<Var, Use[]>();
  readonly inputIndex = new Map<Var, number>();
  readonly outputs = new Set<Var>();

  constructor(readonly jaxpr: Jaxpr) {
    jaxpr.inVars.forEach((v, i) => this.inputIndex.set(v, i));
    jaxpr.eqns.forEach((eqn, position) => {
      if (eqn.prim === 'jit' || eqn.prim === 'custom_jvp') {
        throw new Error(`compiler: a ${eqn.prim} equation reached code generation; inline calls first (compiler/passes). fluxion bug: please report.`);
      }
      eqn.outs.forEach((v, output) => this.definition.set(v, { eqn, position, output }));
      eqn.inputs.forEach((a, operand) => {
        if (!(a instanceof Var)) return;
        let list = this.uses.get(a);
        if (!list) this.uses.set(a, (list = []));
        list.push({ eqn, position, operand });
      });
    });
    for (const o of jaxpr.outs) if (o instanceof Var && this.definition.has(o)) this.outputs.add(o);
  }

  rule(eqn: Eqn): Lowering<FirstOrderPrimitive> {
    return lowering[eqn.prim as FirstOrderPrimitive] as Lowering<FirstOrderPrimitive>;
  }
  kindOf(v: Var): Lowering<FirstOrderPrimitive>['kind'] | 'input' {
    const d = this.definition.get(v);
    return d ? this.rule(d.eqn).kind : 'input';
  }
  usesOf(v: Var): Use[] { return this.uses.get(v) ?? []; }
}

/** Elementwise work cheap enough to recompute in every kernel that needs it rather than store. */
const CHEAP = new Set<string>(['neg', 'add', 'sub', 'mul', 'max', 'min', 'compare', 'where', 'cast', 'abs', 'sign',
  'floor', 'stop_gradient', 'broadcast_in_dim', 'reshape', 'transpose', 'slice', 'pad', 'concatenate', 'iota', 'gather', 'gather_nd']);
export const isCheap = (eqn: Eqn): boolean => CHEAP.has(eqn.prim);
