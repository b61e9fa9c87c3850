/**
 * customVjp: a function with a hand-written backward pass (jax.custom_vjp), for gradient clipping,
 * straight-through estimators, implicit differentiation, or a cheaper or stabler backward pass.
 *
 * How it fits the rest: fluxion derives reverse mode from forward mode (linearize = jvp + partial
 * evaluation, then transpose). A customVjp function is a `custom_jvp` call of `f` whose jvp rule
 * runs the user's `fwd` on the primals and returns, as the output tangents, one `custom_lin`
 * equation of (residuals, input tangents). `custom_lin` is linear in the tangents and opaque:
 * linearize stages it into the linear program with the residuals as constants, and its transpose
 * rule is the user's `bwd`. So grad calls fwd in the forward pass and bwd in the backward pass, as
 * in JAX, and nothing else in the compiler needs to know. Like JAX, evaluating `custom_lin`
 * forward (jvp, jacfwd, linearize's tangent map) is an error: the user gave no tangent map.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { CustomLinBwd } from '../core/primitive.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { customLinEvaluated, instantiate, moveBatchAxis } from '../primitives/helpers.js';
import type { Rules, Tangent } from '../primitives/rules.js';
import { TreeDef, treeDefEqual, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { flattenArgs, flattenOutput } from './args.js';
import { checkNoClosedOverTangents } from './custom-jvp.js';
import { vmapFlat } from './vmap.js';


export const customLinRules: Rules<'custom_lin'> = {
  abstractEval: (avals, { numResiduals, outAvals, tangentAvals, name }) => {
    const tangents = avals.slice(numResiduals);
    if (tangents.length !== tangentAvals.length || tangents.some((a, i) => !a.equals(tangentAvals[i]))) {
      throw new Error(`customVjp(${name}): custom_lin called with tangents (${tangents.join(', ')}) but built for ` +
        `(${tangentAvals.join(', ')}); fluxion bug: please report.`);
    }
    return [...outAvals];
  },
  jvp: (_primals, _tangents, params) => { throw customLinEvaluated(params); },
  // Linear in the tangents: the user's bwd maps output cotangents to input cotangents.
  transpose: (cts, args, { numResiduals, outAvals, bwd }) => {
    const residuals = args.slice(0, numResiduals) as Tensor[];
    const outCts = cts.map((c, i) => c ?? lax.full(outAvals[i].shape, 0, outAvals[i].dtype));
    const inCts = bwd(residuals, outCts);
    return [...residuals.map(() => null), ...inCts];
  },
  // Every operand lined up on axis 0 (unbatched ones broadcast), the backward pass vmapped.
  vmap: (args, dims, params, size) => {
    const { numResiduals, outAvals, tangentAvals, bwd, name } = params;
    const moved = args.map((a, i) => moveBatchAxis(a, dims[i], 0, size));
    const batched = (a: ShapedArray) => new ShapedArray([size, ...a.shape], a.dtype);
    const batchedBwd: CustomLinBwd = (res, cts) => vmapFlat(
      (...xs) => bwd(xs.slice(0, res.length), xs.slice(res.length)).map((c, i) => c ?? lax.full(tangentAvals[i].shape, 0, tangentAvals[i].dtype)),
      [...res, ...cts], [...res, ...cts].map(() => 0), size, 0,
    );
    const outs = bind('custom_lin', moved, {
      numResiduals, outAvals: outAvals.map(batched), tangentAvals: tangentAvals.map(batched), bwd: batchedBwd, name,
    });
    return [outs, outs.map(() => 0)];
  },
};

/** The three functions of a customVjp, as the user wrote them (pytrees in and out). */
type AnyFn = (...args: never[]) => unknown;
type Fwd<A extends unknown[], R> = (...args: A) => [R, unknown];
type Bwd<A extends unknown[], R> = (residuals: never, ct: R) => { [K in keyof A]: unknown } | unknown[];

/** A function with a custom backward pass; `defvjp` sets it when `customVjp` was called with `f` alone. */
export interface CustomVjpFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Sets the forward (`(...args) → [output, residuals]`) and backward (`(residuals, ct) → one ct per argument`) rules. */
  defvjp(fwd: Fwd<A, R>, bwd: Bwd<A, R>): CustomVjpFunction<A, R>;
}

/**
 * Gives `f` a hand-written backward pass (jax.custom_vjp). `fwd(...args)` returns `[output,
 * residuals]` (residuals: any pytree, tensors or static values); `bwd(residuals, ct)` returns one
 * cotangent per argument of `f`, each shaped like that argument (null for a zero). Without
 * differentiation `f` runs; grad, vjp and jacrev run `fwd` then `bwd`. Forward mode (jvp, jacfwd)
 * raises, as in JAX: use customJvp for that. Values `f` closes over must not be differentiated:
 * pass them as arguments (JAX's closure_convert).
 * @example
 * // The gradient of a clipped identity, passed straight through (a straight-through estimator).
 * const clipST = customVjp(
 *   (x: Tensor) => np.clip(x, -1, 1),
 *   (x: Tensor) => [np.clip(x, -1, 1), null],
 *   (_res: null, g: Tensor) => [g],
 * );
 * grad((x: Tensor) => clipST(x).mul(3).sum())(np.array([0.5, 4])); // → [3, 3]
 */
export function customVjp<A extends unknown[], R>(f: (...args: A) => R, fwd?: Fwd<A, R>, bwd?: Bwd<A, R>, name = f.name || 'custom_vjp'): CustomVjpFunction<A, R> {
  validate.fn('customVjp', f);
  let rules: { fwd: Fwd<A, R>; bwd: Bwd<A, R> } | undefined;
  const define = (fw: unknown, bw: unknown) => {
    validate.fn(`customVjp(${name}): fwd`, fw);
    validate.fn(`customVjp(${name}): bwd`, bw);
    rules = { fwd: fw as Fwd<A, R>, bwd: bw as Bwd<A, R> };
  };
  if (fwd !== undefined || bwd !== undefined) define(fwd, bwd);
  const op = `customVjp(${name})`;
  const call = ((...args: A): R => {
    if (!rules) throw new ArgumentError(`${op}: called before its rules were given; call .defvjp(fwd, bwd) first, or pass them: customVjp(f, fwd, bwd).`);
    const { fwd: fw, bwd: bw } = rules;
    const inTree = flattenArgs(op, args);
    let outDef: TreeDef | undefined;
    const { jaxpr, consts } = traceToJaxpr((...xs) => {
      const out = flattenOutput(op, f(...treeUnflatten<A>(inTree.def, xs)));
      outDef = out.def;
      return out.leaves;
    }, inTree.leaves.map((l) => l.aval), name);
    const nc = consts.length;
    const jvp = (ps: Tensor[], ts: Tangent[]): [Tensor[], Tensor[]] => {
      checkNoClosedOverTangents(op, ts.slice(0, nc));
      const primals = ps.slice(nc), tangents = ts.slice(nc).map((t, i) => instantiate(t, primals[i]));
      const [out, res] = callFwd(op, fw, primals, inTree.def, outDef!, jaxpr.outAvals);
      const resTree = treeFlatten(res);
      const tensorRes = resTree.leaves.filter(isTensor);
      // Static residual leaves (numbers, strings, ...) stay in the closure; tensors go through the equation.
      const rebuildRes = (rs: Tensor[]) => { let k = 0; return treeUnflatten<never>(resTree.def, resTree.leaves.map((l) => (isTensor(l) ? rs[k++] : l))); };
      const flatBwd: CustomLinBwd = (rs, cts) =>
        flatCotangents(op, bw(rebuildRes(rs), treeUnflatten<R>(outDef!, cts)), inTree.def, primals.map((p) => p.aval));
      const outTangents = bind('custom_lin', [...tensorRes, ...tangents], {
        numResiduals: tensorRes.length, outAvals: jaxpr.outAvals, tangentAvals: primals.map((p) => p.aval), bwd: flatBwd, name,
      });
      return [out, outTangents];
    };
    const outs = bind('custom_jvp', [...consts, ...inTree.leaves], { jaxpr: constsAsInputs(jaxpr), jvp, name });
    return treeUnflatten<R>(outDef!, outs);
  }) as CustomVjpFunction<A, R>;
  call.defvjp = (fw, bw) => { define(fw, bw); return call; };
  return call;
}

/** Runs fwd and checks that its output has f's structure, shapes and dtypes. */
function callFwd(op: string, fwd: AnyFn, primals: Tensor[], inDef: TreeDef, outDef: TreeDef, outAvals: readonly ShapedArray[]): [Tensor[], unknown] {
  const r = (fwd as (...a: unknown[]) => unknown)(...treeUnflatten<unknown[]>(inDef, primals));
  if (!Array.isArray(r) || r.length !== 2) {
    throw new ArgumentError(`${op}: fwd must return [output, residuals], got ${validate.describe(r)}.`);
  }
  const out = flattenOutput(`${op}: fwd`, r[0]);
  if (!treeDefEqual(out.def, outDef)) {
    throw new ArgumentError(`${op}: fwd's output has structure ${treeDefToString(out.def)} but f's has ${treeDefToString(outDef)}; ` +
      'fwd must return the same output as f, with its residuals beside it: [output, residuals].');
  }
  out.leaves.forEach((l, i) => {
    if (!l.aval.equals(outAvals[i])) {
      throw new ShapeError(`${op}: fwd's output leaf ${i} is ${l.aval} but f's is ${outAvals[i]}; fwd must compute f's output.`);
    }
  });
  return [out.leaves, r[1]];
}

/**
 * bwd's result as one cotangent per flat argument leaf, checked against the arguments' types. A
 * null (or undefined) anywhere in it stands for zeros of the whole subtree there, as None in JAX.
 */
function flatCotangents(op: string, cts: unknown, inDef: TreeDef, avals: ShapedArray[]): (Tensor | null)[] {
  const children = inDef.kind === 'array' ? inDef.children : [inDef];
  if (!Array.isArray(cts) || cts.length !== children.length) {
    throw new ArgumentError(`${op}: bwd must return a list with one cotangent per argument of f (${children.length}), got ` +
      `${validate.describe(cts)}; e.g. return [gx] for f(x), [gx, null] when y needs none.`);
  }
  const out: (Tensor | null)[] = [];
  const walk = (def: TreeDef, ct: unknown, arg: number): void => {
    if (ct === null || ct === undefined) { for (let k = countLeaves(def); k > 0; k--) out.push(null); return; }
    const mismatch = () => new ArgumentError(`${op}: bwd's cotangent for argument ${arg} has structure ` +
      `${treeDefToString(treeFlatten(ct).def)} where the argument has ${treeDefToString(def)}; match the argument (null for zeros).`);
    switch (def.kind) {
      case 'none': return;
      case 'leaf': {
        const a = avals[out.length];
        if (!isTensor(ct)) throw new ArgumentError(`${op}: bwd's cotangent for argument ${arg} holds ${validate.describe(ct)}; return arrays (or null for a zero).`);
        if (!ct.aval.equals(a)) {
          throw new ShapeError(`${op}: bwd's cotangent ${out.length} (argument ${arg}) is ${ct.aval} but the argument is ${a}; ` +
            'each cotangent must have its argument\'s shape and dtype.');
        }
        out.push(ct);
        return;
      }
      case 'array':
        if (!Array.isArray(ct) || ct.length !== def.children.length) throw mismatch();
        def.children.forEach((c, j) => walk(c, ct[j], arg));
        return;
      case 'object': {
        const o = ct as Record<string, unknown>;
        if (typeof ct !== 'object' || Array.isArray(ct) || Object.keys(o).some((k) => !def.keys.includes(k))) throw mismatch();
        def.children.forEach((c, j) => walk(c, o[def.keys[j]], arg));
      }
    }
  };
  children.forEach((def, i) => walk(def, cts[i], i));
  return out;
}

const countLeaves = (d: TreeDef): number =>
  d.kind === 'leaf' ? 1 : d.kind === 'none' ? 0 : d.children.reduce((s, c) => s + countLeaves(c), 0);
