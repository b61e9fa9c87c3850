/**
 * Conformance cases of gather_nd and scatter_nd (src/primitives/indexing-nd.ts), appended to the
 * primitive table (primitive-cases.ts), so the jvp, vjp, vmap and WebGPU specs run them all.
 * Indices reach one past each end, so clamping, filling and dropping are all exercised, and
 * repeat often, so accumulation and "last set wins" are too. min/max draw every value of the
 * operand and updates from a shuffled grid, so no two are tied and the derivative exists.
 */
import { lax, Tensor } from '../../src/index.js';
import type { GatherMode, ScatterMode, ScatterOp } from '../../src/core/primitive.js';
import { Rng, f64, i32, normalF64, sizeOf } from './check.js';
import type { PrimitiveCase } from './primitive-cases.js';

const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

/** An operand shape, the indexed axes (a random non-empty subset in random order) and a batch shape. */
function layout(rng: Rng, minBatchRank: number) {
  const xShape = rng.shape(1, 3, 4);
  const k = rng.int(1, xShape.length + 1);
  const axes = rng.perm(xShape.length).slice(0, k);
  const batch = rng.shape(minBatchRank, 2, 3);
  const rest = xShape.filter((_, d) => !axes.includes(d));
  return { xShape, axes, batch, idxShape: [...batch, k], pointShape: [...batch, ...rest] };
}

/** Index tuples with components in [-1, n]: one out of range at either end now and then. */
const tuples = (r: Rng, xShape: number[], axes: number[], idxShape: number[]): Tensor =>
  i32(idxShape, (i) => r.int(-1, xShape[axes[i % axes.length]] + 1));

const gatherNd = (mode: GatherMode): PrimitiveCase => ({
  name: `gather_nd (${mode})`, prim: 'gather_nd', differentiable: true, diffArgs: [0],
  make: (rng) => {
    const { xShape, axes, idxShape } = layout(rng, 0);
    return {
      fn: (x, idx) => lax.gatherNd(x, idx, axes, mode, 0.25),
      args: (r) => [normalF64(r, xShape), tuples(r, xShape, axes, idxShape)],
      desc: `x ${fmt(xShape)} idx ${fmt(idxShape)} axes ${fmt(axes)}`,
    };
  },
});

/** Values for op: normal for set/add; mul: ±[0.5, 1.5] with some exact zeros; min/max: all distinct. */
function values(op: ScatterOp, r: Rng, xShape: number[], uShape: number[]): [Tensor, Tensor] {
  if (op === 'min' || op === 'max') {
    const nx = sizeOf(xShape), p = r.perm(nx + sizeOf(uShape));
    const v = p.map((q) => 0.5 * q - 3 + r.uniform(-0.1, 0.1));
    return [f64(xShape, (i) => v[i]), f64(uShape, (i) => v[nx + i])];
  }
  if (op === 'mul') return [normalF64(r, xShape), f64(uShape, () => (r.uniform() < 0.2 ? 0 : r.sign() * r.uniform(0.5, 1.5)))];
  return [normalF64(r, xShape), normalF64(r, uShape)];
}

const scatterNd = (op: ScatterOp, mode: ScatterMode): PrimitiveCase => ({
  name: `scatter_nd (${op}, ${mode})`, prim: 'scatter_nd', differentiable: true, diffArgs: [0, 2],
  make: (rng) => {
    const { xShape, axes, idxShape, pointShape } = layout(rng, 1);
    return {
      fn: (x, idx, u) => lax.scatterNd(x, idx, u, axes, op, mode),
      args: (r) => {
        const [x, u] = values(op, r, xShape, pointShape);
        return [x, tuples(r, xShape, axes, idxShape), u];
      },
      desc: `x ${fmt(xShape)} idx ${fmt(idxShape)} upd ${fmt(pointShape)} axes ${fmt(axes)}`,
    };
  },
});

export const INDEXING_CASES: PrimitiveCase[] = [
  gatherNd('clip'), gatherNd('fill'),
  ...(['set', 'add', 'mul', 'min', 'max'] as const).flatMap((op) => [scatterNd(op, 'drop'), scatterNd(op, 'clip')]),
];
