/**
 * Element types. float64 exists for the CPU reference interpreter only: gradient checks need it,
 * and WebGPU has no f64.
 */
export type DType = 'float32' | 'float64' | 'int32' | 'uint32' | 'bool';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint32', 'bool'];

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint32Array | Uint8Array;

const shortNames: Record<DType, string> = {
  float32: 'f32', float64: 'f64', int32: 'i32', uint32: 'u32', bool: 'bool',
};

/** `f32`, `i32`, ...: the names printed in Jaxprs and error messages. */
export const shortName = (d: DType): string => shortNames[d];

export const isFloat = (d: DType): boolean => d === 'float32' || d === 'float64';
export const isInteger = (d: DType): boolean => d === 'int32' || d === 'uint32';

/** Allocates host storage for `n` elements of `dtype` (bool is one byte per element). */
export function allocate(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'bool': return new Uint8Array(n);
  }
}

/** Converts a JS number to the value `dtype` would store, e.g. for literals. */
/**
 * The least value of a dtype (bool: false): the identity of a max, so a max over no elements is
 * this on every backend.
 * @example lowestValue('int32'); // -2147483648
 */
export function lowestValue(dtype: DType): number {
  switch (dtype) {
    case 'float32': case 'float64': return -Infinity;
    case 'int32': return -2147483648;
    case 'uint32': case 'bool': return 0;
  }
}

export function coerce(dtype: DType, x: number): number {
  switch (dtype) {
    case 'float32': return Math.fround(x);
    case 'float64': return x;
    case 'int32': return x | 0;
    case 'uint32': return x >>> 0;
    case 'bool': return x ? 1 : 0;
  }
}

// Promotion lattice for the numpy layer: bool < int32/uint32 < float32 < float64.
// int32 with uint32 has no lossless common type in 32 bits, so it is an error (cast explicitly).
const rank: Record<DType, number> = { bool: 0, int32: 1, uint32: 1, float32: 2, float64: 3 };

/** The dtype two operands promote to, or undefined when there is none. */
export function promoteTypes(a: DType, b: DType): DType | undefined {
  if (a === b) return a;
  if (rank[a] === rank[b]) return undefined;
  return rank[a] > rank[b] ? a : b;
}
