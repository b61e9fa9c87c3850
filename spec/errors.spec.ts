/**
 * Bad input gets a clear error: each test asserts the message names the operation, shows the
 * offending shapes/dtypes, and says what to do about it.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, grad, jit, jvp, lax, np, vjp, vmap } from '../src/index.js';

const f64 = (d: number[]): Tensor => np.array(d, { dtype: 'float64' });

/** The message of the error `fn` throws (fails the test if it does not throw an Error). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Every fragment must occur in the message (literal substrings, or regexes). */
function expectMessage(fn: () => unknown, ...fragments: (string | RegExp)[]): string {
  const msg = messageOf(fn);
  for (const f of fragments) {
    if (typeof f === 'string') expect(msg).toContain(f);
    else expect(msg).toMatch(f);
  }
  return msg;
}

describe('shape and dtype errors in the numpy layer', () => {
  it('np.add of [3] and [4]: names add, both shapes, and the fix', () => {
    expectMessage(() => np.add(np.ones([3]), np.ones([4])),
      /^np\.add:/, '[3]', '[4]', 'cannot be broadcast', /reshape|expandDims/);
  });

  it('np.matmul inner-dimension mismatch: names matmul, both operand types and the sizes', () => {
    expectMessage(() => np.matmul(np.ones([2, 3]), np.ones([4, 5])),
      /^np\.matmul:/, 'f32[2,3]', 'f32[4,5]', '3 vs 4', /last axis of the first/);
  });

  it('int32 + uint32: names add, both dtypes, and says to cast', () => {
    expectMessage(() => np.add(np.array([1, 2], { dtype: 'int32' }), np.array([1, 2], { dtype: 'uint32' })),
      /^np\.add:/, 'i32', 'u32', /no common .*type/, 'astype');
  });

  it('lax.exp of an int array: names exp, the type, and the conversion', () => {
    expectMessage(() => lax.exp(np.array([1, 2], { dtype: 'int32' })),
      /^exp:/, 'i32[2]', /floating-point/, "astype('float32')");
  });

  it('unknown axis: names the op, the axis and the rank, and the valid range', () => {
    expectMessage(() => np.sum(np.ones([2, 3]), { axis: 5 }),
      /^np\.sum:/, 'axis 5', 'rank 2', '[-2, 1]');
    expectMessage(() => np.mean(np.ones([2, 3]), { axis: -3 }), /^np\.mean:/, 'axis -3', 'rank 2');
  });

  it('reshape size mismatch: names reshape, the source type, element count and target', () => {
    expectMessage(() => np.reshape(np.ones([2, 3]), [4, 2]),
      /^np\.reshape:/, 'f32[2,3]', '6 elements', '[4, 2]');
  });

  it('concatenate mismatched shapes: names concatenate, the shapes and the axis', () => {
    expectMessage(() => np.concatenate([np.ones([2, 3]), np.ones([2, 4])], 0),
      /^np\.concatenate:/, '[2, 3]', '[2, 4]', 'axis 0');
  });

  it('take with float indices: names take, the index type, and the cast', () => {
    expectMessage(() => np.take(np.ones([4]), np.array([0.5, 1])),
      /^np\.take:/, 'f32[2]', /integer/, "astype('int32')");
  });
});

describe('transformation errors', () => {
  it('grad of a non-scalar output: mentions scalar and the shape, suggests a reduction', () => {
    expectMessage(() => grad((x: Tensor) => x.mul(2))(f64([1, 2, 3])),
      /^grad:/, 'scalar', 'f64[3]', /\.sum\(\)|\.mean\(\)/);
  });

  it('grad w.r.t. an int input: names the input type and the fix', () => {
    expectMessage(() => grad((x: Tensor) => np.sum(x))(np.array([1, 2], { dtype: 'int32' })),
      /^grad:/, 'i32[2]', /floating-point/, /astype|argnums/);
  });

  it('grad argnums out of range', () => {
    expectMessage(() => grad((x: Tensor) => np.sum(x), { argnums: 2 })(f64([1])), /^grad:/, 'argnums 2', '1 argument');
  });

  it('jvp with a tangent of the wrong shape or dtype', () => {
    expectMessage(() => jvp((x: Tensor) => x, [f64([1, 2])], [f64([1, 2, 3])]),
      /^jvp:/, 'f64[2]', 'f64[3]', 'tangent');
    expectMessage(() => jvp((x: Tensor) => x, [f64([1, 2])], [np.array([1, 2])]),
      /^jvp:/, 'f64[2]', 'f32[2]', /shape and dtype/);
    expectMessage(() => jvp((x: Tensor, y: Tensor) => x.add(y), [f64([1]), f64([2])], [f64([1])] as never),
      /^jvp:/, 'structure', /one tangent per primal/);
  });

  it('vjp with a cotangent of the wrong shape', () => {
    const [, pull] = vjp((x: Tensor) => x.mul(2), f64([1, 2]));
    expectMessage(() => pull(f64([1, 2, 3])), /^vjp:/, 'f64[3]', 'f64[2]');
  });

  it('vmap with inconsistent batch sizes: names both sizes and the input', () => {
    expectMessage(() => vmap((a: Tensor, b: Tensor) => a.add(b))(np.ones([3]), np.ones([4])),
      /^vmap:/, 'inconsistent', 'f32[4]', 'has 4', 'has 3');
  });

  it('vmap with no mapped inputs', () => {
    expectMessage(() => vmap((a: Tensor) => a, { inAxes: null })(np.ones([3])),
      /^vmap:/, 'no input is mapped', 'null');
  });

  it('vmap inAxes out of range names the axis and rank', () => {
    expectMessage(() => vmap((a: Tensor) => a, { inAxes: 2 })(np.ones([3])), /^vmap: inAxes/, 'axis 2', 'rank 1');
  });

  it('a non-array leaf in transformation arguments', () => {
    expectMessage(() => grad((o: { x: Tensor; s: string }) => o.x)({ x: f64([1]), s: 'nope' } as never),
      /^grad:/, 'string', /staticArgnums|closures/);
  });
});

describe('escaped tracers', () => {
  const cases: [string, (stash: (t: Tensor) => void) => void][] = [
    ['grad', (stash) => grad((x: Tensor) => { stash(x.mul(2)); return np.sum(x); })(f64([1, 2]))],
    ['jvp', (stash) => jvp((x: Tensor) => { stash(x.mul(2)); return x; }, [f64([1, 2])], [f64([1, 1])])],
    ['vmap', (stash) => vmap((x: Tensor) => { stash(x.mul(2)); return x; })(f64([1, 2]))],
    ['jit', (stash) => jit((x: Tensor) => { stash(x.mul(2)); return x; })(f64([1, 2]))],
  ];
  for (const [name, run] of cases) {
    it(`a tracer stored from inside ${name} and used outside names the op and says "escaped tracer"`, () => {
      let leaked: Tensor | undefined;
      run((t) => { leaked = t; });
      expect(leaked).toBeDefined();
      expectMessage(() => np.sin(leaked!), /^sin:/, 'escaped tracer', new RegExp(`from a ${name}\\b`), /Return the value/);
      expectMessage(() => leaked!.add(1), /^add:/, 'escaped tracer');
    });
  }

  it('a grad tracer used in a later, unrelated grad is still an escaped tracer', () => {
    let leaked: Tensor | undefined;
    grad((x: Tensor) => { leaked = x; return np.sum(x); })(f64([1, 2]));
    expectMessage(() => grad((y: Tensor) => np.sum(y.mul(leaked!)))(f64([3, 4])), /^mul:/, 'escaped tracer');
  });
});

describe('host reads of tracers', () => {
  // Synchronous, not a rejected promise: `x.data()` without `await` in a jit body used to leave an
  // unhandled rejection that killed Node. The trace fails at the call instead, with a TracerError.
  it('data() on a tracer inside a transformation throws a TracerError at the call', () => {
    let err: unknown;
    expect(() => grad((x: Tensor) => { x.data(); return np.sum(x); })(f64([1, 2]))).toThrow(errors.TracerError);
    try { grad((x: Tensor) => { void x.data(); return np.sum(x); })(f64([1, 2])); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(errors.TracerError);
    expect(String(err)).toMatch(/data\(\): cannot read the values of a traced f64\[2\]/);
    expect(String(err)).toMatch(/Return the array from the transformed function/);
  });

  it('every reader (data, item, toArray, dataSync) throws inside jit and vmap too, naming the transformation', () => {
    const readers: [string, (x: Tensor) => unknown][] = [
      ['data', (x) => x.data()], ['item', (x) => x.item()], ['toArray', (x) => x.toArray()],
      ['dataSync', (x) => (x as unknown as { dataSync(): unknown }).dataSync()],
    ];
    for (const [name, read] of readers) {
      const call = new RegExp(`^${name}\\(\\):`);
      expectMessage(() => jit((x: Tensor) => { void read(x); return x; })(f64([1, 2])), call, /traced f64\[2\] inside jit/);
      expectMessage(() => vmap((x: Tensor) => { void read(x); return x; })(f64([1, 2])), call, /traced f64\[\] inside vmap/);
      expect(() => jit((x: Tensor) => { void read(x); return x; })(f64([3]))).toThrow(errors.TracerError);
    }
  });

  it('item() on a multi-element array says how to fix it', async () => {
    await expect(np.ones([2]).item()).rejects.toThrow(/item\(\).*f32\[2\].*index or reduce/);
  });
});
