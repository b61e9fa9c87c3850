/**
 * JAX's lax reductions beyond the two primitives (reduce_sum, reduce_max): reduceMin (an
 * order-reversing map around reduce_max), reduceProd / reduceAnd / reduceOr / reduceXor (a
 * pairwise tree of the binary operation: log₂ n slices, each fused by jit), and the generic
 * lax.reduce, which recognises its computation by tracing it on scalars. All are compositions,
 * so they differentiate (reduceProd through its products), jit and vmap.
 */
import { DType, coerce, highestValue, isFloat, isInteger, lowestValue, shortName } from '../core/dtype.js';
import { ArgumentError, DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { traceToJaxpr } from '../core/staging.js';
import { type Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from './lax.js';
import { tensor } from './lax-args.js';

/** The binary operations a reduction here can apply. */
export type ReduceOp = 'add' | 'mul' | 'max' | 'min' | 'and' | 'or' | 'xor';

const logicalAnd = (a: Tensor, b: Tensor): Tensor => lax.where(a, b, a);
const logicalOr = (a: Tensor, b: Tensor): Tensor => lax.where(a, a, b);

/** `op` applied elementwise (bools: the logical and / or / xor). */
function apply(op: ReduceOp, a: Tensor, b: Tensor): Tensor {
  const bool = a.dtype === 'bool';
  switch (op) {
    case 'add': return bool ? logicalOr(a, b) : lax.add(a, b);
    case 'mul': return bool ? logicalAnd(a, b) : lax.mul(a, b);
    case 'max': return bool ? logicalOr(a, b) : lax.max(a, b);
    case 'min': return bool ? logicalAnd(a, b) : lax.min(a, b);
    case 'and': return bool ? logicalAnd(a, b) : lax.bitwiseAnd(a, b);
    case 'or': return bool ? logicalOr(a, b) : lax.bitwiseOr(a, b);
    case 'xor': return bool ? lax.compare(a, b, 'ne') : lax.bitwiseXor(a, b);
  }
}

/** The identity of `op` on `dtype` (and/or/xor: integers and bools only; the caller checks). */
function identity(op: ReduceOp, dtype: DType): number {
  switch (op) {
    case 'add': case 'or': case 'xor': return 0;
    case 'mul': return 1;
    case 'and': return dtype === 'bool' ? 1 : coerce(dtype, -1);
    case 'max': return lowestValue(dtype);
    case 'min': return highestValue(dtype);
  }
}

/**
 * Operands reduced over their last axis (n ≥ 1 entries, the same shape each) by a pairwise tree
 * of `combine`, which maps two lists of same-shaped slices to one.
 */
function treeOfLastAxisWith(combine: (a: Tensor[], b: Tensor[]) => Tensor[], xs: Tensor[]): Tensor[] {
  const axis = xs[0].ndim - 1, lo = xs[0].shape.map(() => 0);
  let ts = xs;
  while (ts[0].shape[axis] > 1) {
    const shape = ts[0].shape, n = shape[axis], half = Math.floor(n / 2), limit = [...shape];
    limit[axis] = half;
    const start = [...lo];
    start[axis] = n - half;
    // The first n − half entries combine with the last half; an odd middle entry passes through.
    const heads = ts.map((t) => lax.slice(t, lo, shape.map((s, d) => (d === axis ? n - half : s))));
    const folded = combine(heads.map((h) => lax.slice(h, lo, limit)), ts.map((t) => lax.slice(t, start, [...shape])));
    ts = n % 2
      ? folded.map((f, i) => lax.concatenate([f, lax.slice(heads[i], start.map((s, d) => (d === axis ? half : 0)), heads[i].shape)], axis))
      : folded;
  }
  return ts.map((t) => lax.reshape(t, t.shape.slice(0, axis)));
}

/** x reduced over the last axis by a pairwise tree of `op` (the last axis has n ≥ 1 entries). */
const treeOfLastAxis = (op: ReduceOp, x: Tensor): Tensor => treeOfLastAxisWith(([a], [b]) => [apply(op, a, b)], [x])[0];

/** x reduced over `axes` by `op` (a tree), the identity where the axes hold nothing. */
function treeReduce(name: string, op: ReduceOp, operand: Tensor, axes: readonly number[]): Tensor {
  const x = tensor(name, operand, 'the operand');
  const ax = validate.axes(name, [...axes], x.ndim, 'axes');
  if (ax.length === 0) return x;
  const kept = x.shape.map((_, d) => d).filter((d) => !ax.includes(d)), keptShape = kept.map((d) => x.shape[d]);
  const n = ax.reduce((p, d) => p * x.shape[d], 1);
  if (n === 0) return lax.full(keptShape, identity(op, x.dtype), x.dtype);
  return treeOfLastAxis(op, lax.reshape(lax.transpose(x, [...kept, ...ax]), [...keptShape, n]));
}

function requireBits(name: string, x: Tensor): void {
  if (!isTensor(x)) return;
  if (!isInteger(x.dtype) && x.dtype !== 'bool') throw new DTypeError(`${name}: expected integer or bool values, got ${x.aval}; a bitwise reduction of floats has no meaning (JAX refuses it too).`);
}

/**
 * The minimum over `axes` (JAX's lax.reduce_min; NaN wins, as in reduce_max), as the maximum of an
 * order-reversing map: −x for floats, ~x for integers (exact at the type's least value).
 * @example lax.reduceMin(np.array([[1, 5], [3, 0]]), [1]); // → [1, 0]
 */
export function reduceMin(operand: Tensor, axes: readonly number[]): Tensor {
  const x = tensor('lax.reduceMin', operand, 'the operand');
  validate.axes('lax.reduceMin', [...axes], x.ndim, 'axes');
  if (x.dtype === 'bool') return treeReduce('lax.reduceMin', 'min', x, axes);
  const flip = isFloat(x.dtype) ? lax.neg : lax.bitwiseNot;
  return flip(lax.reduceMax(flip(x), axes));
}

/**
 * The product over `axes` (JAX's lax.reduce_prod), a pairwise tree of products; 1 over nothing.
 * @example lax.reduceProd(np.array([[1, 2], [3, 4]]), [0, 1]); // → 24
 */
export const reduceProd = (operand: Tensor, axes: readonly number[]): Tensor => treeReduce('lax.reduceProd', 'mul', operand, axes);

/** Bitwise and (logical on bools) over `axes` (JAX's lax.reduce_and). @example lax.reduceAnd(np.array([[12, 10], [7, 3]], 'int32'), [1]); // → [8, 3] */
export const reduceAnd = (operand: Tensor, axes: readonly number[]): Tensor => { requireBits('lax.reduceAnd', operand); return treeReduce('lax.reduceAnd', 'and', operand, axes); };
/** Bitwise or (logical on bools) over `axes` (JAX's lax.reduce_or). @example lax.reduceOr(np.array([[12, 10], [4, 1]], 'uint8'), [1]); // → [14, 5] */
export const reduceOr = (operand: Tensor, axes: readonly number[]): Tensor => { requireBits('lax.reduceOr', operand); return treeReduce('lax.reduceOr', 'or', operand, axes); };
/** Bitwise exclusive or (parity on bools) over `axes` (JAX's lax.reduce_xor). @example lax.reduceXor(np.array([true, true, true]), [0]); // → true */
export const reduceXor = (operand: Tensor, axes: readonly number[]): Tensor => { requireBits('lax.reduceXor', operand); return treeReduce('lax.reduceXor', 'xor', operand, axes); };

const REDUCE_OPS: Partial<Record<string, ReduceOp>> = { add: 'add', mul: 'mul', max: 'max', min: 'min', and: 'and', or: 'or', xor: 'xor' };

/**
 * Which of REDUCE_OPS `computation` applies to each operand, by its Jaxpr on scalars of `dtypes`
 * (a list computation maps (as, bs) to one result per operand, output i an op of a_i and b_i);
 * undefined for anything else.
 */
function recognise(computation: Computation, dtypes: readonly DType[], list: boolean): ReduceOp[] | undefined {
  const n = dtypes.length, avals = [...dtypes, ...dtypes].map((d) => new ShapedArray([], d));
  let jaxpr;
  try {
    jaxpr = traceToJaxpr((...xs) => {
      const out = list ? (computation as ListComputation)(xs.slice(0, n), xs.slice(n)) : [(computation as ScalarComputation)(xs[0], xs[1])];
      return Array.isArray(out) ? out : [out];
    }, avals, 'lax.reduce').jaxpr;
  } catch {
    return undefined;
  }
  if (jaxpr.numConsts !== 0 || jaxpr.eqns.length !== n || jaxpr.outs.length !== n) return undefined;
  const ops: ReduceOp[] = [];
  for (let i = 0; i < n; i++) {
    const e = jaxpr.eqns.find((q) => q.outs[0] === jaxpr.outs[i]);
    const a = jaxpr.inVars[i], b = jaxpr.inVars[n + i];
    const op = e && REDUCE_OPS[e.prim];
    if (!e || !op || e.inputs.length !== 2 || !e.inputs.includes(a) || !e.inputs.includes(b)) return undefined;
    ops.push(op);
  }
  return ops;
}

type ScalarComputation = (a: Tensor, b: Tensor) => Tensor;
type ListComputation = (a: Tensor[], b: Tensor[]) => Tensor[];
type Computation = ScalarComputation | ListComputation;

/**
 * operands reduced over `dimensions` by `computation` starting from `initValues` (JAX's lax.reduce).
 * A computation that is one of add, mul, max, min, and, or, xor (as `(a, b) => lax.add(a, b)` or
 * `lax.max` itself: recognised by tracing it on two scalars) runs as that reduction and needs its
 * identity as the init value (a JS number, or a boolean for bool operands). Any other elementwise
 * computation is applied as a pairwise tree (XLA's contract: associative and commutative, order
 * unspecified; the init value is what a reduction over nothing gives). With a list of operands
 * (JAX's variadic reduce) the computation maps two lists to one; one init each.
 * @example lax.reduce(np.array([[1, 2], [3, 4]]), 0, (a, b) => lax.add(a, b), [1]); // → [3, 7]
 * lax.reduce([np.array([1, 5, 2]), np.array([1, 2, 3])], [-Infinity, 1], ([a, b], [c, d]) => [lax.max(a, c), lax.mul(b, d)], [0]); // → [5, 6]
 * lax.reduce(np.array([3, 4, 12]), 0, (a, b) => lax.sqrt(lax.add(lax.mul(a, a), lax.mul(b, b))), [0]); // → 13
 */
export function reduce(operands: Tensor, initValues: number | boolean, computation: ScalarComputation, dimensions: readonly number[]): Tensor;
export function reduce(operands: readonly Tensor[], initValues: readonly (number | boolean)[], computation: ListComputation, dimensions: readonly number[]): Tensor[];
export function reduce(
  operands: Tensor | readonly Tensor[], initValues: number | boolean | readonly (number | boolean)[],
  computation: Computation, dimensions: readonly number[],
): Tensor | Tensor[] {
  const name = 'lax.reduce';
  const single = isTensor(operands);
  const xs = (single ? [operands] : operands) as readonly Tensor[];
  const inits = (Array.isArray(initValues) ? initValues : [initValues]) as readonly (number | boolean)[];
  if (!Array.isArray(xs) || xs.length === 0) throw new ArgumentError(`${name}: operands must be an array or a non-empty list of arrays, got ${validate.describe(operands)}.`);
  if (inits.length !== xs.length) throw new ArgumentError(`${name}: ${xs.length} operand(s) but ${inits.length} init value(s); give one init value per operand.`);
  validate.fn(name, computation, 'the computation');
  xs.forEach((x, i) => tensor(name, x, `operand ${i}`));
  // Bools trace as uint8 where the computation is bitwise (lax.bitwiseAnd takes no bools).
  const dtypes = xs.map((x) => x.dtype);
  const ops = recognise(computation, dtypes, !single) ?? (dtypes.includes('bool') ? recognise(computation, dtypes.map((d) => (d === 'bool' ? 'uint8' : d)), !single) : undefined);
  if (!ops) return generalReduce(name, xs, inits, computation, dimensions, single);
  const outs = xs.map((x, i) => {
    const op = ops[i], init = inits[i], want = identity(op, x.dtype);
    if (op === 'and' || op === 'or' || op === 'xor') requireBits(name, x);
    if (typeof init !== 'number' && typeof init !== 'boolean') {
      throw new ArgumentError(`${name}: init value ${i} must be a JS number (or a boolean for bool operands), got ${validate.describe(init)}.`);
    }
    if (coerce(x.dtype, Number(init)) !== want) {
      throw new ArgumentError(`${name}: the init value ${String(init)} is not the identity of ${op} on ${shortName(x.dtype)} (${want}); ` +
        'XLA may apply the init value any number of times, so only the identity gives a defined result.');
    }
    return op === 'add' ? lax.reduceSum(x, dimensions) : op === 'max' ? lax.reduceMax(x, dimensions)
      : op === 'min' ? reduceMin(x, dimensions) : treeReduce(name, op, x, dimensions);
  });
  return single ? outs[0] : outs;
}

/**
 * lax.reduce with a computation that is not a recognised monoid: a pairwise tree of the
 * computation itself over the reduced entries (as XLA, which assumes it is associative and
 * commutative and applies it in an unspecified order); the init values fill a reduction over
 * nothing. The computation is applied to whole slices, so it must be elementwise (lax ops).
 */
function generalReduce(
  name: string, xs: readonly Tensor[], inits: readonly (number | boolean)[], computation: Computation,
  dimensions: readonly number[], single: boolean,
): Tensor | Tensor[] {
  const shape = xs[0].shape;
  xs.forEach((x, i) => {
    if (x.shape.length !== shape.length || x.shape.some((d, k) => d !== shape[k])) {
      throw new ArgumentError(`${name}: every operand needs the same shape; operand ${i} is ${x.aval}, operand 0 is ${xs[0].aval}.`);
    }
  });
  inits.forEach((v, i) => {
    if (typeof v !== 'number' && typeof v !== 'boolean') {
      throw new ArgumentError(`${name}: init value ${i} must be a JS number (or a boolean for bool operands), got ${validate.describe(v)}.`);
    }
  });
  const ax = validate.axes(name, [...dimensions], shape.length, 'dimensions');
  const kept = shape.map((_, d) => d).filter((d) => !ax.includes(d)), keptShape = kept.map((d) => shape[d]);
  const n = ax.reduce((p, d) => p * shape[d], 1);
  let outs: Tensor[];
  if (ax.length === 0) outs = [...xs];
  else if (n === 0) outs = xs.map((x, i) => lax.full(keptShape, Number(inits[i]), x.dtype));
  else {
    const combine = (a: Tensor[], b: Tensor[]): Tensor[] => {
      const got = single ? [(computation as ScalarComputation)(a[0], b[0])] : (computation as ListComputation)(a, b);
      if (!Array.isArray(got) || got.length !== a.length || got.some((g, i) => !isTensor(g) || g.dtype !== a[i].dtype
        || g.shape.length !== a[i].shape.length || g.shape.some((d, k) => d !== a[i].shape[k]))) {
        throw new ArgumentError(`${name}: the computation must return ${single ? 'one array' : `a list of ${a.length} arrays`} of its ` +
          `arguments' shapes and dtypes (${a.map((t) => String(t.aval)).join(', ')}), got ${validate.describe(single ? got[0] : got)}; ` +
          'it is applied elementwise to whole slices, so write it with lax or np operations.');
      }
      return got;
    };
    outs = treeOfLastAxisWith(combine, xs.map((x) => lax.reshape(lax.transpose(x, [...kept, ...ax]), [...keptShape, n])));
  }
  return single ? outs[0] : outs;
}
