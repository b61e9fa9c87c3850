/**
 * Conformance cases of convolution and windowed reductions (issue 13), appended to the primitive
 * table (primitive-cases.ts) and the zero-size table (zero-size-cases.ts), so the jvp (finite
 * differences in float64), vjp (dot product), vmap (every batching of each operand, which reaches
 * every branch of the batching rule) and WebGPU-vs-CPU specs run over them. The configurations
 * cover 1-, 2- and 3-d, NCHW and NHWC layouts, strides, explicit/SAME/VALID and negative padding,
 * lhs and rhs dilation, feature groups (depthwise too) and batch groups.
 */
import { lax, nn, Tensor } from '../../src/index.js';
import type { ConvGeneralDilatedOptions, ConvPadding } from '../../src/primitives/lax.js';
import type { PrimitiveCase } from './primitive-cases.js';
import type { ZeroSizeCase } from './zero-size-cases.js';
import { normalF64 } from './check.js';
import { separatedF64 } from './sort-scan-cases.js';

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

interface ConvConfig { lhs: number[]; rhs: number[]; strides: number[]; padding: ConvPadding; opts?: ConvGeneralDilatedOptions }

export const CONV_CONFIGS: Record<string, ConvConfig> = {
  '1-d NCH, stride 2, explicit padding, rhs dilation': { lhs: [2, 3, 7], rhs: [4, 3, 3], strides: [2], padding: [[1, 2]], opts: { rhsDilation: [2] } },
  '1-d NCH, negative padding': { lhs: [2, 2, 7], rhs: [3, 2, 2], strides: [1], padding: [[-1, 1]] },
  '2-d NCHW, SAME, lhs and rhs dilation': {
    lhs: [2, 3, 6, 5], rhs: [4, 3, 3, 2], strides: [1, 2], padding: 'SAME', opts: { lhsDilation: [2, 1], rhsDilation: [1, 2] },
  },
  '2-d NHWC/HWIO, VALID, 2 feature groups': {
    lhs: [2, 5, 6, 4], rhs: [3, 3, 2, 6], strides: [2, 1], padding: 'VALID', opts: { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'], featureGroupCount: 2 },
  },
  '2-d NHWC depthwise, SAME': {
    lhs: [1, 5, 5, 3], rhs: [3, 3, 1, 3], strides: [1, 1], padding: 'SAME', opts: { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'], featureGroupCount: 3 },
  },
  '2-d NCHW, 2 batch groups': { lhs: [4, 3, 5, 5], rhs: [6, 3, 3, 3], strides: [1, 1], padding: [[1, 0], [0, 1]], opts: { batchGroupCount: 2 } },
  '2-d mixed layouts (NHWC in, OIHW kernel, NCHW out)': {
    lhs: [2, 6, 5, 3], rhs: [4, 3, 2, 3], strides: [2, 2], padding: 'SAME', opts: { dimensionNumbers: ['NHWC', 'OIHW', 'NCHW'] },
  },
  '3-d NDHWC/DHWIO, SAME, stride 2': {
    lhs: [1, 4, 3, 5, 2], rhs: [2, 2, 3, 2, 3], strides: [2, 1, 2], padding: 'SAME', opts: { dimensionNumbers: ['NDHWC', 'DHWIO', 'NDHWC'] },
  },
};

const convCase = (label: string, c: ConvConfig): PrimitiveCase => ({
  name: `conv_general_dilated (${label})`, prim: 'conv_general_dilated', differentiable: true,
  make: () => ({
    fn: (x, w) => lax.convGeneralDilated(x, w, c.strides, c.padding, c.opts),
    args: (r) => [normalF64(r, c.lhs), normalF64(r, c.rhs)],
    desc: `${fmt(c.lhs)} * ${fmt(c.rhs)} strides ${fmt(c.strides)} padding ${JSON.stringify(c.padding)} ${JSON.stringify(c.opts ?? {})}`,
  }),
});

const convTransposeCase: PrimitiveCase = {
  name: 'conv_general_dilated (lax.convTranspose, NHWC, stride 2, SAME)', prim: 'conv_general_dilated', differentiable: true,
  make: () => ({
    fn: (x, w) => lax.convTranspose(x, w, [2, 2], 'SAME'),
    args: (r) => [normalF64(r, [2, 3, 4, 3]), normalF64(r, [3, 3, 3, 2])],
    desc: '[2,3,4,3] * [3,3,3,2] strides [2,2] SAME',
  }),
};

const convTransposeKernelCase: PrimitiveCase = {
  name: 'conv_general_dilated (lax.convTranspose, transposeKernel, VALID)', prim: 'conv_general_dilated', differentiable: true,
  make: () => ({
    fn: (x, w) => lax.convTranspose(x, w, [2], 'VALID', { transposeKernel: true, dimensionNumbers: ['NCH', 'OIH', 'NCH'] }),
    args: (r) => [normalF64(r, [2, 3, 5]), normalF64(r, [3, 4, 3])],
    desc: '[2,3,5] * [3,4,3] strides [2] VALID transposeKernel',
  }),
};

const maxWindowCase: PrimitiveCase = {
  name: 'reduceWindow max (3x2 window, strides 2x1, SAME, window dilation)', prim: 'max', differentiable: true,
  make: () => ({
    fn: (x) => lax.reduceWindow(x, -Infinity, lax.max, [1, 3, 2], [1, 2, 1], 'SAME', null, [1, 1, 2]),
    args: (r) => [separatedF64(r, [2, 7, 6])],
    desc: '[2,7,6] window [1,3,2] strides [1,2,1] SAME window dilation [1,1,2]',
  }),
};

const sumWindowCase: PrimitiveCase = {
  name: 'reduceWindow sum (2x3 window, strides 1x2, explicit padding)', prim: 'add', differentiable: true,
  make: () => ({
    fn: (x) => lax.reduceWindow(x, 0, lax.add, [2, 3], [1, 2], [[1, 0], [2, 1]]),
    args: (r) => [normalF64(r, [5, 6])],
    desc: '[5,6] window [2,3] strides [1,2] padding [[1,0],[2,1]]',
  }),
};

const minWindowCase: PrimitiveCase = {
  name: 'reduceWindow min (VALID, overlapping windows)', prim: 'min', differentiable: true,
  make: () => ({
    fn: (x) => lax.reduceWindow(x, Infinity, lax.min, [3, 2], [1, 1], 'VALID'),
    args: (r) => [separatedF64(r, [5, 4])],
    desc: '[5,4] window [3,2] VALID',
  }),
};

const poolCases: PrimitiveCase[] = [
  {
    name: 'nn.maxPool (NHWC 2x2 stride 2)', prim: 'max', differentiable: true,
    make: () => ({ fn: (x) => nn.maxPool(x, [2, 2], [2, 2], 'VALID'), args: (r) => [separatedF64(r, [2, 4, 5, 3])], desc: '[2,4,5,3]' }),
  },
  {
    name: 'nn.avgPool (NHWC 3x3 stride 1 SAME, padding excluded from the count)', prim: 'div', differentiable: true,
    make: () => ({ fn: (x) => nn.avgPool(x, [3, 3], [1, 1], 'SAME', { countIncludePad: false }), args: (r) => [normalF64(r, [1, 4, 5, 2])], desc: '[1,4,5,2]' }),
  },
  {
    name: 'nn.upsample (bilinear, 2x)', prim: 'dot_general', differentiable: true,
    make: () => ({ fn: (x) => nn.upsample(x, [2, 2], 'bilinear'), args: (r) => [normalF64(r, [1, 3, 4, 2])], desc: '[1,3,4,2] → [1,6,8,2]' }),
  },
];

export const CONV_CASES: PrimitiveCase[] = [
  ...Object.entries(CONV_CONFIGS).map(([label, c]) => convCase(label, c)),
  convTransposeCase, convTransposeKernelCase, maxWindowCase, sumWindowCase, minWindowCase,
  ...poolCases,
];

const f32 = (r: { normal(): number }, shape: number[]) => normalF64(r as never, shape).astype('float32');

export const CONV_ZERO_SIZE_CASES: ZeroSizeCase[] = [
  {
    name: 'conv_general_dilated of an empty batch', prim: 'conv_general_dilated',
    fn: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [1], 'SAME'), args: (r) => [f32(r, [0, 2, 5]), f32(r, [3, 2, 3])],
  },
  {
    name: 'conv_general_dilated with no input features (a sum of no products: zeros)', prim: 'conv_general_dilated',
    fn: (x: Tensor, w: Tensor) => lax.convGeneralDilated(x, w, [1, 1], 'VALID'), args: (r) => [f32(r, [2, 0, 4, 4]), f32(r, [3, 0, 2, 2])],
  },
];
