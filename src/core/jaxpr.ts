import { allocate } from './dtype.js';
import { KernelError } from './errors.js';
import { hooks } from './hooks.js';
import type { AnyParams, Params, Primitive } from './primitive.js';
import { ShapedArray } from './shape.js';
import { Tensor } from './tensor.js';
import { bind } from './trace.js';

let nextVarId = 0;

/** A variable of a Jaxpr: a typed name bound exactly once (A-normal form). */
export class Var {
  readonly id = nextVarId++;
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant written inline in a Jaxpr. */
export class Lit {
  constructor(readonly value: number, readonly aval: ShapedArray) {}
}

export type Atom = Var | Lit;

/** An equation of one primitive `P`: its params have that primitive's type. */
export interface EqnOf<P extends Primitive> {
  readonly prim: P;
  readonly inputs: readonly Atom[];
  readonly params: Params<P>;
  readonly outs: readonly Var[];
}

/**
 * An equation: a union discriminated by `prim`, so that after `if (e.prim === 'transpose')` a rule
 * or pass reads `e.params.perm` with its type, without a cast.
 */
export type Eqn = { [P in Primitive]: EqnOf<P> }[Primitive];

/**
 * The params of an equation the caller knows, from context rather than a test on `prim`, to be one
 * of `prims` (the defining equation of a sort kernel's output, say): checked, so a wrong belief is
 * a KernelError naming both primitives instead of params read as the wrong type.
 * @example const { perm } = paramsOf(e, 'transpose');
 */
export function paramsOf<P extends Primitive>(e: Eqn, ...prims: P[]): Params<P> {
  return eqnOf(e, ...prims).params;
}

/**
 * The equation itself, checked as paramsOf checks it and typed as an equation of `prims`, for a
 * caller that needs the primitive as well as its params.
 * @example const { prim, params } = eqnOf(e, 'cumsum', 'cumprod');
 */
export function eqnOf<P extends Primitive>(e: Eqn, ...prims: P[]): EqnOf<P> {
  if (!(prims as Primitive[]).includes(e.prim)) {
    throw new KernelError(`internal: expected an equation of ${prims.join(' or ')}, got ${e.prim}; please report this with the program that triggered it.`);
  }
  return e as unknown as EqnOf<P>;
}

/**
 * Builds an equation from a primitive and params known only as the general types (tracers, rule
 * tables): the one place where a primitive's name and its params' type are paired by trust — each
 * caller passes the params that came with that primitive, which its abstract evaluation has read.
 * @example const e = makeEqn('sin', [x], {}, [y]);
 */
export function makeEqn(prim: Primitive, inputs: readonly Atom[], params: AnyParams, outs: readonly Var[]): Eqn {
  return { prim, inputs, params, outs } as Eqn;
}

/**
 * The intermediate representation: a typed program in A-normal form. The first `numConsts`
 * input variables are constants captured while tracing (printed before the `;`).
 */
export class Jaxpr {
  constructor(
    readonly inVars: readonly Var[],
    readonly eqns: readonly Eqn[],
    readonly outs: readonly Atom[],
    readonly numConsts = 0,
  ) {}

  get inAvals(): ShapedArray[] { return this.inVars.map((v) => v.aval); }
  get outAvals(): ShapedArray[] { return this.outs.map((v) => v.aval); }

  toString(): string { return printJaxpr(this, ''); }
}

// ---------------------------------------------------------------------------------------------
// Printing: `{ lambda a:f32[3] . let b:f32[3] = sin a in (b) }`

function namer(): (v: Var) => string {
  const names = new Map<Var, string>();
  return (v) => {
    let n = names.get(v);
    if (n === undefined) {
      let i = names.size;
      n = '';
      do { n = String.fromCharCode(97 + (i % 26)) + n; i = Math.floor(i / 26) - 1; } while (i >= 0);
      names.set(v, n);
    }
    return n;
  };
}

function fmtLit(l: Lit): string {
  if (l.aval.dtype === 'bool') return l.value ? 'true' : 'false';
  const s = Number.isInteger(l.value) && l.aval.dtype.startsWith('float') ? l.value.toFixed(1) : String(l.value);
  return s;
}

function fmtParam(v: unknown, indent: string): string {
  // Equations sit at indent + 6; a nested body goes deeper so it reads as part of its equation.
  if (v instanceof Jaxpr) return printJaxpr(v, indent + '        ');
  if (typeof v === 'function') return v.name || 'fn';
  if (Array.isArray(v)) return `(${v.map((x) => fmtParam(x, indent)).join(',')}${v.length === 1 ? ',' : ''})`;
  // A plain record (conv's dimension numbers): its fields, not "[object Object]".
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return `{${Object.entries(v).map(([k, x]) => `${k}=${fmtParam(x, indent)}`).join(' ')}}`;
  }
  return String(v);
}

function printJaxpr(j: Jaxpr, indent: string): string {
  const name = namer();
  const decl = (v: Var) => `${name(v)}:${v.aval}`;
  const atom = (a: Atom) => (a instanceof Lit ? fmtLit(a) : name(a));
  const consts = j.inVars.slice(0, j.numConsts).map(decl).join(' ');
  const args = j.inVars.slice(j.numConsts).map(decl).join(' ');
  const head = `{ lambda ${consts ? consts + ' ; ' : ''}${args} .`;
  const lines = j.eqns.map((e) => {
    const ps = Object.entries(e.params as Record<string, unknown>)
      .map(([k, v]) => `${k}=${fmtParam(v, indent)}`).join(' ');
    const lhs = e.outs.map(decl).join(' ');
    return `${lhs} = ${e.prim}${ps ? `[${ps}]` : ''} ${e.inputs.map(atom).join(' ')}`.trimEnd();
  });
  const outs = `(${j.outs.map(atom).join(', ')})`;
  if (lines.length === 0) return `${head} ${outs} }`;
  if (lines.length === 1) return `${head} let ${lines[0]} in ${outs} }`;
  const pad = indent + '      ';
  return `${head}\n${indent}  let ${lines.join('\n' + pad)}\n${indent}  in ${outs} }`;
}

// ---------------------------------------------------------------------------------------------
// Type checking: every variable bound once before use, every equation's declared output types
// equal to what shape inference says.

export function typecheckJaxpr(j: Jaxpr): void {
  const env = new Set<Var>();
  const fail = (msg: string): never => { throw new Error(`Jaxpr type error: ${msg} (an invalid Jaxpr; if fluxion built it, that is a fluxion bug: please report)\n${j}`); };
  const use = (a: Atom) => {
    if (a instanceof Var && !env.has(a)) fail(`variable of type ${a.aval} used before it is bound`);
  };
  for (const v of j.inVars) {
    if (env.has(v)) fail(`input variable bound twice`);
    env.add(v);
  }
  for (const e of j.eqns) {
    e.inputs.forEach(use);
    const expected = hooks.abstractEval(e.prim, e.inputs.map((a) => a.aval), e.params);
    if (expected.length !== e.outs.length) fail(`${e.prim} returns ${expected.length} values, equation binds ${e.outs.length}`);
    e.outs.forEach((v, i) => {
      if (!v.aval.equals(expected[i])) fail(`${e.prim} output ${i} declared ${v.aval} but has type ${expected[i]}`);
      if (env.has(v)) fail(`variable bound twice by ${e.prim}`);
      env.add(v);
    });
    if (e.prim === 'jit' || e.prim === 'custom_jvp' || e.prim === 'checkpoint' || e.prim === 'scan') typecheckJaxpr((e.params as { jaxpr: Jaxpr }).jaxpr);
    if (e.prim === 'while') { const p = e.params as { cond: Jaxpr; body: Jaxpr }; typecheckJaxpr(p.cond); typecheckJaxpr(p.body); }
    if (e.prim === 'cond') (e.params as { branches: readonly Jaxpr[] }).branches.forEach(typecheckJaxpr);
  }
  j.outs.forEach(use);
}

// ---------------------------------------------------------------------------------------------
// Evaluation: binding every equation under the current trace. This one function is how a Jaxpr
// is run, re-traced by another transformation, or inlined.

export function literalTensor(l: Lit): Tensor {
  const data = allocate(l.aval.dtype, 1);
  data[0] = l.value;
  return hooks.fromHost(data, l.aval);
}

export function evalJaxpr(j: Jaxpr, args: readonly Tensor[]): Tensor[] {
  if (args.length !== j.inVars.length) {
    throw new Error(`evalJaxpr: the Jaxpr takes ${j.inVars.length} inputs, got ${args.length} (fluxion bug: please report).`);
  }
  const env = new Map<Var, Tensor>();
  j.inVars.forEach((v, i) => env.set(v, args[i]));
  const read = (a: Atom): Tensor => (a instanceof Lit ? literalTensor(a) : env.get(a)!);
  for (const e of j.eqns) {
    const outs = bind(e.prim, e.inputs.map(read), e.params);
    e.outs.forEach((v, i) => env.set(v, outs[i]));
  }
  return j.outs.map(read);
}
