/**
 * The types the transformations keep: `grad(f)` takes `f`'s parameters and returns a gradient
 * shaped like the differentiated argument; `jit(f)` and `vmap(f)` have `f`'s type; `jvp`, `vjp`
 * and `linearize` take and return tangents shaped like the primals. A tangent, cotangent or
 * gradient of a pytree is the same pytree with a Tensor at every leaf (a JS number becomes a
 * Tensor), which is what `TangentOf` computes.
 * @example
 * const loss = (p: { w: Tensor; b: Tensor }, x: Tensor) => x.matmul(p.w).add(p.b).square().mean();
 * const params = { w: np.zeros([3, 1]), b: np.zeros([1]) }, x = np.ones([4, 3]);
 * const g = grad(loss)(params, x); // g: { w: Tensor; b: Tensor }
 * g.w.shape; // → [3, 1]
 */
import type { Tensor } from '../core/tensor.js';

/** Any function; only as a constraint (its parameters are checked where it is called). */
export type AnyFunction = (...args: never[]) => unknown;

/** The parameter tuple of `F`. */
export type ArgsOf<F> = F extends (...args: infer P) => unknown ? P : never;

/** The return type of `F`. */
export type ResultOf<F> = F extends (...args: never[]) => infer R ? R : never;

/** The tangent / cotangent / gradient of a value of type `T`: `T`'s pytree with a Tensor at every leaf. */
export type TangentOf<T> =
  T extends Tensor | number | boolean ? Tensor
    : T extends null | undefined ? T
      : T extends readonly unknown[] ? { -readonly [K in keyof T]: TangentOf<T[K]> }
        : T extends object ? { -readonly [K in keyof T]: TangentOf<T[K]> }
          : T;

/** Which arguments to differentiate: one position, or several (the gradient is then a tuple). */
export type Argnums = number | readonly number[];

/** The gradient for arguments `A` with respect to positions `N`: one argument's tangent, or a tuple of them. */
export type GradOf<A extends readonly unknown[], N extends Argnums> =
  N extends readonly number[] ? { -readonly [K in keyof N]: TangentOf<A[N[K] & number]> }
    : TangentOf<A[N & number]>;
