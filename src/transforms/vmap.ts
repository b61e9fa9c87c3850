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

const isNode = (x: unknown): 'array' | 'object' | null =>
  Array.isArray(x) ? 'array' : typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype ? 'object' : null;

/**
 * Expands an axis spec to one entry per leaf of `tree`. The spec must be a tree prefix of the
 * values, as in JAX: a number or null stands for a whole subtree; a list only where the value is
 * a list of the same length, an object only where the value is a plain object with the same keys.
 * Anything else is an ArgumentError naming the path (a misspelt or missing key would otherwise
 * map a leaf on the wrong axis without a word).
 */
function broadcastSpec(spec: unknown, tree: unknown, what: string, path = ''): BatchDim[] {
  if (spec === null || typeof spec === 'number') return treeFlatten(tree).leaves.map(() => spec as BatchDim);
  const at = `${what}${path}`;
  const valueThere = path === '' ? (what === 'inAxes' ? 'the arguments' : 'the output') : `the value at ${path}`;
  const mismatch = (why: string) => new ArgumentError(`vmap: ${at} is ${describeSpec(spec)} but ${valueThere} ${why}; ${what} ` +
    'must be a tree prefix of the values: a number or null for a whole subtree, a list or object only where the value is one ' +
    '(same length, same keys).');
  const kind = isNode(spec);
  if (kind === 'array') {
    const s = spec as unknown[];
    if (!Array.isArray(tree)) throw mismatch(`is ${validate.describe(tree)}`);
    if (path === '' && what === 'inAxes' && s.length !== tree.length) {
      throw new ArgumentError(`vmap: inAxes has ${s.length} entries (${describeSpec(spec)}) but the function was called with ` +
        `${tree.length} argument(s); give one entry per argument, or one number (or null) for all.`);
    }
    if (s.length !== tree.length) throw mismatch(`has ${tree.length} entries`);
    return s.flatMap((x, i) => broadcastSpec(x, tree[i], what, `${path}[${i}]`));
  }
  if (kind === 'object') {
    const s = spec as Record<string, unknown>;
    if (isNode(tree) !== 'object') throw mismatch(`is ${validate.describe(tree)}`);
    const t = tree as Record<string, unknown>;
    const keys = Object.keys(t).sort(), specKeys = Object.keys(s).sort();
    const extra = specKeys.filter((k) => !Object.hasOwn(t, k)), missing = keys.filter((k) => !Object.hasOwn(s, k));
    if (extra.length > 0 || missing.length > 0) {
      throw mismatch(`has keys {${keys.join(', ')}}` + (extra.length > 0 ? `; no value has ${extra.map((k) => `'${k}'`).join(', ')}` : '') +
        (missing.length > 0 ? `; the spec lacks ${missing.map((k) => `'${k}'`).join(', ')} (give null to leave it unmapped)` : ''));
    }
    return keys.flatMap((k) => broadcastSpec(s[k], t[k], what, `${path}.${k}`));
  }
  throw new ArgumentError(`vmap: ${at} is ${describeSpec(spec)}; an axis spec is an integer axis, null (not mapped), or a list or ` +
    'object of them shaped like the values, e.g. { inAxes: [0, null] } or { inAxes: [{ w: null, x: 0 }] }.');
}

const describeSpec = (s: unknown): string => {
  if (s === undefined || typeof s === 'bigint' || typeof s === 'function' || typeof s === 'symbol') return validate.describe(s);
  try { return JSON.stringify(s) ?? validate.describe(s); } catch { return validate.describe(s); }
};

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
    const dims = broadcastSpec(inAxes, args, 'inAxes').map((d, i) => {
      if (d === null) return null;
      const leaf = flat.leaves[i];
      if (leaf.ndim === 0 && Number.isInteger(d)) {
        // JAX: "vmap was requested to map its argument along axis 0, which implies that its rank should be at least 1".
        const example = args.length > 1 && flat.leaves.length === args.length ? args.map((_, j) => (j === i ? 'null' : '0')).join(', ') : null;
        throw new ShapeError(`vmap: input ${i} (${leaf.aval}) is a scalar (rank 0) and cannot be mapped along axis ${d}; give it ` +
          `inAxes null${example ? `, e.g. { inAxes: [${example}] }` : ''}, or pass a batch of values.`);
      }
      return validate.axis('vmap', d, leaf.ndim, `inAxes of input ${i} (${leaf.aval}): axis`);
    });
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
