/**
 * Public functions whose WebGPU results spec/webgpu-control-flow.spec.ts compares against the CPU
 * oracle on fresh random inputs (the conformance coverage registry).
 */
export const COVERED: readonly string[] = ['lax.scan', 'lax.map', 'lax.foriLoop', 'lax.whileLoop', 'lax.cond', 'lax.switch'];
