/**
 * The modified Bessel function I0's series (Cephes' i0.c), shared by np.i0 (on arrays) and the
 * Kaiser window (on the host). Internal: np's index does not re-export this file.
 */
import { Tensor } from '../core/tensor.js';
import * as lax from '../primitives/lax.js';

// Cephes' Chebyshev coefficients of exp(−x)·I0(x): A on [0, 8] (in x/2 − 2), B on (8, ∞) (in 32/x − 2, times √x).
export const I0_A: readonly number[] = [
  -4.41534164647933937950e-18, 3.33079451882223809783e-17, -2.43127984654795469359e-16, 1.71539128555513303061e-15,
  -1.16853328779934516808e-14, 7.67618549860493561688e-14, -4.85644678311192946090e-13, 2.95505266312963983461e-12,
  -1.72682629144155570723e-11, 9.67580903537323691224e-11, -5.18979560163526290666e-10, 2.65982372468238665035e-9,
  -1.30002500998624804212e-8, 6.04699502254191894932e-8, -2.67079385394061173391e-7, 1.11738753912010371815e-6,
  -4.41673835845875056359e-6, 1.64484480707288970893e-5, -5.75419501008210370398e-5, 1.88502885095841655729e-4,
  -5.76375574538582365885e-4, 1.63947561694133579842e-3, -4.32430999505057594430e-3, 1.05464603945949983183e-2,
  -2.37374148058994688156e-2, 4.93052842396707084878e-2, -9.49010970480476444210e-2, 1.71620901522208775349e-1,
  -3.04682672343198398683e-1, 6.76795274409476084995e-1,
];
export const I0_B: readonly number[] = [
  -7.23318048787475395456e-18, -4.83050448594418207126e-18, 4.46562142029675999901e-17, 3.46122286769746109310e-17,
  -2.82762398051658348494e-16, -3.42548561967721913462e-16, 1.77256013305652638360e-15, 3.81168066935262242075e-15,
  -9.55484669882830764870e-15, -4.15056934728722208663e-14, 1.54008621752140982691e-14, 3.85277838274214270114e-13,
  7.18012445138366623367e-13, -1.79417853150680611778e-12, -1.32158118404477131188e-11, -3.14991652796324136454e-11,
  1.18891471078464383424e-11, 4.94060238822496958910e-10, 3.39623202570838634515e-9, 2.26666899049817806459e-8,
  2.04891858946906374183e-7, 2.89137052083475648297e-6, 6.88975834691682398426e-5, 3.36911647825569408990e-3,
  8.04490411014108831608e-1,
];

/** Clenshaw's recurrence for a Chebyshev series (Cephes' chbevl), on arrays. */
export function chebyshev(t: Tensor, coeffs: readonly number[]): Tensor {
  const k = (v: number) => lax.fullLike(t, v);
  let b0 = k(coeffs[0]), b1 = k(0), b2 = k(0);
  for (let i = 1; i < coeffs.length; i++) {
    b2 = b1; b1 = b0;
    b0 = lax.add(lax.sub(lax.mul(t, b1), b2), k(coeffs[i]));
  }
  return lax.mul(lax.sub(b0, b2), k(0.5));
}

/** Cephes' chbevl on one number. */
function chbevl(x: number, coeffs: readonly number[]): number {
  let b0 = coeffs[0], b1 = 0, b2 = 0;
  for (let i = 1; i < coeffs.length; i++) { b2 = b1; b1 = b0; b0 = x * b1 - b2 + coeffs[i]; }
  return 0.5 * (b0 - b2);
}

/** I0(x) of one number, in float64 (as numpy.i0 computes it). */
export function i0Host(x: number): number {
  const a = Math.abs(x);
  return a <= 8 ? Math.exp(a) * chbevl(a / 2 - 2, I0_A) : (Math.exp(a) * chbevl(32 / a - 2, I0_B)) / Math.sqrt(a);
}
