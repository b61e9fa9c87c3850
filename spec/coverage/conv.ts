/**
 * Public functions whose WebGPU-vs-CPU conformance the conv worktree's specs check
 * (spec/webgpu-conv.spec.ts and the conv cases of spec/webgpu-conformance.spec.ts).
 */
export const COVERED: readonly string[] = [
  'lax.convGeneralDilated', 'lax.convTranspose', 'lax.reduceWindow',
  'nn.conv', 'nn.maxPool', 'nn.avgPool', 'nn.upsample',
];
