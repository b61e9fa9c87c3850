// Skip/require policy for WebGPU specs, shared by every spec that needs a device:
// - adapter present                 -> the specs run;
// - no adapter                      -> the specs are skipped (describe.skip), so `npm test` passes on any machine;
// - no adapter and FLUXION_REQUIRE_WEBGPU=1 (set by .ci/run) -> a failing test says why.
import { afterAll, describe, it } from 'vitest';
import { getDevice, releaseDevice, type GpuContext } from '../../src/backend/webgpu/device.js';

/** FLUXION_REQUIRE_WEBGPU=1: a missing adapter is a test failure, not a skip. */
export const webgpuRequired = process.env.FLUXION_REQUIRE_WEBGPU === '1';

/** Why there is no device (the probe's error message), or undefined when there is one. */
export let webgpuUnavailableReason: string | undefined;

/** The context the probe acquired, or undefined when none. */
export let webgpuContext: GpuContext | undefined;

try {
  webgpuContext = await getDevice();
} catch (e) {
  webgpuUnavailableReason = e instanceof Error ? e.message : String(e);
}

/** True when this process could acquire a WebGPU adapter and device. */
export const webgpuAvailable: boolean = webgpuContext !== undefined;

/**
 * `describe` for specs that need a WebGPU device, implementing the policy above.
 * @example describeWebGPU('matmul on WebGPU', () => { it('...', async () => { ... }); });
 */
export function describeWebGPU(name: string, fn: () => void): void {
  if (webgpuAvailable) {
    describe(name, () => {
      afterAll(() => releaseDevice());
      fn();
    });
  } else if (webgpuRequired) {
    describe(name, () => {
      it('needs a WebGPU adapter (FLUXION_REQUIRE_WEBGPU=1)', () => {
        throw new Error(
          `WebGPU is required (FLUXION_REQUIRE_WEBGPU=1) but unavailable: ${webgpuUnavailableReason}`,
        );
      });
    });
  } else {
    describe.skip(`${name} [skipped: no WebGPU adapter]`, fn);
  }
}
