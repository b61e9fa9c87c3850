/** Held-out accuracy (overall and per class) of the MNIST classifier, in batches (shared by the scripts and the spec). */
import { Tensor, jit, nn, np } from '../../src/node.js';

const predict = jit((p: nn.ClassifierParams, x: Tensor) => np.argmax(nn.classifier(p, x), -1));

/** Predicted digits of `images` f32[N, 28, 28, 1], `batch` at a time. */
export async function predictDigits(params: nn.ClassifierParams, images: Tensor, batch = 500): Promise<Int32Array> {
  const n = images.shape[0], out = new Int32Array(n);
  for (let i = 0; i < n; i += batch) {
    const x = np.slice(images, [[i, Math.min(n, i + batch)]]);
    out.set(Int32Array.from(await predict(params, x).data() as ArrayLike<number>), i);
  }
  return out;
}

/** Accuracy overall and per class of predictions against labels (class c: the fraction of c's digits predicted c). */
export function accuracy(pred: ArrayLike<number>, labels: ArrayLike<number>): { overall: number; perClass: number[] } {
  const hit = new Array(10).fill(0), count = new Array(10).fill(0);
  for (let i = 0; i < labels.length; i++) { count[labels[i]]++; if (pred[i] === labels[i]) hit[labels[i]]++; }
  return { overall: hit.reduce((a, b) => a + b, 0) / labels.length, perClass: hit.map((h, c) => (count[c] ? h / count[c] : NaN)) };
}
