/**
 * The objectives of docs/facm.md as small pure functions of a network `F(x, c[, r])`, the batch and
 * the teacher velocity. Each returns per-sample terms and their batch mean, so callers can log
 * the pieces; gradients flow only where docs/facm.md says (through F_cm and F_fm).
 */
import * as np from '../numpy/index.js';
import { stopGradient } from '../numpy/math.js';
import { jvp } from '../transforms/jvp.js';
import type { Tensor } from '../core/tensor.js';
import { perSample } from './path.js';
import * as validate from '../core/validate.js';

/**
 * The network: x [B, ...], time condition c [B] in [0, 2], optional auxiliary time r [B]
 * (the "auxiliary time condition" variant). Parameters and labels are closed over.
 */
export type Net = (x: Tensor, c: Tensor, r?: Tensor) => Tensor;

/** Mean over every axis but the batch axis: [B, ...] → [B]. */
export const meanPerSample = (x: Tensor): Tensor => (x.ndim <= 1 ? x : np.mean(x.reshape([x.shape[0], -1]), { axis: 1 }));

/**
 * Cosine similarity per sample over the non-batch dims, ‖a‖‖b‖ floored at 1e-8 (as torch's cosine_similarity).
 * The floor is taken under the root, √max(‖a‖²‖b‖², 1e-16) — the same value — so an all-zero
 * prediction (a zero-initialised output layer, adaLN-Zero) has a finite gradient: √ of a zero
 * norm would differentiate to ∞·0 = NaN.
 */
export function cosinePerSample(a: Tensor, b: Tensor): Tensor {
  const [fa, fb] = [a, b].map((x) => x.reshape([x.shape[0], -1]));
  const dot = np.sum(fa.mul(fb), { axis: 1 });
  const squares = np.sum(fa.mul(fa), { axis: 1 }).mul(np.sum(fb.mul(fb), { axis: 1 }));
  return dot.div(np.sqrt(np.maximum(squares, 1e-16)));
}

/** MSE + (1 − cos) per sample: the flow-matching loss of the teacher and of FACM's anchor. */
export const flowMatchingPerSample = (pred: Tensor, v: Tensor): Tensor =>
  meanPerSample(np.square(pred.sub(v))).add(np.subtract(1, cosinePerSample(pred, v)));

/**
 * Teacher pre-training (stage 1): half the batch at c = t, half at c = 2 − t, target v.
 * @example const loss = teacherLoss(F, xt, t, v).loss;
 */
export function teacherLoss(F: Net, xt: Tensor, t: Tensor, v: Tensor): { loss: Tensor; perSample: Tensor } {
  const B = t.shape[0];
  const firstHalf = np.less(np.arange(B), Math.ceil(B / 2));
  const c = np.where(firstHalf, t, np.subtract(2, t));
  const per = flowMatchingPerSample(F(xt, c), v);
  return { loss: np.mean(per), perSample: per };
}

export interface ConsistencyParts {
  /** F(x_t, t): the primal of the jvp, the only path gradients take through the CM term. */
  Fcm: Tensor;
  /** dF/dt along the flow (stop-gradient). */
  Fdot: Tensor;
  /** g = clip(F⁻ − v̄, −1, 1) with v̄ = v + (1 − t)·Ḟ (unclipped in `residual`). */
  g: Tensor;
  residual: Tensor;
  /** The constant target F⁻ − α·g, α = 1 − √t. */
  target: Tensor;
}

/**
 * The relaxed consistency target (docs/facm.md step 4): (F_cm, Ḟ) = jvp(F, (x_t, t), (v, 1)) with the
 * parameters closed over; Ḟ and F⁻ = F_cm are stop-gradients.
 * `r` is the auxiliary time (r = 1 for the CM task in that variant).
 * @example const { g } = consistencyTarget(F, xt, t, v); // g ≈ 0 for the exact flow map
 */
export function consistencyTarget(F: Net, xt: Tensor, t: Tensor, v: Tensor, r?: Tensor): ConsistencyParts {
  const [Fcm, FdotRaw] = jvp((x: Tensor, c: Tensor) => F(x, c, r), [xt, t], [v, np.onesLike(t)]) as [Tensor, Tensor];
  const Fdot = stopGradient(FdotRaw), Fminus = stopGradient(Fcm);
  const tb = perSample(t, xt);
  const vbar = v.add(np.subtract(1, tb).mul(Fdot));
  const residual = Fminus.sub(vbar);
  const g = np.clip(residual, -1, 1);
  const alpha = np.subtract(1, np.sqrt(tb));
  return { Fcm, Fdot, g, residual, target: Fminus.sub(alpha.mul(g)) };
}

/** L_CM per sample: cos(πt/2)·e / sg(√(e + 1e−3)), e = mean over non-batch dims of (F_cm − target)². */
export function consistencyPerSample(parts: ConsistencyParts, t: Tensor): Tensor {
  const e = meanPerSample(np.square(parts.Fcm.sub(parts.target)));
  return np.cos(t.mul(Math.PI / 2)).mul(e).div(stopGradient(np.sqrt(e.add(1e-3))));
}

export interface FacmOptions {
  /** 'expanded' (default): FM at c = 2 − t. 'auxiliary': FM at (c, r) = (t, t), CM at (t, 1). */
  variant?: 'expanded' | 'auxiliary';
  /** false: the consistency-only ablation (no flow anchor). */
  anchor?: boolean;
}

/**
 * The FACM distillation loss: mean_B(L_CM) + mean_B(L_FM) on every sample, equal weights.
 * @example const { loss } = facmLoss(F, xt, t, v);
 */
export function facmLoss(F: Net, xt: Tensor, t: Tensor, v: Tensor, opts: FacmOptions = {}): { loss: Tensor; cm: Tensor; fm: Tensor } {
  validate.options('facm.facmLoss', opts, ['variant', 'anchor'], "{ variant: 'auxiliary' }");
  if (opts.variant !== undefined) validate.oneOf('facm.facmLoss', 'variant', opts.variant, ['expanded', 'auxiliary']);
  const aux = opts.variant === 'auxiliary';
  const parts = consistencyTarget(F, xt, t, v, aux ? np.onesLike(t) : undefined);
  const cm = np.mean(consistencyPerSample(parts, t));
  if (opts.anchor === false) return { loss: cm, cm, fm: np.zerosLike(cm) };
  const Ffm = aux ? F(xt, t, t) : F(xt, np.subtract(2, t));
  const fm = np.mean(flowMatchingPerSample(Ffm, v));
  return { loss: cm.add(fm), cm, fm };
}

/** Consistency-only ablation: FACM without the flow anchor. */
export const cmOnlyLoss = (F: Net, xt: Tensor, t: Tensor, v: Tensor) => facmLoss(F, xt, t, v, { anchor: false });

/**
 * sCM-style loss on the linear path (docs/facm.md "Related objectives"): v̄ = v + (1 − t)·Ḟ·min(1, step/warmup),
 * g = cos(πt/2)(F⁻ − v̄), g ← g/(RMS(g) + 0.1) per sample, target F⁻ − g, plain MSE.
 * @example const { loss } = scmLoss(F, xt, t, v, step, 1000);
 */
export function scmLoss(F: Net, xt: Tensor, t: Tensor, v: Tensor, step: Tensor | number, warmup: number): { loss: Tensor } {
  const [Fcm, FdotRaw] = jvp((x: Tensor, c: Tensor) => F(x, c), [xt, t], [v, np.onesLike(t)]) as [Tensor, Tensor];
  const tb = perSample(t, xt);
  const ramp = np.minimum(np.divide(step, warmup), 1);
  const vbar = v.add(np.subtract(1, tb).mul(stopGradient(FdotRaw)).mul(ramp));
  let g = np.cos(tb.mul(Math.PI / 2)).mul(stopGradient(Fcm).sub(vbar));
  const rms = np.sqrt(meanPerSample(np.square(g)));
  g = g.div(perSample(rms, g).add(0.1));
  const target = stopGradient(Fcm.sub(g));
  return { loss: np.mean(meanPerSample(np.square(Fcm.sub(target)))) };
}

/**
 * The teacher's velocity with classifier-free guidance baked in (docs/facm.md step 2):
 * v = v_u + w·(v_c − v_u), and v = v_c where t < 0.125. For unconditional data pass no labels.
 * @example const v = guidedVelocity(teacher, xt, t); // unconditional
 */
export function guidedVelocity(
  teacher: (x: Tensor, c: Tensor, y?: Tensor) => Tensor, xt: Tensor, t: Tensor,
  labels?: { y: Tensor; nullLabel: Tensor; scale?: number },
): Tensor {
  if (!labels) return stopGradient(teacher(xt, t));
  const vc = teacher(xt, t, labels.y), vu = teacher(xt, t, labels.nullLabel);
  const guided = vu.add(vc.sub(vu).mul(labels.scale ?? 1.75));
  return stopGradient(np.where(np.less(perSample(t, xt), 0.125), vc, guided));
}
