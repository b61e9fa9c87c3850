import { Jaxpr } from '../core/jaxpr.js';
import { traceToJaxpr } from '../core/staging.js';
import { flattenFun, jitStatics, optionsOf, resolveStatics } from './args.js';
import { argumentAvals, type AbstractArgs } from './eval-shape.js';

/** Options of makeJaxpr (JAX's static_argnums). */
export interface MakeJaxprOptions {
  /** Positional arguments passed to `f` as they are (JS values), not traced; negative ones count from the end. */
  staticArgnums?: number | number[];
}

/**
 * The Jaxpr `f` traces to at these arguments' types: the way to see what a function is.
 * Captured constants are the inputs printed before the `;`. Arguments may be ShapedArrays (only
 * their types are used), as JAX's ShapeDtypeStruct; `staticArgnums` ones are passed through untraced.
 * @example
 * String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))).includes('sin'); // → true
 * console.log(String(makeJaxpr((x) => x.sin().mul(2))(np.ones([3]))));
 * String(makeJaxpr((x, n) => x.mul(n), { staticArgnums: [1] })(np.ones([3]), 2)).includes('lambda a:f32[3] .'); // → true
 */
export function makeJaxpr<A extends unknown[]>(f: (...args: A) => unknown, opts: MakeJaxprOptions = {}): (...args: AbstractArgs<A>) => Jaxpr {
  const o = optionsOf<MakeJaxprOptions>('makeJaxpr', opts, ['staticArgnums']);
  const statics = jitStatics(f, o, 'makeJaxpr');
  return (...args) => {
    const st = resolveStatics('makeJaxpr', statics, args.length);
    const { avals, def } = argumentAvals('makeJaxpr', args.filter((_, i) => !st.has(i)));
    const g = (...dyn: unknown[]) => { let k = 0; return (f as unknown as (...a: unknown[]) => unknown)(...args.map((a, i) => (st.has(i) ? a : dyn[k++]))); };
    return traceToJaxpr(flattenFun('makeJaxpr', g, def).fn, avals, 'makeJaxpr').jaxpr;
  };
}
