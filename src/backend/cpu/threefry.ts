// Threefry-2x32 with 20 rounds, as specified in Random123 (Salmon, Moraes, Dror
// & Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", SC 2011) and as used by
// JAX's `threefry_2x32`. It is the keyed hash underneath fluxion's PRNG, so its
// output must match those bit for bit: spec/threefry.spec.ts checks Random123's
// known-answer vectors.
//
// JS numbers are doubles and the bitwise operators work on int32, so every step
// is normalised back to uint32 with `>>> 0`. Sums of two or three uint32 values
// (< 2^34) are exact in a double, so `(a + b) >>> 0` is addition mod 2^32.

// Skein/Threefish key-schedule parity constant: the third key word is
// k0 ^ k1 ^ PARITY, so no key makes all three schedule words zero.
const PARITY = 0x1bd11bda;

// Rotation amounts for the 2-word variant; even groups of four rounds use the
// first row, odd groups the second (Random123's R_32x2_0..7).
const ROT = [13, 15, 26, 6, 17, 29, 16, 24] as const;

function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Threefry-2x32-20 of one counter pair (x0, x1) under one key (k0, k1). */
export function threefry2x32Block(k0: number, k1: number, x0: number, x1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ PARITY) >>> 0];
  let a = (x0 + ks[0]) >>> 0;
  let b = (x1 + ks[1]) >>> 0;
  // 5 groups of 4 rounds; after each group inject the key schedule rotated by
  // g + 1 and add the injection count g + 1 to the second word.
  for (let g = 0; g < 5; g++) {
    for (let j = 0; j < 4; j++) {
      a = (a + b) >>> 0;
      b = (rotl(b, ROT[(g & 1) * 4 + j]) ^ a) >>> 0;
    }
    a = (a + ks[(g + 1) % 3]) >>> 0;
    b = (b + ks[(g + 2) % 3] + g + 1) >>> 0;
  }
  return [a, b];
}

/**
 * Elementwise Threefry-2x32-20: (out0[i], out1[i]) = hash of counter
 * (x0[i], x1[i]) under key (k0[i], k1[i]). All six arrays must have the same
 * length. Each element's inputs are read before its outputs are written, so the
 * outputs may alias the inputs.
 */
export function threefry2x32(
  k0: Uint32Array,
  k1: Uint32Array,
  x0: Uint32Array,
  x1: Uint32Array,
  out0: Uint32Array,
  out1: Uint32Array,
): void {
  const n = x0.length;
  if (k0.length !== n || k1.length !== n || x1.length !== n || out0.length !== n || out1.length !== n) {
    throw new RangeError(
      `threefry2x32: length mismatch (k0 ${k0.length}, k1 ${k1.length}, x0 ${n}, x1 ${x1.length}, ` +
        `out0 ${out0.length}, out1 ${out1.length})`,
    );
  }
  // Same algorithm as threefry2x32Block, written without per-element
  // allocation: the key schedule lives in three locals that are rotated
  // (ka, kb, kc) <- (kb, kc, ka) after each injection, as JAX's rolled loop does.
  for (let i = 0; i < n; i++) {
    let ka = k0[i];
    let kb = k1[i];
    let kc = (ka ^ kb ^ PARITY) >>> 0;
    let a = (x0[i] + ka) >>> 0;
    let b = (x1[i] + kb) >>> 0;
    for (let g = 0; g < 5; g++) {
      const base = (g & 1) * 4;
      for (let j = 0; j < 4; j++) {
        a = (a + b) >>> 0;
        b = (rotl(b, ROT[base + j]) ^ a) >>> 0;
      }
      const t = ka;
      ka = kb;
      kb = kc;
      kc = t;
      a = (a + ka) >>> 0;
      b = (b + kb + g + 1) >>> 0;
    }
    out0[i] = a;
    out1[i] = b;
  }
}
