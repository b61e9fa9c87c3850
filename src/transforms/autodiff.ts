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
import { argnumsOf, flattenArgs, flattenFun, flattenOutput, optionsOf, returnedLeaf, treeUnflatten } from './args.js';
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

export function linearizeFlat(f: (...xs: Tensor[]) => Tensor[], primals: Tensor[], numLinear?: number): Linearized {
  const pe = new PartialEvalTrace(currentTrace());
  const floatIns = primals.map((p) => isFloat(p.dtype));
  const jvpTrace = new JVPTrace(pe);
  jvpTrace.kind = 'grad/vjp/linearize';
  try {
    const ins = primals.map((p, i) => (floatIns[i] ? jvpTrace.wrap(p, pe.newArg(p.aval)) : p));
    const outs = withTrace(jvpTrace, () => f(...ins));
    jvpTrace.alive = false;
    const lifted = outs.map((o) => jvpTrace.lift(o));
    const n = numLinear ?? outs.length;
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
 * @example const [y, fJvp] = linearize(f, x); const dy = fJvp(dx);
 */
export function linearize<T = Tensor>(f: (...args: any[]) => T, ...primals: unknown[]): [T, (...tangents: unknown[]) => T] {
  validate.fn('linearize', f);
  const p = flattenArgs('linearize', primals);
  const flat = flattenFun('linearize', f, p.def);
  const lin = linearizeFlat(flat.fn, p.leaves);
  const outDef = flat.outDef();
  const fJvp = (...tangents: unknown[]): T => {
    const t = flattenArgs('linearize', tangents).leaves.filter((_, i) => lin.floatIns[i]);
    return treeUnflatten<T>(outDef, evalJaxpr(lin.jaxpr, [...lin.residuals, ...t]));
  };
  return [treeUnflatten<T>(outDef, lin.outs), fJvp];
}

/**
 * Evaluates `f` and returns a function that maps output cotangents to input cotangents.
 * @example const [y, pullback] = vjp(f, x); const [dx] = pullback(ones(y.shape));
 */
export function vjp<T = Tensor>(f: (...args: any[]) => T, ...primals: unknown[]): [T, (ct: T) => unknown[]] {
  validate.fn('vjp', f);
  const p = flattenArgs('vjp', primals);
  const flat = flattenFun('vjp', f, p.def);
  const lin = linearizeFlat(flat.fn, p.leaves);
  const outDef = flat.outDef();
  const vjpFn = (ct: T): unknown[] => {
    const c = flattenArgs('vjp', ct);
    if (!treeDefEqual(c.def, outDef)) {
      throw new ArgumentError(`vjp: the cotangent has structure ${treeDefToString(c.def)} but the output has ${treeDefToString(outDef)}.`);
    }
    c.leaves.forEach((x, i) => {
      if (!x.aval.equals(lin.outs[i].aval)) {
        throw new ShapeError(`vjp: cotangent ${i} is ${x.aval} but the output is ${lin.outs[i].aval}; they must match.`);
      }
    });
    return treeUnflatten<unknown[]>(p.def, pullback(lin, p.leaves, c.leaves));
  };
  return [treeUnflatten<T>(outDef, lin.outs), vjpFn];
}

export interface GradOptions {
  /** Which positional argument(s) to differentiate with respect to (default 0). */
  argnums?: number | number[];
  /** `f` returns [loss, aux]; aux is passed through undifferentiated. */
  hasAux?: boolean;
}

function valueAndGradImpl(op: string, f: (...args: any[]) => unknown, opts: GradOptions, args: unknown[]) {
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
 * with the argument's pytree structure. With `hasAux`, returns [grad, aux].
 * @example const dLoss = grad((p) => loss(p, batch)); const g = dLoss(params);
 */
export function grad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  validate.fn('grad', f);
  const opts = optionsOf('grad', options);
  return (...args: unknown[]) => {
    const r = valueAndGradImpl('grad', f, opts, args);
    return opts.hasAux ? [r.grad, r.aux] : r.grad;
  };
}

/**
 * Both the value and the gradient: [value, grad], or [[value, aux], grad] with `hasAux`.
 * @example const [loss, g] = valueAndGrad(lossFn)(params, batch);
 */
export function valueAndGrad(f: (...args: any[]) => unknown, options?: GradOptions): (...args: any[]) => any {
  validate.fn('valueAndGrad', f);
  const opts = optionsOf('valueAndGrad', options);
  return (...args: unknown[]) => {
    const r = valueAndGradImpl('valueAndGrad', f, opts, args);
    return opts.hasAux ? [[r.value, r.aux], r.grad] : [r.value, r.grad];
  };
}
