/**
 * The jit compiler's Jaxpr passes (inline, dce, cse, simplify, and `optimize` = all four; with a
 * target, rhsLayout too):
 * printed programs before and after each pass on small programs, so a change to a rewrite shows
 * up as a readable diff; then semantic equivalence: real programs (an MLP gradient, softmax,
 * layerNorm, jvp, vmap, random draws, nested jit, custom_jvp) evaluated before and after
 * `optimize` on random inputs must agree, with no more equations than they started with.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as fluxion from '../src/index.js';
import { ConcreteArray, Jaxpr, Tensor, customJvp, grad, jit, jvp, lax, makeJaxpr, np, random, typecheckJaxpr, vmap } from '../src/index.js';
import { Lit, Var, evalJaxpr } from '../src/core/jaxpr.js';
import type { DType } from '../src/core/dtype.js';
import { ShapedArray } from '../src/core/shape.js';
import { cse, dce, inlineCalls, optimize, rhsLayout, simplify } from '../src/compiler/passes/index.js';
import { DEFAULT_TARGET, type Target } from '../src/compiler/target.js';
import { mulberry32, mulberry32U32 } from './helpers/prng.js';

// Programs are evaluated with the CPU interpreter (synchronous reads, the reference semantics),
// whatever backend the environment selected by default.
beforeAll(async () => {
  const useBackend = (fluxion as { useBackend?: (name: 'cpu') => Promise<void> }).useBackend;
  if (useBackend) await useBackend('cpu');
});

/** Type-checks and prints: every program below is also a well-typed one. */
function show(j: Jaxpr): string {
  expect(() => typecheckJaxpr(j)).not.toThrow();
  return String(j);
}

const f32 = (...shape: number[]) => new ShapedArray(shape, 'float32');

describe('inlineCalls', () => {
  it('splices nested jit bodies (recursively) into the caller', () => {
    const inner = jit((y: Tensor) => np.exp(y).mul(y), { name: 'inner' });
    const outer = jit((y: Tensor) => np.sin(inner(y)), { name: 'outer' });
    const j = makeJaxpr((x: Tensor) => np.sum(outer(x.add(1))))(np.ones([3]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            c:f32[3] = add a b
            d:f32[3] = jit[jaxpr={ lambda a:f32[3] .
                let b:f32[3] = jit[jaxpr={ lambda a:f32[3] .
                        let b:f32[3] = exp a
                            c:f32[3] = mul b a
                        in (c) } name=inner] a
                    c:f32[3] = sin b
                in (c) } name=outer] c
            e:f32[] = reduce_sum[axes=(0,)] d
        in (e) }"
    `);
    const flat = inlineCalls(j);
    expect(show(flat)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            c:f32[3] = add a b
            d:f32[3] = exp c
            e:f32[3] = mul d c
            f:f32[3] = sin e
            g:f32[] = reduce_sum[axes=(0,)] f
        in (g) }"
    `);
    expect(flat.eqns.every((e) => e.prim !== 'jit' && e.prim !== 'custom_jvp')).toBe(true);
  });

  it('renames the variables of a body inlined twice, so each is bound once', () => {
    const inner = jit((y: Tensor) => np.sin(y), { name: 'inner' });
    const j = makeJaxpr((x: Tensor) => inner(inner(x)))(np.ones([2]));
    const flat = inlineCalls(j);
    expect(show(flat)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] .
        let b:f32[2] = sin a
            c:f32[2] = sin b
        in (c) }"
    `);
    const bound = flat.eqns.flatMap((e) => e.outs);
    expect(new Set(bound).size).toBe(bound.length);
  });

  it('inlines custom_jvp bodies (the rule is only for jvp, which is over by compile time)', () => {
    const softplus = customJvp((x: Tensor) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), t.mul(np.sigmoid(x))]);
    const j = makeJaxpr((x: Tensor) => softplus(x).mul(2))(np.ones([2]));
    expect(j.eqns.map((e) => e.prim)).toContain('custom_jvp');
    expect(show(inlineCalls(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] .
        let b:f32[2] = exp a
            c:f32[2] = log1p b
            d:f32[2] = broadcast_in_dim[shape=(2,) dims=()] 2.0
            e:f32[2] = mul c d
        in (e) }"
    `);
  });

  it('a body that returns a literal or its own input makes the caller output that atom', () => {
    const ia = new Var(f32()), ib = new Var(f32());
    const body = new Jaxpr([ia, ib], [], [new Lit(3, f32()), ia]);
    const a = new Var(f32()), b = new Var(f32()), c = new Var(f32()), d = new Var(f32());
    const j = new Jaxpr([a], [
      { prim: 'sin', inputs: [a], params: {}, outs: [b] },
      { prim: 'jit', inputs: [b, a], params: { jaxpr: body, name: 'f' }, outs: [c, d] },
    ], [c, d]);
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[] .
        let b:f32[] = sin a
            c:f32[] d:f32[] = jit[jaxpr={ lambda a:f32[] b:f32[] . (3.0, a) } name=f] b a
        in (c, d) }"
    `);
    expect(show(inlineCalls(j))).toMatchInlineSnapshot(`"{ lambda a:f32[] . let b:f32[] = sin a in (3.0, b) }"`);
  });
});

describe('dce', () => {
  it('drops the dead forward equations of a grad (the loss itself is not returned)', () => {
    const j = makeJaxpr(grad((x: Tensor) => np.sum(np.sin(x).mul(x))))(np.ones([3]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = cos a
            d:f32[3] = mul b a
            e:f32[] = reduce_sum[axes=(0,)] d
            f:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            g:f32[3] = mul b f
            h:f32[3] = mul f a
            i:f32[3] = mul h c
            j:f32[3] = add g i
        in (j) }"
    `);
    expect(show(dce(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = cos a
            d:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            e:f32[3] = mul b d
            f:f32[3] = mul d a
            g:f32[3] = mul f c
            h:f32[3] = add e g
        in (h) }"
    `);
  });

  it('keeps unused inputs and constants (the calling convention), and multi-output equations whole', () => {
    const c = np.array([1, 2]);
    const j = makeJaxpr((k: Tensor, x: Tensor, _unused: Tensor) => {
      const [a] = lax.threefry2x32(k, k, k, k);
      np.exp(x.mul(c)); // dead, and the only use of the constant
      return a;
    })(np.array([1, 2], { dtype: 'uint32' }), np.ones([2]), np.ones([5]));
    const out = dce(j);
    expect(out.inVars).toEqual(j.inVars);
    expect(out.numConsts).toBe(1);
    expect(show(out)).toMatchInlineSnapshot(`"{ lambda a:f32[2] ; b:u32[2] c:f32[2] d:f32[5] . let e:u32[2] f:u32[2] = threefry2x32 b b b b in (e) }"`);
  });
});

describe('cse', () => {
  it('merges a duplicated sin x, and what is computed from the duplicates', () => {
    const j = makeJaxpr((x: Tensor) => np.cos(np.sin(x)).add(np.cos(np.sin(x))))(np.ones([3]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = cos b
            d:f32[3] = sin a
            e:f32[3] = cos d
            f:f32[3] = add c e
        in (f) }"
    `);
    expect(show(cse(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = cos b
            d:f32[3] = add c c
        in (d) }"
    `);
  });

  it('literals are the same by dtype and value (separate Lit objects merge; 0 and -0 do not)', () => {
    const a = new Var(f32()), outs = Array.from({ length: 5 }, () => new Var(f32()));
    const lit = (v: number) => new Lit(v, f32());
    const j = new Jaxpr([a], [
      { prim: 'mul', inputs: [a, lit(2)], params: {}, outs: [outs[0]] },
      { prim: 'mul', inputs: [a, lit(2)], params: {}, outs: [outs[1]] },
      { prim: 'div', inputs: [lit(1), lit(0)], params: {}, outs: [outs[2]] },
      { prim: 'div', inputs: [lit(1), lit(-0)], params: {}, outs: [outs[3]] },
      { prim: 'div', inputs: [lit(1), lit(0)], params: {}, outs: [outs[4]] },
    ], outs);
    // (the printer writes -0 as 0.0: c is 1/0 = inf, d is 1/-0 = -inf)
    expect(show(cse(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[] .
        let b:f32[] = mul a 2.0
            c:f32[] = div 1.0 0.0
            d:f32[] = div 1.0 0.0
        in (b, b, c, d, c) }"
    `);
  });

  it('merges calls of the same jit body on the same inputs, not of different bodies', () => {
    const f = jit((y: Tensor) => np.exp(y), { name: 'f' });
    const g = jit((y: Tensor) => np.exp(y), { name: 'g' });
    const j = makeJaxpr((x: Tensor) => [f(x), f(x), g(x)])(np.ones([2]));
    expect(show(cse(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] .
        let b:f32[2] = jit[jaxpr={ lambda a:f32[2] . let b:f32[2] = exp a in (b) } name=f] a
            c:f32[2] = jit[jaxpr={ lambda a:f32[2] . let b:f32[2] = exp a in (b) } name=g] a
        in (b, b, c) }"
    `);
  });

  it('merges equal literals by value and dtype, and keeps different params apart', () => {
    const j = makeJaxpr((x: Tensor) => [x.add(2), x.add(2), x.add(3), np.sum(x, { axis: 0 }), np.sum(x, { axis: 1 })])(np.ones([2, 2]));
    expect(show(cse(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,2] .
        let b:f32[2,2] = broadcast_in_dim[shape=(2,2) dims=()] 2.0
            c:f32[2,2] = add a b
            d:f32[2,2] = broadcast_in_dim[shape=(2,2) dims=()] 3.0
            e:f32[2,2] = add a d
            f:f32[2] = reduce_sum[axes=(0,)] a
            g:f32[2] = reduce_sum[axes=(1,)] a
        in (c, c, e, f, g) }"
    `);
  });
});

describe('simplify', () => {
  it('x * 1 + 0 is x (the broadcast literals the numpy layer emits included)', () => {
    const j = makeJaxpr((x: Tensor) => x.mul(1).add(0))(np.ones([3]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            c:f32[3] = mul a b
            d:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 0.0
            e:f32[3] = add c d
        in (e) }"
    `);
    // Users are rewired; the orphaned broadcasts are dce's job.
    expect(show(simplify(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            c:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 0.0
        in (a) }"
    `);
    expect(show(dce(simplify(j)))).toMatchInlineSnapshot(`"{ lambda a:f32[3] . (a) }"`);
  });

  it('0 + x, x - 0, 1 * x and x / 1 on scalars, where the constant is an inline literal', () => {
    const j = makeJaxpr((x: Tensor) => np.add(0, np.subtract(np.multiply(1, np.divide(x, 1)), 0)).mul(3))(np.array(2));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[] .
        let b:f32[] = div a 1.0
            c:f32[] = mul 1.0 b
            d:f32[] = sub c 0.0
            e:f32[] = add 0.0 d
            f:f32[] = mul e 3.0
        in (f) }"
    `);
    expect(show(dce(simplify(j)))).toMatchInlineSnapshot(`"{ lambda a:f32[] . let b:f32[] = mul a 3.0 in (b) }"`);
  });

  it('x * 0 folds only for integers: for floats NaN * 0 and inf * 0 are NaN', () => {
    const ints = makeJaxpr((x: Tensor) => x.mul(0).add(x))(np.array([1, 2], { dtype: 'int32' }));
    expect(show(dce(simplify(ints)))).toMatchInlineSnapshot(`"{ lambda a:i32[2] . (a) }"`);
    const floats = makeJaxpr((x: Tensor) => x.mul(0))(np.ones([2]));
    expect(show(dce(simplify(floats)))).toBe(String(floats));
  });

  it('transpose of transpose composes into one transpose (or none, when the result is the identity)', () => {
    const j = makeJaxpr((x: Tensor) => [
      np.transpose(np.transpose(x, [1, 2, 0]), [1, 0, 2]),
      np.transpose(np.transpose(x, [1, 2, 0]), [2, 0, 1]),
    ])(np.ones([2, 3, 4]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,3,4] .
        let b:f32[3,4,2] = transpose[perm=(1,2,0)] a
            c:f32[4,3,2] = transpose[perm=(1,0,2)] b
            d:f32[3,4,2] = transpose[perm=(1,2,0)] a
            e:f32[2,3,4] = transpose[perm=(2,0,1)] d
        in (c, e) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`"{ lambda a:f32[2,3,4] . let b:f32[4,3,2] = transpose[perm=(2,1,0)] a in (b, a) }"`);
  });

  it('a reshape chain is one reshape, or none when it ends where it began', () => {
    const j = makeJaxpr((x: Tensor) => [
      np.reshape(np.reshape(np.reshape(x, [6, 4]), [4, 6]), [24]),
      np.reshape(np.reshape(x, [24]), [2, 3, 4]),
    ])(np.ones([2, 3, 4]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,3,4] .
        let b:f32[6,4] = reshape[shape=(6,4)] a
            c:f32[4,6] = reshape[shape=(4,6)] b
            d:f32[24] = reshape[shape=(24,)] c
            e:f32[24] = reshape[shape=(24,)] a
            f:f32[2,3,4] = reshape[shape=(2,3,4)] e
        in (d, f) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`"{ lambda a:f32[2,3,4] . let b:f32[24] = reshape[shape=(24,)] a in (b, a) }"`);
  });

  it('stop_gradient is the identity once no transformation remains', () => {
    const j = makeJaxpr((x: Tensor) => np.stopGradient(np.sin(x)).mul(x))(np.ones([3]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = stop_gradient b
            d:f32[3] = mul c a
        in (d) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = mul b a
        in (c) }"
    `);
  });

  it('neg of neg, identity movements, same-dtype cast and empty reductions are removed', () => {
    const x = new Var(f32(2, 3));
    const outs = Array.from({ length: 7 }, () => new Var(f32(2, 3)));
    const [a, b, c, d, e, f, g] = outs;
    const j = new Jaxpr([x], [
      { prim: 'neg', inputs: [x], params: {}, outs: [a] },
      { prim: 'neg', inputs: [a], params: {}, outs: [b] },
      { prim: 'broadcast_in_dim', inputs: [b], params: { shape: [2, 3], dims: [0, 1] }, outs: [c] },
      { prim: 'slice', inputs: [c], params: { start: [0, 0], limit: [2, 3] }, outs: [d] },
      { prim: 'pad', inputs: [d], params: { lo: [0, 0], hi: [0, 0] }, outs: [e] },
      { prim: 'cast', inputs: [e], params: { dtype: 'float32' }, outs: [f] },
      { prim: 'reduce_sum', inputs: [f], params: { axes: [] }, outs: [g] },
    ], [g, a]);
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,3] .
        let b:f32[2,3] = neg a
            c:f32[2,3] = neg b
            d:f32[2,3] = broadcast_in_dim[shape=(2,3) dims=(0,1)] c
            e:f32[2,3] = slice[start=(0,0) limit=(2,3)] d
            f:f32[2,3] = pad[lo=(0,0) hi=(0,0)] e
            g:f32[2,3] = cast[dtype=float32] f
            h:f32[2,3] = reduce_sum[axes=()] g
        in (h, b) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`"{ lambda a:f32[2,3] . let b:f32[2,3] = neg a in (a, b) }"`);
  });

  it('cast of cast folds only through an exact intermediate type', () => {
    const j = makeJaxpr((x: Tensor, b: Tensor) => [
      np.astype(np.astype(x, 'float64'), 'float32'), // f32 → f64 is exact: x itself
      np.astype(np.astype(x, 'int32'), 'float32'), // truncates: kept
      np.astype(np.astype(b, 'int32'), 'float32'), // bool → i32 is exact: one cast
    ])(np.ones([2]), np.array([true, false]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] b:bool[2] .
        let c:f64[2] = cast[dtype=float64] a
            d:f32[2] = cast[dtype=float32] c
            e:i32[2] = cast[dtype=int32] a
            f:f32[2] = cast[dtype=float32] e
            g:i32[2] = cast[dtype=int32] b
            h:f32[2] = cast[dtype=float32] g
        in (d, f, h) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] b:bool[2] .
        let c:i32[2] = cast[dtype=int32] a
            d:f32[2] = cast[dtype=float32] c
            e:f32[2] = cast[dtype=float32] b
        in (a, d, e) }"
    `);
  });

  it('an output replaced by an input or a literal is allowed', () => {
    const a = new Var(f32()), b = new Var(f32()), c = new Var(f32());
    const j = new Jaxpr([a], [
      { prim: 'mul', inputs: [a, new Lit(1, f32())], params: {}, outs: [b] },
      { prim: 'add', inputs: [new Lit(0, f32()), new Lit(2, f32())], params: {}, outs: [c] },
    ], [b, c]);
    expect(show(optimize(j))).toMatchInlineSnapshot(`"{ lambda a:f32[] . (a, 2.0) }"`);
  });
});

describe('optimize', () => {
  it('inline → simplify → cse → dce on the grad of a function that calls jit', () => {
    const inner = jit((y: Tensor) => np.sin(y).mul(y), { name: 'inner' });
    const j = makeJaxpr(grad((x: Tensor) => np.sum(inner(x))))(np.ones([2]));
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] .
        let b:f32[2] c:f32[2] d:f32[2] e:f32[2] = jit[jaxpr={ lambda a:f32[2] .
                let b:f32[2] = sin a
                    c:f32[2] = cos a
                    d:f32[2] = mul b a
                in (d, c, a, b) } name=jvp_inner] a
            f:f32[] = reduce_sum[axes=(0,)] b
            g:f32[2] = broadcast_in_dim[shape=(2,) dims=()] 1.0
            h:f32[2] = jit[jaxpr={ lambda a:f32[2] b:f32[2] c:f32[2] d:f32[2] .
                let e:f32[2] = mul c d
                    f:f32[2] = mul d b
                    g:f32[2] = mul f a
                    h:f32[2] = add e g
                in (h) } name=transpose_jvp_inner_lin] c d e g
        in (h) }"
    `);
    expect(show(optimize(j))).toMatchInlineSnapshot(`
      "{ lambda a:f32[2] .
        let b:f32[2] = sin a
            c:f32[2] = cos a
            d:f32[2] = mul a c
            e:f32[2] = add b d
        in (e) }"
    `);
  });

  it('leaves its input untouched', () => {
    const inner = jit((y: Tensor) => np.sin(y).mul(1).add(np.sin(y)), { name: 'inner' });
    const j = makeJaxpr(grad((x: Tensor) => np.sum(inner(np.stopGradient(x).add(x)))))(np.ones([2]));
    const before = String(j), eqns = [...j.eqns], inVars = [...j.inVars], outs = [...j.outs];
    const inputs = j.eqns.map((e) => [...e.inputs]);
    for (const pass of [inlineCalls, simplify, cse, dce, optimize]) {
      const out = pass(j);
      expect(out).not.toBe(j);
      // the same input Var objects: the calling convention is unchanged
      expect(out.inVars.length).toBe(inVars.length);
      out.inVars.forEach((v, i) => expect(v).toBe(inVars[i]));
      expect(out.numConsts).toBe(j.numConsts);
    }
    expect(String(j)).toBe(before);
    const same = <T>(xs: readonly T[], ys: readonly T[]) => xs.length === ys.length && xs.every((x, i) => x === ys[i]);
    expect(same(j.eqns, eqns)).toBe(true);
    expect(j.eqns.every((e, i) => same(e.inputs, inputs[i]))).toBe(true);
    expect(same(j.inVars, inVars)).toBe(true);
    expect(same(j.outs, outs)).toBe(true);
  });

  it('prints the program before and after at FLUXION_DEBUG >= 5', () => {
    const j = makeJaxpr((x: Tensor) => x.mul(1))(np.ones([2]));
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const saved = process.env.FLUXION_DEBUG;
    try {
      process.env.FLUXION_DEBUG = '4';
      optimize(j);
      // Below 5 only the one-line pass summaries of FLUXION_DEBUG >= 3 (compiler-pipeline.spec.ts).
      expect(spy.mock.calls.every((c) => String(c[0]).startsWith('[fluxion] pass '))).toBe(true);
      spy.mockClear();
      process.env.FLUXION_DEBUG = '5';
      optimize(j);
      const text = spy.mock.calls.map((c) => String(c[0])).join('\n');
      expect(text.split('\n').every((l) => l.startsWith('[fluxion]'))).toBe(true);
      expect(text).toContain('mul a b');
      expect(text).toContain('{ lambda a:f32[2] . (a) }');
    } finally {
      if (saved === undefined) delete process.env.FLUXION_DEBUG;
      else process.env.FLUXION_DEBUG = saved;
      spy.mockRestore();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Semantic equivalence on the CPU interpreter.

/** Random data of an input's type: normal floats, arbitrary u32 bits (keys), small ints, bools. */
function randomInput(aval: ShapedArray, seed: number): Tensor {
  const n = aval.size, shape = [...aval.shape];
  const u = mulberry32(seed), bits = mulberry32U32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const make: Record<DType, () => ArrayLike<number> & ArrayBufferView> = {
    float32: () => Float32Array.from({ length: n }, normal),
    float64: () => Float64Array.from({ length: n }, normal),
    uint32: () => Uint32Array.from({ length: n }, bits),
    int32: () => Int32Array.from({ length: n }, () => (bits() % 21) - 10),
    bool: () => Uint8Array.from({ length: n }, () => bits() & 1),
    float16: () => Float32Array.from({ length: n }, normal),
    bfloat16: () => Float32Array.from({ length: n }, normal),
    int8: () => Int8Array.from({ length: n }, bits),
    uint8: () => Uint8Array.from({ length: n }, bits),
    int16: () => Int16Array.from({ length: n }, bits),
    uint16: () => Uint16Array.from({ length: n }, bits),
  };
  return np.array(make[aval.dtype]() as Float32Array, { dtype: aval.dtype, shape });
}

/**
 * Equal element for element. None of the passes reorders or re-associates arithmetic (they only
 * inline, merge, drop, or skip exact identities), so results are expected to be identical, not
 * merely close: `===` (which also lets +0 = -0, the one liberty `x + 0 → x` takes) or both NaN.
 */
function expectSame(got: Tensor, want: Tensor, what: string): void {
  expect(got.aval.equals(want.aval), `${what}: ${got.aval} vs ${want.aval}`).toBe(true);
  if (!(got instanceof ConcreteArray) || !(want instanceof ConcreteArray)) throw new Error(`${what}: not a concrete array`);
  const g = got.dataSync(), w = want.dataSync();
  for (let i = 0; i < w.length; i++) {
    if (!(g[i] === w[i] || (Number.isNaN(g[i]) && Number.isNaN(w[i])))) expect.fail(`${what}: element ${i} is ${g[i]}, expected ${w[i]}`);
  }
}

const mlpParams = () => ({ w1: np.ones([3, 4]), b1: np.ones([4]), w2: np.ones([4, 2]), b2: np.ones([2]) });
type Mlp = ReturnType<typeof mlpParams>;
const mlpLoss = (p: Mlp, x: Tensor, y: Tensor) => {
  const h = np.tanh(np.matmul(x, p.w1).add(p.b1));
  const out = np.matmul(h, p.w2).add(p.b2);
  return np.mean(np.square(out.sub(y)));
};
const layerNorm = (x: Tensor, g: Tensor, b: Tensor) => {
  const mu = np.mean(x, { axis: -1, keepdims: true });
  const xc = x.sub(mu);
  const v = np.mean(xc.mul(xc), { axis: -1, keepdims: true });
  return xc.div(np.sqrt(v.add(1e-5))).mul(g).add(b);
};
const tanhChain = (x: Tensor) => np.tanh(np.tanh(np.tanh(x).mul(2)).add(x));
const leaky = (x: Tensor) => np.where(np.greater(x, 0), x, x.mul(0.01));
const softplus = customJvp((x: Tensor) => np.log1p(np.exp(x)), ([x], [t]) => [np.log1p(np.exp(x)), t.mul(np.sigmoid(x))]);

const programs: [string, () => Jaxpr][] = [
  ['grad of an MLP loss', () => makeJaxpr(grad(mlpLoss))(mlpParams(), np.ones([5, 3]), np.ones([5, 2]))],
  ['jit of an MLP train step (grad + update)', () => jit((p: Mlp, x: Tensor, y: Tensor) => {
    const g = grad(mlpLoss)(p, x, y) as Mlp;
    return { w1: p.w1.sub(g.w1.mul(0.1)), b1: p.b1.sub(g.b1.mul(0.1)), w2: p.w2.sub(g.w2.mul(0.1)), b2: p.b2.sub(g.b2.mul(0.1)) };
  }).lower(mlpParams(), np.ones([5, 3]), np.ones([5, 2]))],
  ['softmax under jit', () => jit((x: Tensor) => np.softmax(x)).lower(np.ones([4, 6]))],
  ['grad of a softmax cross-entropy', () => makeJaxpr(grad((x: Tensor, y: Tensor) => np.sum(y.mul(np.log(np.softmax(x))))))(np.ones([3, 5]), np.ones([3, 5]))],
  ['layerNorm and its grad', () => makeJaxpr((x: Tensor, g: Tensor, b: Tensor) => [
    layerNorm(x, g, b), grad((x2: Tensor) => np.sum(layerNorm(x2, g, b).mul(x2)))(x)])(np.ones([3, 8]), np.ones([8]), np.ones([8]))],
  ['jvp of a tanh chain', () => makeJaxpr((x: Tensor, t: Tensor) => jvp(tanhChain, [x], [t]))(np.ones([6]), np.ones([6]))],
  ['vmap of a matmul (and of its grad)', () => makeJaxpr((a: Tensor, b: Tensor) => [
    vmap((p: Tensor, q: Tensor) => np.matmul(p, q))(a, b),
    vmap(grad((p: Tensor, q: Tensor) => np.sum(np.tanh(np.matmul(p, q)))))(a, b),
  ])(np.ones([4, 2, 3]), np.ones([4, 3, 5]))],
  ['random.normal under jit', () => jit((k: Tensor) => {
    const ks = random.split(k), k1 = np.slice(ks, [0]), k2 = np.slice(ks, [1]);
    return [random.normal(k, [4, 3]), random.normal(random.foldIn(k1, 1), [5]), random.uniform(k2, [2, 2]), random.bernoulli(random.foldIn(k, 7), 0.3, [6])];
  }).lower(random.key(0))],
  ['where/compare activations and their grads', () => makeJaxpr((x: Tensor) => [
    leaky(x), np.maximum(x, 0), grad((z: Tensor) => np.sum(leaky(z).add(np.maximum(z, 0).mul(z))))(x),
  ])(np.ones([7]))],
  ['nested jit, grad through it, custom_jvp inside', () => {
    const inner = jit((y: Tensor) => softplus(np.sin(y).mul(y)).add(0), { name: 'inner' });
    const outer = jit((y: Tensor) => np.exp(inner(y)).mul(1).add(inner(y)), { name: 'outer' });
    return makeJaxpr((x: Tensor) => [outer(x), grad((z: Tensor) => np.sum(outer(z)))(x)])(np.ones([5]));
  }],
  ['identity movements, casts and integer arithmetic', () => makeJaxpr((x: Tensor, n: Tensor) => [
    np.reshape(np.transpose(np.transpose(np.reshape(x, [3, 4]), [1, 0]), [1, 0]), [12]).add(0),
    np.astype(np.astype(n, 'float64'), 'int32').mul(0).add(n.mul(1)),
    np.stopGradient(np.astype(n, 'float32')).mul(np.astype(np.astype(x, 'float64'), 'float32').sum()),
  ])(np.ones([12]), np.array([1, 2, 3], { dtype: 'int32' }))],
];

/** Equations counted as the compiler sees them: a call counts the equations of its body. */
const size = (j: Jaxpr): number => j.eqns.reduce((n, e) =>
  n + (e.prim === 'jit' || e.prim === 'custom_jvp' ? size((e.params as { jaxpr: Jaxpr }).jaxpr) : 1), 0);

describe('optimize preserves what a program computes', () => {
  it.each(programs)('%s', (_name, build) => {
    const j = build();
    const opt = optimize(j);
    expect(opt.eqns.length).toBeLessThanOrEqual(size(j));
    expect(opt.eqns.every((e) => e.prim !== 'jit' && e.prim !== 'custom_jvp' && e.prim !== 'stop_gradient')).toBe(true);
    expect(opt.inAvals.map(String)).toEqual(j.inAvals.map(String));
    expect(opt.outAvals.map(String)).toEqual(j.outAvals.map(String));
    for (const seed of [1, 2, 3]) {
      const args = j.inVars.map((v, i) => randomInput(v.aval, seed * 1000 + i));
      const want = evalJaxpr(j, args), got = evalJaxpr(opt, args);
      want.forEach((w, i) => expectSame(got[i], w, `seed ${seed} output ${i}`));
    }
  });

  it('makes the programs smaller overall', () => {
    const before = programs.map(([, b]) => b()).reduce((s, j) => s + size(j), 0);
    const after = programs.map(([, b]) => optimize(b())).reduce((s, j) => s + j.eqns.length, 0);
    expect(after).toBeLessThan(before);
  });
});

// rhsLayout (passes/rhs-layout.ts) on lavapipe's target, where the subgroup matmul reads B 4-wide.
const LAVAPIPE: Target = { ...DEFAULT_TARGET, subgroups: true, subgroupSize: 8, isCpu: true, maxStorageBuffersPerShaderStage: 16 };

describe('rhsLayout', () => {
  // x·Wᵀ, as a gradient writes it: contracting the rhs's last axis.
  const xWt = (x: Tensor, w: Tensor) => lax.dotGeneral(x, w, [[1], [1]]);
  const transposes = (j: Jaxpr) => j.eqns.filter((e) => e.prim === 'transpose').length;
  const dots = (j: Jaxpr) => j.eqns.filter((e) => e.prim === 'dot_general').map((e) => JSON.stringify(e.params));

  it('reads W through one shared transposed copy in every x·Wᵀ (the forward x·W untouched)', () => {
    const j = makeJaxpr((a: Tensor, b: Tensor, w: Tensor) => [xWt(a, w), xWt(b, w), np.matmul(a, w)])(
      np.ones([1024, 256]), np.ones([1024, 256]), np.ones([256, 256]));
    expect(show(optimize(j, LAVAPIPE))).toMatchInlineSnapshot(`
      "{ lambda a:f32[1024,256] b:f32[1024,256] c:f32[256,256] .
        let d:f32[256,256] = transpose[perm=(1,0)] c
            e:f32[1024,256] = dot_general[contract=((1,),(0,)) batch=((),())] a d
            f:f32[1024,256] = dot_general[contract=((1,),(0,)) batch=((),())] b d
            g:f32[1024,256] = dot_general[contract=((1,),(0,)) batch=((),())] a c
        in (e, f, g) }"
    `);
  });

  it('folds a transpose into the dimension numbers when the array under it is read contiguously', () => {
    const j = makeJaxpr((x: Tensor, w: Tensor) => xWt(x, np.transpose(w)))(np.ones([512, 256]), np.ones([256, 128]));
    expect(show(optimize(j, LAVAPIPE))).toMatchInlineSnapshot(`"{ lambda a:f32[512,256] b:f32[256,128] . let c:f32[512,128] = dot_general[contract=((1,),(0,)) batch=((),())] a b in (c) }"`);
  });

  it('leaves a transpose that is contiguous once stored (the planner stores it) and copies batched rhs in (b, k, n) order', () => {
    const t = makeJaxpr((x: Tensor, w: Tensor) => np.matmul(x, np.transpose(w)))(np.ones([512, 256]), np.ones([128, 256]));
    expect(String(optimize(t, LAVAPIPE))).toBe(String(optimize(t)));
    const b = makeJaxpr((x: Tensor, y: Tensor) => lax.dotGeneral(x, y, [[2], [2]], [[0], [0]]))(np.ones([2, 128, 64]), np.ones([2, 128, 64]));
    const opt = optimize(b, LAVAPIPE);
    expect(show(opt)).toMatchInlineSnapshot(`
      "{ lambda a:f32[2,128,64] b:f32[2,128,64] .
        let c:f32[2,64,128] = transpose[perm=(0,2,1)] b
            d:f32[2,128,128] = dot_general[contract=((2,),(1,)) batch=((0,),(0,))] a c
        in (d) }"
    `);
  });

  it('keeps the strided rhs where a copy does not pay or is not read 4-wide', () => {
    const cases: [string, Tensor, Tensor, Target][] = [
      ['tiny product', np.ones([64, 32]), np.ones([32, 32]), LAVAPIPE],
      ['n % 4 != 0', np.ones([1024, 256]), np.ones([258, 256]), LAVAPIPE],
      ['copy larger than the output (k > m)', np.ones([128, 512]), np.ones([256, 512]), LAVAPIPE],
      ['thin product (n < 16)', np.ones([1024, 256]), np.ones([8, 256]), LAVAPIPE],
      ['tiled variant (no vec4 reads)', np.ones([1024, 256]), np.ones([256, 256]), DEFAULT_TARGET],
    ];
    for (const [what, x, w, target] of cases) {
      const j = makeJaxpr(xWt)(x, w);
      expect(transposes(optimize(j, target)), what).toBe(0);
      expect(dots(optimize(j, target)), what).toEqual(dots(optimize(j)));
    }
  });

  it('computes the same values (CPU interpreter)', () => {
    const progs = [
      makeJaxpr((a: Tensor, b: Tensor, w: Tensor) => [xWt(a, w), xWt(b, w)])(np.ones([128, 128]), np.ones([128, 128]), np.ones([128, 128])),
      makeJaxpr((x: Tensor, w: Tensor) => xWt(x, np.transpose(w)))(np.ones([128, 128]), np.ones([128, 64])),
      makeJaxpr((x: Tensor, y: Tensor) => lax.dotGeneral(x, y, [[2], [2]], [[0], [0]]))(np.ones([2, 128, 64]), np.ones([2, 128, 64])),
      makeJaxpr((x: Tensor, y: Tensor) => lax.dotGeneral(x, y, [[0, 2], [2, 0]]))(np.ones([4, 256, 32]), np.ones([32, 64, 4])),
    ];
    for (const j of progs) {
      const opt = optimize(j, LAVAPIPE);
      expect(opt.eqns.some((e) => e.prim === 'transpose') || String(opt) !== String(optimize(j)), String(j)).toBe(true);
      const args = j.inVars.map((v, i) => randomInput(v.aval, 7 + i));
      const want = evalJaxpr(j, args), got = evalJaxpr(opt, args);
      want.forEach((w, i) => expectSame(got[i], w, `output ${i} of ${j}`));
    }
  });

  it('computes a product with n % 4 != 0 as the transpose of the swapped product when the lhs is then read 4-wide', () => {
    // dW of a first layer whose input is [batch, 66]: dZᵀ·h0 contracting the batch axis.
    const dW = (dz: Tensor, h: Tensor) => lax.dotGeneral(dz, h, [[0], [0]]);
    const j = makeJaxpr(dW)(np.ones([1024, 256]), np.ones([1024, 66]));
    const opt = optimize(j, LAVAPIPE);
    expect(show(opt)).toMatchInlineSnapshot(`
      "{ lambda a:f32[1024,256] b:f32[1024,66] .
        let c:f32[66,256] = dot_general[contract=((0,),(0,)) batch=((),())] b a
            d:f32[256,66] = transpose[perm=(1,0)] c
        in (d) }"
    `);
    const args = j.inVars.map((v, i) => randomInput(v.aval, 3 + i));
    expectSame(evalJaxpr(opt, args)[0], evalJaxpr(j, args)[0], 'swapped dW');
    // Rank 3 on the lhs (two free dims): the transpose puts both back in front.
    const j3 = makeJaxpr((x: Tensor, y: Tensor) => lax.dotGeneral(x, y, [[0], [0]]))(np.ones([64, 8, 32]), np.ones([64, 30]));
    const o3 = optimize(j3, LAVAPIPE);
    expect(o3.eqns.map((e) => e.prim)).toEqual(['dot_general', 'transpose']);
    expect((o3.eqns[1].params as { perm: number[] }).perm).toEqual([1, 2, 0]);
    const a3 = j3.inVars.map((v, i) => randomInput(v.aval, 5 + i));
    expectSame(evalJaxpr(o3, a3)[0], evalJaxpr(j3, a3)[0], 'swapped rank-3 product');
  });

  it('does not swap where the lhs would not be read 4-wide either, or on the tiled variant', () => {
    const dW = (dz: Tensor, h: Tensor) => lax.dotGeneral(dz, h, [[0], [0]]);
    const cases: [string, Tensor, Tensor, Target][] = [
      ['m % 4 != 0', np.ones([1024, 254]), np.ones([1024, 66]), LAVAPIPE],
      ['lhs strided along m (x·Wᵀ with n % 4 != 0)', np.ones([1024, 256]), np.ones([66, 256]), LAVAPIPE],
      ['tiled variant', np.ones([1024, 256]), np.ones([1024, 66]), DEFAULT_TARGET],
    ];
    for (const [what, x, y, target] of cases) {
      const j = what.startsWith('lhs') ? makeJaxpr((a: Tensor, w: Tensor) => lax.dotGeneral(a, w, [[1], [1]]))(x, y) : makeJaxpr(dW)(x, y);
      expect(transposes(optimize(j, target)), what).toBe(0);
      expect(dots(optimize(j, target)), what).toEqual(dots(optimize(j)));
    }
  });

  it('returns its input when nothing changes', () => {
    const j = makeJaxpr((x: Tensor, w: Tensor) => np.matmul(x, w))(np.ones([256, 256]), np.ones([256, 256]));
    expect(rhsLayout(j, LAVAPIPE)).toBe(j);
  });
});
