/**
 * src/optim against plain-JS references in float64: Adam/AdamW over several steps (bias
 * correction included), SGD, clipping, chain order, schedules, EMA; then the properties that make
 * the states pytrees worth having: an update under jit equals eager, and a whole jitted training
 * step reduces a regression loss.
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, grad, jit, nn, np, optim, random, treeLeaves, valueAndGrad } from '../src/index.js';
import { mulberry32 } from './helpers/prng.js';

const vals = (t: unknown): number[] => {
  if (!(t instanceof ConcreteArray)) throw new Error(`expected a concrete array, got ${String(t)}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
};
const num = (t: unknown): number => vals(t)[0];
const f64 = (data: number[] | number[][] | number): Tensor => np.array(data, { dtype: 'float64' });
const maxDiff = (a: number[], b: number[]): number => {
  expect(a.length).toBe(b.length);
  return Math.max(0, ...a.map((x, i) => Math.abs(x - b[i])));
};

type P = { a: Tensor; b: Tensor };
const flat = (p: P): number[] => [...vals(p.a), ...vals(p.b)];
const P0 = [0.5, -1.2, 2.0, 0.1, -0.3];
const params0 = (): P => ({ a: f64(P0.slice(0, 3)), b: f64(P0.slice(3)) });
/** A deterministic gradient sequence (a function of the step) for five scalar parameters. */
function gradsAt(step: number): number[] {
  const u = mulberry32(100 + step);
  return P0.map(() => 4 * u() - 2);
}
const asP = (g: number[]): P => ({ a: f64(g.slice(0, 3)), b: f64(g.slice(3)) });

/** Plain-JS Adam(W) as in the papers: bias-corrected moments, decoupled decay. */
function adamRef(steps: number, lr: number, b1: number, b2: number, eps: number, wd: number): number[] {
  const p = [...P0], m = P0.map(() => 0), v = P0.map(() => 0);
  for (let t = 1; t <= steps; t++) {
    const g = gradsAt(t - 1);
    p.forEach((pi, i) => {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] ** 2;
      const mHat = m[i] / (1 - b1 ** t), vHat = v[i] / (1 - b2 ** t);
      p[i] = pi - lr * (mHat / (Math.sqrt(vHat) + eps) + wd * pi);
    });
  }
  return p;
}

function run(opt: optim.GradientTransformation, steps: number, { withParams = true } = {}): P {
  let p = params0();
  let s = opt.init(p);
  for (let t = 0; t < steps; t++) {
    const [u, s2] = opt.update(asP(gradsAt(t)), s, withParams ? p : undefined);
    p = optim.applyUpdates(p, u);
    s = s2;
  }
  return p;
}

describe('adam, adamw, sgd', () => {
  it('adam matches the reference over 5 steps (bias correction)', () => {
    const got = flat(run(optim.adam(0.1, { b1: 0.8, b2: 0.95, eps: 1e-6 }), 5));
    expect(maxDiff(got, adamRef(5, 0.1, 0.8, 0.95, 1e-6, 0))).toBeLessThan(1e-12);
    // Without bias correction the first step would be 1/(1 − b1)·… off: make sure it matters.
    expect(maxDiff(got, adamRef(5, 0.1, 0.8, 0.95, 1e-6, 0.5))).toBeGreaterThan(1e-3);
  });

  it('adamw matches the reference with decoupled weight decay, and needs params', () => {
    const got = flat(run(optim.adamw(0.05, { weightDecay: 0.1 }), 5));
    expect(maxDiff(got, adamRef(5, 0.05, 0.9, 0.999, 1e-8, 0.1))).toBeLessThan(1e-12);
    expect(() => run(optim.adamw(0.05, { weightDecay: 0.1 }), 1, { withParams: false })).toThrow(/needs params/);
    // weightDecay 0 is plain Adam (the FACM setting).
    expect(maxDiff(flat(run(optim.adamw(0.05, { weightDecay: 0 }), 5)), adamRef(5, 0.05, 0.9, 0.999, 1e-8, 0))).toBeLessThan(1e-12);
  });

  it('sgd subtracts lr·g; momentum keeps a trace', () => {
    const want = [...P0];
    for (let t = 0; t < 3; t++) gradsAt(t).forEach((g, i) => { want[i] -= 0.1 * g; });
    expect(maxDiff(flat(run(optim.sgd(0.1), 3)), want)).toBeLessThan(1e-12);
    const mom = [...P0], tr = P0.map(() => 0);
    for (let t = 0; t < 3; t++) gradsAt(t).forEach((g, i) => { tr[i] = g + 0.9 * tr[i]; mom[i] -= 0.1 * tr[i]; });
    expect(maxDiff(flat(run(optim.sgd(0.1, { momentum: 0.9 }), 3)), mom)).toBeLessThan(1e-12);
  });

  it('states are pytrees of tensors with an int32 step count', () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(optim.linearWarmup(1e-3, 10)));
    const [, s] = opt.update(asP(gradsAt(0)), opt.init(params0()), params0());
    const leaves = treeLeaves(s);
    expect(leaves.every((l) => l instanceof Tensor)).toBe(true);
    expect((leaves as Tensor[]).filter((l) => l.dtype === 'int32').map(num)).toEqual([1, 1]);
  });
});

describe('clipByGlobalNorm and chain', () => {
  const g = { x: f64([3, 0]), y: f64([[4]]) }; // global norm 5

  it('rescales to maxNorm above it and leaves gradients alone below', () => {
    expect(num(optim.globalNorm(g))).toBeCloseTo(5, 12);
    const [above] = optim.clipByGlobalNorm(2).update(g, null);
    expect(num(optim.globalNorm(above))).toBeCloseTo(2, 12);
    expect(vals(above.x)[0] / vals(above.y)[0]).toBeCloseTo(3 / 4, 12); // direction kept
    const [below] = optim.clipByGlobalNorm(10).update(g, null);
    expect([...vals(below.x), ...vals(below.y)]).toEqual([3, 0, 4]);
  });

  it('chain applies transformations left to right', () => {
    const clipThenScale = optim.chain(optim.clipByGlobalNorm(1), optim.scale(3));
    const scaleThenClip = optim.chain(optim.scale(3), optim.clipByGlobalNorm(1));
    expect(num(optim.globalNorm(clipThenScale.update(g, clipThenScale.init(g))[0]))).toBeCloseTo(3, 12);
    expect(num(optim.globalNorm(scaleThenClip.update(g, scaleThenClip.init(g))[0]))).toBeCloseTo(1, 12);
    expect(() => clipThenScale.update(g, [null])).toThrow(/state array of 2/);
  });
});

describe('schedules', () => {
  const at = (s: optim.Schedule, step: number) => num(s(np.array(step)));

  it('constant, linearWarmup, cosineDecay, warmupCosine follow their formulas', () => {
    expect(at(optim.constant(0.3), 7)).toBeCloseTo(0.3, 7);
    const w = optim.linearWarmup(1e-3, 100, 1e-4);
    // Schedules compute in float32 (the step is cast on device), hence 7 digits.
    [[0, 1e-4], [50, 5.5e-4], [100, 1e-3], [500, 1e-3]].forEach(([s, want]) => expect(at(w, s)).toBeCloseTo(want, 9));
    const c = optim.cosineDecay(2, 100, 0.1);
    [0, 25, 50, 100, 200].forEach((s) => {
      const want = 2 * (0.9 * 0.5 * (1 + Math.cos(Math.PI * Math.min(s, 100) / 100)) + 0.1);
      expect(at(c, s)).toBeCloseTo(want, 6);
    });
    const wc = optim.warmupCosine(1, 10, 110, { init: 0, end: 0.1 });
    expect(at(wc, 0)).toBe(0);
    expect(at(wc, 5)).toBeCloseTo(0.5, 6);
    expect(at(wc, 10)).toBeCloseTo(1, 6);
    expect(at(wc, 60)).toBeCloseTo(0.1 + 0.9 * 0.5, 6);
    expect(at(wc, 110)).toBeCloseTo(0.1, 6);
    expect(at(wc, 1000)).toBeCloseTo(0.1, 6);
  });

  it('an optimiser with a scheduled lr sees step 0, 1, 2, … across updates', () => {
    // sgd on unit gradients moves each parameter by exactly −lr(step).
    const opt = optim.sgd(optim.linearWarmup(1, 4));
    let p = { w: f64([0]) }, s = opt.init(p);
    const moves: number[] = [];
    for (let t = 0; t < 6; t++) {
      const [u, s2] = opt.update({ w: f64([1]) }, s);
      moves.push(num(u.w));
      p = optim.applyUpdates(p, u); s = s2;
    }
    expect(moves).toEqual([-0, -0.25, -0.5, -0.75, -1, -1]);
    expect(num(p.w)).toBeCloseTo(-3.5, 12);
  });
});

describe('ema', () => {
  it('emaUpdate is decay·ema + (1 − decay)·params; emaInit copies', () => {
    const p = { w: f64([1, 2]), b: f64([-1]) };
    const e0 = optim.emaInit(p);
    expect(e0.w === p.w).toBe(false); // a fresh array, not the same object
    expect(vals(e0.w)).toEqual([1, 2]);
    const e1 = optim.emaUpdate(e0, { w: f64([3, 6]), b: f64([1]) }, 0.9);
    expect(maxDiff(vals(e1.w), [0.9 * 1 + 0.1 * 3, 0.9 * 2 + 0.1 * 6])).toBeLessThan(1e-14);
    expect(vals(e1.b)[0]).toBeCloseTo(-0.8, 14);
    const e = optim.ema(np.array(0.5));
    expect(vals(e.update(e.init(p), { w: f64([3, 6]), b: f64([1]) }).w)).toEqual([2, 4]);
  });

  it('emaWarmup is min(decay, (1 + step)/(10 + step)): the start is forgotten quickly, then decay', () => {
    const d = optim.emaWarmup(0.999);
    const at = (s: number) => vals(d(np.array(s, { dtype: 'float64' })))[0];
    expect(at(0)).toBeCloseTo(0.1, 14);
    expect(at(10)).toBeCloseTo(11 / 20, 14);
    expect(at(8991)).toBeCloseTo(0.999, 14);
    expect(at(1e6)).toBe(0.999);
    // The weight left on the initial value after n steps is Π decay_t: < 1e-3 after 1500 steps (a fixed 0.999 leaves 0.22).
    let left = 1;
    for (let s = 0; s < 1500; s++) left *= at(s);
    expect(left).toBeLessThan(1e-3);
    expect(() => optim.emaWarmup(1)).toThrow(/emaWarmup: decay must be in \[0, 1\)/);
  });
});

describe('optimisers under jit, and a training loop', () => {
  it('a jitted chain(clip, adamw(warmupCosine)) update equals eager over 3 steps', () => {
    const opt = optim.chain(optim.clipByGlobalNorm(1.5), optim.adamw(optim.warmupCosine(0.1, 2, 10), { weightDecay: 0.01 }));
    const stepE = (p: P, s: unknown, g: P): [P, unknown] => { const [u, s2] = opt.update(g, s, p); return [optim.applyUpdates(p, u), s2]; };
    const stepJ = jit(stepE);
    let [pe, se] = [params0(), opt.init(params0())];
    let [pj, sj] = [params0(), opt.init(params0())];
    for (let t = 0; t < 3; t++) {
      [pe, se] = stepE(pe, se, asP(gradsAt(t)));
      [pj, sj] = stepJ(pj, sj, asP(gradsAt(t)));
    }
    expect(maxDiff(flat(pj), flat(pe))).toBeLessThan(1e-12);
    expect(maxDiff((treeLeaves(sj) as Tensor[]).flatMap(vals), (treeLeaves(se) as Tensor[]).flatMap(vals))).toBeLessThan(1e-12);
  });

  it('jit((params, state, x, y) => …) of an MLP regression decreases the loss', () => {
    const kx = random.key(3);
    const x = random.uniform(kx, [64, 1], { minval: -2, maxval: 2 });
    const y = np.sin(x.mul(1.5));
    const loss = (p: nn.DenseParams[], x: Tensor, y: Tensor) => nn.mlp(p, x).sub(y).square().mean();
    const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-2, { weightDecay: 0 }));
    const e = optim.ema(0.9);
    type S = { params: nn.DenseParams[]; opt: unknown; ema: nn.DenseParams[] };
    const step = jit((s: S, x: Tensor, y: Tensor): [S, Tensor] => {
      const [l, g] = valueAndGrad(loss)(s.params, x, y);
      const [u, o] = opt.update(g, s.opt, s.params);
      const params = optim.applyUpdates(s.params, u);
      return [{ params, opt: o, ema: e.update(s.ema, params) }, l];
    });
    const p0 = nn.initMlp(random.key(0), [1, 32, 32, 1]);
    let s: S = { params: p0, opt: opt.init(p0), ema: e.init(p0) };
    const losses: number[] = [];
    for (let t = 0; t < 60; t++) { let l: Tensor; [s, l] = step(s, x, y); losses.push(num(l)); }
    expect(losses[losses.length - 1]).toBeLessThan(0.3 * losses[0]);
    expect(num(loss(s.ema, x, y))).toBeLessThan(0.5 * losses[0]);
    expect(num(grad((p: nn.DenseParams[]) => loss(p, x, y))(s.params)[0].b.sum()) ).toSatisfy(Number.isFinite);
  });
});
