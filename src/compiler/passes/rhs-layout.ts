/**
 * The layout of each product's rhs. The matmul kernel reads B 4-wide along n (a vec4 view) when
 * B is stored contiguous along n; a product that contracts its rhs's last axis (x·Wᵀ: every
 * backward dX = dZ·Wᵀ of a dense layer) reads B with a stride along n instead, one scalar at a
 * time (layout.ts says how much slower). For each dot_general whose kernel would read B 4-wide
 * in canonical (b, k, n) order (layout.ts, rhsVec4Possible):
 *
 *  1. Transposes in front of the rhs are folded into the dimension numbers when the array under
 *     them is itself read 4-wide that way: dot(x, transpose(w)) → dot(x, w), no copy at all. (An
 *     inlined transpose is never a plain read, so this also helps where the fold keeps a stride.)
 *  2. Otherwise, when the rhs as stored would be read 4-wide, it is left alone; the planner
 *     stores it if it is a transpose (plan.ts, storesRhs), where it would otherwise inline it.
 *  3. Otherwise, when a copy is cheap next to the product (rhsCopyPays: B·K·N ≤ B·M·N), the rhs
 *     becomes transpose(w, canonical order) and the dimension numbers follow: dot(dZ, W,
 *     contract [[1],[1]]) → dot(dZ, transpose(W, [1,0]), contract [[1],[0]]).
 *
 * The copy is a plain transpose equation, so it runs before CSE: every product reading the same
 * W transposed (the jvp's and the gradient's dX of one layer) shares one copy.
 *
 * Target-dependent (which variant reads B 4-wide), so it runs only when optimize() is given the
 * target. Values are unchanged: the same products summed in the same order.
 */
import { Eqn, Jaxpr, Var, paramsOf } from '../../core/jaxpr.js';
import { ShapedArray } from '../../core/shape.js';
import { dotDims, rhsCopyPays, rhsReadsVec4, rhsVec4Possible, thinProduct } from '../layout.js';
import type { Target } from '../target.js';

export function rhsLayout(j: Jaxpr, target: Target): Jaxpr {
  const defs = new Map<Var, Eqn>();
  const eqns: Eqn[] = [];
  let changed = false;
  for (const e of j.eqns) {
    const rewritten = e.prim === 'dot_general' ? rewriteDot(e, defs, target) : undefined;
    if (rewritten) changed = true;
    for (const r of rewritten ?? [e]) {
      eqns.push(r);
      for (const v of r.outs) defs.set(v, r);
    }
  }
  return changed ? new Jaxpr(j.inVars, eqns, j.outs, j.numConsts) : j;
}

/** The equations replacing `e` (a dot_general), or undefined to keep it. */
function rewriteDot(e: Eqn, defs: ReadonlyMap<Var, Eqn>, target: Target): Eqn[] | undefined {
  const [x, y] = e.inputs;
  if (!(y instanceof Var) || !rhsVec4Possible(e, target)) return swapOperands(e, target);
  const { contract, batch } = paramsOf(e, 'dot_general');
  const { yFree } = dotDims({ contract, batch }, x.aval.shape, y.aval.shape);

  // The array under the rhs's transposes, and where each rhs dim is in it: y.dim[i] = src.dim[perm[i]].
  let src: Var = y;
  let perm = y.aval.shape.map((_, i) => i);
  for (let t = defs.get(src); t?.prim === 'transpose' && t.inputs[0] instanceof Var; t = defs.get(src)) {
    const inner = t.params.perm;
    perm = perm.map((q) => inner[q]);
    src = t.inputs[0];
  }
  const [sBatch, sContract, sFree] = [batch[1], contract[1], yFree].map((ds) => ds.map((d) => perm[d]));
  const withRhs = (rhs: Var, b: readonly number[], c: readonly number[]): Eqn =>
    ({ prim: 'dot_general', inputs: [x, rhs], params: { contract: [contract[0], c], batch: [batch[0], b] }, outs: e.outs });

  // 1. Fold: a dot_general's free dims come out in ascending order, so theirs must stay ascending in src.
  const ascending = sFree.every((d, i) => i === 0 || d > sFree[i - 1]);
  if (src !== y && ascending && rhsReadsVec4(target, src.aval.shape, sBatch, sFree, sContract)) return [withRhs(src, sBatch, sContract)];
  // 2. Read 4-wide as it is, once stored.
  if (rhsReadsVec4(target, y.aval.shape, batch[1], yFree, contract[1])) return undefined;
  // 3. A copy of src in (batch, contract, free) order; its free dims keep the rhs's order, so the
  //    product's output is unchanged.
  if (!rhsCopyPays(e)) return undefined;
  const order = [...sBatch, ...sContract, ...sFree];
  const nb = sBatch.length, nc = sContract.length;
  const copy = new Var(new ShapedArray(order.map((d) => src.aval.shape[d]), src.aval.dtype));
  const transpose: Eqn = { prim: 'transpose', inputs: [src], params: { perm: order }, outs: [copy] };
  return [transpose, withRhs(copy, order.slice(0, nb).map((_, i) => i), order.slice(nb, nb + nc).map((_, i) => nb + i))];
}

/**
 * 4. A product whose rhs can never be read 4-wide (n % 4 != 0: the first layer's dW = h0ᵀ·dZ with
 *    h0 the [1024, 66] concatenated input) computed as the transpose of the swapped product,
 *    (dZᵀ·h0)ᵀ, when the lhs would be read 4-wide as the rhs (n becomes m, here 256): dot(x, y)
 *    → transpose(dot(y, x)). The transpose is inlined into the product's reader, so the product
 *    is stored transposed (plan.ts, storePerm) or, where the reader transposed it back, plainly.
 *    On lavapipe MM_256x66x1024 ran at 5–7 GFLOP/s, MM_66x256x1024 at 10–12.5. Each output is the
 *    same sum in the same order, so values are unchanged.
 */
function swapOperands(e: Eqn, target: Target): Eqn[] | undefined {
  const [x, y] = e.inputs;
  const p = paramsOf(e, 'dot_general');
  // Without batch dims the output is (x's free dims, y's free dims), which a transpose swaps.
  if (!(x instanceof Var) || !(y instanceof Var) || p.batch[0].length !== 0) return undefined;
  const { M, N, K, xFree, yFree } = dotDims(p, x.aval.shape, y.aval.shape);
  if (thinProduct(M, N, K)) return undefined;
  const out = e.outs[0];
  const swappedOut = new Var(new ShapedArray([...yFree.map((d) => y.aval.shape[d]), ...xFree.map((d) => x.aval.shape[d])], out.aval.dtype));
  const swapped: Eqn = { prim: 'dot_general', inputs: [y, x], params: { contract: [p.contract[1], p.contract[0]], batch: [[], []] }, outs: [swappedOut] };
  if (!rhsVec4Possible(swapped, target) || !rhsReadsVec4(target, x.aval.shape, [], xFree, p.contract[0])) return undefined;
  // out.dim[i] = swappedOut.dim[perm[i]]: x's free dims come after y's in the swapped product.
  const perm = [...xFree.map((_, i) => yFree.length + i), ...yFree.map((_, i) => i)];
  return [swapped, { prim: 'transpose', inputs: [swappedOut], params: { perm }, outs: e.outs }];
}
