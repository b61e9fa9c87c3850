/**
 * random.bernoulli with an array p, as jax.random.bernoulli: p broadcasts to the shape (which
 * defaults to p's), the uniform draw has p's dtype, and a traced p works under jit and vmap.
 */
import { describe, expect, it } from 'vitest';
import { errors, jit, np, random, vmap, type Tensor } from '../src/index.js';
import { host } from './helpers/check.js';

const vals = (t: Tensor): number[] => Array.from(host(t));

describe('random.bernoulli with an array p', () => {
  const key = random.key(3);
  it('an array p of one value draws the same bits as the number (the same float32 uniforms)', () => {
    expect(vals(random.bernoulli(key, np.full([64], 0.3)))).toEqual(vals(random.bernoulli(key, 0.3, [64])));
    expect(random.bernoulli(key, np.full([2, 3], 0.5)).shape).toEqual([2, 3]);
  });

  it('p broadcasts to the shape, per-element probabilities', () => {
    const b = random.bernoulli(key, np.array([0, 0.2, 0.8, 1]), [20000, 4]);
    expect(b.dtype).toBe('bool');
    const m = vals(np.mean(b.astype('float32'), { axis: 0 }));
    expect(m[0]).toBe(0);
    expect(m[3]).toBe(1);
    // 5 standard errors of a mean of 20000 draws: √(0.16/20000) ≈ 0.0028
    expect(Math.abs(m[1] - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(m[2] - 0.8)).toBeLessThan(0.015);
  });

  it('a float64 p draws float64 uniforms, as JAX; a traced p works under jit and vmap', () => {
    const p64 = np.full([1000], 0.5, { dtype: 'float64' });
    const want = vals(random.uniform(key, [1000], { dtype: 'float64' }).lt(0.5));
    expect(vals(random.bernoulli(key, p64))).toEqual(want);
    const f = jit((p: Tensor) => random.bernoulli(key, p, [2, 3]));
    expect(vals(f(np.array([0, 1, 1])))).toEqual([0, 1, 1, 0, 1, 1]);
    const keys = random.split(key, 4);
    const v = vmap((k: Tensor, p: Tensor) => random.bernoulli(k, p))(keys, np.array([0, 1, 0, 1]));
    expect(vals(v)).toEqual([0, 1, 0, 1]);
  });

  it('named errors: integer p, incompatible shape, out-of-range number', () => {
    expect(() => random.bernoulli(key, np.array([0, 1], { dtype: 'int32' }))).toThrow(errors.DTypeError);
    expect(() => random.bernoulli(key, np.array([0.1, 0.2, 0.3]), [4])).toThrow(errors.ShapeError);
    expect(() => random.bernoulli(key, 1.5)).toThrow(errors.ArgumentError);
  });
});
