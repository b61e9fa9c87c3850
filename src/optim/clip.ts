/** Gradient clipping by the global norm over the whole pytree (all leaves as one vector). */
import type { GradientTransformation } from './transform.js';
import { globalNorm, mapTensors } from './tree.js';
import { ArgumentError } from '../core/errors.js';

/**
 * Scales the updates by maxNorm / max(‖g‖, maxNorm): unchanged when ‖g‖ ≤ maxNorm, rescaled to
 * norm maxNorm otherwise. Written without a branch on the norm so it needs no host read under jit.
 * @example optim.clipByGlobalNorm(1).update({ g: np.array([3, 4]) }, null); // [{ g: [0.6, 0.8] }, null]
 */
export function clipByGlobalNorm(maxNorm: number): GradientTransformation<null> {
  if (!(maxNorm > 0)) throw new ArgumentError(`optim.clipByGlobalNorm: maxNorm must be a positive number, got ${maxNorm}.`);
  return {
    init: () => null,
    update: (updates, state) => {
      const norm = globalNorm(updates);
      const factor = norm.maximum(maxNorm).reciprocal().mul(maxNorm);
      return [mapTensors((u) => u.mul(factor.astype(u.dtype)), updates), state];
    },
  };
}

/**
 * Clips each update element to [−maxDelta, maxDelta] (optax.clip).
 * @example optim.clip(1).update({ g: np.array([3, -0.5]) }, null); // [{ g: [1, -0.5] }, null]
 */
export function clip(maxDelta: number): GradientTransformation<null> {
  if (!(maxDelta > 0)) throw new ArgumentError(`optim.clip: maxDelta must be a positive number, got ${maxDelta}.`);
  return { init: () => null, update: (updates, state) => [mapTensors((u) => u.clip(-maxDelta, maxDelta), updates), state] };
}
