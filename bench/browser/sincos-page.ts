// The browser half of bench/sincos-variants.ts.
import { useBackend } from '../../src/index.js';
import { getDevice } from '../../src/backend/webgpu/device.js';
import { measureSinCos } from './sincos-measure.js';

(globalThis as unknown as { sincosBench: unknown }).sincosBench = async () => {
  await useBackend('webgpu');
  const { adapterInfo: a, builtinSinCosError } = await getDevice();
  return { adapter: `${a.vendor} ${a.architecture} (builtin err ${builtinSinCosError.toExponential(1)})`, rows: await measureSinCos() };
};
