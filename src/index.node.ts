/**
 * The `fluxion` entry as Node resolves it (the `node` condition of the package's "." export):
 * the browser-safe entry, plus Dawn's WebGPU provider registered on import, so `await init()`
 * finds a GPU in Node as it does in a browser. Importing takes no device and loads no native
 * code; `init()` does. File functions stay in `fluxion/node`.
 * @example
 * import { init, np } from 'fluxion'; // in Node this module
 * await init();
 * console.log(await np.arange(3).data());
 */
import './backend/webgpu/dawn.js';

export * from './index.js';
