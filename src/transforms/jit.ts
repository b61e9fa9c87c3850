/**
 * jit: trace a function once per (input types, static arguments) to a Jaxpr and bind the
 * higher-order `jit` primitive on it. The rules of `jit` are transformations of its Jaxpr — jvp
 * of the body, vmap of the body, transpose of the body — so jit composes with everything. The
 * backend decides how to run the primitive: the CPU interpreter evaluates the Jaxpr; the
 * WebGPU backend compiles it into fused kernels.
 */
import { debugLevel, debugLog } from '../core/debug.js';
import { isFloat } from '../core/dtype.js';
import { LruCache } from '../core/lru.js';
import { Jaxpr, evalJaxpr } from '../core/jaxpr.js';
import { constsAsInputs, traceToJaxpr } from '../core/staging.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor, Tracer, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as lax from '../primitives/lax.js';
import type { BatchDim, Rules, Tangent } from '../primitives/rules.js';
import { UndefinedPrimal } from '../primitives/rules.js';
import { TreeDef, treeDefToString } from '../tree/pytree.js';
import { ArgumentError } from '../core/errors.js';
import * as validate from '../core/validate.js';
import { flattenArgs, jitStatics, flattenOutput, resolveStatics, treeUnflatten } from './args.js';
import { jvpFlat } from './jvp.js';
import { backwardPass } from './transpose.js';
import { currentRuleAxisName, vmapFlat } from './vmap.js';

/** Caches a derived Jaxpr per (Jaxpr, key): derived programs are traced once, like the originals. */
function memo<T>(cache: WeakMap<Jaxpr, Map<string, T>>, j: Jaxpr, key: string, make: () => T): T {
  let m = cache.get(j);
  if (!m) cache.set(j, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
}

interface Derived { jaxpr: Jaxpr; consts: Tensor[] }
const jvpCache = new WeakMap<Jaxpr, Map<string, Derived>>();
const vmapCache = new WeakMap<Jaxpr, Map<string, Derived>>();
const transposeCache = new WeakMap<Jaxpr, Map<string, Derived>>();

const derive = (fn: (...xs: Tensor[]) => Tensor[], avals: ShapedArray[], name: string): Derived => {
  const { jaxpr, consts } = traceToJaxpr(fn, avals, name);
  return { jaxpr: constsAsInputs(jaxpr), consts };
};

/** The Jaxpr of (primals, nonzero tangents) → (outputs, output tangents). */
export function jvpJaxpr(j: Jaxpr, nonzero: boolean[]): Derived {
  return memo(jvpCache, j, nonzero.map(Number).join(''), () => {
    const tanAvals = j.inAvals.filter((_, i) => nonzero[i]);
    return derive((...xs) => {
      const primals = xs.slice(0, j.inVars.length);
      let k = j.inVars.length;
      const tangents = nonzero.map((nz) => (nz ? xs[k++] : null));
      const [outs, outTs] = jvpFlat((...ps) => evalJaxpr(j, ps), primals, tangents);
      return [...outs, ...outTs.map((t, i) => t ?? lax.zerosLike(outs[i]))];
    }, [...j.inAvals, ...tanAvals], 'jvp');
  });
}

/** The Jaxpr of the body batched along `dims` (outputs batched at 0). */
export function vmapJaxpr(j: Jaxpr, dims: BatchDim[], size: number): Derived {
  // The axis name a collective in the body answers to is part of what the batched body computes.
  const axisName = currentRuleAxisName();
  return memo(vmapCache, j, `${dims.join(',')}|${size}|${axisName ?? ''}`, () => {
    const avals = j.inAvals.map((a, i) => {
      const d = dims[i];
      if (d === null) return a;
      const shape = [...a.shape];
      shape.splice(d, 0, size);
      return new ShapedArray(shape, a.dtype);
    });
    return derive((...xs) => vmapFlat((...ys) => evalJaxpr(j, ys), xs, dims, size, 0, axisName ?? null), avals, 'vmap');
  });
}

/** The Jaxpr of (non-linear inputs, output cotangents) → cotangents of the linear inputs. */
export function transposeJaxpr(j: Jaxpr, linear: boolean[]): Derived {
  return memo(transposeCache, j, linear.map(Number).join(''), () => {
    const knownAvals = j.inAvals.filter((_, i) => !linear[i]);
    return derive((...xs) => {
      const known = xs.slice(0, knownAvals.length), cts = xs.slice(knownAvals.length);
      let k = 0;
      const args = j.inVars.map((v, i) => (linear[i] ? new UndefinedPrimal(v.aval) : known[k++]));
      const inCts = backwardPass(j, args, cts);
      return j.inVars.flatMap((v, i) => (linear[i] ? [inCts[i] ?? lax.zerosLike(v.aval)] : []));
    }, [...knownAvals, ...j.outAvals], 'transpose');
  });
}

/**
 * The rules of a primitive that calls a closed Jaxpr (`jit`, and `checkpoint`, which differs only in
 * partial evaluation): jvp and vmap bind the same primitive on the transformed program, so the
 * result stays a call of that kind; transpose binds a `jit` call of the transposed program.
 */
export function callRules<P extends 'jit' | 'checkpoint'>(prim: P): Rules<P> {
  return {
    abstractEval: (avals, { jaxpr, name }) => {
      const want = jaxpr.inAvals;
      if (avals.length !== want.length || avals.some((a, i) => !a.equals(want[i]))) {
        throw new Error(`${prim}(${name}): called with (${avals.join(', ')}) but the program was traced for (${want.join(', ')}); ` +
          `${prim} retraces per input types, so this is a fluxion bug: please report.`);
      }
      return jaxpr.outAvals;
    },
    // Other params (a checkpoint's policy) ride along unchanged to the jvp and batched calls.
    jvp: (primals, tangents, params) => {
      const { jaxpr, name } = params;
      const nonzero = tangents.map((t, i) => t !== null && isFloat(primals[i].dtype));
      const d = jvpJaxpr(jaxpr, nonzero);
      const outs = bind(prim, [...d.consts, ...primals, ...tangents.filter((t, i): t is Tensor => nonzero[i] && t !== null)],
        { ...params, jaxpr: d.jaxpr, name: `jvp_${name}` });
      const n = jaxpr.outs.length;
      return [outs.slice(0, n), outs.slice(n).map((t, i) => (isFloat(outs[i].dtype) ? t : null))];
    },
    vmap: (args, dims, params, size) => {
      const { jaxpr, name } = params;
      const d = vmapJaxpr(jaxpr, dims, size);
      const outs = bind(prim, [...d.consts, ...args], { ...params, jaxpr: d.jaxpr, name: `vmap_${name}` });
      return [outs, outs.map(() => 0)];
    },
    transpose: (cts, args, { jaxpr, name }) => {
      const linear = args.map((a) => a instanceof UndefinedPrimal);
      const d = transposeJaxpr(jaxpr, linear);
      const known = args.filter((a): a is Tensor => !(a instanceof UndefinedPrimal));
      const ctIn = cts.map((c, i) => c ?? lax.zerosLike(jaxpr.outAvals[i]));
      const outs = bind('jit', [...d.consts, ...known, ...ctIn], { jaxpr: d.jaxpr, name: `transpose_${name}` });
      let k = 0;
      return linear.map((l) => (l ? outs[k++] : null)) as Tangent[];
    },
  } as Rules<P>;
}

export const jitRules: Rules<'jit'> = callRules('jit');

export interface JitOptions {
  /**
   * Positional arguments treated as compile-time constants (negative ones count from the end).
   * Part of the cache key: plain data (numbers, strings, bigints, arrays, objects, Maps, Sets of
   * them) by value, functions and class instances by identity; an array (Tensor) is an error.
   */
  staticArgnums?: number | number[];
  /** The name shown in printed Jaxprs and kernel names. */
  name?: string;
}

interface CacheEntry { jaxpr: Jaxpr; consts: Tensor[]; outDef: TreeDef; /** The input types, for FLUXION_DEBUG lines. */ types: string }

/**
 * Traces kept per jitted function: one per distinct (input shapes and dtypes, pytree structure,
 * static arguments); the least recently used is dropped past this. Each trace owns a compiled
 * program on WebGPU (pipelines and their compile time, ~1.2 MB and 110–150 ms per shape for a
 * small training step on lavapipe), so a function called with ever new shapes held memory
 * without bound. Dropping a trace lets the garbage collector free its Jaxpr and program; the
 * backend's pipeline cache is bounded on its own. A dropped trace is simply traced again if
 * those shapes come back. Captured constants are not disposed: they may be the caller's arrays.
 */
export const JIT_CACHE_SIZE = 64;

/** The input types of a call as a user reads them: `(f32[8,2], i32[]) static [3]`. */
function describeCall(leaves: readonly Tensor[], statics: unknown[]): string {
  const st = statics.length > 0 ? ` static ${showStatics(statics)}` : '';
  return `(${leaves.map((l) => String(l.aval)).join(', ')})${st}`;
}

/** Static values for a debug line: JSON where it can be, bigints as `2n`, functions by name. */
function showStatics(statics: unknown[]): string {
  try {
    return JSON.stringify(statics, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'function' ? `<function ${v.name || 'anonymous'}>` : v));
  } catch {
    return `[${statics.map((v) => validate.describe(v)).join(', ')}]`;
  }
}

/** Identities of functions and class instances used as static arguments (held weakly). */
const staticIds = new WeakMap<object, number>();
const symbolIds = new Map<symbol, number>();
let nextStaticId = 0;
const idOf = (o: object): number => {
  let id = staticIds.get(o);
  if (id === undefined) staticIds.set(o, (id = nextStaticId++));
  return id;
};

/**
 * A static argument as part of a cache key. Plain data (numbers, strings, booleans, bigints,
 * null, undefined, and plain arrays, objects, Maps and Sets of them) is keyed by value, keeping
 * -0, NaN, ±Infinity, undefined and null apart; functions and class instances by identity (JAX
 * hashes such objects by id). An array is an error: it has no value at trace time (JAX: arrays
 * are not hashable static arguments).
 */
function staticKey(op: string, v: unknown, argnum: number, path: object[] = []): string {
  switch (typeof v) {
    case 'undefined': return 'u';
    case 'boolean': return v ? 'T' : 'F';
    case 'number': return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'bigint': return `b${v}`;
    case 'string': return `s${JSON.stringify(v)}`;
    case 'symbol': {
      let id = symbolIds.get(v);
      if (id === undefined) symbolIds.set(v, (id = nextStaticId++));
      return `y${id}`;
    }
    case 'function': return `f${idOf(v)}`;
  }
  if (v === null) return 'N';
  const o = v as object;
  if (isTensor(o)) {
    throw new ArgumentError(`${op}: static argument ${argnum} ${path.length > 0 ? 'holds' : 'is'} ${validate.describe(o)}; an array ` +
      'cannot be a static argument (its values are not known when tracing; JAX: arrays are not hashable static arguments). ' +
      `Pass it as a traced argument (drop ${argnum} from staticArgnums), or pass plain JS numbers.`);
  }
  // A cycle is keyed by the identity of the object it returns to.
  if (path.includes(o)) return `c${idOf(o)}`;
  const inner = (x: unknown) => staticKey(op, x, argnum, [...path, o]);
  if (Array.isArray(o)) return `[${o.map(inner).join(',')}]`;
  const proto = Object.getPrototypeOf(o);
  if (proto === Object.prototype || proto === null) {
    return `{${Object.keys(o).map((k) => `${JSON.stringify(k)}:${inner((o as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  if (o instanceof Map) return `Map{${[...o].map(([k, x]) => `${inner(k)}:${inner(x)}`).join(',')}}`;
  if (o instanceof Set) return `Set{${[...o].map(inner).join(',')}}`;
  return `o${idOf(o)}`;
}

/**
 * Compiles `f`: traced once per input types and static arguments, then run as one program.
 * Up to JIT_CACHE_SIZE traces are kept per function (least recently used dropped); with
 * FLUXION_DEBUG=1 every retrace prints one line naming the function and the new input types.
 * @example
 * const update = (params, x) => ({ w: params.w.sub(x.mul(0.1)) });
 * const step = jit((params, x) => update(params, x)); // traced once per input types
 * step({ w: np.array([1, 2]) }, np.array([10, 10])).w; // → [0, 1]
 */
export function jit<A extends unknown[], R>(f: (...args: A) => R, opts: JitOptions = {}): ((...args: A) => R) & { lower: (...args: A) => Jaxpr } {
  const staticArgnums = jitStatics(f, opts);
  const name = opts.name ?? (f.name || 'jit');
  const cache = new LruCache<string, CacheEntry>(JIT_CACHE_SIZE, (_, dropped) => {
    if (debugLevel() >= 1) debugLog(`jit(${name}): dropped the least recently used trace ${dropped.types} to keep ${JIT_CACHE_SIZE}.`);
  });
  let traces = 0;
  let lastTypes = '';

  const prepare = (args: unknown[]) => {
    const op = `jit(${name})`;
    const statics = resolveStatics(op, staticArgnums, args.length);
    const dynamic = args.filter((_, i) => !statics.has(i));
    const flat = flattenArgs(op, dynamic);
    const key = `${treeDefToString(flat.def)}|${flat.leaves.map((l) => l.aval).join(',')}|${args.length}|` +
      args.map((a, i) => (statics.has(i) ? `${i}:${staticKey(op, a, i)}` : '')).join(';');
    let entry = cache.get(key);
    if (!entry) {
      // Like JAX's retracing warning: each new input type means a new trace and, on WebGPU, new kernels.
      const types = describeCall(flat.leaves, args.filter((_, i) => statics.has(i)));
      if (traces > 0 && debugLevel() >= 1) {
        debugLog(`jit(${name}): retracing for new input types ${types} (before: ${lastTypes}; ` +
          `trace ${traces + 1}, ${cache.size} of ${JIT_CACHE_SIZE} cached). Every new shape compiles anew; ` +
          `keep shapes fixed (pad or bucket them) to reuse the compiled program.`);
      }
      traces++;
      let outDef: TreeDef = flat.def;
      const { jaxpr, consts } = traceToJaxpr((...xs) => {
        const dyn = treeUnflatten<unknown[]>(flat.def, xs);
        let k = 0;
        const full = args.map((a, i) => (statics.has(i) ? a : dyn[k++]));
        const out = flattenOutput(`jit(${name})`, f(...(full as A)));
        outDef = out.def;
        return out.leaves;
      }, flat.leaves.map((l) => l.aval), name);
      entry = { jaxpr: constsAsInputs(jaxpr), consts, outDef, types };
      // A body that captured a tracer of an enclosing transformation must be re-traced each call.
      if (!consts.some((c) => c instanceof Tracer)) cache.set(key, entry);
    }
    lastTypes = entry.types;
    return { entry, leaves: flat.leaves };
  };

  const wrapped = ((...args: unknown[]) => {
    const { entry, leaves } = prepare(args);
    const outs = bind('jit', [...entry.consts, ...leaves], { jaxpr: entry.jaxpr, name });
    return treeUnflatten(entry.outDef, outs);
  }) as unknown as ((...args: A) => R) & { lower: (...args: A) => Jaxpr };
  /** The traced program for these arguments (consts first), without running it. */
  wrapped.lower = (...args: A) => prepare(args).entry.jaxpr;
  return wrapped;
}
