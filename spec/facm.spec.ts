/**
 * src/facm against docs/facm.md: the analytic Gaussian (g ≈ 0 for the exact flow map), every loss
 * against a direct float64 evaluation of the formulas in plain JS, the stop-gradients (the
 * gradient equals that of the surrogate with the target and weight frozen), and the samplers.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, facm, grad, np, random, Tensor } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';

const vals = (t: Tensor): number[] => Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const f64 = (data: number[], shape: number[]) => np.array(Float64Array.from(data), { dtype: 'float64', shape });
function gen(seed: number) {
  const u = mulberry32(seed);
  return { u: (lo = 0, hi = 1) => lo + (hi - lo) * u(), n: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}

describe('the analytic Gaussian (docs/facm.md "Analytic check")', () => {
  const MU = 0.7, S = 1.3, N = 64;
  const r = gen(3);
  const tArr = Array.from({ length: N }, () => r.u(0.05, 0.95));
  const xtArr = tArr.map((t) => t * MU + Math.sqrt(t * t * S * S + (1 - t) ** 2) * r.n());
  const t = f64(tArr, [N]), xt = f64(xtArr, [N, 1]);
  const col = (c: Tensor) => c.reshape([N, 1]);
  const varT = (c: Tensor) => c.mul(c).mul(S * S).add(np.square(np.subtract(1, c)));
  const vel = (x: Tensor, c: Tensor) => col(c).mul(S * S).sub(np.subtract(1, col(c))).div(varT(col(c))).mul(x.sub(col(c).mul(MU))).add(MU);
  const exactF: facm.Net = (x, c) => {
    const x1 = np.divide(S, np.sqrt(varT(col(c)))).mul(x.sub(col(c).mul(MU))).add(MU);
    return x1.sub(x).div(np.subtract(1, col(c)));
  };
  const v = vel(xt, t);

  it('the exact flow map satisfies the consistency identity: |g| < 1e-8', () => {
    const { residual } = facm.consistencyTarget(exactF, xt, t, v);
    expect(Math.max(...vals(residual).map(Math.abs))).toBeLessThan(1e-8);
  });
  it('a perturbed map (1.1·F*) violates it: |g| > 1e-2, and the CM loss is larger', () => {
    const bad: facm.Net = (x, c) => exactF(x, c).mul(1.1);
    const { residual } = facm.consistencyTarget(bad, xt, t, v);
    expect(Math.max(...vals(residual).map(Math.abs))).toBeGreaterThan(1e-2);
    const lossOf = (F: facm.Net) => vals(np.mean(facm.consistencyPerSample(facm.consistencyTarget(F, xt, t, v), t)))[0];
    expect(lossOf(bad)).toBeGreaterThan(lossOf(exactF) + 1e-4);
  });
});

// A tiny network with a closed-form jvp: F(x, c) = tanh(x·A + c·b), so Ḟ = (1 − F²) ⊙ (v·A + b).
const B = 12, D = 3;
function problem(seed: number) {
  const r = gen(seed);
  const A = Array.from({ length: D * D }, () => r.n() * 0.5), b = Array.from({ length: D }, () => r.n() * 0.5);
  const x = Array.from({ length: B * D }, () => r.n()), eps = Array.from({ length: B * D }, () => r.n());
  const t = Array.from({ length: B }, () => r.u(0.02, 0.98));
  return { A, b, x, eps, t };
}
type P = ReturnType<typeof problem>;
const net = (A: Tensor, b: Tensor): facm.Net => (x, c) => np.tanh(np.matmul(x, A).add(c.reshape([-1, 1]).mul(b)));

/** docs/facm.md's formulas, term by term, in float64 plain JS. */
function reference(p: P) {
  const { A, b, x, eps, t } = p;
  const row = (m: number[], i: number) => m.slice(i * D, i * D + D);
  const F = (xi: number[], c: number) => Array.from({ length: D }, (_, j) => Math.tanh(xi.reduce((s, xk, k) => s + xk * A[k * D + j], 0) + c * b[j]));
  let cmSum = 0, fmSum = 0, teacherSum = 0;
  for (let i = 0; i < B; i++) {
    const ti = t[i], xi = row(x, i), ei = row(eps, i);
    const xt = xi.map((xv, k) => ti * xv + (1 - ti) * ei[k]), v = xi.map((xv, k) => xv - ei[k]);
    const Fc = F(xt, ti);
    const Fdot = Fc.map((f, j) => (1 - f * f) * (v.reduce((s, vk, k) => s + vk * A[k * D + j], 0) + b[j]));
    const g = Fc.map((f, j) => Math.max(-1, Math.min(1, f - (v[j] + (1 - ti) * Fdot[j]))));
    const alpha = 1 - Math.sqrt(ti);
    const target = Fc.map((f, j) => f - alpha * g[j]);
    const e = Fc.reduce((s, f, j) => s + (f - target[j]) ** 2, 0) / D;
    cmSum += Math.cos(Math.PI * ti / 2) * e / Math.sqrt(e + 1e-3);
    const fmLoss = (pred: number[]) => {
      const mse = pred.reduce((s, q, j) => s + (q - v[j]) ** 2, 0) / D;
      const dot = pred.reduce((s, q, j) => s + q * v[j], 0);
      const nn = Math.hypot(...pred) * Math.hypot(...v);
      return mse + 1 - dot / Math.max(nn, 1e-8);
    };
    fmSum += fmLoss(F(xt, 2 - ti));
    teacherSum += fmLoss(F(xt, i < Math.ceil(B / 2) ? ti : 2 - ti));
  }
  return { cm: cmSum / B, fm: fmSum / B, teacher: teacherSum / B };
}

function tensors(p: P) {
  const x = f64(p.x, [B, D]), eps = f64(p.eps, [B, D]), t = f64(p.t, [B]);
  return { A: f64(p.A, [D, D]), b: f64(p.b, [D]), t, xt: facm.interpolate(x, eps, t), v: facm.velocity(x, eps) };
}

describe('losses equal a direct float64 evaluation of docs/facm.md', () => {
  it.each([1, 2, 3])('seed %i: FACM (CM + FM), CM-only and the teacher loss', (seed) => {
    const p = problem(seed), ref = reference(p), { A, b, t, xt, v } = tensors(p);
    const F = net(A, b);
    const out = facm.facmLoss(F, xt, t, v);
    expect(vals(out.cm)[0]).toBeCloseTo(ref.cm, 12);
    expect(vals(out.fm)[0]).toBeCloseTo(ref.fm, 12);
    expect(vals(out.loss)[0]).toBeCloseTo(ref.cm + ref.fm, 12);
    expect(vals(facm.cmOnlyLoss(F, xt, t, v).loss)[0]).toBeCloseTo(ref.cm, 12);
    expect(vals(facm.teacherLoss(F, xt, t, v).loss)[0]).toBeCloseTo(ref.teacher, 12);
  });

  it('gradients flow only through F_cm and F_fm: grad equals the frozen-target surrogate\'s', () => {
    const p = problem(5), { A, b, t, xt, v } = tensors(p);
    const parts = facm.consistencyTarget(net(A, b), xt, t, v);
    const e0 = facm.meanPerSample(np.square(parts.Fcm.sub(parts.target)));
    const target = f64(vals(parts.target), [B, D]), w = f64(vals(np.sqrt(e0.add(1e-3))), [B]);
    const surrogate = (A2: Tensor, b2: Tensor) => {
      const F = net(A2, b2);
      const e = facm.meanPerSample(np.square(F(xt, t).sub(target)));
      const cm = np.mean(np.cos(t.mul(Math.PI / 2)).mul(e).div(w));
      return cm.add(np.mean(facm.flowMatchingPerSample(F(xt, np.subtract(2, t)), v)));
    };
    const full = (A2: Tensor, b2: Tensor) => facm.facmLoss(net(A2, b2), xt, t, v).loss;
    const [gA, gb] = grad(full, { argnums: [0, 1] })(A, b) as Tensor[];
    const [sA, sb] = grad(surrogate, { argnums: [0, 1] })(A, b) as Tensor[];
    vals(gA).forEach((g, i) => expect(g).toBeCloseTo(vals(sA)[i], 12));
    vals(gb).forEach((g, i) => expect(g).toBeCloseTo(vals(sb)[i], 12));
    expect(Math.max(...vals(gA).map(Math.abs))).toBeGreaterThan(1e-4); // and it is not trivially zero
  });
});

describe('samplers and time samplers', () => {
  const F = net(f64([0.3, -0.2, 0.1, 0.4, 0.2, -0.5, 0.1, 0.1, 0.3], [D, D]), f64([0.2, -0.1, 0.3], [D]));
  const eps = f64(problem(9).eps, [B, D]);
  it('two consistency steps are docs/facm.md\'s 2-step formula; one step is ε + F(ε, 0)', () => {
    const key = random.key(4);
    const x0 = eps.add(F(eps, np.zeros([B], 'float64')));
    const fresh = random.normal(random.foldIn(key, 0), [B, D], { dtype: 'float64' });
    const mid = x0.mul(0.5).add(fresh.mul(0.5));
    const want = mid.add(F(mid, np.full([B], 0.5, 'float64')).mul(0.5));
    const got = facm.sampleSteps(F, eps, 2, key);
    vals(got).forEach((g, i) => expect(g).toBeCloseTo(vals(want)[i], 12));
    expect(vals(facm.sampleSteps(F, eps, 1, key))).toEqual(vals(facm.sampleOneStep(F, eps)));
  });
  it('Euler on the exact Gaussian velocity reaches the exact endpoint', () => {
    const MU = 0.5, S = 0.8;
    const velF: facm.Net = (x, c) => {
      const cc = c.reshape([-1, 1]);
      return cc.mul(S * S).sub(np.subtract(1, cc)).div(cc.mul(cc).mul(S * S).add(np.square(np.subtract(1, cc)))).mul(x.sub(cc.mul(MU))).add(MU);
    };
    const z = f64([-1.5, -0.3, 0.2, 1.1], [4, 1]);
    const got = vals(facm.eulerSample(velF, z, 400));
    vals(z).forEach((zi, i) => expect(got[i]).toBeCloseTo(MU + S * zi, 2));
  });
  it('the default time sampler has median ≈ 0.73 and stays in (0, 1); log and uniform too', () => {
    for (const [kind, median] of [['default', 0.73], ['log', 0.69], ['uniform', 0.5]] as const) {
      const s = vals(facm.sampleTime(random.key(1), 20000, kind)).sort((a, b) => a - b);
      expect(s[0]).toBeGreaterThan(0);
      expect(s[s.length - 1]).toBeLessThan(1);
      expect(Math.abs(s[10000] - median), kind).toBeLessThan(0.02);
    }
  });
});
