/**
 * The primitive conformance table: one or more entries per primitive of the closed set (see
 * src/core/primitive.ts), each a function of tensors plus a seeded generator of inputs that
 * respects the primitive's domain (positive for log/sqrt, away from kinks for abs/max/rem, ...),
 * so finite differences are valid by construction. The jvp, vjp and vmap specs all read it.
 */
import { np, lax, jit, customJvp, Tensor } from '../../src/index.js';
import type { CompareOp, Primitive } from '../../src/core/primitive.js';
import { INDEXING_CASES } from './indexing-cases.js';
import { SORT_SCAN_CASES } from './sort-scan-cases.js';
import { DEBUG_CASES } from './debug-cases.js';
import { LINALG_CASES } from './linalg-cases.js';
import { CONV_CASES } from './conv-cases.js';
import { CONTROL_FLOW_CASES } from './control-flow-cases.js';
import { BITS_CASES } from './bits-cases.js';
import { Rng, awayFromZero, f64, i32, normalF64, sizeOf, u32, uniformF64 } from './check.js';

export type Fn = (...xs: Tensor[]) => Tensor | Tensor[];

/** One draw of a case: fixed shapes and static params, and a generator of inputs of those shapes. */
export interface Instance {
  fn: Fn;
  args: (rng: Rng) => Tensor[];
  /** Shapes and params, for failure messages. */
  desc: string;
}

export interface PrimitiveCase {
  name: string;
  /** The primitive under test (np.* cases name the primitive they reach). */
  prim: Primitive;
  /** False: the jvp must be exactly zero (integer/boolean results, piecewise-constant functions). */
  differentiable: boolean;
  /** Which args carry tangents; default: every floating-point arg. */
  diffArgs?: number[];
  make: (rng: Rng) => Instance;
  /** Finite-difference step and relative tolerance (defaults 1e-3, 1e-6; 5-point stencil). */
  fd?: { h?: number; tol?: number };
  /** Relative tolerance of the vjp dot-product test (default 1e-9). */
  vjpTol?: number;
  /** False where the function builds float64 constants, so float32 inputs would not type-check. */
  float32?: boolean;
}

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

// --- elementwise -----------------------------------------------------------------------------

type Gen = (rng: Rng, shape: number[]) => Tensor;
const normal: Gen = (rng, s) => normalF64(rng, s);
const between = (lo: number, hi: number): Gen => (rng, s) => uniformF64(rng, s, lo, hi);
/** Values at least 0.1 away from every integer (floor, cast to int). */
const offInteger: Gen = (rng, s) => f64(s, () => rng.int(-3, 3) + rng.uniform(0.1, 0.9));

function unary(prim: Primitive, f: (x: Tensor) => Tensor, gen: Gen, differentiable = true): PrimitiveCase {
  return {
    name: prim, prim, differentiable,
    make: (rng) => {
      const shape = rng.shape(0, 3);
      return { fn: f, args: (r) => [gen(r, shape)], desc: fmt(shape) };
    },
  };
}

/** Binary cases draw both operands jointly (max/min/rem need a relation between them). */
type Gen2 = (rng: Rng, shape: number[]) => [Tensor, Tensor];
const indep = (a: Gen, b: Gen): Gen2 => (rng, s) => [a(rng, s), b(rng, s)];

function binary(prim: Primitive, f: (x: Tensor, y: Tensor) => Tensor, gen: Gen2, differentiable = true, name: string = prim): PrimitiveCase {
  return {
    name, prim, differentiable,
    make: (rng) => {
      const shape = rng.shape(0, 3);
      return { fn: f, args: (r) => gen(r, shape), desc: fmt(shape) };
    },
  };
}

/** y = x ± [0.1, 1): no ties, so max/min are differentiable with margin. */
const separated: Gen2 = (rng, s) => {
  const x = Float64Array.from({ length: sizeOf(s) }, () => rng.normal());
  return [f64(s, (i) => x[i]), f64(s, (i) => x[i] + rng.sign() * rng.uniform(0.1, 1))];
};

/** x = q·y with |q| at least 0.1 from an integer: rem is smooth there (d/dy = −trunc(x/y)). */
const remPair: Gen2 = (rng, s) => {
  const y = Float64Array.from({ length: sizeOf(s) }, () => rng.sign() * rng.uniform(0.5, 2));
  const q = y.map(() => rng.sign() * (rng.int(0, 4) + rng.uniform(0.1, 0.9)));
  return [f64(s, (i) => q[i] * y[i]), f64(s, (i) => y[i])];
};

/** Small integers as floats: ties are common, so every comparison outcome occurs. */
const smallInts: Gen = (rng, s) => f64(s, () => rng.int(-2, 3));

const compareCase = (op: CompareOp): PrimitiveCase =>
  binary('compare', (x, y) => lax.compare(x, y, op), indep(smallInts, smallInts), false, `compare(${op})`);

// --- numpy broadcasting ----------------------------------------------------------------------

/**
 * Two shapes that broadcast together, each broadcasting along at least one axis the other
 * fills (e.g. [3,1] and [4]): size-1 axes on either side, leading axes dropped from one.
 */
function broadcastPair(rng: Rng): [number[], number[]] {
  const full = Array.from({ length: rng.int(2, 4) }, () => rng.int(2, 5));
  const a = [...full], b = [...full];
  const [i, j] = rng.perm(full.length);
  a[i] = 1; b[j] = 1; // a broadcasts along i, b along j
  full.forEach((_, d) => { if (d !== i && d !== j && rng.uniform() < 0.3) (rng.uniform() < 0.5 ? a : b)[d] = 1; });
  // numpy aligns trailing axes: leading size-1 axes may be dropped.
  const drop = (s: number[]) => { let k = 0; while (k < s.length - 1 && s[k] === 1 && rng.uniform() < 0.5) k++; return s.slice(k); };
  return [drop(a), drop(b)];
}

/** Values on two interleaved grids (0.5k and 0.5k + 0.25, ±0.1): never within 0.05 of each other. */
const gridA: Gen = (rng, s) => f64(s, () => 0.5 * rng.int(-4, 4) + rng.uniform(-0.1, 0.1));
const gridB: Gen = (rng, s) => f64(s, () => 0.5 * rng.int(-4, 4) + 0.25 + rng.uniform(-0.1, 0.1));

function npBinary(name: string, prim: Primitive, f: (x: Tensor, y: Tensor) => Tensor, ga: Gen, gb: Gen): PrimitiveCase {
  return {
    name, prim, differentiable: true,
    make: (rng) => {
      const [sa, sb] = broadcastPair(rng);
      return { fn: f, args: (r) => [ga(r, sa), gb(r, sb)], desc: `${fmt(sa)} ⊕ ${fmt(sb)}` };
    },
  };
}

// --- movement --------------------------------------------------------------------------------

const broadcastInDim: PrimitiveCase = {
  name: 'broadcast_in_dim', prim: 'broadcast_in_dim', differentiable: true,
  make: (rng) => {
    const inShape = rng.shape(0, 2, 3).map((d) => (rng.uniform() < 0.4 ? 1 : d));
    const rank = inShape.length + rng.int(inShape.length === 0 ? 1 : 0, 3);
    const dims = rng.perm(rank).slice(0, inShape.length).sort((a, b) => a - b);
    const shape = Array.from({ length: rank }, () => rng.int(1, 4));
    dims.forEach((d, i) => { shape[d] = inShape[i] === 1 ? rng.int(1, 4) : inShape[i]; });
    return {
      fn: (x) => lax.broadcastInDim(x, shape, dims),
      args: (r) => [normalF64(r, inShape)],
      desc: `${fmt(inShape)} → ${fmt(shape)} dims ${fmt(dims)}`,
    };
  },
};

function factor(n: number, rng: Rng): number[] {
  const out: number[] = [];
  let rest = n;
  for (let d = 2; d <= rest;) {
    if (rest % d === 0 && rng.uniform() < 0.6) { out.push(d); rest /= d; } else d++;
  }
  if (rest > 1) out.push(rest);
  return rng.uniform() < 0.3 ? [1, ...out] : out.length === 0 ? [1] : out;
}

const reshape: PrimitiveCase = {
  name: 'reshape', prim: 'reshape', differentiable: true,
  make: (rng) => {
    const inShape = rng.shape(1, 3, 4);
    let shape = factor(sizeOf(inShape), rng);
    if (fmt(shape) === fmt(inShape)) shape = [sizeOf(inShape)];
    if (fmt(shape) === fmt(inShape)) shape = [1, ...inShape];
    return { fn: (x) => lax.reshape(x, shape), args: (r) => [normalF64(r, inShape)], desc: `${fmt(inShape)} → ${fmt(shape)}` };
  },
};

const transpose: PrimitiveCase = {
  name: 'transpose', prim: 'transpose', differentiable: true,
  make: (rng) => {
    const inShape = rng.shape(2, 4, 3);
    const perm = rng.perm(inShape.length);
    if (perm.every((p, i) => p === i)) [perm[0], perm[1]] = [perm[1], perm[0]];
    return { fn: (x) => lax.transpose(x, perm), args: (r) => [normalF64(r, inShape)], desc: `${fmt(inShape)} perm ${fmt(perm)}` };
  },
};

const slice: PrimitiveCase = {
  name: 'slice', prim: 'slice', differentiable: true,
  make: (rng) => {
    const inShape = rng.shape(1, 3, 5);
    const start = inShape.map((n) => rng.int(0, n));
    const limit = inShape.map((n, d) => rng.int(start[d] + 1, n + 1));
    return {
      fn: (x) => lax.slice(x, start, limit), args: (r) => [normalF64(r, inShape)],
      desc: `${fmt(inShape)} [${fmt(start)}, ${fmt(limit)})`,
    };
  },
};

const pad: PrimitiveCase = {
  name: 'pad', prim: 'pad', differentiable: true,
  make: (rng) => {
    const inShape = rng.shape(1, 3, 3);
    const lo = inShape.map(() => rng.int(0, 3)), hi = inShape.map(() => rng.int(0, 3));
    return { fn: (x) => lax.pad(x, lo, hi), args: (r) => [normalF64(r, inShape)], desc: `${fmt(inShape)} lo ${fmt(lo)} hi ${fmt(hi)}` };
  },
};

const concatenate: PrimitiveCase = {
  name: 'concatenate', prim: 'concatenate', differentiable: true,
  make: (rng) => {
    const base = rng.shape(1, 3, 3);
    const axis = rng.int(0, base.length);
    const shapes = [0, 1, 2].map(() => base.map((n, d) => (d === axis ? rng.int(1, 4) : n)));
    return {
      fn: (a, b, c) => lax.concatenate([a, b, c], axis),
      args: (r) => shapes.map((s) => normalF64(r, s)),
      desc: `${shapes.map(fmt).join(' ++ ')} axis ${axis}`,
    };
  },
};

type AxisAt = 'first' | 'middle' | 'last';
/** An operand shape of rank 1..3 and an axis at the requested position (middle needs rank 3). */
function indexedShape(rng: Rng, at: AxisAt): [number[], number] {
  const shape = rng.shape(at === 'middle' ? 3 : 1, 3, 4);
  return [shape, at === 'first' ? 0 : at === 'last' ? shape.length - 1 : 1];
}

const gather = (at: AxisAt): PrimitiveCase => ({
  name: `gather (axis ${at})`, prim: 'gather', differentiable: true, diffArgs: [0],
  make: (rng) => {
    const [xShape, axis] = indexedShape(rng, at);
    const idxShape = rng.shape(0, 2, 3);
    return {
      fn: (x, idx) => lax.gather(x, idx, axis),
      args: (r) => [normalF64(r, xShape), i32(idxShape, () => r.int(0, xShape[axis]))],
      desc: `x ${fmt(xShape)} idx ${fmt(idxShape)} axis ${axis}`,
    };
  },
});

const scatterAdd = (at: AxisAt): PrimitiveCase => ({
  name: `scatter_add (axis ${at})`, prim: 'scatter_add', differentiable: true, diffArgs: [0, 2],
  make: (rng) => {
    const [xShape, axis] = indexedShape(rng, at);
    const idxShape = rng.shape(1, 2, 4); // repeated indices are likely: they must accumulate
    const updShape = [...xShape.slice(0, axis), ...idxShape, ...xShape.slice(axis + 1)];
    return {
      fn: (x, idx, upd) => lax.scatterAdd(x, idx, upd, axis),
      args: (r) => [normalF64(r, xShape), i32(idxShape, () => r.int(0, xShape[axis])), normalF64(r, updShape)],
      desc: `x ${fmt(xShape)} idx ${fmt(idxShape)} upd ${fmt(updShape)} axis ${axis}`,
    };
  },
});

// --- reductions and contraction --------------------------------------------------------------

/** Distinct values ≥ 0.3 apart (a shuffled grid plus jitter): reduce_max/argmax have no ties. */
const distinct: Gen = (rng, s) => {
  const p = rng.perm(sizeOf(s));
  return f64(s, (i) => 0.5 * p[i] - 2 + rng.uniform(-0.1, 0.1));
};

function randomAxes(rng: Rng, rank: number): number[] {
  const k = rng.int(1, rank + 1);
  return rng.perm(rank).slice(0, k).sort((a, b) => a - b);
}

const reduceSum: PrimitiveCase = {
  name: 'reduce_sum', prim: 'reduce_sum', differentiable: true,
  make: (rng) => {
    const s = rng.shape(1, 3, 4), axes = randomAxes(rng, s.length);
    return { fn: (x) => lax.reduceSum(x, axes), args: (r) => [normalF64(r, s)], desc: `${fmt(s)} axes ${fmt(axes)}` };
  },
};

const reduceMax: PrimitiveCase = {
  name: 'reduce_max', prim: 'reduce_max', differentiable: true,
  make: (rng) => {
    const s = rng.shape(1, 3, 4), axes = randomAxes(rng, s.length);
    return { fn: (x) => lax.reduceMax(x, axes), args: (r) => [distinct(r, s)], desc: `${fmt(s)} axes ${fmt(axes)}` };
  },
};

const argmax: PrimitiveCase = {
  name: 'argmax', prim: 'argmax', differentiable: false,
  make: (rng) => {
    const s = rng.shape(1, 3, 4), axis = rng.int(0, s.length);
    return { fn: (x) => lax.argmax(x, axis), args: (r) => [distinct(r, s)], desc: `${fmt(s)} axis ${axis}` };
  },
};

/** dot_general configurations: [lhs shape, rhs shape, contract, batch] from random sizes. */
type DotConfig = (d: number[]) => [number[], number[], [number[], number[]], [number[], number[]]];
const dotConfigs: Record<string, DotConfig> = {
  'vector·vector': ([k]) => [[k], [k], [[0], [0]], [[], []]],
  matmul: ([m, k, n]) => [[m, k], [k, n], [[1], [0]], [[], []]],
  'batched matmul': ([b, m, k, n]) => [[b, m, k], [b, k, n], [[2], [1]], [[0], [0]]],
  // Batch and contracting axes in unusual positions, two contracting axes paired out of order.
  'scrambled axes': ([b, m, k1, k2, n]) => [[k1, b, m, k2], [k2, n, b, k1], [[0, 3], [3, 0]], [[1], [2]]],
};
const dotGeneral = (label: string, cfg: DotConfig): PrimitiveCase => ({
  name: `dot_general (${label})`, prim: 'dot_general', differentiable: true,
  make: (rng) => {
    const [xs, ys, contract, batch] = cfg(Array.from({ length: 5 }, () => rng.int(1, 5)));
    return {
      fn: (x, y) => lax.dotGeneral(x, y, contract, batch),
      args: (r) => [normalF64(r, xs), normalF64(r, ys)],
      desc: `${fmt(xs)}·${fmt(ys)} contract ${JSON.stringify(contract)} batch ${JSON.stringify(batch)}`,
    };
  },
});

// --- sources, transformation primitives ------------------------------------------------------

const iotaInt: PrimitiveCase = {
  name: 'iota (int32, constant)', prim: 'iota', differentiable: false,
  make: (rng) => {
    const s = rng.shape(1, 3, 4), dim = rng.int(0, s.length);
    // The argument only gives vmap something to map; the result is constant.
    return { fn: () => lax.iota(s, dim, 'int32'), args: (r) => [normalF64(r, [2])], desc: `${fmt(s)} dim ${dim}` };
  },
};

const iotaScaled: PrimitiveCase = {
  name: 'iota (float64, x·(iota+1))', prim: 'iota', differentiable: true, float32: false,
  make: (rng) => {
    const s = rng.shape(1, 3, 4), dim = rng.int(0, s.length);
    // iota + 1, so no draw (e.g. shape [1]) makes the product identically zero.
    const fn = (x: Tensor) => lax.mul(x, lax.add(lax.iota(s, dim, 'float64'), lax.full(s, 1, 'float64')));
    return { fn, args: (r) => [normalF64(r, s)], desc: `${fmt(s)} dim ${dim}` };
  },
};

const threefry: PrimitiveCase = {
  name: 'threefry2x32', prim: 'threefry2x32', differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 2, 4);
    return { fn: (k0, k1, x0, x1) => lax.threefry2x32(k0, k1, x0, x1), args: (r) => [0, 1, 2, 3].map(() => u32(s, () => r.u32())), desc: fmt(s) };
  },
};

const xorCase: PrimitiveCase = {
  name: 'xor', prim: 'xor', differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    return { fn: (x, y) => lax.bitwiseXor(x, y), args: (r) => [u32(s, () => r.u32()), u32(s, () => r.u32())], desc: fmt(s) };
  },
};

const shiftRightLogical: PrimitiveCase = {
  name: 'shift_right_logical', prim: 'shift_right_logical', differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    // Shifts of 32 and more are included: they must give 0.
    return { fn: (x, y) => lax.shiftRightLogical(x, y), args: (r) => [u32(s, () => r.u32()), u32(s, () => r.int(0, 36))], desc: fmt(s) };
  },
};

/**
 * The other bitwise primitives, on random 32-bit patterns of both signednesses. Shift amounts run
 * past 32 (everything shifted out) and, for int32, below 0 (read as unsigned: out of range too).
 */
const bitwiseCase = (prim: 'and' | 'or' | 'not' | 'shift_left' | 'shift_right_arithmetic', dtype: 'int32' | 'uint32',
  fn: (...xs: Tensor[]) => Tensor): PrimitiveCase => ({
  name: `${prim} (${dtype})`, prim, differentiable: false,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    const bits = (r: Rng) => (dtype === 'uint32' ? u32(s, () => r.u32()) : i32(s, () => r.u32() | 0));
    const amount = (r: Rng) => (dtype === 'uint32' ? u32(s, () => r.int(0, 36)) : i32(s, () => r.int(-3, 36)));
    const args = prim === 'not' ? (r: Rng) => [bits(r)] : prim.startsWith('shift') ? (r: Rng) => [bits(r), amount(r)] : (r: Rng) => [bits(r), bits(r)];
    return { fn, args, desc: fmt(s) };
  },
});
const bitwiseCases: PrimitiveCase[] = (['int32', 'uint32'] as const).flatMap((d) => [
  bitwiseCase('and', d, (x, y) => lax.bitwiseAnd(x, y)),
  bitwiseCase('or', d, (x, y) => lax.bitwiseOr(x, y)),
  bitwiseCase('not', d, (x) => lax.bitwiseNot(x)),
  bitwiseCase('shift_left', d, (x, y) => lax.shiftLeft(x, y)),
]).concat([bitwiseCase('shift_right_arithmetic', 'int32', (x, y) => lax.shiftRightArithmetic(x, y))]);

const where: PrimitiveCase = {
  name: 'where', prim: 'where', differentiable: true, diffArgs: [1, 2],
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    const cond = (r: Rng) => np.array(Uint8Array.from({ length: sizeOf(s) }, () => (r.uniform() < 0.5 ? 1 : 0)), { dtype: 'bool', shape: s });
    return { fn: (c, x, y) => lax.where(c, x, y), args: (r) => [cond(r), normalF64(r, s), normalF64(r, s)], desc: fmt(s) };
  },
};

const castTo = (dtype: 'float32' | 'int32', differentiable: boolean, gen: Gen): PrimitiveCase => ({
  name: `cast (float64→${dtype})`, prim: 'cast', differentiable, float32: false,
  // float32 rounding (~6e-8 relative) limits both checks; the step is large because cast is linear.
  fd: { h: 0.25, tol: 1e-5 }, vjpTol: 1e-6,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    return { fn: (x) => lax.cast(x, dtype), args: (r) => [gen(r, s)], desc: fmt(s) };
  },
});

// One jitted function for the whole run: jit caches its trace per input types.
const jitted = jit((x: Tensor, y: Tensor) =>
  lax.reduceSum(lax.mul(lax.sin(x), lax.broadcastInDim(lax.exp(y), x.shape, [1])), [1]));
const jitCase: PrimitiveCase = {
  name: 'jit', prim: 'jit', differentiable: true,
  make: (rng) => {
    const m = rng.int(1, 4), n = rng.int(1, 4);
    return { fn: (x, y) => jitted(x, y) as Tensor, args: (r) => [normalF64(r, [m, n]), normalF64(r, [n])], desc: `[${m},${n}], [${n}]` };
  },
};

const softplus = (x: Tensor) => lax.log1p(lax.exp(x));
const sigmoid = (x: Tensor) => lax.div(lax.fullLike(x, 1), lax.add(lax.fullLike(x, 1), lax.exp(lax.neg(x))));
// f(x, y) = softplus(x)·y with a hand-written (correct) rule: the checks go through the rule.
const customSoftplusTimes = customJvp(
  (x: Tensor, y: Tensor) => lax.mul(softplus(x), y),
  ([x, y], [tx, ty]) => [lax.mul(softplus(x), y), lax.add(lax.mul(lax.mul(tx, sigmoid(x)), y), lax.mul(softplus(x), ty))],
  'softplusTimes',
);
const customJvpCase: PrimitiveCase = {
  name: 'custom_jvp', prim: 'custom_jvp', differentiable: true,
  make: (rng) => {
    const s = rng.shape(0, 3, 4);
    return { fn: (x, y) => customSoftplusTimes(x, y), args: (r) => [normalF64(r, s), normalF64(r, s)], desc: fmt(s) };
  },
};

// Closures over arrays become constants of the traced program (extra leading inputs of the
// higher-order primitive): every transformation must skip past them.
const closureW = f64([3], (i) => 0.5 + i);
const jittedClosure = jit((x: Tensor) => lax.mul(lax.tanh(x), lax.broadcastInDim(closureW, x.shape, [x.ndim - 1])));
const customClosure = customJvp(
  (x: Tensor) => lax.mul(lax.sin(x), lax.broadcastInDim(closureW, x.shape, [x.ndim - 1])),
  ([x], [t]) => {
    const w = lax.broadcastInDim(closureW, x.shape, [x.ndim - 1]);
    return [lax.mul(lax.sin(x), w), lax.mul(lax.mul(t, lax.cos(x)), w)];
  },
  'sinTimesW',
);
const closureCase = (name: string, prim: Primitive, f: (x: Tensor) => Tensor): PrimitiveCase => ({
  name, prim, differentiable: true, float32: false,
  make: (rng) => {
    const s = [...rng.shape(0, 2, 3), 3];
    return { fn: (x) => f(x), args: (r) => [normalF64(r, s)], desc: fmt(s) };
  },
});

/** A constant operand in the middle: its transpose slot must be skipped, not filled. */
const concatenateWithConstant: PrimitiveCase = {
  name: 'concatenate (constant operand)', prim: 'concatenate', differentiable: true, float32: false,
  make: (rng) => {
    const s = rng.shape(1, 2, 3);
    const c = f64(s, (i) => i - 1);
    return { fn: (a, b) => lax.concatenate([a, c, b], 0), args: (r) => [normalF64(r, s), normalF64(r, s)], desc: `${fmt(s)} axis 0` };
  },
};

export const CASES: PrimitiveCase[] = [
  unary('neg', lax.neg, normal),
  unary('exp', lax.exp, between(-2, 2)),
  unary('log', lax.log, between(0.2, 3)),
  unary('log1p', lax.log1p, between(-0.8, 3)),
  unary('expm1', lax.expm1, between(-2, 2)),
  unary('sin', lax.sin, between(-4, 4)),
  unary('cos', lax.cos, between(-4, 4)),
  unary('tanh', lax.tanh, between(-2, 2)),
  unary('sqrt', lax.sqrt, between(0.2, 3)),
  unary('rsqrt', lax.rsqrt, between(0.2, 3)),
  unary('abs', lax.abs, (r, s) => awayFromZero(r, s, 0.1, 2)),
  unary('sign', lax.sign, (r, s) => awayFromZero(r, s, 0.1, 2), false),
  unary('floor', lax.floor, offInteger, false),
  unary('stop_gradient', lax.stopGradient, normal, false),
  binary('add', lax.add, indep(normal, normal)),
  binary('sub', lax.sub, indep(normal, normal)),
  binary('mul', lax.mul, indep(normal, normal)),
  binary('div', lax.div, indep(normal, (r, s) => awayFromZero(r, s, 0.3, 2))),
  binary('max', lax.max, separated),
  binary('min', lax.min, separated),
  binary('pow', lax.pow, indep(between(0.3, 2), between(-2, 2))),
  binary('rem', lax.rem, remPair),
  // Off the origin (the one point where atan2 is not differentiable); all four quadrants.
  binary('atan2', lax.atan2, indep(normal, (r, s) => awayFromZero(r, s, 0.2, 2))),
  shiftRightLogical, xorCase, ...bitwiseCases,
  ...BITS_CASES,
  ...(['lt', 'le', 'gt', 'ge', 'eq', 'ne'] as const).map(compareCase),
  where,
  castTo('float32', true, normal),
  castTo('int32', false, offInteger),
  broadcastInDim, reshape, transpose, slice, pad, concatenate,
  ...(['first', 'middle', 'last'] as const).flatMap((at) => [gather(at), scatterAdd(at)]),
  reduceSum, reduceMax, argmax,
  ...Object.entries(dotConfigs).map(([label, cfg]) => dotGeneral(label, cfg)),
  iotaInt, iotaScaled, threefry,
  jitCase, customJvpCase, concatenateWithConstant,
  // control flow: scan, cond, checkpoint (control-flow-cases.ts)
  ...CONTROL_FLOW_CASES,
  closureCase('jit (closes over an array)', 'jit', (x) => jittedClosure(x) as Tensor),
  closureCase('custom_jvp (closes over an array)', 'custom_jvp', (x) => customClosure(x)),
  // Broadcasting happens in the numpy layer (primitives need equal shapes).
  npBinary('np.add (broadcast)', 'add', np.add, normal, normal),
  npBinary('np.subtract (broadcast)', 'sub', np.subtract, normal, normal),
  npBinary('np.multiply (broadcast)', 'mul', np.multiply, normal, normal),
  npBinary('np.divide (broadcast)', 'div', np.divide, normal, (r, s) => awayFromZero(r, s, 0.3, 2)),
  npBinary('np.power (broadcast)', 'pow', np.power, between(0.3, 2), between(-2, 2)),
  npBinary('np.maximum (broadcast)', 'max', np.maximum, gridA, gridB),
  npBinary('np.minimum (broadcast)', 'min', np.minimum, gridA, gridB),
  {
    name: 'np.where (broadcast)', prim: 'where', differentiable: true, diffArgs: [1, 2],
    make: (rng) => {
      const [sa, sb] = broadcastPair(rng);
      return {
        fn: (c, x, y) => np.where(np.greater(c, 0), x, y),
        args: (r) => [normalF64(r, sa), normalF64(r, sb), normalF64(r, sa)],
        desc: `${fmt(sa)}, ${fmt(sb)}, ${fmt(sa)}`,
      };
    },
  },
  // Multi-axis point gather/scatter (NumPy indexing): spec/helpers/indexing-cases.ts.
  ...INDEXING_CASES,
  // Sorting and scans (issue 11).
  ...SORT_SCAN_CASES,
  // debug_callback: values, derivatives and batching unchanged by a callback (issue 11).
  ...DEBUG_CASES,
  // Linear algebra (issue 13).
  ...LINALG_CASES,
  // Convolution, windowed reductions, pooling (issue 13).
  ...CONV_CASES,
];

/** Every primitive of the closed set must appear in the table; the specs assert this. */
export const ALL_PRIMITIVES: Primitive[] = [
  'neg', 'exp', 'log', 'log1p', 'expm1', 'sin', 'cos', 'tanh', 'sqrt', 'rsqrt', 'abs', 'sign', 'floor',
  'add', 'sub', 'mul', 'div', 'max', 'min', 'pow', 'rem', 'shift_right_logical', 'xor', 'compare', 'where', 'cast',
  'and', 'or', 'not', 'shift_left', 'shift_right_arithmetic',
  'bitcast_convert_type', 'population_count', 'clz',
  'atan2',
  'broadcast_in_dim', 'reshape', 'transpose', 'slice', 'pad', 'concatenate', 'gather', 'scatter_add',
  'reduce_sum', 'reduce_max', 'argmax', 'dot_general', 'iota', 'threefry2x32', 'stop_gradient', 'custom_jvp', 'jit',
  'gather_nd', 'scatter_nd',
  'sort', 'cumsum', 'cumprod', 'cummax', 'cummin',
  'debug_callback',
  'cholesky', 'triangular_solve', 'lu', 'qr', 'eigh', 'svd',
  'conv_general_dilated',
];

/** The args that carry tangents: the case's list, else every floating-point arg. */
export const diffArgsOf = (c: PrimitiveCase, args: Tensor[]): number[] =>
  c.diffArgs ?? args.map((a, i) => (a.dtype === 'float64' || a.dtype === 'float32' ? i : -1)).filter((i) => i >= 0);

/** A per-(case, seed) generator, so every case draws independently yet reproducibly. */
export function rngFor(c: PrimitiveCase, seed: number): Rng {
  let h = seed * 2654435761;
  for (const ch of c.name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return new Rng(h >>> 0);
}
