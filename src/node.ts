/**
 * fluxion for Node: everything in the browser-safe `fluxion` entry, with Dawn's WebGPU provider
 * registered on import (no device is taken until `await init()`), and `io` and `facm` extended
 * by the functions that touch files (checkpoints by path, atomic writes, PNG files, the resumable
 * training loop with a checkpoint directory).
 * @example
 * import { init, np, grad, io } from 'fluxion/node';
 * await init();
 * await io.saveSafetensors('w.safetensors', { w: grad((x) => x.mul(x).sum())(np.array([1, 2])) });
 */
export * from './index.node.js';
// Explicit exports shadow the star export's namespaces of the same name.
export * as io from './io/node/index.js';
export * as plot from './plot/node/index.js';
export * as onnx from './onnx/index.js';
export * as facm from './facm/node/index.js';
export * as cli from './cli/index.js';
export * as data from './data/node/index.js';
