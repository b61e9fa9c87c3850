/** Applying updates to parameters: the one place parameters change, by building new ones. */
import { mapTensors } from './tree.js';

/**
 * params + updates, leafwise, keeping each parameter's dtype (an update computed in float32 does
 * not promote float64 parameters, nor the reverse).
 * @example const next = optim.applyUpdates(params, updates);
 */
export function applyUpdates<P>(params: P, updates: P): P {
  return mapTensors((p, u) => p.add(u.astype(p.dtype)), params, updates);
}
