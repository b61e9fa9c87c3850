/**
 * jvp conformance: every differentiable primitive's jvp agrees with 5-point central finite
 * differences in float64 along a random direction; non-differentiable ones give an exactly zero
 * tangent. Plus perturbation confusion and second-order checks (README, Architecture).
 */
import { describe, expect, it } from 'vitest';
import { np, lax, customJvp, grad, jvp, Tensor } from '../src/index.js';
import { ALL_PRIMITIVES, CASES, diffArgsOf, rngFor } from './helpers/primitive-cases.js';
import { Rng, SEEDS, asList, concat, f64, finiteDifference, host, maxScaledDiff, normalF64, relErr } from './helpers/check.js';

describe('the case table', () => {
  it('covers every primitive of the closed set', () => {
    const covered = new Set(CASES.map((c) => c.prim));
    expect(ALL_PRIMITIVES.filter((p) => !covered.has(p))).toEqual([]);
  });
});

describe.each(CASES)('jvp of $name', (c) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const args = inst.args(rng);
    const diff = diffArgsOf(c, args);
    // Args without a tangent get themselves (same type, ignored by jvp for non-float inputs).
    const tangents = args.map((a, i) => (diff.includes(i) ? normalF64(rng, a.shape) : a));
    const where = `${c.name} ${inst.desc} seed ${seed}`;

    const [y, ty] = jvp(inst.fn, args, tangents);
    const ys = asList(y as Tensor | Tensor[]), tys = asList(ty as Tensor | Tensor[]);
    const direct = asList(inst.fn(...args));
    expect(ys.length, where).toBe(direct.length);
    ys.forEach((o, k) => {
      expect(o.shape, `${where}: primal shape`).toEqual(direct[k].shape);
      expect(maxScaledDiff(host(o), host(direct[k])), `${where}: jvp's primal output differs from f(x)`).toBe(0);
      expect(tys[k].shape, `${where}: tangent shape`).toEqual(o.shape);
      expect(tys[k].dtype, `${where}: tangent dtype`).toBe(o.dtype);
    });

    if (!c.differentiable) {
      tys.forEach((t, k) => {
        const bad = Array.from(host(t)).findIndex((v) => v !== 0);
        expect(bad, `${where}: tangent of output ${k} must be exactly zero`).toBe(-1);
      });
      return;
    }
    const { h = 1e-3, tol = 1e-6 } = c.fd ?? {};
    const fd = finiteDifference(inst.fn, args, tangents, diff, h);
    const got = concat(tys.map(host)), want = concat(fd);
    expect(Math.max(...Array.from(want, Math.abs)), `${where}: degenerate draw (zero derivative)`).toBeGreaterThan(0);
    expect(relErr(got, want), `${where}: jvp vs finite differences`).toBeLessThanOrEqual(tol);
  });
});

describe('the finite-difference check can fail', () => {
  it('flags a custom_jvp whose rule is off by 1e-5 relative', () => {
    const off = customJvp((x: Tensor) => lax.sin(x), ([x], [t]) => [lax.sin(x), lax.mul(lax.mul(t, lax.cos(x)), lax.fullLike(t, 1 + 1e-5))]);
    const rng = new Rng(11);
    const x = normalF64(rng, [6]), t = normalF64(rng, [6]);
    const [, ty] = jvp((v: Tensor) => off(v), [x], [t]);
    const fd = finiteDifference((v) => off(v), [x], [t], [0], 1e-3);
    expect(relErr(host(ty as Tensor), fd[0])).toBeGreaterThan(1e-6);
    expect(relErr(host(ty as Tensor), fd[0])).toBeLessThan(1e-4);
  });
});

// --- ties: derivatives are shared evenly between the tied operands, as in JAX -----------------

describe('derivatives at ties', () => {
  it.each([['max', lax.max], ['min', lax.min]] as const)('%s(x, x) has tangent (tx + ty) / 2', (_n, op) => {
    const x = f64([3], (i) => i - 1);
    const [, t] = jvp(op, [x, x], [f64([3], () => 1), f64([3], (i) => 3 * i)]);
    expect(Array.from(host(t as Tensor))).toEqual([0.5, 2, 3.5]);
  });
  it('reduce_max with a three-way tie averages the tied tangents', () => {
    const x = f64([4], (i) => (i === 2 ? 0 : 2));
    const [, t] = jvp((v: Tensor) => lax.reduceMax(v, [0]), [x], [f64([4], (i) => [3, 5, 100, 7][i])]);
    expect(host(t as Tensor)[0]).toBe(5);
  });
});

// --- perturbation confusion ------------------------------------------------------------------

const scalar = (v: number): Tensor => f64([], () => v);
const value = (t: unknown): number => host(t as Tensor)[0];

describe('perturbation confusion (tags keep nested derivatives apart)', () => {
  it.each([-1.5, 0, 0.5, 3])('d/dx [x · d/dy (x + y) at y = 0] = 1 at x = %d (jvp inside jvp)', (x0) => {
    const f = (x: Tensor): Tensor => {
      const [, inner] = jvp((y: Tensor) => lax.add(x, y), [scalar(0)], [scalar(1)]);
      return lax.mul(x, inner);
    };
    const [, d] = jvp(f, [scalar(x0)], [scalar(1)]);
    expect(value(d)).toBe(1);
  });

  it.each([-1.5, 0, 0.5, 3])('d/dx [x · d/dy (x + y) at y = 0] = 1 at x = %d (grad inside grad)', (x0) => {
    const f = (x: Tensor): Tensor => lax.mul(x, grad((y: Tensor) => lax.add(x, y))(scalar(0)) as Tensor);
    expect(value(grad(f)(scalar(x0)))).toBe(1);
  });
});

// --- second order ----------------------------------------------------------------------------

describe('second-order derivatives', () => {
  it.each(SEEDS)('grad(grad(sin)) = −sin (seed %i)', (seed) => {
    const rng = new Rng(seed);
    for (let i = 0; i < 4; i++) {
      const x0 = rng.uniform(-4, 4);
      const g2 = grad(grad((x: Tensor) => lax.sin(x)))(scalar(x0));
      expect(Math.abs(value(g2) + Math.sin(x0)), `x = ${x0}`).toBeLessThan(1e-14);
    }
  });

  it('grad(grad(grad(exp))) = exp', () => {
    const g3 = grad(grad(grad((x: Tensor) => lax.exp(x))))(scalar(0.7));
    expect(Math.abs(value(g3) - Math.exp(0.7))).toBeLessThan(1e-14);
  });

  const composites: [string, (x: Tensor) => Tensor][] = [
    ['sum(tanh(x)·exp(x))', (x) => np.sum(np.multiply(np.tanh(x), np.exp(x)))],
    ['log(sum(exp(x))) (logsumexp)', (x) => np.log(np.sum(np.exp(x)))],
    ['sum(sin(x)·x²) / (1 + sum(x²))', (x) => np.divide(np.sum(np.multiply(np.sin(x), np.multiply(x, x))), np.add(1, np.sum(np.multiply(x, x))))],
    ['sum(sqrt(1 + (Wx)²)) with a matmul', (x) => {
      const w = f64([3, x.shape[0]], (i) => Math.sin(i + 1));
      const z = np.matmul(w, x);
      return np.sum(np.sqrt(np.add(1, np.multiply(z, z))));
    }],
  ];
  describe.each(composites)('jvp(grad(f)) vs finite differences of grad(f): %s', (_name, f) => {
    it.each(SEEDS)('seed %i', (seed) => {
      const rng = new Rng(100 + seed);
      const n = rng.int(2, 5);
      const x = normalF64(rng, [n]), t = normalF64(rng, [n]);
      const gf = (v: Tensor) => grad(f)(v) as Tensor;
      const [, hvp] = jvp(gf, [x], [t]);
      const fd = finiteDifference(gf, [x], [t], [0], 1e-3);
      expect(relErr(host(hvp as Tensor), fd[0])).toBeLessThanOrEqual(1e-6);
    });
  });
});
