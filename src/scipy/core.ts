/**
 * The array-level cores of scipy.special that other scipy files build on (internal: index.ts does
 * not export this file): xlogy / xlog1py with JAX's derivative rules, Φ, log Φ and Φ⁻¹ on float
 * arrays that are already checked.
 */
import type { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { customJvp } from '../transforms/custom-jvp.js';
import { erfc as npErfc, erfcScaledLarge, erfinv as npErfinv } from '../numpy/special.js';
import { lgamma } from '../numpy/gamma.js';
import { and, k } from './args.js';

const LOG_2PI = Math.log(2 * Math.PI);

// Stirling's series δ(x) = log Γ(x) − ((x − ½)log x − x + ½log 2π) = Σₖ B₂ₖ/(2k(2k−1)x²ᵏ⁻¹): 1e-17
// relative for x ≥ 8 with these 10 terms.
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400,
  43867 / 244188, -174611 / 125400];

/** δ(x) for x ≥ 8 (others are clamped there by the callers). */
function stirlingDelta(x: Tensor): Tensor {
  const inv = lax.div(k(x, 1), x), inv2 = lax.mul(inv, inv);
  let acc = k(x, STIRLING[STIRLING.length - 1]);
  for (let i = STIRLING.length - 2; i >= 0; i--) acc = lax.add(k(x, STIRLING[i]), lax.mul(acc, inv2));
  return lax.mul(acc, inv);
}

/**
 * log |B(a, b)| on float arrays of one shape. As JAX (and TOMS 708's betaln / algdiv), with
 * p = min(a, b), q = max(a, b): the three lgammas for q < 8; log Γ(p) + log(Γ(q)/Γ(p + q)) for
 * p < 8 ≤ q, the ratio from Stirling's series, p − p·log(p+q) − (q − ½)·log1p(p/q) + δ(q) − δ(p+q),
 * without the cancellation of two huge lgammas; and for p ≥ 8 all of Stirling's form,
 * ½log 2π − ½log q + (p − ½)·log(p/(p+q)) + q·log1p(−p/(p+q)) + δ(p) + δ(q) − δ(p+q).
 * Non-positive arguments take the lgamma form.
 */
export function betalnOf(a: Tensor, b: Tensor): Tensor {
  const p = lax.min(a, b), q = lax.max(a, b);
  const naive = lax.sub(lax.add(lgamma(a), lgamma(b)), lgamma(lax.add(a, b)));
  const positive = lax.compare(p, k(p, 0), 'gt');
  const bigQ = and(positive, lax.compare(q, k(q, 8), 'ge')), bigP = and(bigQ, lax.compare(p, k(p, 8), 'ge'));
  const qs = lax.where(bigQ, q, k(q, 8)), ps = lax.where(bigQ, p, k(p, 1)), pqs = lax.add(ps, qs);
  const ratio = lax.add(lax.sub(lax.sub(ps, lax.mul(ps, lax.log(pqs))), lax.mul(lax.sub(qs, k(qs, 0.5)), lax.log1p(lax.div(ps, qs)))),
    lax.sub(stirlingDelta(qs), stirlingDelta(pqs)));
  const mid = lax.add(lgamma(ps), ratio);
  const pb = lax.where(bigP, p, k(p, 8)), qb = lax.where(bigP, q, k(q, 8)), pqb = lax.add(pb, qb);
  const frac = lax.div(pb, pqb);
  const large = lax.add(lax.add(lax.sub(k(pb, 0.5 * LOG_2PI), lax.mul(k(qb, 0.5), lax.log(qb))),
    lax.add(lax.mul(lax.sub(pb, k(pb, 0.5)), lax.log(frac)), lax.mul(qb, lax.log1p(lax.neg(frac))))),
  lax.sub(lax.add(stirlingDelta(pb), stirlingDelta(qb)), stirlingDelta(pqb)));
  return lax.where(bigP, large, lax.where(bigQ, mid, naive));
}

function xlogyPlain(x: Tensor, y: Tensor): Tensor {
  const ok = lax.compare(x, k(x, 0), 'ne');
  return lax.where(ok, lax.mul(x, lax.log(lax.where(ok, y, k(y, 1)))), k(x, 0));
}
function xlog1pyPlain(x: Tensor, y: Tensor): Tensor {
  const ok = lax.compare(x, k(x, 0), 'ne');
  return lax.where(ok, lax.mul(x, lax.log1p(lax.where(ok, y, k(y, 0)))), k(x, 0));
}

/** x·log(y), 0 where x = 0; derivative rule as JAX's: (log y, x/y). */
export const xlogyCore: (x: Tensor, y: Tensor) => Tensor = customJvp(xlogyPlain,
  ([x, y], [dx, dy]) => [xlogyPlain(x, y), lax.add(lax.mul(dx, lax.log(y)), lax.div(lax.mul(dy, x), y))], 'xlogy');

/** x·log1p(y), 0 where x = 0; derivative rule as JAX's: (log1p y, x/(1+y)). */
export const xlog1pyCore: (x: Tensor, y: Tensor) => Tensor = customJvp(xlog1pyPlain,
  ([x, y], [dx, dy]) => [xlog1pyPlain(x, y), lax.add(lax.mul(dx, lax.log1p(y)), lax.div(lax.mul(dy, x), lax.add(y, k(y, 1))))], 'xlog1py');

/** Φ(x) = ½·erfc(−x/√2) on a float array. */
export const ndtrOf = (t: Tensor): Tensor => lax.mul(k(t, 0.5), npErfc(lax.mul(t, k(t, -Math.SQRT1_2))));

/** log erfc(z) for z ≥ 0.5 (every z there: no underflow). */
function logErfcLarge(z: Tensor): Tensor {
  return lax.sub(lax.log(erfcScaledLarge(z)), lax.mul(z, z));
}

/** log Φ(x) on a float array. */
export function logNdtrOf(x: Tensor): Tensor {
  const tail = lax.compare(x, k(x, -1), 'lt');
  // x < −1: log ½ + log erfc(−x/√2) (z > 0.707); otherwise log1p(−Φ(−x)).
  const z = lax.mul(lax.where(tail, x, k(x, -2)), k(x, -Math.SQRT1_2));
  const left = lax.add(k(x, -Math.LN2), logErfcLarge(z));
  const right = lax.log1p(lax.neg(ndtrOf(lax.neg(lax.where(tail, k(x, 0), x)))));
  return lax.where(tail, left, right);
}

/** One Newton step on log Φ(x) = logq, with the derivative d log Φ/dx = φ(x)/Φ(x). */
function newtonLogNdtr(x: Tensor, logq: Tensor): Tensor {
  const l = logNdtrOf(x);
  const logPdf = lax.sub(lax.mul(lax.mul(x, x), k(x, -0.5)), k(x, 0.5 * LOG_2PI));
  return lax.sub(x, lax.mul(lax.sub(l, logq), lax.exp(lax.sub(l, logPdf))));
}

/** Φ⁻¹ on a float array. */
export function ndtriOf(p: Tensor): Tensor {
  const upper = lax.compare(p, k(p, 0.5), 'gt');
  const q = lax.where(upper, lax.sub(k(p, 1), p), p);
  const valid = and(lax.compare(q, k(q, 0), 'gt'), lax.compare(q, k(q, 0.5), 'le'));
  const qs = lax.stopGradient(lax.where(valid, q, k(q, 0.25)));
  const logq = lax.log(qs);
  // Start: √2·erfinv(2q − 1) in the middle; Abramowitz–Stegun 26.2.23 in the tail (error < 4.5e-4).
  const mid = lax.compare(qs, k(qs, 0.05), 'gt');
  const erfStart = lax.mul(k(qs, Math.SQRT2), npErfinv(lax.sub(lax.mul(lax.where(mid, qs, k(qs, 0.25)), k(qs, 2)), k(qs, 1))));
  const s = lax.sqrt(lax.mul(k(qs, -2), lax.log(lax.where(mid, k(qs, 0.01), qs))));
  const num = lax.add(k(s, 2.515517), lax.mul(s, lax.add(k(s, 0.802853), lax.mul(s, k(s, 0.010328)))));
  const den = lax.add(k(s, 1), lax.mul(s, lax.add(k(s, 1.432788), lax.mul(s, lax.add(k(s, 0.189269), lax.mul(s, k(s, 0.001308)))))));
  let x = lax.where(mid, erfStart, lax.neg(lax.sub(s, lax.div(num, den))));
  for (let i = 0; i < 3; i++) x = newtonLogNdtr(x, logq);
  // The last step with the gradient: x is a constant there, so d/dq = 1/φ(x), the inverse's derivative.
  x = newtonLogNdtr(lax.stopGradient(x), lax.log(lax.where(valid, q, k(q, 0.25))));
  const lowerX = lax.where(valid, x, lax.where(lax.compare(q, k(q, 0), 'eq'), k(q, -Infinity), k(q, NaN)));
  return lax.where(upper, lax.neg(lowerX), lowerX);
}


/** The continued fraction of I_x(a, b) (Lentz's method, Numerical Recipes' betacf), 60 steps of two terms. */
function betaFraction(a: Tensor, b: Tensor, x: Tensor): Tensor {
  const tiny = k(x, 1e-30);
  const guard = (v: Tensor) => lax.where(lax.compare(lax.abs(v), tiny, 'lt'), tiny, v);
  const one = k(x, 1);
  const qab = lax.add(a, b), qap = lax.add(a, one), qam = lax.sub(a, one);
  let c = one;
  let d = lax.div(one, guard(lax.sub(one, lax.div(lax.mul(qab, x), qap))));
  let h = d;
  for (let m = 1; m <= 60; m++) {
    const m2 = k(x, 2 * m), mm = k(x, m);
    const even = lax.div(lax.mul(lax.mul(mm, lax.sub(b, mm)), x), lax.mul(lax.add(qam, m2), lax.add(a, m2)));
    d = lax.div(one, guard(lax.add(one, lax.mul(even, d))));
    c = guard(lax.add(one, lax.div(even, c)));
    h = lax.mul(h, lax.mul(d, c));
    const odd = lax.neg(lax.div(lax.mul(lax.mul(lax.add(a, mm), lax.add(qab, mm)), x), lax.mul(lax.add(a, m2), lax.add(qap, m2))));
    d = lax.div(one, guard(lax.add(one, lax.mul(odd, d))));
    c = guard(lax.add(one, lax.div(odd, c)));
    h = lax.mul(h, lax.mul(d, c));
  }
  return h;
}

/**
 * The regularised incomplete beta function I_x(a, b) on float arrays of one shape: the continued
 * fraction on the side of the mean where it converges fast (x < (a+1)/(a+b+2)), 1 − I_{1−x}(b, a)
 * on the other; 0 at x = 0, 1 at x = 1, NaN for a ≤ 0, b ≤ 0 or x outside [0, 1].
 */
export function betaincOf(a: Tensor, b: Tensor, x: Tensor): Tensor {
  const one = k(x, 1);
  const valid = and(and(lax.compare(a, k(a, 0), 'gt'), lax.compare(b, k(b, 0), 'gt')),
    and(lax.compare(x, k(x, 0), 'ge'), lax.compare(x, one, 'le')));
  const edge = lax.where(lax.compare(x, k(x, 0), 'eq'), lax.compare(x, k(x, 0), 'eq'), lax.compare(x, one, 'eq'));
  const inside = and(valid, lax.where(edge, lax.compare(x, x, 'ne'), valid));
  const as0 = lax.where(valid, a, one), bs0 = lax.where(valid, b, one), xs0 = lax.where(inside, x, k(x, 0.5));
  const swap = lax.compare(xs0, lax.div(lax.add(as0, one), lax.add(lax.add(as0, bs0), k(x, 2))), 'gt');
  const p = lax.where(swap, bs0, as0), q = lax.where(swap, as0, bs0), y = lax.where(swap, lax.sub(one, xs0), xs0);
  const logFront = lax.sub(lax.add(lax.mul(p, lax.log(y)), lax.mul(q, lax.log1p(lax.neg(y)))), betalnOf(p, q));
  const v = lax.div(lax.mul(lax.exp(logFront), betaFraction(p, q, y)), p);
  const r = lax.where(swap, lax.sub(one, v), v);
  return lax.where(valid, lax.where(inside, r, x), k(x, NaN));
}
