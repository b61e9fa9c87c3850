import { Jaxpr } from '../core/jaxpr.js';
import { traceToJaxpr } from '../core/staging.js';
import { flattenFun } from './args.js';
import { argumentAvals, type AbstractArgs } from './eval-shape.js';


/**
 * The Jaxpr `f` traces to at these arguments' types: the way to see what a function is.
 * Captured constants are the inputs printed before the `;`. Arguments may be ShapedArrays (only
 * their types are used), as JAX's ShapeDtypeStruct.
 * @example
 * String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))).includes('sin'); // → true
 * console.log(String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))));
 */
export function makeJaxpr<A extends unknown[]>(f: (...args: A) => unknown): (...args: AbstractArgs<A>) => Jaxpr {
  return (...args) => {
    const { avals, def } = argumentAvals('makeJaxpr', args);
    return traceToJaxpr(flattenFun('makeJaxpr', f as unknown as (...args: unknown[]) => unknown, def).fn, avals, 'makeJaxpr').jaxpr;
  };
}
