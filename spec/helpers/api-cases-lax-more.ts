/**
 * Conformance cases (WebGPU, eager and jit, against the CPU interpreter on seeded inputs; run by
 * spec/api-conformance.spec.ts) for the lax-more functions.
 */
import type { ApiCase } from './api-conformance-cases.js';

export const LAX_MORE_CASES: ApiCase[] = [];
