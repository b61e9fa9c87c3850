/**
 * vmap conformance: for every primitive, vmap(f) over a random batch equals f applied to each
 * batch element and stacked — with batch axes at 0, 1 and last, each operand batched alone
 * (the others unbatched), mixed axes, and output axes other than 0.
 */
import { describe, expect, it } from 'vitest';
import { np, jvp, grad, vjp, vmap, Tensor } from '../src/index.js';
import { CASES, PrimitiveCase, diffArgsOf, rngFor } from './helpers/primitive-cases.js';
import { Rng, SEEDS, asList, host, maxScaledDiff, normalF64 } from './helpers/check.js';

interface Variant { label: string; inAxes: (number | null)[]; outAxis: number }

/** Axis specs are clamped to each operand's rank (a scalar can only be batched at 0); −1 is last. */
const resolve = (axis: number, rank: number): number => (axis < 0 ? rank + 1 + axis : Math.min(axis, rank));

function variantsFor(arity: number): Variant[] {
  const all = (a: number) => Array.from({ length: arity }, () => a);
  const vs: Variant[] = [
    { label: 'all at 0', inAxes: all(0), outAxis: 0 },
    { label: 'all at 1, out at 1', inAxes: all(1), outAxis: 1 },
    { label: 'all last, out last', inAxes: all(-1), outAxis: -1 },
  ];
  if (arity > 1) {
    for (let i = 0; i < arity; i++) {
      for (const ax of [0, 1]) {
        const inAxes = Array.from({ length: arity }, (_, j): number | null => (j === i ? ax : null));
        vs.push({ label: `only arg ${i} at ${ax}`, inAxes, outAxis: 0 });
      }
    }
    vs.push({ label: 'mixed axes, out last', inAxes: Array.from({ length: arity }, (_, j) => [1, 0, -1][j % 3]), outAxis: -1 });
  }
  return vs;
}

const rows: [string, PrimitiveCase, Variant][] = CASES.flatMap((c) => {
  const rng = rngFor(c, SEEDS[0]);
  const arity = c.make(rng).args(rng).length;
  return variantsFor(arity).map((v): [string, PrimitiveCase, Variant] => [`${c.name}: ${v.label}`, c, v]);
});

/** Exact for integer and bool results; float results may differ in the last bits (summation order). */
function expectSame(got: Tensor, want: Tensor, where: string): void {
  expect(got.shape, `${where}: shape`).toEqual(want.shape);
  expect(got.dtype, `${where}: dtype`).toBe(want.dtype);
  const a = host(got), b = host(want);
  const tol = want.dtype === 'float64' ? 1e-12 : want.dtype === 'float32' ? 1e-6 : 0;
  expect(maxScaledDiff(a, b), `${where}: values`).toBeLessThanOrEqual(tol);
}

/** Float64 args as float32 (other dtypes unchanged), to run the same check in single precision. */
const toF32 = (xs: Tensor[]) => xs.map((a) => (a.dtype === 'float64' ? np.astype(a, 'float32') : a));

const f32Rows = rows.filter(([, c, v]) => c.float32 !== false && (v.label === 'all at 1, out at 1' || v.label.startsWith('mixed')))
  .map(([label, c, v]): [string, PrimitiveCase, Variant, boolean] => [`${label} (float32)`, c, v, true]);

describe.each([...rows.map(([l, c, v]): [string, PrimitiveCase, Variant, boolean] => [l, c, v, false]), ...f32Rows])('vmap of %s', (_label, c, v, f32) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const B = rng.int(2, 5);
    const samples = Array.from({ length: B }, () => (f32 ? toF32(inst.args(rng)) : inst.args(rng)));
    const ranks = samples[0].map((a) => a.ndim);
    const inAxes = v.inAxes.map((a, i) => (a === null ? null : resolve(a, ranks[i])));
    const batched = samples[0].map((a, i) => (inAxes[i] === null ? a : np.stack(samples.map((s) => s[i]), inAxes[i]!)));
    // Unbatched operands take sample 0's value for every batch element.
    const perB = samples.map((s) => asList(inst.fn(...s.map((a, i) => (inAxes[i] === null ? samples[0][i] : a)))));
    // Per output (a multi-output primitive's outputs may differ in rank: eigh's v and w).
    const outAxesList = perB[0].map((o) => resolve(v.outAxis, o.ndim));
    const outAxis = outAxesList.every((a) => a === outAxesList[0]) ? outAxesList[0] : outAxesList;
    const want = perB[0].map((_, k) => np.stack(perB.map((o) => o[k]), outAxesList[k]));
    const got = asList(vmap(inst.fn, { inAxes, outAxes: outAxis })(...batched) as Tensor | Tensor[]);
    const where = `${c.name} ${inst.desc} B=${B} inAxes ${JSON.stringify(inAxes)} outAxes ${outAxis} seed ${seed}`;
    expect(got.length, where).toBe(want.length);
    got.forEach((g, k) => expectSame(g, want[k], `${where} output ${k}`));
  });
});

describe.each(CASES)('vmap of vmap of $name = doubly stacked', (c: PrimitiveCase) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const [B1, B2] = [rng.int(2, 4), rng.int(2, 4)];
    const grid = Array.from({ length: B1 }, () => Array.from({ length: B2 }, () => inst.args(rng)));
    const inner = grid[0][0].map((a, i) => resolve([-1, 0, 1][i % 3], a.ndim));
    const batched = grid[0][0].map((_, i) => np.stack(grid.map((row) => np.stack(row.map((s) => s[i]), inner[i])), 0));
    const got = asList(vmap(vmap(inst.fn, { inAxes: inner }), { inAxes: 0 })(...batched) as Tensor | Tensor[]);
    const per = grid.map((row) => row.map((s) => asList(inst.fn(...s))));
    const want = per[0][0].map((_, k) => np.stack(per.map((row) => np.stack(row.map((o) => o[k]), 0)), 0));
    const where = `${c.name} ${inst.desc} B=${B1}×${B2} inner inAxes ${JSON.stringify(inner)} seed ${seed}`;
    got.forEach((g, k) => expectSame(g, want[k], `${where} output ${k}`));
  });
});

// --- vmap composed with differentiation -------------------------------------------------------

/** Batch axes that mix positions: arg i at 0, last, 1, 0, ... (clamped to its rank). */
const mixedAxes = (args: Tensor[]) => args.map((a, i) => resolve([0, -1, 1][i % 3], a.ndim));

describe.each(CASES.filter((c) => c.differentiable))('jvp of vmap of $name = stacked jvp', (c: PrimitiveCase) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const B = rng.int(2, 5);
    const samples = Array.from({ length: B }, () => inst.args(rng));
    const diff = diffArgsOf(c, samples[0]);
    const tangents = samples.map((s) => s.map((a, i) => (diff.includes(i) ? normalF64(rng, a.shape) : a)));
    const inAxes = mixedAxes(samples[0]);
    const stackAt = (xs: Tensor[][], i: number) => np.stack(xs.map((x) => x[i]), inAxes[i]);
    const batched = samples[0].map((_, i) => stackAt(samples, i));
    const batchedT = samples[0].map((_, i) => stackAt(tangents, i));
    const [, got] = jvp(vmap(inst.fn, { inAxes }), batched, batchedT);
    const per = samples.map((s, b) => asList(jvp(inst.fn, s, tangents[b])[1] as Tensor | Tensor[]));
    const want = per[0].map((_, k) => np.stack(per.map((o) => o[k]), 0));
    const where = `${c.name} ${inst.desc} B=${B} inAxes ${JSON.stringify(inAxes)} seed ${seed}`;
    asList(got as Tensor | Tensor[]).forEach((g, k) => expectSame(g, want[k], `${where} tangent ${k}`));
  });
});

describe.each(CASES.filter((c) => c.differentiable))('vjp of vmap of $name = stacked vjp', (c: PrimitiveCase) => {
  it.each(SEEDS)('seed %i', (seed) => {
    const rng = rngFor(c, seed);
    const inst = c.make(rng);
    const B = rng.int(2, 5);
    const samples = Array.from({ length: B }, () => inst.args(rng));
    const diff = diffArgsOf(c, samples[0]);
    const inAxes = mixedAxes(samples[0]);
    const batched = samples[0].map((_, i) => np.stack(samples.map((x) => x[i]), inAxes[i]));
    const ys = samples.map((s) => asList(inst.fn(...s)));
    const cts = ys.map((y) => y.map((o) => (o.dtype === 'float64' ? normalF64(rng, o.shape) : np.astype(normalF64(rng, o.shape), o.dtype))));
    const [y, pullback] = vjp(vmap(inst.fn, { inAxes }), ...batched);
    const ctB = ys[0].map((_, k) => np.stack(cts.map((c2) => c2[k]), 0));
    const got = pullback((Array.isArray(y) ? ctB : ctB[0]) as never) as Tensor[];
    const per = samples.map((s, b) => vjp(inst.fn, ...s)[1]((Array.isArray(y) ? cts[b] : cts[b][0]) as never) as Tensor[]);
    const where = `${c.name} ${inst.desc} B=${B} inAxes ${JSON.stringify(inAxes)} seed ${seed}`;
    diff.forEach((i) => expectSame(got[i], np.stack(per.map((g) => g[i]), inAxes[i]), `${where} cotangent ${i}`));
  });
});

describe('vmap composes with jvp and grad', () => {
  it.each(SEEDS)('vmap(grad(f)) = stacked grad(f) (seed %i)', (seed) => {
    const rng = new Rng(300 + seed);
    const f = (x: Tensor) => np.sum(np.multiply(np.sin(x), np.exp(np.multiply(x, 0.5))));
    const xs = normalF64(rng, [3, 4]);
    const got = vmap(grad(f), { inAxes: 1, outAxes: 1 })(xs) as Tensor;
    const cols = [0, 1, 2, 3].map((j) => grad(f)(np.slice(xs, [null, j])) as Tensor);
    expectSame(got, np.stack(cols, 1), 'vmap(grad f)');
  });

  it.each(SEEDS)('jvp(vmap(f)) = vmap(jvp(f)) (seed %i)', (seed) => {
    const rng = new Rng(400 + seed);
    const f = (x: Tensor, w: Tensor) => np.tanh(np.matmul(w, x));
    const xs = normalF64(rng, [5, 3]), w = normalF64(rng, [2, 3]), tx = normalF64(rng, [5, 3]);
    const [, a] = jvp((x: Tensor) => vmap(f, { inAxes: [0, null] })(x, w) as Tensor, [xs], [tx]);
    const b = vmap((x: Tensor, t: Tensor) => jvp((u: Tensor) => f(u, w), [x], [t])[1], { inAxes: 0 })(xs, tx) as Tensor;
    expectSame(a as Tensor, b, 'jvp∘vmap vs vmap∘jvp');
  });
});
