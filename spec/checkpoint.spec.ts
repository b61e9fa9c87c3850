/**
 * checkpoint (jax.checkpoint, issue 12 step 4): the same values and gradients, with fewer
 * residuals kept from the forward pass: the linearized program of a deep MLP whose blocks are
 * checkpointed holds only the blocks' inputs (and the weights), not every layer's activations.
 */
import { describe, expect, it } from 'vitest';
import { checkpoint, checkpointPolicies, grad, jit, jvp, makeJaxpr, np, vmap, errors, type Tensor } from '../src/index.js';
import type { Jaxpr } from '../src/core/jaxpr.js';
import { expectError } from './helpers/expect-error.js';
import { linearizeFlat } from '../src/transforms/autodiff.js';
import { Rng, finiteDifference, host, normalF64, relErr } from './helpers/check.js';

const LAYERS = 8, BLOCK = 4, WIDTH = 32, BATCH = 64;
type P = Tensor[];
const layer = (h: Tensor, w: Tensor) => np.tanh(np.matmul(h, w)).mul(h.sin().add(1.5));
const block = (h: Tensor, ws: Tensor[]) => ws.reduce(layer, h);
const plainLoss = (ws: P, x: Tensor) => {
  let h = x;
  for (let b = 0; b < LAYERS; b += BLOCK) h = block(h, ws.slice(b, b + BLOCK));
  return h.mul(h).mean();
};
const rematBlock = checkpoint(block);
const rematLoss = (ws: P, x: Tensor) => {
  let h = x;
  for (let b = 0; b < LAYERS; b += BLOCK) h = rematBlock(h, ws.slice(b, b + BLOCK));
  return h.mul(h).mean();
};

const params = (rng: Rng): P => Array.from({ length: LAYERS }, () => normalF64(rng, [WIDTH, WIDTH]).mul(1 / Math.sqrt(WIDTH)));

/** Bytes of the residuals the linearized loss keeps from the forward pass (what grad holds until the backward pass). */
function residualBytes(loss: (ws: P, x: Tensor) => Tensor, ws: P, x: Tensor): number {
  const lin = linearizeFlat((...xs) => [loss(xs.slice(0, LAYERS), xs[LAYERS])], [...ws, x], 1);
  return lin.residuals.reduce((n, r) => n + r.size * 8, 0);
}

describe('checkpoint', () => {
  it('gives the same values, jvp and gradients as the plain function (float64, exactly)', () => {
    const rng = new Rng(21);
    const ws = params(rng), x = normalF64(rng, [BATCH, WIDTH]);
    expect(host(rematLoss(ws, x))).toEqual(host(plainLoss(ws, x)));
    const g1 = grad(rematLoss)(ws, x), g2 = grad(plainLoss)(ws, x);
    g1.forEach((g, i) => expect(relErr(host(g), host(g2[i]))).toBe(0));
    const gj = jit(grad(rematLoss))(ws, x);
    gj.forEach((g, i) => expect(relErr(host(g), host(g2[i]))).toBeLessThan(1e-14));
    const t = normalF64(rng, [BATCH, WIDTH]);
    expect(relErr(host(jvp((v: Tensor) => rematLoss(ws, v), [x], [t])[1]), host(jvp((v: Tensor) => plainLoss(ws, v), [x], [t])[1]))).toBe(0);
    const [fd] = finiteDifference((v) => rematLoss(ws, v), [x], [t], [0], 1e-3);
    const ad = host(grad(rematLoss, { argnums: 1 })(ws, x)).reduce((s, g, i) => s + g * host(t)[i], 0);
    expect(Math.abs(ad - fd[0])).toBeLessThan(1e-6 * (1 + Math.abs(fd[0])));
    // vmap of a checkpointed function, and its Jaxpr shows the primitive.
    const xs = normalF64(rng, [3, 4, WIDTH]);
    expect(relErr(host(vmap((v: Tensor) => rematBlock(v, ws.slice(0, BLOCK)))(xs)), host(block(xs, ws.slice(0, BLOCK))))).toBeLessThan(1e-15);
    expect(String(makeJaxpr((v: Tensor) => rematBlock(v, ws.slice(0, BLOCK)))(x))).toContain('checkpoint[');
  });

  it('keeps fewer residual bytes for grad: only the blocks\' inputs, not every activation', () => {
    const rng = new Rng(22);
    const ws = params(rng), x = normalF64(rng, [BATCH, WIDTH]);
    const plain = residualBytes(plainLoss, ws, x), remat = residualBytes(rematLoss, ws, x);
    console.log(`[checkpoint] residual bytes of the linearized ${LAYERS}-layer MLP (batch ${BATCH}, width ${WIDTH}, float64): plain ${plain}, checkpointed blocks of ${BLOCK}: ${remat}`);
    const activation = BATCH * WIDTH * 8, weights = LAYERS * WIDTH * WIDTH * 8;
    // Plain: several activations per layer. Checkpointed: the input of each block, the output the
    // loss squares, and the weights.
    expect(plain).toBeGreaterThan(2 * LAYERS * activation);
    expect(remat).toBeLessThanOrEqual((LAYERS / BLOCK + 1) * activation + weights);
    expect(remat).toBeLessThan(plain / 2);
  });

  describe('policies (jax.checkpoint_policies)', () => {
    type Policy = NonNullable<Parameters<typeof checkpoint>[1]>;
    const lossWith = (policy: Policy) => {
      const blockP = checkpoint(block, policy);
      return (ws: P, x: Tensor) => {
        let h = x;
        for (let b = 0; b < LAYERS; b += BLOCK) h = blockP(h, ws.slice(b, b + BLOCK));
        return h.mul(h).mean();
      };
    };
    /** Equations of a primitive in a Jaxpr and every body nested in its params. */
    const countPrim = (j: Jaxpr, prim: string): number => j.eqns.reduce((n, e) => n + (e.prim === prim ? 1 : 0) +
      Object.values(e.params as Record<string, unknown>).reduce((m: number, v) => m + (v && typeof v === 'object' && 'eqns' in v ? countPrim(v as Jaxpr, prim) : 0), 0), 0);

    it('every policy gives the plain gradients; the saved bytes order nothing < dots < everything', () => {
      const rng = new Rng(23);
      const ws = params(rng), x = normalF64(rng, [BATCH, WIDTH]);
      const want = grad(plainLoss)(ws, x);
      const policies: [string, Policy][] = [
        ['nothing', { policy: checkpointPolicies.nothingSaveable }], ['dots', { policy: checkpointPolicies.dotsSaveable }],
        ['dotsNoBatch', { policy: checkpointPolicies.dotsWithNoBatchDimsSaveable }], ['everything', { policy: checkpointPolicies.everythingSaveable }],
        ['custom', { policy: (prim) => prim === 'tanh' }],
      ];
      const bytes: Record<string, number> = {};
      for (const [label, policy] of policies) {
        const loss = lossWith(policy);
        grad(loss)(ws, x).forEach((g, i) => expect(relErr(host(g), host(want[i])), `${label} leaf ${i}`).toBeLessThan(1e-14));
        jit(grad(loss))(ws, x).forEach((g, i) => expect(relErr(host(g), host(want[i])), `${label} jit leaf ${i}`).toBeLessThan(1e-14));
        bytes[label] = residualBytes(loss, ws, x);
      }
      const plain = residualBytes(plainLoss, ws, x), activation = BATCH * WIDTH * 8;
      console.log(`[checkpoint] residual bytes by policy: ${JSON.stringify(bytes)}, plain ${plain}`);
      expect(bytes.nothing).toBe(residualBytes(rematLoss, ws, x));
      // dotsSaveable keeps one product per layer on top of the blocks' inputs; everythingSaveable keeps what plain grad keeps.
      expect(bytes.dots).toBeGreaterThanOrEqual(bytes.nothing + (LAYERS - 1) * activation);
      expect(bytes.dots).toBeLessThan(plain);
      expect(bytes.dotsNoBatch).toBe(bytes.dots);
      expect(bytes.everything).toBeGreaterThan(bytes.dots);
      expect(bytes.everything).toBeLessThanOrEqual(plain);
    });

    it('dotsSaveable recomputes the elementwise work but not the forward products', () => {
      const rng = new Rng(24);
      const ws = params(rng), x = normalF64(rng, [BATCH, WIDTH]);
      const linOf = (loss: (w: P, v: Tensor) => Tensor) => linearizeFlat((...xs) => [loss(xs.slice(0, LAYERS), xs[LAYERS])], [...ws, x], 1).jaxpr;
      // Per layer the tangent program has two products (dx·w, x·dw); recomputing the forward adds one more.
      const nothing = countPrim(linOf(lossWith({ policy: checkpointPolicies.nothingSaveable })), 'dot_general');
      const dots = countPrim(linOf(lossWith({ policy: checkpointPolicies.dotsSaveable })), 'dot_general');
      expect(nothing).toBe(3 * LAYERS);
      expect(dots).toBe(2 * LAYERS);
      expect(String(makeJaxpr((v: Tensor) => checkpoint(block, { policy: checkpointPolicies.dotsSaveable })(v, ws.slice(0, BLOCK)))(x))).toContain('policy=dotsSaveable');
    });

    it('rejects a policy it does not understand, and names the options', () => {
      expectError(() => checkpoint(block, { policy: 'dots' as never }), errors.ArgumentError, 'checkpoint', 'policy', 'checkpointPolicies');
      expectError(() => checkpoint(block, { polcy: checkpointPolicies.dotsSaveable } as never), errors.ArgumentError, 'checkpoint', 'polcy');
    });
  });
});
