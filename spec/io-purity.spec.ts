/**
 * The io and facm layers of the browser entry hold no Node code (issue 10, the io split): a
 * browser bundle of src/index.ts (esbuild, platform browser) reaches no file of src/io/node or
 * src/facm/node, and no file it reaches under src/io or src/facm imports a `node:` module or the
 * `webgpu` package. (The WebGPU device code is the backend's to make browser-safe; the bundle's
 * whole-entry purity is checked by the browser specs.)
 */
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import * as browser from '../src/index.js';
import * as node from '../src/node.js';

describe('browser purity of io and facm', () => {
  it('a browser bundle of the fluxion entry takes no node-only io or facm file and no node: import from them', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, metafile: true,
      // Left unresolved so the bundle builds while the backend still names them; they are checked below.
      external: ['node:*', 'webgpu'], logLevel: 'silent',
    });
    const inputs = Object.entries(result.metafile.inputs);
    const reached = inputs.map(([file]) => file);
    expect(reached).toContain('src/io/safetensors.ts');
    expect(reached).toContain('src/facm/loop.ts');
    expect(reached.filter((f) => f.startsWith('src/io/node/') || f.startsWith('src/facm/node/'))).toEqual([]);
    const nodeImports = inputs
      .filter(([file]) => file.startsWith('src/io/') || file.startsWith('src/facm/'))
      .flatMap(([file, input]) => input.imports.filter((i) => i.path.startsWith('node:') || i.path === 'webgpu').map((i) => `${file} → ${i.path}`));
    expect(nodeImports).toEqual([]);
    // fflate resolves to its browser build (its Node build would bring node:zlib's worker threads).
    expect(reached.some((f) => /node_modules\/fflate\/esm\/browser\.js$/.test(f))).toBe(true);
  });
});

describe('names', () => {
  /** Every function the io namespace had before the split, all of which fluxion/node keeps. */
  const BEFORE = ['saveSafetensors', 'loadSafetensors', 'loadSafetensorsFlat', 'readSafetensorsHeader', 'decodeSafetensors',
    'halfToFloat32', 'bfloat16ToFloat32', 'writeAtomic', 'writeFileAtomic', 'encodePng', 'encodePngImage', 'writePngAtomic', 'crc32',
    'createImage', 'getPixel', 'setPixel', 'fillRect', 'drawLine', 'fillDisc', 'blit', 'parseColor', 'gridImages'];
  const FILES = ['saveSafetensors', 'loadSafetensors', 'loadSafetensorsFlat', 'readSafetensorsHeader', 'writeAtomic', 'writeFileAtomic',
    'writePngAtomic', 'ensureWritableDir', 'removeStaleTemporaries'];

  it('fluxion/node keeps every io function and adds the file ones; fluxion holds the in-memory ones only', () => {
    const nodeIo = node.io as Record<string, unknown>, browserIo = browser.io as Record<string, unknown>;
    expect(BEFORE.filter((name) => typeof nodeIo[name] !== 'function')).toEqual([]);
    expect(FILES.filter((name) => typeof nodeIo[name] !== 'function')).toEqual([]);
    expect(FILES.filter((name) => name in browserIo)).toEqual([]);
    for (const name of ['encodeSafetensors', 'decodeSafetensors', 'decodeSafetensorsTree', 'parseSafetensorsHeader', 'encodePng', 'crc32']) {
      expect(typeof browserIo[name]).toBe('function');
      expect(nodeIo[name]).toBe(browserIo[name]);
    }
    // facm: the Node trainLoop takes a checkpoint path; the browser one a store; both have the rest.
    expect(node.facm.trainLoop).not.toBe(browser.facm.trainLoop);
    expect(typeof node.facm.fileCheckpointStore).toBe('function');
    expect(node.facm.memoryCheckpointStore).toBe(browser.facm.memoryCheckpointStore);
    expect(node.facm.makeTrainStep).toBe(browser.facm.makeTrainStep);
  });
});
