/**
 * The compositionality matrix (README, Testing): every transformation against an independent
 * oracle (central finite differences, an analytic derivative, or another transformation that
 * shares no code path), and every pair of transformations composed. Float64 on the CPU
 * interpreter throughout, so tolerances can be tight.
 */
import { describe, expect, it } from 'vitest';
import {
  ConcreteArray, Tensor, customJvp, grad, hessian, jacfwd, jacrev, jit, jvp, linearize, np,
  stopGradient, treeFlatten, treeLeaves, treeMap, treeUnflatten, valueAndGrad, vjp, vmap,
} from '../src/index.js';

// ---------------------------------------------------------------------------------------------
// helpers

type Tree = unknown;

const f64 = (data: number | number[] | number[][], shape?: number[]): Tensor =>
  shape ? np.array(Float64Array.from(data as number[]), { dtype: 'float64', shape }) : np.array(data, { dtype: 'float64' });

/** Deterministic, irregular data: no RNG dependency. */
const fill = (n: number, seed: number, scale = 1): number[] =>
  Array.from({ length: n }, (_, i) => scale * Math.sin(1.7 * i + 0.9 * seed + 0.3 * i * i));

const param = (shape: number[], seed: number, scale = 0.7): Tensor =>
  f64(fill(shape.reduce((a, b) => a * b, 1), seed, scale), shape);

const vals = (t: unknown): number[] => {
  if (!(t instanceof ConcreteArray)) throw new Error(`expected a concrete array, got ${String(t)}`);
  return Array.from(t.dataSync() as ArrayLike<number>);
};
const num = (t: unknown): number => { const v = vals(t); expect(v.length).toBe(1); return v[0]; };

/** Elementwise |a − b| ≤ tol·(1 + |b|), same shape; NaN never passes. */
function expectClose(a: unknown, b: unknown, tol = 1e-9): void {
  const ta = a as Tensor, tb = b as Tensor;
  if (tb instanceof Tensor && ta instanceof Tensor) expect(ta.shape).toEqual(tb.shape);
  const va = ta instanceof Tensor ? vals(ta) : (a as number[]);
  const vb = tb instanceof Tensor ? vals(tb) : typeof b === 'number' ? [b] : (b as number[]);
  expect(va.length).toBe(vb.length);
  va.forEach((x, i) => {
    const err = Math.abs(x - vb[i]);
    if (!(err <= tol * (1 + Math.abs(vb[i])))) {
      throw new Error(`element ${i}: ${x} vs ${vb[i]} (|diff| ${err}, tol ${tol})`);
    }
  });
}

/** Same pytree structure and every leaf close. */
function expectTreeClose(a: Tree, b: Tree, tol = 1e-9): void {
  const fa = treeFlatten<Tensor>(a), fb = treeFlatten<Tensor>(b);
  expect(JSON.stringify(fa.def)).toBe(JSON.stringify(fb.def));
  fa.leaves.forEach((l, i) => expectClose(l, fb.leaves[i], tol));
}

/** ⟨a, b⟩ summed over every leaf of two same-structured trees. */
const treeDot = (a: Tree, b: Tree): number => {
  const la = treeLeaves<Tensor>(a), lb = treeLeaves<Tensor>(b);
  expect(la.length).toBe(lb.length);
  return la.reduce((s, x, i) => s + vals(x).reduce((t, v, j) => t + v * vals(lb[i])[j], 0), 0);
};

/** The tree with leaf `k`, element `j` moved by `d`. */
function nudge(tree: Tree, k: number, j: number, d: number): Tree {
  const { leaves, def } = treeFlatten<Tensor>(tree);
  return treeUnflatten(def, leaves.map((l, i) => {
    if (i !== k) return l;
    const v = vals(l); v[j] += d;
    return f64(v, [...l.shape]);
  }));
}

/** Central finite-difference gradient of a scalar function of a pytree of float64 leaves. */
function fdGrad(f: (t: Tree) => Tensor, tree: Tree, h = 1e-6): Tree {
  const { leaves, def } = treeFlatten<Tensor>(tree);
  return treeUnflatten(def, leaves.map((l, k) => f64(
    vals(l).map((_, j) => (num(f(nudge(tree, k, j, h))) - num(f(nudge(tree, k, j, -h)))) / (2 * h)),
    [...l.shape])));
}

/** a + s·b over trees. */
const axpy = <T extends Tree>(s: number, b: T, a: T): T => treeMap((x: Tensor, y: Tensor) => x.add(y.mul(s)), a, b) as T;

// ---------------------------------------------------------------------------------------------
// the model: a two-layer tanh MLP, params {w1, b1, w2, b2}

interface Params { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor }
const D = 3, H = 4, O = 2, B = 5;
const params: Params = { w1: param([D, H], 1), b1: param([H], 2, 0.2), w2: param([H, O], 3), b2: param([O], 4, 0.2) };
const X = param([B, D], 5, 1.2);
const Y = param([B, O], 6, 1);

const mlp = (p: Params, x: Tensor): Tensor => np.tanh(np.matmul(x, p.w1).add(p.b1)).matmul(p.w2).add(p.b2);
const loss = (p: Params, x: Tensor = X, y: Tensor = Y): Tensor => np.mean(np.square(mlp(p, x).sub(y)));

/** A direction in parameter space. */
const dP: Params = { w1: param([D, H], 11), b1: param([H], 12), w2: param([H, O], 13), b2: param([O], 14) };

// ---------------------------------------------------------------------------------------------

describe('grad on an MLP', () => {
  it('equals central finite differences, leaf by leaf', () => {
    const g = grad(loss)(params) as Params;
    expect(Object.keys(g).sort()).toEqual(['b1', 'b2', 'w1', 'w2']);
    expect(g.w1.shape).toEqual([D, H]);
    expect(g.w1.dtype).toBe('float64');
    expectTreeClose(g, fdGrad((p) => loss(p as Params), params), 1e-7);
    // not trivially zero
    expect(Math.abs(treeDot(g, g))).toBeGreaterThan(1e-4);
  });

  it('grad of a function that contains jvp (reverse over forward) equals finite differences', () => {
    const v = param([B, D], 21);
    // h(p) = Σ (d/dε mlp(p, X + εv))²: the directional derivative is itself differentiated.
    const h = (p: Params): Tensor => {
      const [, dy] = jvp((x: Tensor) => mlp(p, x), [X], [v]);
      return np.sum(np.square(dy));
    };
    expectTreeClose(grad(h)(params), fdGrad((p) => h(p as Params), params), 1e-7);
  });

  it('jvp(grad) is the Hessian-vector product: matches FD of grad and reverse-over-reverse', () => {
    const gradLoss = grad(loss);
    const [g0, hv] = jvp(gradLoss, [params], [dP]);
    expectTreeClose(g0, gradLoss(params), 1e-12);
    const eps = 1e-5;
    const fd = treeMap((a: Tensor, b: Tensor) => a.sub(b).div(2 * eps),
      gradLoss(axpy(eps, dP, params)), gradLoss(axpy(-eps, dP, params)));
    expectTreeClose(hv, fd, 1e-7);
    // reverse over reverse: ∇_p ⟨∇loss(p), dP⟩
    const rr = grad((p: Params) => {
      const g = gradLoss(p) as Params;
      return treeLeaves<Tensor>(g).map((l, i) => np.sum(l.mul(treeLeaves<Tensor>(dP)[i]))).reduce((a, b) => a.add(b));
    })(params);
    expectTreeClose(hv, rr, 1e-10);
  });

  it('vmap(grad) over examples equals stacking per-example grads', () => {
    const perExample = (p: Params, x: Tensor, y: Tensor) => np.sum(np.square(mlp(p, x).sub(y)));
    const batched = vmap(grad(perExample), { inAxes: [null, 0, 0] })(params, X, Y) as Params;
    expect(batched.w1.shape).toEqual([B, D, H]);
    expect(batched.b2.shape).toEqual([B, O]);
    const rows = Array.from({ length: B }, (_, i) =>
      grad(perExample)(params, np.slice(X, [i]), np.slice(Y, [i])) as Params);
    const stacked = treeMap((...ls: Tensor[]) => np.stack(ls), rows[0], ...rows.slice(1));
    expectTreeClose(batched, stacked, 1e-12);
    // and the mean over the batch is the full-batch gradient of the summed loss / B·O scaling
    const mean = treeMap((l: Tensor) => np.sum(l, { axis: 0 }).div(B * O), batched);
    expectTreeClose(mean, grad(loss)(params), 1e-12);
  });

  it('grad(jit f) == grad f, and jit(grad(jit f)) == grad f', () => {
    const ref = grad(loss)(params);
    const jloss = jit((p: Params) => loss(p));
    expectTreeClose(grad(jloss)(params), ref, 1e-12);
    const jg = jit(grad(jloss));
    expectTreeClose(jg(params), ref, 1e-12);
    // a second call hits the cache and still agrees
    expectTreeClose(jg(params), ref, 1e-12);
  });

  it('linearize equals jvp (primal and tangent), and is linear in the tangent', () => {
    const f = (p: Params) => mlp(p, X);
    const [y, fJvp] = linearize(f, params);
    const [yRef, dyRef] = jvp(f, [params], [dP]);
    expectClose(y, yRef, 1e-12);
    expectClose(fJvp(dP), dyRef, 1e-12);
    const twice = treeMap((t: Tensor) => t.mul(2), dP);
    expectClose(fJvp(twice), (dyRef as Tensor).mul(2), 1e-12);
    // and jvp against finite differences
    const eps = 1e-6;
    expectClose(dyRef, f(axpy(eps, dP, params) as Params).sub(f(axpy(-eps, dP, params) as Params)).div(2 * eps), 1e-7);
  });

  it('vjp passes the dot-product test ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩ on the MLP output', () => {
    const f = (p: Params, x: Tensor) => ({ out: mlp(p, x), hidden: np.tanh(np.matmul(x, p.w1)) });
    const ct = { out: param([B, O], 31), hidden: param([B, H], 32) };
    const tX = param([B, D], 33);
    const [, dy] = jvp(f, [params, X], [dP, tX]);
    const [y, pull] = vjp(f, params, X);
    expect(Object.keys(y).sort()).toEqual(['hidden', 'out']);
    const [ctP, ctX] = pull(ct);
    const lhs = treeDot(ct, dy);
    const rhs = treeDot(ctP, dP) + treeDot(ctX, tX);
    expect(Math.abs(lhs)).toBeGreaterThan(1e-3);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * (1 + Math.abs(lhs)));
  });

  it('valueAndGrad with argnums [0, 1] and hasAux', () => {
    const f = (p: Params, x: Tensor) => {
      const pred = mlp(p, x);
      return [np.mean(np.square(pred.sub(Y))), { pred, n: np.sum(np.ones([2], 'float64')) }] as const;
    };
    const [[value, aux], [gp, gx]] = valueAndGrad(f, { argnums: [0, 1], hasAux: true })(params, X);
    expectClose(value, loss(params), 1e-14);
    expectClose(aux.pred, mlp(params, X), 1e-14);
    expectClose(aux.n, 2);
    expectTreeClose(gp, grad(loss)(params), 1e-12);
    expectClose(gx, fdGrad((x) => loss(params, x as Tensor), X), 1e-7);
    // grad with hasAux returns [grad, aux]
    const [g1, aux1] = grad(f, { argnums: 1, hasAux: true })(params, X);
    expectClose(g1, gx, 1e-14);
    expectClose(aux1.pred, aux.pred, 1e-14);
  });
});

describe('higher order', () => {
  it('grad(grad) of a scalar function equals the analytic second derivative', () => {
    // f(x) = sin(x)·x², f'' = (2 − x²)·sin x + 4x·cos x; f''' = −x²cos x − 6x sin x + 6 cos x
    const f = (x: Tensor) => np.sin(x).mul(x.mul(x));
    for (const x0 of [-1.3, 0.4, 2.2]) {
      const x = f64(x0);
      expectClose(grad(grad(f))(x), (2 - x0 * x0) * Math.sin(x0) + 4 * x0 * Math.cos(x0), 1e-12);
      expectClose(grad(grad(grad(f)))(x), -x0 * x0 * Math.cos(x0) - 6 * x0 * Math.sin(x0) + 6 * Math.cos(x0), 1e-12);
    }
  });

  it('hessian of xᵀAx is A + Aᵀ, and equals jacfwd(jacrev) and jacrev(jacrev)', () => {
    const a = [1, 2, -0.5, 0.3, -1, 4, 0, 0.25, 3];
    const A = f64(a, [3, 3]);
    const q = (x: Tensor) => np.dot(x, np.matmul(A, x));
    const x = f64([0.3, -1.1, 2]);
    const want = a.map((_, k) => a[k] + a[3 * (k % 3) + Math.floor(k / 3)]);
    const h = hessian(q)(x);
    expect(h.shape).toEqual([3, 3]);
    expectClose(h, want, 1e-12);
    expectClose(jacfwd(jacrev(q))(x), want, 1e-12);
    expectClose(jacrev(jacrev(q))(x), want, 1e-12);
    expectClose(jacrev(jacfwd(q))(x), want, 1e-12);
  });

  it('jacfwd == jacrev on a non-square map, and both equal finite differences', () => {
    const f = (x: Tensor) => mlp(params, x.reshape([1, D])).reshape([O]).mul(np.sum(x));
    const x = f64([0.2, -0.7, 1.1]);
    const jf = jacfwd(f)(x), jr = jacrev(f)(x);
    expect(jf.shape).toEqual([O, D]);
    expectClose(jf, jr, 1e-12);
    const eps = 1e-6;
    const fd: number[] = [];
    const cols = [0, 1, 2].map((j) => {
      const e = Array.from({ length: D }, (_, k) => (k === j ? eps : 0));
      return vals(f(x.add(f64(e))).sub(f(x.sub(f64(e)))).div(2 * eps));
    });
    for (let i = 0; i < O; i++) for (let j = 0; j < D; j++) fd.push(cols[j][i]);
    expectClose(jf, fd, 1e-7);
  });

  it('perturbation confusion: d/dx [x · d/dy (x + y)|y=0] = 1, not 2', () => {
    const inner = (x: Tensor) => grad((y: Tensor) => x.add(y))(f64(0));
    const f = (x: Tensor) => x.mul(inner(x));
    for (const x0 of [0.5, 3]) {
      expectClose(f(f64(x0)), x0);
      expectClose(grad(f)(f64(x0)), 1, 1e-14);
      // forward over forward, too
      const fj = (x: Tensor) => x.mul(jvp((y: Tensor) => x.add(y), [f64(0)], [f64(1)])[1]);
      expectClose(jvp(fj, [f64(x0)], [f64(1)])[1], 1, 1e-14);
    }
  });
});

describe('pytrees in and out of every transform', () => {
  const tree = { a: f64([1, 2]), nest: [f64(0.5), { c: f64([[1, -1], [0.5, 2]]) }] };
  const fn = (t: typeof tree) => {
    const [b, { c }] = t.nest as [Tensor, { c: Tensor }];
    return { s: np.sum(np.sin(t.a).mul(b)), v: [np.matmul(c, t.a), np.exp(b)] };
  };
  const scalarFn = (t: typeof tree) => { const o = fn(t); return o.s.add(np.sum(o.v[0] as Tensor)).add(o.v[1] as Tensor); };
  const ones = treeMap((l: Tensor) => np.onesLike(l), tree);

  it('grad returns the input structure', () => {
    const g = grad(scalarFn)(tree);
    expectTreeClose(g, fdGrad((t) => scalarFn(t as typeof tree), tree), 1e-7);
  });

  it('jvp, linearize and vjp keep input and output structure', () => {
    const [y, dy] = jvp(fn, [tree], [ones]);
    expect(Object.keys(y).sort()).toEqual(['s', 'v']);
    expect(Array.isArray((dy as any).v)).toBe(true);
    const [y2, lin] = linearize(fn, tree);
    expectTreeClose(y2, y, 1e-14);
    expectTreeClose(lin(ones), dy, 1e-12);
    const [, pull] = vjp(fn, tree);
    const ct = treeMap((l: Tensor) => np.onesLike(l), y);
    const [ctIn] = pull(ct);
    expectTreeClose(ctIn, grad(scalarFn)(tree), 1e-12);
    expect(() => pull({ s: (y as any).s } as any)).toThrow(/structure/);
  });

  it('jit and vmap take and return nested trees', () => {
    const j = jit(fn);
    expectTreeClose(j(tree), fn(tree), 1e-14);
    const batched = { a: f64([1, 2, 3, 4, 5, 6], [3, 2]), nest: [f64([0.5, 1, 1.5]), { c: param([3, 2, 2], 7) }] };
    const out = vmap(fn)(batched) as ReturnType<typeof fn>;
    expect(out.s.shape).toEqual([3]);
    expect((out.v[0] as Tensor).shape).toEqual([3, 2]);
    for (let i = 0; i < 3; i++) {
      const row = treeMap((l: Tensor) => np.slice(l, [i]), batched) as typeof tree;
      const want = fn(row);
      expectClose(np.slice(out.s, [i]), want.s, 1e-14);
      expectClose(np.slice(out.v[0] as Tensor, [i]), want.v[0], 1e-14);
      expectClose(np.slice(out.v[1] as Tensor, [i]), want.v[1], 1e-14);
    }
  });
});

describe('vmap axes', () => {
  const M = param([3, 4], 41);

  it('inAxes per argument with null (unbatched) and a non-zero axis', () => {
    // x batched along axis 1, M shared
    const xs = param([4, 5], 42);
    const out = vmap((m: Tensor, x: Tensor) => np.matmul(m, x), { inAxes: [null, 1] })(M, xs);
    expect(out.shape).toEqual([5, 3]);
    expectClose(out, np.transpose(np.matmul(M, xs)), 1e-14);
  });

  it('pytree-prefix inAxes: {w: null, b: 0} inside an argument', () => {
    const p = { w: param([4], 43), b: param([6], 44) };
    const x = param([6, 4], 45);
    const f = (pp: { w: Tensor; b: Tensor }, xi: Tensor) => np.sum(pp.w.mul(xi)).add(pp.b);
    const out = vmap(f, { inAxes: [{ w: null, b: 0 }, 0] })(p, x);
    expect(out.shape).toEqual([6]);
    expectClose(out, np.matmul(x, p.w).add(p.b), 1e-14);
  });

  it('outAxes: a number and a pytree prefix (with null for an unbatched output)', () => {
    const xs = param([5, 3], 46);
    const o1 = vmap((x: Tensor) => np.outer(x, f64([1, 2])), { outAxes: 1 })(xs);
    expect(o1.shape).toEqual([3, 5, 2]);
    expectClose(np.slice(o1, [null, 2]), np.outer(np.slice(xs, [2]), f64([1, 2])), 1e-14);
    const o2 = vmap((x: Tensor) => ({ y: x.mul(2), k: f64([7, 8]) }), { outAxes: { y: 1, k: null } })(xs) as { y: Tensor; k: Tensor };
    expect(o2.y.shape).toEqual([3, 5]);
    expectClose(o2.y, np.transpose(xs).mul(2), 1e-14);
    expectClose(o2.k, [7, 8]);
  });

  it('axisSize: broadcasts when nothing is mapped, checks the mapped size otherwise', () => {
    const c = f64([1, 2]);
    const out = vmap((v: Tensor) => v.mul(3), { inAxes: null, axisSize: 4 })(c);
    expect(out.shape).toEqual([4, 2]);
    expectClose(out, [3, 6, 3, 6, 3, 6, 3, 6]);
    const mapped = vmap((v: Tensor, w: Tensor) => v.add(w), { inAxes: [0, null], axisSize: 5 })(param([5, 2], 48), c);
    expect(mapped.shape).toEqual([5, 2]);
    expect(() => vmap((v: Tensor) => v, { axisSize: 4 })(param([5, 2], 49))).toThrow(/axisSize option is 4/);
    expect(() => vmap((v: Tensor) => v, { axisSize: 1.5 })(c)).toThrow(/axisSize must be a non-negative integer/);
  });

  it('vmap of vmap equals the full computation', () => {
    const A3 = param([2, 3, 4], 47);
    const f = (v: Tensor) => np.sum(np.sin(v));
    const out = vmap(vmap(f))(A3);
    expect(out.shape).toEqual([2, 3]);
    expectClose(out, np.sum(np.sin(A3), { axis: 2 }), 1e-14);
  });
});

describe('customJvp', () => {
  /** softplus whose body is safe for large x but whose naive derivative is NaN there. */
  const body = (x: Tensor) => np.where(x.gt(30), x, np.log1p(np.exp(x)));
  const mk = (scale: number) => customJvp(
    (x: Tensor) => body(x),
    ([x], [t]) => [body(x), t.mul(np.sigmoid(x)).mul(scale)],
  );
  const softplus = mk(1);
  const scaled = mk(3);
  const xs = f64([-2, -0.3, 0, 0.8, 4, 1000]);
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  const sigs = [-2, -0.3, 0, 0.8, 4, 1000].map(sig);

  it('evaluates the body', () => {
    expectClose(softplus(xs), [-2, -0.3, 0, 0.8, 4].map((x) => Math.log1p(Math.exp(x))).concat([1000]), 1e-14);
  });

  it('the custom rule is what jvp and grad use (a deliberately scaled rule shows up)', () => {
    const [, t1] = jvp(softplus, [xs], [np.onesLike(xs)]);
    const [, t3] = jvp(scaled, [xs], [np.onesLike(xs)]);
    expectClose(t1, sigs, 1e-14);
    expectClose(t3, sigs.map((s) => 3 * s), 1e-14);
    expectClose(grad((x: Tensor) => np.sum(scaled(x)))(xs), sigs.map((s) => 3 * s), 1e-14);
  });

  it('fixes the NaN gradient of the naive body at x = 1000', () => {
    const naive = grad((x: Tensor) => np.sum(body(x)))(xs);
    expect(Number.isNaN(vals(naive)[5])).toBe(true);
    expectClose(grad((x: Tensor) => np.sum(softplus(x)))(xs), sigs, 1e-14);
  });

  it('works under vmap, grad, jit and their compositions', () => {
    expectClose(vmap(softplus)(xs), softplus(xs), 1e-14);
    const g = grad((x: Tensor) => softplus(x));
    expectClose(vmap(g)(xs), sigs, 1e-14);
    expectClose(vmap(grad((x: Tensor) => scaled(x)))(xs), sigs.map((s) => 3 * s), 1e-14);
    expectClose(jit(g)(f64(0.8)), sig(0.8), 1e-14);
    expectClose(grad(jit((x: Tensor) => np.sum(scaled(x))))(xs), sigs.map((s) => 3 * s), 1e-14);
    expectClose(jit(vmap(grad((x: Tensor) => scaled(x))))(xs), sigs.map((s) => 3 * s), 1e-14);
    // second derivative through the rule: d/dx sigmoid = σ(1 − σ)
    expectClose(grad(g)(f64(0.8)), sig(0.8) * (1 - sig(0.8)), 1e-12);
  });
});

describe('stopGradient', () => {
  it('blocks gradients and tangents', () => {
    const x = f64([0.5, -2, 3]);
    expectClose(grad((v: Tensor) => np.sum(v.mul(stopGradient(v))))(x), [0.5, -2, 3], 1e-14);
    expectClose(grad((v: Tensor) => np.sum(np.square(stopGradient(v))).add(np.sum(v)))(x), [1, 1, 1], 1e-14);
    expectClose(jvp((v: Tensor) => stopGradient(v.mul(v)), [x], [np.onesLike(x)])[1], [0, 0, 0]);
    expectClose(grad((v: Tensor) => np.sum(v.stopGradient().mul(v)))(x), [0.5, -2, 3], 1e-14);
    // but the value passes through
    expectClose(stopGradient(x), x);
  });
});

describe('jit', () => {
  it('traces once per input types and retraces for a new shape or dtype', () => {
    let traces = 0;
    const f = jit((x: Tensor) => { traces++; return np.sin(x).mul(2); });
    expectClose(f(f64([1, 2])), [2 * Math.sin(1), 2 * Math.sin(2)], 1e-14);
    expectClose(f(f64([3, 4])), [2 * Math.sin(3), 2 * Math.sin(4)], 1e-14);
    expect(traces).toBe(1);
    f(f64([1, 2, 3]));
    expect(traces).toBe(2);
    f(np.array([1, 2], { dtype: 'float32' }));
    expect(traces).toBe(3);
    f(f64([5, 6]));
    expect(traces).toBe(3);
  });

  it('staticArgnums: part of the cache key, usable as JS values', () => {
    let traces = 0;
    const f = jit((x: Tensor, mode: string, k: number) => {
      traces++;
      return mode === 'tanh' ? np.tanh(x).mul(k) : np.sin(x).mul(k);
    }, { staticArgnums: [1, 2] });
    const x = f64([0.3, 0.6]);
    expectClose(f(x, 'tanh', 2), np.tanh(x).mul(2), 1e-14);
    expectClose(f(x, 'sin', 2), np.sin(x).mul(2), 1e-14);
    expectClose(f(x, 'sin', 3), np.sin(x).mul(3), 1e-14);
    expect(traces).toBe(3);
    f(f64([1, 1]), 'tanh', 2);
    expect(traces).toBe(3);
  });

  it('a jitted function closing over an outer grad tracer differentiates through it', () => {
    const outer = (x: Tensor) => jit((y: Tensor) => y.mul(x))(x); // x²
    for (const x0 of [1.5, -3]) {
      expectClose(grad(outer)(f64(x0)), 2 * x0, 1e-14);
      expectClose(jvp(outer, [f64(x0)], [f64(1)])[1], 2 * x0, 1e-14);
    }
    // closing over a vmap tracer
    expectClose(vmap((x: Tensor) => jit((y: Tensor) => y.mul(x))(f64(2)))(f64([1, 2, 3])), [2, 4, 6]);
  });
});
