/**
 * How a product reads its operands. Shared by the pass that chooses the layout of a product's rhs
 * (passes/rhs-layout.ts), the planner that stores that layout (plan.ts) and the matmul kernel
 * writer (kernels.ts), so that the three agree on when B is read 4-wide.
 *
 * Why the rhs: the 'subgroup' and 'register' variants read B through a vec4 view along n, which
 * needs B contiguous along n. A product contracting the rhs's last axis (x·Wᵀ, every backward
 * dX = dZ·Wᵀ) reads B with a stride along n instead, scalar and strided: 7 GFLOP/s against
 * 11–12.5 for the same shape read contiguously on lavapipe. A transposed copy of a 256×256 W
 * costs ~0.1 ms; the product it speeds up, ~6 ms.
 */
import { paramsOf, type Eqn } from '../core/jaxpr.js';
import type { Params } from '../core/primitive.js';
import { Ix, flatten, unflatten } from './ix.js';
import { vec4ViewUsed, type OperandLayout } from './matmul.js';
import type { Target } from './target.js';

/**
 * Tiled kernels pay off only when both output sides fill a tile; thin products (a layer of width
 * 2, a batch of 2, a contraction of 2) and non-float dots run one invocation per output instead.
 */
export const thinProduct = (M: number, N: number, K: number): boolean => M < 8 || N < 16 || K < 8;

/** A dot_general as a batched matmul: extents (batch B, rows M, columns N, contraction K) and the free dims of each side. */
export interface DotDims {
  B: number; M: number; N: number; K: number;
  xFree: number[]; yFree: number[];
  contract: Params<'dot_general'>['contract'];
  batch: Params<'dot_general'>['batch'];
}

const prod = (ds: readonly number[], s: readonly number[]): number => ds.reduce((a, d) => a * s[d], 1);

export function dotDims(params: Params<'dot_general'>, xShape: readonly number[], yShape: readonly number[]): DotDims {
  const { contract, batch } = params;
  const freeOf = (s: readonly number[], w: 0 | 1) => s.map((_, d) => d).filter((d) => !contract[w].includes(d) && !batch[w].includes(d));
  const xFree = freeOf(xShape, 0), yFree = freeOf(yShape, 1);
  return { B: prod(batch[0], xShape), M: prod(xFree, xShape), N: prod(yFree, yShape), K: prod(contract[0], xShape), xFree, yFree, contract, batch };
}

/**
 * The strides with which a product reads an operand held row-major in an array of `shape` (A as
 * (b, m, k), B as (b, k, n), each group of dims flattened in the order given), or undefined when a
 * group does not collapse to one stride (then the kernel cannot read it as a plain buffer).
 */
export function operandLayout(shape: readonly number[], batch: readonly number[], free: readonly number[], contract: readonly number[],
  which: 0 | 1): OperandLayout | undefined {
  const ext = (ds: readonly number[]) => ds.map((d) => shape[d]);
  const [rows, cols] = which === 0 ? [prod(free, shape), prod(contract, shape)] : [prod(contract, shape), prod(free, shape)];
  const bb = Ix.loopVar('bb', prod(batch, shape)), ii = Ix.loopVar('ii', rows), jj = Ix.loopVar('jj', cols);
  const [fIx, kIx] = which === 0 ? [ii, jj] : [jj, ii];
  const idx: Ix[] = new Array(shape.length);
  for (const [ds, ix] of [[batch, unflatten(bb, ext(batch))], [free, unflatten(fIx, ext(free))], [contract, unflatten(kIx, ext(contract))]] as const) {
    ds.forEach((d, i) => { idx[d] = ix[i]; });
  }
  const off = flatten(idx, shape);
  if (off.c !== 0 || !off.terms.every((t) => t.atom.kind === 'var')) return undefined;
  const coef = (n: string) => off.terms.find((t) => t.atom.kind === 'var' && t.atom.name === n)?.coef ?? 0;
  return { batchStride: coef('bb'), rowStride: coef('ii'), colStride: coef('jj') };
}

/**
 * Whether the kernel of `dot` would read B through the vec4 view were B stored in canonical
 * (b, k, n) order: a float32 product big enough for the matmul kernel, on a variant that reads B
 * 4-wide (subgroup, register), with n % 4 == 0 (vec4ViewUsed's conditions).
 */
export function rhsVec4Possible(dot: Eqn, target: Target): boolean {
  const [x, y] = dot.inputs;
  if (dot.prim !== 'dot_general' || dot.outs[0].aval.dtype !== 'float32' || y.aval.dtype !== 'float32') return false;
  const { M, N, K } = dotDims(paramsOf(dot, 'dot_general'), x.aval.shape, y.aval.shape);
  return !thinProduct(M, N, K) && vec4ViewUsed(target, 'b', { batchStride: K * N, rowStride: N, colStride: 1 }, N);
}

/** Whether B read from a row-major array of `shape` (its batch, free and contracted dims there) is read through the vec4 view. */
export function rhsReadsVec4(target: Target, shape: readonly number[], batch: readonly number[], free: readonly number[], contract: readonly number[]): boolean {
  return vec4ViewUsed(target, 'b', operandLayout(shape, batch, free, contract, 1), prod(free, shape));
}

/**
 * Products smaller than this (multiply-adds) keep a strided rhs: the copy is a dispatch of its own,
 * ~0.1 ms on lavapipe even for a tiny array (timestamped FACM step profile), and reading B 4-wide
 * saves ~8.5e-11 s per multiply-add (7.5 → 11 GFLOP/s), which passes 0.1 ms at ~1.2M of them.
 */
const MIN_COPY_WORK = 1 << 21;

/**
 * Whether a copy of the rhs in another layout is cheap next to the product: the copy moves B·K·N
 * elements once, the product does B·M·N·K multiply-adds, so B·K·N ≤ B·M·N (k ≤ m) bounds the copy
 * by one pass over the output (at m = n = k = 256 it is 1/256 of the product's work); and the
 * product is big enough for the faster reads to repay the copy's dispatch.
 */
export function rhsCopyPays(dot: Eqn): boolean {
  const [x, y] = dot.inputs;
  const { B, M, N, K } = dotDims(paramsOf(dot, 'dot_general'), x.aval.shape, y.aval.shape);
  return K <= M && B * M * N * K >= MIN_COPY_WORK;
}

/**
 * Whether the planner stores the rhs of `dot` (a transpose, which it would otherwise inline into
 * the prologue, read strided and scalar): stored, it is read 4-wide, and the copy pays.
 */
export function storesRhs(dot: Eqn, target: Target): boolean {
  if (!rhsVec4Possible(dot, target) || !rhsCopyPays(dot)) return false;
  const y = dot.inputs[1];
  const { yFree, contract, batch } = dotDims(paramsOf(dot, 'dot_general'), dot.inputs[0].aval.shape, y.aval.shape);
  return rhsReadsVec4(target, y.aval.shape, batch[1], yFree, contract[1]);
}
