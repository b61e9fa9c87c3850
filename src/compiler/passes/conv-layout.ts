/**
 * The layout of each convolution's rhs (the kernel, or the cotangent in a kernel gradient). The
 * conv kernel (compiler/conv.ts) reads B as a plain, 4-wide operand when the rhs is stored with its
 * window and input-feature axes collapsing to one stride and the output features contiguous — the
 * HWIO layout, [...spatial, I, O]. Any other layout (OIHW, the reversed and swapped kernel of an
 * input gradient, an NCHW cotangent) is read one scalar at a time through index arithmetic. So a
 * float32 convolution whose rhs is not HWIO-like gets a transpose of its rhs into that order
 * (with the dimension numbers following), which the planner stores (plan.ts): a copy of the rhs
 * once, small next to the convolution when rhs elements × 32 ≤ its multiply-adds.
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
    const [x, y] = e.inputs;
    const p = e.params as ConvParams;
    const out = e.outs[0];
    if (e.prim !== 'conv_general_dilated' || !(y instanceof Var) || y.aval.dtype !== 'float32' || out.aval.size === 0 || plainRhs(y.aval.shape, p)) {
      eqns.push(e);
      continue;
    }
    const rs = p.dimensionNumbers.rhs, nd = rs.length;
    const macs = out.aval.size * (y.aval.size / y.aval.shape[rs[0]]);
    if (y.aval.size * 32 > macs) { eqns.push(e); continue; }
    const perm = [...rs.slice(2), rs[1], rs[0]];
    const t = new Var(new ShapedArray(perm.map((d) => y.aval.shape[d]), y.aval.dtype));
    eqns.push({ prim: 'transpose', inputs: [y], params: { perm }, outs: [t] });
    const rhs = [nd - 1, nd - 2, ...Array.from({ length: nd - 2 }, (_, i) => i)];
    eqns.push({ ...e, inputs: [x, t], params: { ...p, dimensionNumbers: { ...p.dimensionNumbers, rhs } } });
    changed = true;
  }
  return changed ? new Jaxpr(j.inVars, eqns, j.outs, j.numConsts) : j;
}
