/** Flattening of transformation arguments: pytrees of tensors (or JS numbers) to flat tensor lists. */
import { ArgumentError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { scalar } from '../primitives/lax.js';
import { TreeDef, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';

/** A JS number becomes a float32 scalar, a boolean a bool scalar; anything else that is not a tensor is an error. */
export function toTensor(op: string, x: unknown): Tensor {
  if (isTensor(x)) return x;
  if (typeof x === 'number') return scalar(x, 'float32');
  if (typeof x === 'boolean') return scalar(x ? 1 : 0, 'bool');
  throw new ArgumentError(`${op}: expected arrays (Tensor, number or boolean) as leaves of the arguments, got ${validate.describe(x)}; ` +
    `pass static values through closures (or jit's staticArgnums).`);
}

export function flattenArgs(op: string, tree: unknown): { leaves: Tensor[]; def: TreeDef } {
  const { leaves, def } = treeFlatten(tree);
  return { leaves: leaves.map((l) => toTensor(op, l)), def };
}

/**
 * Raises when a transformed function returned a Promise (an async function): tracing needs its
 * result now. The promise's own rejection (often a tracer read with `await x.data()`) is
 * swallowed, so it cannot surface later as an unhandled rejection that kills Node.
 */
export function rejectAsync(op: string, out: unknown): void {
  if (out === null || (typeof out !== 'object' && typeof out !== 'function')) return;
  const then = (out as { then?: unknown }).then;
  if (typeof then !== 'function') return;
  try { (then as (ok: unknown, fail: unknown) => unknown).call(out, undefined, () => undefined); } catch { /* not a real promise: nothing to silence */ }
  throw new ArgumentError(`${op}: the function is async (it returned a Promise); transformed functions must be synchronous. ` +
    'Remove `async` and `await` from it: values cannot be read (x.data(), x.item()) while tracing, so read them after the ' +
    'transformed call returns, e.g. `const y = jit(f)(x); await y.data()`.');
}

/**
 * One leaf of what a transformed function returned: a tensor, or a number/boolean made into a
 * scalar. Anything else blames the function's return value (not its arguments).
 */
export function returnedLeaf(op: string, l: unknown, where: string): Tensor {
  if (isTensor(l)) return l;
  rejectAsync(op, l);
  if (typeof l === 'number') return scalar(l, 'float32');
  if (typeof l === 'boolean') return scalar(l ? 1 : 0, 'bool');
  throw new ArgumentError(`${op}: the function must return arrays (Tensors, numbers, or pytrees of them), but ${where} ` +
    `is ${validate.describe(l)}` + (l === undefined ? '; did the function forget to `return`?' : '.'));
}

/** Flattens a function's output, which must be a pytree of tensors. */
export function flattenOutput(op: string, out: unknown): { leaves: Tensor[]; def: TreeDef } {
  rejectAsync(op, out);
  const { leaves, def } = treeFlatten(out);
  const whole = leaves.length === 1 && treeDefToString(def) === '*';
  return {
    leaves: leaves.map((l, i) => returnedLeaf(op, l, whole ? 'its return value' : `leaf ${i} of its output ${treeDefToString(def)}`)),
    def,
  };
}

/**
 * `argnums`: an integer or a list of them, each naming one of `nargs` positional arguments
 * (negative ones count from the end, as in JAX); returns the positions, resolved.
 */
export function argnumsOf(op: string, argnums: unknown, nargs: number): number[] {
  const list = Array.isArray(argnums) ? argnums : [argnums];
  return list.map((a) => {
    if (typeof a !== 'number' || !Number.isInteger(a)) {
      throw new ArgumentError(`${op}: argnums must be an integer or a list of integers, got ${validate.describe(a)}.`);
    }
    if (a < -nargs || a >= nargs) {
      throw new ArgumentError(`${op}: argnums ${a} is out of range for a call with ${nargs} argument(s); ` +
        `use a position in [${-nargs}, ${nargs - 1}].`);
    }
    return a < 0 ? a + nargs : a;
  });
}

/** The options object of a transformation, if any (a number or function there is a misplaced argument). */
export function optionsOf<T extends object>(op: string, o: T | undefined, allowed: readonly string[] = ['argnums', 'hasAux']): T {
  if (o === undefined) return {} as T;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new ArgumentError(`${op}: options must be an object (e.g. { ${allowed[0]}: 1 }), got ${validate.describe(o)}.`);
  }
  // A misspelt key ({ argnum: 1 }) would otherwise differentiate with respect to argument 0 without a word.
  return validate.options<T>(op, o, allowed, `{ ${allowed[0]}: … }`) as T;
}

/**
 * Checks jit's inputs (a function; staticArgnums an integer or a list of them, negative ones
 * counting from the end as in JAX) and returns the static positions as given.
 */
export function jitStatics(f: unknown, opts: unknown, op = 'jit'): number[] {
  validate.fn(op, f);
  const o = optionsOf(op, opts as { staticArgnums?: unknown } | undefined, ['staticArgnums', 'name']);
  const raw = o.staticArgnums ?? [];
  const s = typeof raw === 'number' ? [raw] : raw;
  if (!Array.isArray(s)) throw new ArgumentError(`${op}: staticArgnums must be a list of argument positions, got ${validate.describe(s)}.`);
  return s.map((a) => validate.integer(op, 'each staticArgnums entry', a));
}

/** The static positions of a call with `nargs` arguments: negative ones resolved, each checked in range (as JAX). */
export function resolveStatics(op: string, statics: readonly number[], nargs: number): Set<number> {
  return new Set(statics.map((a) => {
    const i = a < 0 ? a + nargs : a;
    if (i < 0 || i >= nargs) {
      throw new ArgumentError(`${op}: staticArgnums names argument ${a}, but the function was called with ${nargs} positional ` +
        `argument(s); pass that argument, or use a position in [${-nargs}, ${nargs - 1}].`);
    }
    return i;
  }));
}

export { treeUnflatten };

/**
 * `f` as a function of flat leaves: its arguments are rebuilt with `inDef`, its output is
 * flattened, and `outDef()` gives the output's structure once it has been called.
 */
export function flattenFun(op: string, f: (...args: unknown[]) => unknown, inDef: TreeDef) {
  let outDef: TreeDef | undefined;
  const fn = (...xs: Tensor[]): Tensor[] => {
    const out = flattenOutput(op, f(...treeUnflatten<unknown[]>(inDef, xs)));
    outDef = out.def;
    return out.leaves;
  };
  return { fn, outDef: (): TreeDef => outDef! };
}
