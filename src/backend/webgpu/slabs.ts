/**
 * Sub-allocation of small arrays from shared slab buffers.
 *
 * Why: every GPUBuffer costs the process at least one memory mapping in the Vulkan driver, and
 * Linux allows about 65 530 mappings per process (vm.max_map_count). An eager training loop that
 * leaves its arrays to the garbage collector holds tens of thousands of small arrays at once,
 * and with one GPUBuffer each the process died with SIGSEGV (no message) near 64 k live buffers.
 * Small arrays therefore live in cells of 1 MiB slabs: 70 000 live 1 KiB arrays take ~70 slabs,
 * not 70 000 buffers.
 *
 * Cells are a multiple of the device's minStorageBufferOffsetAlignment (256 B by default), since
 * a kernel binds an array at its cell's offset and WebGPU requires bindings at aligned offsets.
 * Each cell class (its byte size) has its own slabs of equal cells, so a cell never needs
 * splitting or merging, and a free cell is reused by the next array of its class.
 *
 * Two WebGPU rules follow from sharing a buffer, and the runtime handles both (run.ts, queue.ts):
 * a dispatch may not bind one buffer both read-only and writable, and copyBufferToBuffer may not
 * copy within one buffer.
 */

/** Arrays up to this many bytes are sub-allocated; larger ones get a buffer of their own. */
export const MAX_CELL_BYTES = 64 * 1024;

/** Target byte size of one slab (the last partial cell is left out, so a slab may be a little smaller). */
export const SLAB_BYTES = 1024 * 1024;

/** One slab: a GPUBuffer cut into `cells` cells of `cellSize` bytes. */
export class Slab {
  /** Cells handed out (live) and cells waiting in a deferred list. */
  live = 0;
  deferred = 0;
  constructor(readonly buffer: GPUBuffer, readonly cellSize: number, readonly cells: number) {}
  /** True when no cell is handed out or waiting: the slab could be destroyed. */
  get idle(): boolean { return this.live === 0 && this.deferred === 0; }
}

/** A free or deferred cell of a slab. */
export interface Cell { readonly slab: Slab; readonly offset: number }

/** The cell class (byte size of the cell) that holds `bytes`: `sizeClass(bytes)` rounded up to the alignment. */
export function cellClass(sizeClassBytes: number, alignment: number): number {
  return Math.ceil(sizeClassBytes / alignment) * alignment;
}

/** Cells per slab for a cell class: as many as fit in SLAB_BYTES, at least one. */
export const cellsPerSlab = (cellSize: number): number => Math.max(1, Math.floor(SLAB_BYTES / cellSize));
