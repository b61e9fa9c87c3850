/**
 * Control flow on the CPU interpreter (issue 12): lax.scan / map / foriLoop / whileLoop / cond /
 * switch. Every rule is checked against the unrolled program (the same body called in a JS loop
 * or a JS branch): values, jvp, grad, vmap; grad of scan also against float64 finite differences;
 * the named errors; printing; DCE inside bodies.
 */
import { describe, expect, it } from 'vitest';
import { errors, grad, hessian, jit, jvp, lax, linearize, makeJaxpr, np, vmap, vjp, type Tensor } from '../src/index.js';
import { optimize } from '../src/compiler/passes/index.js';
import { Rng, finiteDifference, host, normalF64, relErr } from './helpers/check.js';
import { expectError } from './helpers/expect-error.js';

const close = (got: Tensor, want: Tensor, tol = 1e-12) => {
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  expect(relErr(host(got), host(want))).toBeLessThanOrEqual(tol);
};

/** A non-linear step with a weight constant: carry [h, s], x → ([h', s'], y). */
const W = (rng: Rng) => normalF64(rng, [3, 3]).mul(0.5);
const step = (w: Tensor) => ([h, s]: [Tensor, Tensor], x: Tensor): [[Tensor, Tensor], Tensor] => {
  const h2 = np.tanh(np.matmul(w, h).add(x));
  return [[h2, s.add(h2.mul(h2).sum())], h2.sin()];
};

/** The scan unrolled in JS: the oracle. */
function unrolled(w: Tensor, h0: Tensor, xs: Tensor, reverse = false): [[Tensor, Tensor], Tensor] {
  let c: [Tensor, Tensor] = [h0, np.array(0, { dtype: h0.dtype })];
  const n = xs.shape[0];
  const ys: Tensor[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const i = reverse ? n - 1 - k : k;
    const [c2, y] = step(w)(c, xs.at(i).get());
    c = c2; ys[i] = y;
  }
  return [c, np.stack(ys)];
}
const scanned = (w: Tensor, h0: Tensor, xs: Tensor, reverse = false) =>
  lax.scan(step(w), [h0, np.array(0, { dtype: h0.dtype })] as [Tensor, Tensor], xs, { reverse });

describe('lax.scan', () => {
  it.each([false, true])('equals the unrolled loop (reverse %s), pytree carry', (reverse) => {
    const rng = new Rng(1);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [5, 3]);
    const [[h, s], ys] = scanned(w, h0, xs, reverse);
    const [[h2, s2], ys2] = unrolled(w, h0, xs, reverse);
    close(h, h2); close(s, s2); close(ys, ys2);
  });

  it('takes pytrees of xs and ys, length without xs, and an empty scan', () => {
    const xs = { a: np.arange(4).astype('float32'), b: np.ones([4, 2]) };
    const [c, ys] = lax.scan((c: Tensor, x: { a: Tensor; b: Tensor }) => [c.add(x.a), { p: c, q: x.b.mul(x.a) }] as const, np.array(0), xs);
    expect(host(c)[0]).toBe(6);
    expect(Array.from(host(ys.p))).toEqual([0, 0, 1, 3]);
    expect(Array.from(host(ys.q))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    const [n] = lax.scan((c: Tensor) => [c.mul(2), null] as const, np.array(1), null, { length: 5 });
    expect(host(n)[0]).toBe(32);
    const [z, zs] = lax.scan((c: Tensor, x: Tensor) => [c.add(x), x.mul(2)] as const, np.array(7), np.zeros([0, 2]).sum(1));
    expect(host(z)[0]).toBe(7);
    expect(zs.shape).toEqual([0]);
  });

  it('lax.map equals a JS loop over the leading axis', () => {
    const rng = new Rng(2);
    const xs = normalF64(rng, [4, 3]);
    const f = (x: Tensor) => x.sin().sum();
    close(lax.map(f, xs), np.stack(Array.from({ length: 4 }, (_, i) => f(xs.at(i).get()))));
  });

  it('jvp equals the jvp of the unrolled loop', () => {
    const rng = new Rng(3);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [4, 3]);
    const tw = normalF64(rng, [3, 3]), th = normalF64(rng, [3]), tx = normalF64(rng, [4, 3]);
    const f = (g: typeof scanned) => (w: Tensor, h: Tensor, x: Tensor) => { const [[a, s], ys] = g(w, h, x); return [a, s, ys]; };
    const [o1, t1] = jvp(f(scanned), [w, h0, xs], [tw, th, tx]);
    const [o2, t2] = jvp(f(unrolled), [w, h0, xs], [tw, th, tx]);
    o1.forEach((o, i) => close(o, o2[i]));
    t1.forEach((t, i) => close(t, t2[i]));
  });

  const loss = (g: typeof scanned) => (w: Tensor, h: Tensor, x: Tensor) => {
    const [[a, s], ys] = g(w, h, x);
    return a.sum().add(s).add(ys.mul(ys).sum());
  };

  it.each([false, true])('grad equals the grad of the unrolled loop and finite differences in float64 (reverse %s)', (reverse) => {
    const rng = new Rng(4);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [6, 3]);
    const lossR = (g: typeof scanned) => (w: Tensor, h: Tensor, x: Tensor) => loss((a, b, c) => g(a, b, c, reverse))(w, h, x);
    const g1 = grad(lossR(scanned), { argnums: [0, 1, 2] })(w, h0, xs);
    const g2 = grad(lossR(unrolled), { argnums: [0, 1, 2] })(w, h0, xs);
    g1.forEach((g, i) => close(g, g2[i], 1e-12));
    // Finite differences along a random direction.
    const dirs = [normalF64(rng, [3, 3]), normalF64(rng, [3]), normalF64(rng, [6, 3])];
    const [fd] = finiteDifference(lossR(scanned), [w, h0, xs], dirs, [0, 1, 2], 1e-3);
    const ad = g1.reduce((s, g, i) => s + host(g).reduce((t, v, j) => t + v * host(dirs[i])[j], 0), 0);
    expect(Math.abs(ad - fd[0]) / Math.abs(fd[0])).toBeLessThan(1e-6);
  });

  it('grad of a jitted scan, vmap of grad, and grad with a carry reset to a constant', () => {
    const rng = new Rng(5);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [4, 3]);
    close(jit(grad(loss(scanned)))(w, h0, xs), grad(loss(unrolled))(w, h0, xs));
    close(grad(jit(loss(scanned)))(w, h0, xs), grad(loss(unrolled))(w, h0, xs));
    const ws = np.stack([w, w.mul(0.5)]);
    close(vmap(grad(loss(scanned)), { inAxes: [0, null, null] })(ws, h0, xs),
      np.stack([grad(loss(unrolled))(w, h0, xs), grad(loss(unrolled))(w.mul(0.5), h0, xs)]));
    // The second carry is reset every iteration (its tangent is a known zero: a "forced" carry).
    const reset = (x: Tensor) => lax.scan(([a, b]: Tensor[], xi: Tensor): readonly [Tensor[], Tensor] => [[a.mul(xi).add(b), np.array(1, { dtype: 'float64' })], a] as const,
      [np.array(1, { dtype: 'float64' }), x.sum()], np.arange(1, 4).astype('float64').mul(x.sum()));
    const lossReset = (x: Tensor) => { const [[a, b], ys] = reset(x); return a.add(b).add(ys.sum()); };
    const x0 = normalF64(rng, [2]);
    const [fd] = finiteDifference(lossReset, [x0], [np.ones([2]).astype('float64')], [0], 1e-3);
    expect(Math.abs(host(grad(lossReset)(x0)).reduce((s, v) => s + v, 0) - fd[0])).toBeLessThan(1e-8 * (1 + Math.abs(fd[0])));
  });

  it('compositions: hessian (forward over reverse) of a scan, grad of lax.map', () => {
    const rng = new Rng(10);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [3, 3]);
    const f = (g: typeof scanned) => (h: Tensor) => loss(g)(w, h, xs);
    close(hessian(f(scanned))(h0), hessian(f(unrolled))(h0), 1e-11);
    const m = (v: Tensor) => lax.map((x: Tensor) => x.sin().mul(x).sum(), v).mul(np.arange(3).astype('float64')).sum();
    const mj = (v: Tensor) => np.stack([0, 1, 2].map((i) => v.at(i).get().sin().mul(v.at(i).get()).sum())).mul(np.arange(3).astype('float64')).sum();
    close(grad(m)(xs), grad(mj)(xs));
  });

  it('vjp gives cotangents for carry init and xs', () => {
    const rng = new Rng(6);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [3, 3]);
    const f = (g: typeof scanned) => (h: Tensor, x: Tensor) => g(w, h, x)[1];
    const ct = normalF64(rng, [3, 3]);
    const [, pb1] = vjp(f(scanned), h0, xs);
    const [, pb2] = vjp(f(unrolled), h0, xs);
    pb1(ct).forEach((c, i) => close(c as Tensor, pb2(ct)[i] as Tensor));
  });

  it('vmap over xs, the carry, or a constant equals a loop over the batch', () => {
    const rng = new Rng(7);
    const w = W(rng), h0 = normalF64(rng, [3]), xs = normalF64(rng, [2, 4, 3]), hs = normalF64(rng, [2, 3]);
    const f = (g: typeof scanned) => (w: Tensor, h: Tensor, x: Tensor) => { const [[a, s], ys] = g(w, h, x); return [a, s, ys]; };
    const byHand = (args: (i: number) => [Tensor, Tensor, Tensor]) => [0, 1].map((i) => f(unrolled)(...args(i)));
    const check = (got: Tensor[], want: Tensor[][]) => got.forEach((g, k) => close(g, np.stack(want.map((w2) => w2[k]))));
    check(vmap(f(scanned), { inAxes: [null, null, 0] })(w, h0, xs), byHand((i) => [w, h0, xs.at(i).get()]));
    check(vmap(f(scanned), { inAxes: [null, 0, null] })(w, hs, xs.at(0).get()), byHand((i) => [w, hs.at(i).get(), xs.at(0).get()]));
    check(vmap(f(scanned), { inAxes: [0, null, 1] })(np.stack([w, w.neg()]), h0, xs.transpose([1, 0, 2])),
      byHand((i) => [i === 0 ? w : w.neg(), h0, xs.at(i).get()]));
  });

  it('raises named errors: carry types change, xs sizes disagree, no length', () => {
    const xs = np.ones([3]);
    expectError(() => lax.scan((c: Tensor, x: Tensor) => [c.astype('int32'), x] as const, np.array(0), xs),
      errors.DTypeError, 'lax.scan', 'carry', 'i32[]', 'f32[]');
    expectError(() => lax.scan((c: Tensor, x: Tensor) => [np.stack([c, x]), x] as const, np.array(0), xs),
      errors.ShapeError, 'lax.scan', 'f32[2]', 'f32[]');
    expectError(() => lax.scan((c: Tensor, x: Tensor) => [[c] as unknown as Tensor, x] as const, np.array(0), xs), errors.ShapeError, 'structure');
    expectError(() => lax.scan((c: Tensor) => [c, null] as const, np.array(0), [np.ones([3]), np.ones([4])]),
      errors.ShapeError, 'lax.scan', 'f32[4]', 'length 3');
    expectError(() => lax.scan((c: Tensor) => [c, null] as const, np.array(0), null), errors.ArgumentError, 'length');
    expectError(() => lax.scan((c: Tensor) => [c, null] as const, np.array(0), np.ones([3]), { length: 4 }), errors.ShapeError, 'length 4');
  });

  it('prints its body nested in the Jaxpr, and DCE drops unused ys and carries inside it', () => {
    const f = (xs: Tensor) => {
      const [[a, b], ys] = lax.scan(([a, b]: Tensor[], x: Tensor) => [[a.add(x), b.mul(x.exp())], [x.sin(), x.cos()]] as const,
        [np.array(0), np.array(1)], xs);
      return [a, ys[0]];
      void b;
    };
    const j = makeJaxpr(f)(np.ones([3]));
    const text = String(j);
    expect(text).toContain('scan[jaxpr={ lambda');
    expect(text).toContain('numCarry=2');
    const opt = optimize(j);
    const scanEqn = opt.eqns.find((e) => e.prim === 'scan')!;
    const body = String((scanEqn.params as { jaxpr: unknown }).jaxpr);
    expect(body).not.toContain('exp'); // the dead carry b
    expect(body).not.toContain('cos'); // the dead ys
    expect(body).toContain('sin');
    expect((scanEqn.params as { numCarry: number }).numCarry).toBe(1);
  });
});

describe('nested control flow', () => {
  it('a scan inside a scan, with a cond inside: values and grad equal the unrolled loops', () => {
    const rng = new Rng(9);
    const xs = normalF64(rng, [3, 4, 2]);
    const inner = (c: Tensor, x: Tensor): [Tensor, Tensor] => {
      const n = lax.cond(x.sum().gt(0), (a: Tensor, b: Tensor) => a.mul(b.sin()), (a: Tensor, b: Tensor) => a.add(b).tanh(), c, x);
      return [n, n.sum()];
    };
    const nested = (x0: Tensor, xs: Tensor) => {
      const [c, ys] = lax.scan((c: Tensor, row: Tensor) => { const [c2, ys2] = lax.scan(inner, c, row); return [c2.mul(0.9), ys2] as const; }, x0, xs);
      return c.sum().add(ys.mul(ys).sum());
    };
    const byHand = (x0: Tensor, xs: Tensor) => {
      let c = x0, acc = np.array(0, { dtype: 'float64' });
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 4; j++) {
          const x = xs.at(i, j).get();
          const [n, y] = host(x.sum())[0] > 0 ? [c.mul(x.sin()), null] : [c.add(x).tanh(), null];
          void y;
          c = n; acc = acc.add(n.sum().mul(n.sum()));
        }
        c = c.mul(0.9);
      }
      return c.sum().add(acc);
    };
    const x0 = normalF64(rng, [2]);
    close(nested(x0, xs), byHand(x0, xs));
    close(grad(nested)(x0, xs), grad(byHand)(x0, xs));
    close(jit(grad(nested))(x0, xs), grad(byHand)(x0, xs));
  });
});

describe('lax.foriLoop', () => {
  it('static bounds (a scan) and array bounds (a while loop) equal the JS loop, and grad works with static bounds', () => {
    const body = (i: Tensor, x: Tensor) => x.mul(1.5).add(i.astype('float64').sin());
    const js = (x: Tensor, lo: number, hi: number) => { for (let i = lo; i < hi; i++) x = body(np.array(i, { dtype: 'int32' }), x); return x; };
    const x0 = np.array([0.3, -0.2], { dtype: 'float64' });
    close(lax.foriLoop(2, 6, body, x0), js(x0, 2, 6));
    close(lax.foriLoop(np.array(2, { dtype: 'int32' }), np.array(6, { dtype: 'int32' }), body, x0), js(x0, 2, 6));
    close(lax.foriLoop(5, 2, body, x0), x0);
    const f = (x: Tensor) => lax.foriLoop(0, 4, (_i, v: Tensor) => v.sin().mul(v), x).sum();
    const fj = (x: Tensor) => { let v = x; for (let i = 0; i < 4; i++) v = v.sin().mul(v); return v.sum(); };
    close(grad(f)(x0), grad(fj)(x0));
    expect(String(makeJaxpr(f)(x0))).toContain('scan[');
  });
});

describe('lax.whileLoop', () => {
  const cond = (x: Tensor) => x.sum().lt(10);
  const body = (x: Tensor) => x.mul(x).add(0.5);
  const js = (x: Tensor) => { while (host(cond(x))[0]) x = body(x); return x; };

  it('equals the JS loop; jvp equals the jvp of the unrolled loop', () => {
    const x0 = np.array([1.1, 0.3], { dtype: 'float64' });
    close(lax.whileLoop(cond, body, x0), js(x0));
    const t = np.array([0.7, -1], { dtype: 'float64' });
    const [y1, t1] = jvp((x: Tensor) => lax.whileLoop(cond, body, x), [x0], [t]);
    const [y2, t2] = jvp(js, [x0], [t]);
    close(y1, y2); close(t1, t2);
    // linearize (partial evaluation of the loop: the tangent part is staged, the primal runs now).
    const [yl, fJvp] = linearize((x: Tensor) => lax.whileLoop(cond, body, x), x0);
    close(yl, y2); close(fJvp(t), t2);
    // maxIterations: a bounded, predicated loop gives the same value when the bound is enough.
    close(lax.whileLoop(cond, body, x0, { maxIterations: 20 }), js(x0));
  });

  it('vmap with a batched predicate runs until every lane is done, finished lanes keep their value', () => {
    const xs = np.array([[1.1, 0.3], [5, 6], [0.1, 0.1]], { dtype: 'float64' });
    close(vmap((x: Tensor) => lax.whileLoop(cond, body, x))(xs), np.stack([0, 1, 2].map((i) => js(xs.at(i).get()))));
    // An unbatched predicate with a batched carry component.
    const f = (a: Tensor) => lax.whileLoop(([i]: Tensor[]) => i.lt(3), ([i, v]: Tensor[]) => [i.add(1), v.mul(a)], [np.array(0, { dtype: 'int32' }), np.array(1, { dtype: 'float64' })])[1];
    close(vmap(f)(np.array([2, 3], { dtype: 'float64' })), np.array([8, 27], { dtype: 'float64' }));
  });

  it('grad raises the named error (as JAX); condFn must return a bool scalar; the carry keeps its type', () => {
    expectError(() => grad((x: Tensor) => lax.whileLoop(cond, body, x).sum())(np.array([1.1, 0.3])),
      errors.ArgumentError, 'lax.whileLoop', 'reverse-mode', 'foriLoop');
    expectError(() => lax.whileLoop((x: Tensor) => x, body, np.array([1, 2])), errors.DTypeError, 'condFn', 'bool scalar');
    expectError(() => lax.whileLoop((x: Tensor) => x.lt(3), (x: Tensor) => x.astype('int32'), np.array(1)),
      errors.DTypeError, 'lax.whileLoop', 'i32[]', 'f32[]');
  });
});

describe('lax.cond / lax.switch', () => {
  const t = (v: Tensor) => v.sin().mul(v), f = (v: Tensor) => v.neg().exp();

  it('picks the branch; switch clamps the index as JAX', () => {
    const x = np.array([0.5, -1], { dtype: 'float64' });
    close(lax.cond(np.array(true), t, f, x), t(x));
    close(lax.cond(np.array(false), t, f, x), f(x));
    const bs = [t, f, (v: Tensor) => v.mul(3)];
    close(lax.switch(7, bs, x) as Tensor, bs[2](x));
    close(lax.switch(np.array(-3, { dtype: 'int32' }), bs, x) as Tensor, bs[0](x));
    close(lax.switch(1, bs, x) as Tensor, bs[1](x));
  });

  it('grad and jvp equal those of the chosen branch; vmap with a batched predicate selects per element', () => {
    const rng = new Rng(8);
    const x = normalF64(rng, [4]);
    const g = (v: Tensor) => lax.cond(v.sum().gt(0), t, f, v).sum();
    // The oracle decides the branch from the concrete input, outside the transformation.
    const chosenAt = (at: Tensor) => (v: Tensor) => (host(at.sum())[0] > 0 ? t(v) : f(v)).sum();
    close(grad(g)(x), grad(chosenAt(x))(x));
    close(grad(g)(x.neg()), grad(chosenAt(x.neg()))(x.neg()));
    const dx = normalF64(rng, [4]);
    close(jvp(g, [x], [dx])[1], jvp(chosenAt(x), [x], [dx])[1]);
    const xs = np.stack([x, x.neg(), x.mul(2)]);
    const row = (i: number) => xs.at(i).get();
    close(vmap(g)(xs), np.stack([0, 1, 2].map((i) => chosenAt(row(i))(row(i)))));
    close(vmap(grad(g))(xs), np.stack([0, 1, 2].map((i) => grad(chosenAt(row(i)))(row(i)))));
    // Unbatched predicate, batched operand.
    close(vmap((v: Tensor) => lax.cond(np.array(true), t, f, v))(xs), t(xs));
    const [fd] = finiteDifference(g, [x], [dx], [0], 1e-3);
    expect(Math.abs(host(jvp(g, [x], [dx])[1])[0] - fd[0])).toBeLessThan(1e-8 * (1 + Math.abs(fd[0])));
  });

  it('raises a named error when the branches disagree, naming the types', () => {
    expectError(() => lax.cond(np.array(true), (v: Tensor) => v, (v: Tensor) => v.sum(), np.ones([3])),
      errors.ShapeError, 'lax.cond', 'branch 1', 'f32[]', 'f32[3]');
    expectError(() => lax.switch(0, [(v: Tensor) => v, (v: Tensor) => v.astype('int32')], np.ones([3])),
      errors.DTypeError, 'lax.switch', 'i32[3]', 'f32[3]');
    expectError(() => lax.cond(np.array([true, false]), t, f, np.ones([2])), errors.ShapeError, 'predicate must be a scalar');
  });
});
