/**
 * Mode coverage for mixtures: how many modes a sampler reaches, and how much of its mass falls
 * between modes — the two failure modes (collapse and blur) a single distance can hide.
 */
import * as np from '../numpy/index.js';
import type { Tensor } from '../core/tensor.js';
import { checkPair } from './check.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

export interface ModeCoverageOptions {
  /** A sample belongs to its nearest centre only within this distance (default: ¼ of the smallest centre spacing). */
  radius?: number;
  /** A mode is covered when it holds at least this fraction of all samples (default 1/(4K): a quarter of its fair share). */
  minFraction?: number;
}

export interface ModeCoverage {
  /** Fraction of modes covered, in [0, 1]. */
  coverage: number;
  /** Per mode, the number of samples assigned to it (nearest centre, within radius). */
  counts: number[];
  /** Per mode, whether counts[k] ≥ minFraction · n. */
  covered: boolean[];
  /** Fraction of samples farther than radius from every centre. */
  offModeFraction: number;
  /** The radius and minFraction used (after defaults). */
  radius: number;
  minFraction: number;
}

/** The smallest distance between two distinct centres (host work on K ≪ n points). */
function minSpacing(c: ArrayLike<number>, k: number, d: number): number {
  let best = Infinity;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) s += (c[i * d + t] - c[j * d + t]) ** 2;
      best = Math.min(best, Math.sqrt(s));
    }
  }
  return best;
}

/**
 * Assigns each of samples: [n, d] to its nearest of centers: [K, d] if within `radius` (else it is
 * off-mode), counts samples per mode, and reports the fraction of modes holding at least
 * `minFraction` of all samples. The distances and counts are fluxion ops ([n, K] at once, K is
 * small); K counts are read back.
 * @example
 * const { coverage, offModeFraction } = await metrics.modeCoverage(samples, data.modeCenters('8gaussians'));
 */
export async function modeCoverage(samples: Tensor, centers: Tensor, opts: ModeCoverageOptions = {}): Promise<ModeCoverage> {
  checkPair('modeCoverage', samples, centers);
  validate.options('metrics.modeCoverage', opts, ['radius', 'minFraction'], '{ radius: 0.5 }');
  const [n, k] = [samples.shape[0], centers.shape[0]];
  const c = centers.astype('float32');
  const radius = opts.radius ?? (k > 1 ? minSpacing(await c.data(), k, c.shape[1]) / 4 : Infinity);
  const minFraction = opts.minFraction ?? 1 / (4 * k);
  if (!(radius > 0)) throw new ArgumentError(`metrics.modeCoverage: radius must be positive, got ${radius} (are two centres equal?).`);

  const x = samples.astype('float32');
  const d2 = x.square().sum({ axis: 1, keepdims: true })
    .add(c.square().sum({ axis: 1 }).reshape([1, k]))
    .sub(x.matmul(c.T).mul(2)); // [n, K]
  const nearest = np.argmin(d2, { axis: 1, keepdims: true });
  const near = d2.min({ axis: 1, keepdims: true }).le(radius * radius);
  const assigned = np.logicalAnd(nearest.eq(np.arange(k).reshape([1, k])), near);
  const counts = [...await assigned.astype('int32').sum({ axis: 0 }).data()];

  const covered = counts.map((m) => m >= minFraction * n);
  const inModes = counts.reduce((p, q) => p + q, 0);
  return {
    coverage: covered.filter(Boolean).length / k,
    counts, covered,
    offModeFraction: (n - inModes) / n,
    radius, minFraction,
  };
}
