/**
 * Samplers (docs/facm.md "Samplers"). All start from noise at t = 0 and call the network once per step.
 * The multi-step ones are one lax.scan over their time grid (issue 12): under jit a 100-step Euler
 * sampler is one program with one loop (on WebGPU one device loop, one submit), not 100 unrolled
 * copies of the network. The times are computed on the host exactly as the unrolled loops did
 * (k/steps in float64, then rounded to the array dtype), so the values are those of the loops.
 */
import * as np from '../numpy/index.js';
import * as random from '../random/index.js';
import { scan } from '../primitives/lax-control-flow.js';
import type { Tensor } from '../core/tensor.js';
import type { Net } from './losses.js';
import * as validate from '../core/validate.js';

const at = (x: Tensor, t: number) => np.full([x.shape[0]], t, x.dtype);
/** A scalar time from the scan's xs as a [batch] array, as `at` makes it. */
const atT = (x: Tensor, t: Tensor) => np.broadcastTo(t, [x.shape[0]]);
/** The times f(k) for k = 0..n-1, computed in float64 and stored in `dtype` (what `at` does per step). */
const grid = (n: number, dtype: Tensor['dtype'], f: (k: number) => number): Tensor =>
  np.array(Float64Array.from({ length: n }, (_, k) => f(k)), { dtype, shape: [n] });

/** 1 step: x̂ = ε + F(ε, 0). @example const x = sampleOneStep(F, eps); */
export const sampleOneStep = (F: Net, eps: Tensor): Tensor => eps.add(F(eps, at(eps, 0)));

/**
 * N consistency steps on times linspace(0, 1, N+1): jump to the data end, x_end = x + (1 − t)·F(x, t),
 * then re-noise to the next time with fresh noise. N = 2 is docs/facm.md's 2-step sampler.
 * @example const x = sampleSteps(F, eps, 2, random.key(1));
 */
export function sampleSteps(F: Net, eps: Tensor, steps: number, key: Tensor): Tensor {
  validate.integer('facm.sampleSteps', 'steps', steps, { min: 0 });
  if (steps === 0) return eps;
  // Steps 0..N-2 jump and re-noise (a scan over their times and keys); the last one only jumps.
  const n = steps - 1;
  let x = eps;
  if (n > 0) {
    const keys = np.stack(Array.from({ length: n }, (_, k) => random.foldIn(key, k)));
    const times = [(k: number) => k / steps, (k: number) => 1 - k / steps, (k: number) => (k + 1) / steps, (k: number) => 1 - (k + 1) / steps]
      .map((f) => grid(n, eps.dtype, f));
    [x] = scan((x: Tensor, [t, oneMinusT, tn, oneMinusTn, k]: Tensor[]) => {
      const xEnd = x.add(F(x, atT(x, t)).mul(oneMinusT));
      const fresh = random.normal(k, eps.shape, { dtype: eps.dtype });
      return [xEnd.mul(tn).add(fresh.mul(oneMinusTn)), null] as const;
    }, eps, [...times, keys]);
  }
  const t = n / steps;
  return x.add(F(x, at(x, t)).mul(1 - t));
}

/**
 * Euler on dx/dt = F(x, c(t)) from 0 to 1: the teacher (c = t) or the student's anchor branch
 * (`anchor: true`, c = 2 − t).
 * @example const x = eulerSample(teacher, eps, 100);
 */
export function eulerSample(F: Net, eps: Tensor, steps: number, opts: { anchor?: boolean } = {}): Tensor {
  const { anchor = false } = validate.options<{ anchor?: boolean }>('facm.eulerSample', opts, ['anchor'], '{ anchor: true }');
  const dt = 1 / steps;
  const cs = grid(steps, eps.dtype, (k) => (anchor ? 2 - k * dt : k * dt));
  return scan((x: Tensor, c: Tensor) => [x.add(F(x, atT(x, c)).mul(dt)), null] as const, eps, cs)[0];
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
  const dt = 1 / steps;
  const c = (t: number) => (anchor ? 2 - t : t);
  const c0 = grid(steps, eps.dtype, (k) => c(k / steps)), c1 = grid(steps, eps.dtype, (k) => c((k + 1) / steps));
  return scan((x: Tensor, [a, b]: Tensor[]) => {
    const d0 = F(x, atT(x, a));
    const d1 = F(x.add(d0.mul(dt)), atT(x, b));
    return [x.add(d0.add(d1).mul(dt / 2)), null] as const;
  }, eps, [c0, c1])[0];
}
