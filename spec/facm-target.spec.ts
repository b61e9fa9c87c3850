/**
 * The FACM consistency target (docs/facm.md, "FACM distillation loss" step 4 and "Analytic check"),
 * written inline with np ops until src/facm exists.
 *
 * 1. On 1-D Gaussian data x ~ N(μ, s²) the exact flow map F*(x_t, t) = (x₁ − x_t)/(1 − t) is
 *    known in closed form. Its total derivative along the flow, taken with jvp with tangents
 *    (v, 1), must satisfy the consistency identity F = v + (1 − t)·dF/dt, i.e. g = F − v̄ ≈ 0.
 *    A perturbed F (1.1·F*) must violate it, so the check can fail.
 * 2. For a tiny parametric F_θ the CM loss — grad of a function containing jvp and stop-gradients
 *    — must have the gradient of the surrogate with the target and weight frozen as constants.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jvp, np, stopGradient, valueAndGrad } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';

// ---------------------------------------------------------------------------------------------
// helpers

const f64 = (data: number[] | number): Tensor =>
  typeof data === 'number' ? np.array(data, { dtype: 'float64' }) : np.array(Float64Array.from(data), { dtype: 'float64' });
const vals = (t: unknown): number[] => {
  if (!(t instanceof ConcreteArray)) throw new Error(`expected a concrete array, got ${String(t)}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
};
const num = (t: unknown): number => vals(t)[0];
const maxAbs = (t: Tensor): number => Math.max(...vals(t).map(Math.abs));

/** mulberry32 + Box–Muller: deterministic test data. */
function rng(seed: number) {
  const u = mulberry32(seed);
  return {
    uniform: (lo: number, hi: number) => lo + (hi - lo) * u(),
    normal: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()),
  };
}

// ---------------------------------------------------------------------------------------------
// the analytic Gaussian (docs/facm.md "Analytic check"): x_t = (1 − t)·ε + t·x, x ~ N(μ, s²)

const MU = 0.7, S = 1.3, N = 64;

/** σ_t² = t²s² + (1 − t)², the variance of x_t. */
const varT = (t: Tensor) => t.mul(t).mul(S * S).add(np.square(np.subtract(1, t)));

/** v(x, t) = μ + (t s² − (1 − t)) / (t² s² + (1 − t)²) · (x − t μ) */
const velocity = (x: Tensor, t: Tensor): Tensor =>
  t.mul(S * S).sub(np.subtract(1, t)).div(varT(t)).mul(x.sub(t.mul(MU))).add(MU);

/** F*(x, t) = (x₁ − x)/(1 − t), x₁ = μ + s / sqrt(σ_t²) · (x − t μ) */
const exactF = (x: Tensor, t: Tensor): Tensor => {
  const x1 = np.divide(S, np.sqrt(varT(t))).mul(x.sub(t.mul(MU))).add(MU);
  return x1.sub(x).div(np.subtract(1, t));
};

const r = rng(7);
const tArr = Array.from({ length: N }, () => r.uniform(0.05, 0.95));
const t = f64(tArr);
// x_t sampled from its true marginal N(tμ, σ_t²)
const xt = f64(tArr.map((ti) => ti * MU + Math.sqrt(ti * ti * S * S + (1 - ti) ** 2) * r.normal()));
const v = velocity(xt, t);

/** g = F − v̄ with v̄ = v + (1 − t)·Ḟ and (F, Ḟ) = jvp(F, (x_t, t), (v, 1)). */
function consistencyResidual(F: (x: Tensor, c: Tensor) => Tensor): { F: Tensor; Fdot: Tensor; g: Tensor } {
  const [Fv, Fdot] = jvp(F, [xt, t], [v, np.onesLike(t)]);
  const vbar = v.add(np.subtract(1, t).mul(Fdot));
  return { F: Fv, Fdot, g: Fv.sub(vbar) };
}

describe('FACM consistency target on the analytic Gaussian', () => {
  it('the inputs are what the test claims: float64, 64 points, t in [0.05, 0.95]', () => {
    expect(xt.dtype).toBe('float64');
    expect(v.shape).toEqual([N]);
    expect(Math.min(...tArr)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...tArr)).toBeLessThanOrEqual(0.95);
  });

  it('the closed-form endpoint maps N(tμ, σ_t²) onto the data law N(μ, s²)', () => {
    // x₁ = x_t + (1 − t)·F* is an affine map of x_t ~ N(tμ, σ_t²) with mean μ and std s.
    const ts = f64(0.4);
    const [m, sd] = [0.4 * MU, Math.sqrt(0.16 * S * S + 0.36)];
    const x = f64([m - sd, m, m + sd]);
    const x1 = vals(x.add(np.subtract(1, ts).mul(exactF(x, ts))));
    expect(x1[1]).toBeCloseTo(MU, 12);
    expect(x1[2] - x1[1]).toBeCloseTo(S, 12);
    expect(x1[1] - x1[0]).toBeCloseTo(S, 12);
  });

  it('exact F*: g = F − (v + (1 − t)·Ḟ) vanishes (|g| < 1e-8)', () => {
    const { F, Fdot, g } = consistencyResidual(exactF);
    expect(g.dtype).toBe('float64');
    expect(g.shape).toEqual([N]);
    expect(maxAbs(g)).toBeLessThan(1e-8);
    // and the identity is not vacuous: F and Ḟ are far from zero
    expect(maxAbs(F)).toBeGreaterThan(0.1);
    expect(maxAbs(Fdot)).toBeGreaterThan(0.1);
  });

  it('the jvp tangent equals a finite difference along the flow (x_t + h·v, t + h)', () => {
    const { Fdot } = consistencyResidual(exactF);
    const h = 1e-5;
    const fd = exactF(xt.add(v.mul(h)), t.add(h)).sub(exactF(xt.sub(v.mul(h)), t.sub(h))).div(2 * h);
    expect(maxAbs(Fdot.sub(fd))).toBeLessThan(1e-6);
  });

  it('a perturbed F (1.1·F*, or F* + 0.05·t) violates the identity', () => {
    expect(maxAbs(consistencyResidual((x, c) => exactF(x, c).mul(1.1)).g)).toBeGreaterThan(1e-2);
    expect(maxAbs(consistencyResidual((x, c) => exactF(x, c).add(c.mul(0.05))).g)).toBeGreaterThan(1e-2);
  });

  it('plugging F* into the full CM target gives target = F⁻ and zero loss', () => {
    const { F, g } = consistencyResidual(exactF);
    const alpha = np.subtract(1, np.sqrt(t));
    const target = F.sub(alpha.mul(np.clip(g, -1, 1)));
    expect(maxAbs(target.sub(F))).toBeLessThan(1e-8);
  });
});

// ---------------------------------------------------------------------------------------------
// The CM loss of docs/facm.md step 4 for F_θ(x, c) = a·x + b·c + d, and its gradient.

interface Theta { a: Tensor; b: Tensor; d: Tensor }
const theta0: Theta = { a: f64(-0.6), b: f64(2.5), d: f64(0.3) };
const model = (th: Theta, x: Tensor, c: Tensor): Tensor => x.mul(th.a).add(c.mul(th.b)).add(th.d);

const weightT = np.cos(t.mul(Math.PI / 2));
const alphaT = np.subtract(1, np.power(t, 0.5));

interface CMOptions { stopFdot?: boolean; stopDenominator?: boolean }

/** mean_B L_CM; the parameters are closed over by the jvp (forward mode w.r.t. inputs only). */
function cmLoss(th: Theta, { stopFdot = true, stopDenominator = true }: CMOptions = {}): Tensor {
  const [Fcm, FdotRaw] = jvp((x: Tensor, c: Tensor) => model(th, x, c), [xt, t], [v, np.onesLike(t)]);
  const Fdot = stopFdot ? stopGradient(FdotRaw) : FdotRaw;
  const Fminus = stopGradient(Fcm);
  const vbar = v.add(np.subtract(1, t).mul(Fdot));
  const g = np.clip(Fminus.sub(vbar), -1, 1);
  const target = Fminus.sub(alphaT.mul(g));
  const e = np.square(Fcm.sub(target)); // 1-D data: the mean over non-batch dims is the element
  const denom = np.sqrt(e.add(1e-3));
  return np.mean(weightT.mul(e).div(stopDenominator ? stopGradient(denom) : denom));
}

/** The same quantities computed once, outside any transformation, as plain constants. */
function frozen(th: Theta): { target: Tensor; w: Tensor; clipped: number } {
  const F = model(th, xt, t);
  const Fdot = v.mul(th.a).add(th.b); // ∂F/∂x·v + ∂F/∂c·1, by hand
  const gRaw = F.sub(v.add(np.subtract(1, t).mul(Fdot)));
  const g = np.clip(gRaw, -1, 1);
  const target = F.sub(alphaT.mul(g));
  const e = np.square(F.sub(target));
  return { target, w: np.divide(1, np.sqrt(e.add(1e-3))), clipped: vals(gRaw).filter((x) => Math.abs(x) > 1).length };
}

const surrogate = (th: Theta, target: Tensor, w: Tensor): Tensor =>
  np.mean(weightT.mul(w).mul(np.square(model(th, xt, t).sub(target))));

const keys = ['a', 'b', 'd'] as const;
const gradVals = (gr: Theta) => keys.map((k) => num(gr[k]));

describe('FACM CM loss gradient (grad of a function containing jvp and stopGradient)', () => {
  const { target, w, clipped } = frozen(theta0);

  it('the test point exercises both sides of the clip', () => {
    expect(clipped).toBeGreaterThan(0);
    expect(clipped).toBeLessThan(N);
  });

  it('loss value equals the surrogate value at θ₀', () => {
    const [val] = valueAndGrad((th: Theta) => cmLoss(th))(theta0);
    expect(num(val)).toBeGreaterThan(1e-3);
    expect(Math.abs(num(val) - num(surrogate(theta0, target, w)))).toBeLessThan(1e-12);
  });

  it('grad of the CM loss equals the gradient of the frozen-target surrogate (autodiff, FD and by hand)', () => {
    const gLoss = gradVals(grad((th: Theta) => cmLoss(th))(theta0) as Theta);
    const gSur = gradVals(grad((th: Theta) => surrogate(th, target, w))(theta0) as Theta);
    // central differences of the surrogate, target and w held fixed
    const h = 1e-6;
    const gFd = keys.map((k) => {
      const at = (dx: number) => num(surrogate({ ...theta0, [k]: theta0[k].add(dx) }, target, w));
      return (at(h) - at(-h)) / (2 * h);
    });
    // by hand: ∂/∂θ mean(c·w·(F − T)²) = mean(2·c·w·(F − T)·∂F/∂θ), ∂F/∂(a, b, d) = (x, t, 1)
    const res = weightT.mul(w).mul(model(theta0, xt, t).sub(target)).mul(2);
    const gHand = [np.mean(res.mul(xt)), np.mean(res.mul(t)), np.mean(res)].map(num);
    expect(Math.max(...gLoss.map(Math.abs))).toBeGreaterThan(1e-2);
    gLoss.forEach((x, i) => {
      expect(Math.abs(x - gSur[i])).toBeLessThan(1e-12);
      expect(Math.abs(x - gHand[i])).toBeLessThan(1e-12);
      expect(Math.abs(x - gFd[i])).toBeLessThan(1e-7);
    });
  });

  it('the stop-gradients matter: removing either changes the gradient', () => {
    const gLoss = gradVals(grad((th: Theta) => cmLoss(th))(theta0) as Theta);
    const noStopFdot = gradVals(grad((th: Theta) => cmLoss(th, { stopFdot: false }))(theta0) as Theta);
    const noStopDen = gradVals(grad((th: Theta) => cmLoss(th, { stopDenominator: false }))(theta0) as Theta);
    const diff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
    expect(diff(gLoss, noStopFdot)).toBeGreaterThan(1e-4);
    expect(diff(gLoss, noStopDen)).toBeGreaterThan(1e-4);
  });

  it('at the exact F*, the CM loss and its parameter gradient vanish', () => {
    // F_θ = F* + θ·(x-shaped perturbation): at θ = 0 the target equals F, so e ≈ 0.
    const lossAt = (eps: Tensor) => {
      const [Fcm, FdotRaw] = jvp((x: Tensor, c: Tensor) => exactF(x, c).add(x.mul(eps)), [xt, t], [v, np.onesLike(t)]);
      const Fminus = stopGradient(Fcm);
      const g = np.clip(Fminus.sub(v.add(np.subtract(1, t).mul(stopGradient(FdotRaw)))), -1, 1);
      const e = np.square(Fcm.sub(Fminus.sub(alphaT.mul(g))));
      return np.mean(weightT.mul(e).div(stopGradient(np.sqrt(e.add(1e-3)))));
    };
    const [l0, g0] = valueAndGrad(lossAt)(f64(0));
    expect(num(l0)).toBeLessThan(1e-14);
    expect(Math.abs(num(g0))).toBeLessThan(1e-7);
    const [l1] = valueAndGrad(lossAt)(f64(0.2));
    expect(num(l1)).toBeGreaterThan(1e-4);
  });
});
