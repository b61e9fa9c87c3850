/**
 * jit's trace cache: bounded (least recently used dropped past JIT_CACHE_SIZE, traced again when
 * those shapes return) and, at FLUXION_DEBUG=1, one line per retrace naming the function and the
 * new input types (JAX warns about retracing the same way). Runs on the CPU backend: the cache is
 * backend-independent; the WebGPU pipeline cache is an LruCache of its own (queue.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jit, np, ConcreteArray, Tensor } from '../src/index.js';
import { LruCache } from '../src/core/lru.js';
import { JIT_CACHE_SIZE } from '../src/transforms/jit.js';

const values = (t: Tensor) => Array.from((t as ConcreteArray).dataSync());

describe('LruCache', () => {
  it('drops the least recently used entry, counting get() as a use, and reports each eviction', () => {
    const evicted: string[] = [];
    const c = new LruCache<string, number>(3, (k, v) => evicted.push(`${k}=${v}`));
    c.set('a', 1).set('b', 2).set('c', 3);
    expect(c.get('a')).toBe(1); // a is now the most recent; b the least
    c.set('d', 4);
    expect(evicted).toEqual(['b=2']);
    expect([...c.keys()]).toEqual(['c', 'a', 'd']);
    c.set('c', 30); // replacing refreshes too
    c.set('e', 5);
    expect(evicted).toEqual(['b=2', 'a=1']);
    expect(c.size).toBe(3);
    expect(c.get('b')).toBeUndefined();
    expect(() => new LruCache(0)).toThrow(/capacity must be a positive integer, got 0/);
  });
});

describe('jit trace cache', () => {
  afterEach(() => { vi.restoreAllMocks(); delete process.env.FLUXION_DEBUG; });

  it(`keeps at most ${JIT_CACHE_SIZE} traces per function and traces a dropped shape again, with right results`, () => {
    let traces = 0;
    const f = jit((x: Tensor) => { traces++; return x.mul(2).add(1); });
    const n = JIT_CACHE_SIZE + 6;
    for (let k = 1; k <= n; k++) expect(values(f(np.arange(k)))).toEqual(Array.from({ length: k }, (_, i) => 2 * i + 1));
    expect(traces).toBe(n);
    f(np.arange(n)); // cached: the most recent
    f(np.arange(7)); // the oldest still cached (sizes 7..n are the last JIT_CACHE_SIZE)
    expect(traces).toBe(n);
    expect(values(f(np.arange(1)))).toEqual([1]); // dropped long ago: traced again
    expect(traces).toBe(n + 1);
    f(np.arange(8)); // 7 was refreshed above, so adding size 1 dropped size 8
    expect(traces).toBe(n + 2);
  });

  it('FLUXION_DEBUG=1 prints one line per retrace naming the function and the new input types', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => { lines.push(String(m)); });
    process.env.FLUXION_DEBUG = '1';
    const step = jit(function step(x: Tensor, s: number) { return x.mul(s); }, { staticArgnums: [1] });
    step(np.ones([3]), 2);
    step(np.ones([3]), 2); // cached: no line
    expect(lines.filter((l) => l.includes('retracing'))).toEqual([]);
    expect(values(step(np.ones([2, 4]), 2))).toEqual(Array(8).fill(2));
    step(np.ones([2, 4]), 5); // a new static value retraces too
    const retraces = lines.filter((l) => l.includes('retracing'));
    expect(retraces).toHaveLength(2);
    expect(retraces[0]).toMatch(/^\[fluxion\] jit\(step\): retracing for new input types \(f32\[2,4\]\) static \[2\] \(before: \(f32\[3\]\) static \[2\]; trace 2, 1 of 64 cached\)/);
    expect(retraces[1]).toMatch(/retracing for new input types \(f32\[2,4\]\) static \[5\]/);
    // Without FLUXION_DEBUG nothing is printed.
    delete process.env.FLUXION_DEBUG;
    lines.length = 0;
    step(np.ones([7]), 1);
    expect(lines).toEqual([]);
  });
});
