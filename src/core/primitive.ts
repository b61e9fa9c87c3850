import type { DType } from './dtype.js';
import type { Shape, ShapedArray } from './shape.js';
import type { Jaxpr } from './jaxpr.js';
import type { Tensor } from './tensor.js';

type NoParams = Record<never, never>;

/** Parameters of the cumulative primitives: the scanned axis, and whether to scan from its end. */
export interface CumulativeParams { readonly axis: number; readonly reverse: boolean }

/**
 * The host side of a `debug_callback`: called with the operands as host arrays (data and type),
 * once per execution, in program order (primitives/debug-callback.ts).
 */
export type DebugCallbackFn = (args: { readonly data: import('./dtype.js').TypedArray; readonly aval: import('./shape.js').ShapedArray }[]) => void;

export type CompareOp = 'lt' | 'le' | 'gt' | 'ge' | 'eq' | 'ne';

/**
 * Parameters of the primitives whose result depends on the operand's bit width. `from` is absent
 * in every program a user builds: the WebGPU widening pass (compiler/passes/widen-narrow.ts) sets
 * it to the narrow dtype (int8, float16, ...) an operand had before it became its 32-bit compute
 * type, since the compute value alone no longer tells an int8 from an int32.
 */
export interface BitWidthParams { readonly from?: DType }

/** Out-of-range index tuples of gather_nd: clamped into range, or read as the `fill` value. */
export type GatherMode = 'clip' | 'fill';
/** Out-of-range index tuples of scatter_nd: clamped into range, or their updates dropped. */
export type ScatterMode = 'clip' | 'drop';
/** How scatter_nd combines an update with the value already there (JAX's scatter, scatter-add, ...). */
export type ScatterOp = 'set' | 'add' | 'mul' | 'min' | 'max';

/** The user's jvp rule of a `customJvp` function: (primals, tangents) → [outputs, output tangents]. */
export type CustomJvpRule = (primals: Tensor[], tangents: (Tensor | null)[]) => [Tensor[], Tensor[]];

/**
 * The backward pass of one `custom_lin` equation (a customVjp's tangent map) on flat lists:
 * (tensor residuals, output cotangents) → one cotangent (or null, a zero) per tangent input.
 */
export type CustomLinBwd = (residuals: Tensor[], cts: Tensor[]) => (Tensor | null)[];

/**
 * Dimension numbers of a convolution, as axis positions: lhs [batch, feature, ...spatial], rhs
 * [output feature, input feature, ...spatial], out [batch, feature, ...spatial] (JAX's
 * ConvDimensionNumbers); the spatial axes of the three are paired in this order.
 */
export interface ConvDimensionNumbers { readonly lhs: readonly number[]; readonly rhs: readonly number[]; readonly out: readonly number[] }

/** Parameters of conv_general_dilated (one entry per spatial dimension; padding may be negative). */
export interface ConvParams {
  readonly windowStrides: readonly number[];
  readonly padding: readonly (readonly [number, number])[];
  readonly lhsDilation: readonly number[];
  readonly rhsDilation: readonly number[];
  readonly dimensionNumbers: ConvDimensionNumbers;
  readonly featureGroupCount: number;
  readonly batchGroupCount: number;
}

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
  /** Bitwise exclusive or of integers (lax.bitwise_xor). */
  xor: NoParams;
  /** Bitwise and / or / not of integers (lax.bitwise_and, bitwise_or, bitwise_not). */
  and: NoParams; or: NoParams; not: NoParams;
  /** x << y of integers, 0 once y reaches the width (lax.shift_left). */
  shift_left: NoParams;
  /** x >> y of signed integers, filling with the sign bit (lax.shift_right_arithmetic). */
  shift_right_arithmetic: NoParams;
  /**
   * The same bits read as `dtype`, of the operand's width (lax.bitcast_convert_type; the lax
   * function adds JAX's shape change between widths as a composition: primitives/lax-bits.ts).
   */
  bitcast_convert_type: { dtype: DType } & BitWidthParams;
  /** The number of set bits of each integer (lax.population_count). */
  population_count: BitWidthParams;
  /** The number of leading zero bits of each integer, within its width (lax.clz). */
  clz: BitWidthParams;
  // atan2(y, x): the angle of the point (x, y), in (−π, π] (arcsin, arccos and np.arctan2 build on it)
  atan2: NoParams;
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
  // multi-axis point gather/scatter (NumPy indexing): primitives/indexing-nd.ts
  gather_nd: { axes: readonly number[]; mode: GatherMode; fill: number };
  scatter_nd: { axes: readonly number[]; mode: ScatterMode; op: ScatterOp };
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
  // linear algebra over the last two axes, batched over the leading ones (primitives/linalg.ts)
  cholesky: NoParams;
  triangular_solve: { leftSide: boolean; lower: boolean; transposeA: boolean; unitDiagonal: boolean };
  lu: NoParams;
  qr: { fullMatrices: boolean };
  eigh: { lower: boolean };
  svd: NoParams;
  // convolution (primitives/conv.ts): XLA's ConvGeneralDilated
  conv_general_dilated: ConvParams;
  custom_jvp: { jaxpr: Jaxpr; jvp: CustomJvpRule; name: string };
  /**
   * A customVjp's output tangents (transforms/custom-vjp.ts): inputs (residuals, input tangents),
   * linear in the tangents; its transpose is the user's bwd; it has no forward evaluation.
   */
  // collectives over a named vmap axis (transforms/collectives.ts): answered by the vmap that names it
  psum: { axisName: string }; pmax: { axisName: string }; pmin: { axisName: string }; axis_index: { axisName: string };
  custom_lin: {
    numResiduals: number; outAvals: readonly ShapedArray[]; tangentAvals: readonly ShapedArray[]; bwd: CustomLinBwd; name: string;
  };
  // effects (primitives/debug-callback.ts): no outputs; DCE keeps it, CSE never merges it
  debug_callback: { callback: DebugCallbackFn; name: string };
  jit: { jaxpr: Jaxpr; name: string };
  // control flow (primitives/control-flow.ts): params hold Jaxprs whose constants are leading inputs
  /** jax.checkpoint (remat): a call whose forward is recomputed in the backward pass (transforms/checkpoint.ts). */
  checkpoint: { jaxpr: Jaxpr; name: string; policy?: CheckpointPolicy };
  scan: ScanParams;
  while: WhileParams;
  cond: CondParams;
}

/**
 * Which values a checkpoint keeps from the forward pass (jax.checkpoint_policies): `saveable`
 * answers for one equation of the differentiated body whose inputs are all known (forward
 * values); a saveable output is kept as a residual, the rest is recomputed in the backward pass.
 * Printed in Jaxprs by its name.
 */
export class CheckpointPolicy {
  constructor(readonly name: string, readonly saveable: (prim: Primitive, params: AnyParams) => boolean) {}
  toString(): string { return this.name; }
}

/**
 * lax.scan as a primitive. Inputs: (consts, carry init, xs stacked on axis 0); `jaxpr` maps
 * (consts, carry, one slice of each xs) → (carry, one slice of each ys). Outputs: (final carry,
 * ys stacked on axis 0 at their iteration's index, also when `reverse`).
 */
export interface ScanParams {
  readonly jaxpr: Jaxpr;
  readonly numConsts: number;
  readonly numCarry: number;
  readonly length: number;
  readonly reverse: boolean;
  /** How many iterations a backend may fuse into one body (a hint; values are unchanged). */
  readonly unroll: number;
}

/**
 * lax.while_loop as a primitive. Inputs: (cond consts, body consts, carry). `cond` maps (cond
 * consts, carry) → a bool scalar; `body` maps (body consts, carry) → carry.
 */
export interface WhileParams {
  readonly cond: Jaxpr;
  readonly body: Jaxpr;
  readonly condNumConsts: number;
  readonly bodyNumConsts: number;
}

/** lax.switch / lax.cond as a primitive. Inputs: (an int32 scalar index, operands); every branch maps the operands to outputs of one type. */
export interface CondParams { readonly branches: readonly Jaxpr[] }

export type Primitive = keyof PrimitiveParams;
export type Params<P extends Primitive> = PrimitiveParams[P];
export type AnyParams = PrimitiveParams[Primitive];

/**
 * Primitives run for their effect, not their (absent) outputs: the compiler's DCE keeps them even
 * though nothing reads them, and CSE never merges two of them (each call must happen).
 */
export const EFFECTFUL: ReadonlySet<Primitive> = new Set<Primitive>(['debug_callback']);
