/**
 * Public np / nn / lax names that spec/random-jax-exact.spec.ts compares on WebGPU against an
 * oracle (np.erfinv: against a float64 erfinv, on the CPU and on WebGPU). The random samplers and
 * debug.print are covered there and in spec/debug-print.spec.ts but are outside np / nn / lax.
 */
export const COVERED: readonly string[] = ['np.erfinv'];
