/** Composition of gradient transformations, applied left to right. */
import type { GradientTransformation } from './transform.js';
import { ArgumentError } from '../core/errors.js';

/**
 * Runs the transformations in order, each on the previous one's updates; the state is the array
 * of their states (a pytree, so it jits and checkpoints like any other).
 * @example const opt = optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-4, { weightDecay: 0 }));
 */
export function chain(...transforms: GradientTransformation[]): GradientTransformation {
  return {
    init: (params) => transforms.map((t) => t.init(params)),
    update: (updates, state, params) => {
      if (!Array.isArray(state) || state.length !== transforms.length) {
        throw new ArgumentError(`optim.chain: expected a state array of ${transforms.length} entries (from this chain's init), got ${Array.isArray(state) ? `an array of ${state.length}` : String(state)}; pass the state that this chain's init (or its previous update) returned.`);
      }
      // The state is typed OptState like every optimiser's, so a user's code holds one state type.
      let u = updates;
      const next = transforms.map((t, i) => {
        const [nu, ns] = t.update(u, state[i], params);
        u = nu;
        return ns;
      });
      return [u, next];
    },
  };
}
