/**
 * WGSL for each planned kernel. Every kernel binds the stored values it reads (read-only) and
 * writes (read_write), in that order; the emitter inlines everything else.
 *  - elementwise: one invocation per element of the (common) output shape;
 *  - row: one invocation per kept index; a loop over the reduced index per reduction (values
 *    in registers), then the outputs over the kept shape, then a loop writing full-shape outputs;
 *  - matmul: compiler/matmul.ts's tiled kernel with the operands and the epilogue inlined;
 *  - scatter: one invocation per output element, looping over the indices.
 */
import { Var, paramsOf } from '../core/jaxpr.js';
import { Scope, bufferDecl, storeStatement, type KernelEnv } from './emit.js';
import { Graph } from './graph.js';
import { Ix, flatten, unflatten } from './ix.js';
import { operandLayout, thinProduct } from './layout.js';
import { helperSource, helpersUsedBy, literal, reduceInit, reduceStep, wgslType } from './lowering.js';
import { emitMatmul, vec4AliasUseful, type MatmulOperand } from './matmul.js';
import { PlannedKernel, earlierOutputs, elementwiseIndex, matmulIndex, rowIndex, viaDefinition } from './plan.js';
import type { Binding, BufferSlot } from './program.js';
import { scanKernel, sortKernel } from './sort-scan-kernels.js';
import { linalgKernel } from './linalg-kernels.js';
import { convKernel } from './conv.js';
import type { Target } from './target.js';

export interface EmittedKernel {
  name: string;
  wgsl: string;
  /** Stored vars in binding order, and whether each is written. */
  bound: { v: Var; write: boolean; vec4?: boolean }[];
  workgroups: [number, number, number];
  flops: number;
  bytes: number;
}

export const WG = 64;
const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const dims = (s: readonly number[]) => (s.length ? s.join('x') : '1');

/** Workgroup counts for `n` invocations of `size`, folded into y past the per-dimension limit. */
export function grid(n: number, size: number, target: Target): { groups: [number, number, number]; id: string } {
  const g = Math.max(1, Math.ceil(n / size));
  const max = target.maxComputeWorkgroupsPerDimension;
  if (g <= max) return { groups: [g, 1, 1], id: 'gid.x' };
  const gx = max, gy = Math.ceil(g / gx);
  return { groups: [gx, gy, 1], id: `(gid.x + gid.y * ${gx * size}u)` };
}

export class Bindings {
  readonly bound: { v: Var; write: boolean; vec4?: boolean }[] = [];
  readonly names = new Map<Var, string>();
  constructor(k: PlannedKernel) {
    const writes = new Set(k.writes);
    for (const v of k.reads.keys()) if (!writes.has(v)) this.add(v, false);
    for (const v of k.writes) this.add(v, true);
  }
  private add(v: Var, write: boolean) {
    this.names.set(v, `b${this.bound.length}`);
    this.bound.push({ v, write });
  }
  /** A scratch buffer the kernel alone uses (a temporary the compiler allocates for this step). */
  scratch(v: Var): string {
    const name = `b${this.bound.length}`;
    this.bound.push({ v, write: true });
    return name;
  }
  /** A second, read-only `array<vec4<f32>>` view of a bound value (for 4-wide matmul loads). */
  vec4View(v: Var): string {
    const name = `b${this.bound.length}`;
    this.bound.push({ v, write: false, vec4: true });
    return name;
  }
  name(v: Var): string {
    const n = this.names.get(v);
    if (!n) throw new Error(`compiler: ${v.aval} is read but not bound (a planner bug; fluxion bug: please report).`);
    return n;
  }
  decls(): string {
    return this.bound.map(({ v, write, vec4 }, i) => (vec4
      ? `@group(0) @binding(${i}) var<storage, read> b${i}: array<vec4<f32>>;` : bufferDecl(i, `b${i}`, v, write))).join('\n');
  }
}

/** The `fx_` helper functions `code` calls, as WGSL text. */
export const helperText = (code: string, target: Target): string =>
  helpersUsedBy(code, target).map((h) => helperSource(h, target)).join('\n');

export function module(decls: string, body: string, target: Target): string {
  return [decls, helperText(body, target), body].filter(Boolean).join('\n\n');
}

export function emitKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  switch (k.kind) {
    case 'elementwise': return elementwiseKernel(k, graph, stored, target);
    case 'row': return rowKernel(k, graph, stored, target);
    case 'matmul': return matmulKernel(k, graph, stored, target);
    case 'scatter': return scatterKernel(k, graph, stored, target);
    case 'sort': return sortKernel(k, graph, stored, target);
    case 'linalg': return linalgKernel(k, graph, stored, target);
    case 'scan': return scanKernel(k, graph, stored, target);
  }
}

export function makeEnv(graph: Graph, stored: Set<Var>, b: Bindings, local: KernelEnv['local'] = () => undefined): KernelEnv {
  return { graph, local, stored: (v) => stored.has(v), load: (v) => b.name(v) };
}

/** Statements per element from which an elementwise kernel loops over its U elements instead of unrolling them (see elementwiseKernel). */
const LOOP_BODY_STATEMENTS = 12;
/** Statements per element up to which a body counts as short (memory-bound: x + 1, a copy, a cast). */
const SHORT_BODY_STATEMENTS = 4;
/** Elements from which a longer body still takes several elements per invocation (see elementwiseKernel). */
const MANY_ELEMENTS = 1 << 20;

/**
 * Elements each invocation of an elementwise kernel computes, for `n` elements and a body of `ops`
 * statements per element. Several consecutive elements per invocation mean fewer invocations to
 * schedule (costly on lavapipe) and independent work to interleave. Measured on lavapipe (4M
 * elements): x+1 takes 15 ms at 4 per invocation, 6.4 ms at 16; a 10-op transcendental chain is
 * compute-bound and about the same from 4 to 16.
 * Below MANY_ELEMENTS, a body longer than a short one runs one element per invocation. Why:
 * lavapipe's LLVM spent 0.7–1.4 s on each such kernel of the FACM step with 16 elements per
 * invocation, unrolled or looped (a concat's gather index math: 0.84 s unrolled, 0.73 s in a loop,
 * 0.15 s for one element), and the step's first call took 25 s cold against 7 s with one element
 * per invocation, at the same step time (bench/RESULTS.md, 2026-12-05). Huge arrays keep several
 * per invocation: a 4M-element 10-op chain ran 1.2–2× slower with one.
 */
function elementsPerInvocation(n: number, ops: number, target: Target): number {
  if (target.elementwiseUnroll !== undefined) return Math.max(1, Math.min(target.elementwiseUnroll, n));
  if (ops > SHORT_BODY_STATEMENTS && n < MANY_ELEMENTS) return 1;
  return Math.max(1, Math.min(n >= 65536 ? 16 : n >= 4096 ? 4 : 1, n));
}

function elementwiseKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const shape = k.writes[0].aval.shape;
  const n = product(shape);
  const b = new Bindings(k);
  const namer = { n: 0 };
  /** One copy of the body: the statements computing element `i` of every output, then its stores. */
  const element = (): { computed: number; stmts: string[] } => {
    const { idx } = elementwiseIndex(shape);
    // Outputs computed earlier in this pass are read from their registers, not their buffers.
    const earlier = earlierOutputs(shape);
    const scope = new Scope(makeEnv(graph, stored, b, earlier.local), undefined, namer);
    const stores = k.writes.map((w) => {
      const value = viaDefinition(w, graph, scope, idx);
      const reg = k.writes.length > 1 ? scope.bind(`out${w.id}`, value, wgslType(w.aval.dtype)) : value;
      earlier.record(w, reg);
      return storeStatement(b.name(w), 'i', reg, w);
    });
    return { computed: scope.lines.length, stmts: [...scope.lines, ...stores] };
  };
  const first = element();
  const ops = first.computed; // statements per element, for the FLOP estimate and the choices below
  const U = elementsPerInvocation(n, ops, target);
  // With several elements per invocation, a long body is written once inside a loop over the U
  // elements instead of U times: lavapipe's LLVM compile time grows with the unrolled code (a 16×
  // unrolled optimiser update took ~10 s to compile cold, bench/compile-probe.ts), and a long body
  // is compute-bound, so unrolling buys little at run time. Short (memory-bound) bodies stay unrolled.
  const looped = U > 1 && ops >= (target.elementwiseLoopStatements ?? LOOP_BODY_STATEMENTS);
  const block = (stmts: string[], i: string, guard: boolean) =>
    `{\n    let i = ${i};\n    ${guard ? `if (i < ${n}u) {\n    ` : ''}${stmts.join('\n    ')}${guard ? '\n    }' : ''}\n  }`;
  const blocks = U === 1 ? [first.stmts.join('\n  ')]
    : looped ? [`for (var eu = 0u; eu < ${U}u; eu++) ${block(first.stmts, `q * ${U}u + eu`, n % U !== 0)}`]
    : [first, ...Array.from({ length: U - 1 }, element)].map((e, u) => block(e.stmts, `q * ${U}u + ${u}u`, n % U !== 0 && u > 0));
  const invocations = Math.ceil(n / U);
  const { groups, id } = grid(invocations, WG, target);
  const body = U === 1 ? `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${id};
  if (i >= ${n}u) { return; }
  ${blocks[0]}
}` : `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let q = ${id};
  if (q >= ${invocations}u) { return; }
  ${blocks.join('\n  ')}
}`;
  return {
    name: `E_${dims(shape)}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: n * Math.max(1, ops), bytes: 4 * n * b.bound.length,
  };
}

/** Columns from which a reduction over leading axes runs one invocation per column (a workgroup of them). */
const COLUMN_LANES = 64;

/** Lanes per workgroup of the cooperative row kernel (a power of two). */
const ROW_LANES = 64;

function rowKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const shape = k.rowShape!, axes = k.rowAxes!;
  const { kept, O, I, oIdx, xIdx } = rowIndex(shape, axes);
  // Few long rows: a workgroup per row, or most of the machine would idle behind one lane.
  // But not when the reduced axes lead (a bias gradient's column sums over [1024, 256]): lanes of
  // one row would read elements O apart, while one invocation per column has neighbouring lanes
  // reading neighbouring elements of every row.
  const leading = axes.every((d, i) => d === i);
  const coop = target.rowKernel ? target.rowKernel === 'workgroup' : O < 1024 && I >= 1024 && !(leading && O >= COLUMN_LANES);
  const rowKey = flatten(oIdx, kept).key;
  const b = new Bindings(k);
  const ready = new Map<Var, string>();
  const env = makeEnv(graph, stored, b, (v, idx) => {
    const name = ready.get(v);
    return name !== undefined && flatten(idx, v.aval.shape).key === rowKey ? name : undefined;
  });
  const outer = new Scope(env);
  const lines: string[] = [];
  const shared: string[] = [];
  const flushOuter = () => { lines.push(...outer.lines.splice(0)); };
  const loop = coop ? `for (var j = lid.x; j < ${I}u; j += ${ROW_LANES}u) {` : `for (var j = 0u; j < ${I}u; j++) {`;
  /** Combines the lanes' partial results through workgroup memory; every lane gets the total. */
  const combineLanes = (arrays: [string, string, string][], combine: string[], result: string[]) => {
    for (const [name, t, v] of arrays) { shared.push(`var<workgroup> ${name}: array<${t}, ${ROW_LANES}>;`); lines.push(`${name}[lid.x] = ${v};`); }
    lines.push('workgroupBarrier();', `for (var s = ${ROW_LANES / 2}u; s > 0u; s >>= 1u) {`, '  if (lid.x < s) {',
      ...combine.map((c) => `    ${c}`), '  }', '  workgroupBarrier();', '}', ...result, 'workgroupBarrier();');
  };
  for (const r of k.reductions) {
    const eqn = graph.definition.get(r)!.eqn;
    const x = eqn.inputs[0];
    const dt = x.aval.dtype, t = wgslType(dt);
    const inner = outer.child();
    const v = inner.value(x, xIdx);
    flushOuter();
    const acc = `acc${r.id}`;
    if (eqn.prim === 'argmax') {
      const best = `best${r.id}`;
      const isnan = (e: string) => (dt === 'float32' ? `fx_isnan(${e})` : 'false');
      const better = dt === 'float32' ? `!fx_isnan(${best}) && (${v} > ${best} || fx_isnan(${v}))` : `${v} > ${best}`;
      lines.push(`var ${best}: ${t} = ${reduceInit('reduce_max', dt)};`, `var ${acc}: i32 = 0i;`,
        loop, ...inner.lines.map((l) => `  ${l}`), `  if (${better}) { ${best} = ${v}; ${acc} = i32(j); }`, '}');
      if (coop) {
        // Ties and NaNs resolve to the first index, as in the sequential loop.
        const [sv, si] = [`sv${r.id}`, `si${r.id}`];
        const [av, bv, ai, bi] = [`${sv}[lid.x]`, `${sv}[lid.x + s]`, `${si}[lid.x]`, `${si}[lid.x + s]`];
        const take = `(${isnan(bv)} && (!${isnan(av)} || ${bi} < ${ai})) || (!${isnan(av)} && (${bv} > ${av} || (${bv} == ${av} && ${bi} < ${ai})))`;
        combineLanes([[sv, t, best], [si, 'i32', acc]], [`if (${take}) { ${av} = ${bv}; ${ai} = ${bi}; }`], [`${acc} = ${si}[0];`]);
      }
    } else {
      const prim = eqn.prim as 'reduce_sum' | 'reduce_max';
      lines.push(`var ${acc}: ${t} = ${reduceInit(prim, dt)};`, loop,
        ...inner.lines.map((l) => `  ${l}`), `  ${acc} = ${reduceStep(prim, acc, v, dt)};`, '}');
      if (coop) {
        const sv = `sv${r.id}`;
        combineLanes([[sv, t === 'bool' ? 'u32' : t, t === 'bool' ? `select(0u, 1u, ${acc})` : acc]],
          [t === 'bool' ? `${sv}[lid.x] = ${sv}[lid.x] | ${sv}[lid.x + s];` : `${sv}[lid.x] = ${reduceStep(prim, `${sv}[lid.x]`, `${sv}[lid.x + s]`, dt)};`],
          [t === 'bool' ? `${acc} = ${sv}[0] != 0u;` : `${acc} = ${sv}[0];`]);
      }
    }
    ready.set(r, acc);
  }
  const fullWrites = k.writes.filter((w) => !k.reductions.includes(w) && sameShape(w.aval.shape, shape) && !sameShape(shape, kept));
  const rowWrites = k.writes.filter((w) => !fullWrites.includes(w));
  for (const w of rowWrites) {
    const v = k.reductions.includes(w) ? ready.get(w)! : viaDefinition(w, graph, outer, oIdx);
    flushOuter();
    const st = storeStatement(b.name(w), 'o', v, w);
    lines.push(coop ? `if (lid.x == 0u) { ${st} }` : st);
  }
  if (fullWrites.length) {
    const inner = outer.child();
    const stores = fullWrites.map((w) => storeStatement(b.name(w), flatten(xIdx, shape).wgsl(), viaDefinition(w, graph, inner, xIdx), w));
    flushOuter();
    lines.push(loop, ...[...inner.lines, ...stores].map((l) => `  ${l}`), '}');
  }
  const { groups, id } = coop ? grid(O, 1, target) : grid(O, WG, target);
  const header = coop
    ? `@compute @workgroup_size(${ROW_LANES}) fn main(@builtin(workgroup_id) gid: vec3u, @builtin(local_invocation_id) lid: vec3u) {`
    : `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {`;
  const body = `${header}
  let o = ${id};
  if (o >= ${O}u) { return; }
  ${lines.join('\n  ')}
}`;
  return {
    name: `R${coop ? 'W' : ''}_${dims(kept)}_${dims(axes.map((d) => shape[d]))}`, wgsl: module(`${b.decls()}\n${shared.join('\n')}`, body, target),
    bound: b.bound, workgroups: groups,
    flops: O * I * (k.reductions.length + fullWrites.length), bytes: 4 * (O * I * (k.reductions.length + fullWrites.length) + O * rowWrites.length),
  };
}

function matmulKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const d = k.dot!;
  const eqn = graph.definition.get(d)!.eqn;
  if (eqn.prim === 'conv_general_dilated') return convKernel(k, graph, stored, target);
  const { B, M, N, K, xFree, yFree, contract, batch } = matmulIndex(d, graph);
  if (d.aval.dtype !== 'float32' || thinProduct(M, N, K)) return dotLoopKernel(k, graph, stored, target);
  const [x, y] = eqn.inputs;
  const b = new Bindings(k);
  const out = k.writes[0];
  if (k.writes.length !== 1) throw new Error('compiler: a matmul kernel writes exactly one value (a planner bug; fluxion bug: please report).');
  // The dot's output index from (b, m, n): batch dims, then lhs free dims, then rhs free dims.
  const bShape = batch[0].map((a) => x.aval.shape[a]);
  const mShape = xFree.map((a) => x.aval.shape[a]), nShape = yFree.map((a) => y.aval.shape[a]);
  const kShape = contract[0].map((a) => x.aval.shape[a]);
  const place = (rank: number, groups: [readonly number[], Ix[]][]) => {
    const idx: Ix[] = new Array(rank);
    for (const [ds, ix] of groups) ds.forEach((a, i) => { idx[a] = ix[i]; });
    return idx;
  };
  const at = (s: string, extent: number) => (/^[a-z_][a-z0-9_]*$/i.test(s) ? Ix.loopVar(s, extent) : Ix.opaque(s, extent - 1));
  const operand = (which: 0 | 1): MatmulOperand => {
    const a = which === 0 ? x : y;
    const free = which === 0 ? xFree : yFree, fShape = which === 0 ? mShape : nShape;
    const idxOf = (bb: Ix, i: Ix, j: Ix) => {
      // A is (b, m, k); B is (b, k, n).
      const [fIx, kIx] = which === 0 ? [i, j] : [j, i];
      return place(a.aval.ndim, [[batch[which], unflatten(bb, bShape)], [free, unflatten(fIx, fShape)], [contract[which], unflatten(kIx, kShape)]]);
    };
    const [rows, cols] = which === 0 ? [M, K] : [K, N];
    const op: MatmulOperand = {
      load: (bs, is, js) => new Scope(makeEnv(graph, stored, b), undefined, undefined, true)
        .value(a, idxOf(at(bs, B), at(is, rows), at(js, cols))),
    };
    if (a instanceof Var && stored.has(a) && a.aval.dtype === 'float32') {
      const layout = operandLayout(a.aval.shape, batch[which], free, contract[which], which);
      if (layout) op.plain = { buffer: b.name(a), ...layout };
    }
    return op;
  };
  let accIdxKey = '';
  const env = makeEnv(graph, stored, b, (v, idx) => (v === d && flatten(idx, d.aval.shape).key === accIdxKey ? '__acc__' : undefined));
  // The stored value's index for the dot's index (b, m, n): the same, or permuted (transposed store).
  const storedIndex = (idx: Ix[]) => (k.storePerm ? k.storePerm.map((p) => idx[p]) : idx);
  const outIdx = (bs: string, ms: string, ns: string) =>
    [...unflatten(at(bs, B), bShape), ...unflatten(at(ms, M), mShape), ...unflatten(at(ns, N), nShape)];
  const spec = {
    name: `MM_${B > 1 ? `${B}x` : ''}${M}x${N}x${K}`,
    batch: B, m: M, n: N, k: K,
    a: operand(0), b: operand(1),
    epilogue: (acc: string, bs: string, ms: string, ns: string) => {
      if (out === d) return acc;
      const idx = outIdx(bs, ms, ns);
      accIdxKey = flatten(idx, d.aval.shape).key;
      const scope = new Scope(env, undefined, undefined, true);
      return viaDefinition(out, graph, scope, storedIndex(idx)).replaceAll('__acc__', `(${acc})`);
    },
    store: (v: string, bs: string, ms: string, ns: string) =>
      storeStatement(b.name(out), flatten(storedIndex(outIdx(bs, ms, ns)), out.aval.shape).wgsl(), v, out),
    output: b.name(out),
    declarations: '',
    target,
  };
  // B (and A where the variant uses it) read 4-wide through a vec4 view of the same buffer:
  // 1.5x faster on lavapipe than four scalar loads (bench/matmul-variants.ts).
  for (const [which, op, v] of [['a', spec.a, x], ['b', spec.b, y]] as const) {
    if (op.plain && v instanceof Var && vec4AliasUseful(spec, which)) op.plain.vec4Buffer = b.vec4View(v);
  }
  // Declarations include the helpers the inlined prologue/epilogue use: generate once, then again with them.
  const first = emitMatmul({ ...spec, declarations: b.decls() });
  const helpers = helperText(first.wgsl, target);
  const emitted = helpers ? emitMatmul({ ...spec, declarations: `${b.decls()}\n${helpers}` }) : first;
  return {
    name: spec.name, wgsl: emitted.wgsl, bound: b.bound, workgroups: emitted.workgroups,
    flops: 2 * B * M * N * K, bytes: 4 * (B * M * K + B * K * N + B * M * N),
  };
}

/** A dot_general as one invocation per output element looping over the contraction (epilogue fused). */
function dotLoopKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const d = k.dot!;
  const eqn = graph.definition.get(d)!.eqn;
  const { B, M, N, K, xFree, yFree, contract, batch } = matmulIndex(d, graph);
  const [x, y] = eqn.inputs;
  const out = k.writes[0];
  const b = new Bindings(k);
  const shape = d.aval.shape, n = product(shape);
  const { idx } = elementwiseIndex(shape);
  const nb = batch[0].length, nm = xFree.length;
  const kIdx = unflatten(Ix.loopVar('j', K), contract[0].map((a) => x.aval.shape[a]));
  const operandIdx = (rank: number, bd: readonly number[], free: readonly number[], cd: readonly number[], freeIdx: Ix[]) => {
    const ix: Ix[] = new Array(rank);
    bd.forEach((a, i) => { ix[a] = idx[i]; });
    free.forEach((a, i) => { ix[a] = freeIdx[i]; });
    cd.forEach((a, i) => { ix[a] = kIdx[i]; });
    return ix;
  };
  const ownKey = flatten(idx, shape).key;
  const env = makeEnv(graph, stored, b, (v, ix) => (v === d && flatten(ix, shape).key === ownKey ? 'acc' : undefined));
  const scope = new Scope(env);
  const inner = scope.child();
  const av = inner.value(x, operandIdx(x.aval.ndim, batch[0], xFree, contract[0], idx.slice(nb, nb + nm)));
  const bv = inner.value(y, operandIdx(y.aval.ndim, batch[1], yFree, contract[1], idx.slice(nb + nm)));
  const t = wgslType(d.aval.dtype);
  const loopLines = [...inner.lines];
  const vIdx = k.storePerm ? k.storePerm.map((p) => idx[p]) : idx;
  const value = out === d ? 'acc' : viaDefinition(out, graph, scope, vIdx);
  const offset = k.storePerm ? flatten(vIdx, out.aval.shape).wgsl() : 'i';
  const { groups, id } = grid(n, WG, target);
  const body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${id};
  if (i >= ${n}u) { return; }
  var acc: ${t} = ${literal(0, d.aval.dtype)};
  for (var j = 0u; j < ${K}u; j++) {
    ${loopLines.join('\n    ')}
    ${d.aval.dtype === 'bool' ? `acc = acc | (${av} & ${bv});` : `acc = acc + ${av} * ${bv};`}
  }
  ${[...scope.lines, storeStatement(b.name(out), offset, value, out)].join('\n  ')}
}`;
  return {
    name: `MMV_${B > 1 ? `${B}x` : ''}${M}x${N}x${K}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: 2 * B * M * N * K, bytes: 4 * (B * M * K + B * K * N + B * M * N),
  };
}

function scatterKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const s = k.writes[0];
  const eqn = graph.definition.get(s)!.eqn;
  if (eqn.prim === 'scatter_nd') return scatterNdKernel(k, graph, stored, target);
  const [x, ind, upd] = eqn.inputs;
  const { axis } = paramsOf(eqn, 'scatter_add');
  const shape = x.aval.shape, n = product(shape), len = shape[axis];
  const b = new Bindings(k);
  const scope = new Scope(makeEnv(graph, stored, b));
  const { idx } = elementwiseIndex(shape);
  const start = scope.value(x, idx);
  const inner = scope.child();
  const jIdx = unflatten(Ix.loopVar('j', ind.aval.size), ind.aval.shape);
  const target_ = inner.value(ind, jIdx);
  const u = inner.value(upd, [...idx.slice(0, axis), ...jIdx, ...idx.slice(axis + 1)]);
  const t = wgslType(s.aval.dtype);
  const body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${grid(n, WG, target).id};
  if (i >= ${n}u) { return; }
  ${scope.lines.join('\n  ')}
  var acc: ${t} = ${start};
  for (var j = 0u; j < ${ind.aval.size}u; j++) {
    ${inner.lines.join('\n    ')}
    if (u32(clamp(${target_}, 0i, ${len - 1}i)) == ${idx[axis].wgsl()}) { acc = acc + ${u}; }
  }
  ${storeStatement(b.name(s), 'i', 'acc', s)}
}`;
  return {
    name: `S_${dims(shape)}_${ind.aval.size}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: grid(n, WG, target).groups,
    flops: n * ind.aval.size, bytes: 4 * (n * 2 + ind.aval.size + upd.aval.size),
  };
}

/** What both scatter_nd kernels read off the equation: operands, parameters and sizes. */
function scatterNdParts(k: PlannedKernel, graph: Graph) {
  const s = k.writes[0];
  const eqn = graph.definition.get(s)!.eqn;
  const [x, ind, upd] = eqn.inputs;
  const { axes, mode, op } = paramsOf(eqn, 'scatter_nd');
  const shape = x.aval.shape, n = product(shape);
  // nb leading axes of the index array enumerate the N tuples; its last axis holds one index per scattered axis.
  const nb = ind.aval.ndim - 1, N = product(ind.aval.shape.slice(0, nb));
  return { s, x, ind, upd, axes, mode, op, shape, n, nb, N };
}
type ScatterNdParts = ReturnType<typeof scatterNdParts>;

/**
 * scatter_nd, deterministically and without atomics (WGSL has no float atomics): one invocation
 * per output element scans every index tuple in order and combines the updates that land on it.
 * The result is the CPU interpreter's, bit for bit in the order of combination (so a repeated
 * 'set' keeps the last update on both backends). This variant serves booleans and scatters of
 * single elements; rows go to scatterNdRowsKernel. The plan stores costly indices and updates
 * (plan.ts), so the loop only loads them. See README "Indexing and functional updates".
 */
function scatterNdKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const parts = scatterNdParts(k, graph);
  const { s, x, ind, upd, axes, mode, op, shape, n, nb, N } = parts;
  if (s.aval.dtype !== 'bool' && n / product(axes.map((a) => shape[a])) >= 2) return scatterNdRowsKernel(k, parts, graph, stored, target);
  const b = new Bindings(k);
  const scope = new Scope(makeEnv(graph, stored, b));
  const { idx } = elementwiseIndex(shape);
  const start = scope.value(x, idx);
  const inner = scope.child();
  const jIdx = unflatten(Ix.loopVar('j', N), ind.aval.shape.slice(0, nb));
  const hits = axes.map((a, m) => {
    const t = inner.value(ind, [...jIdx, Ix.const(m)]);
    const len = shape[a];
    return mode === 'clip' ? `(u32(clamp(${t}, 0i, ${len - 1}i)) == ${idx[a].wgsl()})` : `(${t} == i32(${idx[a].wgsl()}))`;
  });
  // The update is read only for a tuple that hits this element (most do not).
  const hit = inner.child();
  const u = hit.value(upd, [...jIdx, ...idx.filter((_, d) => !axes.includes(d))]);
  const d = s.aval.dtype, t = wgslType(d), f = d === 'float32';
  const step = op === 'set' ? u : op === 'add' ? `acc + ${u}` : op === 'mul' ? `acc * ${u}`
    : `${f ? 'fx_' : ''}${op}(acc, ${u})`;
  const { groups, id } = grid(n, WG, target);
  const body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${id};
  if (i >= ${n}u) { return; }
  ${scope.lines.join('\n  ')}
  var acc: ${t} = ${start};
  for (var j = 0u; j < ${N}u; j++) {
    ${inner.lines.join('\n    ')}
    if (${hits.join(' && ')}) {
      ${[...hit.lines, `acc = ${step};`].join('\n      ')}
    }
  }
  ${storeStatement(b.name(s), 'i', 'acc', s)}
}`;
  return {
    name: `SND_${op}_${dims(shape)}_${N}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: n * N, bytes: 4 * (n * 2 + ind.aval.size + upd.aval.size),
  };
}

/** Rest elements per invocation of the row variant. */
const ROW_CHUNK = 64;

/**
 * scatter_nd when each position carries a row of R ≥ 2 elements (the axes not indexed): one
 * invocation per (position, chunk of up to 64 of its row) copies the operand's chunk, then scans
 * the tuples once and applies each hit to the whole chunk. The tuple scan is done R/64 times per
 * position instead of R times (a 256-row update of a 1000×64 array: 1000 scans instead of 64 000),
 * in the same order as the CPU interpreter. Each output element belongs to one invocation, so
 * its read-modify-writes need no atomics.
 */
function scatterNdRowsKernel(k: PlannedKernel, parts: ScatterNdParts, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const { s, x, ind, upd, axes, mode, op, shape, n, nb, N } = parts;
  const posShape = axes.map((a) => shape[a]), P = product(posShape);
  const restShape = shape.filter((_, d) => !axes.includes(d)), R = product(restShape);
  const C = Math.min(R, ROW_CHUNK), blocks = Math.ceil(R / C);
  const b = new Bindings(k);
  const scope = new Scope(makeEnv(graph, stored, b));
  const pos = unflatten(Ix.loopVar('p', P), posShape), rest = unflatten(Ix.loopVar('r', R), restShape);
  let q = 0;
  const full = shape.map((_, d) => (axes.includes(d) ? pos[axes.indexOf(d)] : rest[q++]));
  const out = b.name(s), off = flatten(full, shape).wgsl();
  // Copy the operand's chunk.
  const copy = scope.child();
  const start = copy.value(x, full);
  // Scan the tuples; on a hit, combine the update into every element of the chunk.
  const inner = scope.child();
  const jIdx = unflatten(Ix.loopVar('j', N), ind.aval.shape.slice(0, nb));
  const hits = axes.map((a, m) => {
    const t = inner.value(ind, [...jIdx, Ix.const(m)]);
    const e = pos[m].wgsl();
    return mode === 'clip' ? `(u32(clamp(${t}, 0i, ${shape[a] - 1}i)) == ${e})` : `(${t} == i32(${e}))`;
  });
  const hit = inner.child();
  const u = hit.value(upd, [...jIdx, ...rest]);
  const cur = `${out}[${off}]`;
  const step = op === 'set' ? u : op === 'add' ? `${cur} + ${u}` : op === 'mul' ? `${cur} * ${u}`
    : `${s.aval.dtype === 'float32' ? 'fx_' : ''}${op}(${cur}, ${u})`;
  const { groups, id } = grid(P * blocks, WG, target);
  const body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = ${id};
  if (i >= ${P * blocks}u) { return; }
  let p = i / ${blocks}u;
  let r0 = (i % ${blocks}u) * ${C}u;
  let r1 = min(r0 + ${C}u, ${R}u);
  ${scope.lines.join('\n  ')}
  for (var r = r0; r < r1; r++) {
    ${[...copy.lines, `${cur} = ${start};`].join('\n    ')}
  }
  for (var j = 0u; j < ${N}u; j++) {
    ${inner.lines.join('\n    ')}
    if (${hits.join(' && ')}) {
      for (var r = r0; r < r1; r++) {
        ${[...hit.lines, `${cur} = ${step};`].join('\n        ')}
      }
    }
  }
}`;
  return {
    name: `SNDR_${op}_${dims(shape)}_${N}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: P * blocks * N + N * R, bytes: 4 * (n * 2 + ind.aval.size + upd.aval.size),
  };
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export type { Binding, BufferSlot };
