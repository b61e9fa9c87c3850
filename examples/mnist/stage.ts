/**
 * One training stage of the MNIST study (the teacher, or one distillation arm): a progress bar with
 * steps/s and the ETA, each step ONE jit program, an atomic checkpoint every 100 steps so that the
 * same command resumes after an interruption. Shared by demo.ts and train-teacher.ts, so the
 * shipped teacher and a teacher trained inside the demo are made by the same code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Tensor, currentBackend, errors, facm, io, kernelsOf, nn, np, optim, random } from '../../src/node.js';
import { optimizer, teacherLoss, type MnistData } from './pipeline.js';

/** The teacher that train-teacher.ts ships and demo.ts distils from. */
export const SHIPPED_TEACHER = 'assets/mnist/teacher.safetensors';

/** A cli-progress bar fed by facm.trainLoop's onLog: loss, steps/s since this run started, ETA. */
export function progress(label: string, total: number) {
  const bar = new SingleBar({ format: `  ${label.padEnd(9)} {bar} {value}/{total}  loss {loss}  {rate} steps/s  ETA {eta_formatted}`, noTTYOutput: true, notTTYSchedule: 10_000 }, Presets.shades_classic);
  const t0 = performance.now();
  let first = -1;
  return {
    onLog: (step: number, m: Record<string, number>) => {
      if (first < 0) { first = step; bar.start(total, step, { loss: '-', rate: '-' }); }
      bar.update(step, { loss: m.loss.toFixed(4), rate: ((step - first + 1) / ((performance.now() - t0) / 1000)).toFixed(2) });
      if (step >= total) bar.stop();
    },
  };
}

export interface StageOptions {
  /** Folder of the stage's checkpoint `<label>.safetensors`. */
  out: string;
  lr: number;
  steps: number;
  /** Written into the checkpoint; a resumed run must match it (facm.trainLoop checks). */
  config: Record<string, unknown>;
  /** Checkpoint every this many steps (default 100). */
  checkpointEvery?: number;
  /** For specs: stop as if killed after this many steps of this run (facm.trainLoop's stopAfter). */
  stopAfter?: number;
  /** Print the kernel count and the progress bar (default true). */
  verbose?: boolean;
}

/**
 * Trains `loss` from `p0` for `steps` steps (resuming from `<out>/<label>.safetensors` when it is
 * there) and returns the EMA parameters and the seconds this run took.
 * @example const { ema } = await stage('teacher', teacherLoss(32), nn.initDit(k0), mnist, k1, { out: 'out/t', lr: 1e-3, steps: 2000, config: {} });
 */
export async function stage<C>(label: string, loss: (p: nn.DitParams, c: C, k: Tensor) => [Tensor, Record<string, Tensor>], p0: nn.DitParams, context: C,
  key: Tensor, o: StageOptions) {
  const opt = optimizer(o.lr, o.steps);
  const step = facm.makeTrainStep(loss, opt, optim.emaWarmup(0.999), `mnist_${label.replace(/\W/g, '_')}`);
  const state = facm.initTrainState(p0, opt, np.zeros([]));
  const ckpt = join(o.out, `${label}.safetensors`);
  const verbose = o.verbose ?? true;
  if (verbose) {
    const kernels = currentBackend() === 'webgpu' ? `${kernelsOf(step, state, context, key).length} kernels` : 'CPU';
    console.log(`${label}: one jit program per step (${kernels})${existsSync(ckpt) ? ', resuming from its checkpoint' : ''}`);
  }
  const t0 = performance.now();
  const run = await facm.trainLoop({
    step, state, context, key, steps: o.steps, checkpoint: ckpt, checkpointEvery: o.checkpointEvery ?? 100, logEvery: Math.min(10, o.steps),
    ...(verbose ? progress(label, o.steps) : {}), stopAfter: o.stopAfter,
    config: { label, lr: o.lr, steps: o.steps, ...o.config },
  });
  return { ema: run.state.ema, resumedFrom: run.resumedFrom, seconds: (performance.now() - t0) / 1000 };
}

/** The study's keys, all folded from one seed: DiT init, the teacher's steps, the students' steps, evaluation. */
export function studyKeys(seed: number) {
  const root = random.key(seed);
  const [init, teacher, students, evaluation] = [0, 1, 2, 3].map((i) => random.foldIn(root, i));
  return { init, teacher, students, evaluation };
}

export interface TeacherRun { out: string; dit: nn.DitConfig; batch: number; lr: number; steps: number; seed: number }

/**
 * The teacher stage: flow matching from a fresh DiT with the study's keys. demo.ts --train-teacher
 * and train-teacher.ts both call this, so the shipped teacher is the demo's own teacher.
 * @example const { ema } = await trainTeacher(mnist, { out: 'out/t', dit: DEFAULT_DIT, batch: 32, lr: 1e-3, steps: 12000, seed: 0 });
 */
export function trainTeacher(mnist: MnistData, r: TeacherRun) {
  const keys = studyKeys(r.seed);
  return stage('teacher', teacherLoss(r.batch, r.dit), nn.initDit(keys.init, r.dit), mnist, keys.teacher, {
    out: r.out, lr: r.lr, steps: r.steps, config: { batch: r.batch, dit: r.dit, teacherSteps: r.steps, seed: r.seed },
  });
}

/** Metadata keys of a teacher file: the DiT config it holds, and the flags that trained it. */
const DIT_KEY = 'mnist.dit', RUN_KEY = 'mnist.teacher';

/**
 * Writes a teacher's EMA parameters with the DiT config and training flags in the metadata.
 * @example await saveTeacher(SHIPPED_TEACHER, ema, run);
 */
export async function saveTeacher(path: string, ema: nn.DitParams, r: TeacherRun): Promise<void> {
  await io.saveSafetensors(path, ema, { [DIT_KEY]: JSON.stringify(r.dit), [RUN_KEY]: JSON.stringify({ steps: r.steps, batch: r.batch, lr: r.lr, seed: r.seed }) });
}

/**
 * A teacher file's parameters; refuses a missing file or one holding another DiT than `dit`, naming the command that makes it.
 * @example const teacher = await loadTeacher(SHIPPED_TEACHER, DEFAULT_DIT, 'demo:mnist');
 */
export async function loadTeacher(path: string, dit: nn.DitConfig, op: string): Promise<nn.DitParams> {
  const remake = 'make it with npx tsx examples/mnist/train-teacher.ts, or pass --train-teacher';
  if (!existsSync(path)) throw new errors.FileError(`${op}: the teacher ${path} is missing; ${remake}.`);
  const { metadata } = await io.loadSafetensorsWithMetadata(path);
  if (metadata[DIT_KEY] !== JSON.stringify(dit)) {
    throw new errors.FileError(`${op}: ${path} holds a DiT ${metadata[DIT_KEY] ?? '(no config recorded)'}, but ${JSON.stringify(dit)} is wanted; ${remake}.`);
  }
  return io.loadSafetensors<nn.DitParams>(path);
}
