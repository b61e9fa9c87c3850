/**
 * The WGSL lowering rule of every first-order primitive — the compiler's column of the rule
 * tables (DESIGN.md). It is a mapped type over the primitives, so adding a primitive without a
 * lowering is a compile error. Rules come in four kinds:
 *  - `scalar`: an elementwise function of the operands' scalar values (most primitives);
 *  - `index`: a movement or source primitive, written as index arithmetic over its operands
 *    (reshape, transpose, broadcast, slice, pad, concatenate, gather, iota);
 *  - `reduce` / `dot` / `scatter`: loops, which the fusion planner turns into kernels.
 * Semantics follow the CPU interpreter (the oracle), including NaN and ±Inf, which WGSL leaves
 * undefined for several builtins (log of a negative, max with NaN, float→int casts); NaN is
 * detected by bit tests because compilers may fold `x != x` away. Builtins are not trusted with NaN
 * either: Chromium's SwiftShader adapter returns Inf for exp(NaN) and exp2(NaN) and a finite
 * number for log(NaN), so every builtin whose NaN result matters is wrapped in a helper that
 * passes NaN through by a bit test (fx_exp, fx_exp2, fx_log).
 */
import { coerce, computeDtype, isInteger, isNarrow, isUnsigned, shortName, type DType } from '../core/dtype.js';
import { bitWidth } from '../backend/cpu/bits.js';
import type { CompareOp, Params, Primitive } from '../core/primitive.js';
import type { HigherOrder } from '../primitives/rules.js';
import type { ShapedArray } from '../core/shape.js';
import { Ix, flatten, unflatten } from './ix.js';
import { PRECISE_SIN_COS, SIN_COS_BIG } from './sincos.js';
import { halfStoredOnGpu, packedBits } from './program.js';
import type { Target } from './target.js';
import { DTypeError } from '../core/errors.js';

export type FirstOrderPrimitive = Exclude<Primitive, HigherOrder>;

/**
 * WGSL value type of a dtype (bool is `bool` in registers, `u32` in buffers; the narrow types are
 * their 32-bit compute types: passes/widen-narrow.ts).
 */
export function wgslType(d: DType): string {
  switch (d) {
    case 'float32': case 'float16': case 'bfloat16': return 'f32';
    case 'int32': case 'int8': case 'int16': return 'i32';
    case 'uint32': case 'uint8': case 'uint16': return 'u32';
    case 'bool': return 'bool';
    case 'float64': throw new DTypeError('WebGPU: float64 is not supported on the GPU; cast to float32 or use the CPU backend (FLUXION_BACKEND=cpu).');
  }
}
/** WGSL element type of a buffer holding `d` (float16 is `f16` where the device stores it so: program.ts). */
export const storageType = (d: DType): string => (d === 'bool' ? 'u32' : halfStoredOnGpu(d) ? 'f16' : packedBits(d) ? 'u32' : wgslType(d));

/**
 * The element at flat `offset` of a packed array `arr` (program.ts packedBits), in its compute
 * type: element k of a word sits at bits [k·b, (k+1)·b), as a little-endian typed array lays it.
 * @example packedLoad('x', '(i)', 'int8'); // 'fx_ld_i8(x[((i)) / 4u], ((i)) % 4u)'
 */
export function packedLoad(arr: string, offset: string, d: DType): string {
  const per = 32 / packedBits(d)!;
  return `fx_ld_${shortName(d)}(${arr}[(${offset}) / ${per}u], (${offset}) % ${per}u)`;
}

/** A WGSL literal of `value` in dtype `d`, exact for every float32 (NaN and ±Inf by bit pattern). */
export function literal(value: number, d: DType): string {
  if (isNarrow(d)) return literal(coerce(d, value), computeDtype(d));
  switch (d) {
    case 'bool': return value ? 'true' : 'false';
    case 'uint32': return `${value >>> 0}u`;
    case 'int32': {
      const v = value | 0;
      return v === -2147483648 ? 'i32(-2147483647 - 1)' : `i32(${v})`;
    }
    default: {
      const f = Math.fround(value);
      if (Number.isNaN(f)) return 'fx_nan()';
      if (!Number.isFinite(f)) return f > 0 ? 'fx_inf()' : '(-fx_inf())';
      if (Object.is(f, -0)) return '-0.0f';
      const s = String(f);
      return /[.e]/.test(s) ? `${s}f` : `${s}.0f`;
    }
  }
}

/** Context a rule's emitter gets: its operands' types and its output type. */
export interface ScalarCtx { readonly inDtypes: readonly DType[]; readonly outDtype: DType }

/** Reading operand `input` at a multi-index (the emitter inlines or loads it). */
export type ReadOperand = (input: number, idx: readonly Ix[]) => string;
export interface IndexCtx {
  readonly outIdx: readonly Ix[];
  readonly inAvals: readonly ShapedArray[];
  readonly outAval: ShapedArray;
  readonly read: ReadOperand;
}

export type Lowering<P extends FirstOrderPrimitive> =
  | { readonly kind: 'scalar'; emit(args: string[], ctx: ScalarCtx, params: Params<P>): string }
  | { readonly kind: 'index'; emit(ctx: IndexCtx, params: Params<P>): string }
  | { readonly kind: 'reduce' }
  | { readonly kind: 'dot' }
  | { readonly kind: 'scatter' }
  | { readonly kind: 'sort' }
  | { readonly kind: 'linalg' }
  | { readonly kind: 'scan' }
  /** Effects (debug_callback): taken out of the program before planning (backend/webgpu/effects.ts). */
  | { readonly kind: 'effect' }
  | { readonly kind: 'multi'; readonly outputs: number; emit(args: string[], output: number): string };

export type LoweringTable = { readonly [P in FirstOrderPrimitive]: Lowering<P> };

const isF = (c: ScalarCtx) => c.outDtype === 'float32';
const scalar = <P extends FirstOrderPrimitive>(emit: (a: string[], c: ScalarCtx, p: Params<P>) => string): Lowering<P> => ({ kind: 'scalar', emit });
const floatFn = (name: string) => scalar(([x]) => `${name}(${x})`);

// Helper functions referenced by name (`fx_…`); the kernel writer includes the ones a kernel uses.
export const HELPERS: Record<string, string> = {
  fx_isnan: 'fn fx_isnan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }',
  fx_isfinite: 'fn fx_isfinite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }',
  // NaN and ±Inf from private variables: Tint rejects them as constant expressions.
  fx_nan: 'var<private> fx_nan_bits: u32 = 0x7fc00000u;\nfn fx_nan() -> f32 { return bitcast<f32>(fx_nan_bits); }',
  fx_inf: 'var<private> fx_inf_bits: u32 = 0x7f800000u;\nfn fx_inf() -> f32 { return bitcast<f32>(fx_inf_bits); }',
  // The identity, as a call: WGSL evaluates an operation on literals alone as a constant
  // expression, and one whose result is not finite (0/0, the mean over an empty axis, log(0))
  // or an integer division by zero fails shader creation. A call to a function never is one.
  fx_opaquef32: 'fn fx_opaquef32(x: f32) -> f32 { return x; }',
  fx_opaquei32: 'fn fx_opaquei32(x: i32) -> i32 { return x; }',
  fx_opaqueu32: 'fn fx_opaqueu32(x: u32) -> u32 { return x; }',
  fx_opaquebool: 'fn fx_opaquebool(x: bool) -> bool { return x; }',
  // Element k of a packed 32-bit word (lowering.ts packedLoad), in its compute type.
  fx_ld_i8: 'fn fx_ld_i8(w: u32, k: u32) -> i32 { return bitcast<i32>(w << (24u - 8u * k)) >> 24u; }',
  fx_ld_u8: 'fn fx_ld_u8(w: u32, k: u32) -> u32 { return (w >> (8u * k)) & 0xffu; }',
  fx_ld_i16: 'fn fx_ld_i16(w: u32, k: u32) -> i32 { return bitcast<i32>(w << (16u - 16u * k)) >> 16u; }',
  fx_ld_u16: 'fn fx_ld_u16(w: u32, k: u32) -> u32 { return (w >> (16u * k)) & 0xffffu; }',
  fx_ld_bf16: 'fn fx_ld_bf16(w: u32, k: u32) -> f32 { return bitcast<f32>(((w >> (16u * k)) & 0xffffu) << 16u); }',
  // f16 bits → f32 without pack/unpack builtins (exact: subnormals are m·2^-24, Inf/NaN keep their payload).
  fx_ld_f16: `fn fx_ld_f16(w: u32, k: u32) -> f32 {
  let h = (w >> (16u * k)) & 0xffffu;
  let sign = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let m = h & 0x3ffu;
  if (e == 0u) { return bitcast<f32>(bitcast<u32>(f32(m) * 5.9604644775390625e-8) | sign); }
  if (e == 31u) { return bitcast<f32>(sign | 0x7f800000u | (m << 13u)); }
  return bitcast<f32>(sign | ((e + 112u) << 23u) | (m << 13u));
}`,
  // Shift amounts read as unsigned (JAX): 32 and more (or negative) shift every bit out.
  fx_shl_u32: 'fn fx_shl_u32(a: u32, b: u32) -> u32 { return select(a << (b & 31u), 0u, b >= 32u); }',
  fx_shl_i32: 'fn fx_shl_i32(a: i32, b: i32) -> i32 { return select(bitcast<i32>(bitcast<u32>(a) << (bitcast<u32>(b) & 31u)), 0, bitcast<u32>(b) >= 32u); }',
  fx_sar_i32: 'fn fx_sar_i32(a: i32, b: i32) -> i32 { return a >> min(bitcast<u32>(b), 31u); }',
  // The 16-bit patterns of float16 / bfloat16 values held in f32 and back (bitcast_convert_type),
  // NaN as the canonical quiet NaN, as the CPU interpreter's host float32 storage has it.
  fx_f16_bits: `fn fx_f16_bits(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  let s = (b >> 16u) & 0x8000u;
  let a = b & 0x7fffffffu;
  if (a > 0x7f800000u) { return 0x7e00u; }
  if (a == 0x7f800000u) { return s | 0x7c00u; }
  if (a < 0x38800000u) { return s | u32(abs(x) * 16777216.0); }
  return s | (((a >> 23u) - 112u) << 10u) | ((a >> 13u) & 0x3ffu);
}`,
  fx_f16_value: 'fn fx_f16_value(h: u32) -> f32 { let v = fx_ld_f16(h, 0u); return select(v, fx_nan(), fx_isnan(v)); }',
  fx_bf16_bits: 'fn fx_bf16_bits(x: f32) -> u32 { return select(bitcast<u32>(x) >> 16u, 0x7fc0u, fx_isnan(x)); }',
  fx_bf16_value: 'fn fx_bf16_value(h: u32) -> f32 { let v = bitcast<f32>((h & 0xffffu) << 16u); return select(v, fx_nan(), fx_isnan(v)); }',
  fx_max: 'fn fx_max(a: f32, b: f32) -> f32 { return select(max(a, b), fx_nan(), fx_isnan(a) || fx_isnan(b)); }',
  fx_min: 'fn fx_min(a: f32, b: f32) -> f32 { return select(min(a, b), fx_nan(), fx_isnan(a) || fx_isnan(b)); }',
  // exp and exp2, not the builtins: lavapipe's exp is off by up to 62 ulp (3.9e-6 relative) at
  // |x| ≈ 86, an error that grows with |x|. Cephes' expf: n = round(x·log2 e), r = x − n·ln 2 by
  // Cody–Waite (n·0.693359375 is exact), a degree-7 polynomial on |r| ≤ ½ln 2, scaled by 2^n in two
  // ldexp steps (n reaches 128 and −150). Results below 2^-126 are subnormal: adapters that flush
  // them (lavapipe) give 0 there (docs/webgpu.md). NaN passes through by a bit test.
  fx_exp: `fn fx_exp(x: f32) -> f32 {
  if (fx_isnan(x)) { return x; }
  if (x > 88.7228394) { return fx_inf(); }
  if (x < -103.972084) { return 0.0; }
  let n = round(x * 1.44269504089);
  return fx_expr(x - n * 0.693359375 + n * 2.12194440e-4, n);
}`,
  fx_exp2: `fn fx_exp2(x: f32) -> f32 {
  if (fx_isnan(x)) { return x; }
  if (x >= 128.0) { return fx_inf(); }
  if (x < -150.0) { return 0.0; }
  let n = round(x);
  return fx_expr((x - n) * 0.693147180560, n);
}`,
  // e^r · 2^n for |r| ≤ ½ln 2 (Cephes' expf polynomial), n an integer in [−150, 128].
  fx_expr: `fn fx_expr(r: f32, n: f32) -> f32 {
  let p = ((((((1.9875691500e-4 * r + 1.3981999507e-3) * r + 8.3334519073e-3) * r + 4.1665795894e-2) * r + 1.6666665459e-1) * r + 5.0000001201e-1) * r * r + r) + 1.0;
  let k = i32(n);
  let h = k / 2;
  return ldexp(ldexp(p, h), k - h);
}`,
  // The natural log, not the builtin: lavapipe's is off by 1.25% relative at 0.999999 (an
  // absolute error that near 1 is relative) and reads subnormals wrongly (log(1e-40) = -88.02 for
  // -92.1). fdlibm's logf instead, on the bits: x = 2^k·m with m in [√½, √2) (a subnormal's bits
  // are an integer times 2^-149, converted exactly, so nothing depends on the adapter keeping
  // subnormals), f = m − 1 exact, log(1 + f) = f − f²/2 + s(f²/2 + R(s²)) with s = f/(2 + f), and
  // k·ln 2 in two parts (spec/webgpu-accuracy.spec.ts measures it against float64 log).
  fx_log: `fn fx_log(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u) { return -fx_inf(); }
  if (b >= 0x7f800000u) { return select(fx_nan(), x, b == 0x7f800000u); }
  let km = fx_logkm(b);
  return km.x * 0.693138122559 + (km.x * 9.05800061e-6 + km.y);
}`,
  // log2 the same way, exact on powers of two (k + log(m)·log2 e, with log(1) = 0): fx_pow's.
  fx_log2: `fn fx_log2(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) == 0u) { return -fx_inf(); }
  if (b >= 0x7f800000u) { return select(fx_nan(), x, b == 0x7f800000u); }
  let km = fx_logkm(b);
  return km.x + km.y * 1.44269504089;
}`,
  // (k, log m) of the positive finite float32 with bits b = 2^k·m, m in [√½, √2).
  fx_logkm: `fn fx_logkm(bits: u32) -> vec2f {
  var b = bits;
  var k = -127;
  if (b < 0x00800000u) { b = bitcast<u32>(f32(b)); k = k - 149; }
  k = k + i32(b >> 23u);
  var m = bitcast<f32>((b & 0x007fffffu) | 0x3f800000u);
  if (m > 1.41421356) { m = m * 0.5; k = k + 1; }
  return vec2f(f32(k), fx_log1pf(m - 1.0));
}`,
  // log(1 + f) for f in [√½ − 1, √2 − 1]: f − f²/2 + s(f²/2 + R(s²)), s = f/(2 + f) (fdlibm's k_logf).
  fx_log1pf: `fn fx_log1pf(f: f32) -> f32 {
  let s = f / (2.0 + f);
  let z = s * s;
  let w = z * z;
  let r = w * (0.40000972152 + w * 0.24279078841) + z * (0.66666662693 + w * 0.28498786688);
  let hfsq = 0.5 * f * f;
  return f - (hfsq - s * (hfsq + r));
}`,
  // The builtins, where the adapter's are accurate; see sincos.ts for the other variant.
  // Beyond 2^15 both variants reduce the argument exactly (sincos.ts SIN_COS_BIG): the builtins
  // lose it (lavapipe's sin(1e9) was wrong).
  fx_sin: 'fn fx_sin(x: f32) -> f32 { if (abs(x) > 32768.0 && fx_isfinite(x)) { return fx_sin_big(x); } return sin(x); }',
  fx_cos: 'fn fx_cos(x: f32) -> f32 { if (abs(x) > 32768.0 && fx_isfinite(x)) { return fx_cos_big(x); } return cos(x); }',
  ...SIN_COS_BIG,
  fx_sqrt: 'fn fx_sqrt(x: f32) -> f32 { return select(sqrt(x), fx_nan(), x < 0.0); }',
  // tanh, not the builtin: lavapipe's is 1.3% off at 1e-6 and gives ±2.98e-8 for every
  // |x| < 3e-8. Below 0.625 Cephes' tanhf odd polynomial; above, 1 − 2/(e^{2|x|} + 1) with the sign
  // put back (|x| clamped to 15, where tanh is 1 in float32, so e^{2|x|} stays finite).
  fx_tanh: `fn fx_tanh(x: f32) -> f32 {
  if (fx_isnan(x)) { return x; }
  let a = abs(x);
  if (a < 0.625) {
    let z = x * x;
    return x + x * z * ((((-5.70498872745e-3 * z + 2.06390887954e-2) * z - 5.37397155531e-2) * z + 1.33314422036e-1) * z - 3.33332819422e-1);
  }
  let t = 1.0 - 2.0 / (fx_exp(2.0 * min(a, 15.0)) + 1.0);
  return select(t, -t, x < 0.0);
}`,
  fx_sign: 'fn fx_sign(x: f32) -> f32 { return select(select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0), x, fx_isnan(x) || x == 0.0); }',
  // log1p: where 1 + x lies in [√½, √2) its log is fdlibm's kernel on f = x itself (exact, so no
  // cancellation near 0); elsewhere log(1 + x) plus the rounding of 1 + x, (x − (u − 1))/u.
  // expm1 by Kahan's trick (u − 1)·x/log u, in the order that cannot overflow (the product um·x
  // overflowed for x in [84.3, 88.72]), and near 0 by its Taylor series: Kahan's (u − 1) needs the
  // compiler to keep 1 + x − 1, and lavapipe folds it to x (expm1(−5e-6) came out 7e-4 off).
  fx_log1p: `fn fx_log1p(x: f32) -> f32 {
  if (x > -0.292893219 && x < 0.414213562) { return fx_log1pf(x); }
  let u = 1.0 + x;
  if (fx_isnan(x) || !fx_isfinite(u) || u <= 0.0) { return fx_log(u); }
  return fx_log(u) + (x - (u - 1.0)) / u;
}`,
  fx_expm1: `fn fx_expm1(x: f32) -> f32 {
  if (abs(x) < 0.0625) {
    return x * (1.0 + x * (0.5 + x * (0.166666666667 + x * (0.0416666666667 + x * (0.00833333333333 + x * (0.00138888888889 + x * 0.000198412698413))))));
  }
  let u = fx_exp(x);
  if (u == 1.0 || fx_isnan(x)) { return x; }
  let um = u - 1.0;
  if (um == -1.0) { return -1.0; }
  if (!fx_isfinite(u)) { return u; }
  return um * (x / fx_log(u));
}`,
  // WGSL's pow is undefined for x < 0 and at x = 0; JS Math.pow (the oracle) is not.
  fx_pow: `fn fx_pow(x: f32, y: f32) -> f32 {
  if (y == 0.0) { return 1.0; }
  if (fx_isnan(x) || fx_isnan(y)) { return fx_nan(); }
  let odd = floor(y) == y && abs(y) < 16777216.0 && (i32(y) & 1) == 1;
  if (x == 0.0) {
    if (y > 0.0) { return select(0.0, x, odd); }
    return select(fx_inf(), select(fx_inf(), -fx_inf(), bitcast<u32>(x) != 0u), odd);
  }
  let r = fx_exp2(y * fx_log2(abs(x)));
  if (x > 0.0) { return r; }
  if (floor(y) != y && fx_isfinite(x)) { return fx_nan(); }
  return select(r, -r, odd);
}`,
  // Rounding to float16 / bfloat16 values (ties to even), on the f32 bits as core/dtype.ts
  // roundFloat16 / roundBfloat16 do, so the GPU and the CPU interpreter agree bit for bit. WGSL's
  // pack2x16float leaves out-of-range values indeterminate, so it is not used. Below 2^-14 float16
  // has subnormals, multiples of 2^-24: scaled by 2^24 (exact) and rounded half to even by round().
  fx_round_f16: `fn fx_round_f16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  let s = b & 0x80000000u;
  let a = b & 0x7fffffffu;
  if (a >= 0x7f800000u) { return x; }
  if (a >= 0x477ff000u) { return bitcast<f32>(s | 0x7f800000u); }
  if (a < 0x38800000u) { return bitcast<f32>(s | bitcast<u32>(round(abs(x) * 16777216.0) / 16777216.0)); }
  return bitcast<f32>(s | ((a + 0xfffu + ((a >> 13u) & 1u)) & 0xffffe000u));
}`,
  fx_round_bf16: `fn fx_round_bf16(x: f32) -> f32 {
  let b = bitcast<u32>(x);
  if ((b & 0x7fffffffu) > 0x7f800000u) { return x; }
  return bitcast<f32>((b + 0x7fffu + ((b >> 16u) & 1u)) & 0xffff0000u);
}`,
  // Float → integer saturates, as XLA's convert does (so JAX) and the CPU interpreter: truncate
  // toward zero, clamp to the target's range (±Inf to its ends), NaN → 0. Done by hand, not by
  // WGSL's conversion alone, whose NaN result the spec leaves to the implementation.
  fx_f2i: `fn fx_f2i(x: f32) -> i32 {
  if (fx_isnan(x)) { return 0i; }
  if (x >= 2147483648.0) { return 2147483647i; }
  if (x < -2147483648.0) { return i32(-2147483647 - 1); }
  return i32(x);
}`,
  fx_f2u: `fn fx_f2u(x: f32) -> u32 {
  if (fx_isnan(x) || x < 1.0) { return 0u; }
  if (x >= 4294967296.0) { return 4294967295u; }
  return u32(x);
}`,
  // To int8/uint8/int16/uint16, in their compute type: clamped to [lo, hi] in f32 (exact there).
  fx_f2i_narrow: 'fn fx_f2i_narrow(x: f32, lo: f32, hi: f32) -> i32 { return select(i32(trunc(min(max(x, lo), hi))), 0i, fx_isnan(x)); }',
  fx_f2u_narrow: 'fn fx_f2u_narrow(x: f32, hi: f32) -> u32 { return select(u32(trunc(min(max(x, 0.0), hi))), 0u, fx_isnan(x)); }',
  // atan2 with C's special cases done by hand (WGSL leaves zeros and infinities to the
  // implementation, and lavapipe's builtin is off by 2e-5 relative): NaN in → NaN; y = ±0 picks
  // ±0 or ±π from x's sign bit; infinities give the multiples of π/4. The finite rest reduces
  // to atan(t), t = min/max of |y|, |x| in [0, 1], then to |w| ≤ tan(π/8) with
  // atan(t) = π/4 + atan((t − 1)/(t + 1)), where the odd Taylor series to w¹⁷ is within 2e-8.
  fx_atan2: `fn fx_atan2(y: f32, x: f32) -> f32 {
  if (fx_isnan(x) || fx_isnan(y)) { return fx_nan(); }
  let sy = select(1.0, -1.0, (bitcast<u32>(y) >> 31u) == 1u);
  let xneg = (bitcast<u32>(x) >> 31u) == 1u;
  if (y == 0.0) { return select(y, sy * 3.14159265358979, xneg); }
  let yinf = !fx_isfinite(y);
  let xinf = !fx_isfinite(x);
  if (yinf && xinf) { return sy * select(0.785398163397448, 2.35619449019234, xneg); }
  if (yinf || x == 0.0) { return sy * 1.5707963267949; }
  if (xinf) { return select(bitcast<f32>(bitcast<u32>(y) & 0x80000000u), sy * 3.14159265358979, xneg); }
  let a = abs(y);
  let b = abs(x);
  let t = min(a, b) / max(a, b);
  let big = t > 0.414213562373095;
  let w = select(t, (t - 1.0) / (t + 1.0), big);
  let w2 = w * w;
  var p = 1.0 / 17.0;
  p = -1.0 / 15.0 + w2 * p;
  p = 1.0 / 13.0 + w2 * p;
  p = -1.0 / 11.0 + w2 * p;
  p = 1.0 / 9.0 + w2 * p;
  p = -1.0 / 7.0 + w2 * p;
  p = 1.0 / 5.0 + w2 * p;
  p = -1.0 / 3.0 + w2 * p;
  var r = w + w * w2 * p;
  if (big) { r = 0.785398163397448 + r; }
  if (a > b) { r = 1.5707963267949 - r; }
  if (xneg) { r = 3.14159265358979 - r; }
  return sy * r;
}`,
  fx_rem: 'fn fx_rem(a: f32, b: f32) -> f32 { return a - b * trunc(a / b); }',
  fx_threefry: `fn fx_threefry(k0: u32, k1: u32, x0: u32, x1: u32) -> vec2u {
  var ks = array<u32, 3>(k0, k1, k0 ^ k1 ^ 0x1bd11bdau);
  var a = x0 + k0;
  var b = x1 + k1;
  let rot = array<u32, 8>(13u, 15u, 26u, 6u, 17u, 29u, 16u, 24u);
  for (var g = 0u; g < 5u; g++) {
    for (var j = 0u; j < 4u; j++) {
      a = a + b;
      let r = rot[(g & 1u) * 4u + j];
      b = ((b << r) | (b >> (32u - r))) ^ a;
    }
    a = a + ks[(g + 1u) % 3u];
    b = b + ks[(g + 2u) % 3u] + g + 1u;
  }
  return vec2u(a, b);
}`,
};

/** The WGSL of helper `name` for `target` (sin/cos have a per-adapter variant), or undefined. */
export function helperSource(name: string, target?: Pick<Target, 'sinCos'>): string | undefined {
  if (target?.sinCos === 'fluxion' && PRECISE_SIN_COS[name]) return PRECISE_SIN_COS[name];
  return HELPERS[name];
}

/** Names of the helpers `code` calls, with the helpers they call in turn (for `target`'s variants). */
export function helpersUsedBy(code: string, target?: Pick<Target, 'sinCos'>): string[] {
  const seen = new Set<string>();
  const visit = (text: string) => {
    for (const m of text.matchAll(/\bfx_[a-z0-9_]+/g)) {
      const src = seen.has(m[0]) ? undefined : helperSource(m[0], target);
      if (src) { seen.add(m[0]); visit(src); }
    }
  };
  visit(code);
  return [...seen];
}

function castTo(x: string, from: DType, to: DType): string {
  if (from === to) return x;
  // Narrow types hold their values in their 32-bit compute type: from one, the value is there;
  // to one, convert to the compute type and round or wrap (passes/widen-narrow.ts).
  if (isNarrow(from)) return castTo(x, computeDtype(from), to);
  if (from === 'float32' && isNarrow(to) && isInteger(to)) {
    // Saturating, like fx_f2i / fx_f2u: a wrap of the 32-bit conversion would not be.
    const [lo, hi] = intRange(to);
    return isUnsigned(to) ? `fx_f2u_narrow(${x}, ${hi}.0)` : `fx_f2i_narrow(${x}, ${lo}.0, ${hi}.0)`;
  }
  if (isNarrow(to)) return narrowExpr(castTo(x, from, computeDtype(to)), to);
  // !(x == 0) rather than x != 0: lavapipe compiles float != as an ordered compare (false for NaN).
  if (to === 'bool') return from === 'float32' ? `!(${x} == 0.0)` : `(${x} != ${literal(0, from)})`;
  if (from === 'bool') return `select(${literal(0, to)}, ${literal(1, to)}, ${x})`;
  if (to === 'float32') return `f32(${x})`;
  if (from === 'float32') return to === 'int32' ? `fx_f2i(${x})` : `fx_f2u(${x})`;
  return `bitcast<${wgslType(to)}>(${x})`;
}

/** The least and greatest value of a narrow integer dtype. */
function intRange(d: DType): [number, number] {
  const w = bitWidth(d);
  return isUnsigned(d) ? [0, 2 ** w - 1] : [-(2 ** (w - 1)), 2 ** (w - 1) - 1];
}

/** `x`, of `d`'s compute type, rounded or wrapped to `d`'s values. */
function narrowExpr(x: string, d: DType): string {
  switch (d) {
    case 'float16': return `fx_round_f16(${x})`;
    case 'bfloat16': return `fx_round_bf16(${x})`;
    case 'int8': return `((${x} << 24u) >> 24u)`;
    case 'int16': return `((${x} << 16u) >> 16u)`;
    case 'uint8': return `(${x} & 0xffu)`;
    case 'uint16': return `(${x} & 0xffffu)`;
    default: return x;
  }
}

/**
 * The bits of `x` (held in `from`'s compute type) read as `to`, of the same width. Narrow results
 * are wrapped to their type by the widening pass's narrowing after the equation.
 */
function bitcastExpr(x: string, from: DType, to: DType): string {
  if (from === to) return x;
  if (bitWidth(from) !== 16) return `bitcast<${wgslType(to)}>(${x})`;
  const bits = from === 'float16' ? `fx_f16_bits(${x})` : from === 'bfloat16' ? `fx_bf16_bits(${x})` : `(bitcast<u32>(${x}) & 0xffffu)`;
  return to === 'float16' ? `fx_f16_value(${bits})` : to === 'bfloat16' ? `fx_bf16_value(${bits})` : `bitcast<${wgslType(to)}>(${bits})`;
}

/** An integer operand of `d` masked to its width when its compute value is sign-extended (int8, int16). */
function ownBits(x: string, d: DType): string {
  const w = bitWidth(d);
  return w < 32 && !isUnsigned(d) ? `(${x} & ${literal(2 ** w - 1, 'int32')})` : x;
}

const compareOps: Record<CompareOp, string> = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' };

export const lowering: LoweringTable = {
  neg: scalar(([x], c) => (c.outDtype === 'uint32' ? `(0u - ${x})` : `(-${x})`)),
  exp: floatFn('fx_exp'),
  log: floatFn('fx_log'),
  log1p: floatFn('fx_log1p'),
  expm1: floatFn('fx_expm1'),
  sin: floatFn('fx_sin'),
  cos: floatFn('fx_cos'),
  tanh: floatFn('fx_tanh'),
  sqrt: floatFn('fx_sqrt'),
  rsqrt: scalar(([x]) => `(1.0 / fx_sqrt(${x}))`),
  abs: scalar(([x], c) => (c.outDtype === 'uint32' ? x : `abs(${x})`)),
  sign: scalar(([x], c) => (isF(c) ? `fx_sign(${x})` : c.outDtype === 'uint32' ? `select(0u, 1u, ${x} > 0u)` : `sign(${x})`)),
  floor: floatFn('floor'),
  stop_gradient: scalar(([x]) => x),
  add: scalar(([a, b]) => `(${a} + ${b})`),
  sub: scalar(([a, b]) => `(${a} - ${b})`),
  mul: scalar(([a, b]) => `(${a} * ${b})`),
  div: scalar(([a, b]) => `(${a} / ${b})`),
  max: scalar(([a, b], c) => (isF(c) ? `fx_max(${a}, ${b})` : `max(${a}, ${b})`)),
  min: scalar(([a, b], c) => (isF(c) ? `fx_min(${a}, ${b})` : `min(${a}, ${b})`)),
  pow: scalar(([a, b]) => `fx_pow(${a}, ${b})`),
  rem: scalar(([a, b], c) => (isF(c) ? `fx_rem(${a}, ${b})` : `(${a} % ${b})`)),
  atan2: scalar(([y, x]) => `fx_atan2(${y}, ${x})`),
  shift_right_logical: scalar(([a, b]) => `select(${a} >> (${b} & 31u), 0u, ${b} >= 32u)`),
  xor: scalar(([a, b]) => `(${a} ^ ${b})`),
  and: scalar(([a, b]) => `(${a} & ${b})`),
  or: scalar(([a, b]) => `(${a} | ${b})`),
  not: scalar(([a]) => `(~${a})`),
  // Helpers, not inline operators: a shift of two literals would be a constant expression, and
  // WGSL rejects a constant left shift that overflows.
  shift_left: scalar(([a, b], c) => (c.outDtype === 'uint32' ? `fx_shl_u32(${a}, ${b})` : `fx_shl_i32(${a}, ${b})`)),
  shift_right_arithmetic: scalar(([a, b]) => `fx_sar_i32(${a}, ${b})`),
  compare: scalar(([a, b], c, { op }) => (op === 'ne' && c.inDtypes[0] === 'float32' ? `!(${a} == ${b})` : `(${a} ${compareOps[op]} ${b})`)),
  where: scalar(([c, x, y]) => `select(${y}, ${x}, ${c})`),
  cast: scalar(([x], c, { dtype }) => castTo(x, c.inDtypes[0], dtype)),
  bitcast_convert_type: scalar(([x], c, { dtype, from }) => bitcastExpr(x, from ?? c.inDtypes[0], dtype)),
  population_count: scalar(([x], c, { from }) => `countOneBits(${ownBits(x, from ?? c.inDtypes[0])})`),
  // Within the operand's width: a narrow value's 32-bit clz counts 32 − w leading zeros too many.
  clz: scalar(([x], c, { from }) => {
    const d = from ?? c.inDtypes[0], extra = 32 - bitWidth(d);
    const n = `countLeadingZeros(${ownBits(x, d)})`;
    return extra === 0 ? n : `(${n} - ${literal(extra, computeDtype(d))})`;
  }),

  broadcast_in_dim: {
    kind: 'index',
    emit: ({ outIdx, inAvals, read }, { dims }) =>
      read(0, inAvals[0].shape.map((n, k) => (n === 1 ? Ix.const(0) : outIdx[dims[k]]))),
  },
  reshape: {
    kind: 'index',
    emit: ({ outIdx, inAvals, outAval, read }) => read(0, unflatten(flatten(outIdx, outAval.shape), inAvals[0].shape)),
  },
  transpose: {
    kind: 'index',
    emit: ({ outIdx, read }, { perm }) => {
      const idx: Ix[] = new Array(perm.length);
      perm.forEach((p, i) => { idx[p] = outIdx[i]; });
      return read(0, idx);
    },
  },
  slice: {
    kind: 'index',
    emit: ({ outIdx, read }, { start }) => read(0, outIdx.map((x, d) => x.add(start[d]))),
  },
  pad: {
    kind: 'index',
    emit: ({ outIdx, inAvals, outAval, read }, { lo }) => {
      // In range on every padded dimension → the operand (at a clamped, always-valid index), else 0.
      const conds: string[] = [];
      const idx = outIdx.map((x, d) => {
        const n = inAvals[0].shape[d];
        if (lo[d] === 0 && outAval.shape[d] === n) return x;
        const e = x.wgsl();
        conds.push(`(${e} >= ${lo[d]}u && ${e} < ${lo[d] + n}u)`);
        return Ix.opaque(`min(max(${e}, ${lo[d]}u), ${lo[d] + n - 1}u) - ${lo[d]}u`, n - 1);
      });
      const v = read(0, idx);
      return conds.length ? `select(${literal(0, outAval.dtype)}, ${v}, ${conds.join(' && ')})` : v;
    },
  },
  concatenate: {
    kind: 'index',
    emit: ({ outIdx, inAvals, read }, { axis }) => {
      // A select chain from the last piece back: piece p covers [off_p, off_p + n_p) on `axis`.
      const e = outIdx[axis].wgsl();
      let off = 0;
      const pieces = inAvals.map((a) => { const o = off; off += a.shape[axis]; return { o, n: a.shape[axis] }; });
      let out = '';
      pieces.forEach(({ o, n }, p) => {
        if (n === 0) return;
        const idx = outIdx.map((x, d) => (d !== axis ? x : o === 0 && p === pieces.length - 1 ? x
          : Ix.opaque(`min(max(${e}, ${o}u), ${o + n - 1}u) - ${o}u`, n - 1)));
        const v = read(p, idx);
        out = out ? `select(${out}, ${v}, ${e} >= ${o}u)` : v;
      });
      return out;
    },
  },
  gather: {
    kind: 'index',
    emit: ({ outIdx, inAvals, read }, { axis }) => {
      const [x, idx] = inAvals;
      const ni = idx.ndim, len = x.shape[axis];
      const j = read(1, outIdx.slice(axis, axis + ni));
      const at = Ix.opaque(`u32(clamp(${j}, 0i, ${len - 1}i))`, len - 1);
      return read(0, [...outIdx.slice(0, axis), at, ...outIdx.slice(axis + ni)]);
    },
  },
  iota: {
    kind: 'index',
    emit: ({ outIdx }, { dim, dtype }) => castTo(outIdx[dim].wgsl(), 'uint32', dtype),
  },
  threefry2x32: { kind: 'multi', outputs: 2, emit: (args, output) => `fx_threefry(${args.join(', ')}).${output === 0 ? 'x' : 'y'}` },
  reduce_sum: { kind: 'reduce' },
  reduce_max: { kind: 'reduce' },
  argmax: { kind: 'reduce' },
  dot_general: { kind: 'dot' },
  scatter_add: { kind: 'scatter' },
  gather_nd: {
    kind: 'index',
    emit: ({ outIdx, inAvals, outAval, read }, { axes, mode, fill }) => {
      // Output [...batch, ...rest]: component m of the tuple at `batch` indexes axis axes[m].
      const [x, idx] = inAvals;
      const nb = idx.ndim - 1, batch = outIdx.slice(0, nb), inRange: string[] = [];
      const pos: Ix[] = new Array(x.ndim);
      let r = nb;
      x.shape.forEach((len, d) => {
        const m = axes.indexOf(d);
        if (m < 0) { pos[d] = outIdx[r++]; return; }
        const t = read(1, [...batch, Ix.const(m)]);
        if (mode === 'fill') inRange.push(`(bitcast<u32>(${t}) < ${len}u)`);
        // Always a valid read: clamped (clip), or clamped and then replaced by the fill (fill).
        pos[d] = Ix.opaque(mode === 'clip' ? `u32(clamp(${t}, 0i, ${len - 1}i))` : `min(bitcast<u32>(${t}), ${len - 1}u)`, len - 1);
      });
      const v = read(0, pos);
      return inRange.length ? `select(${literal(fill, outAval.dtype)}, ${v}, ${inRange.join(' && ')})` : v;
    },
  },
  scatter_nd: { kind: 'scatter' },
  // Kernels of their own (sort-scan-kernels.ts): a bitonic sort and a per-row scan.
  sort: { kind: 'sort' },
  cumsum: { kind: 'scan' }, cumprod: { kind: 'scan' }, cummax: { kind: 'scan' }, cummin: { kind: 'scan' },
  // No kernel: the WebGPU backend returns its operands as extra outputs and calls back on the host.
  debug_callback: { kind: 'effect' },
  // One kernel per linear-algebra primitive, all its outputs at once (linalg-kernels.ts).
  cholesky: { kind: 'linalg' }, triangular_solve: { kind: 'linalg' }, lu: { kind: 'linalg' },
  qr: { kind: 'linalg' }, eigh: { kind: 'linalg' }, svd: { kind: 'linalg' },
  // A matmul whose A loader computes the input coordinates (an implicit im2col): compiler/conv.ts.
  conv_general_dilated: { kind: 'dot' },
};

/** Identity element and combining step of each reduction, in WGSL. */
export function reduceInit(prim: 'reduce_sum' | 'reduce_max', d: DType): string {
  if (prim === 'reduce_sum') return literal(0, d);
  return d === 'float32' ? literal(-Infinity, d) : d === 'int32' ? literal(-2147483648, d) : d === 'uint32' ? '0u' : 'false';
}
export function reduceStep(prim: 'reduce_sum' | 'reduce_max', acc: string, v: string, d: DType): string {
  if (prim === 'reduce_sum') return d === 'bool' ? `(${acc} || ${v})` : `${acc} + ${v}`;
  return d === 'float32' ? `fx_max(${acc}, ${v})` : d === 'bool' ? `(${acc} || ${v})` : `max(${acc}, ${v})`;
}
