/** Primitives that make values from parameters alone: iota, and the threefry cipher behind `random`. */
import { ShapedArray } from '../core/shape.js';
import * as validate from '../core/validate.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { elementwiseVmap, requireDtype, sameTypes, shapeError } from './helpers.js';
import type { FirstOrderRules } from './rules.js';

export const iota: FirstOrderRules<'iota'> = {
  abstractEval: (_a, { shape, dim, dtype }) => {
    validate.shape('iota', shape);
    validate.dtype('iota', dtype);
    if (!Number.isInteger(dim) || dim < 0 || dim >= shape.length) throw shapeError('iota', `dimension ${dim} out of range`, [shape]);
    return [new ShapedArray(shape, dtype)];
  },
  jvp: (_x, _t, p) => [[lax.iota(p.shape, p.dim, p.dtype)], [null]],
  vmap: (_x, _d, p) => [[lax.iota(p.shape, p.dim, p.dtype)], [null]],
  cpu: (_x, { shape, dim, dtype }) => [k.iota(shape, dim, dtype)],
};

/** Threefry-2x32 (20 rounds): keys (k0, k1) encrypt counters (x0, x1), elementwise. */
export const threefry2x32: FirstOrderRules<'threefry2x32'> = {
  abstractEval: (avals) => {
    const a = sameTypes('threefry2x32', avals);
    requireDtype('threefry2x32', a, ['uint32']);
    return [a, a];
  },
  jvp: ([k0, k1, x0, x1]) => [lax.threefry2x32(k0, k1, x0, x1), [null, null]],
  vmap: elementwiseVmap('threefry2x32'),
  cpu: ([k0, k1, x0, x1]) => k.threefry2x32(k0.data, k1.data, x0.data, x1.data),
};
