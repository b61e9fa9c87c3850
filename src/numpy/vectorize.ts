/**
 * np.vectorize (jnp.vectorize): a function written for one element — or, with a gufunc
 * signature such as '(n),(n)->()', for one core block — applied over any leading "loop" axes of
 * its arguments, which broadcast against each other as numpy's do. Like JAX's, it is built on
 * vmap (one vmap per loop axis), so it traces the function once and works under grad and jit;
 * it is not numpy's Python loop.
 */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { fmtShape } from '../core/shape.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { vmap } from '../transforms/vmap.js';
import { broadcastShapes } from './broadcast.js';
import { type ArrayLike, operandTensor } from './creation.js';

const OP = 'np.vectorize';

export interface VectorizeOptions {
  /** A generalized-ufunc signature: core axes per input and output, e.g. '(m,n),(n)->(m)'. Default: every core is a scalar. */
  signature?: string;
  /** Positions of arguments passed to f as they are (not arrays, not vectorized), e.g. a flag or a JS function. */
  excluded?: readonly number[];
}

/** Core axis names per input and per output, parsed from a signature. */
interface Signature { readonly inputs: string[][]; readonly outputs: string[][] }

/** Parses one side of a signature, '(m,n),()' → [['m', 'n'], []]. */
function parseSide(side: string, signature: string): string[][] {
  const groups: string[][] = [];
  const rest = side.replace(/\s+/g, '').replace(/\(([^()]*)\),?/g, (_, inner: string) => {
    groups.push(inner === '' ? [] : inner.split(','));
    return '';
  });
  if (rest !== '' || groups.length === 0 || groups.some((g) => g.some((n) => !/^\w+$/.test(n)))) {
    throw new ArgumentError(`${OP}: cannot read the signature '${signature}'; write core axes in parentheses, ` +
      `e.g. '(n),(n)->()' or '(m,n),(n)->(m)'.`);
  }
  return groups;
}

function parseSignature(signature: string): Signature {
  if (typeof signature !== 'string') {
    throw new ArgumentError(`${OP}: signature must be a string such as '(n),(n)->()', got ${validate.describe(signature)}.`);
  }
  const sides = signature.split('->');
  if (sides.length !== 2) {
    throw new ArgumentError(`${OP}: the signature '${signature}' needs exactly one '->' between inputs and outputs, e.g. '(n),(n)->()'.`);
  }
  return { inputs: parseSide(sides[0], signature), outputs: parseSide(sides[1], signature) };
}

/** Binds each core axis name to a size, or raises a ShapeError naming the clash. */
function bindCore(sizes: Map<string, number>, names: readonly string[], shape: readonly number[], what: string): void {
  if (shape.length < names.length) {
    throw new ShapeError(`${OP}: ${what} has shape ${fmtShape(shape)}, fewer axes than its core (${names.join(',')}) in the signature.`);
  }
  const core = shape.slice(shape.length - names.length);
  names.forEach((n, i) => {
    const seen = sizes.get(n);
    if (seen !== undefined && seen !== core[i]) {
      throw new ShapeError(`${OP}: core axis '${n}' has size ${core[i]} in ${what} (shape ${fmtShape(shape)}) but ${seen} elsewhere; ` +
        `axes with the same name must have the same size.`);
    }
    sizes.set(n, core[i]);
  });
}

/**
 * Vectorizes `f` over leading axes (jnp.vectorize): with no signature `f` sees 0-d elements;
 * with a signature such as '(n),(n)->()' it sees the core blocks and the remaining leading axes
 * of the arguments broadcast together. Built on vmap, so it composes with grad and jit. With
 * several outputs in the signature, `f` returns (and the result is) an array of Tensors.
 * @example
 * const clampedSquare = np.vectorize((x: Tensor) => np.minimum(x.mul(x), 4));
 * clampedSquare(np.array([[1, 2], [3, 4]])); // → [[1, 4], [4, 4]]
 * const dot = np.vectorize((a: Tensor, b: Tensor) => a.mul(b).sum(), { signature: '(n),(n)->()' });
 * dot(np.ones([3, 2]), np.array([1, 2])); // → [3, 3, 3]
 */
export function vectorize<R extends Tensor | Tensor[]>(
  f: (...args: never[]) => R, options: VectorizeOptions = {},
): (...args: unknown[]) => R {
  validate.fn(OP, f);
  const { signature, excluded = [] } = validate.options<VectorizeOptions>(OP, options, ['signature', 'excluded'], "{ signature: '(n),(n)->()' }");
  if (!Array.isArray(excluded) || excluded.some((e) => !Number.isInteger(e) || e < 0)) {
    throw new ArgumentError(`${OP}: excluded must be an array of argument positions (non-negative integers), got ${validate.describe(excluded)}.`);
  }
  const sig = signature === undefined ? undefined : parseSignature(signature);
  const call = f as (...args: unknown[]) => R;

  return (...args: unknown[]): R => {
    const mappedAt = args.map((_, i) => i).filter((i) => !excluded.includes(i));
    if (sig && sig.inputs.length !== mappedAt.length) {
      throw new ArgumentError(`${OP}: the signature '${signature}' has ${sig.inputs.length} inputs, but the call passes ` +
        `${mappedAt.length} vectorized argument(s) (${args.length} in all, excluded: [${excluded.join(', ')}]).`);
    }
    const xs = mappedAt.map((i) => operandTensor(OP, args[i] as ArrayLike, undefined, `argument ${i}`));
    const cores = sig ? sig.inputs : xs.map(() => [] as string[]);
    const sizes = new Map<string, number>();
    xs.forEach((x, k) => bindCore(sizes, cores[k], x.shape, `argument ${mappedAt[k]}`));
    const loopShapes = xs.map((x, k) => x.shape.slice(0, x.ndim - cores[k].length));
    const loop = broadcastShapes(OP, ...loopShapes);

    // Each argument with exactly loop.length loop axes; a size-1 axis that others broadcast is
    // dropped and the argument is left unmapped (null) at that level.
    const mapped: boolean[][] = xs.map(() => []);
    const prepared = xs.map((x, k) => {
      const own = loopShapes[k], core = x.shape.slice(own.length);
      const padded = [...Array<number>(loop.length - own.length).fill(1), ...own];
      const keep = padded.map((n, d) => n === loop[d]);
      mapped[k] = keep;
      return lax.reshape(x, [...padded.filter((_, d) => keep[d]), ...core]);
    });

    const core = (...blocks: Tensor[]): R => {
      const full = [...args];
      mappedAt.forEach((i, k) => { full[i] = blocks[k]; });
      const out = call(...full);
      if (sig) checkOutputs(out, sig, sizes);
      return out;
    };
    let g: (...blocks: Tensor[]) => R = core;
    for (let d = loop.length - 1; d >= 0; d--) {
      g = vmap(g, { inAxes: mapped.map((m) => (m[d] ? 0 : null)), axisSize: loop[d] });
    }
    return g(...prepared);
  };
}

/** Checks f's outputs against the signature's output cores (count, rank, named sizes). */
function checkOutputs(out: unknown, sig: Signature, sizes: Map<string, number>): void {
  const multi = sig.outputs.length > 1;
  const outs = multi ? out : [out];
  if (!Array.isArray(outs) || outs.length !== sig.outputs.length || !outs.every(isTensor)) {
    throw new ArgumentError(`${OP}: the signature names ${sig.outputs.length} output(s); f must return ` +
      `${multi ? `an array of ${sig.outputs.length} Tensors` : 'one Tensor'}, got ${validate.describe(out)}.`);
  }
  outs.forEach((o: Tensor, j) => {
    const names = sig.outputs[j];
    if (o.ndim !== names.length) {
      throw new ShapeError(`${OP}: output ${j} of f has shape ${fmtShape(o.shape)}, but the signature gives it ` +
        `${names.length} core axes (${names.join(',')}).`);
    }
    bindCore(sizes, names, o.shape, `output ${j}`);
  });
}
