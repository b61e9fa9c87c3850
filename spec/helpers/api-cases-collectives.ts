/**
 * Conformance cases for the collectives over a named vmap axis (src/primitives/lax-collectives.ts):
 * each is run inside a vmap that names the axis, on WebGPU (eager and jit) against the CPU
 * interpreter (spec/api-conformance.spec.ts).
 */
import { lax, vmap, type Tensor } from '../../src/index.js';
import type { ApiCase } from './api-conformance-cases.js';
import { normal } from './api-generators.js';

const over = (f: (v: Tensor) => Tensor) => (x: Tensor) => vmap(f, { axisName: 'i' })(x);

export const COLLECTIVE_CASES: ApiCase[] = [
  { name: 'lax.psum', fn: over((v) => lax.psum(v, 'i')), args: (r) => [normal(r, [5, 3])] },
  { name: 'lax.pmean (centring)', fn: over((v) => v.sub(lax.pmean(v, 'i'))), args: (r) => [normal(r, [4, 6])] },
  { name: 'lax.pmax', fn: over((v) => lax.pmax(v, 'i')), args: (r) => [normal(r, [5, 3])] },
  { name: 'lax.pmin', fn: over((v) => lax.pmin(v, 'i')), args: (r) => [normal(r, [5, 3])] },
  { name: 'lax.axisIndex', fn: over((v) => v.mul(lax.axisIndex('i'))), args: (r) => [normal(r, [4, 2])] },
];
