/**
 * Host copies of arrays for backend-against-oracle checks: compute on the CPU interpreter, keep
 * the inputs and results as typed arrays, upload the same bytes to WebGPU. No test runner here, so
 * the browser suites (spec/helpers/browser-suites.ts) use it as well as the Node specs.
 */
import { np, type Tensor } from '../../src/index.js';
import type { ConcreteArray } from '../../src/core/tensor.js';
import { hooks } from '../../src/core/hooks.js';
import type { TypedArray } from '../../src/core/dtype.js';
import { asList } from './check.js';
import { rngFor, type PrimitiveCase } from './primitive-cases.js';

/** An array's elements and type, read on the CPU backend. */
export interface HostArray { data: TypedArray; aval: ConcreteArray['aval'] }

/** A CPU array's host copy. */
export const toHost = (t: Tensor): HostArray => ({ data: (t as ConcreteArray).dataSync(), aval: t.aval });

/** The same bytes as a new array on the current backend. */
export const upload = (h: HostArray): Tensor => hooks.fromHost(h.data.slice(), h.aval);

/** Primitives whose results sum or contract many terms: compared at 1e-4 rather than 1e-5. */
export const REDUCING = new Set(['reduce_sum', 'reduce_max', 'dot_general', 'scatter_add', 'custom_jvp', 'jit',
  // Factorisations (issue 13): O(n) roundoff per entry on well-conditioned matrices.
  'cholesky', 'triangular_solve', 'lu', 'qr', 'eigh', 'svd',
  'conv_general_dilated']);

/**
 * One conformance case at one seed, evaluated by the oracle: call it on the CPU backend. The float64
 * inputs are cast to float32 (what WebGPU holds), so both backends see the same values.
 */
export function oracleOf(c: PrimitiveCase, seed: number) {
  const rng = rngFor(c, seed);
  const inst = c.make(rng);
  const args = inst.args(rng).map((a) => (a.dtype === 'float64' ? np.astype(a, 'float32') : a));
  return {
    fn: inst.fn, desc: inst.desc,
    hostArgs: args.map(toHost),
    want: asList(inst.fn(...args)).map(toHost),
    tolerance: REDUCING.has(c.prim) ? 1e-4 : 1e-5,
  };
}
