/**
 * Conformance cases of sort and the cumulative scans (issue 11), appended to the primitive table
 * (primitive-cases.ts) and the zero-size table (zero-size-cases.ts), so the jvp (finite
 * differences), vjp (dot product), vmap and WebGPU-vs-CPU specs run over them. Differentiable
 * cases draw well-separated values (gaps ≥ 0.3 ≫ the FD step), so no finite-difference step
 * reorders a sort or changes which element a running max comes from.
 */
import { lax, np, Tensor } from '../../src/index.js';
import type { PrimitiveCase } from './primitive-cases.js';
import type { ZeroSizeCase } from './zero-size-cases.js';
import { Rng, f64, i32, normalF64, sizeOf } from './check.js';

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

/** Distinct values ≥ 0.3 apart in random order (no ties: sort and cummax are smooth there). */
export const separatedF64 = (rng: Rng, shape: readonly number[]): Tensor => {
  const n = sizeOf(shape), p = rng.perm(n), shift = rng.normal();
  return f64(shape, (i) => (p[i] - n / 2) * 0.4 + shift + rng.uniform(-0.05, 0.05));
};

function shapeAndAxis(rng: Rng): [number[], number] {
  const shape = rng.shape(1, 3, 5);
  return [shape, rng.int(0, shape.length)];
}

const sortCase: PrimitiveCase = {
  name: 'sort (one operand)', prim: 'sort', differentiable: true,
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    return { fn: (x) => lax.sort(x, { dimension: axis }), args: (r) => [separatedF64(r, shape)], desc: `${fmt(shape)} dimension ${axis}` };
  },
};

const sortKeyValCase: PrimitiveCase = {
  name: 'sort (key and value)', prim: 'sort', differentiable: true,
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    return { fn: (k, v) => lax.sort([k, v], { dimension: axis }), args: (r) => [separatedF64(r, shape), normalF64(r, shape)], desc: `${fmt(shape)} dimension ${axis}` };
  },
};

/**
 * Two int32 keys, the first with many ties (0..2, negative ones too) that the second (distinct)
 * breaks; a float value rides along and is the only operand with a tangent.
 */
const sortTwoKeysCase: PrimitiveCase = {
  name: 'sort (two int32 keys with ties, and a value)', prim: 'sort', differentiable: true,
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    return {
      fn: (k1, k2, v) => lax.sort([k1, k2, v], { dimension: axis, numKeys: 2 }),
      args: (r) => { const p = r.perm(sizeOf(shape)); return [i32(shape, () => r.int(-1, 2)), i32(shape, (i) => p[i] - 3), normalF64(r, shape)]; },
      desc: `${fmt(shape)} dimension ${axis}`,
    };
  },
};

const argsortCase: PrimitiveCase = {
  name: 'np.argsort (descending, ties)', prim: 'sort', differentiable: false,
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    return { fn: (x) => np.argsort(x, { axis, descending: true }), args: (r) => [f64(shape, () => r.int(0, 4))], desc: `${fmt(shape)} axis ${axis}` };
  },
};

const topKCase: PrimitiveCase = {
  name: 'lax.topK (values and indices)', prim: 'sort', differentiable: true,
  make: (rng) => {
    const shape = rng.shape(1, 3, 5), k = rng.int(1, shape[shape.length - 1] + 1);
    return { fn: (x) => lax.topK(x, k), args: (r) => [separatedF64(r, shape)], desc: `${fmt(shape)} k ${k}` };
  },
};

function scanCase(prim: 'cumsum' | 'cumprod' | 'cummax' | 'cummin', gen: (r: Rng, s: number[]) => Tensor): PrimitiveCase {
  return {
    name: prim, prim, differentiable: true,
    make: (rng) => {
      const [shape, axis] = shapeAndAxis(rng);
      const reverse = rng.int(0, 2) === 1;
      return { fn: (x) => lax[prim](x, axis, reverse), args: (r) => [gen(r, shape)], desc: `${fmt(shape)} axis ${axis}${reverse ? ' reverse' : ''}` };
    },
  };
}

/** Products of normals, with an exact zero now and then (cumprod's jvp must not divide by x). */
const withZeros = (r: Rng, s: number[]): Tensor => f64(s, () => (r.int(0, 6) === 0 ? 0 : r.normal()));

const searchsortedCase: PrimitiveCase = {
  name: 'np.searchsorted', prim: 'gather', differentiable: false,
  make: (rng) => {
    const n = rng.int(1, 9), m = rng.shape(0, 2, 4), side = rng.pick(['left', 'right'] as const);
    return {
      fn: (a, v) => np.searchsorted(a, v, { side }),
      // Sorted small integers (ties), searched for with integers and halves.
      args: (r) => [np.sort(f64([n], () => r.int(0, 5))), f64(m, () => r.int(-1, 11) / 2)],
      desc: `a [${n}] v ${fmt(m)} side ${side}`,
    };
  },
};

const takeAlongAxisCase: PrimitiveCase = {
  name: 'np.takeAlongAxis', prim: 'gather', differentiable: true, diffArgs: [0],
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    const idxShape = [...shape];
    idxShape[axis] = rng.int(1, 6);
    return {
      fn: (x, i) => np.takeAlongAxis(x, i, axis),
      args: (r) => [normalF64(r, shape), i32(idxShape, () => r.int(-shape[axis], shape[axis]))],
      desc: `${fmt(shape)} idx ${fmt(idxShape)} axis ${axis}`,
    };
  },
};

const associativeScanCase: PrimitiveCase = {
  name: 'lax.associativeScan (pairs: a linear recurrence)', prim: 'concatenate', differentiable: true,
  make: (rng) => {
    const [shape, axis] = shapeAndAxis(rng);
    const reverse = rng.int(0, 2) === 1;
    return {
      fn: (a, b) => lax.associativeScan(([a1, b1], [a2, b2]) => [lax.mul(a1, a2), lax.add(lax.mul(b1, a2), b2)], [a, b], { axis, reverse }),
      args: (r) => [normalF64(r, shape), normalF64(r, shape)],
      desc: `${fmt(shape)} axis ${axis}${reverse ? ' reverse' : ''}`,
    };
  },
};

export const SORT_SCAN_CASES: PrimitiveCase[] = [
  sortCase, sortKeyValCase, sortTwoKeysCase, argsortCase, topKCase,
  scanCase('cumsum', normalF64), scanCase('cumprod', withZeros), scanCase('cummax', separatedF64), scanCase('cummin', separatedF64),
  searchsortedCase, takeAlongAxisCase, associativeScanCase,
];

const f32 = (rng: Rng, shape: number[]): Tensor =>
  np.array(Float32Array.from({ length: sizeOf(shape) }, () => rng.normal()), { dtype: 'float32', shape });

export const SORT_SCAN_ZERO_SIZE_CASES: ZeroSizeCase[] = [
  { name: 'sort of [3,0] along axis 1', prim: 'sort', fn: (x) => lax.sort(x, { dimension: 1 }), args: (r) => [f32(r, [3, 0])] },
  { name: 'sort of [0,4] (key and value)', prim: 'sort', fn: (k, v) => lax.sort([k, v], { dimension: 1 }), args: (r) => [f32(r, [0, 4]), f32(r, [0, 4])] },
  ...(['cumsum', 'cumprod', 'cummax', 'cummin'] as const).map((prim): ZeroSizeCase => ({
    name: `${prim} of [2,0] along axis 1`, prim, fn: (x) => lax[prim](x, 1), args: (r) => [f32(r, [2, 0])],
  })),
  { name: 'cumsum of [0,3] along axis 1, reversed', prim: 'cumsum', fn: (x) => lax.cumsum(x, 1, true), args: (r) => [f32(r, [0, 3])] },
  { name: 'np.searchsorted in an empty array', prim: 'gather', fn: (a, v) => np.searchsorted(a, v), args: (r) => [f32(r, [0]), f32(r, [3])] },
];
