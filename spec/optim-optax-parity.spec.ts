/**
 * optax parity: adamw's mask (decay only where the mask is true), linear_schedule and
 * join_schedules, against hand-written float64 references of optax's formulas.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, jit, np, optim, tree } from '../src/index.js';
import { host } from './helpers/check.js';

const vals = (t: Tensor): number[] => Array.from(host(t));
const at = (f: (s: Tensor) => Tensor, step: number): number => vals(np.asTensor(f(np.array(step))))[0];

describe('optim.adamw mask (optax adamw(mask=...))', () => {
  type P = { w: Tensor; b: Tensor };
  const P0 = { w: [0.5, -1.2], b: [2.0] };
  const G = [[0.3, -0.1, 0.7], [-0.2, 0.4, 0.1], [0.05, 0.2, -0.6]];
  const lr = 0.1, wd = 0.5, b1 = 0.9, b2 = 0.999, eps = 1e-8;
  /** optax's adamw on the three scalars [w0, w1, b0], decaying where decay[i]. */
  function reference(decay: boolean[]): number[] {
    const p = [...P0.w, ...P0.b], m = [0, 0, 0], v = [0, 0, 0];
    G.forEach((g, t) => {
      for (let i = 0; i < 3; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        const mh = m[i] / (1 - b1 ** (t + 1)), vh = v[i] / (1 - b2 ** (t + 1));
        const u = mh / (Math.sqrt(vh) + eps) + (decay[i] ? wd * p[i] : 0);
        p[i] -= lr * u;
      }
    });
    return p;
  }
  function run(opt: optim.GradientTransformation, jitted = false): number[] {
    let p: P = { w: np.array(P0.w, { dtype: 'float64' }), b: np.array(P0.b, { dtype: 'float64' }) };
    let s = opt.init(p);
    const step = (q: P, st: unknown, g: P) => { const [u, s2] = opt.update(g, st, q); return [optim.applyUpdates(q, u), s2] as const; };
    const f = jitted ? jit(step) : step;
    for (const g of G) {
      [p, s] = f(p, s, { w: np.array(g.slice(0, 2), { dtype: 'float64' }), b: np.array(g.slice(2), { dtype: 'float64' }) }) as [P, unknown];
    }
    return [...vals(p.w), ...vals(p.b)];
  }
  const close = (a: number[], b: number[]) => a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThan(1e-12));

  it('a boolean pytree mask decays only the marked leaves', () => {
    close(run(optim.adamw(lr, { weightDecay: wd, mask: { w: true, b: false } })), reference([true, true, false]));
    close(run(optim.adamw(lr, { weightDecay: wd })), reference([true, true, true]));
  });
  it('a function mask (params → booleans), eager and under jit', () => {
    const mask = (p: unknown) => tree.mapWithPath((path: readonly (string | number)[]) => path.at(-1) === 'w', p as P);
    close(run(optim.adamw(lr, { weightDecay: wd, mask })), reference([true, true, false]));
    close(run(optim.adamw(lr, { weightDecay: wd, mask }), true), reference([true, true, false]));
  });
  it('named errors for a bad mask', () => {
    expect(() => optim.adamw(lr, { mask: 3 })).toThrow(errors.ArgumentError);
    expect(() => run(optim.adamw(lr, { weightDecay: wd, mask: { w: true } }))).toThrow(/optim\.masked: the mask has structure/);
  });
});

describe('optim.linearSchedule and optim.joinSchedules (optax)', () => {
  it('linearSchedule: init before transitionBegin, linear, end after (optax polynomial_schedule, power 1)', () => {
    const f = optim.linearSchedule(1, 0.01, 100, 5);
    const ref = (t: number) => (1 - 0.01) * (1 - Math.min(Math.max(t - 5, 0), 100) / 100) + 0.01;
    for (const t of [0, 5, 6, 50, 104, 105, 110]) expect(Math.abs(at(f, t) - ref(t))).toBeLessThan(1e-6);
    expect(at(optim.linearSchedule(1, 0.01, 100), 50)).toBeCloseTo(0.505, 6);
    // optax: transition_steps <= 0 is the constant init; a negative begin counts as 0
    expect(at(optim.linearSchedule(2, 0, 0), 7)).toBe(2);
    expect(at(optim.linearSchedule(1, 0, 10, -3), 5)).toBeCloseTo(0.5, 6);
    expect(() => optim.linearSchedule(1, 0, 'ten' as never)).toThrow(errors.ArgumentError);
  });

  it('joinSchedules: each schedule sees the steps since its boundary; a where, so jit works', () => {
    const warm = optim.linearSchedule(0, 1, 10);
    const f = optim.joinSchedules([warm, optim.cosineDecay(1, 90), optim.constant(0.25)], [10, 100]);
    const ref = (t: number) => (t < 10 ? t / 10 : t < 100 ? 0.5 * (1 + Math.cos(Math.PI * Math.min(t - 10, 90) / 90)) : 0.25);
    for (const t of [0, 3, 9, 10, 11, 55, 99, 100, 150]) expect(Math.abs(at(f, t) - ref(t))).toBeLessThan(1e-6);
    const j = jit((s: Tensor) => f(s));
    expect(Math.abs(vals(j(np.array(55)))[0] - 0.5)).toBeLessThan(1e-6);
    // as an optimiser's learning rate
    const opt = optim.sgd(f);
    const [u] = opt.update({ x: np.array([1]) }, opt.init({ x: np.array([0]) }));
    expect(vals((u as { x: Tensor }).x)[0]).toBeCloseTo(-0, 6);
    expect(() => optim.joinSchedules([warm], [10])).toThrow(/one fewer than the 1 schedules/);
    expect(() => optim.joinSchedules([], [])).toThrow(errors.ArgumentError);
  });
});
