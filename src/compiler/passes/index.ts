/**
 * The Jaxpr-to-Jaxpr passes the jit compiler runs before lowering a program to kernels. Each is
 * pure (a new Jaxpr; the input, its equations and its variables are left as they were) and keeps
 * the calling convention: the same input variables, numConsts and output types.
 *
 * Order matters:
 *  1. inline first, so every later pass sees through `jit` / `custom_jvp` boundaries;
 *  2. zeroSize rewrites what is computed from empty arrays (a sum over an empty axis is 0, ...)
 *     into constants, before simplify, so those constants simplify like any other;
 *  3. simplify next, rewiring users of `x*1`, `x+0`, identity movements, ... (which also makes
 *     more equations textually identical for CSE);
 *  4. rhsLayout (only given the target) chooses how each product's rhs is laid out, and may add
 *     a transposed copy of it: after simplify (transposes composed) and before cse, so that the
 *     products reading the same array transposed share one copy;
 *  5. cse merges duplicates, leaving the merged-away equations out;
 *  6. dce last, removing everything the earlier passes orphaned as well as dead user code.
 */
import { Jaxpr, typecheckJaxpr } from '../../core/jaxpr.js';
import { cse } from './cse.js';
import { dce } from './dce.js';
import { inlineCalls } from './inline.js';
import { rhsLayout } from './rhs-layout.js';
import { convLayout } from './conv-layout.js';
import { simplify } from './simplify.js';
import { zeroSize } from './zero-size.js';
import type { Target } from '../target.js';
import { debugLevel } from '../../config.js';

export { cse } from './cse.js';
export { dce } from './dce.js';
export { inlineCalls } from './inline.js';
export { rhsLayout } from './rhs-layout.js';
export { simplify } from './simplify.js';
export { zeroSize } from './zero-size.js';


/**
 * inline → zeroSize → simplify → rhsLayout (with a target) → cse → dce, then type-checks the result (a
 * failing check is a bug in a pass, reported with the offending program). Without a target the
 * result is the same on every adapter. With FLUXION_DEBUG >= 5 the program before and after is
 * printed to stderr.
 */
export function optimize(j: Jaxpr, target?: Target): Jaxpr {
  const simple = simplify(zeroSize(inlineCalls(j)));
  const out = dce(cse(target ? rhsLayout(convLayout(simple), target) : simple));
  typecheckJaxpr(out);
  if (debugLevel() >= 5) {
    const tag = (s: string) => s.split('\n').map((l) => `[fluxion] ${l}`).join('\n');
    console.error(tag(`optimize: ${j.eqns.length} equations in:\n${j}`));
    console.error(tag(`optimize: ${out.eqns.length} equations out:\n${out}`));
  }
  return out;
}
