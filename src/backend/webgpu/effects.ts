/**
 * debug_callback on WebGPU. A kernel cannot call the host, so a program's callbacks are taken out
 * before compiling: their operands become extra outputs of the same program (one submit), and
 * after it runs they are read back and the callbacks called on the host, in program order
 * (core/effects.ts keeps that order across programs and eager calls).
 */
import { Atom, Eqn, Jaxpr } from '../../core/jaxpr.js';
import type { DebugCallbackFn } from '../../core/primitive.js';
import type { ConcreteArray } from '../../core/tensor.js';
import { enqueueEffect } from '../../core/effects.js';
import { inlineCalls } from '../../compiler/passes/inline.js';

/** True when `j` or a program nested in it calls debug_callback. */
export function hasEffects(j: Jaxpr): boolean {
  return j.eqns.some((e) => e.prim === 'debug_callback'
    || ((e.prim === 'jit' || e.prim === 'custom_jvp') && hasEffects((e.params as { jaxpr: Jaxpr }).jaxpr)));
}

/** A program without its callbacks: their operands appended to its outputs, in program order. */
export interface Hoisted {
  readonly jaxpr: Jaxpr;
  /** The original outputs come first; then, per callback, `arity` operands. */
  readonly numOuts: number;
  readonly callbacks: readonly { callback: DebugCallbackFn; arity: number }[];
}

const hoistCache = new WeakMap<Jaxpr, Hoisted>();

/** Inlines nested calls (so a print inside a nested jit is found) and hoists the callbacks out. */
export function hoistEffects(j: Jaxpr): Hoisted {
  let h = hoistCache.get(j);
  if (h) return h;
  const flat = inlineCalls(j);
  const eqns: Eqn[] = [], extra: Atom[] = [], callbacks: { callback: DebugCallbackFn; arity: number }[] = [];
  for (const e of flat.eqns) {
    if (e.prim !== 'debug_callback') { eqns.push(e); continue; }
    callbacks.push({ callback: e.params.callback, arity: e.inputs.length });
    extra.push(...e.inputs);
  }
  h = { jaxpr: new Jaxpr(flat.inVars, eqns, [...flat.outs, ...extra], flat.numConsts), numOuts: j.outs.length, callbacks };
  hoistCache.set(j, h);
  return h;
}

/**
 * Starts reading `values` back now (so the reads follow this submit) and queues the callbacks,
 * each with its own operands, after every effect queued before.
 */
export function scheduleCallbacks(callbacks: Hoisted['callbacks'], values: readonly ConcreteArray[]): void {
  const reads = values.map((v) => v.data());
  // A read that fails is reported by the barrier; keep it from being an unhandled rejection meanwhile.
  for (const r of reads) r.catch(() => undefined);
  enqueueEffect(async () => {
    const datas = await Promise.all(reads);
    let k = 0;
    for (const { callback, arity } of callbacks) {
      callback(values.slice(k, k + arity).map((v, i) => ({ data: datas[k + i]!, aval: v.aval })));
      k += arity;
    }
  });
}
