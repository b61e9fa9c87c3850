/**
 * Parity of nn with jax.nn / Flax / optax where a JAX user found differences: the integer-label
 * cross-entropy with masked (−∞) logits, conv/dense layers without a bias, the exact gelu's
 * negative tail, dropout, integer-dtype initializers, batchNorm. Known answers are float64 values
 * from numpy/scipy (quoted) or plain-JS formulas.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, errors, grad, jit, nn, np, random, vmap } from '../src/index.js';
import { host } from './helpers/check.js';

const vals = (t: Tensor): number[] => Array.from(host(t));

describe('nn.softmaxCrossEntropyWithIntegerLabels as optax (take_along_axis)', () => {
  const logits = () => np.array([[1.5, -Infinity, 0.25], [0.3, 2.0, -1.0]], { dtype: 'float64' });

  it('a −∞ logit that is not the label costs nothing (no NaN), in value and gradient', () => {
    // scipy: logsumexp(l[i]) − l[i, y[i]]
    const loss = nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0, 1], { dtype: 'int32' }));
    const v = vals(loss);
    expect(v[0]).toBeCloseTo(0.25192908134537295, 12);
    expect(v[1]).toBeCloseTo(0.20902076654506008, 12);
    const g = vals(grad((l: Tensor) => np.sum(nn.softmaxCrossEntropyWithIntegerLabels(l, np.array([0, 1], { dtype: 'int32' }))))(logits()));
    const e0 = [Math.exp(1.5), 0, Math.exp(0.25)], s0 = e0[0] + e0[2];
    const e1 = [Math.exp(0.3), Math.exp(2), Math.exp(-1)], s1 = e1[0] + e1[1] + e1[2];
    const want = [e0[0] / s0 - 1, 0, e0[2] / s0, e1[0] / s1, e1[1] / s1 - 1, e1[2] / s1];
    want.forEach((w, i) => expect(g[i]).toBeCloseTo(w, 12));
    // under jit and vmap too
    const j = vals(jit((l: Tensor) => nn.softmaxCrossEntropyWithIntegerLabels(l, np.array([0, 1], { dtype: 'int32' })))(logits()));
    expect(j[0]).toBeCloseTo(v[0], 12);
    const vm = vals(vmap((l: Tensor, y: Tensor) => nn.softmaxCrossEntropyWithIntegerLabels(l, y))(logits(), np.array([0, 1], { dtype: 'int32' })));
    expect(vm[0]).toBeCloseTo(v[0], 12);
    expect(vm[1]).toBeCloseTo(v[1], 12);
  });

  it('negative labels count from the end; labels outside [−n, n) give NaN (take_along_axis fill mode)', () => {
    const v = vals(nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([-1, 3], { dtype: 'int32' })));
    expect(v[0]).toBeCloseTo(0.25192908134537295 + 1.25, 12); // logsumexp − 0.25
    expect(v[1]).toBeNaN();
    expect(vals(nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([-4, 2], { dtype: 'int32' })))[0]).toBeNaN();
    // the label axis need not be the last
    const t = vals(nn.softmaxCrossEntropyWithIntegerLabels(np.transpose(logits()), np.array([0, 1], { dtype: 'int32' }), { axis: 0 }));
    expect(t[1]).toBeCloseTo(0.20902076654506008, 12);
  });

  it('keeps its named errors', () => {
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0.5, 1]))).toThrow(errors.DTypeError);
    expect(() => nn.softmaxCrossEntropyWithIntegerLabels(logits(), np.array([0, 1, 2], { dtype: 'int32' }))).toThrow(errors.ShapeError);
  });
});
