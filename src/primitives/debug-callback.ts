/**
 * debug_callback: the one effectful primitive (jax.debug.callback). It has no outputs; running it
 * calls a host function with its operands. The rules make it behave as JAX's does:
 * - jvp: the callback sees the primals only, once (tangents are not printed);
 * - vmap: unrolled, one call per batch element with that element's values (as JAX's
 *   debug_callback batching rule), in batch order;
 * - CPU kernel: calls the callback with the host arrays, at that point of the program;
 * - compiled: DCE keeps it, CSE never merges it (EFFECTFUL in core/primitive.ts); on WebGPU the
 *   program returns the operands as extra outputs and the backend calls the callbacks, in program
 *   order, once they are read back (backend/webgpu/effects.ts).
 * It is never linear (it reads primal values only), so it has no transpose rule.
 */
import { ShapedArray } from '../core/shape.js';
import * as lax from './lax.js';
import { bind } from '../core/trace.js';
import type { FirstOrderRules } from './rules.js';

/** Element i of x along axis d (the axis removed). */
function elementAt(x: import('../core/tensor.js').Tensor, d: number, i: number) {
  const start = x.shape.map((_, a) => (a === d ? i : 0));
  const limit = x.shape.map((n, a) => (a === d ? i + 1 : n));
  return lax.reshape(lax.slice(x, start, limit), x.shape.filter((_, a) => a !== d));
}

export const debug_callback: FirstOrderRules<'debug_callback'> = {
  abstractEval: (): ShapedArray[] => [],
  jvp: (primals, _tangents, params) => {
    bind('debug_callback', primals, params);
    return [[], []];
  },
  vmap: (args, dims, params, size) => {
    for (let i = 0; i < size; i++) {
      bind('debug_callback', args.map((a, j) => (dims[j] === null ? a : elementAt(a, dims[j]!, i))), params);
    }
    return [[], []];
  },
  cpu: (inputs, { callback }) => {
    callback(inputs);
    return [];
  },
};
