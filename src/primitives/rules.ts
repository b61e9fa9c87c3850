import type { TypedArray } from '../core/dtype.js';
import type { Params, Primitive } from '../core/primitive.js';
import type { ShapedArray } from '../core/shape.js';
import type { Tensor } from '../core/tensor.js';

/** A symbolic zero tangent or cotangent: no array is built for it. */
export type Tangent = Tensor | null;

/** Marks a linear input of a primitive during transposition: its value is what we solve for. */
export class UndefinedPrimal {
  constructor(readonly aval: ShapedArray) {}
}

/** An input or output of a CPU kernel: host data with its type. */
export interface HostArray { readonly data: TypedArray; readonly aval: ShapedArray }

export type BatchDim = number | null;

/**
 * Every rule of one primitive. `abstractEval` infers output types (and rejects bad inputs with
 * a message naming the op, the types and the fix); `jvp` is written with other primitives and
 * runs one trace further out; `vmap` receives each input's batch axis (null: unbatched);
 * `cpu` is the reference interpreter's kernel; `transpose` exists only for linear primitives.
 */
export interface Rules<P extends Primitive> {
  abstractEval(avals: ShapedArray[], params: Params<P>): ShapedArray[];
  jvp(primals: Tensor[], tangents: Tangent[], params: Params<P>): [Tensor[], Tangent[]];
  vmap(args: Tensor[], dims: BatchDim[], params: Params<P>, axisSize: number): [Tensor[], BatchDim[]];
  transpose?(cts: Tangent[], args: (Tensor | UndefinedPrimal)[], params: Params<P>): Tangent[];
}

export interface FirstOrderRules<P extends Primitive> extends Rules<P> {
  cpu(inputs: HostArray[], params: Params<P>, outAvals: ShapedArray[]): TypedArray[];
}

/** Primitives whose parameter is a program; their rules are transformations of that program. */
/** Primitives whose rules live in transforms/ (parameters that are programs or functions, or collectives). */
export type HigherOrder = 'jit' | 'custom_jvp' | 'custom_lin' | 'checkpoint' | 'scan' | 'while' | 'cond' | 'psum' | 'pmax' | 'pmin' | 'axis_index';
export type FirstOrder = Exclude<Primitive, HigherOrder>;

export type FirstOrderTable = { [P in FirstOrder]: FirstOrderRules<P> };
export type HigherOrderTable = { [P in HigherOrder]: Rules<P> };
