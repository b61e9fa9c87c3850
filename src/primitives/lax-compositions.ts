/**
 * The numpy compositions behind some lax functions (lax-more.ts: lax.acos is np.arccos under lax's
 * contract). Primitives sit below numpy, so instead of importing numpy (which imports lax: a cycle
 * whose module order decides whether it works) lax looks them up here, and numpy installs them when
 * it is imported (numpy/lax-compositions.ts), as core's hooks are installed from above (core/hooks.ts).
 */
import { BackendError } from '../core/errors.js';
import type { Tensor } from '../core/tensor.js';

export type CompositionName = 'acos' | 'acosh' | 'asin' | 'asinh' | 'atan' | 'atanh' | 'cbrt' | 'ceil' | 'cosh' | 'sinh'
  | 'tan' | 'erf' | 'erfc' | 'erfInv' | 'lgamma' | 'digamma' | 'exp2' | 'logistic' | 'isFinite' | 'roundToEven';

const installed: Partial<Record<CompositionName, (x: Tensor) => Tensor>> = {};

/** Installs numpy's implementations (called once, by numpy/lax-compositions.ts at import time). */
export function installCompositions(fns: Record<CompositionName, (x: Tensor) => Tensor>): void { Object.assign(installed, fns); }

/** The installed composition `name`; a BackendError when numpy was never imported. */
export function composition(name: CompositionName): (x: Tensor) => Tensor {
  const f = installed[name];
  if (!f) throw new BackendError(`fluxion: lax.${name} is not installed: import from "fluxion" (or "fluxion/node"), not from its internal modules.`);
  return f;
}
