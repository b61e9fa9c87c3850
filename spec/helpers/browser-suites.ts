/**
 * The WebGPU conformance and composition suites as plain async functions, with no test runner,
 * so they run inside a browser page (spec/browser/suites-page.ts bundles this file) on the
 * browser's own WebGPU adapter. Each check computes its case on the CPU interpreter (the oracle)
 * and on WebGPU from the same host data and reports the error; spec/browser-suites.spec.ts asserts
 * on the reports. The case definitions are the Node specs' own (spec/helpers/primitive-cases.ts,
 * spec/helpers/composition-cases.ts), not copies.
 */
import { jit, np, treeLeaves, useBackend, Tensor } from '../../src/index.js';
import { ConcreteArray } from '../../src/core/tensor.js';
import type { DType } from '../../src/core/dtype.js';
import { gpuStorageOf } from '../../src/backend/webgpu/storage.js';
import { bfloat16ToFloat32, halfToFloat32 } from '../../src/io/half.js';
import { hooks } from '../../src/core/hooks.js';
import { ShapedArray } from '../../src/core/shape.js';
import { CASES } from './primitive-cases.js';
import { type HostArray, oracleOf, upload } from './host-arrays.js';
import { Rng, SEEDS, asList } from './check.js';
import { FLOATS, FLOAT_PROGRAMS, INTS, INT_PROGRAMS, randomValues, ulpError } from './dtype-cases.js';
import { relativeError } from './compare.js';
import {
  COMPOSITION_ROUTES, makeCompositionInputs, SPECIAL_BINARY, SPECIAL_UNARY, specialInputs, specialMismatches,
} from './composition-cases.js';

/** The outcome of one check: `ok` when the error is within `tolerance`. */
export interface CheckReport {
  readonly suite: 'conformance' | 'composition' | 'special values' | 'sin/cos sweep' | 'dtypes';
  readonly name: string;
  /** Which primitive the case covers (conformance and special values). */
  readonly prim?: string;
  readonly ok: boolean;
  readonly error: number;
  readonly tolerance: number;
  readonly detail: string;
}

const hostF32 = (vals: readonly number[]): Tensor => hooks.fromHost(Float32Array.from(vals), new ShapedArray([vals.length], 'float32'));

/** The worst error of `got` against `want` (Infinity on a shape or dtype mismatch). */
async function errorOf(got: Tensor[], want: HostArray[]): Promise<number> {
  if (got.length !== want.length) return Infinity;
  let worst = 0;
  for (let k = 0; k < want.length; k++) {
    if (got[k].dtype !== want[k].aval.dtype || got[k].shape.join() !== want[k].aval.shape.join()) return Infinity;
    const e = relativeError(await got[k].data(), want[k].data);
    // Integer and boolean results must be exact: any difference fails whatever the float tolerance.
    worst = Math.max(worst, want[k].aval.dtype === 'float32' ? e : e > 0 ? Infinity : 0);
  }
  return worst;
}

/**
 * Every float32-capable primitive case, each seed, eager and under jit — the lhs-dilated
 * convolutions included, whose kernel once crashed SwiftShader (see src/compiler/conv.ts).
 */
async function conformance(report: (r: CheckReport) => void): Promise<void> {
  for (const c of CASES.filter((k) => k.float32 !== false)) {
    for (const seed of SEEDS) {
      await useBackend('cpu');
      const { fn, desc, hostArgs, want, tolerance } = oracleOf(c, seed);
      await useBackend('webgpu');
      for (const [mode, f] of [['eager', fn], ['jit', jit(fn)]] as const) {
        // A case that throws is reported as that case's failure, so one bad kernel hides no other case.
        let error = Infinity, detail = '';
        try {
          error = await errorOf(asList(f(...hostArgs.map(upload))), want);
        } catch (e) {
          detail = e instanceof Error ? e.message.split('\n')[0]! : String(e);
        }
        report({ suite: 'conformance', name: `${c.name} ${desc} seed ${seed} (${mode})`, prim: c.prim,
          ok: error <= tolerance, error, tolerance, detail });
      }
    }
  }
}

async function leavesOf(tree: unknown): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (const l of treeLeaves(tree) as Tensor[]) out.push(Float32Array.from(await l.data() as ArrayLike<number>));
  return out;
}

/** The transformation-composition matrix of an MLP loss, two seeds each. */
async function composition(report: (r: CheckReport) => void): Promise<void> {
  for (const [name, route] of Object.entries(COMPOSITION_ROUTES)) {
    for (const seed of [1, 2]) {
      await useBackend('cpu');
      const want = await leavesOf(route(makeCompositionInputs(seed)));
      await useBackend('webgpu');
      const got = await leavesOf(route(makeCompositionInputs(seed)));
      const error = got.length !== want.length ? Infinity : Math.max(0, ...got.map((g, i) => relativeError(g, want[i])));
      report({ suite: 'composition', name: `${name} seed ${seed}`, ok: error <= 1e-4, error, tolerance: 1e-4, detail: '' });
    }
  }
}

/** The primitive a special-value case exercises ('cast to int32' → cast, 'compare lt' → compare). */
const primitiveOf = (name: string): string =>
  name.startsWith('cast') ? 'cast' : name.startsWith('compare') || name.startsWith('isnan') ? 'compare' : name;

/** NaN, ±Inf, ±0 and edge values through every elementwise primitive: exactly the oracle's semantics. */
async function specialValues(report: (r: CheckReport) => void): Promise<void> {
  const cases = [...SPECIAL_UNARY.map(([n, f]) => [n, f, 1] as const), ...SPECIAL_BINARY.map(([n, f]) => [n, f, 2] as const)];
  for (const [name, f, arity] of cases) {
    const inputs = specialInputs(name, arity);
    const fn = f as (...xs: Tensor[]) => Tensor;
    await useBackend('cpu');
    const want = (fn(...inputs.map(hostF32)) as ConcreteArray).dataSync();
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', fn], ['jit', jit(fn)]] as const) {
      const bad = specialMismatches(await g(...inputs.map(hostF32)).data(), want);
      report({ suite: 'special values', name: `${name} (${mode})`, prim: primitiveOf(name), ok: bad.length === 0, error: bad.length, tolerance: 0,
        detail: bad.slice(0, 6).join('; ') });
    }
  }
}

/**
 * sin and cos on a dense grid against Math.sin / Math.cos (float64, rounded to float32): within
 * 1e-5 absolute on |x| ≤ 64, the float32 tolerance of the suites. WGSL only promises 2^-11
 * absolute inside [-π, π]; an adapter whose builtin is that loose (SwiftShader, about 2e-4) fails
 * here unless fluxion uses its own range-reduced sin/cos there.
 */
async function sinCosSweep(report: (r: CheckReport) => void): Promise<void> {
  const xs = Array.from({ length: 8192 }, (_, i) => Math.fround(-64 + (128 * i) / 8191));
  await useBackend('webgpu');
  for (const [name, f, ref] of [['sin', np.sin, Math.sin], ['cos', np.cos, Math.cos]] as const) {
    for (const [mode, g] of [['eager', f], ['jit', jit(f)]] as const) {
      const got = await g(hostF32(xs)).data();
      let error = 0, at = 0;
      xs.forEach((x, i) => { const e = Math.abs(Number(got[i]) - Math.fround(ref(x))); if (!(e <= error)) { error = Number.isNaN(e) ? Infinity : e; at = x; } });
      report({ suite: 'sin/cos sweep', name: `${name} on [-64, 64] (${mode})`, ok: error <= 1e-5, error, tolerance: 1e-5,
        detail: `worst at x = ${at}` });
    }
  }
}

/**
 * The narrow dtypes (spec/helpers/dtype-cases.ts) on the browser's adapter — on SwiftShader, which
 * has no shader-f16, float16 is packed two to a word like bfloat16 and int16: every program, eager
 * and under jit, against the CPU interpreter; bit for bit where the Node spec demands it, else
 * within one ulp of the type. Then every value of each packed type through upload, readback and a
 * movement program, and its bytes at rest (src/backend/webgpu/packed.ts).
 */
async function dtypes(report: (r: CheckReport) => void): Promise<void> {
  await dtypePrograms(report);
  await packedValues(report);
}

async function dtypePrograms(report: (r: CheckReport) => void): Promise<void> {
  const cases = [
    ...FLOATS.flatMap((d) => FLOAT_PROGRAMS.map(([name, f, exact]) => ({ d, name, f, ulps: exact ? 0 : 1 }))),
    ...INTS.flatMap((d) => INT_PROGRAMS.map(([name, f]) => ({ d, name, f, ulps: 0 }))),
  ];
  for (const c of cases) {
    const rng = new Rng(c.name.length * 31 + c.d.length);
    const shape = [3, 17];
    const [xv, yv] = [randomValues(rng, c.d, 51), randomValues(rng, c.d, 51)];
    await useBackend('cpu');
    const want = c.f(np.array(xv, { dtype: c.d, shape }), np.array(yv, { dtype: c.d, shape }));
    const wantData = await want.data();
    await useBackend('webgpu');
    for (const [mode, g] of [['eager', c.f], ['jit', jit(c.f)]] as const) {
      const got = g(np.array(xv, { dtype: c.d, shape }), np.array(yv, { dtype: c.d, shape }));
      const error = got.dtype !== want.dtype ? Infinity : ulpError(await got.data(), wantData, want.dtype);
      report({ suite: 'dtypes', name: `${c.d} ${c.name} (${mode})`, ok: error <= c.ulps, error, tolerance: c.ulps, detail: `${got.dtype} vs ${want.dtype}` });
    }
  }
}

/** Every value of each packed dtype round-trips, exactly (NaN as NaN), and takes its own width at rest. */
async function packedValues(report: (r: CheckReport) => void): Promise<void> {
  await useBackend('webgpu');
  const bits16 = Uint16Array.from({ length: 65536 }, (_, i) => i);
  const every: [DType, ArrayLike<number>, number][] = [
    ['int8', Int8Array.from({ length: 256 }, (_, i) => i - 128), 1],
    ['uint8', Uint8Array.from({ length: 256 }, (_, i) => i), 1],
    ['int16', new Int16Array(bits16.buffer), 2],
    ['uint16', bits16, 2],
    ['bfloat16', bfloat16ToFloat32(bits16), 2],
    ['float16', halfToFloat32(bits16), 2],
  ];
  const flip = jit((t: Tensor) => np.flip(t));
  for (const [d, values, width] of every) {
    const x = np.array(Array.from(values), d);
    const mismatches = (got: ArrayLike<number>, want: ArrayLike<number>): number =>
      Array.from(want).filter((w, i) => !(Object.is(Number(got[i]), w) || (Number.isNaN(Number(got[i])) && Number.isNaN(w)))).length;
    const back = mismatches(await x.data(), values);
    report({ suite: 'dtypes', name: `${d}: every value through upload and readback`, ok: back === 0, error: back, tolerance: 0, detail: `${back} of ${values.length} differ` });
    const flipped = mismatches(await flip(x).data(), Array.from(values).reverse());
    report({ suite: 'dtypes', name: `${d}: every value through a jit flip`, ok: flipped === 0, error: flipped, tolerance: 0, detail: `${flipped} of ${values.length} differ` });
    const bytes = gpuStorageOf(x as ConcreteArray, 'dtypes suite')?.bytes ?? -1;
    const want = Math.ceil((values.length * width) / 4) * 4;
    report({ suite: 'dtypes', name: `${d}: ${width} byte(s) per element at rest`, ok: bytes === want, error: Math.abs(bytes - want), tolerance: 0, detail: `${bytes} B for ${values.length} elements` });
  }
}

export const SUITES = { conformance, composition, 'special values': specialValues, 'sin/cos sweep': sinCosSweep, dtypes } as const;
export type SuiteName = keyof typeof SUITES;

/**
 * Runs the named suites in order, collecting one report per check; a check that throws is
 * reported as failed with its message.
 * @example const reports = await runSuites(['special values']); console.log(reports.filter((r) => !r.ok));
 */
export async function runSuites(names: readonly SuiteName[]): Promise<CheckReport[]> {
  const reports: CheckReport[] = [];
  for (const name of names) {
    try {
      await SUITES[name]((r) => reports.push(r));
    } catch (e) {
      reports.push({ suite: name, name: `${name} threw`, ok: false, error: Infinity, tolerance: 0,
        detail: e instanceof Error ? `${e.message}\n${e.stack}` : String(e) });
    }
  }
  return reports;
}
