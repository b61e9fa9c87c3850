/**
 * The matmul kernel generator of the jit compiler: C[b, m, n] = store(epilogue(Σ_k A[b,m,k]·B[b,k,n])).
 * The caller (fusion) supplies how to read A and B (fused prologues), the epilogue and the store,
 * plus the module-scope declarations; this file only writes the loop nest. Sizes are static, so
 * every bound is baked into the WGSL and edge handling is decided at generation time: loops over
 * the full tiles run without guards, the K remainder is emitted as a separate unrolled tail, and
 * out-of-range rows/columns read a clamped (valid) element whose result is never stored.
 *
 * Three variants, chosen per adapter by chooseMatmulKernel (target.ts), because the adapters rank
 * them in opposite orders (docs/webgpu.md):
 * - 'subgroup' (lavapipe): 8 rows × 4 columns per invocation, A read once per lane and shared with
 *   subgroupBroadcast; no shared memory (a workgroupBarrier makes lavapipe spill every live value).
 * - 'tiled' (real GPUs): 64×64 shared-memory tiles, 16×16 threads, 4×4 outputs per thread.
 * - 'register' (no subgroups): 4×4 register block per invocation, no shared memory.
 *
 * Identifiers starting with `mm_` are reserved for the generated code; the caller's declarations
 * and expressions must not use them.
 */
import { chooseMatmulKernel, type MatmulKernel, type Target } from './target.js';
import { ResourceError } from '../core/errors.js';

export interface MatmulOperand {
  /** WGSL f32 expression for element (batch b, row i, col j) given u32 WGSL expressions b,i,j. For A: (b, m, k); for B: (b, k, n). May read any buffers declared in `declarations` and apply elementwise functions (fused prologue). */
  load(b: string, i: string, j: string): string;
  /** Set when the operand is exactly a row-major buffer read: element offset = b*batchStride + i*rowStride + j*colStride (colStride 1 means contiguous rows → vector loads possible). */
  plain?: {
    buffer: string;
    batchStride: number;
    rowStride: number;
    colStride: number;
    /**
     * Optional: the name of an `array<vec4f>` read-only view of the same buffer, declared by the
     * caller in `declarations` (a second binding of the same GPUBuffer; read-only aliasing is
     * legal). Used for 4-wide reads along j when they are aligned (see vec4AliasUseful): on
     * lavapipe one vec4 load is one bounds check instead of four.
     */
    vec4Buffer?: string;
  };
  /**
   * Set (A only) when the operand is an implicit im2col over a stored, channels-contiguous input:
   * k = window · channels + c, and element (b, m, k) is `buffer[base + c]` where `base`, and
   * whether the window position lies inside the input, depend only on (b, m, window). The
   * subgroup variant then loops over window positions outside a loop over channels and works out
   * each row's base once per window position instead of once per k (about 10 % less lavapipe CPU
   * for a 3×3 layer, 64×32×28×28 → 64 channels, in two A/B pairs; the kernel then runs as fast as a
   * plain matmul of the patch matrix). `channels` must be a multiple of 8 and k = windows ·
   * channels; other variants use `load`.
   */
  windowed?: {
    buffer: string;
    windows: number;
    channels: number;
    /** WGSL u32 offset of channel 0 at (b, m, window), valid (clamped) even when outside; `inside`: WGSL bool, or '' when always inside. */
    row(b: string, m: string, window: string): { base: string; inside: string };
  };
}

export interface MatmulSpec {
  name: string;            // kernel name, e.g. MM_1024x1024x1024 (caller provides)
  batch: number; m: number; n: number; k: number;
  a: MatmulOperand; b: MatmulOperand;
  /** Scalar f32 WGSL expression of the final value at (b, m, n) from the accumulated dot product `acc` (fused epilogue: bias, activation...). Identity: (acc) => acc. */
  epilogue(acc: string, b: string, m: string, n: string): string;
  /** Writes: return a WGSL statement storing value `v` (f32 expr) for output element (b,m,n) — the caller decides the output buffer/layout. */
  store(v: string, b: string, m: string, n: string): string;
  /** WGSL name of the array `store` writes: the epilogue store loop takes its trip count from its arrayLength (storeBlock). */
  output: string;
  /** Module-scope WGSL (buffer declarations `@group(0) @binding(i) var<storage,...> name: array<f32>;` and helper fns), provided by the caller, pasted at top. You must not declare bindings yourself; if you need the `enable subgroups;` directive, put it first in the module. */
  declarations: string;
  target: Target;
  /** Optional generation knobs, for benchmarks and specs; defaults are the tuned values. */
  tuning?: MatmulTuning;
}

/** Knobs of the generated loop nests (bench/matmul-variants.ts measures them). */
export interface MatmulTuning {
  /** subgroup: rows per invocation (1..16; default 8). */
  rows?: number;
  /** subgroup: workgroup width in invocations, a multiple of 8 (default 32, less for narrow n). */
  width?: number;
}

export interface MatmulEmitted {
  wgsl: string;
  workgroups: [number, number, number];
  /** The variant actually emitted ('subgroup' falls back to 'register' without size-8 subgroups). */
  variant: MatmulKernel;
}

/**
 * WGSL for one matmul kernel with the caller's prologue loads, epilogue and store.
 * @example
 * const { wgsl, workgroups } = emitMatmul({ name: 'MM_4x4x4', batch: 1, m: 4, n: 4, k: 4,
 *   a: { load: (b, i, j) => `A[${i} * 4u + ${j}]` }, b: { load: (b, i, j) => `B[${i} * 4u + ${j}]` },
 *   epilogue: (acc) => acc, store: (v, b, i, j) => `C[${i} * 4u + ${j}] = ${v};`, output: 'C',
 *   declarations: DECLS, target: DEFAULT_TARGET });
 */
export function emitMatmul(spec: MatmulSpec): MatmulEmitted {
  for (const d of ['batch', 'm', 'n', 'k'] as const) {
    if (!Number.isInteger(spec[d]) || spec[d] < 0) throw new Error(`emitMatmul(${spec.name}): ${d} must be a non-negative integer, got ${spec[d]} (fluxion bug: please report)`);
  }
  const variant = usableVariant(spec.target);
  if (spec.batch * spec.m * spec.n === 0) {
    // Empty output: nothing to store (a zero-workgroup dispatch is a valid no-op).
    return { wgsl: `${header(spec, false)}@compute @workgroup_size(1) fn main() {}\n`, workgroups: [0, 1, 1], variant };
  }
  // The caller's callbacks get atomic expressions (identifiers or parenthesised), so `${i} * 4u` is safe.
  const s: MatmulSpec = {
    ...spec,
    a: { ...spec.a, load: (b, i, j) => spec.a.load(par(b), par(i), par(j)) },
    b: { ...spec.b, load: (b, i, j) => spec.b.load(par(b), par(i), par(j)) },
    epilogue: (acc, b, i, j) => spec.epilogue(par(acc), par(b), par(i), par(j)),
    store: (v, b, i, j) => spec.store(v, par(b), par(i), par(j)),
  };
  const out = variant === 'subgroup' ? emitSubgroup(s) : variant === 'tiled' ? emitTiled(s) : emitRegister(s);
  return { ...out, variant };
}

/** The variant emitMatmul will use on `target`. */
export function usableVariant(target: Target): MatmulKernel {
  const v = chooseMatmulKernel(target);
  if (v === 'subgroup' && !(target.subgroups && target.subgroupSize === 8)) return 'register';
  return v;
}

/**
 * Whether a `vec4Buffer` alias of operand `which` would be used, so the caller spends a binding
 * only where it helps. The operand must be plain with colStride 1, row and batch strides that are
 * multiples of 4 and a j extent (k for A, n for B) that is a multiple of 4. The subgroup variant
 * reads B 4-wide along n (1.5x faster on lavapipe at 1024³ than four scalar reads: each storage
 * read is scalarised per lane with a bounds check); the register variant reads A 4-wide along k
 * and B along n; the tiled variant uses neither. (Reading A 4-wide in the subgroup variant and
 * broadcasting vec4s was measured 2-3x slower, so it is not done.)
 * @example if (vec4AliasUseful(spec, 'b')) declare `Bv: array<vec4f>` and set spec.b.plain.vec4Buffer = 'Bv'.
 */
export function vec4AliasUseful(spec: Pick<MatmulSpec, 'a' | 'b' | 'n' | 'k' | 'target'>, which: 'a' | 'b'): boolean {
  return vec4ViewUsed(spec.target, which, spec[which].plain, which === 'a' ? spec.k : spec.n);
}

/** The strides of a plain operand: element (b, i, j) at b·batchStride + i·rowStride + j·colStride. */
export type OperandLayout = Pick<Plain, 'batchStride' | 'rowStride' | 'colStride'>;

/**
 * vec4AliasUseful for an operand laid out as `layout` (undefined: not a plain read) whose j extent
 * is `extent`: lets the compiler choose a layout before any kernel exists (passes/rhs-layout.ts).
 */
export function vec4ViewUsed(target: Target, which: 'a' | 'b', layout: OperandLayout | undefined, extent: number): boolean {
  if (!layout || !vec4Layout(layout, extent)) return false;
  const v = usableVariant(target);
  return v === 'register' || (v === 'subgroup' && which === 'b');
}

// ---------------------------------------------------------------------------------------------
// Shared pieces.

type Plain = NonNullable<MatmulOperand['plain']>;

const u = (x: number): string => `${x}u`;
const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

const vec4Layout = (p: OperandLayout, extent: number): boolean =>
  p.colStride === 1 && p.rowStride % 4 === 0 && p.batchStride % 4 === 0 && extent % 4 === 0;

/** `e` as an operand that binds tighter than any operator: an identifier, member or literal, else parenthesised. */
const par = (e: string): string => (/^[\w.]+$/.test(e) || /^\([^()]*\)$/.test(e) ? e : `(${e})`);
/** `e * stride` as WGSL, simplified for strides 0 and 1; '' for 0. */
const scaled = (e: string, stride: number): string =>
  stride === 0 ? '' : stride === 1 ? e : `${par(e)} * ${u(stride)}`;
/** Sum of WGSL u32 terms, skipping empty ones. */
const sum = (...terms: string[]): string => {
  const t = terms.filter((x) => x !== '');
  return t.length === 0 ? '0u' : t.join(' + ');
};

function header(spec: MatmulSpec, subgroups: boolean): string {
  const needEnable = subgroups && !/\benable\s+[^;]*\bsubgroups\b/.test(spec.declarations);
  return `${needEnable ? 'enable subgroups;\n' : ''}// ${spec.name}: batch ${spec.batch}, ${spec.m}x${spec.k} · ${spec.k}x${spec.n}\n${spec.declarations}\n`;
}

/**
 * Workgroup grid: (x, y, batch) directly when each fits maxComputeWorkgroupsPerDimension, else
 * one linear index folded over x, y, z (the surplus workgroups return at once; workgroup_id is
 * uniform, so the early return keeps barriers and subgroup ops in uniform control flow).
 * Defines mm_gx, mm_gy, mm_bt.
 */
function grid(gx: number, gy: number, gb: number, maxDim: number): { wgsl: string; workgroups: [number, number, number] } {
  if (gx <= maxDim && gy <= maxDim && gb <= maxDim) {
    return { wgsl: `  let mm_gx = mm_wid.x; let mm_gy = mm_wid.y; let mm_bt = ${gb === 1 ? '0u' : 'mm_wid.z'};`, workgroups: [gx, gy, gb] };
  }
  const total = gx * gy * gb;
  const X = Math.min(total, maxDim);
  const rest = ceilDiv(total, X);
  const Y = Math.min(rest, maxDim);
  const Z = ceilDiv(rest, Y);
  if (Z > maxDim) throw new ResourceError(`matmul: a grid of ${total} workgroups exceeds this adapter's ${maxDim}^3; split the product into smaller matmuls (fewer batch entries or rows at once).`);
  return {
    wgsl: [
      `  let mm_lin = mm_wid.x + ${u(X)} * (mm_wid.y + ${u(Y)} * mm_wid.z);`,
      `  if (mm_lin >= ${u(total)}) { return; }`,
      `  let mm_gx = mm_lin % ${u(gx)}; let mm_gy = (mm_lin / ${u(gx)}) % ${u(gy)}; let mm_bt = mm_lin / ${u(gx * gy)};`,
    ].join('\n'),
    workgroups: [X, Y, Z],
  };
}

/** Clamped index `min(e, last)`, or `e` when it cannot exceed `last`. */
const clampTo = (e: string, last: number, exact: boolean): string => (exact ? e : `min(${e}, ${u(Math.max(0, last))})`);

/** Guarded store of row `r`, column `c` (WGSL u32 names), guards omitted when statically true. */
function storeStmt(spec: MatmulSpec, acc: string, r: string, c: string, rowOk: boolean, colOk: boolean): string {
  const st = spec.store(spec.epilogue(acc, 'mm_bt', r, c), 'mm_bt', r, c);
  const conds = [rowOk ? '' : `${r} < ${u(spec.m)}`, colOk ? '' : `${c} < ${u(spec.n)}`].filter(Boolean);
  return conds.length ? `if (${conds.join(' && ')}) { ${st} }` : st;
}

/**
 * Stores rows mm_r0 .. mm_r0+R-1, columns 4·mm_c .. 4·mm_c+3 from vec4 accumulators mm_acc0...
 * A bare accumulator is stored unrolled. Any epilogue (a bias, an activation, a backward pass's
 * fused products) is written once, in a loop over the 4R elements that indexes a private copy of
 * the accumulators, with a trip count LLVM cannot see (min(4R, arrayLength(out))) so that it does
 * not unroll the loop again. Why: lavapipe's LLVM time grows with every copy of the epilogue.
 * Measured on kernels of the demo's teacher step, each compiled alone with a cold Mesa cache
 * (first dispatch − second, 2026-12-05):
 * - MM_256x128x128 + bias: 0.98 s unrolled or as a constant-count loop (LLVM unrolls it), 0.43 s
 *   as this loop; a bare unrolled store 0.56 s;
 * - MM_256x128x128 with a 3-input backward epilogue: 1.84 s unrolled, 0.37–0.39 s as a loop;
 * - run times within the noise (0.70 vs 0.75 ms median).
 */
function storeBlock(L: string[], spec: MatmulSpec, R: number, rowOk: boolean, colOk: boolean): void {
  if (spec.epilogue('mm_v', 'mm_bt', 'mm_sr', 'mm_sc') === 'mm_v') {
    for (let i = 0; i < R; i++) {
      L.push(`  let mm_sr${i} = mm_r0 + ${u(i)};`);
      for (let q = 0; q < 4; q++) L.push(`  ${storeStmt(spec, `mm_acc${i}.${'xyzw'[q]}`, `mm_sr${i}`, `(mm_c * 4u + ${u(q)})`, rowOk, colOk)}`);
    }
    return;
  }
  L.push(`  var mm_out = array<vec4f, ${R}>(${Array.from({ length: R }, (_, i) => `mm_acc${i}`).join(', ')});`);
  L.push(`  let mm_nt = min(${u(4 * R)}, arrayLength(&${spec.output}));`);
  L.push('  for (var mm_t = 0u; mm_t < mm_nt; mm_t++) {');
  L.push('    let mm_sr = mm_r0 + mm_t / 4u;', '    let mm_sc = mm_c * 4u + mm_t % 4u;');
  L.push(`    ${storeStmt(spec, 'mm_out[mm_t / 4u][mm_t % 4u]', 'mm_sr', 'mm_sc', rowOk, colOk)}`);
  L.push('  }');
}

// ---------------------------------------------------------------------------------------------
// 'subgroup': each invocation owns rows r0..r0+R-1 and columns 4c..4c+3 (vec4 accumulators). The
// 8 lanes of a subgroup own 8 different column groups of the same rows, so lane l loads
// A(r, k0 + l) and every lane takes A(r, k0 + kk) from lane kk with subgroupBroadcast: one A load
// per 8 FMAs-of-vec4, one B (vec4) load per R of them.

function emitSubgroup(spec: MatmulSpec): { wgsl: string; workgroups: [number, number, number] } {
  const { m, n, k, batch } = spec;
  const R = spec.tuning?.rows ?? 8;
  const nC4 = ceilDiv(n, 4);
  const W = spec.tuning?.width ?? Math.min(32, Math.max(8, 8 * ceilDiv(nC4, 8)));
  if (W % 8 !== 0 || R < 1) throw new Error(`emitMatmul: bad subgroup tuning (rows ${R}, width ${W}; fluxion bug: please report)`);
  const g = grid(ceilDiv(m, R), ceilDiv(nC4, W), batch, spec.target.maxComputeWorkgroupsPerDimension);
  const rowsExact = m % R === 0;
  const L: string[] = [header(spec, true)];
  L.push(`@compute @workgroup_size(${W}) fn main(@builtin(workgroup_id) mm_wid: vec3u, @builtin(local_invocation_id) mm_lid: vec3u,
    @builtin(subgroup_invocation_id) mm_lane: u32) {`);
  L.push(g.wgsl);
  L.push(`  let mm_r0 = mm_gx * ${u(R)};`, `  let mm_c = mm_gy * ${u(W)} + mm_lid.x;`);
  // Row indices, clamped so the last block's extra rows read row m-1 (never stored).
  for (let i = 0; i < R; i++) L.push(`  let mm_ri${i} = ${clampTo(`mm_r0 + ${u(i)}`, m - 1, rowsExact)};`);
  const A = spec.a.plain;
  if (A) for (let i = 0; i < R; i++) L.push(`  let mm_ab${i} = ${sum(scaled('mm_bt', A.batchStride), scaled(`mm_ri${i}`, A.rowStride))};`);
  // B: 4 columns per invocation (the vec4 group `mm_c`).
  const colsExact = n % 4 === 0 && nC4 % W === 0;
  const loadB = bColumns(spec, L, colsExact);
  const win = !A && windowedUsable(spec) ? spec.a.windowed : undefined;
  let winInside = false; // some row of the windowed A may fall into padding
  const loadA = (i: number, kIdx: string): string =>
    A ? `${A.buffer}[${sum(`mm_ab${i}`, scaled(kIdx, A.colStride))}]`
      : win ? `${win.buffer}[mm_ab${i} + mm_c0 + mm_lane]` : spec.a.load('mm_bt', `mm_ri${i}`, kIdx);
  for (let i = 0; i < R; i++) L.push(`  var mm_acc${i} = vec4f(0.0);`);
  // One 8-wide K step starting at WGSL u32 `k0`, using its first `steps` k's. `guard`: k0 + 8 may
  // pass k, so k's past the end read 0 on both sides (a clamped element times 0 could be Inf·0 = NaN).
  const step = (k0: string, steps: number, guard: boolean, ind: string): void => {
    const plus = (x: number): string => (k0 === '0u' ? u(x) : x === 0 ? k0 : `${k0} + ${u(x)}`);
    L.push(`${ind}let mm_ka = ${k0 === '0u' ? 'mm_lane' : `${k0} + mm_lane`};`);
    // Lanes past k read a clamped (valid) element: only broadcast when guarded (then as 0).
    if (guard || steps < 8) L.push(`${ind}let mm_kc = min(mm_ka, ${u(k - 1)});`);
    for (let i = 0; i < R; i++) {
      const a = loadA(i, guard || steps < 8 ? 'mm_kc' : 'mm_ka');
      const inside = win ? (winInside ? `mm_in${i}` : '') : guard ? `mm_ka < ${u(k)}` : '';
      L.push(`${ind}let mm_a${i} = ${inside ? `select(0.0, ${a}, ${inside})` : a};`);
    }
    for (let kk = 0; kk < steps; kk++) {
      const b = guard
        ? `select(vec4f(0.0), ${loadB(`min(${plus(kk)}, ${u(k - 1)})`)}, ${plus(kk)} < ${u(k)})`
        : loadB(plus(kk));
      L.push(`${ind}let mm_b${kk} = ${b};`);
      for (let i = 0; i < R; i++) L.push(`${ind}mm_acc${i} = fma(vec4f(subgroupBroadcast(mm_a${i}, ${u(kk)})), mm_b${kk}, mm_acc${i});`);
    }
  };
  if (win) {
    // Window positions outside, 8 channels at a time inside: each row's base offset and padding
    // test are worked out once per window position.
    L.push(`  for (var mm_w = 0u; mm_w < ${u(win.windows)}; mm_w++) {`);
    for (let i = 0; i < R; i++) {
      const r = win.row('mm_bt', `mm_ri${i}`, 'mm_w');
      L.push(`    let mm_ab${i} = ${r.base};`);
      if (r.inside) { L.push(`    let mm_in${i} = ${r.inside};`); winInside = true; }
    }
    L.push(`    for (var mm_c0 = 0u; mm_c0 < ${u(win.channels)}; mm_c0 += 8u) {`);
    L.push(`      let mm_k0 = mm_w * ${u(win.channels)} + mm_c0;`);
    step('mm_k0', 8, false, '      ');
    L.push('    }', '  }');
    storeBlock(L, spec, R, rowsExact, n % 4 === 0 && nC4 % W === 0);
    L.push('}');
    return { wgsl: L.join('\n'), workgroups: g.workgroups };
  }
  // A ragged k: up to 4 steps, one guarded body for all of them (a separate tail doubles lavapipe's
  // LLVM compile time, seconds, and speed does not matter there); beyond, an unguarded loop and
  // an unrolled tail of k % 8 (the guards cost ~20% in the loop).
  const kSteps = ceilDiv(k, 8);
  const guardAll = k % 8 !== 0 && kSteps <= 4;
  const loopSteps = guardAll ? kSteps : Math.floor(k / 8);
  if (loopSteps > 1) {
    L.push(`  for (var mm_k0 = 0u; mm_k0 < ${u(8 * loopSteps)}; mm_k0 += 8u) {`);
    step('mm_k0', 8, guardAll, '    ');
    L.push('  }');
  } else if (loopSteps === 1) {
    L.push('  {');
    step('0u', 8, guardAll, '    ');
    L.push('  }');
  }
  if (!guardAll && k % 8 !== 0) {
    L.push('  {');
    step(u(8 * loopSteps), k % 8, false, '    ');
    L.push('  }');
  }
  storeBlock(L, spec, R, rowsExact, n % 4 === 0 && nC4 % W === 0);
  L.push('}');
  return { wgsl: L.join('\n'), workgroups: g.workgroups };
}

/** Whether A's windowed form fits the subgroup variant's loops: 8 channels per step, k = windows · channels. */
function windowedUsable(spec: MatmulSpec): boolean {
  const w = spec.a.windowed;
  return !!w && w.channels > 0 && w.channels % 8 === 0 && w.windows * w.channels === spec.k;
}

// ---------------------------------------------------------------------------------------------
// 'register': 4 rows × 4 columns per invocation, workgroup 8×8, K in steps of 4 (A as 4 k's per
// row, B as 4 columns per k). No shared memory and no subgroups: the portable fallback.

function emitRegister(spec: MatmulSpec): { wgsl: string; workgroups: [number, number, number] } {
  const { m, n, k, batch } = spec;
  const TX = 8, TY = 8;
  const nC4 = ceilDiv(n, 4), mR4 = ceilDiv(m, 4);
  const g = grid(ceilDiv(nC4, TX), ceilDiv(mR4, TY), batch, spec.target.maxComputeWorkgroupsPerDimension);
  const rowsExact = m % (4 * TY) === 0;
  const colsExact = n % (4 * TX) === 0;
  const L: string[] = [header(spec, false)];
  L.push(`@compute @workgroup_size(${TX}, ${TY}) fn main(@builtin(workgroup_id) mm_wid: vec3u, @builtin(local_invocation_id) mm_lid: vec3u) {`);
  L.push(g.wgsl);
  L.push(`  let mm_c = mm_gx * ${u(TX)} + mm_lid.x;`, `  let mm_r0 = (mm_gy * ${u(TY)} + mm_lid.y) * 4u;`);
  for (let i = 0; i < 4; i++) L.push(`  let mm_ri${i} = ${clampTo(`mm_r0 + ${u(i)}`, m - 1, rowsExact)};`);
  const A = spec.a.plain;
  const aVec4 = A?.vec4Buffer !== undefined && vec4Layout(A, k);
  if (A) {
    const d = aVec4 ? 4 : 1;
    for (let i = 0; i < 4; i++) L.push(`  let mm_ab${i} = ${sum(scaled('mm_bt', A.batchStride / d), scaled(`mm_ri${i}`, A.rowStride / d))};`);
  }
  const loadB = bColumns(spec, L, colsExact);
  const loadA1 = (i: number, kIdx: string): string =>
    A ? `${A.buffer}[${sum(`mm_ab${i}`, scaled(kIdx, A.colStride))}]` : spec.a.load('mm_bt', `mm_ri${i}`, kIdx);
  for (let i = 0; i < 4; i++) L.push(`  var mm_acc${i} = vec4f(0.0);`);
  const k4 = k - (k % 4);
  if (k4 > 0) {
    L.push(`  for (var mm_k0 = 0u; mm_k0 < ${u(k4)}; mm_k0 += 4u) {`);
    for (let i = 0; i < 4; i++) {
      const a = aVec4
        ? `${A!.vec4Buffer}[${sum(`mm_ab${i}`, 'mm_k0 / 4u')}]`
        : `vec4f(${[0, 1, 2, 3].map((kk) => loadA1(i, kk === 0 ? 'mm_k0' : `mm_k0 + ${u(kk)}`)).join(', ')})`;
      L.push(`    let mm_a${i} = ${a};`);
    }
    for (let kk = 0; kk < 4; kk++) {
      L.push(`    let mm_b${kk} = ${loadB(kk === 0 ? 'mm_k0' : `mm_k0 + ${u(kk)}`)};`);
      for (let i = 0; i < 4; i++) L.push(`    mm_acc${i} = fma(vec4f(mm_a${i}[${kk}]), mm_b${kk}, mm_acc${i});`);
    }
    L.push('  }');
  }
  for (let kk = k4; kk < k; kk++) {
    L.push('  {');
    L.push(`    let mm_b = ${loadB(u(kk))};`);
    for (let i = 0; i < 4; i++) L.push(`    mm_acc${i} = fma(vec4f(${loadA1(i, u(kk))}), mm_b, mm_acc${i});`);
    L.push('  }');
  }
  storeBlock(L, spec, 4, rowsExact, colsExact);
  L.push('}');
  return { wgsl: L.join('\n'), workgroups: g.workgroups };
}

// ---------------------------------------------------------------------------------------------
// 'tiled': the usual GPU kernel. A 64×64 output tile per workgroup of 16×16 threads, each thread
// 4×4 outputs strided by 16 (rows ty+16i, columns tx+16j: neighbouring threads read neighbouring
// shared words). K advances 16 at a time through two shared tiles stored k-major; each thread
// loads 4 elements of each tile per step. Out-of-range k reads 0 (a clamped element times 0
// could be Inf·0 = NaN), out-of-range rows/columns read a clamped element never stored.

function emitTiled(spec: MatmulSpec): { wgsl: string; workgroups: [number, number, number] } {
  const { m, n, k, batch } = spec;
  const T = 64, TK = 16, TH = 16;
  const g = grid(ceilDiv(n, T), ceilDiv(m, T), batch, spec.target.maxComputeWorkgroupsPerDimension);
  const rowsExact = m % T === 0, colsExact = n % T === 0, kExact = k % TK === 0;
  const nTiles = ceilDiv(k, TK);
  const L: string[] = [header(spec, false)];
  L.push(`var<workgroup> mm_As: array<array<f32, ${T}>, ${TK}>;`, `var<workgroup> mm_Bs: array<array<f32, ${T}>, ${TK}>;`);
  L.push(`@compute @workgroup_size(${TH}, ${TH}) fn main(@builtin(workgroup_id) mm_wid: vec3u, @builtin(local_invocation_id) mm_lid: vec3u) {`);
  L.push(g.wgsl);
  L.push(`  let mm_row0 = mm_gy * ${u(T)};`, `  let mm_col0 = mm_gx * ${u(T)};`);
  L.push(`  let mm_t = mm_lid.y * ${u(TH)} + mm_lid.x;`);
  const per = (T * TK) / (TH * TH); // 4 elements of each tile per thread
  // A tile element e = t + 256 s: row e / TK, kk e % TK (consecutive threads read along k).
  // B tile element e: kk e / T, column e % T (consecutive threads read along n).
  for (let s = 0; s < per; s++) {
    L.push(`  let mm_ar${s} = ${clampTo(`mm_row0 + (mm_t + ${u(s * TH * TH)}) / ${u(TK)}`, m - 1, rowsExact)};`);
    L.push(`  let mm_ak${s} = (mm_t + ${u(s * TH * TH)}) % ${u(TK)};`);
    L.push(`  let mm_bk${s} = (mm_t + ${u(s * TH * TH)}) / ${u(T)};`);
    L.push(`  let mm_bc${s} = ${clampTo(`mm_col0 + (mm_t + ${u(s * TH * TH)}) % ${u(T)}`, n - 1, colsExact)};`);
  }
  for (let i = 0; i < 4; i++) L.push(`  var mm_acc${i} = vec4f(0.0);`);
  if (nTiles > 0) {
    L.push(`  for (var mm_k0 = 0u; mm_k0 < ${u(nTiles * TK)}; mm_k0 += ${u(TK)}) {`);
    for (let s = 0; s < per; s++) {
      const kA = `mm_k0 + mm_ak${s}`, kB = `mm_k0 + mm_bk${s}`;
      const a = spec.a.load('mm_bt', `mm_ar${s}`, kExact ? kA : `min(${kA}, ${u(k - 1)})`);
      const b = spec.b.load('mm_bt', kExact ? kB : `min(${kB}, ${u(k - 1)})`, `mm_bc${s}`);
      const e = `(mm_t + ${u(s * TH * TH)})`;
      L.push(`    mm_As[mm_ak${s}][${e} / ${u(TK)}] = ${kExact ? a : `select(0.0, ${a}, ${kA} < ${u(k)})`};`);
      L.push(`    mm_Bs[mm_bk${s}][${e} % ${u(T)}] = ${kExact ? b : `select(0.0, ${b}, ${kB} < ${u(k)})`};`);
    }
    L.push('    workgroupBarrier();');
    L.push(`    for (var mm_kk = 0u; mm_kk < ${u(TK)}; mm_kk++) {`);
    L.push(`      let mm_b = vec4f(${[0, 1, 2, 3].map((j) => `mm_Bs[mm_kk][mm_lid.x + ${u(TH * j)}]`).join(', ')});`);
    for (let i = 0; i < 4; i++) L.push(`      mm_acc${i} = fma(vec4f(mm_As[mm_kk][mm_lid.y + ${u(TH * i)}]), mm_b, mm_acc${i});`);
    L.push('    }');
    L.push('    workgroupBarrier();');
    L.push('  }');
  }
  const comps = ['x', 'y', 'z', 'w'];
  for (let i = 0; i < 4; i++) {
    L.push(`  let mm_sr${i} = mm_row0 + mm_lid.y + ${u(TH * i)};`);
    for (let j = 0; j < 4; j++) L.push(`  ${storeStmt(spec, `mm_acc${i}.${comps[j]}`, `mm_sr${i}`, `(mm_col0 + mm_lid.x + ${u(TH * j)})`, rowsExact, colsExact)}`);
  }
  L.push('}');
  return { wgsl: L.join('\n'), workgroups: g.workgroups };
}

/**
 * The 4 output columns `mm_c * 4 .. + 3` of B that an invocation owns: one vec4 load through the
 * vec4 view when aligned and aliased, else 4 scalar reads of clamped columns. Declares the column
 * indices into `L` and returns `loadB(kRow)`, the vec4 of B's row kRow at those columns.
 */
function bColumns(spec: MatmulSpec, L: string[], colsExact: boolean): (kRow: string) => string {
  const { n } = spec, B = spec.b.plain, nC4 = ceilDiv(n, 4);
  const bVec4 = B?.vec4Buffer !== undefined && vec4Layout(B, n);
  if (bVec4) {
    L.push(`  let mm_cv = ${clampTo('mm_c', nC4 - 1, colsExact)};`);
    L.push(`  let mm_bb = ${sum(scaled('mm_bt', B.batchStride / 4), 'mm_cv')};`);
    return (kRow) => `${B.vec4Buffer}[${sum(scaled(kRow, B.rowStride / 4), 'mm_bb')}]`;
  }
  for (let q = 0; q < 4; q++) L.push(`  let mm_j${q} = ${clampTo(`mm_c * 4u + ${u(q)}`, n - 1, colsExact)};`);
  if (B) {
    for (let q = 0; q < 4; q++) L.push(`  let mm_bb${q} = ${sum(scaled('mm_bt', B.batchStride), scaled(`mm_j${q}`, B.colStride))};`);
    return (kRow) => `vec4f(${[0, 1, 2, 3].map((q) => `${B.buffer}[${sum(scaled(kRow, B.rowStride), `mm_bb${q}`)}]`).join(', ')})`;
  }
  return (kRow) => `vec4f(${[0, 1, 2, 3].map((q) => spec.b.load('mm_bt', kRow, `mm_j${q}`)).join(', ')})`;
}
