/**
 * The 8-Gaussian ring: the standard mode-coverage benchmark (a sampler that collapses or blurs
 * modes shows it at once).
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { Moments, Sample, checkCount, splitKeys, standardise } from './sample.js';
import * as validate from '../core/validate.js';

export interface EightGaussiansOptions {
  /** Radius of the ring of centres, before normalisation (default 2). */
  radius?: number;
  /** Standard deviation of each isotropic component, before normalisation (default 0.1). */
  std?: number;
}

const MODES = 8;

/**
 * Exact moments: the centres r·(cos 2πk/8, sin 2πk/8) average to 0 and Σₖ cos²(2πk/8)/8 = 1/2,
 * so each coordinate has variance r²/2 + std².
 */
export function eightGaussiansMoments(opts: EightGaussiansOptions = {}): Moments {
  const { radius = 2, std = 0.1 } = validate.options<EightGaussiansOptions>('data.eightGaussians', opts, ['radius', 'std'], '{ radius: 2, std: 0.1 }');
  const s = Math.sqrt(radius * radius / 2 + std * std);
  return { mean: [0, 0], std: [s, s] };
}

/**
 * n points from an equal mixture of 8 isotropic Gaussians on a ring, normalised to zero mean and
 * unit variance per dimension; y is the mode index k (centre angle 2πk/8, counter-clockwise from +x).
 * @example
 * const { x, y } = data.eightGaussians(random.key(0), 1000);   // x: f32[1000,2], y: i32[1000] in 0..7
 */
export function eightGaussians(key: Tensor, n: number, opts: EightGaussiansOptions = {}): Sample {
  checkCount('eightGaussians', n);
  const { radius = 2, std = 0.1 } = opts;
  const [kMode, kNoise] = splitKeys(key, 2);
  const y = random.randint(kMode, [n], 0, MODES);
  const angle = y.astype('float32').mul(2 * Math.PI / MODES);
  const centre = np.stack([angle.cos(), angle.sin()], 1).mul(radius);
  const x = centre.add(random.normal(kNoise, [n, 2]).mul(std));
  return { x: standardise(x, eightGaussiansMoments(opts)), y };
}

/**
 * The 8 ring centres in normalised coordinates, f32[8, 2], row k for mode k (host constants, so
 * they are exact rather than rounded float32 trigonometry).
 * @example const c = eightGaussianCenters();   // |c_k| = 2 / sqrt(2 + 0.01) ≈ 1.411
 */
export function eightGaussianCenters(opts: EightGaussiansOptions = {}): Tensor {
  const { radius = 2 } = opts;
  const s = eightGaussiansMoments(opts).std[0];
  const rows = Array.from({ length: MODES }, (_, k) => {
    const a = 2 * Math.PI * k / MODES;
    return [radius * Math.cos(a) / s, radius * Math.sin(a) / s];
  });
  return np.array(rows);
}
