/**
 * The Jaxpr pipeline as data: an ordered list of named passes, each a pure Jaxpr → Jaxpr function
 * with the same calling convention in and out, run in order by one fold. Naming them lets
 * FLUXION_DEBUG=3 say what each one changed, lets a spec check each in isolation, and makes the
 * order (and why it is that order, passes/index.ts) a list to read rather than nested calls.
 */
import { pipe } from 'fp-ts/lib/function.js';
import * as RA from 'fp-ts/lib/ReadonlyArray.js';
import { Jaxpr } from '../../core/jaxpr.js';
import { debugLevel } from '../../config.js';
import type { Target } from '../target.js';

/** What a pass may depend on besides the program: the adapter's target (absent: adapter-independent). */
export interface PassContext { readonly target?: Target }

/** One named, pure program-to-program pass. */
export interface JaxprPass {
  readonly name: string;
  readonly run: (j: Jaxpr, ctx: PassContext) => Jaxpr;
}

/** Equation counts by primitive, for saying what a pass changed. */
function census(j: Jaxpr): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of j.eqns) m.set(e.prim, (m.get(e.prim) ?? 0) + 1);
  return m;
}

/** "simplify: 120 → 96 equations (mul −12, add −8, transpose −4)", or "... unchanged". */
export function describeChange(name: string, before: Jaxpr, after: Jaxpr): string {
  if (before === after) return `${name}: unchanged (${before.eqns.length} equations)`;
  const a = census(before), b = census(after);
  const deltas = [...new Set([...a.keys(), ...b.keys()])]
    .map((p) => [p, (b.get(p) ?? 0) - (a.get(p) ?? 0)] as const)
    .filter(([, d]) => d !== 0)
    .sort((x, y) => Math.abs(y[1]) - Math.abs(x[1]) || x[0].localeCompare(y[0]))
    .map(([p, d]) => `${p} ${d > 0 ? '+' : '−'}${Math.abs(d)}`);
  return `${name}: ${before.eqns.length} → ${after.eqns.length} equations${deltas.length ? ` (${deltas.join(', ')})` : ' (rewired)'}`;
}

/**
 * Runs `passes` in order over `j`. At FLUXION_DEBUG >= 3 each pass logs one line to stderr: its
 * name and how the equation counts changed.
 */
export function runPasses(passes: readonly JaxprPass[], j: Jaxpr, ctx: PassContext = {}): Jaxpr {
  const log = debugLevel() >= 3;
  return pipe(passes, RA.reduce(j, (acc, pass) => {
    const out = pass.run(acc, ctx);
    if (log) console.error(`[fluxion] pass ${describeChange(pass.name, acc, out)}`);
    return out;
  }));
}
