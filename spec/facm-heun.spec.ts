/**
 * heunSample on the exact velocity of 1-D Gaussian data (docs/facm.md "Analytic check"): it reaches the
 * exact endpoint x₁ = μ + s·ε with second-order convergence, beats Euler at equal steps and at
 * equal network calls, and the anchor branch is the same ODE read at c = 2 − t.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, facm, np, Tensor } from '../src/index.js';

const vals = (t: Tensor): number[] => Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const MU = 0.7, S = 1.3;
/** v(x, t) = μ + (t s² − (1 − t)) / (t² s² + (1 − t)²) · (x − t μ), for t = c ∈ [0, 1]. */
const velocity: facm.Net = (x, c) => {
  const t = c.reshape([-1, 1]), u = np.subtract(1, t);
  return t.mul(S * S).sub(u).div(t.mul(t).mul(S * S).add(u.mul(u))).mul(x.sub(t.mul(MU))).add(MU);
};
/** The same field for the anchor branch, which the network reads at c = 2 − t ∈ [1, 2]. */
const anchored: facm.Net = (x, c) => velocity(x, np.subtract(2, c));
const eps = np.array(Float64Array.from([-2, -1.5, -0.3, 0.2, 1.1, 2.4]), { dtype: 'float64', shape: [6, 1] });
const exact = vals(eps).map((e) => MU + S * e);
const maxErr = (x: Tensor) => Math.max(...vals(x).map((v, i) => Math.abs(v - exact[i])));

describe('heunSample on the exact Gaussian velocity', () => {
  // From N = 32 on the error is in its asymptotic regime (below that, errors of opposite sign
  // across the samples blur the max-error ratio).
  const Ns = [32, 64, 128];
  const heun = Ns.map((n) => maxErr(facm.heunSample(velocity, eps, n)));

  it('converges to the exact endpoint at second order: the error falls ≈ 4× per doubling of N', () => {
    expect(heun[2]).toBeLessThan(1e-4);
    for (let i = 0; i < 2; i++) {
      const ratio = heun[i] / heun[i + 1];
      expect(ratio, `N = ${Ns[i]} → ${Ns[i + 1]}`).toBeGreaterThan(3.5);
      expect(ratio, `N = ${Ns[i]} → ${Ns[i + 1]}`).toBeLessThan(4.5);
    }
  });

  it('beats Euler at the same number of steps and at the same number of network calls', () => {
    for (const n of [2, 4, 8, ...Ns]) {
      const h = maxErr(facm.heunSample(velocity, eps, n));
      expect(h, `N = ${n}`).toBeLessThan(maxErr(facm.eulerSample(velocity, eps, n)) / 4);
      expect(h, `N = ${n}`).toBeLessThan(maxErr(facm.eulerSample(velocity, eps, 2 * n)));
    }
  });

  it('the anchor branch (c = 2 − t) integrates the same ODE', () => {
    const a = vals(facm.heunSample(anchored, eps, 16, { anchor: true }));
    vals(facm.heunSample(velocity, eps, 16)).forEach((v, i) => expect(a[i]).toBeCloseTo(v, 13));
  });
});
