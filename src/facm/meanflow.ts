/**
 * MeanFlow (Geng et al. 2025; docs/facm.md "Related objectives") from the same pieces as FACM: a
 * network u(z, r, t) of the average velocity over [r, t], trained on the MeanFlow identity
 * u = v − (t − r)·du/dt, with du/dt from one forward-mode jvp.
 *
 * MeanFlow's time runs the other way from FACM's: t = 0 is data and t = 1 is noise,
 * z_t = (1 − t)·x + t·ε, v = ε − x, and sampling runs from t = 1 down to 0 with
 * z_r = z_t − (t − r)·u(z_t, r, t). meanFlowFromNet reads a FACM-convention network this way.
 */
import * as np from '../numpy/index.js';
import { stopGradient } from '../numpy/math.js';
import * as random from '../random/index.js';
import { jvp } from '../transforms/jvp.js';
import type { DType } from '../core/dtype.js';
import type { Tensor } from '../core/tensor.js';
import { type Net, meanPerSample } from './losses.js';
import { interpolate, perSample, velocity } from './path.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';

/**
 * u(z, r, t): z [B, ...], times r ≤ t [B] in MeanFlow's convention; the average velocity
 * (z_t − z_r)/(t − r) along the flow, which is the instantaneous velocity where r = t.
 */
export type MeanFlowNet = (z: Tensor, r: Tensor, t: Tensor) => Tensor;

/**
 * z_t = (1 − t)·x + t·ε and v = ε − x: FACM's straight path with its ends swapped.
 * @example const { z, v } = meanFlowPath(x, eps, t);
 */
export const meanFlowPath = (x: Tensor, eps: Tensor, t: Tensor): { z: Tensor; v: Tensor } =>
  ({ z: interpolate(eps, x, t), v: velocity(eps, x) });

export interface MeanFlowTimeOptions {
  /** Fraction of the batch with r = t, where the loss is plain flow matching (default 0.75). */
  equalFraction?: number;
  /** Logit-normal location: each draw is sigmoid(N(mean, std²)) (default −0.4). */
  mean?: number;
  /** Logit-normal scale (default 1). */
  std?: number;
  dtype?: DType;
}

/**
 * (r, t) pairs as MeanFlow trains on them: two independent logit-normal draws, t the larger and
 * r the smaller, then r = t on the first round(equalFraction·n) samples. The draws are i.i.d., so
 * which positions get r = t does not matter, and a fixed count gives the exact fraction in every
 * batch.
 * @example const { r, t } = sampleMeanFlowTimes(random.key(0), 256); // r ≤ t, 192 with r = t
 */
export function sampleMeanFlowTimes(key: Tensor, n: number, opts: MeanFlowTimeOptions = {}): { r: Tensor; t: Tensor } {
  const { equalFraction = 0.75, mean = -0.4, std = 1, dtype = 'float32' } =
    validate.options<MeanFlowTimeOptions>('facm.sampleMeanFlowTimes', opts, ['equalFraction', 'mean', 'std', 'dtype'], '{ equalFraction: 0.75 }');
  if (!(equalFraction >= 0 && equalFraction <= 1)) {
    throw new ArgumentError(`facm.sampleMeanFlowTimes: equalFraction must be a fraction in [0, 1] (the share of samples with r = t), got ${equalFraction}.`);
  }
  const [a, b] = [0, 1].map((i) => np.sigmoid(random.normal(random.foldIn(key, i), [n], { dtype }).mul(std).add(mean)));
  const t = np.maximum(a, b);
  const equal = np.less(np.arange(n), Math.round(equalFraction * n));
  return { r: np.where(equal, t, np.minimum(a, b)), t };
}

export interface MeanFlowParts {
  /** u(z, r, t): the primal of the jvp, the only path gradients take. */
  u: Tensor;
  /** du/dt along the flow: the jvp tangent for tangents (v, 0, 1) over (z, r, t) (stop-gradient). */
  dudt: Tensor;
  /** The constant target sg(v − (t − r)·du/dt). */
  target: Tensor;
}

/**
 * The MeanFlow target: (u, du/dt) = jvp(u, (z, r, t), (v, 0, 1)) with the parameters closed over,
 * target = sg(v − (t − r)·du/dt). For the exact average velocity u − target = 0.
 * @example const { u, target } = meanFlowTarget(net, z, r, t, v);
 */
export function meanFlowTarget(u: MeanFlowNet, z: Tensor, r: Tensor, t: Tensor, v: Tensor): MeanFlowParts {
  const [out, dudt] = jvp(u, [z, r, t], [v, np.zerosLike(r), np.onesLike(t)]) as [Tensor, Tensor];
  const target = stopGradient(v.sub(perSample(t.sub(r), z).mul(dudt)));
  return { u: out, dudt: stopGradient(dudt), target };
}

export interface MeanFlowLossOptions {
  /** Power of the adaptive weight 1/(e + c)^p (default 1; 0 is plain MSE). */
  p?: number;
  /** Offset of the adaptive weight (default 1e-3). */
  c?: number;
}

/**
 * The MeanFlow loss: e = mean over non-batch dims of (u − target)², each sample weighted by
 * sg(1/(e + c)^p), batch mean. With p = 1 the gradient is that of log(e + c): large residuals
 * do not dominate the batch.
 * `mse` is the unweighted mean of e, for logging.
 * @example const { z, v } = meanFlowPath(x, eps, t); const { loss } = meanFlowLoss(net, z, r, t, v);
 */
export function meanFlowLoss(
  u: MeanFlowNet, z: Tensor, r: Tensor, t: Tensor, v: Tensor, opts: MeanFlowLossOptions = {},
): { loss: Tensor; perSample: Tensor; mse: Tensor } {
  const { p = 1, c = 1e-3 } = opts;
  const parts = meanFlowTarget(u, z, r, t, v);
  const e = meanPerSample(np.square(parts.u.sub(parts.target)));
  const weight = stopGradient(np.divide(1, np.power(e.add(c), p)));
  const per = weight.mul(e);
  return { loss: np.mean(per), perSample: per, mse: np.mean(e) };
}

/**
 * MeanFlow sampling from noise at t = 1 to data at t = 0 on `steps` equal intervals:
 * z_r = z_t − (t − r)·u(z_t, r, t); one step is z₀ = ε − u(ε, 0, 1). One network call per step.
 * @example const x = meanFlowSample(net, random.normal(random.key(0), [1000, 2]), 1);
 */
export function meanFlowSample(u: MeanFlowNet, eps: Tensor, steps = 1): Tensor {
  const at = (time: number) => np.full([eps.shape[0]], time, eps.dtype);
  let z = eps;
  for (let k = 0; k < steps; k++) {
    const t = 1 - k / steps, r = 1 - (k + 1) / steps;
    z = z.sub(u(z, at(r), at(t)).mul(t - r));
  }
  return z;
}

/**
 * A FACM-convention network with the auxiliary time, F(x, c, r_aux), read as MeanFlow's u:
 * u(z, r, t) = −F(z, 1 − t, 1 − r). FACM's auxiliary variant makes F(x, c, r_aux) the average
 * velocity from time c towards r_aux on FACM's clock (r_aux = c: the instantaneous velocity, its FM
 * task; r_aux = 1: the jump to data, its CM task). MeanFlow's interval [r, t] is FACM's
 * [1 − t, 1 − r] run the other way, hence the flipped times and the sign. So MeanFlow's r = t
 * samples train FACM's FM task, and MeanFlow's one step ε − u(ε, 0, 1) = ε + F(ε, 0, 1) is FACM's
 * one-step sampler with r_aux = 1.
 * @example const u = meanFlowFromNet((x, c, r) => nn.timeMlp(p, x, c, undefined, { r })); // p from initTimeMlp({ ..., auxTime: true })
 */
export const meanFlowFromNet = (F: Net): MeanFlowNet => (z, r, t) => F(z, np.subtract(1, t), np.subtract(1, r)).neg();
