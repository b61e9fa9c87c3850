/**
 * jax.nn's remaining activations (src/nn/activations.ts): hardSigmoid, hardSilu (hardSwish),
 * mish, squareplus, sparsePlus — values from jax.nn's formulas, derivatives at the kinks as JAX
 * defines them, gradients against central differences in float64. WebGPU against the CPU is
 * spec/api-conformance.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { grad, nn, np, type Tensor } from '../src/index.js';

const values = async (t: Tensor): Promise<number[]> => Array.from(await t.data());

describe('more jax.nn activations', () => {
  it('give jax.nn\'s values', async () => {
    expect(await values(nn.hardSigmoid(np.array([-4, -3, 0, 1.5, 3, 4])))).toEqual([0, 0, 0.5, 0.75, 1, 1]);
    expect(await values(nn.hardSilu(np.array([-4, 1.5, 4])))).toEqual([-0, 1.125, 4]);
    expect(nn.hardSwish).toBe(nn.hardSilu);
    const m = await values(nn.mish(np.array([-1, 0, 1, 20], 'float64')));
    [-1, 0, 1, 20].forEach((x, i) => expect(m[i]).toBeCloseTo(x * Math.tanh(Math.log1p(Math.exp(x))), 12));
    expect(await values(nn.squareplus(np.array([0, 1.5, -1.5])))).toEqual([1, 2, 0.5]); // (x + √(x² + 4)) / 2
    expect(await values(nn.squareplus(np.array([-2, 2]), 0))).toEqual([0, 2]); // b = 0 is relu
    expect(await values(nn.sparsePlus(np.array([-2, -1, 0, 1, 2])))).toEqual([0, 0, 0.25, 1, 2]);
    expect(nn.mish(np.array([1], 'int32')).dtype).toBe('float32');
  });

  it('differentiate as JAX: finite differences away from kinks, JAX\'s one-sided choice at them', async () => {
    const xs = [-2.5, -0.7, 0.3, 0.9, 2.2];
    for (const f of [nn.hardSigmoid, nn.hardSilu, nn.mish, nn.squareplus, nn.sparsePlus] as ((x: Tensor) => Tensor)[]) {
      const g = await values(grad((x: Tensor) => np.sum(f(x)))(np.array(xs, 'float64')));
      for (const [i, x] of xs.entries()) {
        const h = 1e-6;
        const fd = ((await values(f(np.array([x + h], 'float64'))))[0] - (await values(f(np.array([x - h], 'float64'))))[0]) / (2 * h);
        expect(Math.abs(g[i] - fd), `${f.name} at ${x}`).toBeLessThan(1e-7);
      }
    }
    // relu6's corners have derivative 0 (jax.nn.relu6), so hardSigmoid's at ±3 do too.
    expect(await values(grad((x: Tensor) => np.sum(nn.hardSigmoid(x)))(np.array([-3, 3])))).toEqual([0, 0]);
  });

  it('squareplus refuses a negative b', () => {
    expect(() => nn.squareplus(np.array([1]), -1)).toThrow(/nn\.squareplus: b must be ≥ 0/);
  });
});
