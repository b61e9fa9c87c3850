/**
 * Installs the numpy compositions behind lax's elementwise names (primitives/lax-more.ts: lax.acos
 * is np.arccos under lax's contract). lax sits below numpy, so it looks them up in
 * primitives/lax-compositions.ts and numpy installs them here, once, when it is imported.
 */
import { installCompositions } from '../primitives/lax-compositions.js';
import { arccos, arccosh, arcsin, arcsinh, arctanh, cosh, sinh } from './trig.js';
import { arctan, ceil, exp2, isfinite, sigmoid, tan } from './math.js';
import { cbrt } from './extras.js';
import { erf, erfc, erfinv } from './special.js';
import { digamma, lgamma } from './gamma.js';
import { rint } from './rounding.js';

installCompositions({
  acos: arccos, acosh: arccosh, asin: arcsin, asinh: arcsinh, atan: arctan, atanh: arctanh, cbrt, ceil, cosh, sinh,
  tan, erf, erfc, erfInv: erfinv, lgamma, digamma, exp2, logistic: sigmoid, isFinite: isfinite, roundToEven: rint,
});
