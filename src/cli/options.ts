/**
 * Command-line options for fluxion's scripts (the FACM demo, the benches) and for users' own
 * training scripts: one declarative table of options, parsed by Node's `util.parseArgs`, checked
 * into typed values, with every mistake collected at once and reported before any work starts.
 *
 * Why a table and an `Either`: a training script that reads `--hidden abc` as NaN finds out an hour
 * later (or never). Here each option says its kind and range; `parseOptions` returns
 * `Left(ArgumentError)` listing every bad option with what was given and what is accepted, or
 * `Right(values)` typed from the table, so a script can neither forget to check nor misspell a
 * field. Defaults may depend on other options (`--quick` shortens every budget), resolved in the
 * table's order.
 * @example
 * import { cli } from 'fluxion/node';
 * const spec = { steps: cli.int({ default: 100, min: 1, help: 'training steps' }) };
 * const o = cli.parseOptionsOrExit('train', spec, ['--steps', '20']); // { steps: 20 }
 */
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { ArgumentError } from '../core/errors.js';

/** A default: a value, or a function of the options resolved before this one (table order). */
type Default<T> = T | ((resolved: Record<string, unknown>) => T);

interface Base<K extends string, T> {
  kind: K; help: string; default: Default<T>;
  /** How `--help` shows a computed default (e.g. '5000; 60 with --quick'). */
  defaultHelp?: string;
}
export interface IntOption extends Base<'int', number> { min?: number; max?: number }
export interface NumberOption extends Base<'number', number> { min?: number; max?: number }
export interface StringOption extends Base<'string', string> {}
export interface ChoiceOption<C extends string> extends Base<'choice', C> { choices: readonly C[] }
export interface ListOption<C extends string> extends Base<'list', C[]> { choices?: readonly C[] }
export interface FlagOption { kind: 'flag'; help: string }

/** One entry of an options table. */
export type OptionSpec = IntOption | NumberOption | StringOption | ChoiceOption<string> | ListOption<string> | FlagOption;
/** An options table: camelCase field name → spec; on the command line the name is kebab-case (`teacherSteps` → `--teacher-steps`). */
export type OptionTable = Record<string, OptionSpec>;

/** The typed values of an options table. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]: T[K] extends FlagOption ? boolean
    : T[K] extends ChoiceOption<infer C> ? C
    : T[K] extends ListOption<infer C> ? C[]
    : T[K] extends StringOption ? string
    : number;
};

/** An integer option (`--steps 20`), optionally bounded. */
export const int = (o: Omit<IntOption, 'kind'>): IntOption => ({ kind: 'int', ...o });
/** A finite number option (`--lr 3e-4`), optionally bounded. */
export const number = (o: Omit<NumberOption, 'kind'>): NumberOption => ({ kind: 'number', ...o });
/** A free-text option (`--out out/run1`). */
export const string = (o: Omit<StringOption, 'kind'>): StringOption => ({ kind: 'string', ...o });
/** One of a fixed set of words (`--schedule cosine`). */
export const choice = <C extends string>(o: Omit<ChoiceOption<C>, 'kind'>): ChoiceOption<C> => ({ kind: 'choice', ...o });
/** A comma-separated list (`--datasets 8gaussians,checkerboard`), optionally from a fixed set. */
export const list = <C extends string>(o: Omit<ListOption<C>, 'kind'>): ListOption<C> => ({ kind: 'list', ...o });
/** A switch without a value (`--quick`). */
export const flag = (o: Omit<FlagOption, 'kind'>): FlagOption => ({ kind: 'flag', ...o });

/** A decimal numeral: `12`, `-0.5`, `3e-4`, `.5`. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** What a spec accepts, in words, for error and help text. */
function accepts(s: OptionSpec): string {
  const range = (o: { min?: number; max?: number }) =>
    o.min !== undefined && o.max !== undefined ? ` in [${o.min}, ${o.max}]` : o.min !== undefined ? ` ≥ ${o.min}` : o.max !== undefined ? ` ≤ ${o.max}` : '';
  switch (s.kind) {
    case 'int': return `an integer${range(s)}`;
    case 'number': return `a number${range(s)}`;
    case 'string': return 'a non-empty string';
    case 'choice': return `one of ${s.choices.join(', ')}`;
    case 'list': return s.choices ? `a comma-separated list of ${s.choices.join(', ')}` : 'a comma-separated list';
    case 'flag': return 'no value';
  }
}

/** Converts one given string to its typed value, or says why it cannot. */
function convert(name: string, s: Exclude<OptionSpec, FlagOption>, raw: string): E.Either<string, unknown> {
  const bad = (why = '') => E.left(`--${kebab(name)} ${JSON.stringify(raw)}: expected ${accepts(s)}${why}`);
  switch (s.kind) {
    case 'int':
    case 'number': {
      // Number('') is 0, Number(' 1') is 1 and Number('0x10') is 16: accept decimal numerals only.
      const x = DECIMAL.test(raw) ? Number(raw) : NaN;
      if (!Number.isFinite(x) || (s.kind === 'int' && !Number.isInteger(x))) return bad();
      if ((s.min !== undefined && x < s.min) || (s.max !== undefined && x > s.max)) return bad();
      return E.right(x);
    }
    case 'string': return raw === '' ? bad() : E.right(raw);
    case 'choice': return s.choices.includes(raw) ? E.right(raw) : bad();
    case 'list': {
      const items = raw.split(',').map((x) => x.trim()).filter(Boolean);
      const unknown = s.choices ? items.filter((x) => !s.choices!.includes(x)) : [];
      if (items.length === 0) return bad();
      return unknown.length ? bad(` (unknown: ${unknown.join(', ')})`) : E.right(items);
    }
  }
}

/**
 * Parses `argv` against `table`: `Right(values)` or `Left(ArgumentError)` naming every bad or
 * unknown option at once. `--help` is reported as `Left` with the help text as its message.
 * @example
 * const r = parseOptions('demo', { hidden: int({ default: 128, min: 1, help: 'width' }) }, ['--hidden', 'abc']);
 * // Left(ArgumentError: demo: --hidden "abc": expected an integer ≥ 1 ...)
 */
export function parseOptions<T extends OptionTable>(program: string, table: T, argv: readonly string[]): E.Either<ArgumentError, OptionValues<T>> {
  const config = Object.fromEntries(Object.entries(table).map(([k, s]) =>
    [kebab(k), { type: s.kind === 'flag' ? 'boolean' as const : 'string' as const }]));
  const parsed = E.tryCatch(
    () => parseArgs({ args: [...argv], options: { ...config, help: { type: 'boolean', short: 'h' } }, strict: true, allowPositionals: false }),
    (e) => new ArgumentError(`${program}: ${(e as Error).message.replace(/\.+$/, '')}.\n${usage(program, table)}`),
  );
  return pipe(parsed, E.chain(({ values: given }) => {
    const values = given as Record<string, string | boolean | undefined>;
    if (values.help) return E.left(new ArgumentError(usage(program, table)));
    const problems: string[] = [];
    const resolved: Record<string, unknown> = {};
    // Given values first, so that defaults computed from other options see them.
    for (const [name, s] of Object.entries(table)) {
      const given = values[kebab(name)];
      if (s.kind === 'flag') { resolved[name] = given === true; continue; }
      if (given === undefined) continue;
      pipe(convert(name, s, given as string), E.match((p) => { problems.push(p); }, (v) => { resolved[name] = v; }));
    }
    for (const [name, s] of Object.entries(table)) {
      if (s.kind === 'flag' || name in resolved) continue;
      resolved[name] = typeof s.default === 'function' ? (s.default as (r: Record<string, unknown>) => unknown)(resolved) : s.default;
    }
    return problems.length
      ? E.left(new ArgumentError(`${program}: ${problems.length === 1 ? 'a bad option' : `${problems.length} bad options`}, nothing was run:\n  ${problems.join('\n  ')}\nRun with --help to see every option.`))
      : E.right(resolved as OptionValues<T>);
  }));
}

/** The help text of a table: one line per option with what it accepts and its default. */
export function usage(program: string, table: OptionTable): string {
  const lines = Object.entries(table).map(([name, s]) => {
    const d = s.kind === 'flag' ? '' : typeof s.default === 'function' ? ` (default ${s.defaultHelp ?? 'depends on other options'})` : ` (default ${Array.isArray(s.default) ? s.default.join(',') : s.default})`;
    return `  --${kebab(name)}${s.kind === 'flag' ? '' : ' <value>'}`.padEnd(28) + `${s.help}; ${accepts(s)}${d}`;
  });
  return `usage: ${program} [options]\n${lines.join('\n')}`;
}

/**
 * `parseOptions`, for a script's first line: on `--help` prints the help and exits 0; on bad
 * options prints every problem and exits 2 before any work starts.
 * @example
 * const o = parseOptionsOrExit('bench', { quick: flag({ help: 'smoke run' }) }, process.argv.slice(2));
 */
export function parseOptionsOrExit<T extends OptionTable>(program: string, table: T, argv: readonly string[] = process.argv.slice(2)): OptionValues<T> {
  return pipe(parseOptions(program, table, argv), E.getOrElse((e): OptionValues<T> => {
    const help = argv.includes('--help') || argv.includes('-h');
    (help ? console.log : console.error)(e.message);
    return process.exit(help ? 0 : 2);
  }));
}
