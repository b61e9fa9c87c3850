/**
 * optax.masked: apply a transformation to some leaves only (weight decay on weights, not on biases
 * or norms), the others pass through unchanged. The mask is a pytree of booleans shaped like the
 * parameters, or a function of the parameters that returns one (treeMapWithPath makes such masks).
 */
import { ArgumentError } from '../core/errors.js';
import { treeDefEqual, treeDefToString, treeFlatten, treeUnflatten } from '../tree/pytree.js';
import type { GradientTransformation } from './transform.js';

/**
 * `inner` on the leaves where `mask` is true; the rest of the updates are returned as they came.
 * inner keeps state for every leaf (simpler, and the state's shape never depends on the mask).
 * @example const decay = optim.masked(optim.addDecayedWeights(1e-4), (p) => tree.mapWithPath((path) => path.at(-1) === 'w', p));
 */
export function masked<S>(inner: GradientTransformation<S>, mask: unknown | ((params: unknown) => unknown)): GradientTransformation<S> {
  const maskOf = (params: unknown): boolean[] => {
    const m = typeof mask === 'function' ? (mask as (p: unknown) => unknown)(params) : mask;
    const { leaves, def } = treeFlatten(m), p = treeFlatten(params);
    if (!treeDefEqual(def, p.def)) {
      throw new ArgumentError(`optim.masked: the mask has structure ${treeDefToString(def)} but the updates have ${treeDefToString(p.def)}; give one boolean per leaf.`);
    }
    return leaves.map((b, i) => {
      if (typeof b !== 'boolean') throw new ArgumentError(`optim.masked: mask leaf ${i} is ${typeof b}; the mask's leaves must be true or false.`);
      return b;
    });
  };
  return {
    init: (params) => inner.init(params),
    update: (updates, state, params) => {
      const keep = maskOf(updates);
      const [out, next] = inner.update(updates, state, params);
      const u = treeFlatten(updates).leaves, o = treeFlatten(out);
      return [treeUnflatten(o.def, o.leaves.map((x, i) => (keep[i] ? x : u[i]))), next];
    },
  };
}
