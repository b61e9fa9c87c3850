/**
 * Samplers (docs/facm.md "Samplers"). All start from noise at t = 0 and call the network once per step.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import type { Tensor } from '../core/tensor.js';
import type { Net } from './losses.js';
import * as validate from '../core/validate.js';

const at = (x: Tensor, t: number) => np.full([x.shape[0]], t, x.dtype);

/** 1 step: x̂ = ε + F(ε, 0). @example const x = sampleOneStep(F, eps); */
export const sampleOneStep = (F: Net, eps: Tensor): Tensor => eps.add(F(eps, at(eps, 0)));

/**
 * N consistency steps on times linspace(0, 1, N+1): jump to the data end, x_end = x + (1 − t)·F(x, t),
 * then re-noise to the next time with fresh noise. N = 2 is docs/facm.md's 2-step sampler.
 * @example const x = sampleSteps(F, eps, 2, random.key(1));
 */
export function sampleSteps(F: Net, eps: Tensor, steps: number, key: Tensor): Tensor {
  let x = eps;
  for (let k = 0; k < steps; k++) {
    const t = k / steps;
    const xEnd = x.add(F(x, at(x, t)).mul(1 - t));
    if (k === steps - 1) return xEnd;
    const tn = (k + 1) / steps;
    const fresh = random.normal(random.foldIn(key, k), eps.shape, { dtype: eps.dtype });
    x = xEnd.mul(tn).add(fresh.mul(1 - tn));
  }
  return x;
}

/**
 * Euler on dx/dt = F(x, c(t)) from 0 to 1: the teacher (c = t) or the student's anchor branch
 * (`anchor: true`, c = 2 − t).
 * @example const x = eulerSample(teacher, eps, 100);
 */
export function eulerSample(F: Net, eps: Tensor, steps: number, opts: { anchor?: boolean } = {}): Tensor {
  const { anchor = false } = validate.options<{ anchor?: boolean }>('facm.eulerSample', opts, ['anchor'], '{ anchor: true }');
  let x = eps;
  const dt = 1 / steps;
  for (let k = 0; k < steps; k++) {
    const t = k * dt;
    x = x.add(F(x, at(x, anchor ? 2 - t : t)).mul(dt));
  }
  return x;
}

/**
 * Heun (explicit trapezoid) on dx/dt = F(x, c(t)) from 0 to 1, with eulerSample's conventions
 * (c = t for the teacher, c = 2 − t for the anchor branch): an Euler predictor to t + Δ, then the
 * average of the slopes at both ends. Global error O(Δ²) against Euler's O(Δ), for two network
 * calls per step (2·steps in all).
 * Every step is a Heun step, the last one included: EDM takes its last step with Euler because its
 * slope (x − D(x; σ))/σ is undefined at σ = 0, but a velocity is finite at the data end (t = 1 is
 * inside the teacher's training range, c = 1 inside the anchor's), so there is nothing to avoid.
 * @example const x = heunSample(teacher, eps, 20); // 40 network calls
 */
export function heunSample(F: Net, eps: Tensor, steps: number, opts: { anchor?: boolean } = {}): Tensor {
  const { anchor = false } = validate.options<{ anchor?: boolean }>('facm.heunSample', opts, ['anchor'], '{ anchor: true }');
  const slope = (x: Tensor, t: number) => F(x, at(x, anchor ? 2 - t : t));
  let x = eps;
  const dt = 1 / steps;
  for (let k = 0; k < steps; k++) {
    const d0 = slope(x, k / steps);
    const d1 = slope(x.add(d0.mul(dt)), (k + 1) / steps);
    x = x.add(d0.add(d1).mul(dt / 2));
  }
  return x;
}
