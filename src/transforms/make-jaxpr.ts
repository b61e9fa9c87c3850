import { Jaxpr } from '../core/jaxpr.js';
import { traceToJaxpr } from '../core/staging.js';
import { flattenArgs, flattenFun } from './args.js';


/**
 * The Jaxpr `f` traces to at these arguments' types: the way to see what a function is.
 * Captured constants are the inputs printed before the `;`.
 * @example
 * String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))).includes('sin'); // → true
 * console.log(String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))));
 */
export function makeJaxpr<A extends unknown[]>(f: (...args: A) => unknown): (...args: A) => Jaxpr {
  return (...args: A) => {
    const flat = flattenArgs('makeJaxpr', args);
    return traceToJaxpr(flattenFun('makeJaxpr', f as unknown as (...args: unknown[]) => unknown, flat.def).fn, flat.leaves.map((l) => l.aval), 'makeJaxpr').jaxpr;
  };
}
