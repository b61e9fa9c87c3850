import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The Dawn native addon is safer in child processes than in worker threads:
    // a crash takes down one fork, not the runner, and each fork gets its own instance.
    pool: 'forks',
    // The suite was written for the CPU reference backend (dataSync, float64): FLUXION_BACKEND=cpu
    // installs it at import, with no init() call. WebGPU specs switch with `await useBackend('webgpu')`.
    env: { FLUXION_BACKEND: 'cpu' },
    // Dawn's WebGPU provider, which the Node entry registers for users.
    setupFiles: ['spec/helpers/node-setup.ts'],
  },
});
