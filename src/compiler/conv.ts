/**
 * conv_general_dilated as a matmul kernel (compiler/matmul.ts) with an implicit im2col: the patch
 * matrix is never materialised; the A loader computes, for row m (an output position: batch and
 * spatial coordinates) and column k (a kernel position: input feature and window offsets), the
 * input coordinate y·stride − lo + k·rhsDilation on each spatial axis, divides by the lhs
 * dilation, and reads the lhs there, or 0 where that falls into padding or between dilated
 * elements. Groups are the matmul's batch: group g reads its own input features (feature groups)
 * or its own slice of the batch (batch groups) and writes output features g·(O/G) + n.
 *
 * So it is the same kernel as a dense layer's, with the same fusions: producers of the lhs and rhs
 * are inlined into the loaders as for any matmul operand, and the one elementwise consumer of the
 * result (bias add, activation) becomes the epilogue — conv + bias + SiLU is one kernel.
 */
import { Var, paramsOf } from '../core/jaxpr.js';
import { stridesOf } from '../core/shape.js';
import { Scope, storeStatement } from './emit.js';
import type { Graph } from './graph.js';
import { Ix, flatten, unflatten } from './ix.js';
import { emitMatmul, vec4AliasUseful, type MatmulOperand } from './matmul.js';
import { Bindings, helperText, makeEnv, type EmittedKernel } from './kernels.js';
import { viaDefinition, type PlannedKernel } from './plan.js';
import type { Target } from './target.js';

const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const at = (s: string, extent: number) => (/^[a-z_][a-z0-9_]*$/i.test(s) ? Ix.loopVar(s, extent) : Ix.opaque(s, extent - 1));

export function convKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const d = k.dot!;
  const eqn = graph.definition.get(d)!.eqn;
  const p = paramsOf(eqn, 'conv_general_dilated');
  const [x, y] = eqn.inputs;
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const xs = x.aval.shape, ys = y.aval.shape, dsh = d.aval.shape;
  const nsp = ls.length - 2;
  const G = p.featureGroupCount * p.batchGroupCount;
  const O = ys[rs[0]], Og = O / G, I = ys[rs[1]], Nb = xs[ls[0]] / p.batchGroupCount;
  // m: the output's batch and spatial axes in output order; k: the rhs's input-feature and spatial
  // axes in rhs order (so that a row-major rhs is read with one stride per matmul axis).
  const mAxes = [os[0], ...os.slice(2)].sort((a, b) => a - b);
  const kAxes = [rs[1], ...rs.slice(2)].sort((a, b) => a - b);
  const mExt = mAxes.map((a) => dsh[a]), kExt = kAxes.map((a) => ys[a]);
  const B = G, M = prod(mExt), N = Og, K = prod(kExt);
  if (k.writes.length !== 1) throw new Error('compiler: a conv kernel writes exactly one value (a planner bug; fluxion bug: please report).');
  const out = k.writes[0];
  const b = new Bindings(k);

  const outIdx = (bb: Ix, mm: Ix, nn: Ix): Ix[] => {
    const idx: Ix[] = new Array(dsh.length);
    unflatten(mm, mExt).forEach((ix, c) => { idx[mAxes[c]] = ix; });
    idx[os[1]] = bb.mul(Og).add(nn);
    return idx;
  };
  /**
   * The lhs index of matmul element (group bb, output position mIx, input feature `feature`,
   * window offsets kAt) and the tests that it lies inside the input (not padding, not between
   * dilated elements); the index is clamped to a valid element where a test may fail.
   */
  const lhsIndex = (bb: Ix, mIx: Ix[], feature: Ix, kAt: (axis: number) => Ix): { idx: Ix[]; conds: string[] } => {
    const outAt = (axis: number) => mIx[mAxes.indexOf(axis)];
    const idx: Ix[] = new Array(xs.length);
    idx[ls[0]] = p.batchGroupCount > 1 ? bb.mul(Nb).add(outAt(os[0])) : outAt(os[0]);
    idx[ls[1]] = p.featureGroupCount > 1 ? bb.mul(I).add(feature) : feature;
    const conds: string[] = [];
    for (let s = 0; s < nsp; s++) {
      const inD = xs[ls[s + 2]], st = p.windowStrides[s], rd = p.rhsDilation[s], ld = p.lhsDilation[s], lo = p.padding[s][0];
      const yo = outAt(os[s + 2]), kk = kAt(rs[s + 2]);
      // The position in the dilated, padded input; an Ix when it cannot be negative or out of range.
      const simple = ld === 1 && lo === 0 && (dsh[os[s + 2]] - 1) * st + (ys[rs[s + 2]] - 1) * rd < inD;
      if (simple) { idx[ls[s + 2]] = yo.mul(st).add(kk.mul(rd)); continue; }
      const pos = `(i32(${yo.mul(st).add(kk.mul(rd)).wgsl()}) - ${lo}i)`;
      if (ld === 1) {
        conds.push(`(bitcast<u32>(${pos}) < ${inD}u)`);
        idx[ls[s + 2]] = Ix.opaque(`min(bitcast<u32>(${pos}), ${inD - 1}u)`, inD - 1);
      } else {
        // Unsigned division and remainder: a negative position is ruled out by its own test (and
        // its u32 bits are ≥ 2^31, so the clamped index stays in range).
        const u = `bitcast<u32>(${pos})`;
        conds.push(`((${pos} >= 0i) & (${u} % ${ld}u == 0u) & (${u} / ${ld}u < ${inD}u))`);
        idx[ls[s + 2]] = Ix.opaque(`min(${u} / ${ld}u, ${inD - 1}u)`, inD - 1);
      }
    }
    return { idx, conds };
  };
  // `&`, not `&&`, joins the tests: they have no side effects, and Chromium's SwiftShader crashed
  // its GPU process compiling a select over a short-circuit chain of three or more of them (the
  // lhs-dilated convolutions: any two of the three tests above, plus the other axis's).
  const aLoad = (bs: string, ms: string, ks: string): string => {
    const kIx = unflatten(at(ks, K), kExt);
    const kAt = (axis: number) => kIx[kAxes.indexOf(axis)];
    const { idx, conds } = lhsIndex(at(bs, B), unflatten(at(ms, M), mExt), kAt(rs[1]), kAt);
    const v = new Scope(makeEnv(graph, stored, b), undefined, undefined, true).value(x, idx);
    return conds.length ? `select(0.0, ${v}, ${conds.join(' & ')})` : v;
  };
  const aOp: MatmulOperand = { load: aLoad };
  // A stored float32 lhs whose input features are contiguous and innermost in k (channels-last
  // with an HWIO-like kernel: what passes/conv-layout.ts arranges) is also given in windowed form.
  if (x instanceof Var && stored.has(x) && x.aval.dtype === 'float32' && p.lhsDilation.every((d) => d === 1) &&
      stridesOf(xs)[ls[1]] === 1 && kAxes[kAxes.length - 1] === rs[1]) {
    const winAxes = kAxes.slice(0, -1), winExt = winAxes.map((a) => ys[a]), windows = prod(winExt);
    aOp.windowed = {
      buffer: b.name(x), windows, channels: I,
      row: (bs, ms, ws) => {
        const wIx = unflatten(at(ws, windows), winExt);
        const { idx, conds } = lhsIndex(at(bs, B), unflatten(at(ms, M), mExt), Ix.const(0), (axis) => wIx[winAxes.indexOf(axis)]);
        return { base: flatten(idx, xs).wgsl(), inside: conds.join(' & ') };
      },
    };
  }
  const bIdx = (bb: Ix, kk: Ix, nn: Ix): Ix[] => {
    const idx: Ix[] = new Array(ys.length);
    unflatten(kk, kExt).forEach((ix, c) => { idx[kAxes[c]] = ix; });
    idx[rs[0]] = bb.mul(Og).add(nn);
    return idx;
  };
  const bOp: MatmulOperand = {
    load: (bs, ks, ns) => new Scope(makeEnv(graph, stored, b), undefined, undefined, true).value(y, bIdx(at(bs, B), at(ks, K), at(ns, N))),
  };
  if (y instanceof Var && stored.has(y) && y.aval.dtype === 'float32') {
    // A stored row-major rhs is a plain (b, k, n) operand when the k axes collapse to one stride
    // (HWIO: k·O; OIHW: k), so the kernel reads it with one multiply-add (and 4-wide when n is unit-stride).
    const st = stridesOf(ys);
    const collapses = kAxes.every((a, i) => i === kAxes.length - 1 || st[a] === st[kAxes[i + 1]] * ys[kAxes[i + 1]]);
    if (collapses) {
      const rowStride = st[kAxes[kAxes.length - 1]], colStride = st[rs[0]];
      bOp.plain = { buffer: b.name(y), batchStride: Og * colStride, rowStride, colStride };
    }
  }
  let accIdxKey = '';
  const env = makeEnv(graph, stored, b, (v, idx) => (v === d && flatten(idx, dsh).key === accIdxKey ? '__acc__' : undefined));
  const storedIndex = (idx: Ix[]) => (k.storePerm ? k.storePerm.map((q) => idx[q]) : idx);
  const spec = {
    name: `CONV_${G > 1 ? `${G}x` : ''}${M}x${N}x${K}`,
    batch: B, m: M, n: N, k: K,
    a: aOp, b: bOp,
    epilogue: (acc: string, bs: string, ms: string, ns: string) => {
      if (out === d) return acc;
      const idx = outIdx(at(bs, B), at(ms, M), at(ns, N));
      accIdxKey = flatten(idx, dsh).key;
      return viaDefinition(out, graph, new Scope(env, undefined, undefined, true), storedIndex(idx)).replaceAll('__acc__', `(${acc})`);
    },
    store: (v: string, bs: string, ms: string, ns: string) =>
      storeStatement(b.name(out), flatten(storedIndex(outIdx(at(bs, B), at(ms, M), at(ns, N))), out.aval.shape).wgsl(), v, out),
    output: b.name(out),
    declarations: '',
    target,
  };
  if (bOp.plain && y instanceof Var && vec4AliasUseful(spec, 'b')) bOp.plain.vec4Buffer = b.vec4View(y);
  const first = emitMatmul({ ...spec, declarations: b.decls() });
  const helpers = helperText(first.wgsl, target);
  const emitted = helpers ? emitMatmul({ ...spec, declarations: `${b.decls()}\n${helpers}` }) : first;
  return {
    name: spec.name, wgsl: emitted.wgsl, bound: b.bound, workgroups: emitted.workgroups,
    flops: 2 * B * M * N * K, bytes: 4 * (x.aval.size + y.aval.size + out.aval.size),
  };
}
