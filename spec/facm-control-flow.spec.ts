/**
 * FACM on control flow (issue 12 step 5): the Euler / Heun / N-step samplers are one scan (one
 * loop in one jitted program) and give the values of the unrolled loops they replaced; a training
 * step with { stepsPerCall: K } equals K single steps (keys folded from the step number) bit for
 * bit on the CPU.
 */
import { describe, expect, it } from 'vitest';
import { Tensor, data, facm, jit, nn, np, optim, random, treeLeaves, useBackend } from '../src/index.js';
import { host, relErr } from './helpers/check.js';

type Params = nn.TimeMlpParams;
const net = (p: Params): facm.Net => (x, c) => nn.timeMlp(p, x, c);
const params = nn.initTimeMlp(random.key(3), { dataDim: 2, hidden: 16, depth: 2, embedDim: 8 });
const at = (x: Tensor, t: number) => np.full([x.shape[0]], t, x.dtype);

// The loops the samplers were before they became scans: the oracle.
function eulerLoop(F: facm.Net, eps: Tensor, steps: number, anchor = false): Tensor {
  let x = eps;
  const dt = 1 / steps;
  for (let k = 0; k < steps; k++) { const t = k * dt; x = x.add(F(x, at(x, anchor ? 2 - t : t)).mul(dt)); }
  return x;
}
function heunLoop(F: facm.Net, eps: Tensor, steps: number, anchor = false): Tensor {
  const slope = (x: Tensor, t: number) => F(x, at(x, anchor ? 2 - t : t));
  let x = eps;
  const dt = 1 / steps;
  for (let k = 0; k < steps; k++) {
    const d0 = slope(x, k / steps);
    const d1 = slope(x.add(d0.mul(dt)), (k + 1) / steps);
    x = x.add(d0.add(d1).mul(dt / 2));
  }
  return x;
}
function stepsLoop(F: facm.Net, eps: Tensor, steps: number, key: Tensor): Tensor {
  let x = eps;
  for (let k = 0; k < steps; k++) {
    const t = k / steps;
    const xEnd = x.add(F(x, at(x, t)).mul(1 - t));
    if (k === steps - 1) return xEnd;
    const tn = (k + 1) / steps;
    x = xEnd.mul(tn).add(random.normal(random.foldIn(key, k), eps.shape, { dtype: eps.dtype }).mul(1 - tn));
  }
  return x;
}

describe('FACM samplers as one scan', () => {
  const eps = random.normal(random.key(5), [64, 2]);
  const F = net(params);

  it.each([1, 7, 25])('Euler, Heun (teacher and anchor branch) and N-step equal their loops (%i steps)', async (n) => {
    await useBackend('cpu');
    for (const anchor of [false, true]) {
      expect(relErr(host(facm.eulerSample(F, eps, n, { anchor })), host(eulerLoop(F, eps, n, anchor)))).toBeLessThan(1e-6);
      expect(relErr(host(facm.heunSample(F, eps, n, { anchor })), host(heunLoop(F, eps, n, anchor)))).toBeLessThan(1e-6);
    }
    const key = random.key(9);
    expect(relErr(host(facm.sampleSteps(F, eps, n, key)), host(stepsLoop(F, eps, n, key)))).toBeLessThan(1e-6);
  });

  it('a jitted 100-step Euler sampler is one program with one scan, not 100 copies of the network', async () => {
    await useBackend('cpu');
    const sample = jit((p: Params, e: Tensor) => facm.eulerSample(net(p), e, 100));
    const j = sample.lower(params, eps);
    expect(j.eqns.filter((e) => e.prim === 'scan').length).toBe(1);
    expect(j.eqns.filter((e) => e.prim === 'dot_general').length).toBe(0); // the network is inside the loop body
    expect(relErr(host(sample(params, eps)), host(eulerLoop(F, eps, 100)))).toBeLessThan(1e-6);
  });
});

describe('makeTrainStep with stepsPerCall', () => {
  const B = 32;
  const loss = (p: Params, _c: null, k: Tensor): [Tensor, Record<string, Tensor>] => {
    const [kx, ke, kt] = [0, 1, 2].map((i) => random.foldIn(k, i));
    const x = data.sampleDataset('8gaussians', kx, B).x, e = random.normal(ke, [B, 2]), t = facm.sampleTime(kt, B, 'uniform');
    const r = facm.teacherLoss(net(p), facm.interpolate(x, e, t), t, facm.velocity(x, e));
    return [r.loss, { half: r.loss.mul(0.5) }];
  };
  const opt = () => optim.chain(optim.clipByGlobalNorm(1), optim.adamw(1e-3, { weightDecay: 0 }));

  it('K steps per call equal K single calls with foldIn(key, step) keys, bit for bit on the CPU', async () => {
    await useBackend('cpu');
    const K = 5;
    const base = random.key(11);
    const single = facm.makeTrainStep(loss, opt(), optim.emaWarmup(0.99), 'single');
    const multi = facm.makeTrainStep(loss, opt(), optim.emaWarmup(0.99), 'multi', { stepsPerCall: K });
    let s1 = facm.initTrainState(params, opt(), np.zeros([]));
    const losses: number[] = [];
    for (let i = 0; i < 2 * K; i++) {
      const [next, m] = single(s1, null, random.foldIn(base, i));
      s1 = next;
      losses.push(host(m.loss)[0]);
    }
    let s2 = facm.initTrainState(params, opt(), np.zeros([]));
    const multiLosses: number[] = [];
    for (let c = 0; c < 2; c++) {
      const [next, m] = multi(s2, null, base);
      s2 = next;
      expect(m.loss.shape).toEqual([K]);
      expect(Array.from(host(m.half))).toEqual(Array.from(host(m.loss)).map((v) => Math.fround(v * 0.5)));
      multiLosses.push(...host(m.loss));
    }
    expect(multiLosses).toEqual(losses);
    expect(host(s2.step)[0]).toBe(2 * K);
    const leaves = (s: unknown) => (treeLeaves(s) as Tensor[]).map((t) => Array.from(host(t)));
    expect(leaves(s2)).toEqual(leaves(s1));
  });
});
