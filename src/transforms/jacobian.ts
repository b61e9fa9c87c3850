/**
 * Dense Jacobians and Hessians, as vmaps of jvp (forward) or vjp (reverse) over a basis. As in
 * JAX, inputs and outputs may be pytrees: the Jacobian has the output's structure, and at each
 * output leaf the structure of the differentiated argument(s) (a tuple of them when argnums is a
 * list), each block shaped out.shape + in.shape.
 */
import { isFloat } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { Shape, sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { TreeDef } from '../tree/pytree.js';
import { argnumsOf, flattenArgs, flattenOutput, optionsOf, rejectAsync, treeUnflatten } from './args.js';
import { vjp } from './autodiff.js';
import { jvpFlat } from './jvp.js';
import type { Argnums } from './types.js';
import { vmapFlat } from './vmap.js';

/** Options of jacfwd, jacrev and hessian (JAX's argnums and has_aux). */
export interface JacobianOptions {
  /** Which positional argument(s) to differentiate (default 0; negative counts from the end). A list gives a tuple per output leaf. */
  argnums?: Argnums;
  /** `f` returns `[value, aux]`; the result is then `[jacobian, aux]`, aux not differentiated. */
  hasAux?: boolean;
}

/** Columns [from, to) of the identity of size n, as a stack of n basis vectors of shape `shape`: [n, ...shape]. */
function basisBlock(n: number, from: number, shape: Shape, dtype: Tensor['dtype']): Tensor {
  const eye = lax.compare(lax.iota([n, n], 0), lax.iota([n, n], 1), 'eq');
  const cols = lax.slice(eye, [0, from], [n, from + sizeOf(shape)]);
  return lax.reshape(lax.cast(cols, dtype), [n, ...shape]);
}

/** Rows [from, from + count) of a stacked result [n, ...rest]. */
const rows = (t: Tensor, from: number, count: number): Tensor =>
  lax.slice(t, [from, ...t.shape.slice(1).map(() => 0)], [from + count, ...t.shape.slice(1)]);

/** Moves the leading basis axis of a stacked result to the end: [n, ...out] → [...out, ...in]. */
function basisLast(stacked: Tensor, outShape: Shape, inShape: Shape): Tensor {
  const nd = stacked.ndim;
  const moved = lax.transpose(stacked, [...Array.from({ length: nd - 1 }, (_, i) => i + 1), 0]);
  return lax.reshape(moved, [...outShape, ...inShape]);
}

const offsets = (sizes: number[]): number[] => sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));

/**
 * `f` as a function of the flat leaves of the differentiated argument(s), returning its output
 * leaves then its aux leaves; the structures are read once it has run.
 */
function setup(op: string, f: (...args: unknown[]) => unknown, opts: JacobianOptions, args: unknown[]) {
  const { argnums = 0, hasAux = false } = opts;
  const nums = argnumsOf(op, argnums, args.length);
  const many = Array.isArray(argnums);
  const wrt = flattenArgs(op, many ? nums.map((a) => args[a]) : args[nums[0]]);
  wrt.leaves.forEach((x) => {
    if (!isFloat(x.dtype)) {
      throw new DTypeError(`${op}: requires floating-point inputs, but a differentiated input is ${x.aval}; ` +
        `cast it with astype('float32'), or leave it out of argnums (JAX: ${op} requires real-valued inputs).`);
    }
  });
  const st = { outDef: undefined as TreeDef | undefined, auxDef: undefined as TreeDef | undefined, nOut: 0 };
  const fn = (...xs: Tensor[]): Tensor[] => {
    const sel = treeUnflatten<unknown>(wrt.def, xs);
    const full = [...args];
    if (many) nums.forEach((a, j) => { full[a] = (sel as unknown[])[j]; });
    else full[nums[0]] = sel;
    let out = f(...full);
    rejectAsync(op, out);
    let aux: unknown = null;
    if (hasAux) {
      if (!Array.isArray(out) || out.length !== 2) {
        throw new ArgumentError(`${op}: with hasAux the function must return [value, aux], got ${validate.describe(out)}.`);
      }
      [out, aux] = out;
    }
    const o = flattenOutput(op, out), a = flattenOutput(op, aux);
    st.outDef = o.def;
    st.auxDef = a.def;
    st.nOut = o.leaves.length;
    return [...o.leaves, ...a.leaves];
  };
  /** The Jacobian blocks jac[j][k] (output leaf j, input leaf k) in JAX's nesting, with aux if asked. */
  const assemble = (jac: Tensor[][], auxLeaves: Tensor[]): unknown => {
    const j = treeUnflatten(st.outDef!, jac.map((row) => treeUnflatten(wrt.def, row)));
    return hasAux ? [j, treeUnflatten(st.auxDef!, auxLeaves)] : j;
  };
  return { xs: wrt.leaves, fn, st, assemble };
}

type JacobianFn<A extends unknown[], R> = (...args: A) => R;

/**
 * Forward-mode Jacobian: shape out.shape + in.shape per (output leaf, input leaf). Cheap when inputs are few.
 * @example
 * jacfwd((x) => x.mul(x))(np.array([1, 2])); // → [[2, 0], [0, 4]]
 * jacfwd((p) => p.a.mul(p.b))({ a: np.array([1, 2]), b: np.array([3, 4]) }).b; // → [[1, 0], [0, 2]]
 */
export function jacfwd<A extends unknown[], R = Tensor>(f: (...args: A) => unknown, opts: JacobianOptions = {}): JacobianFn<A, R> {
  validate.fn('jacfwd', f);
  const o = optionsOf<JacobianOptions>('jacfwd', opts, ['argnums', 'hasAux']);
  return (...args: A) => {
    const { xs, fn, st, assemble } = setup('jacfwd', f as (...a: unknown[]) => unknown, o, args);
    const sizes = xs.map((x) => x.size), offs = offsets(sizes), n = sizes.reduce((a, b) => a + b, 0);
    const tangents = xs.map((x, k) => basisBlock(n, offs[k], x.shape, x.dtype));
    let nAll = 0;
    // Outputs and aux do not depend on the tangents: returned unbatched (outAxes null), the tangents batched.
    const res = vmapFlat((...ts) => {
      const [outs, outTs] = jvpFlat(fn, xs, ts);
      nAll = outs.length;
      return [...outs, ...outTs.slice(0, st.nOut).map((t, i) => t ?? lax.zerosLike(outs[i]))];
    }, tangents, tangents.map(() => 0), n, () => [...Array<null>(nAll).fill(null), ...Array<number>(st.nOut).fill(0)]);
    const outs = res.slice(0, st.nOut), aux = res.slice(st.nOut, nAll), stacked = res.slice(nAll);
    const jac = outs.map((y, j) => xs.map((x, k) => basisLast(rows(stacked[j], offs[k], sizes[k]), y.shape, x.shape)));
    return assemble(jac, aux) as R;
  };
}

/**
 * Reverse-mode Jacobian: shape out.shape + in.shape per (output leaf, input leaf). Cheap when outputs are few.
 * @example
 * jacrev((x) => np.sin(x).mul(2))(np.array([0])); // → [[2]]
 * jacrev((a, b) => a.mul(b), { argnums: [0, 1] })(np.array([1, 2]), np.array([3, 4]))[1]; // → [[1, 0], [0, 2]]
 */
export function jacrev<A extends unknown[], R = Tensor>(f: (...args: A) => unknown, opts: JacobianOptions = {}): JacobianFn<A, R> {
  validate.fn('jacrev', f);
  const o = optionsOf<JacobianOptions>('jacrev', opts, ['argnums', 'hasAux']);
  return (...args: A) => {
    const { xs, fn, st, assemble } = setup('jacrev', f as (...a: unknown[]) => unknown, o, args);
    const [ys, pull, aux] = vjp((...ps: Tensor[]) => {
      const r = fn(...ps);
      return [r.slice(0, st.nOut), r.slice(st.nOut)] as const;
    }, ...xs, { hasAux: true });
    ys.forEach((y) => {
      if (!isFloat(y.dtype)) {
        throw new DTypeError(`jacrev: requires floating-point outputs, but an output is ${y.aval}; use jacfwd, or return ` +
          'a floating-point value (JAX: jacrev requires real-valued outputs).');
      }
    });
    const sizes = ys.map((y) => y.size), offs = offsets(sizes), m = sizes.reduce((a, b) => a + b, 0);
    const cts = ys.map((y, j) => basisBlock(m, offs[j], y.shape, y.dtype));
    const stacked = vmapFlat((...c) => pull(c) as Tensor[], cts, cts.map(() => 0), m, 0);
    const jac = ys.map((y, j) => xs.map((x, k) => lax.reshape(rows(stacked[k], offs[j], sizes[j]), [...y.shape, ...x.shape])));
    return assemble(jac, aux as Tensor[]) as R;
  };
}

/**
 * The Hessian of a scalar function: forward-over-reverse, shape in.shape + in.shape (nested per
 * input leaf for pytrees, as JAX).
 * @example hessian((x) => x.mul(x).mul(x).sum())(np.array([1, 2])); // → [[6, 0], [0, 12]]
 */
export const hessian = <A extends unknown[], R = Tensor>(f: (...args: A) => unknown, opts: JacobianOptions = {}): JacobianFn<A, R> => {
  validate.fn('hessian', f);
  const o = optionsOf<JacobianOptions>('hessian', opts, ['argnums', 'hasAux']);
  return jacfwd<A, R>(jacrev<A, unknown>(f, o) as (...args: A) => unknown, o);
};
