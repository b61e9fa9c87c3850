/**
 * Algebraic simplification: local rewrites that make a program smaller without changing any
 * value it computes. Most of what they remove is produced by the transformations and the numpy
 * layer, not written by users: autodiff seeds with `broadcast_in_dim 1.0` and multiplies by it,
 * the numpy layer broadcasts every scalar operand (so `x + 0` arrives as
 * `add x (broadcast_in_dim 0.0)`), vmap moves batch axes with transposes that often cancel, and
 * `stop_gradient` has nothing left to stop once a program is being compiled.
 *
 * Each rewrite either replaces an equation's single output by an atom that already exists (its
 * users are rewired, and the equation becomes dead code for `dce`), or replaces the equation by
 * a cheaper one with the same output variable (reshape∘reshape → reshape). A replacement atom
 * always has exactly the output's type (shape and dtype), which is checked, so types are
 * preserved by construction.
 *
 * What is deliberately NOT done, and why:
 *  - `x * 0 → 0` for floats: NaN·0 = NaN and ∞·0 = NaN (and -x·0 = -0), so it is folded only for
 *    integer and bool x, where it is exact.
 *  - `x - x → 0`, `x / x → 1`: wrong for NaN / ∞ / 0.
 *  - `0 - x → neg x`: differs in the sign of zero (0 - 0 = +0, neg 0 = -0).
 *  - `cast(cast(x))` through a narrowing cast (f32→i32→f32 truncates, i32→f32→i32 rounds).
 * The one IEEE liberty taken is `x + 0 → x` (as XLA does): it differs only for x = -0, where the
 * sum is +0; `x + (-0)`, `x - 0`, `x * 1` and `x / 1` are exact.
 */
import { DType, coerce, isInteger } from '../../core/dtype.js';
import { Atom, Eqn, Jaxpr, Lit, Var } from '../../core/jaxpr.js';
import { shapesEqual } from '../../core/shape.js';

/** A rewrite: the output is an existing atom, or the equation is replaced by a cheaper one. */
type Rewrite = { kind: 'replace'; atom: Atom } | { kind: 'eqn'; eqn: Eqn };

type Defs = ReadonlyMap<Var, Eqn>;

const isIdentityPerm = (perm: readonly number[]): boolean => perm.every((p, i) => p === i);

/**
 * Casts that are exact for every value of `from`, so that a second cast after them sees the
 * original value: `cast(cast(x, mid), to)` is then `cast(x, to)`. bool is 0/1 in every type;
 * f64 holds every i32, u32 and f32 exactly.
 */
function losslessCast(from: DType, to: DType): boolean {
  if (from === to || from === 'bool') return true;
  return to === 'float64' && (from === 'int32' || from === 'uint32' || from === 'float32');
}

/**
 * The value of every element of `a`, when it is known to be one constant: a literal, or a
 * literal moved around by broadcast_in_dim / reshape / transpose / slice (the shape of
 * `zerosLike`, `onesLike` and numpy's broadcast scalars), or cast exactly to another dtype.
 * Captured constant arrays are inputs, whose values are unknown here.
 */
function constValue(a: Atom, defs: Defs, depth = 0): number | undefined {
  if (a instanceof Lit) return a.value;
  const e = defs.get(a);
  if (!e || depth > 32) return undefined;
  switch (e.prim) {
    case 'broadcast_in_dim': case 'reshape': case 'transpose': case 'slice':
      return constValue(e.inputs[0], defs, depth + 1);
    case 'cast': {
      // Only through casts that keep the value exactly (0 and 1 always do): what an inexact
      // cast produces (NaN → int, out-of-range floats) may differ between backends.
      const v = constValue(e.inputs[0], defs, depth + 1);
      const to = e.params.dtype;
      return v !== undefined && coerce(to, v) === v && (to !== 'bool' || v === 0 || v === 1) ? v : undefined;
    }
    default:
      return undefined;
  }
}

function rewrite(e: Eqn, defs: Defs): Rewrite | undefined {
  const out = e.outs[0];
  // Replacing the output by `atom` is only allowed when the types agree exactly.
  const to = (atom: Atom): Rewrite | undefined =>
    (e.outs.length === 1 && atom.aval.equals(out.aval) ? { kind: 'replace', atom } : undefined);
  const is = (a: Atom, v: number): boolean => constValue(a, defs) === v;
  const producer = (a: Atom): Eqn | undefined => (a instanceof Var ? defs.get(a) : undefined);
  const [x, y] = e.inputs;

  switch (e.prim) {
    case 'add':
      if (is(y, 0)) return to(x);
      if (is(x, 0)) return to(y);
      return undefined;
    case 'sub':
      return is(y, 0) ? to(x) : undefined;
    case 'mul': {
      if (is(y, 1)) return to(x);
      if (is(x, 1)) return to(y);
      // x·0 = 0 only without NaN and ∞: integers and bools. The zero operand already has the
      // output's type (operands of a binary primitive share shape and dtype), so it is the result.
      const exact = isInteger(out.aval.dtype) || out.aval.dtype === 'bool';
      if (exact && is(y, 0)) return to(y);
      if (exact && is(x, 0)) return to(x);
      return undefined;
    }
    case 'div':
      return is(y, 1) ? to(x) : undefined;
    case 'where': {
      // where(c, a, a): both branches the same value, so the condition does not matter.
      const [, a, b] = e.inputs;
      return a === b ? to(a) : undefined;
    }
    case 'neg': {
      const p = producer(x);
      return p?.prim === 'neg' ? to(p.inputs[0]) : undefined;
    }
    case 'stop_gradient':
      // Only transformations look at stop_gradient; a compiled program is past all of them.
      return to(x);
    case 'cast': {
      const { dtype } = e.params;
      if (x.aval.dtype === dtype) return to(x);
      const p = producer(x);
      if (p?.prim === 'cast' && losslessCast(p.inputs[0].aval.dtype, x.aval.dtype)) {
        return { kind: 'eqn', eqn: { prim: 'cast', inputs: [p.inputs[0]], params: { dtype }, outs: e.outs } };
      }
      return undefined;
    }
    case 'reshape': {
      const { shape } = e.params;
      if (shapesEqual(shape, x.aval.shape)) return to(x);
      const p = producer(x);
      if (p?.prim === 'reshape') {
        // Row-major reshapes compose: only the final shape matters.
        return { kind: 'eqn', eqn: { prim: 'reshape', inputs: [p.inputs[0]], params: { shape: [...shape] }, outs: e.outs } };
      }
      return undefined;
    }
    case 'transpose': {
      const { perm } = e.params;
      if (isIdentityPerm(perm)) return to(x);
      const p = producer(x);
      if (p?.prim === 'transpose') {
        // y = transpose(w, p1): y.dim[i] = w.dim[p1[i]]; z = transpose(y, p2): z.dim[i] = w.dim[p1[p2[i]]].
        const inner = p.params.perm;
        const composed = perm.map((q) => inner[q]);
        return { kind: 'eqn', eqn: { prim: 'transpose', inputs: [p.inputs[0]], params: { perm: composed }, outs: e.outs } };
      }
      return undefined;
    }
    case 'broadcast_in_dim': {
      const { shape, dims } = e.params;
      return shapesEqual(shape, x.aval.shape) && isIdentityPerm(dims) ? to(x) : undefined;
    }
    case 'slice': {
      const { start, limit } = e.params;
      return start.every((s) => s === 0) && shapesEqual(limit, x.aval.shape) ? to(x) : undefined;
    }
    case 'pad': {
      const { lo, hi } = e.params;
      return lo.every((p) => p === 0) && hi.every((p) => p === 0) ? to(x) : undefined;
    }
    case 'reduce_sum': case 'reduce_max':
      return e.params.axes.length === 0 ? to(x) : undefined;
    default:
      return undefined;
  }
}

/** One forward sweep; `changed` says whether any rewrite fired. */
function sweep(j: Jaxpr): { jaxpr: Jaxpr; changed: boolean } {
  const subst = new Map<Var, Atom>();
  const defs = new Map<Var, Eqn>();
  const read = (a: Atom): Atom => (a instanceof Var ? subst.get(a) ?? a : a);
  const eqns: Eqn[] = [];
  let changed = false;
  for (const e of j.eqns) {
    const inputs = e.inputs.map(read);
    let cur: Eqn | undefined = inputs.every((a, i) => a === e.inputs[i]) ? e : { ...e, inputs };
    // Rewrites of one equation can chain (reshape∘reshape may land on the identity reshape);
    // each strictly shrinks the program, and the bound only guards against a buggy rule.
    for (let k = 0; cur && k < 16; k++) {
      const r = rewrite(cur, defs);
      if (!r) break;
      changed = true;
      if (r.kind === 'replace') {
        // Substitution targets are already resolved, so chains never need following here.
        subst.set(cur.outs[0], r.atom);
        cur = undefined;
      } else {
        cur = r.eqn;
      }
    }
    if (cur) {
      eqns.push(cur);
      for (const v of cur.outs) defs.set(v, cur);
    }
  }
  return { jaxpr: new Jaxpr(j.inVars, eqns, j.outs.map(read), j.numConsts), changed };
}

/**
 * Applies the rewrites above until none fires (at most `maxIterations` sweeps: a single sweep
 * already sees every rewrite whose operands precede it, so the bound is rarely approached).
 * Dead equations are left for `dce`. Inputs, numConsts and the input Jaxpr are unchanged.
 */
export function simplify(j: Jaxpr, maxIterations = 8): Jaxpr {
  let cur = j;
  for (let i = 0; i < maxIterations; i++) {
    const { jaxpr, changed } = sweep(cur);
    cur = jaxpr;
    if (!changed) break;
  }
  return cur;
}
