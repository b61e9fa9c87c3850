/**
 * The MNIST FACM study (issue 14), end to end: a class-conditional flow-matching DiT teacher, then
 * FACM and the comparison arms (CM-only, MeanFlow, sCM) distilled from it with guidance baked in,
 * each training step ONE jit program; then samples at NFE 1/2 (students) and Euler 1/2/50 (teacher,
 * guided: two network calls per Euler step), scored by the shipped classifier
 * (assets/mnist/classifier.safetensors): accuracy per class of the generated digits, and the
 * Fréchet distance on its 64 penultimate features against held-out half A, with half B scored the
 * same way as the noise floor. 10×10 grids (one row per class) as PNG.
 *
 *   npm run demo:mnist                      the default budget
 *   npm run demo:mnist -- --quick           a smoke run (tiny DiT, a few steps)
 *   npm run demo:mnist -- --teacher-steps 4000 --student-steps 1500 --out out/mnist-long
 *
 * Every stage checkpoints atomically (facm.trainLoop); run the same command again after an
 * interruption and it continues from the last checkpoint. Progress bars show steps/s and the ETA.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tensor, cli, currentBackend, data, errors, init, io, jit, metrics, nn, np, random } from '../../src/node.js';
import { ARMS, DEFAULT_DIT, sampleArm, studentInit, studentLoss, teacherVelocity, type Arm, type MnistData } from './pipeline.js';
import { accuracy, predictDigits } from './classifier-eval.js';
import { SHIPPED_TEACHER, loadTeacher, stage, studyKeys, trainTeacher } from './stage.js';

const options = {
  quick: cli.flag({ help: 'a smoke run: tiny DiT, a few steps, few samples' }),
  out: cli.string({ default: (o) => (o.quick ? 'out/mnist-quick' : 'out/mnist'), defaultHelp: 'out/mnist; out/mnist-quick with --quick', help: 'output folder' }),
  trainTeacher: cli.flag({ help: `train the teacher here instead of loading the shipped ${SHIPPED_TEACHER} (always with --quick)` }),
  teacherSteps: cli.int({ min: 1, default: (o) => (o.quick ? 4 : 12000), defaultHelp: '12000 (as the shipped teacher); 4 with --quick', help: 'teacher steps when the teacher is trained here' }),
  studentSteps: cli.int({ min: 1, default: (o) => (o.quick ? 3 : 500), defaultHelp: '500; 3 with --quick', help: 'distillation steps per arm' }),
  batch: cli.int({ min: 2, default: (o) => (o.quick ? 8 : 32), defaultHelp: '32; 8 with --quick', help: 'batch size (teacher and students)' }),
  arms: cli.list({ choices: ARMS, default: [...ARMS], help: 'distillation arms' }),
  lr: cli.number({ min: 0, default: 1e-3, help: 'teacher peak learning rate' }),
  studentLr: cli.number({ min: 0, default: 1e-4, help: "student peak learning rate (docs/facm.md's 1e-4)" }),
  perClass: cli.int({ min: 1, default: (o) => (o.quick ? 2 : 50), defaultHelp: '50; 2 with --quick', help: 'generated digits per class for the metrics' }),
  seed: cli.int({ min: 0, default: 0, help: 'root random seed' }),
};
const cfg = cli.parseOptionsOrExit('npm run demo:mnist --', options);
const dit: nn.DitConfig = cfg.quick ? { ...DEFAULT_DIT, dim: 16, depth: 1, heads: 2, timeDim: 16 } : DEFAULT_DIT;

/** A grid image of digits f32[N, 28, 28, 1] in [−1, 1], `cols` per row, each pixel 2×2. */
async function digitGrid(x: Tensor, cols: number): Promise<io.Image> {
  const px = await data.mnistToUnit(x).data(), n = x.shape[0], rows = Math.ceil(n / cols), s = 2, cell = 28 * s + 2;
  const img = io.createImage(cols * cell, rows * cell, 'white');
  for (let k = 0; k < n; k++) for (let i = 0; i < 28 * s; i++) for (let j = 0; j < 28 * s; j++) {
    const v = Math.round(255 * (1 - px[k * 784 + Math.floor(i / s) * 28 + Math.floor(j / s)]));
    io.setPixel(img, (k % cols) * cell + 1 + j, Math.floor(k / cols) * cell + 1 + i, [v, v, v, 255]);
  }
  return img;
}

async function main() {
  await init();
  const t0 = performance.now();
  console.log(`MNIST FACM study → ${cfg.out} (backend ${currentBackend()}), DiT ${JSON.stringify(dit)}, config ${JSON.stringify(cfg)}`);
  await io.ensureWritableDir(cfg.out);
  const clfPath = 'assets/mnist/classifier.safetensors';
  if (!existsSync(clfPath)) throw new errors.FileError(`demo:mnist: the classifier ${clfPath} is missing; train it with npx tsx examples/mnist/train-classifier.ts.`);
  const classifier = await io.loadSafetensors<nn.ClassifierParams>(clfPath);
  const split = data.loadMnist();
  const mnist: MnistData = { images: split.train.images, labels: split.train.labels };
  const { students: kStudents, evaluation: kEval } = studyKeys(cfg.seed);

  const seconds: Record<string, number> = {};
  let teacher: nn.DitParams;
  if (cfg.quick || cfg.trainTeacher) {
    const run = await trainTeacher(mnist, { out: cfg.out, dit, batch: cfg.batch, lr: cfg.lr, steps: cfg.teacherSteps, seed: cfg.seed });
    teacher = run.ema;
    seconds.teacher = run.seconds;
  } else {
    teacher = await loadTeacher(SHIPPED_TEACHER, dit, 'demo:mnist');
    console.log(`teacher: the shipped ${SHIPPED_TEACHER} (made by npx tsx examples/mnist/train-teacher.ts; --train-teacher trains one here)`);
  }
  const students = new Map<Arm, nn.DitParams>();
  for (const [i, arm] of (cfg.arms as Arm[]).entries()) {
    const r = await stage(arm, studentLoss(arm, cfg.batch, dit), studentInit(arm, teacher, dit), { teacher, data: mnist }, random.foldIn(kStudents, i),
      { out: cfg.out, lr: cfg.studentLr, steps: cfg.studentSteps, config: { batch: cfg.batch, dit, teacherSteps: cfg.teacherSteps, seed: cfg.seed } });
    students.set(arm, r.ema);
    seconds[arm] = r.seconds;
  }

  // Evaluation: perClass digits of every class from the same noise for every arm.
  const evalStart = performance.now();
  const n = 10 * cfg.perClass;
  const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(i / cfg.perClass)); // class c for rows c·perClass ..
  const y = np.array(labels);
  const eps = random.normal(random.foldIn(kEval, 0), [n, 28, 28, 1]);
  const features = jit((x: Tensor) => nn.classifierFeatures(classifier, x));
  const featuresOf = async (x: Tensor) => {
    const parts: Tensor[] = [];
    for (let i = 0; i < x.shape[0]; i += 250) parts.push(features(np.slice(x, [[i, Math.min(x.shape[0], i + 250)]])));
    return np.concatenate(parts, 0);
  };
  const heldA = await featuresOf(split.heldA.images);
  const floor = await metrics.frechetDistance(await featuresOf(split.heldB.images), heldA);
  const arms: [string, Arm | 'teacher', number][] = [
    ['teacher Euler 1', 'teacher', 1], ['teacher Euler 2', 'teacher', 2], ['teacher Euler 50', 'teacher', 50],
    ...[...students.keys()].flatMap((a) => [[`${a} 1 step`, a, 1], [`${a} 2 steps`, a, 2]] as [string, Arm, number][]),
  ];
  const eulerStep = jit((q: nn.DitParams, z: Tensor, yy: Tensor, t: Tensor, dt: Tensor) => z.add(teacherVelocity(q, z, t, yy, dit).mul(dt)), { name: 'euler_step' });
  const rows: { arm: string; nfe: number; accuracy: number; perClass: number[]; frechet: number }[] = [];
  for (const [name, arm, steps] of arms) {
    const p = arm === 'teacher' ? teacher : students.get(arm)!;
    let x: Tensor;
    if (arm === 'teacher') {
      // Guided Euler as one jitted step called `steps` times (t an argument): one small program
      // compiled once, instead of 2·steps DiT calls unrolled into one program.
      let z = eps;
      for (let k = 0; k < steps; k++) z = eulerStep(teacher, z, y, np.full([n], k / steps), np.array(1 / steps));
      x = np.clip(z, -1, 1);
    } else {
      const sample = jit((q: nn.DitParams, e: Tensor, yy: Tensor, k: Tensor) => sampleArm(arm, q, e, yy, steps, k, dit), { name: `sample_${arm}_${steps}` });
      x = np.clip(sample(p, eps, y, random.foldIn(kEval, 1)), -1, 1);
    }
    const acc = accuracy(await predictDigits(classifier, x), labels);
    const fd = await metrics.frechetDistance(await featuresOf(x), heldA);
    rows.push({ arm: name, nfe: arm === 'teacher' ? 2 * steps : steps, accuracy: acc.overall, perClass: acc.perClass, frechet: fd });
    // A 10×10 grid: the first 10 samples of each class, one row per class.
    const pick = np.array(Int32Array.from({ length: 100 }, (_, i) => Math.floor(i / 10) * cfg.perClass + (i % 10)));
    const grid = await digitGrid(cfg.perClass >= 10 ? np.take(x, pick, 0) : x, cfg.perClass >= 10 ? 10 : cfg.perClass);
    await io.writePngAtomic(join(cfg.out, `samples-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`), io.encodePngImage(grid));
    console.log(`  ${name.padEnd(18)} NFE ${String(rows.at(-1)!.nfe).padStart(3)}  accuracy ${(100 * acc.overall).toFixed(1)}%  Fréchet ${fd.toFixed(3)}`);
  }
  seconds.evaluation = (performance.now() - evalStart) / 1000;
  const lines = ['| arm | NFE | class accuracy ↑ | Fréchet (classifier features) ↓ | per-class accuracy 0..9 |', '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.arm} | ${r.nfe} | ${(100 * r.accuracy).toFixed(1)}% | ${r.frechet.toFixed(3)} | ${r.perClass.map((a) => (100 * a).toFixed(0)).join(' ')} |`)];
  const total = (performance.now() - t0) / 1000;
  const md = `# MNIST FACM study\n\nbackend ${currentBackend()}, ${total.toFixed(0)} s (${Object.entries(seconds).map(([k, v]) => `${k} ${v.toFixed(0)} s`).join(', ')}), ` +
    `DiT \`${JSON.stringify(dit)}\`, config \`${JSON.stringify(cfg)}\`\n\n${lines.join('\n')}\n\nFréchet noise floor (held-out half B against half A): ${floor.toFixed(3)}. ` +
    `Teacher NFE counts both guided calls per Euler step.\n`;
  await io.writeFileAtomic(join(cfg.out, 'results.md'), new TextEncoder().encode(md));
  await io.writeFileAtomic(join(cfg.out, 'metrics.json'), new TextEncoder().encode(JSON.stringify({ config: cfg, dit, seconds, floor, rows }, null, 2)));
  console.log(`\n${lines.join('\n')}\n\nFréchet floor ${floor.toFixed(3)}; wrote ${cfg.out}/results.md, metrics.json, samples-*.png in ${total.toFixed(0)} s`);
}

await main().catch((e: unknown) => {
  if (!(e instanceof errors.FluxionError)) throw e;
  console.error(`\ndemo:mnist: ${e.message}`);
  process.exitCode = 1;
});
