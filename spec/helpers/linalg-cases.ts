/**
 * Conformance cases of the linear-algebra primitives (issue 13), appended to the primitive table
 * (primitive-cases.ts) and the zero-size table, so the jvp (finite differences in float64), vjp
 * (dot product), vmap and WebGPU-vs-CPU specs run over them. Inputs are built well-conditioned
 * on the host: Q·diag(σ)·Qᵀ with orthogonal Q (Gram–Schmidt of normals) and chosen σ, so that
 * condition numbers are ≤ 4 and float32 tolerances mean something; eigenvalues and singular
 * values are ≥ 0.4 apart (their vectors' derivatives are smooth there) and no two LU pivot
 * candidates tie.
 */
import { lax, np, Tensor } from '../../src/index.js';
import type { PrimitiveCase } from './primitive-cases.js';
import type { ZeroSizeCase } from './zero-size-cases.js';
import { Rng, f64, sizeOf } from './check.js';

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

/** m×k (k ≤ m) with orthonormal columns, row-major, by modified Gram–Schmidt of normals. */
export function orthonormal(rng: Rng, m: number, k: number): number[][] {
  const cols: number[][] = [];
  while (cols.length < k) {
    const v = Array.from({ length: m }, () => rng.normal());
    for (const c of cols) { const d = c.reduce((s, x, i) => s + x * v[i], 0); c.forEach((x, i) => { v[i] -= d * x; }); }
    const nv = Math.hypot(...v);
    if (nv > 1e-3) cols.push(v.map((x) => x / nv));
  }
  return Array.from({ length: m }, (_, i) => cols.map((c) => c[i]));
}

/** U·diag(σ)·Vᵀ for U m×k, V n×k orthonormal, k = min(m, n): singular values exactly σ. */
export function withSingularValues(rng: Rng, m: number, n: number, sigma: number[]): number[] {
  const k = Math.min(m, n), U = orthonormal(rng, m, k), V = orthonormal(rng, n, k);
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) { let s = 0; for (let t = 0; t < k; t++) s += U[i][t] * sigma[t] * V[j][t]; out.push(s); }
  return out;
}

/** Q·diag(λ)·Qᵀ: symmetric with eigenvalues exactly λ. */
export function withEigenvalues(rng: Rng, n: number, lambda: number[]): number[] {
  const Q = orthonormal(rng, n, n), out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let t = 0; t < n; t++) s += Q[i][t] * lambda[t] * Q[j][t]; out.push(s); }
  return out;
}

/** ≥ 0.4 apart in [lo, lo + 0.6·k]: separated values for a spectrum. */
const separated = (rng: Rng, k: number, lo: number): number[] => Array.from({ length: k }, (_, i) => lo + 0.6 * i + rng.uniform(0, 0.2));

/** A batch [...batch, m, n] whose matrices each come from `one`. */
function batched(batch: number[], m: number, n: number, one: () => number[]): Tensor {
  const data = Array.from({ length: sizeOf(batch) }, one).flat();
  return f64([...batch, m, n], (i) => data[i]);
}

/** Matrices with singular values in [1, 4], random signs of the spectrum: cond ≤ 4. */
export const wellConditioned = (rng: Rng, batch: number[], m: number, n: number): Tensor =>
  batched(batch, m, n, () => withSingularValues(rng, m, n, Array.from({ length: Math.min(m, n) }, () => rng.uniform(1, 4))));
/** Symmetric positive definite, eigenvalues in [1, 4]. */
export const spd = (rng: Rng, batch: number[], n: number): Tensor =>
  batched(batch, n, n, () => withEigenvalues(rng, n, Array.from({ length: n }, () => rng.uniform(1, 4))));
/** Symmetric with eigenvalues of both signs ≥ 0.4 apart. */
export const separatedSymmetric = (rng: Rng, batch: number[], n: number): Tensor =>
  batched(batch, n, n, () => { const l = separated(rng, n, -0.3 * n); return withEigenvalues(rng, n, rng.perm(n).map((p) => l[p])); });
/** Singular values ≥ 0.4 apart in [1, ...]. */
export const separatedSingular = (rng: Rng, batch: number[], m: number, n: number): Tensor =>
  batched(batch, m, n, () => { const s = separated(rng, Math.min(m, n), 1); return withSingularValues(rng, m, n, rng.perm(s.length).map((p) => s[p])); });
/** Triangular-friendly: diagonal magnitude in [1, 2], off-diagonal entries small (both triangles filled: one is ignored). */
const triangularish = (rng: Rng, batch: number[], n: number): Tensor =>
  batched(batch, n, n, () => Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? rng.sign() * rng.uniform(1, 2) : 0.3 * rng.normal())));

const batchShape = (rng: Rng): number[] => rng.shape(0, 1, 3);

export const LINALG_CASES: PrimitiveCase[] = [
  {
    name: 'cholesky', prim: 'cholesky', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      return { fn: (x) => lax.linalg.cholesky(x), args: (r) => [spd(r, batch, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'triangular_solve', prim: 'triangular_solve', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), m = rng.int(1, 4), n = rng.int(1, 4);
      const o = { leftSide: rng.sign() > 0, lower: rng.sign() > 0, transposeA: rng.sign() > 0, unitDiagonal: rng.int(0, 4) === 0 };
      const k = o.leftSide ? m : n;
      return {
        fn: (a, b) => lax.linalg.triangularSolve(a, b, o),
        args: (r) => [triangularish(r, batch, k), f64([...batch, m, n], () => r.normal())],
        desc: `${fmt(batch)} a ${k}×${k} b ${m}×${n} ${JSON.stringify(o)}`,
      };
    },
  },
  {
    name: 'lu', prim: 'lu', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      return { fn: (x) => lax.linalg.lu(x), args: (r) => [wellConditioned(r, batch, n, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'lu (rectangular)', prim: 'lu', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), m = rng.int(1, 5), n = rng.int(1, 5);
      return { fn: (x) => lax.linalg.lu(x), args: (r) => [wellConditioned(r, batch, m, n)], desc: `${fmt(batch)} ${m}×${n}` };
    },
  },
  {
    name: 'qr (reduced, m ≥ n)', prim: 'qr', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 4), m = n + rng.int(0, 3);
      return { fn: (x) => lax.linalg.qr(x, { fullMatrices: false }), args: (r) => [wellConditioned(r, batch, m, n)], desc: `${fmt(batch)} ${m}×${n}` };
    },
  },
  {
    name: 'eigh', prim: 'eigh', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      return { fn: (x) => lax.linalg.eigh(x), args: (r) => [separatedSymmetric(r, batch, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'svd (thin)', prim: 'svd', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), m = rng.int(1, 5), n = rng.int(1, 5);
      return { fn: (x) => lax.linalg.svd(x, { fullMatrices: false }), args: (r) => [separatedSingular(r, batch, m, n)], desc: `${fmt(batch)} ${m}×${n}` };
    },
  },
  {
    name: 'np.linalg.det', prim: 'lu', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      return { fn: (x) => np.linalg.det(x), args: (r) => [wellConditioned(r, batch, n, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'np.linalg.slogdet', prim: 'lu', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      // The sign is piecewise constant: only logabsdet carries a tangent.
      return { fn: (x) => np.linalg.slogdet(x)[1], args: (r) => [wellConditioned(r, batch, n, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'np.linalg.solve', prim: 'triangular_solve', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5), k = rng.int(1, 3);
      return { fn: (a, b) => np.linalg.solve(a, b), args: (r) => [wellConditioned(r, batch, n, n), f64([...batch, n, k], () => r.normal())], desc: `${fmt(batch)} ${n}×${n}, b ×${k}` };
    },
  },
  {
    name: 'np.linalg.inv', prim: 'triangular_solve', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), n = rng.int(1, 5);
      return { fn: (x) => np.linalg.inv(x), args: (r) => [wellConditioned(r, batch, n, n)], desc: `${fmt(batch)} ${n}×${n}` };
    },
  },
  {
    name: 'np.linalg.pinv', prim: 'svd', differentiable: true,
    make: (rng) => {
      const batch = batchShape(rng), m = rng.int(1, 5), n = rng.int(1, 5);
      return { fn: (x) => np.linalg.pinv(x), args: (r) => [separatedSingular(r, batch, m, n)], desc: `${fmt(batch)} ${m}×${n}` };
    },
  },
];

const f32 = (rng: Rng, shape: number[]): Tensor =>
  np.array(Float32Array.from({ length: sizeOf(shape) }, () => rng.normal()), { dtype: 'float32', shape });

export const LINALG_ZERO_SIZE_CASES: ZeroSizeCase[] = [
  { name: 'cholesky of [0,3,3]', prim: 'cholesky', fn: (x) => lax.linalg.cholesky(x), args: (r) => [f32(r, [0, 3, 3])] },
  { name: 'cholesky of [2,0,0]', prim: 'cholesky', fn: (x) => lax.linalg.cholesky(x), args: (r) => [f32(r, [2, 0, 0])] },
  {
    name: 'triangular_solve with b [3,0]', prim: 'triangular_solve',
    fn: (a, b) => lax.linalg.triangularSolve(a, b, { leftSide: true, lower: true }), args: (r) => [f32(r, [3, 3]), f32(r, [3, 0])],
  },
  { name: 'lu of [0,2,2]', prim: 'lu', fn: (x) => lax.linalg.lu(x), args: (r) => [f32(r, [0, 2, 2])] },
  { name: 'lu of [3,0] (the permutation is the identity)', prim: 'lu', fn: (x) => lax.linalg.lu(x), args: (r) => [f32(r, [3, 0])] },
  { name: 'qr of [0,3] (complete: q is the 0×0 identity)', prim: 'qr', fn: (x) => lax.linalg.qr(x), args: (r) => [f32(r, [0, 3])] },
  { name: 'qr of [2,3,0] (complete: q is the 3×3 identity)', prim: 'qr', fn: (x) => lax.linalg.qr(x), args: (r) => [f32(r, [2, 3, 0])] },
  { name: 'eigh of [0,2,2]', prim: 'eigh', fn: (x) => lax.linalg.eigh(x), args: (r) => [f32(r, [0, 2, 2])] },
  { name: 'svd of [2,0] (thin)', prim: 'svd', fn: (x) => lax.linalg.svd(x, { fullMatrices: false }), args: (r) => [f32(r, [2, 0])] },
];
