/**
 * dot_general: a contraction over paired axes with optional batch axes, the one primitive behind
 * matmul, einsum and every dense layer. Output axes: batch, lhs free, rhs free (as in XLA).
 */
import { ArgumentError, DTypeError } from '../core/errors.js';
import { ShapedArray } from '../core/shape.js';
import { Tensor } from '../core/tensor.js';
import * as k from '../backend/cpu/kernels.js';
import * as lax from './lax.js';
import { NONLINEAR_TANGENT, addTangents, mapTangent, moveBatchAxis, shapeError } from './helpers.js';
import type { BatchDim, FirstOrderRules } from './rules.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const freeDims = (ndim: number, contract: readonly number[], batch: readonly number[]) =>
  range(ndim).filter((d) => !contract.includes(d) && !batch.includes(d));

export const dot_general: FirstOrderRules<'dot_general'> = {
  abstractEval: ([x, y], { contract: [xc, yc], batch: [xb, yb] }) => {
    const dimsOk = (ds: readonly number[], a: ShapedArray) => ds.every((d) => Number.isInteger(d) && d >= 0 && d < a.ndim);
    const pairs = (p: readonly number[], q: readonly number[]) => p.length === q.length && p.every((d, i) => x.shape[d] === y.shape[q[i]]);
    if (x.dtype !== y.dtype) {
      throw new DTypeError(`dot_general: operands must have the same dtype, got ${x} and ${y}; cast one with astype().`);
    }
    if (!dimsOk([...xc, ...xb], x) || !dimsOk([...yc, ...yb], y) || !pairs(xc, yc) || !pairs(xb, yb)) {
      throw shapeError('dot_general', `cannot contract ${x} with ${y} over axes (${xc.join(',')})·(${yc.join(',')}) ` +
        `with batch axes (${xb.join(',')})·(${yb.join(',')}): paired axes must have equal sizes`, [x.shape, y.shape]);
    }
    const shape = [...xb.map((d) => x.shape[d]), ...freeDims(x.ndim, xc, xb).map((d) => x.shape[d]),
      ...freeDims(y.ndim, yc, yb).map((d) => y.shape[d])];
    return [new ShapedArray(shape, x.dtype)];
  },
  jvp: ([x, y], [tx, ty], { contract, batch }) => [[lax.dotGeneral(x, y, contract, batch)], [addTangents(
    mapTangent(tx, (t) => lax.dotGeneral(t, y, contract, batch)),
    mapTangent(ty, (t) => lax.dotGeneral(x, t, contract, batch)))]],
  vmap: ([x, y], [dx, dy], { contract, batch }, size): [Tensor[], BatchDim[]] => {
    const [xc, yc] = contract, [xb, yb] = batch;
    const up = (ds: readonly number[], at: number) => ds.map((d) => (d >= at ? d + 1 : d));
    if (dx !== null && dy !== null) {
      const x0 = moveBatchAxis(x, dx, 0, size), y0 = moveBatchAxis(y, dy, 0, size);
      return [[lax.dotGeneral(x0, y0, [up(xc, 0), up(yc, 0)], [[0, ...up(xb, 0)], [0, ...up(yb, 0)]])], [0]];
    }
    if (dx !== null) {
      const c = up(xc, dx), b = up(xb, dx);
      const out = lax.dotGeneral(x, y, [c, yc], [b, yb]);
      return [[out], [xb.length + freeDims(x.ndim, c, b).indexOf(dx)]];
    }
    const c = up(yc, dy!), b = up(yb, dy!);
    const out = lax.dotGeneral(x, y, [xc, c], [xb, b]);
    return [[out], [xb.length + freeDims(x.ndim, xc, xb).length + freeDims(y.ndim, c, b).indexOf(dy!)]];
  },
  // A bool contraction is the OR of ANDs, as in JAX: counted (exactly, in float64) and compared
  // with 0, not summed into a bool (which stored 2). The WebGPU kernel ORs into a bool accumulator
  // (compiler/kernels.ts dotLoopKernel).
  cpu: ([x, y], { contract, batch }, [o]) => (o.dtype === 'bool'
    ? [Uint8Array.from(k.dotGeneral(x.data, x.aval.shape, y.data, y.aval.shape, contract, batch, 'float64'), (c) => (c > 0 ? 1 : 0))]
    : [k.dotGeneral(x.data, x.aval.shape, y.data, y.aval.shape, contract, batch, o.dtype)]),
  transpose: ([ct], [x, y], { contract, batch }) => {
    if (ct === null) return [null, null];
    const [xc, yc] = contract, [xb, yb] = batch;
    const nb = xb.length;
    if (!(x instanceof Tensor) && !(y instanceof Tensor)) throw new ArgumentError(`dot_general: transpose with both operands linear: the tangent computation is not linear. ${NONLINEAR_TANGENT}`);
    if (!(x instanceof Tensor)) {
      // ct[b, xf, yf] · y over yf → [b, xf, yc sorted]; then reorder to x's axes.
      const xf = freeDims(x.aval.ndim, xc, xb), yfree = freeDims((y as Tensor).ndim, yc, yb);
      const ctFree = range(xf.length + yfree.length).map((i) => nb + i);
      const r = lax.dotGeneral(ct, y as Tensor, [ctFree.slice(xf.length), yfree], [range(nb), yb]);
      const sortedYc = [...yc].sort((a, b) => a - b);
      const asX = [...xb, ...xf, ...sortedYc.map((d) => xc[yc.indexOf(d)])];
      return [lax.transpose(r, range(x.aval.ndim).map((d) => asX.indexOf(d))), null];
    }
    const yf = freeDims(y.aval.ndim, yc, yb), xfree = freeDims(x.ndim, xc, xb);
    const r = lax.dotGeneral(ct, x, [range(xfree.length).map((i) => nb + i), xfree], [range(nb), xb]);
    const sortedXc = [...xc].sort((a, b) => a - b);
    const asY = [...yb, ...yf, ...sortedXc.map((d) => yc[xc.indexOf(d)])];
    return [null, lax.transpose(r, range(y.aval.ndim).map((d) => asY.indexOf(d)))];
  },
};
