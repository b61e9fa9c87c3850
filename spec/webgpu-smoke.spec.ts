import { expect, it } from 'vitest';
import { getDevice } from '../src/backend/webgpu/device.js';
import { runSmokeKernel, smokeReference } from '../src/backend/webgpu/smoke.js';
import { describeWebGPU, webgpuRequired } from './helpers/webgpu.js';
import { mulberry32 } from './helpers/prng.js';

// Deterministic pseudo-random data (mulberry32), so a failure reproduces.
function randomFloats(n: number, seed: number): Float32Array {
  const u = mulberry32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (u() - 0.5) * 2000;
  return out;
}

describeWebGPU('WebGPU smoke kernel', () => {
  it('reports the adapter it runs on', async () => {
    const { adapterInfo, limits, features } = await getDevice();
    console.log(
      `[webgpu] adapter: vendor=${JSON.stringify(adapterInfo.vendor)} architecture=${JSON.stringify(adapterInfo.architecture)} ` +
        `description=${JSON.stringify(adapterInfo.description)} isCpu=${adapterInfo.isCpu} ` +
        `features=[${[...features].join(', ')}] maxStorageBufferBindingSize=${limits.maxStorageBufferBindingSize}`,
    );
    expect(adapterInfo.description.length + adapterInfo.vendor.length).toBeGreaterThan(0);
    expect(limits.maxStorageBuffersPerShaderStage).toBeGreaterThanOrEqual(8);
    expect(limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(64);
    if (/llvmpipe|lavapipe|swiftshader/i.test(`${adapterInfo.vendor} ${adapterInfo.description}`)) {
      expect(adapterInfo.isCpu).toBe(true);
    }
  });

  it('computes x * 2 + 1 exactly on a length that is not a multiple of 64', async () => {
    const input = randomFloats(64 * 37 + 13, 1234);
    input[0] = 0;
    input[1] = -0;
    input[2] = 3.4e38; // overflows to +Inf on both sides
    const got = await runSmokeKernel(input);
    const want = smokeReference(input);
    expect(got.length).toBe(input.length);
    // Compare bits, so -0/+0 and Inf are checked too.
    expect(new Uint32Array(got.buffer)).toEqual(new Uint32Array(want.buffer));
  });

  it('handles a length below one workgroup', async () => {
    const got = await runSmokeKernel(new Float32Array([1, 2, 3]));
    expect(Array.from(got)).toEqual([3, 5, 7]);
  });

  // In CI (.ci/run sets CI=true and FLUXION_REQUIRE_WEBGPU=1) this proves the WebGPU specs ran on a
  // real adapter: Mesa lavapipe on the CPU-only CI machine, or a real GPU.
  it.runIf(process.env.CI === 'true' || webgpuRequired)('ran on lavapipe or a real GPU (CI)', async () => {
    const { adapterInfo } = await getDevice();
    const where = `${adapterInfo.vendor} | ${adapterInfo.architecture} | ${adapterInfo.description}`;
    console.log(`[webgpu] CI adapter: ${where} (isCpu=${adapterInfo.isCpu})`);
    expect(adapterInfo.description).not.toBe('');
    const onLavapipe = /llvmpipe|lavapipe|mesa/i.test(`${adapterInfo.vendor} ${adapterInfo.description}`);
    expect(onLavapipe || !adapterInfo.isCpu, `unexpected adapter: ${where}`).toBe(true);
  });
});
