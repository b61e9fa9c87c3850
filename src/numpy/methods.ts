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
import type { ReduceOptions, SliceSpec } from './index.js';

type A = ArrayLike;
declare module '../core/tensor.js' {
  interface Tensor {
    add(y: A): Tensor; sub(y: A): Tensor; mul(y: A): Tensor; div(y: A): Tensor; pow(y: A): Tensor; mod(y: A): Tensor;
    maximum(y: A): Tensor; minimum(y: A): Tensor;
    lt(y: A): Tensor; le(y: A): Tensor; gt(y: A): Tensor; ge(y: A): Tensor; eq(y: A): Tensor; ne(y: A): Tensor;
    neg(): Tensor; abs(): Tensor; sign(): Tensor; exp(): Tensor; log(): Tensor; log1p(): Tensor; expm1(): Tensor;
    sin(): Tensor; cos(): Tensor; tanh(): Tensor; sqrt(): Tensor; rsqrt(): Tensor; square(): Tensor;
    sigmoid(): Tensor; reciprocal(): Tensor; floor(): Tensor;
    clip(lo: A, hi: A): Tensor;
    sum(opts?: ReduceOptions): Tensor; mean(opts?: ReduceOptions): Tensor; max(opts?: ReduceOptions): Tensor;
    min(opts?: ReduceOptions): Tensor; argmax(opts?: { axis?: number; keepdims?: boolean }): Tensor;
    logsumexp(opts?: ReduceOptions): Tensor; var(opts?: ReduceOptions & { ddof?: number }): Tensor;
    reshape(shape: Shape): Tensor; transpose(axes?: number[]): Tensor; readonly T: Tensor;
    expandDims(axis: number): Tensor; squeeze(axis?: number | number[]): Tensor; flatten(): Tensor;
    broadcastTo(shape: Shape): Tensor; slice(specs: SliceSpec[]): Tensor; take(indices: A, axis?: number): Tensor;
    matmul(y: A): Tensor; dot(y: A): Tensor; astype(dtype: DType): Tensor; stopGradient(): Tensor;
    /** The sub-arrays along axis 0: `const [k1, k2] = random.split(key)`, `for (const row of x)`. */
    [Symbol.iterator](): IterableIterator<Tensor>;
  }
}

const P = Tensor.prototype;
const bin = (f: (a: A, b: A) => Tensor) => function (this: Tensor, y: A) { return f(this, y); };
const un = (f: (a: A) => Tensor) => function (this: Tensor) { return f(this); };

Object.assign(P, {
  add: bin(np.add), sub: bin(np.subtract), mul: bin(np.multiply), div: bin(np.divide), pow: bin(np.power), mod: bin(np.mod),
  maximum: bin(np.maximum), minimum: bin(np.minimum),
  lt: bin(np.less), le: bin(np.lessEqual), gt: bin(np.greater), ge: bin(np.greaterEqual), eq: bin(np.equal), ne: bin(np.notEqual),
  neg: un(np.negative), abs: un(np.abs), sign: un(np.sign), exp: un(np.exp), log: un(np.log), log1p: un(np.log1p),
  expm1: un(np.expm1), sin: un(np.sin), cos: un(np.cos), tanh: un(np.tanh), sqrt: un(np.sqrt), rsqrt: un(np.rsqrt),
  square: un(np.square), sigmoid: un(np.sigmoid), reciprocal: un(np.reciprocal), floor: un(np.floor),
  stopGradient: un(np.stopGradient), flatten: un(np.flatten),
  clip(this: Tensor, lo: A, hi: A) { return np.clip(this, lo, hi); },
  sum(this: Tensor, o?: ReduceOptions) { return np.sum(this, o); },
  mean(this: Tensor, o?: ReduceOptions) { return np.mean(this, o); },
  max(this: Tensor, o?: ReduceOptions) { return np.max(this, o); },
  min(this: Tensor, o?: ReduceOptions) { return np.min(this, o); },
  argmax(this: Tensor, o?: { axis?: number; keepdims?: boolean }) { return np.argmax(this, o); },
  logsumexp(this: Tensor, o?: ReduceOptions) { return np.logsumexp(this, o); },
  var(this: Tensor, o?: ReduceOptions & { ddof?: number }) { return np.variance(this, o); },
  reshape(this: Tensor, s: Shape) { return np.reshape(this, s); },
  transpose(this: Tensor, axes?: number[]) { return np.transpose(this, axes); },
  expandDims(this: Tensor, axis: number) { return np.expandDims(this, axis); },
  squeeze(this: Tensor, axis?: number | number[]) { return np.squeeze(this, axis); },
  broadcastTo(this: Tensor, s: Shape) { return np.broadcastTo(this, s); },
  slice(this: Tensor, specs: SliceSpec[]) { return np.slice(this, specs); },
  take(this: Tensor, idx: A, axis?: number) { return np.take(this, idx, axis); },
  matmul: bin(np.matmul), dot: bin(np.dot),
  astype(this: Tensor, d: DType) { return np.astype(this, d); },
});
Object.defineProperty(P, 'T', { get(this: Tensor) { return np.transpose(this); } });

// Iterating an array walks its first axis, as in NumPy and JAX (a 0-d array cannot be iterated).
Object.defineProperty(P, Symbol.iterator, {
  *value(this: Tensor): IterableIterator<Tensor> {
    if (this.ndim === 0) throw new ArgumentError(`iterating ${this.aval}: a 0-d array has no axis to iterate over; read it with \`await x.item()\`.`);
    for (let i = 0; i < this.shape[0]!; i++) yield np.slice(this, [i]);
  },
});
