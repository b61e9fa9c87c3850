/**
 * The pieces of the MNIST FACM study (issue 14), shared by its scripts and specs: the DiT config,
 * a training batch drawn inside the jitted step, the class-conditional flow-matching teacher loss
 * with label dropout, the distillation losses of every arm (FACM, CM-only, MeanFlow, sCM) with
 * classifier-free guidance baked into the teacher velocity, and the samplers.
 *
 * Everything here is a pure function of (params, context, key), so facm.makeTrainStep turns each
 * loss into ONE jit program: batch gather, guided teacher velocity (two teacher calls), the
 * student's jvp through attention, grad, clipping, AdamW and EMA.
 */
import { Tensor, facm, nn, np, optim, random, treeMap } from '../../src/node.js';

/** The default DiT: 49 tokens (patch 4), width 64, 3 blocks of 4 heads, MLP ×2; ~0.2 M parameters. */
export const DEFAULT_DIT: nn.DitConfig = { size: 28, channels: 1, patch: 4, dim: 64, depth: 3, heads: 4, mlpRatio: 2, timeDim: 64, classes: 10 };

/** The null class of classifier-free guidance: the label table's last row. */
export const NULL_CLASS = 10;
/** Guidance scale baked into the teacher velocity (docs/facm.md), and the time below which none is applied. */
export const GUIDANCE = 1.75;
/** The teacher's label dropout: this fraction of each batch gets the null class. */
export const LABEL_DROPOUT = 0.1;

export const ARMS = ['facm', 'cm-only', 'meanflow', 'scm'] as const;
export type Arm = typeof ARMS[number];

/** Training images and labels, passed to the step as an argument (not baked into the program). */
export interface MnistData { images: Tensor; labels: Tensor }
/** A student step's context: the frozen teacher and the data. */
export interface StudentContext { teacher: nn.DitParams; data: MnistData }

const keysOf = (key: Tensor, n: number) => Array.from({ length: n }, (_, i) => random.foldIn(key, i));

/** A batch of B training digits drawn with replacement (a gather inside the program), with noise and labels. */
export function drawBatch(data: MnistData, key: Tensor, B: number) {
  const [ki, ke] = keysOf(key, 2);
  const idx = random.randint(ki, [B], 0, data.images.shape[0]);
  return { x: np.take(data.images, idx, 0), y: np.take(data.labels, idx, 0), eps: random.normal(ke, [B, ...data.images.shape.slice(1)]) };
}

/** F(x, c) of a DiT at fixed labels (and auxiliary time when the params carry one, r = 1: the CM task). */
export const ditNet = (p: nn.DitParams, y: Tensor, cfg: nn.DitConfig = DEFAULT_DIT): facm.Net =>
  (x, c, r) => nn.dit(p, x, c, y, cfg, p.auxTime ? (r ?? np.onesLike(c)) : undefined);

/** The teacher velocity with guidance baked in: v_u + w·(v_c − v_u), plain v_c below t = 0.125 (facm.guidedVelocity). */
export function teacherVelocity(teacher: nn.DitParams, xt: Tensor, t: Tensor, y: Tensor, cfg: nn.DitConfig = DEFAULT_DIT, scale = GUIDANCE): Tensor {
  const call = (x: Tensor, c: Tensor, labels?: Tensor) => nn.dit(teacher, x, c, labels!, cfg);
  return facm.guidedVelocity(call, xt, t, { y, nullLabel: np.full([y.shape[0]], NULL_CLASS, 'int32'), scale });
}

/**
 * Stage 1: class-conditional flow matching, label dropout LABEL_DROPOUT to the null class, t ~ U(0, 1),
 * half of the batch at c = 2 − t (facm.teacherLoss).
 * @example const step = facm.makeTrainStep(teacherLoss(64), opt, optim.emaWarmup(0.999));
 */
export function teacherLoss(B: number, cfg: nn.DitConfig = DEFAULT_DIT) {
  return (p: nn.DitParams, data: MnistData, key: Tensor): [Tensor, Record<string, Tensor>] => {
    const [kb, kt, kd] = keysOf(key, 3);
    const { x, y, eps } = drawBatch(data, kb, B);
    const t = facm.sampleTime(kt, B, 'uniform');
    const labels = np.where(np.less(random.uniform(kd, [B]), LABEL_DROPOUT), NULL_CLASS, y).astype('int32');
    return [facm.teacherLoss(ditNet(p, labels, cfg), facm.interpolate(x, eps, t), t, facm.velocity(x, eps)).loss, {}];
  };
}

/**
 * Stage 2 for one arm, from the frozen teacher with guidance baked in:
 * - 'facm': facm.facmLoss (CM term + flow anchor at c = 2 − t);
 * - 'cm-only': facm.cmOnlyLoss (no anchor);
 * - 'meanflow': facm.meanFlowLoss on a DiT with the auxiliary time, read through facm.meanFlowFromNet;
 *   its target velocity is the guided teacher's at FACM time 1 − t, negated (MeanFlow's clock runs the other way);
 * - 'scm': facm.scmLoss without the tangent warm-up (ramp 1: the student starts as a trained teacher).
 */
export function studentLoss(arm: Arm, B: number, cfg: nn.DitConfig = DEFAULT_DIT) {
  return (p: nn.DitParams, ctx: StudentContext, key: Tensor): [Tensor, Record<string, Tensor>] => {
    const [kb, kt] = keysOf(key, 2);
    const { x, y, eps } = drawBatch(ctx.data, kb, B);
    if (arm === 'meanflow') {
      const { r, t } = facm.sampleMeanFlowTimes(kt, B);
      const { z } = facm.meanFlowPath(x, eps, t);
      const v = teacherVelocity(ctx.teacher, z, np.subtract(1, t), y, cfg).neg();
      const out = facm.meanFlowLoss(facm.meanFlowFromNet(ditNet(p, y, cfg)), z, r, t, v);
      return [out.loss, { mse: out.mse }];
    }
    const t = facm.sampleTime(kt, B, 'default');
    const xt = facm.interpolate(x, eps, t);
    const v = teacherVelocity(ctx.teacher, xt, t, y, cfg);
    const F = ditNet(p, y, cfg);
    if (arm === 'scm') return [facm.scmLoss(F, xt, t, v, 1, 1).loss, {}];
    const out = arm === 'facm' ? facm.facmLoss(F, xt, t, v) : facm.cmOnlyLoss(F, xt, t, v);
    return [out.loss, arm === 'facm' ? { cm: out.cm, fm: out.fm } : {}];
  };
}

/** The student an arm starts from: a copy of the teacher's EMA weights (with a zero auxiliary time for MeanFlow). */
export const studentInit = (arm: Arm, teacher: nn.DitParams, cfg: nn.DitConfig = DEFAULT_DIT): nn.DitParams =>
  (arm === 'meanflow' ? nn.ditWithAuxTime(teacher, cfg) : treeMap((x: Tensor) => x.add(0), teacher) as nn.DitParams);

/** AdamW (no weight decay) after global-norm clipping at 1, linear warm-up then cosine decay. */
export const optimizer = (lr: number, steps: number) =>
  optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.warmupCosine(lr, Math.max(1, Math.ceil(steps / 50)), steps + 1, { end: lr / 50 }), { weightDecay: 0 }));

/**
 * Samples of an arm at `nfe` network calls (the teacher: Euler with guidance, two calls per step; students: 1 per step).
 * @example const x = sampleArm('facm', p, eps, y, 1, key);
 */
export function sampleArm(arm: Arm | 'teacher', p: nn.DitParams, eps: Tensor, y: Tensor, steps: number, key: Tensor, cfg: nn.DitConfig = DEFAULT_DIT): Tensor {
  if (arm === 'teacher') return facm.eulerSample((x, c) => teacherVelocity(p, x, c, y, cfg), eps, steps);
  if (arm === 'meanflow') return facm.meanFlowSample(facm.meanFlowFromNet(ditNet(p, y, cfg)), eps, steps);
  return facm.sampleSteps(ditNet(p, y, cfg), eps, steps, key);
}
