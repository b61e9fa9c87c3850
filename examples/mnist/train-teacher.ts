/**
 * Trains the class-conditional flow-matching DiT teacher of the MNIST study and ships its EMA
 * parameters as assets/mnist/teacher.safetensors, so that `npm run demo:mnist` distils from a
 * pretrained teacher, as the paper distils a pretrained LightningDiT:
 *
 *   npx tsx examples/mnist/train-teacher.ts            # the shipped teacher (12 000 steps, batch 32; ~45 min here)
 *
 * The run is the demo's own teacher stage (stage.ts, the same keys from --seed), checkpointed in
 * --work every 100 steps: the same command resumes after an interruption and reproduces the file.
 * The file's metadata records the DiT config and the training flags; demo.ts refuses a teacher
 * whose DiT differs from the one it builds.
 */
import { cli, data, errors, init, io } from '../../src/node.js';
import { DEFAULT_DIT, type MnistData } from './pipeline.js';
import { SHIPPED_TEACHER, saveTeacher, trainTeacher, type TeacherRun } from './stage.js';

const opts = cli.parseOptionsOrExit('npx tsx examples/mnist/train-teacher.ts', {
  steps: cli.int({ min: 1, default: 12000, help: 'teacher steps' }),
  batch: cli.int({ min: 2, default: 32, help: 'batch size' }),
  lr: cli.number({ min: 0, default: 1e-3, help: 'peak learning rate (warm-up then cosine)' }),
  seed: cli.int({ min: 0, default: 0, help: 'root random seed (the demo derives its keys from it the same way)' }),
  work: cli.string({ default: 'out/mnist-teacher', help: 'folder of the resumable training checkpoint' }),
  to: cli.string({ default: SHIPPED_TEACHER, help: 'where the EMA parameters are written' }),
});

async function main() {
  await init();
  const split = data.loadMnist();
  const mnist: MnistData = { images: split.train.images, labels: split.train.labels };
  const run: TeacherRun = { out: opts.work, dit: DEFAULT_DIT, batch: opts.batch, lr: opts.lr, steps: opts.steps, seed: opts.seed };
  await io.ensureWritableDir(opts.work);
  const { ema, seconds } = await trainTeacher(mnist, run);
  await saveTeacher(opts.to, ema, run);
  console.log(`wrote ${opts.to} (EMA parameters) after ${seconds.toFixed(0)} s of training in this run`);
}

await main().catch((e: unknown) => {
  if (!(e instanceof errors.FluxionError)) throw e;
  console.error(`\ntrain-teacher: ${e.message}`);
  process.exitCode = 1;
});
