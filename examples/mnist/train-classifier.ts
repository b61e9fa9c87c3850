/**
 * Trains the MNIST judge (nn.classifier: two 3×3 convs + pooling, 64 penultimate features) on the
 * 8 004 training digits of data.loadMnist and ships it, written atomically, with its held-out
 * accuracy in the file's metadata:
 *
 *   npx tsx examples/mnist/train-classifier.ts                  → assets/mnist/classifier.safetensors
 *   npx tsx examples/mnist/train-classifier.ts --epochs 8 --out out/clf.safetensors
 *   npx tsx examples/mnist/train-classifier.ts --from assets/mnist/classifier.safetensors --seed 1 --lr 1e-3   (fine-tune)
 *
 * Adam (lr 2e-3, warm-up then cosine decay), batch 128 drawn with replacement inside the jitted step,
 * random shifts of up to ±2 pixels as augmentation; the EMA of the weights is what ships.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Tensor, cli, currentBackend, data, facm, init, io, nn, np, optim, random } from '../../src/node.js';
import { accuracy, predictDigits } from './classifier-eval.js';

const opts = cli.parseOptionsOrExit('npx tsx examples/mnist/train-classifier.ts', {
  epochs: cli.int({ min: 1, default: 6, help: 'passes over the training digits (in expectation: batches are drawn with replacement)' }),
  batch: cli.int({ min: 1, default: 128, help: 'batch size' }),
  lr: cli.number({ min: 0, default: 2e-3, help: 'peak learning rate' }),
  seed: cli.int({ min: 0, default: 0, help: 'random seed' }),
  from: cli.string({ default: '', help: 'start from this classifier checkpoint instead of a fresh init (fine-tuning)' }),
  out: cli.string({ default: 'assets/mnist/classifier.safetensors', help: 'where the classifier is written' }),
});

/** Shifts each image by its own (dy, dx) ∈ {−2..2}² (zero = background −1 fill): pad, then pick one of 25 windows by a one-hot mix. */
function randomShift(x: Tensor, key: Tensor): Tensor {
  const B = x.shape[0];
  const padded = np.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]], { constantValues: -1 });
  const which = nn.oneHot(random.randint(key, [B], 0, 25), 25); // [B, 25]
  let out = np.zerosLike(x);
  for (let k = 0; k < 25; k++) {
    const [dy, dx] = [Math.floor(k / 5), k % 5];
    const w = np.slice(which, [null, [k, k + 1]]).reshape([B, 1, 1, 1]);
    out = out.add(np.slice(padded, [null, [dy, dy + 28], [dx, dx + 28], null]).mul(w));
  }
  return out;
}

await init();
const split = data.loadMnist();
const train = { images: split.train.images, labels: split.train.labels };
const steps = Math.ceil((opts.epochs * train.images.shape[0]) / opts.batch);
const loss = (p: nn.ClassifierParams, d: typeof train, key: Tensor): [Tensor, Record<string, Tensor>] => {
  const [ki, ks] = [random.foldIn(key, 0), random.foldIn(key, 1)];
  const idx = random.randint(ki, [opts.batch], 0, d.images.shape[0]);
  const x = randomShift(np.take(d.images, idx, 0), ks);
  return [np.mean(nn.softmaxCrossEntropyWithIntegerLabels(nn.classifier(p, x), np.take(d.labels, idx, 0))), {}];
};
const opt = optim.adam(optim.warmupCosine(opts.lr, Math.ceil(steps / 20), steps + 1, { end: opts.lr / 50 }));
const step = facm.makeTrainStep(loss, opt, optim.emaWarmup(0.995), 'classifier_step');
const start = opts.from ? await io.loadSafetensors<nn.ClassifierParams>(opts.from) : nn.initClassifier(random.key(opts.seed));
let state = facm.initTrainState(start, opt, np.zeros([]));
console.log(`classifier: ${steps} steps of batch ${opts.batch} on ${currentBackend()} → ${opts.out}`);
const bar = new SingleBar({ format: '  {bar} {value}/{total}  loss {loss}  {rate} steps/s  ETA {eta_formatted}' }, Presets.shades_classic);
bar.start(steps, 0, { loss: '-', rate: '-' });
const t0 = performance.now();
const root = random.key(opts.seed + 1);
for (let i = 0; i < steps; i++) {
  let m: Record<string, Tensor>;
  [state, m] = step(state, train, random.foldIn(root, i));
  if (i % 20 === 19 || i === steps - 1) {
    const l = (await m.loss.data())[0];
    bar.update(i + 1, { loss: l.toFixed(4), rate: ((i + 1) / ((performance.now() - t0) / 1000)).toFixed(2) });
  }
}
bar.stop();
const pred = await predictDigits(state.ema, split.heldOut.images);
const acc = accuracy(pred, await split.heldOut.labels.data() as Int32Array);
console.log(`held-out accuracy ${(100 * acc.overall).toFixed(2)}% (per class ${acc.perClass.map((a) => (100 * a).toFixed(1)).join(' ')}), ${((performance.now() - t0) / 1000).toFixed(0)} s`);
await io.saveSafetensors(opts.out, state.ema, {
  kind: 'mnist-classifier', heldOutAccuracy: acc.overall.toFixed(4), command: `npx tsx examples/mnist/train-classifier.ts --epochs ${opts.epochs} --batch ${opts.batch} --lr ${opts.lr} --seed ${opts.seed}${opts.from ? ` --from ${opts.from}` : ''}`,
});
console.log(`wrote ${opts.out}`);
