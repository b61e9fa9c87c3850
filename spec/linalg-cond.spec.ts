/**
 * np.linalg.cond at singular and empty matrices (JAX: a NaN condition number becomes ∞ where the
 * matrix has no NaN; numpy 2.4 gives inf for these p too), float64 on the CPU.
 */
import { describe, expect, it } from 'vitest';
import { errors, np } from '../src/index.js';
import { expectError } from './helpers/expect-error.js';

describe('np.linalg.cond', () => {
  const sing = np.array([[1, 2, 3], [2, 4, 6], [1, 0, 1]], 'float64');

  it('is ∞ for a singular matrix in every norm that inverts it (was NaN)', async () => {
    for (const p of ['fro', 'nuc', 1, -1, Infinity, -Infinity] as const) {
      expect(await np.linalg.cond(sing, p).item(), String(p)).toBe(Infinity);
    }
    // batched: the regular matrix keeps its value (numpy: cond([[2,0],[0,1]], 1) = 2)
    const batch = np.stack([np.array([[2, 0], [0, 1]], 'float64'), np.array([[1, 1], [1, 1]], 'float64')]);
    expect(Array.from(await np.linalg.cond(batch, 1).data())).toEqual([2, Infinity]);
  });

  it('a NaN in the matrix stays NaN', async () => {
    expect(await np.linalg.cond(np.array([[NaN, 1], [1, 1]], 'float64'), 'fro').item()).toBeNaN();
  });

  it('an empty matrix is a named error naming np.linalg.cond', () => {
    expectError(() => np.linalg.cond(np.zeros([0, 0])), errors.ShapeError, 'np.linalg.cond', 'must not be empty', 'f32[0,0]');
  });
});
