/**
 * Bundles a TypeScript entry for the browser with esbuild, and reports every import of Node code
 * it met on the way: `node:*` modules, bare Node built-ins (`fs`, `module`, ...) and the `webgpu`
 * package (Dawn's Node bindings). Those imports are replaced by an empty module so the bundle
 * still builds; whether that is acceptable is the caller's decision:
 *  - spec/browser-bundle.spec.ts fails when the list is not empty (the `fluxion` entry must hold
 *    no Node code);
 *  - scripts/serve-browser.ts and the browser specs only print the list, so the page can be
 *    developed while parts of the library still reach Node modules on paths a browser never runs
 *    (an empty module's functions are undefined: calling one throws a TypeError, never a wrong value).
 */
import { builtinModules } from 'node:module';
import { relative } from 'node:path';
import * as esbuild from 'esbuild';

/** One import of Node code found while bundling. */
export interface NodeImport {
  /** What was imported (`node:fs`, `webgpu`, `module`). */
  readonly specifier: string;
  /** The importing file, relative to the working directory. */
  readonly importer: string;
}

export interface BrowserBundle {
  /** The bundled JavaScript (an ES module). */
  readonly code: string;
  /** Its size in bytes (UTF-8). */
  readonly bytes: number;
  /** Node imports that were replaced by an empty module; empty for a browser-pure bundle. */
  readonly nodeImports: readonly NodeImport[];
  /** Every source file in the bundle, relative to the working directory. */
  readonly inputs: readonly string[];
}

export interface BundleOptions {
  readonly minify?: boolean;
  /** Inline source map (for the demo page's stack traces). */
  readonly sourcemap?: boolean;
}

const BUILTINS = new Set(builtinModules);
const isNodeCode = (spec: string): boolean =>
  spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]) || spec === 'webgpu' || spec.startsWith('webgpu/');

/**
 * Bundles `entry` for the browser (ES2022 module, top-level await allowed).
 * @example const { bytes, nodeImports } = await bundleForBrowser('src/index.ts', { minify: true });
 */
export async function bundleForBrowser(entry: string, options: BundleOptions = {}): Promise<BrowserBundle> {
  const found: NodeImport[] = [];
  const recordNodeImports: esbuild.Plugin = {
    name: 'record-node-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || !isNodeCode(args.path)) return undefined;
        found.push({ specifier: args.path, importer: relative(process.cwd(), args.importer) });
        return { path: args.path, namespace: 'node-stub' };
      });
      build.onLoad({ filter: /.*/, namespace: 'node-stub' }, () => ({
        // CommonJS so that named imports of any name bundle (they read as undefined).
        contents: 'module.exports = {};',
        loader: 'js',
      }));
    },
  };
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? false,
    sourcemap: options.sourcemap ? 'inline' : false,
    metafile: true,
    logLevel: 'silent',
    plugins: [recordNodeImports],
  });
  const code = result.outputFiles[0].text;
  return {
    code,
    bytes: result.outputFiles[0].contents.byteLength,
    nodeImports: found,
    inputs: Object.keys(result.metafile.inputs),
  };
}

/** One line per Node import, for messages. @example console.log(describeNodeImports(b.nodeImports)); */
export const describeNodeImports = (imports: readonly NodeImport[]): string =>
  imports.map((i) => `  ${i.specifier} (imported by ${i.importer})`).join('\n');
