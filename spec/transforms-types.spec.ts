// The transformations keep the types of the functions they transform (checked by tsc over the
// specs: `npm run typecheck`), and vjp's hasAux works as in JAX (checked at run time).
import { describe, expect, expectTypeOf, it } from 'vitest';
import { grad, hessian, jacfwd, jacrev, jit, jvp, linearize, makeJaxpr, np, useBackend, valueAndGrad, vjp, vmap, type Tensor, type ShapedArray } from '../src/index.js';
import type { Jaxpr } from '../src/core/jaxpr.js';

interface Params { w: Tensor; b: Tensor; layers: { scale: Tensor }[] }
const loss = (p: Params, x: Tensor, k: number) => x.matmul(p.w).add(p.b).mul(p.layers[0]!.scale).mul(k).square().mean();

describe('transform types', () => {
  it('grad and valueAndGrad: the gradient is shaped like the argument(s)', () => {
    expectTypeOf(grad(loss)).parameters.toEqualTypeOf<[p: Params, x: Tensor, k: number]>();
    expectTypeOf(grad(loss)).returns.toEqualTypeOf<{ w: Tensor; b: Tensor; layers: { scale: Tensor }[] }>();
    expectTypeOf(grad(loss, { argnums: 1 })).returns.toEqualTypeOf<Tensor>();
    expectTypeOf(grad(loss, { argnums: [0, 2] })).returns.toEqualTypeOf<[{ w: Tensor; b: Tensor; layers: { scale: Tensor }[] }, Tensor]>();
    expectTypeOf(valueAndGrad(loss)).returns.toEqualTypeOf<[Tensor, { w: Tensor; b: Tensor; layers: { scale: Tensor }[] }]>();
    const withAux = (p: Params, x: Tensor) => [loss(p, x, 1), { pred: x.matmul(p.w), step: 3 }] as const;
    expectTypeOf(grad(withAux, { hasAux: true })).returns.toEqualTypeOf<[{ w: Tensor; b: Tensor; layers: { scale: Tensor }[] }, { readonly pred: Tensor; readonly step: 3 }]>();
    expectTypeOf(valueAndGrad(withAux, { hasAux: true, argnums: 1 })).returns.toEqualTypeOf<[[Tensor, { readonly pred: Tensor; readonly step: 3 }], Tensor]>();
    // Without `as const` TypeScript reads [loss, aux] as an array, which hasAux refuses at compile time.
    // @ts-expect-error return [loss, aux] as const
    grad((x: Tensor) => [x.sum(), { n: x }], { hasAux: true });
  });

  it('jit, vmap: the same signature; jit adds lower()', () => {
    const f = (x: Tensor, s: { a: Tensor }) => ({ y: x.add(s.a), z: [x] as [Tensor] });
    expectTypeOf(jit(f)).parameters.toEqualTypeOf<[x: Tensor, s: { a: Tensor }]>();
    expectTypeOf(jit(f)).returns.toEqualTypeOf<{ y: Tensor; z: [Tensor] }>();
    expectTypeOf(jit(f).lower).returns.toEqualTypeOf<Jaxpr>();
    expectTypeOf(vmap(f)).toEqualTypeOf<(x: Tensor, s: { a: Tensor }) => { y: Tensor; z: [Tensor] }>();
    // Array leaves may be given as ShapedArrays (only their types are used).
    expectTypeOf(makeJaxpr(f)).parameters.toEqualTypeOf<[x: Tensor | ShapedArray, s: { a: Tensor | ShapedArray }]>();
  });

  it('jvp, vjp, linearize: tangents shaped like the primals and outputs', () => {
    const f = (x: Tensor, p: { a: Tensor }) => [x.mul(p.a), x.sum()] as [Tensor, Tensor];
    const x = np.ones([2]), p = { a: np.ones([2]) };
    expectTypeOf(jvp(f, [x, p], [x, p])).toEqualTypeOf<[[Tensor, Tensor], [Tensor, Tensor]]>();
    const [y, pull] = vjp(f, x, p);
    expectTypeOf(y).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(pull).parameters.toEqualTypeOf<[ct: [Tensor, Tensor]]>();
    expectTypeOf(pull).returns.toEqualTypeOf<[Tensor, { a: Tensor }]>();
    const [, fJvp] = linearize(f, x, p);
    expectTypeOf(fJvp).parameters.toEqualTypeOf<[Tensor, { a: Tensor }]>();
    // Nesting keeps the types: jvp of grad is a Hessian-vector product typed as a Tensor.
    const g = (v: Tensor) => v.sin().sum();
    expectTypeOf(jvp(grad(g), [x], [x])).toEqualTypeOf<[Tensor, Tensor]>();
    expectTypeOf(jit(grad(jit(g)))).toEqualTypeOf<((v: Tensor) => Tensor) & { lower: (v: Tensor) => Jaxpr }>();
    expectTypeOf(vmap(grad(g))).toEqualTypeOf<(v: Tensor) => Tensor>();
    expectTypeOf(hessian(g)).toEqualTypeOf<(v: Tensor) => Tensor>();
    expectTypeOf(jacfwd(g)).parameters.toEqualTypeOf<[v: Tensor]>();
    expectTypeOf(jacrev(g)).returns.toEqualTypeOf<Tensor>();
    // @ts-expect-error a tangent per primal is required
    expect(() => jvp(f, [x, p], [x])).toThrow();
    // @ts-expect-error grad of a function whose result is not an array
    grad((v: Tensor) => 'loss');
  });
});

describe('vjp with hasAux', () => {
  it('returns [value, pullback, aux]; aux is not differentiated', async () => {
    await useBackend('cpu');
    const f = (x: Tensor) => [x.square(), { peek: x.mul(10) }] as const;
    const [y, pull, aux] = vjp(f, np.array([1, 2]), { hasAux: true });
    expect(await y.toArray()).toEqual([1, 4]);
    expect(await aux.peek.toArray()).toEqual([10, 20]);
    const [dx] = pull(np.array([1, 1]));
    expect(await dx.toArray()).toEqual([2, 4]);
    // The options object is only recognised as the last argument with exactly { hasAux }.
    const [y2, pull2] = vjp((x: Tensor, p: { hasAux: Tensor }) => x.mul(p.hasAux), np.array(2), { hasAux: np.array(3) });
    expect(await y2.item()).toBe(6);
    const [, dp] = pull2(np.array(1));
    expect(await dp.hasAux.item()).toBe(2);
  });
});
