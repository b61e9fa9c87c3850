/**
 * Float64 reference functions and statistical assertions shared by the random specs: moments
 * and a Kolmogorov–Smirnov test with fixed false-failure rates, log Γ, the regularised incomplete
 * gamma P(a, x), erf and Φ, each accurate to ~1e-14 on the host.
 */
import { expect } from 'vitest';

export function moments(d: number[]): { mean: number; var: number } {
  const m = d.reduce((a, b) => a + b, 0) / d.length;
  return { mean: m, var: d.reduce((a, b) => a + (b - m) ** 2, 0) / d.length };
}

/** Mean within 5 standard errors (√(σ²/N)), variance within 5 of its own (σ²·√((κ − 1)/N), κ the kurtosis). */
export function expectMoments(d: number[], mean: number, variance: number, kurtosis: number, what = ''): void {
  const m = moments(d);
  expect(Math.abs(m.mean - mean), `${what} mean ${m.mean} vs ${mean}`).toBeLessThan(5 * Math.sqrt(variance / d.length));
  expect(Math.abs(m.var - variance), `${what} var ${m.var} vs ${variance}`).toBeLessThan(5 * variance * Math.sqrt((kurtosis - 1) / d.length));
}

/** Kolmogorov–Smirnov: √N·D < 2.7 (P(false failure) ≈ 2e^{−2·2.7²} ≈ 10⁻⁶). For integer data `cdf` is the step CDF. */
export function expectKs(d: number[], cdf: (x: number) => number, what = ''): void {
  const s = [...d].sort((a, b) => a - b), n = s.length;
  let D = 0;
  for (let i = 0; i < n; i++) {
    // Ties (integer samples): the empirical CDF jumps once, at the last of equal values.
    if (i + 1 < n && s[i + 1] === s[i]) continue;
    const f = cdf(s[i]!);
    D = Math.max(D, Math.abs((i + 1) / n - f));
    let j = i; while (j > 0 && s[j - 1] === s[i]) j--;
    D = Math.max(D, Math.abs(j / n - (s[i]! === Math.floor(s[i]!) ? cdf(s[i]! - 1e-9) : f)));
  }
  expect(Math.sqrt(n) * D, `${what} KS statistic √N·D`).toBeLessThan(2.7);
}

/** log Γ(x) by Lanczos (g = 7, 9 terms; relative error ~1e-15). */
export function lnGamma(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = g[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += g[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized lower incomplete gamma P(a, x). */
export function gammaCdf(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnGa = lnGamma(a);
  if (x < a + 1) {
    let sum = 1 / a, term = 1 / a;
    for (let n = 1; n < 1000; n++) { term *= x / (a + n); sum += term; if (Math.abs(term) < Math.abs(sum) * 1e-15) break; }
    return sum * Math.exp(-x + a * Math.log(x) - lnGa);
  }
  let b = x + 1 - a, c = 1e300, dd = 1 / b, h = dd;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a); b += 2;
    dd = an * dd + b; if (Math.abs(dd) < 1e-300) dd = 1e-300;
    c = b + an / c; if (Math.abs(c) < 1e-300) c = 1e-300;
    dd = 1 / dd; const del = dd * c; h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - lnGa) * h;
}

/** erf to ~1e-14 (Taylor series below 3, continued fraction above). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let sum = ax, term = ax;
    for (let n = 1; n < 200; n++) { term *= (-ax * ax) / n; const t = term / (2 * n + 1); sum += t; if (Math.abs(t) < 1e-17) break; }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f));
}

/** The standard normal CDF. */
export const phi = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
