/**
 * The transformations against JAX's documented behaviour, where a probe playing a JAX user found
 * fluxion answering silently wrong or crashing: customJvp's rule results checked as
 * jax.custom_jvp checks them, and its pytree arguments and `.defjvp` form; jit's static arguments keyed by value or identity.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, lax, grad, jvp, vjp, vmap, jit, makeJaxpr, customJvp, jacfwd, jacrev, hessian, useBackend, errors, Tensor } from '../src/index.js';
import { expectError, bad } from './helpers/expect-error.js';

const { ArgumentError, ShapeError, DTypeError } = errors;

beforeEach(async () => { await useBackend('cpu'); });

const vals = async (t: Tensor): Promise<number[]> => Array.from(await t.data() as ArrayLike<number>, Number);

describe('customJvp checks what its rule returns (jax.custom_jvp)', () => {
  const M = np.array([[1, 2], [3, 4], [5, 6]]);
  const withRule = (rule: (p: Tensor[], t: Tensor[]) => unknown) => customJvp((u: Tensor) => u.mul(2), bad(rule));

  it('a bare array (not a pair) is an ArgumentError, not rows 0 and 1 of it', () => {
    // M has 3 rows; a [2, n] result used to be split into output = row 0, tangent = row 1.
    const f = withRule(([p]) => p.mul(2));
    expectError(() => jvp(f, [M], [np.ones([3, 2])]), ArgumentError, 'customJvp', 'pair [output, tangent]', 'f32[3,2]');
    const g = customJvp((u: Tensor) => u.sum(), bad(([p]: Tensor[]) => np.stack([p.sum(), p.sum()])));
    expectError(() => jvp(g, [np.ones([2])], [np.ones([2])]), ArgumentError, 'pair [output, tangent]');
  });

  it('a tangent of the wrong shape or dtype is a ShapeError / DTypeError, under jvp, grad and vmap', () => {
    const wrongShape = withRule(([p], [t]) => [p.mul(2), t.sum()]);
    expectError(() => jvp(wrongShape, [M], [np.ones([3, 2])]), ShapeError, 'tangent', 'f32[]', 'f32[3,2]');
    expectError(() => grad((a: Tensor) => wrongShape(a).sum())(M), ShapeError, 'corresponding shapes and dtypes');
    expectError(() => vmap((r: Tensor) => jvp(wrongShape, [r], [np.ones([2])])[1])(M), ShapeError, 'f32[2]');
    const wrongDtype = withRule(([p], [t]) => [p.mul(2), t.astype('int32')]);
    expectError(() => jvp(wrongDtype, [M], [np.ones([3, 2])]), DTypeError, 'i32[3,2]', 'f32[3,2]');
  });

  it('an output unlike f\'s is a ShapeError; a tangent structure unlike the output\'s an ArgumentError', () => {
    const wrongOut = withRule(([p], [t]) => [p.sum(), t.mul(2)]);
    expectError(() => jvp(wrongOut, [M], [np.ones([3, 2])]), ShapeError, "f's is f32[3,2]");
    const pairOut = customJvp((u: Tensor) => [u, u.mul(2)], bad(([p]: Tensor[], [t]: Tensor[]) => [[p, p.mul(2)], t]));
    expectError(() => jvp(pairOut, [M], [np.ones([3, 2])]), ArgumentError, 'structure', '[*, *]');
    const nonArray = withRule(([p]) => [p.mul(2), 'zero']);
    expectError(() => jvp(nonArray, [M], [np.ones([3, 2])]), ArgumentError, 'tangent', 'string');
  });

  it('a null tangent is a zero; an integer output takes null', async () => {
    const f = customJvp((u: Tensor) => [u.mul(2), u.astype('int32')], bad(([p]: Tensor[], [t]: Tensor[]) => [[p.mul(2), p.astype('int32')], [t.mul(2), null]]));
    const [[y, k], [dy, dk]] = jvp(f, [np.array([1, 2])], [np.array([1, 1])]) as unknown as Tensor[][];
    expect(await vals(y)).toEqual([2, 4]);
    expect(await vals(k)).toEqual([1, 2]);
    expect(await vals(dy)).toEqual([2, 2]);
    expect(await vals(dk)).toEqual([0, 0]);
    const z = customJvp((u: Tensor) => u.mul(2), bad(([p]: Tensor[]) => [p.mul(2), null]));
    expect(await vals(grad((a: Tensor) => z(a).sum())(np.array([1, 2])))).toEqual([0, 0]);
  });
});

describe('customJvp takes pytree arguments and the .defjvp form', () => {
  it('differentiates a dict argument with the rule\'s tangents (the rule, not the body: ×10)', async () => {
    type P = { a: Tensor; b: Tensor };
    const f = customJvp((p: P) => p.a.mul(p.b), ([p], [t]) => [p.a.mul(p.b), t.a.mul(p.b).add(p.a.mul(t.b)).mul(10)]);
    const g = grad((p: P) => f(p).sum())({ a: np.array([1, 2, 3]), b: np.array([4, 5, 6]) });
    expect(await vals(g.a)).toEqual([40, 50, 60]);
    expect(await vals(g.b)).toEqual([10, 20, 30]);
    const gj = jit(grad((p: P) => f(p).sum()))({ a: np.array([1, 2, 3]), b: np.array([4, 5, 6]) });
    expect(await vals(gj.a)).toEqual([40, 50, 60]);
  });

  it('customJvp(f).defjvp(rule) sets the rule; calling before is a named error', async () => {
    const cube = customJvp((x: Tensor) => x.mul(x).mul(x));
    expectError(() => cube(np.array([1])), ArgumentError, 'defjvp');
    cube.defjvp(([x], [t]) => [cube(x), t.mul(x.mul(x)).mul(30)]);
    expect(await vals(grad((x: Tensor) => cube(x).sum())(np.array([1, 2])))).toEqual([30, 120]);
    expect(await vals(vmap(grad((x: Tensor) => cube(x)))(np.array([1, 2])))).toEqual([30, 120]);
    expectError(() => customJvp((x: Tensor) => x).defjvp(bad(3)), ArgumentError, 'jvp rule');
  });
});

describe('jit keys static arguments by value (plain data) or identity (functions, instances)', () => {
  const x = np.array([1, 2, 3]);

  it('two different functions passed statically do not share a trace', async () => {
    let traces = 0;
    const g = jit((a: Tensor, fn: (v: Tensor) => Tensor) => { traces++; return fn(a); }, { staticArgnums: [1] });
    const double = (v: Tensor) => v.mul(2), square = (v: Tensor) => v.square();
    expect(await vals(g(x, double))).toEqual([2, 4, 6]);
    expect(await vals(g(x, square))).toEqual([1, 4, 9]);
    expect(await vals(g(x, double))).toEqual([2, 4, 6]);
    expect(traces).toBe(2);
  });

  it('keeps undefined and null, -0 and 0, NaN and Infinity apart; equal plain data shares a trace', async () => {
    let traces = 0;
    const g = jit((a: Tensor, s: unknown) => {
      traces++;
      if (s === undefined) return a.mul(7);
      if (s === null) return a;
      if (typeof s === 'number') return a.mul(Object.is(s, -0) ? -1 : Number.isNaN(s) ? 5 : s === Infinity ? 9 : 1);
      return a.mul((s as { k: number }).k);
    }, { staticArgnums: [1] });
    expect(await vals(g(x, undefined))).toEqual([7, 14, 21]);
    expect(await vals(g(x, null))).toEqual([1, 2, 3]);
    expect(await vals(g(x, 0))).toEqual([1, 2, 3]);
    expect(await vals(g(x, -0))).toEqual([-1, -2, -3]);
    expect(await vals(g(x, NaN))).toEqual([5, 10, 15]);
    expect(await vals(g(x, Infinity))).toEqual([9, 18, 27]);
    expect(traces).toBe(6);
    expect(await vals(g(x, { k: 2 }))).toEqual([2, 4, 6]);
    expect(await vals(g(x, { k: 2 }))).toEqual([2, 4, 6]); // a new but equal object: the same trace
    expect(traces).toBe(7);
  });

  it('a BigInt, a Set, a Map and a class instance are usable statics', async () => {
    const g = jit((a: Tensor, n: bigint) => a.mul(Number(n)), { staticArgnums: [1] });
    expect(await vals(g(x, 2n))).toEqual([2, 4, 6]);
    expect(await vals(g(x, 3n))).toEqual([3, 6, 9]);
    const s = jit((a: Tensor, set: Set<number>) => a.mul(set.size), { staticArgnums: [1] });
    expect(await vals(s(x, new Set([1])))).toEqual([1, 2, 3]);
    expect(await vals(s(x, new Set([1, 2, 3])))).toEqual([3, 6, 9]);
    class Cfg { constructor(readonly k: number) {} }
    const c = jit((a: Tensor, cfg: Cfg) => a.mul(cfg.k), { staticArgnums: [1] });
    expect(await vals(c(x, new Cfg(2)))).toEqual([2, 4, 6]);
    expect(await vals(c(x, new Cfg(5)))).toEqual([5, 10, 15]);
  });

  it('an array as a static argument, and staticArgnums past the arguments, are ArgumentErrors; negative positions count from the end', async () => {
    const g = jit((a: Tensor, s: Tensor) => a.mul(s), { staticArgnums: [1] });
    expectError(() => g(x, np.array(2)), ArgumentError, 'jit', 'static argument 1', 'f32[]', 'staticArgnums');
    expectError(() => jit((a: Tensor, o: object) => a, { staticArgnums: [1] })(x, { w: np.array(1) }), ArgumentError, 'static argument 1 holds');
    expectError(() => jit((a: Tensor) => a.mul(2), { staticArgnums: [3] })(x), ArgumentError, 'staticArgnums', 'argument 3', '1 positional');
    expect(await vals(jit((a: Tensor, n: number) => a.mul(n), { staticArgnums: [-1] })(x, 2))).toEqual([2, 4, 6]);
  });
});

describe('vmap axis specs must be tree prefixes of the values (JAX in_axes / out_axes)', () => {
  const A = np.arange(6).astype('float32').reshape([2, 3]);

  it('a misspelt or missing key is an ArgumentError naming the path, not a leaf mapped on axis 0', () => {
    const f = (p: { w: Tensor; bias: Tensor }, v: Tensor) => v.mul(p.w).add(p.bias);
    const p = { w: np.array(2), bias: np.array([100, 200, 300]) };
    expectError(() => vmap(f, { inAxes: [{ w: null, bais: null }, 0] })(p, np.array([1, 2, 3])), ArgumentError, 'inAxes[0]', "'bais'", "lacks 'bias'");
    expectError(() => vmap((q: { a: Tensor; b: Tensor }) => q.a.add(q.b), { inAxes: [{ a: 0 }] })({ a: A, b: A }), ArgumentError, "lacks 'b'");
    const out = (v: Tensor) => ({ s: v.sum(), d: v.mul(2) });
    expectError(() => vmap(out, { outAxes: bad({ s: 0, dd: 1 }) })(A), ArgumentError, 'outAxes', "'dd'");
  });

  it('a list spec against a dict, or a dict spec against an array, is an ArgumentError (was all-0 or a TypeError)', () => {
    expectError(() => vmap((v: Tensor) => ({ s: v.sum(), d: v.mul(2) }), { outAxes: [0, 1] })(A), ArgumentError, 'outAxes', 'an object {s, d}');
    expectError(() => vmap((v: Tensor) => v.sum(), { inAxes: [{ a: 1 }] })(A), ArgumentError, 'inAxes[0]', 'f32[2,3]');
    expectError(() => vmap((v: Tensor) => v.sum(), { inAxes: bad('0') })(A), ArgumentError, 'inAxes is "0"', 'an integer axis, null');
    expectError(() => vmap((a: Tensor, b: Tensor) => a.add(b), { inAxes: [0] })(A, A), ArgumentError, 'inAxes has 1 entries', '2 argument(s)');
  });

  it('matching prefixes still work: a number for a subtree, null kept, dict outAxes', async () => {
    const r = vmap((p: { a: Tensor; b: Tensor }) => p.a.add(p.b), { inAxes: [{ a: 0, b: null }] })({ a: A, b: np.array([10, 20, 30]) });
    expect(await vals(r)).toEqual([10, 21, 32, 13, 24, 35]);
    const o = vmap((v: Tensor) => ({ s: v.sum(), d: v.mul(2) }), { outAxes: { s: 0, d: 1 } })(A);
    expect(o.d.shape).toEqual([3, 2]);
    expect(await vals(o.s)).toEqual([3, 12]);
  });

  it('a scalar (a JS number) mapped on axis 0 says it cannot be mapped and how to leave it unmapped', () => {
    const msg = expectError(() => vmap((a: Tensor, b: number) => a.mul(b))(A, 3), ShapeError, 'input 1', 'is a scalar (rank 0) and cannot be mapped', 'inAxes null', '{ inAxes: [0, null] }');
    expect(msg).not.toContain('omit the');
  });
});

describe('jacfwd / jacrev / hessian: pytrees, argnums lists, hasAux, floating inputs (as JAX)', () => {
  const a = np.array([1, 2]), b = np.array([3, 4]);

  it('pytree inputs give the input structure per output leaf; pytree outputs the output structure outside', async () => {
    for (const jac of [jacfwd, jacrev]) {
      const ji = jac<[{ a: Tensor; b: Tensor }], { a: Tensor; b: Tensor }>((p) => p.a.mul(p.b))({ a, b });
      expect(await vals(ji.a)).toEqual([3, 0, 0, 4]);
      expect(await vals(ji.b)).toEqual([1, 0, 0, 2]);
      const jo = jac<[Tensor], { s: Tensor; p: Tensor }>((x) => ({ s: x.sum(), p: x.mul(2) }))(a);
      expect(jo.s.shape).toEqual([2]);
      expect(await vals(jo.p)).toEqual([2, 0, 0, 2]);
      const both = jac<[{ u: Tensor }], { y: { u: Tensor } }>((p) => ({ y: p.u.square() }))({ u: a });
      expect(await vals(both.y.u)).toEqual([2, 0, 0, 4]);
    }
  });

  it('argnums lists give a tuple; negative argnums count from the end', async () => {
    for (const jac of [jacfwd, jacrev]) {
      const [ja, jb] = jac<[Tensor, Tensor], [Tensor, Tensor]>((x, y) => x.mul(y), { argnums: [0, 1] })(a, b);
      expect(await vals(ja)).toEqual([3, 0, 0, 4]);
      expect(await vals(jb)).toEqual([1, 0, 0, 2]);
      expect(await vals(jac((x: Tensor, y: Tensor) => x.mul(y), { argnums: -1 })(a, b))).toEqual([1, 0, 0, 2]);
    }
    const [[haa, hab], [hba, hbb]] = hessian<[Tensor, Tensor], Tensor[][]>((x, y) => x.mul(y).mul(y).sum(), { argnums: [0, 1] })(a, b);
    expect(await vals(haa)).toEqual([0, 0, 0, 0]);
    expect(await vals(hab)).toEqual([6, 0, 0, 8]);
    expect(await vals(hba)).toEqual([6, 0, 0, 8]);
    expect(await vals(hbb)).toEqual([2, 0, 0, 4]);
    expect(await vals(grad((x: Tensor, y: Tensor) => x.mul(y).sum(), { argnums: -1 })(a, b))).toEqual([1, 2]);
  });

  it('hasAux returns [jacobian, aux], aux undifferentiated', async () => {
    for (const jac of [jacfwd, jacrev]) {
      const [j, aux] = jac<[Tensor], [Tensor, { m: Tensor }]>((x) => [x.mul(2), { m: x.max() }], { hasAux: true })(a);
      expect(await vals(j)).toEqual([2, 0, 0, 2]);
      expect(await vals(aux.m)).toEqual([2]);
    }
    const [h, aux] = hessian<[Tensor], [Tensor, Tensor]>((x) => [x.mul(x).mul(x).sum(), x.sum()], { hasAux: true })(a);
    expect(await vals(h)).toEqual([6, 0, 0, 12]);
    expect(await vals(aux)).toEqual([3]);
    expectError(() => jacrev((x: Tensor) => x, { hasAux: true })(a), ArgumentError, 'jacrev', 'hasAux', '[value, aux]');
  });

  it('integer inputs (and jacrev\'s integer outputs) are DTypeErrors, not integer zeros', () => {
    expectError(() => jacfwd((x: Tensor) => x.mul(2))(np.arange(2)), DTypeError, 'jacfwd', 'i32[2]', 'floating');
    expectError(() => jacrev((x: Tensor) => x.astype('float32'))(np.arange(2)), DTypeError, 'jacrev', 'i32[2]');
    expectError(() => hessian((x: Tensor) => x.sum())(np.arange(2)), DTypeError, 'i32[2]');
    expectError(() => jacrev((x: Tensor) => x.astype('int32'))(a), DTypeError, 'jacrev', 'outputs');
  });
});

describe('an async function passed to a transformation', () => {
  it('is an ArgumentError saying so, and its rejected promise does not go unhandled', async () => {
    const x = np.array([1, 2, 3]);
    // The body reads a tracer, so its promise rejects: that rejection used to surface as unhandled (killing Node).
    const body = async (a: Tensor) => { await a.data(); return a; };
    expectError(() => jit(body)(x), ArgumentError, 'jit', 'is async', 'must be synchronous');
    expectError(() => vmap(body)(x), ArgumentError, 'vmap', 'is async');
    expectError(() => grad(bad<(a: Tensor) => Tensor>(async (a: Tensor) => { await a.data(); return a.sum(); }))(x), ArgumentError, 'grad', 'is async');
    expectError(() => jacrev(bad<(a: Tensor) => Tensor>(body), { hasAux: true })(x), ArgumentError, 'jacrev', 'is async');
    await new Promise((r) => setTimeout(r, 20)); // any unhandled rejection would be reported by now
  });
});

describe('smaller JAX options: makeJaxpr staticArgnums, lax.map batchSize, vjp null cotangents of integer outputs', () => {
  it('makeJaxpr passes staticArgnums through untraced (was silently ignored)', () => {
    const j = String(makeJaxpr((x: Tensor, n: number) => x.mul(n), { staticArgnums: [1] })(np.ones([3]), 3));
    expect(j).toContain('lambda a:f32[3] .');
    expect(j).toContain('3.0');
    expect(String(makeJaxpr((x: Tensor, n: number) => x.mul(n), { staticArgnums: -1 })(np.ones([3]), 3))).toContain('lambda a:f32[3] .');
    expectError(() => makeJaxpr((x: Tensor) => x, bad({ staticArgnum: [1] })), ArgumentError, 'makeJaxpr', 'staticArgnum');
  });

  it('lax.map with batchSize: chunks of a vmap in a scan, the remainder after; same values; grad through it', async () => {
    const xs = np.arange(7).astype('float32');
    const f = (v: Tensor) => v.mul(v).add(1);
    for (const b of [1, 2, 3, 7, 10]) {
      expect(await vals(lax.map(f, xs, { batchSize: b }))).toEqual([1, 2, 5, 10, 17, 26, 37]);
    }
    const pt = lax.map((p: { a: Tensor; b: Tensor }) => ({ s: p.a.add(p.b).sum() }), { a: np.ones([5, 2]), b: np.ones([5, 2]) }, { batchSize: 2 });
    expect(await vals(pt.s)).toEqual([4, 4, 4, 4, 4]);
    expect(await vals(grad((v: Tensor) => lax.map(f, v, { batchSize: 3 }).sum())(xs))).toEqual([0, 2, 4, 6, 8, 10, 12]);
    expect(await vals(jit((v: Tensor) => lax.map(f, v, { batchSize: 2 }))(xs))).toEqual([1, 2, 5, 10, 17, 26, 37]);
    expectError(() => lax.map(f, xs, bad({ batch_size: 2 })), ArgumentError, 'lax.map', 'batch_size');
    expectError(() => lax.map(f, xs, { batchSize: 0 }), ArgumentError, 'batchSize');
  });

  it('vjp takes a null cotangent for an integer output (JAX\'s float0)', async () => {
    const [, pull] = vjp((a: Tensor) => [a.mul(2), a.astype('int32')], np.array([1, 2, 3]));
    const [g] = pull(bad([np.ones([3]), null]));
    expect(await vals(g)).toEqual([2, 2, 2]);
    expectError(() => pull(bad([null, null])), ShapeError, 'vjp');
  });
});
