/**
 * WGSL for sort and the cumulative scans. Both work on rows: every index of the other axes
 * ("o") walks the sorted/scanned axis ("j"). Operands are read through the emitter, so an
 * elementwise producer is fused into the load.
 *
 * sort: one workgroup per row runs a bitonic sorting network in which every comparator puts the
 * smaller element at the lower position (the first merge step of each block compares mirrored
 * positions). A row of n is treated as padded to the next power of two P with +∞; a comparator
 * with a padded partner would never move anything, so it is skipped, and the padding needs no
 * memory. Elements are (key₁ … keyₖ, original position) as u32 words ordered like the keys (floats
 * by their bits: NaN last, -0 as +0), so every element is distinct and the result is the stable
 * sort. After sorting, each output element is its operand read at the original position.
 * Rows whose words fit in workgroup memory (16 KiB: P ≤ 2048 for one key) sort there; longer
 * rows sort the same network in scratch storage buffers (one dispatch, storage barriers), which
 * is correct for any length but runs a row on one workgroup: O(n log² n / lanes) per row; there the
 * late steps of each merge, whose comparators stay inside one lane's aligned block, run without
 * barriers between them (bench/RESULTS-sort.md).
 *
 * scan: few long rows get a workgroup each — every lane folds a contiguous chunk, a Hillis–Steele
 * scan of the chunk totals in workgroup memory gives each lane its prefix, and a second pass over
 * the chunk writes the running values (2n reads, work-efficient); many or short rows get one
 * invocation each, scanning sequentially.
 */
import { DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Var, eqnOf, paramsOf } from '../core/jaxpr.js';
import { computeDtype, type DType } from '../core/dtype.js';
import { Scope, storeStatement } from './emit.js';
import type { Graph } from './graph.js';
import { Ix, flatten, unflatten } from './ix.js';
import { Bindings, EmittedKernel, WG, grid, makeEnv, module } from './kernels.js';
import { literal, wgslType } from './lowering.js';
import type { PlannedKernel } from './plan.js';
import type { Target } from './target.js';

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Row iteration: the multi-index of position `pos` in row `o` (o over the other axes). */
function rowAt(shape: readonly number[], axis: number) {
  const kept = shape.filter((_, d) => d !== axis);
  const O = product(kept);
  const oIdx = unflatten(Ix.loopVar('o', O), kept);
  return { O, at: (pos: Ix): Ix[] => { let a = 0; return shape.map((_, d) => (d === axis ? pos : oIdx[a++])); } };
}

const SORT_KEY_F32 = `fn sortkey_f32(x: f32) -> u32 {
  if (fx_isnan(x)) { return 0xffffffffu; }
  let b = select(bitcast<u32>(x), 0u, x == 0.0);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}`;

/** The u32 word ordered like `v` of dtype `d` (JAX's sort order). */
function sortKey(v: string, d: DType): string {
  switch (computeDtype(d)) { // narrow types are held in their compute types (passes/widen-narrow.ts)
    case 'float32': return `sortkey_f32(${v})`;
    case 'int32': return `(bitcast<u32>(${v}) ^ 0x80000000u)`;
    case 'uint32': return v;
    case 'bool': return `select(0u, 1u, ${v})`;
    default: throw new DTypeError('sort on WebGPU: float64 cannot be sorted on the GPU; cast to float32 (x.astype("float32")) or use the CPU backend.');
  }
}

export function sortKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const eqn = graph.definition.get(k.writes[0])!.eqn;
  const { dimension, numKeys } = paramsOf(eqn, 'sort');
  const ins = eqn.inputs, outs = eqn.outs;
  const shape = ins[0].aval.shape, n = shape[dimension];
  const { O, at } = rowAt(shape, dimension);
  let P = 1;
  while (P < n) P *= 2;
  const words = numKeys + 1; // keys and the original position
  const inShared = P * 4 * words <= target.maxComputeWorkgroupStorageSize;
  const L = Math.max(1, Math.min(256, target.maxComputeInvocationsPerWorkgroup, Math.floor(P / 2)));
  // Block of positions a lane sorts on its own (barrier-free) in the network's late steps of each
  // merge: the steps whose comparators stay inside aligned blocks of B. Barriers are what a long
  // network costs on lavapipe (136 of them for 65536 elements; 52 this way, with 256 lanes).
  // Measured (bench/RESULTS-sort.md): it pays with storage barriers (long rows), not in workgroup
  // memory, where the lanes' serial block loops cost more than the barriers they save.
  const B = inShared ? 1 : Math.max(2, P / L);
  const b = new Bindings(k);
  const decls: string[] = [];
  // Word w of the element at position p of this row.
  let word: (w: number, p: string) => string;
  if (inShared) {
    for (let w = 0; w < words; w++) decls.push(`var<workgroup> sw${w}: array<u32, ${P}>;`);
    word = (w, p) => `sw${w}[${p}]`;
  } else {
    const names = Array.from({ length: words }, () => b.scratch(new Var(new ShapedArray([O * n], 'uint32'))));
    word = (w, p) => `${names[w]}[o * ${n}u + ${p}]`;
  }
  const barrier = inShared ? 'workgroupBarrier();' : 'storageBarrier();';
  const env = makeEnv(graph, stored, b);
  const outer = new Scope(env);

  // Load: the keys' words and the position.
  const load = outer.child();
  const keyWords = ins.slice(0, numKeys).map((a) => sortKey(load.value(a, at(Ix.loopVar('j', n))), a.aval.dtype));
  const loadLines = [...load.lines, ...keyWords.map((kw, w) => `${word(w, 'j')} = ${kw};`), `${word(numKeys, 'j')} = j;`];

  // (words at hi) < (words at lo), lexicographically; the position word makes it strict.
  let less = `${word(numKeys, 'hi')} < ${word(numKeys, 'lo')}`;
  for (let w = numKeys - 1; w >= 0; w--) {
    less = `(${word(w, 'hi')} < ${word(w, 'lo')} || (${word(w, 'hi')} == ${word(w, 'lo')} && ${less}))`;
  }
  const swaps = Array.from({ length: words }, (_, w) => `let t${w} = ${word(w, 'lo')}; ${word(w, 'lo')} = ${word(w, 'hi')}; ${word(w, 'hi')} = t${w};`);

  // Store: each output is its operand at the element's original position.
  const store = outer.child();
  const stores = ins.map((a, i) => {
    if (!k.writes.includes(outs[i])) return '';
    const v = store.value(a, at(Ix.opaque('p', n - 1)));
    return storeStatement(b.name(outs[i]), flatten(at(Ix.loopVar('j', n)), shape).wgsl(), v, outs[i]);
  });
  const { groups, id } = grid(O, 1, target);
  const body = `@compute @workgroup_size(${L}) fn main(@builtin(workgroup_id) gid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let o = ${id};
  if (o >= ${O}u) { return; }
  ${outer.lines.join('\n  ')}
  for (var j = lid.x; j < ${n}u; j += ${L}u) {
    ${loadLines.join('\n    ')}
  }
  ${barrier}
  for (var kk = 2u; kk <= ${P}u; kk <<= 1u) {
    var s = kk >> 1u;
    for (; s > ${Math.floor(B / 2)}u; s >>= 1u) {
      for (var t = lid.x; t < ${Math.floor(P / 2)}u; t += ${L}u) {
        let lo = (t / s) * 2u * s + t % s;
        let hi = select(lo + s, lo ^ (kk - 1u), s == (kk >> 1u));
        if (hi < ${n}u && ${less}) {
          ${swaps.join('\n          ')}
        }
      }
      ${barrier}
    }
    ${B === 1 ? '' : `// The steps with 2s ≤ ${B} stay inside aligned blocks of ${B}: each lane runs them on its own blocks, one barrier for all.
    for (var blk = lid.x; blk < ${Math.ceil(P / B)}u; blk += ${L}u) {
      for (var s2 = s; s2 > 0u; s2 >>= 1u) {
        for (var tl = 0u; tl < ${B / 2}u; tl++) {
          let t = blk * ${B / 2}u + tl;
          let lo = (t / s2) * 2u * s2 + t % s2;
          let hi = select(lo + s2, lo ^ (kk - 1u), s2 == (kk >> 1u));
          if (hi < ${n}u && ${less}) {
            ${swaps.join('\n            ')}
          }
        }
      }
    }
    ${barrier}`}
  }
  for (var j = lid.x; j < ${n}u; j += ${L}u) {
    let p = ${word(numKeys, 'j')};
    ${[...store.lines, ...stores.filter(Boolean)].join('\n    ')}
  }
}`;
  const stages = Math.log2(P) * (Math.log2(P) + 1) / 2;
  return {
    name: `SORT${inShared ? '' : 'G'}_${O}x${n}`,
    // The key helper goes with the body, where the module writer looks for the fx_ helpers it calls.
    wgsl: module(`${b.decls()}\n${decls.join('\n')}`, `${body.includes('sortkey_f32') ? `${SORT_KEY_F32}\n\n` : ''}${body}`, target),
    bound: b.bound, workgroups: groups,
    flops: O * (P / 2) * stages * words, bytes: 4 * O * n * (2 * ins.length + numKeys + 1),
  };
}

type ScanPrim = 'cumsum' | 'cumprod' | 'cummax' | 'cummin';

function combineOf(prim: ScanPrim, d: DType): (a: string, v: string) => string {
  const f = d === 'float32';
  switch (prim) {
    case 'cumsum': return (a, v) => `(${a} + ${v})`;
    case 'cumprod': return (a, v) => `(${a} * ${v})`;
    case 'cummax': return (a, v) => (f ? `fx_max(${a}, ${v})` : `max(${a}, ${v})`);
    case 'cummin': return (a, v) => (f ? `fx_min(${a}, ${v})` : `min(${a}, ${v})`);
  }
}

/** The identity of each scan: only combined with real values, never stored. */
function identityOf(prim: ScanPrim, d: DType): string {
  switch (prim) {
    case 'cumsum': return literal(0, d);
    case 'cumprod': return literal(1, d);
    case 'cummax': return d === 'float32' ? literal(-Infinity, d) : d === 'int32' ? literal(-2147483648, d) : '0u';
    case 'cummin': return d === 'float32' ? literal(Infinity, d) : d === 'int32' ? literal(2147483647, d) : '0xffffffffu';
  }
}

/** Lanes of the cooperative scan (a power of two). */
const SCAN_LANES = 64;

export function scanKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const w = k.writes[0];
  const eqn = eqnOf(graph.definition.get(w)!.eqn, 'cumsum', 'cumprod', 'cummax', 'cummin');
  const { prim, params: { axis, reverse } } = eqn;
  const x = eqn.inputs[0];
  const shape = x.aval.shape, n = shape[axis], d = w.aval.dtype, T = wgslType(d);
  const { O, at } = rowAt(shape, axis);
  const combine = combineOf(prim, d), init = identityOf(prim, d);
  const b = new Bindings(k);
  const outer = new Scope(makeEnv(graph, stored, b));
  // The element at scan step t: position j (from the end when reversed), loaded, and its store.
  const step = (acc: string, first: string, write: boolean) => {
    const s = outer.child();
    const pos = at(Ix.loopVar('j', n));
    const v = s.value(x, pos);
    return [`let j = ${reverse ? `${n - 1}u - t` : 't'};`, ...s.lines,
      `if (${first}) { ${acc} = ${v}; } else { ${acc} = ${combine(acc, v)}; }`,
      ...(write ? [storeStatement(b.name(w), flatten(pos, shape).wgsl(), acc, w)] : [])];
  };
  const coop = target.rowKernel ? target.rowKernel === 'workgroup' : O < 256 && n >= 256;
  let body: string, groups: [number, number, number];
  if (!coop) {
    const g = grid(O, WG, target);
    groups = g.groups;
    body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let o = ${g.id};
  if (o >= ${O}u) { return; }
  var acc: ${T} = ${init};
  for (var t = 0u; t < ${n}u; t++) {
    ${step('acc', 't == 0u', true).join('\n    ')}
  }
}`;
  } else {
    const g = grid(O, 1, target);
    groups = g.groups;
    const L = SCAN_LANES, C = Math.ceil(n / L);
    body = `var<workgroup> partial: array<${T}, ${L}>;

@compute @workgroup_size(${L}) fn main(@builtin(workgroup_id) gid: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let o = ${g.id};
  if (o >= ${O}u) { return; }
  let start = lid.x * ${C}u;
  let stop = min(start + ${C}u, ${n}u);
  var total: ${T} = ${init};
  for (var t = start; t < stop; t++) {
    ${step('total', 't == start', false).join('\n    ')}
  }
  partial[lid.x] = total;
  workgroupBarrier();
  for (var s = 1u; s < ${L}u; s <<= 1u) {
    var before: ${T} = ${init};
    if (lid.x >= s) { before = partial[lid.x - s]; }
    workgroupBarrier();
    if (lid.x >= s) { partial[lid.x] = ${combine('before', 'partial[lid.x]')}; }
    workgroupBarrier();
  }
  var acc: ${T} = ${init};
  if (lid.x > 0u) { acc = partial[lid.x - 1u]; }
  for (var t = start; t < stop; t++) {
    ${step('acc', 't == 0u', true).join('\n    ')}
  }
}`;
  }
  return {
    name: `SCAN${coop ? 'W' : ''}_${O}x${n}`, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: O * n * (coop ? 2 : 1), bytes: 4 * O * n * (coop ? 3 : 2),
  };
}
