/**
 * One training step as one jit-compiled program: loss (including any teacher call and jvp),
 * gradient, the optimiser chain (clipping, AdamW, ...) and the EMA of the weights. Running it is
 * one recording into the command encoder and one submit when anything is read.
 */
import type { Tensor } from '../core/tensor.js';
import { valueAndGrad } from '../transforms/autodiff.js';
import { jit } from '../transforms/jit.js';
import { treeMap } from '../tree/pytree.js';
import type { GradientTransformation, OptState, Schedule } from '../optim/transform.js';
import { emaUpdate } from '../optim/ema.js';
import { scan } from '../primitives/lax-control-flow.js';
import { foldIn } from '../random/index.js';
import * as validate from '../core/validate.js';

/** Everything a run carries from step to step: a pytree of tensors, so it can be checkpointed. */
export interface TrainState<P> {
  params: P;
  opt: OptState;
  ema: P;
  /** float32 scalar, the number of steps taken. */
  step: Tensor;
}

/** A fresh state: EMA starts at the initial parameters. @example const s = initTrainState(p, optim.adamw(1e-3)); */
export function initTrainState<P>(params: P, optimizer: GradientTransformation, step: Tensor): TrainState<P> {
  return { params, opt: optimizer.init(params), ema: treeMap((x: Tensor) => x.add(0), params) as P, step };
}

/** Options of makeTrainStep. */
export interface TrainStepOptions {
  /**
   * Steps run per call, as one loop (lax.scan) in the one program: the call takes a base key and
   * step j of the call uses `random.foldIn(key, state.step + j)` (the global step number, as
   * trainLoop folds it), so one call equals that many single calls given foldIn(key, i) bit for
   * bit; its metrics come back stacked, one row per step. Default: one step, the key used as given.
   * trainLoop folds the step number into the key itself, so it drives single-step functions only.
   */
  stepsPerCall?: number;
}

/**
 * Builds the jitted step `(state, context, key) → [state', metrics]`. `loss(params, context, key, step)`
 * returns [scalar loss, metrics pytree] (`step`, the state's step count before this update, is there
 * for losses with a warm-up such as sCM's); `context` carries what stays fixed (e.g. frozen teacher
 * parameters) as an argument rather than a captured constant. `emaDecay` is a number or a
 * schedule of the step count (e.g. optim.emaWarmup(0.999), which short runs need). With
 * `{ stepsPerCall: K }` one call runs K steps (see TrainStepOptions).
 * @example const step = makeTrainStep(lossFn, optim.adamw(1e-4), 0.999); [state, m] = step(state, teacher, key);
 */
export function makeTrainStep<P, C>(
  loss: (params: P, context: C, key: Tensor, step: Tensor) => [Tensor, Record<string, Tensor>],
  optimizer: GradientTransformation, emaDecay: number | Schedule, name = 'train_step', options: TrainStepOptions = {},
): (state: TrainState<P>, context: C, key: Tensor) => [TrainState<P>, Record<string, Tensor>] {
  const { stepsPerCall } = validate.options<TrainStepOptions>('facm.makeTrainStep', options, ['stepsPerCall'], '{ stepsPerCall: 10 }');
  const one = (state: TrainState<P>, context: C, key: Tensor): [TrainState<P>, Record<string, Tensor>] => {
    const [[value, metrics], grads] = valueAndGrad(loss, { hasAux: true })(state.params, context, key, state.step) as [[Tensor, Record<string, Tensor>], P];
    const [updates, opt] = optimizer.update(grads, state.opt, state.params);
    const params = treeMap((p: Tensor, u: Tensor) => p.add(u), state.params, updates) as P;
    const ema = emaUpdate(state.ema, params, typeof emaDecay === 'number' ? emaDecay : emaDecay(state.step));
    return [{ params, opt, ema, step: state.step.add(1) }, { loss: value, ...metrics }];
  };
  if (stepsPerCall === undefined) return jit(one, { name });
  const k = validate.integer('facm.makeTrainStep', 'stepsPerCall', stepsPerCall, { min: 1 });
  return jit((state: TrainState<P>, context: C, key: Tensor): [TrainState<P>, Record<string, Tensor>] =>
    scan((s: TrainState<P>) => one(s, context, foldIn(key, s.step)), state, null, { length: k }), { name: `${name}_x${k}` });
}
