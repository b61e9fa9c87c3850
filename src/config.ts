/**
 * fluxion's configuration: one record, read from environment variables (Node) and from the
 * options of `init()`, parsed here and nowhere else. Parsing returns an fp-ts Either so a wrong
 * value is a named ArgumentError that says which variable or option, what it held, and what it
 * may hold, instead of being ignored or half-applied.
 *
 * | option             | env var                     | values                              | default            |
 * |--------------------|-----------------------------|-------------------------------------|--------------------|
 * | backend            | FLUXION_BACKEND             | 'auto' \| 'webgpu' \| 'cpu'         | 'auto'             |
 * | requireWebGpu      | FLUXION_REQUIRE_WEBGPU      | boolean (1/0, true/false)           | false              |
 * | powerPreference    | FLUXION_POWER_PREFERENCE    | 'high-performance' \| 'low-power'   | 'high-performance' |
 * | debug              | FLUXION_DEBUG               | integer 0..5 (the logging ladder)   | 0                  |
 * | reniceMainThread   | FLUXION_NICE                | boolean                             | true               |
 * | matmulKernel       | FLUXION_MATMUL_KERNEL       | 'subgroup' \| 'tiled' \| 'register' | per adapter        |
 * | rowKernel          | FLUXION_ROW_KERNEL          | 'thread' \| 'workgroup'             | per adapter        |
 * | elementwiseUnroll  | FLUXION_ELEMENTWISE_UNROLL  | integer 1..64                       | per size           |
 * | float16Storage     | FLUXION_FLOAT16_STORAGE     | 'auto' \| 'packed' \| 'f32'          | 'auto'             |
 *
 * This module touches no Node API: in a browser there is no `process`, and the environment is
 * simply empty.
 * @example
 * import { parseEnv } from 'fluxion';
 * const parsed = parseEnv({ FLUXION_BACKEND: 'cpu' }); // Right({ backend: 'cpu', ... })
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ArgumentError } from './core/errors.js';

/** Where arrays live: 'auto' tries WebGPU and falls back to the CPU with a notice. */
export type BackendChoice = 'auto' | 'webgpu' | 'cpu';
export type PowerPreference = 'high-performance' | 'low-power';
export type MatmulKernel = 'subgroup' | 'tiled' | 'register';
export type RowKernel = 'thread' | 'workgroup';
export type Float16Storage = 'auto' | 'packed' | 'f32';

/** Every setting fluxion reads, after parsing. */
export interface Config {
  /** 'auto' (WebGPU, else the CPU with one notice), 'webgpu' (WebGPU or an error), 'cpu'. */
  readonly backend: BackendChoice;
  /** With backend 'auto': a missing WebGPU adapter is an error instead of a CPU fallback (CI). */
  readonly requireWebGpu: boolean;
  /** Passed to `requestAdapter`: which GPU a machine with two should give. */
  readonly powerPreference: PowerPreference;
  /** The logging ladder: 1 device, 2 per-kernel times, 3 programs, 4 WGSL, 5 passes. */
  readonly debug: number;
  /**
   * On a CPU WebGPU adapter (lavapipe) under Linux Node, lower the main thread to nice 19 once
   * the device exists, so Dawn's busy-polling main thread yields its core to the adapter's worker
   * threads (long kernels otherwise ran at 55-60% speed). Never done on a real GPU or in a
   * browser; unprivileged processes cannot undo it, so switch it off when that matters.
   */
  readonly reniceMainThread: boolean;
  readonly matmulKernel?: MatmulKernel;
  readonly rowKernel?: RowKernel;
  readonly elementwiseUnroll?: number;
  /**
   * How float16 arrays are held on the GPU: 'auto' as 2-byte `f16` that kernels compute on where
   * the adapter has shader-f16, else 'packed'; 'packed' as two halves per 32-bit word at rest,
   * widened to f32 for each program (the path of adapters without shader-f16, e.g. Chromium's
   * SwiftShader); 'f32' as one f32 word per element (twice the memory, no widening kernels).
   */
  readonly float16Storage?: Float16Storage;
}

/** The options of `init()`: any subset of Config; unset ones keep their environment value. */
export type InitOptions = Partial<Config>;

export const DEFAULT_CONFIG: Config = {
  backend: 'auto',
  requireWebGpu: false,
  powerPreference: 'high-performance',
  debug: 0,
  reniceMainThread: true,
};

type Env = Readonly<Record<string, string | undefined>>;

/** The process environment in Node; an empty one in a browser (no `process` global). */
export function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

/** True in Node (or a Node-compatible runtime): messages name env vars and scripts only there. */
export const inNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

/** Where a user sets a value, for messages: the env var in Node, else the init() option. */
const settingName = (option: keyof Config, envVar: string): string =>
  inNode() ? `${envVar} or init({ ${option} })` : `init({ ${option} })`;

/** How to choose the CPU backend from where this runs: used by error messages across fluxion. */
export const cpuBackendAdvice = (): string =>
  inNode() ? "use the CPU backend (FLUXION_BACKEND=cpu or `await init({ backend: 'cpu' })`)" :
    "use the CPU backend (`await init({ backend: 'cpu' })`)";

// ---------------------------------------------------------------------------------------------
// value parsers: (what was given, where it came from) -> Either<ArgumentError, value>

type Parser<T> = (raw: unknown, source: string) => E.Either<ArgumentError, T>;

const bad = (source: string, raw: unknown, wanted: string): ArgumentError =>
  new ArgumentError(`fluxion config: ${source} is ${JSON.stringify(raw) ?? String(raw)}, which is not ${wanted}; ` +
    `set it to ${wanted} (or leave it unset for the default).`);

const oneOf = <T extends string>(allowed: readonly T[]): Parser<T> => (raw, source) => {
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  return allowed.includes(v as T) ? E.right(v as T) : E.left(bad(source, raw, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`));
};

const flag: Parser<boolean> = (raw, source) => {
  if (typeof raw === 'boolean') return E.right(raw);
  const v = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (v === '1' || v === 'true' || v === 'yes') return E.right(true);
  if (v === '0' || v === 'false' || v === 'no') return E.right(false);
  return E.left(bad(source, raw, 'a boolean (1/0, true/false)'));
};

const integer = (min: number, max: number): Parser<number> => (raw, source) => {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= min && n <= max ? E.right(n) : E.left(bad(source, raw, `an integer from ${min} to ${max}`));
};

interface Field<K extends keyof Config> { key: K; envVar: string; parse: Parser<NonNullable<Config[K]>> }
const field = <K extends keyof Config>(key: K, envVar: string, parse: Parser<NonNullable<Config[K]>>): Field<K> =>
  ({ key, envVar, parse });

/** The settings, in one table: option name, env var, parser. */
const FIELDS = [
  field('backend', 'FLUXION_BACKEND', oneOf<BackendChoice>(['auto', 'webgpu', 'cpu'])),
  field('requireWebGpu', 'FLUXION_REQUIRE_WEBGPU', flag),
  field('powerPreference', 'FLUXION_POWER_PREFERENCE', oneOf<PowerPreference>(['high-performance', 'low-power'])),
  field('debug', 'FLUXION_DEBUG', integer(0, 5)),
  field('reniceMainThread', 'FLUXION_NICE', flag),
  field('matmulKernel', 'FLUXION_MATMUL_KERNEL', oneOf<MatmulKernel>(['subgroup', 'tiled', 'register'])),
  field('rowKernel', 'FLUXION_ROW_KERNEL', oneOf<RowKernel>(['thread', 'workgroup'])),
  field('elementwiseUnroll', 'FLUXION_ELEMENTWISE_UNROLL', integer(1, 64)),
  field('float16Storage', 'FLUXION_FLOAT16_STORAGE', oneOf<Float16Storage>(['auto', 'packed', 'f32'])),
] as const;

/** The env vars fluxion reads, for documentation and specs. */
export const ENV_VARS: readonly string[] = FIELDS.map((f) => f.envVar);

/** Applies one field's raw value (undefined or '' = keep `base`'s). */
const step = (raw: (f: Field<keyof Config>) => unknown, source: (f: Field<keyof Config>) => string) =>
  (acc: E.Either<ArgumentError, Config>, f: Field<keyof Config>): E.Either<ArgumentError, Config> =>
    pipe(acc, E.chain((cfg) => {
      const v = raw(f);
      if (v === undefined || v === '') return E.right(cfg);
      return pipe(f.parse(v, source(f)), E.map((parsed) => ({ ...cfg, [f.key]: parsed })));
    }));

/**
 * Parses fluxion's environment variables over `base` (the defaults). Unset or empty variables
 * keep the base value; the first invalid one is the Left.
 * @example parseEnv({ FLUXION_DEBUG: 'two' }); // Left(ArgumentError: FLUXION_DEBUG is "two", which is not an integer from 0 to 5 ...)
 */
export function parseEnv(env: Env = processEnv(), base: Config = DEFAULT_CONFIG): E.Either<ArgumentError, Config> {
  return (FIELDS as readonly Field<keyof Config>[]).reduce(step((f) => env[f.envVar], (f) => f.envVar), E.right(base));
}

/**
 * Parses `init()` options over `base` (usually the environment's config). Unknown option names
 * are errors too, so a typo cannot be silently ignored.
 * @example parseOptions({ backend: 'cpu', debug: 1 }); // Right({ backend: 'cpu', debug: 1, ... })
 */
export function parseOptions(options: unknown, base: Config = DEFAULT_CONFIG): E.Either<ArgumentError, Config> {
  if (options === undefined) return E.right(base);
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    return E.left(new ArgumentError(`init: options must be an object like { backend: 'cpu' }, got ${JSON.stringify(options)}.`));
  }
  const known = new Set<string>(FIELDS.map((f) => f.key));
  const unknown = Object.keys(options).filter((k) => !known.has(k));
  if (unknown.length > 0) {
    return E.left(new ArgumentError(`init: unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}; ` +
      `the options are ${[...known].join(', ')}.`));
  }
  const record = options as Record<string, unknown>;
  return (FIELDS as readonly Field<keyof Config>[]).reduce(step((f) => record[f.key], (f) => `init option ${f.key}`), E.right(base));
}

// ---------------------------------------------------------------------------------------------
// the active configuration

let active: E.Either<ArgumentError, Config> = parseEnv();

/** The configuration in force: the environment's at import, replaced by each `init()`. */
export const activeConfig = (): E.Either<ArgumentError, Config> => active;

/** Replaces the configuration in force (called by init after a successful parse). */
export function setActiveConfig(next: E.Either<ArgumentError, Config>): void { active = next; }

/** The active configuration, or the error that says why there is none. */
export function configOrThrow(): Config {
  return pipe(active, E.getOrElseW((e) => { throw e; }));
}

/**
 * The debug level in force: init's `debug` when given, else FLUXION_DEBUG read now (so a script
 * or spec can raise it between calls). Invalid values count as 0 here; init reports them.
 */
export function debugLevel(): number {
  if (explicitDebug !== undefined) return explicitDebug;
  return pipe(integer(0, 5)(processEnv().FLUXION_DEBUG, 'FLUXION_DEBUG'), E.getOrElse(() => 0));
}
let explicitDebug: number | undefined;

/** Fixes the debug level (init's `debug` option); undefined returns to reading FLUXION_DEBUG. */
export function setDebugLevel(level: number | undefined): void { explicitDebug = level; }

/** Where to say the setting is changed, e.g. "FLUXION_DEBUG or init({ debug })" in Node. */
export const whereToSet = (option: keyof Config): string => {
  const f = FIELDS.find((x) => x.key === option);
  return f ? settingName(option, f.envVar) : `init({ ${option} })`;
};
