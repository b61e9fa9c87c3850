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
 * reduction loses exactness and the builtin is used (no adapter was measured to do better there).
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
  fx_sinpoly: `fn fx_sinpoly(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1);
}`,
  fx_cospoly: `fn fx_cospoly(r: f32) -> f32 {
  let z = r * r;
  return 1.0 - 0.5 * z + z * z * ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2);
}`,
  // Straight-line code: both polynomials, then selects. Branches cost more than the extra
  // polynomial on SIMD adapters (SwiftShader runs lanes together); |x| > 32768 is rare and
  // uniform in practice, so its builtin call sits behind a branch.
  fx_sin: `fn fx_sin(x: f32) -> f32 {
  if (abs(x) > 32768.0 && fx_isfinite(x)) { return sin(x); }
  let rk = fx_sincos_r(x);
  let q = i32(rk.y) & 3;
  let v = select(fx_sinpoly(rk.x), fx_cospoly(rk.x), (q & 1) == 1);
  return select(select(select(v, -v, q >= 2), x, x == 0.0), fx_nan(), !fx_isfinite(x));
}`,
  fx_cos: `fn fx_cos(x: f32) -> f32 {
  if (abs(x) > 32768.0 && fx_isfinite(x)) { return cos(x); }
  let rk = fx_sincos_r(x);
  let q = i32(rk.y) & 3;
  let v = select(fx_cospoly(rk.x), fx_sinpoly(rk.x), (q & 1) == 1);
  return select(select(v, -v, q == 1 || q == 2), fx_nan(), !fx_isfinite(x));
}`,
};
