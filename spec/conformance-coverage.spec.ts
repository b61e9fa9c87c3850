/**
 * Every exported function of np (with np.linalg and any other nested namespace), nn (with
 * nn.initializers), lax and scipy (special, stats.<distribution>, linalg) has a conformance case: a spec that runs it on WebGPU and compares it
 * with the CPU interpreter on fresh random inputs. Specs register what they compare in
 * spec/coverage/<worktree>.ts, `export const COVERED: readonly string[] = ['np.linalg.det', ...]`;
 * this spec gathers every registry and checks the union against the namespaces, walked at run
 * time. A function exported under two names (an alias: the same function object) counts once.
 */
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';
import { np, nn, lax, scipy } from '../src/index.js';

const registries = import.meta.glob<{ COVERED: readonly string[] }>('./coverage/*.ts', { eager: true });

/**
 * Exports that are not array operations, so a backend comparison means nothing for them; each
 * with the reason. (Argument helpers that take the caller's op name first are not exported at all:
 * spec/namespace-hygiene.spec.ts checks that they stay out.)
 */
const NOT_ARRAY_FUNCTIONS: Record<string, string> = {
  'np.promoteTypes': 'answers a question about two dtype names (JAX promotion lattice); no array, no backend',
  'np.iinfo': 'the range of an integer dtype, from its name; no array, no backend',
  'np.finfo': 'the limits of a float dtype, from its name; no array, no backend',
  'np.broadcastShapes': 'pure shape arithmetic on lists of integers: (...shapes) → shape; no array, no backend',
  'np.ndim': 'the number of axes of an array or of nested data, a JS number read from the shape; no backend',
  'np.shape': 'the shape of an array or of nested data, a list of numbers read from it; no backend',
  'np.size': 'the element count (or one axis length) of an array or nested data, a JS number; no backend',
  'np.isscalar': 'whether a value is a number, a boolean or a 0-D array: a JS boolean from the type and shape; no backend',
  'np.resultType': 'the dtype name that operands promote to, from their dtypes (JAX lattice); no array, no backend',
  'np.canCast': "answers numpy's casting rules for two dtype names with a JS boolean; no array, no backend",
  'np.issubdtype': 'whether a dtype name falls in a category (floating, integer, ...): a JS boolean; no array, no backend',
  'nn.ditConfig': 'fills in the defaults of a DiT configuration object; no array, no backend',
  'nn.sincos2d': "the DiT's fixed 2-d sin/cos position table as host numbers (a Float32Array), computed once at init; no array op",
};

const isClass = (f: Function): boolean => /^class[\s{]/.test(Function.prototype.toString.call(f));
const isNamespace = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && (v as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'Module';

/** Every exported function, by qualified name (classes and constants skipped), nested namespaces walked. */
function exportedFunctions(ns: Record<string, unknown>, prefix: string, out = new Map<string, Function>()): Map<string, Function> {
  for (const [k, v] of Object.entries(ns)) {
    if (typeof v === 'function' && !isClass(v)) out.set(`${prefix}.${k}`, v);
    else if (isNamespace(v)) exportedFunctions(v, `${prefix}.${k}`, out);
  }
  return out;
}

const functions = new Map([
  ...exportedFunctions(np as unknown as Record<string, unknown>, 'np'),
  ...exportedFunctions(nn as unknown as Record<string, unknown>, 'nn'),
  ...exportedFunctions(lax as unknown as Record<string, unknown>, 'lax'),
  ...exportedFunctions(scipy as unknown as Record<string, unknown>, 'scipy'),
]);
const registered = new Map<string, string[]>();
for (const [file, mod] of Object.entries(registries)) {
  for (const name of (mod as { COVERED?: readonly string[] }).COVERED ?? []) registered.set(name, [...(registered.get(name) ?? []), file]);
}

describe('conformance coverage', () => {
  it('walks the namespaces (np.linalg and nn.initializers included)', () => {
    for (const name of ['np.sum', 'np.linalg.norm', 'nn.relu', 'nn.initializers.heNormal', 'lax.dotGeneral', 'scipy.special.logsumexp', 'scipy.stats.norm.logpdf', 'scipy.linalg.expm']) {
      expect(functions.has(name), name).toBe(true);
    }
    expect(functions.has('np.IndexUpdateRef'), 'classes are not functions to cover').toBe(false);
    expect(Object.keys(registries).length).toBeGreaterThan(0);
  });

  it('every registry lists only exported functions (a typo or a removed function is an error)', () => {
    const unknown = [...registered].filter(([name]) => !functions.has(name)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(unknown, `registered names that are not exported functions of np, nn or lax: ${unknown.join(', ')}`).toEqual([]);
    for (const name of Object.keys(NOT_ARRAY_FUNCTIONS)) expect(functions.has(name), `exempt ${name} is no longer exported: drop it`).toBe(true);
  });

  it('every exported function of np, nn and lax has a conformance case on WebGPU', () => {
    // Aliases: a function object is covered when any of its names is.
    const coveredFns = new Set([...registered.keys()].map((n) => functions.get(n)).filter((f) => f !== undefined));
    const missing = [...functions].filter(([name, f]) => !coveredFns.has(f) && !(name in NOT_ARRAY_FUNCTIONS)).map(([name]) => name);
    expect(missing, `${missing.length} exported function(s) have no conformance case: ${missing.join(', ')}. ` +
      'Add a case that runs each on WebGPU against the CPU interpreter on fresh random inputs (e.g. a row of ' +
      'spec/helpers/api-conformance-cases.ts, or your own spec), and register its public name in your worktree\'s ' +
      'spec/coverage/<worktree>.ts: export const COVERED: readonly string[] = [\'np.x\', ...].').toEqual([]);
  });
});
