/**
 * fluxion's own sin and cos in WGSL, for adapters whose builtins are looser than float32 deserves.
 * WGSL bounds sin/cos only to 2^-11 absolute error inside [-π, π] and says nothing outside it;
 * lavapipe's builtins are within ~1e-7 up to |x| ≈ 1e6, but Chromium's SwiftShader adapter is off
 * by about 2e-4 on [-64, 64] (spec/browser-suites.spec.ts, 'sin/cos sweep'), a hundred times the
 * suites' float32 tolerance, so a gradient would depend on the browser. Which variant a device
 * gets is measured once per adapter (src/backend/webgpu/sincos-probe.ts).
 *
 * Method (the classic one of Cephes' sinf/cosf): k = round(x·2/π); the remainder r = x − k·π/2
 * by Cody–Waite reduction with π/2 split into three float32 parts whose leading parts have few
 * significant bits, so k·P1 and k·P2 are exact for |k| < 2^15 (|x| up to ~5e4); then minimax
 * polynomials for sin and cos on [−π/4, π/4] and the quadrant k mod 4 picks sign and function.
 * Measured error against Math.sin/Math.cos: below 1e-7 on [−64, 64]. Beyond |x| = 32768 the
 * reduction loses exactness, and both variants (this one and the builtin wrappers in lowering.ts)
 * switch to an exact Payne–Hanek reduction in integers (SIN_COS_BIG below): within 1.1e-7 of
 * Math.sin/Math.cos up to 3.4e38, where lavapipe's builtins were off by up to 2 (sin(1e9)).
 * NaN and ±Inf give NaN (by bit test, like the CPU interpreter); ±0 is returned as is.
 *
 * Speed (bench/sincos-variants.ts: 8 chained sin/cos over 4M elements in one kernel, on the shared
 * 2-core machine, so ranges over runs): on SwiftShader fluxion's takes 8–16 ns per element and
 * call against the builtin's 5–6 (1.8–2.7× slower: the price of float32 accuracy there); on
 * lavapipe 2–5 ns against 3.4–6.3 (no slower, often faster), yet the builtin stays the choice there
 * because it is the more accurate (7e-8 against 2e-7). An earlier version with early returns for
 * non-finite and zero arguments was 2.6× slower on SwiftShader: lanes run together there, so the
 * code is straight-line selects.
 */

/**
 * The precise variants of `fx_sin` / `fx_cos` (same names as the builtin wrappers in lowering.ts,
 * so a kernel does not know which it got) and the helpers they call.
 */
export const PRECISE_SIN_COS: Record<string, string> = {
  // (remainder, quadrant) of x by π/2; the three parts of π/2 sum to it within float32 precision.
  fx_sincos_r: `fn fx_sincos_r(x: f32) -> vec2f {
  let k = round(x * 0.63661977236758134);
  let r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  return vec2f(r, k);
}`,
  // Straight-line code: both polynomials, then selects. Branches cost more than the extra
  // polynomial on SIMD adapters (SwiftShader runs lanes together); |x| > 32768 is rare and
  // uniform in practice, so its exact reduction (SIN_COS_BIG) sits behind a branch.
  fx_sin: `fn fx_sin(x: f32) -> f32 {
  if (abs(x) > 32768.0 && fx_isfinite(x)) { return fx_sin_big(x); }
  let rk = fx_sincos_r(x);
  let q = i32(rk.y) & 3;
  let v = select(fx_sinpoly(rk.x), fx_cospoly(rk.x), (q & 1) == 1);
  return select(select(select(v, -v, q >= 2), x, x == 0.0), fx_nan(), !fx_isfinite(x));
}`,
  fx_cos: `fn fx_cos(x: f32) -> f32 {
  if (abs(x) > 32768.0 && fx_isfinite(x)) { return fx_cos_big(x); }
  let rk = fx_sincos_r(x);
  let q = i32(rk.y) & 3;
  let v = select(fx_cospoly(rk.x), fx_sinpoly(rk.x), (q & 1) == 1);
  return select(select(v, -v, q == 1 || q == 2), fx_nan(), !fx_isfinite(x));
}`,
};

/**
 * sin and cos of finite |x| > 32768 for both variants (lowering.ts merges these into its helpers):
 * Payne–Hanek reduction in integers, exact where the builtins and the Cody–Waite reduction above
 * lose the argument (lavapipe's sin(1e9) was wrong). x = M·2^e with M the 24-bit significand; of
 * x·2/π only the bits of 2/π from position e − 1 on matter mod 4 (earlier ones give multiples of
 * 4), so 64 of them, W, from a table of 2/π (224 bits, a zero word first for e < 1), and the low
 * 64 bits of M·W are x·2/π mod 4 in units of 2^-62: the quadrant is the top two bits, the rest the
 * fraction (rounded to nearest, so r is in [−π/4, π/4]). 64-bit arithmetic is done in u32 halves.
 */
export const SIN_COS_BIG: Record<string, string> = {
  fx_sinpoly: `fn fx_sinpoly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);
}`,
  fx_cospoly: `fn fx_cospoly(r: f32) -> f32 {
  let z = r * r;
  return 1.0 - 0.5 * z + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);
}`,
  // The high 32 bits of the 64-bit product u·v, from 16-bit halves.
  fx_mulhi: `fn fx_mulhi(u: u32, v: u32) -> u32 {
  let u0 = u & 0xffffu; let u1 = u >> 16u; let v0 = v & 0xffffu; let v1 = v >> 16u;
  let p01 = u0 * v1; let p10 = u1 * v0;
  let mid = ((u0 * v0) >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return u1 * v1 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u);
}`,
  // (r, k) with |x| = k·π/2 + r, r in [−π/4, π/4], for finite |x| ≥ 2^15; signs as fx_sincos_r's.
  fx_sincos_big: `fn fx_sincos_big(x: f32) -> vec2f {
  let t = array<u32, 7>(0u, 0xa2f9836eu, 0x4e441529u, 0xfc2757d1u, 0xf534ddc0u, 0xdb629599u, 0x3c439041u);
  let b = bitcast<u32>(x);
  let m = (b & 0x007fffffu) | 0x00800000u;
  let g = ((b >> 23u) & 0xffu) - 120u;
  let j = g / 32u;
  let sh = g % 32u;
  var w1 = t[j];
  var w0 = t[j + 1u];
  if (sh != 0u) {
    w1 = (w1 << sh) | (t[j + 1u] >> (32u - sh));
    w0 = (w0 << sh) | (t[j + 2u] >> (32u - sh));
  }
  let lo = m * w0;
  let hi = fx_mulhi(m, w0) + m * w1;
  var q = hi >> 30u;
  let fh = (hi << 2u) | (lo >> 30u);
  let fl = lo << 2u;
  if ((fh >> 31u) == 1u) { q = q + 1u; }
  let f = f32(bitcast<i32>(fh)) * 2.3283064365386963e-10 + f32(fl) * 5.421010862427522e-20;
  let r = f * 1.57079632679489662;
  let neg = (b >> 31u) == 1u;
  return vec2f(select(r, -r, neg), f32(select(q & 3u, (4u - (q & 3u)) & 3u, neg)));
}`,
  fx_sin_big: `fn fx_sin_big(x: f32) -> f32 {
  let rk = fx_sincos_big(x);
  let q = i32(rk.y);
  let v = select(fx_sinpoly(rk.x), fx_cospoly(rk.x), (q & 1) == 1);
  return select(v, -v, q >= 2);
}`,
  fx_cos_big: `fn fx_cos_big(x: f32) -> f32 {
  let rk = fx_sincos_big(x);
  let q = i32(rk.y);
  let v = select(fx_cospoly(rk.x), fx_sinpoly(rk.x), (q & 1) == 1);
  return select(v, -v, q == 1 || q == 2);
}`,
};
