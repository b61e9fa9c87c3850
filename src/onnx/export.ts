/**
 * Export a traced function as an ONNX model: trace it to a Jaxpr, then write each equation as one
 * or a few ONNX operators (opset 18). Arguments marked constant (the parameters) become the
 * model's initializers, the others its inputs, so a trained generator can be served wherever ONNX
 * runs. Only forward primitives have a lowering; a function that draws random numbers or sorts
 * inside gets an `ExportError` naming the primitive (take the noise as an input instead).
 */
import { allocate, type DType, type TypedArray } from '../core/dtype.js';
import { encodeData } from '../io/safetensors-format.js';
import { ArgumentError, ExportError } from '../core/errors.js';
import { type Atom, type Eqn, Jaxpr, Lit, Var } from '../core/jaxpr.js';
import type { Params, Primitive } from '../core/primitive.js';
import { ShapedArray } from '../core/shape.js';
import { traceToJaxpr } from '../core/staging.js';
import type { Tensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import { treeFlatten } from '../tree/pytree.js';
import { flattenArgs, flattenFun } from '../transforms/args.js';
import { ATTRIBUTE_TYPE, DATA_TYPE, IR_VERSION, ModelProto, OPSET } from './schema.js';

type Attribute = { name: string; type: number; i?: number; ints?: number[]; f?: number };
type TensorInit = { name: string; dims: number[]; data_type: number; raw_data: Uint8Array };
type NodeRecord = { op_type: string; input: string[]; output: string[]; name: string; attribute: Attribute[] };

const int = (name: string, i: number): Attribute => ({ name, type: ATTRIBUTE_TYPE.INT, i });
const ints = (name: string, v: readonly number[]): Attribute => ({ name, type: ATTRIBUTE_TYPE.INTS, ints: [...v] });

function dataType(op: string, d: DType | 'int64'): number {
  const code = (DATA_TYPE as Record<string, number>)[d];
  if (code === undefined) throw new ExportError(`${op}: ONNX has no ${d} tensors here; cast to float32 or int32 first.`);
  return code;
}

/** Little-endian bytes of a typed array (raw_data). Every platform fluxion runs on is little-endian. */
const bytesOf = (a: TypedArray | BigInt64Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength).slice();

/**
 * An initializer's raw bytes (little-endian, as ONNX's raw_data and safetensors both store them):
 * safetensors' encoder, which writes float16/bfloat16 — float32 values on the host — as their
 * 16-bit patterns; int64 (index tensors made here) as they are.
 */
const rawData = (dtype: DType | 'int64', data: TypedArray | BigInt64Array): Uint8Array =>
  (dtype === 'int64' ? bytesOf(data) : encodeData(data as TypedArray, dtype).slice());

/** Builds one ONNX graph: nodes in order, initializers, fresh value names. */
class GraphBuilder {
  readonly nodes: NodeRecord[] = [];
  readonly initializers: TensorInit[] = [];
  private count = 0;
  private readonly names = new Map<Var, string>();

  fresh(prefix: string): string { return `${prefix}_${this.count++}`; }

  nameOf(a: Atom): string {
    if (a instanceof Lit) return this.constant(a.aval.dtype, [], [a.value]);
    const n = this.names.get(a);
    if (n === undefined) throw new Error('fluxion bug: please report (onnx export read a variable before its definition)');
    return n;
  }

  bind(v: Var, name: string): void { this.names.set(v, name); }

  node(op: string, input: string[], attribute: Attribute[] = [], output = this.fresh(op.toLowerCase())): string {
    this.nodes.push({ op_type: op, input, output: [output], name: `${op}_${this.nodes.length}`, attribute });
    return output;
  }

  initializer(name: string, dtype: DType | 'int64', dims: readonly number[], data: TypedArray | BigInt64Array): string {
    this.initializers.push({ name, dims: [...dims], data_type: dataType('onnx.exportOnnx', dtype), raw_data: rawData(dtype, data) });
    return name;
  }

  constant(dtype: DType, dims: readonly number[], values: ArrayLike<number>): string {
    const data = allocate(dtype, values.length);
    for (let i = 0; i < values.length; i++) data[i] = dtype === 'bool' ? (values[i] ? 1 : 0) : values[i]!;
    return this.initializer(this.fresh('const'), dtype, dims, dtype === 'bool' ? new Uint8Array(data) : data);
  }

  /** An int64 vector, as shapes, axes and pads are given to ONNX operators. */
  int64s(values: readonly number[]): string {
    return this.initializer(this.fresh('i64'), 'int64', [values.length], BigInt64Array.from(values.map((v) => BigInt(v))));
  }
}

const UNARY: Partial<Record<Primitive, string>> = {
  neg: 'Neg', exp: 'Exp', log: 'Log', sin: 'Sin', cos: 'Cos', tanh: 'Tanh', sqrt: 'Sqrt', abs: 'Abs', sign: 'Sign',
  floor: 'Floor', stop_gradient: 'Identity',
};
const BINARY: Partial<Record<Primitive, string>> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', max: 'Max', min: 'Min', pow: 'Pow' };
const COMPARE = { lt: 'Less', le: 'LessOrEqual', gt: 'Greater', ge: 'GreaterOrEqual', eq: 'Equal' } as const;

/** Writes one equation; returns its output names. */
function lowerEqn(g: GraphBuilder, e: Eqn, ins: string[], inAvals: ShapedArray[], outAvals: ShapedArray[]): string[] {
  const [x, y] = ins;
  const { prim } = e;
  const one = (d: DType) => g.constant(d, [], [1]);
  if (UNARY[prim]) return [g.node(UNARY[prim]!, [x!])];
  if (BINARY[prim]) return [g.node(BINARY[prim]!, [x!, y!])];
  switch (e.prim) {
    case 'log1p': return [g.node('Log', [g.node('Add', [x!, one(inAvals[0]!.dtype)])])];
    case 'expm1': return [g.node('Sub', [g.node('Exp', [x!]), one(inAvals[0]!.dtype)])];
    case 'rsqrt': return [g.node('Reciprocal', [g.node('Sqrt', [x!])])];
    // fluxion's rem truncates (the sign of the dividend, as C's fmod) for floats and integers alike:
    // ONNX's Mod with fmod = 1 (fmod = 0 would take the divisor's sign, Python's %).
    case 'rem': return [g.node('Mod', [x!, y!], [int('fmod', 1)])];
    case 'compare': {
      const { op } = e.params;
      return [op === 'ne' ? g.node('Not', [g.node('Equal', [x!, y!])]) : g.node(COMPARE[op], [x!, y!])];
    }
    case 'where': {
      // ONNX Runtime has no boolean Where kernel: select booleans with logic instead.
      if (outAvals[0]!.dtype !== 'bool') return [g.node('Where', ins)];
      const [c, a, b] = ins as [string, string, string];
      return [g.node('Or', [g.node('And', [c, a]), g.node('And', [g.node('Not', [c]), b])])];
    }
    case 'cast': {
      const { dtype } = e.params;
      return [g.node('Cast', [x!], [int('to', dataType('onnx.exportOnnx: cast', dtype))])];
    }
    case 'broadcast_in_dim': {
      // Reshape to the target rank with 1s where new axes appear, then Expand to the shape.
      const { shape, dims } = e.params;
      const ranked = shape.map(() => 1);
      dims.forEach((d, i) => { ranked[d] = inAvals[0]!.shape[i]!; });
      return [g.node('Expand', [g.node('Reshape', [x!, g.int64s(ranked)]), g.int64s(shape)])];
    }
    case 'reshape': return [g.node('Reshape', [x!, g.int64s(e.params.shape)])];
    case 'transpose': return [g.node('Transpose', [x!], [ints('perm', e.params.perm)])];
    case 'slice': {
      const { start, limit } = e.params;
      return [g.node('Slice', [x!, g.int64s(start), g.int64s(limit), g.int64s(start.map((_, i) => i))])];
    }
    case 'pad': {
      const { lo, hi } = e.params;
      if ([...lo, ...hi].some((v) => v < 0)) {
        throw new ExportError('onnx.exportOnnx: pad with negative widths (a crop) has no lowering yet; slice instead of padding by a negative amount.');
      }
      return [g.node('Pad', [x!, g.int64s([...lo, ...hi])], [])];
    }
    case 'concatenate': return [g.node('Concat', ins, [int('axis', e.params.axis)])];
    case 'gather': return [g.node('Gather', [x!, y!], [int('axis', e.params.axis)])];
    case 'reduce_sum': return [g.node('ReduceSum', [x!, g.int64s(e.params.axes)], [int('keepdims', 0)])];
    case 'reduce_max': return [g.node('ReduceMax', [x!, g.int64s(e.params.axes)], [int('keepdims', 0)])];
    case 'argmax': {
      const am = g.node('ArgMax', [x!], [int('axis', e.params.axis), int('keepdims', 0)]);
      return [g.node('Cast', [am], [int('to', dataType('argmax', outAvals[0]!.dtype))])];
    }
    case 'cumsum': {
      const { axis, reverse } = e.params;
      return [g.node('CumSum', [x!, g.initializer(g.fresh('axis'), 'int64', [], BigInt64Array.of(BigInt(axis)))], [int('reverse', reverse ? 1 : 0)])];
    }
    case 'iota': {
      const { shape, dim, dtype } = e.params;
      const size = shape.reduce((a, b) => a * b, 1), values = new Array<number>(size);
      const stride = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
      for (let i = 0; i < size; i++) values[i] = Math.floor(i / stride) % shape[dim]!;
      return [g.constant(dtype, shape, values)];
    }
    case 'dot_general': return [dotGeneral(g, e.params, x!, y!, inAvals[0]!, inAvals[1]!)];
    default:
      throw new ExportError(`onnx.exportOnnx: the primitive '${prim}' has no ONNX lowering. Export the forward model only: ` +
        'take random noise as an input rather than drawing it inside, and keep sorting, scatters and bit operations outside the exported function.');
  }
}

/**
 * dot_general as one batched MatMul: lhs to [batch, free, contract] and rhs to [batch, contract, free],
 * both flattened to 3-d, multiplied, and the product reshaped to JAX's layout (batch, lhs free, rhs free).
 */
function dotGeneral(g: GraphBuilder, { contract: [lc, rc], batch: [lb, rb] }: Params<'dot_general'>, x: string, y: string, a: ShapedArray, b: ShapedArray): string {
  const lf = a.shape.map((_, i) => i).filter((i) => !lc.includes(i) && !lb.includes(i));
  const rf = b.shape.map((_, i) => i).filter((i) => !rc.includes(i) && !rb.includes(i));
  const prod = (s: readonly number[], axes: readonly number[]) => axes.reduce((acc, i) => acc * s[i]!, 1);
  const B = prod(a.shape, lb), M = prod(a.shape, lf), K = prod(a.shape, lc), N = prod(b.shape, rf);
  const lhs = g.node('Reshape', [g.node('Transpose', [x], [ints('perm', [...lb, ...lf, ...lc])]), g.int64s([B, M, K])]);
  const rhs = g.node('Reshape', [g.node('Transpose', [y], [ints('perm', [...rb, ...rc, ...rf])]), g.int64s([B, K, N])]);
  const outShape = [...lb.map((i) => a.shape[i]!), ...lf.map((i) => a.shape[i]!), ...rf.map((i) => b.shape[i]!)];
  return g.node('Reshape', [g.node('MatMul', [lhs, rhs]), g.int64s(outShape)]);
}

/** Lowers a Jaxpr whose inputs already have names; nested jit/custom_jvp bodies are inlined. */
function lowerJaxpr(g: GraphBuilder, j: Jaxpr, inputs: readonly string[]): string[] {
  j.inVars.forEach((v, i) => g.bind(v, inputs[i]!));
  for (const e of j.eqns) {
    const ins = e.inputs.map((a) => g.nameOf(a));
    let outs: string[];
    if (e.prim === 'jit' || e.prim === 'custom_jvp') {
      outs = lowerJaxpr(g, e.params.jaxpr, ins); // the primal body; a jvp rule plays no part in inference
    } else {
      outs = lowerEqn(g, e, ins, e.inputs.map((a) => a.aval), e.outs.map((v) => v.aval));
    }
    e.outs.forEach((v, i) => g.bind(v, outs[i]!));
  }
  return j.outs.map((a) => g.nameOf(a));
}

export interface OnnxExportOptions {
  /** Positions of the arguments (pytrees) stored in the model as initializers (default [0]: the parameters). */
  constArgs?: readonly number[];
  /** Names of the model's inputs, one per leaf of the non-constant arguments (default input_0, ...). */
  inputNames?: readonly string[];
  /** Names of the model's outputs, one per output leaf (default output_0, ...). */
  outputNames?: readonly string[];
  /** The graph's name (default 'fluxion'). */
  name?: string;
}

/**
 * `f(...args)` as ONNX model bytes (IR 8, opset 18): the arguments at `constArgs` are stored with
 * their current values, the others become inputs of the shapes and dtypes given. Async because it
 * reads the constants' values.
 * @example
 * const bytes = await onnx.exportOnnx((p, eps) => eps.add(nn.timeMlp(p, eps, np.zeros([eps.shape[0]]))), [params, eps], { inputNames: ['noise'] });
 */
export async function exportOnnx(f: (...args: never[]) => unknown, args: readonly unknown[], opts: OnnxExportOptions = {}): Promise<Uint8Array> {
  const op = 'onnx.exportOnnx';
  const o = validate.options<OnnxExportOptions>(op, opts, ['constArgs', 'inputNames', 'outputNames', 'name'], "{ constArgs: [0], inputNames: ['noise'] }");
  validate.fn(op, f);
  if (!Array.isArray(args)) throw new ArgumentError(`${op}: args must be the array of arguments to trace f with, got ${validate.describe(args)}.`);
  const constArgs = new Set(o.constArgs ?? [0]);
  for (const i of constArgs) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) throw new ArgumentError(`${op}: constArgs holds ${i}, but f is traced with ${args.length} arguments.`);
  }
  const flat = flattenArgs(op, args);
  const isConst = args.flatMap((a, i) => treeFlatten(a).leaves.map(() => constArgs.has(i)));
  const { jaxpr, consts } = traceToJaxpr(flattenFun(op, f as (...a: unknown[]) => unknown, flat.def).fn, flat.leaves.map((l) => l.aval), 'onnx');

  const g = new GraphBuilder();
  const readInto = async (name: string, t: Tensor) => {
    const data = await t.data();
    g.initializer(name, t.dtype, t.shape, t.dtype === 'bool' ? Uint8Array.from(data as ArrayLike<number>) : data as TypedArray);
    return name;
  };
  const valueInfo = (name: string, a: ShapedArray) => ({
    name, type: { tensor_type: { elem_type: dataType(op, a.dtype), shape: { dim: a.shape.map((d) => ({ dim_value: d })) } } },
  });
  const constNames: string[] = [];
  for (const [i, c] of consts.entries()) constNames.push(await readInto(`captured_${i}`, c));
  const inputs: { name: string; aval: ShapedArray }[] = [];
  const leafNames: string[] = [];
  for (const [i, leaf] of flat.leaves.entries()) {
    if (isConst[i]) leafNames.push(await readInto(`param_${i}`, leaf));
    else {
      const name = o.inputNames?.[inputs.length] ?? `input_${inputs.length}`;
      inputs.push({ name, aval: leaf.aval });
      leafNames.push(name);
    }
  }
  if (o.inputNames && o.inputNames.length !== inputs.length) {
    throw new ArgumentError(`${op}: ${o.inputNames.length} inputNames for ${inputs.length} model inputs (the leaves of the arguments not in constArgs).`);
  }
  const outs = lowerJaxpr(g, jaxpr, [...constNames, ...leafNames]);
  if (o.outputNames && o.outputNames.length !== outs.length) {
    throw new ArgumentError(`${op}: ${o.outputNames.length} outputNames for ${outs.length} outputs of f.`);
  }
  // Every output gets its own node, so an output that is an input, a constant or another output is still distinct.
  const outputNames = outs.map((n, i) => g.node('Identity', [n], [], o.outputNames?.[i] ?? `output_${i}`));
  const model = {
    ir_version: IR_VERSION, producer_name: 'fluxion', producer_version: '0.1.0',
    opset_import: [{ domain: '', version: OPSET }],
    graph: {
      name: o.name ?? 'fluxion', node: g.nodes, initializer: g.initializers,
      input: inputs.map((i) => valueInfo(i.name, i.aval)),
      output: outputNames.map((n, i) => valueInfo(n, jaxpr.outAvals[i]!)),
    },
  };
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}
