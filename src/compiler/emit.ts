/**
 * The expression emitter: the value of a variable at a symbolic index, as WGSL. Variables that
 * are not stored in buffers are inlined recursively — elementwise rules apply to their operands'
 * values at the same index, movement rules transform the index — so a chain of elementwise and
 * movement primitives becomes one expression inside its consumer's kernel. The same walk, with
 * a recording sink, is how the planner learns which buffers a kernel reads and at which indices.
 */
import { Atom, Lit, Var } from '../core/jaxpr.js';
import { Graph } from './graph.js';
import { Ix, flatten } from './ix.js';
import { literal, packedLoad, storageType, wgslType } from './lowering.js';
import { halfStoredOnGpu, packedBits } from './program.js';

/** What a kernel provides to the emitter. */
export interface KernelEnv {
  readonly graph: Graph;
  /** The name of a register holding `v` at `idx` in this kernel (a fused reduction or matmul accumulator), if any. */
  local(v: Var, idx: readonly Ix[]): string | undefined;
  /** True when `v` lives in a buffer (a program input or a materialised value). */
  stored(v: Var): boolean;
  /** The WGSL array name bound for a stored `v`; records the read. */
  load(v: Var, offset: Ix): string;
  /**
   * Sees each inlined value computed at an index: `chars`, the WGSL written for it and for what
   * it inlined in turn, and `total`, the kernel's so far (the planner bounds kernel sizes with
   * it: plan-bindings.ts).
   */
  inlined?(v: Var, chars: number, total: number): void;
}

/** A block of WGSL statements; values computed in an enclosing block are reused. */
export class Scope {
  readonly lines: string[] = [];
  private readonly memo = new Map<string, string>();
  constructor(readonly env: KernelEnv, readonly parent?: Scope, readonly namer: { n: number } = parent?.namer ?? { n: 0 },
    /** Expression-only blocks (matmul prologue/epilogue) inline everything instead of declaring `let`s. */
    readonly exprOnly = false) { this.chars = parent?.chars ?? { n: 0 }; }

  child(): Scope { return new Scope(this.env, this, this.namer, this.exprOnly); }

  private lookup(key: string): string | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.memo.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** Binds `expr` to a fresh name (or returns it as is in expression-only blocks). */
  /** Characters of WGSL this kernel's scopes have written (the planner's size measure). */
  readonly chars: { n: number };

  bind(key: string, expr: string, type: string): string {
    this.chars.n += expr.length;
    if (this.exprOnly) { this.memo.set(key, expr); return expr; }
    const name = `v${this.namer.n++}`;
    this.lines.push(`let ${name}: ${type} = ${expr};`);
    this.memo.set(key, name);
    return name;
  }

  /** The value of `a` at `idx`. */
  value(a: Atom, idx: readonly Ix[]): string {
    if (a instanceof Lit) return literal(a.value, a.aval.dtype);
    const key = `${a.id}@${idx.map((x) => x.key).join(',')}`;
    const hit = this.lookup(key);
    if (hit !== undefined) return hit;
    const env = this.env;
    const local = env.local(a, idx);
    if (local !== undefined) return local;
    const type = wgslType(a.aval.dtype);
    if (env.stored(a)) {
      const offset = flatten(idx, a.aval.shape);
      const arr = env.load(a, offset);
      const d = a.aval.dtype;
      // A packed input (program.ts packedBits): the element is a shift and a mask of its word.
      if (packedBits(d)) return this.bind(key, packedLoad(arr, offset.wgsl(), d), type);
      const raw = `${arr}[${offset.wgsl()}]`;
      // Registers hold compute types: bool from its u32 word, f16 storage widened (exactly).
      return this.bind(key, d === 'bool' ? `(${raw} != 0u)` : halfStoredOnGpu(d) ? `f32(${raw})` : raw, type);
    }
    const before = this.chars.n;
    const expr = this.define(a, idx);
    const name = this.bind(key, expr, type);
    env.inlined?.(a, this.chars.n - before, this.chars.n);
    return name;
  }

  /**
   * The values of an elementwise equation's operands. When all are literals the first is passed
   * through an identity call (fx_opaque…), so WGSL does not evaluate the operation as a constant
   * expression: 0.0f / 0.0f (a mean over an empty axis) would fail shader creation instead of
   * giving NaN at run time.
   */
  private operands(ins: readonly Atom[], idx: readonly Ix[]): string[] {
    const args = ins.map((x) => this.value(x, idx));
    if (ins.length > 0 && ins.every((x) => x instanceof Lit)) args[0] = `fx_opaque${wgslType(ins[0].aval.dtype)}(${args[0]})`;
    return args;
  }

  /**
   * The expression computing `v` at `idx` from its defining equation, operands through value().
   * A kernel computing a stored value calls this directly (value() would load it from its buffer).
   */
  define(v: Var, idx: readonly Ix[]): string {
    const def = this.env.graph.definition.get(v);
    if (!def) throw new Error(`compiler: variable ${v.aval} has no definition and no buffer (a planner bug; fluxion bug: please report).`);
    const { eqn } = def;
    const rule = this.env.graph.rule(eqn);
    const ins = eqn.inputs;
    switch (rule.kind) {
      case 'scalar':
        return rule.emit(this.operands(ins, idx), { inDtypes: ins.map((x) => x.aval.dtype), outDtype: v.aval.dtype }, eqn.params);
      case 'index':
        return rule.emit({
          outIdx: idx, inAvals: ins.map((x) => x.aval), outAval: v.aval,
          read: (i, ix) => this.value(ins[i], ix),
        }, eqn.params);
      case 'multi':
        return rule.emit(this.operands(ins, idx), def.output);
      default:
        throw new Error(`compiler: ${eqn.prim} output ${v.aval} is neither stored nor fused into this kernel (a planner bug; fluxion bug: please report).`);
    }
  }
}

/** A WGSL statement storing `value` of dtype `v.aval.dtype` at `offset` of array `arr`. */
export function storeStatement(arr: string, offset: string, value: string, v: Var): string {
  const d = v.aval.dtype;
  // An f16 store of a value already rounded to float16 (passes/widen-narrow.ts), so exact.
  return `${arr}[${offset}] = ${d === 'bool' ? `select(0u, 1u, ${value})` : halfStoredOnGpu(d) ? `f16(${value})` : value};`;
}

export const bufferDecl = (binding: number, name: string, v: { aval: { dtype: import('../core/dtype.js').DType } }, write: boolean): string =>
  `@group(0) @binding(${binding}) var<storage, ${write ? 'read_write' : 'read'}> ${name}: array<${storageType(v.aval.dtype)}>;`;
