import type { DType } from './dtype.js';
import type { Shape } from './shape.js';
import type { Jaxpr } from './jaxpr.js';
import type { Tensor } from './tensor.js';

type NoParams = Record<never, never>;

/** Parameters of the cumulative primitives: the scanned axis, and whether to scan from its end. */
export interface CumulativeParams { readonly axis: number; readonly reverse: boolean }

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/** The user's jvp rule of a `customJvp` function: (primals, tangents) → [outputs, output tangents]. */
export type CustomJvpRule = (primals: Tensor[], tangents: Tensor[]) => [Tensor[], Tensor[]];

/**
 * The closed set of primitives and the static parameters each one carries. Everything else in
 * fluxion (softmax, layerNorm, arctan, einsum, ...) is a composition of these. Rule tables are
 * mapped types over this interface, so a primitive without a rule is a compile error.
 */
export interface PrimitiveParams {
  // elementwise unary
  neg: NoParams; exp: NoParams; log: NoParams; log1p: NoParams; expm1: NoParams;
  sin: NoParams; cos: NoParams; tanh: NoParams; sqrt: NoParams; rsqrt: NoParams;
  abs: NoParams; sign: NoParams; floor: NoParams;
  // elementwise binary (operands of equal shape and dtype: the numpy layer broadcasts)
  add: NoParams; sub: NoParams; mul: NoParams; div: NoParams;
  max: NoParams; min: NoParams; pow: NoParams; rem: NoParams;
  shift_right_logical: NoParams;
  compare: { op: CompareOp };
  where: NoParams;
  cast: { dtype: DType };
  // movement: these become index arithmetic inside kernels
  broadcast_in_dim: { shape: Shape; dims: readonly number[] };
  reshape: { shape: Shape };
  transpose: { perm: readonly number[] };
  slice: { start: readonly number[]; limit: readonly number[] };
  pad: { lo: readonly number[]; hi: readonly number[] };
  concatenate: { axis: number };
  gather: { axis: number };
  scatter_add: { axis: number };
  // reductions and contractions
  reduce_sum: { axes: readonly number[] };
  reduce_max: { axes: readonly number[] };
  argmax: { axis: number };
  dot_general: {
    contract: readonly [readonly number[], readonly number[]];
    batch: readonly [readonly number[], readonly number[]];
  };
  // sources
  iota: { shape: Shape; dim: number; dtype: DType };
  threefry2x32: NoParams;
  // transformation-related
  stop_gradient: NoParams;
  // sorting and cumulative scans (primitives/sort.ts, primitives/cumulative.ts)
  sort: { dimension: number; numKeys: number };
  cumsum: CumulativeParams; cumprod: CumulativeParams; cummax: CumulativeParams; cummin: CumulativeParams;
  custom_jvp: { jaxpr: Jaxpr; jvp: CustomJvpRule; name: string };
  jit: { jaxpr: Jaxpr; name: string };
}

export type Primitive = keyof PrimitiveParams;
export type Params<P extends Primitive> = PrimitiveParams[P];
export type AnyParams = PrimitiveParams[Primitive];
