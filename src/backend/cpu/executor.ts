/** The reference interpreter: runs one primitive on host arrays via its `cpu` rule. */
import { TypedArray, roundInPlace } from '../../core/dtype.js';
import { evalJaxpr } from '../../core/jaxpr.js';
import type { AnyParams, Primitive } from '../../core/primitive.js';
import { ShapedArray } from '../../core/shape.js';
import { ConcreteArray, Storage } from '../../core/tensor.js';
import { firstOrder, isFirstOrder } from '../../primitives/table.js';
import type { FirstOrder, FirstOrderRules, HostArray } from '../../primitives/rules.js';
import { isControlFlow, runControlFlow } from '../../primitives/control-flow.js';
import { checkEvaluable } from '../../primitives/unevaluable.js';

class HostStorage implements Storage {
  readonly backend = 'cpu';
  constructor(private readonly host: TypedArray) {}
  read(): Promise<TypedArray> { return Promise.resolve(this.host.slice()); }
  readSync(): TypedArray { return this.host; }
  dispose(): void {}
}

export function cpuFromHost(data: TypedArray, aval: ShapedArray): ConcreteArray {
  if (data.length !== aval.size) throw new Error(`fromHost: ${data.length} elements given for ${aval} (fluxion bug: please report; public functions check shapes first).`);
  return new ConcreteArray(aval, new HostStorage(data));
}

function hostView(x: ConcreteArray): HostArray {
  // Arrays from another backend are read synchronously where possible (tests mix backends).
  return { data: x.hostView(), aval: x.aval };
}

export function cpuExecute(prim: Primitive, args: ConcreteArray[], params: AnyParams): ConcreteArray[] {
  if (isControlFlow(prim)) return runControlFlow(prim, args, params) as ConcreteArray[];
  checkEvaluable(prim, params);
  if (!isFirstOrder(prim)) return evalJaxpr((params as { jaxpr: import('../../core/jaxpr.js').Jaxpr }).jaxpr, args) as ConcreteArray[];
  // Widened to the rules of any first-order primitive: `params` came with `prim`, from one equation.
  const rules: FirstOrderRules<FirstOrder> = firstOrder[prim];
  const outAvals = rules.abstractEval(args.map((a) => a.aval), params);
  const outs = rules.cpu(args.map(hostView), params, outAvals);
  // float16/bfloat16 results are computed in float32 arrays, then rounded: every operation rounds
  // its result once, as the narrow arithmetic does (core/dtype.ts). A rule may hand back an operand's
  // own array (a reshape): that one is rounded already, so rounding it again changes nothing.
  return outs.map((d, i) => { roundInPlace(outAvals[i].dtype, d); return cpuFromHost(d, outAvals[i]); });
}
