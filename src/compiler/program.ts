/**
 * The compiler's output and the WebGPU runtime's input: a straight-line list of steps (kernel
 * dispatches and buffer copies) over numbered buffer slots. Shapes are static, so every size and
 * index is baked into the WGSL text and no uniforms are needed; the runtime only binds buffers,
 * dispatches, and plans where the temporaries live.
 */
import type { DType } from '../core/dtype.js';
import type { ShapedArray } from '../core/shape.js';

/** Which buffer a binding or copy refers to. Temps are the program's own intermediates. */
export type BufferSlot =
  | { readonly kind: 'input'; readonly index: number }
  | { readonly kind: 'output'; readonly index: number }
  | { readonly kind: 'temp'; readonly index: number };

/** `@group(0) @binding(i)` of a kernel is `bindings[i]`. */
export interface Binding {
  readonly slot: BufferSlot;
  readonly access: 'read' | 'read_write';
}

export interface KernelStep {
  readonly kind: 'kernel';
  /** Kind and extents, e.g. `E_1024x2`, `R_256_64`, `MM_1024x256x256`: shown by FLUXION_DEBUG. */
  readonly name: string;
  /** A complete WGSL module with one `@compute fn main`. */
  readonly wgsl: string;
  readonly bindings: readonly Binding[];
  readonly workgroups: readonly [number, number, number];
  /** Counted work, for GFLOP/s and GB/s at FLUXION_DEBUG=2 and in benchmarks. */
  readonly flops: number;
  readonly bytes: number;
}

/** A pure copy: done with copyBufferToBuffer (a memcpy inside the driver, the fastest path). */
export interface CopyStep {
  readonly kind: 'copy';
  readonly src: BufferSlot;
  readonly dst: BufferSlot;
  readonly bytes: number;
}

/** Writes constant 32-bit words into a slot (e.g. an output that is a literal). */
export interface FillStep {
  readonly kind: 'fill';
  readonly dst: BufferSlot;
  readonly words: Uint32Array;
}

export type Step = KernelStep | CopyStep | FillStep;

export interface Program {
  readonly name: string;
  readonly inputs: readonly ShapedArray[];
  readonly outputs: readonly ShapedArray[];
  /**
   * Byte sizes of the temporaries. The compiler has already shared slots between temporaries
   * whose lifetimes do not overlap (liveness planning), so each index is one buffer.
   */
  readonly temps: readonly number[];
  readonly steps: readonly Step[];
  /**
   * True when inputs of packed dtypes (packedBits) are bound as their packed memory and the
   * kernels read the packed words themselves (a shift and a mask per element). Otherwise every
   * input slot holds one 32-bit word per element, and the runtime widens packed arrays into it:
   * loop bodies, whose inputs are the loop's own carry and slice buffers (backend/webgpu/loop.ts).
   */
  readonly packedInputs?: boolean;
}

/**
 * Inside a program every element takes 4 bytes (bool as u32, the narrow types in their 32-bit
 * compute type: WGSL has no 8- or 16-bit storage without extensions) — except float16 on a
 * device with shader-f16, which programs read and write as 2-byte `f16` (halfStoredOnGpu).
 */
export const GPU_ELEMENT_BYTES = 4;

// How the current device stores float16 (set once per device, by the runtime, before any array
// or program of that device exists: backend/webgpu/queue.ts). Buffer sizes and kernels of one
// device must agree on it.
let halfStorage = false;
let packedHalf = false;

/**
 * Called by the WebGPU runtime when it is created for a device: `on` when float16 is WGSL `f16`
 * in programs (shader-f16), `packed` when float16 arrays at rest are packed 2-byte words that
 * programs widen to f32 (no shader-f16, or config float16Storage 'packed').
 */
export function setHalfStorage(on: boolean, packed = false): void { halfStorage = on; packedHalf = packed && !on; }

/** True when `dtype`'s GPU buffers hold 2-byte `f16` elements (float16 with shader-f16). @example halfStoredOnGpu('float32'); // → false */
export const halfStoredOnGpu = (dtype: DType): boolean => halfStorage && dtype === 'float16';

/**
 * Bits per element of an array of `dtype` at rest on the GPU when it is packed (several
 * elements per 32-bit word, the first in the low bits, as a little-endian typed array lays them
 * out), or undefined when it is stored as the program sees it. int8/uint8 pack four to a word,
 * int16/uint16/bfloat16 two, float16 two where the device has no shader-f16. Programs never see
 * packed words: the runtime widens packed inputs into 4-byte words before a program runs and
 * packs its outputs after (backend/webgpu/packed.ts), so memory at rest is the dtype's own size.
 * @example packedBits('int8'); // → 8
 */
export function packedBits(dtype: DType): 8 | 16 | undefined {
  switch (dtype) {
    case 'int8': case 'uint8': return 8;
    case 'int16': case 'uint16': case 'bfloat16': return 16;
    case 'float16': return packedHalf ? 16 : undefined;
    default: return undefined;
  }
}

/** A multiple of 4 (copies and writes move 4-byte words) and never 0 (WebGPU cannot bind an empty range). */
const wholeWords = (bytes: number): number => Math.max(GPU_ELEMENT_BYTES, Math.ceil(bytes / 4) * 4);

/**
 * Bytes of a program's buffer slot holding `aval` (an input, output or temporary as the kernels
 * address it): 4 per element, 2 for f16 with shader-f16.
 * @example slotBytes(new ShapedArray([3], 'int8')); // → 12
 */
export const slotBytes = (aval: ShapedArray): number =>
  wholeWords(aval.size * (halfStoredOnGpu(aval.dtype) ? 2 : GPU_ELEMENT_BYTES));

/**
 * Bytes of the GPU buffer holding an array of `aval` at rest (what memory stats count): packed
 * types take their own size (packedBits), the others as slotBytes.
 * @example gpuBytes(new ShapedArray([3], 'int8')); // → 4
 */
export const gpuBytes = (aval: ShapedArray): number => {
  const bits = packedBits(aval.dtype);
  return bits ? wholeWords(Math.ceil((aval.size * bits) / 8)) : slotBytes(aval);
};

export const countKernels = (p: Program): number => p.steps.filter((s) => s.kind === 'kernel').length;
