/**
 * Forward-mode differentiation. A JVPTracer carries (primal, tangent); a null tangent is a
 * symbolic zero, so untouched values cost nothing. Rules run one trace further out, which is
 * what lets jvp nest inside grad (FACM's objective) and grad inside jvp.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import * as validate from '../core/validate.js';
import { isFloat } from '../core/dtype.js';
import type { TangentOf } from './types.js';
import type { AnyParams, Primitive } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor, Tracer } from '../core/tensor.js';
import { Trace, bind, currentTrace, withTrace } from '../core/trace.js';
import { zerosLike } from '../primitives/lax.js';
import type { Tangent } from '../primitives/rules.js';
import { rulesOf } from '../primitives/table.js';
import { flattenArgs, flattenFun, treeUnflatten } from './args.js';
import { treeDefEqual, treeDefToString } from '../tree/pytree.js';

export class JVPTracer extends Tracer {
  constructor(readonly trace: JVPTrace, readonly primal: Tensor, readonly tangent: Tensor) { super(); }
  get aval(): ShapedArray { return this.primal.aval; }
}

export class JVPTrace extends Trace {
  /** 'jvp', or the name of the reverse-mode transformation that runs this trace (for messages). */
  kind = 'jvp';

  /** (primal, tangent) of a value as seen by this trace: foreign values have zero tangent. */
  lift(x: Tensor): [Tensor, Tangent] {
    return x instanceof JVPTracer && x.trace === this ? [x.primal, x.tangent] : [x, null];
  }

  /** Wraps a (primal, tangent) pair; a zero tangent needs no tracer at all. */
  wrap(primal: Tensor, tangent: Tangent): Tensor {
    return tangent === null ? primal : new JVPTracer(this, primal, tangent);
  }

  process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    const lifted = args.map((a) => this.lift(a));
    const primals = lifted.map((l) => l[0]), tangents = lifted.map((l) => l[1]);
    if (tangents.every((t) => t === null)) return withTrace(this.parent!, () => bind(prim, primals, params));
    const [outs, outTangents] = withTrace(this.parent!, () => rulesOf(prim).jvp(primals, tangents, params));
    return outs.map((o, i) => this.wrap(o, outTangents[i]));
  }
}

/**
 * jvp on flat lists; tangents of non-float inputs are ignored (integers have no tangent space).
 * @example
 * const [[y], [dy]] = jvpFlat((x) => [x.mul(x)], [np.array([3])], [np.array([1])]);
 * dy; // → [6]
 */
export function jvpFlat(
  f: (...xs: Tensor[]) => Tensor[], primals: Tensor[], tangents: Tangent[],
): [Tensor[], Tangent[]] {
  const trace = new JVPTrace(currentTrace());
  const ins = primals.map((p, i) => (isFloat(p.dtype) ? trace.wrap(p, tangents[i]) : p));
  try {
    const outs = withTrace(trace, () => f(...ins));
    const lifted = outs.map((o) => trace.lift(o));
    return [lifted.map((l) => l[0]), lifted.map((l) => l[1])];
  } finally {
    trace.alive = false;
  }
}

/**
 * Jacobian-vector product: evaluates `f` at `primals` and its derivative along `tangents`.
 * Both are tuples of pytrees matching `f`'s arguments.
 * @example
 * const x = np.array([0, Math.PI]);
 * const [y, dy] = jvp((x) => x.sin(), [x], [np.ones(x.shape)]);
 * dy; // → [1, -1]
 */
export function jvp<A extends unknown[], R>(f: (...args: A) => R, primals: A, tangents: TangentOf<A>): [R, TangentOf<R>] {
  type T = R;
  validate.fn('jvp', f);
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new ArgumentError(`jvp: primals and tangents must be lists (one entry per argument of f), got ` +
      `${validate.describe(primals)} and ${validate.describe(tangents)}; e.g. jvp(f, [x], [dx]).`);
  }
  const p = flattenArgs('jvp', primals), t = flattenArgs('jvp', tangents);
  if (!treeDefEqual(p.def, t.def)) {
    throw new ArgumentError(`jvp: primals have structure ${treeDefToString(p.def)} but tangents have ${treeDefToString(t.def)}; pass one tangent per primal.`);
  }
  p.leaves.forEach((x, i) => {
    if (!x.aval.equals(t.leaves[i].aval)) {
      throw new ShapeError(`jvp: primal ${i} is ${x.aval} but its tangent is ${t.leaves[i].aval}; a tangent must have the primal's shape and dtype.`);
    }
  });
  const flat = flattenFun('jvp', f as unknown as (...args: unknown[]) => unknown, p.def);
  const [outs, outTs] = jvpFlat(flat.fn, p.leaves, t.leaves);
  const outDef = flat.outDef();
  return [treeUnflatten<T>(outDef, outs), treeUnflatten<TangentOf<T>>(outDef, outTs.map((z, i) => z ?? zerosLike(outs[i]!)))];
}
