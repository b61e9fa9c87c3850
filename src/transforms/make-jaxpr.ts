import { Jaxpr } from '../core/jaxpr.js';
import { traceToJaxpr } from '../core/staging.js';
import { flattenArgs, flattenFun } from './args.js';

/**
 * The Jaxpr `f` traces to at these arguments' types: the way to see what a function is.
 * Captured constants are the inputs printed before the `;`.
 * @example console.log(String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))));
 */
export function makeJaxpr(f: (...args: any[]) => unknown): (...args: unknown[]) => Jaxpr {
  return (...args) => {
    const flat = flattenArgs('makeJaxpr', args);
    return traceToJaxpr(flattenFun('makeJaxpr', f, flat.def).fn, flat.leaves.map((l) => l.aval), 'makeJaxpr').jaxpr;
  };
}
