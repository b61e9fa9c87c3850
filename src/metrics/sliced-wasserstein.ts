/**
 * Sliced Wasserstein-2: the W2 distance between 1-D projections, averaged over random directions.
 * In 1-D, W2 has a closed form through sorted samples, which is what makes slicing cheap.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { checkPair } from './check.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

export interface SlicedWassersteinOptions {
  /** Number of random unit directions (default 256; docs/facm.md asks for at least 256). */
  directions?: number;
}

/**
 * W2² between the empirical measures of sorted `x` and sorted `y`, exact for any sizes:
 * ∫₀¹ (F_x⁻¹(q) − F_y⁻¹(q))² dq, where both quantile functions are steps (breaks at i/n_x and
 * j/n_y), so the integral is a merge of the two break lists. For equal sizes it is the familiar
 * mean of (x₍ᵢ₎ − y₍ᵢ₎)². Breaks are compared as integers ((i+1)·n_y vs (j+1)·n_x) so that
 * coinciding breaks advance both lists together.
 */
export function w2SquaredSorted(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const nx = x.length, ny = y.length;
  let i = 0, j = 0, q = 0, total = 0;
  while (i < nx && j < ny) {
    const bx = (i + 1) * ny, by = (j + 1) * nx; // breaks scaled by nx·ny
    const next = Math.min(bx, by);
    const d = x[i] - y[j];
    total += (next - q) * d * d;
    q = next;
    if (bx === next) i++;
    if (by === next) j++;
  }
  return total / (nx * ny);
}

/** Row `l` of a row-major [rows, n] host array, copied (never sort the backend's buffer) and sorted. */
const sortedRow = (data: ArrayLike<number>, l: number, n: number): Float64Array =>
  Float64Array.from({ length: n }, (_, i) => data[l * n + i]).sort();

/**
 * Sliced Wasserstein-2 distance between point sets a: [n_a, d] and b: [n_b, d]:
 * sqrt(mean over L random unit directions θ of W2²(θ·a, θ·b)). The projections are computed with
 * fluxion ops (one matmul per set); fluxion has no sort primitive, so they are read back with
 * `await data()` and each direction is sorted on the host — O(L·n log n), fine for a metric.
 * n_a and n_b may differ: each 1-D W2 is the exact distance between the two empirical measures
 * (quantile functions compared on the merged breaks). Deterministic per key; use the same key to
 * compare runs on the same directions.
 * For a shift δ between otherwise equal distributions in d dimensions the value is |δ|/√d
 * (E (θ·δ)² = |δ|²/d); in 1-D it is |δ|.
 * @example
 * const sw = await metrics.slicedWasserstein2(random.key(0), samples, heldOut);   // a number
 */
export async function slicedWasserstein2(key: Tensor, a: Tensor, b: Tensor, opts: SlicedWassersteinOptions = {}): Promise<number> {
  checkPair('slicedWasserstein2', a, b);
  const { directions = 256 } = validate.options<SlicedWassersteinOptions>('metrics.slicedWasserstein2', opts, ['directions'], '{ directions: 256 }');
  if (!Number.isInteger(directions) || directions < 1) {
    throw new ArgumentError(`metrics.slicedWasserstein2: directions must be a positive integer, got ${directions}.`);
  }
  const g = random.normal(key, [directions, a.shape[1]]);
  // A zero Gaussian draw (probability ~2⁻²³ per entry) would give 0/0; it yields a zero direction instead.
  const theta = g.div(np.maximum(g.square().sum({ axis: 1, keepdims: true }).sqrt(), 1e-30));
  const na = a.shape[0], nb = b.shape[0];
  // [L, n] layout: each direction's projections are contiguous.
  const [pa, pb] = [await theta.matmul(a.T).data(), await theta.matmul(b.T).data()];
  let total = 0;
  for (let l = 0; l < directions; l++) total += w2SquaredSorted(sortedRow(pa, l, na), sortedRow(pb, l, nb));
  return Math.sqrt(total / directions);
}
