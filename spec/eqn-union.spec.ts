/**
 * `Eqn` is a union discriminated by `prim`: a pass that tests `e.prim` reads that primitive's params
 * with their own type (this file compiles under `npm run typecheck`, which is the type-level half of
 * the check), and `paramsOf` — for code that knows an equation's primitive from context — checks
 * that belief at run time instead of reading params as the wrong type.
 */
import { describe, expect, it } from 'vitest';
import { errors, makeJaxpr, np } from '../src/index.js';
import { eqnOf, paramsOf, type Eqn } from '../src/core/jaxpr.js';

const eqnsOf = (f: (x: ReturnType<typeof np.ones>) => unknown) => makeJaxpr(f)(np.ones([2, 3])).eqns;

/** What a pass would write: narrowing on `prim` alone gives the params' type (no cast). */
function describeEqn(e: Eqn): string {
  if (e.prim === 'transpose') return `transpose perm=${e.params.perm.join(',')}`;
  if (e.prim === 'reduce_sum') return `reduce_sum axes=${e.params.axes.join(',')}`;
  if (e.prim === 'reshape') return `reshape shape=${e.params.shape.join(',')}`;
  return e.prim;
}

describe('Eqn as a discriminated union', () => {
  it('narrowing on prim reads each primitive\'s params', () => {
    const eqns = eqnsOf((x) => np.sum(np.transpose(x, [1, 0]).reshape([6]), 0));
    expect(eqns.map(describeEqn)).toEqual(['transpose perm=1,0', 'reshape shape=6', 'reduce_sum axes=0']);
  });

  it('paramsOf returns the params of an equation of the named primitive(s) and refuses another one', () => {
    const [t, , s] = eqnsOf((x) => np.sum(np.transpose(x, [1, 0]).reshape([6]), 0));
    expect(paramsOf(t, 'transpose').perm).toEqual([1, 0]);
    expect(paramsOf(s, 'reduce_sum', 'reduce_max').axes).toEqual([0]);
    expect(() => paramsOf(t, 'dot_general')).toThrow(errors.KernelError);
    expect(() => paramsOf(t, 'dot_general')).toThrow(/expected an equation of dot_general, got transpose/);
  });

  it('eqnOf returns the equation typed as one of the named primitives, with its primitive, and refuses another one', () => {
    const [, , s] = eqnsOf((x) => np.sum(np.transpose(x, [1, 0]).reshape([6]), 0));
    const { prim, params } = eqnOf(s, 'reduce_sum', 'reduce_max');
    const kind: 'reduce_sum' | 'reduce_max' = prim; // the type is narrowed: this line compiles
    expect([kind, params.axes]).toEqual(['reduce_sum', [0]]);
    expect(() => eqnOf(s, 'transpose')).toThrow(/expected an equation of transpose, got reduce_sum/);
  });
});
