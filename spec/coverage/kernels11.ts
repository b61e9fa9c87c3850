/**
 * Public functions whose WebGPU results the kernels11 specs compare against the CPU interpreter
 * (spec/kernels11-attention.spec.ts, spec/kernels11-bindings.spec.ts).
 */
export const COVERED: readonly string[] = ['nn.dotProductAttention', 'nn.softmax', 'nn.standardize', 'np.cumprod'];
