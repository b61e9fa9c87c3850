/**
 * customVjp (jax.custom_vjp): the backward pass is the user's bwd (checked with a bwd that is
 * deliberately not the true derivative), a true bwd gives the true gradient (float64 finite
 * differences), it composes with jit, vmap, grad of grad, scan and pytrees, forward mode and
 * closed-over differentiated values are named errors (as in JAX), and WebGPU agrees with the CPU.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  np, lax, grad, jit, vmap, jvp, vjp, jacrev, jacfwd, valueAndGrad, customVjp, customJvp, useBackend, errors, Tensor,
} from '../src/index.js';
import { Rng, finiteDifference, host, maxScaledDiff, normalF64 } from './helpers/check.js';
import { expectError, bad } from './helpers/expect-error.js';
import { describeWebGPU } from './helpers/webgpu.js';

beforeEach(async () => { await useBackend('cpu'); });

const vals = async (t: Tensor): Promise<number[]> => Array.from(await t.data() as ArrayLike<number>, Number);

/** sin with a backward pass of 2·cos: not sin's derivative, so a result of 2cos(x) proves bwd ran. */
const twiceSin = customVjp(
  (x: Tensor) => np.sin(x),
  (x: Tensor) => [np.sin(x), np.cos(x)],
  (cosx: Tensor, g: Tensor) => [g.mul(cosx).mul(2)],
);

/** JAX's documented example: f(x, y) = sin(x)·y, with its true derivatives. */
const sinTimes = customVjp(
  (x: Tensor, y: Tensor) => np.sin(x).mul(y),
  (x: Tensor, y: Tensor) => [np.sin(x).mul(y), [np.cos(x), np.sin(x), y]],
  ([cosx, sinx, y]: Tensor[], g: Tensor) => [cosx.mul(g).mul(y), sinx.mul(g)],
);

describe('customVjp: the backward pass is the user\'s', () => {
  it('evaluates f, and grad / vjp / jacrev call bwd', async () => {
    const x = np.array([0, 1, 2], 'float64');
    expect(maxScaledDiff(host(twiceSin(x)), [0, 1, 2].map(Math.sin))).toBeLessThan(1e-15);
    const want = [0, 1, 2].map((v) => 2 * Math.cos(v));
    expect(maxScaledDiff(host(grad((v: Tensor) => twiceSin(v).sum())(x)), want)).toBeLessThan(1e-15);
    const [, pb] = vjp(twiceSin, x);
    expect(maxScaledDiff(host(pb(np.ones([3], 'float64'))[0] as Tensor), want)).toBeLessThan(1e-15);
    const J = host(jacrev(twiceSin)(x) as Tensor);
    expect(maxScaledDiff(J, [want[0], 0, 0, 0, want[1], 0, 0, 0, want[2]])).toBeLessThan(1e-15);
  });

  it('a true bwd gives the true gradient: float64 finite differences through a chain around it', () => {
    const rng = new Rng(7);
    const x = normalF64(rng, [4]), y = normalF64(rng, [4]);
    const loss = (a: Tensor, b: Tensor) => np.tanh(sinTimes(a.mul(a), np.exp(b))).sum();
    const [gx, gy] = grad(loss, { argnums: [0, 1] })(x, y) as Tensor[];
    for (const [i, g] of [[0, gx], [1, gy]] as const) {
      const dir = normalF64(rng, [4]);
      const fd = finiteDifference((a, b) => loss(a, b), [x, y], i === 0 ? [dir, y] : [x, dir], [i], 1e-3)[0][0];
      const ad = host(g).reduce((s, v, k) => s + v * host(dir)[k], 0);
      expect(Math.abs(ad - fd) / (1 + Math.abs(fd)), `argument ${i}`).toBeLessThan(1e-10);
    }
  });

  it('jit, vmap of grad, grad of vmap and grad of grad (bwd is differentiated like any code)', async () => {
    const x = np.array([0.5, 1, 2], 'float64');
    const want = [0.5, 1, 2].map((v) => 2 * Math.cos(v));
    const g = (v: Tensor) => twiceSin(v).sum();
    expect(maxScaledDiff(host(jit(grad(g))(x)), want)).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(vmap(grad((v: Tensor) => twiceSin(v)))(x)), want)).toBeLessThan(1e-15);
    expect(maxScaledDiff(host(grad((v: Tensor) => vmap(twiceSin)(v).sum())(x)), want)).toBeLessThan(1e-15);
    // d/dx of bwd's 2·cos(x) is −2·sin(x).
    const gg = grad((v: Tensor) => grad(g)(v).sum())(x);
    expect(maxScaledDiff(host(gg), [0.5, 1, 2].map((v) => -2 * Math.sin(v)))).toBeLessThan(1e-15);
  });

  it('inside lax.scan under grad (the scan transposes the custom backward pass)', () => {
    const xs = np.array([0.3, -0.7, 1.1, 0.2], 'float64');
    const loss = (h0: Tensor) => lax.scan((h: Tensor, x: Tensor) => {
      const hn = twiceSin(h.add(x));
      return [hn, hn];
    }, h0, xs)[0];
    // By hand: h_{k+1} = sin(h_k + x_k), with the custom derivative 2cos(h_k + x_k) per step.
    let h = 0.4, d = 1;
    for (const x of [0.3, -0.7, 1.1, 0.2]) { d *= 2 * Math.cos(h + x); h = Math.sin(h + x); }
    expect(host(loss(np.array(0.4, 'float64')))[0]).toBeCloseTo(h, 14);
    expect(host(grad(loss)(np.array(0.4, 'float64')))[0]).toBeCloseTo(d, 14);
  });

  it('pytrees: object arguments, residuals with static leaves, null cotangents, integer arguments', async () => {
    const scaled = customVjp(
      (a: Tensor, p: { s: Tensor; n: Tensor }) => ({ y: a.mul(p.s) }),
      (a: Tensor, p: { s: Tensor; n: Tensor }) => [{ y: a.mul(p.s) }, { a, s: p.s, k: 3 }],
      (r: { a: Tensor; s: Tensor; k: number }, ct: { y: Tensor }) => [ct.y.mul(r.s).mul(r.k), { s: ct.y.mul(r.a).sum(), n: null }],
    );
    const a = np.array([1, 2, 3]), n = np.array(4, 'int32');
    const [v, [ga, gs]] = valueAndGrad((x: Tensor, s: Tensor) => scaled(x, { s, n }).y.sum(), { argnums: [0, 1] })(a, np.array(5)) as [Tensor, Tensor[]];
    expect(await vals(v)).toEqual([30]);
    expect(await vals(ga)).toEqual([15, 15, 15]); // 5 · 3 (the static residual k)
    expect(await vals(gs)).toEqual([6]);
    // A null cotangent for a whole argument is a zero.
    const half = customVjp((x: Tensor, y: Tensor) => x.add(y), (x: Tensor, y: Tensor) => [x.add(y), null], (_r: null, g: Tensor) => [g, null]);
    const [gx, gy] = grad((x: Tensor, y: Tensor) => half(x, y).sum(), { argnums: [0, 1] })(a, a) as Tensor[];
    expect(await vals(gx)).toEqual([1, 1, 1]);
    expect(await vals(gy)).toEqual([0, 0, 0]);
  });

  it('defvjp sets the rules after the fact (JAX\'s decorator style)', async () => {
    const clipGrad = customVjp((x: Tensor) => x);
    expectError(() => clipGrad(np.array([1])), errors.ArgumentError, 'defvjp');
    clipGrad.defvjp((x: Tensor) => [x, null], (_r: null, g: Tensor) => [np.clip(g, -1, 1)]);
    // The value passes through; the gradient (here 5 per element) is clipped to 1.
    expect(await vals(clipGrad(np.array([2, -3])))).toEqual([2, -3]);
    expect(await vals(grad((x: Tensor) => clipGrad(x).mul(5).sum())(np.array([2, -3])))).toEqual([1, 1]);
  });

  it('a value f closes over may be captured when it is not differentiated', async () => {
    const w = np.array([2, 3]);
    const f = customVjp((x: Tensor) => x.mul(w), (x: Tensor) => [x.mul(w), null], (_r: null, g: Tensor) => [g.mul(w)]);
    expect(await vals(grad((x: Tensor) => f(x).sum())(np.array([1, 1])))).toEqual([2, 3]);
  });
});

describe('customVjp and customJvp: named errors', () => {
  const x = np.array([0.5, 1]);

  it('forward mode raises, as in JAX (jvp, jacfwd, jit of jvp)', () => {
    expectError(() => jvp(twiceSin, [x], [np.ones([2])]), errors.ArgumentError, 'forward-mode', 'customJvp');
    expectError(() => jacfwd(twiceSin)(x), errors.ArgumentError, 'forward-mode');
    expectError(() => jit((v: Tensor) => jvp(twiceSin, [v], [np.ones([2])])[1])(x), errors.ArgumentError, 'forward-mode');
  });

  it('a differentiated value captured by the function is an error, not a dropped gradient', () => {
    const viaVjp = (w: Tensor) => customVjp((v: Tensor) => v.mul(w), (v: Tensor) => [v.mul(w), null], (_r: null, g: Tensor) => [g])(x).sum();
    expectError(() => grad(viaVjp)(np.array(2)), errors.ArgumentError, 'closes over', 'as an argument');
    const viaJvp = (w: Tensor) => customJvp((v: Tensor) => v.mul(w), ([v], [t]) => [v.mul(w), t.mul(w)])(x).sum();
    expectError(() => grad(viaJvp)(np.array(2)), errors.ArgumentError, 'customJvp', 'closes over');
    expectError(() => jvp(viaJvp, [np.array(2)], [np.array(1)]), errors.ArgumentError, 'closes over');
  });

  it('fwd and bwd that do not match f are named errors', () => {
    const wrongOut = customVjp((v: Tensor) => v.sum(), (v: Tensor) => [v, null], (_r: null, g: Tensor) => [g]);
    expectError(() => grad((v: Tensor) => wrongOut(v))(x), errors.ShapeError, "fwd's output", 'f32[]');
    const notPair = customVjp((v: Tensor) => v.sum(), bad((v: Tensor) => v.sum()), (_r: null, g: Tensor) => [g]);
    expectError(() => grad((v: Tensor) => notPair(v))(x), errors.ArgumentError, '[output, residuals]');
    const tooMany = customVjp((v: Tensor) => v.sum(), (v: Tensor) => [v.sum(), null], (_r: null, g: Tensor) => [g, g]);
    expectError(() => grad((v: Tensor) => tooMany(v))(x), errors.ArgumentError, 'one cotangent per argument of f (1)');
    const wrongShape = customVjp((v: Tensor) => v.sum(), (v: Tensor) => [v.sum(), null], (_r: null, g: Tensor) => [g]);
    expectError(() => grad((v: Tensor) => wrongShape(v))(x), errors.ShapeError, 'f32[]', 'f32[2]');
    expectError(() => customVjp(bad<(x: Tensor) => Tensor>(3)), errors.ArgumentError, 'customVjp');
  });
});

describeWebGPU('customVjp on WebGPU', () => {
  it('jit(grad) through a custom backward pass equals the CPU on fresh inputs; jit(jvp) is the named error', async () => {
    const rng = new Rng(11);
    const xs = Float32Array.from({ length: 64 }, () => rng.normal()), ys = Float32Array.from({ length: 64 }, () => rng.normal());
    const loss = jit(grad((a: Tensor, b: Tensor) => np.tanh(sinTimes(a, b)).sum(), { argnums: [0, 1] }));
    const run = async () => (loss(np.array(xs, { shape: [64] }), np.array(ys, { shape: [64] })) as Tensor[]).map((t) => t.data());
    const cpu = await Promise.all(await run());
    await useBackend('webgpu');
    expectError(() => jit((v: Tensor) => jvp(twiceSin, [v], [np.ones([2])])[1])(np.array([1, 2])), errors.ArgumentError, 'forward-mode');
    const gpu = await Promise.all(await run());
    for (let k = 0; k < 2; k++) expect(maxScaledDiff(gpu[k] as Float32Array, cpu[k] as Float32Array)).toBeLessThan(1e-5);
    // The true gradient (bwd is sin·y's derivative): d/da = (1 − tanh²)·cos(a)·b.
    const want = Array.from(xs, (a, i) => (1 - Math.tanh(Math.sin(a) * ys[i]) ** 2) * Math.cos(a) * ys[i]);
    expect(maxScaledDiff(gpu[0] as Float32Array, want)).toBeLessThan(1e-5);
  });
});
