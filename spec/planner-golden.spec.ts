/**
 * The fusion planner's decisions, pinned: the kernel lists (name — kind and sizes —, FLOPs and
 * bytes moved) of the programs the benches and the MNIST study run — the FACM bench step, the MLP
 * training step, a matmul with a fused epilogue, the conv layer forward + backward, attention under
 * grad, a tiny DiT teacher step — are compared with spec/golden/kernel-lists.json. A refactor of
 * the planner (src/compiler/plan.ts and its passes) must leave them identical; a change that means
 * to fuse differently regenerates the file with `FLUXION_UPDATE_GOLDEN=1 npx vitest run
 * spec/planner-golden.spec.ts` and says why in its commit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { Tensor, data, facm, grad, jit, kernelsOf, lax, nn, np, optim, random, useBackend, valueAndGrad } from '../src/node.js';
import { describeWebGPU } from './helpers/webgpu.js';
import { FACM } from '../bench/facm-common.js';
import { studentLoss, teacherLoss, studentInit, type MnistData } from '../examples/mnist/pipeline.js';

const GOLDEN = 'spec/golden/kernel-lists.json';
type KernelList = string[];

/** One line per kernel: its name (kind and sizes), FLOPs and bytes. */
const listOf = (f: (...a: never[]) => unknown, ...args: unknown[]): KernelList =>
  kernelsOf(f as (...a: unknown[]) => unknown, ...args).map((k) => `${k.name} flops=${k.flops} bytes=${k.bytes}`);

function programs(): Record<string, () => KernelList> {
  const k = (i: number) => random.key(i);
  return {
    'facm bench step (timeMlp 2→256×4, batch 1024)': () => {
      const cfg = { dataDim: FACM.dataDim, hidden: FACM.hidden, depth: FACM.depth, embedDim: FACM.embedDim };
      const student = nn.initTimeMlp(k(0), cfg), teacher = nn.initTimeMlp(k(1), cfg);
      const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-4, { weightDecay: 0 }));
      const loss = (p: typeof student, t0: typeof teacher, key: Tensor): [Tensor, Record<string, Tensor>] => {
        const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(key, i));
        const x = data.sampleDataset('8gaussians', kx, FACM.batch).x, eps = random.normal(ke, [FACM.batch, 2]), t = facm.sampleTime(kt, FACM.batch);
        const xt = facm.interpolate(x, eps, t);
        const v = facm.guidedVelocity((a, c) => nn.timeMlp(t0, a, c), xt, t);
        return [facm.facmLoss((a, c) => nn.timeMlp(p, a, c), xt, t, v).loss, {}];
      };
      const step = facm.makeTrainStep(loss, opt, 0.999, 'golden_facm_step');
      return listOf(step, facm.initTrainState(student, opt, np.zeros([])), teacher, k(2));
    },
    'mlp train step (2→256→256→2, tanh, batch 256, SGD)': () => {
      const p = { w1: random.normal(k(0), [2, 256]), w2: random.normal(k(1), [256, 256]), w3: random.normal(k(2), [256, 2]) };
      const x = random.normal(k(3), [256, 2]), y = random.normal(k(4), [256, 2]);
      const step = jit((q: typeof p, xx: Tensor, yy: Tensor) => {
        const g = grad((r: typeof p) => np.tanh(np.tanh(xx.matmul(r.w1)).matmul(r.w2)).matmul(r.w3).sub(yy).square().mean())(q);
        return { w1: q.w1.sub(g.w1.mul(0.01)), w2: q.w2.sub(g.w2.mul(0.01)), w3: q.w3.sub(g.w3.mul(0.01)) };
      });
      return listOf(step, p, x, y);
    },
    'dense + bias + SiLU (1024×256 · 256×256)': () =>
      listOf(jit((x: Tensor, w: Tensor, b: Tensor) => nn.silu(x.matmul(w).add(b))), random.normal(k(0), [1024, 256]), random.normal(k(1), [256, 256]), random.normal(k(2), [256])),
    'conv layer forward + backward (NHWC 64×28×28×32 → 64, 3×3)': () => {
      const x = random.normal(k(0), [64, 28, 28, 32]), w = random.normal(k(1), [3, 3, 32, 64]);
      const f = (xx: Tensor, ww: Tensor) => nn.silu(lax.convGeneralDilated(xx, ww, [1, 1], 'SAME', { dimensionNumbers: ['NHWC', 'HWIO', 'NHWC'] })).sum();
      return listOf(jit(valueAndGrad(f, { argnums: [0, 1] })), x, w);
    },
    'attention under grad (B 8, T 49, 4 heads of 16)': () => {
      const q = random.normal(k(0), [8, 49, 4, 16]), kk = random.normal(k(1), [8, 49, 4, 16]), v = random.normal(k(2), [8, 49, 4, 16]);
      return listOf(jit(grad((a: Tensor, b: Tensor, c: Tensor) => nn.dotProductAttention(a, b, c).square().sum(), { argnums: [0, 1, 2] })), q, kk, v);
    },
    'tiny DiT teacher and FACM steps (MNIST pipeline, batch 4)': () => {
      const cfg: nn.DitConfig = { size: 28, patch: 7, dim: 16, depth: 1, heads: 2, mlpRatio: 2, timeDim: 8, classes: 10 };
      const mnist: MnistData = { images: random.uniform(k(0), [16, 28, 28, 1], { minval: -1, maxval: 1 }), labels: np.arange(16).mod(10).astype('int32') };
      const teacher = nn.initDit(k(1), cfg), opt = optim.adamw(1e-4);
      const tStep = facm.makeTrainStep(teacherLoss(4, cfg), opt, 0.999, 'golden_dit_teacher');
      const sStep = facm.makeTrainStep(studentLoss('facm', 4, cfg), opt, 0.999, 'golden_dit_facm');
      return [
        ...listOf(tStep, facm.initTrainState(teacher, opt, np.zeros([])), mnist, k(2)),
        '--- facm ---',
        ...listOf(sStep, facm.initTrainState(studentInit('facm', teacher, cfg), opt, np.zeros([])), { teacher, data: mnist }, k(3)),
      ];
    },
  };
}

describeWebGPU('the planner against its golden kernel lists', () => {
  it('plans the benches\' and the MNIST study\'s programs into the same kernels as recorded', async () => {
    await useBackend('webgpu');
    const lists = Object.fromEntries(Object.entries(programs()).map(([name, f]) => [name, f()]));
    if (process.env.FLUXION_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      writeFileSync(GOLDEN, `${JSON.stringify(lists, null, 1)}\n`);
      if (process.env.CI) throw new Error(`${GOLDEN} was missing in CI; generate it locally and commit it.`);
    }
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, KernelList>;
    expect(Object.keys(lists)).toEqual(Object.keys(golden));
    for (const name of Object.keys(golden)) {
      expect(lists[name].length, `${name}: kernel count`).toBeGreaterThan(0);
      expect(lists[name], name).toEqual(golden[name]);
    }
  }, 600_000);
});
