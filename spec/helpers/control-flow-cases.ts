/**
 * Conformance cases of the control-flow primitives (scan, cond, checkpoint) for the shared table
 * (primitive-cases.ts appends them): the jvp spec checks them against finite differences, the vjp
 * spec by the dot-product test, the vmap spec against stacked results, the WebGPU conformance spec
 * against the CPU. `while` is left out: it has no reverse mode (as in JAX), which the vjp spec
 * needs; spec/control-flow.spec.ts covers it.
 */
import { checkpoint, lax, type Tensor } from '../../src/index.js';
import type { PrimitiveCase } from './primitive-cases.js';
import { Rng, normalF64, sizeOf, uniformF64 } from './check.js';
import { np } from '../../src/index.js';

const f32 = (rng: Rng, shape: number[]): Tensor =>
  np.array(Float32Array.from({ length: sizeOf(shape) }, () => rng.normal()), { dtype: 'float32', shape });

const rnn = (reverse: boolean) => (w: Tensor, h: Tensor, xs: Tensor): Tensor[] => {
  const [c, ys] = lax.scan((c: Tensor, x: Tensor) => {
    const h2 = lax.tanh(lax.add(lax.reduceSum(lax.mul(lax.broadcastInDim(c, w.shape, [0]), w), [0]), x));
    return [h2, lax.mul(lax.sin(h2), c)] as const;
  }, h, xs, { reverse });
  return [c, ys];
};

const scanCase = (reverse: boolean): PrimitiveCase => ({
  name: `scan${reverse ? ' (reverse)' : ''}`, prim: 'scan', differentiable: true,
  make: (rng) => {
    const n = rng.int(1, 4), len = rng.int(1, 4);
    return { fn: rnn(reverse), args: (r) => [normalF64(r, [n, n]).mul(0.5), normalF64(r, [n]), normalF64(r, [len, n])], desc: `[${n},${n}], [${n}], [${len},${n}]` };
  },
});

const foriCase: PrimitiveCase = {
  name: 'scan (foriLoop with an int32 counter)', prim: 'scan', differentiable: true,
  make: (rng) => {
    const n = rng.int(1, 5), k = rng.int(1, 4);
    return { fn: (x) => lax.foriLoop(0, k, (i, v: Tensor) => lax.add(lax.mul(lax.sin(v), v), lax.cast(lax.broadcastInDim(i, v.shape, []), v.dtype)), x),
      args: (r) => [normalF64(r, [n])], desc: `[${n}] × ${k}` };
  },
};

/** pred > 0 picks the first branch; pred is drawn away from 0 so every lane's branch is stable under FD. */
const condCase: PrimitiveCase = {
  name: 'cond', prim: 'cond', differentiable: true, diffArgs: [1, 2],
  make: (rng) => {
    const n = rng.int(1, 4);
    const fn = (p: Tensor, x: Tensor, y: Tensor) => lax.cond(lax.compare(p, lax.fullLike(p, 0), 'gt'),
      (a: Tensor, b: Tensor) => lax.mul(lax.sin(a), b), (a: Tensor, b: Tensor) => lax.exp(lax.sub(a, b)), x, y);
    return { fn, args: (r) => [uniformF64(r, [], 0.2, 1).mul(r.int(0, 2) ? 1 : -1), normalF64(r, [n]), normalF64(r, [n])], desc: `[${n}]` };
  },
};

const remat = checkpoint((x: Tensor, y: Tensor) => lax.mul(lax.tanh(lax.mul(x, y)), lax.sin(x)));
const checkpointCase: PrimitiveCase = {
  name: 'checkpoint', prim: 'checkpoint', differentiable: true,
  make: (rng) => {
    const n = rng.int(1, 5);
    return { fn: (x, y) => remat(x, y), args: (r) => [normalF64(r, [n]), normalF64(r, [n])], desc: `[${n}]` };
  },
};

export const CONTROL_FLOW_CASES: PrimitiveCase[] = [scanCase(false), scanCase(true), foriCase, condCase, checkpointCase];

/** Zero-size cases (zero-size-cases.ts appends them): an empty loop, loops and branches over empty arrays. */
export const CONTROL_FLOW_ZERO_SIZE_CASES: { name: string; prim: 'scan' | 'cond' | 'checkpoint' | 'while'; fn: (...xs: Tensor[]) => Tensor | Tensor[]; args: (rng: Rng) => Tensor[] }[] = [
  { name: 'scan of length 0 (carry [3], ys [0,3])', prim: 'scan', fn: (h, xs) => lax.scan((c: Tensor, x: Tensor) => [lax.add(c, x), lax.sin(x)] as const, h, xs) as Tensor[],
    args: (r) => [f32(r, [3]), f32(r, [0, 3])] },
  { name: 'scan over empty slices (carry [0])', prim: 'scan', fn: (h, xs) => lax.scan((c: Tensor, x: Tensor) => [lax.mul(c, x), lax.reduceSum(x, [0])] as const, h, xs) as Tensor[],
    args: (r) => [f32(r, [0]), f32(r, [4, 0])] },
  { name: 'cond on an empty operand', prim: 'cond', fn: (p, x) => lax.cond(lax.compare(p, lax.fullLike(p, 0), 'gt'), (v: Tensor) => lax.exp(v), (v: Tensor) => lax.neg(v), x),
    args: (r) => [f32(r, []), f32(r, [2, 0])] },
  { name: 'while over an empty carry component', prim: 'while',
    fn: (x) => lax.whileLoop(([i]: Tensor[]) => lax.compare(i, lax.fullLike(i, 3), 'lt'), ([i, v]: Tensor[]) => [lax.add(i, lax.fullLike(i, 1)), lax.sin(v)], [lax.reduceSum(x, [0, 1]), x], { maxIterations: 5 }),
    args: (r) => [f32(r, [0, 2])] },
  { name: 'checkpoint of an empty array', prim: 'checkpoint', fn: (x) => remat(x, x), args: (r) => [f32(r, [0, 3])] },
];
