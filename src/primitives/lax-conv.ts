/**
 * lax's convolution functions, with JAX's names, signatures and semantics: convGeneralDilated
 * (the conv_general_dilated primitive, after resolving string padding and dimension numbers),
 * convTranspose (a convGeneralDilated with lhs dilation), and the dimension-number helpers.
 * Arguments are checked here, where the user's names are known; the primitive's shape rule
 * checks the rest and names the shapes.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { ConvDimensionNumbers, ConvParams } from '../core/primitive.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { conv, dilateDim } from './conv.js';
import { rev } from './take-along.js';
import * as lax from './lax.js';

/** Padding: 'SAME' (output = ⌈input / stride⌉, extra padding at the end), 'SAME_LOWER' (extra at the start), 'VALID' (none), or [lo, hi] per spatial axis. */
export type ConvPadding = 'SAME' | 'SAME_LOWER' | 'VALID' | readonly (readonly [number, number])[];

/**
 * Dimension numbers: three layout strings such as ['NCHW', 'OIHW', 'NCHW'] or ['NHWC', 'HWIO', 'NHWC']
 * (N batch, C feature, O/I output/input feature; any other letters are spatial, paired by letter),
 * or the axis positions themselves ({ lhs, rhs, out }, each [batch or O, feature or I, ...spatial]).
 */
export type ConvDimensionNumbersLike = readonly [string, string, string] | ConvDimensionNumbers | null | undefined;

export interface ConvGeneralDilatedOptions {
  /** Dilation of the input (a transposed convolution's stride); default 1 per spatial axis. */
  lhsDilation?: readonly number[] | null;
  /** Dilation of the kernel (atrous convolution); default 1 per spatial axis. */
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  /** Input features split into this many groups, each convolved with its share of output features (depthwise: = input features). */
  featureGroupCount?: number;
  /** The batch split into groups the same way (what a grouped convolution's kernel gradient needs). */
  batchGroupCount?: number;
}

function tensorArg(op: string, x: unknown, role: string): Tensor {
  if (!isTensor(x)) throw new ArgumentError(`${op}: ${role} must be an array, got ${validate.describe(x)}; wrap host data with np.array(...).`);
  return x;
}

/**
 * Axis positions of layout strings (JAX's conv_general_permutations): lhs/out 'N' and 'C', rhs 'O'
 * and 'I', then the spatial axes in the order their letters have in the rhs string.
 */
export function convDimensionNumbers(op: string, ndim: number, dn: ConvDimensionNumbersLike): ConvDimensionNumbers {
  const range = Array.from({ length: ndim }, (_, i) => i);
  if (dn === null || dn === undefined) return { lhs: range, rhs: range, out: range };
  if (!Array.isArray(dn)) {
    const o = dn as ConvDimensionNumbers;
    if (!validate.isOptionsObject(o) || !['lhs', 'rhs', 'out'].every((k) => Array.isArray((o as unknown as Record<string, unknown>)[k]))) {
      throw new ArgumentError(`${op}: dimensionNumbers must be three layout strings such as ['NCHW', 'OIHW', 'NCHW'] or { lhs, rhs, out } axis lists, got ${validate.describe(dn)}.`);
    }
    return { lhs: [...o.lhs], rhs: [...o.rhs], out: [...o.out] };
  }
  const specs = dn as readonly unknown[];
  if (specs.length !== 3 || !specs.every((s) => typeof s === 'string')) {
    throw new ArgumentError(`${op}: dimensionNumbers must be three layout strings such as ['NCHW', 'OIHW', 'NCHW'], got ${validate.describe(dn)}.`);
  }
  const [ls, rs, os] = specs as string[];
  const bad = (why: string) => new ShapeError(`${op}: dimension numbers ['${ls}', '${rs}', '${os}'] ${why}; ` +
    `use e.g. ['NCHW', 'OIHW', 'NCHW'] or ['NHWC', 'HWIO', 'NHWC'] for rank-4 operands.`);
  if (ls.length !== ndim || rs.length !== ndim || os.length !== ndim) throw bad(`must each have ${ndim} letters, one per axis of the rank-${ndim} operands`);
  for (const [s, pair] of [[ls, 'NC'], [rs, 'OI'], [os, 'NC']] as const) {
    if (new Set(s).size !== s.length) throw bad(`repeat a letter in '${s}'`);
    if (!s.includes(pair[0]) || !s.includes(pair[1])) throw bad(`'${s}' lacks '${pair[0]}' or '${pair[1]}'`);
  }
  const rhsSpatial = [...rs].filter((c) => c !== 'O' && c !== 'I');
  const perm = (s: string, pair: string) => {
    const spatial = [...s].filter((c) => !pair.includes(c));
    if (spatial.length !== rhsSpatial.length || !spatial.every((c) => rhsSpatial.includes(c))) {
      throw bad(`name different spatial axes in '${s}' and '${rs}'`);
    }
    return [s.indexOf(pair[0]), s.indexOf(pair[1]), ...rhsSpatial.map((c) => s.indexOf(c))];
  };
  return { lhs: perm(ls, 'NC'), rhs: perm(rs, 'OI'), out: perm(os, 'NC') };
}

/** [lo, hi] pairs for a padding mode (JAX's padtype_to_pads), or the explicit pairs checked. */
export function convPadding(op: string, padding: unknown, inShape: readonly number[], window: readonly number[], strides: readonly number[]): [number, number][] {
  const n = inShape.length;
  if (typeof padding === 'string') {
    const mode = validate.oneOf(op, 'padding', padding.toUpperCase(), ['SAME', 'SAME_LOWER', 'VALID'] as const);
    if (mode === 'VALID') return inShape.map(() => [0, 0]);
    return inShape.map((d, i) => {
      const out = Math.ceil(d / strides[i]);
      const total = Math.max(0, (out - 1) * strides[i] + window[i] - d);
      const small = Math.floor(total / 2);
      return mode === 'SAME' ? [small, total - small] : [total - small, small];
    });
  }
  if (!Array.isArray(padding) || padding.length !== n ||
    !padding.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v)))) {
    throw new ArgumentError(`${op}: padding must be 'SAME', 'SAME_LOWER', 'VALID' or ${n} [lo, hi] integer pairs (one per spatial axis), got ${validate.describe(padding)}.`);
  }
  return padding.map((p) => [p[0], p[1]] as [number, number]);
}

function perAxis(op: string, name: string, v: unknown, n: number): number[] {
  if (v === null || v === undefined) return new Array<number>(n).fill(1);
  if (!Array.isArray(v) || v.length !== n) {
    throw new ArgumentError(`${op}: ${name} must list ${n} positive integers (one per spatial axis), got ${validate.describe(v)}.`);
  }
  return v.map((x, i) => validate.integer(op, `${name}[${i}]`, x, { min: 1 }));
}

/**
 * General N-d convolution (JAX's lax.conv_general_dilated): strides, padding, input and kernel
 * dilation, any layout through dimension numbers, feature and batch groups.
 * @example
 * const x = np.ones([1, 1, 4, 4]), w = np.ones([1, 1, 3, 3]);   // NCHW input, OIHW kernel
 * lax.convGeneralDilated(x, w, [1, 1], 'SAME').shape; // → [1, 1, 4, 4]
 * lax.convGeneralDilated(np.ones([2, 5, 5, 3]), np.ones([3, 3, 3, 8]), [2, 2], 'VALID',
 *   { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] }).shape; // → [2, 2, 2, 8]
 */
export function convGeneralDilated(lhs: Tensor, rhs: Tensor, windowStrides: readonly number[], padding: ConvPadding,
  options?: ConvGeneralDilatedOptions): Tensor {
  const op = 'lax.convGeneralDilated';
  const l = tensorArg(op, lhs, 'lhs'), r = tensorArg(op, rhs, 'rhs');
  const o = validate.options<ConvGeneralDilatedOptions>(op, options, ['lhsDilation', 'rhsDilation', 'dimensionNumbers', 'featureGroupCount', 'batchGroupCount'],
    "{ dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'], featureGroupCount: 1 }");
  if (l.ndim !== r.ndim || l.ndim < 2) {
    throw new ShapeError(`${op}: lhs ${l.aval} and rhs ${r.aval} must have the same rank ≥ 2 (batch, feature, spatial axes...); ` +
      'a single image needs a batch axis of 1 (x.reshape([1, ...x.shape])).');
  }
  const nsp = l.ndim - 2;
  const dn = convDimensionNumbers(op, l.ndim, o.dimensionNumbers);
  const strides = perAxis(op, 'windowStrides', windowStrides, nsp);
  const lhsDilation = perAxis(op, 'lhsDilation', o.lhsDilation, nsp), rhsDilation = perAxis(op, 'rhsDilation', o.rhsDilation, nsp);
  const featureGroupCount = validate.integer(op, 'featureGroupCount', o.featureGroupCount ?? 1, { min: 1 });
  const batchGroupCount = validate.integer(op, 'batchGroupCount', o.batchGroupCount ?? 1, { min: 1 });
  const window = dn.rhs.slice(2).map((d, i) => dilateDim(r.shape[d], rhsDilation[i]));
  const pads = convPadding(op, padding, dn.lhs.slice(2).map((d) => l.shape[d]), window, strides);
  return conv(l, r, { windowStrides: strides, padding: pads, lhsDilation, rhsDilation, dimensionNumbers: dn, featureGroupCount, batchGroupCount });
}

export interface ConvTransposeOptions {
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  /** Flip the kernel spatially and swap its I and O axes: the gradient of a convolution with this kernel. */
  transposeKernel?: boolean;
}

/** JAX's _conv_transpose_padding: the padding that makes a transposed convolution the inverse shape of a strided one. */
function transposePadding(k: number, s: number, mode: 'SAME' | 'VALID'): [number, number] {
  let len: number, a: number;
  if (mode === 'SAME') { len = k + s - 2; a = s > k - 1 ? k - 1 : Math.ceil(len / 2); } else { len = k + s - 2 + Math.max(k - s, 0); a = k - 1; }
  return [a, len - a];
}

/**
 * Transposed convolution (JAX's lax.conv_transpose): a convolution of the input dilated by
 * `strides`, the layer that upsamples; default layouts NHC/HIO, NHWC/HWIO, NHWDC/HWDIO.
 * @example
 * const y = lax.convTranspose(np.ones([1, 4, 4, 2]), np.ones([3, 3, 2, 5]), [2, 2], 'SAME');
 * y.shape; // → [1, 8, 8, 5]
 */
export function convTranspose(lhs: Tensor, rhs: Tensor, strides: readonly number[], padding: ConvPadding | 'SAME' | 'VALID',
  options?: ConvTransposeOptions): Tensor {
  const op = 'lax.convTranspose';
  const l = tensorArg(op, lhs, 'lhs');
  let r = tensorArg(op, rhs, 'rhs');
  const o = validate.options<ConvTransposeOptions>(op, options, ['rhsDilation', 'dimensionNumbers', 'transposeKernel'], "{ dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] }");
  if (l.ndim !== r.ndim || l.ndim < 2) throw new ShapeError(`${op}: lhs ${l.aval} and rhs ${r.aval} must have the same rank ≥ 2.`);
  const defaults: Record<number, [string, string, string]> = { 2: ['NC', 'IO', 'NC'], 3: ['NHC', 'HIO', 'NHC'], 4: ['NHWC', 'HWIO', 'NHWC'], 5: ['NHWDC', 'HWDIO', 'NHWDC'] };
  const given = o.dimensionNumbers ?? defaults[l.ndim];
  if (!given) throw new ArgumentError(`${op}: no default layout for rank-${l.ndim} operands; pass dimensionNumbers.`);
  const dn = convDimensionNumbers(op, l.ndim, given);
  const nsp = l.ndim - 2;
  const s = perAxis(op, 'strides', strides, nsp), rhsDilation = perAxis(op, 'rhsDilation', o.rhsDilation, nsp);
  let pads: ConvPadding;
  if (typeof padding === 'string') {
    const mode = validate.oneOf(op, 'padding', padding.toUpperCase(), ['SAME', 'VALID'] as const);
    pads = dn.rhs.slice(2).map((d, i) => transposePadding(dilateDim(r.shape[d], rhsDilation[i]), s[i], mode));
  } else pads = convPadding(op, padding, new Array<number>(nsp).fill(0), [], s);
  if (o.transposeKernel !== undefined && validate.boolean(op, 'transposeKernel', o.transposeKernel)) {
    r = rev(r, dn.rhs.slice(2));
    const perm = r.shape.map((_, i) => i);
    [perm[dn.rhs[0]], perm[dn.rhs[1]]] = [dn.rhs[1], dn.rhs[0]];
    r = lax.transpose(r, perm);
  }
  return convGeneralDilated(l, r, new Array<number>(nsp).fill(1), pads, { lhsDilation: s, rhsDilation, dimensionNumbers: dn });
}

export type { ConvParams };
