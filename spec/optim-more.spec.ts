/**
 * optax's other optimisers, schedules and masks (src/optim/adaptive.ts, masked.ts, schedules.ts,
 * clip.ts) against plain-JS float64 references of optax's formulas over several steps, with
 * named errors for bad arguments and a jitted update equal to eager.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, errors, jit, np, optim, tree } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';
import { expectError } from './helpers/expect-error.js';

const vals = (t: unknown): number[] => Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
const f64 = (data: number[]): Tensor => np.array(data, { dtype: 'float64' });
const P0 = [0.5, -1.2, 2.0, 0.1, -0.3];
type P = { a: Tensor; b: Tensor };
const asP = (g: number[]): P => ({ a: f64(g.slice(0, 3)), b: f64(g.slice(3)) });
const flat = (p: P): number[] => [...vals(p.a), ...vals(p.b)];
function gradsAt(step: number): number[] {
  const u = mulberry32(300 + step);
  return P0.map(() => 4 * u() - 2);
}
function run(opt: optim.GradientTransformation, steps: number): number[] {
  let p = asP(P0), s = opt.init(p);
  for (let t = 0; t < steps; t++) {
    const [u, s2] = opt.update(asP(gradsAt(t)), s, p);
    p = optim.applyUpdates(p, u);
    s = s2;
  }
  return flat(p);
}
/** A plain-JS optimiser over the five scalars: step(i, g, t) → the update of parameter i. */
function ref(steps: number, update: (i: number, g: number, t: number, p: number) => number): number[] {
  const p = [...P0];
  for (let t = 1; t <= steps; t++) { const g = gradsAt(t - 1); p.forEach((pi, i) => { p[i] = pi + update(i, g[i], t, pi); }); }
  return p;
}
const expectClose = (a: number[], b: number[], tol = 1e-12) => a.forEach((x, i) => expect(Math.abs(x - b[i]), `entry ${i}: ${x} vs ${b[i]}`).toBeLessThan(tol));

describe('optax optimisers: RMSProp, AdaGrad, Adamax, Lion', () => {
  it('rmsprop (with and without momentum) follows optax.scale_by_rms: g·rsqrt(ν + eps)', () => {
    const nu = P0.map(() => 0);
    expectClose(run(optim.rmsprop(0.01), 6), ref(6, (i, g) => { nu[i] = 0.9 * nu[i] + 0.1 * g * g; return -0.01 * g / Math.sqrt(nu[i] + 1e-8); }));
    const nu2 = P0.map(() => 0), tr = P0.map(() => 0);
    expectClose(run(optim.rmsprop(0.01, { decay: 0.8, momentum: 0.5 }), 6), ref(6, (i, g) => {
      nu2[i] = 0.8 * nu2[i] + 0.2 * g * g;
      tr[i] = -0.01 * g / Math.sqrt(nu2[i] + 1e-8) + 0.5 * tr[i];
      return tr[i];
    }));
  });

  it('adagrad accumulates Σg² from 0.1', () => {
    const acc = P0.map(() => 0.1);
    expectClose(run(optim.adagrad(0.1), 6), ref(6, (i, g) => { acc[i] += g * g; return -0.1 * g / Math.sqrt(acc[i] + 1e-7); }));
  });

  it('adamax uses the infinity norm with eps inside the max, and bias-corrects the mean', () => {
    const m = P0.map(() => 0), u = P0.map(() => 0);
    expectClose(run(optim.adamax(0.002), 6), ref(6, (i, g, t) => {
      m[i] = 0.9 * m[i] + 0.1 * g; u[i] = Math.max(0.999 * u[i], Math.abs(g) + 1e-8);
      return -0.002 * (m[i] / (1 - 0.9 ** t)) / u[i];
    }));
  });

  it('lion takes the sign of the interpolated momentum, decays weights, then updates the momentum with b2', () => {
    const m = P0.map(() => 0);
    expectClose(run(optim.lion(1e-3, { weightDecay: 0.1 }), 6), ref(6, (i, g, _t, p) => {
      const dir = Math.sign(0.1 * g + 0.9 * m[i]);
      m[i] = 0.99 * m[i] + 0.01 * g;
      return -1e-3 * (dir + 0.1 * p);
    }));
  });

  it('a jitted lion update equals eager; unknown options are named errors', () => {
    const opt = optim.lion(1e-3);
    const p = asP(P0), g = asP(gradsAt(0)), s = opt.init(p);
    const step = jit((gg: P, ss: unknown, pp: P) => opt.update(gg, ss, pp));
    expectClose(flat((step(g, s, p) as [P, unknown])[0]), flat(opt.update(g, s, p)[0]), 1e-15);
    expectError(() => optim.rmsprop(0.1, { beta: 0.9 } as never), errors.ArgumentError, 'optim.rmsprop', 'beta');
    expectError(() => optim.lion(0.1, { weight_decay: 0 } as never), errors.ArgumentError, 'weight_decay');
    expectError(() => optim.adagrad(0.1, { eps: 1, initial: 0 } as never), errors.ArgumentError, 'initial');
  });
});

describe('schedules, clip and masks', () => {
  const at = (f: (s: Tensor) => Tensor, step: number) => vals(f(np.array(step)))[0];
  it('exponentialDecay, piecewiseConstant and polynomialDecay follow optax', () => {
    const e = optim.exponentialDecay(1, 10, 0.5);
    expect([at(e, 0), at(e, 5), at(e, 20)].map((v) => +v.toFixed(6))).toEqual([1, +Math.SQRT1_2.toFixed(6), 0.25]);
    const st = optim.exponentialDecay(1, 10, 0.5, { staircase: true, begin: 5, end: 0.3 });
    expect([at(st, 4), at(st, 14), at(st, 15), at(st, 100)].map((v) => +v.toFixed(6))).toEqual([1, 1, 0.5, 0.3]);
    const pc = optim.piecewiseConstant(1, { 20: 0.5, 10: 0.1 });
    expect([at(pc, 9), at(pc, 10), at(pc, 25)].map((v) => +v.toFixed(6))).toEqual([1, 0.1, 0.05]);
    const poly = optim.polynomialDecay(1, 0.1, 2, 10, { begin: 2 });
    expect([at(poly, 0), at(poly, 7), at(poly, 50)].map((v) => +v.toFixed(6))).toEqual([1, 0.325, 0.1]);
    expectError(() => optim.exponentialDecay(1, 0, 0.5), errors.ArgumentError, 'transitionSteps');
    expectError(() => optim.piecewiseConstant(1, { '-1': 0.5 }), errors.ArgumentError, 'non-negative');
  });

  it('clip bounds each element; masked applies a transformation to the masked leaves only', () => {
    expect(vals(optim.clip(1).update({ g: np.array([3, -0.5, -2]) }, null)[0].g)).toEqual([1, -0.5, -1]);
    expectError(() => optim.clip(0), errors.ArgumentError, 'maxDelta');
    // Weight decay on weights only: a mask built from the parameter paths.
    const params = { layer: { w: np.array([1, 2]), b: np.array([3]) } };
    const decay = optim.masked(optim.addDecayedWeights(0.5), (p: unknown) => tree.mapWithPath((path) => path.at(-1) === 'w', p));
    const grads = { layer: { w: np.zeros([2]), b: np.zeros([1]) } };
    const [u] = decay.update(grads, decay.init(params), params) as [typeof grads, unknown];
    expect([vals(u.layer.w), vals(u.layer.b)]).toEqual([[0.5, 1], [0]]);
    expectError(() => optim.masked(optim.scale(2), { w: true }).update(grads, null), errors.ArgumentError, 'structure');
    expectError(() => optim.masked(optim.scale(2), { layer: { w: 1, b: true } }).update(grads, null), errors.ArgumentError, 'true or false');
  });
});
