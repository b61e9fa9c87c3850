/** Choosing a toy distribution by name, and its mode centres where it has discrete modes. */
import type { Tensor } from '../core/tensor.js';
import { checkerboard, checkerboardCenters } from './checkerboard.js';
import { eightGaussianCenters, eightGaussians } from './eight-gaussians.js';
import type { Sample } from './sample.js';
import { spirals } from './spirals.js';
import { twoMoons } from './two-moons.js';
import { ArgumentError } from '../core/errors.js';

/** The 2-D toy distributions, by the names experiments and command lines use. */
export const datasetNames = ['8gaussians', 'checkerboard', 'moons', 'spirals'] as const;
export type DatasetName = typeof datasetNames[number];

const samplers: Record<DatasetName, (key: Tensor, n: number) => Sample> = {
  '8gaussians': eightGaussians,
  checkerboard,
  moons: twoMoons,
  spirals,
};

/**
 * n normalised points of the named distribution with default options, as `{ x, y }`.
 * @example
 * const train = data.sampleDataset('moons', random.key(0), 10_000);
 * const heldOut = data.sampleDataset('moons', random.key(1), 10_000);   // same normalisation
 */
export function sampleDataset(name: DatasetName, key: Tensor, n: number): Sample {
  const sample = samplers[name];
  if (!sample) throw new ArgumentError(`data.sampleDataset: unknown dataset '${String(name)}'; expected one of ${datasetNames.join(', ')}.`);
  return sample(key, n);
}

/**
 * The mode centres of a distribution with discrete modes, in the same normalised coordinates as
 * `sampleDataset(name, ...)` (default options), f32[8, 2]: the ring centres for '8gaussians', the
 * square centres for 'checkerboard'. Row k is the mode whose label y is k. Moons and spirals are
 * continuous curves without discrete modes, so they have none.
 * @example
 * const cov = await metrics.modeCoverage(samples, data.modeCenters('8gaussians'));
 */
export function modeCenters(name: '8gaussians' | 'checkerboard'): Tensor {
  if (name === '8gaussians') return eightGaussianCenters();
  if (name === 'checkerboard') return checkerboardCenters();
  throw new ArgumentError(`data.modeCenters: '${String(name)}' has no discrete modes; only '8gaussians' and 'checkerboard' do.`);
}
