// Vitest setup (vitest.config.ts `setupFiles`): the specs import the browser-safe entry
// (src/index.ts), so register Dawn's WebGPU provider here as the `fluxion/node` entry does for
// users. Registering takes no device; useBackend('webgpu') / getDevice() acquire one.
import '../../src/backend/webgpu/dawn.js';
