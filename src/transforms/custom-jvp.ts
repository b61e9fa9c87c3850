/**
 * customJvp: a function with a hand-written derivative, for numerical stability (e.g. a safe
 * norm) or speed. It is the higher-order `custom_jvp` primitive: evaluation runs the body's
 * Jaxpr; jvp calls the user's rule instead of differentiating the body.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import type { CustomJvpRule } from '../core/primitive.js';
import { ShapedArray, shapesEqual } from '../core/shape.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import { instantiate } from '../primitives/helpers.js';
import * as lax from '../primitives/lax.js';
import type { Rules } from '../primitives/rules.js';
import { TreeDef, treeDefEqual, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { flattenArgs, flattenOutput } from './args.js';
import type { TangentOf } from './types.js';
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
  // An integer or boolean output has no tangent (a symbolic zero), as with every other primitive.
  jvp: (primals, tangents, { jvp }) => {
    const [outs, outTs] = jvp(primals, tangents);
    return [outs, outTs.map((t, i) => (isFloat(outs[i].dtype) ? t : null))];
  },
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

/** A customJvp rule: `(primals, tangents) → [output, output tangent]`, each list one entry per argument of `f`. */
export type CustomJvpRuleOf<A extends unknown[], R> = (primals: A, tangents: TangentOf<A>) => readonly [R, unknown];

/** A function with a custom forward-mode rule; `defjvp` sets it when `customJvp` was called with `f` alone. */
export interface CustomJvpFunction<A extends unknown[], R> {
  (...args: A): R;
  /** Sets the rule `(primals, tangents) → [output, output tangent]` (JAX's `f.defjvp`). */
  defjvp(rule: CustomJvpRuleOf<A, R>): CustomJvpFunction<A, R>;
}

/**
 * Gives `f` a custom derivative rule `(primals, tangents) → [output, output tangent]`
 * (jax.custom_jvp). `primals` and `tangents` hold one entry per argument of `f` (pytrees allowed;
 * an integer argument's tangent is zeros); the rule returns `f`'s output and a tangent of the
 * same structure, shapes and dtypes (null for a zero). The rule may be given later with
 * `customJvp(f).defjvp(rule)`.
 * @example
 * const softplus = customJvp((x) => np.log1p(np.exp(x)), ([x], [t]) => [softplus(x), t.mul(np.sigmoid(x))]);
 * grad((x) => softplus(x).sum())(np.array([0, 100])); // → [0.5, 1] — the rule's σ(x), finite at 100
 * const cube = customJvp((p) => p.a.mul(p.a).mul(p.a));
 * cube.defjvp(([p], [t]) => [cube(p), t.a.mul(p.a.mul(p.a)).mul(3)]);
 * grad((a) => cube({ a }).sum())(np.array([1, 2])); // → [3, 12]
 */
export function customJvp<A extends unknown[], R>(f: (...args: A) => R, rule?: CustomJvpRuleOf<A, R>, name = f.name || 'custom_jvp'): CustomJvpFunction<A, R> {
  validate.fn('customJvp', f);
  const op = `customJvp(${name})`;
  let jvpRule: CustomJvpRuleOf<A, R> | undefined;
  const define = (r: unknown) => { jvpRule = validate.fn(`${op}: the jvp rule`, r) as CustomJvpRuleOf<A, R>; };
  if (rule !== undefined) define(rule);
  const call = ((...args: A): R => {
    if (!jvpRule) throw new ArgumentError(`${op}: called before its rule was given; call .defjvp(rule) first, or pass it: customJvp(f, rule).`);
    const userRule = jvpRule;
    const inTree = flattenArgs(op, args);
    let outDef: TreeDef | undefined;
    const { jaxpr, consts } = traceToJaxpr((...xs) => {
      const out = flattenOutput(op, f(...treeUnflatten<A>(inTree.def, xs)));
      outDef = out.def;
      return out.leaves;
    }, inTree.leaves.map((l) => l.aval), name);
    const nc = consts.length;
    const jvp: CustomJvpRule = (ps, ts) => {
      checkNoClosedOverTangents(op, ts.slice(0, nc));
      const primals = ps.slice(nc);
      const tangents = ts.slice(nc).map((t, i) => instantiate(t, primals[i]));
      const r = userRule(treeUnflatten<A>(inTree.def, primals), treeUnflatten<TangentOf<A>>(inTree.def, tangents));
      return checkRuleResult(op, r, outDef!, jaxpr.outAvals);
    };
    const outs = bind('custom_jvp', [...consts, ...inTree.leaves], { jaxpr: constsAsInputs(jaxpr), jvp, name });
    return treeUnflatten<R>(outDef!, outs);
  }) as CustomJvpFunction<A, R>;
  call.defjvp = (r) => { define(r); return call; };
  return call;
}

const avalMismatch = (msg: string, got: ShapedArray, want: ShapedArray) =>
  (shapesEqual(got.shape, want.shape) ? new DTypeError(msg) : new ShapeError(msg));

/**
 * Checks what a jvp rule returned, as JAX's custom_jvp does: a pair [output, tangent], the output
 * with f's structure, shapes and dtypes, the tangent with the output's structure and, for each
 * floating leaf, its shape and dtype (null or undefined: a zero of the whole subtree). An
 * integer or boolean output's tangent (null or any array of its shape) is dropped: it has none.
 * Returns flat lists, zeros filled in.
 */
function checkRuleResult(op: string, r: unknown, outDef: TreeDef, outAvals: readonly ShapedArray[]): [Tensor[], Tensor[]] {
  if (!Array.isArray(r) || r.length !== 2) {
    throw new ArgumentError(`${op}: the jvp rule must return a pair [output, tangent] (JAX's (primal_out, tangent_out)), got ` +
      `${validate.describe(r)}; e.g. ([x], [t]) => [f(x), t.mul(df(x))].`);
  }
  const out = flattenOutput(`${op}: the jvp rule`, r[0]);
  if (!treeDefEqual(out.def, outDef)) {
    throw new ArgumentError(`${op}: the jvp rule's output (the first of its pair) has structure ${treeDefToString(out.def)} but f's ` +
      `output has ${treeDefToString(outDef)}; the rule must return [f's output, its tangent].`);
  }
  out.leaves.forEach((l, i) => {
    if (!l.aval.equals(outAvals[i])) {
      throw avalMismatch(`${op}: the jvp rule's output ${outDef.kind === 'leaf' ? '' : `leaf ${i} `}is ${l.aval} but f's is ${outAvals[i]}; ` +
        'the first of the rule\'s pair must be f\'s output (same shapes and dtypes).', l.aval, outAvals[i]);
    }
  });
  const tangents: Tensor[] = [];
  const walk = (def: TreeDef, t: unknown, path: string): void => {
    if (def.kind === 'none') return;
    if (t === null || t === undefined) {
      for (let k = countLeaves(def); k > 0; k--) tangents.push(lax.zerosLike(out.leaves[tangents.length]));
      return;
    }
    const where = path === '' ? 'tangent' : `tangent at ${path}`;
    switch (def.kind) {
      case 'leaf': {
        const p = out.leaves[tangents.length];
        if (!isTensor(t)) {
          throw new ArgumentError(`${op}: the jvp rule's ${where} is ${validate.describe(t)}; return an array like the output ` +
            `${p.aval} (null for a zero).`);
        }
        if (!isFloat(p.dtype)) {
          if (!shapesEqual(t.shape, p.shape)) {
            throw new ShapeError(`${op}: the jvp rule's ${where} is ${t.aval} but the output there is ${p.aval}; an integer ` +
              'output has no tangent: return null (or zeros of its shape) for it.');
          }
          tangents.push(lax.zerosLike(p));
          return;
        }
        if (!t.aval.equals(p.aval)) {
          throw avalMismatch(`${op}: the jvp rule's ${where} is ${t.aval} but the output there is ${p.aval}; the rule must return ` +
            `primal and tangent outputs with corresponding shapes and dtypes (expected ${p.aval}, the tangent type of ${p.aval}).`, t.aval, p.aval);
        }
        tangents.push(t);
        return;
      }
      case 'array':
        if (!Array.isArray(t) || t.length !== def.children.length) throw tangentStructure(op, t, outDef);
        def.children.forEach((c, j) => walk(c, t[j], `${path}[${j}]`));
        return;
      case 'object': {
        if (typeof t !== 'object' || Array.isArray(t) || isTensor(t)) throw tangentStructure(op, t, outDef);
        const o = t as Record<string, unknown>;
        if (Object.keys(o).some((k) => !def.keys.includes(k) && o[k] !== undefined)) throw tangentStructure(op, t, outDef);
        def.children.forEach((c, j) => walk(c, o[def.keys[j]], `${path}.${def.keys[j]}`));
      }
    }
  };
  walk(outDef, r[1], '');
  return [out.leaves, tangents];
}

const tangentStructure = (op: string, t: unknown, outDef: TreeDef) => new ArgumentError(`${op}: the jvp rule's tangent (the second of ` +
  `its pair) has structure ${isTensor(t) ? '*' : treeDefToString(treeFlatten(t).def)} but f's output has ${treeDefToString(outDef)}; ` +
  'return a tangent shaped like the output (null for zeros).');

const countLeaves = (d: TreeDef): number =>
  d.kind === 'leaf' ? 1 : d.kind === 'none' ? 0 : d.children.reduce((s, c) => s + countLeaves(c), 0);
