/**
 * conv_general_dilated on the CPU: the reference (oracle) kernel, written as the definition reads —
 * for every output element, a sum over its group's input features and every window position, in
 * float64 — with no im2col or reordering, so that its correctness is easy to see.
 *
 * Output (n, o, y...) with G = featureGroupCount · batchGroupCount groups (one of the two is 1)
 * and g = o div (O / G), the group of output feature o (group-major, as XLA):
 *   feature groups: lhs batch n,              lhs features g·I .. g·I + I − 1 (I = rhs input features)
 *   batch groups:   lhs batch g·(N/G) + n,    every lhs feature
 * out = Σ_i Σ_k lhs[batch, feature(i), q] · rhs[o, i, k], where for each spatial dimension d the
 * position in the lhs dilated by lhsDilation and padded by lo is p = y·stride − lo + k·rhsDilation:
 * it reads the lhs at q = p / lhsDilation when that divides exactly and lies in range, else 0.
 */
import { allocate, type DType, type TypedArray } from '../../core/dtype.js';
import type { ConvParams } from '../../core/primitive.js';
import { stridesOf } from '../../core/shape.js';

export function convGeneralDilated(lhs: TypedArray, lhsShape: readonly number[], rhs: TypedArray, rhsShape: readonly number[],
  outShape: readonly number[], p: ConvParams, dtype: DType): TypedArray {
  const { lhs: ls, rhs: rs, out: os } = p.dimensionNumbers;
  const nsp = ls.length - 2;
  const out = allocate(dtype, outShape.reduce((a, b) => a * b, 1));
  if (out.length === 0) return out;
  const lst = stridesOf(lhsShape), rst = stridesOf(rhsShape), ost = stridesOf(outShape);
  const G = p.featureGroupCount * p.batchGroupCount;
  const N = outShape[os[0]], O = outShape[os[1]], Og = O / G;
  const I = rhsShape[rs[1]], Nb = lhsShape[ls[0]] / p.batchGroupCount;
  const outSp = os.slice(2).map((d) => outShape[d]), inSp = ls.slice(2).map((d) => lhsShape[d]);
  const kSp = rs.slice(2).map((d) => rhsShape[d]);
  const kSize = kSp.reduce((a, b) => a * b, 1), ySize = outSp.reduce((a, b) => a * b, 1);
  const y = new Array<number>(nsp).fill(0), kk = new Array<number>(nsp).fill(0);
  for (let n = 0; n < N; n++) {
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      const lb = p.batchGroupCount > 1 ? g * Nb + n : n;
      const f0 = p.featureGroupCount > 1 ? g * I : 0;
      for (let yi = 0; yi < ySize; yi++) {
        // Spatial output position y from its linear number (last dimension fastest).
        for (let d = nsp - 1, r = yi; d >= 0; d--) { y[d] = r % outSp[d]; r = Math.floor(r / outSp[d]); }
        let acc = 0;
        for (let ki = 0; ki < kSize; ki++) {
          for (let d = nsp - 1, r = ki; d >= 0; d--) { kk[d] = r % kSp[d]; r = Math.floor(r / kSp[d]); }
          let lOff = lb * lst[ls[0]], rOff = o * rst[rs[0]], inside = true;
          for (let d = 0; d < nsp && inside; d++) {
            const pos = y[d] * p.windowStrides[d] - p.padding[d][0] + kk[d] * p.rhsDilation[d];
            const ld = p.lhsDilation[d];
            if (pos < 0 || pos % ld !== 0) { inside = false; break; }
            const q = pos / ld;
            if (q >= inSp[d]) { inside = false; break; }
            lOff += q * lst[ls[d + 2]];
            rOff += kk[d] * rst[rs[d + 2]];
          }
          if (!inside) continue;
          for (let i = 0; i < I; i++) acc += Number(lhs[lOff + (f0 + i) * lst[ls[1]]]) * Number(rhs[rOff + i * rst[rs[1]]]);
        }
        let oOff = n * ost[os[0]] + o * ost[os[1]];
        for (let d = 0; d < nsp; d++) oOff += y[d] * ost[os[d + 2]];
        out[oOff] = acc;
      }
    }
  }
  return out;
}
