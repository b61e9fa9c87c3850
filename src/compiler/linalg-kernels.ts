/**
 * WGSL for the linear-algebra primitives (primitives/linalg.ts): one kernel per equation, every
 * output at once, one invocation per matrix of the batch running the factorisation's loops
 * sequentially — the same algorithms, step for step, as the CPU oracle (backend/cpu/linalg.ts),
 * so both choose the same pivots, signs and orderings. Correctness first: a matrix is O(n³) work
 * for one invocation, which suits the small matrices (≤ 256 a side) these are meant for; large
 * batches spread over the GPU 64 matrices per workgroup.
 *
 * Operands are read through the emitter (an elementwise producer fuses into the load) into
 * scratch storage where the algorithm works in place; results are copied to the outputs the
 * program uses. float32 only (WGSL has no f64): a float64 operand is a DTypeError.
 */
import { DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Var, paramsOf } from '../core/jaxpr.js';
import type { DType } from '../core/dtype.js';
import { Scope } from './emit.js';
import type { Graph } from './graph.js';
import { Ix, unflatten } from './ix.js';
import { Bindings, EmittedKernel, WG, grid, makeEnv, module } from './kernels.js';
import type { PlannedKernel } from './plan.js';
import type { Target } from './target.js';

/** Jacobi sweeps before giving up on float32 roundoff (the CPU's MAX_SWEEPS). */
const MAX_SWEEPS = 40;
/** The float32 Jacobi tolerance relative to the matrix (a few ulps times n). */
const jacobiEps32 = (n: number): string => `${4 * Math.max(n, 1) * 1.1920929e-7}f`;

type LinalgPrim = 'cholesky' | 'triangular_solve' | 'lu' | 'qr' | 'eigh' | 'svd';

export function linalgKernel(k: PlannedKernel, graph: Graph, stored: Set<Var>, target: Target): EmittedKernel {
  const eqn = graph.definition.get(k.writes[0])!.eqn;
  const prim = eqn.prim as LinalgPrim;
  for (const a of [...eqn.inputs, ...eqn.outs]) {
    if (a.aval.dtype === 'float64') {
      throw new DTypeError(`${prim} on WebGPU: float64 matrices cannot be factored on the GPU (WGSL has no f64); cast to float32 (x.astype('float32')) or use the CPU backend.`);
    }
  }
  const a0 = eqn.inputs[0].aval;
  const B = a0.shape.slice(0, -2).reduce((x, y) => x * y, 1);
  const b = new Bindings(k);
  const outer = new Scope(makeEnv(graph, stored, b));
  const scratch = (per: number, dtype: DType = 'float32'): string => b.scratch(new Var(new ShapedArray([Math.max(1, B * per)], dtype)));

  /** Copies input `i` (per matrix `per` elements) into a new scratch buffer; returns its name and the loop. */
  const load = (i: number): [string, string] => {
    const a = eqn.inputs[i];
    const per = a.aval.shape.slice(-2).reduce((x, y) => x * y, 1);
    const dst = scratch(per);
    const sc = outer.child();
    const v = sc.value(a, unflatten(Ix.loopVar('lp', a.aval.size), a.aval.shape));
    return [dst, `for (var le = 0u; le < ${per}u; le++) {
    let lp = o * ${per}u + le;
    ${sc.lines.join('\n    ')}
    ${dst}[lp] = ${v};
  }`];
  };
  /** Copies scratch `src` (per matrix `per` elements) to output `j` when the program uses it. */
  const store = (j: number, src: string, per: number): string => {
    const out = eqn.outs[j];
    if (!k.writes.includes(out)) return '';
    return `for (var se = 0u; se < ${per}u; se++) { ${b.name(out)}[o * ${per}u + se] = ${src}[o * ${per}u + se]; }`;
  };

  let code: string;
  let name: string;
  switch (prim) {
    case 'cholesky': {
      const n = a0.shape[a0.ndim - 1], nn = n * n;
      const [A, loadA] = load(0);
      const L = scratch(nn);
      const at = (i: string, j: string) => `base + (${i}) * ${n}u + (${j})`;
      name = `CHOLESKY_${B}x${n}`;
      code = `${loadA}
  let base = o * ${nn}u;
  for (var e = 0u; e < ${nn}u; e++) { ${L}[base + e] = 0.0f; }
  var ok = true;
  for (var j = 0u; j < ${n}u; j++) {
    var d = ${A}[${at('j', 'j')}];
    for (var kk = 0u; kk < j; kk++) { d -= ${L}[${at('j', 'kk')}] * ${L}[${at('j', 'kk')}]; }
    if (!(d > 0.0f)) { ok = false; break; }
    let ljj = sqrt(d);
    ${L}[${at('j', 'j')}] = ljj;
    for (var i = j + 1u; i < ${n}u; i++) {
      var s = ${A}[${at('i', 'j')}];
      for (var kk = 0u; kk < j; kk++) { s -= ${L}[${at('i', 'kk')}] * ${L}[${at('j', 'kk')}]; }
      ${L}[${at('i', 'j')}] = s / ljj;
    }
  }
  if (!ok) { for (var e = 0u; e < ${nn}u; e++) { ${L}[base + e] = fx_nan(); } }
  ${store(0, L, nn)}`;
      break;
    }
    case 'triangular_solve': {
      const p = paramsOf(eqn, 'triangular_solve');
      const bv = eqn.inputs[1].aval;
      const [m, n] = bv.shape.slice(-2);
      const kk = p.leftSide ? m : n, cnt = p.leftSide ? n : m;
      const flip = p.transposeA !== !p.leftSide, lowerT = p.lower !== flip;
      const [A, loadA] = load(0);
      const [Bs, loadB] = load(1);
      const X = scratch(m * n);
      const T = (i: string, j: string) => (flip ? `${A}[ab + (${j}) * ${kk}u + (${i})]` : `${A}[ab + (${i}) * ${kk}u + (${j})]`);
      const at = (r: string, i: string) => (p.leftSide ? `bb + (${i}) * ${n}u + (${r})` : `bb + (${r}) * ${n}u + (${i})`);
      name = `TRSM_${B}x${m}x${n}`;
      code = `${loadA}
  ${loadB}
  let ab = o * ${kk * kk}u;
  let bb = o * ${m * n}u;
  for (var r = 0u; r < ${cnt}u; r++) {
    for (var st = 0u; st < ${kk}u; st++) {
      let i = ${lowerT ? 'st' : `${kk - 1}u - st`};
      var s = ${Bs}[${at('r', 'i')}];
      for (var j = ${lowerT ? '0u' : 'i + 1u'}; j < ${lowerT ? 'i' : `${kk}u`}; j++) { s -= ${T('i', 'j')} * ${X}[${at('r', 'j')}]; }
      ${X}[${at('r', 'i')}] = ${p.unitDiagonal ? 's' : `s / ${T('i', 'i')}`};
    }
  }
  ${store(0, X, m * n)}`;
      break;
    }
    case 'lu': {
      const [m, n] = a0.shape.slice(-2), kMin = Math.min(m, n);
      const [A, loadA] = load(0);
      const piv = scratch(kMin, 'int32'), perm = scratch(m, 'int32');
      const at = (i: string, j: string) => `${A}[base + (${i}) * ${n}u + (${j})]`;
      name = `LU_${B}x${m}x${n}`;
      code = `${loadA}
  let base = o * ${m * n}u;
  for (var i = 0u; i < ${m}u; i++) { ${perm}[o * ${m}u + i] = i32(i); }
  for (var j = 0u; j < ${kMin}u; j++) {
    var p = j;
    var best = abs(${at('j', 'j')});
    for (var i = j + 1u; i < ${m}u; i++) { let v = abs(${at('i', 'j')}); if (v > best) { best = v; p = i; } }
    ${piv}[o * ${kMin}u + j] = i32(p);
    if (p != j) {
      for (var c = 0u; c < ${n}u; c++) { let t = ${at('j', 'c')}; ${at('j', 'c')} = ${at('p', 'c')}; ${at('p', 'c')} = t; }
      let t = ${perm}[o * ${m}u + j]; ${perm}[o * ${m}u + j] = ${perm}[o * ${m}u + p]; ${perm}[o * ${m}u + p] = t;
    }
    let d = ${at('j', 'j')};
    if (d != 0.0f) {
      for (var i = j + 1u; i < ${m}u; i++) {
        let l = ${at('i', 'j')} / d;
        ${at('i', 'j')} = l;
        for (var c = j + 1u; c < ${n}u; c++) { ${at('i', 'c')} -= l * ${at('j', 'c')}; }
      }
    }
  }
  ${store(0, A, m * n)}
  ${store(1, piv, kMin)}
  ${store(2, perm, m)}`;
      break;
    }
    case 'qr': {
      const { fullMatrices } = paramsOf(eqn, 'qr');
      const [m, n] = a0.shape.slice(-2), kMin = Math.min(m, n), qc = fullMatrices ? m : kMin, rr = fullMatrices ? m : kMin;
      const [R, loadA] = load(0);
      const Q = scratch(m * m), Vv = scratch(m), Qo = scratch(m * qc), Ro = scratch(rr * n);
      const r_ = (i: string, j: string) => `${R}[rb + (${i}) * ${n}u + (${j})]`;
      const q_ = (i: string, j: string) => `${Q}[qb + (${i}) * ${m}u + (${j})]`;
      const v_ = (i: string) => `${Vv}[vb + (${i})]`;
      name = `QR_${B}x${m}x${n}`;
      code = `${loadA}
  let rb = o * ${m * n}u;
  let qb = o * ${m * m}u;
  let vb = o * ${m}u;
  for (var r = 0u; r < ${m}u; r++) { for (var c = 0u; c < ${m}u; c++) { ${q_('r', 'c')} = select(0.0f, 1.0f, r == c); } }
  for (var j = 0u; j < ${Math.max(0, Math.min(m - 1, n))}u; j++) {
    var norm2 = 0.0f;
    for (var i = j; i < ${m}u; i++) { norm2 += ${r_('i', 'j')} * ${r_('i', 'j')}; }
    let x0 = ${r_('j', 'j')};
    let alpha = -select(-1.0f, 1.0f, x0 >= 0.0f) * sqrt(norm2);
    var vn = 0.0f;
    for (var i = j; i < ${m}u; i++) { let vi = ${r_('i', 'j')} - select(0.0f, alpha, i == j); ${v_('i')} = vi; vn += vi * vi; }
    if (vn == 0.0f) { continue; }
    for (var c = 0u; c < ${n}u; c++) {
      var s = 0.0f;
      for (var i = j; i < ${m}u; i++) { s += ${v_('i')} * ${r_('i', 'c')}; }
      s = (2.0f * s) / vn;
      for (var i = j; i < ${m}u; i++) { ${r_('i', 'c')} -= s * ${v_('i')}; }
    }
    for (var r = 0u; r < ${m}u; r++) {
      var s = 0.0f;
      for (var i = j; i < ${m}u; i++) { s += ${q_('r', 'i')} * ${v_('i')}; }
      s = (2.0f * s) / vn;
      for (var i = j; i < ${m}u; i++) { ${q_('r', 'i')} -= s * ${v_('i')}; }
    }
  }
  for (var r = 0u; r < ${m}u; r++) { for (var c = 0u; c < ${qc}u; c++) { ${Qo}[o * ${m * qc}u + r * ${qc}u + c] = ${q_('r', 'c')}; } }
  for (var r = 0u; r < ${rr}u; r++) {
    for (var c = 0u; c < ${n}u; c++) {
      ${Ro}[o * ${rr * n}u + r * ${n}u + c] = select(0.0f, ${R}[rb + min(r, ${Math.max(0, m - 1)}u) * ${n}u + c], r < ${m}u && c >= r);
    }
  }
  ${store(0, Qo, m * qc)}
  ${store(1, Ro, rr * n)}`;
      break;
    }
    case 'eigh': {
      const { lower } = paramsOf(eqn, 'eigh');
      const n = a0.shape[a0.ndim - 1], nn = n * n;
      const [In, loadA] = load(0);
      const A = scratch(nn), V = scratch(nn), W = scratch(n);
      const a_ = (i: string, j: string) => `${A}[base + (${i}) * ${n}u + (${j})]`;
      const v_ = (i: string, j: string) => `${V}[base + (${i}) * ${n}u + (${j})]`;
      const eps = jacobiEps32(n);
      name = `EIGH_${B}x${n}`;
      code = `${loadA}
  let base = o * ${nn}u;
  var total = 0.0f;
  for (var i = 0u; i < ${n}u; i++) {
    for (var j = 0u; j < ${n}u; j++) {
      let hi = max(i, j);
      let lo = min(i, j);
      let x = ${lower ? `${In}[base + hi * ${n}u + lo]` : `${In}[base + lo * ${n}u + hi]`};
      ${a_('i', 'j')} = x;
      ${v_('i', 'j')} = select(0.0f, 1.0f, i == j);
      total += x * x;
    }
  }
  for (var sweep = 0u; sweep < ${MAX_SWEEPS}u; sweep++) {
    var off = 0.0f;
    for (var i = 0u; i < ${n}u; i++) { for (var j = 0u; j < ${n}u; j++) { if (i != j) { off += ${a_('i', 'j')} * ${a_('i', 'j')}; } } }
    if (off <= ${eps} * ${eps} * total) { break; }
    for (var p = 0u; p + 1u < ${n}u; p++) {
      for (var q = p + 1u; q < ${n}u; q++) {
        let apq = ${a_('p', 'q')};
        if (apq == 0.0f) { continue; }
        let theta = (${a_('q', 'q')} - ${a_('p', 'p')}) / (2.0f * apq);
        let t = select(-1.0f, 1.0f, theta >= 0.0f) / (abs(theta) + sqrt(theta * theta + 1.0f));
        let c = 1.0f / sqrt(t * t + 1.0f);
        let s = t * c;
        for (var k = 0u; k < ${n}u; k++) { let kp = ${a_('k', 'p')}; let kq = ${a_('k', 'q')}; ${a_('k', 'p')} = c * kp - s * kq; ${a_('k', 'q')} = s * kp + c * kq; }
        for (var k = 0u; k < ${n}u; k++) { let pk = ${a_('p', 'k')}; let qk = ${a_('q', 'k')}; ${a_('p', 'k')} = c * pk - s * qk; ${a_('q', 'k')} = s * pk + c * qk; }
        for (var k = 0u; k < ${n}u; k++) { let kp = ${v_('k', 'p')}; let kq = ${v_('k', 'q')}; ${v_('k', 'p')} = c * kp - s * kq; ${v_('k', 'q')} = s * kp + c * kq; }
      }
    }
  }
  for (var d = 0u; d < ${n}u; d++) {
    var src = d;
    for (var i = d + 1u; i < ${n}u; i++) { if (${a_('i', 'i')} < ${a_('src', 'src')}) { src = i; } }
    if (src != d) {
      let t = ${a_('d', 'd')}; ${a_('d', 'd')} = ${a_('src', 'src')}; ${a_('src', 'src')} = t;
      for (var i = 0u; i < ${n}u; i++) { let x = ${v_('i', 'd')}; ${v_('i', 'd')} = ${v_('i', 'src')}; ${v_('i', 'src')} = x; }
    }
  }
  for (var d = 0u; d < ${n}u; d++) {
    ${W}[o * ${n}u + d] = ${a_('d', 'd')};
    var best = 0.0f;
    var am = 0u;
    for (var i = 0u; i < ${n}u; i++) { let x = abs(${v_('i', 'd')}); if (x > best) { best = x; am = i; } }
    if (${v_('am', 'd')} < 0.0f) { for (var i = 0u; i < ${n}u; i++) { ${v_('i', 'd')} = -${v_('i', 'd')}; } }
  }
  ${store(0, V, nn)}
  ${store(1, W, n)}`;
      break;
    }
    case 'svd': {
      const [m, n] = a0.shape.slice(-2), tall = m >= n, R = tall ? m : n, C = tall ? n : m;
      const [In, loadA] = load(0);
      const W = scratch(R * C), V = scratch(C * C), S = scratch(C), U = scratch(m * C), Vt = scratch(C * n);
      const w_ = (i: string, j: string) => `${W}[wb + (${i}) * ${C}u + (${j})]`;
      const v_ = (i: string, j: string) => `${V}[vb + (${i}) * ${C}u + (${j})]`;
      const eps = jacobiEps32(R);
      // W's column d / s is the left vector of W (= A or Aᵀ), V's column d its right vector.
      const left = (i: string) => (tall ? `${U}[o * ${m * C}u + (${i}) * ${C}u + d]` : `${Vt}[o * ${C * n}u + d * ${n}u + (${i})]`);
      const right = (i: string) => (tall ? `${Vt}[o * ${C * n}u + d * ${n}u + (${i})]` : `${U}[o * ${m * C}u + (${i}) * ${C}u + d]`);
      name = `SVD_${B}x${m}x${n}`;
      code = `${loadA}
  let ib = o * ${m * n}u;
  let wb = o * ${R * C}u;
  let vb = o * ${C * C}u;
  for (var i = 0u; i < ${R}u; i++) { for (var j = 0u; j < ${C}u; j++) { ${w_('i', 'j')} = ${tall ? `${In}[ib + i * ${n}u + j]` : `${In}[ib + j * ${n}u + i]`}; } }
  for (var i = 0u; i < ${C}u; i++) { for (var j = 0u; j < ${C}u; j++) { ${v_('i', 'j')} = select(0.0f, 1.0f, i == j); } }
  for (var sweep = 0u; sweep < ${MAX_SWEEPS}u; sweep++) {
    var rotated = false;
    for (var p = 0u; p + 1u < ${C}u; p++) {
      for (var q = p + 1u; q < ${C}u; q++) {
        var al = 0.0f; var be = 0.0f; var ga = 0.0f;
        for (var i = 0u; i < ${R}u; i++) { let x = ${w_('i', 'p')}; let y = ${w_('i', 'q')}; al += x * x; be += y * y; ga += x * y; }
        if (ga == 0.0f || abs(ga) <= ${eps} * sqrt(al) * sqrt(be)) { continue; }
        rotated = true;
        let zeta = (be - al) / (2.0f * ga);
        let t = select(-1.0f, 1.0f, zeta >= 0.0f) / (abs(zeta) + sqrt(1.0f + zeta * zeta));
        let c = 1.0f / sqrt(1.0f + t * t);
        let s = c * t;
        for (var i = 0u; i < ${R}u; i++) { let x = ${w_('i', 'p')}; let y = ${w_('i', 'q')}; ${w_('i', 'p')} = c * x - s * y; ${w_('i', 'q')} = s * x + c * y; }
        for (var i = 0u; i < ${C}u; i++) { let x = ${v_('i', 'p')}; let y = ${v_('i', 'q')}; ${v_('i', 'p')} = c * x - s * y; ${v_('i', 'q')} = s * x + c * y; }
      }
    }
    if (!rotated) { break; }
  }
  for (var j = 0u; j < ${C}u; j++) {
    var s = 0.0f;
    for (var i = 0u; i < ${R}u; i++) { s += ${w_('i', 'j')} * ${w_('i', 'j')}; }
    ${S}[o * ${C}u + j] = sqrt(s);
  }
  for (var d = 0u; d < ${C}u; d++) {
    var src = d;
    for (var j = d + 1u; j < ${C}u; j++) { if (${S}[o * ${C}u + j] > ${S}[o * ${C}u + src]) { src = j; } }
    if (src != d) {
      let t = ${S}[o * ${C}u + d]; ${S}[o * ${C}u + d] = ${S}[o * ${C}u + src]; ${S}[o * ${C}u + src] = t;
      for (var i = 0u; i < ${R}u; i++) { let x = ${w_('i', 'd')}; ${w_('i', 'd')} = ${w_('i', 'src')}; ${w_('i', 'src')} = x; }
      for (var i = 0u; i < ${C}u; i++) { let x = ${v_('i', 'd')}; ${v_('i', 'd')} = ${v_('i', 'src')}; ${v_('i', 'src')} = x; }
    }
  }
  for (var d = 0u; d < ${C}u; d++) {
    let sv = ${S}[o * ${C}u + d];
    var best = 0.0f;
    var am = 0u;
    for (var i = 0u; i < ${C}u; i++) { let x = abs(${v_('i', 'd')}); if (x > best) { best = x; am = i; } }
    let sg = select(1.0f, -1.0f, ${v_('am', 'd')} < 0.0f);
    for (var i = 0u; i < ${R}u; i++) { ${left('i')} = select(0.0f, sg * ${w_('i', 'd')} / sv, sv > 0.0f); }
    for (var i = 0u; i < ${C}u; i++) { ${right('i')} = sg * ${v_('i', 'd')}; }
  }
  ${store(0, S, C)}
  ${store(1, U, m * C)}
  ${store(2, Vt, C * n)}`;
      break;
    }
  }
  const { groups, id } = grid(B, WG, target);
  const body = `@compute @workgroup_size(${WG}) fn main(@builtin(global_invocation_id) gid: vec3u) {
  let o = ${id};
  if (o >= ${B}u) { return; }
  ${outer.lines.join('\n  ')}
  ${code}
}`;
  const n = Math.max(1, ...a0.shape.slice(-2));
  return {
    name, wgsl: module(b.decls(), body, target), bound: b.bound, workgroups: groups,
    flops: B * n * n * n * (prim === 'eigh' || prim === 'svd' ? 40 : 2), bytes: 4 * B * n * n * (eqn.inputs.length + eqn.outs.length),
  };
}
