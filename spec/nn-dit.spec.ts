/**
 * nn.dit (src/nn/dit.ts): shapes, patchify/unpatchify, adaLN-Zero (a fresh DiT outputs exactly 0),
 * the DiT's jvp in (x, c) against central finite differences in float64 on the CPU, and
 * grad-of-jvp through attention on WebGPU against the CPU oracle (tiny configs).
 */
import { describe, expect, it } from 'vitest';
import { ConcreteArray, Tensor, errors, grad, jit, jvp, nn, np, random, treeLeaves, treeMap, useBackend } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';

const host = (t: Tensor) => Float64Array.from((t as ConcreteArray).dataSync() as ArrayLike<number>);
/** max |a − b| / max |b|: an error relative to the result's scale. */
const scaledError = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let num = 0, den = 0;
  for (let i = 0; i < b.length; i++) { num = Math.max(num, Math.abs(a[i] - b[i])); den = Math.max(den, Math.abs(b[i])); }
  return num / den;
};

const tiny: nn.DitConfig = { size: 8, patch: 4, dim: 8, depth: 2, heads: 2, timeDim: 4, classes: 3, mlpRatio: 2 };
/** A tiny DiT with every parameter moved off its initial value, so no zero-initialised layer hides a term. */
function perturbed(dtype: 'float32' | 'float64', key = random.key(3)) {
  const p = nn.initDit(random.key(0), { ...tiny, dtype });
  let i = 0;
  return treeMap((t: Tensor) => t.add(random.normal(random.foldIn(key, i++), t.shape, { dtype }).mul(0.3)), p) as nn.DitParams;
}

describe('nn.dit', () => {
  it('maps [B, 28, 28, 1] to [B, 28, 28, 1]; 49 tokens at patch 4; adaLN-Zero makes a fresh DiT output exactly 0', () => {
    const cfg = { dim: 16, depth: 2, heads: 2 };
    const p = nn.initDit(random.key(0), cfg);
    expect(p.pos.shape).toEqual([49, 16]);
    expect(p.labelTable.shape).toEqual([11, 16]);
    const x = random.normal(random.key(1), [3, 28, 28, 1]);
    const out = nn.dit(p, x, np.array([0, 0.7, 1.9]), np.array([0, 5, 10], 'int32'), cfg);
    expect(out.shape).toEqual([3, 28, 28, 1]);
    expect(host(out).every((v) => v === 0)).toBe(true);
    // And not trivially zero once the zero-initialised layers move.
    const q = treeMap((t: Tensor) => t.add(0.01), p) as nn.DitParams;
    expect(host(nn.dit(q, x, np.array([0, 0.7, 1.9]), np.array([0, 5, 10], 'int32'), cfg)).some((v) => v !== 0)).toBe(true);
  });

  it('patchify and unpatchify are inverse, patches flattened row-major', () => {
    const x = np.arange(2 * 8 * 8 * 1).astype('float32').reshape([2, 8, 8, 1]);
    const t = nn.patchify(x, 4);
    expect(t.shape).toEqual([2, 4, 16]);
    expect(Array.from(host(t).slice(0, 5))).toEqual([0, 1, 2, 3, 8]); // the first patch's first row, then its second
    expect(Array.from(host(t).slice(16, 17))).toEqual([4]); // the second patch starts at column 4
    expect(host(nn.unpatchify(t, 4, 1))).toEqual(host(x));
  });

  it('the class and the time change the output (conditioning reaches it)', () => {
    const p = perturbed('float32');
    const x = random.normal(random.key(1), [2, 8, 8, 1]);
    const a = host(nn.dit(p, x, np.array([0.3, 0.3]), np.array([0, 0], 'int32'), tiny));
    const b = host(nn.dit(p, x, np.array([0.3, 0.3]), np.array([3, 3], 'int32'), tiny));
    const c = host(nn.dit(p, x, np.array([1.3, 1.3]), np.array([0, 0], 'int32'), tiny));
    expect(scaledError(a, b)).toBeGreaterThan(1e-3);
    expect(scaledError(a, c)).toBeGreaterThan(1e-3);
  });

  it('jvp in (x, c) agrees with 5-point central finite differences in float64', () => {
    const p = perturbed('float64');
    const y = np.array([1, 3], 'int32');
    const F = (x: Tensor, c: Tensor) => nn.dit(p, x, c, y, tiny);
    const x = random.normal(random.key(4), [2, 8, 8, 1], { dtype: 'float64' });
    const c = np.array([0.4, 1.6], 'float64');
    const vx = random.normal(random.key(5), [2, 8, 8, 1], { dtype: 'float64' });
    const [out, tangent] = jvp(F, [x, c], [vx, np.onesLike(c)]) as [Tensor, Tensor];
    expect(scaledError(host(out), host(F(x, c)))).toBe(0);
    // The 5-point stencil: the time embedding's frequencies (up to 100) make the third derivative
    // large, so the 3-point one's h² truncation alone is ~1e-6 at h = 1e-5 (measured; it falls as h²).
    const h = 1e-5;
    const at = (s: number) => host(F(x.add(vx.mul(s * h)), c.add(s * h)));
    const [p1, m1, p2, m2] = [at(1), at(-1), at(2), at(-2)];
    const fd = p1.map((_, i) => (8 * (p1[i] - m1[i]) - (p2[i] - m2[i])) / (12 * h));
    expect(scaledError(host(tangent), fd)).toBeLessThan(1e-8);
  });

  it('ditWithAuxTime starts as the same function for every r, and r then reaches the output', () => {
    const p = perturbed('float32');
    const aux = nn.ditWithAuxTime(p, tiny);
    const x = random.normal(random.key(1), [2, 8, 8, 1]), c = np.array([0.3, 0.8]), y = np.array([1, 2], 'int32');
    const base = host(nn.dit(p, x, c, y, tiny));
    expect(scaledError(host(nn.dit(aux, x, c, y, tiny, np.array([0.1, 0.9]))), base)).toBe(0);
    const moved = { ...aux, auxTime: { w: aux.auxTime!.w.add(0.1), b: aux.auxTime!.b } };
    expect(scaledError(host(nn.dit(moved, x, c, y, tiny, np.array([0.1, 0.9]))), base)).toBeGreaterThan(1e-4);
    expect(() => nn.dit(aux, x, c, y, tiny)).toThrow(/pass r \[2\]/);
    expect(() => nn.dit(p, x, c, y, tiny, c)).toThrow(/no auxiliary time/);
  });

  it('refuses a config it cannot build and params that do not match, with named errors', () => {
    expect(() => nn.initDit(random.key(0), { patch: 5 })).toThrow(errors.ArgumentError);
    expect(() => nn.initDit(random.key(0), { dim: 30, heads: 4 })).toThrow(/heads 4 must divide dim 30/);
    expect(() => nn.initDit(random.key(0), { width: 3 } as never)).toThrow(errors.ArgumentError);
    const p = nn.initDit(random.key(0), tiny);
    const y = np.array([0], 'int32');
    expect(() => nn.dit(p, np.zeros([1, 28, 28, 1]), np.zeros([1]), y, tiny)).toThrow(errors.ShapeError);
    expect(() => nn.dit(p, np.zeros([1, 8, 8, 1]), np.zeros([2]), y, tiny)).toThrow(/c must be \[1\]/);
    expect(() => nn.dit(p, np.zeros([1, 8, 8, 1]), np.zeros([1]), y, { ...tiny, depth: 3 })).toThrow(/do not match the config/);
  });
});

describeWebGPU('nn.dit on WebGPU', () => {
  it('grad of the jvp through attention (FACM\'s composition) matches the CPU oracle', async () => {
    /** Σ F² + Σ (dF/dt)²: gradients flow through the jvp's primal and its tangent, so through attention's jvp. */
    const loss = (p: nn.DitParams, x: Tensor, c: Tensor, v: Tensor) => {
      const y = np.array([0, 2], 'int32');
      const [F, Fdot] = jvp((a: Tensor, b: Tensor) => nn.dit(p, a, b, y, tiny), [x, c], [v, np.onesLike(c)]) as [Tensor, Tensor];
      return np.sum(F.square()).add(np.sum(Fdot.square()));
    };
    const inputs = () => [perturbed('float32'), random.normal(random.key(7), [2, 8, 8, 1]), np.array([0.2, 0.9]),
      random.normal(random.key(8), [2, 8, 8, 1])] as const;
    const flat = async (tree: unknown) => {
      const parts: number[] = [];
      for (const t of treeLeaves<Tensor>(tree)) parts.push(...(await t.data()));
      return parts;
    };
    await useBackend('cpu');
    const want = await flat(grad(loss)(...inputs()));
    await useBackend('webgpu');
    const got = await flat(jit(grad(loss))(...inputs()));
    expect(got.length).toBe(want.length);
    expect(scaledError(got, want)).toBeLessThan(1e-4);
  });
});
