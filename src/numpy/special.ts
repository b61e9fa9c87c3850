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
// (h(0) = 1/(2√π)), so a Chebyshev series in u = 2.5t − 1 converges geometrically; these are
// its coefficients (interpolation at 40 Chebyshev nodes in 40-digit arithmetic, mpmath),
// truncated where they fall below 1e-17.
const X0 = 0.5;
const CHEB = [
  0.4869974896593381, 0.24101444861760662, 0.03917158019801934, 0.0028202013162589696,
  -0.0003190025880142985, -7.762458294633769e-05, 3.904758903066749e-06, 2.10650100538356e-06,
  -1.1719156145292982e-07, -6.458612977687303e-08, 6.547928118976531e-09, 2.0176470623078224e-09,
  -3.982401175873017e-10, -4.9761436210290495e-11, 2.213944839159887e-11, -1.7358623528113927e-13,
  -1.026209787629388e-12, 1.4448991184132368e-13, 3.158980053643002e-14, -1.2428959971894012e-14,
  3.0295830930074995e-16, 6.422214347909852e-16, -1.3294242674635553e-16, -1.2796905792827282e-17,
  1.0532288760211047e-17,
];

const c = (x: Tensor, v: number): Tensor => lax.fullLike(x, v);

/** x·P(x²) for |x| < 0.5 (Horner). */
function erfSmall(x: Tensor): Tensor {
  const x2 = lax.mul(x, x);
  let p = c(x, TAYLOR[TAYLOR.length - 1]);
  for (let n = TAYLOR.length - 2; n >= 0; n--) p = lax.add(c(x, TAYLOR[n]), lax.mul(x2, p));
  return lax.mul(x, p);
}

/** erfc(z) for z ≥ 0.5 (Clenshaw's recurrence for the Chebyshev series; stable, unlike monomials). */
function erfcLarge(z: Tensor): Tensor {
  const t = lax.div(c(z, 2), lax.add(z, c(z, 2)));
  const u = lax.sub(lax.mul(t, c(z, 2 / (2 / (2 + X0)))), c(z, 1));
  const u2 = lax.add(u, u);
  let b1 = c(z, 0), b2 = c(z, 0);
  for (let k = CHEB.length - 1; k >= 1; k--) {
    const b0 = lax.add(lax.sub(lax.mul(u2, b1), b2), c(z, CHEB[k]));
    b2 = b1;
    b1 = b0;
  }
  const h = lax.add(lax.sub(lax.mul(u, b1), b2), c(z, CHEB[0]));
  // exp(−z²) underflows to 0 for large z (erfc is below the dtype's range there anyway).
  return lax.mul(lax.exp(lax.neg(lax.mul(z, z))), lax.mul(t, h));
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
 * @example np.erf(np.array([0, 0.5, 1])); // [0, 0.5205, 0.8427]
 */
export function erf(a: ArrayLike): Tensor {
  return erfOf(floatOperand('np.erf', a));
}

/**
 * The complementary error function 1 − erf(x), computed without the cancellation of 1 − erf for
 * large x (jax.scipy.special.erfc).
 * @example np.erfc(np.array([0, 3])); // [1, 2.209e-5]
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
 * @example np.erfinv(np.array([0, 0.5])); // [0, 0.47694]
 */
export function erfinv(a: ArrayLike): Tensor {
  return erfinvOf(floatOperand('np.erfinv', a));
}
