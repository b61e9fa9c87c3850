/**
 * The error function and its inverse (jax.scipy.special.erf / erfc / erfinv), as compositions of
 * primitives: WGSL has no erf builtin, and a composition gets jvp, vmap, transposition and the
 * compiler's elementwise fusion for free. Both are accurate to a few ulp in float32 and to ~1e-15
 * in float64, so float64 finite-difference checks of anything built on them (exact GELU,
 * truncated normals) see the true function, not an approximation's ripples.
 */
import { isFloat } from '../core/dtype.js';
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';
import { type ArrayLike, operandTensor } from './creation.js';

/** A floating-point operand (integers and bools are promoted to float32, as numpy's ufuncs). */
function floatOperand(op: string, a: ArrayLike): Tensor {
  const x = operandTensor(op, a);
  return isFloat(x.dtype) ? x : lax.cast(x, 'float32');
}

// erf(x) = x·Σ cₙ x²ⁿ with cₙ = (2/√π)(−1)ⁿ/(n!(2n+1)); 14 terms reach 1e-17 for |x| < 0.5.
const TAYLOR = [
  1.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252,
  0.005223977625442188, -0.0008548327023450853, 0.00012055332981789664, -1.492565035840625e-05,
  1.6462114365889248e-06, -1.6365844691234924e-07, 1.4807192815879218e-08, -1.2290555301717928e-09,
  9.422759064650411e-11, -6.7113668551641105e-12,
];

// For z ≥ 0.5: erfc(z) = exp(−z²)·t·h(t) with t = 2/(2+z) ∈ (0, 0.8]. h is smooth on [0, 0.8]
// (h(0) = 1/(2√π)), so a Chebyshev series in u = 2.5t − 1 converges geometrically: 25 terms
// (interpolation at 40 Chebyshev nodes in 40-digit arithmetic, mpmath) reach 1e-17. They are
// stored as the same polynomial's monomial coefficients in u (max relative error of Horner in
// float64: 3e-16 on [−1, 1]): Horner is a chain, while Clenshaw's recurrence reuses each term
// twice, and the compiler's expression-only kernels (and every derivative) would copy that
// shared tree once per use, exponentially.
const X0 = 0.5;
const MONO = [
  0.4475028779534749, 0.23215037213618606, 0.08096957526611173, 0.01295947308105783,
  -0.002761191080384355, -0.0015084503223777436, 0.0001639460049530972, 0.00017817859791514746,
  -2.6823158644663223e-05, -2.2987117199027466e-05, 6.876397018143564e-06, 2.621104775336729e-06,
  -1.7001507138715572e-06, -8.056771890274713e-08, 3.4348366631162005e-07, -8.504204558684152e-08,
  -4.367735701643994e-08, 3.3999863544361956e-08, -2.3938219055636905e-09, -7.565187071306624e-09,
  3.0837720824119323e-09, 9.820441338456444e-10, -8.089079266492718e-10, -5.367411315447864e-11,
  8.835124175221647e-11,
];

const c = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);

/**
 * erf of a host number, by the same series in float64 (for constants such as a sampler's bounds:
 * a constant expression of this size would only be re-evaluated in every kernel that uses it).
 */
export function erfHost(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < X0) {
    let p = TAYLOR[TAYLOR.length - 1];
    for (let n = TAYLOR.length - 2; n >= 0; n--) p = TAYLOR[n] + x * x * p;
    return x * p;
  }
  const t = 2 / (2 + ax), u = t * (2 + X0) - 1;
  let h = MONO[MONO.length - 1];
  for (let k = MONO.length - 2; k >= 0; k--) h = MONO[k] + u * h;
  const erfc = ax === Infinity ? 0 : Math.exp(-ax * ax) * t * h;
  return Math.sign(x) * (1 - erfc);
}

/** x·P(x²) for |x| < 0.5 (Horner). */
function erfSmall(x: Tensor): Tensor {
  const x2 = lax.mul(x, x);
  let p = c(x, TAYLOR[TAYLOR.length - 1]);
  for (let n = TAYLOR.length - 2; n >= 0; n--) p = lax.add(c(x, TAYLOR[n]), lax.mul(x2, p));
  return lax.mul(x, p);
}

/**
 * erfc(z)·exp(z²) = t·h(t) for z ≥ 0.5: finite however large z is, so log erfc(z) = log of this
 * − z² holds far past where erfc underflows (scipy.special.logNdtr's tail uses it).
 */
export function erfcScaledLarge(z: Tensor): Tensor {
  const t = lax.div(c(z, 2), lax.add(z, c(z, 2)));
  const u = lax.sub(lax.mul(t, c(z, 2 + X0)), c(z, 1));
  let h = c(z, MONO[MONO.length - 1]);
  for (let k = MONO.length - 2; k >= 0; k--) h = lax.add(c(z, MONO[k]), lax.mul(u, h));
  return lax.mul(t, h);
}

/** erfc(z) for z ≥ 0.5. */
function erfcLarge(z: Tensor): Tensor {
  // exp(−z²) underflows to 0 for large z (erfc is below the dtype's range there anyway).
  return lax.mul(lax.exp(lax.neg(lax.mul(z, z))), erfcScaledLarge(z));
}

/**
 * The two branches, each evaluated at a safe point where it is not selected: the branch not
 * taken still gets a zero cotangent in reverse mode, and 0·∞ from an overflowing polynomial
 * (or 1/0) would otherwise turn the gradient into NaN.
 */
function branches(x: Tensor): { small: Tensor; erfSmallX: Tensor; erfcAbs: Tensor } {
  const ax = lax.abs(x);
  const small = lax.compare(ax, c(x, X0), 'lt');
  const erfSmallX = erfSmall(lax.where(small, x, c(x, 0)));
  const erfcAbs = erfcLarge(lax.where(small, c(x, 1), ax));
  return { small, erfSmallX, erfcAbs };
}

function erfOf(x: Tensor): Tensor {
  const { small, erfSmallX, erfcAbs } = branches(x);
  const large = lax.mul(lax.sign(x), lax.sub(c(x, 1), erfcAbs));
  return lax.where(small, erfSmallX, large);
}

function erfcOf(x: Tensor): Tensor {
  const { small, erfSmallX, erfcAbs } = branches(x);
  const neg = lax.compare(x, c(x, 0), 'lt');
  // erfc(−z) = 2 − erfc(z); near 0, 1 − erf(x) loses nothing (erf is small there).
  const large = lax.where(neg, lax.sub(c(x, 2), erfcAbs), erfcAbs);
  return lax.where(small, lax.sub(c(x, 1), erfSmallX), large);
}

/**
 * The error function, erf(x) = (2/√π)∫₀ˣ exp(−t²) dt (jax.scipy.special.erf).
 * @example np.erf(np.array([0, 0.5, 1])); // → [0, 0.5205, 0.8427]
 */
export function erf(a: ArrayLike): Tensor {
  return erfOf(floatOperand('np.erf', a));
}

/**
 * The complementary error function 1 − erf(x), computed without the cancellation of 1 − erf for
 * large x (jax.scipy.special.erfc).
 * @example np.erfc(np.array([0, 3])); // → [1, 2.209e-5]
 */
export function erfc(a: ArrayLike): Tensor {
  return erfcOf(floatOperand('np.erfc', a));
}

// Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011), single precision:
// erfinv(y) = y·p(w) with w = −log(1 − y²), one polynomial for w < 5 (in w − 2.5) and one
// for the tails (in √w − 3). Relative error ≤ 1e-7 for |y| ≤ 1 − 1e-7 (all of float32).
const GILES_CENTRAL = [
  2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
  -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
];
const GILES_TAIL = [
  -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
  -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
];

function horner(x: Tensor, coefs: readonly number[]): Tensor {
  let p = c(x, coefs[0]);
  for (let i = 1; i < coefs.length; i++) p = lax.add(c(x, coefs[i]), lax.mul(p, x));
  return p;
}

function erfinvOf(y: Tensor): Tensor {
  const one = c(y, 1);
  const w = lax.neg(lax.log(lax.mul(lax.sub(one, y), lax.add(one, y))));
  const central = lax.compare(w, c(y, 5), 'lt');
  // Each polynomial sees a safe argument where it is not selected (see `branches`).
  const pc = horner(lax.sub(lax.where(central, w, c(y, 2.5)), c(y, 2.5)), GILES_CENTRAL);
  const pt = horner(lax.sub(lax.sqrt(lax.where(central, c(y, 9), w)), c(y, 3)), GILES_TAIL);
  let x = lax.mul(lax.where(central, pc, pt), y);
  if (y.dtype === 'float64') {
    // Newton from Giles' float32 start, 4 steps to float64 accuracy. For |y| < 0.5 on
    // erf(x) − y; in the tails on log erfc(|x|) − log(1 − |y|), which is nearly quadratic in x
    // (so Newton converges from Giles' 7e-3 error at 1 − 1e-12, where erf itself is too flat)
    // and keeps its relative accuracy as |y| → 1 (1 − |y| is exact for |y| ≥ 0.5).
    const ay = lax.abs(y), sy = lax.sign(y);
    const centre = lax.compare(ay, c(y, 0.5), 'lt');
    const logTail = lax.log(lax.where(centre, one, lax.sub(one, ay)));
    for (let i = 0; i < 4; i++) {
      const gauss = lax.mul(c(y, 2 / Math.sqrt(Math.PI)), lax.exp(lax.neg(lax.mul(x, x))));
      const direct = lax.div(lax.sub(erfOf(x), y), gauss);
      const ec = erfcOf(lax.where(centre, one, lax.abs(x)));
      // d/d|x| log erfc(|x|) = −gauss/erfc(|x|); the step in x carries y's sign.
      const tailStep = lax.mul(sy, lax.div(lax.mul(lax.sub(lax.log(ec), logTail), ec), lax.neg(gauss)));
      x = lax.sub(x, lax.where(centre, direct, tailStep));
    }
  }
  // erfinv(±1) = ±∞ (the polynomial overflows to a NaN there); |y| > 1 stays NaN from the log.
  // (Constants, not y·∞: reverse mode would send 0·∞ = NaN back through a product.)
  const inf = lax.where(lax.compare(y, c(y, 0), 'gt'), c(y, Infinity), c(y, -Infinity));
  return lax.where(lax.compare(lax.abs(y), one, 'eq'), inf, x);
}

/**
 * The inverse error function: erfinv(erf(x)) = x for y in (−1, 1); ±∞ at ±1, NaN outside
 * (jax.scipy.special.erfinv).
 * @example np.erfinv(np.array([0, 0.5])); // → [0, 0.47694]
 */
export function erfinv(a: ArrayLike): Tensor {
  return erfinvOf(floatOperand('np.erfinv', a));
}
