/**
 * The chainable-method face of Tensor: `x.mul(2).sin().sum()` is `sum(sin(multiply(x, 2)))`.
 * Installed on the prototype here so core stays free of the numpy layer.
 */
import type { DType } from '../core/dtype.js';
import type { Shape } from '../core/shape.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor } from '../core/tensor.js';
import type { ArrayLike } from './creation.js';
import * as np from './index.js';
import type { ArgOptions, Axis, AxisArg, ReduceOptions, SliceSpec, VarOptions } from './index.js';
import type { CumulativeOptions, SortOptions } from './sorting.js';

type A = ArrayLike;
type Keep = Omit<ReduceOptions, 'axis'>;
declare module '../core/tensor.js' {
  interface Tensor {
    add(y: A): Tensor; sub(y: A): Tensor; mul(y: A): Tensor; div(y: A): Tensor; pow(y: A): Tensor; mod(y: A): Tensor;
    maximum(y: A): Tensor; minimum(y: A): Tensor;
    lt(y: A): Tensor; le(y: A): Tensor; gt(y: A): Tensor; ge(y: A): Tensor; eq(y: A): Tensor; ne(y: A): Tensor;
    neg(): Tensor; abs(): Tensor; sign(): Tensor; exp(): Tensor; log(): Tensor; log1p(): Tensor; expm1(): Tensor;
    sin(): Tensor; cos(): Tensor; tanh(): Tensor; sqrt(): Tensor; rsqrt(): Tensor; square(): Tensor;
    sigmoid(): Tensor; reciprocal(): Tensor; floor(): Tensor;
    clip(lo: A, hi: A): Tensor;
    // Reductions take the axis positionally or in the options, as np's do: x.sum(0), x.sum([0, 1]),
    // x.sum(0, { keepdims: true }), x.sum({ axis: 0, keepdims: true }).
    sum(opts?: ReduceOptions): Tensor; sum(axis: Axis, opts?: Keep): Tensor;
    mean(opts?: ReduceOptions): Tensor; mean(axis: Axis, opts?: Keep): Tensor;
    max(opts?: ReduceOptions): Tensor; max(axis: Axis, opts?: Keep): Tensor;
    min(opts?: ReduceOptions): Tensor; min(axis: Axis, opts?: Keep): Tensor;
    argmax(opts?: ArgOptions): Tensor; argmax(axis: number | null, opts?: Keep): Tensor;
    argmin(opts?: ArgOptions): Tensor; argmin(axis: number | null, opts?: Keep): Tensor;
    logsumexp(opts?: ReduceOptions): Tensor; logsumexp(axis: Axis, opts?: Keep): Tensor;
    var(opts?: VarOptions): Tensor; var(axis: Axis, opts?: Omit<VarOptions, 'axis'>): Tensor;
    std(opts?: VarOptions): Tensor; std(axis: Axis, opts?: Omit<VarOptions, 'axis'>): Tensor;
    reshape(shape: Shape): Tensor; transpose(axes?: number[]): Tensor; readonly T: Tensor;
    expandDims(axis: AxisArg): Tensor; squeeze(axis?: number | number[] | null | { axis?: number | number[] | null }): Tensor; flatten(): Tensor;
    broadcastTo(shape: Shape): Tensor; slice(specs: SliceSpec[]): Tensor; take(indices: A, axis?: number | null | { axis?: number | null }): Tensor;
    matmul(y: A): Tensor; dot(y: A): Tensor; astype(dtype: DType): Tensor; stopGradient(): Tensor;
    // The rest of JAX's array methods, each the np function of the same name with `this` first
    // (not trace: a traced array's `trace` is its transformation; use np.trace(x)).
    prod(opts?: ReduceOptions): Tensor; prod(axis: Axis, opts?: Keep): Tensor;
    all(opts?: ReduceOptions): Tensor; all(axis: Axis, opts?: Keep): Tensor;
    any(opts?: ReduceOptions): Tensor; any(axis: Axis, opts?: Keep): Tensor;
    cumsum(axis?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor;
    cumprod(axis?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor;
    sort(axis?: number | null | SortOptions, opts?: SortOptions): Tensor;
    argsort(axis?: number | null | SortOptions, opts?: SortOptions): Tensor;
    round(decimals?: number): Tensor;
    repeat(repeats: number | number[], axis?: number | null): Tensor;
    swapaxes(axis1: number, axis2: number): Tensor;
    diagonal(offset?: number, axis1?: number, axis2?: number): Tensor;
    ravel(): Tensor;
    /** The sub-arrays along axis 0: `const [k1, k2] = random.split(key)`, `for (const row of x)`. */
    [Symbol.iterator](): IterableIterator<Tensor>;
  }
}

const P = Tensor.prototype;
const bin = (f: (a: A, b: A) => Tensor) => function (this: Tensor, y: A) { return f(this, y); };
const un = (f: (a: A) => Tensor) => function (this: Tensor) { return f(this); };
// Both arguments pass through untouched, so np's checks (and its op name in errors) apply as they are.
type Reducer = (a: A, axis?: never, opts?: never) => Tensor;
const reduction = (f: Reducer) => function (this: Tensor, axis?: never, opts?: never) { return f(this, axis, opts); };

Object.assign(P, {
  add: bin(np.add), sub: bin(np.subtract), mul: bin(np.multiply), div: bin(np.divide), pow: bin(np.power), mod: bin(np.mod),
  maximum: bin(np.maximum), minimum: bin(np.minimum),
  lt: bin(np.less), le: bin(np.lessEqual), gt: bin(np.greater), ge: bin(np.greaterEqual), eq: bin(np.equal), ne: bin(np.notEqual),
  neg: un(np.negative), abs: un(np.abs), sign: un(np.sign), exp: un(np.exp), log: un(np.log), log1p: un(np.log1p),
  expm1: un(np.expm1), sin: un(np.sin), cos: un(np.cos), tanh: un(np.tanh), sqrt: un(np.sqrt), rsqrt: un(np.rsqrt),
  square: un(np.square), sigmoid: un(np.sigmoid), reciprocal: un(np.reciprocal), floor: un(np.floor),
  stopGradient: un(np.stopGradient), flatten: un(np.flatten),
  clip(this: Tensor, lo: A, hi: A) { return np.clip(this, lo, hi); },
  sum: reduction(np.sum), mean: reduction(np.mean), max: reduction(np.max), min: reduction(np.min),
  argmax: reduction(np.argmax), argmin: reduction(np.argmin), logsumexp: reduction(np.logsumexp),
  var: reduction(np.variance), std: reduction(np.std),
  reshape(this: Tensor, s: Shape) { return np.reshape(this, s); },
  transpose(this: Tensor, axes?: number[]) { return np.transpose(this, axes); },
  expandDims(this: Tensor, axis: AxisArg) { return np.expandDims(this, axis); },
  squeeze(this: Tensor, axis?: number | number[] | null | { axis?: number | number[] | null }) { return np.squeeze(this, axis); },
  broadcastTo(this: Tensor, s: Shape) { return np.broadcastTo(this, s); },
  slice(this: Tensor, specs: SliceSpec[]) { return np.slice(this, specs); },
  take(this: Tensor, idx: A, axis?: number | null | { axis?: number | null }) { return np.take(this, idx, axis); },
  matmul: bin(np.matmul), dot: bin(np.dot),
  astype(this: Tensor, d: DType) { return np.astype(this, d); },
  prod: reduction(np.prod as Reducer), all: reduction(np.all as Reducer), any: reduction(np.any as Reducer),
  cumsum: reduction(np.cumsum as Reducer), cumprod: reduction(np.cumprod as Reducer),
  sort: reduction(np.sort as Reducer), argsort: reduction(np.argsort as Reducer),
  round(this: Tensor, decimals?: number) { return np.round(this, decimals); },
  repeat(this: Tensor, repeats: number | number[], axis?: number | null) { return np.repeat(this, repeats, axis); },
  swapaxes(this: Tensor, a1: number, a2: number) { return np.swapaxes(this, a1, a2); },
  diagonal(this: Tensor, offset?: number, a1?: number, a2?: number) { return np.diagonal(this, offset, a1, a2); },
  ravel: un(np.flatten),
});
Object.defineProperty(P, 'T', { get(this: Tensor) { return np.transpose(this); } });

// Iterating an array walks its first axis, as in NumPy and JAX (a 0-d array cannot be iterated).
Object.defineProperty(P, Symbol.iterator, {
  *value(this: Tensor): IterableIterator<Tensor> {
    if (this.ndim === 0) throw new ArgumentError(`iterating ${this.aval}: a 0-d array has no axis to iterate over; read it with \`await x.item()\`.`);
    for (let i = 0; i < this.shape[0]!; i++) yield np.slice(this, [i]);
  },
});
