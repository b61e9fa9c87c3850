/**
 * Known-answer assertions shared by the numpy specs: a tensor read back as nested JS arrays, and
 * compared elementwise with an expected nested array (numpy's printed answer).
 */
import { expect } from 'vitest';
import type { Tensor } from '../../src/index.js';

/** The tensor as a nested JS array (bools as booleans). */
export async function val(t: Tensor): Promise<unknown> {
  const d = Array.from(await t.data() as ArrayLike<number>, Number);
  const vals: unknown[] = t.dtype === 'bool' ? d.map((v) => v !== 0) : d;
  const build = (dim: number, off: number): unknown => {
    if (dim === t.ndim) return vals[off];
    const stride = t.shape.slice(dim + 1).reduce((a, b) => a * b, 1);
    return Array.from({ length: t.shape[dim] }, (_, i) => build(dim + 1, off + i * stride));
  };
  return build(0, 0);
}

/** Elements equal to `want` (NaN matches NaN; floats to a relative `tol`, integers below 2^24 exactly), with the shape checked. */
export async function expectClose(t: Tensor, want: unknown, tol = 1e-6): Promise<void> {
  const got = await val(t);
  const flat = (v: unknown): unknown[] => (Array.isArray(v) ? v.flatMap(flat) : [v]);
  const shape = (v: unknown): number[] => (Array.isArray(v) ? [v.length, ...(v.length ? shape(v[0]) : [])] : []);
  expect(t.shape, `shape of ${JSON.stringify(got)}`).toEqual(shape(want));
  const g = flat(got), w = flat(want);
  expect(g.length).toBe(w.length);
  g.forEach((x, i) => {
    const y = w[i];
    if (typeof y === 'boolean') { expect(x, `element ${i} of ${JSON.stringify(got)}`).toBe(y); return; }
    const a = x as number, b = y as number;
    if (Number.isNaN(b)) expect(Number.isNaN(a), `element ${i}: ${a} vs NaN`).toBe(true);
    else if (!Number.isFinite(b) || Number.isInteger(b) && Number.isInteger(a) && Math.abs(b) < 2 ** 24) expect(a + 0, `element ${i}`).toBe(b + 0);
    else expect(Math.abs(a - b), `element ${i}: ${a} vs ${b} in ${JSON.stringify(got)}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
  });
}
