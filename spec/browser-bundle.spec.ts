/**
 * The `fluxion` entry (src/index.ts) is browser-safe: bundled for the browser with esbuild it
 * reaches no Node module (`node:*` or a bare built-in) and no code of the `webgpu` package (Dawn's
 * Node bindings), which only `fluxion/node` may use. The minified size printed here is the figure
 * the README quotes.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { bundleForBrowser, describeNodeImports } from '../scripts/browser-bundle.js';

describe('browser bundle of the fluxion entry', () => {
  it('reaches no Node module and no webgpu-package code', async () => {
    const bundle = await bundleForBrowser('src/index.ts', { minify: true });
    const gzip = gzipSync(bundle.code).byteLength;
    console.log(`fluxion browser entry: ${(bundle.bytes / 1024).toFixed(0)} KiB minified, ${(gzip / 1024).toFixed(0)} KiB gzipped`);
    expect(bundle.nodeImports, `Node imports reachable from src/index.ts:\n${describeNodeImports(bundle.nodeImports)}`)
      .toEqual([]);
    expect(bundle.inputs.filter((f) => /node_modules\/webgpu\//.test(f))).toEqual([]);
    // The bundle really is fluxion: the compiler's NaN helper and the public API are in it.
    expect(bundle.code).toContain('fx_isnan');
  });

  it('the check can fail: a file that imports node:fs is reported', async () => {
    const bundle = await bundleForBrowser('src/io/node/atomic-write.ts');
    expect(bundle.nodeImports.map((i) => i.specifier)).toContain('node:fs/promises');
  });
});
