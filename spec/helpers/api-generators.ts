/**
 * Input generators and case builders shared by the API conformance case tables
 * (api-conformance-cases.ts and the api-cases-*.ts files it gathers). Each generator draws fresh
 * values from the seeded Rng inside a function's domain, so that the CPU interpreter and WebGPU see
 * the same float32 inputs and must agree.
 */
import { np, type Tensor } from '../../src/index.js';
import type { DType } from '../../src/core/dtype.js';
import { Rng, sizeOf } from './check.js';
import type { ApiCase } from './api-conformance-cases.js';

export type Gen = (rng: Rng, shape: number[]) => Tensor;
export const f32 = (shape: number[], fill: () => number): Tensor =>
  np.array(Float32Array.from({ length: sizeOf(shape) }, fill), { dtype: 'float32', shape: [...shape] });
export const normal: Gen = (r, s) => f32(s, () => r.normal());
export const between = (lo: number, hi: number): Gen => (r, s) => f32(s, () => r.uniform(lo, hi));
export const positive = between(0.2, 3);
export const awayFromZero: Gen = (r, s) => f32(s, () => r.sign() * r.uniform(0.3, 2));
/** Values at least 0.1 from every integer (floor, ceil, trunc, casts). */
export const offInteger: Gen = (r, s) => f32(s, () => r.int(-4, 4) + r.uniform(0.1, 0.9));
/** Values at least 0.1 from every half-integer (round, rint: no ties). */
export const offHalf: Gen = (r, s) => f32(s, () => r.int(-4, 4) + r.sign() * r.uniform(0, 0.4));
/** Small integers as float32 (exact zeros included: they are exact on both backends). */
export const smallInts: Gen = (r, s) => f32(s, () => r.int(-2, 3));
export const ints = (lo: number, hi: number): Gen => (r, s) =>
  np.array(Int32Array.from({ length: sizeOf(s) }, () => r.int(lo, hi)), { dtype: 'int32', shape: [...s] });
/** Integers in ±[1, 6]: no zero divisor. */
export const nonzeroInts: Gen = (r, s) =>
  np.array(Int32Array.from({ length: sizeOf(s) }, () => r.sign() * r.int(1, 7)), { dtype: 'int32', shape: [...s] });
/** Integers of a narrow or 32-bit dtype, drawn over its whole range (every bit pattern of the narrow ones). */
export const intsOf = (dtype: DType, lo: number, hi: number): Gen => (r, s) =>
  np.array(Float64Array.from({ length: sizeOf(s) }, () => r.int(lo, hi)), { dtype, shape: [...s] });
export const bools: Gen = (r, s) =>
  np.array(Uint8Array.from({ length: sizeOf(s) }, () => (r.uniform() < 0.5 ? 1 : 0)), { dtype: 'bool', shape: [...s] });
/** Normal values with NaN, ±Infinity sprinkled in (about one in five). */
export const special: Gen = (r, s) => f32(s, () => (r.uniform() < 0.2 ? r.pick([NaN, Infinity, -Infinity]) : r.normal()));
export const withNaN: Gen = (r, s) => f32(s, () => (r.uniform() < 0.25 ? NaN : r.normal()));
/** Every element from one fill function (a constant pattern, say). */
export const nanOr = (g: () => number): Gen => (_r, s) => f32(s, g);
/** Normal values with ±Infinity (no NaN) sprinkled in. */
export const withInf: Gen = (r, s) => f32(s, () => (r.uniform() < 0.2 ? r.pick([Infinity, -Infinity]) : r.normal()));
/** A threefry key made from random words (a uint32[2]). */
export const key = (r: Rng): Tensor => np.array(Uint32Array.from([r.u32(), r.u32()]), { dtype: 'uint32', shape: [2] });

/** The default case shape; binary cases broadcast it against [5]. */
export const S = [3, 5];
export const unary = (name: string, f: (x: Tensor) => unknown, gen: Gen, tol?: number, shape = S): ApiCase =>
  ({ name, fn: f, args: (r) => [gen(r, shape)], tol });
export const binary = (name: string, f: (x: Tensor, y: Tensor) => unknown, a: Gen, b: Gen, tol?: number): ApiCase =>
  // Broadcasting: [3, 5] against [5].
  ({ name, fn: f, args: (r) => [a(r, S), b(r, [5])], tol });
/** x = q·y with q at least 0.1 from an integer: truncated and floored quotients have no boundary case. */
export const quotientPair = (r: Rng): Tensor[] => {
  const y = Array.from({ length: 15 }, () => r.sign() * r.uniform(0.5, 2));
  const x = y.map((v) => v * (r.int(-3, 3) + r.uniform(0.1, 0.9)));
  return [f32(S, (() => { let i = 0; return () => x[i++]; })()), f32(S, (() => { let i = 0; return () => y[i++]; })())];
};
