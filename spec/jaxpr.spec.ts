/**
 * The Jaxpr IR: printed programs are snapshot-tested (a change to tracing, a rule or the printer
 * shows up as a readable diff), every traced program passes the type checker, and hand-built
 * malformed programs are rejected with a message that says what is wrong and shows the program.
 */
import { describe, expect, it } from 'vitest';
import { Jaxpr, ShapedArray, Tensor, grad, jit, makeJaxpr, np, typecheckJaxpr, vmap } from '../src/index.js';
import { Lit, Var } from '../src/core/jaxpr.js';

/** Type-checks and prints: every snapshot below is also a type-checked program. */
function show(j: Jaxpr): string {
  expect(j).toBeInstanceOf(Jaxpr);
  expect(() => typecheckJaxpr(j)).not.toThrow();
  return String(j);
}

const f32 = (...shape: number[]) => new ShapedArray(shape, 'float32');

describe('printed Jaxprs', () => {
  it('a chain of unary ops', () => {
    const j = makeJaxpr((x: Tensor) => np.cos(np.sin(x)).mul(2))(np.ones([3]));
    expect(j.inAvals.map(String)).toEqual(['f32[3]']);
    expect(j.outAvals.map(String)).toEqual(['f32[3]']);
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = sin a
            c:f32[3] = cos b
            d:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 2.0
            e:f32[3] = mul c d
        in (e) }"
    `);
  });

  it('a captured constant array is an input before the ";" (scalars are inline literals)', () => {
    const c = np.array([1, 2, 3]);
    const j = makeJaxpr((x: Tensor) => x.mul(c).add(1))(np.ones([3]));
    expect(j.numConsts).toBe(1);
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] ; b:f32[3] .
        let c:f32[3] = mul b a
            d:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            e:f32[3] = add c d
        in (e) }"
    `);
  });

  it('an MLP layer: dot_general, broadcast bias, tanh', () => {
    const layer = (w: Tensor, b: Tensor, x: Tensor) => np.tanh(np.matmul(x, w).add(b));
    const j = makeJaxpr(layer)(np.ones([3, 4]), np.ones([4]), np.ones([2, 3]));
    expect(j.outAvals.map(String)).toEqual(['f32[2,4]']);
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3,4] b:f32[4] c:f32[2,3] .
        let d:f32[2,4] = dot_general[contract=((1,),(0,)) batch=((),())] c a
            e:f32[2,4] = broadcast_in_dim[shape=(2,4) dims=(1,)] b
            f:f32[2,4] = add d e
            g:f32[2,4] = tanh f
        in (g) }"
    `);
  });

  it('grad of a small function: the linearized, transposed program', () => {
    // d/dx Σ sin(x)·x = sin x + x·cos x: the transpose of reduce_sum is a broadcast of 1.0
    const j = makeJaxpr(grad((x: Tensor) => np.sum(np.sin(x).mul(x))))(np.ones([3]));
    expect(j.outAvals.map(String)).toEqual(['f32[3]']);
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
  });

  it('a jit inside a function is one equation holding a nested Jaxpr', () => {
    const inner = jit((y: Tensor) => np.exp(y).mul(y), { name: 'inner' });
    const j = makeJaxpr((x: Tensor) => np.sum(inner(x.add(1))))(np.ones([3]));
    expect(j.eqns.map((e) => e.prim)).toContain('jit');
    expect(show(j)).toMatchInlineSnapshot(`
      "{ lambda a:f32[3] .
        let b:f32[3] = broadcast_in_dim[shape=(3,) dims=()] 1.0
            c:f32[3] = add a b
            d:f32[3] = jit[jaxpr={ lambda a:f32[3] .
                let b:f32[3] = exp a
                    c:f32[3] = mul b a
                in (c) } name=inner] c
            e:f32[] = reduce_sum[axes=(0,)] d
        in (e) }"
    `);
  });

  it('grad of a function that calls jit: jvp and transpose of the nested program', () => {
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
  });

  it('vmap of a dot: the batch becomes dot_general dimensions', () => {
    const dot = (a: Tensor, b: Tensor) => np.dot(a, b);
    const shared = makeJaxpr(vmap(dot, { inAxes: [0, null] }))(np.ones([5, 3]), np.ones([3]));
    expect(shared.outAvals.map(String)).toEqual(['f32[5]']);
    expect(show(shared)).toMatchInlineSnapshot(`"{ lambda a:f32[5,3] b:f32[3] . let c:f32[5] = dot_general[contract=((1,),(0,)) batch=((),())] a b in (c) }"`);
    const both = makeJaxpr(vmap(dot))(np.ones([5, 3]), np.ones([5, 3]));
    expect(both.outAvals.map(String)).toEqual(['f32[5]']);
    expect(show(both)).toMatchInlineSnapshot(`"{ lambda a:f32[5,3] b:f32[5,3] . let c:f32[5] = dot_general[contract=((1,),(1,)) batch=((0,),(0,))] a b in (c) }"`);
  });

  it('jit(f).lower returns the traced program, which type-checks', () => {
    const f = jit((x: Tensor, y: Tensor) => ({ s: np.sum(x.mul(y)), d: x.sub(y) }));
    const j = f.lower(np.ones([2, 2]), np.ones([2, 2]));
    expect(j.outAvals.map(String).sort()).toEqual(['f32[2,2]', 'f32[]']);
    expect(() => typecheckJaxpr(j)).not.toThrow();
  });
});

describe('typecheckJaxpr rejects malformed programs', () => {
  it('a wrong declared output type', () => {
    const a = new Var(f32(3)), b = new Var(f32(4));
    const j = new Jaxpr([a], [{ prim: 'sin', inputs: [a], params: {}, outs: [b] }], [b]);
    expect(() => typecheckJaxpr(j)).toThrow(/Jaxpr type error: sin output 0 declared f32\[4\] but has type f32\[3\]/);
    // the message shows the offending program
    expect(() => typecheckJaxpr(j)).toThrow(/b:f32\[4\] = sin a/);
  });

  it('a wrong dtype on an equation output', () => {
    const a = new Var(f32(2)), b = new Var(new ShapedArray([2], 'int32'));
    const j = new Jaxpr([a], [{ prim: 'exp', inputs: [a], params: {}, outs: [b] }], [b]);
    expect(() => typecheckJaxpr(j)).toThrow(/exp output 0 declared i32\[2\] but has type f32\[2\]/);
  });

  it('a variable used before it is defined', () => {
    const a = new Var(f32(3)), b = new Var(f32(3)), c = new Var(f32(3));
    // c = add a b, then b = sin a: b is read before the equation that binds it
    const j = new Jaxpr([a], [
      { prim: 'add', inputs: [a, b], params: {}, outs: [c] },
      { prim: 'sin', inputs: [a], params: {}, outs: [b] },
    ], [c]);
    expect(() => typecheckJaxpr(j)).toThrow(/variable of type f32\[3\] used before it is bound/);
  });

  it('an output that no equation binds', () => {
    const a = new Var(f32(3)), ghost = new Var(f32(3));
    const j = new Jaxpr([a], [], [ghost]);
    expect(() => typecheckJaxpr(j)).toThrow(/used before it is bound/);
  });

  it('a variable bound twice', () => {
    const a = new Var(f32(3)), b = new Var(f32(3));
    const j = new Jaxpr([a], [
      { prim: 'sin', inputs: [a], params: {}, outs: [b] },
      { prim: 'cos', inputs: [a], params: {}, outs: [b] },
    ], [b]);
    expect(() => typecheckJaxpr(j)).toThrow(/bound twice by cos/);
  });

  it('ill-typed operands (shape inference itself fails)', () => {
    const a = new Var(f32(3)), b = new Var(f32(4)), c = new Var(f32(3));
    const j = new Jaxpr([a, b], [{ prim: 'add', inputs: [a, b], params: {}, outs: [c] }], [c]);
    expect(() => typecheckJaxpr(j)).toThrow(/add/);
  });

  it('an error inside a nested jit body is found', () => {
    const ia = new Var(f32(2)), ib = new Var(f32(5));
    const body = new Jaxpr([ia], [{ prim: 'neg', inputs: [ia], params: {}, outs: [ib] }], [ib]);
    const a = new Var(f32(2)), b = new Var(f32(5));
    const j = new Jaxpr([a], [{ prim: 'jit', inputs: [a], params: { jaxpr: body, name: 'bad' }, outs: [b] }], [b]);
    expect(() => typecheckJaxpr(j)).toThrow(/neg output 0 declared f32\[5\] but has type f32\[2\]/);
  });

  it('a well-formed hand-built program passes, literals included', () => {
    const a = new Var(f32()), b = new Var(f32());
    const j = new Jaxpr([a], [{ prim: 'mul', inputs: [a, new Lit(2, f32())], params: {}, outs: [b] }], [b]);
    expect(show(j)).toBe('{ lambda a:f32[] . let b:f32[] = mul a 2.0 in (b) }');
  });
});
