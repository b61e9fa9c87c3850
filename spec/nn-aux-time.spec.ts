/**
 * timeMlp's auxiliary time r (docs/facm.md's "auxiliary time condition"): zero-initialised, so a model
 * with it equals the model without it; once W_r is non-zero it is the network with emb(r)
 * concatenated to the first layer's input; gradients reach W_r; and FACM's auxiliary variant
 * trains it under jit(grad).
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, facm, grad, jit, jvp, nn, np, random, treeMap, valueAndGrad, vmap } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';

const vals = (t: unknown): number[] => {
  if (!(t instanceof ConcreteArray)) throw new Error(`expected a concrete array, got ${String(t)}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
};
const maxDiff = (a: number[], b: number[]): number => Math.max(0, ...a.map((x, i) => Math.abs(x - b[i])));
function randn(seed: number, n: number): number[] {
  const u = mulberry32(seed);
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u()));
}
const f64 = (data: number[], shape: number[]) => np.array(Float64Array.from(data), { dtype: 'float64', shape });

const cfg = { dataDim: 2, hidden: 16, depth: 2, embedDim: 8, dtype: 'float64' as const };
const B = 6;
const x = f64(randn(1, B * 2), [B, 2]);
const c = f64([0, 0.2, 0.5, 0.9, 1.4, 2], [B]);
const r = f64([1, 0.7, 0.5, 0.3, 1, 0.05], [B]);
const plain = nn.initTimeMlp(random.key(7), cfg);
const aux = nn.initTimeMlp(random.key(7), { ...cfg, auxTime: true });
/** The aux weights set to N(0, 0.5²), as after some training. */
const trained: nn.TimeMlpParams = { ...aux, auxTime: f64(randn(2, 8 * 16).map((v) => 0.5 * v), [8, 16]) };
const withR = (p: nn.TimeMlpParams, rr: Tensor | number) => nn.timeMlp(p, x, c, undefined, { r: rr });

describe('auxiliary time: zero initialisation', () => {
  it('adds a zero [embedDim, hidden] matrix and leaves the other weights as without it', () => {
    expect(aux.auxTime?.shape).toEqual([8, 16]);
    expect(vals(aux.auxTime).every((v) => v === 0)).toBe(true);
    expect(treeMap((t: Tensor) => vals(t), aux.layers)).toEqual(treeMap((t: Tensor) => vals(t), plain.layers));
  });

  it('at init the output is identical with any r to the model without r', () => {
    const base = vals(nn.timeMlp(plain, x, c));
    for (const rr of [r, 1, 0]) expect(vals(withR(aux, rr))).toEqual(base);
  });

  it('withAuxTime extends a trained model (a teacher) without changing what it computes', () => {
    const student = nn.withAuxTime(plain);
    expect(student.auxTime?.shape).toEqual([8, 16]);
    expect(student.auxTime?.dtype).toBe('float64');
    expect(vals(withR(student, r))).toEqual(vals(nn.timeMlp(plain, x, c)));
    expect(() => nn.withAuxTime(student)).toThrow(/already/);
  });
});

describe('auxiliary time: once trained', () => {
  it('r changes the output, and the network is MLP(concat(x, emb(c), emb(r))) with W_r as the extra rows', () => {
    const out = vals(withR(trained, r));
    expect(maxDiff(out, vals(withR(trained, 1)))).toBeGreaterThan(1e-3);
    const [first, ...rest] = trained.layers;
    const stacked = { w: np.concatenate([first.w, trained.auxTime as Tensor], 0), b: first.b };
    const ref = nn.mlp([stacked, ...rest], np.concatenate([x, nn.timeEmbedding(c, 8), nn.timeEmbedding(r, 8)], -1));
    expect(maxDiff(out, vals(ref))).toBeLessThan(1e-13);
  });

  it('jit and vmap equal eager; jvp w.r.t. (x, c, r) matches central finite differences', () => {
    const eager = vals(withR(trained, r));
    const jitted = jit((p: nn.TimeMlpParams, xx: Tensor, cc: Tensor, rr: Tensor) => nn.timeMlp(p, xx, cc, undefined, { r: rr }));
    expect(maxDiff(vals(jitted(trained, x, c, r)), eager)).toBeLessThan(1e-12);
    const perSample = vmap((xi: Tensor, ci: Tensor, ri: Tensor) => nn.timeMlp(trained, xi, ci, undefined, { r: ri }))(x, c, r);
    expect(maxDiff(vals(perSample), eager)).toBeLessThan(1e-12);
    const F = (xx: Tensor, cc: Tensor, rr: Tensor) => nn.timeMlp(trained, xx, cc, undefined, { r: rr });
    const dx = f64(randn(3, B * 2), [B, 2]), dc = f64(randn(4, B), [B]), dr = f64(randn(5, B), [B]);
    const [, dF] = jvp(F, [x, c, r], [dx, dc, dr]);
    const h = 1e-6;
    const plus = vals(F(x.add(dx.mul(h)), c.add(dc.mul(h)), r.add(dr.mul(h))));
    const minus = vals(F(x.sub(dx.mul(h)), c.sub(dc.mul(h)), r.sub(dr.mul(h))));
    const fd = plus.map((p, i) => (p - minus[i]) / (2 * h));
    expect(maxDiff(vals(dF), fd) / Math.max(...fd.map(Math.abs))).toBeLessThan(1e-6);
  });
});

describe('auxiliary time: gradients and FACM', () => {
  it('gradients reach W_r at init (its input emb(r) is not zero) and the gradient tree matches the params', () => {
    const g = grad((p: nn.TimeMlpParams) => withR(p, r).square().mean())(aux);
    const shapes = (t: unknown) => treeMap((l: Tensor) => l.shape.join('x'), t);
    expect(shapes(g)).toEqual(shapes(aux));
    expect(Math.max(...vals(g.auxTime).map(Math.abs))).toBeGreaterThan(1e-4);
  });

  it("facmLoss's auxiliary variant (FM at r = t, CM at r = 1) runs under jit(valueAndGrad) and equals eager", () => {
    const xt = f64(randn(6, B * 2), [B, 2]), v = f64(randn(7, B * 2), [B, 2]);
    const t = f64([0.1, 0.3, 0.5, 0.7, 0.8, 0.95], [B]);
    const loss = (p: nn.TimeMlpParams) => {
      const F: facm.Net = (xx, cc, rr) => nn.timeMlp(p, xx, cc, undefined, { r: rr });
      return facm.facmLoss(F, xt, t, v, { variant: 'auxiliary' }).loss;
    };
    const [value, g] = jit(valueAndGrad(loss))(trained) as [Tensor, nn.TimeMlpParams];
    expect(vals(value)[0]).toBeCloseTo(vals(loss(trained))[0], 12);
    const [, gEager] = valueAndGrad(loss)(trained) as [Tensor, nn.TimeMlpParams];
    expect(maxDiff(vals(g.auxTime), vals(gEager.auxTime))).toBeLessThan(1e-12);
    expect(Math.max(...vals(g.auxTime).map(Math.abs))).toBeGreaterThan(1e-6);
    // At init the auxiliary model's loss is the plain model's with (c, r) ↦ c: r has no effect yet.
    const plainF: facm.Net = (xx, cc) => nn.timeMlp(plain, xx, cc);
    const plainAux = vals(facm.facmLoss(plainF, xt, t, v, { variant: 'auxiliary' }).loss)[0];
    expect(vals(loss(aux))[0]).toBe(plainAux);
  });
});

describe('auxiliary time: errors', () => {
  it('rejects r for a model without the embedding and a missing r for one with it', () => {
    expect(() => withR(plain, r)).toThrow(/no auxiliary time embedding.*withAuxTime/);
    expect(() => nn.timeMlp(aux, x, c)).toThrow(/pass r/);
    expect(() => withR(aux, np.zeros([B + 1], 'float64'))).toThrow(/r must be a scalar or have x's batch shape/);
  });
});
