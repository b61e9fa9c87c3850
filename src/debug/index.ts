/**
 * jax.debug for fluxion: `debug.print` and `debug.callback` work eagerly and inside jit, vmap,
 * grad and jvp, on the CPU interpreter and on WebGPU, through the effectful `debug_callback`
 * primitive (primitives/debug-callback.ts): the compiler never removes or merges it; under vmap
 * it is called once per batch element (JAX's rule); under grad/jvp it sees primal values only,
 * once. On WebGPU the values are read back after the program's single submit, so the text appears
 * a little later: `await debug.effectsBarrier()` waits for every print queued so far.
 */
import type { DType, TypedArray } from '../core/dtype.js';
import { isFloat } from '../core/dtype.js';
import { ArgumentError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import { bind } from '../core/trace.js';
import * as validate from '../core/validate.js';
import { effectsBarrier as barrier } from '../core/effects.js';

/** A traced argument as the host callback receives it: its elements, row-major, and its type. */
export interface HostValue { readonly data: TypedArray; readonly shape: readonly number[]; readonly dtype: DType }

/**
 * Waits until every debug print / callback queued so far has run (JAX's jax.effects_barrier);
 * rethrows an error a callback raised on WebGPU. On the CPU interpreter they run at once.
 * @example debug.print('loss {}', loss); await debug.effectsBarrier();
 */
export const effectsBarrier = (): Promise<void> => barrier();

/**
 * Calls `fn` on the host with the values of `args` each time the program runs (jax.debug.callback):
 * tensors arrive as HostValues ({ data, shape, dtype }), anything else as given. Works under jit
 * (kept by DCE, never merged by CSE), vmap (once per batch element), grad/jvp (primals once).
 * @example debug.callback((x) => seen.push(x.data[0]), loss);
 */
export function callback(fn: (...args: never[]) => void, ...args: unknown[]): void {
  validate.fn('debug.callback', fn);
  effect('debug.callback', (values) => (fn as (...a: unknown[]) => void)(...values), args);
}

/**
 * Prints a message with the values of arrays, also inside jit/vmap/grad (jax.debug.print).
 * Placeholders are Python's: `{}` (next argument), `{0}` (by position), `{name}` (a key of a
 * plain object passed last), with an optional format `{:.3f}`, `{x:.2e}`, `{:d}`, `{:>8}` applied
 * to every element; `{{` and `}}` are braces. Arrays print NumPy-style (`[1.0 2.5]`, rows on
 * lines; floats with their shortest round-trip digits, as NumPy does), booleans as True/False.
 * Under vmap one line is printed per batch element, as JAX does.
 * @example debug.print('step {} loss {loss:.4f}', step, { loss });
 */
export function print(fmt: string, ...args: unknown[]): void {
  if (typeof fmt !== 'string') throw new ArgumentError(`debug.print: the format must be a string such as 'x = {}', got ${validate.describe(fmt)}.`);
  const last = args[args.length - 1];
  const named = args.length > 0 && isPlainObject(last) ? (args.pop() as Record<string, unknown>) : {};
  const names = Object.keys(named);
  const pieces = parseFormat(fmt, args.length, names);
  effect('debug.print', (values) => {
    const byName = new Map(names.map((n, i) => [n, values[args.length + i]]));
    console.log(pieces.map((p) => (typeof p === 'string' ? p
      : formatValue(p.index !== undefined ? values[p.index] : byName.get(p.name!), p.spec))).join(''));
  }, [...args, ...names.map((n) => named[n])]);
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x) && !isTensor(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

/**
 * Binds one debug_callback on the tensors among `args`; the others are static (captured here).
 * The host function receives all arguments in order, tensors as HostValues.
 */
function effect(op: string, run: (values: unknown[]) => void, args: unknown[]): void {
  const tensors: Tensor[] = [];
  const slots = args.map((a) => {
    if (isTensor(a)) { tensors.push(a); return tensors.length - 1; }
    if (typeof a === 'function') throw new ArgumentError(`${op}: arguments must be arrays or plain values to show, got a function.`);
    return -1;
  });
  const hostFn = (hostArgs: { data: TypedArray; aval: { shape: readonly number[]; dtype: DType } }[]) => {
    run(args.map((a, i) => {
      const s = slots[i]!;
      if (s < 0) return a;
      const h = hostArgs[s]!;
      return { data: h.data, shape: [...h.aval.shape], dtype: h.aval.dtype } satisfies HostValue;
    }));
  };
  bind('debug_callback', tensors, { callback: hostFn, name: op });
}

// ---------------------------------------------------------------------------------------------
// Format strings

interface Field { index?: number; name?: string; spec: string }

/** Splits a Python-style format string; a field naming a missing argument is an error now, not at run time. */
function parseFormat(fmt: string, positional: number, names: readonly string[]): (string | Field)[] {
  const out: (string | Field)[] = [];
  let text = '', auto = 0, i = 0;
  const bad = (why: string): never => {
    throw new ArgumentError(`debug.print: ${why} in the format ${JSON.stringify(fmt)}; placeholders are {} / {0} / {name}, ` +
      `optionally with a format such as {:.3f}, and braces are written {{ and }}.`);
  };
  while (i < fmt.length) {
    const c = fmt[i]!;
    if (c === '{' && fmt[i + 1] === '{') { text += '{'; i += 2; continue; }
    if (c === '}' && fmt[i + 1] === '}') { text += '}'; i += 2; continue; }
    if (c === '}') bad(`a single '}' at position ${i}`);
    if (c !== '{') { text += c; i++; continue; }
    const end = fmt.indexOf('}', i);
    if (end < 0) bad(`an unclosed '{' at position ${i}`);
    const body = fmt.slice(i + 1, end);
    const colon = body.indexOf(':');
    const key = colon < 0 ? body : body.slice(0, colon), spec = colon < 0 ? '' : body.slice(colon + 1);
    checkSpec(spec, bad);
    let field: Field;
    if (key === '') field = { index: auto++, spec };
    else if (/^\d+$/.test(key)) field = { index: Number(key), spec };
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) field = { name: key, spec };
    else return bad(`the placeholder {${body}}`);
    if (field.index !== undefined && field.index >= positional) {
      bad(`placeholder {${body}} asks for positional argument ${field.index} but ${positional} ${positional === 1 ? 'was' : 'were'} given`);
    }
    if (field.name !== undefined && !names.includes(field.name)) {
      bad(`placeholder {${field.name}} has no value (pass it in an object as the last argument: debug.print(fmt, { ${field.name} }))`);
    }
    if (text) { out.push(text); text = ''; }
    out.push(field);
    i = end + 1;
  }
  if (text) out.push(text);
  return out;
}

const SPEC = /^([<>^]?)(\d*)(?:\.(\d+))?([fegd%]?)$/;

function checkSpec(spec: string, bad: (why: string) => never): void {
  if (spec !== '' && !SPEC.test(spec)) bad(`the format spec ':${spec}' (supported: [<>^][width][.precision][f|e|g|d|%])`);
}

/** Shortest decimal that reads back as the same float32 (NumPy's repr of a float32). */
function shortestFloat32(v: number): string {
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(v);
}

function formatNumber(v: number, dtype: DType, spec: string): string {
  const m = SPEC.exec(spec)!;
  const [, align, width, prec, kind] = m;
  let s: string;
  if (dtype === 'bool') s = v ? 'True' : 'False';
  else if (Number.isNaN(v)) s = 'nan';
  else if (!Number.isFinite(v)) s = v > 0 ? 'inf' : '-inf';
  else if (kind === 'f') s = v.toFixed(prec === undefined ? 6 : Number(prec));
  else if (kind === '%') s = `${(v * 100).toFixed(prec === undefined ? 6 : Number(prec))}%`;
  else if (kind === 'e') s = pythonExp(v.toExponential(prec === undefined ? 6 : Number(prec)));
  else if (kind === 'g') s = String(Number(v.toPrecision(prec === undefined ? 6 : Math.max(1, Number(prec)))));
  else if (kind === 'd') s = String(Math.trunc(v));
  else if (prec !== undefined) s = String(Number(v.toPrecision(Math.max(1, Number(prec)))));
  else if (isFloat(dtype)) {
    s = pythonExp(dtype === 'float32' ? shortestFloat32(v) : String(v));
    if (/^-?\d+$/.test(s)) s += '.0';
  } else s = String(v);
  const w = Number(width || 0);
  if (s.length >= w) return s;
  const pad = ' '.repeat(w - s.length);
  return align === '<' ? s + pad : align === '^' ? pad.slice(0, (w - s.length) >> 1) + s + pad.slice((w - s.length) >> 1) : pad + s;
}

/** JS writes 1.5e+0; Python 1.5e+00. */
const pythonExp = (s: string): string => s.replace(/e([+-])(\d)$/, 'e$10$2');

function formatValue(v: unknown, spec: string): string {
  if (v === null || typeof v !== 'object' || !('data' in v)) {
    return typeof v === 'number' ? formatNumber(v, Number.isInteger(v) ? 'int32' : 'float64', spec) : String(v);
  }
  const { data, shape, dtype } = v as HostValue;
  const el = (i: number) => formatNumber(Number(data[i]), dtype, spec);
  if (shape.length === 0) return el(0);
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
  const rec = (d: number, off: number): string => {
    const parts = Array.from({ length: shape[d]! }, (_, i) => (d === shape.length - 1 ? el(off + i) : rec(d + 1, off + i * strides[d]!)));
    const sep = d === shape.length - 1 ? ' ' : '\n' + ' '.repeat(d + 1);
    return `[${parts.join(sep)}]`;
  };
  return rec(0, 0);
}
