/**
 * Widening the narrow dtypes (float16, bfloat16, int8, uint8, int16, uint16) to the 32-bit types
 * they compute in, the last Jaxpr pass before planning on WebGPU.
 *
 * WGSL has no 8- or 16-bit integer types and `f16` only where the adapter offers shader-f16, so on
 * the GPU a narrow array lives in 32-bit words (as bool does: compiler/program.ts gpuBytes) holding
 * exactly the narrow values, and every kernel computes in f32 / i32 / u32. After each equation
 * whose result could leave the narrow type's values (an add, a product, a cast, a sum), the pass
 * puts the narrowing itself: the pair `n = cast(x, f16); y = cast(n, f32)`, whose first cast the
 * lowering writes as fx_round_f16 (or a wrap for integers) and whose second is free. That is the
 * arithmetic of the CPU interpreter, which rounds every result of a narrow type
 * (backend/cpu/executor.ts), so both compute the same values; movements, selections, max/min and
 * sorts keep a value's type and get no pair. Reductions and products accumulate in 32 bits and
 * round once, as JAX does for float16 sums and matmuls.
 *
 * Unlike the optimising passes this one changes the calling convention's dtypes: the program's
 * inputs and outputs become their 32-bit types (the buffers are the same bytes), so it runs after
 * them, inside compileJaxpr, and the Program keeps the source's avals for its signature. Loop
 * bodies (scan, while, cond) are programs of their own and are widened when they are compiled.
 */
import { computeDtype, isNarrow } from '../../core/dtype.js';
import { Atom, Eqn, Jaxpr, Lit, Var, makeEqn } from '../../core/jaxpr.js';
import type { Primitive } from '../../core/primitive.js';
import { ShapedArray } from '../../core/shape.js';

/** Primitives whose results hold only values their operands (or their literal params) hold. */
const KEEPS_VALUES: ReadonlySet<Primitive> = new Set<Primitive>([
  'broadcast_in_dim', 'reshape', 'transpose', 'slice', 'pad', 'concatenate', 'gather', 'where',
  'max', 'min', 'reduce_max', 'sort', 'cummax', 'cummin', 'stop_gradient', 'floor', 'sign',
]);

const wide = (a: ShapedArray): ShapedArray => (isNarrow(a.dtype) ? new ShapedArray(a.shape, computeDtype(a.dtype)) : a);

/** True when a program has a narrow dtype anywhere (most do not, and are returned as they are). */
function hasNarrow(j: Jaxpr): boolean {
  return j.inVars.some((v) => isNarrow(v.aval.dtype)) || j.outs.some((o) => isNarrow(o.aval.dtype))
    || j.eqns.some((e) => e.outs.some((o) => isNarrow(o.aval.dtype)) || e.inputs.some((i) => isNarrow(i.aval.dtype)));
}

/**
 * The program computing in 32-bit types with explicit narrowing (see the module comment).
 * @example widenNarrow(jaxpr).inVars.map((v) => v.aval.dtype); // f16 inputs come back as 'float32'
 */
export function widenNarrow(j: Jaxpr): Jaxpr {
  if (!hasNarrow(j)) return j;
  const env = new Map<Var, Var>();
  const varOf = (v: Var): Var => {
    let w = env.get(v);
    if (!w) { w = isNarrow(v.aval.dtype) ? new Var(wide(v.aval)) : v; env.set(v, w); }
    return w;
  };
  const atom = (a: Atom): Atom => (a instanceof Lit ? (isNarrow(a.aval.dtype) ? new Lit(a.value, wide(a.aval)) : a) : varOf(a));
  const eqns: Eqn[] = [];
  /** Appends `n = cast(x, narrow); out = cast(n, wide)`. */
  const narrowInto = (x: Atom, narrow: ShapedArray, out: Var): void => {
    const n = new Var(narrow);
    eqns.push(makeEqn('cast', [x], { dtype: narrow.dtype }, [n]));
    eqns.push(makeEqn('cast', [n], { dtype: out.aval.dtype }, [out]));
  };
  const inVars = j.inVars.map(varOf);
  for (const e of j.eqns) {
    const inputs = e.inputs.map(atom);
    if (e.prim === 'cast' && isNarrow(e.params.dtype)) {
      narrowInto(inputs[0], e.outs[0].aval, varOf(e.outs[0]));
      continue;
    }
    const params = e.prim === 'cast' || e.prim === 'iota' ? { ...e.params, dtype: computeDtype(e.params.dtype) } : e.params;
    const narrowed = !KEEPS_VALUES.has(e.prim) && e.outs.some((o) => isNarrow(o.aval.dtype));
    // Results that get narrowed are first computed into fresh 32-bit variables.
    const raw = e.outs.map((o) => (narrowed && isNarrow(o.aval.dtype) ? new Var(wide(o.aval)) : varOf(o)));
    eqns.push(makeEqn(e.prim, inputs, params, raw));
    if (narrowed) e.outs.forEach((o, i) => { if (isNarrow(o.aval.dtype)) narrowInto(raw[i], o.aval, varOf(o)); });
  }
  return new Jaxpr(inVars, eqns, j.outs.map(atom), j.numConsts);
}
