/**
 * debug.print / debug.callback (jax.debug, issue 11): output captured by spying on console.log,
 * eagerly and inside jit, nested jit, vmap (one line per batch element, as JAX), grad and jvp
 * (primals once, no tangents), an unused print inside jit (DCE must keep it), two identical prints
 * (CSE must not merge them), on the CPU interpreter and on WebGPU (one program, values read back).
 */
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debug, grad, jit, jvp, makeJaxpr, np, useBackend, vmap, Tensor } from '../src/index.js';
import { describeWebGPU } from './helpers/webgpu.js';

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { lines.push(a.map(String).join(' ')); });
});
afterEach(() => { vi.restoreAllMocks(); });

/** The programs every backend runs; `expected` is exact text. */
const SCENARIOS: { name: string; run: () => unknown; expected: string[] }[] = [
  {
    name: 'eager',
    run: () => debug.print('x = {} and {{braces}}', np.array([1, 2.5, -3])),
    expected: ['x = [1.0 2.5 -3.0] and {braces}'],
  },
  {
    name: 'inside jit, values computed in the program, named and formatted fields',
    run: () => jit((x: Tensor) => { const y = np.multiply(x, 2); debug.print('y={y:.2f} s={s} n={}', 7, { y, s: np.sum(y) }); return y; })(np.array([0.5, 1.25])),
    expected: ['y=[1.00 2.50] s=3.5 n=7'],
  },
  {
    name: 'an unused print inside jit still prints (DCE keeps effects); two equal prints print twice (CSE)',
    run: () => jit((x: Tensor) => { debug.print('a {}', np.sin(x)); debug.print('b {}', x); debug.print('b {}', x); return np.add(x, 1); })(np.array(0)),
    expected: ['a 0.0', 'b 0.0', 'b 0.0'],
  },
  {
    name: 'nested jit, in program order',
    run: () => {
      const inner = jit((x: Tensor) => { debug.print('inner {}', x); return np.multiply(x, 3); });
      return jit((x: Tensor) => { debug.print('outer {}', x); const y = inner(np.add(x, 1)); debug.print('after {}', y); return y; })(np.array([1, 2], 'int32'));
    },
    expected: ['outer [1 2]', 'inner [2 3]', 'after [6 9]'],
  },
  {
    name: 'vmap: one line per batch element (JAX unrolls debug_callback), unbatched args shared',
    run: () => vmap((row: Tensor, k: Tensor) => { debug.print('row {} k {}', row, k); return np.sum(row); }, { inAxes: [0, null] })(np.array([[1, 2], [3, 4], [5, 6]]), np.array(9)),
    expected: ['row [1.0 2.0] k 9.0', 'row [3.0 4.0] k 9.0', 'row [5.0 6.0] k 9.0'],
  },
  {
    name: 'grad under jit: the primal is printed once, never the tangent or cotangent',
    run: () => jit(grad((x: Tensor) => { const y = np.multiply(x, x); debug.print('y {}', y); return np.sum(y); }))(np.array([1, 2])),
    expected: ['y [1.0 4.0]'],
  },
  {
    name: 'booleans, a matrix, and shortest float32 digits',
    run: () => jit((x: Tensor) => { debug.print('{} {}\n{}', np.greater(x, 0.2), np.array(0.1), np.reshape(x, [2, 2])); return x; })(np.array([0.1, 0.3, 1e-8, 2])),
    expected: ['[False True False True] 0.1\n[[0.1 0.3]\n [1e-08 2.0]]'],
  },
];

describe('debug.print on the CPU interpreter', () => {
  it.each(SCENARIOS)('$name', async ({ run, expected }) => {
    run();
    await debug.effectsBarrier();
    expect(lines).toEqual(expected);
  });

  it('eager grad and jvp print the primal once', () => {
    const f = (x: Tensor) => { debug.print('x {}', x); return np.sum(np.sin(x)); };
    grad(f)(np.array([0, 1]));
    jvp(f, [np.array([0, 1])], [np.array([1, 1])]);
    expect(lines).toEqual(['x [0.0 1.0]', 'x [0.0 1.0]']);
  });

  it('the Jaxpr holds one debug_callback per print, with no outputs', () => {
    const j = makeJaxpr((x: Tensor) => { debug.print('{}', x); debug.print('{}', x); return x; })(np.array([1]));
    expect(String(j).match(/debug_callback/g)?.length).toBe(2);
  });

  it('debug.callback hands the host the values and shapes; static values pass through', () => {
    const seen: unknown[] = [];
    jit((x: Tensor) => { debug.callback((v: { data: Float32Array; shape: number[]; dtype: string }, tag: string) => seen.push([Array.from(v.data), v.shape, v.dtype, tag]), np.cumsum(x), 'tag'); return x; })(np.array([1, 2, 3]));
    expect(seen).toEqual([[[1, 3, 6], [3], 'float32', 'tag']]);
  });

  it('bad formats and missing arguments are named errors at the call', () => {
    expect(() => debug.print('{} {}', np.array(1))).toThrow(/debug\.print: placeholder \{\} asks for positional argument 1 but 1 was given/);
    expect(() => debug.print('{x}', np.array(1))).toThrow(/debug\.print: placeholder \{x\} has no value/);
    expect(() => debug.print('{:q}', np.array(1))).toThrow(/debug\.print: the format spec ':q'/);
    expect(() => debug.print('a } b')).toThrow(/debug\.print: a single '\}'/);
    expect(() => debug.print(3 as unknown as string)).toThrow(/debug\.print: the format must be a string/);
    expect(lines).toEqual([]);
  });
});

describeWebGPU('debug.print on WebGPU', () => {
  afterAll(() => useBackend('cpu'));
  it.each(SCENARIOS)('$name', async ({ run, expected }) => {
    await useBackend('webgpu');
    const out = run();
    await debug.effectsBarrier();
    expect(lines).toEqual(expected);
    // The program's own results are unaffected by the hoisted outputs.
    if (out instanceof Tensor) expect(out.shape.length).toBeGreaterThanOrEqual(0);
  });

  it('jit returns its results, not the printed extras, and prints after one program run', async () => {
    await useBackend('webgpu');
    const f = jit((x: Tensor) => { debug.print('v {}', np.exp(x)); return [np.add(x, 1), np.multiply(x, 2)]; });
    const [a, b] = f(np.array([0, 1]));
    expect(await a!.toArray()).toEqual([1, 2]);
    expect(await b!.toArray()).toEqual([0, 2]);
    await debug.effectsBarrier();
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/^v \[1\.0 2\.7182\d*\]$/);
  });
});
