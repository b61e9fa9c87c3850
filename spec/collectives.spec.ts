/**
 * Collectives over a named vmap axis (JAX's axis_name): lax.psum, pmean, pmax, pmin, axisIndex
 * against their whole-array equivalents (sum/mean/max over axis 0), through jit inside and
 * outside the vmap, nested vmaps with two names, scan bodies, grad inside and outside the vmap
 * (float64, against the gradient of the whole-batch function), and named errors for unbound names.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { np, lax, vmap, jit, grad, jvp, useBackend, errors, type Tensor } from '../src/index.js';
import { Rng, host, maxScaledDiff, normalF64 } from './helpers/check.js';
import { expectError } from './helpers/expect-error.js';
import { describeWebGPU } from './helpers/webgpu.js';

beforeEach(async () => { await useBackend('cpu'); });
const named = <T>(f: (v: Tensor) => T, axisName = 'i') => vmap(f, { axisName }) as (x: Tensor) => T;

describe('collectives over a named vmap axis', () => {
  const rng = new Rng(21);
  const x = normalF64(rng, [5, 3]);
  const close = (a: Tensor, b: Tensor) => expect(maxScaledDiff(host(a), host(b))).toBeLessThan(1e-14);
  const rows = (t: Tensor) => np.broadcastTo(t, [5, 3]);

  it('psum, pmean, pmax, pmin equal the reductions over the mapped axis; axisIndex numbers the members', () => {
    close(named((v) => lax.psum(v, 'i'))(x), rows(x.sum(0)));
    close(named((v) => v.sub(lax.pmean(v, 'i')))(x), x.sub(x.mean(0)));
    close(named((v) => lax.pmax(v, 'i'))(x), rows(x.max(0)));
    close(named((v) => lax.pmin(v, 'i'))(x), rows(x.min(0)));
    close(named((v) => v.mul(lax.axisIndex('i')))(x), x.mul(np.arange(5).astype('float64').reshape([5, 1])));
    // Unbatched operand: every member holds it, so the sum is size·value.
    close(named((v) => v.add(lax.psum(np.array(2, 'float64'), 'i')))(x), x.add(10));
    // A pytree is reduced leafwise.
    const { a, b } = named((v) => lax.psum({ a: v, b: v.mul(2) }, 'i'))(x);
    close(a, rows(x.sum(0))); close(b, rows(x.sum(0).mul(2)));
  });

  it('jit inside or outside the vmap, a scan body, and two nested names', () => {
    const centre = (v: Tensor) => v.sub(lax.pmean(v, 'i'));
    close(named(jit(centre))(x), x.sub(x.mean(0)));
    close(jit(named(centre))(x), x.sub(x.mean(0)));
    const scanned = named((v) => lax.scan((c: Tensor, _: Tensor) => [c.add(lax.psum(v, 'i')), c], np.zeros([3], 'float64'), np.zeros([4], 'float64'))[0]);
    close(scanned(x), rows(x.sum(0).mul(4)));
    // Rows mapped as 'i', their elements as 'j': psum over 'i' sums columns, over 'j' rows.
    const both = named((row: Tensor) => vmap((e: Tensor) => lax.psum(e, 'i').add(lax.psum(e, 'j').mul(100)), { axisName: 'j' })(row));
    close(both(x), np.add(x.sum(0).reshape([1, 3]), x.sum(1).mul(100).reshape([5, 1])));
  });

  it('grad inside and outside the vmap equals the gradient of the whole-batch function (psum transposes to psum)', () => {
    const perMember = (v: Tensor) => v.sub(lax.pmean(v, 'i')).square().sum().add(lax.pmax(v, 'i').sum());
    const whole = (X: Tensor) => X.sub(X.mean(0)).square().sum().add(X.max(0).sum().mul(5));
    const want = grad(whole)(x);
    close(grad((X: Tensor) => named(perMember)(X).sum())(x), want);
    close(named(grad(perMember))(x), want);
    // jvp through pmean: the centred tangent.
    const t = normalF64(rng, [5, 3]);
    const [, dy] = jvp(named((v) => v.sub(lax.pmean(v, 'i'))), [x], [t]);
    close(dy as Tensor, t.sub(t.mean(0)));
  });

  it('an axis name no vmap binds is a named error, eager, under jit and in another vmap', () => {
    expectError(() => lax.psum(np.array([1]), 'i'), errors.ArgumentError, "'i' is not bound", 'axisName');
    expectError(() => jit((v: Tensor) => lax.pmean(v, 'i'))(np.array([1])), errors.ArgumentError, "'i' is not bound");
    expectError(() => named((v) => lax.psum(v, 'j'))(x), errors.ArgumentError, "'j' is not bound");
    expectError(() => lax.axisIndex('k'), errors.ArgumentError, 'lax.axisIndex', "'k'");
    expectError(() => lax.psum(np.array([1]), ''), errors.ArgumentError, 'non-empty string');
    expectError(() => vmap((v: Tensor) => v, { axisName: 3 as never }), errors.ArgumentError, 'axisName');
  });
});

describeWebGPU('collectives on WebGPU', () => {
  it('a jitted vmap with psum and pmean equals the CPU on fresh inputs', async () => {
    const rng = new Rng(4);
    const data = Float32Array.from({ length: 64 * 8 }, () => rng.normal());
    const f = jit(named((v: Tensor) => v.sub(lax.pmean(v, 'i')).div(lax.psum(v.square(), 'i').sqrt())));
    const cpu = await f(np.array(data, { shape: [64, 8] })).data();
    await useBackend('webgpu');
    const gpu = await f(np.array(data, { shape: [64, 8] })).data();
    expect(maxScaledDiff(gpu as Float32Array, cpu as Float32Array)).toBeLessThan(1e-5);
    expectError(() => jit((v: Tensor) => lax.psum(v, 'i'))(np.ones([2])), errors.ArgumentError, "'i' is not bound");
  });
});
