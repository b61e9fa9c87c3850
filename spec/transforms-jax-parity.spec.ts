/**
 * The transformations against JAX's documented behaviour, where a probe playing a JAX user found
 * fluxion answering silently wrong or crashing: customJvp's rule results checked as
 * jax.custom_jvp checks them, and its pytree arguments and `.defjvp` form.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, grad, jvp, vmap, jit, customJvp, useBackend, errors, Tensor } from '../src/index.js';
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
