/**
 * np.linalg and lax.linalg (issue 13): known answers (hand-computed or NumPy's), reconstruction
 * identities in float64 on the CPU (Q·R = A, L·Lᵀ = A, U·S·Vᵀ = A, A·inv(A) = I, ...), known
 * gradients (∂det/∂A = det·A⁻ᵀ, ∂‖A‖_* /∂A = U·Vᵀ, ...), jit, named errors, and WebGPU against the
 * CPU oracle on well-conditioned matrices larger than the generic table's (up to 24 a side,
 * batched), eagerly and under jit. The generic specs (jvp by finite differences, vjp dot-product,
 * vmap, WebGPU conformance, zero-size) run the cases of spec/helpers/linalg-cases.ts.
 */
import { describe, expect, it } from 'vitest';
import { errors, grad, jit, jvp, lax, np, useBackend, vmap, Tensor } from '../src/index.js';
import { Rng, asList, f64, host, maxScaledDiff } from './helpers/check.js';
import { relativeError } from './helpers/compare.js';
import { expectError, bad } from './helpers/expect-error.js';
import { toHost, upload } from './helpers/host-arrays.js';
import { separatedSingular, separatedSymmetric, spd, wellConditioned } from './helpers/linalg-cases.js';
import { describeWebGPU } from './helpers/webgpu.js';

const A = (rows: number[][]) => np.array(rows, 'float64');
const vals = async (t: Tensor) => Array.from(await t.data());
const close = (got: Tensor, want: number[] | number[][] | Tensor, tol = 1e-10) => {
  const w = Array.isArray(want) ? Float64Array.from(want.flat(3) as number[]) : host(want);
  expect(got.size, `size of ${got.aval}`).toBe(w.length);
  expect(maxScaledDiff(host(got), w), `${Array.from(host(got)).slice(0, 8)} vs ${Array.from(w).slice(0, 8)}`).toBeLessThanOrEqual(tol);
};
const mm = (a: Tensor, b: Tensor) => np.matmul(a, b);
const T = (a: Tensor) => np.swapaxes(a, -1, -2);
const eyeOf = (x: Tensor) => np.broadcastTo(np.eye(x.shape[x.ndim - 1], undefined, x.dtype), [...x.shape.slice(0, -1), x.shape[x.ndim - 1]]);

describe('known answers', () => {
  it('cholesky, triangularSolve, lu, qr', async () => {
    close(np.linalg.cholesky(A([[4, 2], [2, 5]])), [[2, 0], [1, 2]]);
    close(np.linalg.cholesky(A([[4, 2], [2, 5]]), { upper: true }), [[2, 1], [0, 2]]);
    close(lax.linalg.triangularSolve(A([[2, 0], [1, 1]]), A([[2], [3]]), { leftSide: true, lower: true }), [[1], [2]]);
    // Right side, upper (JAX's defaults): x·a = b.
    close(lax.linalg.triangularSolve(A([[2, 1], [0, 4]]), A([[2, 9]])), [[1, 2]]);
    close(lax.linalg.triangularSolve(A([[2, 1], [7, 4]]), A([[2], [5]]), { leftSide: true, transposeA: true }), [[1], [1]]); // aᵀ of the upper part
    const [lu, piv, perm] = lax.linalg.lu(A([[1, 2], [3, 4]]));
    close(lu, [[3, 4], [1 / 3, 2 / 3]]);
    expect(await vals(piv)).toEqual([1, 1]);
    expect(await vals(perm)).toEqual([1, 0]);
    // Rectangular (JAX / LAPACK getrf): two row swaps.
    const [lu3, piv3, perm3] = lax.linalg.lu(A([[1, 2], [3, 4], [5, 6]]));
    close(lu3, [[5, 6], [0.2, 0.8], [0.6, 0.5]], 1e-15);
    expect(await vals(piv3)).toEqual([2, 2]);
    expect(await vals(perm3)).toEqual([2, 0, 1]);
    const [q, r] = np.linalg.qr(A([[3, 1], [4, 2]])); // NumPy/LAPACK: r = [[-5, -2.2], [0, 0.4]]
    close(r, [[-5, -2.2], [0, 0.4]]);
    close(q, [[-0.6, -0.8], [-0.8, 0.6]]);
    close(np.linalg.qr(A([[3, 1], [4, 2]]), 'r'), [[-5, -2.2], [0, 0.4]]);
  });

  it('det, slogdet, inv, solve, matrixPower', async () => {
    close(np.linalg.det(A([[1, 2], [3, 4]])), [-2], 1e-12);
    close(np.linalg.det(A([[6, 1, 1], [4, -2, 5], [2, 8, 7]])), [-306], 1e-12); // NumPy's doc example
    close(np.linalg.det(A([[1, 2], [2, 4]])), [0], 0); // an exact zero pivot
    const [sign, logdet] = np.linalg.slogdet(A([[1, 2], [3, 4]]));
    close(sign, [-1], 0);
    close(logdet, [Math.log(2)], 1e-14);
    const [s0, l0] = np.linalg.slogdet(A([[1, 2], [2, 4]]));
    close(s0, [0], 0);
    expect(await vals(l0)).toEqual([-Infinity]);
    close(np.linalg.inv(A([[4, 7], [2, 6]])), [[0.6, -0.7], [-0.2, 0.4]], 1e-14);
    close(np.linalg.solve(A([[3, 1], [1, 2]]), np.array([9, 8], 'float64')), [2, 3], 1e-14);
    expect(np.linalg.solve(A([[3, 1], [1, 2]]), np.array([9, 8], 'float64')).shape).toEqual([2]);
    // Batch broadcasting: one a against a batch of b's.
    const xs = np.linalg.solve(A([[3, 1], [1, 2]]), np.array([[[9], [8]], [[4], [3]]], 'float64'));
    expect(xs.shape).toEqual([2, 2, 1]);
    close(xs, [2, 3, 1, 1], 1e-14);
    close(np.linalg.matrixPower(A([[1, 1], [0, 1]]), 3), [[1, 3], [0, 1]], 0);
    close(np.linalg.matrixPower(A([[1, 1], [0, 1]]), -2), [[1, -2], [0, 1]], 1e-14);
    close(np.linalg.matrixPower(A([[5, 1], [2, 1]]), 0), [[1, 0], [0, 1]], 0);
    // int32 input: the power stays integer; det promotes to float32 as JAX.
    expect(np.linalg.matrixPower(np.array([[1, 1], [0, 1]], 'int32'), 2).dtype).toBe('int32');
    expect(np.linalg.det(np.array([[1, 2], [3, 4]], 'int32')).dtype).toBe('float32');
  });

  it('eigh, svd, pinv, lstsq, spectral norms', async () => {
    const [w, v] = np.linalg.eigh(A([[2, 1], [1, 2]]));
    close(w, [1, 3], 1e-14);
    close(np.abs(v), [[Math.SQRT1_2, Math.SQRT1_2], [Math.SQRT1_2, Math.SQRT1_2]], 1e-14);
    close(np.linalg.eigvalsh(A([[2, 0, 0], [0, -1, 0], [0, 0, 5]])), [-1, 2, 5], 0);
    close(np.linalg.svd(A([[3, 0], [0, -4]]), { computeUv: false }), [4, 3], 1e-14);
    close(np.linalg.svd(A([[1, 2], [3, 4]]), { computeUv: false }), [5.464985704219043, 0.365966190626258], 1e-14); // NumPy
    close(np.linalg.pinv(A([[1, 0], [0, 0]])), [[1, 0], [0, 0]], 1e-14);
    close(np.linalg.pinv(A([[1, 2], [2, 4], [3, 6]])), np.divide(A([[1, 2, 3], [2, 4, 6]]), 70), 1e-14); // rank 1: aᵀ/‖a‖²
    // NumPy's lstsq doc example: y = m·x + c through 4 points, m = 1, c = -0.95.
    const [x, resid, rank, s] = np.linalg.lstsq(A([[0, 1], [1, 1], [2, 1], [3, 1]]), np.array([-1, 0.2, 0.9, 2.1], 'float64'));
    close(x, [1, -0.95], 1e-14);
    close(resid, [0.05], 1e-14); // 0.05² + 0.15² + 0.15² + 0.05²
    expect(await vals(rank)).toEqual([2]);
    expect(s.shape).toEqual([2]);
    const [, , rank1] = np.linalg.lstsq(A([[1, 2], [2, 4]]), np.array([1, 2], 'float64'));
    expect(await vals(rank1)).toEqual([1]);
    close(np.linalg.norm(A([[3, 0], [0, -4]]), 2), [4], 1e-14);
    close(np.linalg.norm(A([[3, 0], [0, -4]]), -2), [3], 1e-14);
    close(np.linalg.norm(A([[3, 0], [0, -4]]), 'nuc'), [7], 1e-14);
    close(np.linalg.matrixNorm(np.stack([A([[3, 0], [0, -4]]), A([[1, 0], [0, 2]])]), { ord: 2, keepdims: true }), [4, 2], 1e-14);
    expect(np.linalg.matrixNorm(A([[3, 0], [0, -4]]), { ord: 'nuc', keepdims: true }).shape).toEqual([1, 1]);
  });

  it('non-positive-definite cholesky is NaN everywhere (as JAX)', async () => {
    expect((await vals(np.linalg.cholesky(A([[1, 2], [2, 1]])))).every(Number.isNaN)).toBe(true);
  });
});

describe('reconstruction identities (float64, batched)', () => {
  const rng = new Rng(11);
  it('L·Lᵀ = A, Q·R = A (reduced and complete, tall and wide), QᵀQ = I', () => {
    const a = spd(rng, [3], 6);
    const L = np.linalg.cholesky(a);
    close(mm(L, T(L)), a, 1e-12);
    close(L, np.tril(L), 0);
    for (const [m, n] of [[7, 4], [4, 7], [5, 5]]) {
      const x = f64([2, m, n], () => rng.normal());
      for (const mode of ['reduced', 'complete'] as const) {
        const [q, r] = np.linalg.qr(x, mode);
        close(mm(q, r), x, 1e-12);
        close(mm(T(q), q), eyeOf(mm(T(q), q)), 1e-12);
        close(r, np.triu(r), 0);
      }
    }
  });

  it('x[permutation] = L·U for square, tall and wide x', () => {
    for (const [m, n] of [[5, 5], [6, 3], [3, 6]]) {
      const x = f64([2, m, n], () => rng.normal()), k = Math.min(m, n);
      const [lu, , perm] = lax.linalg.lu(x);
      const L = np.add(np.tril(lu.get('...', `:${k}`), -1), np.eye(m, k, 'float64'));
      const U = np.triu(lu.get('...', `:${k}`, ':'));
      close(mm(L, U), np.takeAlongAxis(x, np.broadcastTo(np.expandDims(perm, -1), [2, m, n]), -2), 1e-12);
    }
  });

  it('A·V = V·diag(w), U·diag(s)·Vᵀ = A (thin and full), A·inv(A) = I, A·solve(A, B) = B', () => {
    const x = f64([2, 6, 6], () => rng.normal());
    const sym = np.add(x, T(x));
    const [w, v] = np.linalg.eigh(sym);
    close(mm(sym, v), np.multiply(v, np.expandDims(w, -2)), 1e-12);
    close(mm(T(v), v), eyeOf(v), 1e-12);
    expect(maxScaledDiff(host(np.sort(w, -1)), host(w))).toBe(0);
    for (const [m, n] of [[7, 4], [4, 7], [5, 5]]) {
      const y = f64([2, m, n], () => rng.normal());
      const [u, s, vh] = np.linalg.svd(y, { fullMatrices: false });
      close(mm(np.multiply(u, np.expandDims(s, -2)), vh), y, 1e-12);
      const [uf, sf, vhf] = np.linalg.svd(y);
      expect([uf.shape, vhf.shape]).toEqual([[2, m, m], [2, n, n]]);
      close(mm(T(uf), uf), eyeOf(uf), 1e-12);
      close(mm(T(vhf), vhf), eyeOf(vhf), 1e-12);
      close(sf, s, 0);
      const k = Math.min(m, n);
      close(uf.get('...', `:${k}`), u, 1e-12); // the first k columns are the thin ones
    }
    const g = wellConditioned(rng, [3], 5, 5);
    close(mm(g, np.linalg.inv(g)), eyeOf(g), 1e-12);
    const b = f64([3, 5, 2], () => rng.normal());
    close(mm(g, np.linalg.solve(g, b)), b, 1e-12);
    close(np.linalg.det(g), np.multiply(np.prod(np.linalg.svd(g, { computeUv: false }), -1), np.sign(np.linalg.det(g))), 1e-12);
  });
});

describe('gradients with known closed forms (float64)', () => {
  const rng = new Rng(5);
  it('∂det/∂A = det·A⁻ᵀ, ∂log|det|/∂A = A⁻ᵀ, ∂Σλ/∂A = I, ∂‖A‖_*/∂A = U·Vᵀ', () => {
    const a = wellConditioned(rng, [], 4, 4);
    close(grad((x: Tensor) => np.linalg.det(x))(a), np.multiply(np.linalg.det(a), T(np.linalg.inv(a))), 1e-10);
    close(grad((x: Tensor) => np.linalg.slogdet(x)[1])(a), T(np.linalg.inv(a)), 1e-10);
    const s = spd(rng, [], 4);
    close(grad((x: Tensor) => np.sum(np.linalg.eigvalsh(x)))(s), np.eye(4, undefined, 'float64'), 1e-10);
    const r = f64([5, 3], () => rng.normal());
    const [u, , vh] = np.linalg.svd(r, { fullMatrices: false });
    close(grad((x: Tensor) => np.linalg.norm(x, 'nuc'))(r), mm(u, vh), 1e-10);
    // ∂ tr(A⁻¹ B)/∂A = −(A⁻¹ B A⁻¹)ᵀ
    const b = f64([4, 4], () => rng.normal());
    const ai = np.linalg.inv(a);
    close(grad((x: Tensor) => np.trace(np.linalg.solve(x, b)))(a), np.negative(T(mm(mm(ai, b), ai))), 1e-10);
  });

  it('jit and vmap of the np.linalg functions equal their eager values', () => {
    const a = wellConditioned(rng, [3], 4, 4), b = f64([3, 4], () => rng.normal());
    close(jit((x: Tensor, y: Tensor) => np.linalg.solve(x, y))(a.get(0), b.get(0)), np.linalg.solve(a.get(0), b.get(0)), 1e-13);
    close(vmap((x: Tensor, y: Tensor) => np.linalg.solve(x, y))(a, b), np.stack([0, 1, 2].map((i) => np.linalg.solve(a.get(i), b.get(i)))), 1e-13);
    close(jit(grad((x: Tensor) => np.linalg.det(x)))(a.get(1)), grad((x: Tensor) => np.linalg.det(x))(a.get(1)), 1e-13);
    const [, t] = jvp((x: Tensor) => np.linalg.inv(x), [a.get(2)], [np.ones([4, 4], 'float64')]);
    close(t, np.negative(mm(mm(np.linalg.inv(a.get(2)), np.ones([4, 4], 'float64')), np.linalg.inv(a.get(2)))), 1e-12);
  });

  it('repeated eigenvalues: eigenvalue derivatives stay finite, eigenvector derivatives are not (documented, as JAX)', async () => {
    const I = np.eye(3, undefined, 'float64');
    const [, [dv, dw]] = jvp((x: Tensor) => lax.linalg.eigh(x), [I], [A([[1, 2, 0], [2, 0, 0], [0, 0, 3]])]);
    expect((await vals(dw)).every(Number.isFinite)).toBe(true);
    expect((await vals(dv)).every(Number.isFinite)).toBe(false);
  });
});

describe('named errors', () => {
  it('non-square, non-2-D, batch mismatch, wrong sizes, options: each names the op, the shapes and the fix', () => {
    expectError(() => np.linalg.det(np.ones([2, 3])), errors.ShapeError, 'np.linalg.det', 'f32[2,3]', 'square', 'lstsq');
    expectError(() => np.linalg.inv(np.ones([3])), errors.ShapeError, 'np.linalg.inv', 'f32[3]', 'rank ≥ 2');
    expectError(() => np.linalg.cholesky(np.ones([2, 2, 3])), errors.ShapeError, 'square', 'f32[2,2,3]');
    expectError(() => lax.linalg.eigh(np.ones([2, 3])), errors.ShapeError, 'lax.linalg.eigh', '2×3');
    expectError(() => lax.linalg.triangularSolve(np.ones([2, 3, 3]), np.ones([4, 3, 1]), { leftSide: true }), errors.ShapeError,
      'lax.linalg.triangularSolve', 'f32[2,3,3]', 'f32[4,3,1]', 'batch shapes', 'broadcast');
    expectError(() => lax.linalg.triangularSolve(np.ones([3, 3]), np.ones([3, 2])), errors.ShapeError, '3×3', 'f32[3,2]', 'columns', 'leftSide');
    expectError(() => np.linalg.solve(np.ones([3, 3]), np.ones([2])), errors.ShapeError, 'np.linalg.solve', '3 rows', 'f32[2]');
    expectError(() => np.linalg.solve(np.ones([2, 3, 3]), np.ones([4, 3, 1])), errors.ShapeError, 'np.linalg.solve');
    expectError(() => np.linalg.lstsq(np.ones([2, 3, 3]), np.ones([3])), errors.ShapeError, 'np.linalg.lstsq', '2-D', 'vmap');
    expectError(() => np.linalg.lstsq(np.ones([3, 2]), np.ones([4])), errors.ShapeError, 'np.linalg.lstsq', 'f32[4]');
    expectError(() => np.linalg.matrixPower(np.ones([2, 2]), 1.5), errors.ArgumentError, 'np.linalg.matrixPower', 'n');
    expectError(() => np.linalg.qr(np.ones([2, 2]), bad('full')), errors.ArgumentError, 'np.linalg.qr', 'mode');
    expectError(() => np.linalg.svd(np.ones([2, 2]), bad({ full_matrices: false })), errors.ArgumentError, 'np.linalg.svd', 'full_matrices');
    expectError(() => lax.linalg.cholesky(bad([[1]])), errors.ArgumentError, 'lax.linalg.cholesky', 'np.array');
    expectError(() => lax.linalg.lu(np.ones([2, 2], 'int32')), errors.ArgumentError, 'floating-point', 'astype');
    expectError(() => np.linalg.matrixNorm(np.ones([2, 2]), { ord: 3 }), errors.ArgumentError, 'nuc');
  });

  it('derivatives JAX leaves undefined are named errors, not wrong numbers', () => {
    const wide = f64([2, 3], (i) => i + 1);
    expectError(() => jvp((x: Tensor) => lax.linalg.qr(x, { fullMatrices: false }), [wide], [wide]), errors.ArgumentError, 'qr', 'm ≥ n', 'transpose');
    const tall = f64([3, 2], (i) => i * i + 1);
    expectError(() => jvp((x: Tensor) => lax.linalg.qr(x), [tall], [tall]), errors.ArgumentError, 'fullMatrices');
  });
});

/** WebGPU against the CPU oracle: the same float32 inputs, compared at `tol` (relative to max(|x|, 1)). */
async function compareOnGpu(name: string, fn: (...xs: Tensor[]) => Tensor | Tensor[], makeArgs: () => Tensor[], tol: number) {
  await useBackend('cpu');
  const args = makeArgs();
  const hostArgs = args.map((a) => toHost(np.astype(a, 'float32')));
  const want = asList(fn(...hostArgs.map(upload))).map(toHost);
  await useBackend('webgpu');
  try { for (const [mode, f] of [['eager', fn], ['jit', jit(fn)]] as const) {
    const got = asList(f(...hostArgs.map(upload)));
    expect(got.length).toBe(want.length);
    for (let k = 0; k < want.length; k++) {
      expect(got[k].shape, `${name} (${mode}) output ${k}`).toEqual(want[k].aval.shape);
      const d = await got[k].data();
      expect(relativeError(d, want[k].data), `${name} (${mode}) output ${k}: ${Array.from(d).slice(0, 5)} vs ${Array.from(want[k].data).slice(0, 5)}`)
        .toBeLessThanOrEqual(want[k].aval.dtype === 'int32' ? 0 : tol);
    }
  } } finally { await useBackend('cpu'); }
}

describeWebGPU('np.linalg on WebGPU matches the CPU oracle (well-conditioned inputs, cond ≤ 4)', () => {
  const rng = new Rng(3);
  const g = (b: number[], m: number, n: number) => wellConditioned(rng, b, m, n);
  it.each([
    ['np.linalg.cholesky 24×24, batch 2', (x: Tensor) => np.linalg.cholesky(x), () => [spd(rng, [2], 24)]],
    ['np.linalg.qr complete 9×5', (x: Tensor) => np.linalg.qr(x, 'complete'), () => [g([2], 9, 5)]],
    ['np.linalg.qr reduced 5×9', (x: Tensor) => np.linalg.qr(x), () => [g([], 5, 9)]],
    // Eigenvalues ≥ 0.4 apart: an eigenvector's float32 error grows as 1/gap.
    ['np.linalg.eigh 16×16 (the symmetrised input fuses into the kernel under jit)', (x: Tensor) => np.linalg.eigh(x), () => [separatedSymmetric(rng, [2], 16)]],
    ['np.linalg.eigvalsh 8×8', (x: Tensor) => np.linalg.eigvalsh(x), () => [spd(rng, [2], 8)]],
    ['np.linalg.svd full 7×4 (singular values ≥ 0.4 apart: the vectors\' error grows as 1/gap)', (x: Tensor) => np.linalg.svd(x), () => [separatedSingular(rng, [2], 7, 4)]],
    ['np.linalg.svd thin 4×7', (x: Tensor) => np.linalg.svd(x, { fullMatrices: false }), () => [separatedSingular(rng, [], 4, 7)]],
    ['np.linalg.det, slogdet 8×8', (x: Tensor) => [np.linalg.det(x), ...np.linalg.slogdet(x)], () => [g([3], 8, 8)]],
    ['np.linalg.inv 20×20', (x: Tensor) => np.linalg.inv(x), () => [g([], 20, 20)]],
    ['np.linalg.solve 12×12, b 12×3, batch 2', (x: Tensor, y: Tensor) => np.linalg.solve(x, y), () => [g([2], 12, 12), f64([2, 12, 3], () => rng.normal())]],
    ['np.linalg.lstsq 9×4', (x: Tensor, y: Tensor) => np.linalg.lstsq(x, y).slice(0, 2) as Tensor[], () => [g([], 9, 4), f64([9, 2], () => rng.normal())]],
    ['np.linalg.pinv 5×4', (x: Tensor) => np.linalg.pinv(x), () => [g([2], 5, 4)]],
    ['np.linalg.matrixPower 6×6, n = -3', (x: Tensor) => np.linalg.matrixPower(x, -3), () => [np.divide(g([], 6, 6), 2)]],
    ['np.linalg.norm 2 and nuc, matrixNorm -2, vectorNorm 3', (x: Tensor) => [np.linalg.norm(x, 2), np.linalg.norm(x, 'nuc'), np.linalg.matrixNorm(x, { ord: -2 }),
      np.linalg.vectorNorm(x, { ord: 3, axis: 1 })], () => [g([], 6, 4)]],
    ['lax.linalg.triangularSolve 16×16, b 16×5', (x: Tensor, y: Tensor) => lax.linalg.triangularSolve(x, y, { leftSide: true, lower: true }),
      () => [np.add(np.tril(f64([16, 16], () => 0.1 * rng.normal())), np.multiply(np.eye(16, undefined, 'float64'), 2)), f64([16, 5], () => rng.normal())]],
    ['grad of np.linalg.det 5×5', (x: Tensor) => grad((y: Tensor) => np.linalg.det(y))(x), () => [g([], 5, 5)]],
    ['grad of the nuclear norm 6×4', (x: Tensor) => grad((y: Tensor) => np.linalg.norm(y, 'nuc'))(x), () => [g([], 6, 4)]],
  ] as [string, (...xs: Tensor[]) => Tensor | Tensor[], () => Tensor[]][])('%s', async (name, fn, args) => {
    await compareOnGpu(name, fn, args, 2e-4);
  }, 300_000); // lavapipe compiles each kernel's loops with LLVM: slow on a shared 2-core machine

  it('float64 matrices on WebGPU are a named DTypeError under jit (WGSL has no f64)', async () => {
    await useBackend('webgpu');
    try {
      expect(() => jit((y: Tensor) => np.linalg.cholesky(y))(np.eye(3, undefined, 'float64'))).toThrow(errors.DTypeError);
    } finally { await useBackend('cpu'); }
  });
});
