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
 *
 * Packed inputs (program.ts packedBits: int8/uint8, int16/uint16, bfloat16, float16 without
 * shader-f16) of a program run by the runtime (`packedInputs`) also keep their type: the kernels
 * read their packed words (a shift and a mask, compiler/emit.ts) through a cast that fuses into
 * the readers. Unlike f16 nothing is stored packed inside a program — two invocations would write
 * one word — so movements of a packed input work on its widened value, and outputs are 32-bit
 * (the runtime packs them: backend/webgpu/packed.ts).
 *
 * float16 on a device with shader-f16 is the exception: its buffers are 2-byte `f16`
 * (program.ts halfStoredOnGpu), so program inputs, outputs and the operands and results of loops
 * keep the float16 type at the boundary, crossing it by a cast (kernels load `f32(b[i])` and
 * store `f16(v)`), and only the values inside a program are widened.
 */
import { computeDtype, isNarrow } from '../../core/dtype.js';
import { Atom, Eqn, Jaxpr, Lit, Var, makeEqn } from '../../core/jaxpr.js';
import type { Primitive } from '../../core/primitive.js';
import { ShapedArray } from '../../core/shape.js';
import { isControlFlow } from '../../primitives/control-flow.js';
import { halfStoredOnGpu, packedBits } from '../program.js';

/** Narrow types whose buffers hold the narrow type itself (float16 with shader-f16), not its compute type. */
const storedNarrow = halfStoredOnGpu;

/** Primitives whose results hold only values their operands (or their literal params) hold. */
const KEEPS_VALUES: ReadonlySet<Primitive> = new Set<Primitive>([
  'broadcast_in_dim', 'reshape', 'transpose', 'slice', 'pad', 'concatenate', 'gather', 'where',
  'max', 'min', 'reduce_max', 'sort', 'cummax', 'cummin', 'stop_gradient', 'floor', 'sign',
]);

/** Primitives whose result depends on the operand's bit width (primitives/bits.ts BitWidthParams). */
const WIDTH_SENSITIVE: ReadonlySet<Primitive> = new Set<Primitive>(['bitcast_convert_type', 'population_count', 'clz']);

/** Movements of one operand: on an f16-stored value they move the f16 value itself. */
const MOVES: ReadonlySet<Primitive> = new Set<Primitive>(['broadcast_in_dim', 'reshape', 'transpose', 'slice']);

const wide = (a: ShapedArray): ShapedArray => (isNarrow(a.dtype) ? new ShapedArray(a.shape, computeDtype(a.dtype)) : a);

/** True when a program has a narrow dtype anywhere (most do not, and are returned as they are). */
function hasNarrow(j: Jaxpr): boolean {
  return j.inVars.some((v) => isNarrow(v.aval.dtype)) || j.outs.some((o) => isNarrow(o.aval.dtype))
    || j.eqns.some((e) => e.outs.some((o) => isNarrow(o.aval.dtype)) || e.inputs.some((i) => isNarrow(i.aval.dtype)));
}

/**
 * The program computing in 32-bit types with explicit narrowing (see the module comment).
 * @example widenNarrow(jaxpr).inVars.map((v) => v.aval.dtype); // int8 inputs come back as 'int32'
 */
export function widenNarrow(j: Jaxpr, { packedInputs = false }: { packedInputs?: boolean } = {}): Jaxpr {
  if (!hasNarrow(j)) return j;
  const env = new Map<Var, Var>();
  const varOf = (v: Var): Var => {
    let w = env.get(v);
    if (!w) { w = isNarrow(v.aval.dtype) ? new Var(wide(v.aval)) : v; env.set(v, w); }
    return w;
  };
  const atom = (a: Atom): Atom => (a instanceof Lit ? (isNarrow(a.aval.dtype) ? new Lit(a.value, wide(a.aval)) : a) : varOf(a));
  const eqns: Eqn[] = [];
  // The f16 variable each widened float16 value was widened from, where there is one: movements
  // of it move the f16 value, so a copy the planner stores (a transposed matmul operand) is f16 too.
  const narrowOf = new Map<Var, Var>();
  /** Appends `n = cast(x, narrow); out = cast(n, wide)`. */
  const narrowInto = (x: Atom, narrow: ShapedArray, out: Var): void => {
    const n = new Var(narrow);
    eqns.push(makeEqn('cast', [x], { dtype: narrow.dtype }, [n]));
    eqns.push(makeEqn('cast', [n], { dtype: out.aval.dtype }, [out]));
    if (storedNarrow(narrow.dtype)) narrowOf.set(out, n);
  };
  /** `a` as a buffer of its own narrow type (f16 storage), for a boundary that keeps it. */
  const asStored = (a: Atom, narrow: ShapedArray): Atom => {
    if (a instanceof Lit) return a;
    const n = new Var(narrow);
    eqns.push(makeEqn('cast', [varOf(a)], { dtype: narrow.dtype }, [n]));
    return n;
  };
  // Inputs stored as f16 stay f16 and are widened by a cast, which fuses into their readers.
  const inVars = j.inVars.map((v) => {
    if (packedInputs && packedBits(v.aval.dtype) && !storedNarrow(v.aval.dtype)) {
      // Read packed by the kernels, through a cast to the compute type (no narrowOf: see above).
      const w = new Var(wide(v.aval));
      eqns.push(makeEqn('cast', [v], { dtype: w.aval.dtype }, [w]));
      env.set(v, w);
      return v;
    }
    if (!storedNarrow(v.aval.dtype)) return varOf(v);
    const w = new Var(wide(v.aval));
    eqns.push(makeEqn('cast', [v], { dtype: w.aval.dtype }, [w]));
    env.set(v, w);
    narrowOf.set(w, v);
    return v;
  });
  for (const e of j.eqns) {
    if (isControlFlow(e.prim)) {
      // A loop body is a program of its own, whose f16 inputs and outputs are f16 buffers: so
      // are the operands and results here; everything else crosses in its 32-bit type.
      const inputs = e.inputs.map((a) => (storedNarrow(a.aval.dtype) ? asStored(a, a.aval) : atom(a)));
      const outs = e.outs.map((o) => (storedNarrow(o.aval.dtype) ? new Var(o.aval) : varOf(o)));
      eqns.push(makeEqn(e.prim, inputs, e.params, outs));
      e.outs.forEach((o, i) => {
        if (storedNarrow(o.aval.dtype)) eqns.push(makeEqn('cast', [outs[i]], { dtype: computeDtype(o.aval.dtype) }, [varOf(o)]));
      });
      continue;
    }
    const inputs = e.inputs.map(atom);
    const source = inputs.length === 1 && inputs[0] instanceof Var ? narrowOf.get(inputs[0]) : undefined;
    if (source && MOVES.has(e.prim)) {
      const m = new Var(e.outs[0].aval), out = varOf(e.outs[0]);
      eqns.push(makeEqn(e.prim, [source], e.params, [m]));
      eqns.push(makeEqn('cast', [m], { dtype: out.aval.dtype }, [out]));
      narrowOf.set(out, m);
      continue;
    }
    if (e.prim === 'cast' && isNarrow(e.params.dtype)) {
      narrowInto(inputs[0], e.outs[0].aval, varOf(e.outs[0]));
      continue;
    }
    const params = e.prim === 'cast' || e.prim === 'iota' ? { ...e.params, dtype: computeDtype(e.params.dtype) }
      // The bit primitives keep the operand's narrow type, which its compute value no longer tells.
      : WIDTH_SENSITIVE.has(e.prim) && isNarrow(e.inputs[0].aval.dtype) ? { ...e.params, from: e.inputs[0].aval.dtype } : e.params;
    const narrowed = !KEEPS_VALUES.has(e.prim) && e.outs.some((o) => isNarrow(o.aval.dtype));
    // Results that get narrowed are first computed into fresh 32-bit variables.
    const raw = e.outs.map((o) => (narrowed && isNarrow(o.aval.dtype) ? new Var(wide(o.aval)) : varOf(o)));
    eqns.push(makeEqn(e.prim, inputs, params, raw));
    if (narrowed) e.outs.forEach((o, i) => { if (isNarrow(o.aval.dtype)) narrowInto(raw[i], o.aval, varOf(o)); });
  }
  // Outputs stored as f16 are written by a final cast (a no-op rounding: the value is a float16).
  const outs = j.outs.map((o) => (storedNarrow(o.aval.dtype) ? asStored(o, o.aval) : atom(o)));
  return new Jaxpr(inVars, eqns, outs, j.numConsts);
}
