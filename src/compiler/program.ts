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
}

/**
 * Elements are stored in 4 bytes on the GPU (bool as u32, the narrow types in their 32-bit compute
 * type: WGSL has no 8- or 16-bit storage without extensions) — except float16 on a device with
 * shader-f16, which stores it as 2-byte `f16` (halfStoredOnGpu).
 */
export const GPU_ELEMENT_BYTES = 4;

// Whether the current device holds float16 arrays as `array<f16>`. Set once per device, by the
// runtime, before any array or program of that device exists (backend/webgpu/queue.ts): buffer
// sizes and kernels of one device must agree on it.
let halfStorage = false;

/** Called by the WebGPU runtime when it is created for a device. */
export function setHalfStorage(on: boolean): void { halfStorage = on; }

/** True when `dtype`'s GPU buffers hold 2-byte `f16` elements (float16 with shader-f16). @example halfStoredOnGpu('float32'); // → false */
export const halfStoredOnGpu = (dtype: DType): boolean => halfStorage && dtype === 'float16';

/**
 * Bytes of a GPU buffer holding `aval`: a multiple of 4 (copies and writes move 4-byte words) and
 * never 0 (WebGPU cannot bind an empty range).
 */
export const gpuBytes = (aval: ShapedArray): number => {
  const raw = aval.size * (halfStoredOnGpu(aval.dtype) ? 2 : GPU_ELEMENT_BYTES);
  return Math.max(GPU_ELEMENT_BYTES, Math.ceil(raw / 4) * 4);
};

export const countKernels = (p: Program): number => p.steps.filter((s) => s.kind === 'kernel').length;
