/**
 * Host effects that run after their values are read back (debug_callback on WebGPU): a chain in
 * program order, so prints come out in the order the program reached them, and a barrier to wait
 * for them (JAX's jax.effects_barrier). On the CPU interpreter effects run at once and the
 * barrier has nothing to wait for.
 */
let chain: Promise<void> = Promise.resolve();
let failure: { error: unknown } | undefined;

/** Queues `run` after every effect queued before it; an error is kept for the next barrier. */
export function enqueueEffect(run: () => Promise<void>): void {
  chain = chain.then(run).catch((error: unknown) => { failure ??= { error }; });
}

/**
 * Resolves once every effect queued so far has run; rethrows the first error a callback threw.
 * @example debug.print('x = {}', x); await effectsBarrier();
 */
export async function effectsBarrier(): Promise<void> {
  await chain;
  if (failure) {
    const { error } = failure;
    failure = undefined;
    throw error;
  }
}
