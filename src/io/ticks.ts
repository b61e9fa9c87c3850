/**
 * Axis ticks at "nice" values (1, 2 or 5 times a power of ten), and their labels, so axes read
 * 0, 0.5, 1, 1.5 rather than 0, 0.37, 0.74.
 */

/**
 * About `count` evenly spaced nice values within [lo, hi].
 * @example niceTicks(0, 1, 5) // [0, 0.2, 0.4, 0.6, 0.8, 1]
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return Number.isFinite(lo) ? [lo] : [];
  const raw = (hi - lo) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? 10 * pow;
  const out: number[] = [];
  // toPrecision drops floating-point noise (0.30000000000000004) from k * step.
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) out.push(Number((k * step).toPrecision(12)));
  return out;
}

/**
 * Ticks for a log axis over [lo, hi] (both > 0): the powers of ten inside, plus 2x and 5x when
 * the range spans less than two decades, so a short range still gets labels.
 * @example logTicks(0.01, 10) // [0.01, 0.1, 1, 10]
 */
export function logTicks(lo: number, hi: number): number[] {
  const e0 = Math.floor(Math.log10(lo)), e1 = Math.ceil(Math.log10(hi));
  const inside = (v: number) => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9);
  const powers: number[] = [];
  for (let e = e0; e <= e1; e++) powers.push(Number((10 ** e).toPrecision(12)));
  let ticks = powers.filter(inside);
  if (ticks.length < 3) ticks = powers.flatMap((p) => [p, 2 * p, 5 * p]).map((v) => Number(v.toPrecision(12))).filter(inside);
  return ticks;
}

/**
 * A short label: up to 3 significant digits, exponent notation outside [0.001, 10000).
 * @example formatTick(0.0001) // '1e-4'
 */
export function formatTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}
