/**
 * src/facm/meanflow.ts against the MeanFlow formulas: the loss equals a direct float64 evaluation
 * in plain JS with a toy network whose time derivative is written by hand; gradients equal those
 * of the frozen-target surrogate; the exact average velocity of 1-D Gaussian data satisfies the
 * identity (and the sampler lands on the exact endpoint); the (r, t) sampler; the adapter from a
 * FACM-convention timeMlp with the auxiliary time.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, facm, grad, jit, nn, np, random, Tensor, valueAndGrad } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';

const vals = (t: Tensor): number[] => Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const f64 = (data: number[], shape: number[]) => np.array(Float64Array.from(data), { dtype: 'float64', shape });
const maxAbs = (xs: number[]) => Math.max(0, ...xs.map(Math.abs));
function gen(seed: number) {
  const u = mulberry32(seed);
  return { u: (lo = 0, hi = 1) => lo + (hi - lo) * u(), n: () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()) };
}

// A toy u with a closed-form time derivative: u(z, r, t) = tanh(z·A + t·b + r·a), so along the
// tangent (v, 0, 1): du/dt = (1 − u²) ⊙ (v·A + b).
const B = 12, D = 3;
function problem(seed: number) {
  const g = gen(seed);
  const A = Array.from({ length: D * D }, () => g.n() * 0.5);
  const [b, a] = [0, 1].map(() => Array.from({ length: D }, () => g.n() * 0.5));
  const x = Array.from({ length: B * D }, () => g.n()), eps = Array.from({ length: B * D }, () => g.n());
  const t = Array.from({ length: B }, () => g.u(0.02, 0.98));
  const r = t.map((ti, i) => (i % 3 === 0 ? ti : g.u(0, ti))); // a third with r = t, as the sampler mixes them
  return { A, b, a, x, eps, t, r };
}
type P = ReturnType<typeof problem>;
const toyNet = (A: Tensor, b: Tensor, a: Tensor): facm.MeanFlowNet => (z, r, t) =>
  np.tanh(np.matmul(z, A).add(t.reshape([-1, 1]).mul(b)).add(r.reshape([-1, 1]).mul(a)));

/** MeanFlow's formulas, sample by sample, in float64 plain JS. */
function reference(q: P, p = 1, c = 1e-3) {
  const { A, b, a, x, eps, t, r } = q;
  const per: number[] = [];
  for (let i = 0; i < B; i++) {
    const xi = x.slice(i * D, i * D + D), ei = eps.slice(i * D, i * D + D);
    const z = xi.map((xv, k) => (1 - t[i]) * xv + t[i] * ei[k]), v = xi.map((xv, k) => ei[k] - xv);
    const lin = (w: number[], j: number) => w.reduce((s, wk, k) => s + wk * A[k * D + j], 0);
    const u = Array.from({ length: D }, (_, j) => Math.tanh(lin(z, j) + t[i] * b[j] + r[i] * a[j]));
    const dudt = u.map((uj, j) => (1 - uj * uj) * (lin(v, j) + b[j]));
    const target = v.map((vj, j) => vj - (t[i] - r[i]) * dudt[j]);
    const e = u.reduce((s, uj, j) => s + (uj - target[j]) ** 2, 0) / D;
    per.push(e / (e + c) ** p);
  }
  return { per, loss: per.reduce((s, w) => s + w, 0) / B };
}
function tensors(q: P) {
  const t = f64(q.t, [B]), { z, v } = facm.meanFlowPath(f64(q.x, [B, D]), f64(q.eps, [B, D]), t);
  return { A: f64(q.A, [D, D]), b: f64(q.b, [D]), a: f64(q.a, [D]), t, r: f64(q.r, [B]), z, v };
}

describe('meanFlowLoss equals a direct float64 evaluation of the formulas', () => {
  it.each([1, 2, 3])('seed %i, default weight (p = 1, c = 1e-3)', (seed) => {
    const q = problem(seed), ref = reference(q), { A, b, a, t, r, z, v } = tensors(q);
    const out = facm.meanFlowLoss(toyNet(A, b, a), z, r, t, v);
    expect(vals(out.loss)[0]).toBeCloseTo(ref.loss, 12);
    vals(out.perSample).forEach((w, i) => expect(w).toBeCloseTo(ref.per[i], 12));
  });

  it('honours p and c (p = 0.5, c = 0.01)', () => {
    const q = problem(4), ref = reference(q, 0.5, 0.01), { A, b, a, t, r, z, v } = tensors(q);
    expect(vals(facm.meanFlowLoss(toyNet(A, b, a), z, r, t, v, { p: 0.5, c: 0.01 }).loss)[0]).toBeCloseTo(ref.loss, 12);
  });

  it('gradients flow only through u: grad equals that of the surrogate with target and weight frozen', () => {
    const q = problem(5), { A, b, a, t, r, z, v } = tensors(q);
    const parts = facm.meanFlowTarget(toyNet(A, b, a), z, r, t, v);
    const e0 = facm.meanPerSample(np.square(parts.u.sub(parts.target)));
    const target = f64(vals(parts.target), [B, D]), w = f64(vals(e0.add(1e-3)), [B]);
    const surrogate = (A2: Tensor, b2: Tensor, a2: Tensor) =>
      np.mean(facm.meanPerSample(np.square(toyNet(A2, b2, a2)(z, r, t).sub(target))).div(w));
    const full = (A2: Tensor, b2: Tensor, a2: Tensor) => facm.meanFlowLoss(toyNet(A2, b2, a2), z, r, t, v).loss;
    const got = grad(full, { argnums: [0, 1, 2] })(A, b, a) as Tensor[];
    const want = grad(surrogate, { argnums: [0, 1, 2] })(A, b, a) as Tensor[];
    got.forEach((g, k) => vals(g).forEach((gi, i) => expect(gi).toBeCloseTo(vals(want[k])[i], 12)));
    expect(maxAbs(vals(got[0]))).toBeGreaterThan(1e-4); // and it is not trivially zero
  });
});

describe('the analytic Gaussian in MeanFlow time', () => {
  // x ~ N(μ, s²), z_t = (1 − t)x + tε: z_t ~ N(m_t, σ_t²), m_t = (1 − t)μ, σ_t² = (1 − t)²s² + t².
  // The flow map is affine, z_r = m_r + (σ_r/σ_t)(z_t − m_t), so the average velocity is
  // u = −μ + (z − m_t)·(σ_t − σ_r)/((t − r)σ_t), with (σ_t − σ_r)/(t − r) = ((t + r) − s²(2 − t − r))/(σ_t + σ_r):
  // no 0/0 at r = t, where u is the marginal velocity v = −μ + (t − s²(1 − t))/σ_t² · (z − m_t).
  const MU = 0.7, S = 1.3, N = 48;
  const col = (c: Tensor) => c.reshape([-1, 1]);
  const sigma = (t: Tensor) => np.sqrt(np.square(np.subtract(1, t)).mul(S * S).add(t.mul(t)));
  const centred = (z: Tensor, t: Tensor) => z.sub(np.subtract(1, col(t)).mul(MU));
  const exactU: facm.MeanFlowNet = (z, r, t) => {
    const slope = t.add(r).sub(np.subtract(2, t.add(r)).mul(S * S)).div(sigma(t).mul(sigma(t).add(sigma(r))));
    return centred(z, t).mul(col(slope)).sub(MU);
  };
  const marginalV = (z: Tensor, t: Tensor) =>
    centred(z, t).mul(col(t.sub(np.subtract(1, t).mul(S * S)).div(np.square(sigma(t))))).sub(MU);
  const g = gen(8);
  const tArr = Array.from({ length: N }, () => g.u(0.02, 0.99));
  const rArr = tArr.map((ti, i) => (i % 4 === 0 ? ti : g.u(0, ti)));
  const t = f64(tArr, [N]), r = f64(rArr, [N]);
  const z = f64(tArr.map((ti) => (1 - ti) * MU + Math.sqrt((1 - ti) ** 2 * S * S + ti * ti) * g.n()), [N, 1]);
  const v = marginalV(z, t);

  it('the exact average velocity satisfies u = v − (t − r)·du/dt: |u − target| < 1e-10, loss ≈ 0', () => {
    const parts = facm.meanFlowTarget(exactU, z, r, t, v);
    expect(maxAbs(vals(parts.u.sub(parts.target)))).toBeLessThan(1e-10);
    expect(vals(facm.meanFlowLoss(exactU, z, r, t, v).loss)[0]).toBeLessThan(1e-15);
    // at r = t it is the instantaneous velocity
    expect(maxAbs(vals(exactU(z, t, t).sub(v)))).toBeLessThan(1e-12);
  });

  it('a perturbed field (1.1·u) violates it', () => {
    const bad: facm.MeanFlowNet = (zz, rr, tt) => exactU(zz, rr, tt).mul(1.1);
    const parts = facm.meanFlowTarget(bad, z, r, t, v);
    expect(maxAbs(vals(parts.u.sub(parts.target)))).toBeGreaterThan(1e-2);
  });

  it('meanFlowSample with the exact u lands on the exact endpoint μ + s·ε for 1, 2 and 5 steps', () => {
    const eps = f64([-2, -0.5, 0.3, 1.7], [4, 1]);
    const want = vals(eps).map((e) => MU + S * e);
    for (const steps of [1, 2, 5]) {
      const got = vals(facm.meanFlowSample(exactU, eps, steps));
      got.forEach((x, i) => expect(x, `${steps} steps`).toBeCloseTo(want[i], 12));
    }
  });

  it("meanFlowFromNet maps FACM's exact consistency F*(x, c) (docs/facm.md, r_aux = 1) onto u(z, 0, t)", () => {
    const exactF: facm.Net = (x, c) => {
      const x1 = np.divide(S, sigma(np.subtract(1, c))).reshape([-1, 1]).mul(x.sub(col(c).mul(MU))).add(MU);
      return x1.sub(x).div(np.subtract(1, col(c)));
    };
    const zero = np.zeros([N], 'float64');
    const viaFacm = facm.meanFlowFromNet((x, c, ra) => {
      expect(vals(ra as Tensor).every((q) => q === 1)).toBe(true); // MeanFlow's r = 0 is FACM's r_aux = 1
      return exactF(x, c);
    });
    expect(maxAbs(vals(viaFacm(z, zero, t).sub(exactU(z, zero, t))))).toBeLessThan(1e-12);
  });
});

describe('sampleMeanFlowTimes', () => {
  const n = 20000;
  const { r, t } = facm.sampleMeanFlowTimes(random.key(2), n);
  const rs = vals(r), ts = vals(t);
  const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[xs.length >> 1];

  it('puts r = t on 75% of samples, r ≤ t on all, and both in (0, 1)', () => {
    expect(rs.filter((ri, i) => ri === ts[i]).length / n).toBeCloseTo(0.75, 3);
    expect(rs.every((ri, i) => ri <= ts[i])).toBe(true);
    expect(Math.min(...rs)).toBeGreaterThan(0);
    expect(Math.max(...ts)).toBeLessThan(1);
    expect(vals(facm.sampleMeanFlowTimes(random.key(2), 8, { equalFraction: 0 }).r).length).toBe(8);
    expect(() => facm.sampleMeanFlowTimes(random.key(2), 8, { equalFraction: 1.5 })).toThrow(/equalFraction/);
  });

  it('t is the larger and r the smaller of two logit-normal(−0.4, 1) draws (medians at Φ(q) = √½ and 1 − √½)', () => {
    // P(max ≤ q) = F(q)², P(min ≤ q) = 1 − (1 − F(q))²; Φ⁻¹(√½) = 0.5449.
    const sigmoid = (q: number) => 1 / (1 + Math.exp(-q));
    expect(Math.abs(median(ts) - sigmoid(-0.4 + 0.5449))).toBeLessThan(0.01);
    expect(Math.abs(median(rs.filter((ri, i) => ri !== ts[i])) - sigmoid(-0.4 - 0.5449))).toBeLessThan(0.02);
  });
});

describe('a timeMlp with the auxiliary time as MeanFlow u', () => {
  const cfg = { dataDim: 2, hidden: 16, depth: 2, embedDim: 8, auxTime: true, dtype: 'float64' as const };
  const init = nn.initTimeMlp(random.key(3), cfg);
  const params: nn.TimeMlpParams = { ...init, auxTime: random.normal(random.key(4), [8, 16], { dtype: 'float64' }).mul(0.3) };
  const asU = (p: nn.TimeMlpParams) => facm.meanFlowFromNet((x, c, ra) => nn.timeMlp(p, x, c, undefined, { r: ra }));

  it("one MeanFlow step is FACM's one-step sampler with r_aux = 1", () => {
    const eps = random.normal(random.key(5), [16, 2], { dtype: 'float64' });
    const F: facm.Net = (x, c) => nn.timeMlp(params, x, c, undefined, { r: np.onesLike(c) });
    expect(vals(facm.meanFlowSample(asU(params), eps, 1))).toEqual(vals(facm.sampleOneStep(F, eps)));
  });

  it('the loss runs under jit(valueAndGrad), equals eager, and trains the auxiliary weights', () => {
    const k = random.key(6);
    const { r, t } = facm.sampleMeanFlowTimes(random.foldIn(k, 0), 32, { dtype: 'float64' });
    const x = random.normal(random.foldIn(k, 1), [32, 2], { dtype: 'float64' });
    const eps = random.normal(random.foldIn(k, 2), [32, 2], { dtype: 'float64' });
    const { z, v } = facm.meanFlowPath(x, eps, t);
    const loss = (p: nn.TimeMlpParams) => facm.meanFlowLoss(asU(p), z, r, t, v).loss;
    const [value, g] = jit(valueAndGrad(loss))(params) as [Tensor, nn.TimeMlpParams];
    expect(vals(value)[0]).toBeCloseTo(vals(loss(params))[0], 12);
    expect(Number.isFinite(vals(value)[0])).toBe(true);
    expect(maxAbs(vals(g.auxTime as Tensor))).toBeGreaterThan(1e-6);
  });
});
