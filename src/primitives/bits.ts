/**
 * The bit-level primitives: bitcast_convert_type (the same bits read as another dtype of the same
 * width), population_count and clz (on integers of every width). None is differentiable: as in
 * JAX their jvp is a zero tangent (an integer result has none; a float read from integer bits
 * changes in jumps). Elementwise, so vmap applies them to the batch as it is.
 */
import { DType, TypedArray, computeDtype, shortName } from '../core/dtype.js';
import { DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import * as validate from '../core/validate.js';
import { bind1 } from '../core/trace.js';
import * as k from '../backend/cpu/bits.js';
import { requireDtype } from './helpers.js';
import type { FirstOrderRules } from './rules.js';

/** The integer dtypes the bit primitives take. */
export const INTEGER_DTYPES: DType[] = ['int32', 'uint32', 'int8', 'uint8', 'int16', 'uint16'];
/** The dtypes a bitcast reads and writes: every type of a width fluxion has an integer of. */
export const BITCAST_DTYPES: DType[] = ['float32', 'float16', 'bfloat16', ...INTEGER_DTYPES];

/** A DTypeError unless `d` is a dtype a bitcast reads or writes (not bool, not float64). */
export function requireBitcastable(op: string, d: DType, role: string): void {
  if (BITCAST_DTYPES.includes(d)) return;
  const why = d === 'float64' ? 'fluxion has no 64-bit integer type to share its bits with; cast to float32 first'
    : 'bool has no bit pattern of its own in JAX\'s bitcast; cast it with astype(\'uint8\') first';
  throw new DTypeError(`${op}: cannot bitcast ${role} ${shortName(d)}: ${why}.`);
}

export const bitcast_convert_type: FirstOrderRules<'bitcast_convert_type'> = {
  abstractEval: ([a], { dtype, from }) => {
    const op = 'bitcast_convert_type', src = from ?? a.dtype;
    validate.dtype(op, dtype);
    requireBitcastable(op, src, 'from');
    requireBitcastable(op, dtype, 'to');
    if (k.bitWidth(src) !== k.bitWidth(dtype)) {
      throw new DTypeError(`${op}: ${shortName(src)} has ${k.bitWidth(src)} bits and ${shortName(dtype)} ${k.bitWidth(dtype)}; ` +
        'the primitive keeps the width (lax.bitcastConvertType adds or removes the trailing axis JAX uses between widths).');
    }
    return [new ShapedArray(a.shape, from ? computeDtype(dtype) : dtype)];
  },
  jvp: ([x], _t, p) => [[bind1('bitcast_convert_type', [x], p)], [null]],
  vmap: ([x], [d], p) => [[bind1('bitcast_convert_type', [x], p)], [d]],
  cpu: ([x], { dtype }) => [k.bitcast(x.data, x.aval.dtype, dtype)],
};

const integerUnary = <P extends 'population_count' | 'clz'>(prim: P, kernel: (x: TypedArray, d: DType) => TypedArray): FirstOrderRules<P> => ({
  abstractEval: ([a]) => { requireDtype(prim, a, INTEGER_DTYPES); return [a]; },
  jvp: ([x], _t, p) => [[bind1(prim, [x], p)], [null]],
  vmap: ([x], [d], p) => [[bind1(prim, [x], p)], [d]],
  cpu: ([x], _p, [o]) => [kernel(x.data, o.dtype)],
});

export const population_count = integerUnary('population_count', k.populationCount);
export const clz = integerUnary('clz', k.clz);
