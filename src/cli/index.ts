/** Command-line options for scripts (Node only: it reads `process.argv` through `node:util`). */
export { parseOptions, parseOptionsOrExit, usage, int, number, string, choice, list, flag } from './options.js';
export type { OptionSpec, OptionTable, OptionValues, IntOption, NumberOption, StringOption, ChoiceOption, ListOption, FlagOption } from './options.js';
