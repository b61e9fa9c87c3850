/**
 * Vectorising map. A BatchTracer carries a value and the axis along which it is batched (null:
 * the same for every batch element). Each primitive's vmap rule says how to compute the batched
 * result directly, so vmap(f) runs as one program rather than a loop.
 */
import type { AnyParams, Primitive } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import * as validate from '../core/validate.js';
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, Tracer } from '../core/tensor.js';
import { Trace, bind, currentTrace, withTrace } from '../core/trace.js';
import { moveBatchAxis } from '../primitives/helpers.js';
import type { BatchDim } from '../primitives/rules.js';
import { rulesOf } from '../primitives/table.js';
import { treeFlatten, treeUnflatten } from '../tree/pytree.js';
import { flattenArgs, flattenOutput } from './args.js';
import { collectiveOverAxis } from './collectives.js';
import { isCollective } from '../primitives/lax-collectives.js';

export class BatchTracer extends Tracer {
  constructor(readonly trace: BatchTrace, readonly val: Tensor, readonly bdim: number) { super(); }
  get aval(): ShapedArray {
    const shape = this.val.shape.filter((_, d) => d !== this.bdim);
    return new ShapedArray(shape, this.val.dtype);
  }
}

/**
 * The axis name of the BatchTrace whose rule is running: a rule that batches a body (jit, scan,
 * cond, custom_jvp) makes a new BatchTrace for it, which must answer to the same name, so that a
 * collective (lax.psum) inside `vmap(jit(f), { axisName })` finds its axis.
 */
let ruleAxisName: string | undefined;
export const currentRuleAxisName = (): string | undefined => ruleAxisName;

export class BatchTrace extends Trace {
  readonly kind = 'vmap';
  /** `axisName`: the name collectives use for this vmap's axis (JAX's vmap axis_name), if any. */
  constructor(parent: Trace, readonly axisSize: number, readonly axisName?: string) { super(parent); }

  lift(x: Tensor): [Tensor, BatchDim] {
    return x instanceof BatchTracer && x.trace === this ? [x.val, x.bdim] : [x, null];
  }

  wrap(val: Tensor, bdim: BatchDim): Tensor { return bdim === null ? val : new BatchTracer(this, val, bdim); }

  process(prim: Primitive, args: Tensor[], params: AnyParams): Tensor[] {
    const lifted = args.map((a) => this.lift(a));
    const vals = lifted.map((l) => l[0]), dims = lifted.map((l) => l[1]);
    // A collective over this vmap's own axis is answered here, batched operands or not.
    if (this.axisName !== undefined && isCollective(prim) && (params as { axisName: string }).axisName === this.axisName) {
      const [outs, outDims] = withTrace(this.parent!, () => collectiveOverAxis(prim, vals, dims, this.axisSize));
      return outs.map((o, i) => this.wrap(o, outDims[i]));
    }
    if (dims.every((d) => d === null)) return withTrace(this.parent!, () => bind(prim, vals, params));
    const prev = ruleAxisName;
    ruleAxisName = this.axisName;
    try {
      const [outs, outDims] = withTrace(this.parent!, () => rulesOf(prim).vmap(vals, dims, params, this.axisSize));
      return outs.map((o, i) => this.wrap(o, outDims[i]));
    } finally {
      ruleAxisName = prev;
    }
  }
}

/**
 * vmap on flat lists: every output is returned batched along `outAxis` (materialised if needed).
 * @example vmapFlat((v) => [v.sum()], [np.array([[1, 2], [3, 4]])], [0], 2); // → [[3, 7]]
 */
export function vmapFlat(
  f: (...xs: Tensor[]) => Tensor[], args: Tensor[], inDims: BatchDim[], axisSize: number,
  outAxes: BatchDim | BatchDim[] | (() => BatchDim[]) = 0,
  // null: no name. The default is the name of the vmap whose rule is running (a body it batches).
  axisName: string | null = ruleAxisName ?? null,
): Tensor[] {
  const trace = new BatchTrace(currentTrace(), axisSize, axisName ?? undefined);
  const ins = args.map((a, i) => trace.wrap(a, inDims[i]));
  try {
    const outs = withTrace(trace, () => f(...ins));
    // outAxes may be a prefix tree of the output, so it can be a thunk resolved after tracing.
    const axes = typeof outAxes === 'function' ? outAxes() : outAxes;
    return outs.map((o, i) => {
      const [val, d] = trace.lift(o);
      const want = Array.isArray(axes) ? axes[i] : axes;
      if (want === null) {
        if (d !== null) throw new ArgumentError(`vmap: output ${i} (${o.aval}) is batched but outAxes says it is not (null); map it or return an unbatched value.`);
        return val;
      }
      return withTrace(trace.parent!, () => moveBatchAxis(val, d, validate.axis('vmap', want, o.ndim + 1, `outAxes of output ${i}: axis`), axisSize));
    });
  } finally {
    trace.alive = false;
  }
}

type AxisSpec = number | null | readonly unknown[] | { [k: string]: unknown };

export interface VmapOptions {
  /** Batch axis per argument: a number/null for all, or one entry (a number, null or pytree of those) per argument. */
  inAxes?: AxisSpec;
  /** Batch axis of the outputs: a number/null for all, or a pytree prefix of the output. */
  outAxes?: AxisSpec;
  /** A name for the mapped axis, for collectives inside f: lax.psum(x, name), lax.pmean, lax.axisIndex(name). */
  axisName?: string;
  /**
   * The batch size, for when no input is mapped (every inAxes entry null: the outputs are
   * broadcast to it) or as a check of the mapped inputs' size (JAX's axis_size).
   */
  axisSize?: number;
}

/** Expands an axis spec (a prefix tree) to one entry per leaf of `tree`. */
function broadcastSpec(spec: unknown, tree: unknown, what: string): BatchDim[] {
  if (spec === null || typeof spec === 'number') return treeFlatten(tree).leaves.map(() => spec as BatchDim);
  if (Array.isArray(spec) && Array.isArray(tree) && spec.length === tree.length) {
    return spec.flatMap((s, i) => broadcastSpec(s, tree[i], what));
  }
  if (spec && typeof spec === 'object' && tree && typeof tree === 'object' && !Array.isArray(tree)) {
    const keys = Object.keys(tree).sort();
    // An explicit null (unmapped) must survive: only a missing key defaults to axis 0.
    const s = spec as Record<string, unknown>;
    return keys.flatMap((k) => broadcastSpec(Object.hasOwn(s, k) && s[k] !== undefined ? s[k] : 0, (tree as Record<string, unknown>)[k], what));
  }
  throw new ArgumentError(`vmap: ${what} ${spec === undefined ? 'undefined' : JSON.stringify(spec)} does not match the structure of the values; give a number, null, or one entry per argument.`);
}

/**
 * Vectorises `f` over a batch axis of its arguments.
 * @example
 * const batchedNorm = vmap((v) => v.mul(v).sum().sqrt()); // [n, d] to [n]
 * batchedNorm(np.array([[3, 4], [6, 8]])); // → [5, 10]
 */
export function vmap<A extends unknown[], R>(f: (...args: A) => R, options: VmapOptions = {}): (...args: A) => R {
  validate.fn('vmap', f);
  // vmap(f, 1) reads like JAX's positional in_axes but would have been ignored (mapped axis 0).
  if (typeof options === 'number' || Array.isArray(options) || options === null) {
    throw new ArgumentError(`vmap: the second argument is the options object, got ${validate.describe(options)}; ` +
      `write vmap(f, { inAxes: ${JSON.stringify(options)} }) (JAX's in_axes).`);
  }
  const { inAxes = 0, outAxes = 0, axisName, axisSize } =
    validate.options<VmapOptions>('vmap', options, ['inAxes', 'outAxes', 'axisName', 'axisSize'], '{ inAxes: 1, outAxes: 0 }');
  if (axisName !== undefined && (typeof axisName !== 'string' || axisName === '')) {
    throw new ArgumentError(`vmap: axisName must be a non-empty string, got ${validate.describe(axisName)}.`);
  }
  if (axisSize !== undefined && !(Number.isInteger(axisSize) && axisSize >= 0)) {
    throw new ArgumentError(`vmap: axisSize must be a non-negative integer, got ${validate.describe(axisSize)}.`);
  }
  return ((...args: unknown[]) => {
    const flat = flattenArgs('vmap', args);
    const dims = broadcastSpec(inAxes, args, 'inAxes')
      .map((d, i) => (d === null ? null : validate.axis('vmap', d, flat.leaves[i].ndim, `inAxes of input ${i}: axis`)));
    let size: number | undefined = axisSize;
    dims.forEach((d, i) => {
      if (d === null) return;
      const n = flat.leaves[i].shape[d];
      if (size !== undefined && n !== size) {
        const other = axisSize !== undefined ? `the axisSize option is ${axisSize}` : `an earlier input has ${size}`;
        throw new ShapeError(`vmap: inconsistent sizes along the mapped axes: input ${i} (${flat.leaves[i].aval}) has ${n} ` +
          `along axis ${d}, ${other}. Every mapped input needs the same batch size.`);
      }
      size = n;
    });
    if (size === undefined) {
      throw new ArgumentError('vmap: no input is mapped (every inAxes entry is null); map at least one input, ' +
        'or give the batch size as { axisSize: n } to broadcast the outputs.');
    }
    let outTree: unknown;
    let outDef = flat.def;
    const outs = vmapFlat((...xs) => {
      const out = f(...treeUnflatten<A>(flat.def, xs));
      outTree = out;
      const o = flattenOutput('vmap', out);
      outDef = o.def;
      return o.leaves;
    // A user's vmap is named only by its own option (never by a rule that happens to be running).
    }, flat.leaves, dims, size, () => broadcastSpec(outAxes, outTree, 'outAxes'), axisName ?? null);
    return treeUnflatten(outDef, outs);
  }) as (...args: A) => R;
}
