/**
 * The checkerboard: 8 filled unit squares of a 4×4 board. Sharp edges and disconnected support
 * are what one-step samplers find hardest, so it complements the smooth ring.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import { Moments, Sample, checkCount, splitKeys, standardise } from './sample.js';

const SQUARES = 8;

/**
 * Exact moments: every column and every row of the board holds two filled squares, so each
 * coordinate is uniform on [−2, 2): mean 0, variance 4²/12 = 4/3.
 */
export const checkerboardMoments = (): Moments => ({ mean: [0, 0], std: [Math.sqrt(4 / 3), Math.sqrt(4 / 3)] });

/**
 * Square s (0..7) sits in row r = ⌊s/2⌋ and column c = 2·(s mod 2) + (r mod 2) of the board
 * [−2, 2)², i.e. the squares with (r + c) even; lower-left corner (c − 2, r − 2).
 */
function squareCorners(s: Tensor): Tensor {
  const r = np.floorDivide(s, 2);
  const c = np.mod(s, 2).mul(2).add(np.mod(r, 2));
  return np.stack([c, r], 1).astype('float32').sub(2);
}

/**
 * n points uniform on the 8 filled squares, normalised to zero mean and unit variance per
 * dimension; y is the square index (see `checkerboardCenters` for where square k lies).
 * @example
 * const { x, y } = data.checkerboard(random.key(0), 1000);   // x in ±√3 = ±2/√(4/3)
 */
export function checkerboard(key: Tensor, n: number): Sample {
  checkCount('checkerboard', n);
  const [kSquare, kOffset] = splitKeys(key, 2);
  const y = random.randint(kSquare, [n], 0, SQUARES);
  const x = squareCorners(y).add(random.uniform(kOffset, [n, 2]));
  return { x: standardise(x, checkerboardMoments()), y };
}

/**
 * The centres of the 8 filled squares in normalised coordinates, f32[8, 2], row k for square k.
 * @example const c = checkerboardCenters();
 */
export function checkerboardCenters(): Tensor {
  const s = checkerboardMoments().std[0];
  const rows = Array.from({ length: SQUARES }, (_, k) => {
    const r = Math.floor(k / 2), c = 2 * (k % 2) + (r % 2);
    return [(c - 1.5) / s, (r - 1.5) / s];
  });
  return np.array(rows);
}
