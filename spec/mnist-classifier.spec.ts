/**
 * nn.classifier (src/nn/classifier.ts): its im2col 3×3 convolution against a direct sum over
 * the 9 taps, max pooling, the network on WebGPU against the CPU oracle, and the shipped checkpoint
 * (assets/mnist/classifier.safetensors, from examples/mnist/train-classifier.ts): ≤ 1 MB and
 * ≥ 98% accuracy on the held-out digits, computed here.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, data, errors, io, jit, nn, np, random, useBackend } from '../src/node.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { accuracy, predictDigits } from '../examples/mnist/classifier-eval.js';

const host = (t: Tensor) => Float64Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const SHIPPED = 'assets/mnist/classifier.safetensors';

describe('nn.conv3x3 and nn.maxPool2', () => {
  it('conv3x3 equals the direct sum over the 9 taps with zero padding (NHWC, HWIO)', () => {
    const [B, H, W, C, O] = [2, 5, 6, 3, 4];
    const x = random.normal(random.key(0), [B, H, W, C], { dtype: 'float64' });
    const w = random.normal(random.key(1), [3, 3, C, O], { dtype: 'float64' });
    const b = random.normal(random.key(2), [O], { dtype: 'float64' });
    const got = host(nn.conv3x3({ w, b }, x)), xs = host(x), ws = host(w), bs = host(b);
    for (let n = 0; n < B; n++) for (let i = 0; i < H; i++) for (let j = 0; j < W; j++) for (let o = 0; o < O; o++) {
      let s = bs[o];
      for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) for (let c = 0; c < C; c++) {
        const [y, z] = [i + dy - 1, j + dx - 1];
        if (y >= 0 && y < H && z >= 0 && z < W) s += xs[((n * H + y) * W + z) * C + c] * ws[((dy * 3 + dx) * C + c) * O + o];
      }
      expect(got[((n * H + i) * W + j) * O + o]).toBeCloseTo(s, 12);
    }
  });

  it('maxPool2 takes the max of each 2×2 window; bad shapes are named errors', () => {
    const x = np.array([1, 5, 2, 0, 3, 4, 8, 7, 9, 1, 0, 0, 2, 2, 6, 1]).reshape([1, 4, 4, 1]);
    expect(Array.from(host(nn.maxPool2(x)))).toEqual([5, 8, 9, 6]);
    expect(() => nn.maxPool2(np.zeros([1, 3, 4, 1]))).toThrow(errors.ShapeError);
    expect(() => nn.conv3x3({ w: np.zeros([3, 3, 2, 4]), b: np.zeros([4]) }, np.zeros([1, 4, 4, 1]))).toThrow(/HWIO \[3, 3, 1, Cout\]/);
    expect(() => nn.classifier(nn.initClassifier(random.key(0)), np.zeros([1, 28, 28]))).toThrow(errors.ShapeError);
  });
});

describe('the shipped MNIST classifier', () => {
  it(`${SHIPPED} is ≤ 1 MB and classifies ≥ 98% of the held-out digits`, async () => {
    await useBackend('cpu');
    expect(statSync(SHIPPED).size).toBeLessThanOrEqual(1024 * 1024);
    const p = await io.loadSafetensors<nn.ClassifierParams>(SHIPPED);
    const { heldOut } = data.loadMnist();
    const acc = accuracy(await predictDigits(p, heldOut.images), host(heldOut.labels));
    console.log(`[mnist] shipped classifier: held-out accuracy ${(100 * acc.overall).toFixed(2)}% over ${heldOut.labels.shape[0]} digits`);
    expect(acc.overall).toBeGreaterThanOrEqual(0.98);
    expect(Math.min(...acc.perClass)).toBeGreaterThan(0.9);
  }, 600_000);
});

describeWebGPU('nn.classifier on WebGPU', () => {
  it('conv3x3, maxPool2, classifierFeatures and classifier match the CPU oracle', async () => {
    const inputs = () => ({ p: nn.initClassifier(random.key(3)), x: random.uniform(random.key(4), [8, 28, 28, 1], { minval: -1, maxval: 1 }) });
    const fns: [string, (p: nn.ClassifierParams, x: Tensor) => Tensor][] = [
      ['conv3x3', (p, x) => nn.conv3x3(p.conv1, x)], ['maxPool2', (_p, x) => nn.maxPool2(x)],
      ['classifierFeatures', nn.classifierFeatures], ['classifier', nn.classifier],
    ];
    for (const [name, f] of fns) {
      await useBackend('cpu');
      const a = inputs();
      const want = host(f(a.p, a.x));
      await useBackend('webgpu');
      const b = inputs();
      const got = await jit(f)(b.p, b.x).data();
      let num = 0, den = 0;
      want.forEach((v, i) => { num = Math.max(num, Math.abs(got[i] - v)); den = Math.max(den, Math.abs(v)); });
      expect(num / den, name).toBeLessThan(1e-5);
    }
  });
});
