// Command-line options of every bench script, as option tables (src/cli): each script's options
// are checked before any child process starts, and `--help` lists them. Bad values (a word for a
// number, an unknown workload) stop the run with every problem named, instead of becoming NaN.
import * as cli from '../src/cli/index.js';

export type Workload = 'matmul' | 'chain' | 'mlp';
export const ALL_WORKLOADS: Workload[] = ['matmul', 'chain', 'mlp'];

/** Where the hand-tuned ceiling tool is found: `--ceiling <path>` or FLUXION_CEILING; without either the ceiling is not run. */
const ceiling = cli.string({ default: () => process.env.FLUXION_CEILING ?? '-', defaultHelp: '$FLUXION_CEILING; "-" runs no ceiling', help: 'path of the ceiling tool (ceiling.mjs)' });

/** Options shared by the workload children (bench/fluxion.ts, bench/peers/jaxjs.ts). */
export const childOptions = {
  only: cli.list({ choices: ALL_WORKLOADS, default: ALL_WORKLOADS, help: 'workloads to run' }),
  quick: cli.flag({ help: 'a smoke run: 3 timed runs, 1 warm-up' }),
  nice: cli.flag({ help: 'lower this process\'s main thread to nice 19' }),
  device: cli.choice({ choices: ['webgpu', 'wasm'] as const, default: 'webgpu', help: 'jax-js device (fluxion always runs on WebGPU)' }),
  reps: cli.int({ min: 1, default: (o) => (o.quick ? 3 : 7), defaultHelp: '7; 3 with --quick', help: 'timed runs per workload' }),
  warmup: cli.int({ min: 0, default: (o) => (o.quick ? 1 : 2), defaultHelp: '2; 1 with --quick', help: 'untimed warm-up runs' }),
};

/** `npm run bench` (bench/run.ts). */
export const benchOptions = {
  only: childOptions.only,
  quick: childOptions.quick,
  nice: cli.flag({ help: 'every child (and the ceiling) lowers its main thread to nice 19' }),
  skip: cli.list({ choices: ['ceiling', 'fluxion', 'jaxjs-webgpu', 'jaxjs-wasm'] as const, default: [], help: 'children to leave out' }),
  out: cli.string({ default: 'bench/RESULTS.md', help: 'where the report is written' }),
  timeout: cli.int({ min: 1, default: 1800, help: 'seconds before a child is killed' }),
  waitIdle: cli.int({ min: 0, default: 0, help: 'before each child wait up to this many seconds until the CPUs are < 20% busy' }),
  retries: cli.int({ min: 0, default: 0, help: 're-run a child up to this many more times when other processes took > 10% of the CPUs' }),
  ceilingNoNice: cli.flag({ help: 'run the ceiling without --nice (by default it tames the busy-poll as fluxion does)' }),
  ceiling,
  reps: childOptions.reps,
  warmup: childOptions.warmup,
};

/** bench/facm-step.ts and its children (the fluxion role, bench/peers/jaxjs-facm.ts). */
export const facmStepOptions = {
  quick: cli.flag({ help: 'a smoke run: 3 timed steps, 60 s box' }),
  steps: cli.int({ min: 1, default: (o) => (o.quick ? 3 : 20), defaultHelp: '20; 3 with --quick', help: 'timed steps after the first call' }),
  maxSeconds: cli.number({ min: 0, default: (o) => (o.quick ? 60 : 240), defaultHelp: '240; 60 with --quick', help: 'stop timing after this many seconds (one timed step is always taken)' }),
  noCheck: cli.flag({ help: 'skip the cross-library correctness check' }),
  checkOnly: cli.flag({ help: 'run only the check, no timing' }),
  nice: cli.flag({ help: 'lower the main thread to nice 19 once the device exists' }),
  device: cli.choice({ choices: ['webgpu', 'wasm'] as const, default: 'webgpu', help: 'jax-js device' }),
  role: cli.choice({ choices: ['orchestrator', 'fluxion'] as const, default: 'orchestrator', help: 'internal: which process this is' }),
  skip: cli.list({ choices: ['ceiling', 'fluxion', 'jaxjs-webgpu', 'jaxjs-wasm'] as const, default: [], help: 'children to leave out' }),
  noNiceJaxjs: cli.flag({ help: 'leave jax-js\'s main thread at nice 0' }),
  timeout: cli.int({ min: 1, default: 3600, help: 'seconds before a child is killed' }),
  out: cli.string({ default: '-', defaultHelp: '"-": no report file', help: 'write the markdown report here (format of bench/FACM-STEP.md)' }),
  label: cli.string({ default: '-', help: 'text shown at the top of the report' }),
  ceiling,
};
