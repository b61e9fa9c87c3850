/**
 * The coverage worktree's registry: the public names spec/api-conformance.spec.ts compares on
 * WebGPU against the CPU interpreter, read off its case table so that it cannot list a name the
 * table has no case for.
 */
import { API_CASES, publicNameOf } from '../helpers/api-conformance-cases.js';

export const COVERED: readonly string[] = [...new Set(API_CASES.map(publicNameOf))];
