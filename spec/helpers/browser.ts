// Skip/require policy for specs that drive Chromium, mirroring spec/helpers/webgpu.ts:
// - Chromium present                                   -> the specs run;
// - no Chromium                                        -> skipped, so `npm test` passes anywhere;
// - no Chromium and FLUXION_REQUIRE_WEBGPU=1 (.ci/run, which installs Chromium) -> a failing test.
import { describe, it } from 'vitest';
import { CHROMIUM_PATH, chromiumAvailable } from '../../scripts/chromium.js';

/**
 * `describe` for specs that need Chromium, implementing the policy above.
 * @example describeBrowser('page', () => { it('loads', async () => { ... }); });
 */
export function describeBrowser(name: string, fn: () => void): void {
  if (chromiumAvailable()) {
    describe(name, fn);
  } else if (process.env.FLUXION_REQUIRE_WEBGPU === '1') {
    describe(name, () => {
      it('needs Chromium (FLUXION_REQUIRE_WEBGPU=1)', () => {
        throw new Error(`Chromium is required for the browser specs but ${CHROMIUM_PATH} does not exist; ` +
          'install it (Debian: apt-get install -y chromium).');
      });
    });
  } else {
    describe.skip(`${name} [skipped: no Chromium at ${CHROMIUM_PATH}]`, fn);
  }
}
