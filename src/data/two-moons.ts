/** Two interleaved half circles (scikit-learn's make_moons, with uniform rather than evenly spaced angles). */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { Moments, Sample, checkCount, splitKeys, standardise } from './sample.js';
import * as validate from '../core/validate.js';

export interface TwoMoonsOptions {
  /** Standard deviation of the isotropic Gaussian noise added to each point, before normalisation (default 0.05). */
  noise?: number;
}

/**
 * Exact moments for θ ~ U[0, π] (E cos θ = 0, E sin θ = 2/π, E cos² θ = E sin² θ = 1/2), moon 0 =
 * (cos θ, sin θ), moon 1 = (1 − cos θ, ½ − sin θ), each with probability ½:
 * E x = ½, Var x = ¾ + σ²;  E y = ¼, Var y = 9/16 − 1/π + σ².
 */
export function twoMoonsMoments(opts: TwoMoonsOptions = {}): Moments {
  const { noise = 0.05 } = validate.options<TwoMoonsOptions>('data.twoMoons', opts, ['noise'], '{ noise: 0.05 }');
  const v = noise * noise;
  return { mean: [0.5, 0.25], std: [Math.sqrt(0.75 + v), Math.sqrt(9 / 16 - 1 / Math.PI + v)] };
}

/**
 * n points on two moons, normalised to zero mean and unit variance per dimension; y is the moon
 * index (0: upper, 1: lower, shifted right).
 * @example
 * const { x, y } = data.twoMoons(random.key(0), 1000, { noise: 0.1 });
 */
export function twoMoons(key: Tensor, n: number, opts: TwoMoonsOptions = {}): Sample {
  checkCount('twoMoons', n);
  const { noise = 0.05 } = opts;
  const [kMoon, kAngle, kNoise] = splitKeys(key, 3);
  const y = random.randint(kMoon, [n], 0, 2);
  const theta = random.uniform(kAngle, [n], { maxval: Math.PI });
  const upper = np.stack([theta.cos(), theta.sin()], 1);
  const lower = np.stack([theta.cos().neg().add(1), theta.sin().neg().add(0.5)], 1);
  const onMoon = np.where(y.eq(1).reshape([n, 1]), lower, upper);
  const x = onMoon.add(random.normal(kNoise, [n, 2]).mul(noise));
  return { x: standardise(x, twoMoonsMoments(opts)), y };
}
