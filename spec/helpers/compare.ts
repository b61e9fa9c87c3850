/** Comparing WebGPU results with the CPU interpreter's. */

/**
 * Largest |got − want| / max(|want|, 1) over the elements. NaN matches only NaN (one-sided NaN
 * is Infinity); equal infinities match; an infinity against a finite value is Infinity.
 */
export function relativeError(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Infinity;
  let m = 0;
  for (let i = 0; i < want.length; i++) {
    const a = Number(got[i]), b = Number(want[i]);
    if (Number.isNaN(a) || Number.isNaN(b)) { if (Number.isNaN(a) !== Number.isNaN(b)) return Infinity; continue; }
    if (a === b) continue;
    m = Math.max(m, Math.abs(a - b) / Math.max(Math.abs(b), 1));
  }
  return m;
}
