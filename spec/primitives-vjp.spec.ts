/**
 * vjp conformance by the dot-product test: for random t and ct, ⟨ct, J·t⟩ (from jvp) equals
 * ⟨Jᵀ·ct, t⟩ (from vjp) in float64. This checks every transpose rule (and linearize's partial
 * evaluation) against the independently checked jvp rules.
 */
import { describe, expect, it } from 'vitest';
import { np, customJvp, jvp, lax, vjp, Tensor } from '../src/index.js';
import { CASES, PrimitiveCase, diffArgsOf, rngFor } from './helpers/primitive-cases.js';
import { Rng, SEEDS, asList, dot, f64, host, norm, normalF64 } from './helpers/check.js';

/** A random cotangent of `y`'s type (float32 outputs get float32 ones; bool/int ones random too). */
function randomLike(rng: Rng, y: Tensor): Tensor {
  const v = host(normalF64(rng, y.shape));
  const shape = [...y.shape];
  switch (y.dtype) {
    case 'float64': return np.array(v, { dtype: 'float64', shape });
    case 'float32': return np.array(Float32Array.from(v), { dtype: 'float32', shape });
    case 'bool': return np.array(Uint8Array.from(v, (e) => (e > 0 ? 1 : 0)), { dtype: 'bool', shape });
    default: return np.array(Int32Array.from(v, (e) => Math.round(3 * e)), { dtype: y.dtype, shape });
  }
}

interface DotTest { lhs: number; rhs: number; scale: number; grads: Tensor[]; args: Tensor[]; diff: number[] }

function dotProductTest(fn: (...xs: Tensor[]) => Tensor | Tensor[], args: Tensor[], diff: number[], rng: Rng): DotTest {
  const tangents = args.map((a, i) => (diff.includes(i) ? normalF64(rng, a.shape) : a));
  const [y, pullback] = vjp(fn, ...args);
  const ys = asList(y as Tensor | Tensor[]);
  const cts = ys.map((o) => randomLike(rng, o));
  const grads = pullback((Array.isArray(y) ? cts : cts[0]) as never) as Tensor[];
  const [, ty] = jvp(fn, args, tangents);
  const tys = asList(ty as Tensor | Tensor[]);
  const lhs = cts.reduce((s, c, k) => s + dot(host(c), host(tys[k])), 0);
  const rhs = diff.reduce((s, i) => s + dot(host(grads[i]), host(tangents[i])), 0);
  // Scale by the norms, not |lhs|: a sum of many terms may cancel to near zero.
  const scale = cts.reduce((s, c, k) => s + norm(host(c)) * norm(host(tys[k])), 0) +
    diff.reduce((s, i) => s + norm(host(grads[i])) * norm(host(tangents[i])), 0);
  return { lhs, rhs, scale, grads, args, diff };
}

const differentiable = CASES.filter((c) => c.differentiable);
// Non-differentiable cases with a float input (sign, floor, stop_gradient, compare, argmax,
// cast to int, iota): the pullback of any cotangent must be exactly zero.
const zeroGrad = CASES.filter((c) => {
  if (c.differentiable) return false;
  const rng = rngFor(c, SEEDS[0]);
  return c.make(rng).args(rng).some((a) => a.dtype === 'float64');
});

describe.each(differentiable)('vjp of $name', (c: PrimitiveCase) => {
  it.each(SEEDS)('seed %i: ⟨ct, J·t⟩ = ⟨Jᵀ·ct, t⟩', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const args = inst.args(rng);
    const where = `${c.name} ${inst.desc} seed ${seed}`;
    const r = dotProductTest(inst.fn, args, diffArgsOf(c, args), rng);
    r.grads.forEach((g, i) => {
      expect(g.shape, `${where}: cotangent ${i} shape`).toEqual(args[i].shape);
      expect(g.dtype, `${where}: cotangent ${i} dtype`).toBe(args[i].dtype);
      if (!r.diff.includes(i)) expect(Array.from(host(g)).every((v) => v === 0), `${where}: index arg ${i} has a zero cotangent`).toBe(true);
    });
    expect(r.scale, `${where}: degenerate test (all-zero Jacobian)`).toBeGreaterThan(0);
    expect(Math.abs(r.lhs - r.rhs) / r.scale, `${where}: ⟨ct, J·t⟩ = ${r.lhs} but ⟨Jᵀ·ct, t⟩ = ${r.rhs}`)
      .toBeLessThanOrEqual(c.vjpTol ?? 1e-9);
  });
});

describe.each(zeroGrad)('vjp of $name', (c: PrimitiveCase) => {
  it.each(SEEDS)('seed %i: the cotangent is exactly zero', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const args = inst.args(rng);
    const [y, pullback] = vjp(inst.fn, ...args);
    // (iota's argument only feeds vmap; the result does not depend on it.)
    const [g] = pullback(randomLike(rng, y as Tensor)) as Tensor[];
    expect(g.shape).toEqual(args[0].shape);
    expect(Array.from(host(g)).findIndex((v) => v !== 0), `${c.name} ${inst.desc} seed ${seed}`).toBe(-1);
  });
});

describe('the dot-product test can fail', () => {
  it('rejects a custom_jvp whose rule is not linear in the tangent', () => {
    // jvp gives t·cos(x) + t² — not a linear map, so no transpose can match it.
    const bad = customJvp((x: Tensor) => lax.sin(x), ([x], [t]) => [lax.sin(x), lax.add(lax.mul(t, lax.cos(x)), lax.mul(t, t))]);
    const rng = new Rng(7);
    const x = normalF64(rng, [5]);
    expect(() => {
      const r = dotProductTest((v) => bad(v), [x], [0], rng);
      if (Math.abs(r.lhs - r.rhs) / r.scale <= 1e-9) throw new Error('passed');
    }).toThrow();
  });

  it('notices a wrong transpose: ⟨ct, J·t⟩ ≠ ⟨2·Jᵀ·ct, t⟩', () => {
    const rng = new Rng(8);
    const x = normalF64(rng, [3, 4]);
    const r = dotProductTest((v) => lax.reduceSum(lax.sin(v), [1]), [x], [0], rng);
    const doubled = 2 * r.rhs;
    expect(Math.abs(r.lhs - r.rhs) / r.scale).toBeLessThan(1e-12);
    expect(Math.abs(r.lhs - doubled) / r.scale).toBeGreaterThan(1e-3);
  });
});

it('stop_gradient blocks the cotangent of y in x·stopGradient(y)', () => {
  const [, pb] = vjp((x: Tensor, y: Tensor) => lax.mul(x, lax.stopGradient(y)), f64([2], (i) => i + 1), f64([2], (i) => i + 3));
  const [gx, gy] = pb(f64([2], () => 1)) as Tensor[];
  expect(Array.from(host(gx))).toEqual([3, 4]);
  expect(Array.from(host(gy))).toEqual([0, 0]);
});
