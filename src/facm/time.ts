/**
 * Time samplers (docs/facm.md, "FACM distillation loss" step 1). Both put most mass near the data end
 * (median ≈ 0.73), where the consistency target is hardest.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';

export type TimeSampler = 'default' | 'log' | 'uniform';
const MEAN = -0.8, STD = 1.6;

/**
 * `default`: n ~ N(−0.8, 1.6²), t = 1 − (2/π)·arctan(exp(n)); `log`: t = 1 − sigmoid(n);
 * `uniform`: t ~ U(0, 1) (the teacher's flow-matching pre-training).
 * @example const t = sampleTime(random.key(0), 256, 'default');
 */
export function sampleTime(key: Tensor, n: number, kind: TimeSampler = 'default'): Tensor {
  if (kind === 'uniform') return random.uniform(key, [n]);
  const z = random.normal(key, [n]).mul(STD).add(MEAN);
  if (kind === 'log') return np.subtract(1, np.sigmoid(z));
  return np.subtract(1, np.arctan(np.exp(z)).mul(2 / Math.PI));
}
