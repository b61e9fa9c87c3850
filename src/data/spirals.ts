/** Two interleaved Archimedean spirals: thin, curved support that tests how well a map bends. */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { Moments, Sample, checkCount, splitKeys, standardise } from './sample.js';
import * as validate from '../core/validate.js';

export interface SpiralsOptions {
  /** Standard deviation of the isotropic Gaussian noise, before normalisation (default 0.3; arms are π apart). */
  noise?: number;
}

/** Each arm turns through 1.5 revolutions (540°, as the classic "2spirals" toy). */
const TURN = 3 * Math.PI;

/**
 * Exact moments. Arm 1 is arm 0 rotated by π and arms are equally likely, so the mean is 0. On an
 * arm, φ = T·√u (u ~ U[0, 1], density 2φ/T² — uniform in area rather than in angle) and the point
 * is φ·(cos φ, sin φ), so Var x = (2/T²)∫₀ᵀ φ³cos²φ dφ and Var y likewise with sin². With
 * ∫φ³cos 2φ dφ = G(φ) = (φ³/2 − 3φ/4) sin 2φ + (3φ²/4 − 3/8) cos 2φ, and cos² = (1 + cos 2φ)/2:
 * Var x = T²/4 + (G(T) − G(0))/T², Var y = T²/4 − (G(T) − G(0))/T² (plus σ² of the noise).
 */
export function spiralsMoments(opts: SpiralsOptions = {}): Moments {
  const { noise = 0.3 } = validate.options<SpiralsOptions>('data.spirals', opts, ['noise'], '{ noise: 0.3 }');
  const T = TURN;
  const G = (p: number) => (p ** 3 / 2 - 3 * p / 4) * Math.sin(2 * p) + (3 * p * p / 4 - 3 / 8) * Math.cos(2 * p);
  const c = (G(T) - G(0)) / (T * T), v = noise * noise;
  return { mean: [0, 0], std: [Math.sqrt(T * T / 4 + c + v), Math.sqrt(T * T / 4 - c + v)] };
}

/**
 * n points on two spirals, normalised to zero mean and unit variance per dimension; y is the arm
 * index (arm 1 = −arm 0).
 * @example
 * const { x, y } = data.spirals(random.key(0), 1000);
 */
export function spirals(key: Tensor, n: number, opts: SpiralsOptions = {}): Sample {
  checkCount('spirals', n);
  const { noise = 0.3 } = opts;
  const [kArm, kPos, kNoise] = splitKeys(key, 3);
  const y = random.randint(kArm, [n], 0, 2);
  const phi = random.uniform(kPos, [n]).sqrt().mul(TURN);
  const sign = y.astype('float32').mul(-2).add(1).reshape([n, 1]);
  const onArm = np.stack([phi.cos(), phi.sin()], 1).mul(phi.reshape([n, 1])).mul(sign);
  const x = onArm.add(random.normal(kNoise, [n, 2]).mul(noise));
  return { x: standardise(x, spiralsMoments(opts)), y };
}
