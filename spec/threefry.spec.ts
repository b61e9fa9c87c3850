import { describe, it, expect } from 'vitest';
import { threefry2x32, threefry2x32Block } from '../src/backend/cpu/threefry.js';
import { mulberry32U32 } from './helpers/prng.js';

// Known-answer vectors for threefry2x32_20 from Random123's kat_vectors file, as
// reproduced in DEShawResearch/Random123-Boost libs/random/test/test_threefry.cpp
// (line format: ctr0 ctr1 key0 key1 -> out0 out1). JAX's tests/random_test.py
// testThreefry2x32 checks the same three vectors against threefry_2x32.
const KAT: { name: string; ctr: [number, number]; key: [number, number]; out: [number, number] }[] = [
  { name: 'zeros', ctr: [0x00000000, 0x00000000], key: [0x00000000, 0x00000000], out: [0x6b200159, 0x99ba4efe] },
  { name: 'all ones', ctr: [0xffffffff, 0xffffffff], key: [0xffffffff, 0xffffffff], out: [0x1cb996fc, 0xbb002be7] },
  { name: 'pi digits', ctr: [0x243f6a88, 0x85a308d3], key: [0x13198a2e, 0x03707344], out: [0xc4923a9c, 0x483df7a0] },
];


function randomU32(n: number, next: () => number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = next();
  return a;
}

describe('threefry2x32 (20 rounds)', () => {
  for (const { name, ctr, key, out } of KAT) {
    it(`scalar matches the Random123 known answer: ${name}`, () => {
      expect(threefry2x32Block(key[0], key[1], ctr[0], ctr[1])).toEqual(out);
    });

    it(`vectorised matches the Random123 known answer: ${name}`, () => {
      const o0 = new Uint32Array(1);
      const o1 = new Uint32Array(1);
      threefry2x32(
        Uint32Array.of(key[0]),
        Uint32Array.of(key[1]),
        Uint32Array.of(ctr[0]),
        Uint32Array.of(ctr[1]),
        o0,
        o1,
      );
      expect([o0[0], o1[0]]).toEqual(out);
    });
  }

  it('vectorised agrees with the scalar helper on 1000 random inputs', () => {
    const n = 1000;
    const next = mulberry32U32(12345);
    const k0 = randomU32(n, next);
    const k1 = randomU32(n, next);
    const x0 = randomU32(n, next);
    const x1 = randomU32(n, next);
    const o0 = new Uint32Array(n);
    const o1 = new Uint32Array(n);
    threefry2x32(k0, k1, x0, x1, o0, o1);
    for (let i = 0; i < n; i++) {
      const [a, b] = threefry2x32Block(k0[i], k1[i], x0[i], x1[i]);
      if (o0[i] !== a || o1[i] !== b) {
        throw new Error(`mismatch at ${i}: vectorised [${o0[i]}, ${o1[i]}], scalar [${a}, ${b}]`);
      }
    }
  });

  it('outputs may alias inputs', () => {
    const n = 64;
    const next = mulberry32U32(7);
    const k0 = randomU32(n, next);
    const k1 = randomU32(n, next);
    const x0 = randomU32(n, next);
    const x1 = randomU32(n, next);
    const e0 = new Uint32Array(n);
    const e1 = new Uint32Array(n);
    threefry2x32(k0, k1, x0, x1, e0, e1);
    threefry2x32(k0, k1, x0, x1, x0, x1);
    expect(Array.from(x0)).toEqual(Array.from(e0));
    expect(Array.from(x1)).toEqual(Array.from(e1));
  });

  it('different keys give different streams over the same counters', () => {
    const n = 1000;
    const x0 = new Uint32Array(n).map((_, i) => i);
    const x1 = new Uint32Array(n);
    const stream = (key0: number, key1: number): [Uint32Array, Uint32Array] => {
      const o0 = new Uint32Array(n);
      const o1 = new Uint32Array(n);
      threefry2x32(new Uint32Array(n).fill(key0), new Uint32Array(n).fill(key1), x0, x1, o0, o1);
      return [o0, o1];
    };
    const keys: [number, number][] = [
      [0, 0],
      [0, 1],
      [1, 0],
      [0xffffffff, 0xffffffff],
    ];
    const streams = keys.map(([a, b]) => stream(a, b));
    for (let s = 0; s < streams.length; s++) {
      for (let t = s + 1; t < streams.length; t++) {
        let equal = 0;
        for (let i = 0; i < n; i++) {
          if (streams[s][0][i] === streams[t][0][i] && streams[s][1][i] === streams[t][1][i]) equal++;
        }
        // A 64-bit coincidence between two independent streams is ~2^-54 likely over 1000 pairs.
        expect(equal, `keys ${keys[s]} vs ${keys[t]}`).toBe(0);
      }
    }
    // Within one stream, distinct counters give distinct outputs too.
    const [o0, o1] = streams[0];
    const seen = new Set<string>();
    for (let i = 0; i < n; i++) seen.add(`${o0[i]},${o1[i]}`);
    expect(seen.size).toBe(n);
  });

  it('rejects arrays of different lengths', () => {
    const a = new Uint32Array(3);
    const b = new Uint32Array(2);
    expect(() => threefry2x32(a, a, a, b, a, a)).toThrow(RangeError);
  });
});
