/**
 * Reverse mode, derived: linearize = jvp with the tangent computation staged out by partial
 * evaluation; vjp = linearize + transpose; grad = vjp of a scalar with cotangent 1.
 */
import { isFloat } from '../core/dtype.js';
import { Jaxpr, evalJaxpr } from '../core/jaxpr.js';
import { Tensor } from '../core/tensor.js';
import { currentTrace, withTrace } from '../core/trace.js';
import * as lax from '../primitives/lax.js';
import { Tangent, UndefinedPrimal } from '../primitives/rules.js';
import { TreeDef, treeDefEqual, treeDefToString } from '../tree/pytree.js';
import { ArgumentError, DTypeError, ShapeError } from '../core/errors.js';
import * as validate from '../core/validate.js';
import { argnumsOf, flattenArgs, flattenFun, flattenOutput, optionsOf, rejectAsync, returnedLeaf, treeUnflatten } from './args.js';
import type { AnyFunction, Argnums, GradOf, TangentOf } from './types.js';

/** Internal call type: the public signatures are typed, the plumbing passes any arguments through. */
type Fn = (...args: unknown[]) => unknown;
const asFn = (f: AnyFunction): Fn => f as unknown as Fn;

const describeValue = (x: unknown): string => (Array.isArray(x) ? `an array of ${x.length}` : x === null ? 'null' : typeof x === 'object' ? (x as object).constructor?.name ?? 'an object' : typeof x);
import { JVPTrace } from './jvp.js';
import { PartialEvalTrace } from './partial-eval.js';
import { backwardPass } from './transpose.js';

export interface Linearized {
  /** Primal outputs: the first `numLinear` are differentiated, the rest are auxiliary. */
  outs: Tensor[];
  /** (residuals, tangents of the float inputs) → tangents of the first `numLinear` outputs */
  jaxpr: Jaxpr;
  residuals: Tensor[];
  /** Which inputs have a tangent (floating-point ones). */
  floatIns: boolean[];
}

/** `numLinear` may be a function, read after `f` has run (when the count depends on f's output). */
export function linearizeFlat(f: (...xs: Tensor[]) => Tensor[], primals: Tensor[], numLinear?: number | (() => number)): Linearized {
  const pe = new PartialEvalTrace(currentTrace());
  const floatIns = primals.map((p) => isFloat(p.dtype));
  const jvpTrace = new JVPTrace(pe);
  jvpTrace.kind = 'grad/vjp/linearize';
  try {
    const ins = primals.map((p, i) => (floatIns[i] ? jvpTrace.wrap(p, pe.newArg(p.aval)) : p));
    const outs = withTrace(jvpTrace, () => f(...ins));
    jvpTrace.alive = false;
    const lifted = outs.map((o) => jvpTrace.lift(o));
    const n = (typeof numLinear === 'function' ? numLinear() : numLinear) ?? outs.length;
    const outPrimals = lifted.map(([p]) => p);
    const outTangents = lifted.slice(0, n).map(([p, t]) => t ?? lax.zerosLike(p));
    const { jaxpr, consts } = pe.build(outTangents);
    return { outs: outPrimals, jaxpr, residuals: consts, floatIns };
  } finally {
    jvpTrace.alive = false;
    pe.alive = false;
  }
}

/** Cotangents of the inputs of a linearized function, given cotangents of its outputs. */
function pullback(lin: Linearized, primals: Tensor[], cts: Tangent[]): Tensor[] {
  const linearArgs = primals.filter((_, i) => lin.floatIns[i]).map((p) => new UndefinedPrimal(p.aval));
  const all = backwardPass(lin.jaxpr, [...lin.residuals, ...linearArgs], cts).slice(lin.residuals.length);
  let k = 0;
  return primals.map((p, i) => (lin.floatIns[i] ? all[k++] ?? lax.zerosLike(p) : lax.zerosLike(p)));
}

/**
 * Evaluates `f` and returns its linear approximation at `primals` as a function of tangents.
 * @example
 * const f = (x) => x.sin().sum(), x = np.array([0, 1]);
 * const [y, fJvp] = linearize(f, x);
 * fJvp(np.array([1, 0])); // → 1 — cos(0)·1 + cos(1)·0
 */
export function linearize<A extends unknown[], R>(f: (...args: A) => R, ...primals: A): [R, (...tangents: TangentOf<A>) => TangentOf<R>] {
  type T = R;
  validate.fn('linearize', f);
  const p = flattenArgs('linearize', primals);
  const flat = flattenFun('linearize', asFn(f), p.def);
  const lin = linearizeFlat(flat.fn, p.leaves);
  const outDef = flat.outDef();
  const fJvp = (...tangents: unknown[]): TangentOf<T> => {
    const t = flattenArgs('linearize', tangents).leaves.filter((_, i) => lin.floatIns[i]);
    return treeUnflatten<TangentOf<T>>(outDef, evalJaxpr(lin.jaxpr, [...lin.residuals, ...t]));
  };
  return [treeUnflatten<T>(outDef, lin.outs), fJvp];
}

/** Options of `vjp`, given after the primals: `vjp(f, x, y, { hasAux: true })`. */
export interface VjpOptions { hasAux: boolean }

/** A trailing `{ hasAux: boolean }` is vjp's options, never a primal (a boolean leaf cannot be differentiated). */
const isVjpOptions = (x: unknown): x is VjpOptions =>
  x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype &&
  Object.keys(x).length === 1 && typeof (x as VjpOptions).hasAux === 'boolean';

/** The pullback of `vjp`: output cotangent → one cotangent per primal. */
export type Pullback<A extends readonly unknown[], R> = (ct: TangentOf<R>) => TangentOf<A>;

/**
 * Evaluates `f` and returns a function that maps output cotangents to input cotangents (one per
 * primal). With `{ hasAux: true }` after the primals, `f` returns `[value, aux]` and vjp returns
 * `[value, pullback, aux]`, as in JAX.
 * @example
 * const f = (x) => x.mul(x), x = np.array([1, 2]);
 * const [y, pullback] = vjp(f, x);
 * const [dx] = pullback(np.ones(y.shape));
 * dx; // → [2, 4]
 */
export function vjp<A extends unknown[], R>(f: (...args: A) => R, ...primals: A): [R, Pullback<A, R>];
export function vjp<A extends unknown[], V, X>(f: (...args: A) => readonly [V, X], ...primalsAndOptions: [...A, { hasAux: true }]): [V, Pullback<A, V>, X];
export function vjp(f: AnyFunction, ...rest: unknown[]): unknown[] {
  validate.fn('vjp', f);
  const options = rest.length > 0 && isVjpOptions(rest[rest.length - 1]) ? rest.pop() as VjpOptions : { hasAux: false };
  const p = flattenArgs('vjp', rest);
  let aux: unknown, auxDef: TreeDef | undefined, outDef: TreeDef | undefined, nOut = 0;
  const lin = linearizeFlat((...xs) => {
    let out = asFn(f)(...treeUnflatten<unknown[]>(p.def, xs));
    rejectAsync('vjp', out);
    if (options.hasAux) {
      if (!Array.isArray(out) || out.length !== 2) throw new ArgumentError(`vjp: with hasAux the function must return [value, aux], got ${describeValue(out)}.`);
      [out, aux] = out;
      const a = flattenOutput('vjp', aux);
      auxDef = a.def;
      const o = flattenOutput('vjp', out);
      outDef = o.def;
      nOut = o.leaves.length;
      return [...o.leaves, ...a.leaves];
    }
    const o = flattenOutput('vjp', out);
    outDef = o.def;
    nOut = o.leaves.length;
    return o.leaves;
  }, p.leaves, () => nOut);
  const outs = lin.outs.slice(0, nOut);
  const vjpFn = (ct: unknown): unknown => {
    const c = flattenArgs('vjp', zeroIntegerCotangents(ct, outDef!, outs));
    if (!treeDefEqual(c.def, outDef!)) {
      throw new ShapeError(`vjp: the cotangent has structure ${treeDefToString(c.def)} but the output has ${treeDefToString(outDef!)}.`);
    }
    c.leaves.forEach((x, i) => {
      if (!x.aval.equals(outs[i]!.aval)) {
        throw new ShapeError(`vjp: cotangent ${i} is ${x.aval} but the output is ${outs[i]!.aval}; they must match.`);
      }
    });
    return treeUnflatten<unknown[]>(p.def, pullback(lin, p.leaves, c.leaves));
  };
  const value = treeUnflatten(outDef!, outs);
  return options.hasAux ? [value, vjpFn, treeUnflatten(auxDef!, lin.outs.slice(nOut))] : [value, vjpFn];
}

/**
 * An integer or boolean output has no cotangent (JAX's float0): a null (or undefined) there
 * stands for its zeros. Elsewhere the cotangent is left as given, to be checked against the output.
 */
function zeroIntegerCotangents(ct: unknown, def: TreeDef, outs: Tensor[]): unknown {
  let k = 0;
  const go = (d: TreeDef, c: unknown): unknown => {
    switch (d.kind) {
      case 'none': return c;
      case 'leaf': {
        const o = outs[k++];
        return (c === null || c === undefined) && !isFloat(o.dtype) ? lax.zerosLike(o) : c;
      }
      case 'array':
        if (!Array.isArray(c) || c.length !== d.children.length) return c;
        return d.children.map((ch, i) => go(ch, c[i]));
      case 'object': {
        if (c === null || typeof c !== 'object' || Array.isArray(c) || Object.getPrototypeOf(c) !== Object.prototype) return c;
        const o = c as Record<string, unknown>;
        return { ...o, ...Object.fromEntries(d.keys.map((key, i) => [key, go(d.children[i], o[key])])) };
      }
    }
  };
  return go(def, ct);
}

export interface GradOptions<N extends Argnums = Argnums, H extends boolean = boolean> {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: N;
  /** `f` returns [loss, aux]; aux is passed through undifferentiated. */
  hasAux?: H;
}

function valueAndGradImpl(op: string, f: Fn, opts: GradOptions, args: unknown[]) {
  const { argnums = 0, hasAux = false } = opts;
  const nums = argnumsOf(op, argnums, args.length);
  const wrt = flattenArgs(op, nums.map((a) => args[a]));
  wrt.leaves.forEach((x) => {
    if (!isFloat(x.dtype)) {
      throw new DTypeError(`${op}: cannot differentiate with respect to an input of type ${x.aval}; ` +
        `gradients are defined for floating-point inputs. Cast it with astype('float32') or leave it out of argnums.`);
    }
  });
  let auxDef: TreeDef | undefined;
  const lin = linearizeFlat((...xs) => {
    const sel = treeUnflatten<unknown[]>(wrt.def, xs);
    const full = [...args];
    nums.forEach((a, j) => { full[a] = sel[j]; });
    let out = f(...full);
    rejectAsync(op, out);
    let aux: unknown = null;
    if (hasAux) {
      if (!Array.isArray(out) || out.length !== 2) {
        throw new ArgumentError(`${op}: with hasAux the function must return [value, aux], got ${validate.describe(out)}.`);
      }
      [out, aux] = out;
    }
    if (!hasAux && (Array.isArray(out) || (out !== null && typeof out === 'object' && !(out instanceof Tensor)))) {
      throw new ArgumentError(`${op}: the function must return a floating-point scalar, got ${validate.describe(out)}; ` +
        `return the loss alone, or pass { hasAux: true } and return [loss, aux].`);
    }
    const value = returnedLeaf(op, out, hasAux ? 'the value it returns first' : 'its return value');
    if (value.ndim !== 0 || !isFloat(value.dtype)) {
      throw new (value.ndim !== 0 ? ShapeError : DTypeError)(`${op}: the function must return a floating-point scalar (shape []), got ${value.aval}. ` +
        `Reduce it first (e.g. .sum() or .mean()), or use vjp/jacrev for non-scalar outputs.`);
    }
    const a = flattenOutput(op, aux);
    auxDef = a.def;
    return [value, ...a.leaves];
  }, wrt.leaves, 1);
  const grads = pullback(lin, wrt.leaves, [lax.full([], 1, lin.outs[0].dtype)]);
  const g = treeUnflatten<unknown[]>(wrt.def, grads);
  return {
    value: lin.outs[0],
    aux: hasAux ? treeUnflatten(auxDef!, lin.outs.slice(1)) : undefined,
    grad: Array.isArray(argnums) ? g : g[0],
  };
}

/**
 * The gradient of a scalar function with respect to argument `argnums` (default 0), returned
 * with the argument's pytree structure (a tuple of them when argnums is an array). With
 * `hasAux`, `f` returns `[loss, aux] as const` (a pair, so the types of both survive) and the
 * gradient function returns [grad, aux].
 * @example
 * const loss = (p, batch) => batch.matmul(p.w).square().mean();
 * const params = { w: np.array([[1], [2]]) }, batch = np.array([[1, 0], [0, 1]]);
 * const dLoss = grad((p) => loss(p, batch));
 * dLoss(params).w; // → [[1], [2]] — d/dw of mean((batch·w)²)
 */
export function grad<A extends unknown[], const N extends Argnums = 0>(f: (...args: A) => Tensor | number, opts?: GradOptions<N, false>): (...args: A) => GradOf<A, N>;
export function grad<A extends unknown[], X, const N extends Argnums = 0>(f: (...args: A) => readonly [Tensor | number, X], opts: GradOptions<N, true>): (...args: A) => [GradOf<A, N>, X];
export function grad(f: AnyFunction, options?: GradOptions): (...args: never[]) => unknown {
  validate.fn('grad', f);
  const opts = optionsOf('grad', options);
  return (...args: unknown[]) => {
    const r = valueAndGradImpl('grad', asFn(f), opts, args);
    return opts.hasAux ? [r.grad, r.aux] : r.grad;
  };
}

/**
 * Both the value and the gradient: [value, grad], or [[value, aux], grad] with `hasAux`.
 * @example
 * const lossFn = (w, x) => x.mul(w).square().sum();
 * const [loss, g] = valueAndGrad(lossFn)(np.array(2), np.array([1, 2]));
 * loss; // → 20
 * g;    // → 20 — Σ 2·w·x²
 */
export function valueAndGrad<A extends unknown[], const N extends Argnums = 0>(f: (...args: A) => Tensor | number, opts?: GradOptions<N, false>): (...args: A) => [Tensor, GradOf<A, N>];
export function valueAndGrad<A extends unknown[], X, const N extends Argnums = 0>(f: (...args: A) => readonly [Tensor | number, X], opts: GradOptions<N, true>): (...args: A) => [[Tensor, X], GradOf<A, N>];
export function valueAndGrad(f: AnyFunction, options?: GradOptions): (...args: never[]) => unknown {
  validate.fn('valueAndGrad', f);
  const opts = optionsOf('valueAndGrad', options);
  return (...args: unknown[]) => {
    const r = valueAndGradImpl('valueAndGrad', asFn(f), opts, args);
    return opts.hasAux ? [[r.value, r.aux], r.grad] : [r.value, r.grad];
  };
}
