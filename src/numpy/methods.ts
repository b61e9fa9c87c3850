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
import type { CumulativeOptions, SearchSortedOptions, SortOptions } from './sorting.js';
import type { NonzeroOptions } from './nonzero.js';

type A = ArrayLike;
type Keep = Omit<ReduceOptions, 'axis'>;
declare module '../core/tensor.js' {
  interface Tensor {
    // Each method is the np function of the same name with `this` first (see the object below).

    /** x + y, broadcasting (np.add). @example np.array([1, 2]).add(10); // → [11, 12] */
    add(y: A): Tensor;
    /** x − y, broadcasting (np.subtract). @example np.array([5, 7]).sub(np.array([1, 2])); // → [4, 5] */
    sub(y: A): Tensor;
    /** x · y, broadcasting (np.multiply). @example np.array([1, 2, 3]).mul(2); // → [2, 4, 6] */
    mul(y: A): Tensor;
    /** x / y, true division (np.divide). @example np.array([1, 3]).div(2); // → [0.5, 1.5] */
    div(y: A): Tensor;
    /** x ** y (np.power). @example np.array([2, 3]).pow(2); // → [4, 9] */
    pow(y: A): Tensor;
    /** The remainder with the divisor's sign, as Python's % (np.mod). @example np.array([5, -5]).mod(3); // → [2, 1] */
    mod(y: A): Tensor;
    /** Elementwise maximum (np.maximum). @example np.array([1, 5]).maximum(3); // → [3, 5] */
    maximum(y: A): Tensor;
    /** Elementwise minimum (np.minimum). @example np.array([1, 5]).minimum(3); // → [1, 3] */
    minimum(y: A): Tensor;
    /** x < y as a bool array (np.less). @example np.array([1, 2, 3]).lt(2); // → [true, false, false] */
    lt(y: A): Tensor;
    /** x ≤ y as a bool array (np.lessEqual). @example np.array([1, 2, 3]).le(2); // → [true, true, false] */
    le(y: A): Tensor;
    /** x > y as a bool array (np.greater). @example np.array([1, 2, 3]).gt(2); // → [false, false, true] */
    gt(y: A): Tensor;
    /** x ≥ y as a bool array (np.greaterEqual). @example np.array([1, 2, 3]).ge(2); // → [false, true, true] */
    ge(y: A): Tensor;
    /** x == y as a bool array (np.equal). @example np.array([1, 2, 3]).eq(2); // → [false, true, false] */
    eq(y: A): Tensor;
    /** x != y as a bool array (np.notEqual). @example np.array([1, 2, 3]).ne(2); // → [true, false, true] */
    ne(y: A): Tensor;
    /** −x (np.negative). @example np.array([1, -2]).neg(); // → [-1, 2] */
    neg(): Tensor;
    /** |x| (np.abs). @example np.array([-1.5, 2]).abs(); // → [1.5, 2] */
    abs(): Tensor;
    /** −1, 0 or 1 by the sign of x (np.sign). @example np.array([-3, 0, 2]).sign(); // → [-1, 0, 1] */
    sign(): Tensor;
    /** eˣ (np.exp). @example np.array([0, 1]).exp(); // → [1, Math.E] */
    exp(): Tensor;
    /** The natural logarithm (np.log). @example np.array([1, Math.E]).log(); // → [0, 1] */
    log(): Tensor;
    /** log(1 + x), accurate near 0 (np.log1p). @example np.array([0, 1]).log1p(); // → [0, Math.LN2] */
    log1p(): Tensor;
    /** eˣ − 1, accurate near 0 (np.expm1). @example np.array([0, 1]).expm1(); // → [0, Math.E - 1] */
    expm1(): Tensor;
    /** sin x, x in radians (np.sin). @example np.array([0, Math.PI / 2]).sin(); // → [0, 1] */
    sin(): Tensor;
    /** cos x, x in radians (np.cos). @example np.array([0, Math.PI]).cos(); // → [1, -1] */
    cos(): Tensor;
    /** tanh x (np.tanh). @example np.array([0, 1]).tanh(); // → [0, Math.tanh(1)] */
    tanh(): Tensor;
    /** √x (np.sqrt). @example np.array([4, 9]).sqrt(); // → [2, 3] */
    sqrt(): Tensor;
    /** 1/√x (lax.rsqrt). @example np.array([4, 16]).rsqrt(); // → [0.5, 0.25] */
    rsqrt(): Tensor;
    /** x² (np.square). @example np.array([-2, 3]).square(); // → [4, 9] */
    square(): Tensor;
    /** 1/(1 + e⁻ˣ) (nn.sigmoid). @example np.array([0, Math.log(3)]).sigmoid(); // → [0.5, 0.75] */
    sigmoid(): Tensor;
    /** 1/x (np.reciprocal). @example np.array([2, 4]).reciprocal(); // → [0.5, 0.25] */
    reciprocal(): Tensor;
    /** The largest integer ≤ x (np.floor). @example np.array([1.5, -1.5]).floor(); // → [1, -2] */
    floor(): Tensor;
    /** x limited to [lo, hi] (np.clip); a null bound leaves that side open. @example np.array([-2, 0.5, 3]).clip(0, 1); // → [0, 0.5, 1] */
    clip(lo: A | null, hi: A | null): Tensor;
    // Reductions take the axis positionally or in the options, as np's do: x.sum(0), x.sum([0, 1]),
    // x.sum(0, { keepdims: true }), x.sum({ axis: 0, keepdims: true }).
    /**
     * The sum over an axis, several, or all (np.sum).
     * @example
     * np.array([[1, 2], [3, 4]]).sum();   // → 10
     * np.array([[1, 2], [3, 4]]).sum(0);  // → [4, 6]
     * np.array([[1, 2], [3, 4]]).sum({ axis: 1, keepdims: true }); // → [[3], [7]]
     */
    sum(opts?: ReduceOptions): Tensor; sum(axis: Axis, opts?: Keep): Tensor;
    /** The mean (np.mean). @example np.array([[1, 2], [3, 4]]).mean(1, { keepdims: true }); // → [[1.5], [3.5]] */
    mean(opts?: ReduceOptions): Tensor; mean(axis: Axis, opts?: Keep): Tensor;
    /** The maximum (np.max). @example np.array([[1, 5], [3, 4]]).max(1); // → [5, 4] */
    max(opts?: ReduceOptions): Tensor; max(axis: Axis, opts?: Keep): Tensor;
    /** The minimum (np.min). @example np.array([[1, 5], [3, 4]]).min(); // → 1 */
    min(opts?: ReduceOptions): Tensor; min(axis: Axis, opts?: Keep): Tensor;
    /** The index of the maximum, of the flattened array when no axis is given (np.argmax). @example np.array([1, 7, 3]).argmax(); // → 1 */
    argmax(opts?: ArgOptions): Tensor; argmax(axis: number | null, opts?: Keep): Tensor;
    /** The index of the minimum (np.argmin). @example np.array([[4, 2], [1, 3]]).argmin(1); // → [1, 0] */
    argmin(opts?: ArgOptions): Tensor; argmin(axis: number | null, opts?: Keep): Tensor;
    /** log Σ eˣ without overflow (nn.logsumexp). @example np.array([0, 0]).logsumexp(); // → Math.LN2 */
    logsumexp(opts?: ReduceOptions): Tensor; logsumexp(axis: Axis, opts?: Keep): Tensor;
    /** The variance, divided by n − ddof (np.var). @example np.array([1, 2, 3, 4]).var(); // → 1.25 */
    var(opts?: VarOptions): Tensor; var(axis: Axis, opts?: Omit<VarOptions, 'axis'>): Tensor;
    /** The standard deviation, divided by n − ddof (np.std). @example np.array([1, 2, 3, 4]).std({ ddof: 1 }); // → Math.sqrt(5 / 3) */
    std(opts?: VarOptions): Tensor; std(axis: Axis, opts?: Omit<VarOptions, 'axis'>): Tensor;
    /** The same elements in a new shape, row-major; one dimension may be −1 (np.reshape). @example np.arange(6).reshape([2, 3]); // → [[0, 1, 2], [3, 4, 5]] */
    reshape(shape: Shape): Tensor;
    /**
     * The axes permuted, reversed when none are given (np.transpose).
     * @example
     * np.arange(6).reshape([2, 3]).transpose(); // → [[0, 3], [1, 4], [2, 5]]
     * np.zeros([2, 3, 4]).transpose([2, 0, 1]).shape; // → [4, 2, 3]
     */
    transpose(axes?: number[]): Tensor;
    /** The transpose, axes reversed (x.T). @example np.array([[1, 2]]).T; // → [[1], [2]] */
    readonly T: Tensor;
    /** A new axis of size 1 at `axis` (np.expandDims). @example np.array([1, 2]).expandDims(0).shape; // → [1, 2] */
    expandDims(axis: AxisArg): Tensor;
    /** Axes of size 1 removed, all of them when none are given (np.squeeze). @example np.zeros([1, 3, 1]).squeeze().shape; // → [3] */
    squeeze(axis?: number | number[] | null | { axis?: number | number[] | null }): Tensor;
    /** The elements as a 1-D array, row-major (np.flatten). @example np.array([[1, 2], [3, 4]]).flatten(); // → [1, 2, 3, 4] */
    flatten(): Tensor;
    /** Broadcast to a larger shape (np.broadcastTo). @example np.array([1, 2]).broadcastTo([2, 2]); // → [[1, 2], [1, 2]] */
    broadcastTo(shape: Shape): Tensor;
    /**
     * Basic indexing, one spec per leading axis: an index, null for the whole axis, or
     * [start, stop, step] (np.slice; x[1, ::2] in Python is x.slice([1, [null, null, 2]])).
     * @example
     * np.arange(10).slice([[1, 8, 3]]);  // → [1, 4, 7]
     * np.array([[1, 2, 3], [4, 5, 6]]).slice([1, [0, 2]]); // → [4, 5]
     */
    slice(specs: SliceSpec[]): Tensor;
    /** Elements at integer indices along an axis, of the flattened array when none is given (np.take). @example np.array([10, 20, 30]).take([2, 0]); // → [30, 10] */
    take(indices: A, axis?: number | null | np.TakeOptions, options?: Omit<np.TakeOptions, 'axis'>): Tensor;
    /** The matrix product (np.matmul). @example np.array([[1, 2], [3, 4]]).matmul(np.array([1, 1])); // → [3, 7] */
    matmul(y: A): Tensor;
    /** The dot product (np.dot). @example np.array([1, 2, 3]).dot(np.array([4, 5, 6])); // → 32 */
    dot(y: A): Tensor;
    /**
     * The elements converted to another dtype, floats truncated towards 0 for integers (np.astype).
     * @example
     * np.array([1.7, -1.7]).astype('int32');       // → [1, -1]
     * np.array([1.7]).astype('int32').dtype;       // → 'int32'
     */
    astype(dtype: DType): Tensor;
    /** The same values, but a constant for differentiation (lax.stopGradient). @example grad((x: Tensor) => x.mul(x.stopGradient()).sum())(np.array([3])); // → [3] */
    stopGradient(): Tensor;
    // The rest of JAX's array methods, each the np function of the same name with `this` first
    // (not trace: a traced array's `trace` is its transformation; use np.trace(x)).
    /** The product (np.prod). @example np.array([[1, 2], [3, 4]]).prod(1); // → [2, 12] */
    prod(opts?: ReduceOptions): Tensor; prod(axis: Axis, opts?: Keep): Tensor;
    /** Whether every element is true (non-zero) (np.all). @example np.array([[true, false], [true, true]]).all(1); // → [false, true] */
    all(opts?: ReduceOptions): Tensor; all(axis: Axis, opts?: Keep): Tensor;
    /** Whether any element is true (non-zero) (np.any). @example np.array([0, 0, 2]).any(); // → true */
    any(opts?: ReduceOptions): Tensor; any(axis: Axis, opts?: Keep): Tensor;
    /** Running sums, of the flattened array when no axis is given (np.cumsum). @example np.array([[1, 2], [3, 4]]).cumsum(1); // → [[1, 3], [3, 7]] */
    cumsum(axis?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor;
    /** Running products (np.cumprod). @example np.array([1, 2, 3, 4]).cumprod(); // → [1, 2, 6, 24] */
    cumprod(axis?: number | null | CumulativeOptions, opts?: CumulativeOptions): Tensor;
    /** Sorted along the last axis by default (np.sort). @example np.array([3, 1, 2]).sort(); // → [1, 2, 3] */
    sort(axis?: number | null | SortOptions, opts?: SortOptions): Tensor;
    /** The indices that sort the array (np.argsort). @example np.array([3, 1, 2]).argsort(); // → [1, 2, 0] */
    argsort(axis?: number | null | SortOptions, opts?: SortOptions): Tensor;
    /**
     * Rounded to `decimals` places, halves to even (np.round).
     * @example
     * np.array([0.5, 1.5, 2.5]).round(); // → [0, 2, 2]
     * np.array([1.234, -5.678]).round(1); // → [1.2, -5.7]
     */
    round(decimals?: number): Tensor;
    /** Each element repeated, of the flattened array when no axis is given (np.repeat). @example np.array([1, 2]).repeat(2); // → [1, 1, 2, 2] */
    repeat(repeats: number | number[], axis?: number | null): Tensor;
    /** Two axes exchanged (np.swapaxes). @example np.zeros([2, 3, 4]).swapaxes(0, 2).shape; // → [4, 3, 2] */
    swapaxes(axis1: number, axis2: number): Tensor;
    /** The diagonal, or one offset from it (np.diagonal). @example np.array([[1, 2], [3, 4]]).diagonal(); // → [1, 4] */
    diagonal(offset?: number, axis1?: number, axis2?: number): Tensor;
    /** The elements as a 1-D array, row-major (np.ravel). @example np.array([[1, 2], [3, 4]]).ravel(); // → [1, 2, 3, 4] */
    ravel(): Tensor;
    /** The last two axes exchanged (np.matrixTranspose; `T` reverses every axis). @example np.zeros([5, 2, 3]).mT.shape; // → [5, 3, 2] */
    readonly mT: Tensor;
    /** The range, max − min (np.ptp). @example np.array([[4, 9], [2, 3]]).ptp(1); // → [5, 1] */
    ptp(axis?: number | readonly number[] | null, opts?: { keepdims?: boolean }): Tensor;
    /** A new array with the same elements (np.copy). @example np.array([1, 2]).copy(); // → [1, 2] */
    copy(): Tensor;
    /** The indices of the non-zero elements, one array per axis, padded to a static `size` (np.nonzero). @example np.array([0, 3, 0, 4]).nonzero({ size: 3, fillValue: -1 })[0]; // → [1, 3, -1] */
    nonzero(opts?: NonzeroOptions): Tensor[];
    /** Where `v`'s elements would be inserted to keep this sorted 1-D array sorted (np.searchsorted). @example np.array([1, 3, 5]).searchsorted(np.array([4, 0])); // → [2, 0] */
    searchsorted(v: A, opts?: SearchSortedOptions): Tensor;
    /** Bytes per element of the dtype, as numpy counts them (bool: 1). @example np.zeros([3], 'float16').itemsize; // → 2 */
    readonly itemsize: number;
    /** size · itemsize: the bytes of the elements as numpy counts them. @example np.zeros([2, 3]).nbytes; // → 24 */
    readonly nbytes: number;
    /**
     * The nested JS arrays of the elements (jax.Array.tolist; `toArray`'s JAX name), asynchronous as
     * every read from a device is.
     * @example
     * await np.array([[1, 2], [3, 4]]).tolist(); // → [[1, 2], [3, 4]]
     */
    tolist(): Promise<NestedArray>;
    /**
     * Resolves (to this array) once the array is computed (jax.block_until_ready): for timing a
     * program without reading its result back to the host.
     * @example
     * const y = np.ones([3]).mul(2);
     * (await y.blockUntilReady()) === y; // → true
     */
    blockUntilReady(): Promise<Tensor>;
    /**
     * The sub-arrays along axis 0: `const [k1, k2] = random.split(key)`, `for (const row of x)`.
     * @example
     * const [first, second] = np.array([[1, 2], [3, 4]]);
     * second; // → [3, 4]
     */
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
  clip(this: Tensor, lo: A | null, hi: A | null) { return np.clip(this, lo, hi); },
  sum: reduction(np.sum), mean: reduction(np.mean), max: reduction(np.max), min: reduction(np.min),
  argmax: reduction(np.argmax), argmin: reduction(np.argmin), logsumexp: reduction(np.logsumexp),
  var: reduction(np.variance), std: reduction(np.std),
  reshape(this: Tensor, s: Shape) { return np.reshape(this, s); },
  transpose(this: Tensor, axes?: number[]) { return np.transpose(this, axes); },
  expandDims(this: Tensor, axis: AxisArg) { return np.expandDims(this, axis); },
  squeeze(this: Tensor, axis?: number | number[] | null | { axis?: number | number[] | null }) { return np.squeeze(this, axis); },
  broadcastTo(this: Tensor, s: Shape) { return np.broadcastTo(this, s); },
  slice(this: Tensor, specs: SliceSpec[]) { return np.slice(this, specs); },
  take(this: Tensor, idx: A, axis?: number | null | np.TakeOptions, options?: Omit<np.TakeOptions, 'axis'>) { return np.take(this, idx, axis, options); },
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
  ptp(this: Tensor, axis?: number | readonly number[] | null, opts?: { keepdims?: boolean }) { return np.ptp(this, axis, opts); },
  copy: un(np.copy),
  nonzero(this: Tensor, opts?: NonzeroOptions) { return np.nonzero(this, opts); },
  searchsorted(this: Tensor, v: A, opts?: SearchSortedOptions) { return np.searchsorted(this, v, opts); },
  tolist(this: Tensor) { return this.toArray(); },
  // Not async: on a tracer, ready() throws at once, as data() does.
  blockUntilReady(this: Tensor) { return this.ready().then(() => this); },
});
Object.defineProperty(P, 'T', { get(this: Tensor) { return np.transpose(this); } });
Object.defineProperty(P, 'mT', {
  get(this: Tensor) {
    if (this.ndim < 2) throw new ArgumentError(`mT: ${this.aval} has fewer than 2 axes; the matrix transpose swaps the last two (use T for a 1-D array's no-op).`);
    return np.swapaxes(this, -1, -2);
  },
});
// numpy's byte counts (bool 1), whatever the backend stores (the CPU holds float16 in float32s).
const ITEMSIZE: Record<DType, number> = {
  float64: 8, float32: 4, int32: 4, uint32: 4, float16: 2, bfloat16: 2, int16: 2, uint16: 2, int8: 1, uint8: 1, bool: 1,
};
Object.defineProperty(P, 'itemsize', { get(this: Tensor) { return ITEMSIZE[this.dtype]; } });
Object.defineProperty(P, 'nbytes', { get(this: Tensor) { return this.size * ITEMSIZE[this.dtype]; } });

// Iterating an array walks its first axis, as in NumPy and JAX (a 0-d array cannot be iterated).
Object.defineProperty(P, Symbol.iterator, {
  *value(this: Tensor): IterableIterator<Tensor> {
    if (this.ndim === 0) throw new ArgumentError(`iterating ${this.aval}: a 0-d array has no axis to iterate over; read it with \`await x.item()\`.`);
    for (let i = 0; i < this.shape[0]!; i++) yield np.slice(this, [i]);
  },
});
