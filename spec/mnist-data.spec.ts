/**
 * MNIST data (src/data/mnist.ts): the documented split's counts, its stratification, the pixel
 * range [−1, 1] and layout, labels, and determinism (two loads agree bit for bit; the raw pixel
 * of a digit maps to x·2 − 1 at the place the docs say).
 */
import { describe, it, expect } from 'vitest';
import { ConcreteArray, Tensor, errors } from '../src/index.js';
import { data } from '../src/node.js';

const host = (t: Tensor) => (t as ConcreteArray).dataSync();

describe('data.loadMnist', () => {
  const split = data.loadMnist();
  const raw = data.mnistRaw();

  it('splits the 10 000 digits 8 004 / 1 996, held-out halves 999 / 997, disjoint and complete', () => {
    expect(raw.reduce((s, r) => s + r.length / 784, 0)).toBe(10_000);
    expect(split.train.images.shape).toEqual([8004, 28, 28, 1]);
    expect(split.heldOut.images.shape).toEqual([1996, 28, 28, 1]);
    expect(split.heldA.labels.shape).toEqual([999]);
    expect(split.heldB.labels.shape).toEqual([997]);
  });

  it('is stratified: every class is ~20% held out, and each half holds every class', () => {
    const count = (l: Tensor) => { const c = new Array(10).fill(0); for (const v of host(l)) c[v]++; return c; };
    const tr = count(split.train.labels), ho = count(split.heldOut.labels), a = count(split.heldA.labels), b = count(split.heldB.labels);
    for (let d = 0; d < 10; d++) {
      const n = raw[d].length / 784;
      expect(tr[d] + ho[d]).toBe(n);
      expect(ho[d]).toBe(Math.floor(n / 5));
      expect(a[d] + b[d]).toBe(ho[d]);
      expect(Math.abs(a[d] - b[d])).toBeLessThanOrEqual(1);
    }
    expect(split.train.labels.dtype).toBe('int32');
  });

  it('scales pixels to [−1, 1] (x·2 − 1) in NHWC order, at the documented positions', () => {
    const x = host(split.train.images);
    let mn = Infinity, mx = -Infinity;
    for (const v of x) { if (v < mn) mn = v; if (v > mx) mx = v; }
    expect(mn).toBe(-1);
    expect(mx).toBe(1);
    // Train digit 0 is class 0's digit 0; train digit 4 is class 0's digit 5 (digit 4 is held out).
    for (const [n, i] of [[0, 0], [4, 5]]) {
      for (const p of [200, 350, 406, 500]) expect(x[n * 784 + p]).toBeCloseTo(raw[0][i * 784 + p] * 2 - 1, 6);
    }
    // heldA starts with class 0's digit 4, heldB with its digit 9.
    expect(host(split.heldA.images).slice(0, 784)).toEqual(Float32Array.from(raw[0].slice(4 * 784, 5 * 784), (v) => v * 2 - 1));
    expect(host(split.heldB.images).slice(0, 784)).toEqual(Float32Array.from(raw[0].slice(9 * 784, 10 * 784), (v) => v * 2 - 1));
  });

  it('is deterministic: a second split of the same digits is identical', () => {
    const again = data.mnistSplit(raw);
    // Compared element by element in a loop (a deep equal of 6 M floats is slow).
    const same = (a: Tensor, b: Tensor) => { const x = host(a), y = host(b); return x.length === y.length && x.every((v, i) => v === y[i]); };
    expect(same(again.train.images, split.train.images)).toBe(true);
    expect(same(again.heldB.images, split.heldB.images)).toBe(true);
    expect(same(again.heldB.labels, split.heldB.labels)).toBe(true);
  });

  it('refuses malformed input with named errors', () => {
    expect(() => data.mnistSplit([[0]])).toThrow(errors.ArgumentError);
    expect(() => data.mnistSplit(Array.from({ length: 10 }, () => [0, 1]))).toThrow(errors.ShapeError);
    expect(() => data.mnistSplit(Array.from({ length: 10 }, () => new Array(784).fill(2)))).toThrow(/\[0, 1\]/);
  });
});
