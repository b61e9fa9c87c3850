/**
 * Maximum mean discrepancy with a mixture of RBF kernels: a two-sample statistic that is 0 in
 * expectation exactly when the distributions agree, and sensitive at every scale in `bandwidths`.
 */
import * as np from '../numpy/index.js';
import type { Tensor } from '../core/tensor.js';
import { jit } from '../transforms/index.js';
import { checkPair, checkPoints } from './check.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import * as validate from '../core/validate.js';

export interface MmdOptions {
  /** RBF bandwidths σ, in the data's (normalised) units (default [0.1, 0.2, 0.5, 1, 2]). */
  bandwidths?: number[];
  /**
   * Rows of the first set per block. Default: as many as keep a block's kernel matrix at 2²² entries
   * (16 MiB of float32), at most 1024 — so 10k × 10k never materialises 10⁸ entries at once.
   */
  blockRows?: number;
}

/**
 * Rows [‖x‖², 1, x] and [1, ‖y‖², −2y]: their dot product is ‖x − y‖², so a whole block of squared
 * distances is one matmul (d may be large, as for images) instead of four broadcast ops — the
 * elementwise ops dominate on the CPU interpreter, and on WebGPU the matmul fuses with the exp.
 */
const augment = (x: Tensor, side: 'left' | 'right'): Tensor => {
  const sq = x.square().sum({ axis: 1, keepdims: true }), one = np.onesLike(sq);
  return side === 'left' ? np.concatenate([sq, one, x], 1) : np.concatenate([one, sq, x.mul(-2)], 1);
};

/**
 * Σ over the block of Σ_σ exp(−‖x_i − y_j‖²/(2σ²)), from augmented rows (see `augment`); each
 * bandwidth's scale is folded into the right factor so a kernel is one matmul and one exp.
 * Rounding can make ‖x − y‖² of near-equal points slightly negative (≈1e−7·‖x‖²); unclamped, that
 * moves k by a relative ≈ 1e−7·‖x‖²/σ², far below the estimator's noise. Jitted: traced once per
 * block shape (bandwidths are static), fused on WebGPU. Used for wide points (images).
 */
const blockKernelSumWide = jit((xa: Tensor, ya: Tensor, bandwidths: number[]): Tensor =>
  bandwidths.map((s) => xa.matmul(ya.mul(-1 / (2 * s * s)).T).exp()).reduce((p, q) => p.add(q)).sum(),
{ staticArgnums: [2], name: 'mmdBlockWide' });

/**
 * The same sum for narrow points (d ≤ NARROW, the 2-D studies): ‖x_i − y_j‖² unrolled over the d
 * coordinates, so distances, every bandwidth's exp and the row sums are one fused kernel that
 * never stores the [rows, n] block (the matmul form stores one block per bandwidth: ~10× slower
 * at 10k × 10k on lavapipe). Returns the per-row sums [rows].
 */
const blockKernelSumNarrow = jit((x: Tensor, y: Tensor, bandwidths: number[]): Tensor => {
  const [rows, d] = x.shape, n = y.shape[0];
  const column = (a: Tensor, k: number, len: number) => a.slice([[0, len], [k, k + 1]]);
  let d2 = column(x, 0, rows).sub(column(y, 0, n).reshape([1, n])).square();
  for (let k = 1; k < d; k++) d2 = d2.add(column(x, k, rows).sub(column(y, k, n).reshape([1, n])).square());
  return bandwidths.map((s) => d2.mul(-1 / (2 * s * s)).exp()).reduce((p, q) => p.add(q)).sum({ axis: 1 });
}, { staticArgnums: [2], name: 'mmdBlockNarrow' });
const NARROW = 4;

/**
 * Σ_{i,j} Σ_σ k_σ(x_i, y_j) in row blocks of x, summed on the host in float64. For a set against
 * itself the diagonal (k_σ(x, x) = 1 for every σ, so L per point) is subtracted exactly.
 */
async function kernelSum(x: Tensor, y: Tensor, bandwidths: number[], sameSet: boolean, blockRows: number): Promise<number> {
  const narrow = x.shape[1] <= NARROW;
  const [xa, ya] = narrow ? [x, y] : [augment(x, 'left'), augment(y, 'right')];
  const block = narrow ? blockKernelSumNarrow : blockKernelSumWide;
  const n = x.shape[0];
  const partials: Tensor[] = [];
  for (let start = 0; start < n; start += blockRows) {
    partials.push(block(xa.slice([[start, Math.min(n, start + blockRows)]]), ya, bandwidths).reshape([-1]));
  }
  // One read for all blocks: the device runs them back to back instead of syncing per block.
  const sums = await np.concatenate(partials).data();
  let total = 0;
  for (let i = 0; i < sums.length; i++) total += sums[i];
  return sameSet ? total - n * bandwidths.length : total;
}

/**
 * Unbiased MMD² between a: [m, d] and b: [n, d] (m, n ≥ 2), as a number:
 * Σ_{i≠j} k(a_i, a_j)/(m(m−1)) + Σ_{i≠j} k(b_i, b_j)/(n(n−1)) − 2 Σ k(a_i, b_j)/(mn), where
 * k = mean over σ of exp(−‖x − y‖²/(2σ²)) (so k(x, x) = 1). Unbiased, so it can be slightly
 * negative when the distributions agree. Computed with fluxion ops in row blocks (see
 * `blockRows`); only the per-block sums are read back. Cost is O(mn·L): about 1.5 s for 10k × 10k
 * 2-D points on lavapipe, ≈ 0.4 µs per pair with 5 bandwidths on the CPU interpreter (about 2 min
 * for 10k × 10k), so there use a few thousand points. Scoring many sample sets against one
 * reference? `mmd2Against` computes the reference's own term once.
 * @example
 * const d = await metrics.mmd2(samples, heldOut, { bandwidths: [0.1, 0.5, 2] });
 */
export async function mmd2(a: Tensor, b: Tensor, opts: MmdOptions = {}): Promise<number> {
  // Checked before mmd2Against spends O(n²) on b's own term.
  checkPair('mmd2', a, b);
  checkCounts(a, b);
  return (await mmd2Against(b, opts))(a);
}

/** The unbiased estimator's i ≠ j sums need two points per set. */
function checkCounts(a: Tensor, b: Tensor): void {
  if (a.shape[0] < 2 || b.shape[0] < 2) {
    throw new ShapeError(`metrics.mmd2: the unbiased estimator needs at least 2 points per set, got ${a.aval} and ${b.aval}.`);
  }
}

/**
 * MMD² of any number of sample sets against one reference b: [n, d], as `mmd2(a, b)` but with
 * b's own kernel sum computed once (a third of the work per call).
 * @example
 * const score = await metrics.mmd2Against(heldOut);
 * const [d1, d2] = [await score(samplesA), await score(samplesB)];
 */
export async function mmd2Against(b: Tensor, opts: MmdOptions = {}): Promise<(a: Tensor) => Promise<number>> {
  const { bandwidths = [0.1, 0.2, 0.5, 1, 2] } = validate.options<MmdOptions>('metrics.mmd2', opts, ['bandwidths', 'blockRows'], '{ bandwidths: [0.5, 1] }');
  checkPoints('mmd2', 'b', b);
  if (bandwidths.length === 0 || bandwidths.some((s) => !(s > 0))) {
    throw new ArgumentError(`metrics.mmd2: bandwidths must be a non-empty list of positive numbers, got [${bandwidths.join(', ')}].`);
  }
  if (opts.blockRows !== undefined && !(Number.isInteger(opts.blockRows) && opts.blockRows > 0)) {
    throw new ArgumentError(`metrics.mmd2: blockRows must be a positive integer, got ${opts.blockRows}.`);
  }
  checkCounts(b, b);
  const rowsFor = (cols: number) => opts.blockRows ?? Math.max(1, Math.min(1024, Math.floor(2 ** 22 / cols)));
  const n = b.shape[0], y = b.astype('float32');
  const kbb = await kernelSum(y, y, bandwidths, true, rowsFor(n));
  return async (a: Tensor) => {
    checkPair('mmd2', a, b);
    checkCounts(a, b);
    const m = a.shape[0];
    const x = a.astype('float32');
    const kaa = await kernelSum(x, x, bandwidths, true, rowsFor(m));
    const kab = await kernelSum(x, y, bandwidths, false, rowsFor(n));
    return (kaa / (m * (m - 1)) + kbb / (n * (n - 1)) - 2 * kab / (m * n)) / bandwidths.length;
  };
}
