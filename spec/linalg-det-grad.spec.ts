/**
 * np.linalg.det's derivative (JAX's custom JVP through `_cofactor_solve`): d det = tr(adj(a)·da),
 * finite at singular matrices — the adjugate at rank n − 1, 0 below — checked in float64 on the
 * CPU against finite differences and numpy's cofactors; batched, under jit and vmap. And
 * np.linalg.lstsq's residuals for a vector b: shape [1], as JAX's norm(b − a·x, axis=0)².
 */
import { describe, expect, it } from 'vitest';
import { type Tensor, grad, jit, jvp, np, vmap } from '../src/index.js';

const read = async (t: Tensor): Promise<number[]> => [...(await t.data())].map(Number);
const f64 = (v: unknown) => np.array(v as number[][], 'float64');
const close = (got: number[], want: number[], tol: number) => got.forEach((g, i) => expect(Math.abs(g - want[i]!), `${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(want[i]!))));
const gdet = grad((a: Tensor) => np.sum(np.linalg.det(a)));

describe('np.linalg.det: the gradient is the adjugate, also at singular matrices', () => {
  it('rank n − 1: [[1,2,3],[2,4,6],[1,0,1]] has gradient [[4,4,-4],[-2,-2,2],[0,0,0]] (was NaN)', async () => {
    close(await read(gdet(f64([[1, 2, 3], [2, 4, 6], [1, 0, 1]]))), [4, 4, -4, -2, -2, 2, 0, 0, 0], 1e-12);
    // A zero pivot that partial pivoting leaves before the corner (a zero first column) is outside
    // what the LU form can recover (JAX's too): the gradient is 0 there, not the cofactors — but finite.
    expect((await read(gdet(f64([[0, 1, 2], [0, 3, 4], [0, 5, 6]])))).every(Number.isFinite)).toBe(true);
  });

  it('rank < n − 1 gives 0; 1×1 gives 1; finite everywhere', async () => {
    expect(await read(gdet(f64([[1, 2, 3], [2, 4, 6], [3, 6, 9]])))).toEqual(Array(9).fill(0));
    expect(await read(gdet(f64([[0, 0], [0, 0]])))).toEqual([0, 0, 0, 0]);
    expect(await read(gdet(f64([[5]])))).toEqual([1]);
  });

  it('non-singular batches: equals central differences, and jvp = tr(adj(a)·da)', async () => {
    const a = [[[2, -1, 0.5], [1, 3, -2], [0.3, 1, 4]], [[1, 2, 0], [0, 1, 5], [2, 0.5, 1]]];
    const g = await read(gdet(f64(a)));
    const h = 1e-6, flat = a.flat(2), fd: number[] = [];
    for (let i = 0; i < flat.length; i++) {
      const up = [...flat], dn = [...flat];
      up[i] += h; dn[i] -= h;
      const d = async (v: number[]) => (await read(np.linalg.det(np.reshape(np.array(v, 'float64'), [2, 3, 3])))).reduce((s, x) => s + x, 0);
      fd.push((await d(up) - await d(dn)) / (2 * h));
    }
    close(g, fd, 1e-7);
    const dx = f64([[[1, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 1], [0, 0, 0]]]);
    const [, t] = jvp((x: Tensor) => np.linalg.det(x), [f64(a)], [dx]);
    close(await read(t), [g[0]!, g[9 + 5]!], 1e-12);
  });

  it('under jit and vmap, mixing singular and regular matrices', async () => {
    const batch = f64([[[1, 2, 3], [2, 4, 6], [1, 0, 1]], [[1, 0, 0], [0, 2, 0], [0, 0, 3]], [[1, 1, 1], [1, 1, 1], [1, 1, 1]]]);
    const want = [4, 4, -4, -2, -2, 2, 0, 0, 0, 6, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    close(await read(jit(gdet)(batch)), want, 1e-12);
    close(await read(vmap(grad((a: Tensor) => np.linalg.det(a)))(batch)), want, 1e-12);
    close(await read(jit(vmap(grad((a: Tensor) => np.linalg.det(a))))(batch)), want, 1e-12);
  });

  it('second derivatives stay finite at a regular matrix (Hessian-vector product)', async () => {
    const a = f64([[2, 1], [1, 3]]);
    // det = ad − bc: ∂²/∂a∂d = 1, so grad of (grad det · e_d) at a is e_a.
    const hv = grad((x: Tensor) => np.sum(gdet(x).mul(f64([[0, 0], [0, 1]]))))(a);
    close(await read(hv), [1, 0, 0, 0], 1e-12);
  });
});

describe('np.linalg.lstsq with a vector b', () => {
  it('residuals have shape [1] (JAX and numpy), x shape [n]', async () => {
    const [x, res, rank] = np.linalg.lstsq(f64([[1, 0], [0, 1], [1, 1]]), np.array([1, 1, 3], 'float64'));
    expect(x.shape).toEqual([2]);
    expect(res.shape).toEqual([1]);
    close(await read(res), [1 / 3], 1e-12); // numpy.linalg.lstsq: [0.33333333]
    expect(await rank.item()).toBe(2);
  });
});
