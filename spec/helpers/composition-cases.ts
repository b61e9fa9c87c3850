/**
 * The transformation-composition matrix and the special-value (NaN/±Inf) tables, shared by the
 * Node WebGPU spec (spec/webgpu-composition.spec.ts) and the in-browser suite
 * (spec/browser-suites.spec.ts), so both check the same cases against the CPU interpreter.
 */
import { grad, jacfwd, jit, jvp, linearize, lax, np, valueAndGrad, vjp, vmap, Tensor } from '../../src/index.js';
import { hooks } from '../../src/core/hooks.js';
import { ShapedArray } from '../../src/core/shape.js';
import { mulberry32 } from './prng.js';

type P = { w1: Tensor; b1: Tensor; w2: Tensor; b2: Tensor };
const shapes = { w1: [3, 16], b1: [16], w2: [16, 2], b2: [2] } as const;

/** Fresh arrays on the current backend from the same seeded host data. */
export function makeCompositionInputs(seed: number) {
  const r = mulberry32(seed);
  const arr = (shape: readonly number[], scale = 1) =>
    hooks.fromHost(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => (r() * 2 - 1) * scale), new ShapedArray(shape, 'float32'));
  const p: P = { w1: arr(shapes.w1, 0.7), b1: arr(shapes.b1, 0.1), w2: arr(shapes.w2, 0.5), b2: arr(shapes.b2, 0.1) };
  const t: P = { w1: arr(shapes.w1), b1: arr(shapes.b1), w2: arr(shapes.w2), b2: arr(shapes.b2) };
  return { p, t, x: arr([8, 3]), y: arr([8, 2]) };
}

const forward = (p: P, x: Tensor) => np.matmul(np.tanh(np.matmul(x, p.w1).add(p.b1)), p.w2).add(p.b2);
const loss = (p: P, x: Tensor, y: Tensor) => np.mean(np.square(forward(p, x).sub(y)));
const perExample = (p: P, x: Tensor, y: Tensor) => np.sum(np.square(forward(p, x.reshape([1, 3])).sub(y.reshape([1, 2]))));

/** Each composition of transformations of an MLP loss, as a function of seeded inputs. */
export const COMPOSITION_ROUTES: Record<string, (d: ReturnType<typeof makeCompositionInputs>) => unknown> = {
  'grad': ({ p, x, y }) => grad(loss)(p, x, y),
  'jit(grad)': ({ p, x, y }) => jit(grad(loss))(p, x, y),
  'grad(jit)': ({ p, x, y }) => grad(jit(loss))(p, x, y),
  'jit(grad(jit))': ({ p, x, y }) => jit(grad(jit(loss)))(p, x, y),
  'valueAndGrad': ({ p, x, y }) => valueAndGrad(loss)(p, x, y),
  'jvp': ({ p, t, x, y }) => jvp((q: P) => loss(q, x, y), [p], [t]),
  'jvp(grad) (Hessian-vector product)': ({ p, t, x, y }) => jvp((q: P) => grad(loss)(q, x, y), [p], [t]),
  'grad(grad) of a scalar function': ({ x }) => grad((s: Tensor) => np.sum(grad((u: Tensor) => np.sum(np.tanh(u.mul(x))))(s)))(np.ones([8, 3])),
  'vmap(grad) per example': ({ p, x, y }) => vmap((xi: Tensor, yi: Tensor) => grad(perExample)(p, xi, yi))(x, y),
  'jit(vmap(grad))': ({ p, x, y }) => jit((xx: Tensor, yy: Tensor) => vmap((xi: Tensor, yi: Tensor) => grad(perExample)(p, xi, yi))(xx, yy))(x, y),
  'vjp': ({ p, x, y }) => { const [out, back] = vjp((q: P) => forward(q, x), p); return [out, back(y)]; },
  'linearize': ({ p, t, x, y }) => { const [out, lin] = linearize((q: P) => loss(q, x, y), p); return [out, lin(t)]; },
  'jacfwd': ({ x }) => jacfwd((u: Tensor) => np.tanh(u.mul(2)).sum({ axis: 1 }))(x),
};

/** Inputs that exercise NaN, ±Inf, ±0, huge, tiny and overflow-edge values. */
export const SPECIAL_VALUES = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, -2.5, 3e38, -3e38, 1e-30, 88.8, -104];

// WGSL bounds sin/cos's error only inside [-π, π]; lavapipe stays within 1e-7 up to |x| ≈ 1e6
// and is wrong beyond (no Payne–Hanek reduction), so huge finite arguments are left out there.
export const MODERATE_SPECIAL_VALUES = SPECIAL_VALUES.filter((v) => !(Math.abs(v) > 1e6 && Number.isFinite(v)));

export const SPECIAL_UNARY: [string, (x: Tensor) => Tensor][] = [
  ['neg', lax.neg], ['exp', lax.exp], ['log', lax.log], ['log1p', lax.log1p], ['expm1', lax.expm1], ['sin', lax.sin],
  ['cos', lax.cos], ['tanh', lax.tanh], ['sqrt', lax.sqrt], ['rsqrt', lax.rsqrt], ['abs', lax.abs], ['sign', lax.sign],
  ['floor', lax.floor], ['cast to int32', (x) => lax.cast(x, 'int32')], ['cast to bool', (x) => lax.cast(x, 'bool')],
  ['isnan via compare ne', (x) => lax.compare(x, x, 'ne')], ['reduce_max', (x) => lax.reduceMax(x, [0])],
  ['reduce_sum', (x) => lax.reduceSum(x, [0])], ['argmax', (x) => lax.argmax(x, 0)],
];
export const SPECIAL_BINARY: [string, (a: Tensor, b: Tensor) => Tensor][] = [
  ['add', lax.add], ['sub', lax.sub], ['mul', lax.mul], ['div', lax.div], ['max', lax.max], ['min', lax.min],
  ['pow', lax.pow], ['compare lt', (a, b) => lax.compare(a, b, 'lt')], ['compare eq', (a, b) => lax.compare(a, b, 'eq')],
];

/** The inputs of a special-value case: every value alone (unary), or every pair (binary). */
export function specialInputs(name: string, arity: 1 | 2): number[][] {
  if (arity === 1) return [name === 'sin' || name === 'cos' ? MODERATE_SPECIAL_VALUES : SPECIAL_VALUES];
  return [SPECIAL_VALUES.flatMap((v) => SPECIAL_VALUES.map(() => v)), SPECIAL_VALUES.flatMap(() => SPECIAL_VALUES)];
}

/** Positions where `got` differs from the oracle `want` beyond 1e-5 relative (NaN only matches NaN). */
export function specialMismatches(got: ArrayLike<number | bigint>, want: ArrayLike<number | bigint>): string[] {
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const [x, y] = [Number(got[i]), Number(want[i])];
    const ok = Number.isNaN(y) ? Number.isNaN(x) : x === y || Math.abs(x - y) <= 1e-5 * Math.max(1, Math.abs(y));
    if (!ok) bad.push(`#${i}: got ${x}, want ${y}`);
  }
  return bad;
}
