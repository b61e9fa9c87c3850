/**
 * The layout of each convolution's rhs (the kernel, or the cotangent in a kernel gradient). The
 * conv kernel (compiler/conv.ts) reads B as a plain, 4-wide operand when the rhs is stored with its
 * window and input-feature axes collapsing to one stride and the output features contiguous — the
 * HWIO layout, [...spatial, I, O]. Any other layout (OIHW, the reversed and swapped kernel of an
 * input gradient, an NCHW cotangent) is read one scalar at a time through index arithmetic. So a
 * float32 convolution whose rhs is not HWIO-like gets a transpose of its rhs into that order
 * (with the dimension numbers following), which the planner stores (plan.ts): a copy of the rhs
 * once, small next to the convolution when rhs elements × 32 ≤ its multiply-adds. The lhs of such
 * a convolution is copied channels-last too under the same condition (NCHW inputs, the batch-major
 * lhs of a kernel gradient), so that the A loader's lanes, which walk k, read neighbouring elements.
 * Values are unchanged: the same products summed in the same order.
 */
import { Eqn, Jaxpr, Var } from '../../core/jaxpr.js';
import type { ConvParams } from '../../core/primitive.js';
import { ShapedArray, stridesOf } from '../../core/shape.js';

/** Whether the rhs of `p` as laid out in `shape` is read as a plain operand with unit-stride output features. */
function plainRhs(shape: readonly number[], p: ConvParams): boolean {
  const rs = p.dimensionNumbers.rhs;
  const st = stridesOf(shape);
  const k = [rs[1], ...rs.slice(2)].sort((a, b) => a - b);
  return st[rs[0]] === 1 && k.every((a, i) => i === k.length - 1 || st[a] === st[k[i + 1]] * shape[k[i + 1]]);
}

export function convLayout(j: Jaxpr): Jaxpr {
  const eqns: Eqn[] = [];
  let changed = false;
  for (const e of j.eqns) {
    if (e.prim !== 'conv_general_dilated') { eqns.push(e); continue; }
    const [x, y] = e.inputs;
    const p = e.params;
    const out = e.outs[0];
    if (y.aval.dtype !== 'float32' || out.aval.size === 0) { eqns.push(e); continue; }
    const { lhs: ls, rhs: rs } = p.dimensionNumbers, nd = rs.length;
    const macs = out.aval.size * (y.aval.size / y.aval.shape[rs[0]]);
    const copy = (a: Var, perm: number[]) => {
      const t = new Var(new ShapedArray(perm.map((d) => a.aval.shape[d]), a.aval.dtype));
      eqns.push({ prim: 'transpose', inputs: [a], params: { perm }, outs: [t] });
      return t;
    };
    const spatial = Array.from({ length: nd - 2 }, (_, i) => i);
    let rhsIn = y, rhs = rs;
    if (y instanceof Var && !plainRhs(y.aval.shape, p) && y.aval.size * 32 <= macs) {
      rhsIn = copy(y, [...rs.slice(2), rs[1], rs[0]]);
      rhs = [nd - 1, nd - 2, ...spatial];
    }
    // The lhs as [batch, then its k axes in the kernel's k order] (the k order is the rhs's axis
    // order, compiler/conv.ts): the k axis is then contiguous in the lhs too, so the A loader's
    // lanes, which walk k, read neighbours (channels-last for an HWIO kernel).
    const lhsOf = (r: number) => (r === rhs[1] ? ls[1] : ls[rhs.indexOf(r)]);
    const want = [ls[0], ...[rhs[1], ...rhs.slice(2)].sort((a, b) => a - b).map(lhsOf)];
    let lhsIn = x, lhs = ls;
    if (x instanceof Var && want.some((d, i) => d !== i) && x.aval.size * 32 <= macs) {
      lhsIn = copy(x, want);
      lhs = [0, want.indexOf(ls[1]), ...ls.slice(2).map((d) => want.indexOf(d))];
    }
    if (lhsIn === x && rhsIn === y) { eqns.push(e); continue; }
    eqns.push({ ...e, inputs: [lhsIn, rhsIn], params: { ...p, dimensionNumbers: { ...p.dimensionNumbers, lhs, rhs } } });
    changed = true;
  }
  return changed ? new Jaxpr(j.inVars, eqns, j.outs, j.numConsts) : j;
}
