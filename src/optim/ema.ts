/**
 * Exponential moving average of parameters (the weights FACM evaluates with): a pytree shaped
 * like the parameters, updated functionally each step.
 */
import type { Tensor } from '../core/tensor.js';
import * as np from '../numpy/index.js';
import { mapTensors } from './tree.js';
import { ArgumentError } from '../core/errors.js';

/**
 * The EMA's starting point: a copy of the parameters (a fresh array per leaf, so disposing the
 * live parameters on WebGPU never frees the average's storage).
 * @example const avg = optim.emaInit(params);
 */
export function emaInit<P>(params: P): P {
  return mapTensors((p) => p.add(np.zerosLike(p)), params);
}

/**
 * decay · emaParams + (1 − decay) · params, leafwise. decay may be a tensor (e.g. a warmed-up
 * decay computed from the step inside a jitted step).
 * @example avg = optim.emaUpdate(avg, params, 0.999);
 */
export function emaUpdate<P>(emaParams: P, params: P, decay: number | Tensor): P {
  return mapTensors((e, p) => {
    const d = typeof decay === 'number' ? decay : decay.astype(e.dtype);
    return p.add(e.sub(p).mul(d)); // = d·e + (1 − d)·p, one multiply
  }, emaParams, params);
}

/**
 * emaInit and emaUpdate with the decay bound, for passing around as one value.
 * @example const e = optim.ema(0.999); let avg = e.init(params); avg = e.update(avg, params);
 */
export function ema(decay: number | Tensor): { init: <P>(params: P) => P; update: <P>(emaParams: P, params: P) => P } {
  return { init: emaInit, update: (e, p) => emaUpdate(e, p, decay) };
}

/**
 * An EMA decay that warms up with the step count: min(decay, (1 + step)/(10 + step)). A fixed
 * decay started at the initial weights keeps decay^n of them after n steps — 22 % of an
 * untrained network after 1500 steps at 0.999 — which dominates short runs; the warm-up forgets
 * the start within the first hundred steps and reaches `decay` after about 9/(1 − decay) steps
 * (the num_updates rule of TensorFlow's and timm's EMAs).
 * @example const decay = optim.emaWarmup(0.999)(np.array(10)); // 11/20 = 0.55
 */
export function emaWarmup(decay: number): (step: Tensor) => Tensor {
  if (!(decay >= 0 && decay < 1)) throw new ArgumentError(`optim.emaWarmup: decay must be in [0, 1), got ${decay}; e.g. 0.999.`);
  return (step: Tensor) => np.minimum(step.add(1).div(step.add(10)), decay);
}
