/**
 * One training stage of the MNIST study (the teacher, or one distillation arm): a progress bar with
 * steps/s and the ETA, each step ONE jit program, an atomic checkpoint every 100 steps so that the
 * same command resumes after an interruption. Shared by demo.ts and train-teacher.ts, so the
 * shipped teacher and a teacher trained inside the demo are made by the same code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { Tensor, currentBackend, facm, kernelsOf, nn, np, optim } from '../../src/node.js';
import { optimizer } from './pipeline.js';

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
