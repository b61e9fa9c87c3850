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
 *  4. convLayout (only given the target) copies a convolution's kernel (and, when cheap, its input)
 *     channels-last, so the implicit-im2col matmul reads them plain and 4-wide; before rhsLayout,
 *     which then sees those copies as ordinary products' operands;
 *  5. rhsLayout (only given the target) chooses how each product's rhs is laid out, and may add
 *     a transposed copy of it: after simplify (transposes composed) and before cse, so that the
 *     products reading the same array transposed share one copy;
 *  6. cse merges duplicates, leaving the merged-away equations out;
 *  7. dce last, removing everything the earlier passes orphaned as well as dead user code.
 */
import { Jaxpr, typecheckJaxpr } from '../../core/jaxpr.js';
import { type JaxprPass, runPasses } from './pipeline.js';
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
export { runPasses, describeChange, type JaxprPass, type PassContext } from './pipeline.js';

/** The optimising passes in the order above. convLayout and rhsLayout are no-ops without a target. */
export const OPTIMIZE_PASSES: readonly JaxprPass[] = [
  { name: 'inline', run: (j) => inlineCalls(j) },
  { name: 'zeroSize', run: (j) => zeroSize(j) },
  { name: 'simplify', run: (j) => simplify(j) },
  { name: 'convLayout', run: (j, { target }) => (target ? convLayout(j) : j) },
  { name: 'rhsLayout', run: (j, { target }) => (target ? rhsLayout(j, target) : j) },
  { name: 'cse', run: (j) => cse(j) },
  { name: 'dce', run: (j) => dce(j) },
];


/**
 * OPTIMIZE_PASSES in order (inline → zeroSize → simplify → convLayout, rhsLayout (with a target) → cse → dce),
 * then type-checks the result (a failing check is a bug in a pass, reported with the offending
 * program). Without a target the result is the same on every adapter. With FLUXION_DEBUG >= 3 each
 * pass logs what it changed; with FLUXION_DEBUG >= 5 the program before and after is printed too.
 */
export function optimize(j: Jaxpr, target?: Target): Jaxpr {
  const out = runPasses(OPTIMIZE_PASSES, j, { target });
  typecheckJaxpr(out);
  if (debugLevel() >= 5) {
    const tag = (s: string) => s.split('\n').map((l) => `[fluxion] ${l}`).join('\n');
    console.error(tag(`optimize: ${j.eqns.length} equations in:\n${j}`));
    console.error(tag(`optimize: ${out.eqns.length} equations out:\n${out}`));
  }
  return out;
}
