/** Dense Jacobians and Hessians, as vmaps of jvp (forward) or vjp (reverse) over a basis. */
import { DType } from '../core/dtype.js';
import { Shape, sizeOf } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { argnumsOf, optionsOf, toTensor } from './args.js';
import { vjp } from './autodiff.js';
import { jvp } from './jvp.js';
import { vmap } from './vmap.js';

/** The identity basis of a space of shape `shape`: [n, ...shape]. */
function basis(shape: Shape, dtype: DType): Tensor {
  const n = sizeOf(shape);
  const eye = lax.cast(lax.compare(lax.iota([n, n], 0), lax.iota([n, n], 1), 'eq'), dtype);
  return lax.reshape(eye, [n, ...shape]);
}

/** Moves the leading basis axis of a stacked result to the end: [n, ...out] → [...out, ...in]. */
function basisLast(stacked: Tensor, outShape: Shape, inShape: Shape): Tensor {
  const nd = stacked.ndim;
  const moved = lax.transpose(stacked, [...Array.from({ length: nd - 1 }, (_, i) => i + 1), 0]);
  return lax.reshape(moved, [...outShape, ...inShape]);
}

type Fn = (...args: unknown[]) => Tensor;

function withArg(f: Fn, args: readonly unknown[], argnum: number) {
  argnumsOf('jacobian', argnum, args.length);
  const x = toTensor('jacobian', args[argnum]);
  const g = (xi: Tensor) => { const a = [...args]; a[argnum] = xi; return f(...a); };
  return { x, g };
}

/**
 * Forward-mode Jacobian: shape out.shape + in.shape. Cheap when inputs are few.
 * @example jacfwd((x) => x.mul(x))(np.array([1, 2])); // → [[2, 0], [0, 4]]
 */
export function jacfwd<A extends unknown[]>(f: (...args: A) => Tensor, opts: { argnums?: number } = {}): (...args: A) => Tensor {
  const { argnums = 0 } = optionsOf('jacfwd', opts, ['argnums']);
  return (...args: A) => {
    const { x, g } = withArg(f as unknown as Fn, args, argnums);
    const y = g(x);
    const cols = vmap((t: Tensor) => jvp(g, [x], [t])[1])(basis(x.shape, x.dtype));
    return basisLast(cols, y.shape, x.shape);
  };
}

/**
 * Reverse-mode Jacobian: shape out.shape + in.shape. Cheap when outputs are few.
 * @example jacrev((x) => np.sin(x).mul(2))(np.array([0])); // → [[2]]
 */
export function jacrev<A extends unknown[]>(f: (...args: A) => Tensor, opts: { argnums?: number } = {}): (...args: A) => Tensor {
  const { argnums = 0 } = optionsOf('jacrev', opts, ['argnums']);
  return (...args: A) => {
    const { x, g } = withArg(f as unknown as Fn, args, argnums);
    const [y, pull] = vjp(g, x);
    const rows = vmap((ct: Tensor) => pull(ct)[0] as Tensor)(basis(y.shape, y.dtype));
    return lax.reshape(rows, [...y.shape, ...x.shape]);
  };
}

/**
 * The Hessian of a scalar function: forward-over-reverse, shape in.shape + in.shape.
 * @example hessian((x) => x.mul(x).mul(x).sum())(np.array([1, 2])); // → [[6, 0], [0, 12]]
 */
export const hessian = <A extends unknown[]>(f: (...args: A) => Tensor, opts: { argnums?: number } = {}): ((...args: A) => Tensor) => jacfwd(jacrev(f, opts), opts);
