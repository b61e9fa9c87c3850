/**
 * Kernel count and ms/step of the MNIST training steps (teacher, and each distillation arm) at a
 * DiT config and batch size, each step ONE jit program:
 *
 *   npx tsx examples/mnist/measure-step.ts [--batch 64] [--steps 10] [--arms facm,cm-only,meanflow,scm]
 *
 * Leave MESA_SHADER_CACHE_DISABLE unset (the first compile then warms the shader cache).
 */
import { cli, data, facm, init, kernelsOf, nn, np, random, currentBackend, webgpuStats } from '../../src/node.js';
import { ARMS, DEFAULT_DIT, optimizer, studentInit, studentLoss, teacherLoss, type Arm, type MnistData } from './pipeline.js';

const opts = cli.parseOptionsOrExit('npx tsx examples/mnist/measure-step.ts', {
  batch: cli.int({ min: 1, default: 64, help: 'batch size' }),
  steps: cli.int({ min: 1, default: 10, help: 'timed steps after two warm-up steps' }),
  arms: cli.list({ choices: ['teacher', ...ARMS], default: ['teacher', ...ARMS], help: 'which steps to time' }),
  dim: cli.int({ min: 8, default: DEFAULT_DIT.dim!, help: 'DiT width' }),
  depth: cli.int({ min: 1, default: DEFAULT_DIT.depth!, help: 'DiT blocks' }),
});
await init();
const cfg: nn.DitConfig = { ...DEFAULT_DIT, dim: opts.dim, depth: opts.depth };
const split = data.loadMnist();
const mnist: MnistData = { images: split.train.images, labels: split.train.labels };
const teacher = nn.initDit(random.key(0), cfg);
console.log(`backend ${currentBackend()}, DiT ${JSON.stringify(cfg)}, batch ${opts.batch}`);
for (const arm of opts.arms as ('teacher' | Arm)[]) {
  const opt = optimizer(1e-4, 1000);
  const [loss, p0, ctx] = arm === 'teacher'
    ? [teacherLoss(opts.batch, cfg), teacher, mnist] as const
    : [studentLoss(arm, opts.batch, cfg), studentInit(arm, teacher, cfg), { teacher, data: mnist }] as const;
  const step = facm.makeTrainStep<nn.DitParams, unknown>(loss as never, opt, 0.999, `mnist_${arm}`);
  let state = facm.initTrainState(p0, opt, np.zeros([]));
  const t0 = performance.now();
  const kernels = currentBackend() === 'webgpu' ? kernelsOf(step, state, ctx as never, random.key(1)).length : NaN;
  const compileMs = performance.now() - t0;
  let m: Record<string, import('../../src/node.js').Tensor> = {};
  for (let i = 0; i < 2; i++) { [state, m] = step(state, ctx as never, random.key(i)); await m.loss.data(); }
  const s0 = webgpuStats();
  const t1 = performance.now();
  for (let i = 0; i < opts.steps; i++) { [state, m] = step(state, ctx as never, random.key(10 + i)); await m.loss.data(); }
  const ms = (performance.now() - t1) / opts.steps;
  const submits = (webgpuStats().submits - s0.submits) / opts.steps;
  console.log(`${arm.padEnd(9)} ${kernels} kernels, ${submits} submits/step, ${ms.toFixed(0)} ms/step (compile ${(compileMs / 1000).toFixed(1)} s), loss ${(await m.loss.data())[0].toFixed(4)}`);
}
