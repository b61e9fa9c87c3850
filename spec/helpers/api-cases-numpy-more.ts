/**
 * Conformance cases (WebGPU, eager and jit, against the CPU interpreter on seeded inputs; run by
 * spec/api-conformance.spec.ts) for the numpy-more functions.
 */
import type { ApiCase } from './api-conformance-cases.js';

export const NUMPY_MORE_CASES: ApiCase[] = [];
