/**
 * fluxion's own sin/cos (src/compiler/sincos.ts), which the backend uses on adapters whose builtins
 * are too loose (SwiftShader in Chromium). Node's adapter (lavapipe) has accurate builtins, so here
 * the variant is forced with setKernelOptions to test it against Math.sin/Math.cos, NaN and ±Inf
 * included; spec/browser-suites.spec.ts tests the automatic choice on SwiftShader.
 */
import { afterAll, expect, it } from 'vitest';
import { jit, kernelsOf, lax, np, setKernelOptions, useBackend } from '../src/index.js';
import { getDevice } from '../src/backend/webgpu/device.js';
import { SIN_COS_TOLERANCE } from '../src/backend/webgpu/sincos-probe.js';
import { describeWebGPU } from './helpers/webgpu.js';

const grid = (lo: number, hi: number, n: number) => Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));

describeWebGPU('range-reduced sin/cos on WebGPU', () => {
  afterAll(() => setKernelOptions({}));

  it('the probe measured this adapter\'s builtins, and they are accurate here (lavapipe)', async () => {
    const { builtinSinCosError, adapterInfo } = await getDevice();
    expect(Number.isFinite(builtinSinCosError)).toBe(true);
    if (/llvmpipe|lavapipe/i.test(adapterInfo.description)) expect(builtinSinCosError).toBeLessThan(SIN_COS_TOLERANCE);
  });

  it.each([['sin', lax.sin, Math.sin], ['cos', lax.cos, Math.cos]] as const)('%s within 2e-7 of Math on [-1000, 1000], eager and jit', async (_n, f, ref) => {
    await useBackend('webgpu');
    setKernelOptions({ sinCos: 'fluxion' });
    const xs = grid(-1000, 1000, 200_001);
    for (const g of [f, jit(f)]) {
      const got = await g(np.array(xs)).data();
      let worst = 0;
      xs.forEach((x, i) => { worst = Math.max(worst, Math.abs(Number(got[i]) - ref(x))); });
      expect(worst).toBeLessThan(2e-7);
    }
  });

  it.each([['sin', lax.sin], ['cos', lax.cos]] as const)('%s of NaN, ±Inf is NaN; of ±0 is the CPU interpreter\'s', async (name, f) => {
    await useBackend('webgpu');
    setKernelOptions({ sinCos: 'fluxion' });
    const got = Array.from(await f(np.array(Float32Array.from([NaN, Infinity, -Infinity, 0, -0]))).data()).map(Number);
    expect(got.slice(0, 3)).toEqual([NaN, NaN, NaN]);
    expect(got.slice(3)).toEqual(name === 'sin' ? [0, -0] : [1, 1]);
  });

  it('the variant option reaches the generated code (so the checks above test fluxion\'s sin/cos, not the builtin)', async () => {
    await useBackend('webgpu');
    setKernelOptions({ sinCos: 'builtin' });
    const wgsl = kernelsOf(jit(lax.sin), np.array([1, 2])).map((k) => k.wgsl).join('\n');
    expect(wgsl).not.toContain('fx_sincos_r');
    setKernelOptions({ sinCos: 'fluxion' });
    const wgsl2 = kernelsOf(jit(lax.sin), np.array([1, 2])).map((k) => k.wgsl).join('\n');
    expect(wgsl2).toContain('fx_sincos_r');
  });
});
