/** Contractions: matmul, dot, outer and einsum, all lowering to dot_general. */
import { ArgumentError, ShapeError } from '../core/errors.js';
import { Tensor, isTensor } from '../core/tensor.js';
import * as validate from '../core/validate.js';
import * as lax from '../primitives/lax.js';
import { broadcastShapes, broadcastTo, resultDtype } from './broadcast.js';
import { diagonal } from './matrix.js';
import { ArrayLike, arrayFor, operandTensor } from './creation.js';

function operands(op: string, a: ArrayLike, b: ArrayLike): [Tensor, Tensor] {
  validate.operand(op, a, 'the first operand');
  validate.operand(op, b, 'the second operand');
  // Array data is an array with its own dtype before promotion (see numpy/broadcast.ts prepare).
  if (!isTensor(a) && typeof a !== 'number' && typeof a !== 'boolean') a = arrayFor(op, a);
  if (!isTensor(b) && typeof b !== 'number' && typeof b !== 'boolean') b = arrayFor(op, b);
  const dt = resultDtype(op, a, b);
  return [lax.cast(operandTensor(op, a, dt, 'the first operand'), dt), lax.cast(operandTensor(op, b, dt, 'the second operand'), dt)];
}

const fmt = (t: Tensor) => `${t.aval}`;

/**
 * Matrix product with numpy semantics: 1-D operands are vectors; leading axes broadcast as batches.
 * @example np.matmul(np.array([[1, 2], [3, 4]]), np.array([1, 1])); // → [3, 7]
 * @example np.matmul(np.ones([5, 2, 3]), np.ones([3, 4])).shape; // → [5, 2, 4]
 */
export function matmul(a: ArrayLike, b: ArrayLike): Tensor {
  let [x, y] = operands('np.matmul', a, b);
  if (x.ndim === 0 || y.ndim === 0) throw new ShapeError(`np.matmul: operands must be at least 1-D, got ${fmt(x)} and ${fmt(y)}; use multiply for scalars.`);
  const xVec = x.ndim === 1, yVec = y.ndim === 1;
  if (xVec) x = lax.reshape(x, [1, x.shape[0]]);
  if (yVec) y = lax.reshape(y, [y.shape[0], 1]);
  const K = x.shape[x.ndim - 1];
  if (y.shape[y.ndim - 2] !== K) {
    throw new ShapeError(`np.matmul: inner dimensions differ: ${fmt(x)} @ ${fmt(y)} (${K} vs ${y.shape[y.ndim - 2]}); ` +
      `the last axis of the first must equal the second-to-last of the second.`);
  }
  const batch = broadcastShapes('np.matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  x = broadcastTo(x, [...batch, ...x.shape.slice(-2)], 'np.matmul');
  y = broadcastTo(y, [...batch, ...y.shape.slice(-2)], 'np.matmul');
  const nb = batch.length, bd = batch.map((_, i) => i);
  let r = lax.dotGeneral(x, y, [[nb + 1], [nb]], [bd, bd]);
  if (xVec) r = lax.reshape(r, [...r.shape.slice(0, nb), ...r.shape.slice(nb + 1)]);
  if (yVec) r = lax.reshape(r, r.shape.slice(0, -1));
  return r;
}

/**
 * numpy.dot: inner product of vectors; for N-D, contracts the last axis of a with the second-to-last of b.
 * @example np.dot(np.array([1, 2, 3]), np.array([4, 5, 6])); // → 32
 */
export function dot(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands('np.dot', a, b);
  if (x.ndim === 0 || y.ndim === 0) return lax.mul(...(operandsBroadcast(x, y)));
  const yAxis = y.ndim === 1 ? 0 : y.ndim - 2;
  if (x.shape[x.ndim - 1] !== y.shape[yAxis]) {
    throw new ShapeError(`np.dot: ${fmt(x)} and ${fmt(y)} are not aligned (${x.shape[x.ndim - 1]} vs ${y.shape[yAxis]}).`);
  }
  return lax.dotGeneral(x, y, [[x.ndim - 1], [yAxis]]);
}

function operandsBroadcast(x: Tensor, y: Tensor): [Tensor, Tensor] {
  const s = broadcastShapes('np.dot', x.shape, y.shape);
  return [broadcastTo(x, s, 'np.dot'), broadcastTo(y, s, 'np.dot')];
}

/** The outer product of two arrays, flattened first (numpy.outer). @example np.outer(np.array([1, 2]), np.array([1, 10, 100])); // → [[1, 10, 100], [2, 20, 200]] */
export function outer(a: ArrayLike, b: ArrayLike): Tensor {
  const [x, y] = operands('np.outer', a, b);
  return lax.dotGeneral(lax.reshape(x, [x.size]), lax.reshape(y, [y.size]), [[], []]);
}

/**
 * Einstein summation: any number of operands, explicit (`ij,jk->ik`) or implicit (`ij,jk`, the
 * output is the indices that appear once, sorted) output; an ellipsis (`...ij,...jk->...ik`)
 * stands for leading axes that broadcast (size 1 against n) across operands; an index repeated
 * within one operand takes that operand's diagonal (`ii->i`, and `ii` the trace).
 * @example np.einsum('bij,bjk->bik', np.ones([2, 3, 4]), np.ones([2, 4, 5])).shape; // → [2, 3, 5]
 * @example np.einsum('ii', np.array([[1, 2], [3, 4]])); // → 5
 */
export function einsum(spec: string, ...args: ArrayLike[]): Tensor {
  if (typeof spec !== 'string') {
    throw new ArgumentError(`np.einsum: the subscripts are ${validate.describe(spec)}; pass a string such as 'ij,jk->ik' first, then the arrays.`);
  }
  const [lhs, rhs, ...extra] = spec.replace(/\s+/g, '').split('->');
  if (extra.length) throw new ArgumentError(`np.einsum: '${spec}' has more than one '->'.`);
  const rawIns = lhs.split(',');
  if (rawIns.length !== args.length) throw new ArgumentError(`np.einsum: '${spec}' names ${rawIns.length} operands but ${args.length} were given.`);
  let ts = args.map((a, i) => operandTensor('np.einsum', a, undefined, `operand ${i}`));
  const { ins, out: explicitOut, ellipsis } = expandEllipses(spec, rawIns, rhs, ts);
  // The implicit output: the indices that appear once in all the subscripts (so 'ii' is a trace).
  const all = ins.join('');
  const out = explicitOut ?? ellipsis.join('') + [...new Set(all)].filter((c) => !ellipsis.includes(c) && all.indexOf(c) === all.lastIndexOf(c)).sort().join('');
  // Broadcast size-1 ellipsis axes against the other operands' sizes.
  const eSize = new Map<string, number>();
  ins.forEach((s, k) => [...s].forEach((ch, d) => {
    if (ellipsis.includes(ch) && ts[k].shape[d] !== 1) {
      const n = eSize.get(ch);
      if (n !== undefined && n !== ts[k].shape[d]) {
        throw new ShapeError(`np.einsum: the axes under '...' do not broadcast: sizes ${n} and ${ts[k].shape[d]} (operand ${k} is ${fmt(ts[k])}).`);
      }
      eSize.set(ch, ts[k].shape[d]);
    }
  }));
  ts = ts.map((t, k) => {
    const shape = [...ins[k]].map((ch, d) => (ellipsis.includes(ch) ? eSize.get(ch) ?? 1 : t.shape[d]));
    return shape.every((n, d) => n === t.shape[d]) ? t : broadcastTo(t, shape, 'np.einsum');
  });
  // A repeated index within an operand: its diagonal, with that index moved last.
  ins.forEach((s, k) => {
    for (let c = repeated(s); c !== undefined; c = repeated(ins[k])) {
      const p = ins[k].indexOf(c), q = ins[k].indexOf(c, p + 1);
      if (ts[k].shape[p] !== ts[k].shape[q]) {
        throw new ShapeError(`np.einsum: index '${c}' repeats in '${s}' over axes of sizes ${ts[k].shape[p]} and ${ts[k].shape[q]}; a diagonal needs equal sizes.`);
      }
      ts[k] = diagonal(ts[k], 0, p, q);
      ins[k] = [...ins[k]].filter((_, d) => d !== p && d !== q).join('') + c;
    }
  });
  if (new Set(out).size !== out.length) throw new ArgumentError(`np.einsum: the output '${rhs}' repeats an index; each output index appears once.`);
  const sizes = new Map<string, number>();
  ins.forEach((s, k) => {
    if (s.length !== ts[k].ndim) throw new ShapeError(`np.einsum: '${rawIns[k]}' has ${s.length} indices but operand ${k} is ${fmt(ts[k])}.`);
    [...s].forEach((c, d) => {
      const n = ts[k].shape[d];
      if (sizes.has(c) && sizes.get(c) !== n) throw new ShapeError(`np.einsum: index '${c}' has sizes ${sizes.get(c)} and ${n}.`);
      sizes.set(c, n);
    });
  });
  for (const c of out) if (!sizes.has(c)) throw new ArgumentError(`np.einsum: output index '${c}' does not appear in any operand.`);

  // Sum an operand's indices that no one else needs, then fold operands left to right.
  const reduceUnneeded = (t: Tensor, s: string, keep: string): [Tensor, string] => {
    const axes = [...s].flatMap((c, d) => (keep.includes(c) ? [] : [d]));
    return [lax.reduceSum(t, axes), [...s].filter((c) => keep.includes(c)).join('')];
  };
  let [acc, accS] = reduceUnneeded(ts[0], ins[0], out + ins.slice(1).join(''));
  for (let k = 1; k < ts.length; k++) {
    const later = out + ins.slice(k + 1).join('');
    const [t, s] = reduceUnneeded(ts[k], ins[k], later + accS);
    [acc, accS] = reduceUnneeded(acc, accS, later + s);
    const shared = [...accS].filter((c) => s.includes(c));
    const batch = shared.filter((c) => later.includes(c)), contract = shared.filter((c) => !later.includes(c));
    const dt = resultDtype('np.einsum', acc, t);
    acc = lax.dotGeneral(lax.cast(acc, dt), lax.cast(t, dt),
      [contract.map((c) => accS.indexOf(c)), contract.map((c) => s.indexOf(c))],
      [batch.map((c) => accS.indexOf(c)), batch.map((c) => s.indexOf(c))]);
    accS = batch.join('') + [...accS].filter((c) => !shared.includes(c)).join('') + [...s].filter((c) => !shared.includes(c)).join('');
  }
  [acc, accS] = reduceUnneeded(acc, accS, out);
  return lax.transpose(acc, [...out].map((c) => accS.indexOf(c)));
}

const repeated = (s: string): string | undefined => [...s].find((c, i) => s.indexOf(c) !== i);

/**
 * Replaces each '...' by letters that name its axes, right-aligned across operands (an operand
 * with fewer leading axes takes the last ones), and checks the subscripts are letters.
 */
function expandEllipses(spec: string, rawIns: string[], rhs: string | undefined, ts: Tensor[]): { ins: string[]; out: string | undefined; ellipsis: string[] } {
  const check = (s: string, what: string) => {
    if (!/^[a-zA-Z]*(\.\.\.)?[a-zA-Z]*$/.test(s)) {
      throw new ArgumentError(`np.einsum: ${what} '${s}' must be letters with at most one '...' (in '${spec}').`);
    }
  };
  rawIns.forEach((s, k) => check(s, `operand ${k}'s subscripts`));
  if (rhs !== undefined) check(rhs, 'the output');
  const used = new Set((rawIns.join('') + (rhs ?? '')).replace(/\./g, ''));
  const free = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'].filter((c) => !used.has(c));
  const ranks = rawIns.map((s, k) => {
    if (!s.includes('...')) return 0;
    const r = ts[k].ndim - (s.length - 3);
    if (r < 0) throw new ShapeError(`np.einsum: '${s}' names ${s.length - 3} axes besides '...' but operand ${k} is ${fmt(ts[k])}.`);
    return r;
  });
  const E = Math.max(0, ...ranks);
  if (E > free.length) throw new ArgumentError(`np.einsum: '...' covers ${E} axes but only ${free.length} unused letters remain to name them.`);
  const ellipsis = free.slice(0, E);
  const ins = rawIns.map((s, k) => s.replace('...', ellipsis.slice(E - ranks[k]).join('')));
  return { ins, out: rhs?.replace('...', ellipsis.join('')), ellipsis };
}
