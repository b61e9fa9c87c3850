/**
 * conv_general_dilated: XLA's ConvGeneralDilated, the one primitive behind every convolution
 * (lax.convGeneralDilated, lax.convTranspose, nn's conv layers, and their gradients).
 *
 * It is bilinear: the jvp is conv(ẋ, w) + conv(x, ẇ), and each argument's transpose is again a
 * convolution (JAX's _conv_general_dilated_transpose_lhs / _rhs): w.r.t. the lhs, the cotangent
 * convolved with the spatially reversed kernel, input/output features swapped, the strides
 * turned into lhs dilation; w.r.t. the rhs, the lhs convolved with the cotangent as the kernel,
 * batch and feature roles swapped, the strides turned into rhs dilation (so feature groups
 * become batch groups there). vmap folds the batch into the lhs batch (lhs batched), the output
 * features (rhs batched) or the feature groups (both batched), as JAX's batching rule does.
 * On WebGPU it is a matmul whose A loader computes the input coordinates (compiler/conv.ts).
 */
import { isFloat } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import type { ConvDimensionNumbers, ConvParams } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import { bind1 } from '../core/trace.js';
import { convGeneralDilated as cpuConv } from '../backend/cpu/conv.js';
import * as lax from './lax.js';
import { addTangents, mapTangent, shapeError } from './helpers.js';
import { rev } from './take-along.js';
import { UndefinedPrimal, type BatchDim, type FirstOrderRules } from './rules.js';

export const conv = (lhs: Tensor, rhs: Tensor, p: ConvParams): Tensor => bind1('conv_general_dilated', [lhs, rhs], p);

/** A size after dilation by `d` (0 stays 0). */
export const dilateDim = (n: number, d: number): number => (n === 0 ? 0 : 1 + d * (n - 1));

/** The output shape of a convolution, after checking every parameter against the operands. */
export function convShape(lhs: readonly number[], rhs: readonly number[], p: ConvParams): number[] {
  const op = 'conv_general_dilated', shapes = [lhs, rhs];
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const nd = lhs.length;
  const isPerm = (s: readonly number[]) => s.length === nd && new Set(s).size === nd && s.every((d) => Number.isInteger(d) && d >= 0 && d < nd);
  if (nd < 2 || rhs.length !== nd || !isPerm(ls) || !isPerm(rs) || !isPerm(os)) {
    throw shapeError(op, `lhs and rhs must have the same rank (≥ 2: batch, feature, then spatial axes) and the dimension numbers ` +
      `(lhs [${ls}], rhs [${rs}], out [${os}]) must each name every axis once`, shapes);
  }
  const nsp = nd - 2;
  const perSpatial = (name: string, v: readonly unknown[], min: number) => {
    if (v.length !== nsp || !v.every((x) => Number.isInteger(x) && (x as number) >= min)) {
      throw shapeError(op, `${name} must have ${nsp} integer entries (one per spatial axis) ≥ ${min}, got [${v.join(', ')}]`, shapes);
    }
  };
  perSpatial('windowStrides', p.windowStrides, 1);
  perSpatial('lhsDilation', p.lhsDilation, 1);
  perSpatial('rhsDilation', p.rhsDilation, 1);
  if (p.padding.length !== nsp || !p.padding.every((q) => q.length === 2 && q.every(Number.isInteger))) {
    throw shapeError(op, `padding must have ${nsp} [lo, hi] integer pairs (one per spatial axis), got ${JSON.stringify(p.padding)}`, shapes);
  }
  const fg = p.featureGroupCount, bg = p.batchGroupCount;
  if (!Number.isInteger(fg) || !Number.isInteger(bg) || fg < 1 || bg < 1 || (fg > 1 && bg > 1)) {
    throw shapeError(op, `featureGroupCount (${fg}) and batchGroupCount (${bg}) must be positive integers, at most one of them above 1`, shapes);
  }
  const N = lhs[ls[0]], C = lhs[ls[1]], O = rhs[rs[0]], I = rhs[rs[1]];
  if (C !== I * fg) {
    throw shapeError(op, `the lhs has ${C} input features (axis ${ls[1]}) but the rhs expects ${I} (axis ${rs[1]}) × featureGroupCount ${fg} = ${I * fg}; ` +
      'check the dimension numbers (e.g. NCHW/OIHW vs NHWC/HWIO) and the channel counts', shapes);
  }
  if (O % fg !== 0) throw shapeError(op, `the rhs's ${O} output features (axis ${rs[0]}) are not divisible by featureGroupCount ${fg}`, shapes);
  if (N % bg !== 0 || O % bg !== 0) {
    throw shapeError(op, `the lhs batch ${N} and the rhs's ${O} output features must both be divisible by batchGroupCount ${bg}`, shapes);
  }
  const out = new Array<number>(nd);
  out[os[0]] = N / bg;
  out[os[1]] = O;
  for (let d = 0; d < nsp; d++) {
    const inD = dilateDim(lhs[ls[d + 2]], p.lhsDilation[d]) + p.padding[d][0] + p.padding[d][1];
    const win = dilateDim(rhs[rs[d + 2]], p.rhsDilation[d]);
    // As JAX's conv_shape_tuple: ⌊(padded − window) / stride⌋ + 1, at least 0 (a 0-size window fits everywhere).
    out[os[d + 2]] = inD < win ? 0 : Math.floor((inD - win) / p.windowStrides[d]) + 1;
    if (inD < 0) throw shapeError(op, `padding ${JSON.stringify(p.padding[d])} removes more than the whole spatial axis ${d} of the lhs`, shapes);
  }
  return out;
}

// --- transposition (JAX's _conv_general_dilated_transpose_lhs / _rhs) -----------------------------

const swap01 = (s: readonly number[]) => [s[1], s[0], ...s.slice(2)];

/** Splits axis `src` of `x` into (size1, rest), size1 major (JAX's _reshape_axis_out_of). */
export function axisOutOf(src: number, size1: number, x: Tensor): Tensor {
  const shape = [...x.shape];
  shape.splice(src, 1, size1, shape[src] / size1);
  return lax.reshape(x, shape);
}

/** Merges axis `src` into axis `dst` (an index among the other axes), `src` major (JAX's _reshape_axis_into). */
export function axisInto(src: number, dst: number, x: Tensor): Tensor {
  const perm = x.shape.map((_, i) => i).filter((i) => i !== src);
  perm.splice(dst, 0, src);
  const moved = lax.transpose(x, perm);
  const shape = perm.filter((i) => i !== src).map((i) => x.shape[i]);
  shape[dst] *= x.shape[src];
  return lax.reshape(moved, shape);
}

function transposeLhs(ct: Tensor, lhsShape: readonly number[], rhs: Tensor, p: ConvParams): Tensor {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  let w = rhs, fg = p.featureGroupCount;
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  if (groups > 1) {
    // The transposed kernel's output features are the input features of every group.
    w = axisInto(rs[0], rs[1], axisOutOf(rs[0], groups, rhs));
    fg = groups;
  }
  const nsp = ls.length - 2;
  const padding = Array.from({ length: nsp }, (_, d) => {
    const inD = dilateDim(lhsShape[ls[d + 2]], p.lhsDilation[d]), win = dilateDim(w.shape[rs[d + 2]], p.rhsDilation[d]);
    const outD = dilateDim(ct.shape[os[d + 2]], p.windowStrides[d]);
    const before = win - p.padding[d][0] - 1;
    return [before, inD + win - 1 - outD - before] as [number, number];
  });
  let out = conv(ct, rev(w, rs.slice(2)), {
    windowStrides: p.lhsDilation, padding, lhsDilation: p.windowStrides, rhsDilation: p.rhsDilation,
    dimensionNumbers: { lhs: os, rhs: swap01(rs), out: ls }, featureGroupCount: fg, batchGroupCount: 1,
  });
  if (p.batchGroupCount > 1) out = axisInto(ls[1], ls[0], axisOutOf(ls[1], p.batchGroupCount, out));
  return out;
}

function transposeRhs(ct: Tensor, lhs: Tensor, rhsShape: readonly number[], p: ConvParams): Tensor {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const nsp = ls.length - 2;
  const padding = Array.from({ length: nsp }, (_, d) => {
    const inD = dilateDim(lhs.shape[ls[d + 2]], p.lhsDilation[d]), win = dilateDim(rhsShape[rs[d + 2]], p.rhsDilation[d]);
    const outD = dilateDim(ct.shape[os[d + 2]], p.windowStrides[d]);
    const lo = p.padding[d][0];
    return [lo, outD - inD + win - lo - 1] as [number, number];
  });
  return conv(lhs, ct, {
    windowStrides: p.rhsDilation, padding, lhsDilation: p.lhsDilation, rhsDilation: p.windowStrides,
    dimensionNumbers: { lhs: swap01(ls), rhs: swap01(os), out: swap01(rs) },
    featureGroupCount: p.batchGroupCount, batchGroupCount: p.featureGroupCount,
  });
}

// --- batching ------------------------------------------------------------------------------------

/** Dimension numbers of the operand with a batch axis inserted at `at`. */
const shifted = (s: readonly number[], at: number) => s.map((d) => (d >= at ? d + 1 : d));

function vmapConv([lhs, rhs]: Tensor[], [dl, dr]: BatchDim[], p: ConvParams): [Tensor[], BatchDim[]] {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  if (dl !== null && dr !== null) {
    const B = lhs.shape[dl];
    let fg = p.featureGroupCount, bg = p.batchGroupCount, l: Tensor;
    if (bg > 1) { l = axisInto(dl, ls[0], lhs); bg *= B; } else { l = axisInto(dl, ls[1], lhs); fg *= B; }
    const r = axisInto(dr, rs[0], rhs);
    const out = conv(l, r, { ...p, featureGroupCount: fg, batchGroupCount: bg });
    return [[axisOutOf(os[1], B, out)], [os[1]]];
  }
  if (dl !== null) {
    const B = lhs.shape[dl];
    let l: Tensor;
    if (p.batchGroupCount === 1) l = axisInto(dl, ls[0], lhs);
    else {
      // The lhs batch is (groups, n): put the vmapped axis inside the groups, (groups, B, n).
      const split = axisOutOf(ls[0] + (dl <= ls[0] ? 1 : 0), p.batchGroupCount, lhs);
      const inner = axisInto(dl + (ls[0] < dl ? 1 : 0), ls[0] + 1, split);
      l = axisInto(ls[0], ls[0], inner);
    }
    const out = conv(l, rhs, p);
    return [[axisOutOf(os[0], B, out)], [os[0]]];
  }
  const B = rhs.shape[dr!];
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  if (groups === 1) {
    const out = conv(lhs, axisInto(dr!, rs[0], rhs), p);
    return [[axisOutOf(os[1], B, out)], [os[1]]];
  }
  // Output features are (groups, o): make them (groups, B, o), then bring B out in front.
  const split = axisOutOf(rs[0] + (dr! <= rs[0] ? 1 : 0), groups, rhs);
  const inner = axisInto(dr! + (rs[0] < dr! ? 1 : 0), rs[0] + 1, split);
  const out = conv(lhs, axisInto(rs[0], rs[0], inner), p);
  const o3 = axisOutOf(os[1] + 1, B, axisOutOf(os[1], groups, out));
  return [[axisInto(os[1], os[1] + 1, o3)], [os[1]]];
}

export const conv_general_dilated: FirstOrderRules<'conv_general_dilated'> = {
  abstractEval: ([l, r], p) => {
    if (l.dtype !== r.dtype || !isFloat(l.dtype)) {
      throw new DTypeError(`conv_general_dilated: lhs and rhs must have the same floating-point dtype, got ${l} and ${r}; cast them with astype('float32').`);
    }
    return [new ShapedArray(convShape(l.shape, r.shape, p), l.dtype)];
  },
  jvp: ([l, r], [tl, tr], p) => [[conv(l, r, p)], [addTangents(mapTangent(tl, (t) => conv(t, r, p)), mapTangent(tr, (t) => conv(l, t, p)))]],
  vmap: (args, dims, p) => vmapConv(args, dims, p),
  cpu: ([l, r], p, [o]) => [cpuConv(l.data, l.aval.shape, r.data, r.aval.shape, o.shape, p, o.dtype)],
  transpose: ([ct], [l, r], p) => {
    if (ct === null) return [null, null];
    if (l instanceof UndefinedPrimal && r instanceof UndefinedPrimal) {
      throw new Error('conv_general_dilated: transpose with both operands linear is not linear (fluxion bug: please report).');
    }
    if (l instanceof UndefinedPrimal) return [transposeLhs(ct, l.aval.shape, r as Tensor, p), null];
    return [null, transposeRhs(ct, l as Tensor, (r as UndefinedPrimal).aval.shape, p)];
  },
};

export type { ConvDimensionNumbers };
